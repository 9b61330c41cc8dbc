//! The Queues dialog: every queue's name, members, automatic assignment,
//! hand-back and hours.

use super::{AddForm, ListDialog};
use crate::components::modal::{report_failure, ErrorLine};
use crate::components::settings::{HoursForm, WorkingHoursEditor};
use crate::components::text_field::TextField;
use crate::server::{load_queue_setups, load_queue_staff, AddQueue, SaveQueue};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{QueueChange, QueueSetup, TeamMember};

/// Every queue: name, members, automatic assignment, hand-back, hours.
#[component]
pub fn QueuesDialog(close: Callback<()>) -> impl IntoView {
    let add = ServerAction::<AddQueue>::new();
    // The queues as stored, read again after each one added.
    let queues = Resource::new(move || add.version().get(), |_| load_queue_setups());
    let team = Resource::new(|| (), |_| load_queue_staff());
    let staff = Signal::derive(move || team.get().and_then(Result::ok));
    let error = RwSignal::new(None::<String>);
    report_failure(add, error);
    let listed = move || queues.get().and_then(Result::ok);
    let failed = Signal::derive(move || {
        error
            .get()
            .or_else(|| queues.get().and_then(Result::err).map(|e| e.message))
            .or_else(|| team.get().and_then(Result::err).map(|e| e.message))
    });

    view! {
        <ListDialog
            title="Queues"
            test_id="queues-dialog"
            close
            error=failed
            intro=|| "Automatic assignment gives a queue's waiting conversations to its online members, up to each one's capacity."
            add=move || {
                view! {
                    <AddForm
                        label="New queue"
                        input_type="text"
                        placeholder="Name…"
                        input_test_id="new-queue-name"
                        button="Add queue"
                        button_test_id="create-queue"
                        ready=Signal::derive(move || listed().is_some())
                        action=add
                        input=|name| AddQueue { name }
                    />
                }
            }
        >
            <For each=move || listed().unwrap_or_default() key=|queue| queue.id let:queue>
                <QueueCard queue staff/>
            </For>
        </ListDialog>
    }
}

/// One queue: its name, members, automatic assignment and hand-back, saved together.
#[component]
fn QueueCard(queue: QueueSetup, staff: Signal<Option<Vec<TeamMember>>>) -> impl IntoView {
    let id = queue.id;
    let title = RwSignal::new(queue.name.clone());
    let name = RwSignal::new(queue.name);
    let policy = RwSignal::new(queue.assignment_policy);
    let hand_back = RwSignal::new(queue.reassign_on_offline);
    let wait = RwSignal::new(queue.wait_minutes.to_string());
    let members = RwSignal::new(queue.members);
    let hours = HoursForm::new();
    hours.fill(queue.working_hours.as_ref());
    let save = ServerAction::<SaveQueue>::new();
    let error = RwSignal::new(None::<String>);
    report_failure(save, error);
    // Whether what the form shows is what was just saved.
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(setup)) = save.value().get() {
            title.set(setup.name.clone());
            name.set(setup.name);
            policy.set(setup.assignment_policy);
            hand_back.set(setup.reassign_on_offline);
            wait.set(setup.wait_minutes.to_string());
            members.set(setup.members);
            hours.fill(setup.working_hours.as_ref());
            saved.set(true);
        }
    });

    let submit = move |ev: SubmitEvent| {
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
            // What is not a number is sent as 0, which the server refuses, saying why.
            wait_minutes: Some(wait.with_untracked(|w| w.trim().parse().unwrap_or(0))),
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
        saved.set(false);
        save.dispatch(SaveQueue {
            queue_id: id,
            change,
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
            on:submit=submit
            on:input=move |_| saved.set(false)
            on:change=move |_| saved.set(false)
        >
            <h3>{move || title.get()}</h3>
            <TextField label="Name" test_id="queue-name" max_chars=60 value=name/>
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
            <label class="field">
                "A wait is too long after (minutes)"
                <input
                    type="number"
                    min="1"
                    max="1440"
                    class="input narrow"
                    data-testid="queue-wait-minutes"
                    bind:value=wait
                />
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
                    disabled=move || save.pending().get() || staff.with(Option::is_none)
                >
                    "Save"
                </button>
            </div>
        </form>
    }
}
