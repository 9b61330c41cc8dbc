//! The Audit dialog: every change an admin made, newest first, with what
//! changed in words.

use super::when;
use crate::components::modal::{ErrorLine, Modal};
use crate::server::load_audit;
use leptos::prelude::*;
use switchboard_types::AuditEntry;

/// An audit entry's details in words: each changed field with its old
/// and new value ("capacity: 5 → 3"), or what else it notes.
fn audit_changes(data: &str) -> Vec<String> {
    let Ok(serde_json::Value::Object(data)) = serde_json::from_str::<serde_json::Value>(data)
    else {
        return Vec::new();
    };
    let shown = |value: &serde_json::Value| match value {
        serde_json::Value::Null => "none".to_string(),
        serde_json::Value::String(text) if text.is_empty() => "(empty)".to_string(),
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let from_to = |field: Option<&str>, change: &serde_json::Value| {
        let line = format!("{} → {}", shown(&change["from"]), shown(&change["to"]));
        match field {
            Some(field) => format!("{}: {line}", field.replace('_', " ")),
            None => line,
        }
    };
    if let Some(serde_json::Value::Object(changed)) = data.get("changes") {
        return changed
            .iter()
            .map(|(field, change)| from_to(Some(field), change))
            .collect();
    }
    if data.contains_key("from") && data.contains_key("to") {
        return vec![from_to(None, &serde_json::Value::Object(data))];
    }
    data.iter()
        .map(|(field, value)| format!("{}: {}", field.replace('_', " "), shown(value)))
        .collect()
}

/// Every change an admin made, newest first.
#[component]
pub fn AuditDialog(close: Callback<()>) -> impl IntoView {
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let error = RwSignal::new(None::<String>);
    let more = RwSignal::new(false);
    let loading = RwSignal::new(false);
    let load = move || {
        let before = entries.with_untracked(|e| e.last().map(|e| e.id));
        loading.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match load_audit(before).await {
                Ok(page) => {
                    more.set(!page.is_empty());
                    entries.update(|e| e.extend(page));
                }
                Err(e) => error.set(Some(e.message)),
            }
            loading.set(false);
        });
    };
    load();
    view! {
        <Modal title="Audit" close>
            <div class="audit" data-testid="audit-dialog">
                <table class="team-table">
                    <thead>
                        <tr>
                            <th>"When"</th>
                            <th>"Who"</th>
                            <th>"What"</th>
                            <th>"Subject"</th>
                            <th>"Change"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            entries
                                .get()
                                .into_iter()
                                .map(|entry| {
                                    view! {
                                        <tr data-testid="audit-entry" title=entry.data.clone()>
                                            <td>{when(&entry.created_at)}</td>
                                            <td>{entry.actor.clone()}</td>
                                            <td data-testid="audit-action"><code>{entry.action.clone()}</code></td>
                                            <td data-testid="audit-subject">{entry.subject.clone()}</td>
                                            <td data-testid="audit-change">
                                                <ul class="audit-changes">
                                                    {audit_changes(&entry.data)
                                                        .into_iter()
                                                        .map(|line| view! { <li>{line}</li> })
                                                        .collect_view()}
                                                </ul>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                {move || {
                    (!loading.get() && entries.with(Vec::is_empty) && error.with(Option::is_none))
                        .then(|| view! { <p class="muted">"No changes yet."</p> })
                }}
                <ErrorLine error/>
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="audit-more"
                        hidden=move || !more.get()
                        disabled=move || loading.get()
                        on:click=move |_| load()
                    >
                        "Load more"
                    </button>
                </div>
            </div>
        </Modal>
    }
}
