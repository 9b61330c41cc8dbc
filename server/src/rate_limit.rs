//! Rate limits per client address on the doors anyone can knock on: the
//! widget API (and its stream), inbound e-mail and the rating page of
//! mailed links; and, tighter, every door
//! that checks a password or a link (the API's and the UI's alike). A client
//! over its limit gets a 429 with `Retry-After`, and the rest are not
//! slowed. (Failed logins are also slowed per account, whatever the
//! address: that rule is the login use case's own.)

use crate::api::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use leptos::server_fn::ServerFn;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// Paths limited per address (everything under them).
const LIMITED: [&str; 3] = ["/api/v1/widget/", "/api/v1/inbound/", "/rate/"];

/// The doors that check a password or a link, in the API and as server
/// functions: limited tighter, per address.
fn checks_a_secret(path: &str) -> bool {
    [
        "/api/v1/auth/login",
        "/api/v1/join",
        app::server::LogIn::PATH,
        app::server::JoinWithLink::PATH,
        app::server::JoinLinkPreview::PATH,
        app::server::SetUpFirstAdmin::PATH,
    ]
    .contains(&path)
}

#[derive(Clone)]
pub struct RateLimits {
    doors: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    secrets: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    /// Behind a reverse proxy every client has the proxy's address: then
    /// the address the proxy saw counts (the right-most `X-Forwarded-For`
    /// entry; those left of it are whatever the client wrote).
    trust_forwarded: bool,
}

impl RateLimits {
    /// `per_minute` requests a minute from one address to the widget API
    /// and inbound e-mail, `logins_per_minute` tries of a password or link,
    /// all of them at once if need be.
    pub fn new(
        per_minute: NonZeroU32,
        logins_per_minute: NonZeroU32,
        trust_forwarded: bool,
    ) -> Self {
        RateLimits::with_quotas(
            Quota::per_minute(per_minute),
            Quota::per_minute(logins_per_minute),
            trust_forwarded,
        )
    }

    /// Any quotas (tests take slower ones, so their counts do not depend
    /// on how fast the machine is).
    pub fn with_quotas(doors: Quota, secrets: Quota, trust_forwarded: bool) -> Self {
        RateLimits {
            doors: Arc::new(RateLimiter::keyed(doors)),
            secrets: Arc::new(RateLimiter::keyed(secrets)),
            trust_forwarded,
        }
    }

    fn client(&self, request: &Request) -> IpAddr {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0);
        self.client_of(request.headers(), peer)
    }

    /// Who is asking: the connection's address, or behind a trusted proxy
    /// the address the proxy saw.
    pub fn client_of(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> IpAddr {
        let forwarded = self
            .trust_forwarded
            .then(|| headers.get_all("x-forwarded-for").iter().next_back())
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse().ok());
        forwarded
            .or_else(|| peer.map(|p| p.ip()))
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    /// Forgets addresses that have been quiet (keeps memory flat).
    pub async fn forget_quiet_clients(self) {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            for limiter in [&self.doors, &self.secrets] {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
    }
}

pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let secret = checks_a_secret(path);
    if !secret && !LIMITED.iter().any(|prefix| path.starts_with(prefix)) {
        return next.run(request).await;
    }
    let limits = &state.rate_limits;
    let client = limits.client(&request);
    // A door that checks a secret counts in both: the general limit, and
    // its own tighter one.
    let mut allowed = limits.doors.check_key(&client);
    if secret && allowed.is_ok() {
        allowed = limits.secrets.check_key(&client);
    }
    match allowed {
        Ok(()) => next.run(request).await,
        Err(not_until) => {
            let wait = not_until
                .wait_time_from(DefaultClock::default().now())
                .as_secs()
                .max(1);
            ApiError::rate_limited(
                wait,
                format!("Too many requests from your address; try again in {wait} s."),
            )
            .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(forwarded: &[&str]) -> Request {
        let mut builder = Request::builder().uri("/api/v1/auth/login");
        for value in forwarded {
            builder = builder.header("x-forwarded-for", *value);
        }
        let mut request = builder.body(Body::empty()).unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000))));
        request
    }

    #[test]
    fn behind_a_proxy_the_address_the_proxy_saw_counts_not_what_the_client_wrote() {
        let one = NonZeroU32::new(1).unwrap();
        let trusting = RateLimits::new(one, one, true);
        // The client wrote 1.2.3.4; the proxy appended the address it saw.
        let spoofed = request(&["1.2.3.4, 203.0.113.7"]);
        assert_eq!(
            trusting.client(&spoofed),
            "203.0.113.7".parse::<IpAddr>().unwrap()
        );
        let two_headers = request(&["1.2.3.4", "203.0.113.8"]);
        assert_eq!(
            trusting.client(&two_headers),
            "203.0.113.8".parse::<IpAddr>().unwrap()
        );
        // Without trust, the header means nothing.
        let direct = RateLimits::new(one, one, false);
        assert_eq!(
            direct.client(&spoofed),
            "10.0.0.1".parse::<IpAddr>().unwrap()
        );
    }

    #[test]
    fn every_door_that_checks_a_password_or_a_link_is_known() {
        for path in [
            "/api/v1/auth/login",
            "/api/v1/join",
            app::server::LogIn::PATH,
            app::server::JoinWithLink::PATH,
        ] {
            assert!(checks_a_secret(path), "{path}");
        }
        assert!(!checks_a_secret("/api/v1/conversations"));
    }
}
