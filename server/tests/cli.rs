//! The binary as an operator meets it: help, accounts from standard input,
//! and one clear line (never a panic) for each way start-up can fail.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn switchboard(args: &[&str], database_url: &str, stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env_remove("LEPTOS_SITE_ROOT")
        .env_remove("LEPTOS_SITE_ADDR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the switchboard binary");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn temp_db() -> String {
    format!(
        "sqlite://{}",
        std::env::temp_dir()
            .join(format!("switchboard-cli-{}.db", uuid::Uuid::new_v4()))
            .display()
    )
}

/// A failure is one line on standard error, starting with the program's name.
fn assert_clear_failure(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "should fail: {stderr}");
    let lines: Vec<_> = stderr
        .lines()
        .filter(|l| l.starts_with("switchboard: "))
        .collect();
    assert_eq!(lines.len(), 1, "one clear line, got: {stderr}");
    assert!(
        lines[0].contains(expected),
        "`{}` should say `{expected}`",
        lines[0]
    );
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
}

#[test]
fn help_explains_every_command() {
    let output = switchboard(&["--help"], "sqlite://unused.db", "");
    let help = String::from_utf8_lossy(&output.stdout);
    for word in [
        "serve",
        "admin",
        "agent",
        "demo",
        "--database-url",
        "DATABASE_URL",
        "--addr",
        "--log-format",
    ] {
        assert!(help.contains(word), "help should mention {word}:\n{help}");
    }
}

#[test]
fn accounts_are_created_from_standard_input() {
    let db = temp_db();
    let made = switchboard(
        &[
            "admin",
            "create",
            "--email",
            "ops@example.com",
            "--name",
            "Ops",
            "--password-stdin",
        ],
        &db,
        "a long password\n",
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(String::from_utf8_lossy(&made.stdout).contains("Created admin Ops <ops@example.com>"));

    let again = switchboard(
        &[
            "agent",
            "create",
            "--email",
            "ops@example.com",
            "--name",
            "Ops",
            "--password-stdin",
        ],
        &db,
        "a long password\n",
    );
    assert_clear_failure(&again, "already exists");
    let short = switchboard(
        &[
            "agent",
            "create",
            "--email",
            "new@example.com",
            "--name",
            "New",
            "--password-stdin",
        ],
        &db,
        "short\n",
    );
    assert_clear_failure(&short, "at least 8 characters");
}

#[test]
fn demo_data_loads_once() {
    let db = temp_db();
    let first = switchboard(&["demo"], &db, "");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("Demo data loaded"));
    let second = switchboard(&["demo"], &db, "");
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("already loaded"));
}

#[test]
fn a_bad_or_unreachable_database_is_one_clear_line() {
    assert_clear_failure(
        &switchboard(&["demo"], "mysql://localhost/x", ""),
        "must start with sqlite:// or postgres://",
    );
    let output = switchboard(
        &["demo"],
        "postgres://someone:secret@127.0.0.1:1/nothing",
        "",
    );
    assert_clear_failure(
        &output,
        "cannot open the database postgres://someone:***@127.0.0.1:1/nothing",
    );
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("secret"),
        "passwords never printed"
    );
}

#[test]
fn a_missing_site_folder_or_a_busy_port_is_one_clear_line() {
    assert_clear_failure(
        &switchboard(
            &[
                "serve",
                "--site-root",
                "/nonexistent/site",
                "--addr",
                "127.0.0.1:0",
            ],
            &temp_db(),
            "",
        ),
        "the site folder /nonexistent/site/pkg is missing",
    );
    let site = std::env::temp_dir().join(format!("switchboard-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    assert_clear_failure(
        &switchboard(
            &[
                "serve",
                "--site-root",
                site.to_str().unwrap(),
                "--addr",
                &addr,
            ],
            &temp_db(),
            "",
        ),
        &format!("cannot listen on {addr}"),
    );
}
