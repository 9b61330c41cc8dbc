//! The top bar's availability selector: online, away or offline, for every
//! agent.

use crate::components::modal::report_failure;
use crate::server::SetMyAvailability;
use leptos::prelude::*;
use switchboard_types::Availability;

/// Whether the agent takes conversations: online, away or offline, with a
/// coloured dot. Saved as soon as it changes.
#[component]
pub fn AvailabilitySelect(initial: Availability) -> impl IntoView {
    let save = ServerAction::<SetMyAvailability>::new();
    // What the agent picked, and what the server last confirmed.
    let current = RwSignal::new(initial);
    let stored = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    report_failure(save, error);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(agent)) => {
            stored.set(agent.availability);
            current.set(agent.availability);
        }
        // Refused: the stored one shows again.
        Some(Err(_)) => current.set(stored.get_untracked()),
        None => {}
    });
    let change = move |ev| {
        let Some(next) = Availability::parse(&event_target_value(&ev)) else {
            return;
        };
        current.set(next);
        save.dispatch(SetMyAvailability { availability: next });
    };
    let option = move |value: Availability, label: &'static str| {
        view! {
            <option value=value.as_str() selected=move || current.get() == value>
                {label}
            </option>
        }
    };
    view! {
        <span class="availability">
            <span
                class=move || format!("availability-dot {}", current.get().as_str())
                aria-hidden="true"
            ></span>
            <select
                data-testid="availability"
                aria-label="Availability"
                title="Whether you take conversations"
                prop:value=move || current.get().as_str()
                on:change=change
            >
                {option(Availability::Online, "Online")}
                {option(Availability::Away, "Away")}
                {option(Availability::Offline, "Offline")}
            </select>
            {move || {
                error
                    .get()
                    .map(|m| view! { <span class="form-error small" role="alert">{m}</span> })
            }}
        </span>
    }
}
