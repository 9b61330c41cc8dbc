//! Alerts: which changes in the live stream pop up for this agent (the
//! rule is `AlertSetup::alert_for`, applied to each change with the
//! conversation's new state; the agent's choice of kinds is kept on the
//! server and set in the Alert preferences dialog), and, beyond the page,
//! a browser notification while the inbox is in the background and a short
//! sound, once the agent allows them (the Alerts switch in the top bar;
//! that choice is kept in this browser).

use super::{InboxState, NoticeTarget};
use crate::components::modal::{ErrorLine, Modal};
use crate::server::{load_alert_setup, save_alert_preferences};
use leptos::prelude::*;
use switchboard_types::{AlertKind, AlertPreferences, AlertSetup, Conversation, LiveEvent};

/// How many conversations just created the stream remembers until their
/// first message comes (it comes at once, in the same write).
const CREATED_KEPT: usize = 32;

/// What the alert rule needs from the stream and the server.
#[derive(Clone, Copy)]
pub struct Alerting {
    /// The agent's choices and queues, as the server last said.
    pub setup: RwSignal<AlertSetup>,
    /// The change published just before a conversation's new state.
    last_change: StoredValue<Option<LiveEvent>>,
    /// Conversations created, whose first message is still to come.
    just_created: StoredValue<Vec<i64>>,
}

impl Alerting {
    pub fn new() -> Self {
        Alerting {
            setup: RwSignal::new(AlertSetup::default()),
            last_change: StoredValue::new(None),
            just_created: StoredValue::new(Vec::new()),
        }
    }

    /// Reads the agent's choices and queues again.
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            if let Ok(setup) = load_alert_setup().await {
                self.setup.set(setup);
            }
        });
    }

    /// Whether the agent wants this kind of alert.
    pub fn wants(self, kind: AlertKind) -> bool {
        self.setup.with_untracked(|s| s.preferences.wants(kind))
    }

    /// Notes a change that a conversation's new state will follow.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub fn change(self, event: &LiveEvent) {
        if let LiveEvent::TimelineEvent { event } = event {
            if event.event_type == "conversation.created" {
                self.just_created.update_value(|created| {
                    created.push(event.conversation_number);
                    let excess = created.len().saturating_sub(CREATED_KEPT);
                    created.drain(..excess);
                });
                return;
            }
        }
        self.last_change.set_value(Some(event.clone()));
    }

    /// The alert a conversation's new state calls for, with the change
    /// that came before it.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub fn updated(self, me: i64, conversation: &Conversation) -> Option<(AlertKind, String)> {
        let change = self.last_change.try_update_value(Option::take).flatten()?;
        let number = conversation.number;
        let concerns = match &change {
            LiveEvent::MessageCreated { message } => message.conversation_number == number,
            LiveEvent::TimelineEvent { event } => event.conversation_number == number,
            _ => false,
        };
        if !concerns {
            return None;
        }
        let created = matches!(change, LiveEvent::MessageCreated { .. })
            && self
                .just_created
                .try_update_value(|created| {
                    let found = created.iter().position(|n| *n == number);
                    found.map(|i| created.remove(i)).is_some()
                })
                .unwrap_or(false);
        self.setup
            .with_untracked(|setup| setup.alert_for(me, &change, conversation, created))
    }
}

impl Default for Alerting {
    fn default() -> Self {
        Self::new()
    }
}

fn key(state: InboxState) -> String {
    format!("switchboard.alerts.{}", state.me.with_value(|me| me.id))
}

/// Whether the agent turned alerts on in this browser.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub fn restore(state: InboxState) {
    state
        .alerts
        .set(crate::saved::text(&key(state)).as_deref() == Some("on"));
}

/// Tells the agent of a pop-up beyond the page, if they allowed it.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub fn alert(state: InboxState, target: NoticeTarget, text: &str) {
    if !state.alerts.get_untracked() {
        return;
    }
    #[cfg(feature = "browser")]
    {
        chime();
        if !crate::live::page_in_front()
            && web_sys::Notification::permission() == web_sys::NotificationPermission::Granted
        {
            show_notification(state, target, text);
        }
    }
    #[cfg(not(feature = "browser"))]
    let _ = (target, text);
}

#[cfg(feature = "browser")]
fn show_notification(state: InboxState, target: NoticeTarget, text: &str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let options = web_sys::NotificationOptions::new();
    options.set_body(text);
    options.set_tag("switchboard");
    let Ok(notification) = web_sys::Notification::new_with_options("Switchboard", &options) else {
        return;
    };
    let shown = notification.clone();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        state.go_to(target);
        shown.close();
    });
    notification.set_onclick(Some(on_click.as_ref().unchecked_ref()));
    on_click.forget();
}

/// How often the inbox asks whether customers wait too long, and rings
/// again while they do.
#[cfg(feature = "browser")]
const RING_EVERY_MS: u32 = 30_000;

/// Rings while a customer of the agent's queues has waited in Pending
/// longer than the queue allows, until someone accepts: a pop-up the first
/// time for each, then the sound again every half minute (when alerts are
/// on in this browser).
#[cfg(feature = "browser")]
pub fn keep_ringing(state: InboxState) {
    let told = StoredValue::new(Vec::<i64>::new());
    let ring = move || {
        leptos::task::spawn_local(async move {
            let Ok(waiting) = crate::server::overdue_waiting().await else {
                return;
            };
            let numbers: Vec<i64> = waiting.iter().map(|c| c.number).collect();
            let fresh: Vec<&Conversation> = waiting
                .iter()
                .filter(|c| told.with_value(|t| !t.contains(&c.number)))
                .collect();
            let id = -(js_sys::Date::now() as i64);
            for (i, conversation) in fresh.iter().enumerate() {
                let text = format!(
                    "{} has waited too long in Pending (#{})",
                    conversation.contact.name, conversation.number
                );
                state.notify(
                    id - i as i64,
                    NoticeTarget::Conversation(conversation.number),
                    text,
                );
            }
            if fresh.is_empty() && !numbers.is_empty() && state.alerts.get_untracked() {
                chime();
            }
            told.set_value(numbers);
        });
    };
    gloo_timers::callback::Interval::new(RING_EVERY_MS, ring).forget();
}

/// Two short notes.
#[cfg(feature = "browser")]
fn chime() {
    let Ok(audio) = web_sys::AudioContext::new() else {
        return;
    };
    let (Ok(tone), Ok(volume)) = (audio.create_oscillator(), audio.create_gain()) else {
        return;
    };
    let now = audio.current_time();
    tone.set_type(web_sys::OscillatorType::Sine);
    let _ = tone.frequency().set_value_at_time(880.0, now);
    let _ = tone.frequency().set_value_at_time(1320.0, now + 0.12);
    let _ = volume.gain().set_value_at_time(0.08, now);
    let _ = volume.gain().linear_ramp_to_value_at_time(0.0, now + 0.3);
    let _ = tone.connect_with_audio_node(&volume);
    let _ = volume.connect_with_audio_node(&audio.destination());
    let _ = tone.start();
    let _ = tone.stop_with_when(now + 0.3);
}

/// The switch: turns alerts on (asking the browser for permission to show
/// notifications) or off.
#[component]
pub fn AlertsToggle() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let toggle = move |_| {
        let on = !state.alerts.get_untracked();
        state.alerts.set(on);
        crate::saved::set_text(&key(state), on.then_some("on"));
        #[cfg(feature = "browser")]
        if on && web_sys::Notification::permission() == web_sys::NotificationPermission::Default {
            let _ = web_sys::Notification::request_permission();
        }
    };
    view! {
        <button
            class="button subtle small alerts"
            class:on=move || state.alerts.get()
            data-testid="alerts"
            aria-pressed=move || state.alerts.get().to_string()
            title=move || {
                if state.alerts.get() {
                    "Alerts on: a sound, and browser notifications while the inbox is in the background"
                } else {
                    "Alerts off: turn on for a sound and browser notifications"
                }
            }
            on:click=toggle
        >
            {move || if state.alerts.get() { "Alerts on" } else { "Alerts off" }}
        </button>
    }
}

/// The agent's choice of alerts, each kind on or off, saved on the server
/// as soon as it changes.
#[component]
pub fn AlertPreferencesDialog(close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let alerting = state.alerting;
    alerting.reload();
    let error = RwSignal::new(None::<String>);
    let choose = move |change: fn(&mut AlertPreferences, bool), on: bool| {
        let mut preferences = alerting.setup.with_untracked(|s| s.preferences);
        change(&mut preferences, on);
        alerting.setup.update(|s| s.preferences = preferences);
        leptos::task::spawn_local(async move {
            match save_alert_preferences(preferences).await {
                Ok(_) => error.set(None),
                Err(e) => {
                    error.set(Some(e.message));
                    alerting.reload();
                }
            }
        });
    };
    let choice = move |label: &'static str,
                       hint: &'static str,
                       test_id: &'static str,
                       read: fn(&AlertPreferences) -> bool,
                       change: fn(&mut AlertPreferences, bool)| {
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=test_id
                    prop:checked=move || alerting.setup.with(|s| read(&s.preferences))
                    on:change=move |ev| choose(change, event_target_checked(&ev))
                />
                <span>
                    {label}
                    <span class="muted small block">{hint}</span>
                </span>
            </label>
        }
    };
    view! {
        <Modal title="Alert preferences" close>
            <div class="admin-dialog" data-testid="alert-preferences">
                <p class="muted small">
                    "What pops up in the top right. A sound, and a browser notification while the inbox is in the background, come with it once the Alerts switch in the top bar is on (in this browser)."
                </p>
                {choice(
                    "New chats",
                    "A customer's new chat, or a conversation back in Pending, in your queues",
                    "alert-new-chat",
                    |p| p.new_chat,
                    |p, on| p.new_chat = on,
                )}
                {choice(
                    "My conversations",
                    "A customer's message in a conversation you hold",
                    "alert-my-conversations",
                    |p| p.my_conversations,
                    |p, on| p.my_conversations = on,
                )}
                {choice(
                    "Mentions and assignments",
                    "Named in a note or the team chat, given or taken a conversation, a customer you helped writing again",
                    "alert-mentions",
                    |p| p.mentions,
                    |p, on| p.mentions = on,
                )}
                <ErrorLine error/>
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Close"</button>
                </div>
            </div>
        </Modal>
    }
}
