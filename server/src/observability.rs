//! Logs, metrics and health.

use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line, for log collectors.
    Json,
}

/// Logs go to standard error; `RUST_LOG` picks what is shown.
pub fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// `GET /healthz`: 200 once the store answers.
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.switchboard.last_event_id().await {
        Ok(_) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: the store does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// `GET /metrics`: Prometheus text format, for this machine (loopback)
/// or for whoever sends the metrics token as a Bearer token. Behind a
/// trusted proxy on this machine, "this machine" is the address the proxy
/// saw, not the proxy's own.
pub async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    let allowed = match &state.metrics_token {
        Some(token) => headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| {
                use subtle::ConstantTimeEq;
                bool::from(given.trim().as_bytes().ct_eq(token.as_bytes()))
            }),
        None => state
            .rate_limits
            .client_of(&headers, Some(peer))
            .is_loopback(),
    };
    if !allowed {
        return crate::api::ApiError::new(
            StatusCode::FORBIDDEN,
            switchboard_types::ErrorCode::Forbidden,
            "the metrics are for this machine, or for whoever has the metrics token",
        )
        .into_response();
    }
    match &state.metrics {
        Some(handle) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4",
            )],
            handle.render(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "metrics are not enabled").into_response(),
    }
}

pub async fn count_requests(request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let response = next.run(request).await;
    metrics::counter!(
        "switchboard_http_requests_total",
        "method" => method,
        "status" => response.status().as_u16().to_string()
    )
    .increment(1);
    response
}

/// Counts an open WebSocket for as long as it lives.
pub struct OpenConnection {
    kind: &'static str,
}

impl OpenConnection {
    pub fn new(kind: &'static str) -> Self {
        metrics::gauge!("switchboard_open_connections", "kind" => kind).increment(1.0);
        OpenConnection { kind }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        metrics::gauge!("switchboard_open_connections", "kind" => self.kind).decrement(1.0);
    }
}
