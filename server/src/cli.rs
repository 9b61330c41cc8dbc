//! The command line: `switchboard [serve]`, `admin create`, `agent create`,
//! `demo`. Every setting is a flag or an environment variable.

use crate::observability::LogFormat;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;

#[derive(Parser, Debug)]
#[command(
    name = "switchboard",
    version,
    about = "Switchboard: a live, shared inbox for customer conversations.",
    long_about = "Switchboard: a live, shared inbox for customer conversations.\n\n\
        With no command it serves the agent inbox, the HTTP API v1 and the chat widget.\n\
        The store is an embedded SQLite file by default (created with its schema on first start);\n\
        give a postgres:// URL to share one PostgreSQL database between several nodes."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The store: sqlite://PATH (created if missing) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://switchboard.db",
        global = true
    )]
    pub database_url: String,

    /// Log lines as human-readable text or as JSON (RUST_LOG picks what is logged).
    #[arg(
        long,
        env = "SWITCHBOARD_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,

    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// serve: the address to listen on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,

    /// serve: where attachments' bytes are kept: a folder, or
    /// s3://bucket/prefix (S3-compatible storage; the usual AWS_* variables
    /// give credentials, region and AWS_ENDPOINT for another provider), so
    /// several nodes share them. Defaults to a folder beside a SQLite file
    /// (`switchboard.db-attachments`), or `attachments` with PostgreSQL.
    #[arg(long, env = "SWITCHBOARD_ATTACHMENTS_URL", global = true)]
    pub attachments_url: Option<String>,

    /// serve: the folder of the built site (pkg/ with the WASM bundle, the
    /// styles, widget.js). Defaults to the one baked in at build time.
    #[arg(long, env = "LEPTOS_SITE_ROOT", global = true)]
    pub site_root: Option<String>,

    /// serve: the address users reach Switchboard at; an https:// one makes
    /// the session cookie Secure.
    #[arg(long, env = "SWITCHBOARD_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// serve: requests a minute one address may make to the widget API,
    /// inbound e-mail and logging in (429 beyond).
    #[arg(
        long,
        env = "SWITCHBOARD_RATE_LIMIT",
        default_value = "300",
        global = true
    )]
    pub rate_limit: std::num::NonZeroU32,

    /// serve: tries of a password or a sign-up/reset link a minute from one
    /// address, in the API and the UI (429 beyond). Failed logins for one
    /// account are slowed down besides, whatever the address.
    #[arg(
        long,
        env = "SWITCHBOARD_LOGIN_RATE_LIMIT",
        default_value = "20",
        global = true
    )]
    pub login_rate_limit: std::num::NonZeroU32,

    /// serve: count clients by the address the reverse proxy saw (the
    /// right-most X-Forwarded-For entry; only behind a proxy that sets it).
    #[arg(long, env = "SWITCHBOARD_TRUST_FORWARDED", global = true)]
    pub trust_forwarded: bool,

    /// serve: let webhooks reach private addresses (loopback, the local
    /// network, link-local); by default only public ones.
    #[arg(long, env = "SWITCHBOARD_ALLOW_PRIVATE_WEBHOOKS", global = true)]
    pub allow_private_webhooks: bool,

    /// serve: /metrics answers requests with `Authorization: Bearer TOKEN`
    /// from anywhere; without it, only requests from this machine (loopback).
    #[arg(long, env = "SWITCHBOARD_METRICS_TOKEN", global = true)]
    pub metrics_token: Option<String>,

    /// serve: the SMTP server that sends replies to e-mail conversations,
    /// like smtp://127.0.0.1:25, smtp://user:pass@host:587?tls=required or
    /// smtps://user:pass@host:465. Without it those replies wait.
    #[arg(long, env = "SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// serve: who e-mail comes from.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Support <support@localhost>",
        global = true
    )]
    pub mail_from: String,

    /// serve: the domain of signed reply addresses (reply+…@DOMAIN), whose
    /// mail your mail server posts to /api/v1/inbound/email. Defaults to
    /// the domain of MAIL_FROM.
    #[arg(long, env = "MAIL_REPLY_DOMAIN", global = true)]
    pub reply_domain: Option<String>,

    /// serve: how often new mail is looked for in the mailboxes' IMAP
    /// folders, in seconds.
    #[arg(long, env = "MAIL_POLL_SECONDS", default_value_t = 30, global = true)]
    pub mail_poll_seconds: u64,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the inbox, the API and the widget (the default).
    Serve,
    /// Manage admins: agents who also manage the team and settings.
    Admin {
        #[command(subcommand)]
        action: AccountAction,
    },
    /// Manage agents.
    Agent {
        #[command(subcommand)]
        action: AccountAction,
    },
    /// Manage API tokens for integrations (`Authorization: Bearer TOKEN`).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Load demo data: three agents (password `switchboard`), two queues and
    /// a few customer conversations. Running it again changes nothing.
    Demo,
    /// Write brotli and gzip copies of the built site's files (after
    /// `cargo leptos build --release --split`), which are then served to browsers
    /// that take them. Running it again only redoes what changed.
    Precompress,
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// Create a token acting as the agent with this e-mail; it is printed
    /// once (only its digest is stored).
    Create {
        #[arg(long)]
        email: String,
        /// What uses it, such as "CRM sync".
        #[arg(long, default_value = "Command line")]
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AccountAction {
    /// Create an account; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input (its trailing newline is dropped).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}
