//! What keeps other sites out: the cross-origin check on every request that
//! changes something, the agent socket's origin check, one body limit for
//! the whole router, and the security headers of every page (a
//! Content-Security-Policy with a fresh nonce per page for Leptos's
//! hydration scripts, clickjacking and sniffing protection).

use crate::api::ApiError;
use crate::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;

/// The largest request body any route reads…
pub const BODY_LIMIT: usize = 64 * 1024;
/// …but inbound e-mail, which may carry attachments (as large as its
/// parser takes).
pub const INBOUND_MAIL_LIMIT: usize = switchboard_core::email::MAX_INBOUND_BYTES;
const INBOUND_MAIL_PATH: &str = "/api/v1/inbound/email";
/// …and files uploaded (see `api::attachments::UPLOAD_LIMIT`), also with
/// the message they go with (`MESSAGE_FORM_LIMIT`)…
/// …and a CSV file of customers to import (see
/// `contact_import::MAX_IMPORT_BYTES`), over the API or from the inbox's
/// dialog (as JSON, its escapes a little longer).
pub const CONTACT_IMPORT_LIMIT: usize = switchboard_core::contact_import::MAX_IMPORT_BYTES
    + switchboard_core::contact_import::MAX_IMPORT_BYTES / 2;
const CONTACT_IMPORT_PATHS: [&str; 2] = [
    "/api/v1/contacts/import",
    <app::server::ImportContacts as leptos::server_fn::ServerFn>::PATH,
];

/// The customer's side: authenticated by the contact token in a header (no
/// cookie), and reached from other sites on purpose; inbound e-mail comes
/// from mail servers.
const CROSS_SITE_DOORS: [&str; 2] = ["/api/v1/widget/", "/api/v1/inbound/"];

/// Whether an unsafe request (POST, PUT, PATCH, DELETE) may have come from
/// another site's page. Browsers say where a request comes from on every
/// unsafe request (`Sec-Fetch-Site`, `Origin`); a request with neither
/// comes from a program, not from a page, so no one's cookie is abused.
/// A Bearer token without a session cookie is an integration's call, from
/// wherever it runs.
pub fn cross_site(method: &Method, headers: &HeaderMap, public_url: Option<&str>) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    if bearer && !has_session_cookie(headers) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        // `none`: the person typed or bookmarked it.
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match headers.get(header::ORIGIN) {
        Some(origin) => !own_origin(origin, headers, public_url),
        None => false,
    }
}

fn has_session_cookie(headers: &HeaderMap) -> bool {
    axum_extra::extract::CookieJar::from_headers(headers)
        .get(app::SESSION_COOKIE)
        .is_some()
}

/// Whether `origin` is Switchboard's own: the public URL's, or the host the
/// request was sent to (a page of another site cannot send the victim's
/// browser to this host with another `Host`).
pub fn own_origin(origin: &HeaderValue, headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if public_url.is_some_and(|url| url.trim_end_matches('/').eq_ignore_ascii_case(origin)) {
        return true;
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// Refuses unsafe requests from other sites' pages (403 `forbidden_origin`),
/// on every door but the customer's and the mail server's: the API, the
/// server functions behind the UI, the pages.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let exempt = CROSS_SITE_DOORS.iter().any(|door| path.starts_with(door));
    if !exempt
        && cross_site(
            request.method(),
            request.headers(),
            state.public_url.as_deref(),
        )
    {
        tracing::info!(path, "refused a request from another site's page");
        return ApiError::forbidden_origin().into_response();
    }
    next.run(request).await
}

/// One body limit for the whole router (413 beyond it): a declared length
/// over it is refused before anything is read, and a body without one is
/// cut off there, so no door reads a large body whole.
pub async fn limit_bodies(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let limit = if path == INBOUND_MAIL_PATH {
        INBOUND_MAIL_LIMIT
    } else if CONTACT_IMPORT_PATHS.contains(&path) {
        CONTACT_IMPORT_LIMIT
    } else if crate::api::attachments::UPLOAD_PATHS.contains(&path) {
        crate::api::attachments::UPLOAD_LIMIT
    } else if crate::api::attachments::is_message_path(path)
        && crate::api::attachments::is_form(request.headers())
    {
        crate::api::attachments::MESSAGE_FORM_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return too_large(limit).into_response();
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
}

pub fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::PAYLOAD_TOO_LARGE,
        switchboard_types::ErrorCode::PayloadTooLarge,
        format!("the request body is larger than {} KiB", limit / 1024),
    )
}

/// A fresh value per page, allowed to run the page's own inline scripts
/// (Leptos's hydration) and nothing else inline.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

impl CspNonce {
    fn fresh() -> Self {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        CspNonce(hex::encode(bytes))
    }
}

/// What the pages may load: their own scripts (and the one inline module
/// that starts hydration, by its nonce), WASM, styles (Leptos writes
/// `style` attributes), images, and connections to this server.
fn page_policy(nonce: &str, frame_ancestors: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         font-src 'self'; media-src 'self' data: blob:; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// Sets the security headers: `nosniff` on everything; on pages a
/// Content-Security-Policy (nonce per response), no framing by other sites
/// (the widget's frame: only by the sites allowed to embed it), and no
/// referrer to another site (a `/join?token=` must not leak). Our own
/// pages still name themselves to us: a form sent before the page's script
/// runs comes back to the page it was sent from, saying what went wrong.
pub async fn security_headers(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::fresh();
    request.extensions_mut().insert(nonce.clone());
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // The demo shop stands for a customer's own site: its headers are theirs.
    if !html || path == "/demo" || headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        return response;
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    let policy = if path == crate::widget_frame::PATH {
        let ancestors = match state.switchboard.widget_allowed_origins().await {
            Ok(origins) if !origins.is_empty() => origins.join(" "),
            Ok(_) => "*".to_string(),
            Err(e) => {
                tracing::warn!(error = %e, "reading the widget's allowed sites failed");
                "'none'".to_string()
            }
        };
        page_policy(&nonce.0, &ancestors)
    } else {
        headers.insert(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        );
        page_policy(&nonce.0, "'self'")
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    const COOKIE: (&str, &str) = ("cookie", "switchboard_session=abc");
    const HOST: (&str, &str) = ("host", "inbox.example.com");

    #[test]
    fn pages_of_other_sites_cannot_change_anything() {
        let post = Method::POST;
        // A form or fetch on a sibling site or another port.
        for foreign in [
            headers(&[COOKIE, HOST, ("origin", "https://evil.example.com")]),
            headers(&[COOKIE, HOST, ("origin", "http://inbox.example.com:8080")]),
            headers(&[COOKIE, HOST, ("origin", "null")]),
            headers(&[
                COOKIE,
                HOST,
                ("sec-fetch-site", "same-site"),
                ("origin", "https://inbox.example.com"),
            ]),
            headers(&[COOKIE, HOST, ("sec-fetch-site", "cross-site")]),
            // A Bearer header does not excuse a cookie-carrying request.
            headers(&[
                COOKIE,
                HOST,
                ("authorization", "Bearer x"),
                ("origin", "https://evil.example.com"),
            ]),
            // Nor does a login without a cookie (login CSRF).
            headers(&[HOST, ("origin", "https://evil.example.com")]),
        ] {
            assert!(cross_site(&post, &foreign, None), "{foreign:?}");
        }
        // Reading is not changing.
        let foreign = headers(&[COOKIE, HOST, ("origin", "https://evil.example.com")]);
        assert!(!cross_site(&Method::GET, &foreign, None));
    }

    #[test]
    fn switchboards_own_pages_and_programs_may() {
        let post = Method::POST;
        for own in [
            headers(&[COOKIE, HOST, ("origin", "https://inbox.example.com")]),
            headers(&[COOKIE, HOST, ("origin", "http://inbox.example.com")]),
            headers(&[
                COOKIE,
                HOST,
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://inbox.example.com"),
            ]),
            // A program: no browser headers at all.
            headers(&[COOKIE, HOST]),
            // An integration's Bearer token, from any site's page.
            headers(&[
                HOST,
                ("authorization", "Bearer x"),
                ("origin", "https://crm.example.net"),
            ]),
        ] {
            assert!(!cross_site(&post, &own, None), "{own:?}");
        }
        // Behind a proxy that rewrites Host, the public URL says who we are.
        let proxied = headers(&[
            COOKIE,
            ("host", "10.0.0.5:3000"),
            ("origin", "https://help.example.com"),
        ]);
        assert!(cross_site(&post, &proxied, None));
        assert!(!cross_site(
            &post,
            &proxied,
            Some("https://help.example.com/")
        ));
    }
}
