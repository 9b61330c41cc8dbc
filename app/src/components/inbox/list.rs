use super::InboxState;
use crate::components::clock_time;
use crate::server::{list_conversations, search_conversations};
use leptos::prelude::*;
use switchboard_types::{Conversation, ConversationStatus};

/// The conversations of the selected view and tab, newest message first.
#[component]
pub fn ConversationList() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let page = Resource::new(
        move || (state.view.get(), state.tab.get(), state.lists_version.get()),
        |(view, tab, _)| list_conversations(view, tab, None),
    );
    // While a search is on, its results stand in for the list.
    let found = move || {
        state.found.get().map(|found| match found {
            Err(message) => view! { <p class="form-error pad" role="alert">{message}</p> }.into_any(),
            Ok(found) if found.is_empty() => {
                view! { <p class="muted pad empty">"No conversation matches."</p> }.into_any()
            }
            Ok(found) => view! {
                <ul class="conversation-list" data-testid="search-results">
                    {found.into_iter().map(|c| view! { <ConversationRow conversation=c/> }).collect_view()}
                </ul>
            }
            .into_any(),
        })
    };
    view! {
        {found}
        <Transition fallback=|| view! { <p class="muted pad">"Loading…"</p> }>
            {move || {
                if state.found.with(Option::is_some) {
                    return None;
                }
                page.get()
                    .map(|result| match result {
                        Ok(page) if page.conversations.is_empty() => {
                            view! { <p class="muted pad empty">"Nothing here."</p> }.into_any()
                        }
                        Ok(page) => {
                            view! {
                                <ul class="conversation-list" data-testid="conversation-list">
                                    {page
                                        .conversations
                                        .into_iter()
                                        .map(|c| view! { <ConversationRow conversation=c/> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="form-error pad">{e.message}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// Words of messages, a customer's name or e-mail; `#22` opens
/// conversation 22 at once.
#[component]
pub fn SearchBox() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let query = RwSignal::new(String::new());
    let search = move || {
        let text = query.get_untracked();
        let text = text.trim().to_string();
        if text.is_empty() {
            state.found.set(None);
            return;
        }
        if let Some(number) = text
            .strip_prefix('#')
            .and_then(|n| n.trim().parse::<i64>().ok())
        {
            state.open(number);
        }
        leptos::task::spawn_local(async move {
            let found = search_conversations(text).await.map_err(|e| e.message);
            state.found.set(Some(found));
        });
    };
    view! {
        <form
            class="inbox-search"
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                search();
            }
        >
            <label class="visually-hidden" for="inbox-search">"Search conversations"</label>
            <input
                id="inbox-search"
                type="search"
                data-testid="inbox-search"
                placeholder="Search words, names, e-mails, #22…"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    if query.get_untracked().is_empty() {
                        state.found.set(None);
                    }
                }
            />
            <Show when=move || state.found.with(Option::is_some)>
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="clear-search"
                    on:click=move |_| {
                        query.set(String::new());
                        state.found.set(None);
                    }
                >
                    "Clear"
                </button>
            </Show>
        </form>
    }
}

pub fn status_class(status: ConversationStatus) -> &'static str {
    match status {
        ConversationStatus::Pending => "status-pending",
        ConversationStatus::WorkingOn => "status-working",
        ConversationStatus::Snoozed => "status-snoozed",
        ConversationStatus::Resolved => "status-resolved",
    }
}

#[component]
fn ConversationRow(conversation: Conversation) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let number = conversation.number;
    let who = match (
        &conversation.status,
        &conversation.assignee,
        &conversation.resolved_by,
    ) {
        (ConversationStatus::Resolved, _, Some(by)) => format!("Resolved by {}", by.name),
        (_, Some(a), _) => a.name.clone(),
        _ => "Unassigned".to_string(),
    };
    view! {
        <li>
            <button
                class="conversation-row"
                class:selected=move || state.selected.get() == Some(number)
                data-testid="conversation-row"
                data-number=number
                on:click=move |_| state.open(number)
            >
                <span class=format!("status-dot {}", status_class(conversation.status))></span>
                <span class="row-main">
                    <span class="row-top">
                        <span class="contact-name">{conversation.contact.name.clone()}</span>
                        <span class="muted small">"#" {number}</span>
                        <span class="spacer"></span>
                        <time class="muted small" datetime=conversation.last_message_at.clone()>
                            {clock_time(&conversation.last_message_at)}
                        </time>
                    </span>
                    <span class="preview">{conversation.last_message.clone().unwrap_or_default()}</span>
                    <span class="row-bottom">
                        <span class="assignee small">{who}</span>
                        <span class="spacer"></span>
                        {(conversation.unread_count > 0)
                            .then(|| {
                                view! {
                                    <span class="badge unread" data-testid="unread">
                                        {conversation.unread_count}
                                    </span>
                                }
                            })}
                    </span>
                </span>
            </button>
        </li>
    }
}
