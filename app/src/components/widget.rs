//! The customer's side: the chat inside the embedded widget's frame. It
//! talks to the public widget API with the contact token it keeps in the
//! browser, and follows its own live stream.

use crate::components::clock_time;
use leptos::prelude::*;
use switchboard_types::{AuthorKind, Message, WidgetConfig};

#[derive(Clone, Copy)]
struct WidgetState {
    config: RwSignal<Option<WidgetConfig>>,
    token: RwSignal<Option<String>>,
    messages: RwSignal<Vec<Message>>,
    operator: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    connected: RwSignal<bool>,
}

impl WidgetState {
    /// Adds messages once each, in conversation order.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn add(self, new: impl IntoIterator<Item = Message>) {
        self.messages.update(|list| {
            for m in new {
                if !list.iter().any(|known| known.id == m.id) {
                    list.push(m);
                }
            }
            list.sort_by_key(|m| (m.conversation_number, m.seq));
        });
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
    };
    let draft = RwSignal::new(String::new());
    let sending = RwSignal::new(false);

    #[cfg(feature = "hydrate")]
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            let key = key.get_untracked();
            leptos::task::spawn_local(async move {
                if let Err(e) = client::start(state, key).await {
                    state.error.set(Some(e));
                }
            });
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = key;

    let send = move || {
        let text = draft.get_untracked();
        if text.trim().is_empty() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        leptos::task::spawn_local(async move {
            #[cfg(feature = "hydrate")]
            let sent = client::send(state, text).await;
            #[cfg(not(feature = "hydrate"))]
            let sent: Result<(), String> = Err(format!(
                "cannot send `{text}`: the chat runs in the browser"
            ));
            match sent {
                Ok(()) => {
                    draft.set(String::new());
                    state.error.set(None);
                }
                Err(e) => state.error.set(Some(e)),
            }
            sending.set(false);
        });
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
                    key=|m| m.id
                    children=move |m| {
                        let mine = m.author.kind == AuthorKind::Contact;
                        view! {
                            <li class="message" class:from-me=mine class:from-agent=!mine data-testid="widget-message">
                                <div class="bubble"><p class="body">{m.body}</p></div>
                                <div class="message-meta small muted">
                                    {(!mine).then(|| format!("{} · ", m.author.name))}
                                    {clock_time(&m.created_at)}
                                </div>
                            </li>
                        }
                    }
                />
            </ol>
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
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() {
                            ev.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <button
                    type="submit"
                    class="button primary"
                    disabled=move || sending.get() || state.token.get().is_none()
                >
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
    use gloo_net::http::{Request, RequestBuilder, Response};
    use leptos::prelude::*;
    use serde::de::DeserializeOwned;
    use switchboard_types::{
        CustomerMessages, CustomerSentMessage, ErrorBody, LiveEvent, WidgetConfig, WidgetSession,
    };

    const TOKEN_HEADER: &str = "X-Contact-Token";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

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

        let saved = storage().and_then(|s| s.get_item(&storage_key(&key)).ok().flatten());
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
                if let Some(storage) = storage() {
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
        connect(
            format!("/api/v1/widget/ws?contact_token={encoded_token}"),
            move |signal| match signal {
                LiveSignal::Connected => {
                    state.connected.set(true);
                    leptos::task::spawn_local(load_messages(state));
                }
                LiveSignal::Disconnected => state.connected.set(false),
                LiveSignal::Event(frame) => match frame.event {
                    LiveEvent::MessageCreated { message } => state.add([message]),
                    LiveEvent::CustomerConversationUpdated { conversation } => {
                        state.operator.set(conversation.operator)
                    }
                    _ => {}
                },
            },
        );
        Ok(())
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
            Ok(found) => state.add(found.messages),
            Err((_, m)) => state.error.set(Some(m)),
        }
    }

    pub async fn send(state: WidgetState, body: String) -> Result<(), String> {
        let token = state
            .token
            .get_untracked()
            .ok_or("The chat is still starting.")?;
        let payload =
            serde_json::json!({ "client_id": uuid::Uuid::new_v4().to_string(), "body": body });
        let request = with_token(Request::post("/api/v1/widget/messages"), &token)
            .json(&payload)
            .map_err(|e| e.to_string())?;
        let sent: CustomerSentMessage = answer(request.send().await).await.map_err(|(_, m)| m)?;
        state.operator.set(sent.conversation.operator);
        state.add([sent.message]);
        Ok(())
    }
}
