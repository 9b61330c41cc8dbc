//! What the browser keeps for the agent between page loads (its local
//! storage): outbox, drafts, where they left off. On the server nothing is
//! ever saved, and the page hydrates as the server drew it.

use serde::de::DeserializeOwned;
use serde::Serialize;

#[cfg(feature = "browser")]
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text kept under `key`.
pub fn text(key: &str) -> Option<String> {
    #[cfg(feature = "browser")]
    {
        storage()?.get_item(key).ok().flatten()
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `value` under `key`; `None` (or empty) forgets it.
pub fn set_text(key: &str, value: Option<&str>) {
    #[cfg(feature = "browser")]
    if let Some(storage) = storage() {
        let _ = match value.filter(|v| !v.is_empty()) {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
    #[cfg(not(feature = "browser"))]
    let _ = (key, value);
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&text(key)?).ok()
}

pub fn save<T: Serialize>(key: &str, value: &T) {
    if let Ok(json) = serde_json::to_string(value) {
        set_text(key, Some(&json));
    }
}
