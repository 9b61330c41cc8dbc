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

    /// serve: the folder of the built site (pkg/ with the WASM bundle, the
    /// styles, widget.js). Defaults to the one baked in at build time.
    #[arg(long, env = "LEPTOS_SITE_ROOT", global = true)]
    pub site_root: Option<String>,

    /// serve: the address users reach Switchboard at; an https:// one makes
    /// the session cookie Secure.
    #[arg(long, env = "SWITCHBOARD_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
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
    /// Load demo data: three agents (password `switchboard`), two queues and
    /// a few customer conversations. Running it again changes nothing.
    Demo,
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
