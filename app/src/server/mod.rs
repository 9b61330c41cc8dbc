//! Server functions: the UI's door into the domain. Each one is thin: find
//! who is asking, call the use case, map the error.

/// Where the server functions answer (`#[server(prefix = "/rpc")]`).
pub const PREFIX: &str = "/rpc";

mod alerts;
mod attributes;
mod chat;
mod contacts;
mod inbox;
mod labels;
mod mailboxes;
mod queues;
mod reports;
mod satisfaction;
mod saved_replies;
mod session;
mod settings;
mod team;
mod webhooks;

pub use alerts::*;
pub use attributes::*;
pub use chat::*;
pub use contacts::*;
pub use inbox::*;
pub use labels::*;
pub use mailboxes::*;
pub use queues::*;
pub use reports::*;
pub use satisfaction::*;
pub use saved_replies::*;
pub use session::*;
pub use settings::*;
pub use team::*;
pub use webhooks::*;

#[cfg(feature = "ssr")]
pub(crate) mod context {
    use crate::error::AppError;
    use switchboard_core::types::Agent;
    use switchboard_core::Switchboard;

    pub const SESSION_COOKIE: &str = "switchboard_session";

    /// Where users reach this server, when it is set (`--public-url`).
    #[derive(Clone, Debug, Default)]
    pub struct PublicUrl(pub Option<String>);

    /// Where the links Switchboard writes (the widget's snippet, invitation
    /// and reset links) point.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct LinkBase {
        pub url: String,
        /// Whether a link may be mailed: the public URL is set, or the
        /// request came to this machine's own address. (Otherwise the host
        /// is only what the request said, and a mailed link could lead
        /// someone's token to another server.)
        pub mailable: bool,
    }

    impl PublicUrl {
        /// The public URL when set; else the host the request was sent to.
        pub fn link_base(&self, headers: &axum::http::HeaderMap) -> LinkBase {
            if let Some(url) = &self.0 {
                return LinkBase {
                    url: url.trim_end_matches('/').to_string(),
                    mailable: true,
                };
            }
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1:3000");
            LinkBase {
                url: format!("http://{host}"),
                mailable: is_loopback_host(host),
            }
        }
    }

    /// `127.0.0.1:3000`, `[::1]`, `localhost:8080` …
    fn is_loopback_host(host: &str) -> bool {
        let name = match host.rsplit_once(':') {
            Some((name, port)) if !name.ends_with(':') && port.parse::<u16>().is_ok() => name,
            _ => host,
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        name.eq_ignore_ascii_case("localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    /// How the session cookie is sent: `Secure` when served over HTTPS.
    #[derive(Clone, Copy, Debug)]
    pub struct CookiePolicy {
        pub secure: bool,
    }

    impl CookiePolicy {
        pub fn session_cookie(self, token: String) -> axum_extra::extract::cookie::Cookie<'static> {
            axum_extra::extract::cookie::Cookie::build((SESSION_COOKIE, token))
                .path("/")
                .http_only(true)
                .same_site(axum_extra::extract::cookie::SameSite::Lax)
                .secure(self.secure)
                .max_age(time::Duration::days(30))
                .build()
        }

        pub fn cleared_cookie(self) -> axum_extra::extract::cookie::Cookie<'static> {
            let mut cookie = self.session_cookie(String::new());
            cookie.make_removal();
            cookie
        }
    }

    /// Where links point, for this request.
    pub async fn link_base() -> LinkBase {
        let public_url = leptos::prelude::use_context::<PublicUrl>().unwrap_or_default();
        let headers: axum::http::HeaderMap = leptos_axum::extract().await.unwrap_or_default();
        public_url.link_base(&headers)
    }

    pub fn switchboard() -> Result<Switchboard, AppError> {
        leptos::prelude::use_context::<Switchboard>()
            .ok_or_else(|| AppError::new("internal", "the server is not set up"))
    }

    pub async fn session_token() -> Option<String> {
        let jar: axum_extra::extract::CookieJar = leptos_axum::extract().await.ok()?;
        jar.get(SESSION_COOKIE).map(|c| c.value().to_string())
    }

    /// The logged-in agent making this request.
    pub async fn caller() -> Result<(Switchboard, Agent), AppError> {
        let sb = switchboard()?;
        let token = session_token()
            .await
            .ok_or_else(|| AppError::from(switchboard_core::Error::Unauthenticated))?;
        let agent = sb.agent_for_session(&token).await?;
        Ok((sb, agent))
    }
}
