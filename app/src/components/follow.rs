//! Following the newest message, the same in the inbox's conversation
//! pane, the team chat and the customer's widget: a history stays at its
//! bottom while its reader is there, keeps its place while they have
//! scrolled up (counting what arrived, with a "New messages ↓" button that
//! takes them down), and opens at the first unread message or the bottom.

use leptos::html::Ol;
use leptos::prelude::*;

/// How close to the bottom still counts as at the bottom, in pixels.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
const NEAR_BOTTOM_PX: i32 = 48;

#[derive(Clone, Copy)]
pub struct Follower {
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    list: NodeRef<Ol>,
    /// Whether the reader was at the bottom when they last scrolled (the
    /// history growing does not move them away from it).
    at_bottom: StoredValue<bool>,
    /// Messages that arrived while the reader was scrolled up.
    pub unseen: RwSignal<usize>,
}

impl Follower {
    pub fn new(list: NodeRef<Ol>) -> Self {
        Follower {
            list,
            at_bottom: StoredValue::new(true),
            unseen: RwSignal::new(0),
        }
    }

    /// The list scrolled (by the reader, or by us).
    pub fn scrolled(self) {
        let at_bottom = self.near_bottom();
        self.at_bottom.set_value(at_bottom);
        if at_bottom && self.unseen.get_untracked() > 0 {
            self.unseen.set(0);
        }
    }

    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn near_bottom(self) -> bool {
        #[cfg(feature = "browser")]
        if let Some(list) = self.list.get_untracked() {
            return list.scroll_height() - list.scroll_top() - list.client_height()
                <= NEAR_BOTTOM_PX;
        }
        true
    }

    /// New entries are about to be drawn: `from_others` messages someone
    /// else wrote, and whether the reader wrote one. At the bottom (or
    /// after writing) the list follows them; scrolled up, it keeps its
    /// place and counts them.
    pub fn arrived(self, from_others: usize, mine: bool) {
        if mine || self.at_bottom.get_value() {
            self.after_drawing(move |follower| follower.to_bottom());
        } else if from_others > 0 {
            self.unseen.update(|n| *n += from_others);
        }
    }

    /// Down to the newest message.
    pub fn to_bottom(self) {
        #[cfg(feature = "browser")]
        if let Some(list) = self.list.get_untracked() {
            list.set_scroll_top(list.scroll_height());
        }
        self.at_bottom.set_value(true);
        self.unseen.set(0);
    }

    /// The history was drawn for the first time: show the entry matching
    /// `first_unread` (a CSS selector inside the list) at the top, or,
    /// with none, the bottom. What is drawn a moment later (the pane
    /// settling, late rows) can move the entry away: it is placed again a
    /// few times in the first second, unless the reader has scrolled.
    pub fn open_at(self, first_unread: Option<String>) {
        let Some(selector) = first_unread else {
            return self.open_at_bottom();
        };
        #[cfg(feature = "browser")]
        {
            let placed = StoredValue::new(None::<i32>);
            let place = move |follower: Follower, selector: &str| {
                // (Nothing to do once the history is gone.)
                let (Some(Some(list)), Some(before)) =
                    (follower.list.try_get_untracked(), placed.try_get_value())
                else {
                    return;
                };
                if before.is_some_and(|top| top != list.scroll_top()) {
                    return; // the reader moved: their place now
                }
                match list.query_selector(selector).ok().flatten() {
                    // Its top at the list's top (as far as the list goes: when
                    // everything unread fits, that is the bottom).
                    Some(el) => {
                        let from_top = el.get_bounding_client_rect().top()
                            - list.get_bounding_client_rect().top();
                        list.set_scroll_top(list.scroll_top() + from_top as i32 - 8);
                    }
                    None => list.set_scroll_top(list.scroll_height()),
                }
                placed.set_value(Some(list.scroll_top()));
                follower.scrolled();
            };
            let first = selector.clone();
            self.after_drawing(move |follower| place(follower, &first));
            for ms in [150, 400, 900] {
                let selector = selector.clone();
                set_timeout(
                    move || place(self, &selector),
                    std::time::Duration::from_millis(ms),
                );
            }
        }
        #[cfg(not(feature = "browser"))]
        let _ = selector;
    }

    /// The history was drawn for the first time: at its bottom.
    pub fn open_at_bottom(self) {
        self.after_drawing(move |follower| follower.to_bottom());
    }

    /// Runs `then` once the browser has drawn the latest changes.
    fn after_drawing(self, then: impl FnOnce(Follower) + 'static) {
        #[cfg(feature = "browser")]
        request_animation_frame(move || then(self));
        #[cfg(not(feature = "browser"))]
        let _ = then;
    }
}

/// "New messages ↓": shown while messages arrived below the reader; a
/// click takes them down.
#[component]
pub fn NewMessagesButton(follower: Follower) -> impl IntoView {
    view! {
        <button
            type="button"
            class="new-below"
            data-testid="new-below"
            hidden=move || follower.unseen.get() == 0
            on:click=move |_| follower.to_bottom()
        >
            {move || format!("New messages ({}) ↓", follower.unseen.get())}
        </button>
    }
}
