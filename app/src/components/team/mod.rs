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
use crate::components::modal::report_failure;
use crate::error::AppError;
use crate::server::{
    load_invitations, load_team, ChangeTeamMember, InvitationLink, InviteToTeam, PasswordResetLink,
    RevokeInvitation,
};
use leptos::prelude::*;
use switchboard_types::{AgentChange, AgentLink, PendingInvitation, TeamMember};

/// `2030-01-31 09:00` of an RFC 3339 time (UTC).
pub(crate) fn when(rfc3339: &str) -> String {
    format!(
        "{} {}",
        rfc3339.get(..10).unwrap_or_default(),
        clock_time(rfc3339)
    )
}

/// What the Team dialog shows and changes: the members and the
/// invitations as stored, read again after each change (so a refused
/// change shows the stored values again), and the changes themselves.
#[derive(Clone, Copy)]
struct Team {
    members: Resource<Result<Vec<TeamMember>, AppError>>,
    invitations: Resource<Result<Vec<PendingInvitation>, AppError>>,
    change: ServerAction<ChangeTeamMember>,
    reset: ServerAction<PasswordResetLink>,
    invite: ServerAction<InviteToTeam>,
    renew: ServerAction<InvitationLink>,
    revoke: ServerAction<RevokeInvitation>,
    /// Why the last change failed, if it did.
    error: RwSignal<Option<String>>,
    /// A fresh link made for an invitation, copied; gone once one is
    /// revoked.
    copied: RwSignal<Option<AgentLink>>,
}

impl Team {
    fn new() -> Self {
        let change = ServerAction::<ChangeTeamMember>::new();
        let invite = ServerAction::<InviteToTeam>::new();
        let renew = ServerAction::<InvitationLink>::new();
        let revoke = ServerAction::<RevokeInvitation>::new();
        let team = Team {
            members: Resource::new(move || change.version().get(), |_| load_team()),
            invitations: Resource::new(
                move || {
                    (
                        invite.version().get(),
                        renew.version().get(),
                        revoke.version().get(),
                    )
                },
                |_| load_invitations(),
            ),
            change,
            reset: ServerAction::new(),
            invite,
            renew,
            revoke,
            error: RwSignal::new(None),
            copied: RwSignal::new(None),
        };
        report_failure(team.change, team.error);
        report_failure(team.reset, team.error);
        report_failure(team.renew, team.error);
        report_failure(team.revoke, team.error);
        Effect::new(move |_| {
            if let Some(Ok(link)) = renew.value().get() {
                crate::components::settings::copy_to_clipboard(&link.url);
                team.copied.set(Some(link));
            }
        });
        Effect::new(move |_| {
            if let Some(Ok(())) = revoke.value().get() {
                team.copied.set(None);
            }
        });
        team
    }

    /// Changes one agent.
    fn change(self, agent_id: i64, change: AgentChange) {
        self.change.dispatch(ChangeTeamMember { agent_id, change });
    }

    /// The agent whose change was saved last (their row says so).
    fn saved(self) -> Option<i64> {
        if self.change.pending().get() {
            return None;
        }
        self.change
            .value()
            .with(|saved| saved.as_ref().and_then(|r| r.as_ref().ok()).map(|m| m.id))
    }

    /// The password reset link made last.
    fn reset_link(self) -> Option<AgentLink> {
        self.reset.value().get().and_then(Result::ok)
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
