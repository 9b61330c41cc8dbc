//! The Switchboard server: the Leptos UI (server-rendered, then hydrated),
//! the HTTP API v1, the WebSocket streams and the operational endpoints, on
//! one axum router. `main.rs` wraps it in the command line.

// Rendering the inbox's deeply nested view types.
#![recursion_limit = "512"]

pub mod api;
pub mod assets;
pub mod cli;
pub mod demo_page;
mod html;
pub mod jobs;
pub mod live;
pub mod observability;
pub mod rate_limit;
mod rating_page;
mod routes;
pub mod security;
pub mod widget_frame;

pub use routes::{router, AppState};
