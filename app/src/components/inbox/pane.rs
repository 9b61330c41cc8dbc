use super::composer::Composer;
use super::list::status_class;
use super::{InboxState, PaneDialog};
use crate::components::clock_time;
use crate::components::outgoing::WaitingMessages;
use crate::components::ticks::Ticks;
use crate::outbox::Outgoing;
use crate::server::{
    accept_conversation, delete_conversation, mark_conversation_unread, open_conversation,
    reopen_conversation, resolve_conversation, restore_conversation, return_conversation,
    OpenedConversation,
};
use leptos::prelude::*;
use switchboard_types::{
    ActorKind, AuthorKind, ConversationEvent, ConversationStatus, Message, Tab, TimelineItem,
};

/// The open conversation: header, actions, history and composer.
#[component]
pub fn ConversationPane() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let opened = Resource::new(
        move || (state.selected.get(), state.pane_version.get()),
        |(selected, _)| async move {
            match selected {
                Some(number) => open_conversation(number).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let new_line = StoredValue::new(None::<(i64, i64)>);
    let composing = Memo::new(move |_| state.selected.get());
    view! {
        <section class="pane" data-testid="conversation-pane">
            <Transition fallback=|| view! { <p class="muted pad">"Loading…"</p> }>
                {move || {
                    opened
                        .get()
                        .map(|result| match result {
                            Ok(Some(mut opened)) => {
                                // The New Messages line stays where it was when
                                // the conversation was opened, through the
                                // reloads that live changes (and reading it) bring.
                                let number = opened.conversation.number;
                                match new_line.get_value() {
                                    Some((kept, seq)) if kept == number => opened.last_read_seq = seq,
                                    _ => new_line.set_value(Some((number, opened.last_read_seq))),
                                }
                                view! { <OpenConversation opened/> }.into_any()
                            }
                            Ok(None) => {
                                view! {
                                    <div class="empty-pane">
                                        <p>"Pick a conversation from the list."</p>
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! { <p class="form-error pad" role="alert">{e.message}</p> }.into_any()
                            }
                        })
                }}
            </Transition>
            // Outside the part that reloads on live changes: a reload must not
            // take the agent's draft or focus away. Made anew only when
            // another conversation is picked.
            {move || composing.get().map(|number| view! { <Composer number/> })}
        </section>
    }
}

#[component]
fn OpenConversation(opened: OpenedConversation) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let OpenedConversation {
        conversation,
        timeline,
        last_read_seq,
    } = opened;
    let number = conversation.number;
    let contact_id = conversation.contact.id;
    let me = state.me.get_value();
    let action_error = RwSignal::new(None::<String>);
    let holder_is_me = conversation
        .assignee
        .as_ref()
        .is_some_and(|a| a.id == me.id);
    let can_accept = conversation.status != ConversationStatus::Resolved && !holder_is_me;

    // Runs a lifecycle action; on success the conversation is shown under
    // the tab it now belongs to.
    let act = move |action: Action| {
        leptos::task::spawn_local(async move {
            let done = match action {
                Action::Accept => accept_conversation(number).await,
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
                    if let Some(tab) = Tab::of(conversation.status) {
                        state.tab.set(tab);
                    }
                    state.refresh_all();
                }
                Err(e) => action_error.set(Some(e.message)),
            }
        });
    };
    let held_by_other = conversation
        .assignee
        .as_ref()
        .filter(|a| a.id != me.id)
        .map(|a| a.name.clone());
    let resolved = conversation.status == ConversationStatus::Resolved;
    let snoozed = conversation.status == ConversationStatus::Snoozed;
    let deleted = conversation.deleted_at.is_some();
    let can_return =
        !resolved && conversation.assignee.is_some() && (holder_is_me || me.is_admin());
    let resolve_refusal = held_by_other
        .clone()
        .map(|name| format!("Assigned to {name}: only they can resolve it, or return it first"));

    let first_unread = timeline
        .items
        .iter()
        .find(|i| {
            i.seq() > last_read_seq
                && matches!(i, TimelineItem::Message(m) if m.author.kind == AuthorKind::Contact)
        })
        .map(TimelineItem::seq);
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
                <h2>
                    <span
                        class="presence-dot"
                        class:online=move || state.is_online(AuthorKind::Contact, contact_id)
                        title=move || {
                            if state.is_online(AuthorKind::Contact, contact_id) { "Online now" } else { "Offline" }
                        }
                        data-testid="customer-presence"
                    ></span>
                    <span class="contact-name">{conversation.contact.name.clone()}</span>
                    <span class="muted">" #" {number}</span>
                </h2>
                <span class=format!("status-pill {}", status_class(conversation.status)) data-testid="status">
                    {status_label}
                </span>
                {conversation.contact.email.clone().map(|e| view! { <span class="muted small">" · " {e}</span> })}
                {conversation.by_email.then(|| view! {
                    <span class="by-email small" data-testid="by-email" title="An offline message: your replies go out by e-mail">
                        "✉ Answered by e-mail"
                    </span>
                })}
            </div>
            <div class="actions">
                {can_accept
                    .then(|| {
                        view! {
                            <button
                                class="button accept"
                                on:click=move |_| act(Action::Accept)
                                data-testid="accept"
                                disabled=held_by_other.is_some()
                                title=held_by_other.clone().map(|n| format!("{n} is working on it"))
                            >
                                "Accept"
                            </button>
                        }
                    })}
                {can_return
                    .then(|| {
                        view! {
                            <button class="button" on:click=move |_| act(Action::Return) data-testid="return">
                                "Return"
                            </button>
                        }
                    })}
                {(!resolved)
                    .then(|| {
                        view! {
                            <button
                                class="button"
                                on:click=move |_| act(Action::Resolve)
                                data-testid="resolve"
                                disabled=resolve_refusal.is_some()
                                title=resolve_refusal.clone()
                            >
                                "Resolve"
                            </button>
                        }
                    })}
                {resolved
                    .then(|| {
                        view! {
                            <button class="button" on:click=move |_| act(Action::Reopen) data-testid="reopen">
                                "Reopen"
                            </button>
                        }
                    })}
                <button
                    class="button subtle"
                    on:click=move |_| act(Action::MarkUnread)
                    data-testid="mark-unread"
                    title="Unread again, for you alone"
                >
                    "Mark unread"
                </button>
                {(conversation.status == ConversationStatus::Pending)
                    .then(|| {
                        dialog_button(state, PaneDialog::Assign(number), "Assign", "assign", "Give it to a colleague")
                    })}
                {(!resolved)
                    .then(|| {
                        dialog_button(
                            state,
                            PaneDialog::Transfer(number),
                            "Transfer",
                            "transfer",
                            "Hand it to a colleague or another queue",
                        )
                    })}
                {(!resolved && !snoozed)
                    .then(|| {
                        dialog_button(
                            state,
                            PaneDialog::Snooze(number),
                            "Snooze",
                            "snooze",
                            "Out of sight until a time you choose",
                        )
                    })}
                <button
                    class="button subtle"
                    data-testid="view-customer"
                    on:click=move |_| state.dialog.set(Some(PaneDialog::Customer(contact_id)))
                >
                    "View customer"
                </button>
                {me.is_admin()
                    .then(|| {
                        if deleted {
                            view! {
                                <button class="button subtle" data-testid="restore" on:click=move |_| act(Action::Restore)>
                                    "Restore"
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button
                                    class="button subtle danger"
                                    data-testid="delete"
                                    title="Admins only: hidden from every list, can be restored"
                                    on:click=move |_| act(Action::Delete)
                                >
                                    "Delete"
                                </button>
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
        {move || action_error.get().map(|m| view! { <p class="form-error banner" role="alert">{m}</p> })}
        <ol class="timeline" data-testid="timeline">
            {timeline
                .items
                .into_iter()
                .map(|item| {
                    let line = (Some(item.seq()) == first_unread)
                        .then(|| view! { <li class="new-messages" data-testid="new-messages"><span>"New Messages"</span></li> });
                    let entry = match item {
                        TimelineItem::Message(m) => view! { <MessageBubble message=m/> }.into_any(),
                        TimelineItem::Event(e) => view! { <EventLine event=e/> }.into_any(),
                    };
                    view! { {line} {entry} }
                })
                .collect_view()}
            // What this agent wrote here that the server has not acknowledged yet.
            <WaitingMessages
                outbox=state.outbox
                belongs=move |o: &Outgoing| o.conversation_number == Some(number)
                side="from-agent"
                test_id="outgoing"
                flush=Callback::new(move |()| state.flush_outbox())
            />
        </ol>
        <TypingLine number/>
    }
}

/// "Chloe is typing…" while someone else writes in this conversation.
#[component]
fn TypingLine(number: i64) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let names = move || {
        state.typing.with(|list| {
            list.iter()
                .filter(|t| t.conversation_number == number)
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <p class="typing small muted" data-testid="typing" aria-live="polite">
            {move || {
                let names = names();
                match names.len() {
                    0 => String::new(),
                    1 => format!("{} is typing…", names[0]),
                    _ => format!("{} are typing…", names.join(" and ")),
                }
            }}
        </p>
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
    Return,
    Resolve,
    Reopen,
    MarkUnread,
    Delete,
    Restore,
}

#[component]
fn MessageBubble(message: Message) -> impl IntoView {
    let side = match message.author.kind {
        AuthorKind::Contact => "from-customer",
        AuthorKind::Agent | AuthorKind::System => "from-agent",
    };
    // On hover: who, through which channel, and when each status came.
    let mut meta = format!(
        "{} via {} · sent {}",
        message.author.name,
        if message.author.kind == AuthorKind::Contact {
            "web chat"
        } else {
            "inbox"
        },
        message.created_at
    );
    for (status, at) in [
        ("delivered", &message.delivered_at),
        ("read", &message.read_at),
    ] {
        if let Some(at) = at {
            meta.push_str(&format!(" · {status} {at}"));
        }
    }
    if message.status == switchboard_types::MessageStatus::Failed {
        meta.push_str(" · failed: it could not be delivered");
    }
    // Replies show how far they got; notes go nowhere.
    let ticks =
        (message.author.kind == AuthorKind::Agent && !message.private).then(|| message.clone());
    view! {
        <li class=format!("message {side}") class:private=message.private data-testid="message" title=meta>
            <div class="bubble">
                // Customer content is text, never markup.
                <p class="body">{message.body}</p>
            </div>
            <div class="message-meta small muted">
                {message.private.then(|| view! { <span class="note-tag">"Private note · "</span> })}
                {message.author.name.clone()} " · " {clock_time(&message.created_at)}
                {ticks.map(|message| view! { " " <Ticks message/> })}
            </div>
        </li>
    }
}

fn event_text(event: &ConversationEvent) -> String {
    let who = match (event.actor.kind, event.actor.name.clone()) {
        (ActorKind::Automation, _) => "Automation".to_string(),
        (_, Some(name)) => name,
        (_, None) => "Switchboard".to_string(),
    };
    let name = |key: &str| event.data[key]["name"].as_str().map(str::to_string);
    match event.event_type.as_str() {
        "conversation.created" => format!("{who} started the conversation"),
        "conversation.accepted" => format!("{who} accepted the conversation"),
        "conversation.assigned" => match (name("to_agent"), name("from_agent")) {
            (Some(to), _) if Some(to.as_str()) == event.actor.name.as_deref() => {
                match name("from_agent") {
                    Some(from) => format!("{who} took the conversation over from {from}"),
                    None => format!("{who} took the conversation"),
                }
            }
            (Some(to), _) => format!("{who} assigned the conversation to {to}"),
            _ => format!("{who} assigned the conversation"),
        },
        "conversation.transferred" => {
            let to: Vec<String> = [name("to_agent"), name("to_queue")]
                .into_iter()
                .flatten()
                .collect();
            format!("{who} transferred the conversation to {}", to.join(" in "))
        }
        "conversation.returned" => format!("{who} returned the conversation to Pending"),
        "conversation.resolved" => format!("{who} resolved the conversation"),
        "conversation.reopened" => format!("{who} reopened the conversation"),
        "conversation.snoozed" => format!("{who} snoozed the conversation"),
        "conversation.unsnoozed" => "The conversation came back from snooze".to_string(),
        "conversation.deleted" => format!("{who} deleted the conversation"),
        "conversation.restored" => format!("{who} restored the conversation"),
        "conversation.page_changed" => format!(
            "{who} is on {}",
            event.data["title"]
                .as_str()
                .filter(|t| !t.is_empty())
                .or(event.data["url"].as_str())
                .unwrap_or("another page")
        ),
        other => format!("{who}: {other}"),
    }
}

#[component]
fn EventLine(event: ConversationEvent) -> impl IntoView {
    view! {
        <li class="event" data-testid="event">
            <span>{event_text(&event)} " · " {clock_time(&event.created_at)}</span>
        </li>
    }
}
