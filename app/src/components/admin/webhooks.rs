//! The Webhooks dialog: endpoints, whether each is sent to, their secrets
//! and delivery logs.

use super::{AddForm, ListDialog};
use crate::components::modal::{report_failure, ConfirmButton, ErrorLine};
use crate::server::{
    load_webhook_deliveries, load_webhooks, AddWebhook, RemoveWebhook, SetWebhookActive,
};
use leptos::prelude::*;
use switchboard_types::{Webhook, WebhookDelivery};

/// Webhooks with their secrets and delivery logs.
#[component]
pub fn WebhooksDialog(close: Callback<()>) -> impl IntoView {
    let add = ServerAction::<AddWebhook>::new();
    // The list as stored, read again after each one added or deleted.
    let hooks = Resource::new(move || add.version().get(), |_| load_webhooks());
    let error = RwSignal::new(None::<String>);
    report_failure(add, error);
    let listed = move || hooks.get().and_then(Result::ok);
    let failed = Signal::derive(move || {
        error
            .get()
            .or_else(|| hooks.get().and_then(Result::err).map(|e| e.message))
    });
    let removed = Callback::new(move |_: i64| hooks.refetch());

    view! {
        <ListDialog
            title="Webhooks"
            test_id="webhooks-dialog"
            close
            error=failed
            intro=|| {
                view! {
                    "Each endpoint receives conversation and message events as signed JSON: check the "
                    <code>"X-Switchboard-Signature"</code>
                    " header with the endpoint's secret (HMAC-SHA256)."
                }
            }
            add=move || {
                view! {
                    <AddForm
                        label="New webhook URL"
                        input_type="url"
                        placeholder="https://example.com/hooks"
                        input_test_id="new-webhook-url"
                        button="Add webhook"
                        button_test_id="add-webhook"
                        ready=Signal::derive(move || listed().is_some())
                        action=add
                        input=|url| AddWebhook { url }
                    />
                }
            }
        >
            <Show when=move || listed().is_some_and(|list| list.is_empty())>
                <p class="muted" data-testid="no-webhooks">"No webhooks yet."</p>
            </Show>
            <For each=move || listed().unwrap_or_default() key=|hook| hook.id let:hook>
                <WebhookCard hook removed/>
            </For>
        </ListDialog>
    }
}

/// One webhook: its URL, whether it is sent to, its secret, and its delivery log.
#[component]
fn WebhookCard(hook: Webhook, removed: Callback<i64>) -> impl IntoView {
    let id = hook.id;
    let switch = ServerAction::<SetWebhookActive>::new();
    let remove = ServerAction::<RemoveWebhook>::new();
    let active = RwSignal::new(hook.active);
    let busy = Signal::derive(move || switch.pending().get() || remove.pending().get());
    let error = RwSignal::new(None::<String>);
    report_failure(switch, error);
    report_failure(remove, error);
    Effect::new(move |_| match switch.value().get() {
        Some(Ok(hook)) => active.set(hook.active),
        // Refused: the box shows what is stored again.
        Some(Err(_)) => active.update(|on| *on = !*on),
        None => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            removed.run(id);
        }
    });
    let log_open = RwSignal::new(false);
    // The delivery log, read when it opens and on Refresh.
    let deliveries = Resource::new(
        move || log_open.get(),
        move |open| async move {
            match open {
                true => Some(load_webhook_deliveries(id).await),
                false => None,
            }
        },
    );
    let secret_box = NodeRef::<leptos::html::Input>::new();

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
                        switch.dispatch(SetWebhookActive { webhook_id: id, active: on });
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
                    on:click=move |_| log_open.update(|open| *open = !*open)
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
                    on_confirm=Callback::new(move |_| {
                        remove.dispatch(RemoveWebhook { webhook_id: id });
                    })
                />
            </div>
            <Show when=move || log_open.get()>
                <div class="delivery-log" data-testid="webhook-deliveries">
                    <button
                        type="button"
                        class="button subtle small"
                        data-testid="webhook-log-refresh"
                        on:click=move |_| deliveries.refetch()
                    >
                        "Refresh"
                    </button>
                    {move || match deliveries.get().flatten() {
                        None => view! { <p class="muted small">"Loading…"</p> }.into_any(),
                        Some(Err(e)) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => {
                            view! { <p class="muted small">"Nothing sent yet."</p> }.into_any()
                        }
                        Some(Ok(list)) => view! { <DeliveryTable list/> }.into_any(),
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
