//! Settings: read through a short per-node cache (another node may change
//! them), the keys they are stored under.

use super::{setting, Switchboard};
use crate::auth::new_secret;
use crate::error::Result;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

impl Switchboard {
    /// The widget's public key, made on first use.
    pub async fn widget_key(&self) -> Result<String> {
        let fresh = format!("wk_{}", &new_secret()[..24]);
        self.store
            .setting_or_insert(setting::WIDGET_KEY, &fresh)
            .await
    }

    /// A setting, read at most once per [`SETTINGS_FRESH_FOR`] (every
    /// customer message needs two; they change seldom).
    pub(super) async fn setting(&self, key: &str) -> Result<Option<String>> {
        if let Some(value) = self.settings.get(key) {
            return Ok(value);
        }
        let value = self.store.setting(key).await?;
        self.settings.put(key, value.clone());
        Ok(value)
    }

    pub(super) async fn setting_or(&self, key: &str, default: &str) -> Result<String> {
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| default.to_string()))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.store.set_setting(key, value).await?;
        self.settings.forget(key);
        Ok(())
    }

    pub async fn company_name(&self) -> Result<String> {
        self.setting_or(setting::COMPANY_NAME, "Support").await
    }

    pub async fn set_widget_queue(&self, queue_id: i64) -> Result<()> {
        self.set_setting(setting::WIDGET_QUEUE, &queue_id.to_string())
            .await
    }
}

/// How long a node trusts a setting it read (another node may change it).
const SETTINGS_FRESH_FOR: Duration = Duration::from_secs(2);

/// Settings as last read, with when.
#[derive(Default)]
pub(super) struct SettingsCache {
    values: Mutex<HashMap<String, (Instant, Option<String>)>>,
}

impl SettingsCache {
    pub(super) fn get(&self, key: &str) -> Option<Option<String>> {
        let values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values
            .get(key)
            .filter(|(read, _)| read.elapsed() < SETTINGS_FRESH_FOR)
            .map(|(_, value)| value.clone())
    }

    pub(super) fn put(&self, key: &str, value: Option<String>) {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.insert(key.to_string(), (Instant::now(), value));
    }

    pub(super) fn forget(&self, key: &str) {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        values.remove(key);
    }
}
