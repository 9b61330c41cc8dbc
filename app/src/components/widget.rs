//! The customer's side: the chat inside the embedded widget's frame. It
//! talks to the public widget API with the contact token it keeps in the
//! browser, and follows its own live stream.

use crate::components::clock_time;
use crate::components::enter_sends;
use crate::components::outgoing::WaitingMessages;
use crate::components::ticks::Ticks;
use crate::live::{LiveLink, TypingThrottle};
use crate::outbox::{Outbox, Outgoing};
use leptos::prelude::*;
use switchboard_types::{AuthorKind, ClientFrame, Message, StatusUpdate, WidgetConfig};

#[derive(Clone, Copy)]
struct WidgetState {
    config: RwSignal<Option<WidgetConfig>>,
    token: RwSignal<Option<String>>,
    messages: RwSignal<Vec<Message>>,
    operator: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    connected: RwSignal<bool>,
    /// What the customer wrote that the server has not acknowledged yet.
    outbox: Outbox,
    live: StoredValue<LiveLink>,
    /// The agent writing right now, if any.
    agent_typing: RwSignal<Option<String>>,
    /// Whether the chat is open on the host page (the loader says).
    open: RwSignal<bool>,
    /// The latest status updates, for messages that arrive after them.
    status_updates: RwSignal<Vec<StatusUpdate>>,
}

impl WidgetState {
    /// Adds messages once each, in conversation order.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn add(self, new: impl IntoIterator<Item = Message>) {
        let updates = self.status_updates.get_untracked();
        self.messages.update(|list| {
            for mut m in new {
                // A status may have come before the message it moves.
                for update in &updates {
                    update.apply(&mut m);
                }
                match list.iter_mut().find(|known| known.id == m.id) {
                    Some(known) if m.status > known.status => *known = m,
                    Some(_) => {}
                    None => list.push(m),
                }
            }
            list.sort_by_key(|m| (m.conversation_number, m.seq));
        });
    }

    /// Messages moved on (delivered, read): the shown ones change, and the
    /// update is kept for any that arrive after it.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn status_changed(self, update: StatusUpdate) {
        self.messages
            .update(|list| list.iter_mut().for_each(|m| update.apply(m)));
        self.status_updates.update(|kept| {
            kept.push(update);
            let excess = kept.len().saturating_sub(8);
            kept.drain(..excess);
        });
    }

    /// The agents' messages shown reached this screen; read too when the
    /// chat is open and the page in front.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn acknowledge(self) {
        let latest = self.messages.with_untracked(|list| {
            list.iter()
                .rev()
                .find(|m| m.author.kind != AuthorKind::Contact)
                .map(|m| (m.conversation_number, m.seq, m.status))
        });
        let Some((number, seq, status)) = latest else {
            return;
        };
        let frame = if self.open.get_untracked() && crate::live::page_in_front() {
            (status < switchboard_types::MessageStatus::Read).then_some(ClientFrame::Read {
                conversation_number: number,
                seq,
            })
        } else {
            (status < switchboard_types::MessageStatus::Delivered).then_some(
                ClientFrame::Delivered {
                    conversation_number: number,
                    seq,
                },
            )
        };
        if let Some(frame) = frame {
            self.live.with_value(|live| live.send(&frame));
        }
    }

    /// Sends what waits in the outbox.
    fn flush_outbox(self) {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(self.outbox.flush(move |o| client::send(self, o)));
    }
}

#[component]
pub fn WidgetFrame() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let key = Signal::derive(move || query.with(|q| q.get("key")).unwrap_or_default());
    let state = WidgetState {
        config: RwSignal::new(None),
        token: RwSignal::new(None),
        messages: RwSignal::new(Vec::new()),
        operator: RwSignal::new(None),
        error: RwSignal::new(None),
        connected: RwSignal::new(false),
        outbox: Outbox::new(format!("switchboard.outbox.{}", key.get_untracked())),
        live: StoredValue::new(LiveLink::default()),
        agent_typing: RwSignal::new(None),
        open: RwSignal::new(true),
        status_updates: RwSignal::new(Vec::new()),
    };
    let draft = RwSignal::new(String::new());
    let throttle = TypingThrottle::default();

    #[cfg(feature = "hydrate")]
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            state.outbox.restore();
            state.outbox.keep_flushing(move || state.flush_outbox());
            client::follow_host_page(state);
            let key = key.get_untracked();
            leptos::task::spawn_local(async move {
                if let Err(e) = client::start(state, key).await {
                    state.error.set(Some(e));
                }
            });
        }
    });

    // Written is kept: into the outbox at once, sent from there (again
    // after a reconnect or a reload, until the server has it).
    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        draft.set(String::new());
        throttle.sent();
        state.outbox.push(Outgoing::new(None, text, false, false));
        state.flush_outbox();
    };
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

    let company = move || {
        state
            .config
            .get()
            .map(|c| c.company_name)
            .unwrap_or_default()
    };
    view! {
        <div class="widget" data-testid="widget">
            <header
                class="widget-header"
                style=move || state.config.get().map(|c| format!("background:{}", c.color)).unwrap_or_default()
            >
                <strong>
                    <span class="live-dot" class:online=move || state.connected.get()></span>
                    {company}
                </strong>
                <span class="small" data-testid="widget-operator">
                    {move || match state.operator.get() {
                        Some(name) => format!("{name} is answering"),
                        None => "We usually reply in a few minutes".to_string(),
                    }}
                </span>
            </header>
            <ol class="widget-messages" data-testid="widget-messages">
                {move || {
                    state
                        .config
                        .get()
                        .map(|c| {
                            view! {
                                <li class="message from-agent greeting">
                                    <div class="bubble"><p class="body">{c.greeting}</p></div>
                                </li>
                            }
                        })
                }}
                <For
                    each=move || state.messages.get()
                    key=|m| (m.id, m.status)
                    children=move |m| {
                        let mine = m.author.kind == AuthorKind::Contact;
                        let body = m.body.clone();
                        view! {
                            <li class="message" class:from-me=mine class:from-agent=!mine data-testid="widget-message">
                                <div class="bubble"><p class="body">{body}</p></div>
                                <div class="message-meta small muted">
                                    {(!mine).then(|| format!("{} · ", m.author.name))}
                                    {clock_time(&m.created_at)}
                                    {mine.then(|| view! { " " <Ticks message=m.clone()/> })}
                                </div>
                            </li>
                        }
                    }
                />
                <WaitingMessages
                    outbox=state.outbox
                    belongs=|_: &Outgoing| true
                    side="from-me"
                    test_id="widget-outgoing"
                    flush=Callback::new(move |()| state.flush_outbox())
                />
            </ol>
            <p class="typing small muted" data-testid="widget-typing" aria-live="polite">
                {move || state.agent_typing.get().map(|name| format!("{name} is typing…"))}
            </p>
            {move || state.error.get().map(|e| view! { <p class="form-error widget-error" role="alert">{e}</p> })}
            <form
                class="widget-composer"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
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
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use super::WidgetState;
    use crate::live::{connect, LiveSignal};
    use crate::outbox::{Outgoing, SendFailure};
    use gloo_net::http::{Request, RequestBuilder, Response};
    use leptos::prelude::*;
    use serde::de::DeserializeOwned;
    use switchboard_types::AuthorKind;
    use switchboard_types::{
        CustomerMessages, CustomerSentMessage, ErrorBody, LiveEvent, WidgetConfig, WidgetSession,
    };

    const TOKEN_HEADER: &str = "X-Contact-Token";

    fn storage_key(widget_key: &str) -> String {
        format!("switchboard.contact_token.{widget_key}")
    }

    /// Reads an answer, or the API's error message.
    async fn answer<T: DeserializeOwned>(
        response: Result<Response, gloo_net::Error>,
    ) -> Result<T, (u16, String)> {
        let response = response.map_err(|_| {
            (
                0,
                "Cannot reach the chat right now; retrying soon.".to_string(),
            )
        })?;
        if response.ok() {
            return response.json::<T>().await.map_err(|e| (0, e.to_string()));
        }
        let status = response.status();
        let message = match response.json::<ErrorBody>().await {
            Ok(body) => body.error.message,
            Err(_) => format!("The chat answered with an error ({status})."),
        };
        Err((status, message))
    }

    fn with_token(request: RequestBuilder, token: &str) -> RequestBuilder {
        request.header(TOKEN_HEADER, token)
    }

    pub async fn start(state: WidgetState, key: String) -> Result<(), String> {
        let encoded: String = js_sys::encode_uri_component(&key).into();
        let config: WidgetConfig = answer(
            Request::get(&format!("/api/v1/widget/config?key={encoded}"))
                .send()
                .await,
        )
        .await
        .map_err(|(_, m)| m)?;
        state.config.set(Some(config));

        let saved =
            crate::saved::storage().and_then(|s| s.get_item(&storage_key(&key)).ok().flatten());
        let mut session = None;
        if let Some(token) = saved {
            match answer::<WidgetSession>(
                with_token(Request::get("/api/v1/widget/session"), &token)
                    .send()
                    .await,
            )
            .await
            {
                Ok(s) => session = Some(s),
                Err((401, _)) => {}
                Err((_, m)) => return Err(m),
            }
        }
        let session = match session {
            Some(s) => s,
            None => {
                let body = serde_json::json!({ "widget_key": key });
                let request = Request::post("/api/v1/widget/sessions")
                    .json(&body)
                    .map_err(|e| e.to_string())?;
                let s: WidgetSession = answer(request.send().await).await.map_err(|(_, m)| m)?;
                if let Some(storage) = crate::saved::storage() {
                    let _ = storage.set_item(&storage_key(&key), &s.contact_token);
                }
                s
            }
        };
        state
            .operator
            .set(session.open_conversation.and_then(|c| c.operator));
        let token = session.contact_token;
        state.token.set(Some(token.clone()));
        load_messages(state).await;

        let encoded_token: String = js_sys::encode_uri_component(&token).into();
        let link = state.live.get_value();
        connect(
            format!("/api/v1/widget/ws?contact_token={encoded_token}"),
            link,
            move |signal| match signal {
                LiveSignal::Connected => {
                    state.connected.set(true);
                    state.flush_outbox();
                    leptos::task::spawn_local(load_messages(state));
                }
                LiveSignal::Disconnected => state.connected.set(false),
                LiveSignal::Event(frame) => match frame.event {
                    LiveEvent::MessageCreated { message } => {
                        if message.author.kind != AuthorKind::Contact {
                            state.agent_typing.set(None);
                        }
                        state.add([message]);
                        state.acknowledge();
                    }
                    LiveEvent::MessageStatus { update } => state.status_changed(update),
                    LiveEvent::CustomerConversationUpdated { conversation } => {
                        state.operator.set(conversation.operator)
                    }
                    LiveEvent::Typing { typing } if typing.author_kind == AuthorKind::Agent => {
                        state.agent_typing.set(Some(typing.name));
                        let shown = state.agent_typing;
                        gloo_timers::callback::Timeout::new(5_000, move || shown.set(None))
                            .forget();
                    }
                    _ => {}
                },
            },
        );
        Ok(())
    }

    /// The host page's loader says when the chat opens and closes; the page
    /// coming to the front counts too (messages on screen are then read).
    pub fn follow_host_page(state: WidgetState) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let said = js_sys::Reflect::get(&e.data(), &"switchboard".into())
                    .ok()
                    .and_then(|v| v.as_string());
                match said.as_deref() {
                    Some("open") => {
                        state.open.set(true);
                        state.acknowledge();
                    }
                    Some("closed") => state.open.set(false),
                    _ => {}
                }
            });
        let on_visible = Closure::<dyn FnMut()>::new(move || state.acknowledge());
        let _ =
            window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visible.as_ref().unchecked_ref(),
            );
        }
        // They listen for the page's lifetime.
        on_message.forget();
        on_visible.forget();
    }

    async fn load_messages(state: WidgetState) {
        let Some(token) = state.token.get_untracked() else {
            return;
        };
        match answer::<CustomerMessages>(
            with_token(Request::get("/api/v1/widget/messages?after_seq=0"), &token)
                .send()
                .await,
        )
        .await
        {
            Ok(found) => {
                state.add(found.messages);
                state.acknowledge();
            }
            Err((_, m)) => state.error.set(Some(m)),
        }
    }

    /// Sends one outbox entry; the same `client_id` on every try.
    pub async fn send(state: WidgetState, outgoing: Outgoing) -> Result<(), SendFailure> {
        let Some(token) = state.token.get_untracked() else {
            return Err(SendFailure::Unreachable);
        };
        let payload = serde_json::json!({ "client_id": outgoing.client_id, "body": outgoing.body });
        let request = with_token(Request::post("/api/v1/widget/messages"), &token)
            .json(&payload)
            .map_err(|e| SendFailure::Refused(e.to_string()))?;
        match answer::<CustomerSentMessage>(request.send().await).await {
            Ok(sent) => {
                state.operator.set(sent.conversation.operator);
                state.add([sent.message]);
                state.error.set(None);
                Ok(())
            }
            // No answer, or the server is having a moment: send it again later.
            Err((0, _)) | Err((500..=599, _)) | Err((429, _)) => Err(SendFailure::Unreachable),
            Err((_, reason)) => Err(SendFailure::Refused(reason)),
        }
    }
}
