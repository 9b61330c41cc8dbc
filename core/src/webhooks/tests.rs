//! Unit tests of `webhooks.rs`.

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
