//! Alerts outside the page: a browser notification while the inbox is in
//! the background, and a short sound, once the agent allows them (the
//! Alerts switch in the top bar; the choice is kept in this browser).

use super::{InboxState, NoticeTarget};
use leptos::prelude::*;

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
