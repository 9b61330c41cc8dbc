//! Keyboard shortcuts for the frequent actions, and the `?` overlay that
//! lists them. An action's key presses its button, so a shortcut does
//! exactly what the button does, and nothing where the button is disabled
//! or hidden.

use super::{InboxState, Mode};
use crate::components::modal::Modal;
use leptos::prelude::*;
use switchboard_types::Tab;

/// What each key does, as the overlay lists it.
pub const SHORTCUTS: [(&str, &str); 16] = [
    ("j / k", "Next / previous conversation"),
    ("x", "Select the open conversation (for an action on many)"),
    ("a", "Accept"),
    ("e", "Resolve"),
    ("t", "Transfer…"),
    ("s", "Snooze…"),
    ("l", "Labels…"),
    ("u", "Mark unread"),
    ("c", "View customer"),
    ("r", "Write a reply"),
    ("/", "Search"),
    ("1 / 2 / 3 / 4", "Working On / Pending / Resolved / Snoozed"),
    ("g", "Inbox ⇄ Team chat"),
    ("Enter", "Send (Shift+Enter: new line)"),
    ("Esc", "Close a dialog or leave a text box"),
    ("?", "This list"),
];

/// The button a key presses, by its `data-testid`.
fn button_for(key: &str) -> Option<&'static str> {
    Some(match key {
        "a" => "accept",
        "e" => "resolve",
        "t" => "transfer",
        "s" => "snooze",
        "l" => "edit-labels",
        "u" => "mark-unread",
        "c" => "view-customer",
        _ => return None,
    })
}

/// How long after the last key typed into a text field the single-key
/// shortcuts stay still: a key that lands outside the field while the
/// agent is still typing (the focus moved under their fingers) was meant
/// for the text, never for an action.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
const TYPING_PAUSE_MS: f64 = 1_500.0;

/// Listens for shortcuts while the inbox is on screen. A shortcut acts
/// only when the focus is on no text field and was not in one a moment
/// ago (see [`TYPING_PAUSE_MS`]); Escape leaves a field for them at once.
pub fn listen(state: InboxState) {
    #[cfg(feature = "browser")]
    {
        let typed_at = StoredValue::new(f64::NEG_INFINITY);
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            let key = ev.key();
            if typing_in(&ev) {
                if key == "Escape" {
                    typed_at.set_value(f64::NEG_INFINITY);
                    // Unless the field used it (closing its suggestions).
                    if !ev.default_prevented() {
                        blur_focus();
                    }
                } else {
                    typed_at.set_value(js_sys::Date::now());
                }
                return;
            }
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
                return;
            }
            if js_sys::Date::now() - typed_at.get_value() < TYPING_PAUSE_MS {
                return;
            }
            // Any dialog or open menu on screen keeps the keys (Escape
            // closes it); only ? closes the list of shortcuts it opened.
            if element(".modal, .menu-popup:not([hidden])").is_some()
                && !(key == "?" && state.help.get_untracked())
            {
                return;
            }
            let handled = press(state, &key);
            if handled {
                ev.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "browser"))]
    let _ = state;
}

/// Does what `key` stands for; answers whether it stood for anything.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
fn press(state: InboxState, key: &str) -> bool {
    let in_inbox = state.mode.get_untracked() == Mode::Inbox;
    match key {
        "?" => state.help.update(|open| *open = !*open),
        "g" => state.mode.update(|m| {
            *m = if *m == Mode::Inbox {
                Mode::Chat
            } else {
                Mode::Inbox
            }
        }),
        "/" => focus(if in_inbox {
            "#inbox-search"
        } else {
            "#chat-search"
        }),
        _ if !in_inbox => return false,
        "j" => step_selection(state, 1),
        "k" => step_selection(state, -1),
        "r" => focus("#composer-body"),
        "x" => match state.selected.get_untracked() {
            Some(number) => state.toggle_pick(number, false),
            None => return false,
        },
        "1" => state.tab.set(Tab::WorkingOn),
        "2" => state.tab.set(Tab::Pending),
        "3" => state.tab.set(Tab::Resolved),
        "4" => state.tab.set(Tab::Snoozed),
        _ => match button_for(key) {
            Some(test_id) => click(&format!("[data-testid=\"{test_id}\"]")),
            None => return false,
        },
    }
    true
}

#[cfg(feature = "browser")]
fn typing_in(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            // A checkbox or a button takes no text.
            let text_input = el.tag_name() == "INPUT"
                && !matches!(
                    el.get_attribute("type").as_deref(),
                    Some("checkbox" | "radio" | "button" | "submit")
                );
            text_input
                || matches!(el.tag_name().as_str(), "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

#[cfg(feature = "browser")]
fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    web_sys::window()?
        .document()?
        .query_selector(selector)
        .ok()??
        .dyn_into::<web_sys::HtmlElement>()
        .ok()
}

fn focus(selector: &str) {
    #[cfg(feature = "browser")]
    if let Some(el) = element(selector) {
        let _ = el.focus();
    }
    #[cfg(not(feature = "browser"))]
    let _ = selector;
}

fn click(selector: &str) {
    #[cfg(feature = "browser")]
    if let Some(el) = element(selector) {
        el.click();
    }
    #[cfg(not(feature = "browser"))]
    let _ = selector;
}

#[cfg(feature = "browser")]
fn blur_focus() {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.blur();
    }
}

/// Opens the next (`by` 1) or previous (-1) conversation of the list.
fn step_selection(state: InboxState, by: i64) {
    #[cfg(feature = "browser")]
    {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(rows) = document.query_selector_all(
            "ul:not([aria-busy=\"true\"]) > li > [data-testid=\"conversation-row\"]",
        ) else {
            return;
        };
        let numbers: Vec<i64> = (0..rows.length())
            .filter_map(|i| rows.item(i))
            .filter_map(|node| {
                use wasm_bindgen::JsCast;
                node.dyn_into::<web_sys::Element>()
                    .ok()?
                    .get_attribute("data-number")?
                    .parse()
                    .ok()
            })
            .collect();
        if numbers.is_empty() {
            return;
        }
        let current = state
            .selected
            .get_untracked()
            .and_then(|n| numbers.iter().position(|x| *x == n));
        let next = match current {
            Some(i) => (i as i64 + by).clamp(0, numbers.len() as i64 - 1) as usize,
            None => 0,
        };
        state.open(numbers[next]);
    }
    #[cfg(not(feature = "browser"))]
    let _ = (state, by);
}

/// The `?` overlay.
#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let state = expect_context::<InboxState>();
    move || {
        state.help.get().then(|| {
            view! {
                <Modal title="Keyboard shortcuts" close=Callback::new(move |_| state.help.set(false))>
                    <dl class="shortcuts" data-testid="shortcut-help">
                        {SHORTCUTS
                            .iter()
                            .map(|(keys, what)| view! { <dt><kbd>{*keys}</kbd></dt> <dd>{*what}</dd> })
                            .collect_view()}
                    </dl>
                </Modal>
            }
        })
    }
}
