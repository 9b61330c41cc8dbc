//! The Attributes dialog (admins): the customer attributes the team keeps,
//! each with its kind (text, number, date, yes/no, list, link), a list's
//! choices and its place in a customer's details. Agents fill them in on
//! the record; the site sets them from its pages.

use super::ListDialog;
use crate::components::modal::{report_failure, ConfirmButton, ErrorLine};
use crate::components::text_field::TextField;
use crate::server::{delete_attribute, load_attributes, SaveAttribute};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use switchboard_types::{AttributeDefinition, AttributeDraft, AttributeKind};

/// A list's choices as typed: one per line or separated by commas.
fn choices(typed: &str) -> Vec<String> {
    typed
        .split([',', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every attribute, in the order details show them; a new one is added
/// below.
#[component]
pub fn AttributesDialog(close: Callback<()>) -> impl IntoView {
    let save = ServerAction::<SaveAttribute>::new();
    // Bumped when an attribute is changed or removed.
    let changed = RwSignal::new(0u32);
    let attributes = Resource::new(
        move || (save.version().get(), changed.get()),
        |_| load_attributes(),
    );
    let error = RwSignal::new(None::<String>);
    let listed = move || attributes.get().and_then(Result::ok);
    let failed = Signal::derive(move || {
        error
            .get()
            .or_else(|| attributes.get().and_then(Result::err).map(|e| e.message))
    });
    let remove = Callback::new(move |id: i64| {
        leptos::task::spawn_local(async move {
            match delete_attribute(id).await {
                Ok(()) => changed.update(|n| *n += 1),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    view! {
        <ListDialog
            title="Attributes"
            test_id="attributes-dialog"
            close
            error=failed
            intro=|| "What the team keeps on every customer. Agents fill them in on the record; the site sets them with Switchboard('set', {…}). A value that does not fit the kind is refused."
            add=move || view! { <NewAttribute save/> }
        >
            <Show when=move || listed().is_some_and(|l| l.is_empty())>
                <p class="muted" data-testid="no-attributes">"No attributes yet."</p>
            </Show>
            <ul class="label-cards">
                <For
                    each=move || {
                        let all = listed().unwrap_or_default();
                        let last = all.len().saturating_sub(1);
                        all.into_iter().enumerate().map(move |(i, a)| (i, i == last, a)).collect::<Vec<_>>()
                    }
                    key=|(i, _, a)| (a.id, a.name.clone(), a.options.clone(), a.position, *i)
                    let:placed
                >
                    <AttributeCard attribute=placed.2 place=placed.0 + 1 last=placed.1 changed remove/>
                </For>
            </ul>
        </ListDialog>
    }
}

/// The form that defines a new attribute: name, kind, and a list's choices.
#[component]
fn NewAttribute(save: ServerAction<SaveAttribute>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(AttributeKind::Text);
    let options = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    report_failure(save, error);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            name.set(String::new());
            options.set(String::new());
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        save.dispatch(SaveAttribute {
            id: None,
            draft: AttributeDraft {
                name: Some(name.get_untracked()),
                kind: Some(kind),
                options: (kind == AttributeKind::List).then(|| choices(&options.get_untracked())),
                position: None,
            },
        });
    };
    view! {
        <form class="admin-add attribute-add" on:submit=submit>
            <TextField label="New attribute" test_id="new-attribute-name" placeholder="plan" value=name max_chars=50/>
            <label class="field">
                <span>"Kind"</span>
                <select
                    data-testid="new-attribute-kind"
                    on:change=move |ev| {
                        if let Ok(k) = event_target_value(&ev).parse() {
                            kind.set(k);
                        }
                    }
                >
                    {AttributeKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str() selected=move || kind.get() == k>{k.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <Show when=move || kind.get() == AttributeKind::List>
                <TextField label="Choices (one per line)" lines=3 test_id="new-attribute-options" value=options/>
            </Show>
            <button
                type="submit"
                class="button primary small"
                data-testid="create-attribute"
                disabled=move || save.pending().get() || name.with(|t| t.trim().is_empty())
            >
                "Add attribute"
            </button>
            <ErrorLine error/>
        </form>
    }
}

/// One attribute: renamed, a list's choices changed, moved up or down, or
/// removed.
#[component]
fn AttributeCard(
    attribute: AttributeDefinition,
    /// Its place in the list, 1 first.
    place: usize,
    last: bool,
    changed: RwSignal<u32>,
    remove: Callback<i64>,
) -> impl IntoView {
    let AttributeDefinition {
        id,
        name: title,
        kind,
        options: listed,
        ..
    } = attribute;
    let name = RwSignal::new(title.clone());
    let options = RwSignal::new(listed.join("\n"));
    let mine = ServerAction::<SaveAttribute>::new();
    let error = RwSignal::new(None::<String>);
    report_failure(mine, error);
    Effect::new(move |_| {
        if let Some(Ok(_)) = mine.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let send = move |draft: AttributeDraft| {
        mine.dispatch(SaveAttribute {
            id: Some(id),
            draft,
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send(AttributeDraft {
            name: Some(name.get_untracked()),
            options: (kind == AttributeKind::List).then(|| choices(&options.get_untracked())),
            ..Default::default()
        });
    };
    let moved = move |to: usize| {
        send(AttributeDraft {
            position: Some(to as i64),
            ..Default::default()
        })
    };
    view! {
        <li class="admin-card label-card" data-testid="attribute-card" data-attribute=title.clone()>
            <form class="label-form" on:submit=submit>
                <TextField label="Name" value=name test_id="attribute-name" max_chars=50 required=true/>
                <span class="muted small" data-testid="attribute-kind">{kind.label()}</span>
                {(kind == AttributeKind::List)
                    .then(|| view! { <TextField label="Choices (one per line)" lines=3 test_id="attribute-options" value=options/> })}
                <div class="admin-card-actions">
                    <button type="submit" class="button small" data-testid="attribute-save" disabled=move || mine.pending().get()>
                        "Save"
                    </button>
                    <button
                        type="button"
                        class="button subtle small"
                        aria-label=format!("Move {title} up")
                        data-testid="attribute-up"
                        disabled=place == 1
                        on:click=move |_| moved(place - 1)
                    >
                        "↑"
                    </button>
                    <button
                        type="button"
                        class="button subtle small"
                        aria-label=format!("Move {title} down")
                        data-testid="attribute-down"
                        disabled=last
                        on:click=move |_| moved(place + 1)
                    >
                        "↓"
                    </button>
                    <ConfirmButton
                        label="Delete"
                        question=format!("Delete {title}? Customers keep their values, as text.")
                        confirm="Delete"
                        test_id="attribute-delete"
                        class="button subtle small danger"
                        on_confirm=Callback::new(move |_| remove.run(id))
                    />
                </div>
            </form>
            <ErrorLine error/>
        </li>
    }
}
