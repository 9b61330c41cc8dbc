//! The customer's side: the chat inside the embedded widget's frame. It
//! talks to the public widget API with the contact token it keeps in the
//! browser, and follows its own live stream.

//!
//! Its parts: the state it keeps (`state`), the header, the conversation's
//! history, the offline form, and the talk with the API and the host page
//! (`client`, in the browser only).

#[cfg(feature = "browser")]
mod body;
#[cfg(feature = "browser")]
mod client;
mod header;
mod history;
mod offline;
mod state;

use crate::components::enter_sends;
use crate::components::follow::Follower;
use crate::live::{LiveLink, TypingThrottle};
use crate::outbox::{Outbox, Outgoing};
use header::WidgetHeader;
use history::WidgetHistory;
use leptos::prelude::*;
use offline::OfflineForm;
use state::WidgetState;
use switchboard_types::{AuthorKind, ClientFrame};

/// Where the customer's files wait for their message. The frame page
/// fills it (server/src/widget_frame.rs): it takes the paperclip
/// (`data-attach`), a pasted screenshot or a drop, and loads the uploading
/// script the first time, so the chat's bundle carries no uploading code.
pub const UPLOADS_SLOT: &str = "uploads-slot";

#[component]
pub fn WidgetFrame(
    /// The widget key of the company's snippet.
    #[prop(into)]
    key: String,
) -> impl IntoView {
    let state = WidgetState {
        config: RwSignal::new(None),
        token: RwSignal::new(None),
        messages: RwSignal::new(Vec::new()),
        operator: RwSignal::new(None),
        status: RwSignal::new(None),
        went_away: RwSignal::new(false),
        error: RwSignal::new(None),
        connected: RwSignal::new(false),
        outbox: Outbox::new(format!("switchboard.outbox.{key}")),
        live: StoredValue::new(LiveLink::default()),
        agent_typing: RwSignal::new(None),
        open: RwSignal::new(true),
        status_updates: RwSignal::new(Vec::new()),
        email: RwSignal::new(None),
        ask_prechat: RwSignal::new(false),
        page: RwSignal::new(None),
        host: StoredValue::new(None),
    };
    let draft = RwSignal::new(String::new());
    let throttle = TypingThrottle::default();

    #[cfg(feature = "browser")]
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            state.outbox.restore();
            state.outbox.keep_flushing(move || state.flush_outbox());
            client::follow_host_page(state, key.clone());
        }
    });
    // The launcher shows how many answers wait unread.
    #[cfg(feature = "browser")]
    Effect::new(move |_| {
        let count = state.unread();
        client::tell_host(state, "unread", &[("count", (count as f64).into())]);
    });
    // Page changes on the host site go into the conversation's history.
    #[cfg(feature = "browser")]
    Effect::new(move |_| {
        if let (Some(page), Some(_)) = (state.page.get(), state.token.get()) {
            leptos::task::spawn_local(client::page_changed(state, page));
        }
    });

    // Written is kept: into the outbox at once, sent from there (again
    // after a reconnect or a reload, until the server has it), with the
    // files attached (the frame page uploads them: see `UPLOADS_SLOT`).
    let send = move || {
        let text = draft.get_untracked();
        #[cfg(feature = "browser")]
        let Ok(attachments) = client::attached() else {
            state.error.set(Some(
                "Wait for your files to upload, or remove those that failed.".into(),
            ));
            return;
        };
        #[cfg(not(feature = "browser"))]
        let attachments = Vec::new();
        if text.trim().is_empty() && attachments.is_empty() {
            return;
        }
        draft.set(String::new());
        throttle.sent();
        #[cfg(feature = "browser")]
        client::clear_attached();
        state.outbox.push(Outgoing {
            attachments,
            ..Outgoing::new(None, text, false, false)
        });
        state.flush_outbox();
    };
    let offline_email = RwSignal::new(String::new());
    let offline = move || state.config.get().is_some_and(|c| !c.online);
    Effect::new(move |_| {
        if let Some(known) = state.email.get() {
            if offline_email.get_untracked().is_empty() {
                offline_email.set(known);
            }
        }
    });
    let typing = move || {
        if !throttle.due() {
            return;
        }
        let number = state
            .messages
            .with_untracked(|list| list.last().map(|m| m.conversation_number));
        if let Some(number) = number {
            let frame = ClientFrame::Typing {
                conversation_number: number,
                private: false,
            };
            state.live.with_value(|live| live.send(&frame));
        }
    };

    let list = NodeRef::<leptos::html::Ol>::new();
    let follower = Follower::new(list);
    // Opens at the bottom, then follows what arrives (see Follower).
    let last_seen = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        let (latest, from_agents, mine) = state.messages.with(|list| {
            let after = last_seen.get_value().unwrap_or(i64::MAX);
            let new = list.iter().filter(|m| m.id > after);
            let (agents, mine) = new.fold((0, false), |(agents, mine), m| {
                if m.author.kind == AuthorKind::Contact {
                    (agents, true)
                } else {
                    (agents + 1, mine)
                }
            });
            (list.last().map(|m| m.id), agents, mine)
        });
        let Some(latest) = latest else { return };
        match last_seen.get_value() {
            None => follower.open_at_bottom(),
            Some(before) if latest > before => follower.arrived(from_agents, mine),
            Some(_) => {}
        }
        last_seen.set_value(Some(latest));
    });
    // What the customer writes shows at once, and so does the news that
    // the conversation was resolved or everyone went away.
    Effect::new(move |started: Option<()>| {
        let waiting = state.outbox.items.with(Vec::len);
        state.status.track();
        state.went_away.track();
        if started.is_some() {
            follower.arrived(0, waiting > 0);
        }
    });
    view! {
        <div class="widget" data-testid="widget">
            <WidgetHeader state/>
            <WidgetHistory state list follower/>
            <p class="typing small muted" data-testid="widget-typing" aria-live="polite">
                {move || state.agent_typing.get().map(|name| format!("{name} is typing…"))}
            </p>
            {move || state.error.get().map(|e| view! { <p class="form-error widget-error" role="alert">{e}</p> })}
            <Show when=offline>
                <OfflineForm state draft offline_email/>
            </Show>
            // The pre-chat form goes here until the customer writes: the
            // frame's page brings it and sends the answers (widget_frame.rs),
            // so it costs this bundle nothing; one that must be answered
            // hides the message box (widget.css).
            <Show when=move || {
                state.ask_prechat.get() && !offline() && state.messages.with(Vec::is_empty)
            }>
                <div id="prechat-slot" data-token=move || state.token.get()></div>
            </Show>
            <Show when=move || !offline()>
                <ul id=UPLOADS_SLOT class="pending-uploads" data-testid="pending-uploads" aria-live="polite"
                    data-token=move || state.token.get()></ul>
                <form
                    class="widget-composer"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        send();
                    }
                >
                    <button type="button" class="attach" data-attach="" data-testid="widget-attach" aria-label="Attach files"
                        title="Attach files (or paste or drop them here)"
                        disabled=move || state.token.get().is_none()>"📎"</button>
                    <label class="visually-hidden" for="widget-input">"Your message"</label>
                    <textarea
                        id="widget-input"
                        data-testid="widget-input"
                        rows="2"
                        placeholder="Write a message…"
                        prop:value=move || draft.get()
                        on:input=move |ev| {
                            draft.set(event_target_value(&ev));
                            typing();
                        }
                        on:keydown=move |ev| {
                            if enter_sends(&ev) {
                                send();
                            }
                        }
                    ></textarea>
                    <button type="submit" class="button primary" disabled=move || state.token.get().is_none()>
                        "Send"
                    </button>
                </form>
            </Show>
        </div>
    }
}
