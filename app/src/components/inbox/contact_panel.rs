//! The customer beside the open conversation: their details, what the
//! site said of them, the team's notes and their conversations, read again
//! whenever a colleague changes the record. Shown or hidden with
//! **Details** in the pane's header; each agent's choice is kept in their
//! browser. The lightbox (**View customer**) is for editing and the log.

use super::customer::{Conversations, Details};
use super::{InboxState, PaneDialog};
use crate::server::customer_account;
use leptos::prelude::*;

impl InboxState {
    /// Where the agent's choice to show the panel is kept.
    fn details_key(self) -> String {
        format!(
            "switchboard.details.agent.{}",
            self.me.with_value(|me| me.id)
        )
    }

    /// Shows or hides the panel, and remembers it.
    pub fn toggle_details(self) {
        let open = !self.details.get_untracked();
        self.details.set(open);
        crate::saved::set_text(&self.details_key(), open.then_some("open"));
    }

    /// The agent's choice as they left it (read once the page runs: the
    /// server draws the panel closed).
    pub fn restore_details(self) {
        if crate::saved::text(&self.details_key()).is_some() {
            self.details.set(true);
        }
    }
}

#[component]
pub fn ContactPanel() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let contact_id = Memo::new(move |_| state.current.with(|c| c.as_ref().map(|c| c.contact.id)));
    let account = Resource::new(
        move || (contact_id.get(), state.contacts_version.get()),
        |(id, _)| async move {
            match id {
                Some(id) => customer_account(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let close = Callback::new(|_| ());
    view! {
        <aside class="contact-panel" data-testid="contact-panel" aria-label="Customer details">
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || {
                    account.get().map(|result| match result {
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Ok(None) => ().into_any(),
                        Ok(Some(account)) => {
                            let id = account.contact.id;
                            let notes = account.notes.clone();
                            view! {
                                <Details account=account.clone()/>
                                <h3>"Notes"</h3>
                                {if notes.is_empty() {
                                    view! { <p class="muted small">"No notes yet."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="contact-notes">
                                            {notes.into_iter().map(|n| view! {
                                                <li class="contact-note" data-testid="panel-note">
                                                    <p class="note-body">{n.body}</p>
                                                    <span class="muted small">{n.author.name}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <button
                                    type="button"
                                    class="button subtle small"
                                    data-testid="panel-open-record"
                                    on:click=move |_| state.dialog.set(Some(PaneDialog::Customer(id)))
                                >
                                    "Edit, notes and history…"
                                </button>
                                <Conversations conversations=account.conversations close/>
                            }
                                .into_any()
                        }
                    })
                }}
            </Transition>
        </aside>
    }
}
