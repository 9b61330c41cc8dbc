//! The widget's settings, for admins: the snippet to embed, identity
//! verification, texts, colour, position and working hours, with a live
//! preview of the widget's header.

use crate::components::modal::ModalForm;
use crate::server::{load_widget_settings, save_widget_settings};
use leptos::prelude::*;
use switchboard_types::{Opening, Weekday, WidgetSettings, WidgetSettingsChange, WorkingHours};

/// The top bar's button (shown to admins) and the dialog it opens.
#[component]
pub fn WidgetSettingsButton() -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button
            class="button subtle small"
            data-testid="open-widget-settings"
            on:click=move |_| open.set(true)
        >
            "Widget settings"
        </button>
        <Show when=move || open.get()>
            <WidgetSettingsDialog close=Callback::new(move |_| open.set(false))/>
        </Show>
    }
}

/// One weekday's row: open or not, from when to when (`HH:MM`).
#[derive(Clone, Copy)]
struct DayRow {
    day: Weekday,
    open: RwSignal<bool>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
}

/// What the admin edits, field by field.
#[derive(Clone, Copy)]
struct Form {
    greeting: RwSignal<String>,
    offline_message: RwSignal<String>,
    color: RwSignal<String>,
    position: RwSignal<String>,
    enforce_identity: RwSignal<bool>,
    all_hours: RwSignal<bool>,
    time_zone: RwSignal<String>,
    holidays: RwSignal<String>,
    days: StoredValue<Vec<DayRow>>,
}

impl Form {
    fn new() -> Self {
        Form {
            greeting: RwSignal::new(String::new()),
            offline_message: RwSignal::new(String::new()),
            color: RwSignal::new("#2563eb".into()),
            position: RwSignal::new("right".into()),
            enforce_identity: RwSignal::new(false),
            all_hours: RwSignal::new(true),
            time_zone: RwSignal::new(String::new()),
            holidays: RwSignal::new(String::new()),
            days: StoredValue::new(
                Weekday::ALL
                    .into_iter()
                    .map(|day| DayRow {
                        day,
                        open: RwSignal::new(false),
                        opens: RwSignal::new("09:00".into()),
                        closes: RwSignal::new("17:00".into()),
                    })
                    .collect(),
            ),
        }
    }

    /// Shows the settings as stored.
    fn fill(self, settings: &WidgetSettings) {
        self.greeting.set(settings.greeting.clone());
        self.offline_message.set(settings.offline_message.clone());
        self.color.set(settings.color.clone());
        self.position.set(settings.position.clone());
        self.enforce_identity.set(settings.enforce_identity);
        self.all_hours.set(settings.working_hours.is_none());
        let hours = settings.working_hours.as_ref();
        self.time_zone
            .set(hours.map(|h| h.time_zone.clone()).unwrap_or_default());
        self.holidays
            .set(hours.map(|h| h.holidays.join(", ")).unwrap_or_default());
        for row in self.days.get_value() {
            // A day shows its first opening.
            let opening = hours.and_then(|h| h.openings.iter().find(|o| o.day == row.day));
            row.open.set(opening.is_some());
            if let Some(opening) = opening {
                row.opens.set(opening.opens.clone());
                row.closes.set(opening.closes.clone());
            }
        }
    }

    /// Everything in the dialog, as one change.
    fn change(self) -> WidgetSettingsChange {
        let all_hours = self.all_hours.get_untracked();
        let working_hours = (!all_hours).then(|| WorkingHours {
            time_zone: self.time_zone.get_untracked().trim().to_string(),
            openings: self
                .days
                .get_value()
                .into_iter()
                .filter(|row| row.open.get_untracked())
                .map(|row| Opening {
                    day: row.day,
                    opens: row.opens.get_untracked(),
                    closes: row.closes.get_untracked(),
                })
                .collect(),
            holidays: self
                .holidays
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|day| !day.is_empty())
                .map(str::to_string)
                .collect(),
        });
        WidgetSettingsChange {
            greeting: Some(self.greeting.get_untracked()),
            offline_message: Some(self.offline_message.get_untracked()),
            color: Some(self.color.get_untracked()),
            position: Some(self.position.get_untracked()),
            enforce_identity: Some(self.enforce_identity.get_untracked()),
            working_hours,
            clear_working_hours: all_hours,
        }
    }
}

#[component]
fn WidgetSettingsDialog(close: Callback<()>) -> impl IntoView {
    let form = Form::new();
    let stored = RwSignal::new(None::<WidgetSettings>);
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let copied = RwSignal::new(None::<&'static str>);
    let snippet_box = NodeRef::<leptos::html::Textarea>::new();

    leptos::task::spawn_local(async move {
        match load_widget_settings().await {
            Ok(settings) => {
                form.fill(&settings);
                stored.set(Some(settings));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });

    let submit = move || {
        let change = form.change();
        saving.set(true);
        saved.set(false);
        error.set(None);
        leptos::task::spawn_local(async move {
            match save_widget_settings(change).await {
                Ok(settings) => {
                    form.fill(&settings);
                    stored.set(Some(settings));
                    saved.set(true);
                }
                Err(e) => error.set(Some(e.message)),
            }
            saving.set(false);
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
            disabled=Signal::derive(move || saving.get() || stored.with(Option::is_none))
            error=error
        >
            // Keys typed here stay out of the inbox's shortcuts (Escape still closes).
            <div
                class="widget-settings"
                on:keydown=move |ev| {
                    if ev.key() != "Escape" {
                        ev.stop_propagation();
                    }
                }
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
                </section>

                <section class="settings-section">
                    <h3>"Look and words"</h3>
                    <div class="widget-preview" data-testid="widget-preview" class:left=move || form.position.get() == "left">
                        <div class="widget-preview-header" style:background=move || form.color.get()>
                            "Chat with us"
                        </div>
                        <div class="widget-preview-body">
                            <p class="widget-preview-bubble">{move || form.greeting.get()}</p>
                        </div>
                    </div>
                    <label class="field">
                        "Greeting"
                        <textarea
                            data-testid="widget-greeting"
                            rows="2"
                            prop:value=move || form.greeting.get()
                            on:input=move |ev| form.greeting.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <label class="field">
                        "Offline message"
                        <textarea
                            data-testid="widget-offline-message"
                            rows="2"
                            prop:value=move || form.offline_message.get()
                            on:input=move |ev| form.offline_message.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <div class="settings-row">
                        <label class="field">
                            "Colour"
                            <input
                                type="color"
                                data-testid="widget-color"
                                prop:value=move || form.color.get()
                                on:input=move |ev| form.color.set(event_target_value(&ev))
                            />
                        </label>
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
                    <h3>"Working hours"</h3>
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="widget-all-hours"
                            prop:checked=move || form.all_hours.get()
                            on:change=move |ev| form.all_hours.set(event_target_checked(&ev))
                        />
                        "Answer at all hours"
                    </label>
                    <fieldset class="working-hours" disabled=move || form.all_hours.get()>
                        <label class="field">
                            "Time zone"
                            <input
                                type="text"
                                data-testid="widget-time-zone"
                                placeholder="Europe/Berlin"
                                prop:value=move || form.time_zone.get()
                                on:input=move |ev| form.time_zone.set(event_target_value(&ev))
                            />
                        </label>
                        <div class="weekdays">
                            {form
                                .days
                                .get_value()
                                .into_iter()
                                .map(|row| view! { <DayHours row/> })
                                .collect_view()}
                        </div>
                        <label class="field">
                            "Holidays (closed all day), separated by commas"
                            <input
                                type="text"
                                data-testid="widget-holidays"
                                placeholder="2026-12-25, 2026-12-26"
                                prop:value=move || form.holidays.get()
                                on:input=move |ev| form.holidays.set(event_target_value(&ev))
                            />
                        </label>
                    </fieldset>
                </section>

                <p class="saved" role="status" data-testid="widget-settings-saved">
                    {move || saved.get().then_some("Saved")}
                </p>
            </div>
        </ModalForm>
    }
}

/// A weekday: open or closed, and from when to when.
#[component]
fn DayHours(row: DayRow) -> impl IntoView {
    let key = row.day.label().to_lowercase();
    view! {
        <div class="weekday" data-testid=format!("day-{key}")>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("day-{key}-open")
                    prop:checked=move || row.open.get()
                    on:change=move |ev| row.open.set(event_target_checked(&ev))
                />
                {row.day.label()}
            </label>
            <input
                type="time"
                aria-label=format!("{} opens", row.day.label())
                data-testid=format!("day-{key}-opens")
                disabled=move || !row.open.get()
                prop:value=move || row.opens.get()
                on:input=move |ev| row.opens.set(event_target_value(&ev))
            />
            <span class="muted">"to"</span>
            <input
                type="time"
                aria-label=format!("{} closes", row.day.label())
                data-testid=format!("day-{key}-closes")
                disabled=move || !row.open.get()
                prop:value=move || row.closes.get()
                on:input=move |ev| row.closes.set(event_target_value(&ev))
            />
        </div>
    }
}

/// Puts `text` on the clipboard where the browser allows it; answers
/// whether it was asked to.
fn copy_to_clipboard(text: &str) -> bool {
    #[cfg(feature = "browser")]
    {
        use wasm_bindgen::JsCast;
        let get = |target: &wasm_bindgen::JsValue, name: &str| {
            js_sys::Reflect::get(target, &name.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let clipboard = get(&js_sys::global(), "navigator").and_then(|n| get(&n, "clipboard"));
        let Some(clipboard) = clipboard else {
            return false;
        };
        let Some(write) =
            get(&clipboard, "writeText").and_then(|w| w.dyn_into::<js_sys::Function>().ok())
        else {
            return false;
        };
        write.call1(&clipboard, &text.into()).is_ok()
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = text;
        false
    }
}
