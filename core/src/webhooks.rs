//! Outgoing webhooks: signing and delivery.
//!
//! Admins register URLs that receive signed JSON for conversation and message
//! events. Each delivery is a `POST` of the event's JSON with three headers:
//! the event type ([`EVENT_HEADER`]), the delivery id ([`DELIVERY_HEADER`])
//! and a signature ([`SIGNATURE_HEADER`]) made with the endpoint's secret, so
//! the receiver can tell the request came from this Switchboard and was not
//! altered or replayed later.
//!
//! A failed delivery is retried with back-off ([`retry_delay`]) up to
//! [`MAX_ATTEMPTS`] times, and every attempt ends up in the delivery log as a
//! [`Delivery`]. Deliveries run apart from the inbox with a short timeout, so
//! a slow or failing endpoint never slows the inbox down.
//!
//! This module knows nothing of the database: keeping endpoints, queueing
//! events and writing the log are the store's and the delivery job's work.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::header::CONTENT_TYPE;
use reqwest::redirect::Policy;
use sha2::Sha256;

use crate::error::Error;

/// The header carrying the signature: `t=<unix seconds>,v1=<hex>`, where the
/// hex is the HMAC-SHA256, keyed with the endpoint's secret, of
/// `"<t>.<body>"`.
pub const SIGNATURE_HEADER: &str = "X-Switchboard-Signature";

/// The header carrying the event type, e.g. `message.created`.
pub const EVENT_HEADER: &str = "X-Switchboard-Event";

/// The header carrying the delivery id, the same on every retry of one
/// delivery, so receivers can drop duplicates.
pub const DELIVERY_HEADER: &str = "X-Switchboard-Delivery";

/// How many times one delivery is attempted before it is given up.
pub const MAX_ATTEMPTS: u32 = 10;

/// How long one attempt may take, answer included, unless the sender was made
/// with [`Sender::with_timeout`].
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The `User-Agent` of every delivery.
pub const USER_AGENT: &str = "Switchboard-Webhooks/1";

/// The longest URL an endpoint may have.
pub const MAX_URL_LEN: usize = 2000;

/// The longest error text kept for one attempt in the delivery log.
const MAX_ERROR_LEN: usize = 500;

type HmacSha256 = Hmac<Sha256>;

/// The keyed hash of `"<timestamp>.<body>"`, ready to be finished or checked.
/// HMAC takes keys of any length, so this is `None` only in theory.
fn mac(secret: &str, timestamp: i64, body: &str) -> Option<HmacSha256> {
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    Some(mac)
}

/// The [`SIGNATURE_HEADER`] value for `body` sent at `timestamp` (Unix
/// seconds): `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
///
/// Should the key ever be refused, the signature part is left empty, which
/// never verifies.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let signature = mac(secret, timestamp, body)
        .map(|mac| hex::encode(mac.finalize().into_bytes()))
        .unwrap_or_default();
    format!("t={timestamp},v1={signature}")
}

/// Whether `header` (a [`SIGNATURE_HEADER`] value) signs `body` with `secret`
/// at a time no more than `tolerance_secs` away from `now` (Unix seconds).
///
/// This is what a receiver runs. The comparison takes the same time however
/// much of the signature matches. Stale or future timestamps, a negative
/// tolerance and malformed headers are refused. Several `v1` signatures may
/// be given (as while a secret is being rotated); one match is enough. Parts
/// with other names are ignored, so later signature versions can be added
/// alongside.
pub fn verify(secret: &str, header: &str, body: &str, now: i64, tolerance_secs: i64) -> bool {
    let Ok(tolerance) = u64::try_from(tolerance_secs) else {
        return false;
    };
    let mut timestamp: Option<i64> = None;
    let mut signatures: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        let Some((name, value)) = part.trim().split_once('=') else {
            return false;
        };
        match name.trim() {
            "t" => {
                if timestamp.is_some() {
                    return false;
                }
                match value.trim().parse::<i64>() {
                    Ok(t) => timestamp = Some(t),
                    Err(_) => return false,
                }
            }
            "v1" => match hex::decode(value.trim()) {
                Ok(bytes) if !bytes.is_empty() => signatures.push(bytes),
                _ => return false,
            },
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return false;
    };
    if signatures.is_empty() || now.abs_diff(timestamp) > tolerance {
        return false;
    }
    let Some(mac) = mac(secret, timestamp, body) else {
        return false;
    };
    signatures.iter().fold(false, |found, signature| {
        mac.clone().verify_slice(signature).is_ok() | found
    })
}

/// How long to wait before the next attempt, after `attempts` attempts have
/// failed: 10 s, 1 min, 5 min, 30 min, 2 h, then 6 h from the sixth on.
/// With [`MAX_ATTEMPTS`] attempts, a delivery is given up about a day after
/// the event.
pub fn retry_delay(attempts: u32) -> Duration {
    let secs = match attempts {
        0 | 1 => 10,
        2 => 60,
        3 => 5 * 60,
        4 => 30 * 60,
        5 => 2 * 60 * 60,
        _ => 6 * 60 * 60,
    };
    Duration::from_secs(secs)
}

/// Checks an endpoint URL as an admin typed it: `http` or `https`, with a
/// host, at most [`MAX_URL_LEN`] characters. Answers the URL without the
/// surrounding spaces.
pub fn check_url(url: &str) -> Result<String, Error> {
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::Invalid("the webhook URL is empty".to_string()));
    }
    if url.chars().count() > MAX_URL_LEN {
        return Err(Error::Invalid(format!(
            "the webhook URL is too long (at most {MAX_URL_LEN} characters)"
        )));
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| {
        Error::Invalid(format!(
            "the webhook URL is not a valid URL ({e}); it should look like https://example.com/hooks"
        ))
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::Invalid(format!(
            "the webhook URL must start with https:// or http://, not {}:",
            parsed.scheme()
        )));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::Invalid(
            "the webhook URL has no host name".to_string(),
        ));
    }
    Ok(url.to_string())
}

/// Which addresses endpoints may have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Reach {
    /// Only public internet addresses (the default): an admin account, or
    /// someone who took one, cannot make this server call into its own
    /// network (loopback, private, link-local, cloud metadata …).
    #[default]
    PublicOnly,
    /// Any address (a self-hosted team whose receivers sit beside it).
    Anywhere,
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local, shared (CGNAT), unspecified, multicast, broadcast or
/// reserved, in IPv4 or IPv6 (IPv4 inside IPv6 included).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
                || first == 0x2001 && v6.segments()[1] == 0x0db8 // documentation
                || first == 0x0064 && v6.segments()[1] == 0xff9b) // NAT64: an IPv4 inside
        }
    }
}

fn not_public(what: &str) -> Error {
    Error::Invalid(format!(
        "the webhook endpoint {what} is not on the public internet; this server \
         sends webhooks to public addresses only (its operator can allow private \
         ones with --allow-private-webhooks)"
    ))
}

/// Checks that an endpoint may be reached under `reach`, as far as its URL
/// tells: an address written in it, or `localhost`. (Names are checked again
/// on every delivery, after they are looked up.)
pub fn check_reach(url: &str, reach: Reach) -> Result<(), Error> {
    if reach == Reach::Anywhere {
        return Ok(());
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::Invalid(format!("the webhook URL is not a valid URL ({e})")))?;
    match parsed.host() {
        Some(url::Host::Ipv4(ip)) if !is_public(IpAddr::V4(ip)) => Err(not_public("address")),
        Some(url::Host::Ipv6(ip)) if !is_public(IpAddr::V6(ip)) => Err(not_public("address")),
        Some(url::Host::Domain(name))
            if name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost") =>
        {
            Err(not_public("name"))
        }
        _ => Ok(()),
    }
}

/// Looks names up as usual, then keeps only public addresses: a name that
/// points into this server's own network is refused at the moment it is
/// used, whatever it pointed at when the admin saved it.
struct PublicAddresses;

impl reqwest::dns::Resolve for PublicAddresses {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| is_public(a.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!(
                    "{host} has no public address (webhooks go to public addresses only)"
                )
                .into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The outcome of one delivery attempt, as the delivery log keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The HTTP status the endpoint answered, if it answered at all.
    pub status: Option<u16>,
    /// What went wrong, when there was no answer (timeout, refused
    /// connection, TLS failure …) or the answer was a redirect.
    pub error: Option<String>,
    /// How long the attempt took, in milliseconds.
    pub duration_ms: i64,
}

impl Delivery {
    /// Whether the endpoint took the event: it answered with a 2xx status.
    pub fn succeeded(&self) -> bool {
        matches!(self.status, Some(200..=299))
    }

    /// Whether another attempt may go better: no answer at all, or 408
    /// (request timeout), 429 (too many requests) or a 5xx. Other answers,
    /// such as 400 or 404, will not change by themselves.
    pub fn worth_retrying(&self) -> bool {
        match self.status {
            None => true,
            Some(status) => matches!(status, 408 | 429 | 500..=599),
        }
    }
}

/// Sends deliveries. Cheap to clone; clones share one connection pool.
///
/// Every attempt is bounded by a timeout ([`TIMEOUT`] unless chosen) and
/// redirects are not followed: an endpoint that moved must be updated by an
/// admin, and a signed event never ends up somewhere else.
#[derive(Clone, Debug)]
pub struct Sender {
    client: reqwest::Client,
    timeout: Duration,
    reach: Reach,
}

impl Sender {
    /// A sender with the usual [`TIMEOUT`], to endpoints within `reach`.
    pub fn new(reach: Reach) -> Result<Sender, Error> {
        Sender::with_timeout(TIMEOUT, reach)
    }

    /// A sender whose attempts give up after `timeout`.
    pub fn with_timeout(timeout: Duration, reach: Reach) -> Result<Sender, Error> {
        let mut client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(Policy::none())
            .user_agent(USER_AGENT);
        if reach == Reach::PublicOnly {
            client = client.dns_resolver(Arc::new(PublicAddresses));
        }
        let client = client.build().map_err(|e| {
            Error::Internal(format!(
                "the webhook sender could not be set up: {}",
                error_text(&e)
            ))
        })?;
        Ok(Sender {
            client,
            timeout,
            reach,
        })
    }

    /// Posts `body` (JSON) to `url`, signed with `secret` at the current
    /// time, with the event type and delivery id headers.
    ///
    /// Never fails and never panics: whatever happens is described in the
    /// [`Delivery`]. The body of the answer is not read or kept.
    pub async fn deliver(
        &self,
        url: &str,
        secret: &str,
        delivery_id: &str,
        event_type: &str,
        body: &str,
    ) -> Delivery {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        let started = Instant::now();
        if let Err(refused) = check_reach(url, self.reach) {
            return Delivery {
                status: None,
                error: Some(clip(refused.to_string())),
                duration_ms: 0,
            };
        }
        let sent = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, sign(secret, timestamp, body))
            .header(EVENT_HEADER, event_type)
            .header(DELIVERY_HEADER, delivery_id)
            .body(body.to_owned())
            .send()
            .await;
        let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
        match sent {
            Ok(answer) => {
                let status = answer.status();
                let error = status.is_redirection().then(|| {
                    let target = answer
                        .headers()
                        .get(reqwest::header::LOCATION)
                        .and_then(|location| location.to_str().ok())
                        .map(|location| format!(" to {location}"))
                        .unwrap_or_default();
                    clip(format!(
                        "the endpoint redirected{target}; redirects are not followed, update the URL"
                    ))
                });
                Delivery {
                    status: Some(status.as_u16()),
                    error,
                    duration_ms,
                }
            }
            Err(e) => {
                let text = if e.is_timeout() {
                    format!(
                        "no answer within {} ms (timed out)",
                        self.timeout.as_millis()
                    )
                } else if e.is_connect() {
                    format!("could not connect: {}", error_text(&e.without_url()))
                } else if e.is_builder() {
                    format!(
                        "the request could not be made: {}",
                        error_text(&e.without_url())
                    )
                } else {
                    error_text(&e.without_url())
                };
                Delivery {
                    status: None,
                    error: Some(clip(text)),
                    duration_ms,
                }
            }
        }
    }
}

/// An error and its causes on one line, the way the delivery log shows it.
fn error_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Keeps an error text to a length the delivery log can hold.
fn clip(mut text: String) -> String {
    if text.len() > MAX_ERROR_LEN {
        let mut end = MAX_ERROR_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::Arc;

    use axum::extract::State;
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;
    use axum::Router;
    use tokio::net::TcpListener;
    use tokio::sync::mpsc;

    const SECRET: &str = "whsec_test_secret";
    const BODY: &str = r#"{"type":"message.created","data":{"id":"m1","text":"Hello"}}"#;
    const NOW: i64 = 1_700_000_000;

    #[test]
    fn a_signature_verifies_with_its_secret() {
        let header = sign(SECRET, NOW, BODY);
        assert!(header.starts_with(&format!("t={NOW},v1=")));
        // 32 bytes of HMAC-SHA256, in hex.
        assert_eq!(header.len(), format!("t={NOW},v1=").len() + 64);
        assert!(verify(SECRET, &header, BODY, NOW, 300));
        assert!(verify(SECRET, &header, BODY, NOW + 300, 300));
        assert!(verify(SECRET, &header, BODY, NOW - 300, 300));
        // Spaces after commas are tolerated.
        assert!(verify(SECRET, &header.replace(',', ", "), BODY, NOW, 300));
    }

    #[test]
    fn the_signature_is_the_documented_hmac() {
        let mut mac = HmacSha256::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{NOW}.{BODY}").as_bytes());
        let expected = hex::encode(mac.finalize().into_bytes());
        assert_eq!(sign(SECRET, NOW, BODY), format!("t={NOW},v1={expected}"));
        // Known answers, worked out independently, so receivers written in
        // other languages can check theirs against the same values.
        assert_eq!(
            sign("key", 0, "The quick brown fox jumps over the lazy dog"),
            "t=0,v1=8511f28f7a1949f0c42772b447d68b2daf760f5f0439a20a17e3b4e7cd395763"
        );
        assert_eq!(
            sign(SECRET, NOW, r#"{"type":"message.created"}"#),
            "t=1700000000,v1=532c77c36d435e0fee9639c39d5791a5818d209d969ac55c1066541259c72e7b"
        );
    }

    #[test]
    fn an_empty_secret_still_signs() {
        let header = sign("", NOW, BODY);
        assert!(verify("", &header, BODY, NOW, 300));
        assert!(!verify(SECRET, &header, BODY, NOW, 300));
    }

    #[test]
    fn a_tampered_body_is_refused() {
        let header = sign(SECRET, NOW, BODY);
        let tampered = BODY.replace("Hello", "Hullo");
        assert!(!verify(SECRET, &header, &tampered, NOW, 300));
        assert!(!verify(SECRET, &header, "", NOW, 300));
    }

    #[test]
    fn another_secret_is_refused() {
        let header = sign(SECRET, NOW, BODY);
        assert!(!verify("whsec_other", &header, BODY, NOW, 300));
    }

    #[test]
    fn a_changed_timestamp_is_refused() {
        let header = sign(SECRET, NOW, BODY);
        let moved = header.replace(&format!("t={NOW}"), &format!("t={}", NOW + 1));
        assert!(!verify(SECRET, &moved, BODY, NOW, 300));
    }

    #[test]
    fn stale_and_future_timestamps_are_refused() {
        let header = sign(SECRET, NOW, BODY);
        assert!(!verify(SECRET, &header, BODY, NOW + 301, 300));
        assert!(!verify(SECRET, &header, BODY, NOW - 301, 300));
        assert!(!verify(SECRET, &header, BODY, NOW, -1));
        assert!(verify(SECRET, &header, BODY, NOW, 0));
        assert!(!verify(SECRET, &header, BODY, NOW + 1, 0));
        // Extremes neither overflow nor pass.
        assert!(!verify(SECRET, &header, BODY, i64::MIN, 300));
        assert!(!verify(SECRET, &header, BODY, i64::MAX, 300));
        let ancient = sign(SECRET, i64::MIN, BODY);
        assert!(!verify(SECRET, &ancient, BODY, i64::MAX, i64::MAX - 1));
    }

    #[test]
    fn malformed_headers_are_refused() {
        let good = sign(SECRET, NOW, BODY);
        let signature = good.split_once(",v1=").unwrap().1.to_string();
        let malformed = [
            String::new(),
            "garbage".to_string(),
            format!("v1={signature}"),
            format!("t={NOW}"),
            format!("t={NOW},v1="),
            format!("t=soon,v1={signature}"),
            format!("t={NOW},v1=zz{}", &signature[2..]),
            format!("t={NOW},v1={}", &signature[1..]),
            format!("t={NOW},v1={}", &signature[..32]),
            format!("t={NOW},t={NOW},v1={signature}"),
            format!("t={NOW};v1={signature}"),
            format!("t={NOW},v1={signature},junk"),
            format!("t={NOW},v0={signature}"),
            signature.clone(),
        ];
        for header in &malformed {
            assert!(!verify(SECRET, header, BODY, NOW, 300), "{header:?}");
        }
    }

    #[test]
    fn one_matching_signature_of_several_is_enough() {
        let good = sign(SECRET, NOW, BODY);
        let signature = good.split_once(",v1=").unwrap().1;
        let old = sign("whsec_old", NOW, BODY);
        let old_signature = old.split_once(",v1=").unwrap().1;
        let both = format!("t={NOW},v1={old_signature},v1={signature},v2=future");
        assert!(verify(SECRET, &both, BODY, NOW, 300));
        assert!(verify("whsec_old", &both, BODY, NOW, 300));
        assert!(!verify("whsec_third", &both, BODY, NOW, 300));
    }

    #[test]
    fn retries_back_off_to_six_hours() {
        let minutes = |m: u64| Duration::from_secs(m * 60);
        assert_eq!(retry_delay(1), Duration::from_secs(10));
        assert_eq!(retry_delay(2), minutes(1));
        assert_eq!(retry_delay(3), minutes(5));
        assert_eq!(retry_delay(4), minutes(30));
        assert_eq!(retry_delay(5), minutes(120));
        assert_eq!(retry_delay(6), minutes(360));
        assert_eq!(retry_delay(MAX_ATTEMPTS), minutes(360));
        assert_eq!(retry_delay(u32::MAX), minutes(360));
        assert_eq!(retry_delay(0), Duration::from_secs(10));
        for attempts in 1..MAX_ATTEMPTS {
            assert!(retry_delay(attempts) <= retry_delay(attempts + 1));
        }
    }

    #[test]
    fn endpoint_urls_are_checked() {
        assert_eq!(
            check_url("  https://example.com/hooks?team=1 \n").unwrap(),
            "https://example.com/hooks?team=1"
        );
        assert_eq!(
            check_url("http://127.0.0.1:8080/in").unwrap(),
            "http://127.0.0.1:8080/in"
        );
        assert_eq!(check_url("http://[::1]/in").unwrap(), "http://[::1]/in");
        let long_ok = format!("https://example.com/{}", "a".repeat(MAX_URL_LEN - 20));
        assert_eq!(long_ok.len(), MAX_URL_LEN);
        assert!(check_url(&long_ok).is_ok());

        let refused = [
            "",
            "   ",
            "example.com/hooks",
            "ftp://example.com/hooks",
            "file:///etc/passwd",
            "mailto:ops@example.com",
            "javascript:alert(1)",
            "https://",
            "https://exa mple.com/",
        ];
        for url in refused {
            match check_url(url) {
                Err(Error::Invalid(message)) => {
                    assert!(message.contains("webhook URL"), "{message}")
                }
                other => panic!("{url:?} gave {other:?}"),
            }
        }
        let too_long = format!("{long_ok}a");
        match check_url(&too_long) {
            Err(Error::Invalid(message)) => assert!(message.contains("too long"), "{message}"),
            other => panic!("gave {other:?}"),
        }
    }

    #[test]
    fn only_public_addresses_are_reached_unless_allowed() {
        for private in [
            "http://127.0.0.1:8080/in",
            "http://[::1]/in",
            "http://10.1.2.3/in",
            "http://172.16.0.1/in",
            "http://192.168.1.1/in",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/in",
            "http://0.0.0.0/in",
            "http://[fe80::1]/in",
            "http://[fd00::1]/in",
            "http://[::ffff:127.0.0.1]/in",
            "http://localhost:9000/in",
            "http://api.localhost/in",
        ] {
            assert!(
                check_reach(private, Reach::PublicOnly).is_err(),
                "{private}"
            );
            assert!(check_reach(private, Reach::Anywhere).is_ok(), "{private}");
        }
        for public in [
            "https://example.com/hooks",
            "http://93.184.215.14/in",
            "http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/in",
        ] {
            assert!(check_reach(public, Reach::PublicOnly).is_ok(), "{public}");
        }
    }

    #[tokio::test]
    async fn a_sender_for_public_addresses_does_not_call_into_its_own_network() {
        let (url, mut received) = receiver(StatusCode::OK, Duration::ZERO).await;
        let sender = Sender::new(Reach::PublicOnly).unwrap();
        let delivery = sender
            .deliver(&url, "s", "1", "message.created", "{}")
            .await;
        assert_eq!(delivery.status, None);
        assert!(delivery.error.unwrap().contains("public"));
        // A name that resolves to loopback is refused when it is looked up.
        let named = url.replace("127.0.0.1", "localhost.");
        let delivery = sender
            .deliver(&named, "s", "1", "message.created", "{}")
            .await;
        assert_eq!(delivery.status, None, "{delivery:?}");
        assert!(received.try_recv().is_err());
    }

    #[test]
    fn outcomes_are_classified() {
        let answered = |status| Delivery {
            status: Some(status),
            error: None,
            duration_ms: 5,
        };
        for status in [200, 201, 202, 204, 299] {
            assert!(answered(status).succeeded(), "{status}");
            assert!(!answered(status).worth_retrying(), "{status}");
        }
        for status in [408, 429, 500, 502, 503, 504, 599] {
            assert!(!answered(status).succeeded(), "{status}");
            assert!(answered(status).worth_retrying(), "{status}");
        }
        for status in [100, 301, 302, 400, 401, 403, 404, 410, 413, 422] {
            assert!(!answered(status).succeeded(), "{status}");
            assert!(!answered(status).worth_retrying(), "{status}");
        }
        let silent = Delivery {
            status: None,
            error: Some("could not connect".to_string()),
            duration_ms: 1,
        };
        assert!(!silent.succeeded());
        assert!(silent.worth_retrying());
    }

    /// What a receiver saw of one request.
    type Received = (HeaderMap, String);

    #[derive(Clone)]
    struct Receiver {
        status: StatusCode,
        wait: Duration,
        seen: mpsc::UnboundedSender<Received>,
    }

    async fn receive(
        State(receiver): State<Arc<Receiver>>,
        headers: HeaderMap,
        body: String,
    ) -> (StatusCode, HeaderMap, &'static str) {
        let _ = receiver.seen.send((headers, body));
        tokio::time::sleep(receiver.wait).await;
        let mut answer = HeaderMap::new();
        if receiver.status.is_redirection() {
            answer.insert("location", "/moved".parse().unwrap());
        }
        (receiver.status, answer, "a body nobody keeps")
    }

    /// A real HTTP receiver on a free local port: its URL and what it saw.
    async fn receiver(
        status: StatusCode,
        wait: Duration,
    ) -> (String, mpsc::UnboundedReceiver<Received>) {
        let (seen, received) = mpsc::unbounded_channel();
        let state = Arc::new(Receiver { status, wait, seen });
        let app = Router::new()
            .route("/hooks", post(receive))
            .route("/moved", post(receive))
            .with_state(state);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        (format!("http://{address}/hooks"), received)
    }

    fn now() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    }

    #[tokio::test]
    async fn a_delivery_arrives_signed() {
        let (url, mut received) = receiver(StatusCode::OK, Duration::ZERO).await;
        let sender = Sender::new(Reach::Anywhere).unwrap();
        let delivery = sender
            .deliver(&url, SECRET, "dlv_1", "message.created", BODY)
            .await;
        assert_eq!(delivery.status, Some(200));
        assert_eq!(delivery.error, None);
        assert!(delivery.succeeded());
        assert!(!delivery.worth_retrying());
        assert!(delivery.duration_ms >= 0);

        let (headers, body) = received.recv().await.unwrap();
        assert_eq!(body, BODY);
        let header = |name: &str| headers.get(name).unwrap().to_str().unwrap().to_string();
        assert_eq!(header("content-type"), "application/json");
        assert_eq!(header("user-agent"), USER_AGENT);
        assert_eq!(header(EVENT_HEADER), "message.created");
        assert_eq!(header(DELIVERY_HEADER), "dlv_1");
        let signature = header(SIGNATURE_HEADER);
        assert!(verify(SECRET, &signature, &body, now(), 60), "{signature}");
        assert!(!verify("whsec_other", &signature, &body, now(), 60));
        // Only one request: nothing was retried behind our back.
        assert!(received.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_server_error_is_worth_retrying() {
        let (url, mut received) = receiver(StatusCode::INTERNAL_SERVER_ERROR, Duration::ZERO).await;
        let delivery = Sender::new(Reach::Anywhere)
            .unwrap()
            .deliver(&url, SECRET, "dlv_2", "conversation.closed", BODY)
            .await;
        assert_eq!(delivery.status, Some(500));
        assert_eq!(delivery.error, None);
        assert!(!delivery.succeeded());
        assert!(delivery.worth_retrying());
        assert!(received.recv().await.is_some());
    }

    #[tokio::test]
    async fn a_bad_request_is_not_worth_retrying() {
        let (url, _received) = receiver(StatusCode::BAD_REQUEST, Duration::ZERO).await;
        let delivery = Sender::new(Reach::Anywhere)
            .unwrap()
            .deliver(&url, SECRET, "dlv_3", "message.created", BODY)
            .await;
        assert_eq!(delivery.status, Some(400));
        assert!(!delivery.succeeded());
        assert!(!delivery.worth_retrying());
    }

    #[tokio::test]
    async fn redirects_are_not_followed() {
        let (url, mut received) = receiver(StatusCode::TEMPORARY_REDIRECT, Duration::ZERO).await;
        let delivery = Sender::new(Reach::Anywhere)
            .unwrap()
            .deliver(&url, SECRET, "dlv_4", "message.created", BODY)
            .await;
        assert_eq!(delivery.status, Some(307));
        assert!(!delivery.succeeded());
        assert!(!delivery.worth_retrying());
        let error = delivery.error.unwrap();
        assert!(
            error.contains("/moved") && error.contains("not followed"),
            "{error}"
        );
        // The receiver saw the first request only.
        assert!(received.recv().await.is_some());
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(received.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_closed_port_gives_no_status_and_a_reason() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        drop(listener);
        let delivery = Sender::new(Reach::Anywhere)
            .unwrap()
            .deliver(
                &format!("http://{address}/hooks"),
                SECRET,
                "dlv_5",
                "message.created",
                BODY,
            )
            .await;
        assert_eq!(delivery.status, None);
        let error = delivery.error.clone().unwrap();
        assert!(error.starts_with("could not connect"), "{error}");
        assert!(!delivery.succeeded());
        assert!(delivery.worth_retrying());
    }

    #[tokio::test]
    async fn a_slow_endpoint_times_out() {
        let (url, _received) = receiver(StatusCode::OK, Duration::from_secs(2)).await;
        let sender = Sender::with_timeout(Duration::from_millis(200), Reach::Anywhere).unwrap();
        let delivery = sender
            .deliver(&url, SECRET, "dlv_6", "message.created", BODY)
            .await;
        assert_eq!(delivery.status, None);
        let error = delivery.error.clone().unwrap();
        assert!(error.contains("timed out"), "{error}");
        assert!(delivery.duration_ms >= 150, "{delivery:?}");
        assert!(delivery.duration_ms < 1_500, "{delivery:?}");
        assert!(delivery.worth_retrying());
    }

    #[tokio::test]
    async fn an_unusable_url_or_header_is_reported_not_panicked() {
        let sender = Sender::new(Reach::Anywhere).unwrap();
        let delivery = sender
            .deliver("not a url", SECRET, "dlv_7", "message.created", BODY)
            .await;
        assert_eq!(delivery.status, None);
        assert!(delivery.error.is_some());

        let (url, _received) = receiver(StatusCode::OK, Duration::ZERO).await;
        let delivery = sender
            .deliver(&url, SECRET, "dlv_8", "message.created\r\nX-Evil: 1", BODY)
            .await;
        assert_eq!(delivery.status, None);
        assert!(delivery.error.is_some());
    }

    #[test]
    fn long_error_texts_are_clipped() {
        let clipped = clip("é".repeat(MAX_ERROR_LEN));
        assert!(clipped.len() <= MAX_ERROR_LEN + '…'.len_utf8());
        assert!(clipped.ends_with('…'));
        assert_eq!(clip("short".to_string()), "short");
    }
}
