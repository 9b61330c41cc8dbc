//! The widget's settings dialog: the snippet to embed, identity
//! verification, texts, colour and position with a live preview, the queue
//! new chats go to, and whether replies by e-mail can go out.

use super::copy_to_clipboard;
use crate::components::modal::{report_failure, ModalForm};
use crate::components::text_field::TextField;
use crate::server::{
    load_attributes, load_widget_choices, load_widget_settings, mail_server_set, SaveWidgetSettings,
};
use leptos::prelude::*;
use switchboard_types::{
    PrechatMode, PrechatSettings, SatisfactionSettings, WidgetSettings, WidgetSettingsChange,
    WorkingHours,
};

/// What the admin edits, field by field.
#[derive(Clone, Copy)]
struct Form {
    greeting: RwSignal<String>,
    offline_message: RwSignal<String>,
    color: RwSignal<String>,
    position: RwSignal<String>,
    enforce_identity: RwSignal<bool>,
    queue_id: RwSignal<Option<i64>>,
    email_signature: RwSignal<String>,
    /// One site a line.
    allowed_origins: RwSignal<String>,
    prechat_mode: RwSignal<PrechatMode>,
    /// What the pre-chat form asks, in order.
    prechat_fields: RwSignal<Vec<String>>,
    consent: RwSignal<String>,
    consent_url: RwSignal<String>,
    /// Customer satisfaction: whether, what and who hears of low ratings.
    satisfaction: RwSignal<SatisfactionSettings>,
}

impl Form {
    fn new() -> Self {
        Form {
            greeting: RwSignal::new(String::new()),
            offline_message: RwSignal::new(String::new()),
            color: RwSignal::new("#2563eb".into()),
            position: RwSignal::new("right".into()),
            enforce_identity: RwSignal::new(false),
            queue_id: RwSignal::new(None),
            email_signature: RwSignal::new(String::new()),
            allowed_origins: RwSignal::new(String::new()),
            prechat_mode: RwSignal::new(PrechatMode::Off),
            prechat_fields: RwSignal::new(Vec::new()),
            consent: RwSignal::new(String::new()),
            consent_url: RwSignal::new(String::new()),
            satisfaction: RwSignal::new(SatisfactionSettings::default()),
        }
    }

    /// Shows the settings as stored.
    fn fill(self, settings: &WidgetSettings) {
        self.greeting.set(settings.greeting.clone());
        self.offline_message.set(settings.offline_message.clone());
        self.color.set(settings.color.clone());
        self.position.set(settings.position.clone());
        self.enforce_identity.set(settings.enforce_identity);
        self.queue_id.set(settings.queue_id);
        self.email_signature.set(settings.email_signature.clone());
        self.allowed_origins
            .set(settings.allowed_origins.join("\n"));
        self.prechat_mode.set(settings.prechat.mode);
        self.prechat_fields.set(settings.prechat.fields.clone());
        self.consent
            .set(settings.prechat.consent.clone().unwrap_or_default());
        self.consent_url
            .set(settings.prechat.consent_url.clone().unwrap_or_default());
        self.satisfaction.set(settings.satisfaction.clone());
    }

    /// Everything in the dialog, as one change.
    fn change(self) -> WidgetSettingsChange {
        WidgetSettingsChange {
            greeting: Some(self.greeting.get_untracked()),
            offline_message: Some(self.offline_message.get_untracked()),
            color: Some(self.color.get_untracked()),
            position: Some(self.position.get_untracked()),
            enforce_identity: Some(self.enforce_identity.get_untracked()),
            // Working hours are the queue's, set in Queues (one place).
            working_hours: None,
            clear_working_hours: false,
            queue_id: self.queue_id.get_untracked(),
            email_signature: Some(self.email_signature.get_untracked()),
            allowed_origins: Some(
                self.allowed_origins
                    .get_untracked()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
            ),
            prechat: Some(PrechatSettings {
                mode: self.prechat_mode.get_untracked(),
                fields: self.prechat_fields.get_untracked(),
                consent: Some(self.consent.get_untracked()),
                consent_url: Some(self.consent_url.get_untracked()),
            }),
            satisfaction: Some(self.satisfaction.get_untracked()),
        }
    }
}

/// The signature as a reply would close: `{agent}` and `{company}` filled in.
fn signature_preview(signature: &str, agent: &str, company: &str) -> String {
    signature
        .replace("{agent}", agent)
        .replace("{company}", company)
}

/// When a queue answers, in a line: "at all hours", or its time zone,
/// days and hours.
fn hours_summary(hours: Option<&WorkingHours>) -> String {
    let Some(hours) = hours else {
        return "at all hours".to_string();
    };
    if hours.openings.is_empty() {
        return format!("never (no opening hours, {})", hours.time_zone);
    }
    let days = hours
        .openings
        .iter()
        .map(|o| format!("{} {}–{}", &o.day.label()[..3], o.opens, o.closes))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{days} ({})", hours.time_zone)
}

/// The widget's snippet, identity, texts, look and queue; `open_queues`
/// takes the admin to the queue's working hours.
#[component]
pub fn WidgetSettingsDialog(close: Callback<()>, open_queues: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let stored = RwSignal::new(None::<WidgetSettings>);
    let save = ServerAction::<SaveWidgetSettings>::new();
    let error = RwSignal::new(None::<String>);
    report_failure(save, error);
    let saved = RwSignal::new(false);
    let copied = RwSignal::new(None::<&'static str>);
    let snippet_box = NodeRef::<leptos::html::Textarea>::new();

    // The settings as stored fill the form, when read and after each save.
    let loaded = Resource::new(|| (), |_| load_widget_settings());
    Effect::new(move |_| match loaded.get() {
        Some(Ok(settings)) => {
            form.fill(&settings);
            stored.set(Some(settings));
        }
        Some(Err(e)) => error.set(Some(e.message)),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(settings)) = save.value().get() {
            form.fill(&settings);
            stored.set(Some(settings));
            saved.set(true);
        }
    });
    // The queues to choose from, and the names the signature's preview
    // fills in.
    let choices = Resource::new(|| (), |_| load_widget_choices());
    let choice = move || choices.get().and_then(Result::ok);
    let queues = move || choice().map(|(queues, _, _)| queues).unwrap_or_default();
    let my_name = move || choice().map_or_else(|| "Your name".to_string(), |(_, name, _)| name);
    let company = move || choice().map(|(_, _, company)| company).unwrap_or_default();
    let mail = Resource::new(|| (), |_| mail_server_set());
    // What a pre-chat form may ask: the record's details, then each
    // attribute admins defined.
    let attributes = Resource::new(|| (), |_| load_attributes());
    let askable = move || {
        let mut fields: Vec<(String, String)> =
            [("name", "Name"), ("email", "E-mail"), ("phone", "Phone")]
                .into_iter()
                .map(|(field, label)| (field.to_string(), label.to_string()))
                .collect();
        if let Some(Ok(defined)) = attributes.get() {
            fields.extend(defined.into_iter().map(|d| (d.name.clone(), d.name)));
        }
        fields
    };
    let mail_server = move || mail.get().and_then(Result::ok);

    let submit = move || {
        saved.set(false);
        save.dispatch(SaveWidgetSettings {
            change: form.change(),
        });
    };

    let select_snippet = move || {
        if let Some(area) = snippet_box.get() {
            area.select();
        }
    };
    let copy = move |_| {
        select_snippet();
        let text = stored.with_untracked(|s| s.as_ref().map(|s| s.snippet.clone()));
        let done = text.is_some_and(|text| copy_to_clipboard(&text));
        copied.set(Some(if done {
            "Copied"
        } else {
            "Selected: press Ctrl+C to copy"
        }));
    };
    let shown = move |field: fn(&WidgetSettings) -> String| {
        move || stored.with(|s| s.as_ref().map(field).unwrap_or_default())
    };
    // Any edit hides the last "Saved".
    let edited = move || saved.set(false);

    view! {
        <ModalForm
            title="Widget settings"
            close
            submit=Callback::new(move |_| submit())
            submit_label="Save"
            submit_test_id="widget-settings-save"
            test_id="widget-settings-dialog"
            disabled=Signal::derive(move || save.pending().get() || stored.with(Option::is_none))
            error=error
        >
            <div
                class="widget-settings"
                on:input=move |_| edited()
                on:change=move |_| edited()
            >
                <section class="settings-section">
                    <h3>"On your site"</h3>
                    <label class="field">
                        "Snippet: paste it into your pages, before </body>"
                        <textarea
                            data-testid="widget-snippet"
                            readonly
                            rows="3"
                            node_ref=snippet_box
                            on:focus=move |_| select_snippet()
                            prop:value=shown(|s| s.snippet.clone())
                        ></textarea>
                    </label>
                    <div class="snippet-actions">
                        <button type="button" class="button small" data-testid="copy-snippet" on:click=copy>
                            "Copy"
                        </button>
                        <span class="muted small" role="status">{move || copied.get()}</span>
                    </div>
                    <dl class="details">
                        <dt>"Widget key"</dt>
                        <dd><code data-testid="widget-key">{shown(|s| s.widget_key.clone())}</code></dd>
                        <dt>"Identity secret"</dt>
                        <dd><code class="secret" data-testid="identity-secret">{shown(|s| s.identity_secret.clone())}</code></dd>
                    </dl>
                    <p class="muted small">
                        "To show that a customer is logged in to your site, your site's server signs the customer's id with this secret (HMAC-SHA256, as hex) and puts both on the script tag: "
                        <code>"data-identifier"</code>
                        " and "
                        <code>"data-identifier-hash"</code>
                        ". Keep the secret on your server."
                    </p>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="enforce-identity"
                            prop:checked=move || form.enforce_identity.get()
                            on:change=move |ev| form.enforce_identity.set(event_target_checked(&ev))
                        />
                        "Require verified identity (customers without a valid signature cannot chat)"
                    </label>
                    <TextField label="Sites that may show the widget, one a line (empty: any site)" test_id="widget-allowed-origins" lines=2 placeholder="https://shop.example.com" value=form.allowed_origins/>
                </section>

                <section class="settings-section">
                    <h3>"Look and words"</h3>
                    // As the live widget shows it: the company's name, and
                    // the line under it while someone can chat.
                    <div class="widget-preview" data-testid="widget-preview" class:left=move || form.position.get() == "left">
                        <div class="widget-preview-header" style:background=move || form.color.get()>
                            <strong data-testid="widget-preview-title">{company}</strong>
                            <span class="small">"We usually reply in a few minutes"</span>
                        </div>
                        <div class="widget-preview-body">
                            <p class="widget-preview-bubble">{move || form.greeting.get()}</p>
                        </div>
                    </div>
                    <TextField label="Greeting" test_id="widget-greeting" lines=2 value=form.greeting/>
                    <TextField label="Offline message" test_id="widget-offline-message" lines=2 value=form.offline_message/>
                    <div class="settings-row">
                        <TextField label="Colour" kind="color" test_id="widget-color" value=form.color/>
                        <label class="field">
                            "Position"
                            <select
                                data-testid="widget-position"
                                on:change=move |ev| form.position.set(event_target_value(&ev))
                            >
                                <option value="right" selected=move || form.position.get() == "right">"Right"</option>
                                <option value="left" selected=move || form.position.get() == "left">"Left"</option>
                            </select>
                        </label>
                    </div>
                </section>

                <section class="settings-section">
                    <h3>"Conversations"</h3>
                    <label class="field">
                        "Queue for new chats"
                        <select
                            data-testid="widget-queue"
                            on:change=move |ev| {
                                form.queue_id.set(event_target_value(&ev).parse().ok())
                            }
                        >
                            <Show when=move || form.queue_id.with(Option::is_none)>
                                <option value="" selected>"Default"</option>
                            </Show>
                            <For each=queues key=|queue| queue.id let:queue>
                                <option
                                    value=queue.id
                                    selected=move || form.queue_id.get() == Some(queue.id)
                                >
                                    {queue.name}
                                </option>
                            </For>
                        </select>
                    </label>
                    <TextField label="E-mail signature" test_id="widget-email-signature" lines=2 value=form.email_signature/>
                    <p class="muted small">
                        "Closes every e-mailed reply: "
                        <code>"{agent}"</code>
                        " becomes the replying agent's name, "
                        <code>"{company}"</code>
                        " your company's."
                    </p>
                    <p class="signature-preview" data-testid="widget-email-signature-preview">
                        {move || {
                            signature_preview(
                                &form.email_signature.get(),
                                &my_name(),
                                &company(),
                            )
                        }}
                    </p>
                </section>

                <section class="settings-section">
                    <h3>"Pre-chat form"</h3>
                    <p class="muted small">
                        "Asked before a new customer's first message; their answers fill their record. Customers your site identifies are never asked."
                    </p>
                    <label class="field">
                        "Ask before the first message"
                        <select
                            data-testid="prechat-mode"
                            on:change=move |ev| {
                                if let Ok(mode) = event_target_value(&ev).parse() {
                                    form.prechat_mode.set(mode);
                                }
                            }
                        >
                            <option value="off" selected=move || form.prechat_mode.get() == PrechatMode::Off>"No"</option>
                            <option value="optional" selected=move || form.prechat_mode.get() == PrechatMode::Optional>"Yes, they may skip it"</option>
                            <option value="required" selected=move || form.prechat_mode.get() == PrechatMode::Required>"Yes, every answer required"</option>
                        </select>
                    </label>
                    <fieldset class="prechat-fields" disabled=move || form.prechat_mode.get() == PrechatMode::Off>
                        <legend class="small">"It asks for"</legend>
                        <For each=askable key=|(field, _)| field.clone() let:choice>
                            {
                                let (field, label) = choice;
                                let key = field.clone();
                                let picked = move || form.prechat_fields.with(|f| f.contains(&key));
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            data-testid="prechat-field"
                                            data-field=field.clone()
                                            prop:checked=picked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                form.prechat_fields.update(|fields| {
                                                    fields.retain(|f| f != &field);
                                                    if on {
                                                        fields.push(field.clone());
                                                    }
                                                });
                                            }
                                        />
                                        {label}
                                    </label>
                                }
                            }
                        </For>
                        <TextField label="Consent checkbox (empty: none)" test_id="prechat-consent" placeholder="I agree that my details are kept to answer me." value=form.consent/>
                        <TextField label="Link it names (your privacy policy)" kind="url" test_id="prechat-consent-url" placeholder="https://shop.example.com/privacy" value=form.consent_url/>
                    </fieldset>
                </section>

                <section class="settings-section">
                    <h3>"Customer satisfaction"</h3>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="satisfaction-ask"
                            prop:checked=move || form.satisfaction.with(|s| s.ask)
                            on:change=move |ev| form.satisfaction.update(|s| s.ask = event_target_checked(&ev))
                        />
                        "Ask customers to rate a conversation when it is resolved (1 to 5, and a comment)"
                    </label>
                    <label class="field">
                        "Question"
                        <input
                            type="text"
                            data-testid="satisfaction-question"
                            maxlength="200"
                            disabled=move || !form.satisfaction.with(|s| s.ask)
                            prop:value=move || form.satisfaction.with(|s| s.question.clone())
                            on:input=move |ev| form.satisfaction.update(|s| s.question = event_target_value(&ev))
                        />
                    </label>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="satisfaction-alert-low"
                            disabled=move || !form.satisfaction.with(|s| s.ask)
                            prop:checked=move || form.satisfaction.with(|s| s.alert_low)
                            on:change=move |ev| form.satisfaction.update(|s| s.alert_low = event_target_checked(&ev))
                        />
                        "Tell every admin when a customer rates 1 or 2"
                    </label>
                </section>

                <section class="settings-section">
                    <h3>"Working hours"</h3>
                    // One place for them: the queue's, in Queues.
                    <p class="small" data-testid="widget-hours">
                        {move || {
                            let queue = stored.with(|s| s.as_ref().and_then(|s| s.queue_id));
                            let name = queue
                                .and_then(|id| queues().into_iter().find(|q| q.id == id).map(|q| q.name))
                                .unwrap_or_else(|| "its".to_string());
                            let hours = stored.with(|s| hours_summary(s.as_ref().and_then(|s| s.working_hours.as_ref())));
                            format!("The widget takes chats during the working hours of the {name} queue: {hours}. Outside them it takes offline messages.")
                        }}
                    </p>
                    <div>
                        <button type="button" class="button small" data-testid="widget-hours-in-queues" on:click=move |_| open_queues.run(())>
                            "Set working hours in Queues"
                        </button>
                    </div>
                </section>

                <section class="settings-section">
                    <h3>"E-mail"</h3>
                    <p class="small" data-testid="mail-server-status" class:form-error=move || mail_server() == Some(false)>
                        {move || match mail_server() {
                            Some(true) => "A mail server is set: replies to offline tickets go out by e-mail.",
                            Some(false) => "No mail server is set: replies to offline tickets wait, marked so, until one is (start Switchboard with SMTP_URL and MAIL_FROM).",
                            None => "",
                        }}
                    </p>
                </section>

                <p class="saved" role="status" data-testid="widget-settings-saved">
                    {move || saved.get().then_some("Saved")}
                </p>
            </div>
        </ModalForm>
    }
}
