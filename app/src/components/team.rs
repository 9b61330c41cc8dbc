//! Running the team from the top bar: the Team dialog (members, invitations,
//! password resets) and the Audit for admins, API tokens for everyone.

use crate::components::clock_time;
use crate::components::modal::{ConfirmButton, CopyBox, ErrorLine, Modal};
use crate::server::{
    change_team_member, create_my_api_token, invitation_link, invite_to_team, load_api_tokens,
    load_audit, load_invitations, load_team, password_reset_link, revoke_invitation,
    revoke_my_api_token,
};
use leptos::prelude::*;
use switchboard_types::{
    AgentChange, AgentLink, ApiToken, AuditEntry, PendingInvitation, Role, TeamMember,
};

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

/// Everyone on the team with their role, capacity and access; invitations.
#[component]
pub fn TeamDialog(me: i64, close: Callback<()>) -> impl IntoView {
    let team = Team {
        members: RwSignal::new(Vec::new()),
        error: RwSignal::new(None),
        reset: RwSignal::new(None),
        saved: RwSignal::new(None),
        invitations: RwSignal::new(Vec::new()),
        copied: RwSignal::new(None),
    };
    team.load();

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
                        {move || {
                            team.members
                                .get()
                                .into_iter()
                                .map(|member| view! { <MemberRow member me team/> })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                {move || {
                    team.reset.get().map(|link| {
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
                    {move || (team.saved.get() == Some(id)).then_some("Saved")}
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
                    on:click=move |_| team.reset_password(id)
                >
                    "Reset password"
                </button>
            </td>
        </tr>
    }
}

/// Invitations not used yet: who, by whom, until when; a fresh link to
/// copy, or revoke.
#[component]
fn Invitations(team: Team) -> impl IntoView {
    view! {
        <section class="invitations" data-testid="invitations">
            <h3>"Invitations not used yet"</h3>
            {move || {
                let list = team.invitations.get();
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
                                                    on:click=move |_| team.copy_invitation(id)
                                                >
                                                    "Copy link"
                                                </button>
                                                <ConfirmButton
                                                    label="Revoke"
                                                    question=format!("Revoke the invitation of {}?", invitation.email)
                                                    confirm="Revoke"
                                                    test_id="invitation-revoke"
                                                    class="button small subtle danger"
                                                    on_confirm=Callback::new(move |_| team.revoke_invitation(id))
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
            }}
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
fn InviteForm(team: Team) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let invitation = RwSignal::new(None::<AgentLink>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (e, n, r) = (
            email.get_untracked(),
            name.get_untracked(),
            role.get_untracked(),
        );
        sending.set(true);
        error.set(None);
        invitation.set(None);
        leptos::task::spawn_local(async move {
            match invite_to_team(e, n, r).await {
                Ok(link) => {
                    email.set(String::new());
                    name.set(String::new());
                    invitation.set(Some(link));
                    team.load_invitations().await;
                }
                Err(e) => error.set(Some(e.message)),
            }
            sending.set(false);
        });
    };
    view! {
        <form class="invite-form" data-testid="invite-form" on:submit=submit>
            <h3>"Invite someone"</h3>
            <div class="invite-fields">
                <label class="field">
                    "E-mail"
                    <input
                        type="email"
                        required
                        data-testid="invite-email"
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    "Name"
                    <input
                        type="text"
                        required
                        data-testid="invite-name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
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
                <button type="submit" class="button primary" data-testid="invite-submit" disabled=move || sending.get()>
                    "Invite"
                </button>
            </div>
            {move || {
                invitation.get().map(|link| {
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

/// The agent's own API tokens: made (shown once), listed, revoked.
#[component]
pub fn ApiTokensDialog(close: Callback<()>) -> impl IntoView {
    let tokens = RwSignal::new(Vec::<ApiToken>::new());
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match load_api_tokens().await {
                Ok(list) => tokens.set(list),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        error.set(None);
        created.set(None);
        leptos::task::spawn_local(async move {
            match create_my_api_token(n).await {
                Ok(new) => {
                    name.set(String::new());
                    created.set(Some(new.token));
                    tokens.update(|list| list.insert(0, new.api_token));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let revoke = move |id: i64| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match revoke_my_api_token(id).await {
                Ok(()) => load(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <Modal title="API tokens" close>
            <div class="api-tokens" data-testid="tokens-dialog">
                <p class="muted small">
                    "A token lets a script use the API as you: send it as "
                    <code>"Authorization: Bearer …"</code>
                    "."
                </p>
                <table class="team-table">
                    <thead>
                        <tr>
                            <th>"Name"</th>
                            <th>"Created"</th>
                            <th>"Last used"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            tokens
                                .get()
                                .into_iter()
                                .map(|token| {
                                    let id = token.id;
                                    view! {
                                        <tr data-testid="api-token" class:inactive=token.revoked>
                                            <td>{token.name.clone()}</td>
                                            <td>{when(&token.created_at)}</td>
                                            <td>{token.last_used_at.as_deref().map(when).unwrap_or_else(|| "Never".into())}</td>
                                            <td>
                                                {if token.revoked {
                                                    view! { <span class="muted" data-testid="token-revoked">"Revoked"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ConfirmButton
                                                            label="Revoke"
                                                            question="Revoke it? What uses it stops working."
                                                            confirm="Revoke"
                                                            test_id="revoke-token"
                                                            on_confirm=Callback::new(move |_| revoke(id))
                                                        />
                                                    }
                                                        .into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                <form class="invite-form" on:submit=create>
                    <h3>"New token"</h3>
                    <div class="invite-fields">
                        <label class="field">
                            "Name (what uses it)"
                            <input
                                type="text"
                                required
                                data-testid="token-name"
                                prop:value=move || name.get()
                                on:input=move |ev| name.set(event_target_value(&ev))
                            />
                        </label>
                    </div>
                    <div class="dialog-actions">
                        <button type="submit" class="button primary" data-testid="create-token">"Create"</button>
                    </div>
                </form>
                {move || {
                    created.get().map(|secret| {
                        view! {
                            <CopyBox
                                label="Your new token".to_string()
                                value=secret
                                test_id="new-token"
                                note="Copy it now: it will not be shown again.".to_string()
                            />
                        }
                    })
                }}
                <ErrorLine error/>
            </div>
        </Modal>
    }
}

/// An audit entry's details in words: each changed field with its old
/// and new value ("capacity: 5 → 3"), or what else it notes.
fn audit_changes(data: &str) -> Vec<String> {
    let Ok(serde_json::Value::Object(data)) = serde_json::from_str::<serde_json::Value>(data)
    else {
        return Vec::new();
    };
    let shown = |value: &serde_json::Value| match value {
        serde_json::Value::Null => "none".to_string(),
        serde_json::Value::String(text) if text.is_empty() => "(empty)".to_string(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let from_to = |field: Option<&str>, change: &serde_json::Value| {
        let line = format!("{} → {}", shown(&change["from"]), shown(&change["to"]));
        match field {
            Some(field) => format!("{}: {line}", field.replace('_', " ")),
            None => line,
        }
    };
    if let Some(serde_json::Value::Object(changed)) = data.get("changes") {
        return changed
            .iter()
            .map(|(field, change)| from_to(Some(field), change))
            .collect();
    }
    if data.contains_key("from") && data.contains_key("to") {
        return vec![from_to(None, &serde_json::Value::Object(data))];
    }
    data.iter()
        .map(|(field, value)| format!("{}: {}", field.replace('_', " "), shown(value)))
        .collect()
}

/// Every change an admin made, newest first.
#[component]
pub fn AuditDialog(close: Callback<()>) -> impl IntoView {
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let error = RwSignal::new(None::<String>);
    let more = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let load = move || {
        let before = entries.with_untracked(|e| e.last().map(|e| e.id));
        loading.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match load_audit(before).await {
                Ok(page) => {
                    more.set(!page.is_empty());
                    entries.update(|e| e.extend(page));
                }
                Err(e) => error.set(Some(e.message)),
            }
            loading.set(false);
        });
    };
    load();
    view! {
        <Modal title="Audit" close>
            <div class="audit" data-testid="audit-dialog">
                <table class="team-table">
                    <thead>
                        <tr>
                            <th>"When"</th>
                            <th>"Who"</th>
                            <th>"What"</th>
                            <th>"Subject"</th>
                            <th>"Change"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            entries
                                .get()
                                .into_iter()
                                .map(|entry| {
                                    view! {
                                        <tr data-testid="audit-entry" title=entry.data.clone()>
                                            <td>{when(&entry.created_at)}</td>
                                            <td>{entry.actor.clone()}</td>
                                            <td data-testid="audit-action"><code>{entry.action.clone()}</code></td>
                                            <td data-testid="audit-subject">{entry.subject.clone()}</td>
                                            <td data-testid="audit-change">
                                                <ul class="audit-changes">
                                                    {audit_changes(&entry.data)
                                                        .into_iter()
                                                        .map(|line| view! { <li>{line}</li> })
                                                        .collect_view()}
                                                </ul>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                {move || {
                    (!loading.get() && entries.with(Vec::is_empty) && error.with(Option::is_none))
                        .then(|| view! { <p class="muted">"No changes yet."</p> })
                }}
                <ErrorLine error/>
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="audit-more"
                        hidden=move || !more.get()
                        disabled=move || loading.get()
                        on:click=move |_| load()
                    >
                        "Load more"
                    </button>
                </div>
            </div>
        </Modal>
    }
}
