//! One search box for the inbox and the team chat: Enter searches, an
//! emptied box clears the results, and a Clear button shows while results
//! are on screen (where the caller asks for it).

use leptos::prelude::*;

#[component]
pub fn SearchBox(
    /// The form's class (where it sits in the layout).
    class: &'static str,
    /// The input's id, and what its label says (read by screen readers).
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    test_id: &'static str,
    /// Called with the text when the agent searches (never empty).
    on_search: Callback<String>,
    /// Called when the results should go (an emptied box, or Clear).
    on_clear: Callback<()>,
    /// Whether results are on screen: a Clear button shows meanwhile.
    #[prop(optional, into)]
    showing: Option<Signal<bool>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let search = move || {
        let text = query.get_untracked().trim().to_string();
        if text.is_empty() {
            on_clear.run(());
        } else {
            on_search.run(text);
        }
    };
    view! {
        <form
            class=class
            role="search"
            on:submit=move |ev| {
                ev.prevent_default();
                search();
            }
        >
            <label class="visually-hidden" for=id>{label}</label>
            <input
                id=id
                type="search"
                data-testid=test_id
                placeholder=placeholder
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    if query.get_untracked().is_empty() {
                        on_clear.run(());
                    }
                }
            />
            {showing.map(|showing| view! {
                <Show when=move || showing.get()>
                    <button
                        type="button"
                        class="button subtle small"
                        data-testid="clear-search"
                        on:click=move |_| {
                            query.set(String::new());
                            on_clear.run(());
                        }
                    >
                        "Clear"
                    </button>
                </Show>
            })}
        </form>
    }
}
