//! The top bar's availability selector (every agent), and for admins the
//! Queues dialog (members, automatic assignment, hand-back), the Labels
//! dialog, the Attributes dialog, the Webhooks dialog (endpoints, secrets and delivery logs)
//! and the Mailboxes dialog (support addresses, how their mail arrives and leaves).
//!
//! Each in its own file (`availability`, `queues`, `labels`, `attributes`, `webhooks`,
//! `mailboxes`); here the frame of a list dialog and the one-field add form
//! they share.

mod attributes;
mod availability;
mod labels;
mod mailboxes;
mod queues;
mod webhooks;

pub use attributes::AttributesDialog;
pub use availability::AvailabilitySelect;
pub use labels::LabelsDialog;
pub use mailboxes::MailboxesDialog;
pub use queues::QueuesDialog;
pub use webhooks::WebhooksDialog;

use crate::components::modal::{ErrorLine, Modal};
use crate::components::text_field::TextField;
use crate::error::AppError;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// A dialog of a list: what it is for, what went wrong if anything, the
/// list once it has loaded (`children`), the form that adds to it, and
/// Close.
#[component]
pub(super) fn ListDialog(
    title: &'static str,
    test_id: &'static str,
    close: Callback<()>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] intro: ViewFn,
    #[prop(into)] add: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <Modal title close>
            <div class="admin-dialog" data-testid=test_id>
                <p class="muted small">{intro.run()}</p>
                <ErrorLine error/>
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {children()}
                </Transition>
                {add.run()}
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>
                        "Close"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// A one-field form that adds something to a dialog's list through
/// `action` (`input` makes its call from the text); the field empties once
/// it is added.
#[component]
pub(super) fn AddForm<S>(
    label: &'static str,
    input_type: &'static str,
    placeholder: &'static str,
    input_test_id: &'static str,
    button: &'static str,
    button_test_id: &'static str,
    /// Whether the list is there to add to.
    ready: Signal<bool>,
    action: ServerAction<S>,
    input: fn(String) -> S,
) -> impl IntoView
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            text.set(String::new());
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(input(text.get_untracked()));
    };
    view! {
        <form class="admin-add" on:submit=submit>
            <TextField label kind=input_type test_id=input_test_id placeholder value=text/>
            <button
                type="submit"
                class="button primary small"
                data-testid=button_test_id
                disabled=move || action.pending().get() || !ready.get() || text.with(|t| t.trim().is_empty())
            >
                {button}
            </button>
        </form>
    }
}
