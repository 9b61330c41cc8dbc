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
    /// How far the list was scrolled down at the last scroll event.
    last_top: StoredValue<i32>,
    /// Messages that arrived while the reader was scrolled up.
    pub unseen: RwSignal<usize>,
}

impl Follower {
    pub fn new(list: NodeRef<Ol>) -> Self {
        Follower {
            list,
            at_bottom: StoredValue::new(true),
            last_top: StoredValue::new(0),
            unseen: RwSignal::new(0),
        }
    }

    /// The list scrolled (by the reader, or by us). Only a move up takes
    /// the reader away from the bottom: when we went down to the newest
    /// message and more was drawn below before this event came, they are
    /// still following.
    pub fn scrolled(self) {
        let (near, top) = self.position();
        let moved_up = top < self.last_top.get_value();
        self.last_top.set_value(top);
        if near {
            self.at_bottom.set_value(true);
            if self.unseen.get_untracked() > 0 {
                self.unseen.set(0);
            }
        } else if moved_up {
            self.at_bottom.set_value(false);
        }
    }

    /// We placed the list ourselves: whether it is at the bottom now is
    /// where it stands, whichever way it moved.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn placed(self) {
        let (near, top) = self.position();
        self.at_bottom.set_value(near);
        self.last_top.set_value(top);
    }

    /// Whether the list is at (or near) its bottom, and how far it is
    /// scrolled down.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    fn position(self) -> (bool, i32) {
        #[cfg(feature = "browser")]
        if let Some(list) = self.list.get_untracked() {
            let top = list.scroll_top();
            return (
                list.scroll_height() - top - list.client_height() <= NEAR_BOTTOM_PX,
                top,
            );
        }
        (true, 0)
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
                follower.placed();
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
