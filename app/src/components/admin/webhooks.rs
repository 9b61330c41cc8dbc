//! The Webhooks dialog: endpoints, whether each is sent to, their secrets
//! and delivery logs.

use super::AddForm;
use crate::components::modal::{ConfirmButton, ErrorLine, Modal};
use crate::server::{
    add_webhook, load_webhook_deliveries, load_webhooks, remove_webhook, set_webhook_active,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_types::{Webhook, WebhookDelivery};

/// Webhooks with their secrets and delivery logs.
#[component]
pub fn WebhooksDialog(close: Callback<()>) -> impl IntoView {
    let hooks = RwSignal::new(None::<Vec<Webhook>>);
    let error = RwSignal::new(None::<String>);

    spawn_local(async move {
        match load_webhooks().await {
            Ok(list) => hooks.set(Some(list)),
            Err(e) => error.set(Some(e.message)),
        }
    });

    let add = move |url: String| async move {
        error.set(None);
        match add_webhook(url).await {
            Ok(hook) => {
                hooks.update(|list| list.get_or_insert_with(Vec::new).push(hook));
                true
            }
            Err(e) => {
                error.set(Some(e.message));
                false
            }
        }
    };
    let removed = Callback::new(move |id: i64| {
        hooks.update(|list| {
            if let Some(list) = list {
                list.retain(|h| h.id != id);
            }
        });
    });

    view! {
        <Modal title="Webhooks" close>
            <div class="admin-dialog" data-testid="webhooks-dialog">
                <p class="muted small">
                    "Each endpoint receives conversation and message events as signed JSON: check the "
                    <code>"X-Switchboard-Signature"</code>
                    " header with the endpoint's secret (HMAC-SHA256)."
                </p>
                <ErrorLine error/>
                <Show when=move || hooks.with(Option::is_none) && error.with(Option::is_none)>
                    <p class="muted">"Loading…"</p>
                </Show>
                <Show when=move || hooks.with(|h| h.as_ref().is_some_and(Vec::is_empty))>
                    <p class="muted" data-testid="no-webhooks">"No webhooks yet."</p>
                </Show>
                <For each=move || hooks.get().unwrap_or_default() key=|hook| hook.id let:hook>
                    <WebhookCard hook removed/>
                </For>
                <AddForm
                    label="New webhook URL"
                    input_type="url"
                    placeholder="https://example.com/hooks"
                    input_test_id="new-webhook-url"
                    button="Add webhook"
                    button_test_id="add-webhook"
                    ready=Signal::derive(move || hooks.with(Option::is_some))
                    add=add
                />
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>
                        "Close"
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// One webhook: its URL, whether it is sent to, its secret, and its delivery log.
#[component]
fn WebhookCard(hook: Webhook, removed: Callback<i64>) -> impl IntoView {
    let id = hook.id;
    let active = RwSignal::new(hook.active);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let log_open = RwSignal::new(false);
    let deliveries = RwSignal::new(None::<Vec<WebhookDelivery>>);
    let secret_box = NodeRef::<leptos::html::Input>::new();

    let set_active = move |on: bool| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match set_webhook_active(id, on).await {
                Ok(hook) => active.set(hook.active),
                Err(e) => {
                    active.set(!on);
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    let delete = move || {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match remove_webhook(id).await {
                Ok(()) => removed.run(id),
                Err(e) => {
                    error.set(Some(e.message));
                    busy.set(false);
                }
            }
        });
    };
    let refresh = move || {
        spawn_local(async move {
            match load_webhook_deliveries(id).await {
                Ok(list) => deliveries.set(Some(list)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let toggle_log = move |_| {
        let opening = !log_open.get_untracked();
        log_open.set(opening);
        if opening {
            refresh();
        }
    };

    view! {
        <div class="admin-card" data-testid="webhook" data-webhook-id=id>
            <h3 class="webhook-url" data-testid="webhook-url">{hook.url}</h3>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="webhook-active"
                    disabled=move || busy.get()
                    prop:checked=move || active.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        active.set(on);
                        set_active(on);
                    }
                />
                "Active (events are sent)"
            </label>
            <label class="field">
                "Signing secret"
                <input
                    type="text"
                    readonly
                    class="secret"
                    data-testid="webhook-secret"
                    prop:value=hook.secret
                    node_ref=secret_box
                    on:focus=move |_| {
                        if let Some(input) = secret_box.get() {
                            input.select();
                        }
                    }
                />
            </label>
            <ErrorLine error/>
            <div class="admin-card-actions">
                <button
                    type="button"
                    class="button subtle small"
                    data-testid="webhook-log-toggle"
                    aria-expanded=move || log_open.get().to_string()
                    on:click=toggle_log
                >
                    {move || if log_open.get() { "Hide delivery log" } else { "Delivery log" }}
                </button>
                <ConfirmButton
                    label="Delete"
                    question="Delete this webhook? Its deliveries stop."
                    confirm="Delete"
                    test_id="webhook-delete"
                    class="button danger small"
                    disabled=busy
                    on_confirm=Callback::new(move |_| delete())
                />
            </div>
            <Show when=move || log_open.get()>
                <div class="delivery-log" data-testid="webhook-deliveries">
                    <button
                        type="button"
                        class="button subtle small"
                        data-testid="webhook-log-refresh"
                        on:click=move |_| refresh()
                    >
                        "Refresh"
                    </button>
                    {move || match deliveries.get() {
                        None => view! { <p class="muted small">"Loading…"</p> }.into_any(),
                        Some(list) if list.is_empty() => {
                            view! { <p class="muted small">"Nothing sent yet."</p> }.into_any()
                        }
                        Some(list) => view! { <DeliveryTable list/> }.into_any(),
                    }}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn DeliveryTable(list: Vec<WebhookDelivery>) -> impl IntoView {
    view! {
        <table class="delivery-table">
            <thead>
                <tr>
                    <th>"Event"</th>
                    <th>"State"</th>
                    <th>"Attempts"</th>
                    <th>"Status"</th>
                    <th>"Error"</th>
                    <th>"When"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|d| {
                        let when = format!(
                            "{} {}",
                            d.created_at.get(..10).unwrap_or_default(),
                            crate::components::clock_time(&d.created_at),
                        );
                        let next = (d.state == "waiting")
                            .then_some(d.next_attempt_at)
                            .flatten()
                            .map(|at| format!(" (next try {})", crate::components::clock_time(&at)));
                        view! {
                            <tr data-testid="webhook-delivery">
                                <td>{d.event_type}</td>
                                <td class=format!("delivery-state {}", d.state)>{d.state.clone()}{next}</td>
                                <td>{d.attempts}</td>
                                <td>{d.last_status.map(|s| s.to_string()).unwrap_or_default()}</td>
                                <td class="delivery-error">{d.last_error.unwrap_or_default()}</td>
                                <td>{when}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
