//! The Queues dialog: every queue's name, members, automatic assignment,
//! hand-back and hours.

use super::AddForm;
use crate::components::modal::{ErrorLine, Modal};
use crate::components::settings::{HoursForm, WorkingHoursEditor};
use crate::components::text_field::TextField;
use crate::server::{add_queue, load_queue_setups, load_queue_staff, save_queue};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_types::{QueueChange, QueueSetup, TeamMember};

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
