//! One text field for every form: a label around an input (or a text
//! area, when it has lines) bound to a signal.

use leptos::prelude::*;

/// A labelled field bound to `value`. `kind` is the input's type (text
/// by default: email, url, color, datetime-local …); with `lines` it is a
/// text area of that many rows.
#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] lines: Option<u8>,
    #[prop(optional, into)] test_id: Option<String>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] max_chars: Option<u32>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let field = match lines {
        Some(rows) => view! {
            <textarea
                data-testid=test_id
                rows=rows.to_string()
                placeholder=placeholder
                maxlength=max_chars.map(|n| n.to_string())
                required=required
                autofocus=autofocus
                bind:value=value
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                type=kind.unwrap_or("text")
                data-testid=test_id
                placeholder=placeholder
                maxlength=max_chars.map(|n| n.to_string())
                required=required
                autofocus=autofocus
                bind:value=value
            />
        }
        .into_any(),
    };
    view! {
        <label class="field">
            {label}
            {field}
        </label>
    }
}
