//! Reports on the team's work, each a dialog from the top bar's menus:
//! customer satisfaction (admins see everyone's, agents their own) and
//! the busiest hours (admins).

mod busiest_hours;
mod satisfaction;

pub use busiest_hours::BusiestHoursDialog;
pub use satisfaction::SatisfactionDialog;

use leptos::prelude::*;

/// The periods to pick from, in days.
const PERIODS: [(i64, &str); 4] = [
    (1, "Last 24 hours"),
    (7, "Last 7 days"),
    (30, "Last 30 days"),
    (90, "Last 90 days"),
];

/// Which period a report covers: the last `days` days.
#[component]
fn PeriodSelect(days: RwSignal<i64>) -> impl IntoView {
    view! {
        <label class="field">
            "Period"
            <select data-testid="report-period" on:change=move |ev| {
                if let Ok(d) = event_target_value(&ev).parse() { days.set(d) }
            }>
                {PERIODS.iter().map(|(d, label)| view! {
                    <option value=*d selected=move || days.get() == *d>{*label}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// Which queue a report is about: every queue, or one.
#[component]
fn QueueSelect(queue_id: RwSignal<Option<i64>>) -> impl IntoView {
    let queues = Resource::new(|| (), |_| crate::server::list_queues());
    view! {
        <label class="field">
            "Queue"
            <select data-testid="report-queue" on:change=move |ev| queue_id.set(event_target_value(&ev).parse().ok())>
                <option value="">"Every queue"</option>
                <Transition>
                    {move || queues.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|q| view! {
                        <option value=q.id>{q.name}</option>
                    }).collect_view()}
                </Transition>
            </select>
        </label>
    }
}
