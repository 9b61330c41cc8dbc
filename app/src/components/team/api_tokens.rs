//! The agent's own API tokens: made (shown once), listed, revoked.

use super::when;
use crate::components::modal::{
    report_failure, ConfirmButton, CopyBox, ErrorLine, ErrorList, Modal,
};
use crate::components::text_field::TextField;
use crate::server::{load_api_tokens, CreateMyApiToken, RevokeMyApiToken};
use leptos::prelude::*;

/// The agent's own API tokens: made (shown once), listed, revoked.
#[component]
pub fn ApiTokensDialog(close: Callback<()>) -> impl IntoView {
    let create = ServerAction::<CreateMyApiToken>::new();
    let revoke = ServerAction::<RevokeMyApiToken>::new();
    // The list reads again after each token made or revoked.
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_api_tokens(),
    );
    let name = RwSignal::new(String::new());
    // The new token's secret, shown this once.
    let created = move || {
        create
            .value()
            .get()
            .and_then(Result::ok)
            .map(|new| new.token)
    };
    // What went wrong with the last change, if it did.
    let failed = RwSignal::new(None::<String>);
    report_failure(create, failed);
    report_failure(revoke, failed);
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            name.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateMyApiToken {
            name: name.get_untracked(),
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
                        <Transition>
                        <ErrorBoundary fallback=|errors| view! { <tr><td colspan="4"><ErrorList errors/></td></tr> }>
                        {move || {
                            tokens.get().map(|list| list.map(|list| list
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
                                                            on_confirm=Callback::new(move |_| {
                                                                revoke.dispatch(RevokeMyApiToken { token_id: id });
                                                            })
                                                        />
                                                    }
                                                        .into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()))
                        }}
                        </ErrorBoundary>
                        </Transition>
                    </tbody>
                </table>
                <form class="invite-form" on:submit=submit>
                    <h3>"New token"</h3>
                    <div class="invite-fields">
                        <TextField label="Name (what uses it)" required=true test_id="token-name" value=name/>
                    </div>
                    <div class="dialog-actions">
                        <button type="submit" class="button primary" data-testid="create-token">"Create"</button>
                    </div>
                </form>
                {move || {
                    created().map(|secret| {
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
                <ErrorLine error=failed/>
            </div>
        </Modal>
    }
}
