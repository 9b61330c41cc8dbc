//! Live now: who waits in Pending and for how long, and each agent's
//! conversations against their capacity and whether they are online. It is
//! read again when the live stream says the lists or who is online changed
//! (never on a timer); only the wait's minutes tick on the inbox's clock.

use crate::components::inbox::list::{time_ms, wait_words};
use crate::components::inbox::InboxState;
use crate::server::load_live_board;
use leptos::prelude::*;

#[component]
pub fn LiveNow() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let board = Resource::new(
        move || (state.lists_version.get(), state.online.get()),
        |_| load_live_board(),
    );
    view! {
        <section class="live-now" data-testid="live-now" aria-labelledby="live-now-heading">
            <h3 id="live-now-heading">"Live now"</h3>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || board.get().map(|answer| match answer {
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    Ok(board) => {
                        let since = board.waiting_since.as_deref().map(time_ms);
                        let longest = move || match since {
                            Some(at) if state.now.get() > 0.0 => wait_words(state.now.get() - at),
                            Some(_) => "—".to_string(),
                            None => "nobody waits".to_string(),
                        };
                        let agents = board.agents.into_iter().map(|a| {
                            let status = if a.online { "online".to_string() } else { a.availability.as_str().to_string() };
                            let full = a.holding >= a.capacity;
                            view! {
                                <tr data-testid="live-agent">
                                    <th scope="row">{a.name}</th>
                                    <td><span class=format!("presence-word {status}")>{status.clone()}</span></td>
                                    <td class="num" class:full=full>{format!("{} of {}", a.holding, a.capacity)}</td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <dl class="report-figures">
                                <div>
                                    <dt>"Waiting in Pending"</dt>
                                    <dd data-testid="live-waiting">{board.waiting}</dd>
                                </div>
                                <div>
                                    <dt>"Longest wait"</dt>
                                    <dd data-testid="live-longest">{longest}</dd>
                                </div>
                            </dl>
                            <table class="team-table live-agents">
                                <caption class="visually-hidden">"Agents: status and conversations held against capacity"</caption>
                                <thead><tr><th scope="col">"Agent"</th><th scope="col">"Status"</th><th scope="col">"Holding"</th></tr></thead>
                                <tbody>{agents}</tbody>
                            </table>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
