//! `@name` suggestions while writing, in the team chat and in a
//! conversation's private notes: a listbox under the keyboard (↑ ↓ move,
//! Enter or Tab picks, Escape closes), and a pick, by key or by click,
//! leaves the focus in the text box with the name written out.

use leptos::html::Textarea;
use leptos::prelude::*;
use switchboard_types::AgentRef;

/// How many names the list offers at once.
const SHOWN: usize = 5;

#[derive(Clone, Copy)]
pub struct MentionPicker {
    body: RwSignal<String>,
    staff: RwSignal<Vec<AgentRef>>,
    me: i64,
    field: NodeRef<Textarea>,
    /// The highlighted suggestion.
    active: RwSignal<usize>,
    /// The `@word` Escape closed the list for (it opens again when the
    /// word changes).
    dismissed: RwSignal<Option<String>>,
    /// Distinguishes the list's ids from another picker's on the page.
    id: &'static str,
    /// Offered only while this holds (notes, not replies to customers).
    enabled: Signal<bool>,
}

impl MentionPicker {
    pub fn new(
        body: RwSignal<String>,
        staff: RwSignal<Vec<AgentRef>>,
        me: i64,
        field: NodeRef<Textarea>,
        id: &'static str,
        enabled: Signal<bool>,
    ) -> Self {
        MentionPicker {
            body,
            staff,
            me,
            field,
            active: RwSignal::new(0),
            dismissed: RwSignal::new(None),
            id,
            enabled,
        }
    }

    /// The `@word` being written at the end of the text, if any.
    fn word(self) -> Option<String> {
        self.body.with(|text| {
            let word = text.rsplit(char::is_whitespace).next().unwrap_or_default();
            word.starts_with('@').then(|| word.to_string())
        })
    }

    /// The colleagues whose names start with what follows the `@`.
    pub fn suggestions(self) -> Option<Vec<AgentRef>> {
        if !self.enabled.get() {
            return None;
        }
        let word = self.word()?;
        if self.dismissed.get().as_deref() == Some(word.as_str()) {
            return None;
        }
        let partial = word[1..].to_lowercase();
        let found: Vec<AgentRef> = self.staff.with(|staff| {
            staff
                .iter()
                .filter(|a| a.id != self.me && a.name.to_lowercase().starts_with(&partial))
                .take(SHOWN)
                .cloned()
                .collect()
        });
        (!found.is_empty()).then_some(found)
    }

    /// Writes the name out in place of the partial `@word`, and keeps the
    /// focus in the text box for the next words.
    pub fn pick(self, name: &str) {
        self.body.update(|text| {
            let cut = text.rfind('@').unwrap_or(text.len());
            text.truncate(cut);
            text.push('@');
            text.push_str(name);
            text.push(' ');
        });
        self.active.set(0);
        if let Some(field) = self.field.get_untracked() {
            let _ = field.focus();
        }
    }

    /// A key pressed in the text box: answers whether the list took it
    /// (the composer then does nothing more with it, Enter sends nothing).
    pub fn key(self, ev: &leptos::ev::KeyboardEvent) -> bool {
        let Some(found) = self.suggestions() else {
            return false;
        };
        let count = found.len();
        let active = self.active.get_untracked().min(count - 1);
        match ev.key().as_str() {
            "ArrowDown" => self.active.set((active + 1) % count),
            "ArrowUp" => self.active.set((active + count - 1) % count),
            "Enter" | "Tab" if !ev.shift_key() => self.pick(&found[active].name),
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

/// The suggestions, above the text box.
#[component]
pub fn MentionList(picker: MentionPicker) -> impl IntoView {
    move || {
        let found = picker.suggestions()?;
        let active = picker.active.get().min(found.len() - 1);
        Some(view! {
            <ul
                class="mention-suggestions"
                role="listbox"
                id=picker.list_id()
                aria-label="Mention a colleague"
                data-testid="mention-suggestions"
            >
                {found
                    .into_iter()
                    .enumerate()
                    .map(|(index, agent)| {
                        let name = agent.name.clone();
                        view! {
                            <li
                                role="option"
                                id=picker.option_id(index)
                                class="mention-option"
                                class:active=index == active
                                aria-selected=(index == active).to_string()
                                data-testid="mention-option"
                                // The focus stays in the text box.
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| picker.pick(&name)
                            >
                                {format!("@{}", agent.name)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        })
    }
}
