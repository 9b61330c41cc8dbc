//! A modal dialog, shared by the inbox and the team chat.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

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

/// Says in `error` why `action`'s last call failed, in the server's words;
/// its next call clears it.
pub fn report_failure<S>(action: ServerAction<S>, error: RwSignal<Option<String>>)
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.pending().get() {
            error.set(None);
        } else if let Some(Err(e)) = action.value().get() {
            error.set(Some(e.message));
        }
    });
}

/// What an `ErrorBoundary` caught, said as the server said it.
#[component]
pub fn ErrorList(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        errors
            .get()
            .into_iter()
            .map(|(_, error)| view! { <p class="form-error" role="alert">{error.to_string()}</p> })
            .collect_view()
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
    let copied = RwSignal::new(false);
    let text = value.clone();
    view! {
        <div class="link-box">
            <label class="field">
                {label}
                <span class="copy-row">
                    <input type="text" readonly data-testid=test_id prop:value=value/>
                    <button
                        type="button"
                        class="button small"
                        data-testid=format!("{test_id}-copy")
                        on:click=move |_| copied.set(crate::components::settings::copy_to_clipboard(&text))
                    >
                        {move || if copied.get() { "Copied" } else { "Copy" }}
                    </button>
                </span>
            </label>
            <p class="muted small" role="status" data-testid=(!note_test_id.is_empty()).then_some(note_test_id)>
                {note}
            </p>
        </div>
    }
}

/// A button for what is not lightly undone (delete, deactivate, revoke,
/// block): the first click asks in place, "Delete it? Yes · No"; only
/// Yes does it. Its test ids: `test_id`, then `{test_id}-confirm` and
/// `{test_id}-cancel`.
#[component]
pub fn ConfirmButton(
    #[prop(into)] label: String,
    /// The question asked in its place ("Delete this webhook?").
    #[prop(into)]
    question: String,
    /// The confirming button's label ("Delete").
    #[prop(into)]
    confirm: String,
    test_id: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] title: Option<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let class = if class.is_empty() {
        "button small"
    } else {
        class
    };
    move || {
        if asking.get() {
            view! {
                <span class="confirm" role="group" aria-label=question.clone()>
                    <span class="small">{question.clone()}</span>
                    <button
                        type="button"
                        class="button small danger-fill"
                        data-testid=format!("{test_id}-confirm")
                        on:click=move |_| {
                            asking.set(false);
                            on_confirm.run(());
                        }
                    >
                        {confirm.clone()}
                    </button>
                    <button
                        type="button"
                        class="button small subtle"
                        data-testid=format!("{test_id}-cancel")
                        on:click=move |_| asking.set(false)
                    >
                        "Cancel"
                    </button>
                </span>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class=class
                    data-testid=test_id
                    title=title.clone()
                    disabled=move || disabled.get()
                    on:click=move |_| asking.set(true)
                >
                    {label.clone()}
                </button>
            }
            .into_any()
        }
    }
}
