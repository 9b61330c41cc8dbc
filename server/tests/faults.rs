//! Faults, with real server processes: a node killed with SIGKILL while
//! customers and agents are sending, and two nodes sharing PostgreSQL, one
//! of which dies. Nothing acknowledged is lost or stored twice, and every
//! client that reconnects ends with the database's history, in order.

mod common;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use switchboard_core::types::{Role, TimelineItem};
use switchboard_core::Switchboard;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// A `switchboard serve` process.
struct Node {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn site_root() -> String {
    let site = std::env::temp_dir().join(format!("switchboard-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    site.display().to_string()
}

impl Node {
    async fn start(database_url: &str, port: u16, site: &str) -> Node {
        let child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--site-root",
                site,
            ])
            .env("DATABASE_URL", database_url)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Made at once, so the process is reaped (Drop) even if it never answers.
        let node = Node {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http
                .get(format!("{}/healthz", node.base))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return node;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the node on port {port} did not start");
    }

    /// SIGKILL: no goodbye, no flush.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client's view of the agents' stream: every frame it got, once each.
#[derive(Default)]
struct Seen {
    last_event_id: i64,
    event_ids: HashSet<i64>,
    /// conversation → the `seq` of each message, in arrival order.
    messages: BTreeMap<i64, Vec<i64>>,
}

impl Seen {
    fn take(&mut self, frame: &Value) {
        // States (counts, presence, typing) are not history: no id of their own.
        if matches!(
            frame["type"].as_str(),
            Some("counts.updated" | "presence" | "typing")
        ) {
            return;
        }
        let id = frame["event_id"].as_i64().unwrap();
        assert!(self.event_ids.insert(id), "event {id} arrived twice");
        assert!(
            id > self.last_event_id,
            "event {id} after {}: out of order",
            self.last_event_id
        );
        self.last_event_id = id;
        if frame["type"] == "message.created" {
            let m = &frame["message"];
            self.messages
                .entry(m["conversation_number"].as_i64().unwrap())
                .or_default()
                .push(m["seq"].as_i64().unwrap());
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn agent_socket(base: &str, cookie: &str, last_event_id: i64) -> Socket {
    let mut request = format!(
        "{}/api/v1/ws?last_event_id={last_event_id}",
        base.replace("http://", "ws://")
    )
    .into_client_request()
    .unwrap();
    request
        .headers_mut()
        .insert("Cookie", cookie.parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

/// Reads frames until the stream is quiet for `quiet`.
async fn drain(socket: &mut Socket, seen: &mut Seen, quiet: Duration) {
    while let Ok(Some(Ok(message))) = tokio::time::timeout(quiet, socket.next()).await {
        if let Message::Text(text) = message {
            seen.take(&serde_json::from_str(&text).unwrap());
        }
    }
}

/// The states (`type`, and who) that arrive until the stream is quiet.
async fn states(socket: &mut Socket, quiet: Duration) -> Vec<(String, String)> {
    let mut found = Vec::new();
    while let Ok(Some(Ok(message))) = tokio::time::timeout(quiet, socket.next()).await {
        if let Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            let kind = frame["type"].as_str().unwrap_or_default().to_string();
            let who = match kind.as_str() {
                "presence" => frame["presence"]["name"].clone(),
                "typing" => frame["typing"]["name"].clone(),
                _ => continue,
            };
            found.push((kind, who.as_str().unwrap_or_default().to_string()));
        }
    }
    found
}

async fn login(base: &str, email: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": common::PASSWORD }))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

async fn new_customer(base: &str, key: &str) -> String {
    let body: Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/widget/sessions"))
        .json(&json!({ "widget_key": key }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["contact_token"].as_str().unwrap().to_string()
}

/// One message a customer wants sent; kept until the server acknowledges it.
struct Outgoing {
    token: String,
    client_id: String,
    body: String,
}

/// Sends; `true` once acknowledged (201). A connection error leaves it in
/// the outbox for a retry.
async fn send(http: &reqwest::Client, base: &str, out: &Outgoing) -> bool {
    let response = http
        .post(format!("{base}/api/v1/widget/messages"))
        .header("X-Contact-Token", &out.token)
        .json(&json!({ "client_id": out.client_id, "body": out.body }))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    matches!(response, Ok(r) if r.status() == 201)
}

/// Each acknowledged message is stored exactly once, and `seen` holds the
/// database's history of messages, conversation by conversation, in order.
async fn check_against_store(sb: &Switchboard, acknowledged: &[String], seen: &Seen) {
    let (admin, _) = sb
        .login("root@example.com", common::PASSWORD)
        .await
        .unwrap();
    let mut stored = BTreeMap::new();
    let mut client_ids = Vec::new();
    // Numbers may have gaps (a rolled-back insert on PostgreSQL uses one up).
    for number in 1..=300 {
        let Ok(timeline) = sb.timeline(&admin, number, 0).await else {
            continue;
        };
        let seqs: Vec<i64> = timeline
            .items
            .iter()
            .filter_map(|i| match i {
                TimelineItem::Message(m) => {
                    client_ids.push(m.client_id.clone());
                    Some(m.seq)
                }
                TimelineItem::Event(_) => None,
            })
            .collect();
        stored.insert(number, seqs);
    }
    let unique: HashSet<_> = client_ids.iter().collect();
    assert_eq!(unique.len(), client_ids.len(), "a message was stored twice");
    for id in acknowledged {
        assert!(unique.contains(id), "acknowledged message {id} was lost");
    }
    assert_eq!(
        seen.messages, stored,
        "the client's history differs from the database's"
    );
}

/// An admin and the widget key, made before any node starts.
async fn prepare(sb: &Switchboard) -> String {
    sb.create_agent(
        "root@example.com",
        "Root",
        Role::Admin,
        common::PASSWORD.into(),
    )
    .await
    .unwrap();
    sb.widget_key().await.unwrap()
}

async fn kill_while_sending(database_url: String, sb: Switchboard) {
    let key = prepare(&sb).await;
    let (port, site) = (free_port(), site_root());
    let mut node = Node::start(&database_url, port, &site).await;
    let base = node.base.clone();
    let cookie = login(&base, "root@example.com").await;
    let mut socket = agent_socket(&base, &cookie, 0).await;
    let mut seen = Seen::default();

    let mut outbox = Vec::new();
    for c in 0..6 {
        let token = new_customer(&base, &key).await;
        for m in 0..25 {
            outbox.push(Outgoing {
                token: token.clone(),
                client_id: uuid::Uuid::new_v4().to_string(),
                body: format!("customer {c} message {m}"),
            });
        }
    }
    // Customers send concurrently; the node dies in the middle of it.
    let http = reqwest::Client::new();
    let acknowledged = std::sync::atomic::AtomicUsize::new(0);
    let sending = futures::future::join_all(outbox.chunks(25).map(|mine| {
        let (http, base, acknowledged) = (http.clone(), base.clone(), &acknowledged);
        async move {
            let mut acked = Vec::new();
            for out in mine {
                let done = send(&http, &base, out).await;
                acknowledged.fetch_add(usize::from(done), std::sync::atomic::Ordering::SeqCst);
                acked.push(done);
            }
            acked
        }
    }));
    let killer = async {
        while acknowledged.load(std::sync::atomic::Ordering::SeqCst) < 30 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        node.kill();
    };
    let (acked, ()) = tokio::join!(sending, killer);
    let acked: Vec<bool> = acked.into_iter().flatten().collect();
    let first_round = acked.iter().filter(|a| **a).count();
    assert!(
        first_round > 0 && first_round < outbox.len(),
        "the kill should land mid-way ({first_round} acknowledged)"
    );
    drain(&mut socket, &mut seen, Duration::from_millis(200)).await;

    // The node comes back; clients re-send what was not acknowledged.
    let node = Node::start(&database_url, port, &site).await;
    for (out, done) in outbox.iter().zip(&acked) {
        if !done {
            assert!(
                send(&http, &node.base, out).await,
                "a re-send after the restart is acknowledged"
            );
        }
    }
    let mut socket = agent_socket(&node.base, &cookie, seen.last_event_id).await;
    drain(&mut socket, &mut seen, Duration::from_millis(500)).await;
    let all: Vec<String> = outbox.iter().map(|o| o.client_id.clone()).collect();
    check_against_store(&sb, &all, &seen).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_node_loses_nothing_on_sqlite() {
    let path = std::env::temp_dir().join(format!("switchboard-fault-{}.db", uuid::Uuid::new_v4()));
    let url = format!("sqlite://{}", path.display());
    let sb = Switchboard::open(&url).await.unwrap();
    kill_while_sending(url, sb).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_node_loses_nothing_on_postgres() {
    let (url, sb) = common::postgres_with_url().await;
    kill_while_sending(url, sb).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_share_live_events_and_survive_one_dying() {
    let (url, sb) = common::postgres_with_url().await;
    let key = prepare(&sb).await;
    let site = site_root();
    let mut a = Node::start(&url, free_port(), &site).await;
    let b = Node::start(&url, free_port(), &site).await;
    let cookie = login(&a.base, "root@example.com").await;
    let http = reqwest::Client::new();

    // An agent on node B sees what a customer sends through node A, live.
    let mut on_b = agent_socket(&b.base, &cookie, 0).await;
    let mut seen_on_b = Seen::default();
    let token = new_customer(&a.base, &key).await;
    let started = std::time::Instant::now();
    let hello = Outgoing {
        token: token.clone(),
        client_id: uuid::Uuid::new_v4().to_string(),
        body: "hello via A".into(),
    };
    assert!(send(&http, &a.base, &hello).await);
    drain(&mut on_b, &mut seen_on_b, Duration::from_millis(300)).await;
    assert_eq!(
        seen_on_b.messages.values().flatten().count(),
        1,
        "node B got node A's event"
    );
    assert!(started.elapsed() < Duration::from_secs(2));

    // States cross nodes too: the customer opens the widget on A and types;
    // the agent on B sees them come online and typing.
    let widget_url = format!(
        "{}/api/v1/widget/ws?contact_token={token}",
        a.base.replace("http://", "ws://")
    );
    let mut widget = tokio_tungstenite::connect_async(widget_url)
        .await
        .unwrap()
        .0;
    let session: Value = http
        .get(format!("{}/api/v1/widget/session", a.base))
        .header("X-Contact-Token", &token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let number = session["open_conversation"]["number"].as_i64().unwrap();
    let typing = json!({ "type": "typing", "conversation_number": number });
    widget
        .send(Message::Text(typing.to_string().into()))
        .await
        .unwrap();
    let heard = states(&mut on_b, Duration::from_millis(500)).await;
    assert!(
        heard.contains(&("presence".into(), "Visitor".into()))
            && heard.contains(&("typing".into(), "Visitor".into())),
        "node B heard node A's states: {heard:?}"
    );

    // Staff chat crosses nodes too: Root writes in a channel through A and
    // hears it on B.
    let token_of_root = cookie.split_once('=').unwrap().1;
    let root = sb.agent_for_session(token_of_root).await.unwrap();
    let channel = sb.create_channel(&root, "ops", "", true).await.unwrap();
    let send_path = <app::server::SendChatMessage as leptos::server_fn::ServerFn>::PATH;
    let response = http
        .post(format!("{}{send_path}", a.base))
        .header("Cookie", &cookie)
        .form(&[
            ("channel_id", channel.channel.id.to_string()),
            ("client_id", uuid::Uuid::new_v4().to_string()),
            ("body", "across nodes".to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut chat = Vec::new();
    while let Ok(Some(Ok(message))) =
        tokio::time::timeout(Duration::from_millis(500), on_b.next()).await
    {
        if let Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == "chat.message" {
                chat.push(frame["message"]["body"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(chat, vec!["across nodes"], "node B delivered node A's chat");

    // An agent on node A; node A dies; more is sent through B meanwhile.
    let mut on_a = agent_socket(&a.base, &cookie, 0).await;
    let mut seen_on_a = Seen::default();
    let mut sent = vec![hello.client_id.clone()];
    for i in 0..3 {
        let out = Outgoing {
            token: token.clone(),
            client_id: uuid::Uuid::new_v4().to_string(),
            body: format!("before the crash {i}"),
        };
        assert!(send(&http, &a.base, &out).await);
        sent.push(out.client_id);
    }
    drain(&mut on_a, &mut seen_on_a, Duration::from_millis(300)).await;
    a.kill();
    for i in 0..5 {
        let out = Outgoing {
            token: token.clone(),
            client_id: uuid::Uuid::new_v4().to_string(),
            body: format!("after the crash {i}"),
        };
        assert!(send(&http, &b.base, &out).await);
        sent.push(out.client_id);
    }
    // A's client reconnects to B, from the last event it saw.
    let mut moved = agent_socket(&b.base, &cookie, seen_on_a.last_event_id).await;
    drain(&mut moved, &mut seen_on_a, Duration::from_millis(500)).await;
    drain(&mut on_b, &mut seen_on_b, Duration::from_millis(200)).await;
    // Both clients now hold the database's whole history, in order.
    check_against_store(&sb, &sent, &seen_on_b).await;
    check_against_store(&sb, &sent, &seen_on_a).await;
}
