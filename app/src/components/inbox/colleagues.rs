//! Who else is here: colleagues who have the open conversation open too
//! (their initials in the pane's header), whether they are writing a reply
//! or a note in it, and a reply a colleague's newer one overtook asks
//! before it goes.

use super::state::now_ms;
use super::{InboxState, Mode};
use crate::components::avatar::Avatar;
use leptos::prelude::*;
use switchboard_types::{ColleagueHere, Writing};

/// How often the inbox says which conversation is open.
#[cfg(feature = "browser")]
const HEARTBEAT_MS: u32 = 30_000;

/// A colleague not heard of for this long has left the conversation.
const GONE_AFTER_MS: f64 = 75_000.0;

/// How long "is writing" lasts unless repeated.
#[cfg(feature = "browser")]
const WRITING_SHOWN_MS: u32 = 6_000;

/// How many colleagues' replies the inbox remembers.
const REPLIES_KEPT: usize = 50;

/// A colleague's place, as last heard, and when.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub here: ColleagueHere,
    pub at: f64,
}

/// A colleague's reply: in which conversation, when it came, who wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct ColleagueReply {
    pub number: i64,
    pub at: f64,
    pub name: String,
}

impl InboxState {
    /// The conversation on this agent's screen.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn viewing_now(self) -> Option<i64> {
        (self.mode.get() == Mode::Inbox)
            .then(|| self.selected.get())
            .flatten()
    }

    /// Tells colleagues which conversation is open: at each change, and
    /// every half minute while it stays open.
    #[cfg(feature = "browser")]
    pub(super) fn tell_where(self) {
        Effect::new(move |_| tell(self.viewing_now()));
        gloo_timers::callback::Interval::new(HEARTBEAT_MS, move || {
            if let Some(number) = untrack(move || self.viewing_now()) {
                tell(Some(number));
            }
        })
        .forget();
    }

    /// A colleague's place (or writing) from the stream.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn colleague_here(self, here: ColleagueHere) {
        if here.agent_id == self.me.with_value(|me| me.id) {
            return;
        }
        let at = now_ms();
        let agent_id = here.agent_id;
        let writing = here.writing.is_some();
        // A colleague just came into the conversation on screen: they hear
        // at once that this agent is in it too (once: they are here now).
        let mine = untrack(move || self.viewing_now());
        let came = mine.is_some()
            && here.conversation_number == mine
            && self.colleagues.with_untracked(|list| {
                !list
                    .iter()
                    .any(|s| s.here.agent_id == agent_id && s.here.conversation_number == mine)
            });
        #[cfg(feature = "browser")]
        if came {
            tell(mine);
        }
        #[cfg(not(feature = "browser"))]
        let _ = came;
        self.colleagues.update(|list| {
            list.retain(|s| s.here.agent_id != agent_id);
            list.push(Seen { here, at });
        });
        #[cfg(feature = "browser")]
        if writing {
            gloo_timers::callback::Timeout::new(WRITING_SHOWN_MS, move || {
                // Only if nothing newer came from them meanwhile.
                self.colleagues.update(|list| {
                    if let Some(seen) = list
                        .iter_mut()
                        .find(|s| s.here.agent_id == agent_id && s.at == at)
                    {
                        seen.here.writing = None;
                    }
                });
            })
            .forget();
        }
        #[cfg(not(feature = "browser"))]
        let _ = writing;
    }

    /// A colleague went offline: they are in no conversation.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn colleague_left(self, agent_id: i64) {
        self.colleagues
            .update(|list| list.retain(|s| s.here.agent_id != agent_id));
    }

    /// A colleague replied to a customer.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn colleague_replied(self, number: i64, name: String) {
        self.colleague_replies.update(|replies| {
            replies.push(ColleagueReply {
                number,
                at: now_ms(),
                name,
            });
            let excess = replies.len().saturating_sub(REPLIES_KEPT);
            replies.drain(..excess);
        });
    }

    /// What to ask before a reply in `number` begun at `since` goes: a
    /// colleague's reply came meanwhile.
    pub fn overtaken(self, number: i64, since: f64) -> Option<String> {
        let names: Vec<String> = self.colleague_replies.with_untracked(|replies| {
            let mut names: Vec<String> = replies
                .iter()
                .filter(|r| r.number == number && r.at >= since)
                .map(|r| r.name.clone())
                .collect();
            names.dedup();
            names
        });
        (!names.is_empty()).then(|| {
            format!(
                "{} replied while you were writing. Send yours too?",
                names.join(" and ")
            )
        })
    }
}

/// Says which conversation this agent has open.
#[cfg(feature = "browser")]
fn tell(number: Option<i64>) {
    leptos::task::spawn_local(async move {
        let _ = crate::server::viewing(number).await;
    });
}

/// The colleagues in this conversation, and what they write in it.
#[component]
pub fn Colleagues(number: i64) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let here = move || {
        let now = state.now.get();
        state.colleagues.with(|list| {
            list.iter()
                .filter(|s| s.here.conversation_number == Some(number))
                .filter(|s| now == 0.0 || now - s.at < GONE_AFTER_MS)
                .map(|s| s.here.clone())
                .collect::<Vec<_>>()
        })
    };
    let writing = move || {
        here()
            .into_iter()
            .filter_map(|h| {
                h.writing.map(|w| match w {
                    Writing::Reply => format!("{} is writing a reply", h.name),
                    Writing::Note => format!("{} is writing a note", h.name),
                })
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <div class="colleagues" data-testid="colleagues">
            {move || {
                here()
                    .into_iter()
                    .map(|h| {
                        let label = format!("{} has it open", h.name);
                        view! { <Avatar name=h.name id=h.agent_id test_id="colleague" label/> }
                    })
                    .collect_view()
            }}
            <span class="small muted" data-testid="colleague-writing" aria-live="polite">{writing}</span>
        </div>
    }
}
