//! The chat's header: the company's name and colour, whether someone is
//! there (the live dot), and who is answering.

use super::WidgetState;
use leptos::prelude::*;
use switchboard_types::ConversationStatus;

#[component]
pub(super) fn WidgetHeader(state: WidgetState) -> impl IntoView {
    let company = move || {
        state
            .config
            .get()
            .map(|c| c.company_name)
            .unwrap_or_default()
    };
    // The header says what is true now: away, answering, or waiting.
    let online = move || state.online();
    let header_line = move || {
        let resolved = state.status.get() == Some(ConversationStatus::Resolved);
        match (online(), state.operator.get()) {
            (false, _) => "We're away right now · we answer by e-mail".to_string(),
            (true, Some(name)) if !resolved => format!("{name} is answering"),
            (true, _) => "We usually reply in a few minutes".to_string(),
        }
    };
    view! {
        <header
            class="widget-header"
            style=move || state.config.get().map(|c| format!("background:{}", c.color)).unwrap_or_default()
        >
            <strong>
                <span
                    class="live-dot"
                    class:online=move || online() && state.connected.get()
                    data-testid="widget-dot"
                    title=move || if !online() { "Away" } else if state.connected.get() { "Online" } else { "Reconnecting…" }
                ></span>
                {company}
            </strong>
            <span class="small" data-testid="widget-operator">{header_line}</span>
        </header>
    }
}
