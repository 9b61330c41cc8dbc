//! The agent's own API tokens: made (shown once), listed, revoked.

use super::when;
use crate::components::modal::{ConfirmButton, CopyBox, ErrorLine, Modal};
use crate::server::{create_my_api_token, load_api_tokens, revoke_my_api_token};
use leptos::prelude::*;
use switchboard_types::ApiToken;

/// The agent's own API tokens: made (shown once), listed, revoked.
#[component]
pub fn ApiTokensDialog(close: Callback<()>) -> impl IntoView {
    let tokens = RwSignal::new(Vec::<ApiToken>::new());
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<String>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match load_api_tokens().await {
                Ok(list) => tokens.set(list),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    load();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        error.set(None);
        created.set(None);
        leptos::task::spawn_local(async move {
            match create_my_api_token(n).await {
                Ok(new) => {
                    name.set(String::new());
                    created.set(Some(new.token));
                    tokens.update(|list| list.insert(0, new.api_token));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let revoke = move |id: i64| {
        error.set(None);
        leptos::task::spawn_local(async move {
            match revoke_my_api_token(id).await {
                Ok(()) => load(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <Modal title="API tokens" close>
            <div class="api-tokens" data-testid="tokens-dialog">
                <p class="muted small">
                    "A token lets a script use the API as you: send it as "
                    <code>"Authorization: Bearer …"</code>
                    "."
                </p>
                <table class="team-table">
                    <thead>
                        <tr>
                            <th>"Name"</th>
                            <th>"Created"</th>
                            <th>"Last used"</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            tokens
                                .get()
                                .into_iter()
                                .map(|token| {
                                    let id = token.id;
                                    view! {
                                        <tr data-testid="api-token" class:inactive=token.revoked>
                                            <td>{token.name.clone()}</td>
                                            <td>{when(&token.created_at)}</td>
                                            <td>{token.last_used_at.as_deref().map(when).unwrap_or_else(|| "Never".into())}</td>
                                            <td>
                                                {if token.revoked {
                                                    view! { <span class="muted" data-testid="token-revoked">"Revoked"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ConfirmButton
                                                            label="Revoke"
                                                            question="Revoke it? What uses it stops working."
                                                            confirm="Revoke"
                                                            test_id="revoke-token"
                                                            on_confirm=Callback::new(move |_| revoke(id))
                                                        />
                                                    }
                                                        .into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
                <form class="invite-form" on:submit=create>
                    <h3>"New token"</h3>
                    <div class="invite-fields">
                        <label class="field">
                            "Name (what uses it)"
                            <input
                                type="text"
                                required
                                data-testid="token-name"
                                bind:value=name
                            />
                        </label>
                    </div>
                    <div class="dialog-actions">
                        <button type="submit" class="button primary" data-testid="create-token">"Create"</button>
                    </div>
                </form>
                {move || {
                    created.get().map(|secret| {
                        view! {
                            <CopyBox
                                label="Your new token".to_string()
                                value=secret
                                test_id="new-token"
                                note="Copy it now: it will not be shown again.".to_string()
                            />
                        }
                    })
                }}
                <ErrorLine error/>
            </div>
        </Modal>
    }
}
