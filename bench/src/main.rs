//! `switchboard-bench`: simulated customers and agents over real WebSockets
//! against a release `switchboard`, and the same load against a bare
//! tokio-tungstenite broadcast server as the floor. Prints figures; it is a
//! measurement, not a test.
//! Past 500 lines on purpose: the modes share one set-up (a server, its
//! agents and customers), kept in one place; the floor is `floor.rs`.

mod capacity;
mod floor;
mod reports;
mod stats;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use stats::Latencies;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchboard_core::types::Role;
use switchboard_core::Switchboard;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

#[derive(Parser)]
#[command(
    about = "Measures Switchboard's live path: latency customer → agent, throughput, memory per connection, SQLite ingest."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Internal>,
    /// The server binary to measure (a release build).
    #[arg(long, default_value = "target/release/switchboard")]
    server: String,
    /// Simulated customers, each with a widget session and its stream open.
    #[arg(long, default_value_t = 1000)]
    customers: usize,
    /// Simulated agents, each with the inbox stream open.
    #[arg(long, default_value_t = 50)]
    agents: usize,
    /// Customer messages per second, over all customers.
    #[arg(long, default_value_t = 500)]
    rate: u32,
    /// How long the load runs.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Idle connections opened to measure memory per connection.
    #[arg(long, default_value_t = 10_000)]
    idle: usize,
    /// Messages stored back to back to measure SQLite ingest.
    #[arg(long, default_value_t = 20_000)]
    ingest: usize,
    /// Customers writing at once during the ingest measurement: each
    /// number, one measurement (on SQLite, then on PostgreSQL).
    #[arg(long, default_values_t = [8, 64], value_delimiter = ',', value_parser = clap::value_parser!(u16).range(1..))]
    ingest_writers: Vec<u16>,
    /// Conversations in the inbox whose first render is measured.
    #[arg(long, default_value_t = 10_000)]
    inbox: usize,
    /// Conversations in the store when a label-filtered Pending is listed
    /// by the longest wait.
    #[arg(long, default_value_t = 1_000_000)]
    labelled: usize,
    /// Clients added at each step of the capacity climb.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    capacity_step: u32,
    /// The most clients the capacity climb opens (each holds a file
    /// descriptor here and one on the server).
    #[arg(long, default_value_t = 15_000)]
    capacity_max: u32,
    /// Run the soak instead of the other parts: customers write 200
    /// messages a second for this many periods (minutes unless
    /// `--soak-period` says otherwise), the server's memory and the latency
    /// printed after each.
    #[arg(long)]
    soak: Option<u32>,
    /// Seconds in a period of the soak.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    soak_period: u64,
    /// Conversations over the past year when the reports are measured.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    reports: u64,
    /// The PostgreSQL server where the reports' measurement makes (and
    /// drops) a database of its own.
    #[arg(
        long,
        env = "TEST_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    postgres_url: String,
    /// Measure only this part: `live` (Switchboard and the floor),
    /// `ingest`, `inbox` (the first render of a large inbox),
    /// `capacity` (how many clients one broadcast reaches in time), or
    /// `reports` (the reports over a year of history, on SQLite and
    /// PostgreSQL; run only when asked for).
    #[arg(long, value_parser = ["live", "ingest", "inbox", "capacity", "reports"])]
    only: Option<String>,
    /// Fail (exit 1) when any agent misses a message: for the test run's
    /// smoke of every mode, where the figures themselves mean nothing.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
enum Internal {
    /// (internal) run the bare broadcast server used as the floor.
    FloorServer {
        #[arg(long)]
        addr: String,
    },
}

const PASSWORD: &str = "benchmark password";

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Process {
    fn rss_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.0.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

async fn wait_until_up(url: &str) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http.get(url).send().await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("{url} did not come up")
}

/// The release server on `port`, over the database at `url`, serving an
/// empty site from `dir` (the benchmarks need no WASM); answers once it is up.
async fn start_server(
    cli: &Cli,
    port: u16,
    dir: &std::path::Path,
    url: &str,
) -> anyhow::Result<Process> {
    let server = Process(
        Command::new(&cli.server)
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--site-root",
            ])
            .arg(dir.join("site"))
            .env("DATABASE_URL", url)
            .env("RUST_LOG", "error")
            // Thousands of customers and agents from this one address: the
            // limits meant for the internet would refuse most of them.
            .env("SWITCHBOARD_RATE_LIMIT", "1000000000")
            .env("SWITCHBOARD_LOGIN_RATE_LIMIT", "1000000000")
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {}", cli.server))?,
    );
    wait_until_up(&format!("http://127.0.0.1:{port}/healthz")).await?;
    Ok(server)
}

/// Logs a benchmark agent in; answers their session cookie.
async fn log_in(http: &reqwest::Client, base: &str, email: &str) -> anyhow::Result<String> {
    let response = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await?;
    Ok(response
        .headers()
        .get("set-cookie")
        .context("the login answered no session cookie")?
        .to_str()?
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string())
}

/// A new customer's widget session; answers their contact token.
async fn widget_session(http: &reqwest::Client, base: &str, key: &str) -> anyhow::Result<String> {
    let session: Value = http
        .post(format!("{base}/api/v1/widget/sessions"))
        .json(&json!({ "widget_key": key }))
        .send()
        .await?
        .json()
        .await?;
    Ok(session["contact_token"]
        .as_str()
        .context("no contact token")?
        .to_string())
}

/// Benchmark message `id` from the customer holding `token`.
fn customer_message(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    id: u64,
) -> reqwest::RequestBuilder {
    http.post(format!("{base}/api/v1/widget/messages"))
        .header("X-Contact-Token", token)
        .json(&json!({ "client_id": uuid::Uuid::new_v4(), "body": format!("bench:{id}") }))
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(url: &str, cookie: Option<&str>) -> anyhow::Result<Socket> {
    let mut request = url.into_client_request()?;
    if let Some(cookie) = cookie {
        request.headers_mut().insert("Cookie", cookie.parse()?);
    }
    Ok(tokio_tungstenite::connect_async(request).await?.0)
}

/// When each benchmark message was sent, by its id.
type Sent = Arc<Mutex<HashMap<u64, Instant>>>;

/// Reads a stream until it closes, recording the latency of every
/// benchmark message it sees (`bench:<id>` bodies).
fn record_latencies(mut socket: Socket, sent: Sent, latencies: Latencies) {
    tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            let Message::Text(text) = message else {
                continue;
            };
            // The message itself, not the conversation updates quoting it.
            if !text.contains(r#""type":"message.created""#) {
                continue;
            }
            let Some(at) = text.find("bench:") else {
                continue;
            };
            let digits: String = text[at + 6..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let Ok(id) = digits.parse::<u64>() else {
                continue;
            };
            let started = sent
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&id)
                .copied();
            if let Some(started) = started {
                latencies.record(started.elapsed());
            }
        }
    });
}

/// Sends `rate` messages a second for `seconds` through `send`, numbered
/// from `first`; answers how many were sent.
async fn paced<F, Fut>(rate: u32, seconds: u64, first: u64, sent: &Sent, send: F) -> u64
where
    F: Fn(u64) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let total = u64::from(rate) * seconds;
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        let id = first + n;
        tokio::time::sleep_until(start + interval * n as u32).await;
        sent.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, Instant::now());
        tasks.push(tokio::spawn(send(id)));
    }
    futures::future::join_all(tasks).await;
    total
}

struct Figures {
    name: &'static str,
    latencies: Latencies,
    expected_receipts: u64,
    sent: u64,
    elapsed: Duration,
    rss_after_start_kib: u64,
    rss_per_idle_kib: f64,
}

/// Switchboard ready for load: the release server on a fresh SQLite file,
/// its agents' inbox streams recording each benchmark message's latency,
/// its customers' own streams open.
struct Rig {
    server: Process,
    /// The server's memory once started, before any connection.
    rss_after_start_kib: u64,
    http: reqwest::Client,
    base: String,
    ws: String,
    tokens: Arc<Vec<String>>,
    sent: Sent,
    latencies: Latencies,
}

impl Rig {
    /// Customers send `rate` messages a second for `seconds`, numbered from
    /// `first`, taking turns; answers how many were sent.
    async fn load(&self, rate: u32, seconds: u64, first: u64) -> u64 {
        paced(rate, seconds, first, &self.sent, |id| {
            let (http, base, tokens) = (self.http.clone(), self.base.clone(), self.tokens.clone());
            async move {
                let token = &tokens[id as usize % tokens.len()];
                let _ = customer_message(&http, &base, token, id).send().await;
            }
        })
        .await
    }
}

async fn rig(cli: &Cli) -> anyhow::Result<Rig> {
    let dir = std::env::temp_dir().join(format!("switchboard-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("site/pkg"))?;
    let url = format!("sqlite://{}", dir.join("bench.db").display());
    let sb = Switchboard::open(&url).await?;
    for i in 0..cli.agents {
        sb.create_agent(
            &format!("agent{i}@bench.test"),
            &format!("Agent {i}"),
            Role::Agent,
            PASSWORD.into(),
        )
        .await?;
    }
    let key = sb.widget_key().await?;
    sb.store().close().await;

    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let ws = format!("ws://127.0.0.1:{port}");
    let server = start_server(cli, port, &dir, &url).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_after_start_kib = server.rss_kib();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()?;

    let sent: Sent = Arc::default();
    let latencies = Latencies::default();
    for i in 0..cli.agents {
        let cookie = log_in(&http, &base, &format!("agent{i}@bench.test")).await?;
        record_latencies(
            connect(&format!("{ws}/api/v1/ws"), Some(&cookie)).await?,
            sent.clone(),
            latencies.clone(),
        );
    }
    let mut tokens = Vec::with_capacity(cli.customers);
    for _ in 0..cli.customers {
        let token = widget_session(&http, &base, &key).await?;
        // The customer's own stream is open, as in a real widget (its frames are not timed).
        let stream = connect(
            &format!("{ws}/api/v1/widget/ws?contact_token={token}"),
            None,
        )
        .await?;
        tokio::spawn(stream.for_each(|_| async {}));
        tokens.push(token);
    }
    Ok(Rig {
        server,
        rss_after_start_kib,
        http,
        base,
        ws,
        tokens: Arc::new(tokens),
        sent,
        latencies,
    })
}

async fn measure_switchboard(cli: &Cli) -> anyhow::Result<Figures> {
    let rig = rig(cli).await?;
    let started = Instant::now();
    let total = rig.load(cli.rate, cli.seconds, 0).await;
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let rss_per_idle_kib = idle_memory(
        &rig.server,
        cli.idle,
        &format!(
            "{}/api/v1/widget/ws?contact_token={}",
            rig.ws, rig.tokens[0]
        ),
    )
    .await?;
    Ok(Figures {
        name: "switchboard",
        latencies: rig.latencies,
        expected_receipts: total * cli.agents as u64,
        sent: total,
        elapsed,
        rss_after_start_kib: rig.rss_after_start_kib,
        rss_per_idle_kib,
    })
}

/// Messages a second during the soak.
const SOAK_RATE: u32 = 200;

/// The soak: customers write `SOAK_RATE` messages a second for `periods`
/// periods of `--soak-period` seconds (a minute unless told), printing the
/// server's memory and the latency of each; answers whether every agent
/// got every message.
async fn soak(cli: &Cli, periods: u32) -> anyhow::Result<bool> {
    let rig = rig(cli).await?;
    println!(
        "soak: {SOAK_RATE} msg/s for {periods} periods of {} s ({} customers, {} agents); server RSS after start {:.1} MiB",
        cli.soak_period,
        cli.customers,
        cli.agents,
        rig.rss_after_start_kib as f64 / 1024.0
    );
    let (mut first_rss, mut last_rss, mut complete) = (None, 0, true);
    for period in 0..periods {
        let first = u64::from(period) * u64::from(SOAK_RATE) * cli.soak_period;
        let sent = rig.load(SOAK_RATE, cli.soak_period, first).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let (p50, p99, max, received) = rig.latencies.take().summary();
        let expected = sent * cli.agents as u64;
        complete &= received as u64 >= expected;
        last_rss = rig.server.rss_kib();
        first_rss.get_or_insert(last_rss);
        println!(
            "  period {:>3}   RSS {:.1} MiB   p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms   ({received} of {expected} receipts)",
            period + 1,
            last_rss as f64 / 1024.0,
            p50.as_secs_f64() * 1e3,
            p99.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3
        );
    }
    let first_rss = first_rss.unwrap_or(last_rss).max(1);
    println!(
        "  RSS after the first period {:.1} MiB, after the last {:.1} MiB: {:+.1} % (to stay within 10 %)",
        first_rss as f64 / 1024.0,
        last_rss as f64 / 1024.0,
        (last_rss as f64 - first_rss as f64) * 100.0 / first_rss as f64
    );
    Ok(complete)
}

/// Opens `count` idle connections and answers the server's memory growth
/// per connection, in KiB.
async fn idle_memory(server: &Process, count: usize, url: &str) -> anyhow::Result<f64> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = server.rss_kib();
    let mut idle = Vec::with_capacity(count);
    for _ in 0..count {
        idle.push(connect(url, None).await?);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = server.rss_kib();
    drop(idle);
    Ok((after.saturating_sub(before)) as f64 / count as f64)
}

/// The floor's server (floor.rs) in a process of its own; answers it and
/// its WebSocket address once it takes connections.
async fn start_floor() -> anyhow::Result<(Process, String)> {
    let port = free_port()?;
    let me = std::env::current_exe()?;
    let server = Process(
        Command::new(me)
            .args(["floor-server", "--addr", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .spawn()?,
    );
    let ws = format!("ws://127.0.0.1:{port}");
    for _ in 0..200 {
        if connect(&format!("{ws}/agent"), None).await.is_ok() {
            return Ok((server, ws));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("the floor server did not come up")
}

async fn measure_floor(cli: &Cli) -> anyhow::Result<Figures> {
    let (server, ws) = start_floor().await?;
    let rss_after_start_kib = server.rss_kib();
    let sent: Sent = Arc::default();
    let latencies = Latencies::default();
    for _ in 0..cli.agents {
        record_latencies(
            connect(&format!("{ws}/agent"), None).await?,
            sent.clone(),
            latencies.clone(),
        );
    }
    let mut customers = Vec::with_capacity(cli.customers);
    for _ in 0..cli.customers {
        customers.push(Arc::new(tokio::sync::Mutex::new(
            connect(&format!("{ws}/customer"), None).await?,
        )));
    }
    let started = Instant::now();
    let customers = Arc::new(customers);
    let total = paced(cli.rate, cli.seconds, 0, &sent, |id| {
        let customers = customers.clone();
        async move {
            let socket = customers[id as usize % customers.len()].clone();
            let _ = socket
                .lock()
                .await
                // Shaped like Switchboard's frame, so both are read alike.
                .send(Message::Text(
                    format!(r#"{{"type":"message.created","message":{{"body":"bench:{id}"}}}}"#)
                        .into(),
                ))
                .await;
        }
    })
    .await;
    let elapsed = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_per_idle_kib = idle_memory(&server, cli.idle, &format!("{ws}/customer")).await?;
    Ok(Figures {
        name: "floor (bare tokio-tungstenite broadcast)",
        latencies,
        expected_receipts: total * cli.agents as u64,
        sent: total,
        elapsed,
        rss_after_start_kib,
        rss_per_idle_kib,
    })
}

/// Customer messages stored back to back through the domain, on the
/// fresh database at `url`, from `writers` customers at once.
async fn measure_ingest(
    url: &str,
    count: usize,
    writers: usize,
) -> anyhow::Result<(usize, Duration)> {
    let sb = Switchboard::open(url).await?;
    let key = sb.widget_key().await?;
    let mut contacts = Vec::new();
    for _ in 0..100 {
        let session = sb
            .start_widget_session(&key, switchboard_core::Visitor::default())
            .await?;
        contacts.push(sb.contact_for_token(&session.contact_token).await?);
    }
    let contacts = Arc::new(contacts);
    let started = Instant::now();
    let writers = (0..writers).map(|w| {
        let (sb, contacts) = (sb.clone(), contacts.clone());
        tokio::spawn(async move {
            for i in (w..count).step_by(writers) {
                let contact = &contacts[i % contacts.len()];
                sb.customer_send(
                    contact,
                    &uuid::Uuid::new_v4().to_string(),
                    "an ingest benchmark message",
                )
                .await?;
            }
            anyhow::Ok(())
        })
    });
    for finished in futures::future::join_all(writers).await {
        finished.context("an ingest writer stopped")??;
    }
    Ok((count, started.elapsed()))
}

/// Ingest on a fresh SQLite file (WAL, synchronous=NORMAL) and a fresh
/// PostgreSQL database, for each number of writers asked.
async fn measure_ingests(cli: &Cli) -> anyhow::Result<()> {
    let line = |count: usize, took: Duration, writers: u16| {
        println!(
            "  {writers:>3} writers: {count} messages in {:.2} s = {:.0} msg/s",
            took.as_secs_f64(),
            count as f64 / took.as_secs_f64()
        );
    };
    println!("sqlite ingest (WAL, synchronous=NORMAL; messages stored together as they wait)");
    for &writers in &cli.ingest_writers {
        let path =
            std::env::temp_dir().join(format!("switchboard-ingest-{}.db", uuid::Uuid::new_v4()));
        let measured = measure_ingest(
            &format!("sqlite://{}", path.display()),
            cli.ingest,
            usize::from(writers),
        )
        .await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let (count, took) = measured?;
        line(count, took, writers);
    }
    println!("postgresql ingest");
    for &writers in &cli.ingest_writers {
        let (count, took) =
            reports::with_fresh_postgres(&cli.postgres_url, "ingest", |url| async move {
                measure_ingest(&url, cli.ingest, usize::from(writers)).await
            })
            .await?;
        line(count, took, writers);
    }
    Ok(())
}

/// The first render of an inbox holding `count` conversations, all being
/// worked on: the time until the server has sent the whole page (the HTML
/// a browser paints before any WASM runs, with the first rows of the list
/// and every tab's count), as an agent opening it sees it.
async fn measure_inbox(cli: &Cli) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("switchboard-inbox-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("site/pkg"))?;
    let url = format!("sqlite://{}", dir.join("inbox.db").display());
    let sb = Switchboard::open(&url).await?;
    let agent = sb
        .create_agent(
            "inbox@bench.test",
            "Inbox Agent",
            Role::Agent,
            PASSWORD.into(),
        )
        .await?;
    let key = sb.widget_key().await?;
    let seeding = Instant::now();
    let writers = (0..8).map(|w| {
        let (sb, key, agent) = (sb.clone(), key.clone(), agent.clone());
        let count = cli.inbox;
        tokio::spawn(async move {
            for i in (w..count).step_by(8) {
                let session = sb
                    .start_widget_session(
                        &key,
                        switchboard_core::Visitor {
                            name: Some(&format!("Customer {i}")),
                            ..Default::default()
                        },
                    )
                    .await?;
                let contact = sb.contact_for_token(&session.contact_token).await?;
                let sent = sb
                    .customer_send(
                        &contact,
                        &uuid::Uuid::new_v4().to_string(),
                        &format!("Question number {i} about an order"),
                    )
                    .await?;
                sb.accept(&agent, sent.conversation.number).await?;
            }
            anyhow::Ok(())
        })
    });
    for finished in futures::future::join_all(writers).await {
        finished.context("a seeding writer stopped")??;
    }
    println!(
        "inbox: {} conversations seeded in {:.1} s",
        cli.inbox,
        seeding.elapsed().as_secs_f64()
    );
    sb.store().close().await;

    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(cli, port, &dir, &url).await?;
    let http = reqwest::Client::new();
    let cookie = log_in(&http, &base, "inbox@bench.test").await?;
    let count = cli.inbox.to_string();
    time_first_render(&http, &base, &cookie, &count).await?;

    // One page of the list as the API gives it: what the inbox reads on
    // each tab change, live update and scroll.
    let pages = time_pages(
        &http,
        &format!("{base}/api/v1/conversations?view=mine&tab=working_on&limit=50"),
        &cookie,
        50.min(cli.inbox),
    )
    .await?;
    let (p50, p99, max, count) = pages.summary_at(0.99);
    println!(
        "  list API, one page of Working On (50 rows)            p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms   ({count} pages)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    Ok(())
}

/// One page of a large store's Pending, narrowed to a label and by the
/// longest wait, as the list API answers it. The conversations are written
/// straight into the database (a million through the widget would take
/// the better part of an hour): every tenth waits in Pending since a time
/// of its own, the rest are resolved; each carries one of five labels, a
/// fifth of them `billing`.
async fn measure_labelled_list(cli: &Cli) -> anyhow::Result<()> {
    const LABELS: [&str; 5] = ["billing", "shipping", "returns", "vip", "bug"];
    let dir = std::env::temp_dir().join(format!("switchboard-labels-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("site/pkg"))?;
    let url = format!("sqlite://{}", dir.join("labels.db").display());
    let sb = Switchboard::open(&url).await?;
    let admin = sb
        .create_agent(
            "labels@bench.test",
            "Label Admin",
            Role::Admin,
            PASSWORD.into(),
        )
        .await?;
    let queue = sb.ensure_queue("Support").await?;
    let mut label_ids = Vec::new();
    for name in LABELS {
        label_ids.push(sb.create_label(&admin, name, None).await?.id);
    }
    let switchboard_core::store::Store::Sqlite(backend) = sb.store() else {
        bail!("the benchmark seeds SQLite");
    };
    let seeding = Instant::now();
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis(),
    )?;
    let mut tx = backend.pool.begin().await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO contacts (name, created_at) SELECT 'Customer ' || i, $2 FROM n",
    )
    .bind(cli.labelled as i64)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // Every tenth in Pending, waiting since a time of its own (the older
    // numbers longer); every hundredth in the admin's Working On; the
    // others resolved, answered.
    sqlx::query(
        "INSERT INTO conversations (contact_id, queue_id, status, assignee_id, last_message, \
           last_message_at, created_at, updated_at, waiting_since) \
         SELECT id, $1, CASE WHEN id % 10 = 0 THEN 'pending' WHEN id % 100 = 1 THEN 'working_on' \
           ELSE 'resolved' END, CASE WHEN id % 100 = 1 THEN $3 END, \
           'Question number ' || id, $2 - (2000000 - id) * 1000, $2 - (2000000 - id) * 1000, $2, \
           CASE WHEN id % 10 = 0 THEN $2 - (2000000 - id) * 1000 END \
         FROM contacts",
    )
    .bind(queue.id)
    .bind(now)
    .bind(admin.id)
    .execute(&mut *tx)
    .await?;
    // Each label on a fifth of the conversations, and of those in Pending.
    for (i, label) in label_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO conversation_labels (conversation_number, label_id, created_at) \
             SELECT number, $1, $2 FROM conversations WHERE (number / 10) % 5 = $3",
        )
        .bind(label)
        .bind(now)
        .bind(i as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&backend.pool).await?;
    println!(
        "labelled list: {} conversations ({} in Pending) seeded in {:.1} s",
        cli.labelled,
        cli.labelled / 10,
        seeding.elapsed().as_secs_f64()
    );
    sb.store().close().await;

    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(cli, port, &dir, &url).await?;
    let http = reqwest::Client::new();
    let cookie = log_in(&http, &base, "labels@bench.test").await?;
    let pages = time_pages(
        &http,
        &format!(
            "{base}/api/v1/conversations?view=all&tab=pending&labels=billing&sort=waiting_longest&limit=50"
        ),
        &cookie,
        50.min(cli.labelled / 50),
    )
    .await?;
    let (p50, p95, max, count) = pages.summary_at(0.95);
    println!(
        "  list API, Pending with label billing, waiting longest first (50 rows)   p50 {:.1} ms   p95 {:.1} ms   max {:.1} ms   ({count} pages)",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );

    // Every tab's count and unread count, as the inbox asks after a change.
    let counts = Latencies::default();
    let pending = (cli.labelled / 10).to_string();
    for round in 0..101 {
        let started = Instant::now();
        let body = http
            .get(format!("{base}/api/v1/conversations/counts?view=all"))
            .header("Cookie", &cookie)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        if !body.contains(&pending) {
            bail!("the counts did not hold Pending's {pending}: {body:.300}");
        }
        if round > 0 {
            counts.record(started.elapsed());
        }
    }
    let (p50, p99, max, count) = counts.summary_at(0.99);
    println!(
        "  tab counts (every tab, count and unread)              p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms   ({count} asks)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    // The admin's inbox opens on their Working On, one in a hundred.
    time_first_render(&http, &base, &cookie, &(cli.labelled / 100).to_string()).await?;
    Ok(())
}

/// Loads the inbox's first page 21 times and prints how long the server
/// took to send it whole (the first load, which warms its caches, not
/// counted); the page must hold rows and `count` (a tab's count).
async fn time_first_render(
    http: &reqwest::Client,
    base: &str,
    cookie: &str,
    count: &str,
) -> anyhow::Result<()> {
    let renders = Latencies::default();
    let mut page_bytes = 0;
    for round in 0..21 {
        let started = Instant::now();
        let page = http
            .get(format!("{base}/"))
            .header("Cookie", cookie)
            .send()
            .await?
            .text()
            .await?;
        let took = started.elapsed();
        let rows = page.matches(r#"data-testid="conversation-row""#).count();
        if rows == 0 || !page.contains(count) {
            bail!("the inbox page did not show the list and its count {count} ({rows} rows)");
        }
        page_bytes = page.len();
        if round > 0 {
            renders.record(took);
        }
    }
    let (p50, p95, max, loads) = renders.summary_at(0.95);
    println!(
        "  first render (whole SSR page, first rows and counts)   p50 {:.1} ms   p95 {:.1} ms   max {:.1} ms   ({loads} loads, {:.0} KiB)",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        page_bytes as f64 / 1024.0
    );
    Ok(())
}

/// Asks for one page of a list 101 times and times each answer but the
/// first (it warms the server's caches); each must hold at least `rows`.
async fn time_pages(
    http: &reqwest::Client,
    url: &str,
    cookie: &str,
    rows: usize,
) -> anyhow::Result<Latencies> {
    let pages = Latencies::default();
    for round in 0..101 {
        let started = Instant::now();
        let response = http.get(url).header("Cookie", cookie).send().await?;
        let status = response.status();
        let body = response.text().await?;
        let took = started.elapsed();
        if !status.is_success() || body.matches(r#""number""#).count() < rows {
            bail!("the list API did not answer a page ({status}): {body:.300}");
        }
        if round > 0 {
            pages.record(took);
        }
    }
    Ok(pages)
}

/// The capacity climb (capacity.rs): on Switchboard, every client an
/// agent's inbox stream and each broadcast a customer's message; then on
/// the floor. Answers whether a step missed receipts.
async fn measure_capacity(cli: &Cli) -> anyhow::Result<bool> {
    let steps = capacity::Steps {
        step: cli.capacity_step as usize,
        max: cli.capacity_max as usize,
        broadcasts: 10,
    };
    let dir = std::env::temp_dir().join(format!("switchboard-capacity-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("site/pkg"))?;
    let url = format!("sqlite://{}", dir.join("capacity.db").display());
    let sb = Switchboard::open(&url).await?;
    sb.create_agent(
        "capacity@bench.test",
        "Capacity Agent",
        Role::Agent,
        PASSWORD.into(),
    )
    .await?;
    let key = sb.widget_key().await?;
    sb.store().close().await;
    let port = free_port()?;
    let (base, ws) = (
        format!("http://127.0.0.1:{port}"),
        format!("ws://127.0.0.1:{port}"),
    );
    let server = start_server(cli, port, &dir, &url).await?;
    let http = reqwest::Client::new();
    let cookie = log_in(&http, &base, "capacity@bench.test").await?;
    let token = widget_session(&http, &base, &key).await?;
    let inbox = format!("{ws}/api/v1/ws");
    let (switchboard, missed) = capacity::climb(
        "capacity: Switchboard (agents' inbox streams; a customer writes)",
        &steps,
        || connect(&inbox, Some(&cookie)),
        |id| {
            let request = customer_message(&http, &base, &token, id);
            async move {
                let _ = request.send().await;
            }
        },
    )
    .await?;
    // Its clients close with it.
    drop(server);

    let (_floor, ws) = start_floor().await?;
    let customer = tokio::sync::Mutex::new(connect(&format!("{ws}/customer"), None).await?);
    let agents = format!("{ws}/agent");
    let (floor, floor_missed) = capacity::climb(
        "capacity: floor (bare tokio-tungstenite broadcast)",
        &steps,
        || connect(&agents, None),
        |id| {
            let customer = &customer;
            async move {
                let frame =
                    format!(r#"{{"type":"message.created","message":{{"body":"bench:{id}"}}}}"#);
                let _ = customer
                    .lock()
                    .await
                    .send(Message::Text(frame.into()))
                    .await;
            }
        },
    )
    .await?;
    println!(
        "  clients one broadcast reaches with p95 within 500 ms: Switchboard {switchboard}, floor {floor} (of at most {})",
        steps.max
    );
    Ok(missed || floor_missed)
}

/// Prints the figures; answers whether every agent got every message.
fn print(f: &Figures) -> bool {
    let (p50, p99, max, received) = f.latencies.summary();
    println!("{}", f.name);
    println!(
        "  customer → agent latency   p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
    println!(
        "  messages                   {} sent in {:.1} s = {:.0} msg/s; {} of {} agent receipts",
        f.sent,
        f.elapsed.as_secs_f64(),
        f.sent as f64 / f.elapsed.as_secs_f64(),
        received,
        f.expected_receipts
    );
    println!(
        "  memory per idle connection {:.1} KiB (server RSS growth); server RSS after start {:.1} MiB",
        f.rss_per_idle_kib,
        f.rss_after_start_kib as f64 / 1024.0
    );
    received as u64 >= f.expected_receipts
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if let Some(Internal::FloorServer { addr }) = &cli.command {
        return runtime.block_on(floor::serve(addr));
    }
    runtime.block_on(async {
        if let Some(periods) = cli.soak {
            if !soak(&cli, periods).await? && cli.strict {
                bail!("some agents missed messages during the soak");
            }
            return Ok(());
        }
        let only = cli.only.as_deref();
        if only == Some("reports") {
            return reports::measure_reports(&cli).await;
        }
        println!(
            "{} customers, {} agents, {} msg/s for {} s; {} idle connections; {} messages ingested\n",
            cli.customers, cli.agents, cli.rate, cli.seconds, cli.idle, cli.ingest
        );
        if only == Some("inbox") || only.is_none() {
            measure_inbox(&cli).await?;
            measure_labelled_list(&cli).await?;
        }
        if only.is_none() || only == Some("live") {
            let switchboard = measure_switchboard(&cli).await?;
            let complete = print(&switchboard);
            let floor = measure_floor(&cli).await?;
            print(&floor);
            if cli.strict && !complete {
                bail!("some agents missed messages");
            }
        }
        if only.is_none() || only == Some("ingest") {
            measure_ingests(&cli).await?;
        }
        if only.is_none() || only == Some("capacity") {
            let missed = measure_capacity(&cli).await?;
            if cli.strict && missed {
                bail!("a capacity step missed receipts");
            }
        }
        Ok(())
    })
}
