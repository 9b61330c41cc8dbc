//! Running the team: the first admin, invitations and password resets by
//! single-use link, roles, capacity and deactivation. API tokens are with
//! the sessions (`sessions.rs`), the audit of every change in `audit.rs`.

use super::{admin_only, MailRoute, Switchboard};
use crate::auth::{self, new_secret, secret_digest};
use crate::clock;
use crate::email::OutgoingMail;
use crate::error::{Error, OnConstraint, Result};
use crate::lifecycle;
use crate::store::rows::AgentRow;
use crate::store::NewLink;
use serde_json::json;
use switchboard_types::{
    Agent, AgentChange, AgentLink, AuditAction, LinkKind, LinkPreview, PendingInvitation, Role,
    TeamMember,
};

const INVITATION_LIFETIME_MS: i64 = 7 * 24 * 60 * 60 * 1000;
const RESET_LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;
const MAX_CAPACITY: i64 = 100;

fn member(row: AgentRow, capacity: i64) -> TeamMember {
    let active = row.active;
    let agent = row.into_agent();
    TeamMember {
        id: agent.id,
        name: agent.name,
        email: agent.email,
        role: agent.role,
        availability: agent.availability,
        active,
        capacity,
    }
}

/// Who, among those who asked, sees a link: its page in this server.
fn link_url(base_url: &str, token: &str) -> String {
    format!("{}/join?token={token}", base_url.trim_end_matches('/'))
}

impl Switchboard {
    /// Whether nobody is on the team yet (an empty install).
    pub async fn first_admin_needed(&self) -> Result<bool> {
        Ok(self.store.team().await?.is_empty())
    }

    /// The first admin of an empty install, logged in (agent and session
    /// secret). Once anyone is on the team, this is refused: everyone else
    /// is invited. Of two racing first visitors, one wins.
    pub async fn create_first_admin(
        &self,
        email: &str,
        name: &str,
        password: String,
    ) -> Result<(Agent, String)> {
        let taken = || {
            Error::Forbidden(
                "this install already has its team: ask an admin for an invitation".into(),
            )
        };
        if !self.first_admin_needed().await? {
            return Err(taken());
        }
        // Checked before the install is claimed: bad input keeps it open.
        super::agent_identity(email, name)?;
        auth::hash_password(password.clone()).await?;
        let claim = new_secret();
        let winner = self
            .store
            .setting_or_insert(super::setting::FIRST_ADMIN, &claim)
            .await?;
        if winner != claim {
            return Err(taken());
        }
        let agent = self
            .create_agent(email, name, Role::Admin, password.clone())
            .await?;
        self.audited(&agent, AuditAction::TeamSetUp, &agent.email, json!({}))
            .await?;
        self.login(&agent.email, &password).await
    }

    /// Everyone on the team, active or not (admins).
    pub async fn team(&self, asking: &Agent) -> Result<Vec<TeamMember>> {
        admin_only(asking, "manage the team")?;
        let rows = self.store.team().await?;
        Ok(rows.into_iter().map(|(row, c)| member(row, c)).collect())
    }

    /// Invites someone by e-mail: a link that lets them choose their
    /// password and join with `role`, once, within a week. It is mailed
    /// when a mail server is set; the admin sees it either way.
    pub async fn invite_agent(
        &self,
        asking: &Agent,
        email: &str,
        name: &str,
        role: Role,
        base_url: &str,
        mail: Option<&MailRoute>,
    ) -> Result<AgentLink> {
        admin_only(asking, "invite agents")?;
        let (email, name) = super::agent_identity(email, name)?;
        super::customers::check_email(&email)?;
        if self.store.agent_by_email(&email).await?.is_some() {
            return Err(Error::Conflict(format!("{email} is already on the team")));
        }
        let link = self
            .make_link(
                asking,
                LinkKind::Invite,
                &email,
                name,
                role,
                None,
                base_url,
                mail,
            )
            .await?;
        self.audited(
            asking,
            AuditAction::AgentInvited,
            &email,
            json!({ "name": name, "role": role.as_str(), "mailed": link.mailed }),
        )
        .await?;
        Ok(link)
    }

    /// Invitations not used yet, newest first (admins).
    pub async fn invitations(&self, asking: &Agent) -> Result<Vec<PendingInvitation>> {
        admin_only(asking, "see invitations")?;
        let rows = self.store.pending_invitations().await?;
        Ok(rows.into_iter().map(PendingInvitation::from).collect())
    }

    /// Ends a pending invitation: its link stops working at once.
    pub async fn revoke_invitation(&self, asking: &Agent, id: i64) -> Result<()> {
        admin_only(asking, "revoke invitations")?;
        let revoked = self
            .store
            .revoke_invitation(id)
            .await?
            .ok_or(Error::NotFound(
                "invitation (it may have been used or have expired)",
            ))?;
        self.audited(
            asking,
            AuditAction::InvitationRevoked,
            &revoked.email,
            json!({ "name": revoked.name, "role": revoked.role }),
        )
        .await
    }

    /// A fresh link for a pending invitation, to copy and pass on (the link
    /// made before stops working; the week starts again).
    pub async fn renew_invitation(
        &self,
        asking: &Agent,
        id: i64,
        base_url: &str,
    ) -> Result<AgentLink> {
        admin_only(asking, "copy invitation links")?;
        let token = new_secret();
        let expires_at = clock::now_ms() + INVITATION_LIFETIME_MS;
        let renewed = self
            .store
            .renew_invitation(id, &secret_digest(&token), expires_at)
            .await?
            .ok_or(Error::NotFound(
                "invitation (it may have been used or have expired)",
            ))?;
        self.audited(
            asking,
            AuditAction::InvitationRenewed,
            &renewed.email,
            json!({ "expires_at": clock::rfc3339(expires_at) }),
        )
        .await?;
        Ok(AgentLink {
            kind: "invite".to_string(),
            email: renewed.email,
            name: renewed.name,
            role: Role::parse(&renewed.role).unwrap_or(Role::Agent),
            url: link_url(base_url, &token),
            expires_at: clock::rfc3339(expires_at),
            mailed: false,
        })
    }

    /// A password reset for an agent: a link that lets them choose a new
    /// password, once, within a day. Their sessions end when it is used.
    pub async fn reset_password_link(
        &self,
        asking: &Agent,
        agent_id: i64,
        base_url: &str,
        mail: Option<&MailRoute>,
    ) -> Result<AgentLink> {
        admin_only(asking, "reset passwords")?;
        let (row, _) = self.team_member_row(agent_id).await?;
        let agent = row.into_agent();
        let link = self
            .make_link(
                asking,
                LinkKind::Reset,
                &agent.email,
                &agent.name,
                agent.role,
                Some(agent.id),
                base_url,
                mail,
            )
            .await?;
        self.audited(
            asking,
            AuditAction::AgentPasswordReset,
            &agent.email,
            json!({ "mailed": link.mailed }),
        )
        .await?;
        Ok(link)
    }

    #[allow(clippy::too_many_arguments)]
    async fn make_link(
        &self,
        asking: &Agent,
        kind: LinkKind,
        email: &str,
        name: &str,
        role: Role,
        agent_id: Option<i64>,
        base_url: &str,
        mail: Option<&MailRoute>,
    ) -> Result<AgentLink> {
        let token = new_secret();
        let lifetime = if kind == LinkKind::Invite {
            INVITATION_LIFETIME_MS
        } else {
            RESET_LIFETIME_MS
        };
        let expires_at = clock::now_ms() + lifetime;
        let digest = secret_digest(&token);
        self.store
            .insert_link(&NewLink {
                kind: kind.as_str(),
                token_digest: &digest,
                email,
                name,
                role: role.as_str(),
                agent_id,
                created_by: asking.id,
                expires_at,
            })
            .await?;
        let url = link_url(base_url, &token);
        let company = self.company_name().await?;
        let (subject, text) = if kind == LinkKind::Invite {
            (
                format!("{} invited you to {company}'s inbox", asking.name),
                format!(
                    "Hello {name},\n\n{} invited you to answer customers with {company}'s team.\n\
                     Choose your password and join here (the link works once, for 7 days):\n\n{url}\n",
                    asking.name
                ),
            )
        } else {
            (
                format!("Choose a new password for {company}'s inbox"),
                format!(
                    "Hello {name},\n\n{} made you a link to choose a new password \
                     (it works once, for 24 hours):\n\n{url}\n",
                    asking.name
                ),
            )
        };
        let mailed = match mail {
            Some(route) => match route
                .mailer
                .send(&OutgoingMail {
                    to: email,
                    to_name: Some(name),
                    reply_to: email,
                    subject: &subject,
                    text: &text,
                    in_reply_to: None,
                    message_id: None,
                    files: &[],
                    ..Default::default()
                })
                .await
            {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(error = %e, "a link could not be mailed; the admin passes it on");
                    false
                }
            },
            None => false,
        };
        Ok(AgentLink {
            kind: kind.as_str().to_string(),
            email: email.to_string(),
            name: name.to_string(),
            role,
            url,
            expires_at: clock::rfc3339(expires_at),
            mailed,
        })
    }

    /// What a link is for, while it can be used (public: the token is the
    /// credential).
    pub async fn link_preview(&self, token: &str) -> Result<LinkPreview> {
        let link = self
            .store
            .live_link(&secret_digest(token))
            .await?
            .ok_or(Error::NotFound(
                "link (it may have been used or have expired)",
            ))?;
        Ok(LinkPreview {
            kind: link.kind,
            email: link.email,
            name: link.name,
        })
    }

    /// Uses a link: an invitation makes the agent, a reset sets their new
    /// password; either way they are logged in (agent and session secret).
    pub async fn use_link(&self, token: &str, password: String) -> Result<(Agent, String)> {
        let link = self
            .store
            .live_link(&secret_digest(token))
            .await?
            .ok_or(Error::NotFound(
                "link (it may have been used or have expired)",
            ))?;
        // Checked before the link is spent: a too-short password keeps it.
        let hash = auth::hash_password(password.clone()).await?;
        if !self.store.use_link(link.id).await? {
            return Err(Error::NotFound(
                "link (it may have been used or have expired)",
            ));
        }
        match (link.kind.parse::<LinkKind>(), link.agent_id) {
            (Ok(LinkKind::Reset), Some(agent_id)) => {
                self.store.set_password(agent_id, &hash).await?;
            }
            _ => {
                let role = Role::parse(&link.role).unwrap_or(Role::Agent);
                self.store
                    .insert_agent(&link.email, &link.name, role, &hash)
                    .await
                    .on_constraint(|| format!("{} is already on the team", link.email))?;
            }
        }
        self.login(&link.email, &password).await
    }

    /// Changes an agent's role, capacity or access. Deactivating ends their
    /// sessions and API tokens at once and returns their conversations to
    /// Pending. Admins cannot demote or deactivate themselves (someone must
    /// be left to run the team).
    pub async fn change_agent(
        &self,
        asking: &Agent,
        agent_id: i64,
        change: &AgentChange,
    ) -> Result<TeamMember> {
        admin_only(asking, "change agents")?;
        let (before, before_capacity) = self.team_member_row(agent_id).await?;
        if agent_id == asking.id
            && (change.active == Some(false) || change.role == Some(Role::Agent))
        {
            return Err(Error::Rule(
                "you cannot deactivate yourself or give up your own admin role; \
                 another admin can"
                    .into(),
            ));
        }
        if let Some(capacity) = change.capacity {
            if !(0..=MAX_CAPACITY).contains(&capacity) {
                return Err(Error::Invalid(format!(
                    "a capacity is 0 to {MAX_CAPACITY} open conversations"
                )));
            }
        }
        let role = change.role.map(Role::as_str);
        self.store
            .update_agent(agent_id, role, change.capacity, change.active)
            .await?;
        let email = before.email.clone();
        let was_active = before.active;
        let before = member(before, before_capacity);
        if let Some(role) = change.role.filter(|r| *r != before.role) {
            self.audited(
                asking,
                AuditAction::AgentRoleChanged,
                &email,
                json!({ "from": before.role.as_str(), "to": role.as_str() }),
            )
            .await?;
        }
        if let Some(capacity) = change.capacity.filter(|c| *c != before_capacity) {
            self.audited(
                asking,
                AuditAction::AgentCapacityChanged,
                &email,
                json!({ "from": before_capacity, "to": capacity }),
            )
            .await?;
        }
        match change.active {
            Some(false) if was_active => {
                let held = self.store.held_conversations(agent_id).await?;
                for number in &held {
                    self.act(asking, *number, None, |s| {
                        lifecycle::return_to_pending(s, asking)
                    })
                    .await?;
                }
                self.audited(
                    asking,
                    AuditAction::AgentDeactivated,
                    &email,
                    json!({ "returned_to_pending": held }),
                )
                .await?;
            }
            Some(true) if !was_active => {
                self.audited(asking, AuditAction::AgentReactivated, &email, json!({}))
                    .await?;
            }
            _ => {}
        }
        let (row, capacity) = self.team_member_row(agent_id).await?;
        Ok(member(row, capacity))
    }

    /// An agent on the team as stored, with their capacity.
    async fn team_member_row(&self, agent_id: i64) -> Result<(AgentRow, i64)> {
        self.store
            .team_member(agent_id)
            .await?
            .ok_or(Error::NotFound("agent"))
    }
}
