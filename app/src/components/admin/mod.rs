//! The top bar's availability selector (every agent), and for admins the
//! Queues dialog (members, automatic assignment, hand-back) and the
//! Webhooks dialog (endpoints, secrets and delivery logs).
//!
//! Each in its own file (`availability`, `queues`, `webhooks`); here the
//! one-field add form the dialogs share.

mod availability;
mod queues;
mod webhooks;

pub use availability::AvailabilitySelect;
pub use queues::QueuesDialog;
pub use webhooks::WebhooksDialog;

use crate::components::text_field::TextField;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A one-field form that adds something to a dialog's list: `add` answers
/// whether it was added (the field then empties).
#[component]
pub(super) fn AddForm<F, Fut>(
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
            <TextField label kind=input_type test_id=input_test_id placeholder value=text/>
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
