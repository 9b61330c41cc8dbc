//! The one composer the agents write in: the inbox's reply box and the team
//! chat's message box. It keeps a draft per place through switching and
//! reloads, offers colleagues' names after `@` and (in a conversation)
//! saved replies after `/`, sends on Enter (Shift+Enter starts a new line)
//! and hands the text to its owner, who puts it in the outbox.

use crate::components::attachments::{PendingUploads, Uploads};
use crate::components::chat::ChatState;
use crate::components::enter_sends;
use crate::components::saved_replies::SavedReplies;
use crate::components::suggestions::{write_word, Picker, Suggestion, SuggestionList};
use crate::server::fill_saved_reply;
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
    /// The conversation written in: `/` offers saved replies, filled in
    /// for it.
    #[prop(optional)]
    conversation: Option<i64>,
    /// The line beside the send button.
    hint: &'static str,
    #[prop(into)] send_label: Signal<&'static str>,
    #[prop(optional)] send_test_id: Option<&'static str>,
    /// Takes the text written and the files uploaded (never both empty);
    /// the box is emptied.
    send: Callback<(String, Vec<switchboard_types::Attachment>)>,
    /// Files to send: the paperclip, pasting and dropping add them.
    #[prop(optional)]
    uploads: Option<Uploads>,
    /// Each keystroke that changes the text (typing indicators).
    #[prop(optional)]
    typed: Option<Callback<()>>,
    /// Asked before sending: a question to answer first ("Send anyway" or
    /// "Keep editing"; the text stays in the box meanwhile), or none.
    #[prop(optional)]
    ask_first: Option<Callback<(), Option<String>>>,
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
    let me = chat.me;
    let colleagues = Signal::derive(move || {
        chat.staff.with(|staff| {
            staff
                .iter()
                .filter(|a| a.id != me)
                .map(|a| Suggestion {
                    id: a.id,
                    name: a.name.clone(),
                    label: format!("@{}", a.name),
                    detail: None,
                })
                .collect()
        })
    });
    // A name picked is written out after `@`, with a space to go on.
    let mentions = Picker::new(
        body,
        '@',
        colleagues,
        Callback::new(move |s: Suggestion| {
            write_word(body, field, '@', &format!("@{} ", s.name));
        }),
        (mentions, "mention", "Mention a colleague"),
        mentions_on,
    );
    let fill_error = RwSignal::new(None::<String>);
    let replies = use_context::<SavedReplies>();
    let saved_picker = replies.zip(conversation).map(|(replies, number)| {
        let picker = Picker::new(
            body,
            '/',
            replies.suggestions(),
            // Filled in for the conversation by the server, then written
            // out in place of `/shortcut`.
            Callback::new(move |s: Suggestion| {
                leptos::task::spawn_local(async move {
                    match fill_saved_reply(s.id, number).await {
                        Ok(text) => {
                            fill_error.set(None);
                            write_word(body, field, '/', &text);
                        }
                        Err(e) => fill_error.set(Some(e.message)),
                    }
                });
            }),
            ("saved-replies", "saved-reply", "Insert a saved reply"),
            Signal::derive(|| true),
        );
        // Read again each time `/` starts a word: what colleagues and
        // admins saved meanwhile is offered too.
        Effect::new(move |was_typing: Option<bool>| {
            let typing = picker.typing();
            if typing && was_typing != Some(true) {
                replies.reload();
            }
            typing
        });
        picker
    });
    let pickers = move || [Some(mentions), saved_picker].into_iter().flatten();
    let open_picker = move || pickers().find(|p| p.open());
    // The question asked before this text goes, while it waits for an answer.
    let asking = RwSignal::new(None::<String>);
    let upload_error = RwSignal::new(None::<String>);
    let submit = move || {
        let text = body.get_untracked();
        let with_files = uploads.is_some_and(|u| u.any());
        if text.trim().is_empty() && !with_files {
            return;
        }
        if uploads.is_some_and(|u| u.busy()) {
            upload_error.set(Some(
                "Wait for the files to upload, or remove those that failed.".into(),
            ));
            return;
        }
        upload_error.set(None);
        if asking.get_untracked().is_none() {
            if let Some(question) = ask_first.and_then(|ask| ask.run(())) {
                asking.set(Some(question));
                return;
            }
        }
        asking.set(None);
        body.set(String::new());
        let files = uploads.map(|u| u.take()).unwrap_or_default();
        send.run((text, files));
    };
    let picker = NodeRef::<leptos::html::Input>::new();
    view! {
        <form
            class=class
            class:private=move || private.get()
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
            on:dragover=move |ev| {
                if uploads.is_some() {
                    ev.prevent_default();
                }
            }
            on:drop=move |ev| {
                if let Some(uploads) = uploads {
                    uploads.dropped(&ev);
                }
            }
        >
            {children.map(|children| children())}
            <SuggestionList picker=mentions/>
            {saved_picker.map(|picker| view! { <SuggestionList picker/> })}
            <label class="visually-hidden" for=field_id>"Message"</label>
            <textarea
                id=field_id
                data-testid=test_id
                rows=rows.to_string()
                node_ref=field
                placeholder=move || placeholder.get()
                aria-autocomplete="list"
                aria-controls=move || open_picker().map(|p| p.list_id())
                aria-activedescendant=move || open_picker().and_then(|p| p.active_option())
                bind:value=body
                on:input=move |_| {
                    if let Some(typed) = typed {
                        typed.run(());
                    }
                }
                on:paste=move |ev| {
                    if let Some(uploads) = uploads {
                        uploads.pasted(&ev);
                    }
                }
                on:keydown=move |ev| {
                    if pickers().any(|p| p.key(&ev)) {
                        return;
                    }
                    if enter_sends(&ev) {
                        submit();
                    }
                }
            ></textarea>
            {move || fill_error.get().map(|m| view! { <p class="form-error small" role="alert">{m}</p> })}
            {move || asking.get().map(|question| view! {
                <div class="ask-first small" role="alert" data-testid="ask-first">
                    <span>{question}</span>
                    <button type="submit" class="button small primary" data-testid="send-anyway">"Send anyway"</button>
                    <button
                        type="button"
                        class="button small subtle"
                        data-testid="keep-editing"
                        on:click=move |_| {
                            asking.set(None);
                            if let Some(field) = field.get_untracked() {
                                let _ = field.focus();
                            }
                        }
                    >
                        "Keep editing"
                    </button>
                </div>
            })}
            {uploads.map(|uploads| view! { <PendingUploads uploads/> })}
            {move || upload_error.get().map(|m| view! { <p class="form-error small" role="alert">{m}</p> })}
            {move || note.run()}
            <div class="composer-actions">
                {uploads.map(|_uploads| view! {
                    <input type="file" multiple hidden node_ref=picker data-testid="attach-input"
                        on:change=move |_ev| {
                            #[cfg(feature = "browser")]
                            if let Some(input) = picker.get_untracked() {
                                _uploads.add(input.files());
                                input.set_value("");
                            }
                        }/>
                    <button type="button" class="button subtle small attach" data-testid="attach"
                        aria-label="Attach files" title="Attach files (or paste or drop them here)"
                        on:click=move |_| {
                            if let Some(input) = picker.get_untracked() {
                                input.click();
                            }
                        }>"📎"</button>
                })}
                <span class="muted small">{hint}</span>
                <button type="submit" class="button primary" data-testid=send_test_id>
                    {move || send_label.get()}
                </button>
            </div>
        </form>
    }
}
