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

/// A dialog holding a form: its fields, then the error if the last try
/// failed, then Cancel and the submit button (`disabled` while the form
/// is not ready).
#[component]
pub fn ModalForm(
    title: &'static str,
    close: Callback<()>,
    submit: Callback<()>,
    submit_label: &'static str,
    submit_test_id: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] test_id: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <Modal title close>
            <form
                class="dialog-form"
                data-testid=(!test_id.is_empty()).then_some(test_id)
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit.run(());
                }
            >
                {children()}
                <ErrorLine error/>
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="button primary" data-testid=submit_test_id disabled=move || disabled.get()>
                        {submit_label}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// Why the last try failed, if it did (announced to screen readers).
#[component]
pub fn ErrorLine(#[prop(into)] error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
    }
}

/// A link or secret to copy, shown once, with a line about it.
#[component]
pub fn CopyBox(
    label: String,
    value: String,
    test_id: &'static str,
    note: String,
    #[prop(optional)] note_test_id: &'static str,
) -> impl IntoView {
    view! {
        <div class="link-box">
            <label class="field">
                {label}
                <input type="text" readonly data-testid=test_id prop:value=value/>
            </label>
            <p class="muted small" role="status" data-testid=(!note_test_id.is_empty()).then_some(note_test_id)>
                {note}
            </p>
        </div>
    }
}
