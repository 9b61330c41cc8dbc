//! The conversation's dialogs: transfer, snooze, merge, and the customer's
//! record (in `customer`) and every customer (in `customers`). Transfer,
//! assign and snooze act on the open conversation or on every picked one
//! (a bulk action).

use super::{InboxState, PaneDialog, Target};
use crate::components::inbox::list::status_class;
use crate::components::modal::{ErrorLine, Modal, ModalForm};
use crate::components::staff_picker::StaffPicker;
use crate::components::text_field::TextField;
use crate::components::{clock_time, later, split_view};
use crate::server::{
    assign_conversation, customer_account, list_queues, merge_conversation, snooze_conversation,
    transfer_conversation,
};
use leptos::prelude::*;
use switchboard_types::{BulkActionKind, Conversation, Tab};

/// The open dialog, if any.
#[component]
pub fn PaneDialogs() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let close = Callback::new(move |_| state.dialog.set(None));
    move || {
        state
            .dialog
            .get()
            .map(|dialog| later(move || pane_dialog(dialog, close)))
    }
}

split_view! {
    /// A dialog about a conversation or a customer, in a file of its own
    /// (see `split_view!`).
    fn pane_dialog(dialog: PaneDialog, close: Callback<()>) {
        match dialog {
            PaneDialog::Transfer(target) => {
                view! { <TransferDialog target assign=false close/> }.into_any()
            }
            PaneDialog::Assign(target) => {
                view! { <TransferDialog target assign=true close/> }.into_any()
            }
            PaneDialog::Snooze(target) => view! { <SnoozeDialog target close/> }.into_any(),
            PaneDialog::Labels(target) => {
                view! { <super::labels::LabelPicker target close/> }.into_any()
            }
            PaneDialog::Customer(contact_id) => {
                view! { <super::customer::CustomerLightbox contact_id close/> }.into_any()
            }
            PaneDialog::Customers => view! { <super::customers::CustomersDialog close/> }.into_any(),
            PaneDialog::Merge { number, contact_id } => {
                view! { <MergeDialog number contact_id close/> }.into_any()
            }
        }
    }
}

/// After an action: the conversation shows under the tab it now belongs to.
fn moved(state: InboxState, conversation: &Conversation) {
    state.tab.set(Tab::of(conversation.status));
    state.refresh_all();
}

/// Hand the conversation to a colleague (found by name) and/or a queue,
/// with a note for them; or, to `assign`, give it to a colleague.
#[component]
fn TransferDialog(target: Target, assign: bool, close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let queues = Resource::new(|| (), |_| list_queues());
    let chosen = RwSignal::new(Vec::<i64>::new());
    let to_agent = Signal::derive(move || chosen.with(|c| c.first().copied()));
    let to_queue = RwSignal::new(None::<i64>);
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let (agent_id, queue_id, note) = (
            to_agent.get_untracked(),
            to_queue.get_untracked(),
            note.get_untracked(),
        );
        let number = match target {
            Target::One(number) => number,
            Target::Picked => {
                close.run(());
                let kind = if assign {
                    BulkActionKind::Assign
                } else {
                    BulkActionKind::Transfer
                };
                state.run_bulk(kind, |request| {
                    request.agent_id = agent_id;
                    request.queue_id = queue_id;
                });
                return;
            }
        };
        leptos::task::spawn_local(async move {
            let done = match (assign, agent_id) {
                (true, Some(agent_id)) => assign_conversation(number, agent_id).await,
                _ => transfer_conversation(number, agent_id, queue_id, note).await,
            };
            match done {
                Ok(conversation) => {
                    close.run(());
                    moved(state, &conversation);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <ModalForm title={if assign { "Assign" } else { "Transfer" }} close submit=Callback::new(move |_| submit()) submit_label={if assign { "Assign" } else { "Transfer" }} submit_test_id="transfer-submit" test_id="transfer-dialog" disabled=Signal::derive(move || to_agent.get().is_none() && to_queue.get().is_none()) error=error>
                <StaffPicker
                    chosen
                    single=true
                    nobody=(!assign).then_some("Nobody: back to Pending in the queue")
                />
                <div class="field" hidden=assign>
                <label class="field">
                    "Queue"
                    <select
                        data-testid="transfer-queue"
                        on:change=move |ev| to_queue.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">"Keep its queue"</option>
                        <Transition>
                            {move || {
                                queues
                                    .get()
                                    .and_then(Result::ok)
                                    .unwrap_or_default()
                                    .into_iter()
                                    .map(|q| view! { <option value=q.id.to_string()>{q.name}</option> })
                                    .collect_view()
                            }}
                        </Transition>
                    </select>
                </label>
                // A note goes with one conversation, not with many.
                {matches!(target, Target::One(_)).then(|| view! {
                    <TextField label="Note for them" test_id="transfer-note" lines=3 placeholder="What they should know (a private note)" value=note/>
                })}
                </div>
        </ModalForm>
    }
}

/// Merge the conversation into another of its customer's, picked from
/// their conversations: the joined one opens.
#[component]
fn MergeDialog(number: i64, contact_id: i64, close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let account = Resource::new(move || contact_id, customer_account);
    let into = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let Some(target) = into.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match merge_conversation(number, target).await {
                Ok(conversation) => {
                    close.run(());
                    moved(state, &conversation);
                    state.open(conversation.number);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <ModalForm title="Merge" close submit=Callback::new(move |_| submit()) submit_label="Merge" submit_test_id="merge-submit" test_id="merge-dialog" disabled=Signal::derive(move || into.get().is_none()) error=error>
            <p class="muted small">
                {format!("#{number}'s messages and history join the conversation you pick, in the order they were written; #{number} stays behind as a pointer to it.")}
            </p>
            <fieldset class="merge-choices">
                <legend>"Merge into"</legend>
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || {
                        account.get().map(|result| match result {
                            Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                            Ok(account) => {
                                let others: Vec<Conversation> = account
                                    .conversations
                                    .into_iter()
                                    .filter(|c| c.number != number && c.merged_into.is_none())
                                    .collect();
                                if others.is_empty() {
                                    return view! {
                                        <p class="muted" data-testid="merge-none">"This customer has no other conversation."</p>
                                    }
                                        .into_any();
                                }
                                others
                                    .into_iter()
                                    .map(|c| {
                                        let target = c.number;
                                        view! {
                                            <label class="merge-choice" data-testid="merge-choice">
                                                <input
                                                    type="radio"
                                                    name="merge-into"
                                                    on:change=move |_| into.set(Some(target))
                                                />
                                                <strong>"#" {target}</strong>
                                                " "
                                                <span class=format!("status-dot {}", status_class(c.status))></span>
                                                <span class="muted small">
                                                    {c.last_message_at.get(..10).unwrap_or_default().to_string()} " "
                                                    {clock_time(&c.last_message_at)}
                                                </span>
                                                " "
                                                <span class="preview">{c.last_message.unwrap_or_default()}</span>
                                            </label>
                                        }
                                    })
                                    .collect_view()
                                    .into_any()
                            }
                        })
                    }}
                </Suspense>
            </fieldset>
        </ModalForm>
    }
}

/// Presets, or a date and time (in the agent's own time zone).
#[component]
fn SnoozeDialog(target: Target, close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let error = RwSignal::new(None::<String>);
    let when = RwSignal::new(String::new());
    let snooze = move |until: Option<String>| {
        let Some(until) = until else {
            error.set(Some("choose a date and time".into()));
            return;
        };
        let number = match target {
            Target::One(number) => number,
            Target::Picked => {
                close.run(());
                state.run_bulk(BulkActionKind::Snooze, |request| {
                    request.until = Some(until)
                });
                return;
            }
        };
        leptos::task::spawn_local(async move {
            match snooze_conversation(number, until).await {
                Ok(conversation) => {
                    close.run(());
                    moved(state, &conversation);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let preset = move |label: &'static str, until: fn() -> Option<String>| {
        view! {
            <button type="button" class="button" on:click=move |_| snooze(until())>{label}</button>
        }
    };
    view! {
        <Modal title="Snooze" close>
            <div class="dialog-form" data-testid="snooze-dialog">
                <p class="muted small">
                    "Out of Working On until then; it comes back by itself, or at once when the customer writes."
                </p>
                <div class="presets">
                    {preset("1 hour", || time::hours_from_now(1))}
                    {preset("4 hours", || time::hours_from_now(4))}
                    {preset("Tomorrow 9:00", time::tomorrow_at_nine)}
                    {preset("Next week", || time::hours_from_now(24 * 7))}
                </div>
                <form
                    class="snooze-until"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        snooze(time::local_to_rfc3339(&when.get_untracked()));
                    }
                >
                    <TextField label="Until" kind="datetime-local" test_id="snooze-until" required=true value=when/>
                    <button type="submit" class="button primary" data-testid="snooze-submit">"Snooze"</button>
                </form>
                <ErrorLine error/>
            </div>
        </Modal>
    }
}

/// Times the browser reads in its own time zone, sent as RFC 3339.
mod time {
    #[cfg(feature = "browser")]
    fn iso(date: &js_sys::Date) -> Option<String> {
        date.to_iso_string().as_string()
    }

    pub fn hours_from_now(hours: u32) -> Option<String> {
        #[cfg(feature = "browser")]
        {
            let ms = js_sys::Date::now() + f64::from(hours) * 3_600_000.0;
            iso(&js_sys::Date::new(&ms.into()))
        }
        #[cfg(not(feature = "browser"))]
        {
            let _ = hours;
            None
        }
    }

    pub fn tomorrow_at_nine() -> Option<String> {
        #[cfg(feature = "browser")]
        {
            let date = js_sys::Date::new_0();
            date.set_date(date.get_date() + 1);
            date.set_hours(9);
            date.set_minutes(0);
            date.set_seconds(0);
            date.set_milliseconds(0);
            iso(&date)
        }
        #[cfg(not(feature = "browser"))]
        None
    }

    /// `2030-01-31T09:00` (a `datetime-local` input) as RFC 3339.
    pub fn local_to_rfc3339(local: &str) -> Option<String> {
        if local.trim().is_empty() {
            return None;
        }
        #[cfg(feature = "browser")]
        {
            let date = js_sys::Date::new(&local.into());
            if date.get_time().is_nan() {
                return None;
            }
            iso(&date)
        }
        #[cfg(not(feature = "browser"))]
        None
    }
}
