//! The top bar's availability selector: online, away or offline, for every
//! agent.

use crate::server::set_my_availability;
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_types::Availability;

/// Whether the agent takes conversations: online, away or offline, with a
/// coloured dot. Saved as soon as it changes.
#[component]
pub fn AvailabilitySelect(initial: Availability) -> impl IntoView {
    let current = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let change = move |ev| {
        let Some(next) = Availability::parse(&event_target_value(&ev)) else {
            return;
        };
        let before = current.get_untracked();
        current.set(next);
        error.set(None);
        spawn_local(async move {
            match set_my_availability(next).await {
                Ok(agent) => current.set(agent.availability),
                Err(e) => {
                    current.set(before);
                    error.set(Some(e.message));
                }
            }
        });
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
