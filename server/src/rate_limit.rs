//! Rate limits per client address on the doors anyone can knock on: the
//! widget API (and its stream), inbound e-mail and logging in. A client over
//! its limit gets a 429 with `Retry-After`, and the rest are not slowed.
//! Logging in and using an invitation or reset link count too.

use crate::api::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use switchboard_types::ErrorCode;

/// The paths that are limited (everything under them).
const LIMITED: [&str; 4] = [
    "/api/v1/widget/",
    "/api/v1/inbound/",
    "/api/v1/auth/login",
    "/api/v1/join",
];

#[derive(Clone)]
pub struct RateLimits {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Behind a reverse proxy every client has the proxy's address: then
    /// the first `X-Forwarded-For` address counts.
    trust_forwarded: bool,
}

impl RateLimits {
    /// `per_minute` requests a minute from one address, all of them at once
    /// if need be.
    pub fn new(per_minute: NonZeroU32, trust_forwarded: bool) -> Self {
        RateLimits {
            limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
            trust_forwarded,
        }
    }

    fn client(&self, request: &Request) -> IpAddr {
        let forwarded = self
            .trust_forwarded
            .then(|| request.headers().get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|ip| ip.trim().parse().ok());
        forwarded
            .or_else(|| {
                request
                    .extensions()
                    .get::<ConnectInfo<SocketAddr>>()
                    .map(|c| c.0.ip())
            })
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    /// Forgets addresses that have been quiet (keeps memory flat).
    pub async fn forget_quiet_clients(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
        }
    }
}

pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !LIMITED.iter().any(|prefix| path.starts_with(prefix)) {
        return next.run(request).await;
    }
    let limits = &state.rate_limits;
    match limits.limiter.check_key(&limits.client(&request)) {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1);
            let mut response = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                format!("Too many requests from your address; try again in {wait} s."),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}
