//! The Labels dialog (admins): the team's labels, each renamed, recoloured
//! or removed here; agents put them on conversations from the pane.

use super::{AddForm, ListDialog};
use crate::components::modal::{report_failure, ConfirmButton, ErrorLine};
use crate::components::text_field::TextField;
use crate::server::{delete_label, load_labels, SaveLabel};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{Label, DEFAULT_LABEL_COLOUR};

/// Every label: name and colour; a new one is added below.
#[component]
pub fn LabelsDialog(close: Callback<()>) -> impl IntoView {
    let add = ServerAction::<SaveLabel>::new();
    // Bumped when a label is removed.
    let removed = RwSignal::new(0u32);
    let labels = Resource::new(
        move || (add.version().get(), removed.get()),
        |_| load_labels(),
    );
    let error = RwSignal::new(None::<String>);
    report_failure(add, error);
    let listed = move || labels.get().and_then(Result::ok);
    let failed = Signal::derive(move || {
        error
            .get()
            .or_else(|| labels.get().and_then(Result::err).map(|e| e.message))
    });
    let remove = Callback::new(move |id: i64| {
        leptos::task::spawn_local(async move {
            match delete_label(id).await {
                Ok(()) => removed.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    view! {
        <ListDialog
            title="Labels"
            test_id="labels-dialog"
            close
            error=failed
            intro=|| "Agents put labels on conversations (the Labels button, or l) and narrow the list to them; search finds them with label:name."
            add=move || {
                view! {
                    <AddForm
                        label="New label"
                        input_type="text"
                        placeholder="billing"
                        input_test_id="new-label-name"
                        button="Add label"
                        button_test_id="create-label"
                        ready=Signal::derive(move || listed().is_some())
                        action=add
                        input=|name| SaveLabel { id: None, name, colour: DEFAULT_LABEL_COLOUR.to_string() }
                    />
                }
            }
        >
            <Show when=move || listed().is_some_and(|l| l.is_empty())>
                <p class="muted" data-testid="no-labels">"No labels yet."</p>
            </Show>
            <ul class="label-cards">
                <For each=move || listed().unwrap_or_default() key=|l| l.id let:label>
                    <LabelCard label remove/>
                </For>
            </ul>
        </ListDialog>
    }
}

/// One label: its name and colour, saved together, or removed.
#[component]
fn LabelCard(label: Label, remove: Callback<i64>) -> impl IntoView {
    let id = label.id;
    let title = label.name.clone();
    let name = RwSignal::new(label.name);
    let colour = RwSignal::new(label.colour);
    let save = ServerAction::<SaveLabel>::new();
    let error = RwSignal::new(None::<String>);
    report_failure(save, error);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveLabel {
            id: Some(id),
            name: name.get_untracked(),
            colour: colour.get_untracked(),
        });
    };
    view! {
        <li class="admin-card label-card" data-testid="label-card" data-label=title.clone()>
            <form class="label-form" on:submit=submit>
                <TextField label="Name" value=name test_id="label-name" max_chars=32 required=true/>
                <label class="field colour-field">
                    <span>"Colour"</span>
                    <input type="color" data-testid="label-colour" bind:value=colour/>
                </label>
                <div class="admin-card-actions">
                    <button type="submit" class="button small" data-testid="label-save" disabled=move || save.pending().get()>
                        "Save"
                    </button>
                    <ConfirmButton
                        label="Delete"
                        question=format!("Delete {title}? It comes off every conversation.")
                        confirm="Delete"
                        test_id="label-delete"
                        class="button subtle small danger"
                        on_confirm=Callback::new(move |_| remove.run(id))
                    />
                </div>
            </form>
            <ErrorLine error/>
            {move || {
                matches!(save.value().get(), Some(Ok(_)))
                    .then(|| view! { <span class="muted small" role="status">"Saved"</span> })
            }}
        </li>
    }
}
