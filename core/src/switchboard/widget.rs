//! The widget's use cases: its settings and texts (admins), what it needs to
//! start (public), and whether someone can chat now. What customers do with
//! it (sessions, messages, offline tickets) is in `customers.rs`.

use super::{admin_only, setting, Switchboard};
use crate::auth::new_secret;
use crate::clock;
use crate::error::{Error, Result};
use crate::working_hours::Schedule;
use switchboard_types::{
    Agent, AuditAction, AuthorKind, WidgetConfig, WidgetPosition, WidgetSettings,
    WidgetSettingsChange, WorkingHours,
};

const DEFAULT_GREETING: &str = "Hello! How can we help you today?";
const DEFAULT_OFFLINE_MESSAGE: &str =
    "We're away right now. Leave your e-mail address and message, and we'll answer by e-mail.";
const DEFAULT_COLOR: &str = "#2563eb";
pub(crate) const DEFAULT_SIGNATURE: &str = "{agent}, {company}";
const MAX_TEXT_CHARS: usize = 500;

impl Switchboard {
    /// The widget's key, secret, snippet, texts and working hours (admins
    /// only); `base_url` is where customers' browsers reach this server.
    pub async fn widget_settings(&self, asking: &Agent, base_url: &str) -> Result<WidgetSettings> {
        admin_only(asking, "see and change the widget settings")?;
        let widget_key = self.widget_key().await?;
        let snippet = format!(
            r#"<script async src="{}/widget.js" data-key="{widget_key}"></script>"#,
            base_url.trim_end_matches('/')
        );
        Ok(WidgetSettings {
            widget_key,
            identity_secret: self.identity_secret().await?,
            enforce_identity: self.identity_enforced().await?,
            snippet,
            greeting: self.setting_or(setting::GREETING, DEFAULT_GREETING).await?,
            offline_message: self
                .setting_or(setting::OFFLINE_MESSAGE, DEFAULT_OFFLINE_MESSAGE)
                .await?,
            color: self
                .setting_or(setting::WIDGET_COLOR, DEFAULT_COLOR)
                .await?,
            position: self
                .setting_or(setting::WIDGET_POSITION, WidgetPosition::Right.as_str())
                .await?,
            working_hours: self.widget_working_hours().await?,
            queue_id: self
                .setting(setting::WIDGET_QUEUE)
                .await?
                .and_then(|q| q.parse().ok()),
            email_signature: self
                .setting_or(setting::EMAIL_SIGNATURE, DEFAULT_SIGNATURE)
                .await?,
            allowed_origins: self.widget_allowed_origins().await?,
            prechat: self.prechat_settings().await?,
            satisfaction: self.satisfaction_settings().await?,
        })
    }

    /// The sites that may embed the widget (its frame's `frame-ancestors`);
    /// empty: any site.
    pub async fn widget_allowed_origins(&self) -> Result<Vec<String>> {
        Ok(self
            .setting(setting::WIDGET_ALLOWED_ORIGINS)
            .await?
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// Changes what an admin changed; everything is checked before any of
    /// it is stored.
    pub async fn change_widget_settings(
        &self,
        asking: &Agent,
        change: &WidgetSettingsChange,
    ) -> Result<()> {
        admin_only(asking, "see and change the widget settings")?;
        let before = self.audited_widget_settings().await?;
        let text = |what: &str, value: &Option<String>| -> Result<Option<String>> {
            let Some(value) = value else { return Ok(None) };
            let value = value.trim();
            if value.is_empty() {
                return Err(Error::Invalid(format!("the {what} cannot be empty")));
            }
            if value.chars().count() > MAX_TEXT_CHARS {
                return Err(Error::Invalid(format!(
                    "the {what} can have at most {MAX_TEXT_CHARS} characters"
                )));
            }
            Ok(Some(value.to_string()))
        };
        let greeting = text("greeting", &change.greeting)?;
        let signature = text("e-mail signature", &change.email_signature)?;
        if let Some(queue_id) = change.queue_id {
            let queues = self.store.queues().await?;
            if !queues.iter().any(|q| q.id == queue_id) {
                return Err(Error::Invalid(format!("queue {queue_id} does not exist")));
            }
        }
        let offline_message = text("offline message", &change.offline_message)?;
        if let Some(color) = &change.color {
            let hex = color.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(Error::Invalid(format!(
                    "`{color}` is not a colour (write it as #2563eb)"
                )));
            }
        }
        let position = change
            .position
            .as_deref()
            .map(|position| {
                position.parse::<WidgetPosition>().map_err(|_| {
                    Error::Invalid("the launcher sits on the right or the left".into())
                })
            })
            .transpose()?;
        let allowed_origins = match &change.allowed_origins {
            Some(origins) => Some(site_origins(origins)?),
            None => None,
        };
        let prechat = match &change.prechat {
            Some(given) => {
                let checked = crate::prechat::settings(given, &self.defined_attributes().await?)?;
                Some(serde_json::to_string(&checked).map_err(|e| Error::Internal(e.to_string()))?)
            }
            None => None,
        };
        if let Some(given) = &change.satisfaction {
            crate::satisfaction::settings(given)?;
        }
        let hours = match &change.working_hours {
            Some(hours) => {
                Schedule::new(hours)?;
                Some(serde_json::to_string(hours).map_err(|e| Error::Internal(e.to_string()))?)
            }
            None => None,
        };

        if let Some(greeting) = greeting {
            self.set_setting(setting::GREETING, &greeting).await?;
        }
        if let Some(message) = offline_message {
            self.set_setting(setting::OFFLINE_MESSAGE, &message).await?;
        }
        if let Some(signature) = signature {
            self.set_setting(setting::EMAIL_SIGNATURE, &signature)
                .await?;
        }
        if let Some(queue_id) = change.queue_id {
            self.set_widget_queue(queue_id).await?;
        }
        if let Some(color) = &change.color {
            self.set_setting(setting::WIDGET_COLOR, &color.to_ascii_lowercase())
                .await?;
        }
        if let Some(position) = position {
            self.set_setting(setting::WIDGET_POSITION, position.as_str())
                .await?;
        }
        if let Some(origins) = allowed_origins {
            self.set_setting(setting::WIDGET_ALLOWED_ORIGINS, &origins.join("\n"))
                .await?;
        }
        if let Some(prechat) = prechat {
            self.set_setting(setting::PRECHAT, &prechat).await?;
        }
        if let Some(given) = &change.satisfaction {
            self.set_satisfaction_settings(given).await?;
        }
        if let Some(enforce) = change.enforce_identity {
            self.set_setting(
                setting::ENFORCE_IDENTITY,
                if enforce { "true" } else { "false" },
            )
            .await?;
        }
        if hours.is_some() || change.clear_working_hours {
            let queue_id = self.widget_queue_id().await?;
            self.store
                .set_queue_working_hours(queue_id, hours.as_deref())
                .await?;
        }
        let details = super::audit::changes(&before, &self.audited_widget_settings().await?);
        self.audited(
            asking,
            AuditAction::WidgetSettingsChanged,
            "the widget",
            details,
        )
        .await
    }

    /// The widget's settings as the audit compares them (no key, secret
    /// or snippet).
    async fn audited_widget_settings(&self) -> Result<serde_json::Value> {
        Ok(serde_json::json!({
            "greeting": self.setting_or(setting::GREETING, DEFAULT_GREETING).await?,
            "offline_message": self.setting_or(setting::OFFLINE_MESSAGE, DEFAULT_OFFLINE_MESSAGE).await?,
            "color": self.setting_or(setting::WIDGET_COLOR, DEFAULT_COLOR).await?,
            "position": self.setting_or(setting::WIDGET_POSITION, "right").await?,
            "enforce_identity": self.identity_enforced().await?,
            "queue_id": self.setting(setting::WIDGET_QUEUE).await?.and_then(|q| q.parse::<i64>().ok()),
            "email_signature": self.setting_or(setting::EMAIL_SIGNATURE, DEFAULT_SIGNATURE).await?,
            "working_hours": super::audit::as_json(&self.widget_working_hours().await?)?,
            "allowed_origins": self.widget_allowed_origins().await?,
            "prechat": super::audit::as_json(&self.prechat_settings().await?)?,
            "satisfaction": super::audit::as_json(&self.satisfaction_settings().await?)?,
        }))
    }

    /// The queue new widget conversations land in: the one set, else a
    /// "Support" queue made for it.
    async fn widget_queue_id(&self) -> Result<i64> {
        if let Some(id) = self
            .setting(setting::WIDGET_QUEUE)
            .await?
            .and_then(|q| q.parse().ok())
        {
            return Ok(id);
        }
        let queue = self.ensure_queue("Support").await?;
        self.set_widget_queue(queue.id).await?;
        Ok(queue.id)
    }

    /// When the widget's queue answers; none: at all hours.
    pub(super) async fn widget_working_hours(&self) -> Result<Option<WorkingHours>> {
        let Some(queue_id) = self
            .setting(setting::WIDGET_QUEUE)
            .await?
            .and_then(|q| q.parse().ok())
        else {
            return Ok(None);
        };
        let stored = self.store.queue_working_hours(queue_id).await?;
        Ok(stored.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Whether a customer can chat now: within the widget queue's working
    /// hours, with an agent online.
    pub async fn widget_online(&self) -> Result<bool> {
        let open = match self.widget_working_hours().await? {
            Some(hours) => Schedule::new(&hours)?.is_open(clock::now_ms()),
            None => true,
        };
        if !open {
            return Ok(false);
        }
        // An agent with a tab open who says they are online.
        let connected: Vec<i64> = self
            .online()
            .iter()
            .filter(|p| p.kind == AuthorKind::Agent && p.online)
            .map(|p| p.id)
            .collect();
        if connected.is_empty() {
            return Ok(false);
        }
        let available = self.store.available_agents().await?;
        Ok(available.iter().any(|id| connected.contains(id)))
    }

    /// Tells this node's open widgets when whether anyone can chat has
    /// changed since `last` (what this node last told them; None at
    /// start). Run every second by each node for its own widgets: working
    /// hours begin and end, agents come, go and change their availability.
    pub async fn announce_widget_status(&self, last: &mut Option<bool>) -> Result<bool> {
        let online = self.widget_online().await?;
        if *last == Some(online) {
            return Ok(false);
        }
        let changed = last.is_some();
        *last = Some(online);
        if changed {
            self.hub.publish(vec![crate::hub::Published::state(
                crate::hub::Audience::CUSTOMERS,
                switchboard_types::LiveEvent::WidgetStatus { online },
            )]);
        }
        Ok(changed)
    }

    pub(super) async fn check_widget_key(&self, key: &str) -> Result<()> {
        if key != self.widget_key().await? {
            return Err(Error::NotFound("widget"));
        }
        Ok(())
    }

    pub(super) async fn identity_secret(&self) -> Result<String> {
        self.store
            .setting_or_insert(setting::IDENTITY_SECRET, &new_secret())
            .await
    }

    pub(super) async fn identity_enforced(&self) -> Result<bool> {
        Ok(self.setting_or(setting::ENFORCE_IDENTITY, "false").await? == "true")
    }

    /// What the widget needs to start (public, by key).
    pub async fn widget_config(&self, key: &str) -> Result<WidgetConfig> {
        self.check_widget_key(key).await?;
        Ok(WidgetConfig {
            company_name: self.company_name().await?,
            greeting: self.setting_or(setting::GREETING, DEFAULT_GREETING).await?,
            color: self
                .setting_or(setting::WIDGET_COLOR, DEFAULT_COLOR)
                .await?,
            position: self
                .setting_or(setting::WIDGET_POSITION, WidgetPosition::Right.as_str())
                .await?,
            online: self.widget_online().await?,
            offline_message: self
                .setting_or(setting::OFFLINE_MESSAGE, DEFAULT_OFFLINE_MESSAGE)
                .await?,
        })
    }
}

/// The most sites an admin may list.
const MAX_ALLOWED_ORIGINS: usize = 50;

/// Sites as origins (`https://shop.example.com`, `http://localhost:8123`):
/// a scheme and a host with an optional port, nothing else; lower case,
/// each once.
fn site_origins(given: &[String]) -> Result<Vec<String>> {
    let mut origins: Vec<String> = Vec::new();
    for site in given.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let site = site.trim_end_matches('/').to_ascii_lowercase();
        let host = site
            .strip_prefix("https://")
            .or_else(|| site.strip_prefix("http://"));
        let shaped = host.is_some_and(|host| {
            let (name, port) = match host.rsplit_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            };
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
                && port.is_none_or(|p| p.parse::<u16>().is_ok_and(|p| p > 0))
        });
        if !shaped {
            return Err(Error::Invalid(format!(
                "`{site}` is not a site: write its origin, like https://shop.example.com"
            )));
        }
        if !origins.contains(&site) {
            origins.push(site);
        }
    }
    if origins.len() > MAX_ALLOWED_ORIGINS {
        return Err(Error::Invalid(format!(
            "at most {MAX_ALLOWED_ORIGINS} sites may embed the widget"
        )));
    }
    Ok(origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_that_may_embed_the_widget_are_origins() {
        let given = [
            " https://Shop.example.com/ ".to_string(),
            "http://localhost:8123".to_string(),
            "https://shop.example.com".to_string(),
            String::new(),
        ];
        assert_eq!(
            site_origins(&given).unwrap(),
            ["https://shop.example.com", "http://localhost:8123"]
        );
        for bad in [
            "shop.example.com",
            "https://shop.example.com/path",
            "ftp://shop.example.com",
            "https://shop.example.com:99999",
            "https://shop example.com",
            "https://x.com; script-src *",
            "*",
        ] {
            assert!(site_origins(&[bad.to_string()]).is_err(), "{bad}");
        }
    }
}
