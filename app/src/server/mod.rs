//! Server functions: the UI's door into the domain. Each one is thin: find
//! who is asking, call the use case, map the error.

mod admin;
mod chat;
mod inbox;
mod session;
mod settings;
mod team;

pub use admin::*;
pub use chat::*;
pub use inbox::*;
pub use session::*;
pub use settings::*;
pub use team::*;

#[cfg(feature = "ssr")]
pub(crate) mod context {
    use crate::error::AppError;
    use switchboard_core::types::Agent;
    use switchboard_core::Switchboard;

    pub const SESSION_COOKIE: &str = "switchboard_session";

    /// Where users reach this server, when it is set (`--public-url`).
    #[derive(Clone, Debug, Default)]
    pub struct PublicUrl(pub Option<String>);

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
