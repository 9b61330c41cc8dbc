use super::InboxState;
use crate::components::clock_time;
use crate::components::search_box::SearchBox;
use crate::server::{list_conversations, search_conversations};
use leptos::prelude::*;
use switchboard_types::{Conversation, ConversationStatus, Listing, Sort, Tab};

impl InboxState {
    /// What the list shows now.
    pub fn listing(self) -> Listing {
        let tab = self.tab.get();
        Listing {
            view: self.view.get(),
            tab,
            labels: self.label_filter.get(),
            sort: self.sort_of(tab),
        }
    }

    pub fn listing_untracked(self) -> Listing {
        untrack(move || self.listing())
    }

    /// The order of a tab: the agent's choice, or the tab's own.
    pub fn sort_of(self, tab: Tab) -> Sort {
        self.sorts.with(|sorts| {
            sorts
                .iter()
                .find(|(t, _)| *t == tab)
                .map_or(Sort::default_for(tab), |(_, sort)| *sort)
        })
    }
}

/// The conversations of the selected view and tab, newest message first.
/// The first page reloads when live changes may have moved it; further
/// pages come as the agent scrolls down, and live changes patch them.
#[component]
pub fn ConversationList() -> impl IntoView {
    let state = expect_context::<InboxState>();
    // Each page carries the view and tab it was read for: while the next
    // one loads, the rows still shown are marked busy, so no shortcut acts
    // on a row of the tab the agent just left.
    let page = Resource::new(
        move || (state.listing(), state.lists_version.get()),
        |(listing, _)| async move {
            let page = list_conversations(listing.clone(), None).await;
            (listing, page)
        },
    );
    // Where the next page starts (after the last row loaded).
    let cursor = RwSignal::new(None::<String>);
    let loading_more = RwSignal::new(false);
    Effect::new(move |_| {
        state.view.track();
        state.tab.track();
        state.label_filter.track();
        state.sorts.track();
        state.more_rows.set(Vec::new());
        cursor.set(None);
        // Picks belong to the list they were made in.
        state.picked.set(Vec::new());
    });
    Effect::new(move |_| {
        if let Some((_, Ok(first))) = page.get() {
            if state.more_rows.with_untracked(Vec::is_empty) {
                cursor.set(first.next_cursor);
            }
        }
    });
    let load_more = move || {
        let Some(after) = cursor.get_untracked() else {
            return;
        };
        if loading_more.get_untracked() {
            return;
        }
        loading_more.set(true);
        let listing = state.listing_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(next) = list_conversations(listing.clone(), Some(after)).await {
                if listing == state.listing_untracked() {
                    state.more_rows.update(|rows| {
                        for c in next.conversations {
                            if !rows.iter().any(|r| r.number == c.number) {
                                rows.push(c);
                            }
                        }
                    });
                    cursor.set(next.next_cursor);
                }
            }
            loading_more.set(false);
        });
    };
    let on_scroll = move |ev: leptos::ev::Event| {
        #[cfg(feature = "browser")]
        {
            use wasm_bindgen::JsCast;
            if let Some(list) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let left = list.scroll_height() - list.scroll_top() - list.client_height();
                if left < 400 {
                    load_more();
                }
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = (ev, load_more);
    };
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
        <div class="list-scroller" on:scroll=on_scroll data-testid="list-scroller">
        <Transition fallback=|| view! { <p class="muted pad">"Loading…"</p> }>
            {move || {
                if state.found.with(Option::is_some) {
                    return None;
                }
                page.get()
                    .map(|(listing, result)| match result {
                        Ok(page) if page.conversations.is_empty() => {
                            state.listed.set_value(Vec::new());
                            view! { <p class="muted pad empty">"Nothing here."</p> }.into_any()
                        }
                        Ok(page) => {
                            let mut rows = page.conversations;
                            state.more_rows.with(|more| {
                                let later: Vec<Conversation> = more
                                    .iter()
                                    .filter(|c| !rows.iter().any(|r| r.number == c.number))
                                    .cloned()
                                    .collect();
                                rows.extend(later);
                            });
                            let listed: Vec<i64> = rows.iter().map(|c| c.number).collect();
                            // A picked row that left the list is no longer picked.
                            state.picked.maybe_update(|picked| {
                                let before = picked.len();
                                picked.retain(|n| listed.contains(n));
                                picked.len() != before
                            });
                            state.listed.set_value(listed);
                            view! {
                                <ul
                                    class="conversation-list"
                                    data-testid="conversation-list"
                                    aria-busy=move || (listing != state.listing()).to_string()
                                >
                                    {rows
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
        <Show when=move || loading_more.get()>
            <p class="muted pad small">"Loading more…"</p>
        </Show>
        </div>
    }
}

/// The order of the tab on screen: newest, oldest, or the customer waiting
/// longest first (Pending's own); each tab keeps the agent's choice.
#[component]
pub fn ListOrder() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let choose = move |value: String| {
        let Ok(sort) = value.parse::<Sort>() else {
            return;
        };
        let tab = state.tab.get_untracked();
        state.sorts.update(|sorts| {
            sorts.retain(|(t, _)| *t != tab);
            if sort != Sort::default_for(tab) {
                sorts.push((tab, sort));
            }
        });
    };
    view! {
        <label class="list-order small">
            <span class="muted">"Order"</span>
            <select
                data-testid="list-order"
                prop:value=move || state.sort_of(state.tab.get()).as_str()
                on:change=move |ev| choose(event_target_value(&ev))
            >
                {Sort::ALL
                    .into_iter()
                    .map(|sort| view! { <option value=sort.as_str()>{sort.label()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// How long a wait reads on a row: "under a minute", "4 min", "2 h 5 min",
/// "3 d".
pub(crate) fn wait_words(ms: f64) -> String {
    let minutes = (ms / 60_000.0).floor().max(0.0) as i64;
    match minutes {
        0 => "under a minute".to_string(),
        1..=59 => format!("{minutes} min"),
        60..=1439 => match minutes % 60 {
            0 => format!("{} h", minutes / 60),
            m => format!("{} h {m} min", minutes / 60),
        },
        _ => format!("{} d", minutes / 1440),
    }
}

/// Milliseconds since 1970 of an RFC 3339 time (in the browser; the server
/// shows no waits).
pub(crate) fn time_ms(rfc3339: &str) -> f64 {
    #[cfg(feature = "browser")]
    {
        js_sys::Date::parse(rfc3339)
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = rfc3339;
        0.0
    }
}

/// "Waiting 4 min", in red once the wait is longer than its queue allows.
#[component]
fn Waiting(since: String, overdue_at: Option<String>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let since_ms = time_ms(&since);
    let overdue_ms = overdue_at.as_deref().map(time_ms);
    move || {
        let now = state.now.get();
        (now > 0.0).then(|| {
            let late = overdue_ms.is_some_and(|at| now >= at);
            view! {
                <span
                    class="waiting small"
                    class:overdue=late
                    data-testid="waiting"
                    title=if late { "Waiting longer than the queue allows" } else { "Waiting for an answer" }
                >
                    {format!(" · waiting {}", wait_words(now - since_ms))}
                </span>
            }
        })
    }
}

/// Words of messages, a customer's name or e-mail; `#22` opens
/// conversation 22 at once.
#[component]
pub fn ConversationSearch() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let on_search = Callback::new(move |text: String| {
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
    });
    view! {
        <SearchBox
            class="inbox-search"
            id="inbox-search"
            label="Search conversations"
            placeholder="Search words, names, e-mails, #22…"
            test_id="inbox-search"
            on_search
            on_clear=Callback::new(move |()| state.found.set(None))
            showing=Signal::derive(move || state.found.with(Option::is_some))
        />
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
    let name = conversation.contact.name.clone();
    view! {
        <li class="row-item">
            <input
                type="checkbox"
                class="row-pick"
                data-testid="row-pick"
                aria-label=format!("Select #{number} ({name})")
                prop:checked=move || state.picked.with(|p| p.contains(&number))
                on:click=move |ev| state.toggle_pick(number, ev.shift_key())
            />
            <button
                class="conversation-row"
                class:selected=move || state.selected.get() == Some(number)
                data-testid="conversation-row"
                data-number=number
                on:click=move |_| state.open(number)
            >
                <span class=format!("status-dot {}", status_class(conversation.status))></span>
                <crate::components::avatar::Avatar name=name.clone() id=conversation.contact.id/>
                <span class="row-main">
                    <span class="row-top">
                        {conversation.by_email.then(|| view! {
                            <span class="row-email" role="img" aria-label="E-mail" title="E-mail" data-testid="row-email">
                                "✉"
                            </span>
                        })}
                        <span class="contact-name">{conversation.contact.name.clone()}</span>
                        <span class="muted small">"#" {number}</span>
                        <span class="spacer"></span>
                        <time class="muted small" datetime=conversation.last_message_at.clone()>
                            {clock_time(&conversation.last_message_at)}
                        </time>
                    </span>
                    <span class="preview">
                        // An e-mail's subject, then the latest message.
                        {conversation.subject.clone().map(|subject| {
                            let dash = conversation.last_message.as_deref().is_some_and(|m| !m.is_empty()).then_some(" — ");
                            view! { <span class="row-subject" data-testid="row-subject">{subject}</span> {dash} }
                        })}
                        {conversation.last_message.clone().unwrap_or_default()}
                    </span>
                    <span class="row-bottom">
                        <span class="assignee small">{who}</span>
                        {conversation.waiting_since.clone().map(|since| view! {
                            <Waiting since overdue_at=conversation.overdue_at.clone()/>
                        })}
                        <super::labels::LabelChips names=conversation.labels.clone()/>
                        {conversation.snoozed_until.as_deref().map(|until| view! {
                            <span class="wakes small muted" data-testid="wakes" title=until.to_string()>
                                {format!(" · wakes {} {}", until.get(..10).unwrap_or_default(), clock_time(until))}
                            </span>
                        })}
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
