//! The agent inbox: tabs with live counts, the view selector, the
//! conversation list and the conversation pane.

mod composer;
mod list;
mod pane;

use crate::server::{conversation_counts, list_queues, LogOut};
use leptos::prelude::*;
use switchboard_types::{Agent, Counts, Tab, View};

/// What the inbox's parts share: the agent, what is selected, and counters
/// that bump when live events make a part stale.
#[derive(Clone, Copy)]
pub struct InboxState {
    pub me: StoredValue<Agent>,
    pub view: RwSignal<View>,
    pub tab: RwSignal<Tab>,
    pub selected: RwSignal<Option<i64>>,
    /// Bumped when lists and counts may have changed.
    pub lists_version: RwSignal<u64>,
    /// Bumped when the open conversation may have changed.
    pub pane_version: RwSignal<u64>,
    pub connected: RwSignal<bool>,
    /// Pop-ups in the top right, newest last.
    pub notices: RwSignal<Vec<Notice>>,
}

/// A pop-up: what happened, and the conversation a click opens.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: i64,
    pub conversation_number: i64,
    pub text: String,
}

impl InboxState {
    pub fn refresh_all(self) {
        self.lists_version.update(|v| *v += 1);
        self.pane_version.update(|v| *v += 1);
    }

    pub fn open(self, number: i64) {
        self.selected.set(Some(number));
    }

    /// Shows a pop-up for a while.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn notify(self, id: i64, conversation_number: i64, text: String) {
        self.notices.update(|n| {
            n.push(Notice {
                id,
                conversation_number,
                text,
            });
            // Only the latest few stay on screen.
            let excess = n.len().saturating_sub(4);
            n.drain(..excess);
        });
        #[cfg(feature = "hydrate")]
        gloo_timers::callback::Timeout::new(8_000, move || self.dismiss(id)).forget();
    }

    pub fn dismiss(self, id: i64) {
        self.notices.update(|n| n.retain(|notice| notice.id != id));
    }

    #[cfg(feature = "hydrate")]
    fn apply(self, signal: crate::live::LiveSignal) {
        use crate::live::LiveSignal;
        use switchboard_types::LiveEvent;
        match signal {
            LiveSignal::Connected => {
                self.connected.set(true);
                self.refresh_all();
            }
            LiveSignal::Disconnected => self.connected.set(false),
            LiveSignal::Event(frame) => {
                let concerns = match &frame.event {
                    LiveEvent::MessageCreated { message } => Some(message.conversation_number),
                    LiveEvent::ConversationUpdated { conversation } => Some(conversation.number),
                    LiveEvent::TimelineEvent { event } => Some(event.conversation_number),
                    LiveEvent::CustomerConversationUpdated { .. } => return,
                    LiveEvent::Notification { notification } => {
                        self.notify(
                            frame.event_id,
                            notification.conversation_number,
                            notification.text.clone(),
                        );
                        return;
                    }
                    LiveEvent::Resync => {
                        self.refresh_all();
                        return;
                    }
                };
                self.lists_version.update(|v| *v += 1);
                if concerns.is_some() && concerns == self.selected.get_untracked() {
                    self.pane_version.update(|v| *v += 1);
                }
            }
        }
    }
}

#[component]
pub fn Inbox(agent: Agent) -> impl IntoView {
    let state = InboxState {
        me: StoredValue::new(agent.clone()),
        view: RwSignal::new(View::All),
        tab: RwSignal::new(Tab::WorkingOn),
        selected: RwSignal::new(None),
        lists_version: RwSignal::new(0),
        pane_version: RwSignal::new(0),
        connected: RwSignal::new(false),
        notices: RwSignal::new(Vec::new()),
    };
    provide_context(state);

    #[cfg(feature = "hydrate")]
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            crate::live::connect("/api/v1/ws".into(), move |signal| state.apply(signal));
        }
    });

    let counts = Resource::new(
        move || (state.view.get(), state.lists_version.get()),
        |(view, _)| conversation_counts(view),
    );
    let log_out = ServerAction::<LogOut>::new();

    view! {
        <div class="app">
            <header class="topbar">
                <span class="brand">"Switchboard"</span>
                <ViewSelector/>
                <span class="spacer"></span>
                <span
                    class="live-dot"
                    class:online=move || state.connected.get()
                    title=move || if state.connected.get() { "Live" } else { "Reconnecting…" }
                ></span>
                <span class="me" data-testid="me">{agent.name.clone()}</span>
                <ActionForm action=log_out attr:class="inline">
                    <button type="submit" class="button subtle">"Log out"</button>
                </ActionForm>
            </header>
            <div class="inbox">
                <aside class="sidebar">
                    <nav class="tabs" role="tablist">
                        {Tab::ALL
                            .into_iter()
                            .map(|tab| view! { <TabButton tab counts/> })
                            .collect_view()}
                    </nav>
                    <list::ConversationList/>
                </aside>
                <pane::ConversationPane/>
            </div>
            <Notices/>
        </div>
    }
}

#[component]
fn TabButton(tab: Tab, counts: Resource<Result<Counts, crate::error::AppError>>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let count = Signal::derive(move || {
        counts
            .get()
            .and_then(Result::ok)
            .map(|c| c.get(tab))
            .unwrap_or_default()
    });
    view! {
        <button
            role="tab"
            class="tab"
            class:active=move || state.tab.get() == tab
            aria-selected=move || (state.tab.get() == tab).to_string()
            data-testid=format!("tab-{}", tab.as_str())
            on:click=move |_| state.tab.set(tab)
        >
            {tab.label()}
            <Transition>
                <span
                    class=move || { if count.get().unread > 0 { "badge unread" } else { "badge" } }
                    data-testid=format!("count-{}", tab.as_str())
                >
                    {move || count.get().count}
                </span>
            </Transition>
        </button>
    }
}

#[component]
fn ViewSelector() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let queues = Resource::new(|| (), |_| list_queues());
    view! {
        <label class="view-selector">
            <span class="visually-hidden">"View"</span>
            <select
                data-testid="view-selector"
                on:change=move |ev| {
                    if let Ok(view) = event_target_value(&ev).parse::<View>() {
                        state.view.set(view);
                    }
                }
            >
                <option value="all" selected=move || state.view.get() == View::All>"All"</option>
                <option value="mine" selected=move || state.view.get() == View::Mine>"Mine"</option>
                <option value="unassigned" selected=move || state.view.get() == View::Unassigned>
                    "Unassigned"
                </option>
                <Transition>
                    {move || {
                        queues
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|q| {
                                let view = View::Queue(q.id);
                                view! {
                                    <option value=view.to_string() selected=move || state.view.get() == view>
                                        {q.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </Transition>
            </select>
        </label>
    }
}

/// The pop-ups in the top right; a click opens the conversation.
#[component]
fn Notices() -> impl IntoView {
    let state = expect_context::<InboxState>();
    view! {
        <div class="notices" role="status" aria-live="polite">
            <For
                each=move || state.notices.get()
                key=|n| n.id
                children=move |notice| {
                    let (id, number) = (notice.id, notice.conversation_number);
                    view! {
                        <button
                            class="notice"
                            data-testid="notice"
                            on:click=move |_| {
                                state.dismiss(id);
                                state.open(number);
                            }
                        >
                            {notice.text}
                        </button>
                    }
                }
            />
        </div>
    }
}
