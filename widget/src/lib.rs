//! The customer widget's entry point. The embedded frame loads this bundle
//! alone (not the inbox's): it renders the chat in the browser, for the
//! widget key in the frame's address.

#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let key = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("key"))
        .unwrap_or_default();
    leptos::mount::mount_to_body(move || {
        leptos::view! { <app::components::widget::WidgetFrame key=key.clone()/> }
    });
}
