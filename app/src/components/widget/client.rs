//! Talking to the public widget API and the host page: starting or
//! resuming the customer's session, the live stream, sending what the
//! customer writes, and the loader's messages (open, closed, page changes,
//! the launcher's unread count).

use super::{WidgetState, UPLOADS_SLOT};
use crate::live::{connect, LiveSignal};
use crate::outbox::{Outgoing, SendFailure};
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use switchboard_types::AuthorKind;
use switchboard_types::{
    Attachment, CustomerEvent, CustomerMessages, CustomerSentMessage, ErrorBody, WidgetConfig,
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
    phone: Option<&'a str>,
    identifier: Option<&'a str>,
    identifier_hash: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct CustomerMessage<'a> {
    client_id: &'a str,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<&'a str>,
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
    phone: Option<String>,
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
                phone: init.phone.as_deref(),
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
    // Customers the site names are never asked.
    state
        .ask_prechat
        .set(session.ask_prechat && init.identifier.is_none());
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
                        // The host page may listen: Switchboard('on', 'message', fn).
                        tell_host(
                            state,
                            "message",
                            &[
                                ("body", message.body.as_str().into()),
                                ("author", message.author.name.as_str().into()),
                            ],
                        );
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
                    gloo_timers::callback::Timeout::new(5_000, move || shown.set(None)).forget();
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
                            phone: text("phone"),
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
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
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
    if let Ok(request) = with_token(Request::post("/api/v1/widget/events"), &token).json(&body) {
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
        attachments: outgoing.attachments.iter().map(|a| a.id.as_str()).collect(),
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

/// The files the customer attached, as the frame page's uploading script
/// left them in `#uploads-slot` (public/widget-uploads.js): each one ready
/// carries its attachment. `Err` while any is still uploading or failed.
pub fn attached() -> Result<Vec<Attachment>, ()> {
    let Some(slot) = document().get_element_by_id(UPLOADS_SLOT) else {
        return Ok(Vec::new());
    };
    let Ok(items) = slot.query_selector_all("li") else {
        return Ok(Vec::new());
    };
    (0..items.length())
        .filter_map(|i| items.item(i))
        .map(|item| {
            wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(item)
                .ok()
                .and_then(|item| item.get_attribute("data-attachment"))
                .and_then(|json| serde_json::from_str(&json).ok())
                .ok_or(())
        })
        .collect()
}

/// The attached files have gone with a message: the list empties.
pub fn clear_attached() {
    if let Some(slot) = document().get_element_by_id(UPLOADS_SLOT) {
        slot.set_inner_html("");
    }
}
