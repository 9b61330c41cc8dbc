//! The one composer the agents write in: the inbox's reply box and the team
//! chat's message box. It keeps a draft per place through switching and
//! reloads, offers colleagues' names after `@`, sends on Enter (Shift+Enter
//! starts a new line) and hands the text to its owner, who puts it in the
//! outbox.

use crate::components::chat::ChatState;
use crate::components::enter_sends;
use crate::components::mentions::{MentionList, MentionPicker};
use leptos::prelude::*;

/// A message box: `children` above the field (the inbox's Reply / Private
/// note switch), `note` below it, then the hint and the send button.
#[component]
pub fn Composer(
    /// Where the draft is kept in the browser.
    draft_key: String,
    /// The text field's id (its label points at it) and test id.
    field_id: &'static str,
    test_id: &'static str,
    rows: u8,
    #[prop(into)] placeholder: Signal<String>,
    /// The mention list's name (its element ids), and when `@` offers
    /// colleagues.
    mentions: &'static str,
    #[prop(into)] mentions_on: Signal<bool>,
    /// The line beside the send button.
    hint: &'static str,
    #[prop(into)] send_label: Signal<&'static str>,
    #[prop(optional)] send_test_id: Option<&'static str>,
    /// Takes the text written (never blank); the box is emptied.
    send: Callback<String>,
    /// Each keystroke that changes the text (typing indicators).
    #[prop(optional)]
    typed: Option<Callback<()>>,
    class: &'static str,
    /// Marks the box as a private note.
    #[prop(optional, into)]
    private: Signal<bool>,
    #[prop(optional, into)] note: ViewFn,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let body = RwSignal::new(crate::saved::text(&draft_key).unwrap_or_default());
    let draft_key = StoredValue::new(draft_key);
    Effect::new(move |_| {
        let text = body.get();
        draft_key.with_value(|key| crate::saved::set_text(key, Some(&text)));
    });
    let field = NodeRef::<leptos::html::Textarea>::new();
    let picker = MentionPicker::new(body, chat.staff, chat.me, field, mentions, mentions_on);
    let submit = move || {
        let text = body.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        body.set(String::new());
        send.run(text);
    };
    view! {
        <form
            class=class
            class:private=move || private.get()
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            {children.map(|children| children())}
            <MentionList picker/>
            <label class="visually-hidden" for=field_id>"Message"</label>
            <textarea
                id=field_id
                data-testid=test_id
                rows=rows.to_string()
                node_ref=field
                placeholder=move || placeholder.get()
                aria-autocomplete="list"
                aria-controls=move || picker.open().then(|| picker.list_id())
                aria-activedescendant=move || picker.active_option()
                bind:value=body
                on:input=move |_| {
                    if let Some(typed) = typed {
                        typed.run(());
                    }
                }
                on:keydown=move |ev| {
                    if picker.key(&ev) {
                        return;
                    }
                    if enter_sends(&ev) {
                        submit();
                    }
                }
            ></textarea>
            {move || note.run()}
            <div class="composer-actions">
                <span class="muted small">{hint}</span>
                <button type="submit" class="button primary" data-testid=send_test_id>
                    {move || send_label.get()}
                </button>
            </div>
        </form>
    }
}
