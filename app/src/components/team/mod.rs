//! Running the team from the top bar: the Team dialog (members, invitations,
//! password resets) and the Audit for admins, API tokens for everyone.
//!
//! Each dialog in its own file; here the Team dialog's state, shared by
//! the members and the invitations, and the small helpers they share.

mod api_tokens;
mod audit;
mod invitations;
mod members;

pub use api_tokens::ApiTokensDialog;
pub use audit::AuditDialog;
pub use members::TeamDialog;

use crate::components::clock_time;
use crate::server::{
    change_team_member, invitation_link, load_invitations, load_team, password_reset_link,
    revoke_invitation,
};
use leptos::prelude::*;
use switchboard_types::{AgentChange, AgentLink, PendingInvitation, TeamMember};

/// `2030-01-31 09:00` of an RFC 3339 time (UTC).
fn when(rfc3339: &str) -> String {
    format!(
        "{} {}",
        rfc3339.get(..10).unwrap_or_default(),
        clock_time(rfc3339)
    )
}

/// What the Team dialog shows and changes.
#[derive(Clone, Copy)]
struct Team {
    members: RwSignal<Vec<TeamMember>>,
    error: RwSignal<Option<String>>,
    reset: RwSignal<Option<AgentLink>>,
    /// The agent whose change was saved last (their row says so).
    saved: RwSignal<Option<i64>>,
    invitations: RwSignal<Vec<PendingInvitation>>,
    /// A fresh link made for an invitation, to copy.
    copied: RwSignal<Option<AgentLink>>,
}

impl Team {
    fn load(self) {
        leptos::task::spawn_local(async move {
            match load_team().await {
                Ok(members) => self.members.set(members),
                Err(e) => self.error.set(Some(e.message)),
            }
            self.load_invitations().await;
        });
    }

    async fn load_invitations(self) {
        match load_invitations().await {
            Ok(list) => self.invitations.set(list),
            Err(e) => self.error.set(Some(e.message)),
        }
    }

    /// A fresh link for an invitation, copied (the earlier one stops).
    fn copy_invitation(self, id: i64) {
        self.error.set(None);
        leptos::task::spawn_local(async move {
            match invitation_link(id).await {
                Ok(link) => {
                    crate::components::settings::copy_to_clipboard(&link.url);
                    self.copied.set(Some(link));
                    self.load_invitations().await;
                }
                Err(e) => self.error.set(Some(e.message)),
            }
        });
    }

    fn revoke_invitation(self, id: i64) {
        self.error.set(None);
        leptos::task::spawn_local(async move {
            match revoke_invitation(id).await {
                Ok(()) => {
                    if self.copied.with_untracked(|c| c.is_some()) {
                        self.copied.set(None);
                    }
                    self.load_invitations().await;
                }
                Err(e) => self.error.set(Some(e.message)),
            }
        });
    }

    /// Changes one agent; on a refusal the stored values show again.
    fn change(self, agent_id: i64, change: AgentChange) {
        self.error.set(None);
        self.saved.set(None);
        leptos::task::spawn_local(async move {
            match change_team_member(agent_id, change).await {
                Ok(member) => {
                    self.members.update(|members| {
                        if let Some(m) = members.iter_mut().find(|m| m.id == member.id) {
                            *m = member;
                        }
                    });
                    self.saved.set(Some(agent_id));
                }
                Err(e) => {
                    self.error.set(Some(e.message));
                    self.load();
                }
            }
        });
    }

    fn reset_password(self, agent_id: i64) {
        self.error.set(None);
        leptos::task::spawn_local(async move {
            match password_reset_link(agent_id).await {
                Ok(link) => self.reset.set(Some(link)),
                Err(e) => self.error.set(Some(e.message)),
            }
        });
    }
}

/// Whether a link went out by mail, in words.
fn link_note(link: &AgentLink) -> String {
    if link.mailed {
        format!("Sent to {}", link.email)
    } else {
        "No mail server is set: send them this link".to_string()
    }
}
