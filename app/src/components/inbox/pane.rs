use super::composer::Composer;
use super::list::status_class;
use super::{InboxState, PaneDialog};
use crate::components::clock_time;
use crate::components::follow::{Follower, NewMessagesButton};
use crate::components::modal::ConfirmButton;
use crate::components::outgoing::WaitingMessages;
use crate::components::ticks::Ticks;
use crate::outbox::Outgoing;
use crate::server::{
    accept_conversation, block_customer, delete_conversation, mark_conversation_unread,
    open_conversation, reopen_conversation, resolve_conversation, restore_conversation,
    return_conversation, OpenedConversation,
};
use leptos::prelude::*;
use switchboard_types::chat::{segments, Segment};
use switchboard_types::{
    ActorKind, AuthorKind, ConversationActions, ConversationEvent, ConversationStatus, MailState,
    Message, PreviousConversation, Tab, TimelineItem,
};

/// The open conversation as last read: what the history shows.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    number: i64,
    items: Vec<TimelineItem>,
    /// Where the agent's read pointer stood when they opened it (the New
    /// Messages line goes after it).
    last_read_seq: i64,
    previous: Option<PreviousConversation>,
}

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
    let shown = RwSignal::new(None::<Shown>);
    // Each reload (live changes bring many) updates the history in place,
    // so the list keeps its place and only new entries are drawn.
    Effect::new(move |_| {
        if let Some(Ok(Some(opened))) = opened.get() {
            // The New Messages line stays where it was when the
            // conversation was opened, through the reloads that live
            // changes (and reading it) bring.
            let number = opened.conversation.number;
            state.current.set(Some(opened.conversation.clone()));
            let last_read_seq = match new_line.get_value() {
                Some((kept, seq)) if kept == number => seq,
                _ => {
                    new_line.set_value(Some((number, opened.last_read_seq)));
                    opened.last_read_seq
                }
            };
            shown.set(Some(Shown {
                number,
                items: opened.timeline.items,
                last_read_seq,
                previous: opened.previous,
            }));
        }
    });
    let composing = Memo::new(move |_| state.selected.get());
    view! {
        <section class="pane" data-testid="conversation-pane">
            <Transition fallback=|| view! { <p class="muted pad">"Loading…"</p> }>
                {move || {
                    opened
                        .get()
                        .map(|result| match result {
                            Ok(Some(opened)) => view! { <OpenConversation opened/> }.into_any(),
                            Ok(None) => {
                                view! {
                                    <div class="empty-pane">
                                        <p>"Pick a conversation from the list."</p>
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! { <p class="form-error pad" role="alert"><LinkedText text=e.message/></p> }.into_any()
                            }
                        })
                }}
            </Transition>
            // Outside the part that reloads on live changes: a reload must not
            // take the agent's place in the history, draft or focus away.
            // Made anew only when another conversation is picked.
            {move || {
                composing
                    .get()
                    .map(|number| {
                        view! {
                            <ConversationHistory number shown/>
                            <Composer number/>
                        }
                    })
            }}
        </section>
    }
}

/// The history of the open conversation, following its newest message
/// (see [`Follower`]).
#[component]
fn ConversationHistory(number: i64, shown: RwSignal<Option<Shown>>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let me = state.me.with_value(|me| me.id);
    let list = NodeRef::<leptos::html::Ol>::new();
    let follower = Follower::new(list);
    let mine = Memo::new(move |_| shown.get().filter(|s| s.number == number));
    let items =
        Memo::new(move |_| mine.with(|s| s.as_ref().map(|s| s.items.clone()).unwrap_or_default()));
    let previous = Memo::new(move |_| mine.with(|s| s.as_ref().and_then(|s| s.previous.clone())));
    let first_unread = Memo::new(move |_| {
        mine.with(|s| {
            let s = s.as_ref()?;
            s.items
                .iter()
                .find(|i| {
                    i.seq() > s.last_read_seq
                        && matches!(i, TimelineItem::Message(m) if m.author.kind == AuthorKind::Contact)
                })
                .map(TimelineItem::seq)
        })
    });
    // Opens at the first unread message (when the agent read part of it
    // before) or the bottom; then follows what arrives.
    let last_seen = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        let (latest, new_from_others, new_mine) = items.with(|items| {
            let after = last_seen.get_value().unwrap_or(i64::MAX);
            let new: Vec<&TimelineItem> = items.iter().filter(|i| i.seq() > after).collect();
            let written_by_me = |i: &&TimelineItem| {
                matches!(i, TimelineItem::Message(m) if m.author.kind == AuthorKind::Agent && m.author.id == Some(me))
            };
            let others = new
                .iter()
                .filter(|i| matches!(i, TimelineItem::Message(_)) && !written_by_me(i))
                .count();
            (items.last().map(TimelineItem::seq), others, new.iter().any(written_by_me))
        });
        let Some(latest) = latest else { return };
        match last_seen.get_value() {
            None => {
                let read_before =
                    mine.with_untracked(|s| s.as_ref().map_or(0, |s| s.last_read_seq));
                let target = first_unread
                    .get_untracked()
                    .filter(|_| read_before > 0)
                    .map(|_| "[data-testid=\"new-messages\"]".to_string());
                follower.open_at(target);
            }
            Some(before) if latest > before => follower.arrived(new_from_others, new_mine),
            Some(_) => {}
        }
        last_seen.set_value(Some(latest));
    });
    // What the agent writes shows at once: the list goes down to it.
    Effect::new(move |started: Option<()>| {
        let waiting = state.outbox.items.with(|o| {
            o.iter()
                .filter(|o| o.conversation_number == Some(number))
                .count()
        });
        if started.is_some() && waiting > 0 {
            follower.arrived(0, true);
        }
    });
    view! {
        <div class="history">
            <ol class="timeline" data-testid="timeline" node_ref=list on:scroll=move |_| follower.scrolled()>
                {move || previous.get().map(|previous| view! { <PreviousContext previous/> })}
                <For
                    each=move || items.get()
                    key=|item| match item {
                        TimelineItem::Message(m) => (0, m.id, Some(m.status), m.mail),
                        TimelineItem::Event(e) => (1, e.id, None, None),
                    }
                    children=move |item| {
                        let seq = item.seq();
                        let entry = match item {
                            TimelineItem::Message(m) => view! { <MessageBubble message=m/> }.into_any(),
                            TimelineItem::Event(e) => view! { <EventLine event=e/> }.into_any(),
                        };
                        view! {
                            <Show when=move || first_unread.get() == Some(seq)>
                                <li class="new-messages" data-testid="new-messages"><span>"New Messages"</span></li>
                            </Show>
                            {entry}
                        }
                    }
                />
                // What this agent wrote here that the server has not acknowledged yet.
                <WaitingMessages
                    outbox=state.outbox
                    belongs=move |o: &Outgoing| o.conversation_number == Some(number)
                    side="from-agent"
                    test_id="outgoing"
                    flush=Callback::new(move |()| state.flush_outbox())
                />
            </ol>
            <NewMessagesButton follower/>
        </div>
        <TypingLine number/>
    }
}

/// At the top of a follow-up: the conversation it continues, with how it
/// ended and its last messages; a click opens it.
#[component]
fn PreviousContext(previous: PreviousConversation) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let number = previous.number;
    let how = match (&previous.status, &previous.resolved_by, &previous.assignee) {
        (ConversationStatus::Resolved, Some(by), _) => format!("resolved by {}", by.name),
        (ConversationStatus::Resolved, None, _) => "resolved".to_string(),
        (_, _, Some(holder)) => format!("with {}", holder.name),
        _ => "open".to_string(),
    };
    view! {
        <li class="previous-context" data-testid="previous-conversation">
            <p class="small">
                "Continues "
                <button type="button" class="link" data-testid="previous-link" on:click=move |_| state.open(number)>
                    {format!("#{number}")}
                </button>
                {format!(" ({how}). Its last messages:")}
            </p>
            <ol class="previous-messages">
                {previous
                    .messages
                    .into_iter()
                    .map(|m| {
                        let who = m.author.name.clone();
                        view! {
                            <li class="small" class:private=m.private>
                                <strong>{who}</strong>
                                {m.private.then_some(" (note)")}
                                ": "
                                <span class="body">{m.body}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </li>
    }
}

/// Text with `#22` drawn as links that open conversation 22 (an error
/// naming the conversation to work on instead, for example).
#[component]
pub fn LinkedText(#[prop(into)] text: String) -> impl IntoView {
    let state = expect_context::<InboxState>();
    segments(&text, &[])
        .into_iter()
        .map(|segment| match segment {
            Segment::Conversation(number) => view! {
                <button type="button" class="link" data-testid="conversation-link" on:click=move |_| state.open(number)>
                    {format!("#{number}")}
                </button>
            }
            .into_any(),
            Segment::Text(text) | Segment::Mention { text, .. } => text.into_any(),
        })
        .collect_view()
}

#[component]
fn OpenConversation(opened: OpenedConversation) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let conversation = opened.conversation;
    // Which buttons show, and which are refused with a reason, is the
    // server's word (the lifecycle's rules), not worked out again here.
    let actions = opened.actions;
    let number = conversation.number;
    let contact_id = conversation.contact.id;
    let me = state.me.get_value();
    let action_error = RwSignal::new(None::<String>);

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
    let ConversationActions {
        accept,
        assign,
        transfer,
        return_to_pending,
        resolve,
        reopen,
        snooze,
        delete,
        restore,
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
                {deleted.then(|| view! { " " <span class="status-pill deleted" data-testid="deleted-pill">"Deleted"</span> })}
                {blocked.then(|| view! { " " <span class="status-pill blocked" data-testid="blocked-pill">"Blocked customer"</span> })}
                {conversation.contact.email.clone().map(|e| view! { <span class="muted small">" · " {e}</span> })}
                {conversation.by_email.then(|| view! {
                    <span class="by-email small" data-testid="by-email" title="An offline message: your replies go out by e-mail">
                        "✉ Answered by e-mail"
                    </span>
                })}
            </div>
            <div class="actions">
                {accept
                    .shown()
                    .then(|| {
                        view! {
                            <button
                                class="button accept"
                                on:click=move |_| act(Action::Accept)
                                data-testid="accept"
                                disabled=!accept.allowed
                                title=accept.reason.clone()
                            >
                                "Accept"
                            </button>
                        }
                    })}
                {return_to_pending
                    .allowed
                    .then(|| {
                        view! {
                            <button class="button" on:click=move |_| act(Action::Return) data-testid="return">
                                "Return"
                            </button>
                        }
                    })}
                {resolve
                    .shown()
                    .then(|| {
                        view! {
                            <button
                                class="button"
                                on:click=move |_| act(Action::Resolve)
                                data-testid="resolve"
                                disabled=!resolve.allowed
                                title=resolve.reason.clone()
                            >
                                "Resolve"
                            </button>
                        }
                    })}
                {reopen
                    .allowed
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
                {assign
                    .allowed
                    .then(|| {
                        dialog_button(state, PaneDialog::Assign(number), "Assign", "assign", "Give it to a colleague")
                    })}
                {transfer
                    .allowed
                    .then(|| {
                        dialog_button(
                            state,
                            PaneDialog::Transfer(number),
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
                {me.is_admin()
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
        {move || action_error.get().map(|m| view! { <p class="form-error banner" role="alert"><LinkedText text=m/></p> })}
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
    // Replies show how far they got; notes go nowhere. A reply in an
    // e-mail ticket shows its mail instead.
    let state = expect_context::<InboxState>();
    let mail = message.mail;
    let ticks = (message.author.kind == AuthorKind::Agent && !message.private && mail.is_none())
        .then(|| message.clone());
    let mail_line = mail.map(|mail| {
        move || match (mail, state.mail_server.get()) {
            (MailState::Sent, _) => view! { <span class="mail-state" data-testid="mail-state">"✉ Mailed"</span> }.into_any(),
            (MailState::Failed, _) => view! { <span class="mail-state failed" data-testid="mail-state">"✉ Not mailed"</span> }.into_any(),
            (MailState::Waiting, Some(false)) => view! {
                <span class="mail-state waiting" data-testid="mail-state" title="No mail server is set (SMTP_URL): it goes out once one is">
                    "✉ Waiting for a mail server"
                </span>
            }
            .into_any(),
            (MailState::Waiting, _) => view! { <span class="mail-state" data-testid="mail-state">"✉ Mailing…"</span> }.into_any(),
        }
    });
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
                {mail_line.map(|line| view! { " " {line} })}
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
