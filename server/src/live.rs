//! The WebSocket streams: one per agent tab, one per widget. A client that
//! reconnects with `?last_event_id=N` first gets everything after N that it
//! may see, from the store, then live events; each event at most once.

use crate::api::{ApiError, ApiQuery, CurrentAgent, CurrentContact};
use crate::observability::OpenConnection;
use crate::AppState;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use std::time::Duration;
use switchboard_core::types::{Frame, LiveEvent};
use switchboard_core::{Switchboard, Viewer};
use tokio::sync::broadcast::error::RecvError;

const HEARTBEAT: Duration = Duration::from_secs(25);
/// Clients send little (pings, closes): a small read buffer per socket
/// instead of tungstenite's 128 KiB keeps 10,000 idle streams cheap.
const READ_BUFFER: usize = 4 * 1024;
/// The largest frame a client may send.
const MAX_FRAME: usize = 64 * 1024;

/// The upgrade with Switchboard's socket settings.
fn configured(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
}

#[derive(Deserialize)]
pub struct Resume {
    last_event_id: Option<i64>,
}

/// `GET /api/v1/ws`: an agent's stream.
pub async fn agent_socket(
    State(state): State<AppState>,
    CurrentAgent(agent): CurrentAgent,
    ApiQuery(resume): ApiQuery<Resume>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let switchboard = state.switchboard.clone();
    configured(upgrade).on_upgrade(move |socket| async move {
        let _open = OpenConnection::new("agent");
        stream(
            socket,
            switchboard,
            Viewer::Agent(agent.id),
            resume.last_event_id,
        )
        .await;
    })
}

/// `GET /api/v1/widget/ws?contact_token=T`: a customer's stream.
pub async fn widget_socket(
    State(state): State<AppState>,
    CurrentContact(contact, _): CurrentContact,
    ApiQuery(resume): ApiQuery<Resume>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let switchboard = state.switchboard.clone();
    Ok(configured(upgrade).on_upgrade(move |socket| async move {
        let _open = OpenConnection::new("widget");
        stream(
            socket,
            switchboard,
            Viewer::Contact(contact.id),
            resume.last_event_id,
        )
        .await;
    }))
}

async fn send(socket: &mut WebSocket, frame: &Frame) -> bool {
    match serde_json::to_string(frame) {
        Ok(text) => socket
            .send(Message::Text(Utf8Bytes::from(text)))
            .await
            .is_ok(),
        Err(_) => true,
    }
}

/// Sends the stored events after `after` that `viewer` may see; answers
/// the last id sent, or `None` when the socket is gone.
async fn catch_up(
    socket: &mut WebSocket,
    switchboard: &Switchboard,
    viewer: Viewer,
    after: i64,
) -> Option<i64> {
    match switchboard.replay(viewer, after).await {
        Ok(Some(frames)) => {
            let mut last = after;
            for frame in frames {
                if !send(socket, &frame).await {
                    return None;
                }
                last = frame.event_id;
            }
            Some(last)
        }
        Ok(None) => {
            let now = switchboard.last_event_id().await.unwrap_or(after);
            let resync = Frame {
                event_id: now,
                event: LiveEvent::Resync,
            };
            send(socket, &resync).await.then_some(now)
        }
        Err(e) => {
            tracing::error!(error = %e, "replaying the live stream failed");
            None
        }
    }
}

async fn stream(
    mut socket: WebSocket,
    switchboard: Switchboard,
    viewer: Viewer,
    last_event_id: Option<i64>,
) {
    // Subscribe before reading the store, so nothing falls between the two.
    let mut events = switchboard.hub().subscribe();
    let mut replayed_up_to = 0;
    if let Some(after) = last_event_id {
        match catch_up(&mut socket, &switchboard, viewer, after).await {
            Some(last) => replayed_up_to = last,
            None => return,
        }
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    loop {
        tokio::select! {
            received = events.recv() => match received {
                Ok(published) => {
                    if published.event_id > replayed_up_to
                        && viewer.may_see(published.audience)
                        && !send(&mut socket, &published.frame()).await
                    {
                        break;
                    }
                }
                Err(RecvError::Lagged(_)) => {
                    // Fell behind the hub: read what was missed from the store.
                    let Some(last) = catch_up(&mut socket, &switchboard, viewer, replayed_up_to).await else { break };
                    replayed_up_to = last;
                }
                Err(RecvError::Closed) => break,
            },
            incoming = socket.recv() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            _ = heartbeat.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
        }
    }
}
