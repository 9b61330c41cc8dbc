#![allow(dead_code)]
//! A real server on a free port, over either database, and the calls the
//! tests make to it.

use serde_json::{json, Value};
use switchboard::{router, AppState};
// Each test binary uses a few of these.
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use switchboard_core::email::Mailer;
#[allow(unused_imports)]
pub use switchboard_core::testing::{postgres, postgres_with_url, sqlite};
use switchboard_core::types::Role;
use switchboard_core::MailRoute;
use switchboard_core::Switchboard;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub const PASSWORD: &str = "correct horse battery";

pub struct Server {
    pub base: String,
    pub switchboard: Switchboard,
    pub http: reqwest::Client,
}

pub async fn serve(switchboard: Switchboard) -> Server {
    serve_with(switchboard, Setup::default()).await
}

/// A server that lets one address make `per_minute` limited requests.
pub async fn serve_with_rate_limit(switchboard: Switchboard, per_minute: u32) -> Server {
    let setup = Setup {
        per_minute,
        logins_per_minute: per_minute,
        ..Setup::default()
    };
    serve_with(switchboard, setup).await
}

/// How a test's server is set up.
pub struct Setup {
    /// Limited requests a minute from one address…
    pub per_minute: u32,
    /// …and tries of a password or link (or any quota for them).
    pub logins_per_minute: u32,
    pub login_quota: Option<governor::Quota>,
    pub mail: Option<MailRoute>,
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    pub metrics_token: Option<String>,
    /// The built site's folder (none: the UI's files are not there).
    pub site_root: Option<String>,
    /// Behind a reverse proxy (`--trust-forwarded`).
    pub trust_forwarded: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            per_minute: 100_000,
            logins_per_minute: 100_000,
            login_quota: None,
            mail: None,
            metrics: None,
            metrics_token: None,
            site_root: None,
            trust_forwarded: false,
        }
    }
}

pub async fn serve_with(switchboard: Switchboard, setup: Setup) -> Server {
    switchboard.start_live_feed().await.unwrap();
    let state = AppState {
        leptos_options: leptos::prelude::LeptosOptions::builder()
            .output_name("switchboard")
            .site_root(setup.site_root.as_deref().unwrap_or("target/site"))
            .build(),
        switchboard: switchboard.clone(),
        cookies: app::CookiePolicy { secure: false },
        public_url: None,
        metrics: setup.metrics,
        metrics_token: setup.metrics_token,
        rate_limits: switchboard::rate_limit::RateLimits::with_quotas(
            governor::Quota::per_minute(std::num::NonZeroU32::new(setup.per_minute).unwrap()),
            setup.login_quota.unwrap_or_else(|| {
                governor::Quota::per_minute(
                    std::num::NonZeroU32::new(setup.logins_per_minute).unwrap(),
                )
            }),
            setup.trust_forwarded,
        ),
        mail: setup.mail,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    Server {
        base: format!("http://{addr}"),
        switchboard,
        http: reqwest::Client::new(),
    }
}

/// One number the store answers (`SELECT COUNT(*) …`), to see that
/// nothing changed.
pub async fn count(server: &Server, sql: &str) -> i64 {
    use switchboard_core::Store;
    match server.switchboard.store() {
        Store::Sqlite(b) => sqlx::query_scalar(sql).fetch_one(&b.pool).await.unwrap(),
        Store::Postgres(b) => sqlx::query_scalar(sql).fetch_one(&b.pool).await.unwrap(),
    }
}

/// Runs one statement on the server's database (to set up what a test
/// cannot wait for).
pub async fn execute(server: &Server, sql: &str) {
    use switchboard_core::Store;
    match server.switchboard.store() {
        Store::Sqlite(b) => {
            sqlx::query(sql).execute(&b.pool).await.unwrap();
        }
        Store::Postgres(b) => {
            sqlx::query(sql).execute(&b.pool).await.unwrap();
        }
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates an agent and logs in; answers the session cookie.
    pub async fn agent(&self, name: &str) -> String {
        self.account(name, Role::Agent).await
    }

    pub async fn account(&self, name: &str, role: Role) -> String {
        let email = format!("{}@example.com", name.to_lowercase());
        self.switchboard
            .create_agent(&email, name, role, PASSWORD.into())
            .await
            .unwrap();
        let response = self
            .http
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let cookie = response.headers()["set-cookie"].to_str().unwrap();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        cookie.split(';').next().unwrap().to_string()
    }

    pub async fn customer(&self) -> String {
        let key = self.switchboard.widget_key().await.unwrap();
        let response = self
            .http
            .post(self.url("/api/v1/widget/sessions"))
            .json(&json!({ "widget_key": key, "name": "Maria" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        body["contact_token"].as_str().unwrap().to_string()
    }

    pub async fn customer_says(&self, token: &str, text: &str) -> Value {
        let response = self
            .http
            .post(self.url("/api/v1/widget/messages"))
            .header("X-Contact-Token", token)
            .json(&json!({ "client_id": uuid::Uuid::new_v4(), "body": text }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    pub async fn agent_post(&self, cookie: &str, path: &str, body: Value) -> (u16, Value) {
        self.agent_send(self.http.post(self.url(path)), cookie, body)
            .await
    }

    pub async fn agent_patch(&self, cookie: &str, path: &str, body: Value) -> (u16, Value) {
        self.agent_send(self.http.patch(self.url(path)), cookie, body)
            .await
    }

    async fn agent_send(
        &self,
        request: reqwest::RequestBuilder,
        cookie: &str,
        body: Value,
    ) -> (u16, Value) {
        let response = request
            .header("Cookie", cookie)
            .json(&body)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    pub async fn socket(&self, path: &str, cookie: Option<&str>) -> Socket {
        let mut request = format!("{}{path}", self.base.replace("http://", "ws://"))
            .into_client_request()
            .unwrap();
        if let Some(cookie) = cookie {
            request
                .headers_mut()
                .insert("Cookie", cookie.parse().unwrap());
        }
        let (socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        socket
    }
}

/// The next frame of `type`, skipping others; fails after two seconds.
pub async fn next_of(socket: &mut Socket, kind: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        let message = tokio::time::timeout_at(deadline, futures::StreamExt::next(socket))
            .await
            .unwrap_or_else(|_| panic!("no {kind} frame within 2 s"))
            .expect("socket open")
            .expect("a frame");
        if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == kind {
                return frame;
            }
        }
    }
}

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

#[macro_export]
macro_rules! on_both {
    ($($name:ident($server:ident) $body:block)*) => {
        mod on_sqlite { use super::*; $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let $server = serve(sqlite().await).await; $body })* }
        mod on_postgres { use super::*; $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let $server = serve(postgres().await).await; $body })* }
    };
}

/// A real SMTP server (aiosmtpd) writing what it receives to a maildir.
pub struct SmtpSink {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let python = std::env::var("SWITCHBOARD_TEST_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/mail-venv/bin/python")
            });
        assert!(
            python.exists(),
            "the e-mail tests need aiosmtpd: scripts/test-all installs it in target/mail-venv \
             (or set SWITCHBOARD_TEST_PYTHON to a Python that has it)"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir =
            std::env::temp_dir().join(format!("switchboard-mail-{}", uuid::Uuid::new_v4()));
        let mut child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpSink {
                    child,
                    port,
                    maildir,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the SMTP server did not start");
    }

    pub fn route(&self) -> MailRoute {
        MailRoute {
            mailer: Mailer::from_url(
                &format!("smtp://127.0.0.1:{}", self.port),
                "Acme Support <support@acme.test>",
            )
            .unwrap(),
            reply_domain: "reply.acme.test".into(),
            link_base: Some("https://support.acme.test".into()),
        }
    }

    /// The mails received so far, raw.
    pub fn received(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else {
            return Vec::new();
        };
        entries
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

/// A header of a raw mail (unfolded).
pub fn header(raw: &str, name: &str) -> Option<String> {
    let unfolded = raw
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    unfolded.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

/// A real S3-compatible server (moto's server mode) with one bucket.
pub struct S3Store {
    child: Child,
    pub endpoint: String,
    pub bucket: String,
}

impl S3Store {
    pub async fn start() -> S3Store {
        let moto = std::env::var("SWITCHBOARD_TEST_MOTO")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/s3-venv/bin/moto_server")
            });
        assert!(
            moto.exists(),
            "the S3 tests need moto: scripts/test-all installs it in target/s3-venv \
             (or set SWITCHBOARD_TEST_MOTO to a moto_server)"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(moto)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let endpoint = format!("http://127.0.0.1:{port}");
        let bucket = format!("switchboard-{}", uuid::Uuid::new_v4().simple());
        let http = reqwest::Client::new();
        for _ in 0..200 {
            if let Ok(response) = http.put(format!("{endpoint}/{bucket}")).send().await {
                assert!(response.status().is_success(), "{}", response.status());
                return S3Store {
                    child,
                    endpoint,
                    bucket,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the S3 server did not start");
    }

    /// Files kept under `prefix` in the bucket.
    pub fn files(&self, prefix: &str) -> switchboard_core::attachments::Files {
        switchboard_core::attachments::Files::at_with(
            &format!("s3://{}/{prefix}", self.bucket),
            &[
                ("aws_endpoint", &self.endpoint),
                ("aws_allow_http", "true"),
                ("aws_region", "us-east-1"),
                ("aws_access_key_id", "test"),
                ("aws_secret_access_key", "test"),
            ],
        )
        .unwrap()
    }

    /// How many objects the bucket holds under `prefix`.
    pub async fn objects(&self, prefix: &str) -> usize {
        let list = reqwest::Client::new()
            .get(format!(
                "{}/{}?list-type=2&prefix={prefix}",
                self.endpoint, self.bucket
            ))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        list.matches("<Key>").count()
    }
}

impl Drop for S3Store {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
