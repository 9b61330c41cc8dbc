//! A message still in the outbox: shown where it will appear, marked
//! "Sending…", or, when the server refused it, with the reason and the
//! choice to retry or discard it.

use crate::outbox::{Outbox, Outgoing};
use leptos::prelude::*;

#[component]
pub fn OutgoingMessage(
    outgoing: Outgoing,
    outbox: Outbox,
    /// The bubble's side (`from-agent`, `from-me`).
    side: &'static str,
    test_id: &'static str,
    /// Sends what waits again (after Retry).
    flush: Callback<()>,
) -> impl IntoView {
    let Outgoing {
        client_id,
        body,
        private,
        failed,
        attachments,
        ..
    } = outgoing;
    let files = (!attachments.is_empty()).then(|| {
        let names: Vec<String> = attachments.into_iter().map(|a| a.name).collect();
        view! { <p class="small muted">"📎 " {names.join(", ")}</p> }
    });
    let status = match failed {
        None => view! { <span class="muted">"Sending…"</span> }.into_any(),
        Some(reason) => {
            let (retry_id, discard_id) = (client_id.clone(), client_id);
            view! {
                <span class="form-error" role="alert">"Not sent: " {reason} " "</span>
                <button
                    class="link"
                    on:click=move |_| {
                        outbox.retry(&retry_id);
                        flush.run(());
                    }
                >
                    "Retry"
                </button>
                " · "
                <button class="link" on:click=move |_| outbox.discard(&discard_id)>
                    "Discard"
                </button>
            }
            .into_any()
        }
    };
    view! {
        <li class=format!("message {side} outgoing") class:private=private data-testid=test_id>
            <div class="bubble"><p class="body">{body}</p>{files}</div>
            <div class="message-meta small">{status}</div>
        </li>
    }
}

/// What waits in `outbox` for the place on screen (`belongs`), each as an
/// [`OutgoingMessage`], in the order it was written.
#[component]
pub fn WaitingMessages<F>(
    outbox: Outbox,
    belongs: F,
    side: &'static str,
    test_id: &'static str,
    flush: Callback<()>,
) -> impl IntoView
where
    F: Fn(&Outgoing) -> bool + Copy + Send + Sync + 'static,
{
    let waiting = move || {
        outbox.items.with(|items| {
            items
                .iter()
                .filter(|o| belongs(o))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <For
            each=waiting
            key=|o| (o.client_id.clone(), o.failed.clone())
            children=move |outgoing| view! { <OutgoingMessage outgoing outbox side test_id flush/> }
        />
    }
}
