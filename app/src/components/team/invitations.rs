//! Invitations: the ones not used yet (a fresh link to copy, or revoke),
//! and the form that invites someone by e-mail.

use super::{link_note, when, Team};
use crate::components::modal::{report_failure, ConfirmButton, CopyBox, ErrorLine, ErrorList};
use crate::components::text_field::TextField;
use crate::server::{InvitationLink, InviteToTeam, RevokeInvitation};
use leptos::prelude::*;
use switchboard_types::Role;

/// Invitations not used yet: who, by whom, until when; a fresh link to
/// copy, or revoke.
#[component]
pub(super) fn Invitations(team: Team) -> impl IntoView {
    view! {
        <section class="invitations" data-testid="invitations">
            <h3>"Invitations not used yet"</h3>
            <Transition>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors/> }>
            {move || team.invitations.get().map(|list| list.map(|list| {
                if list.is_empty() {
                    return view! { <p class="muted small">"None."</p> }.into_any();
                }
                view! {
                    <table class="team-table">
                        <thead>
                            <tr>
                                <th>"E-mail"</th>
                                <th>"Name"</th>
                                <th>"Role"</th>
                                <th>"Invited by"</th>
                                <th>"Until"</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|invitation| {
                                    let id = invitation.id;
                                    view! {
                                        <tr data-testid="invitation" data-email=invitation.email.clone()>
                                            <td>{invitation.email.clone()}</td>
                                            <td>{invitation.name}</td>
                                            <td>{if invitation.role == Role::Admin { "Admin" } else { "Agent" }}</td>
                                            <td>{invitation.invited_by.unwrap_or_default()}</td>
                                            <td>{when(&invitation.expires_at)}</td>
                                            <td class="member-actions">
                                                <button
                                                    type="button"
                                                    class="button small"
                                                    data-testid="invitation-copy"
                                                    title="Makes a fresh link (the one sent before stops working) and copies it"
                                                    on:click=move |_| {
                                                        team.renew.dispatch(InvitationLink { id });
                                                    }
                                                >
                                                    "Copy link"
                                                </button>
                                                <ConfirmButton
                                                    label="Revoke"
                                                    question=format!("Revoke the invitation of {}?", invitation.email)
                                                    confirm="Revoke"
                                                    test_id="invitation-revoke"
                                                    class="button small subtle danger"
                                                    on_confirm=Callback::new(move |_| {
                                                        team.revoke.dispatch(RevokeInvitation { id });
                                                    })
                                                />
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }))}
            </ErrorBoundary>
            </Transition>
            {move || {
                team.copied.get().map(|link| {
                    view! {
                        <CopyBox
                            label=format!("A fresh link for {} (until {})", link.email, when(&link.expires_at))
                            value=link.url.clone()
                            test_id="invitation-fresh-link"
                            note="Copied. The link made before no longer works.".to_string()
                        />
                    }
                })
            }}
        </section>
    }
}

/// Invites someone by e-mail and shows the link to pass on.
#[component]
pub(super) fn InviteForm(team: Team) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let error = RwSignal::new(None::<String>);
    report_failure(team.invite, error);
    // The invitation just made, with its link to pass on.
    let invitation = move || {
        if team.invite.pending().get() {
            return None;
        }
        team.invite.value().get().and_then(Result::ok)
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = team.invite.value().get() {
            email.set(String::new());
            name.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        team.invite.dispatch(InviteToTeam {
            email: email.get_untracked(),
            name: name.get_untracked(),
            role: role.get_untracked(),
        });
    };
    view! {
        <form class="invite-form" data-testid="invite-form" on:submit=submit>
            <h3>"Invite someone"</h3>
            <div class="invite-fields">
                <TextField label="E-mail" kind="email" required=true test_id="invite-email" value=email/>
                <TextField label="Name" required=true test_id="invite-name" value=name/>
                <label class="field">
                    "Role"
                    <select
                        data-testid="invite-role"
                        on:change=move |ev| {
                            role.set(Role::parse(&event_target_value(&ev)).unwrap_or(Role::Agent))
                        }
                    >
                        <option value="agent" selected=move || role.get() == Role::Agent>"Agent"</option>
                        <option value="admin" selected=move || role.get() == Role::Admin>"Admin"</option>
                    </select>
                </label>
            </div>
            <ErrorLine error/>
            <div class="dialog-actions">
                <button type="submit" class="button primary" data-testid="invite-submit" disabled=move || team.invite.pending().get()>
                    "Invite"
                </button>
            </div>
            {move || {
                invitation().map(|link| {
                    view! {
                        <CopyBox
                            label=format!("Invitation for {} (until {})", link.name, when(&link.expires_at))
                            value=link.url.clone()
                            test_id="invitation-link"
                            note=link_note(&link)
                            note_test_id="invitation-note"
                        />
                    }
                })
            }}
        </form>
    }
}
