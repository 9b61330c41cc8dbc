//! The reports over a year of history, on SQLite and on PostgreSQL: a
//! store seeded straight in SQL with resolved conversations and the
//! reports' summary tables, then the 30-day overview and the table by
//! agent as the API answers them, and how long the live board takes to
//! show a new customer waiting.

use crate::stats::Latencies;
use crate::PASSWORD;
use crate::{connect, customer_message, free_port, log_in, start_server, widget_session, Cli};
use anyhow::{bail, Context};
use futures::StreamExt;
use serde_json::Value;
use sqlx::Connection;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use switchboard_core::store::Store;
use switchboard_core::types::Role;
use switchboard_core::Switchboard;
use tokio_tungstenite::tungstenite::Message;

/// A year, in milliseconds.
const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

/// Agents the conversations are spread over (the admin among them).
const AGENTS: usize = 20;

/// Times the live board is asked to show a change.
const LIVE_ROUNDS: u64 = 20;

/// How long one step may take before the benchmark gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// Writes `plan` into `pool` in one transaction. A macro: the same
/// statements on SQLite's pool and PostgreSQL's.
macro_rules! seed {
    ($pool:expr, $plan:expr) => {{
        let (pool, plan) = (&$pool, &$plan);
        let mut tx = pool.begin().await?;
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1) \
             INSERT INTO contacts (name, created_at) SELECT 'Reports customer ' || i, $2 FROM n ORDER BY i",
        )
        .bind(plan.contacts)
        .bind(plan.now)
        .execute(&mut *tx)
        .await?;
        let (first_contact, last_contact): (i64, i64) = sqlx::query_as(
            "SELECT MIN(id), MAX(id) FROM contacts WHERE name LIKE 'Reports customer %'",
        )
        .fetch_one(&mut *tx)
        .await?;
        if last_contact - first_contact + 1 != plan.contacts {
            bail!("the contacts' ids are not consecutive");
        }
        sqlx::query(&plan.conversations())
            .bind(plan.count)
            .bind(plan.now)
            .bind(first_contact)
            .bind(plan.contacts)
            .execute(&mut *tx)
            .await?;
        let (first, last): (i64, i64) =
            sqlx::query_as("SELECT MIN(number), MAX(number) FROM conversations")
                .fetch_one(&mut *tx)
                .await?;
        if last - first + 1 != plan.count {
            bail!("the conversations' numbers are not consecutive");
        }
        for statement in SUMMARY {
            sqlx::query(statement).bind(first).execute(&mut *tx).await?;
        }
        // The summary is complete: the server must not rebuild it from
        // the messages (there are none).
        sqlx::query("UPDATE settings SET value = 'true' WHERE key = 'report_facts_built'")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }};
}

/// Runs the reports' measurement on SQLite, then on a fresh PostgreSQL
/// database made (and dropped) through `postgres_url`.
pub async fn measure_reports(cli: &Cli) -> anyhow::Result<()> {
    let (count, postgres_url) = (usize::try_from(cli.reports)?, cli.postgres_url.as_str());
    let dir = temp_dir("sqlite")?;
    let url = format!("sqlite://{}", dir.join("reports.db").display());
    let measured = measure_on(cli, "SQLite", &url, &dir, count).await;
    let _ = std::fs::remove_dir_all(&dir);
    measured?;

    let dir = temp_dir("postgres")?;
    let site = &dir;
    let measured = with_fresh_postgres(postgres_url, "reports", |url| async move {
        measure_on(cli, "PostgreSQL", &url, site, count).await
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
    measured
}

/// Runs `measure` on a fresh database made through `postgres_url` (a
/// PostgreSQL server's), given its URL, and drops the database after.
pub async fn with_fresh_postgres<F, Fut, T>(
    postgres_url: &str,
    what: &str,
    measure: F,
) -> anyhow::Result<T>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    let name = format!("bench_{what}_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(postgres_url)
        .await
        .with_context(|| format!("cannot reach PostgreSQL at {postgres_url}"))?;
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await?;
    let measured = match database_url(postgres_url, &name) {
        Ok(url) => measure(url).await,
        Err(e) => Err(e),
    };
    // The measurement has ended; WITH (FORCE) ends any connection left over.
    let dropped = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await;
    let measured = measured?;
    dropped.with_context(|| format!("cannot drop the database {name}"))?;
    Ok(measured)
}

/// A fresh folder with the empty site the server serves.
fn temp_dir(kind: &str) -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "switchboard-reports-{kind}-{}",
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(dir.join("site/pkg"))?;
    Ok(dir)
}

/// `url` (a PostgreSQL server's) naming the database `name` instead.
fn database_url(url: &str, name: &str) -> anyhow::Result<String> {
    let (address, query) = match url.split_once('?') {
        Some((address, query)) => (address, format!("?{query}")),
        None => (url, String::new()),
    };
    let after_scheme = address
        .find("://")
        .context("the PostgreSQL URL has no scheme")?
        + 3;
    let host_end = address[after_scheme..]
        .find('/')
        .map_or(address.len(), |at| after_scheme + at);
    Ok(format!("{}/{name}{query}", &address[..host_end]))
}

/// Seeds the store at `url`, starts the server over it and prints what
/// the reports take.
async fn measure_on(
    cli: &Cli,
    backend: &str,
    url: &str,
    dir: &Path,
    count: usize,
) -> anyhow::Result<()> {
    let sb = Switchboard::open(url).await?;
    let mut agents = Vec::with_capacity(AGENTS);
    agents.push(
        sb.create_agent(
            "reports@bench.test",
            "Reports Admin",
            Role::Admin,
            PASSWORD.into(),
        )
        .await?
        .id,
    );
    for i in 1..AGENTS {
        let agent = sb
            .create_agent(
                &format!("reports{i}@bench.test"),
                &format!("Reports Agent {i}"),
                Role::Agent,
                PASSWORD.into(),
            )
            .await?;
        agents.push(agent.id);
    }
    let mut queues = Vec::new();
    for name in ["Reports Sales", "Reports Support", "Reports Billing"] {
        queues.push(sb.ensure_queue(name).await?.id);
    }
    let key = sb.widget_key().await?;
    let seeding = Instant::now();
    let plan = Seed {
        count: i64::try_from(count)?,
        contacts: i64::try_from((count / 10).max(1))?,
        now: i64::try_from(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_millis(),
        )?,
        // Shifted every 20 conversations, so the reopens (every 20th)
        // fall to every agent too.
        agent: pick("(i + i / 20)", &agents),
        queue: pick("i", &queues),
    };
    match sb.store() {
        Store::Sqlite(backend) => seed!(backend.pool, plan),
        // PostgreSQL's autovacuum vacuums and analyzes tables this size on
        // its own (here at once, as a store this old would be). The
        // server never analyzes SQLite (whose planner then trusts its
        // indexes), so neither does the benchmark: statistics of a store
        // where every conversation is resolved would steer Pending's reads
        // away from their index.
        Store::Postgres(backend) => {
            seed!(backend.pool, plan);
            sqlx::query("VACUUM ANALYZE").execute(&backend.pool).await?;
        }
    }
    println!(
        "reports on {backend}: {count} conversations (seeded in {:.1} s)",
        seeding.elapsed().as_secs_f64()
    );
    sb.store().close().await;

    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let _server = start_server(cli, port, dir, url).await?;
    let http = reqwest::Client::new();
    let cookie = log_in(&http, &base, "reports@bench.test").await?;

    let overview = time_report(
        &http,
        &format!("{base}/api/v1/reports/overview?days=30"),
        &cookie,
        |body| body["figures"]["new_conversations"].as_i64().unwrap_or(0) > 0,
    )
    .await?;
    print_line("30-day overview", &overview, 0.95, "p95");
    let table = time_report(
        &http,
        &format!("{base}/api/v1/reports/breakdown?by=agent&days=30"),
        &cookie,
        |body| body["rows"].as_array().is_some_and(|rows| !rows.is_empty()),
    )
    .await?;
    print_line("30-day table by agent", &table, 0.95, "p95");
    // The inbox's tab counts over the same store: kept as the changes
    // happen, they should not grow with it.
    let counts = time_report(
        &http,
        &format!("{base}/api/v1/conversations/counts?view=all"),
        &cookie,
        |body| body["resolved"]["count"].as_i64() == i64::try_from(count).ok(),
    )
    .await?;
    print_line("tab counts", &counts, 0.95, "p95");

    let board = live_board(&http, &base, port, &cookie, &key).await?;
    print_line("live board after a change", &board, 1.0, "max");
    Ok(())
}

/// What the seeding writes: `count` conversations over the year before
/// `now`, shared by `contacts` contacts; `agent` and `queue` pick each
/// conversation's own from its index `i`.
struct Seed {
    count: i64,
    contacts: i64,
    now: i64,
    agent: String,
    queue: String,
}

/// SQL choosing one of `ids` by the value of `of`, in turn.
fn pick(of: &str, ids: &[i64]) -> String {
    let arms: String = ids
        .iter()
        .enumerate()
        .map(|(k, id)| format!(" WHEN {k} THEN {id}"))
        .collect();
    format!("(CASE {of} % {}{arms} END)", ids.len())
}

impl Seed {
    /// The conversations, in the order of their index `i` ($1 how many,
    /// $2 now, $3 the first contact, $4 how many contacts): every 20th has
    /// a reopen (seq 1); three in ten are rated 1 to 5, mostly high.
    fn conversations(&self) -> String {
        format!(
            "WITH RECURSIVE n(i) AS (SELECT CAST(0 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $1) \
             INSERT INTO conversations (contact_id, queue_id, status, assignee_id, resolved_by_id, \
               last_seq, last_message, last_message_at, created_at, updated_at, rating) \
             SELECT $3 + i % $4, {queue}, 'resolved', {agent}, {agent}, \
               CASE WHEN i % 20 = 0 THEN 1 ELSE 0 END, 'Question number ' || i, at, at, at, \
               CASE WHEN rated < 30 THEN CASE WHEN score = 0 THEN 1 WHEN score = 1 THEN 2 \
                 WHEN score < 4 THEN 3 WHEN score < 9 THEN 4 ELSE 5 END END \
             FROM (SELECT i, $2 - {YEAR_MS} + i * {YEAR_MS} / $1 AS at, \
                     ((i * 2654435761) % 4294967296) / 42949673 AS rated, \
                     ((i * 2246822519) % 4294967296) / 214748365 AS score FROM n) s \
             ORDER BY i",
            queue = self.queue,
            agent = self.agent,
        )
    }
}

/// The statements after the conversations, each bound to the first
/// conversation's number ($1, so `number - $1` is the index `i`).
const SUMMARY: [&str; 5] = [
    // First responses: 30 s to 30 min after the customer wrote.
    "INSERT INTO report_first_responses \
       (conversation_number, queue_id, agent_id, asked_at, answered_at, business_ms) \
     SELECT number, queue_id, assignee_id, created_at, created_at + ms, ms FROM \
       (SELECT number, queue_id, assignee_id, created_at, \
          30000 + (((number - $1) * 7919) % 1771) * 1000 AS ms FROM conversations) s",
    // Resolves: 10 min to 2 days after the start.
    "INSERT INTO report_resolutions \
       (conversation_number, queue_id, agent_id, started_at, resolved_at, business_ms) \
     SELECT number, queue_id, assignee_id, created_at, created_at + ms, ms FROM \
       (SELECT number, queue_id, assignee_id, created_at, \
          600000 + (((number - $1) * 104729) % 172201) * 1000 AS ms FROM conversations) s",
    // Every 20th reopened an hour after its resolve ...
    "INSERT INTO conversation_events \
       (conversation_number, seq, event_type, actor_kind, actor_agent_id, data, created_at) \
     SELECT conversation_number, 1, 'conversation.reopened', 'agent', agent_id, '{}', \
       resolved_at + 3600000 \
     FROM report_resolutions WHERE (conversation_number - $1) % 20 = 0",
    // ... and resolved again an hour later.
    "INSERT INTO report_resolutions \
       (conversation_number, queue_id, agent_id, started_at, resolved_at, business_ms) \
     SELECT e.conversation_number, c.queue_id, e.actor_agent_id, e.created_at, \
       e.created_at + 3600000, 3600000 \
     FROM conversation_events e JOIN conversations c ON c.number = e.conversation_number \
     WHERE e.event_type = 'conversation.reopened' AND e.conversation_number >= $1",
    // The ratings, 10 min after the last resolve.
    "INSERT INTO ratings \
       (conversation_number, contact_id, agent_id, queue_id, score, rated_at, changed_at) \
     SELECT c.number, c.contact_id, c.assignee_id, c.queue_id, c.rating, \
       r.last + 600000, r.last + 600000 \
     FROM conversations c JOIN (SELECT conversation_number, MAX(resolved_at) AS last \
       FROM report_resolutions GROUP BY conversation_number) r ON r.conversation_number = c.number \
     WHERE c.rating IS NOT NULL AND c.number >= $1",
];

/// Asks `url` 21 times and times each answer but the first (it warms the
/// server's caches); each must be 200 and pass `check`.
async fn time_report(
    http: &reqwest::Client,
    url: &str,
    cookie: &str,
    check: impl Fn(&Value) -> bool,
) -> anyhow::Result<Latencies> {
    let times = Latencies::default();
    for round in 0..21 {
        let started = Instant::now();
        let body = get_json(http, url, cookie).await?;
        let took = started.elapsed();
        if !check(&body) {
            bail!("{url} answered no figures: {:.300}", body.to_string());
        }
        if round > 0 {
            times.record(took);
        }
    }
    Ok(times)
}

/// A GET answered 200 with JSON.
async fn get_json(http: &reqwest::Client, url: &str, cookie: &str) -> anyhow::Result<Value> {
    let response = http.get(url).header("Cookie", cookie).send().await?;
    let status = response.status();
    let body = response.text().await?;
    if status != reqwest::StatusCode::OK {
        bail!("{url} answered {status}: {body:.300}");
    }
    serde_json::from_str(&body).with_context(|| format!("{url} answered no JSON"))
}

/// Customers waiting in Pending, as the live board says.
async fn waiting(http: &reqwest::Client, base: &str, cookie: &str) -> anyhow::Result<i64> {
    let board = get_json(http, &format!("{base}/api/v1/reports/live"), cookie).await?;
    board["waiting"]
        .as_i64()
        .context("the live board answered no `waiting`")
}

/// With the admin's live stream open, a new customer writes, 20 times:
/// each time from the send until the stream has brought the message and
/// the live board counts one more waiting.
async fn live_board(
    http: &reqwest::Client,
    base: &str,
    port: u16,
    cookie: &str,
    key: &str,
) -> anyhow::Result<Latencies> {
    let mut socket = connect(&format!("ws://127.0.0.1:{port}/api/v1/ws"), Some(cookie)).await?;
    let (frames_in, mut frames) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            if let Message::Text(text) = message {
                if frames_in.send(text.to_string()).is_err() {
                    break;
                }
            }
        }
    });
    // The stream opens with the agent's tab counts: a change is timed once
    // they have come.
    next_frame_with(&mut frames, "\"counts.updated\"").await?;
    let mut before = waiting(http, base, cookie).await?;
    let times = Latencies::default();
    for id in 0..LIVE_ROUNDS {
        let token = widget_session(http, base, key).await?;
        // Frames from before this round (the new session's) are not its.
        while frames.try_recv().is_ok() {}
        let started = Instant::now();
        let sent = customer_message(http, base, &token, id).send().await?;
        if !sent.status().is_success() {
            bail!("the customer's message was refused: {}", sent.status());
        }
        next_frame_with(&mut frames, &format!("bench:{id}\"")).await?;
        loop {
            let now = waiting(http, base, cookie).await?;
            if now == before + 1 {
                break;
            }
            if started.elapsed() > PATIENCE {
                bail!(
                    "the live board still shows {now} waiting, not {}",
                    before + 1
                );
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        times.record(started.elapsed());
        before += 1;
    }
    Ok(times)
}

/// Waits for the next frame of the live stream that holds `marker`.
async fn next_frame_with(
    frames: &mut tokio::sync::mpsc::UnboundedReceiver<String>,
    marker: &str,
) -> anyhow::Result<()> {
    loop {
        let frame = tokio::time::timeout(PATIENCE, frames.recv())
            .await
            .context("the admin's live stream brought nothing")?
            .context("the admin's live stream closed")?;
        if frame.contains(marker) {
            return Ok(());
        }
    }
}

/// Prints `p50` and the `high` quantile (called `name`) of `times`.
fn print_line(what: &str, times: &Latencies, high: f64, name: &str) {
    let (p50, at_high, _, _) = times.summary_at(high);
    println!(
        "  {what:<27}p50 {:.1} ms   {name} {:.1} ms",
        p50.as_secs_f64() * 1e3,
        at_high.as_secs_f64() * 1e3
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_new_database_in_the_url() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "x").unwrap(),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            database_url("postgres://u:p@db/postgres?sslmode=disable", "x").unwrap(),
            "postgres://u:p@db/x?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://db:5432", "x").unwrap(),
            "postgres://db:5432/x"
        );
    }

    #[test]
    fn picks_in_turn() {
        assert_eq!(
            pick("i", &[7, 9]),
            "(CASE i % 2 WHEN 0 THEN 7 WHEN 1 THEN 9 END)"
        );
    }
}
