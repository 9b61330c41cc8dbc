//! The floor: the least a WebSocket broadcast can cost. Customers connect
//! to `/customer` and send text; every agent on `/agent` gets each text.
//! No storage, no rules, no filtering.

use futures::{SinkExt, StreamExt};
use tokio::sync::broadcast;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

// The handshake callback's error type is tungstenite's, large or not.
#[allow(clippy::result_large_err)]
pub async fn serve(addr: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let (to_agents, _) = broadcast::channel::<String>(4096);
    loop {
        let (stream, _) = listener.accept().await?;
        let to_agents = to_agents.clone();
        tokio::spawn(async move {
            let mut path = String::new();
            let callback = |request: &Request, response: Response| {
                path = request.uri().path().to_string();
                Ok(response)
            };
            // The same socket settings as Switchboard's, so only the work differs.
            let config = WebSocketConfig::default()
                .read_buffer_size(4 * 1024)
                .write_buffer_size(0)
                .max_message_size(Some(64 * 1024))
                .max_frame_size(Some(64 * 1024));
            let accepted =
                tokio_tungstenite::accept_hdr_async_with_config(stream, callback, Some(config))
                    .await;
            let Ok(mut socket) = accepted else { return };
            if path == "/agent" {
                let mut messages = to_agents.subscribe();
                while let Ok(text) = messages.recv().await {
                    if socket.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
            } else {
                while let Some(Ok(message)) = socket.next().await {
                    if let Message::Text(text) = message {
                        let _ = to_agents.send(text.to_string());
                    }
                }
            }
        });
    }
}
