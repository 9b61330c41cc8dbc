//! Saved replies in the inbox: the list every composer offers after `/`
//! (kept here, read again when the list opens), and the dialog where an
//! agent keeps their own and an admin the team's.

use crate::components::modal::{ConfirmButton, ErrorLine, Modal};
use crate::components::suggestions::Suggestion;
use crate::components::text_field::TextField;
use crate::server::{delete_saved_reply, load_saved_replies, save_saved_reply};
use leptos::prelude::*;
use switchboard_types::SavedReply;

/// How many characters of a reply the lists show.
const PREVIEW_CHARS: usize = 80;

/// The replies the agent may use, shared by the composers and the dialog.
#[derive(Clone, Copy)]
pub struct SavedReplies {
    pub list: RwSignal<Vec<SavedReply>>,
    pub error: RwSignal<Option<String>>,
}

impl SavedReplies {
    pub fn new() -> Self {
        SavedReplies {
            list: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
        }
    }

    /// Reads the list again (a colleague or an admin may have changed it).
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            match load_saved_replies().await {
                Ok(list) => {
                    self.list.set(list);
                    self.error.set(None);
                }
                Err(e) => self.error.set(Some(e.message)),
            }
        });
    }

    /// What `/` offers: each reply by its shortcut, with its first words.
    pub fn suggestions(self) -> Signal<Vec<Suggestion>> {
        Signal::derive(move || {
            self.list.with(|list| {
                list.iter()
                    .map(|reply| Suggestion {
                        id: reply.id,
                        name: reply.shortcut.clone(),
                        label: format!(
                            "/{}{}",
                            reply.shortcut,
                            if reply.team { " · team" } else { "" }
                        ),
                        detail: Some(preview(&reply.body)),
                    })
                    .collect()
            })
        })
    }
}

impl Default for SavedReplies {
    fn default() -> Self {
        Self::new()
    }
}

fn preview(body: &str) -> String {
    switchboard_types::excerpt(body, PREVIEW_CHARS)
}

/// The agent's saved replies and the team's: add, change, delete (the
/// team's, admins).
#[component]
pub fn SavedRepliesDialog(close: Callback<()>, admin: bool) -> impl IntoView {
    let replies = expect_context::<SavedReplies>();
    replies.reload();
    // The form: a new reply, or (`editing`) one being changed.
    let editing = RwSignal::new(None::<i64>);
    let shortcut = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let team = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let clear = move || {
        editing.set(None);
        shortcut.set(String::new());
        body.set(String::new());
        team.set(false);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (id, s, b, t) = (
            editing.get_untracked(),
            shortcut.get_untracked(),
            body.get_untracked(),
            team.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match save_saved_reply(id, s, b, t).await {
                Ok(_) => {
                    error.set(None);
                    clear();
                    replies.reload();
                }
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
        });
    };
    let edit = move |reply: &SavedReply| {
        editing.set(Some(reply.id));
        shortcut.set(reply.shortcut.clone());
        body.set(reply.body.clone());
        team.set(reply.team);
    };
    let remove = move |id: i64| {
        leptos::task::spawn_local(async move {
            match delete_saved_reply(id).await {
                Ok(()) => {
                    if editing.get_untracked() == Some(id) {
                        clear();
                    }
                    replies.reload();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let failed = Signal::derive(move || error.get().or_else(|| replies.error.get()));

    view! {
        <Modal title="Saved replies" close>
            <div class="admin-dialog" data-testid="saved-replies-dialog">
                <p class="muted small">
                    "Type " <kbd>"/"</kbd> " and a shortcut in a reply to insert one. "
                    <code>"{{customer.name}}"</code> ", " <code>"{{customer.email}}"</code> ", "
                    <code>"{{agent.name}}"</code> ", " <code>"{{conversation.number}}"</code>
                    " and the customer's details (" <code>"{{customer.plan}}"</code>
                    ") are filled in for the conversation."
                </p>
                <Show when=move || replies.list.with(Vec::is_empty)>
                    <p class="muted" data-testid="no-saved-replies">"No saved replies yet."</p>
                </Show>
                <ul class="saved-replies">
                    <For each=move || replies.list.get() key=|r| (r.id, r.shortcut.clone(), r.body.clone()) let:reply>
                        {
                            let id = reply.id;
                            let editable = reply.editable;
                            let shown = reply.clone();
                            view! {
                                <li class="saved-reply" data-testid="saved-reply">
                                    <div>
                                        <strong data-testid="saved-reply-shortcut">"/" {reply.shortcut.clone()}</strong>
                                        {reply.team.then(|| view! { " " <span class="tag small">"Team"</span> })}
                                        <p class="small muted">{preview(&reply.body)}</p>
                                    </div>
                                    {editable.then(|| view! {
                                        <div class="admin-card-actions">
                                            <button
                                                type="button"
                                                class="button subtle small"
                                                data-testid="saved-reply-edit"
                                                on:click=move |_| edit(&shown)
                                            >
                                                "Edit"
                                            </button>
                                            <ConfirmButton
                                                label="Delete"
                                                question=format!("Delete /{}?", reply.shortcut)
                                                confirm="Delete"
                                                test_id="saved-reply-delete"
                                                class="button subtle small danger"
                                                on_confirm=Callback::new(move |_| remove(id))
                                            />
                                        </div>
                                    })}
                                </li>
                            }
                        }
                    </For>
                </ul>
                <form class="saved-reply-form" on:submit=submit>
                    <h3 class="small">
                        {move || if editing.get().is_some() { "Change the saved reply" } else { "New saved reply" }}
                    </h3>
                    <TextField label="Shortcut" test_id="saved-reply-shortcut-field" placeholder="thanks" max_chars=33 value=shortcut required=true/>
                    <TextField label="Text" test_id="saved-reply-body-field" lines=4 placeholder="Hi {{customer.name}}, thanks for waiting!" value=body required=true/>
                    {admin.then(|| view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="saved-reply-team"
                                bind:checked=team
                                disabled=move || editing.get().is_some()
                            />
                            "For the whole team"
                        </label>
                    })}
                    <ErrorLine error=failed/>
                    <div class="dialog-actions">
                        <Show when=move || editing.get().is_some()>
                            <button type="button" class="button subtle" on:click=move |_| clear()>"Cancel change"</button>
                        </Show>
                        <button type="button" class="button subtle" on:click=move |_| close.run(())>"Close"</button>
                        <button type="submit" class="button primary" data-testid="saved-reply-save" disabled=move || busy.get()>
                            "Save"
                        </button>
                    </div>
                </form>
            </div>
        </Modal>
    }
}
