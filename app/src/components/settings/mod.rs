//! The widget's settings, for admins: the snippet to embed, identity
//! verification, texts, colour and position, with a live preview of the
//! widget as customers see it; which queue new chats go to (whose working
//! hours, set in Queues, the widget follows), and whether replies by
//! e-mail can go out.
//!
//! The dialog is in `widget_settings`, the working-hours editor (Queues
//! uses it too) in `working_hours`; here the clipboard helper.

mod widget_settings;
mod working_hours;

pub use widget_settings::WidgetSettingsDialog;
pub use working_hours::{HoursForm, WorkingHoursEditor};

/// Puts `text` on the clipboard where the browser allows it; answers
/// whether it was asked to.
pub(crate) fn copy_to_clipboard(text: &str) -> bool {
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
