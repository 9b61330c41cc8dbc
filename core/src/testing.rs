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
