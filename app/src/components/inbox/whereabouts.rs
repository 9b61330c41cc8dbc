//! Where the agent was (view, tab and each tab's order, conversation, the
//! chat and its channel),
//! kept in this browser: the inbox opens there again after a reload or a new
//! login.

use super::{InboxState, Mode};
use leptos::prelude::*;
use switchboard_types::{Sort, Tab, View};

/// Where the agent was: the inbox opens there again after a reload or a
/// new login in this browser.
#[derive(serde::Serialize, serde::Deserialize)]
struct Whereabouts {
    view: View,
    tab: Tab,
    selected: Option<i64>,
    chat: bool,
    channel: Option<i64>,
    /// The order chosen for a tab.
    #[serde(default)]
    sorts: Vec<(Tab, Sort)>,
}

impl InboxState {
    fn whereabouts_key(self) -> String {
        format!("switchboard.whereabouts.{}", self.me.with_value(|me| me.id))
    }

    /// Goes back to where the agent was, then keeps track of it.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub(super) fn resume(self) {
        let restored = RwSignal::new(false);
        match crate::saved::load::<Whereabouts>(&self.whereabouts_key()) {
            Some(here) => {
                self.go_back_to(here);
                restored.set(true);
            }
            // A browser that has not seen this agent asks the server.
            None => leptos::task::spawn_local(async move {
                if let Ok(Some(json)) = crate::server::my_whereabouts().await {
                    if let Ok(here) = serde_json::from_str(&json) {
                        self.go_back_to(here);
                    }
                }
                restored.set(true);
            }),
        }
        // From then on, every move is kept, here and on the server.
        Effect::new(move |_| {
            let here = Whereabouts {
                view: self.view.get(),
                tab: self.tab.get(),
                selected: self.selected.get(),
                chat: self.mode.get() == Mode::Chat,
                channel: self.chat.open.get(),
                sorts: self.sorts.get(),
            };
            if !restored.get() {
                return;
            }
            crate::saved::save(&self.whereabouts_key(), &here);
            if let Ok(json) = serde_json::to_string(&here) {
                leptos::task::spawn_local(async move {
                    let _ = crate::server::save_whereabouts(json).await;
                });
            }
        });
    }

    fn go_back_to(self, here: Whereabouts) {
        self.view.set(here.view);
        self.tab.set(here.tab);
        self.sorts.set(here.sorts);
        self.selected.set(here.selected);
        self.mode
            .set(if here.chat { Mode::Chat } else { Mode::Inbox });
        if let Some(channel) = here.channel {
            self.chat.show(channel);
        }
    }
}
