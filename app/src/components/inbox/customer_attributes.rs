//! A customer's attributes in their record: each shown as its kind reads
//! (a link opens, yes/no says so), and the inputs the record's form gives
//! them, by the kinds admins defined (Admin → Attributes).

use super::InboxState;
use leptos::prelude::*;
use std::collections::BTreeMap;
use switchboard_types::{AttributeDefinition, AttributeKind};

impl InboxState {
    /// Reads the attributes admins defined (at start, and when a record
    /// is edited, so a new one shows without a reload).
    pub fn load_attributes(self) {
        leptos::task::spawn_local(async move {
            if let Ok(defined) = crate::server::load_attributes().await {
                self.attributes.set(defined);
            }
        });
    }
}

/// A value as its kind reads: a link opens in a new tab, yes/no says so.
#[component]
pub(super) fn AttributeValue(value: String, kind: Option<AttributeKind>) -> impl IntoView {
    match kind {
        Some(AttributeKind::Link)
            if value.starts_with("https://") || value.starts_with("http://") =>
        {
            let href = value.clone();
            view! { <a href=href target="_blank" rel="noopener noreferrer nofollow">{value}</a> }
                .into_any()
        }
        Some(kind) => kind.shown(&value).into_any(),
        None => value.into_any(),
    }
}

/// The attributes in the record's form: each one admins defined, with the
/// input its kind takes, then the others the site or an agent wrote.
#[component]
pub(super) fn AttributeFields(values: RwSignal<BTreeMap<String, String>>) -> impl IntoView {
    let state = expect_context::<InboxState>();
    let fields = move || {
        let defined = state.attributes.get();
        let mut names: Vec<(String, Option<AttributeDefinition>)> = defined
            .iter()
            .map(|d| (d.name.clone(), Some(d.clone())))
            .collect();
        values.with_untracked(|v| {
            for name in v.keys() {
                if !defined.iter().any(|d| &d.name == name) {
                    names.push((name.clone(), None));
                }
            }
        });
        names
    };
    view! {
        <For each=fields key=|(name, d)| (name.clone(), d.clone().map(|d| (d.kind, d.options))) let:field>
            <AttributeField name=field.0 definition=field.1 values/>
        </For>
    }
}

/// One attribute's input: a number, date or link field, a yes/no or a
/// list's choices, or text.
#[component]
fn AttributeField(
    name: String,
    definition: Option<AttributeDefinition>,
    values: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let key = name.clone();
    let value = Signal::derive(move || values.with(|v| v.get(&key).cloned().unwrap_or_default()));
    let key = name.clone();
    let set = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        values.update(|v| {
            v.insert(key.clone(), typed);
        });
    };
    let kind = definition.as_ref().map_or(AttributeKind::Text, |d| d.kind);
    let input = match kind {
        AttributeKind::YesNo | AttributeKind::List => {
            let choices: Vec<(String, String)> = match kind {
                AttributeKind::YesNo => {
                    vec![("true".into(), "Yes".into()), ("false".into(), "No".into())]
                }
                _ => definition
                    .map(|d| d.options.into_iter().map(|o| (o.clone(), o)).collect())
                    .unwrap_or_default(),
            };
            view! {
                <select data-testid="customer-attribute-field" data-attribute=name.clone() on:change=set>
                    <option value="" selected=move || value.get().is_empty()>"—"</option>
                    {choices
                        .into_iter()
                        .map(|(stored, shown)| {
                            let chosen = stored.clone();
                            view! { <option value=stored selected=move || value.get() == chosen>{shown}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        _ => {
            let input_type = match kind {
                AttributeKind::Number => "number",
                AttributeKind::Date => "date",
                AttributeKind::Link => "url",
                _ => "text",
            };
            view! {
                <input
                    type=input_type
                    step=(kind == AttributeKind::Number).then_some("any")
                    data-testid="customer-attribute-field"
                    data-attribute=name.clone()
                    prop:value=value
                    on:input=set
                />
            }
            .into_any()
        }
    };
    view! {
        <label class="field">
            <span>{name.clone()}</span>
            {input}
        </label>
    }
}
