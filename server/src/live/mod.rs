//! The WebSocket streams: one per agent tab, one per widget. A client that
//! reconnects with `?last_event_id=N` first gets everything after N that it
//! may see, from the store, then live events; each event at most once.
//! States follow: an agent gets who is online and their tab counts at once,
//! and fresh counts whenever a change may have moved them. Clients speak
//! too: delivered, read and typing frames, throttled (`throttle`).

mod throttle;

use crate::api::{ApiError, ApiQuery, CurrentContact, SocketAgent};
use crate::observability::OpenConnection;
use crate::AppState;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use futures::future::{BoxFuture, OptionFuture};
use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use serde::Deserialize;
use std::time::Duration;
use switchboard_core::types::{ClientFrame, Frame, LiveEvent, ViewCounts};
use switchboard_core::{Published, Switchboard, Viewer};
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

const HEARTBEAT: Duration = Duration::from_secs(25);
/// Clients send little (pings, closes, receipts of about a hundred bytes):
/// a small read buffer per socket instead of tungstenite's 128 KiB keeps
/// 10,000 idle streams cheap. Each socket's buffer is zeroed to this size
/// at its first read, so it is memory every idle stream holds; a larger
/// frame (up to `MAX_FRAME`) grows it for as long as that socket lives.
const READ_BUFFER: usize = 1024;
/// The largest frame a client may send.
const MAX_FRAME: usize = 64 * 1024;
/// Frames fed to a socket wait in its buffer up to this size and go out
/// together at the flush that ends a round of events (one system call for
/// all of them instead of one each).
const WRITE_BUFFER: usize = 16 * 1024;
/// An agent's tabs are recounted at once after a change, then at most this
/// often while changes keep coming (a burst shares one recount).
const RECOUNT_EVERY: Duration = Duration::from_millis(1000);

/// The upgrade with Switchboard's socket settings.
fn configured(upgrade: WebSocketUpgrade) -> WebSocketUpgrade {
    upgrade
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
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
    SocketAgent(agent): SocketAgent,
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

async fn send(socket: &mut Sender, frame: &Frame) -> bool {
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
    socket: &mut Sender,
    switchboard: &Switchboard,
    viewer: Viewer,
    after: i64,
) -> Option<i64> {
    match switchboard.replay(viewer, after).await {
        Ok(Some(frames)) => {
            let mut last = after;
            for frame in frames {
                let frame = if carries_files_for(viewer, &frame.event) {
                    signed_frame(switchboard, viewer, frame.event_id, frame.event).await
                } else {
                    frame
                };
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

/// A customer's new message with files: its links are signed as it
/// leaves, for this customer, fresh (a replayed one too).
fn carries_files_for(viewer: Viewer, event: &LiveEvent) -> bool {
    matches!(viewer, Viewer::Contact(_))
        && matches!(event, LiveEvent::MessageCreated { message } if !message.attachments.is_empty())
}

async fn signed_frame(
    switchboard: &Switchboard,
    viewer: Viewer,
    event_id: i64,
    event: LiveEvent,
) -> Frame {
    let event = match switchboard.event_for_customer(event.clone()).await {
        Ok(signed) => signed,
        Err(e) => {
            tracing::warn!(error = %e, ?viewer, "signing a customer's file links failed");
            event
        }
    };
    Frame { event_id, event }
}

/// Says the person is online while the stream lives, and offline after.
struct Online {
    switchboard: Switchboard,
    viewer: Viewer,
}

impl Drop for Online {
    fn drop(&mut self) {
        self.switchboard.stream_closed(self.viewer);
    }
}

/// Lets the hub drop a customer's channel once their last stream closed.
struct Subscribed {
    switchboard: Switchboard,
    viewer: Viewer,
}

impl Drop for Subscribed {
    fn drop(&mut self) {
        self.switchboard.hub().unsubscribe(self.viewer);
    }
}

/// An agent's tab counts, sent when they changed since the last sending.
async fn send_counts(
    socket: &mut Sender,
    switchboard: &Switchboard,
    agent_id: i64,
    event_id: i64,
    last: &mut Option<Vec<ViewCounts>>,
) -> bool {
    send_views(
        socket,
        switchboard.view_counts(agent_id).await,
        event_id,
        last,
    )
    .await
}

/// Sends counted `views` when they differ from the `last` sent (a failed
/// count is logged and skipped: the next one puts it right); false once
/// the socket is gone.
async fn send_views(
    socket: &mut Sender,
    views: switchboard_core::Result<Vec<ViewCounts>>,
    event_id: i64,
    last: &mut Option<Vec<ViewCounts>>,
) -> bool {
    let views = match views {
        Ok(views) => views,
        Err(e) => {
            tracing::warn!(error = %e, "counting an agent's conversations failed");
            return true;
        }
    };
    if last.as_ref() == Some(&views) {
        return true;
    }
    *last = Some(views.clone());
    let frame = Frame {
        event_id,
        event: LiveEvent::CountsUpdated { views },
    };
    send(socket, &frame).await
}

/// The writing half of a stream's socket.
type Sender = SplitSink<WebSocket, Message>;

/// Why the client's side of a stream ended.
enum Ended {
    /// It closed or went away.
    Gone,
    /// It sent far more than any screen would: closed by the server.
    Flooding,
}

/// Reads what the client says, in a task of its own (so the socket is read
/// only when something arrives, not each time an event goes out), within
/// the throttle's limits; answers why it ended. (Acting is boxed, as in
/// `stream`.)
fn listen(
    mut incoming: SplitStream<WebSocket>,
    switchboard: Switchboard,
    viewer: Viewer,
) -> tokio::task::JoinHandle<Ended> {
    tokio::spawn(async move {
        let mut throttle = throttle::FrameThrottle::new(std::time::Instant::now());
        loop {
            let due = throttle.next_due().map(tokio::time::Instant::from_std);
            let message = tokio::select! {
                message = incoming.next() => message,
                _ = tokio::time::sleep_until(due.unwrap_or_else(tokio::time::Instant::now)), if due.is_some() => {
                    for frame in throttle.due(std::time::Instant::now()) {
                        Box::pin(act(&switchboard, viewer, frame)).await;
                    }
                    continue;
                }
            };
            let text = match message {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return Ended::Gone,
                Some(Ok(_)) => continue,
            };
            let now = std::time::Instant::now();
            if !throttle.counted(now) {
                tracing::info!(?viewer, "a client flooded its stream; closing it");
                return Ended::Flooding;
            }
            let frame = match serde_json::from_str::<ClientFrame>(&text) {
                Ok(frame) => frame,
                Err(e) => {
                    tracing::debug!(error = %e, "an unreadable client frame");
                    continue;
                }
            };
            if let throttle::Heard::Act(frame) = throttle.heard(frame, now) {
                Box::pin(act(&switchboard, viewer, frame)).await;
            }
        }
    })
}

/// Stops the listening task when the stream ends.
struct Listening(tokio::task::JoinHandle<Ended>);

impl Drop for Listening {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One stream, for as long as it is open. Its future lives the whole time
/// and is as large as the largest thing it awaits, so what it awaits
/// seldom (catching up, recounting, signing files, acting on a frame) is
/// boxed: an idle stream holds only what waiting needs.
async fn stream(
    socket: WebSocket,
    switchboard: Switchboard,
    viewer: Viewer,
    last_event_id: Option<i64>,
) {
    let (mut socket, incoming) = socket.split();
    // Subscribe before reading the store, so nothing falls between the two.
    // Declared first, dropped last: after the receiver below is gone.
    let _subscribed = Subscribed {
        switchboard: switchboard.clone(),
        viewer,
    };
    let mut events = switchboard.hub().subscribe(viewer);
    // The last stored event sent (states carry it, as they are not stored).
    let mut sent_up_to = 0;
    if let Some(after) = last_event_id {
        match Box::pin(catch_up(&mut socket, &switchboard, viewer, after)).await {
            Some(last) => sent_up_to = last,
            None => return,
        }
    }
    if let Err(e) = Box::pin(switchboard.stream_opened(viewer)).await {
        tracing::warn!(error = %e, "announcing a stream failed");
    }
    let _online = Online {
        switchboard: switchboard.clone(),
        viewer,
    };
    let agent_id = match viewer {
        Viewer::Agent(id) => Some(id),
        Viewer::Contact(_) => None,
    };
    let mut last_counts = None;
    if let Some(id) = agent_id {
        for presence in switchboard.online() {
            let frame = Frame {
                event_id: sent_up_to,
                event: LiveEvent::Presence { presence },
            };
            if !send(&mut socket, &frame).await {
                return;
            }
        }
        if !Box::pin(send_counts(
            &mut socket,
            &switchboard,
            id,
            sent_up_to,
            &mut last_counts,
        ))
        .await
        {
            return;
        }
    }
    let mut listening = Listening(listen(incoming, switchboard.clone(), viewer));
    let mut recount_at: Option<tokio::time::Instant> = None;
    let mut last_recount = tokio::time::Instant::now();
    let recount_offset =
        Duration::from_millis(agent_id.map_or(0, |id| (id.unsigned_abs() * 97) % 400));
    // A recount runs beside the events, never in their way (in a large
    // inbox it takes a while); its counts go out when it ends.
    let mut counting: Option<BoxFuture<'static, switchboard_core::Result<Vec<ViewCounts>>>> = None;
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.tick().await;
    'stream: loop {
        tokio::select! {
            received = events.recv() => {
                // What is already waiting goes out with it in one write (a
                // customer's message is two frames to every agent; a burst,
                // many), not a write each.
                let mut next = Some(received);
                let mut fed = 0;
                while let Some(received) = next.take() {
                    match received {
                        Ok(published) => 'event: {
                            let Some(text) = text_for(viewer, &published, &switchboard, &mut sent_up_to).await else {
                                break 'event; // not for this stream
                            };
                            if agent_id.is_some()
                                && recount_at.is_none()
                                && matches!(published.event, LiveEvent::ConversationUpdated { .. } | LiveEvent::ConversationRead { .. })
                            {
                                // At most one recount a second, the first soon; each
                                // agent at its own offset, so that the agents' streams,
                                // all woken by the same change, do not count at once.
                                let at = (last_recount + RECOUNT_EVERY).max(tokio::time::Instant::now());
                                recount_at = Some(at + recount_offset);
                            }
                            if socket.feed(Message::Text(Utf8Bytes::from(text))).await.is_err() {
                                break 'stream;
                            }
                            fed += 1;
                            if matches!(published.event, LiveEvent::ContactMerged { .. }) {
                                // This customer is now another record: the client
                                // reconnects as them.
                                let _ = socket.flush().await;
                                break 'stream;
                            }
                        }
                        Err(RecvError::Lagged(_)) => {
                            // Fell behind the hub: read what was missed from the store.
                            let Some(last) = Box::pin(catch_up(&mut socket, &switchboard, viewer, sent_up_to)).await else { break 'stream };
                            sent_up_to = last;
                            if agent_id.is_some() {
                                recount_at = Some(tokio::time::Instant::now());
                            }
                        }
                        Err(RecvError::Closed) => {
                            let _ = socket.flush().await;
                            break 'stream;
                        }
                    }
                    next = waiting(&mut events, fed);
                }
                if socket.flush().await.is_err() {
                    break;
                }
            }
            _ = tokio::time::sleep_until(recount_at.unwrap_or_else(tokio::time::Instant::now)), if recount_at.is_some() && counting.is_none() => {
                recount_at = None;
                last_recount = tokio::time::Instant::now();
                if let Some(id) = agent_id {
                    let switchboard = switchboard.clone();
                    counting = Some(Box::pin(async move { switchboard.view_counts(id).await }));
                }
            }
            Some(views) = OptionFuture::from(counting.as_mut()), if counting.is_some() => {
                counting = None;
                if !Box::pin(send_views(&mut socket, views, sent_up_to, &mut last_counts)).await {
                    break;
                }
            }
            ended = &mut listening.0 => {
                if let Ok(Ended::Flooding) = ended {
                    let close = axum::extract::ws::CloseFrame {
                        code: axum::extract::ws::close_code::POLICY,
                        reason: Utf8Bytes::from_static("too many messages"),
                    };
                    let _ = socket.send(Message::Close(Some(close))).await;
                }
                break;
            }
            _ = heartbeat.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() {
                    break;
                }
            }
        }
    }
}

/// The most frames one write carries; the rest go in the next.
const MOST_PER_WRITE: usize = 64;

/// The next event already waiting for a stream that has fed `fed` frames
/// since its last write, if it may take another before writing.
fn waiting(
    events: &mut tokio::sync::broadcast::Receiver<std::sync::Arc<Published>>,
    fed: usize,
) -> Option<Result<std::sync::Arc<Published>, RecvError>> {
    if fed >= MOST_PER_WRITE {
        return None;
    }
    match events.try_recv() {
        Ok(published) => Some(Ok(published)),
        Err(TryRecvError::Empty) => None,
        Err(TryRecvError::Lagged(missed)) => Some(Err(RecvError::Lagged(missed))),
        Err(TryRecvError::Closed) => Some(Err(RecvError::Closed)),
    }
}

/// The text `viewer`'s stream sends for `published` (the shared frame, or
/// one made for this stream): `None` when the viewer may not see it or has
/// had it (a stored event moves `sent_up_to` on).
async fn text_for(
    viewer: Viewer,
    published: &Published,
    switchboard: &Switchboard,
    sent_up_to: &mut i64,
) -> Option<String> {
    if !viewer.may_see(published.audience) {
        return None;
    }
    if published.is_state() {
        // States carry this stream's last id: made per stream.
        let frame = Frame {
            event_id: *sent_up_to,
            event: published.event.clone(),
        };
        return serde_json::to_string(&frame).ok();
    }
    if published.event_id <= *sent_up_to {
        return None;
    }
    *sent_up_to = published.event_id;
    if carries_files_for(viewer, &published.event) {
        let frame = Box::pin(signed_frame(
            switchboard,
            viewer,
            published.event_id,
            published.event.clone(),
        ))
        .await;
        return serde_json::to_string(&frame).ok();
    }
    Some(published.frame_text().to_string())
}

/// A frame from the client: acted on, or logged when it is refused (a
/// client cannot break its own stream by saying something odd).
async fn act(switchboard: &Switchboard, viewer: Viewer, frame: ClientFrame) {
    if let Err(e) = switchboard.client_frame(viewer, frame).await {
        tracing::debug!(error = %e, "a client frame was refused");
    }
}
