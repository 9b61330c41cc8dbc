//! The overview's table: the period's figures by agent, queue or label,
//! sorted by any column (a click on its heading, again for the other
//! way), each row's figures as the overview counts them. A click on an
//! agent's name narrows the whole report to them.

use super::{duration, report_url};
use crate::server::load_report_breakdown;
use leptos::prelude::*;
use switchboard_types::{BreakdownRow, ReportQuery};

/// The tables one can pick, by the query's word.
const TABLES: [(&str, &str); 3] = [
    ("agent", "By agent"),
    ("queue", "By queue"),
    ("label", "By label"),
];

/// A column: its heading, and the row's value to sort by (none sorts last)
/// and to show.
struct Column {
    heading: &'static str,
    value: fn(&BreakdownRow) -> Option<i64>,
    show: fn(&BreakdownRow) -> String,
}

fn count(v: i64) -> String {
    v.to_string()
}

fn time(v: Option<i64>) -> String {
    v.map_or_else(|| "—".into(), duration)
}

const COLUMNS: [Column; 9] = [
    Column {
        heading: "New",
        value: |r| Some(r.figures.new_conversations),
        show: |r| count(r.figures.new_conversations),
    },
    Column {
        heading: "Resolved",
        value: |r| Some(r.figures.resolved),
        show: |r| count(r.figures.resolved),
    },
    Column {
        heading: "Reopened",
        value: |r| Some(r.figures.reopened),
        show: |r| count(r.figures.reopened),
    },
    Column {
        heading: "First response (median)",
        value: |r| r.figures.first_response.median_ms,
        show: |r| time(r.figures.first_response.median_ms),
    },
    Column {
        heading: "First response (90%)",
        value: |r| r.figures.first_response.p90_ms,
        show: |r| time(r.figures.first_response.p90_ms),
    },
    Column {
        heading: "Resolution (median)",
        value: |r| r.figures.resolution.median_ms,
        show: |r| time(r.figures.resolution.median_ms),
    },
    Column {
        heading: "Resolution (90%)",
        value: |r| r.figures.resolution.p90_ms,
        show: |r| time(r.figures.resolution.p90_ms),
    },
    Column {
        heading: "Satisfaction",
        value: |r| r.figures.satisfaction.map(|s| (s * 100.0) as i64),
        show: |r| {
            r.figures
                .satisfaction
                .map_or_else(|| "—".into(), |s| format!("{s:.1} / 5"))
        },
    },
    Column {
        heading: "Ratings",
        value: |r| Some(r.figures.rated),
        show: |r| count(r.figures.rated),
    },
];

/// `query`: the overview's filters; `pick_agent`: narrows the report to an
/// agent (admins), from a click on their name.
#[component]
pub fn BreakdownTable(
    query: Signal<ReportQuery>,
    pick_agent: Option<Callback<i64>>,
    export_pairs: Signal<Vec<(&'static str, Option<String>)>>,
) -> impl IntoView {
    let by = RwSignal::new("agent");
    // The column sorted by (none: the name) and whether the largest first.
    let sort = RwSignal::new((None::<usize>, false));
    let table = Resource::new(
        move || ReportQuery {
            by: Some(by.get().into()),
            ..query.get()
        },
        load_report_breakdown,
    );
    let heading = move |index: Option<usize>, label: &'static str| {
        let sorted = move || sort.get().0 == index;
        let aria = move || match (sorted(), sort.get().1) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="link sort" on:click=move |_| {
                    // Numbers largest first at the first click, names A to Z.
                    sort.update(|(column, down)| {
                        *down = if *column == index { !*down } else { index.is_some() };
                        *column = index;
                    });
                }>{label}{move || match (sorted(), sort.get().1) { (true, true) => " ▼", (true, false) => " ▲", _ => "" }}</button>
            </th>
        }
    };
    view! {
        <section class="breakdown" data-testid="report-breakdown">
            <div class="breakdown-bar">
                <div class="tabs" role="tablist" aria-label="Figures by">
                    {TABLES.iter().map(|(word, label)| view! {
                        <button type="button" role="tab" class="tab" data-testid=format!("report-by-{word}")
                            aria-selected=move || (by.get() == *word).to_string()
                            on:click=move |_| { by.set(word); sort.set((None, false)); }>{*label}</button>
                    }).collect_view()}
                </div>
                <a class="button small" data-testid="report-breakdown-export" download="breakdown.csv"
                    href=move || {
                        let mut pairs = export_pairs.get();
                        pairs.push(("by", Some(by.get().to_string())));
                        report_url("breakdown/export", &pairs)
                    }>"Download CSV"</a>
            </div>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || table.get().map(|answer| match answer {
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(table) => {
                        let mut rows = table.rows;
                        let (column, down) = sort.get();
                        match column.and_then(|c| COLUMNS.get(c)) {
                            Some(c) => rows.sort_by_key(|r| (c.value)(r)),
                            None => rows.sort_by_key(|r| r.name.to_lowercase()),
                        }
                        if down { rows.reverse(); }
                        let agents = table.by == "agent";
                        let body = rows.into_iter().map(|row| {
                            let name = match (row.id, agents, pick_agent) {
                                (Some(id), true, Some(pick)) => view! {
                                    <button type="button" class="link" data-testid="report-pick-agent"
                                        on:click=move |_| pick.run(id)>{row.name.clone()}</button>
                                }.into_any(),
                                _ => view! { <span>{row.name.clone()}</span> }.into_any(),
                            };
                            let cells = COLUMNS.iter().map(|c| view! { <td class="num">{(c.show)(&row)}</td> }).collect_view();
                            view! { <tr data-testid="report-row"><th scope="row">{name}</th>{cells}</tr> }
                        }).collect_view();
                        let first = match table.by.as_str() { "queue" => "Queue", "label" => "Label", _ => "Agent" };
                        view! {
                            <div class="table-scroll">
                                <table class="team-table breakdown-table" data-testid="report-table">
                                    <caption class="visually-hidden">{format!("Figures by {}", table.by)}</caption>
                                    <thead><tr>
                                        {heading(None, first)}
                                        {COLUMNS.iter().enumerate().map(|(i, c)| heading(Some(i), c.heading)).collect_view()}
                                    </tr></thead>
                                    <tbody>{body}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
