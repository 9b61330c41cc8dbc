//! The top bar's availability selector (every agent), and for admins the
//! Queues dialog (members, automatic assignment, hand-back) and the
//! Webhooks dialog (endpoints, secrets and delivery logs).

use crate::components::modal::{ConfirmButton, ErrorLine, Modal};
use crate::components::settings::{HoursForm, WorkingHoursEditor};
use crate::server::{
    add_queue, add_webhook, load_queue_setups, load_queue_staff, load_webhook_deliveries,
    load_webhooks, remove_webhook, save_queue, set_my_availability, set_webhook_active,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_types::{
    Availability, QueueChange, QueueSetup, TeamMember, Webhook, WebhookDelivery,
};

/// Whether the agent takes conversations: online, away or offline, with a
/// coloured dot. Saved as soon as it changes.
#[component]
pub fn AvailabilitySelect(initial: Availability) -> impl IntoView {
    let current = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let change = move |ev| {
        let Some(next) = Availability::parse(&event_target_value(&ev)) else {
            return;
        };
        let before = current.get_untracked();
        current.set(next);
        error.set(None);
        spawn_local(async move {
            match set_my_availability(next).await {
                Ok(agent) => current.set(agent.availability),
                Err(e) => {
                    current.set(before);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let option = move |value: Availability, label: &'static str| {
        view! {
            <option value=value.as_str() selected=move || current.get() == value>
                {label}
            </option>
        }
    };
    view! {
        <span class="availability">
            <span
                class=move || format!("availability-dot {}", current.get().as_str())
                aria-hidden="true"
            ></span>
            <select
                data-testid="availability"
                aria-label="Availability"
                title="Whether you take conversations"
                prop:value=move || current.get().as_str()
                on:change=change
            >
                {option(Availability::Online, "Online")}
                {option(Availability::Away, "Away")}
                {option(Availability::Offline, "Offline")}
            </select>
            {move || {
                error
                    .get()
                    .map(|m| view! { <span class="form-error small" role="alert">{m}</span> })
            }}
        </span>
    }
}

/// Every queue: name, members, automatic assignment, hand-back, hours.
#[component]
pub fn QueuesDialog(close: Callback<()>) -> impl IntoView {
    let queues = RwSignal::new(None::<Vec<QueueSetup>>);
    let staff = RwSignal::new(None::<Vec<TeamMember>>);
    let error = RwSignal::new(None::<String>);

    spawn_local(async move {
        match load_queue_staff().await {
            Ok(team) => staff.set(Some(team)),
            Err(e) => error.set(Some(e.message)),
        }
        match load_queue_setups().await {
            Ok(list) => queues.set(Some(list)),
            Err(e) => error.set(Some(e.message)),
        }
    });

    let create = move |name: String| async move {
        error.set(None);
        match add_queue(name).await {
            Ok(setup) => {
                queues.update(|list| list.get_or_insert_with(Vec::new).push(setup));
                true
            }
            Err(e) => {
                error.set(Some(e.message));
                false
            }
        }
    };

    view! {
        <Modal title="Queues" close>
            <div class="admin-dialog" data-testid="queues-dialog">
                <p class="muted small">
                    "Automatic assignment gives a queue's waiting conversations to its online members, up to each one's capacity."
                </p>
                <ErrorLine error/>
                <Show when=move || queues.with(Option::is_none) && error.with(Option::is_none)>
                    <p class="muted">"Loading…"</p>
                </Show>
                <For
                    each=move || queues.get().unwrap_or_default()
                    key=|queue| queue.id
                    let:queue
                >
                    <QueueCard queue staff/>
                </For>
                <AddForm
                    label="New queue"
                    input_type="text"
                    placeholder="Name…"
                    input_test_id="new-queue-name"
                    button="Add queue"
                    button_test_id="create-queue"
                    ready=Signal::derive(move || queues.with(Option::is_some))
                    add=create
                />
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>
                        "Close"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// One queue: its name, members, automatic assignment and hand-back, saved together.
#[component]
fn QueueCard(queue: QueueSetup, staff: RwSignal<Option<Vec<TeamMember>>>) -> impl IntoView {
    let id = queue.id;
    let title = RwSignal::new(queue.name.clone());
    let name = RwSignal::new(queue.name);
    let policy = RwSignal::new(queue.assignment_policy);
    let hand_back = RwSignal::new(queue.reassign_on_offline);
    let members = RwSignal::new(queue.members);
    let hours = HoursForm::new();
    hours.fill(queue.working_hours.as_ref());
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);

    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        // Only agents still on the team can be members.
        let on_team: Vec<i64> = staff.with_untracked(|s| {
            s.as_deref()
                .unwrap_or_default()
                .iter()
                .map(|m| m.id)
                .collect()
        });
        let change = QueueChange {
            name: Some(name.get_untracked()),
            assignment_policy: Some(policy.get_untracked()),
            reassign_on_offline: Some(hand_back.get_untracked()),
            members: Some(
                members
                    .get_untracked()
                    .into_iter()
                    .filter(|m| on_team.contains(m))
                    .collect(),
            ),
            working_hours: hours.to_hours(),
            clear_working_hours: hours.is_all_hours(),
        };
        saving.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            match save_queue(id, change).await {
                Ok(setup) => {
                    title.set(setup.name.clone());
                    name.set(setup.name);
                    policy.set(setup.assignment_policy);
                    hand_back.set(setup.reassign_on_offline);
                    members.set(setup.members);
                    hours.fill(setup.working_hours.as_ref());
                    saved.set(true);
                }
                Err(e) => error.set(Some(e.message)),
            }
            saving.set(false);
        });
    };
    let toggle_member = move |agent: i64, on: bool| {
        members.update(|list| {
            list.retain(|m| *m != agent);
            if on {
                list.push(agent);
            }
        });
    };
    let policy_option = move |value: &'static str, label: &'static str| {
        view! {
            <option value=value selected=move || policy.with(|p| p == value)>
                {label}
            </option>
        }
    };

    view! {
        <form
            class="admin-card"
            data-testid="queue"
            data-queue-id=id
            on:submit=save
            on:input=move |_| saved.set(false)
            on:change=move |_| saved.set(false)
        >
            <h3>{move || title.get()}</h3>
            <label class="field">
                "Name"
                <input
                    type="text"
                    data-testid="queue-name"
                    maxlength="60"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <fieldset class="queue-members">
                <legend>"Members"</legend>
                {move || {
                    staff
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|member| {
                            let agent = member.id;
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        data-testid=format!("queue-member-{agent}")
                                        prop:checked=move || members.with(|m| m.contains(&agent))
                                        on:change=move |ev| toggle_member(agent, event_target_checked(&ev))
                                    />
                                    {member.name}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <label class="field">
                "Automatic assignment"
                <select
                    data-testid="queue-policy"
                    prop:value=move || policy.get()
                    on:change=move |ev| policy.set(event_target_value(&ev))
                >
                    {policy_option("off", "Off")}
                    {policy_option("round_robin", "Round robin")}
                    {policy_option("least_busy", "Least busy")}
                </select>
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="queue-hand-back"
                    prop:checked=move || hand_back.get()
                    on:change=move |ev| hand_back.set(event_target_checked(&ev))
                />
                "Hand back conversations when an agent goes offline"
            </label>
            <fieldset class="queue-hours">
                <legend>"Working hours"</legend>
                <WorkingHoursEditor hours test_prefix="queue"/>
            </fieldset>
            <ErrorLine error/>
            <div class="admin-card-actions">
                <span class="muted small" role="status" data-testid="queue-saved">
                    {move || if saved.get() { "Saved" } else { "" }}
                </span>
                <button
                    type="submit"
                    class="button primary small"
                    data-testid="queue-save"
                    disabled=move || saving.get() || staff.with(Option::is_none)
                >
                    "Save"
                </button>
            </div>
        </form>
    }
}

/// Webhooks with their secrets and delivery logs.
#[component]
pub fn WebhooksDialog(close: Callback<()>) -> impl IntoView {
    let hooks = RwSignal::new(None::<Vec<Webhook>>);
    let error = RwSignal::new(None::<String>);

    spawn_local(async move {
        match load_webhooks().await {
            Ok(list) => hooks.set(Some(list)),
            Err(e) => error.set(Some(e.message)),
        }
    });

    let add = move |url: String| async move {
        error.set(None);
        match add_webhook(url).await {
            Ok(hook) => {
                hooks.update(|list| list.get_or_insert_with(Vec::new).push(hook));
                true
            }
            Err(e) => {
                error.set(Some(e.message));
                false
            }
        }
    };
    let removed = Callback::new(move |id: i64| {
        hooks.update(|list| {
            if let Some(list) = list {
                list.retain(|h| h.id != id);
            }
        });
    });

    view! {
        <Modal title="Webhooks" close>
            <div class="admin-dialog" data-testid="webhooks-dialog">
                <p class="muted small">
                    "Each endpoint receives conversation and message events as signed JSON: check the "
                    <code>"X-Switchboard-Signature"</code>
                    " header with the endpoint's secret (HMAC-SHA256)."
                </p>
                <ErrorLine error/>
                <Show when=move || hooks.with(Option::is_none) && error.with(Option::is_none)>
                    <p class="muted">"Loading…"</p>
                </Show>
                <Show when=move || hooks.with(|h| h.as_ref().is_some_and(Vec::is_empty))>
                    <p class="muted" data-testid="no-webhooks">"No webhooks yet."</p>
                </Show>
                <For each=move || hooks.get().unwrap_or_default() key=|hook| hook.id let:hook>
                    <WebhookCard hook removed/>
                </For>
                <AddForm
                    label="New webhook URL"
                    input_type="url"
                    placeholder="https://example.com/hooks"
                    input_test_id="new-webhook-url"
                    button="Add webhook"
                    button_test_id="add-webhook"
                    ready=Signal::derive(move || hooks.with(Option::is_some))
                    add=add
                />
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>
                        "Close"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// One webhook: its URL, whether it is sent to, its secret, and its delivery log.
#[component]
fn WebhookCard(hook: Webhook, removed: Callback<i64>) -> impl IntoView {
    let id = hook.id;
    let active = RwSignal::new(hook.active);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let log_open = RwSignal::new(false);
    let deliveries = RwSignal::new(None::<Vec<WebhookDelivery>>);
    let secret_box = NodeRef::<leptos::html::Input>::new();

    let set_active = move |on: bool| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match set_webhook_active(id, on).await {
                Ok(hook) => active.set(hook.active),
                Err(e) => {
                    active.set(!on);
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    let delete = move || {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match remove_webhook(id).await {
                Ok(()) => removed.run(id),
                Err(e) => {
                    error.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    let refresh = move || {
        spawn_local(async move {
            match load_webhook_deliveries(id).await {
                Ok(list) => deliveries.set(Some(list)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let toggle_log = move |_| {
        let opening = !log_open.get_untracked();
        log_open.set(opening);
        if opening {
            refresh();
        }
    };

    view! {
        <div class="admin-card" data-testid="webhook" data-webhook-id=id>
            <h3 class="webhook-url" data-testid="webhook-url">{hook.url}</h3>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="webhook-active"
                    disabled=move || busy.get()
                    prop:checked=move || active.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        active.set(on);
                        set_active(on);
                    }
                />
                "Active (events are sent)"
            </label>
            <label class="field">
                "Signing secret"
                <input
                    type="text"
                    readonly
                    class="secret"
                    data-testid="webhook-secret"
                    prop:value=hook.secret
                    node_ref=secret_box
                    on:focus=move |_| {
                        if let Some(input) = secret_box.get() {
                            input.select();
                        }
                    }
                />
            </label>
            <ErrorLine error/>
            <div class="admin-card-actions">
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="webhook-log-toggle"
                    aria-expanded=move || log_open.get().to_string()
                    on:click=toggle_log
                >
                    {move || if log_open.get() { "Hide delivery log" } else { "Delivery log" }}
                </button>
                <ConfirmButton
                    label="Delete"
                    question="Delete this webhook? Its deliveries stop."
                    confirm="Delete"
                    test_id="webhook-delete"
                    class="button danger small"
                    disabled=busy
                    on_confirm=Callback::new(move |_| delete())
                />
            </div>
            <Show when=move || log_open.get()>
                <div class="delivery-log" data-testid="webhook-deliveries">
                    <button
                        type="button"
                        class="button subtle small"
                        data-testid="webhook-log-refresh"
                        on:click=move |_| refresh()
                    >
                        "Refresh"
                    </button>
                    {move || match deliveries.get() {
                        None => view! { <p class="muted small">"Loading…"</p> }.into_any(),
                        Some(list) if list.is_empty() => {
                            view! { <p class="muted small">"Nothing sent yet."</p> }.into_any()
                        }
                        Some(list) => view! { <DeliveryTable list/> }.into_any(),
                    }}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn DeliveryTable(list: Vec<WebhookDelivery>) -> impl IntoView {
    view! {
        <table class="delivery-table">
            <thead>
                <tr>
                    <th>"Event"</th>
                    <th>"State"</th>
                    <th>"Attempts"</th>
                    <th>"Status"</th>
                    <th>"Error"</th>
                    <th>"When"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|d| {
                        let when = format!(
                            "{} {}",
                            d.created_at.get(..10).unwrap_or_default(),
                            crate::components::clock_time(&d.created_at),
                        );
                        let next = (d.state == "waiting")
                            .then_some(d.next_attempt_at)
                            .flatten()
                            .map(|at| format!(" (next try {})", crate::components::clock_time(&at)));
                        view! {
                            <tr data-testid="webhook-delivery">
                                <td>{d.event_type}</td>
                                <td class=format!("delivery-state {}", d.state)>{d.state.clone()}{next}</td>
                                <td>{d.attempts}</td>
                                <td>{d.last_status.map(|s| s.to_string()).unwrap_or_default()}</td>
                                <td class="delivery-error">{d.last_error.unwrap_or_default()}</td>
                                <td>{when}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A one-field form that adds something to a dialog's list: `add` answers
/// whether it was added (the field then empties).
#[component]
fn AddForm<F, Fut>(
    label: &'static str,
    input_type: &'static str,
    placeholder: &'static str,
    input_test_id: &'static str,
    button: &'static str,
    button_test_id: &'static str,
    /// Whether the list is there to add to.
    ready: Signal<bool>,
    add: F,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: std::future::Future<Output = bool> + 'static,
{
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let value = text.get_untracked();
        spawn_local(async move {
            if add(value).await {
                text.set(String::new());
            }
            busy.set(false);
        });
    };
    view! {
        <form class="admin-add" on:submit=submit>
            <label class="field">
                {label}
                <input
                    type=input_type
                    data-testid=input_test_id
                    placeholder=placeholder
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <button
                type="submit"
                class="button primary small"
                data-testid=button_test_id
                disabled=move || busy.get() || !ready.get() || text.with(|t| t.trim().is_empty())
            >
                {button}
            </button>
        </form>
    }
}
