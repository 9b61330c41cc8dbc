//! Suggestions while writing, after a trigger: `@` offers colleagues' names
//! (the team chat, a conversation's private notes), `/` saved replies (a
//! conversation's composer). A listbox above the text box (↑ ↓ move, Enter
//! or Tab picks, Escape closes); a pick, by key or by click, writes it out
//! in place of what was typed and leaves the focus in the text box.

use leptos::html::Textarea;
use leptos::prelude::*;

/// How many suggestions the list offers at once.
const SHOWN: usize = 6;

/// One thing the list may offer.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub id: i64,
    /// What the word typed after the trigger is matched against (its start).
    pub name: String,
    /// How the list shows it.
    pub label: String,
    /// A second line (a saved reply's first words).
    pub detail: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Picker {
    body: RwSignal<String>,
    trigger: char,
    candidates: Signal<Vec<Suggestion>>,
    /// Runs with the suggestion picked; the owner writes it out
    /// ([`write_word`]).
    picked: Callback<Suggestion>,
    /// The highlighted suggestion.
    active: RwSignal<usize>,
    /// The word Escape closed the list for (it opens again when the word
    /// changes).
    dismissed: RwSignal<Option<String>>,
    /// Distinguishes the list's ids from another picker's on the page.
    id: &'static str,
    /// Its test ids: `{kind}-suggestions`, `{kind}-option`.
    kind: &'static str,
    /// The list's accessible name.
    title: &'static str,
    /// Offered only while this holds.
    enabled: Signal<bool>,
}

impl Picker {
    pub fn new(
        body: RwSignal<String>,
        trigger: char,
        candidates: Signal<Vec<Suggestion>>,
        picked: Callback<Suggestion>,
        (id, kind, title): (&'static str, &'static str, &'static str),
        enabled: Signal<bool>,
    ) -> Self {
        Picker {
            body,
            trigger,
            candidates,
            picked,
            active: RwSignal::new(0),
            dismissed: RwSignal::new(None),
            id,
            kind,
            title,
            enabled,
        }
    }

    /// The trigger and word being written at the end of the text, if any.
    fn word(self) -> Option<String> {
        self.body.with(|text| {
            let word = text.rsplit(char::is_whitespace).next().unwrap_or_default();
            word.starts_with(self.trigger).then(|| word.to_string())
        })
    }

    /// The candidates whose name starts with what follows the trigger.
    pub fn suggestions(self) -> Option<Vec<Suggestion>> {
        if !self.enabled.get() {
            return None;
        }
        let word = self.word()?;
        if self.dismissed.get().as_deref() == Some(word.as_str()) {
            return None;
        }
        let partial = word[self.trigger.len_utf8()..].to_lowercase();
        let found: Vec<Suggestion> = self.candidates.with(|all| {
            all.iter()
                .filter(|s| s.name.to_lowercase().starts_with(&partial))
                .take(SHOWN)
                .cloned()
                .collect()
        });
        (!found.is_empty()).then_some(found)
    }

    /// Whether a word after the trigger is being written (whether or not
    /// anything matches it yet).
    pub fn typing(self) -> bool {
        self.word().is_some()
    }

    fn pick(self, suggestion: Suggestion) {
        self.active.set(0);
        self.picked.run(suggestion);
    }

    /// A key pressed in the text box: answers whether the list took it
    /// (the composer then does nothing more with it, Enter sends nothing).
    pub fn key(self, ev: &leptos::ev::KeyboardEvent) -> bool {
        let Some(mut found) = self.suggestions() else {
            return false;
        };
        let count = found.len();
        let active = self.active.get_untracked().min(count - 1);
        match ev.key().as_str() {
            "ArrowDown" => self.active.set((active + 1) % count),
            "ArrowUp" => self.active.set((active + count - 1) % count),
            "Enter" | "Tab" if !ev.shift_key() => self.pick(found.swap_remove(active)),
            "Escape" => self.dismissed.set(self.word()),
            _ => {
                // Another letter: the list changes, its first entry leads.
                self.active.set(0);
                return false;
            }
        }
        ev.prevent_default();
        true
    }

    fn option_id(self, index: usize) -> String {
        format!("{}-option-{index}", self.id)
    }

    /// For the text box's `aria-activedescendant`.
    pub fn active_option(self) -> Option<String> {
        self.suggestions()
            .map(|_| self.option_id(self.active.get()))
    }

    pub fn list_id(self) -> String {
        format!("{}-suggestions", self.id)
    }

    pub fn open(self) -> bool {
        self.suggestions().is_some()
    }
}

/// Writes `text` in place of the last `trigger` and the word after it,
/// and keeps the focus in the text box for what comes next: what a
/// picker's owner does with the suggestion picked.
pub fn write_word(body: RwSignal<String>, field: NodeRef<Textarea>, trigger: char, text: &str) {
    body.update(|body| {
        let cut = body.rfind(trigger).unwrap_or(body.len());
        body.truncate(cut);
        body.push_str(text);
    });
    if let Some(field) = field.get_untracked() {
        let _ = field.focus();
    }
}

/// The suggestions, above the text box.
#[component]
pub fn SuggestionList(picker: Picker) -> impl IntoView {
    move || {
        let found = picker.suggestions()?;
        let active = picker.active.get().min(found.len() - 1);
        Some(view! {
            <ul
                class="suggestions"
                role="listbox"
                id=picker.list_id()
                aria-label=picker.title
                data-testid=format!("{}-suggestions", picker.kind)
            >
                {found
                    .into_iter()
                    .enumerate()
                    .map(|(index, suggestion)| {
                        let label = suggestion.label.clone();
                        let detail = suggestion.detail.clone();
                        view! {
                            <li
                                role="option"
                                id=picker.option_id(index)
                                class="suggestion"
                                class:active=index == active
                                aria-selected=(index == active).to_string()
                                data-testid=format!("{}-option", picker.kind)
                                // The focus stays in the text box.
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| picker.pick(suggestion.clone())
                            >
                                {label}
                                {detail.map(|d| view! { <span class="suggestion-detail small muted">{d}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })
    }
}
