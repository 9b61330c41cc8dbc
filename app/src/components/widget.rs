//! The customer's side: the chat inside the embedded widget's frame. It
//! talks to the public widget API with the contact token it keeps in the
//! browser, and follows its own live stream.

use crate::components::clock_time;
use crate::components::enter_sends;
use crate::components::follow::{Follower, NewMessagesButton};
use crate::components::outgoing::WaitingMessages;
use crate::components::ticks::Ticks;
use crate::live::{LiveLink, TypingThrottle};
use crate::outbox::{Outbox, Outgoing};
use leptos::prelude::*;
use switchboard_types::{
    AuthorKind, ClientFrame, ConversationStatus, Message, StatusUpdate, WidgetConfig,
};

#[derive(Clone, Copy)]
struct WidgetState {
    config: RwSignal<Option<WidgetConfig>>,
    token: RwSignal<Option<String>>,
    messages: RwSignal<Vec<Message>>,
    operator: RwSignal<Option<String>>,
    /// The customer's current conversation's status (resolved: they are
    /// told, and their next message starts a new one).
    status: RwSignal<Option<ConversationStatus>>,
    /// Everyone went away while the customer was chatting: they are told.
    went_away: RwSignal<bool>,
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
    /// The customer's e-mail address, once known (offline messages).
    email: RwSignal<Option<String>>,
    /// The page of the host site the customer is on (url, title).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    page: RwSignal<Option<(String, String)>>,
    /// The host page's origin, when the chat runs in its frame.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    host: StoredValue<Option<String>>,
}

impl WidgetState {
    /// Adds messages once each, in the order they were written (one
    /// history across the customer's conversations).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
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
            list.sort_by_key(|m| m.id);
        });
    }

    /// Messages moved on (delivered, read): the shown ones change, and the
    /// update is kept for any that arrive after it.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
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
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
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

    /// Agents' messages the customer has not read yet (the launcher's count).
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn unread(self) -> usize {
        self.messages.with(|list| {
            list.iter()
                .filter(|m| {
                    m.author.kind != AuthorKind::Contact
                        && m.status < switchboard_types::MessageStatus::Read
                })
                .count()
        })
    }

    /// Sends what waits in the outbox.
    fn flush_outbox(self) {
        #[cfg(feature = "browser")]
        leptos::task::spawn_local(self.outbox.flush(move |o| client::send(self, o)));
    }
}

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
    let offline_email = RwSignal::new(String::new());
    let send_offline = move || {
        let text = draft.get_untracked();
        let email = offline_email.get_untracked().trim().to_string();
        if text.trim().is_empty() || email.is_empty() {
            state.error.set(Some(
                "Please give your e-mail address and a message.".into(),
            ));
            return;
        }
        state.error.set(None);
        draft.set(String::new());
        state.email.set(Some(email.clone()));
        state.outbox.push(Outgoing::offline(email, text));
        state.flush_outbox();
    };
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

    let company = move || {
        state
            .config
            .get()
            .map(|c| c.company_name)
            .unwrap_or_default()
    };
    // The header says what is true now: away, answering, or waiting.
    let online = move || state.config.get().is_some_and(|c| c.online);
    let header_line = move || {
        let resolved = state.status.get() == Some(ConversationStatus::Resolved);
        match (online(), state.operator.get()) {
            (false, _) => "We're away right now · we answer by e-mail".to_string(),
            (true, Some(name)) if !resolved => format!("{name} is answering"),
            (true, _) => "We usually reply in a few minutes".to_string(),
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
            <header
                class="widget-header"
                style=move || state.config.get().map(|c| format!("background:{}", c.color)).unwrap_or_default()
            >
                <strong>
                    <span
                        class="live-dot"
                        class:online=move || online() && state.connected.get()
                        data-testid="widget-dot"
                        title=move || if !online() { "Away" } else if state.connected.get() { "Online" } else { "Reconnecting…" }
                    ></span>
                    {company}
                </strong>
                <span class="small" data-testid="widget-operator">{header_line}</span>
            </header>
            <div class="history">
            <ol class="widget-messages" data-testid="widget-messages" node_ref=list on:scroll=move |_| follower.scrolled()>
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
                // What the customer should know now: everyone went away
                // mid-chat, or the conversation was resolved.
                {move || {
                    let (test_id, text) = if state.went_away.get() && !online() {
                        ("widget-away-notice", "Everyone has stepped away. Leave your e-mail address below and we'll answer there.")
                    } else if state.status.get() == Some(ConversationStatus::Resolved) && !state.outbox.waiting() {
                        ("widget-resolved", "This conversation is resolved. Write again any time: we'll pick it up.")
                    } else {
                        return None;
                    };
                    Some(view! { <li class="widget-note" data-testid=test_id>{text}</li> })
                }}
            </ol>
            <NewMessagesButton follower/>
            </div>
            <p class="typing small muted" data-testid="widget-typing" aria-live="polite">
                {move || state.agent_typing.get().map(|name| format!("{name} is typing…"))}
            </p>
            {move || state.error.get().map(|e| view! { <p class="form-error widget-error" role="alert">{e}</p> })}
            <Show when=offline>
                <form
                    class="widget-offline"
                    data-testid="widget-offline"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        send_offline();
                    }
                >
                    <p class="small">{move || state.config.get().map(|c| c.offline_message)}</p>
                    {move || {
                        state
                            .email
                            .get()
                            .filter(|_| state.outbox.waiting() || !state.messages.with(Vec::is_empty))
                            .map(|email| {
                                view! {
                                    <p class="small muted" data-testid="widget-offline-sent">
                                        {format!("We'll answer by e-mail at {email}.")}
                                    </p>
                                }
                            })
                    }}
                    <label for="widget-email">"Your e-mail address"</label>
                    <input
                        id="widget-email"
                        type="email"
                        required
                        autocomplete="email"
                        data-testid="widget-email"
                        prop:value=move || offline_email.get()
                        on:input=move |ev| offline_email.set(event_target_value(&ev))
                    />
                    <label for="widget-offline-input">"Your message"</label>
                    <textarea
                        id="widget-offline-input"
                        data-testid="widget-offline-input"
                        rows="3"
                        required
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))
                    ></textarea>
                    <button type="submit" class="button primary" disabled=move || state.token.get().is_none()>
                        "Leave a message"
                    </button>
                </form>
            </Show>
            <Show when=move || !offline()>
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
            </Show>
        </div>
    }
}

#[cfg(feature = "browser")]
mod client {
    use super::WidgetState;
    use crate::live::{connect, LiveSignal};
    use crate::outbox::{Outgoing, SendFailure};
    use gloo_net::http::{Request, RequestBuilder, Response};
    use leptos::prelude::*;
    use serde::de::DeserializeOwned;
    use switchboard_types::AuthorKind;
    use switchboard_types::{
        CustomerEvent, CustomerMessages, CustomerSentMessage, ErrorBody, WidgetConfig,
        WidgetSession,
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

    // What the widget sends, as the API takes it.
    #[derive(serde::Serialize)]
    struct NewSession<'a> {
        widget_key: &'a str,
        name: Option<&'a str>,
        email: Option<&'a str>,
        identifier: Option<&'a str>,
        identifier_hash: Option<&'a str>,
    }

    #[derive(serde::Serialize)]
    struct CustomerMessage<'a> {
        client_id: &'a str,
        body: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<&'a str>,
    }

    #[derive(serde::Serialize)]
    struct PageChanged<'a> {
        kind: &'static str,
        url: &'a str,
        title: &'a str,
    }

    /// What the host page's loader says when the chat starts in its frame.
    #[derive(Default)]
    struct HostInit {
        token: Option<String>,
        open: bool,
        identifier: Option<String>,
        identifier_hash: Option<String>,
        name: Option<String>,
        email: Option<String>,
    }

    /// Where the customer's contact token is kept: the host site's storage
    /// (through the loader) when embedded, so it follows them from page to
    /// page; this page's own when opened on its own.
    fn keep_token(state: WidgetState, key: &str, token: &str) {
        if state.host.with_value(Option::is_some) {
            tell_host(state, "token", &[("token", token.into())]);
        } else if let Some(storage) = crate::saved::storage() {
            let _ = storage.set_item(&storage_key(key), token);
        }
    }

    /// Reads the widget's texts and whether someone can chat now.
    async fn load_config(state: WidgetState, key: &str) -> Result<(), String> {
        let encoded: String = js_sys::encode_uri_component(key).into();
        let config: WidgetConfig = answer(
            Request::get(&format!("/api/v1/widget/config?key={encoded}"))
                .send()
                .await,
        )
        .await
        .map_err(|(_, m)| m)?;
        if state.config.get_untracked().as_ref() != Some(&config) {
            state.config.set(Some(config));
        }
        Ok(())
    }

    async fn start(state: WidgetState, key: String, init: HostInit) -> Result<(), String> {
        load_config(state, &key).await?;
        // Working hours begin and end, agents come and go: look again now
        // and then, and after every reconnect.
        {
            let key = key.clone();
            gloo_timers::callback::Interval::new(60_000, move || {
                let key = key.clone();
                leptos::task::spawn_local(async move {
                    let _ = load_config(state, &key).await;
                });
            })
            .forget();
        }

        let saved = init.token.clone().or_else(|| {
            crate::saved::storage().and_then(|s| s.get_item(&storage_key(&key)).ok().flatten())
        });
        let mut session = None;
        // A customer the site identified always asks for their own session;
        // anyone else resumes theirs.
        if let (Some(token), None) = (saved, &init.identifier) {
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
                let body = NewSession {
                    widget_key: &key,
                    name: init.name.as_deref(),
                    email: init.email.as_deref(),
                    identifier: init.identifier.as_deref(),
                    identifier_hash: init.identifier_hash.as_deref(),
                };
                let request = Request::post("/api/v1/widget/sessions")
                    .json(&body)
                    .map_err(|e| e.to_string())?;
                let s: WidgetSession = answer(request.send().await).await.map_err(|(_, m)| m)?;
                keep_token(state, &key, &s.contact_token);
                s
            }
        };
        state.email.set(session.contact.email.clone());
        state
            .status
            .set(session.open_conversation.as_ref().map(|c| c.status));
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
                    let key = key.clone();
                    leptos::task::spawn_local(async move {
                        let _ = load_config(state, &key).await;
                    });
                }
                LiveSignal::Disconnected => state.connected.set(false),
                LiveSignal::Event(frame) => match frame.event {
                    CustomerEvent::MessageCreated { message } => {
                        if message.author.kind != AuthorKind::Contact {
                            state.agent_typing.set(None);
                        }
                        state.add([message]);
                        state.acknowledge();
                    }
                    CustomerEvent::MessageStatus { update } => state.status_changed(update),
                    CustomerEvent::ConversationUpdated { conversation } => {
                        state.status.set(Some(conversation.status));
                        state.operator.set(conversation.operator)
                    }
                    CustomerEvent::WidgetStatus { online } => {
                        let was_online = state
                            .config
                            .with_untracked(|c| c.as_ref().map(|c| c.online));
                        // Told live: a customer mid-chat learns that nobody
                        // is there any more (and that the form takes over).
                        if was_online == Some(true) && !online {
                            state
                                .went_away
                                .set(!state.messages.with_untracked(Vec::is_empty));
                        }
                        if online {
                            state.went_away.set(false);
                        }
                        state.config.update(|c| {
                            if let Some(c) = c {
                                c.online = online;
                            }
                        });
                    }
                    CustomerEvent::Typing { typing } if typing.author_kind == AuthorKind::Agent => {
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

    /// Says something to the host page's loader (when embedded).
    pub fn tell_host(state: WidgetState, what: &str, fields: &[(&str, wasm_bindgen::JsValue)]) {
        let Some(origin) = state.host.get_value() else {
            return;
        };
        let said = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&said, &"switchboard".into(), &what.into());
        for (name, value) in fields {
            let _ = js_sys::Reflect::set(&said, &(*name).into(), value);
        }
        if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
            let _ = parent.post_message(&said, &origin);
        }
    }

    /// Starts the chat. Embedded, it asks the host page's loader for the
    /// customer's token and details first, then follows what it says: the
    /// chat opening and closing, the customer moving to another page. On
    /// its own, it starts at once. The page coming to the front counts too
    /// (messages on screen are then read).
    pub fn follow_host_page(state: WidgetState, key: String) {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::{JsCast, JsValue};
        let Some(window) = web_sys::window() else {
            return;
        };
        let parent = window.parent().ok().flatten();
        let embedded = parent
            .as_ref()
            .is_some_and(|p| JsValue::from(p) != JsValue::from(&window));
        let launch = move |init: HostInit| {
            let key = key.clone();
            leptos::task::spawn_local(async move {
                if let Err(e) = start(state, key, init).await {
                    state.error.set(Some(e));
                }
            });
        };
        if !embedded {
            launch(HostInit {
                open: true,
                ..HostInit::default()
            });
        }
        let mut launch = Some(launch);
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                // Only the page this frame is embedded in speaks to it.
                let from_parent = match (&parent, e.source()) {
                    (Some(p), Some(source)) => JsValue::from(p) == JsValue::from(source),
                    _ => false,
                };
                if !from_parent {
                    return;
                }
                let data = e.data();
                let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
                let text = |name: &str| field(name).and_then(|v| v.as_string());
                match text("switchboard").as_deref() {
                    Some("init") => {
                        if let Some(launch) = launch.take() {
                            state.host.set_value(Some(e.origin()));
                            let init = HostInit {
                                token: text("token"),
                                open: field("open").and_then(|v| v.as_bool()).unwrap_or(false),
                                identifier: text("identifier"),
                                identifier_hash: text("identifier_hash"),
                                name: text("name"),
                                email: text("email"),
                            };
                            state.open.set(init.open);
                            launch(init);
                        }
                    }
                    Some("open") => {
                        state.open.set(true);
                        state.acknowledge();
                    }
                    Some("closed") => state.open.set(false),
                    Some("page") => {
                        let url = text("url").unwrap_or_default();
                        state
                            .page
                            .set(Some((url, text("title").unwrap_or_default())));
                    }
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
        if embedded {
            if let Some(parent) = window.parent().ok().flatten() {
                // Nothing secret in it: the loader answers only its own frame.
                if let Ok(ready) = js_sys::JSON::parse(r#"{"switchboard":"ready"}"#) {
                    let _ = parent.post_message(&ready, "*");
                }
            }
        }
    }

    /// Records the host page the customer is on.
    pub async fn page_changed(state: WidgetState, (url, title): (String, String)) {
        let Some(token) = state.token.get_untracked() else {
            return;
        };
        let body = PageChanged {
            kind: "page_changed",
            url: &url,
            title: &title,
        };
        if let Ok(request) = with_token(Request::post("/api/v1/widget/events"), &token).json(&body)
        {
            // A page view that does not arrive is not worth a retry.
            let _ = request.send().await;
        }
    }

    async fn load_messages(state: WidgetState) {
        let Some(token) = state.token.get_untracked() else {
            return;
        };
        match answer::<CustomerMessages>(
            // The whole history, every conversation in the order written.
            with_token(Request::get("/api/v1/widget/messages"), &token)
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
        let path = match outgoing.reply_email {
            Some(_) => "/api/v1/widget/offline",
            None => "/api/v1/widget/messages",
        };
        let payload = CustomerMessage {
            client_id: &outgoing.client_id,
            body: &outgoing.body,
            email: outgoing.reply_email.as_deref(),
        };
        let request = with_token(Request::post(path), &token)
            .json(&payload)
            .map_err(|e| SendFailure::Refused(e.to_string()))?;
        match answer::<CustomerSentMessage>(request.send().await).await {
            Ok(sent) => {
                state.status.set(Some(sent.conversation.status));
                state.operator.set(sent.conversation.operator);
                state.add([sent.message]);
                state.error.set(None);
                Ok(())
            }
            // No answer, or the server is having a moment: send it again later.
            Err((0, _)) | Err((500..=599, _)) => Err(SendFailure::Unreachable),
            // Too many at once: say so, and send it again shortly.
            Err((429, reason)) => {
                state.error.set(Some(reason));
                Err(SendFailure::Unreachable)
            }
            Err((_, reason)) => Err(SendFailure::Refused(reason)),
        }
    }
}
