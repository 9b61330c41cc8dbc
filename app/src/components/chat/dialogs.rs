//! The chat's dialogs: a new channel, private messages, inviting
//! colleagues, renaming, and sharing a customer conversation to a channel.

use super::ChatState;
use crate::components::modal::ModalForm;
use crate::components::staff_picker::StaffPicker;
use crate::components::text_field::TextField;
use crate::outbox::Outgoing;
use crate::server::{create_channel, describe_channel, invite_to_channel, start_direct};
use leptos::prelude::*;
use switchboard_types::chat::ChannelKind;

#[component]
pub fn NewChannelDialog(close: Callback<()>) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let private = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let (n, d, p) = (
            name.get_untracked(),
            description.get_untracked(),
            private.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            match create_channel(n, d, p).await {
                Ok(entry) => {
                    let id = entry.channel.id;
                    chat.upsert(entry);
                    chat.show(id);
                    close.run(());
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <ModalForm title="New channel" close submit=Callback::new(move |_| submit()) submit_label="Create" submit_test_id="create-channel" error=error>
                <TextField label="Name" test_id="channel-name" required=true max_chars=40 placeholder="e.g. night-shift" autofocus=true value=name/>
                <TextField label="Description" test_id="channel-description" max_chars=250 placeholder="What it is for" value=description/>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="channel-private"
                        prop:checked=move || private.get()
                        on:change=move |ev| private.set(event_target_checked(&ev))
                    />
                    " Private: only people invited can find and read it"
                </label>
        </ModalForm>
    }
}

#[component]
pub fn NewDirectDialog(close: Callback<()>) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let chosen = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let ids = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            match start_direct(ids).await {
                Ok(entry) => {
                    let id = entry.channel.id;
                    chat.upsert(entry);
                    chat.show(id);
                    close.run(());
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <ModalForm title="Private message" close submit=Callback::new(move |_| submit()) submit_label="Write" submit_test_id="start-direct" disabled=Signal::derive(move || chosen.with(Vec::is_empty)) error=error>
                <StaffPicker chosen exclude=Vec::new()/>
        </ModalForm>
    }
}

#[component]
pub fn InviteDialog(channel_id: i64, members: Vec<i64>, close: Callback<()>) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let chosen = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let ids = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            match invite_to_channel(channel_id, ids).await {
                Ok(entry) => {
                    chat.upsert(entry);
                    close.run(());
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <ModalForm title="Invite colleagues" close submit=Callback::new(move |_| submit()) submit_label="Invite" submit_test_id="invite" disabled=Signal::derive(move || chosen.with(Vec::is_empty)) error=error>
                <StaffPicker chosen exclude=members/>
        </ModalForm>
    }
}

#[component]
pub fn EditChannelDialog(
    channel_id: i64,
    name: String,
    description: String,
    close: Callback<()>,
) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let name = RwSignal::new(name);
    let description = RwSignal::new(description);
    let error = RwSignal::new(None::<String>);
    let submit = move || {
        let (n, d) = (name.get_untracked(), description.get_untracked());
        leptos::task::spawn_local(async move {
            match describe_channel(channel_id, n, d).await {
                Ok(entry) => {
                    chat.upsert(entry);
                    close.run(());
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <ModalForm title="Edit channel" close submit=Callback::new(move |_| submit()) submit_label="Save" submit_test_id="save-channel" error=error>
                <TextField label="Name" required=true max_chars=40 value=name/>
                <TextField label="Description" test_id="edit-description" max_chars=250 value=description/>
        </ModalForm>
    }
}

/// Shares a customer conversation to a channel or a colleague: a message
/// with a `#number` link and a word about it, sent through the outbox.
#[component]
pub fn ShareToChannel(number: i64, close: Callback<()>) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let state = expect_context::<crate::components::inbox::InboxState>();
    let targets = move || {
        chat.entries.with(|entries| {
            entries
                .iter()
                .filter(|e| e.channel.is_member(chat.me))
                .map(|e| (e.channel.id, e.channel.title_for(chat.me), e.channel.kind))
                .collect::<Vec<_>>()
        })
    };
    let target = RwSignal::new(None::<i64>);
    let note = RwSignal::new(String::new());
    let submit = move || {
        let Some(channel_id) = target.get_untracked() else {
            return;
        };
        let note = note.get_untracked();
        let body = if note.trim().is_empty() {
            format!("#{number}")
        } else {
            format!("#{number} {}", note.trim())
        };
        state.outbox.push(Outgoing::chat(channel_id, body));
        state.flush_outbox();
        close.run(());
    };
    view! {
        <ModalForm title="Share to channel" close submit=Callback::new(move |_| submit()) submit_label="Share" submit_test_id="share" disabled=Signal::derive(move || target.get().is_none())>
                <label class="field">
                    "Where"
                    <select
                        data-testid="share-target"
                        required
                        on:change=move |ev| target.set(event_target_value(&ev).parse().ok())
                    >
                        <option value="">"Choose a channel or colleague…"</option>
                        {move || {
                            targets()
                                .into_iter()
                                .map(|(id, title, kind)| {
                                    let label = if kind == ChannelKind::Direct { format!("@ {title}") } else { title };
                                    view! { <option value=id.to_string()>{label}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <TextField label="Note" test_id="share-note" lines=3 placeholder="Why you share it (optional)" value=note/>
        </ModalForm>
    }
}
