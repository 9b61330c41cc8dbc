//! Colleagues found by name and picked: several (private messages,
//! invitations) or one (assign, transfer).

use crate::components::chat::ChatState;
use crate::components::text_field::TextField;
use leptos::prelude::*;

/// Colleagues to pick, found by name; `exclude` (and the agent) are not
/// offered. With `single`, picking one drops the others, and `nobody`
/// names the choice of none.
#[component]
pub fn StaffPicker(
    chosen: RwSignal<Vec<i64>>,
    #[prop(optional)] exclude: Vec<i64>,
    #[prop(optional)] single: bool,
    #[prop(default = None)] nobody: Option<&'static str>,
) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let filter = RwSignal::new(String::new());
    let exclude = StoredValue::new(exclude);
    let kind = if single { "radio" } else { "checkbox" };
    let offered = move || {
        let needle = filter.get().to_lowercase();
        chat.staff.with(|staff| {
            staff
                .iter()
                .filter(|a| a.id != chat.me && !exclude.with_value(|e| e.contains(&a.id)))
                .filter(|a| a.name.to_lowercase().contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <TextField label="Find colleagues" kind="search" test_id="staff-filter" placeholder="Name…" autofocus=true value=filter/>
        <ul class="staff-picker" data-testid="staff-picker" aria-label="Colleagues">
            {nobody.map(|label| view! {
                <li>
                    <label>
                        <input
                            type="radio"
                            name="staff-picker"
                            prop:checked=move || chosen.with(Vec::is_empty)
                            on:change=move |_| chosen.set(Vec::new())
                        />
                        " " {label}
                    </label>
                </li>
            })}
            {move || {
                let offered = offered();
                if offered.is_empty() {
                    return view! { <li class="muted small">"Nobody by that name."</li> }.into_any();
                }
                offered
                    .into_iter()
                    .map(|agent| {
                        let id = agent.id;
                        view! {
                            <li>
                                <label>
                                    <input
                                        type=kind
                                        name="staff-picker"
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                if single {
                                                    c.clear();
                                                }
                                                c.retain(|x| *x != id);
                                                if on {
                                                    c.push(id);
                                                }
                                            });
                                        }
                                    />
                                    " " {agent.name}
                                </label>
                            </li>
                        }
                    })
                    .collect_view()
                    .into_any()
            }}
        </ul>
    }
}
