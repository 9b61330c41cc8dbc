//! A modal dialog, shared by the inbox and the team chat.

use leptos::prelude::*;

/// A modal dialog: Escape or the backdrop closes it.
#[component]
pub fn Modal(title: &'static str, close: Callback<()>, children: Children) -> impl IntoView {
    let heading = format!("dialog-{}", title.to_lowercase().replace(' ', "-"));
    let labelled_by = heading.clone();
    // Escape closes it wherever the focus is.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            close.run(());
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <div class="modal-backdrop" on:click=move |_| close.run(())>
            <div
                class="modal"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                on:click=|ev| ev.stop_propagation()
            >
                <h2 id=heading>{title}</h2>
                {children()}
            </div>
        </div>
    }
}
