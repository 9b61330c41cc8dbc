//! The customer satisfaction report: for a period (and an agent, a queue,
//! a score), the average, how many resolved conversations were rated, how
//! many gave each score (bars with their numbers, as a table), and the
//! ratings with their comments, each opening its conversation; the same
//! as a CSV file.

use super::{PeriodSelect, QueueSelect};
use crate::components::inbox::InboxState;
use crate::components::modal::Modal;
use crate::server::{list_staff, load_satisfaction};
use leptos::prelude::*;
use switchboard_types::{describe_score, score_words, SatisfactionQuery, SCORES};

/// The query as the API's export takes it (the same filters).
fn export_url(query: &SatisfactionQuery) -> String {
    let text = |v: Option<i64>| v.map(|v| v.to_string());
    super::report_url(
        "satisfaction/export",
        &[
            ("days", text(query.days)),
            ("agent_id", text(query.agent_id)),
            ("queue_id", text(query.queue_id)),
            ("score", text(query.score)),
        ],
    )
}

/// `admin`: the agent filter is shown (agents see their own ratings alone).
#[component]
pub fn SatisfactionDialog(admin: bool, close: Callback<()>) -> impl IntoView {
    let inbox = use_context::<InboxState>();
    let days = RwSignal::new(30_i64);
    let agent_id = RwSignal::new(None::<i64>);
    let queue_id = RwSignal::new(None::<i64>);
    let score = RwSignal::new(None::<i64>);
    let query = move || SatisfactionQuery {
        days: Some(days.get()),
        agent_id: agent_id.get(),
        queue_id: queue_id.get(),
        score: score.get(),
        ..SatisfactionQuery::default()
    };
    let report = Resource::new(query, load_satisfaction);
    let staff = Resource::new(|| (), |_| list_staff());
    let number = |text: String| text.parse::<i64>().ok();

    view! {
        <Modal title="Customer satisfaction" close>
            <div class="report" data-testid="satisfaction-dialog">
                <div class="report-filters">
                    <PeriodSelect days/>
                    {admin.then(|| view! {
                        <label class="field">
                            "Agent"
                            <select data-testid="report-agent" on:change=move |ev| agent_id.set(number(event_target_value(&ev)))>
                                <option value="">"Everyone"</option>
                                <Transition>
                                    {move || staff.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|a| view! {
                                        <option value=a.id>{a.name}</option>
                                    }).collect_view()}
                                </Transition>
                            </select>
                        </label>
                    })}
                    <QueueSelect queue_id/>
                    <label class="field">
                        "Ratings listed"
                        <select data-testid="report-score" on:change=move |ev| score.set(number(event_target_value(&ev)))>
                            <option value="">"Every score"</option>
                            {SCORES.iter().map(|(s, face, label)| view! {
                                <option value=*s>{format!("{face} {s} {label}")}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <a class="button small" data-testid="report-export" download="satisfaction.csv"
                        href=move || export_url(&query())>"Download CSV"</a>
                </div>
                <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || report.get().map(|answer| match answer {
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Ok(report) => {
                            let most = report.by_score.iter().copied().max().unwrap_or(0).max(1);
                            let figures = view! {
                                <dl class="report-figures">
                                    <div>
                                        <dt>"Average"</dt>
                                        <dd data-testid="report-average">
                                            {report.average.map_or_else(|| "—".to_string(), |a| format!("{a:.1} / 5"))}
                                        </dd>
                                    </div>
                                    <div>
                                        <dt>"Rated"</dt>
                                        <dd data-testid="report-rated">{format!("{} of {} resolved", report.rated, report.resolved)}</dd>
                                    </div>
                                    <div>
                                        <dt>"Response rate"</dt>
                                        <dd data-testid="report-response-rate">
                                            {report.response_rate.map_or_else(|| "—".to_string(), |r| format!("{r:.0} %"))}
                                        </dd>
                                    </div>
                                </dl>
                            };
                            // Each score's count as a bar, its number beside
                            // it: readable without the bar or its colour.
                            let bars = SCORES.iter().zip(report.by_score.iter().copied()).rev().map(|((s, face, label), count)| {
                                let width = format!("{}%", count * 100 / most);
                                view! {
                                    <tr data-testid="report-score-row">
                                        <th scope="row">{format!("{face} {s} {label}")}</th>
                                        <td class="bar-cell"><span class="bar" style:width=width></span></td>
                                        <td class="count">{count}</td>
                                    </tr>
                                }
                            }).collect_view();
                            let empty = report.ratings.is_empty();
                            let rows = report.ratings.into_iter().map(|r| {
                                let number = r.conversation_number;
                                let face = score_words(r.score).map_or("", |(face, _)| face);
                                view! {
                                    <tr data-testid="report-rating">
                                        <td>{crate::components::team::when(&r.rated_at)}</td>
                                        <td title=describe_score(r.score)>{format!("{face} {}", r.score)}</td>
                                        <td class="comment">{r.comment.unwrap_or_default()}</td>
                                        <td>{r.contact.name}</td>
                                        <td>{r.agent.map(|a| a.name).unwrap_or_default()}</td>
                                        <td>
                                            <button type="button" class="link" data-testid="report-open" on:click=move |_| {
                                                if let Some(inbox) = inbox {
                                                    close.run(());
                                                    inbox.open(number);
                                                }
                                            }>{format!("#{number}")}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view();
                            view! {
                                {figures}
                                <table class="report-bars">
                                    <caption class="visually-hidden">"Ratings by score"</caption>
                                    <tbody>{bars}</tbody>
                                </table>
                                {empty.then(|| view! { <p class="muted" data-testid="report-empty">"No ratings in this period yet."</p> })}
                                <table class="team-table report-ratings" hidden=empty>
                                    <caption class="visually-hidden">"Ratings, newest first"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"When"</th>
                                            <th scope="col">"Score"</th>
                                            <th scope="col">"Comment"</th>
                                            <th scope="col">"Customer"</th>
                                            <th scope="col">"Agent"</th>
                                            <th scope="col">"Conversation"</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            }.into_any()
                        }
                    })}
                </Transition>
            </div>
        </Modal>
    }
}
