//! Running the team: members, invitations, password resets, API tokens,
//! the audit, and the page where a link is used to join.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use switchboard_types::{
    AgentChange, AgentLink, ApiToken, AuditEntry, NewApiToken, PendingInvitation, Role, TeamMember,
};

/// What a join link's page shows before it is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinPreview {
    /// `invite` or `reset`.
    pub kind: String,
    pub email: String,
    pub name: String,
    pub company: String,
}

/// Everyone on the team, active or not (admins).
#[server(prefix = "/rpc")]
pub async fn load_team() -> Result<Vec<TeamMember>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.team(&agent).await?)
}

/// Invites someone: answers with the link (mailed when a mail server is set).
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn invite_to_team(
    email: String,
    name: String,
    role: Role,
) -> Result<AgentLink, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let base = super::context::link_base().await;
    let mail = use_context::<Option<switchboard_core::MailRoute>>()
        .flatten()
        .filter(|_| base.mailable);
    Ok(sb
        .invite_agent(&agent, &email, &name, role, &base.url, mail.as_ref())
        .await?)
}

/// Invitations not used yet (admins).
#[server(prefix = "/rpc")]
pub async fn load_invitations() -> Result<Vec<PendingInvitation>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.invitations(&agent).await?)
}

/// Ends a pending invitation: its link stops working.
#[server(prefix = "/rpc")]
pub async fn revoke_invitation(id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.revoke_invitation(&agent, id).await?)
}

/// A fresh link for a pending invitation, to copy (the earlier one stops).
#[server(prefix = "/rpc")]
pub async fn invitation_link(id: i64) -> Result<AgentLink, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let base = super::context::link_base().await;
    Ok(sb.renew_invitation(&agent, id, &base.url).await?)
}

/// A link for an agent to choose a new password.
#[server(prefix = "/rpc")]
pub async fn password_reset_link(agent_id: i64) -> Result<AgentLink, AppError> {
    let (sb, agent) = super::context::caller().await?;
    let base = super::context::link_base().await;
    let mail = use_context::<Option<switchboard_core::MailRoute>>()
        .flatten()
        .filter(|_| base.mailable);
    Ok(sb
        .reset_password_link(&agent, agent_id, &base.url, mail.as_ref())
        .await?)
}

/// Changes an agent's role, capacity or access.
#[server(prefix = "/rpc", input = leptos::server_fn::codec::Json)]
pub async fn change_team_member(
    agent_id: i64,
    change: AgentChange,
) -> Result<TeamMember, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.change_agent(&agent, agent_id, &change).await?)
}

/// The asking agent's API tokens.
#[server(prefix = "/rpc")]
pub async fn load_api_tokens() -> Result<Vec<ApiToken>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.api_tokens(&agent).await?)
}

/// A new API token; its secret is answered this once.
#[server(prefix = "/rpc")]
pub async fn create_my_api_token(name: String) -> Result<NewApiToken, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.create_api_token(&agent, &name).await?)
}

#[server(prefix = "/rpc")]
pub async fn revoke_my_api_token(token_id: i64) -> Result<(), AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.revoke_api_token(&agent, token_id).await?)
}

/// The admins' changes, newest first, a page at a time (admins).
#[server(prefix = "/rpc")]
pub async fn load_audit(before_id: Option<i64>) -> Result<Vec<AuditEntry>, AppError> {
    let (sb, agent) = super::context::caller().await?;
    Ok(sb.audit(&agent, before_id).await?)
}

/// What a link is for, while it can be used (no login needed).
#[server(prefix = "/rpc")]
pub async fn join_link_preview(token: String) -> Result<JoinPreview, AppError> {
    let sb = super::context::switchboard()?;
    let preview = sb.link_preview(&token).await?;
    let company = sb.company_name().await?;
    Ok(JoinPreview {
        kind: preview.kind,
        email: preview.email,
        name: preview.name,
        company,
    })
}

/// Uses a link with the chosen password and logs the agent in.
#[server(prefix = "/rpc")]
pub async fn join_with_link(token: String, password: String) -> Result<(), AppError> {
    let sb = super::context::switchboard()?;
    let (_, session) = sb.use_link(&token, password).await?;
    super::session::set_session_cookie(session)
}
