//! Labels in the inbox: the team's (read once, kept current by the live
//! stream), the chips rows and the pane show, the list's filter, and the
//! picker (`l`) that puts labels on the open conversation or on every
//! picked one.

use super::{InboxState, Target};
use crate::components::modal::{ErrorLine, Modal};
use crate::server::{label_conversation, load_labels};
use leptos::prelude::*;
use switchboard_types::{BulkActionKind, DEFAULT_LABEL_COLOUR};

impl InboxState {
    /// Reads the team's labels (at start; the live stream brings changes).
    pub fn load_labels(self) {
        leptos::task::spawn_local(async move {
            if let Ok(labels) = load_labels().await {
                self.labels.set(labels);
            }
        });
    }

    /// A label's colour, grey while it is not known yet.
    fn colour_of(self, name: &str) -> String {
        self.labels.with(|labels| {
            labels
                .iter()
                .find(|l| l.name == name)
                .map_or_else(|| DEFAULT_LABEL_COLOUR.to_string(), |l| l.colour.clone())
        })
    }

    /// Shows only conversations carrying `name` too, or no longer.
    fn toggle_filter(self, name: String) {
        self.label_filter.update(|chosen| {
            if let Some(at) = chosen.iter().position(|n| *n == name) {
                chosen.remove(at);
            } else {
                chosen.push(name);
                chosen.sort();
            }
        });
    }
}

/// A conversation's labels, each in its colour.
#[component]
pub fn LabelChips(names: Vec<String>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    (!names.is_empty()).then(|| {
        view! {
            <span class="label-chips" data-testid="labels">
                {names
                    .into_iter()
                    .map(|name| {
                        let of = name.clone();
                        view! {
                            <span class="label-chip small" data-testid="label-chip">
                                <span class="label-dot" style:background-color=move || state.colour_of(&of)></span>
                                {name}
                            </span>
                        }
                    })
                    .collect_view()}
            </span>
        }
    })
}

/// Above the list: narrow it to conversations carrying every label chosen.
/// Hidden while the team has no labels.
#[component]
pub fn LabelFilter() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let summary = move || {
        state.label_filter.with(|chosen| match chosen.len() {
            0 => "Filter by label".to_string(),
            _ => format!("Labels: {}", chosen.join(", ")),
        })
    };
    view! {
        <Show when=move || !state.labels.with(Vec::is_empty) || !state.label_filter.with(Vec::is_empty)>
            <details class="label-filter" data-testid="label-filter">
                <summary class="small" class:active=move || !state.label_filter.with(Vec::is_empty)>
                    {summary}
                </summary>
                <div class="label-options" role="group" aria-label="Show only conversations with all these labels">
                    <For each=move || state.labels.get() key=|l| (l.id, l.name.clone(), l.colour.clone()) let:label>
                        {
                            let name = label.name.clone();
                            let toggled = label.name.clone();
                            view! {
                                <label class="check small">
                                    <input
                                        type="checkbox"
                                        data-testid="label-filter-option"
                                        data-label=label.name.clone()
                                        prop:checked=move || state.label_filter.with(|c| c.contains(&name))
                                        on:change=move |_| state.toggle_filter(toggled.clone())
                                    />
                                    <span class="label-dot" style:background-color=label.colour.clone()></span>
                                    {label.name.clone()}
                                </label>
                            }
                        }
                    </For>
                    <Show when=move || !state.label_filter.with(Vec::is_empty)>
                        <button type="button" class="link small" data-testid="label-filter-clear" on:click=move |_| state.label_filter.set(Vec::new())>
                            "Show all"
                        </button>
                    </Show>
                </div>
            </details>
        </Show>
    }
}

/// Puts labels on the open conversation or takes them off (a box each),
/// or puts one on every picked conversation. Typing narrows the list;
/// Enter picks the first shown.
#[component]
pub fn LabelPicker(target: Target, close: Callback<()>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let find = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let carried = move |name: &str| match target {
        Target::One(number) => state.current.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.number == number && c.labels.iter().any(|l| l == name))
        }),
        Target::Picked => false,
    };
    let shown = move || {
        let find = find.get().trim().to_lowercase();
        state.labels.with(|labels| {
            labels
                .iter()
                .filter(|l| l.name.contains(&find))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let choose = move |name: String| match target {
        Target::One(number) => {
            let on = !carried(&name);
            leptos::task::spawn_local(async move {
                match label_conversation(number, name, on).await {
                    Ok(conversation) => {
                        error.set(None);
                        state.current.set(Some(conversation));
                        state.refresh_all();
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
        Target::Picked => {
            close.run(());
            state.run_bulk(BulkActionKind::Label, |request| request.label = Some(name));
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            if let Some(first) = shown().into_iter().next() {
                choose(first.name);
            }
        }
    };
    let title = match target {
        Target::One(_) => "Labels",
        Target::Picked => "Label the selected",
    };
    view! {
        <Modal title close>
            <div class="label-picker" data-testid="label-picker">
                <input
                    type="search"
                    class="input"
                    placeholder="Find a label"
                    aria-label="Find a label"
                    autofocus
                    data-testid="label-picker-find"
                    bind:value=find
                    on:keydown=on_keydown
                />
                <Show when=move || state.labels.with(Vec::is_empty)>
                    <p class="muted small">"No labels yet: an admin defines them under Admin → Labels."</p>
                </Show>
                <ul class="label-options" aria-label="Labels">
                    {move || {
                        shown()
                            .into_iter()
                            .map(|label| {
                                let name = label.name.clone();
                                let chosen = label.name.clone();
                                let option = match target {
                                    Target::One(_) => view! {
                                        <label class="check">
                                            <input
                                                type="checkbox"
                                                data-testid="label-option"
                                                data-label=label.name.clone()
                                                prop:checked=move || carried(&name)
                                                on:change=move |_| choose(chosen.clone())
                                            />
                                            <span class="label-dot" style:background-color=label.colour.clone()></span>
                                            {label.name.clone()}
                                        </label>
                                    }
                                    .into_any(),
                                    Target::Picked => view! {
                                        <button
                                            type="button"
                                            class="button subtle small"
                                            data-testid="label-option"
                                            data-label=label.name.clone()
                                            on:click=move |_| choose(chosen.clone())
                                        >
                                            <span class="label-dot" style:background-color=label.colour.clone()></span>
                                            {label.name.clone()}
                                        </button>
                                    }
                                    .into_any(),
                                };
                                view! { <li>{option}</li> }
                            })
                            .collect_view()
                    }}
                </ul>
                <ErrorLine error/>
                <div class="dialog-actions">
                    <button type="button" class="button subtle" data-testid="label-picker-close" on:click=move |_| close.run(())>
                        "Done"
                    </button>
                </div>
            </div>
        </Modal>
    }
}
