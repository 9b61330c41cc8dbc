//! The busiest hours: new conversations of a period by weekday and hour
//! of the day, in the team's time zone, as a table whose cells are shaded
//! in five steps by how many came (the number is in each cell, so it reads
//! without the colour), to plan who is on hand when; the same as a CSV
//! file.

use super::{report_url, PeriodSelect, QueueSelect};
use crate::components::modal::Modal;
use crate::server::load_busiest_hours;
use leptos::prelude::*;
use switchboard_types::{BusiestHoursQuery, WEEKDAYS};

#[component]
pub fn BusiestHoursDialog(close: Callback<()>) -> impl IntoView {
    let days = RwSignal::new(30_i64);
    let queue_id = RwSignal::new(None::<i64>);
    // What the admin typed; asked for when they leave the field.
    let zone_typed = RwSignal::new(String::new());
    let time_zone = RwSignal::new(None::<String>);
    let query = move || BusiestHoursQuery {
        days: Some(days.get()),
        queue_id: queue_id.get(),
        time_zone: time_zone.get(),
        ..BusiestHoursQuery::default()
    };
    let report = Resource::new(query, load_busiest_hours);
    // The zone the report was read in fills the field at first.
    Effect::new(move |_| {
        if let Some(Ok(r)) = report.get() {
            if zone_typed.get_untracked().is_empty() {
                zone_typed.set(r.time_zone);
            }
        }
    });
    view! {
        <Modal title="Busiest hours" close>
            <div class="report" data-testid="busiest-hours-dialog">
                <div class="report-filters">
                    <PeriodSelect days/>
                    <QueueSelect queue_id/>
                    <label class="field">
                        "Time zone"
                        <input type="text" data-testid="report-time-zone" placeholder="Europe/Berlin"
                            prop:value=move || zone_typed.get()
                            on:input=move |ev| zone_typed.set(event_target_value(&ev))
                            on:change=move |_| {
                                let typed = zone_typed.get_untracked();
                                time_zone.set((!typed.trim().is_empty()).then_some(typed));
                            }/>
                    </label>
                    <a class="button small" data-testid="report-export" download="busiest-hours.csv"
                        href=move || {
                            let q = query();
                            report_url("busiest_hours/export", &[
                                ("days", q.days.map(|d| d.to_string())),
                                ("queue_id", q.queue_id.map(|d| d.to_string())),
                                ("time_zone", q.time_zone),
                            ])
                        }>"Download CSV"</a>
                </div>
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || report.get().map(|answer| match answer {
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Ok(report) => {
                            let most = report.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
                            let rows = WEEKDAYS.iter().zip(report.counts).map(|(day, hours)| {
                                let cells = hours.into_iter().map(|count| {
                                    // Shaded in five steps by its share of the busiest
                                    // hour (0: none came).
                                    let level = if count == 0 { 0 } else { 1 + (count * 4 - 1) / most };
                                    view! { <td class=format!("heat heat-{level}")>{count}</td> }
                                }).collect_view();
                                view! { <tr><th scope="row">{&day[..3]}</th>{cells}</tr> }
                            }).collect_view();
                            view! {
                                <p class="small" data-testid="report-total">
                                    {format!("{} new conversations, hours in {}.", report.total, report.time_zone)}
                                </p>
                                <div class="heatmap-scroll">
                                    <table class="heatmap" data-testid="busiest-hours">
                                        <caption class="visually-hidden">"New conversations by weekday and hour of the day"</caption>
                                        <thead>
                                            <tr>
                                                <td></td>
                                                {(0..24).map(|h| view! { <th scope="col">{format!("{h:02}")}</th> }).collect_view()}
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                    })}
                </Transition>
            </div>
        </Modal>
    }
}
