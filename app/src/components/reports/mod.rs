//! Reports on the team's work, each a dialog from the top bar's menus:
//! the overview with its chart and tables and the live board, customer
//! satisfaction (admins see everyone's, agents their own) and the busiest
//! hours (admins).

mod breakdown;
mod busiest_hours;
mod chart;
mod live;
mod overview;
mod satisfaction;

pub use busiest_hours::BusiestHoursDialog;
pub use overview::ReportsDialog;
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

/// A duration as people read it: `42 s`, `7 min`, `1 h 05 min`, `3 d 4 h`.
fn duration(ms: i64) -> String {
    let seconds = ms / 1000;
    match seconds {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h {:02} min", s / 3600, s % 3600 / 60),
        s => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

/// An API address with the query's values (those given).
fn report_url(path: &str, pairs: &[(&str, Option<String>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(name, value)| {
            let value = value.as_ref()?;
            let encoded: String = value
                .chars()
                .map(|c| match c {
                    'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' | '.' | '~' | '/' => {
                        c.to_string()
                    }
                    other => {
                        let mut bytes = [0; 4];
                        (other.encode_utf8(&mut bytes).bytes())
                            .map(|b| format!("%{b:02X}"))
                            .collect()
                    }
                })
                .collect();
            Some(format!("{name}={encoded}"))
        })
        .collect();
    if query.is_empty() {
        format!("/api/v1/reports/{path}")
    } else {
        format!("/api/v1/reports/{path}?{}", query.join("&"))
    }
}
