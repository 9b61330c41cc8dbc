//! Fresh stores for tests (the `testing` feature): a new SQLite file, or a
//! new PostgreSQL database on the server at `TEST_POSTGRES_URL` (by default
//! the local one). Each call makes one of its own.

use crate::Switchboard;

pub async fn sqlite() -> Switchboard {
    let path = std::env::temp_dir().join(format!("switchboard-test-{}.db", uuid::Uuid::new_v4()));
    Switchboard::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("open a fresh SQLite store")
}

pub async fn postgres() -> Switchboard {
    postgres_with_url().await.1
}

/// A fresh PostgreSQL database: its URL (for server processes) and a store on it.
pub async fn postgres_with_url() -> (String, Switchboard) {
    let admin_url = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!("switchboard_test_{}", uuid::Uuid::new_v4().simple());
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("PostgreSQL must be running for these tests (set TEST_POSTGRES_URL)");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create a test database");
    admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("a database URL with a path");
    let url = format!("{base}/{name}");
    let files = crate::attachments::Files::folder(
        &std::env::temp_dir().join(format!("{name}-attachments")),
    )
    .expect("a folder for the test's files");
    let store = Switchboard::open(&url)
        .await
        .expect("open a fresh PostgreSQL store")
        .with_files(files);
    (url, store)
}

/// Writes each test twice, `on_sqlite::name` and `on_postgres::name`, each
/// with a fresh store bound to the name given:
/// `on_both! { a_test(sb) { … } }`.
#[macro_export]
macro_rules! on_both {
    ($($name:ident($sb:ident) $body:block)*) => {
        mod on_sqlite { use super::*; $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let $sb = $crate::testing::sqlite().await; $body })* }
        mod on_postgres { use super::*; $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let $sb = $crate::testing::postgres().await; $body })* }
    };
}

/// A new member of the team: `name@example.com` (in lower case), with the
/// password "correct horse battery".
pub async fn agent(
    sb: &Switchboard,
    name: &str,
    role: switchboard_types::Role,
) -> switchboard_types::Agent {
    sb.create_agent(
        &format!("{}@example.com", name.to_lowercase()),
        name,
        role,
        "correct horse battery".into(),
    )
    .await
    .expect("a new agent")
}

/// A new visitor of the widget, anonymous.
pub async fn visitor(sb: &Switchboard) -> crate::Customer {
    let key = sb.widget_key().await.expect("the widget key");
    let session = sb
        .start_widget_session(&key, Default::default())
        .await
        .expect("a widget session");
    sb.contact_for_token(&session.contact_token)
        .await
        .expect("the session's customer")
}

/// Names and values as the API takes them (attributes, answers).
pub fn given(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A Dovecot IMAP server of its own, on loopback, started with
/// `scripts/imap-test-server`: one mailbox (`user`, `password`), plain IMAP.
/// Dropping it stops the server and removes its folder.
pub struct Dovecot {
    pub port: u16,
    pub user: String,
    pub password: String,
    dir: std::path::PathBuf,
    child: std::process::Child,
}

impl Dovecot {
    /// Starts a server on a free port and waits until it answers.
    pub async fn start() -> Dovecot {
        Dovecot::start_with("").await
    }

    /// [`Dovecot::start`] with lines of Dovecot config added, e.g.
    /// `imap_capability = IMAP4rev1 UIDPLUS` for a server without MOVE.
    pub async fn start_with(config: &str) -> Dovecot {
        let found = ["dovecot", "/usr/sbin/dovecot"].iter().any(|program| {
            std::process::Command::new(program)
                .arg("--version")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        });
        assert!(
            found,
            "Dovecot is not installed, and the IMAP tests start their own server: \
             apt-get install dovecot-imapd (scripts/install-tools installs it)"
        );
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/imap-test-server");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port for Dovecot")
            .port();
        let id = uuid::Uuid::new_v4().simple().to_string();
        // Short: Dovecot's sockets live in here, and socket paths are short.
        let dir = std::env::temp_dir().join(format!("sb-imap-{}", &id[..12]));
        let user = "support@example.test".to_owned();
        let password = format!("pw-{}", &id[12..]);
        let mut child = std::process::Command::new(&script)
            .arg(port.to_string())
            .arg(&dir)
            .arg(&user)
            .arg(&password)
            .env("IMAP_TEST_EXTRA_CONFIG", config)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", script.display()));

        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            let log = || std::fs::read_to_string(dir.join("dovecot.log")).unwrap_or_default();
            if let Ok(Some(status)) = child.try_wait() {
                panic!("Dovecot stopped at once ({status}); its log:\n{}", log());
            }
            if std::time::Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "Dovecot did not answer on port {port} within 10 s; its log:\n{}",
                    log()
                );
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        Dovecot {
            port,
            user,
            password,
            dir,
            child,
        }
    }

    /// The mailbox's settings, for `folder`.
    pub fn account(&self, folder: &str) -> crate::email::imap::ImapAccount {
        crate::email::imap::ImapAccount {
            host: "127.0.0.1".into(),
            port: self.port,
            security: crate::email::imap::ImapSecurity::None,
            user: self.user.clone(),
            password: self.password.clone(),
            folder: folder.into(),
        }
    }

    async fn open(&self, folder: &str) -> crate::email::imap::ImapConnection {
        crate::email::imap::ImapConnection::open(&self.account(folder))
            .await
            .unwrap_or_else(|e| panic!("open {folder} on the test Dovecot: {e}"))
    }

    /// Delivers a mail to the INBOX (APPEND).
    pub async fn deliver(&self, raw: &[u8]) {
        let mut connection = self.open("INBOX").await;
        connection
            .append(raw)
            .await
            .unwrap_or_else(|e| panic!("deliver a mail to the test Dovecot: {e}"));
        connection.logout().await;
    }

    /// Creates a folder next to the INBOX.
    pub async fn create_folder(&self, name: &str) {
        let mut connection = self.open("INBOX").await;
        connection
            .create_folder(name)
            .await
            .unwrap_or_else(|e| panic!("create {name} on the test Dovecot: {e}"));
        connection.logout().await;
    }

    /// The UIDs of the mails in `folder` that are marked read.
    pub async fn seen(&self, folder: &str) -> Vec<u32> {
        let mut connection = self.open(folder).await;
        let uids = connection
            .seen_uids()
            .await
            .unwrap_or_else(|e| panic!("look for read mails on the test Dovecot: {e}"));
        connection.logout().await;
        uids
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // Dovecot's other processes end by themselves once the master is gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
        for _ in 0..5 {
            match std::fs::remove_dir_all(&self.dir) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    std::thread::sleep(std::time::Duration::from_millis(50))
                }
                _ => break,
            }
        }
    }
}
