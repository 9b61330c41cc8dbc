//! Reports: the overview of a period (new, resolved, reopened, first
//! response and resolution times as median and 90th percentile,
//! satisfaction), each figure with its change from the period before; the
//! chart by hour or day; the table by agent, queue or label; the live
//! board (admins); and how each figure is counted, written beside them.
//! Admins see the team and may narrow it to an agent; agents see their
//! own work.

use super::breakdown::BreakdownTable;
use super::chart::ReportChart;
use super::live::LiveNow;
use super::{duration, report_url, QueueSelect};
use crate::components::inbox::InboxState;
use crate::components::modal::Modal;
use crate::server::{list_staff, load_report_overview};
use leptos::prelude::*;
use switchboard_types::{Figures, ReportQuery, DEFINITIONS};

/// The periods to pick from: today, the last so many days, or dates.
const PERIODS: [(&str, &str); 6] = [
    ("today", "Today"),
    ("1", "Last 24 hours"),
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("custom", "Dates…"),
];

/// Today's date where the browser is (`2026-12-05`).
fn today() -> String {
    #[cfg(feature = "browser")]
    {
        let now = js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            now.get_full_year(),
            now.get_month() + 1,
            now.get_date()
        )
    }
    #[cfg(not(feature = "browser"))]
    {
        String::new()
    }
}

/// A figure now against the period before, in words and an arrow (so it
/// reads without colour): `▲ 12 % from 40`.
fn change(now: Option<i64>, before: Option<i64>, show: fn(i64) -> String) -> String {
    match (now, before) {
        (Some(now), Some(before)) if now == before => "same as before".into(),
        (Some(now), Some(before)) if before != 0 => {
            let percent = (now - before) as f64 * 100.0 / before.abs() as f64;
            let arrow = if now > before { "▲" } else { "▼" };
            format!("{arrow} {:.0} % from {}", percent.abs(), show(before))
        }
        (_, Some(before)) => format!("was {}", show(before)),
        (_, None) => "none before".into(),
    }
}

/// The overview's figures: each with its change from the period before.
fn figure_cards(now: &Figures, before: &Figures) -> impl IntoView {
    let count = |v: i64| v.to_string();
    let time = |v: i64| duration(v);
    let hundredths = |v: i64| format!("{:.2}", v as f64 / 100.0);
    let satisfaction = |f: &Figures| f.satisfaction.map(|s| (s * 100.0).round() as i64);
    let cards: Vec<(&str, &str, String, String)> = vec![
        (
            "New conversations",
            "figure-new",
            now.new_conversations.to_string(),
            change(
                Some(now.new_conversations),
                Some(before.new_conversations),
                count,
            ),
        ),
        (
            "Resolved",
            "figure-resolved",
            now.resolved.to_string(),
            change(Some(now.resolved), Some(before.resolved), count),
        ),
        (
            "Reopened",
            "figure-reopened",
            now.reopened.to_string(),
            change(Some(now.reopened), Some(before.reopened), count),
        ),
        (
            "First response, median",
            "figure-first-response",
            now.first_response
                .median_ms
                .map_or_else(|| "—".into(), duration),
            change(
                now.first_response.median_ms,
                before.first_response.median_ms,
                time,
            ),
        ),
        (
            "First response, 90 %",
            "figure-first-response-p90",
            now.first_response
                .p90_ms
                .map_or_else(|| "—".into(), duration),
            change(
                now.first_response.p90_ms,
                before.first_response.p90_ms,
                time,
            ),
        ),
        (
            "Resolution, median",
            "figure-resolution",
            now.resolution
                .median_ms
                .map_or_else(|| "—".into(), duration),
            change(now.resolution.median_ms, before.resolution.median_ms, time),
        ),
        (
            "Resolution, 90 %",
            "figure-resolution-p90",
            now.resolution.p90_ms.map_or_else(|| "—".into(), duration),
            change(now.resolution.p90_ms, before.resolution.p90_ms, time),
        ),
        (
            "Satisfaction",
            "figure-satisfaction",
            now.satisfaction
                .map_or_else(|| "—".into(), |s| format!("{s:.2} / 5")),
            change(satisfaction(now), satisfaction(before), hundredths),
        ),
        (
            "Rated",
            "figure-rated",
            match now.response_rate {
                Some(rate) => format!("{} ({rate:.0} %)", now.rated),
                None => now.rated.to_string(),
            },
            change(Some(now.rated), Some(before.rated), count),
        ),
    ];
    view! {
        <dl class="report-figures overview-figures">
            {cards.into_iter().map(|(label, test_id, value, change)| view! {
                <div data-testid=test_id>
                    <dt>{label}</dt>
                    <dd class="figure-value">{value}</dd>
                    <dd class="figure-change small">{change}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// `admin`: the whole team, the live board and the agent filter (agents
/// see their own work alone).
#[component]
pub fn ReportsDialog(admin: bool, close: Callback<()>) -> impl IntoView {
    let inbox = use_context::<InboxState>();
    let period = RwSignal::new("30");
    let (from, to) = (RwSignal::new(today()), RwSignal::new(today()));
    let agent_id = RwSignal::new(None::<i64>);
    let queue_id = RwSignal::new(None::<i64>);
    let label_id = RwSignal::new(None::<i64>);
    let business_hours = RwSignal::new(false);
    let staff = Resource::new(|| (), |_| list_staff());
    let query = Signal::derive(move || {
        let (from, to, days) = match period.get() {
            "today" => (Some(today()), None, None),
            "custom" => (Some(from.get()), Some(to.get()), None),
            days => (None, None, days.parse().ok()),
        };
        ReportQuery {
            from,
            to,
            days,
            agent_id: agent_id.get(),
            queue_id: queue_id.get(),
            label_id: label_id.get(),
            business_hours: business_hours.get(),
            ..ReportQuery::default()
        }
    });
    // The same filters as the CSV files' addresses take them.
    let export_pairs = Signal::derive(move || {
        let q = query.get();
        let text = |v: Option<i64>| v.map(|v| v.to_string());
        vec![
            ("from", q.from),
            ("to", q.to),
            ("days", text(q.days)),
            ("agent_id", text(q.agent_id)),
            ("queue_id", text(q.queue_id)),
            ("label_id", text(q.label_id)),
            (
                "business_hours",
                q.business_hours.then(|| "true".to_string()),
            ),
        ]
    });
    let overview = Resource::new(move || query.get(), load_report_overview);
    let number = |text: String| text.parse::<i64>().ok();
    let pick_agent = admin.then(|| Callback::new(move |id| agent_id.set(Some(id))));
    let labels = move || inbox.map(|i| i.labels.get()).unwrap_or_default();

    view! {
        <Modal title="Reports" close>
            <div class="report reports" data-testid="reports-dialog">
                <div class="report-filters">
                    <label class="field">
                        "Period"
                        <select data-testid="report-period" on:change=move |ev| {
                            let chosen = event_target_value(&ev);
                            if let Some((word, _)) = PERIODS.iter().find(|(w, _)| *w == chosen) {
                                period.set(word);
                            }
                        }>
                            {PERIODS.iter().map(|(word, label)| view! {
                                <option value=*word selected=move || period.get() == *word>{*label}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <Show when=move || period.get() == "custom">
                        <label class="field">"From"
                            <input type="date" data-testid="report-from" prop:value=move || from.get()
                                on:change=move |ev| from.set(event_target_value(&ev))/>
                        </label>
                        <label class="field">"To"
                            <input type="date" data-testid="report-to" prop:value=move || to.get()
                                on:change=move |ev| to.set(event_target_value(&ev))/>
                        </label>
                    </Show>
                    {admin.then(|| view! {
                        <label class="field">
                            "Agent"
                            <select data-testid="report-agent" on:change=move |ev| agent_id.set(number(event_target_value(&ev)))>
                                <option value="" selected=move || agent_id.get().is_none()>"Everyone"</option>
                                <Transition>
                                    {move || staff.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|a| view! {
                                        <option value=a.id selected=move || agent_id.get() == Some(a.id)>{a.name}</option>
                                    }).collect_view()}
                                </Transition>
                            </select>
                        </label>
                    })}
                    <QueueSelect queue_id/>
                    <label class="field">
                        "Label"
                        <select data-testid="report-label" on:change=move |ev| label_id.set(number(event_target_value(&ev)))>
                            <option value="">"Any label"</option>
                            {move || labels().into_iter().map(|l| view! { <option value=l.id>{l.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" data-testid="report-business-hours"
                            prop:checked=move || business_hours.get()
                            on:change=move |ev| business_hours.set(event_target_checked(&ev))/>
                        "Working hours only"
                    </label>
                    <a class="button small" data-testid="report-export" download="overview.csv"
                        href=move || report_url("overview/export", &export_pairs.get())>"Download CSV"</a>
                </div>
                {admin.then(|| view! { <LiveNow/> })}
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || overview.get().map(|answer| match answer {
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Ok(o) => view! {
                            <p class="small muted" data-testid="report-period-shown">
                                {format!(
                                    "{} to {} ({}){}; each figure against the period just before.",
                                    crate::components::team::when(&o.from),
                                    crate::components::team::when(&o.to),
                                    o.time_zone,
                                    if o.business_hours { ", times within working hours" } else { "" },
                                )}
                            </p>
                            {figure_cards(&o.figures, &o.previous)}
                            <ReportChart points=o.chart step=o.step/>
                            <a class="small" data-testid="report-chart-export" download="chart.csv"
                                href=move || report_url("chart/export", &export_pairs.get())>"Download the chart's numbers (CSV)"</a>
                        }.into_any(),
                    })}
                </Transition>
                <BreakdownTable query pick_agent export_pairs/>
                <details class="definitions" data-testid="report-definitions">
                    <summary>"How these are counted"</summary>
                    <dl>
                        {DEFINITIONS.iter().map(|(term, meaning)| view! {
                            <dt>{*term}</dt><dd>{*meaning}</dd>
                        }).collect_view()}
                    </dl>
                </details>
            </div>
        </Modal>
    }
}
