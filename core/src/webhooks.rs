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
mod tests;
