pub mod admin;
pub mod attachments;
pub mod avatar;
pub mod chat;
pub mod composer;
pub mod follow;
pub mod formatted;
pub mod inbox;
pub mod menu;
pub mod modal;
pub mod outgoing;
pub mod reports;
pub mod saved_replies;
pub mod search_box;
pub mod settings;
pub mod staff_picker;
pub mod suggestions;
pub mod team;
pub mod text_field;
pub mod ticks;
pub mod widget;

/// A pane header's way back to its list, shown on a phone alone (where the
/// list and the pane are two screens).
#[leptos::component]
pub fn BackButton(
    label: &'static str,
    aria_label: &'static str,
    back: leptos::prelude::Callback<()>,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <button
            type="button"
            class="button subtle small back"
            data-testid="back"
            aria-label=aria_label
            on:click=move |_| back.run(())
        >
            {label}
        </button>
    }
}

/// A view whose code comes in a file of its own (a `#[lazy]` function,
/// which `cargo leptos build --split` leaves out of the first page's
/// bundle): nothing until the file has arrived, the first time; at once
/// after.
pub fn later(
    view: impl std::future::Future<Output = leptos::prelude::AnyView> + Send + 'static,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! { <Suspense fallback=|| ()>{Suspend::new(view)}</Suspense> }
}

/// `HH:MM` (UTC) of an RFC 3339 time, the same on the server and in the browser.
pub fn clock_time(rfc3339: &str) -> String {
    rfc3339.get(11..16).unwrap_or_default().to_string()
}

/// Enter sends, Shift+Enter starts a new line: whether this key press
/// sends (the newline it would type is then held back).
pub fn enter_sends(ev: &leptos::ev::KeyboardEvent) -> bool {
    let sends = ev.key() == "Enter" && !ev.shift_key();
    if sends {
        ev.prevent_default();
    }
    sends
}
