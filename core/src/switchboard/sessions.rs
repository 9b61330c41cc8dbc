//! Agents and their sessions: logging in and out, who a session or token
//! belongs to (API tokens too), the team as every agent reads it.

use super::{agent_identity, Switchboard};
use crate::auth::{self, new_secret, secret_digest};
use crate::clock;
use crate::error::{Error, Result};
use crate::store::rows::AgentRow;
use switchboard_types::{Agent, ApiToken, NewApiToken, Role};

impl Switchboard {
    pub async fn create_agent(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password: String,
    ) -> Result<Agent> {
        let (email, name) = agent_identity(email, name)?;
        let hash = auth::hash_password(password).await?;
        self.store.insert_agent(&email, name, role, &hash).await
    }

    /// Checks the password and opens a session; answers the agent and the
    /// session secret for the cookie.
    /// After a few failures for one e-mail, each further try must wait
    /// (whatever address it comes from); an unknown e-mail is checked
    /// against a dummy hash, so it takes as long as a wrong password.
    pub async fn login(&self, email: &str, password: &str) -> Result<(Agent, String)> {
        let email = email.trim().to_lowercase();
        if let Some(wait) = self.logins.wait(&email) {
            return Err(Error::RateLimited {
                retry_after_secs: wait.as_secs().max(1),
            });
        }
        let row = self
            .store
            .agent_by_email(&email)
            .await?
            .filter(|a| a.active);
        let hash = row.as_ref().map(|r| r.password_hash.clone());
        let verified = auth::verify_password_or_dummy(password, hash).await?;
        let Some(row) = row.filter(|_| verified) else {
            self.logins.failed(&email);
            return Err(Error::BadCredentials);
        };
        self.logins.succeeded(&email);
        let token = new_secret();
        let expires = clock::now_ms() + SESSION_LIFETIME_MS;
        self.store
            .insert_session(&secret_digest(&token), row.id, expires)
            .await?;
        let agent = self.arrived(row.into_agent()).await?;
        Ok((agent, token))
    }

    pub async fn agent_for_session(&self, token: &str) -> Result<Agent> {
        self.store
            .agent_by_session(&secret_digest(token))
            .await?
            .map(|row| row.into_agent())
            .ok_or(Error::Unauthenticated)
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        self.store.delete_session(&secret_digest(token)).await
    }

    pub async fn agents(&self, _asking: &Agent) -> Result<Vec<Agent>> {
        self.store.agents().await
    }
}

const SESSION_LIFETIME_MS: i64 = 30 * 24 * 60 * 60 * 1000;

impl Switchboard {
    /// The asking agent's API tokens (never their secrets).
    pub async fn api_tokens(&self, asking: &Agent) -> Result<Vec<ApiToken>> {
        let rows = self.store.api_tokens(asking.id).await?;
        Ok(rows.into_iter().map(ApiToken::from).collect())
    }

    /// A new API token acting as the asking agent; its secret is answered
    /// this once and stored only as a digest.
    pub async fn create_api_token(&self, asking: &Agent, name: &str) -> Result<NewApiToken> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::Invalid(
                "a token's name needs 1 to 100 characters (say what uses it)".into(),
            ));
        }
        let token = format!("sbt_{}", new_secret());
        let row = self
            .store
            .insert_api_token(asking.id, name, &secret_digest(&token))
            .await?;
        Ok(NewApiToken {
            token,
            api_token: row.into(),
        })
    }

    pub async fn revoke_api_token(&self, asking: &Agent, token_id: i64) -> Result<()> {
        if self.store.revoke_api_token(asking.id, token_id).await? {
            Ok(())
        } else {
            Err(Error::NotFound("API token"))
        }
    }

    /// An active agent by e-mail (for the command line, which is trusted).
    pub async fn agent_by_email(&self, email: &str) -> Result<Option<Agent>> {
        let email = email.trim().to_lowercase();
        Ok(self
            .store
            .agent_by_email(&email)
            .await?
            .filter(|row| row.active)
            .map(AgentRow::into_agent))
    }

    /// The agent an API token acts as (active agents, unrevoked tokens).
    pub async fn agent_for_api_token(&self, token: &str) -> Result<Agent> {
        self.store
            .agent_by_api_token(&secret_digest(token))
            .await?
            .map(AgentRow::into_agent)
            .ok_or(Error::Unauthenticated)
    }
}
