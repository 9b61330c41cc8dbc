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

/// A part of the inbox whose code is a file of its own, fetched when it is
/// first shown: `split_view! { fn name(args) { view } }` makes
/// `async fn name(args) -> Result<AnyView, LoadError>`. A split build
/// (`cargo leptos build --split`) leaves its code out of the first page's
/// bundle; the first call loads the file, later calls find it loaded. A
/// file that fails to arrive is a [`LoadError`], and the next call tries
/// again. Shown through [`later`].
///
/// In the widget's build (`csr`), which is never split, it is a plain
/// async function: a split point is always linked (for the file the split
/// makes), and would pull the inbox into the widget's bundle.
macro_rules! split_view {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $body:block) => {
        $(#[$doc])*
        #[cfg(not(feature = "csr"))]
        #[::leptos::wasm_split::wasm_split($name, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::components::LoadError> {
            Ok($body)
        }
        $(#[$doc])*
        #[cfg(feature = "csr")]
        async fn $name($($arg: $ty),*) -> Result<::leptos::prelude::AnyView, $crate::components::LoadError> {
            Ok($body)
        }
    };
}
pub(crate) use split_view;

/// A part of the inbox that did not arrive.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("This part of the inbox could not be loaded from the server. Check the connection and try again.")]
pub struct LoadError;

impl From<leptos::wasm_split::SplitLoaderError> for LoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadError
    }
}

/// Shows a [`split_view!`]: nothing until its file has arrived, the first
/// time (at once after); if it did not arrive, says so with a way to try
/// again.
pub fn later<F, Fut>(load: F) -> impl leptos::IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<leptos::prelude::AnyView, LoadError>> + Send + 'static,
{
    use leptos::prelude::*;
    let tries = RwSignal::new(0_u32);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                tries.track();
                let loading = load();
                Suspend::new(async move {
                    loading.await.unwrap_or_else(|e| {
                        view! {
                            <div class="load-error" role="alert" data-testid="load-error">
                                <p>{e.to_string()}</p>
                                <button
                                    type="button"
                                    class="button small"
                                    data-testid="load-again"
                                    on:click=move |_| tries.update(|n| *n += 1)
                                >
                                    "Try again"
                                </button>
                            </div>
                        }
                        .into_any()
                    })
                })
            }}
        </Suspense>
    }
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
