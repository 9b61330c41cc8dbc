//! The overview's chart, drawn as SVG here (no chart library): new
//! conversations as bars and resolves as a line with a dot per step, so
//! the two read apart without colour; a legend names each, every bar and
//! dot carries its numbers as a tooltip, and the same numbers are in a
//! table beside it for screen readers and for reading exact values.

use leptos::prelude::*;
use switchboard_types::ReportPoint;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 200.0;
/// Room for the axis' numbers on the left and the steps' names below.
const LEFT: f64 = 34.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 8.0;

#[component]
pub fn ReportChart(points: Vec<ReportPoint>, step: String) -> impl IntoView {
    let most = points
        .iter()
        .map(|p| p.new_conversations.max(p.resolved))
        .max()
        .unwrap_or(0)
        .max(1);
    let n = points.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / n;
    let plot = HEIGHT - BOTTOM - TOP;
    let y = move |v: i64| TOP + plot - v as f64 / most as f64 * plot;
    // About eight names along the bottom, whatever the number of steps.
    let every = points.len().div_ceil(8).max(1);
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = LEFT + i as f64 * slot + slot * 0.15;
            let top = y(p.new_conversations);
            let tip = format!(
                "{}: {} new, {} resolved",
                p.label, p.new_conversations, p.resolved
            );
            let name = (i % every == 0).then(|| {
                view! {
                    <text class="chart-step" x=format!("{:.1}", LEFT + (i as f64 + 0.5) * slot)
                        y=format!("{:.1}", HEIGHT - 6.0) text-anchor="middle">{p.label.clone()}</text>
                }
            });
            view! {
                <rect class="chart-bar" x=format!("{x:.1}") y=format!("{top:.1}")
                    width=format!("{:.1}", slot * 0.7) height=format!("{:.1}", TOP + plot - top)>
                    <title>{tip}</title>
                </rect>
                {name}
            }
        })
        .collect_view();
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", LEFT + (i as f64 + 0.5) * slot, y(p.resolved)))
        .collect();
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            view! {
                <circle class="chart-dot" cx=format!("{:.1}", LEFT + (i as f64 + 0.5) * slot)
                    cy=format!("{:.1}", y(p.resolved)) r="3">
                    <title>{format!("{}: {} resolved", p.label, p.resolved)}</title>
                </circle>
            }
        })
        .collect_view();
    let grid = [0, most / 2, most]
        .into_iter()
        .map(|v| {
            let at = format!("{:.1}", y(v));
            view! {
                <line class="chart-grid" x1=LEFT.to_string() x2=WIDTH.to_string() y1=at.clone() y2=at.clone()/>
                <text class="chart-axis" x=format!("{:.1}", LEFT - 4.0) y=at text-anchor="end" dominant-baseline="middle">{v}</text>
            }
        })
        .collect_view();
    let per = if step == "hour" { "hour" } else { "day" };
    let rows = points
        .into_iter()
        .map(|p| {
            view! {
                <tr><th scope="row">{p.label}</th><td>{p.new_conversations}</td><td>{p.resolved}</td></tr>
            }
        })
        .collect_view();
    view! {
        <figure class="report-chart" data-testid="report-chart">
            <figcaption>
                {format!("New conversations and resolves by {per}")}
                <span class="chart-legend" aria-hidden="true">
                    <span class="legend-bar"></span>"New"
                    <span class="legend-line"></span>"Resolved"
                </span>
            </figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                aria-label=format!("Chart of new conversations (bars) and resolves (line) by {per}; the numbers are in the table below")>
                {grid}
                {bars}
                <polyline class="chart-line" points=line.join(" ")/>
                {dots}
            </svg>
            <details class="chart-numbers">
                <summary>"The numbers"</summary>
                <table class="team-table" data-testid="report-chart-table">
                    <caption class="visually-hidden">{format!("New conversations and resolves by {per}")}</caption>
                    <thead><tr><th scope="col">{if per == "hour" { "Hour" } else { "Day" }}</th><th scope="col">"New"</th><th scope="col">"Resolved"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
