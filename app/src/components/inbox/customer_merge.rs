//! Merging the customer in the lightbox into another record of the same
//! person: find the record to keep, see what will happen, and merge.

use crate::server::{list_contacts, merge_contact};
use leptos::prelude::*;
use switchboard_types::{ContactAccount, ContactSort, ContactSummary};

/// "Merge into…": a search of the other customers; choosing one asks to
/// confirm, and `merged` receives the record kept.
#[component]
pub fn MergeCustomer(
    /// The customer shown (merged away).
    from: Signal<i64>,
    merged: Callback<ContactAccount>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<ContactSummary>::new());
    let chosen = RwSignal::new(None::<ContactSummary>);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let q = query.get();
        leptos::task::spawn_local(async move {
            match list_contacts(q.clone(), ContactSort::LastSeen, 0).await {
                // An answer to an older search is not shown.
                Ok(_) if q != query.get_untracked() => {}
                Ok(page) => {
                    let me = from.get_untracked();
                    found.set(
                        page.contacts
                            .into_iter()
                            .filter(|c| c.contact.id != me)
                            .collect(),
                    );
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let merge = move |into: i64| {
        leptos::task::spawn_local(async move {
            match merge_contact(from.get_untracked(), into).await {
                Ok(account) => {
                    error.set(None);
                    open.set(false);
                    chosen.set(None);
                    merged.run(account);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <button
            type="button"
            class="button subtle"
            data-testid="customer-merge"
            hidden=move || open.get()
            on:click=move |_| open.set(true)
        >
            "Merge into another customer…"
        </button>
        <Show when=move || open.get()>
            <section class="merge-customer" data-testid="merge-customer">
                <h3>"Merge into another customer"</h3>
                <p class="muted small">
                    "The same person on another device or channel: this customer's conversations, devices, notes and history move to the one you choose, which keeps its details and gains what it lacks."
                </p>
                {move || match chosen.get() {
                    None => view! {
                        <label class="field">
                            "Find the customer to keep"
                            <input
                                type="search"
                                data-testid="merge-customer-search"
                                placeholder="Name, e-mail, phone or company"
                                prop:value=move || query.get()
                                on:input=move |ev| query.set(event_target_value(&ev))
                            />
                        </label>
                        <ul class="customer-list">
                            <For
                                each=move || found.get()
                                key=|c| c.contact.id
                                children=move |c| {
                                    let details: Vec<String> = [c.contact.email.clone(), c.phone.clone(), c.company.clone()].into_iter().flatten().collect();
                                    let name = c.contact.name.clone();
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="customer-row"
                                                data-testid="merge-customer-choice"
                                                on:click=move |_| chosen.set(Some(c.clone()))
                                            >
                                                <strong>{name}</strong>
                                                <span class="muted small">{details.join(" · ")}</span>
                                            </button>
                                        </li>
                                    }
                                }
                            />
                        </ul>
                    }
                        .into_any(),
                    Some(keep) => {
                        let into = keep.contact.id;
                        view! {
                            <p data-testid="merge-customer-question">
                                "Merge this customer into " <strong>{keep.contact.name}</strong>
                                {keep.contact.email.map(|e| format!(" ({e})"))} "? This cannot be undone."
                            </p>
                            <div class="dialog-actions">
                                <button type="button" class="button subtle" on:click=move |_| chosen.set(None)>"Back"</button>
                                <button type="button" class="button primary" data-testid="merge-customer-submit" on:click=move |_| merge(into)>
                                    "Merge"
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                }}
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <button
                    type="button"
                    class="link small"
                    on:click=move |_| {
                        open.set(false);
                        chosen.set(None);
                        error.set(None);
                    }
                >
                    "Cancel"
                </button>
            </section>
        </Show>
    }
}
