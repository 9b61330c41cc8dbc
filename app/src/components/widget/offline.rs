//! The form that takes over when nobody can chat: the customer leaves
//! their e-mail address and a message, and is answered by e-mail.

use super::WidgetState;
use crate::outbox::Outgoing;
use leptos::prelude::*;

#[component]
pub(super) fn OfflineForm(
    state: WidgetState,
    draft: RwSignal<String>,
    offline_email: RwSignal<String>,
) -> impl IntoView {
    let send_offline = move || {
        let text = draft.get_untracked();
        let email = offline_email.get_untracked().trim().to_string();
        if text.trim().is_empty() || email.is_empty() {
            state.error.set(Some(
                "Please give your e-mail address and a message.".into(),
            ));
            return;
        }
        state.error.set(None);
        draft.set(String::new());
        state.email.set(Some(email.clone()));
        state.outbox.push(Outgoing::offline(email, text));
        state.flush_outbox();
    };
    view! {
        <form
            class="widget-offline"
            data-testid="widget-offline"
            on:submit=move |ev| {
                ev.prevent_default();
                send_offline();
            }
        >
            <p class="small">{move || state.config.get().map(|c| c.offline_message)}</p>
            {move || {
                state
                    .email
                    .get()
                    .filter(|_| state.outbox.waiting() || !state.messages.with(Vec::is_empty))
                    .map(|email| {
                        view! {
                            <p class="small muted" data-testid="widget-offline-sent">
                                {format!("We'll answer by e-mail at {email}.")}
                            </p>
                        }
                    })
            }}
            // The fields are bound by hand, not with bind:value: that costs
            // the widget's bundle 2.6 KiB brotli, and it has a budget.
            <label for="widget-email">"Your e-mail address"</label>
            <input
                id="widget-email"
                type="email"
                required
                autocomplete="email"
                data-testid="widget-email"
                prop:value=move || offline_email.get()
                on:input=move |ev| offline_email.set(event_target_value(&ev))
            />
            <label for="widget-offline-input">"Your message"</label>
            <textarea
                id="widget-offline-input"
                data-testid="widget-offline-input"
                rows="3"
                required
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
            ></textarea>
            <button type="submit" class="button primary" disabled=move || state.token.get().is_none()>
                "Leave a message"
            </button>
        </form>
    }
}
