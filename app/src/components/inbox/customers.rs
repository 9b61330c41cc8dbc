//! Every customer, found by what the team knows of them (name, e-mail,
//! phone, company, what the site said), in the order chosen; a click opens
//! their record. Admins export every customer as a CSV file, and import
//! one.

use super::{InboxState, PaneDialog};
use crate::components::clock_time;
use crate::components::modal::Modal;
use crate::server::list_contacts;
use leptos::prelude::*;
use switchboard_types::{ContactSort, ContactSummary};

#[component]
pub fn CustomersDialog(close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let query = RwSignal::new(String::new());
    let sort = RwSignal::new(ContactSort::LastSeen);
    // Pages read so far (more are added below the first).
    let shown = RwSignal::new(Vec::<ContactSummary>::new());
    let next = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<String>);
    let admin = state.me.with_value(|me| me.is_admin());
    let importing = RwSignal::new(false);
    let load = move |offset: i64| {
        let (q, order) = (query.get_untracked(), sort.get_untracked());
        leptos::task::spawn_local(async move {
            match list_contacts(q.clone(), order, offset).await {
                // An answer to an older search is not shown.
                Ok(_) if q != query.get_untracked() || order != sort.get_untracked() => {}
                Ok(page) => {
                    error.set(None);
                    shown.update(|list| {
                        if offset == 0 {
                            list.clear();
                        }
                        list.extend(page.contacts);
                    });
                    next.set(page.next_offset);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    Effect::new(move |_| {
        query.track();
        sort.track();
        state.contacts_version.track();
        load(0);
    });
    view! {
        <Modal title="Customers" close>
            <div class="customers" data-testid="customers-dialog">
                <div class="customers-filter">
                    <label class="field grow">
                        "Find"
                        <input
                            type="search"
                            data-testid="customers-search"
                            placeholder="Name, e-mail, phone, company or anything the site said"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="field">
                        "Order"
                        <select
                            data-testid="customers-order"
                            on:change=move |ev| {
                                if let Ok(order) = event_target_value(&ev).parse() {
                                    sort.set(order);
                                }
                            }
                        >
                            {ContactSort::ALL
                                .into_iter()
                                .map(|order| view! {
                                    <option value=order.as_str() selected=move || sort.get() == order>{order.label()}</option>
                                })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                {admin.then(|| view! {
                    <div class="customers-files">
                        <a class="button subtle small" href="/api/v1/contacts/export" download="customers.csv" data-testid="customers-export">
                            "Export CSV"
                        </a>
                        <button
                            type="button"
                            class="button subtle small"
                            data-testid="customers-import"
                            aria-expanded=move || importing.get().to_string()
                            on:click=move |_| importing.update(|open| *open = !*open)
                        >
                            "Import CSV…"
                        </button>
                    </div>
                    <Show when=move || importing.get()>
                        <super::customer_import::CustomerImport/>
                    </Show>
                })}
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <ul class="customer-list">
                    <For
                        each=move || shown.get()
                        key=|c| (c.contact.id, c.contact.name.clone(), c.last_seen_at.clone())
                        children=move |c| {
                            let id = c.contact.id;
                            let details: Vec<String> = [c.contact.email, c.phone, c.company].into_iter().flatten().collect();
                            view! {
                                <li>
                                    <button
                                        class="customer-row"
                                        data-testid="customer-row"
                                        on:click=move |_| state.dialog.set(Some(PaneDialog::Customer(id)))
                                    >
                                        <strong>{c.contact.name}</strong>
                                        {c.blocked.then(|| view! { " " <span class="status-pill blocked">"Blocked"</span> })}
                                        <span class="muted small">{details.join(" · ")}</span>
                                        <span class="muted small">
                                            {match c.conversations {
                                                1 => "1 conversation".to_string(),
                                                n => format!("{n} conversations"),
                                            }}
                                            {c.last_seen_at.map(|at| format!(" · last seen {} {}", at.get(..10).unwrap_or_default(), clock_time(&at)))}
                                        </span>
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
                <Show when=move || shown.with(Vec::is_empty) && error.get().is_none()>
                    <p class="muted" data-testid="no-customers">"No customer matches."</p>
                </Show>
                {move || next.get().map(|offset| view! {
                    <button type="button" class="button subtle" data-testid="customers-more" on:click=move |_| load(offset)>
                        "More"
                    </button>
                })}
            </div>
        </Modal>
    }
}
