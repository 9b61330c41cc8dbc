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
    let store = Switchboard::open(&url)
        .await
        .expect("open a fresh PostgreSQL store");
    (url, store)
}
