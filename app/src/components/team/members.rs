//! The Team dialog: everyone on the team with their role, capacity and
//! access (each saved as it changes), password resets, and the invitations.

use super::invitations::{Invitations, InviteForm};
use super::{link_note, Team};
use crate::components::modal::{ConfirmButton, CopyBox, ErrorLine, ErrorList, Modal};
use crate::server::PasswordResetLink;
use leptos::prelude::*;
use switchboard_types::{AgentChange, Role, TeamMember};

/// Everyone on the team with their role, capacity and access; invitations.
#[component]
pub fn TeamDialog(me: i64, close: Callback<()>) -> impl IntoView {
    let team = Team::new();

    view! {
        <Modal title="Team" close>
            <div class="team" data-testid="team-dialog">
                <table class="team-table">
                    <thead>
                        <tr>
                            <th>"Name"</th>
                            <th>"E-mail"</th>
                            <th>"Role"</th>
                            <th>"Capacity"</th>
                            <th>"Access"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        <Transition>
                        <ErrorBoundary fallback=|errors| view! { <tr><td colspan="6"><ErrorList errors/></td></tr> }>
                        {move || {
                            team.members.get().map(|members| members.map(|members| members
                                .into_iter()
                                .map(|member| view! { <MemberRow member me team/> })
                                .collect_view()))
                        }}
                        </ErrorBoundary>
                        </Transition>
                    </tbody>
                </table>
                {move || {
                    team.reset_link().map(|link| {
                        view! {
                            <div data-testid="reset-box">
                                <CopyBox
                                    label=format!("Password reset link for {}", link.email)
                                    value=link.url.clone()
                                    test_id="reset-link"
                                    note=link_note(&link)
                                />
                                <p class="muted small" data-testid="reset-tokens-note">
                                    "Their sessions end when the link is used; their API tokens keep working (integrations go on). To stop those too, deactivate the agent."
                                </p>
                            </div>
                        }
                    })
                }}
                <ErrorLine error=team.error/>
                <Invitations team/>
                <InviteForm team/>
            </div>
        </Modal>
    }
}

/// One agent: role, capacity and access, each saved as it changes.
#[component]
fn MemberRow(member: TeamMember, me: i64, team: Team) -> impl IntoView {
    let id = member.id;
    let myself = id == me;
    let active = member.active;
    let role = member.role;
    view! {
        <tr data-testid="team-member" data-email=member.email.clone() class:inactive=!active>
            <td>{member.name.clone()}</td>
            <td>{member.email.clone()}</td>
            <td>
                <select
                    data-testid="member-role"
                    aria-label=format!("Role of {}", member.name)
                    disabled=myself
                    on:change=move |ev| {
                        let role = if event_target_value(&ev) == "admin" { Role::Admin } else { Role::Agent };
                        team.change(id, AgentChange { role: Some(role), ..Default::default() });
                    }
                >
                    <option value="admin" selected=role == Role::Admin>"Admin"</option>
                    <option value="agent" selected=role == Role::Agent>"Agent"</option>
                </select>
            </td>
            <td>
                <input
                    type="number"
                    min="0"
                    max="100"
                    class="capacity"
                    data-testid="member-capacity"
                    aria-label=format!("Capacity of {}", member.name)
                    prop:value=member.capacity.to_string()
                    on:change=move |ev| {
                        match event_target_value(&ev).trim().parse::<i64>() {
                            Ok(capacity) => team.change(id, AgentChange { capacity: Some(capacity), ..Default::default() }),
                            Err(_) => team.error.set(Some("a capacity is a whole number of open conversations".into())),
                        }
                    }
                />
                <span class="saved-note small" role="status" data-testid="member-saved">
                    {move || (team.saved() == Some(id)).then_some("Saved")}
                </span>
            </td>
            <td data-testid="member-status">{if active { "Active" } else { "Deactivated" }}</td>
            <td class="member-actions">
                {if active {
                    view! {
                        <ConfirmButton
                            label="Deactivate"
                            question=format!("Deactivate {}? Their sessions end and their conversations go back to Pending.", member.name)
                            confirm="Deactivate"
                            test_id="member-active-toggle"
                            disabled=Signal::from(myself)
                            on_confirm=Callback::new(move |_| team.change(id, AgentChange { active: Some(false), ..Default::default() }))
                        />
                    }
                        .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="button small"
                            data-testid="member-active-toggle"
                            on:click=move |_| team.change(id, AgentChange { active: Some(true), ..Default::default() })
                        >
                            "Reactivate"
                        </button>
                    }
                        .into_any()
                }}
                <button
                    type="button"
                    class="button small subtle"
                    data-testid="member-reset"
                    on:click=move |_| {
                        team.reset.dispatch(PasswordResetLink { agent_id: id });
                    }
                >
                    "Reset password"
                </button>
            </td>
        </tr>
    }
}
