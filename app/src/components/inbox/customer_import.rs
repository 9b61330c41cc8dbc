//! Importing customers from a CSV file (admins): the file is tried first
//! and each row shown with what it would do (a new customer, a change, as
//! they are, or refused and why); **Import** then writes it.

use super::customer::changes_text;
use super::InboxState;
use crate::components::modal::ErrorLine;
use crate::server::import_contacts;
use leptos::prelude::*;
use switchboard_types::{ContactImport, ImportOutcome};

#[component]
pub(super) fn CustomerImport() -> impl IntoView {
    let state = expect_context::<InboxState>();
    // The file chosen: its name and text.
    let file = RwSignal::new(None::<(String, String)>);
    let result = RwSignal::new(None::<ContactImport>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |dry_run: bool| {
        let Some((_, text)) = file.get_untracked() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match import_contacts(text, dry_run).await {
                Ok(done) => {
                    error.set(None);
                    if !done.dry_run {
                        state.contacts_version.update(|v| *v += 1);
                    }
                    result.set(Some(done));
                }
                Err(e) => {
                    result.set(None);
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    let chosen = move |ev: leptos::ev::Event| {
        let _ = &ev;
        #[cfg(feature = "browser")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(chosen) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            result.set(None);
            leptos::task::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(chosen.text())
                    .await
                    .ok()
                    .and_then(|t| t.as_string());
                match text {
                    Some(text) => {
                        file.set(Some((chosen.name(), text)));
                        run(true);
                    }
                    None => error.set(Some("the file could not be read".into())),
                }
            });
        }
    };
    view! {
        <section class="customer-import" data-testid="customer-import" aria-label="Import customers">
            <label class="field">
                "CSV file"
                <input type="file" accept=".csv,text/csv" data-testid="import-file" on:change=chosen/>
            </label>
            <p class="muted small">
                "Columns: id, name, email, phone, company, and attributes.<name> for what the site says. "
                "A row changes the customer it names (by id, else by e-mail) or adds a new one; "
                "a cell given replaces theirs, an empty one leaves it. An export imports back as it is."
            </p>
            <ErrorLine error/>
            {move || result.get().map(|done| {
                let writes = done.created + done.updated;
                view! {
                    <p role="status" data-testid="import-summary">{summary(&done)}</p>
                    <table class="import-rows" data-testid="import-rows">
                        <thead>
                            <tr><th>"Line"</th><th>"Customer"</th><th>"What it does"</th></tr>
                        </thead>
                        <tbody>
                            {done.rows.into_iter().map(|row| {
                                let customer = [row.name, row.email].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                let what = match row.outcome {
                                    ImportOutcome::Created => format!("New: {}", changes_text(&row.changes)),
                                    ImportOutcome::Updated => format!("Changes {}", changes_text(&row.changes)),
                                    ImportOutcome::Unchanged => "Already as the file says".to_string(),
                                    ImportOutcome::Refused => format!("Refused: {}", row.reason.unwrap_or_default()),
                                };
                                view! {
                                    <tr data-testid="import-row" class=format!("import-{}", outcome_class(row.outcome))>
                                        <td>{row.line}</td>
                                        <td>{customer}</td>
                                        <td>{what}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {done.dry_run.then(|| view! {
                        <button
                            type="button"
                            class="button primary"
                            data-testid="import-submit"
                            disabled=move || busy.get() || writes == 0
                            on:click=move |_| run(false)
                        >
                            {format!("Import {writes} {}", if writes == 1 { "customer" } else { "customers" })}
                        </button>
                    })}
                }
            })}
        </section>
    }
}

/// What the file does, or did, in one line.
fn summary(done: &ContactImport) -> String {
    let counts = format!(
        "{} new, {} changed, {} as they are, {} refused",
        done.created, done.updated, done.unchanged, done.refused
    );
    if done.dry_run {
        format!("Nothing is written yet. This file would make: {counts}.")
    } else {
        format!("Imported: {counts}.")
    }
}

fn outcome_class(outcome: ImportOutcome) -> &'static str {
    match outcome {
        ImportOutcome::Created => "created",
        ImportOutcome::Updated => "updated",
        ImportOutcome::Unchanged => "unchanged",
        ImportOutcome::Refused => "refused",
    }
}
