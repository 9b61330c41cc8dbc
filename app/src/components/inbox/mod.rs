//! The agent inbox: tabs with live counts, the view selector, the
//! conversation list and the conversation pane.
//!
//! Here the page itself; the state its parts share (state.rs), the top bar,
//! what the live stream changes and where the agent was are in their own
//! files.

mod alerts;
mod bulk;
mod colleagues;
mod composer;
mod contact_panel;
mod customer;
mod customer_attributes;
mod customer_import;
mod customer_merge;
mod customers;
mod dialogs;
mod email_conversation;
mod labels;
pub(crate) mod list;
mod live_events;
mod pane;
mod shortcuts;
mod state;
mod top_bar;
mod whereabouts;

pub use state::{InboxState, Mode, Notice, NoticeTarget, PaneDialog, Target};

use crate::components::chat::{ChannelPane, ChatSidebar, ChatState, ShareToChannel};
use crate::components::{later, split_view};
use crate::live::LiveLink;
use crate::outbox::Outbox;
use crate::server::{conversation_counts, LogOut};
use leptos::prelude::*;
use leptos_meta::Title;
use switchboard_types::{Agent, Counts, Tab, View};

#[component]
pub fn Inbox(agent: Agent) -> impl IntoView {
    let chat = ChatState::new(agent.id);
    provide_context(chat);
    provide_context(crate::components::saved_replies::SavedReplies::new());
    let state = InboxState {
        me: StoredValue::new(agent.clone()),
        mode: RwSignal::new(Mode::Inbox),
        chat,
        dialog: RwSignal::new(None),
        help: RwSignal::new(false),
        more_rows: RwSignal::new(Vec::new()),
        alerts: RwSignal::new(false),
        alerting: alerts::Alerting::new(),
        found: RwSignal::new(None),
        view: RwSignal::new(View::All),
        tab: RwSignal::new(Tab::WorkingOn),
        selected: RwSignal::new(None),
        lists_version: RwSignal::new(0),
        pane_version: RwSignal::new(0),
        contacts_version: RwSignal::new(0),
        connected: RwSignal::new(false),
        notices: RwSignal::new(Vec::new()),
        counts: RwSignal::new(Vec::new()),
        typing: RwSignal::new(Vec::new()),
        online: RwSignal::new(Vec::new()),
        outbox: Outbox::new(format!("switchboard.outbox.agent.{}", agent.id)),
        live: StoredValue::new(LiveLink::default()),
        current: RwSignal::new(None),
        details: RwSignal::new(false),
        undo: RwSignal::new(None),
        mail_server: RwSignal::new(None),
        picked: RwSignal::new(Vec::new()),
        pick_anchor: StoredValue::new(None),
        listed: StoredValue::new(Vec::new()),
        bulk_result: RwSignal::new(None),
        labels: RwSignal::new(Vec::new()),
        attributes: RwSignal::new(Vec::new()),
        label_filter: RwSignal::new(Vec::new()),
        sorts: RwSignal::new(Vec::new()),
        now: RwSignal::new(0.0),
        colleagues: RwSignal::new(Vec::new()),
        colleague_replies: RwSignal::new(Vec::new()),
    };
    provide_context(state);

    #[cfg(feature = "browser")]
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            state.resume();
            state.load_labels();
            state.load_attributes();
            alerts::restore(state);
            alerts::keep_ringing(state);
            keep_time(state);
            state.tell_where();
            state.outbox.restore();
            state.outbox.keep_flushing(move || state.flush_outbox());
            let link = state.live.get_value();
            crate::live::connect("/api/v1/ws".into(), link, move |signal| state.apply(signal));
            watch_visibility(state);
            leptos::task::spawn_local(async move {
                if let Ok(set) = crate::server::mail_server_set().await {
                    state.mail_server.set(Some(set));
                }
            });
        }
    });
    // Switching to the team chat reads the channel it shows.
    Effect::new(move |_| {
        if state.mode.get() == Mode::Chat {
            state.chat.read_open();
        }
    });

    // The team chat's views come when it is first opened, and stay.
    let chat_opened = Memo::new(move |opened: Option<&bool>| {
        opened.copied().unwrap_or(false) || state.mode.get() == Mode::Chat
    });

    shortcuts::listen(state);
    Effect::new(move |_| state.restore_details());

    // The first paint's counts; after that the server pushes them.
    let first_counts = Resource::new(move || state.view.get(), conversation_counts);
    let counts = view_counts(state, first_counts);
    let log_out = ServerAction::<LogOut>::new();
    // The browser tab says how many conversations wait unread, so an agent
    // in another tab sees them come.
    let title = move || {
        let shown = counts.get();
        match shown.working_on.unread + shown.pending.unread {
            0 => "Inbox · Switchboard".to_string(),
            unread => format!("({unread}) Inbox · Switchboard"),
        }
    };

    view! {
        <Title text=title/>
        <div class="app">
            <top_bar::TopBar state agent log_out/>
            // On a phone the list and the open conversation are two screens.
            // The page's main landmark: the inbox, or the team chat (one
            // of the two is hidden).
            <main
                class="inbox"
                class:showing-pane=move || state.selected.get().is_some()
                class:with-details=move || state.details.get() && state.selected.get().is_some()
                hidden=move || state.mode.get() != Mode::Inbox
            >
                <aside class="sidebar">
                    <list::ConversationSearch/>
                    <nav class="tabs" role="tablist">
                        {Tab::ALL
                            .into_iter()
                            .map(|tab| view! { <TabButton tab counts/> })
                            .collect_view()}
                    </nav>
                    <div class="list-tools">
                        <labels::LabelFilter/>
                        <list::ListOrder/>
                        <button
                            class="button subtle small"
                            data-testid="open-customers"
                            title="Find a customer and open their record"
                            on:click=move |_| state.dialog.set(Some(PaneDialog::Customers))
                        >
                            "Customers"
                        </button>
                    </div>
                    <bulk::BulkBar/>
                    <list::ConversationList/>
                </aside>
                <pane::ConversationPane/>
                <Show when=move || state.details.get() && state.selected.get().is_some()>
                    <contact_panel::ContactPanel/>
                </Show>
            </main>
            <main
                class="inbox chat"
                class:showing-pane=move || state.chat.open.get().is_some()
                hidden=move || state.mode.get() != Mode::Chat
            >
                <Show when=move || chat_opened.get()>{later(team_chat)}</Show>
            </main>
            <Notices/>
            <UndoResolve/>
            <dialogs::PaneDialogs/>
            <shortcuts::ShortcutHelp/>
            {move || {
                state.chat.sharing.get().map(|number| {
                    let close = Callback::new(move |_| state.chat.sharing.set(None));
                    later(move || share_to_channel(number, close))
                })
            }}
        </div>
    }
}

#[component]
fn TabButton(tab: Tab, counts: Signal<Counts>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let count = Signal::derive(move || counts.get().get(tab));
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

/// The tab counts of the view on screen: as the server last pushed them,
/// or as first read.
fn view_counts(
    state: InboxState,
    first: Resource<Result<Counts, crate::error::AppError>>,
) -> Signal<Counts> {
    Signal::derive(move || {
        let view = state.view.get();
        state
            .counts
            .with(|views| views.iter().find(|v| v.view == view).map(|v| v.counts))
            .or_else(|| first.get().and_then(Result::ok))
            .unwrap_or_default()
    })
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
                    let (id, target) = (notice.id, notice.target);
                    view! {
                        <button
                            class="notice"
                            data-testid="notice"
                            on:click=move |_| {
                                state.dismiss(id);
                                state.go_to(target);
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

/// "Resolved · Undo" for a few seconds after a resolve: a slip of the
/// hand (or the keyboard) costs nothing.
#[component]
fn UndoResolve() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let error = RwSignal::new(None::<String>);
    let undo = move |number: i64| {
        state.undo.set(None);
        leptos::task::spawn_local(async move {
            match crate::server::undo_resolve(number).await {
                Ok(conversation) => {
                    error.set(None);
                    state.tab.set(Tab::of(conversation.status));
                    state.open(number);
                    state.refresh_all();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="undo-bar" role="status" aria-live="polite">
            {move || {
                state.undo.get().map(|(number, _)| {
                    view! {
                        <span data-testid="undo-offer">
                            {format!("Resolved #{number} · ")}
                            <button type="button" class="link" data-testid="undo-resolve" on:click=move |_| undo(number)>
                                "Undo"
                            </button>
                        </span>
                    }
                })
            }}
            {move || error.get().map(|m| view! {
                <span class="form-error" role="alert">
                    <pane::LinkedText text=m/>
                    " "
                    <button type="button" class="link" on:click=move |_| error.set(None)>"Dismiss"</button>
                </span>
            })}
        </div>
    }
}

/// How often the time on screen (how long customers have waited) moves on.
#[cfg(feature = "browser")]
const CLOCK_TICK_MS: u32 = 30_000;

/// Keeps `now` current, for the waits the rows show.
#[cfg(feature = "browser")]
fn keep_time(state: InboxState) {
    state.now.set(state::now_ms());
    gloo_timers::callback::Interval::new(CLOCK_TICK_MS, move || state.now.set(state::now_ms()))
        .forget();
}

/// Coming back to the page reads the open channel, if the chat is on screen.
#[cfg(feature = "browser")]
fn watch_visibility(state: InboxState) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let on_visible = Closure::<dyn FnMut()>::new(move || {
        if state.mode.get_untracked() == Mode::Chat && crate::live::page_in_front() {
            state.chat.read_open();
        }
    });
    let _ = document
        .add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    // It listens for the page's lifetime.
    on_visible.forget();
}

split_view! {
    /// The team chat's channels and the open channel, in a file of its own
    /// (see `split_view!`), fetched when the agent first opens the chat.
    fn team_chat() {
        view! {
            <ChatSidebar/>
            <ChannelPane/>
        }
        .into_any()
    }
}

split_view! {
    /// Sharing a conversation to a channel, in a file of its own.
    fn share_to_channel(number: i64, close: Callback<()>) {
        view! { <ShareToChannel number close/> }.into_any()
    }
}
