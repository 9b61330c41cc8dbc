//! The Mailboxes dialog: the support addresses whose mail becomes
//! conversations, how each one's mail arrives (an IMAP folder, or a mail
//! server posting it), how replies leave, and a test of its connections.

use super::ListDialog;
use crate::components::clock_time;
use crate::components::modal::{report_failure, ConfirmButton, ErrorLine};
use crate::server::{
    load_mailboxes, load_queue_setups, AddMailbox, ChangeMailbox, CheckMailbox, RemoveMailbox,
};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{
    CheckResult, ImapSecurity, ImapSettingsInput, Mailbox, MailboxInbound, MailboxInput, QueueSetup,
};

/// Where a mail server posts a mailbox's mail.
const INBOUND_PATH: &str = "/api/v1/inbound/email";

/// The inbound route as a mail server reaches it: with this page's origin
/// in the browser.
fn inbound_url() -> String {
    #[cfg(feature = "browser")]
    if let Some(origin) = web_sys::window().and_then(|w| w.location().origin().ok()) {
        return format!("{origin}{INBOUND_PATH}");
    }
    INBOUND_PATH.to_string()
}

/// Text typed: trimmed, none when empty.
fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Every mailbox, with how its mail arrives and leaves; the form adding one.
#[component]
pub fn MailboxesDialog(close: Callback<()>) -> impl IntoView {
    // Bumped after each mailbox changed or removed: the list is read again.
    let changed = RwSignal::new(0u32);
    // Bumped after each one added: the list is read again, the form empties.
    let added = RwSignal::new(0u32);
    let mailboxes = Resource::new(move || (changed.get(), added.get()), |_| load_mailboxes());
    let queue_setups = Resource::new(|| (), |_| load_queue_setups());
    let queues = Signal::derive(move || queue_setups.get().and_then(Result::ok));
    let listed = Signal::derive(move || mailboxes.get().and_then(Result::ok));
    let failed = Signal::derive(move || {
        mailboxes
            .get()
            .and_then(Result::err)
            .or_else(|| queue_setups.get().and_then(Result::err))
            .map(|e| e.message)
    });
    // The mailbox whose form is open; none: the form at the bottom adds one.
    let editing = RwSignal::new(None::<i64>);
    let saved = Callback::new(move |_: Mailbox| {
        editing.set(None);
        changed.update(|n| *n += 1);
    });
    let new_saved = Callback::new(move |_: Mailbox| added.update(|n| *n += 1));
    let removed = Callback::new(move |id: i64| {
        if editing.get_untracked() == Some(id) {
            editing.set(None);
        }
        changed.update(|n| *n += 1);
    });

    view! {
        <ListDialog
            title="Mailboxes"
            test_id="mailboxes-dialog"
            close
            error=failed
            intro=|| {
                "Mail to each support address becomes a conversation, and your replies go out from it. \
                 Switchboard takes the mail from an IMAP folder, or your mail server forwards it."
            }
            add=move || {
                move || {
                    // Made again once one is added: the form starts empty.
                    added.track();
                    editing.with(Option::is_none).then(|| {
                        view! {
                            <section class="mailbox-add" aria-labelledby="mailbox-add-heading">
                                <h3 id="mailbox-add-heading">"Add a mailbox"</h3>
                                <MailboxForm mailbox=None queues saved=new_saved/>
                            </section>
                        }
                    })
                }
            }
        >
            <Show when=move || listed.get().is_some_and(|list| list.is_empty())>
                <p class="muted" data-testid="no-mailboxes">"No mailboxes yet."</p>
            </Show>
            <For each=move || listed.get().unwrap_or_default() key=|mailbox| mailbox.id let:mailbox>
                <MailboxCard mailbox listed queues editing saved removed/>
            </For>
        </ListDialog>
    }
}

/// One mailbox: its address, name and queue, how its mail arrives, its
/// last check, the secret a mail server posts with; Test connection, Edit
/// and Remove. Editing, its form takes the card's place.
#[component]
fn MailboxCard(
    mailbox: Mailbox,
    listed: Signal<Option<Vec<Mailbox>>>,
    queues: Signal<Option<Vec<QueueSetup>>>,
    editing: RwSignal<Option<i64>>,
    saved: Callback<Mailbox>,
    removed: Callback<i64>,
) -> impl IntoView {
    let id = mailbox.id;
    // As stored now: read again after each change.
    let current = Memo::new(move |_| {
        listed
            .get()
            .and_then(|list| list.into_iter().find(|m| m.id == id))
            .unwrap_or_else(|| mailbox.clone())
    });
    let check = ServerAction::<CheckMailbox>::new();
    let remove = ServerAction::<RemoveMailbox>::new();
    let busy = Signal::derive(move || check.pending().get() || remove.pending().get());
    let error = RwSignal::new(None::<String>);
    report_failure(check, error);
    report_failure(remove, error);
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            removed.run(id);
        }
    });
    // Back from the form, the focus goes to Edit again.
    let edit_button = NodeRef::<leptos::html::Button>::new();
    let refocus = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(button) = edit_button.get() {
            if refocus.get_untracked() {
                refocus.set(false);
                let _ = button.focus();
            }
        }
    });
    let done_editing = Callback::new(move |_: ()| {
        refocus.set(true);
        editing.set(None);
    });
    let saved_here = Callback::new(move |mailbox: Mailbox| {
        refocus.set(true);
        saved.run(mailbox);
    });
    let secret_box = NodeRef::<leptos::html::Input>::new();

    let details = move || {
        let mailbox = current.get();
        let arrives = match &mailbox.imap {
            Some(imap) => format!(
                "IMAP: {}@{}:{}, {}",
                imap.user, imap.host, imap.port, imap.folder
            ),
            None => "Forwarded by your mail server".to_string(),
        };
        let moved = mailbox.imap.as_ref().map(|imap| match &imap.move_to {
            Some(folder) => format!("Taken mail is moved to {folder}."),
            None => "Taken mail stays in the folder, marked read.".to_string(),
        });
        let replies = if mailbox.own_smtp {
            "Through its own SMTP server"
        } else {
            "Through the server's SMTP server"
        };
        let checked = match &mailbox.polled_at {
            Some(at) => view! {
                <time datetime=at.clone() data-testid="mailbox-polled">
                    {format!("{} {}", at.get(..10).unwrap_or_default(), clock_time(at))}
                </time>
            }
            .into_any(),
            None => view! { <span data-testid="mailbox-polled">"Not yet"</span> }.into_any(),
        };
        let polled = mailbox.inbound == MailboxInbound::Imap
            || mailbox.polled_at.is_some()
            || mailbox.poll_error.is_some();
        let curl = format!(
            "curl --data-binary @- -H 'Authorization: Bearer {}' {}",
            mailbox.forward_secret,
            inbound_url()
        );
        let forwarded = mailbox.inbound == MailboxInbound::Forward;
        view! {
            <dl class="details mailbox-details">
                <dt>"Replies as"</dt>
                <dd data-testid="mailbox-sender-name">{mailbox.name.clone()}</dd>
                <dt>"Queue"</dt>
                <dd data-testid="mailbox-queue-name">
                    {mailbox.queue.as_ref().map_or("None".to_string(), |q| q.name.clone())}
                </dd>
                <dt>"Mail arrives"</dt>
                <dd>
                    <span data-testid="mailbox-arrives">{arrives}</span>
                    {moved.map(|moved| view! { <span class="muted small">" " {moved}</span> })}
                </dd>
                <dt>"Replies leave"</dt>
                <dd>
                    {replies}
                    {mailbox
                        .acknowledge
                        .then_some(", with an acknowledgement to each new conversation's customer")}
                </dd>
                {polled
                    .then(|| {
                        view! {
                            <dt>"Last check"</dt>
                            <dd>{checked}</dd>
                        }
                    })}
            </dl>
            {mailbox
                .poll_error
                .clone()
                .map(|why| {
                    view! {
                        <p class="form-error" data-testid="mailbox-poll-error">
                            "Taking mail failed: " {why}
                        </p>
                    }
                })}
            <div class="mailbox-forwarding">
                <label class="field">
                    {if forwarded { "Forwarding secret" } else { "Forwarding secret (a mail server may post mail here too)" }}
                    <input
                        type="text"
                        readonly
                        class="secret"
                        data-testid="mailbox-secret"
                        prop:value=mailbox.forward_secret.clone()
                        node_ref=secret_box
                        on:focus=move |_| {
                            if let Some(input) = secret_box.get() {
                                input.select();
                            }
                        }
                    />
                </label>
                <p class="muted small">"Your mail server posts each mail (as it arrived, whole) with:"</p>
                <code class="curl-line" data-testid="mailbox-curl">{curl}</code>
            </div>
        }
    };

    let check_lines = move || {
        check.value().get().and_then(Result::ok).map(|found| {
            let line = |part: &'static str, result: CheckResult| {
                let (mark, class) = if result.ok {
                    ("✓ ", "check-result ok")
                } else {
                    ("✗ ", "check-result failed")
                };
                view! {
                    <dt>{mark} {part}</dt>
                    <dd class=class data-testid="mailbox-check" data-ok=result.ok.to_string()>
                        {result.message}
                    </dd>
                }
            };
            view! {
                <dl class="details mailbox-checks">
                    {found.imap.map(|r| line("Taking mail (IMAP)", r))}
                    {found.smtp.map(|r| line("Sending replies (SMTP)", r))}
                </dl>
            }
        })
    };

    view! {
        <div class="admin-card mailbox-card" data-testid="mailbox" data-mailbox-id=id>
            <h3>{move || current.with(|m| m.address.clone())}</h3>
            {move || {
                if editing.get() == Some(id) {
                    view! {
                        <MailboxForm
                            mailbox=Some(current.get_untracked())
                            queues
                            saved=saved_here
                            cancel=done_editing
                        />
                    }
                    .into_any()
                } else {
                    view! {
                        {details}
                        <div role="status" aria-live="polite">
                            {move || check.pending().get().then(|| view! { <p class="muted small">"Testing…"</p> })}
                            {check_lines}
                        </div>
                        <ErrorLine error/>
                        <div class="admin-card-actions">
                            <button
                                type="button"
                                class="button small"
                                data-testid="test-mailbox"
                                disabled=move || busy.get()
                                on:click=move |_| {
                                    check.dispatch(CheckMailbox { mailbox_id: id });
                                }
                            >
                                {move || if check.pending().get() { "Testing…" } else { "Test connection" }}
                            </button>
                            <button
                                type="button"
                                class="button subtle small"
                                data-testid="edit-mailbox"
                                node_ref=edit_button
                                disabled=move || busy.get()
                                on:click=move |_| editing.set(Some(id))
                            >
                                "Edit"
                            </button>
                            <ConfirmButton
                                label="Remove"
                                question="Remove this mailbox? Its mail is taken no more; its conversations stay."
                                confirm="Remove"
                                test_id="remove-mailbox"
                                class="button danger small"
                                disabled=busy
                                on_confirm=Callback::new(move |_| {
                                    remove.dispatch(RemoveMailbox { mailbox_id: id });
                                })
                            />
                        </div>
                    }
                    .into_any()
                }
            }}
        </div>
    }
}

/// The form adding a mailbox (`mailbox` none) or changing one. A password
/// or SMTP URL left empty on a change keeps the stored one.
#[component]
fn MailboxForm(
    mailbox: Option<Mailbox>,
    queues: Signal<Option<Vec<QueueSetup>>>,
    saved: Callback<Mailbox>,
    #[prop(optional)] cancel: Option<Callback<()>>,
) -> impl IntoView {
    let id = mailbox.as_ref().map(|m| m.id);
    // Element ids, unique on the page.
    let key = id.map_or_else(|| "new".to_string(), |id| id.to_string());
    let element_id = move |what: &str| format!("mailbox-{key}-{what}");
    let imap = mailbox.as_ref().and_then(|m| m.imap.clone());
    // Whether a password is stored already (left empty, it is kept).
    let has_password = imap.is_some();
    let own_smtp = mailbox.as_ref().is_some_and(|m| m.own_smtp);

    let address = RwSignal::new(
        mailbox
            .as_ref()
            .map(|m| m.address.clone())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(mailbox.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let queue = RwSignal::new(
        mailbox
            .as_ref()
            .and_then(|m| m.queue.as_ref())
            .map(|q| q.id.to_string())
            .unwrap_or_default(),
    );
    let inbound = RwSignal::new(
        mailbox
            .as_ref()
            .map_or(MailboxInbound::Imap, |m| m.inbound)
            .as_str()
            .to_string(),
    );
    let host = RwSignal::new(imap.as_ref().map(|i| i.host.clone()).unwrap_or_default());
    let port = RwSignal::new(
        imap.as_ref()
            .map(|i| i.port.to_string())
            .unwrap_or_default(),
    );
    let security = RwSignal::new(
        imap.as_ref()
            .map_or(ImapSecurity::Tls, |i| i.security)
            .as_str()
            .to_string(),
    );
    let user = RwSignal::new(imap.as_ref().map(|i| i.user.clone()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let folder = RwSignal::new(
        imap.as_ref()
            .map_or_else(|| "INBOX".to_string(), |i| i.folder.clone()),
    );
    let move_to = RwSignal::new(
        imap.as_ref()
            .and_then(|i| i.move_to.clone())
            .unwrap_or_default(),
    );
    let smtp = RwSignal::new(String::new());
    let smtp_clear = RwSignal::new(false);
    let signature = RwSignal::new(
        mailbox
            .as_ref()
            .and_then(|m| m.signature.clone())
            .unwrap_or_default(),
    );
    let acknowledge = RwSignal::new(mailbox.as_ref().is_some_and(|m| m.acknowledge));

    let add = ServerAction::<AddMailbox>::new();
    let change = ServerAction::<ChangeMailbox>::new();
    let error = RwSignal::new(None::<String>);
    report_failure(add, error);
    report_failure(change, error);
    Effect::new(move |_| {
        if let Some(Ok(mailbox)) = add.value().get() {
            saved.run(mailbox);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(mailbox)) = change.value().get() {
            saved.run(mailbox);
        }
    });
    let pending = Signal::derive(move || add.pending().get() || change.pending().get());
    let by_imap = Signal::derive(move || inbound.with(|i| i == MailboxInbound::Imap.as_str()));

    // The first field takes the focus when a mailbox's form opens.
    let address_box = NodeRef::<leptos::html::Input>::new();
    if id.is_some() {
        Effect::new(move |_| {
            if let Some(input) = address_box.get() {
                let _ = input.focus();
            }
        });
    }

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let port_number = match port.with_untracked(|p| p.trim().to_string()) {
            p if p.is_empty() => None,
            p => match p.parse::<u16>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    error.set(Some("The IMAP port is a number from 1 to 65535".into()));
                    return;
                }
            },
        };
        let imap = by_imap.get_untracked().then(|| ImapSettingsInput {
            host: host.get_untracked().trim().to_string(),
            port: port_number,
            security: security.get_untracked().parse().ok(),
            user: user.get_untracked().trim().to_string(),
            // Passwords may start or end with spaces: sent as typed.
            password: Some(password.get_untracked()).filter(|p| !p.is_empty()),
            folder: optional(folder.get_untracked()),
            move_to: optional(move_to.get_untracked()),
        });
        let smtp_url = match optional(smtp.get_untracked()) {
            Some(url) => Some(url),
            // Empty, on a change: kept, unless the admin chose the server's own.
            None if id.is_some() && smtp_clear.get_untracked() => Some(String::new()),
            None => None,
        };
        let input = MailboxInput {
            address: address.get_untracked().trim().to_string(),
            name: name.get_untracked().trim().to_string(),
            queue_id: queue.with_untracked(|q| q.parse().ok()),
            imap,
            smtp_url,
            signature: optional(signature.get_untracked()),
            acknowledge: acknowledge.get_untracked(),
        };
        match id {
            Some(mailbox_id) => {
                change.dispatch(ChangeMailbox { mailbox_id, input });
            }
            None => {
                add.dispatch(AddMailbox { input });
            }
        }
    };

    let inbound_hint = element_id("inbound-hint");
    let password_hint = element_id("password-hint");
    let move_hint = element_id("move-hint");
    let smtp_hint = element_id("smtp-hint");
    let signature_hint = element_id("signature-hint");
    let editing = id.is_some();

    view! {
        <form class="mailbox-form" on:submit=submit>
            <div class="mailbox-fields">
                <label class="field">
                    "Address"
                    <input
                        type="email"
                        required
                        placeholder="support@example.com"
                        data-testid="mailbox-address"
                        node_ref=address_box
                        bind:value=address
                    />
                </label>
                <label class="field">
                    "Name replies are sent as"
                    <input
                        type="text"
                        required
                        maxlength="100"
                        placeholder="Example Support"
                        data-testid="mailbox-name"
                        bind:value=name
                    />
                </label>
            </div>
            <label class="field">
                "Queue for its new conversations"
                <select data-testid="mailbox-queue" on:change=move |ev| queue.set(event_target_value(&ev))>
                    <option value="" selected=move || queue.with(String::is_empty)>"None"</option>
                    {move || {
                        queues
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|q| {
                                let value = q.id.to_string();
                                let chosen = value.clone();
                                view! {
                                    <option value=value selected=move || queue.with(|v| *v == chosen)>
                                        {q.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label class="field">
                "How mail arrives"
                <select
                    data-testid="mailbox-inbound"
                    aria-describedby=inbound_hint.clone()
                    on:change=move |ev| inbound.set(event_target_value(&ev))
                >
                    <option value="imap" selected=move || by_imap.get()>"IMAP folder"</option>
                    <option value="forward" selected=move || !by_imap.get()>"Forwarded by a mail server"</option>
                </select>
            </label>
            <p class="muted small" id=inbound_hint>
                {move || {
                    if by_imap.get() {
                        "Switchboard logs in and takes new mail from the folder every minute or so."
                    } else {
                        "Your mail server posts each mail to Switchboard: once saved, the mailbox shows the secret and the line to post with."
                    }
                }}
            </p>
            <Show when=move || by_imap.get()>
                <fieldset class="mailbox-imap">
                    <legend>"IMAP folder"</legend>
                    <div class="mailbox-fields">
                        <label class="field">
                            "Server"
                            <input
                                type="text"
                                required
                                placeholder="imap.example.com"
                                autocomplete="off"
                                data-testid="imap-host"
                                bind:value=host
                            />
                        </label>
                        <label class="field">
                            "Security"
                            <select data-testid="imap-security" on:change=move |ev| security.set(event_target_value(&ev))>
                                <option value="tls" selected=move || security.with(|s| s == "tls")>"TLS (993)"</option>
                                <option value="starttls" selected=move || security.with(|s| s == "starttls")>
                                    "STARTTLS (143)"
                                </option>
                                <option value="none" selected=move || security.with(|s| s == "none")>
                                    "None (same machine only)"
                                </option>
                            </select>
                        </label>
                        <label class="field">
                            "Port (optional)"
                            <input
                                type="number"
                                min="1"
                                max="65535"
                                placeholder=move || if security.with(|s| s == "tls") { "993" } else { "143" }
                                data-testid="imap-port"
                                bind:value=port
                            />
                        </label>
                        <label class="field">
                            "User"
                            <input
                                type="text"
                                required
                                autocomplete="off"
                                data-testid="imap-user"
                                bind:value=user
                            />
                        </label>
                        <label class="field">
                            "Password"
                            <input
                                type="password"
                                required=!(editing && has_password)
                                autocomplete="new-password"
                                aria-describedby=password_hint.clone()
                                data-testid="imap-password"
                                bind:value=password
                            />
                        </label>
                        <label class="field">
                            "Folder"
                            <input type="text" required placeholder="INBOX" data-testid="imap-folder" bind:value=folder/>
                        </label>
                        <label class="field">
                            "Move taken mail to (optional)"
                            <input
                                type="text"
                                placeholder="Archive"
                                aria-describedby=move_hint.clone()
                                data-testid="imap-move-to"
                                bind:value=move_to
                            />
                        </label>
                    </div>
                    <p class="muted small" id=password_hint.clone()>
                        {if editing && has_password {
                            "Password: empty keeps the stored one."
                        } else {
                            "Password: stored, never shown again."
                        }}
                    </p>
                    <p class="muted small" id=move_hint.clone()>
                        {move || {
                            if move_to.with(|m| m.trim().is_empty()) {
                                "Leave taken mail in the folder, marked read".to_string()
                            } else {
                                format!("Taken mail is moved to {}", move_to.with(|m| m.trim().to_string()))
                            }
                        }}
                    </p>
                </fieldset>
            </Show>
            <label class="field">
                "SMTP server for replies (optional)"
                <input
                    type="text"
                    inputmode="url"
                    autocomplete="off"
                    placeholder="smtp://user:pass@host:587?tls=required"
                    aria-describedby=smtp_hint.clone()
                    data-testid="mailbox-smtp"
                    bind:value=smtp
                />
            </label>
            <p class="muted small" id=smtp_hint>
                "smtp://user:pass@host:587?tls=required; empty: the server's own"
                {(editing && own_smtp).then_some(". Empty keeps this mailbox's own server.")}
            </p>
            {(editing && own_smtp)
                .then(|| {
                    view! {
                        <label class="check">
                            <input
                                type="checkbox"
                                data-testid="mailbox-smtp-clear"
                                prop:checked=move || smtp_clear.get()
                                on:change=move |ev| smtp_clear.set(event_target_checked(&ev))
                            />
                            "Send replies through the server's own SMTP server instead"
                        </label>
                    }
                })}
            <label class="field">
                "Signature (optional)"
                <textarea
                    rows="3"
                    maxlength="2000"
                    aria-describedby=signature_hint.clone()
                    data-testid="mailbox-signature"
                    bind:value=signature
                ></textarea>
            </label>
            <p class="muted small" id=signature_hint>"Put under each reply; empty: the company's e-mail signature."</p>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="mailbox-acknowledge"
                    prop:checked=move || acknowledge.get()
                    on:change=move |ev| acknowledge.set(event_target_checked(&ev))
                />
                "Send an acknowledgement (\"we got your message, #22\") to each new conversation's customer"
            </label>
            <ErrorLine error/>
            <div class="admin-card-actions">
                {cancel
                    .map(|cancel| {
                        view! {
                            <button
                                type="button"
                                class="button subtle small"
                                data-testid="cancel-mailbox"
                                on:click=move |_| cancel.run(())
                            >
                                "Cancel"
                            </button>
                        }
                    })}
                <button
                    type="submit"
                    class="button primary small"
                    data-testid="save-mailbox"
                    disabled=move || pending.get()
                >
                    {if editing { "Save" } else { "Add mailbox" }}
                </button>
            </div>
        </form>
    }
}
