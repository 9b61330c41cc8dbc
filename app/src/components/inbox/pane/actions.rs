//! The open conversation's header: who it is with, its status, and the
//! buttons the server says the agent may use (accept, take over, return,
//! resolve, reopen, mark unread, assign, transfer, snooze, merge, block,
//! delete, restore).

use super::LinkedText;
use crate::components::inbox::list::status_class;
use crate::components::inbox::{InboxState, PaneDialog, Target};
use crate::components::modal::ConfirmButton;
use crate::server::{
    accept_conversation, block_customer, delete_conversation, mark_conversation_unread,
    reopen_conversation, resolve_conversation, restore_conversation, return_conversation,
    take_over_conversation, OpenedConversation,
};
use leptos::prelude::*;
use switchboard_types::{AuthorKind, ConversationActions, ConversationStatus, Permission, Tab};

#[component]
pub(super) fn OpenConversation(opened: OpenedConversation) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let conversation = opened.conversation;
    // Which buttons show, and which are refused with a reason, is the
    // server's word (the lifecycle's rules), not worked out again here.
    let actions = opened.actions;
    let number = conversation.number;
    let contact_id = conversation.contact.id;
    let action_error = RwSignal::new(None::<String>);

    // Runs a lifecycle action; on success the conversation is shown under
    // the tab it now belongs to.
    let act = move |action: Action| {
        leptos::task::spawn_local(async move {
            let done = match action {
                Action::Accept => accept_conversation(number).await,
                Action::TakeOver => take_over_conversation(number).await,
                Action::Return => return_conversation(number).await,
                Action::Resolve => resolve_conversation(number).await,
                Action::Reopen => reopen_conversation(number).await,
                Action::MarkUnread => mark_conversation_unread(number).await,
                Action::Delete => delete_conversation(number).await,
                Action::Restore => restore_conversation(number).await,
            };
            match done {
                // Closed, so that showing it does not read it again.
                Ok(_) if matches!(action, Action::MarkUnread) => {
                    state.selected.set(None);
                    state.refresh_all();
                }
                Ok(conversation) => {
                    action_error.set(None);
                    state.tab.set(Tab::of(conversation.status));
                    if matches!(action, Action::Resolve) {
                        state.offer_undo(number);
                    }
                    state.refresh_all();
                }
                Err(e) => action_error.set(Some(e.message)),
            }
        });
    };
    // Blocking a customer (admins): their conversations move to, or back
    // from, the Blocked view.
    let blocked = conversation.blocked;
    let contact_name = conversation.contact.name.clone();
    let block = move |on: bool| {
        leptos::task::spawn_local(async move {
            match block_customer(contact_id, on).await {
                Ok(_) => {
                    action_error.set(None);
                    state.refresh_all();
                }
                Err(e) => action_error.set(Some(e.message)),
            }
        });
    };
    let deleted = conversation.deleted_at.is_some();
    // A lifecycle button as the server's word has it: absent, refused
    // (disabled, saying why), or ready.
    let button = move |permission: Permission,
                       class: &'static str,
                       label: &'static str,
                       test_id: &'static str,
                       action: Action| {
        permission.shown().then(|| {
            view! {
                <button
                    class=class
                    on:click=move |_| act(action)
                    data-testid=test_id
                    disabled=!permission.allowed
                    title=permission.reason.clone()
                >
                    {label}
                </button>
            }
        })
    };
    let ConversationActions {
        accept,
        take_over,
        assign,
        transfer,
        return_to_pending,
        resolve,
        reopen,
        snooze,
        delete,
        restore,
        block: blocking,
        merge,
    } = actions;

    let status_label = match conversation.status {
        ConversationStatus::Pending => "Pending".to_string(),
        ConversationStatus::WorkingOn => format!(
            "Working on · {}",
            conversation
                .assignee
                .as_ref()
                .map(|a| a.name.as_str())
                .unwrap_or_default()
        ),
        ConversationStatus::Snoozed => "Snoozed".to_string(),
        ConversationStatus::Resolved => format!(
            "Resolved{}",
            conversation
                .resolved_by
                .as_ref()
                .map(|a| format!(" by {}", a.name))
                .unwrap_or_default()
        ),
    };

    view! {
        <header class="pane-header">
            <div>
                <crate::components::BackButton
                    label="← List"
                    aria_label="Back to the list"
                    back=Callback::new(move |_| state.selected.set(None))
                />
                <h2>
                    <span
                        class="presence-dot"
                        class:online=move || state.is_online(AuthorKind::Contact, contact_id)
                        title=move || {
                            if state.is_online(AuthorKind::Contact, contact_id) { "Online now" } else { "Offline" }
                        }
                        data-testid="customer-presence"
                    ></span>
                    <crate::components::avatar::Avatar name=conversation.contact.name.clone() id=contact_id/>
                    " "
                    <span class="contact-name">{conversation.contact.name.clone()}</span>
                    <span class="muted">" #" {number}</span>
                </h2>
                // An e-mail conversation's title: the subject of the mail that opened it.
                {conversation.subject.clone().map(|subject| view! {
                    <p class="conversation-subject" data-testid="conversation-subject">{subject}</p>
                })}
                {(!conversation.copied.is_empty()).then(|| view! {
                    <p class="conversation-copied small muted" data-testid="conversation-copied" title="Your replies copy them (reply-all)">
                        "Cc: " {conversation.copied.join(", ")}
                    </p>
                })}
                <span class=format!("status-pill {}", status_class(conversation.status)) data-testid="status">
                    {status_label}
                </span>
                {deleted.then(|| view! { " " <span class="status-pill deleted" data-testid="deleted-pill">"Deleted"</span> })}
                {blocked.then(|| view! { " " <span class="status-pill blocked" data-testid="blocked-pill">"Blocked customer"</span> })}
                {conversation.contact.email.clone().map(|e| view! { <span class="muted small">" · " {e}</span> })}
                <super::super::labels::LabelChips names=conversation.labels.clone()/>
                <super::super::colleagues::Colleagues number/>
                {conversation.rating.map(|score| {
                    let face = switchboard_types::score_words(score).map_or("", |(face, _)| face);
                    let said = format!("The customer rated it {}", switchboard_types::describe_score(score));
                    view! {
                        <span class="rating-chip small" data-testid="rating" title=said.clone() aria-label=said>
                            {face} " " {score} "/5"
                        </span>
                    }
                })}
                {conversation.by_email.then(|| view! {
                    <span class="by-email small" data-testid="by-email" title="Your replies go out by e-mail">
                        "✉ By e-mail"
                    </span>
                })}
            </div>
            <div class="actions">
                {button(accept, "button accept", "Accept", "accept", Action::Accept)}
                {take_over
                    .allowed
                    .then(|| {
                        let holder = conversation
                            .assignee
                            .as_ref()
                            .map(|a| a.name.clone())
                            .unwrap_or_default();
                        view! {
                            <ConfirmButton
                                label="Take over"
                                question=format!("Take it over from {holder}? They are told.")
                                confirm="Take over"
                                test_id="take-over"
                                class="button accept"
                                title=format!("{holder} holds it: make it yours")
                                on_confirm=Callback::new(move |_| act(Action::TakeOver))
                            />
                        }
                    })}
                {button(return_to_pending, "button", "Return", "return", Action::Return)}
                {button(resolve, "button", "Resolve", "resolve", Action::Resolve)}
                {button(reopen, "button", "Reopen", "reopen", Action::Reopen)}
                <button
                    class="button subtle"
                    on:click=move |_| act(Action::MarkUnread)
                    data-testid="mark-unread"
                    title="Unread again, for you alone"
                >
                    "Mark unread"
                </button>
                {assign
                    .allowed
                    .then(|| {
                        dialog_button(state, PaneDialog::Assign(Target::One(number)), "Assign", "assign", "Give it to a colleague")
                    })}
                {transfer
                    .allowed
                    .then(|| {
                        dialog_button(
                            state,
                            PaneDialog::Transfer(Target::One(number)),
                            "Transfer",
                            "transfer",
                            "Hand it to a colleague or another queue",
                        )
                    })}
                {snooze
                    .allowed
                    .then(|| {
                        dialog_button(
                            state,
                            PaneDialog::Snooze(Target::One(number)),
                            "Snooze",
                            "snooze",
                            "Out of sight until a time you choose",
                        )
                    })}
                <button
                    class="button subtle"
                    data-testid="edit-labels"
                    title="Put labels on it or take them off (l)"
                    on:click=move |_| state.dialog.set(Some(PaneDialog::Labels(Target::One(number))))
                >
                    "Labels"
                </button>
                <button
                    class="button subtle"
                    data-testid="toggle-details"
                    title="Show or hide the customer's details beside the conversation"
                    aria-pressed=move || state.details.get().to_string()
                    on:click=move |_| state.toggle_details()
                >
                    "Details"
                </button>
                <button
                    class="button subtle"
                    data-testid="view-customer"
                    on:click=move |_| state.dialog.set(Some(PaneDialog::Customer(contact_id)))
                >
                    "View customer"
                </button>
                {merge
                    .allowed
                    .then(|| {
                        dialog_button(
                            state,
                            PaneDialog::Merge { number, contact_id },
                            "Merge",
                            "merge",
                            "Merge it into another of this customer's conversations",
                        )
                    })}
                {(restore.allowed || delete.allowed)
                    .then(|| {
                        if restore.allowed {
                            view! {
                                <button class="button subtle" data-testid="restore" on:click=move |_| act(Action::Restore)>
                                    "Restore"
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ConfirmButton
                                    label="Delete"
                                    question="Delete it? (hidden from every list, can be restored)"
                                    confirm="Delete"
                                    test_id="delete"
                                    class="button subtle danger"
                                    title="Admins only: hidden from every list, can be restored"
                                    on_confirm=Callback::new(move |_| act(Action::Delete))
                                />
                            }
                                .into_any()
                        }
                    })}
                {blocking
                    .allowed
                    .then(|| {
                        if blocked {
                            view! {
                                <button class="button subtle" data-testid="unblock" on:click=move |_| block(false)>
                                    "Unblock"
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ConfirmButton
                                    label="Block"
                                    question=format!("Block {contact_name}? What they write is kept, in the Blocked view only.")
                                    confirm="Block"
                                    test_id="block"
                                    class="button subtle danger"
                                    title="Admins only: this customer's conversations move to the Blocked view"
                                    on_confirm=Callback::new(move |_| block(true))
                                />
                            }
                                .into_any()
                        }
                    })}
                <button
                    class="button subtle"
                    data-testid="share-conversation"
                    title="Share this conversation with colleagues in the team chat"
                    on:click=move |_| state.chat.sharing.set(Some(number))
                >
                    "Share"
                </button>
            </div>
        </header>
        {conversation.merged_into.map(|into| view! {
            <p class="banner merged" data-testid="merged-into">
                <LinkedText text=format!("Merged into #{into}: its messages and history are there now.")/>
            </p>
        })}
        {move || action_error.get().map(|m| view! { <p class="form-error banner" role="alert"><LinkedText text=m/></p> })}
    }
}

/// A header button that opens one of the conversation's dialogs.
fn dialog_button(
    state: InboxState,
    dialog: PaneDialog,
    label: &'static str,
    test_id: &'static str,
    title: &'static str,
) -> impl IntoView {
    view! {
        <button class="button" data-testid=test_id title=title on:click=move |_| state.dialog.set(Some(dialog))>
            {label}
        </button>
    }
}

#[derive(Clone, Copy)]
enum Action {
    Accept,
    TakeOver,
    Return,
    Resolve,
    Reopen,
    MarkUnread,
    Delete,
    Restore,
}
