//! `/widget/frame`: the page inside the widget's iframe. It loads the
//! widget's own small bundle and stylesheet (not the inbox's), which
//! render the chat in the browser; the key and the host page's details come from the loader.

use crate::assets::WidgetFiles;
use crate::security::CspNonce;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Extension;

pub const PATH: &str = "/widget/frame";

/// The page, linking the widget's files under their versioned URLs (so a
/// browser keeps them until they change).
pub async fn frame(
    Extension(CspNonce(nonce)): Extension<CspNonce>,
    files: WidgetFiles,
) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        FRAME_PAGE
            .replace("{{NONCE}}", &nonce)
            .replace("{{STYLESHEET}}", &files.stylesheet)
            .replace("{{SCRIPT}}", &files.script)
            .replace("{{BUNDLE}}", &files.bundle),
    )
}

const FRAME_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Chat</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="{{STYLESHEET}}">
  <link rel="modulepreload" href="{{SCRIPT}}">
</head>
<body class="widget-page">
  <script type="module" nonce="{{NONCE}}">import start from "{{SCRIPT}}"; start({ module_or_path: "{{BUNDLE}}" });</script>
</body>
</html>
"#;
