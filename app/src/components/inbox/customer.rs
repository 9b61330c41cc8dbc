//! The customer's record in a lightbox: details agents edit, notes, the
//! contact log of who changed what, what the site said of them, and every
//! conversation (each opens). It reads the record again whenever a
//! colleague changes it; what the agent is typing lives outside the part
//! that re-reads, so nothing typed is lost.

use super::customer_attributes::{AttributeFields, AttributeValue};
use super::customer_merge::MergeCustomer;
use super::InboxState;
use crate::components::attachments::AttachmentList;
use crate::components::clock_time;
use crate::components::inbox::list::status_class;
use crate::components::modal::{ConfirmButton, ErrorLine, Modal};
use crate::components::text_field::TextField;
use crate::server::{
    add_contact_note, customer_account, delete_contact_note, edit_contact, edit_contact_note,
};
use leptos::prelude::*;
use std::collections::BTreeMap;
use switchboard_types::{
    attributes_in_order, ContactAccount, ContactChange, ContactLogEntry, ContactNote, Conversation,
    FieldChange,
};

#[component]
pub fn CustomerLightbox(contact_id: i64, close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    // The record shown: the one asked for, or the one it was merged into.
    let shown_id = RwSignal::new(contact_id);
    let account = Resource::new(
        move || (shown_id.get(), state.contacts_version.get()),
        |(id, _)| customer_account(id),
    );
    Effect::new(move |_| {
        if let Some(Ok(account)) = account.get() {
            if account.contact.id != shown_id.get_untracked() {
                shown_id.set(account.contact.id);
            }
        }
    });
    let merged = Callback::new(move |kept: ContactAccount| shown_id.set(kept.contact.id));
    let error = RwSignal::new(None::<String>);
    let fields = Fields::default();
    let editing = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    // The note being edited (its id), when the field below edits one.
    let editing_note = RwSignal::new(None::<i64>);

    let save_fields = move || {
        let change = fields.change();
        leptos::task::spawn_local(async move {
            match edit_contact(shown_id.get_untracked(), change).await {
                Ok(_) => {
                    error.set(None);
                    editing.set(false);
                    account.refetch();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let save_note = move || {
        let (text, editing) = (note.get_untracked(), editing_note.get_untracked());
        leptos::task::spawn_local(async move {
            let done = match editing {
                Some(note_id) => edit_contact_note(shown_id.get_untracked(), note_id, text).await,
                None => add_contact_note(shown_id.get_untracked(), text).await,
            };
            match done {
                Ok(_) => {
                    error.set(None);
                    note.set(String::new());
                    editing_note.set(None);
                    account.refetch();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let delete_note = Callback::new(move |note_id: i64| {
        leptos::task::spawn_local(async move {
            match delete_contact_note(shown_id.get_untracked(), note_id).await {
                Ok(()) => account.refetch(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let edit_note = Callback::new(move |(note_id, body): (i64, String)| {
        editing_note.set(Some(note_id));
        note.set(body);
    });
    let loaded = move || account.get().and_then(Result::ok);

    view! {
        <Modal title="Customer" close>
            <div class="lightbox" data-testid="customer-lightbox">
                <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                    {move || {
                        account.get().map(|result| match result {
                            Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                            Ok(account) => {
                                let shown = account.clone();
                                view! {
                                    <Details account/>
                                    <button
                                        type="button"
                                        class="button subtle"
                                        data-testid="customer-edit"
                                        hidden=move || editing.get()
                                        on:click=move |_| {
                                            state.load_attributes();
                                            fields.fill(&shown);
                                            editing.set(true);
                                        }
                                    >
                                        "Edit details"
                                    </button>
                                }
                                    .into_any()
                            }
                        })
                    }}
                </Suspense>
                <Show when=move || editing.get()>
                    <form
                        class="dialog-form contact-form"
                        data-testid="customer-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            save_fields();
                        }
                    >
                        <TextField label="Name" test_id="customer-name-field" required=true value=fields.name/>
                        <TextField label="E-mail" kind="email" test_id="customer-email-field" value=fields.email/>
                        <TextField label="Phone" kind="tel" test_id="customer-phone-field" value=fields.phone/>
                        <TextField label="Company" test_id="customer-company-field" value=fields.company/>
                        <AttributeFields values=fields.attributes/>
                        <div class="dialog-actions">
                            <button type="button" class="button subtle" on:click=move |_| editing.set(false)>"Cancel"</button>
                            <button type="submit" class="button primary" data-testid="customer-save">"Save"</button>
                        </div>
                    </form>
                </Show>
                <h3>"Notes"</h3>
                <Transition>
                    {move || loaded().map(|account| view! { <Notes notes=account.notes edit=edit_note delete=delete_note/> })}
                </Transition>
                <form
                    class="note-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        save_note();
                    }
                >
                    <TextField
                        label="Note for the team"
                        lines=2
                        test_id="contact-note-field"
                        placeholder="What colleagues should know about this customer"
                        value=note
                    />
                    <div class="dialog-actions">
                        <Show when=move || editing_note.get().is_some()>
                            <button
                                type="button"
                                class="button subtle"
                                on:click=move |_| {
                                    editing_note.set(None);
                                    note.set(String::new());
                                }
                            >
                                "Cancel"
                            </button>
                        </Show>
                        <button type="submit" class="button" data-testid="contact-note-save" disabled=move || note.with(|n| n.trim().is_empty())>
                            {move || if editing_note.get().is_some() { "Save note" } else { "Add note" }}
                        </button>
                    </div>
                </form>
                <ErrorLine error/>
                <Transition>
                    {move || loaded().map(|account| view! {
                        <History log=account.log/>
                        {account.contact.email.clone().map(|address| view! {
                            <super::email_conversation::WriteEmail contact_id=account.contact.id address close/>
                        })}
                        <Conversations conversations=account.conversations close/>
                        <Files contact_id=account.contact.id/>
                    })}
                </Transition>
                <MergeCustomer from=shown_id.into() merged/>
            </div>
        </Modal>
    }
}

/// The record's fields as the form edits them.
#[derive(Clone, Copy, Default)]
struct Fields {
    name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    company: RwSignal<String>,
    /// Every attribute as typed (an empty one is removed).
    attributes: RwSignal<BTreeMap<String, String>>,
}

impl Fields {
    fn fill(self, account: &ContactAccount) {
        self.name.set(account.contact.name.clone());
        self.email
            .set(account.contact.email.clone().unwrap_or_default());
        self.phone.set(account.phone.clone().unwrap_or_default());
        self.company
            .set(account.company.clone().unwrap_or_default());
        self.attributes.set(account.attributes.clone());
    }

    /// Every field as typed (an empty one clears it).
    fn change(self) -> ContactChange {
        ContactChange {
            name: Some(self.name.get_untracked()),
            email: Some(self.email.get_untracked()),
            phone: Some(self.phone.get_untracked()),
            company: Some(self.company.get_untracked()),
            attributes: Some(self.attributes.get_untracked()),
        }
    }
}

#[component]
pub(super) fn Details(account: ContactAccount) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let none = || "—".to_string();
    view! {
        <dl class="details">
            <dt>"Name"</dt>
            <dd data-testid="customer-name">{account.contact.name}</dd>
            <dt>"E-mail"</dt>
            <dd data-testid="customer-email">{account.contact.email.unwrap_or_else(none)}</dd>
            <dt>"Phone"</dt>
            <dd data-testid="customer-phone">{account.phone.unwrap_or_else(none)}</dd>
            <dt>"Company"</dt>
            <dd data-testid="customer-company">{account.company.unwrap_or_else(none)}</dd>
            {account.time_zone.clone().map(|zone| {
                let offset = account.utc_offset_minutes;
                view! {
                    <dt>"Location"</dt>
                    <dd data-testid="customer-location" title="From their browser's time zone">{place_of(&zone)}</dd>
                    <dt>"Local time"</dt>
                    <dd data-testid="customer-local-time">{move || local_time(state.now.get(), offset)}</dd>
                }
            })}
            {account.language.clone().map(|language| view! {
                <dt>"Language"</dt>
                <dd data-testid="customer-language">{language}</dd>
            })}
            {account.browser.clone().map(|browser| view! {
                <dt>"Browser"</dt>
                <dd data-testid="customer-browser">{browser}</dd>
            })}
            <dt>"Customer since"</dt>
            <dd>{account.created_at.get(..10).unwrap_or_default().to_string()}</dd>
            <dt>"Last seen"</dt>
            <dd data-testid="customer-last-seen">{last_seen(&account.conversations)}</dd>
            <dt>"Conversations"</dt>
            <dd>{account.conversations.len()}</dd>
            {move || {
                state.attributes.with(|defined| {
                    attributes_in_order(defined, &account.attributes)
                        .into_iter()
                        .map(|(name, value, definition)| {
                            let name = name.to_string();
                            view! {
                                <dt>{name.clone()}</dt>
                                <dd data-testid="customer-attribute" data-attribute=name>
                                    <AttributeValue value=value.to_string() kind=definition.map(|d| d.kind)/>
                                </dd>
                            }
                        })
                        .collect_view()
                })
            }}
        </dl>
    }
}

/// When the customer was last heard from: the latest message of any of
/// their conversations, `YYYY-MM-DD HH:MM` (UTC, as the inbox's times).
fn last_seen(conversations: &[Conversation]) -> String {
    conversations
        .iter()
        .map(|c| c.last_message_at.as_str())
        .max()
        .map_or_else(
            || "—".to_string(),
            |at| format!("{} {}", at.get(..10).unwrap_or_default(), clock_time(at)),
        )
}

/// Where a time zone is, as people say it: `America/Sao_Paulo` is
/// "Sao Paulo, America".
fn place_of(zone: &str) -> String {
    match zone.rsplit_once('/') {
        Some((region, city)) => format!("{}, {}", city.replace('_', " "), region.replace('_', " ")),
        None => zone.to_string(),
    }
}

/// `HH:MM` at `offset` minutes from UTC, `now_ms` being the time now (none
/// before the page runs in the browser, whose clock it reads).
fn local_time(now_ms: f64, offset: Option<i32>) -> Option<String> {
    let offset = offset?;
    if now_ms <= 0.0 {
        return None;
    }
    let minutes = (now_ms / 60_000.0).floor() as i64 + i64::from(offset);
    let of_day = minutes.rem_euclid(24 * 60);
    Some(format!("{:02}:{:02}", of_day / 60, of_day % 60))
}

/// The team's notes on the customer, oldest first; each its author's to
/// edit (the server says which).
#[component]
fn Notes(
    notes: Vec<ContactNote>,
    edit: Callback<(i64, String)>,
    delete: Callback<i64>,
) -> impl IntoView {
    if notes.is_empty() {
        return view! { <p class="muted small" data-testid="no-contact-notes">"No notes yet."</p> }
            .into_any();
    }
    view! {
        <ul class="contact-notes">
            {notes
                .into_iter()
                .map(|n| {
                    let (id, body) = (n.id, n.body.clone());
                    view! {
                        <li class="contact-note" data-testid="contact-note">
                            <p class="note-body">{n.body}</p>
                            <span class="muted small">
                                {n.author.name} " · " {n.created_at.get(..10).unwrap_or_default().to_string()} " "
                                {clock_time(&n.created_at)} {n.edited_at.is_some().then_some(" · edited")}
                            </span>
                            {n.editable.then(|| view! {
                                <button type="button" class="link small" data-testid="contact-note-edit" on:click=move |_| edit.run((id, body.clone()))>
                                    "Edit"
                                </button>
                            })}
                            {n.deletable.then(|| view! {
                                <ConfirmButton
                                    label="Delete"
                                    question="Delete this note?"
                                    confirm="Delete"
                                    test_id="contact-note-delete"
                                    class="link small danger"
                                    title="Delete this note"
                                    on_confirm=Callback::new(move |_| delete.run(id))
                                />
                            })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The contact log: who changed what, newest first.
#[component]
fn History(log: Vec<ContactLogEntry>) -> impl IntoView {
    (!log.is_empty()).then(|| {
        view! {
            <h3>"History"</h3>
            <ul class="contact-log">
                {log
                    .into_iter()
                    .map(|entry| view! {
                        <li data-testid="contact-log-entry">
                            {log_text(&entry)}
                            <span class="muted small">" · " {clock_time(&entry.created_at)}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
    })
}

fn log_text(entry: &ContactLogEntry) -> String {
    let who = entry
        .agent
        .as_ref()
        .map_or("Switchboard", |a| a.name.as_str());
    match entry.kind.as_str() {
        "note.added" => format!("{who} added a note"),
        "note.edited" => format!("{who} edited a note"),
        "note.deleted" => format!("{who} deleted a note"),
        "contact.merged" => {
            let merged = entry
                .changes
                .iter()
                .find(|c| c.field == "customer")
                .and_then(|c| c.from.clone())
                .unwrap_or_else(|| "another customer".into());
            let filled: Vec<&str> = entry
                .changes
                .iter()
                .filter(|c| c.field != "customer")
                .map(|c| {
                    if c.field == "email" {
                        "e-mail"
                    } else {
                        c.field.as_str()
                    }
                })
                .collect();
            match filled.is_empty() {
                true => format!("{who} merged {merged} into this customer"),
                false => format!(
                    "{who} merged {merged} into this customer (which took their {})",
                    filled.join(", ")
                ),
            }
        }
        "contact.site_set" => format!("The site set {}", changes_text(&entry.changes)),
        "contact.prechat" => {
            let (consent, answers): (Vec<FieldChange>, Vec<FieldChange>) = entry
                .changes
                .iter()
                .cloned()
                .partition(|c| c.field == "consent");
            let mut said = format!(
                "The customer answered the pre-chat form: {}",
                changes_text(&answers)
            );
            if let Some(agreed) = consent.first().and_then(|c| c.to.as_ref()) {
                said.push_str(&format!("; they agreed: “{agreed}”"));
            }
            said
        }
        "contact.imported" => format!(
            "{who} imported this customer from a file: {}",
            changes_text(&entry.changes)
        ),
        _ => format!("{who} changed {}", changes_text(&entry.changes)),
    }
}

/// What changed, as the log says it: "the e-mail from a to b, the plan to pro".
pub(super) fn changes_text(changes: &[FieldChange]) -> String {
    let said: Vec<String> = changes
        .iter()
        .map(|c| {
            let field = match c.field.as_str() {
                "email" => "e-mail",
                other => other.strip_prefix("attributes.").unwrap_or(other),
            };
            match (&c.from, &c.to) {
                (Some(from), Some(to)) => format!("the {field} from {from} to {to}"),
                (None, Some(to)) => format!("the {field} to {to}"),
                (Some(from), None) => format!("the {field} (was {from}) to nothing"),
                (None, None) => format!("the {field}"),
            }
        })
        .collect();
    said.join(", ")
}

/// Every conversation of the customer, newest first; a click opens it.
/// The files in the customer's conversations: pictures open in a new tab,
/// other files download.
#[component]
fn Files(contact_id: i64) -> impl IntoView {
    let files = Resource::new(move || contact_id, crate::server::contact_files);
    view! {
        <Transition>
            {move || files.get().and_then(Result::ok).filter(|f| !f.is_empty()).map(|files| view! {
                <section data-testid="customer-files">
                    <h3>"Files"</h3>
                    <AttachmentList files/>
                </section>
            })}
        </Transition>
    }
}

#[component]
pub(super) fn Conversations(
    conversations: Vec<Conversation>,
    close: Callback<()>,
) -> impl IntoView {
    let state = expect_context::<InboxState>();
    view! {
        <h3>"Conversations"</h3>
        <ul class="account-conversations">
            {conversations
                .into_iter()
                .map(|c| {
                    let number = c.number;
                    view! {
                        <li>
                            <button
                                class="conversation-row"
                                data-testid="account-conversation"
                                on:click=move |_| {
                                    close.run(());
                                    state.open(number);
                                }
                            >
                                <span class=format!("status-dot {}", status_class(c.status))></span>
                                <span class="row-main">
                                    <span class="row-top">
                                        <strong>"#" {number}</strong>
                                        <span class="spacer"></span>
                                        <span class="muted small">
                                            {c.last_message_at.get(..10).unwrap_or_default().to_string()} " "
                                            {clock_time(&c.last_message_at)}
                                        </span>
                                    </span>
                                    <span class="preview">{c.last_message.unwrap_or_default()}</span>
                                    <super::labels::LabelChips names=c.labels.clone()/>
                                </span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
