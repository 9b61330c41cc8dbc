//! `/widget/frame`: the page inside the widget's iframe. It loads the
//! widget's own small bundle and stylesheet (not the inbox's), which
//! render the chat in the browser; the key and the host page's details come from the loader.

use axum::http::header;
use axum::response::IntoResponse;

pub async fn frame() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        FRAME_PAGE,
    )
}

const FRAME_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chat</title>
  <link rel="stylesheet" href="/widget/widget.css">
  <link rel="modulepreload" href="/widget/widget.js">
</head>
<body class="widget-page">
  <script type="module">import start from "/widget/widget.js"; start();</script>
</body>
</html>
"#;
