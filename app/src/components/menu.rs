//! A menu in the top bar: a button that opens a short list of choices
//! (the admin tools, the agent's own account), so the bar stays one line
//! on a laptop's screen. ↑ ↓ move between the choices, Escape or a click
//! elsewhere closes it, and a choice closes it too.

use leptos::prelude::*;

/// One choice: its label, its `data-testid`, and what it does.
#[derive(Clone)]
pub struct MenuItem {
    pub label: &'static str,
    pub test_id: &'static str,
    pub choose: Callback<()>,
}

#[component]
pub fn Menu(
    /// What the button shows.
    button: ViewFn,
    /// The button's `data-testid`.
    test_id: &'static str,
    /// The button's accessible name.
    label: &'static str,
    items: Vec<MenuItem>,
    /// Shown after the choices (a form, for example).
    #[prop(optional)]
    footer: Option<ViewFn>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Span>::new();
    let menu = NodeRef::<leptos::html::Div>::new();
    let items = StoredValue::new(items);
    // A click anywhere else closes it.
    #[cfg(feature = "browser")]
    {
        let outside = window_event_listener(leptos::ev::click, move |ev| {
            use wasm_bindgen::JsCast;
            if !open.get_untracked() {
                return;
            }
            let inside = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                .zip(root.get_untracked())
                .is_some_and(|(target, root)| root.contains(Some(&target)));
            if !inside {
                open.set(false);
            }
        });
        on_cleanup(move || outside.remove());
    }
    // Opening puts the focus on the first choice.
    Effect::new(move |_| {
        if open.get() {
            #[cfg(feature = "browser")]
            request_animation_frame(move || focus_item(menu, 0, 0));
        }
    });
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let count = choice_count(menu);
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
                focus_button(root);
            }
            "ArrowDown" => {
                ev.prevent_default();
                focus_item(menu, focused_index(menu).map_or(0, |i| i + 1), count);
            }
            "ArrowUp" => {
                ev.prevent_default();
                let at = focused_index(menu).unwrap_or(0);
                focus_item(menu, (at + count.max(1) - 1) % count.max(1), count);
            }
            "Tab" => open.set(false),
            _ => {}
        }
    };
    view! {
        <span class="menu" node_ref=root>
            <button
                type="button"
                class="button subtle small menu-button"
                data-testid=test_id
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {button.run()}
                <span class="caret" aria-hidden="true">"▾"</span>
            </button>
            <div
                class="menu-popup"
                role="menu"
                aria-label=label
                node_ref=menu
                hidden=move || !open.get()
                on:keydown=keys
            >
                {items
                    .get_value()
                    .into_iter()
                    .map(|item| {
                        view! {
                            <button
                                type="button"
                                role="menuitem"
                                class="menu-item"
                                data-testid=item.test_id
                                on:click=move |_| {
                                    open.set(false);
                                    item.choose.run(());
                                }
                            >
                                {item.label}
                            </button>
                        }
                    })
                    .collect_view()}
                {footer.map(|footer| footer.run())}
            </div>
        </span>
    }
}

/// The choices' buttons (and a footer's), in order.
#[cfg(feature = "browser")]
fn choices(menu: NodeRef<leptos::html::Div>) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Some(menu) = menu.get_untracked() else {
        return Vec::new();
    };
    let Ok(found) = menu.query_selector_all("button") else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

fn choice_count(menu: NodeRef<leptos::html::Div>) -> usize {
    #[cfg(feature = "browser")]
    {
        choices(menu).len()
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = menu;
        0
    }
}

fn focused_index(menu: NodeRef<leptos::html::Div>) -> Option<usize> {
    #[cfg(feature = "browser")]
    {
        let active = web_sys::window()?.document()?.active_element()?;
        choices(menu)
            .iter()
            .position(|b| wasm_bindgen::JsValue::from(b) == wasm_bindgen::JsValue::from(&active))
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = menu;
        None
    }
}

fn focus_item(menu: NodeRef<leptos::html::Div>, index: usize, count: usize) {
    #[cfg(feature = "browser")]
    {
        let buttons = choices(menu);
        let count = if count == 0 { buttons.len() } else { count };
        if let Some(button) = buttons.get(index % count.max(1)) {
            let _ = button.focus();
        }
    }
    #[cfg(not(feature = "browser"))]
    let _ = (menu, index, count);
}

fn focus_button(root: NodeRef<leptos::html::Span>) {
    #[cfg(feature = "browser")]
    if let Some(button) = root
        .get_untracked()
        .and_then(|r| r.query_selector("button.menu-button").ok().flatten())
    {
        use wasm_bindgen::JsCast;
        if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
            let _ = button.focus();
        }
    }
    #[cfg(not(feature = "browser"))]
    let _ = root;
}
