//! Text written into the HTML the server makes (the API's documentation
//! page, the widget's pre-chat form).

/// `text` as HTML shows it, in an element or in a quoted attribute.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
