//! The pre-chat form: what the company asks a new customer before their
//! first message (their name, e-mail, phone, attributes of its own, a
//! consent). The answers go to their record; a form they may skip has
//! Skip. The fields are read from the form itself when it is sent (no
//! signal per field: the widget's bundle has a budget).

use super::WidgetState;
use leptos::prelude::*;
use switchboard_types::PrechatForm;

#[component]
pub(super) fn PrechatQuestions(state: WidgetState, form: PrechatForm) -> impl IntoView {
    let required = form.required;
    let sending = RwSignal::new(false);
    let fields = form
        .fields
        .into_iter()
        .map(|field| {
            let id = format!("prechat-{}", field.name);
            let input = match field.input.as_str() {
                "yes_no" | "list" => {
                    let choices = match field.input.as_str() {
                        "yes_no" => vec![("yes".to_string(), "Yes".to_string()), ("no".into(), "No".into())],
                        _ => field.options.into_iter().map(|o| (o.clone(), o)).collect(),
                    };
                    view! {
                        <select id=id.clone() name=field.name.clone() required=required>
                            <option value="">"—"</option>
                            {choices.into_iter().map(|(value, shown)| view! { <option value=value>{shown}</option> }).collect_view()}
                        </select>
                    }
                    .into_any()
                }
                kind => view! {
                    <input id=id.clone() name=field.name.clone() type=kind.to_string() required=required/>
                }
                .into_any(),
            };
            view! {
                <label for=id>{field.label}</label>
                {input}
            }
        })
        .collect_view();
    view! {
        <form
            class="widget-offline"
            data-testid="widget-prechat"
            on:submit=move |ev| {
                ev.prevent_default();
                #[cfg(feature = "browser")]
                {
                    use wasm_bindgen::JsCast;
                    let form = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
                    if let Some(form) = form {
                        sending.set(true);
                        leptos::task::spawn_local(async move {
                            super::client::answer_prechat(state, form).await;
                            sending.set(false);
                        });
                    }
                }
            }
        >
            <p class="small">"Before we start, tell us a little about you."</p>
            {fields}
            {form.consent.map(|consent| view! {
                <label class="check">
                    <input type="checkbox" name="consent" required data-testid="widget-prechat-consent"/>
                    {consent} " "
                    {form.consent_url.map(|url| view! {
                        <a href=url target="_blank" rel="noopener noreferrer">"(read it)"</a>
                    })}
                </label>
            })}
            <button type="submit" class="button primary" data-testid="widget-prechat-start" disabled=move || sending.get() || state.token.get().is_none()>
                "Start the chat"
            </button>
            {(!required).then(|| view! {
                <button type="button" class="button" data-testid="widget-prechat-skip" on:click=move |_| state.ask_prechat.set(false)>
                    "Skip"
                </button>
            })}
        </form>
    }
}
