//! `/widget/frame`: the page inside the widget's iframe. It loads the
//! widget's own small bundle and stylesheet (not the inbox's), which
//! render the chat in the browser; the key and the host page's details come from the loader.

use crate::security::CspNonce;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Extension;

pub const PATH: &str = "/widget/frame";

pub async fn frame(Extension(CspNonce(nonce)): Extension<CspNonce>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        FRAME_PAGE.replace("{{NONCE}}", &nonce),
    )
}

const FRAME_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chat</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/widget/widget.css">
  <link rel="modulepreload" href="/widget/widget.js">
</head>
<body class="widget-page">
  <script type="module" nonce="{{NONCE}}">import start from "/widget/widget.js"; start();</script>
</body>
</html>
"#;
