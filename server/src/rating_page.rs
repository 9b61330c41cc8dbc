//! `/rate/{number}`: the page the links in a resolved e-mail ticket's mail
//! open (`?score=N&t=…`, the token signed for that conversation alone).
//! Opening a link records nothing (mail scanners open links too): the page
//! shows the question with the picked face pressed and a comment box, and
//! the customer's Send (or another face) records it. It needs no script:
//! each face is a submit button of one form.

use crate::assets::WidgetFiles;
use crate::html::escape;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Form;
use serde::Deserialize;
use std::fmt::Write;
use switchboard_core::clock::{now_ms, parse_rfc3339};
use switchboard_core::types::{describe_score, RatingDraft, RatingRequest};
use switchboard_core::Error;

pub const PATH: &str = "/rate/{number}";

#[derive(Deserialize)]
pub struct Link {
    #[serde(default)]
    score: Option<String>,
    #[serde(default)]
    t: String,
}

#[derive(Deserialize)]
pub struct Answer {
    #[serde(default)]
    score: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    t: String,
}

/// The page of a link: the question, the face picked in the mail pressed.
pub async fn show(
    files: WidgetFiles,
    State(state): State<AppState>,
    Path(number): Path<i64>,
    Query(link): Query<Link>,
) -> impl IntoResponse {
    let picked = link.score.as_deref().and_then(|s| s.parse().ok());
    match state
        .switchboard
        .rating_request_by_link(number, &link.t)
        .await
    {
        Ok(asked) => page(StatusCode::OK, &files, &form(&asked, picked, &link.t, None)),
        Err(e) => failure(&files, &e),
    }
}

/// The customer's answer: recorded, then the page again with thanks.
pub async fn answer(
    files: WidgetFiles,
    State(state): State<AppState>,
    Path(number): Path<i64>,
    Form(answer): Form<Answer>,
) -> impl IntoResponse {
    let Ok(score) = answer.score.trim().parse::<i64>() else {
        return failure(
            &files,
            &Error::Invalid("pick a face from 1 (very bad) to 5 (great)".into()),
        );
    };
    let draft = RatingDraft {
        score,
        comment: Some(answer.comment),
    };
    match state
        .switchboard
        .rate_by_link(number, &answer.t, &draft)
        .await
    {
        Ok(rated) => {
            let thanks = format!(
                "Thank you! You rated it {}.",
                describe_score(rated.rating.as_ref().map_or(score, |r| r.score))
            );
            page(
                StatusCode::OK,
                &files,
                &form(&rated, None, &answer.t, Some(&thanks)),
            )
        }
        Err(e) => failure(&files, &e),
    }
}

/// The question as a form: a submit button per face (the rating given,
/// else `picked`, pressed), the comment, and Send with the pressed score.
fn form(asked: &RatingRequest, picked: Option<i64>, token: &str, said: Option<&str>) -> String {
    let given = asked.rating.as_ref();
    let pressed = given.map(|r| r.score).or(picked);
    // A rating older than a week stays as it is.
    let closed = given
        .and_then(|r| parse_rfc3339(&r.changeable_until))
        .is_some_and(|until| until < now_ms());
    let disabled = if closed { " disabled" } else { "" };
    let mut html = format!(
        r#"<form class="rating" method="post" data-testid="rating-page"><p class="rating-question" id="rating-question">{}</p><input type="hidden" name="t" value="{}"><div class="rating-faces" role="group" aria-labelledby="rating-question">"#,
        escape(&asked.question),
        escape(token)
    );
    for choice in &asked.choices {
        let _ = write!(
            html,
            r#"<button type="submit" name="score" value="{}" class="rating-face" title="{}" aria-label="{} of 5: {}" aria-pressed="{}"{disabled}>{}</button>"#,
            choice.score,
            escape(&choice.label),
            choice.score,
            escape(&choice.label),
            pressed == Some(choice.score),
            escape(&choice.face)
        );
    }
    html.push_str("</div>");
    let comment = given.and_then(|r| r.comment.as_deref()).unwrap_or_default();
    let _ = write!(
        html,
        r#"<div class="rating-comment"><label for="comment" class="small">Anything to add? (optional)</label><textarea id="comment" name="comment" rows="3" maxlength="1000"{disabled}>{}</textarea></div>"#,
        escape(comment)
    );
    if let (Some(score), false) = (pressed, closed) {
        let _ = write!(
            html,
            r#"<button type="submit" name="score" value="{score}" class="button primary">Send</button>"#
        );
    }
    if let Some(said) = said {
        let _ = write!(
            html,
            r#"<p class="small" role="status">{}</p>"#,
            escape(said)
        );
    }
    if let (Some(rating), false) = (given, closed) {
        let _ = write!(
            html,
            r#"<p class="small muted">You can change your answer until {}.</p>"#,
            escape(rating.changeable_until.get(..10).unwrap_or_default())
        );
    }
    html.push_str("</form>");
    html
}

/// A refusal, in the customer's words, with the status the API gives it.
fn failure(files: &WidgetFiles, e: &Error) -> Page {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let text = match e {
        Error::NotFound(_) => {
            "This link is not one of ours, or its conversation is gone.".to_string()
        }
        other => {
            let message = other.public_message();
            let mut chars = message.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        }
    };
    page(
        status,
        files,
        &format!(
            r#"<p class="form-error" role="alert">{}.</p>"#,
            escape(text.trim_end_matches('.'))
        ),
    )
}

/// A page as sent: its status, headers and HTML.
type Page = (StatusCode, [(header::HeaderName, &'static str); 2], String);

fn page(status: StatusCode, files: &WidgetFiles, body: &str) -> Page {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        RATING_PAGE
            .replace("{{STYLESHEET}}", &files.stylesheet)
            .replace("{{RATING_STYLE}}", &files.rating_style)
            .replace("{{BODY}}", body),
    )
}

const RATING_PAGE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>How did we do?</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="{{STYLESHEET}}">
  <link rel="stylesheet" href="{{RATING_STYLE}}">
</head>
<body class="rating-page">
  <main>{{BODY}}</main>
</body>
</html>
"#;
