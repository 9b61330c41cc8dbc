//! `/widget/frame`: the page inside the widget's iframe. It loads the
//! widget's own small bundle and stylesheet (not the inbox's), which
//! render the chat in the browser; the key and the host page's details come from the loader.
//! The pre-chat form, when admins set one, comes with the page as a
//! `<template>` the chat shows when the customer is asked: drawn here, it
//! costs the widget's bundle nothing. So does uploading: the page's few
//! lines take the paperclip, a pasted screenshot or a drop on the chat, and
//! load the uploading script (`public/widget-uploads.js`) the first time.
//! And the question after a resolve: when the chat shows its place for it,
//! the page loads `public/widget-rating.js`, which asks and sends.

use crate::assets::WidgetFiles;
use crate::html::escape;
use crate::security::CspNonce;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Extension;
use std::fmt::Write;
use switchboard_core::types::PrechatForm;
use switchboard_core::Switchboard;

pub const PATH: &str = "/widget/frame";

/// The page, linking the widget's files under their versioned URLs (so a
/// browser keeps them until they change).
pub async fn frame(
    Extension(CspNonce(nonce)): Extension<CspNonce>,
    files: WidgetFiles,
    switchboard: Switchboard,
) -> impl IntoResponse {
    let prechat = match switchboard.prechat_form().await {
        Ok(form) => form
            .map(|form| prechat_template(&form, &nonce))
            .unwrap_or_default(),
        Err(e) => {
            // The chat still opens, without asking first.
            tracing::warn!(error = %e, "reading the pre-chat form failed");
            String::new()
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        FRAME_PAGE
            .replace("{{NONCE}}", &nonce)
            .replace("{{STYLESHEET}}", &files.stylesheet)
            .replace("{{SCRIPT}}", &files.script)
            .replace("{{BUNDLE}}", &files.bundle)
            .replace("{{UPLOADS}}", &files.uploads)
            .replace("{{RATING}}", &files.rating)
            .replace("{{RATING_STYLE}}", &files.rating_style)
            .replace("{{PRECHAT}}", &prechat),
    )
}

/// The pre-chat form as HTML (every text escaped): a field per question,
/// each sent under its name, the consent, Start the chat, and Skip when
/// the form may be skipped.
fn prechat_template(form: &PrechatForm, nonce: &str) -> String {
    let required = if form.required { " required" } else { "" };
    let mut html = format!(
        r#"<template id="prechat"{}><form class="widget-offline widget-prechat" data-testid="widget-prechat"><p class="small">Before we start, tell us a little about you.</p>"#,
        if form.required {
            r#" data-required="true""#
        } else {
            ""
        }
    );
    for field in &form.fields {
        let (id, name) = (
            escape(&format!("prechat-{}", field.name)),
            escape(&field.name),
        );
        let _ = write!(
            html,
            r#"<label for="{id}">{}</label>"#,
            escape(&field.label)
        );
        let choices: Vec<(String, String)> = match field.input.as_str() {
            "yes_no" => vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            "list" => field
                .options
                .iter()
                .map(|o| (o.clone(), o.clone()))
                .collect(),
            _ => Vec::new(),
        };
        if choices.is_empty() {
            let _ = write!(
                html,
                r#"<input id="{id}" name="{name}" type="{}"{required}>"#,
                escape(&field.input)
            );
        } else {
            let _ = write!(
                html,
                r#"<select id="{id}" name="{name}"{required}><option value="">—</option>"#
            );
            for (value, shown) in choices {
                let _ = write!(
                    html,
                    r#"<option value="{}">{}</option>"#,
                    escape(&value),
                    escape(&shown)
                );
            }
            html.push_str("</select>");
        }
    }
    if let Some(consent) = &form.consent {
        let _ = write!(
            html,
            r#"<label class="check"><input type="checkbox" name="consent" required data-testid="widget-prechat-consent"> {}"#,
            escape(consent)
        );
        if let Some(url) = &form.consent_url {
            let _ = write!(
                html,
                r#" <a href="{}" target="_blank" rel="noopener noreferrer">(read it)</a>"#,
                escape(url)
            );
        }
        html.push_str("</label>");
    }
    html.push_str(r#"<button type="submit" class="button primary" data-testid="widget-prechat-start">Start the chat</button>"#);
    if !form.required {
        html.push_str(r#"<button type="button" class="button" data-testid="widget-prechat-skip" data-skip="true">Skip</button>"#);
    }
    html.push_str("</form></template>");
    html.push_str(&PRECHAT_SCRIPT.replace("{{NONCE}}", nonce));
    html
}

/// Puts the form into the chat's place for it (`#prechat-slot`, there
/// while the customer is asked; it carries their token) and sends the
/// answers; once taken, or skipped, the form goes and the chat is theirs.
/// A refusal says why, with the answers kept.
const PRECHAT_SCRIPT: &str = r#"<script type="module" nonce="{{NONCE}}">
const t = document.getElementById("prechat");
const fill = () => {
  const slot = document.getElementById("prechat-slot");
  if (!slot || slot.querySelector("form") || slot.dataset.done) return;
  slot.append(t.content.cloneNode(true));
  const form = slot.querySelector("form"), send = form.querySelector("[type=submit]");
  if (t.dataset.required) form.dataset.required = "1";
  const done = () => { slot.dataset.done = "1"; form.remove(); };
  const say = (text) => {
    const line = form.querySelector("[role=alert]") || form.insertBefore(document.createElement("p"), form.firstChild);
    line.className = "form-error";
    line.setAttribute("role", "alert");
    line.textContent = text;
  };
  form.querySelector("[data-skip]")?.addEventListener("click", done);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form), consent = data.has("consent");
    data.delete("consent");
    send.disabled = true;
    try {
      const r = await fetch("/api/v1/widget/prechat", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Contact-Token": slot.dataset.token },
        body: JSON.stringify({ answers: Object.fromEntries(data), consent }),
      });
      if (r.ok) return done();
      say((await r.json()).error.message);
    } catch { say("Cannot reach the chat right now; please try again."); }
    send.disabled = false;
  });
};
new MutationObserver(fill).observe(document.body, { childList: true, subtree: true });
</script>"#;

/// The frame's page. Its first script takes the files: the chat's
/// paperclip (`[data-attach]`), a paste with files, or a drop; while the
/// chat has its place for them (`#uploads-slot`) they go to the uploading
/// script, loaded the first time it is needed; and when the chat shows the
/// place for the question after a resolve (`#rating-slot`), the rating
/// script fills it. The second starts the chat.
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
  {{PRECHAT}}
  <script type="module" nonce="{{NONCE}}">
  const script = "{{UPLOADS}}", rating = "{{RATING}}", ratingStyle = "{{RATING_STYLE}}";
  let uploading;
  const add = (files) => {
    if (!files.length || !document.getElementById("uploads-slot")) return;
    (uploading ||= import(script)).then((m) => m.add(files));
  };
  const pick = Object.assign(document.createElement("input"), { type: "file", multiple: true, hidden: true });
  pick.dataset.testid = "widget-attach-input";
  pick.addEventListener("change", () => { add([...pick.files]); pick.value = ""; });
  document.body.append(pick);
  document.addEventListener("click", (e) => { if (e.target.closest?.("[data-attach]")) pick.click(); });
  document.addEventListener("paste", (e) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length) { e.preventDefault(); add(files); }
  });
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => { e.preventDefault(); add([...(e.dataTransfer?.files ?? [])]); });
  new MutationObserver(() => {
    const slot = document.getElementById("rating-slot");
    if (slot?.dataset.rating && !slot.dataset.asked) { slot.dataset.asked = 1; import(rating).then((m) => m.ask(slot, ratingStyle)); }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-rating"] });
  </script>
  <script type="module" nonce="{{NONCE}}">import start from "{{SCRIPT}}"; start({ module_or_path: "{{BUNDLE}}" });</script>
</body>
</html>
"#;
