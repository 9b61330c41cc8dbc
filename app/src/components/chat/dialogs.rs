//! The chat's dialogs: a new channel, private messages, inviting
//! colleagues, renaming, and sharing a customer conversation to a channel.

use super::ChatState;
use crate::components::modal::Modal;
use crate::outbox::Outgoing;
use crate::server::{create_channel, describe_channel, invite_to_channel, start_direct};
use leptos::prelude::*;
use switchboard_types::chat::ChannelKind;

/// Colleagues to tick, found by name; `exclude` are not offered.
#[component]
pub fn StaffPicker(chosen: RwSignal<Vec<i64>>, exclude: Vec<i64>) -> impl IntoView {
    let chat = expect_context::<ChatState>();
    let filter = RwSignal::new(String::new());
    let exclude = StoredValue::new(exclude);
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
        <label class="field">
            "Find colleagues"
            <input
                type="search"
                data-testid="staff-filter"
                placeholder="Name…"
                autofocus=true
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
        </label>
        <ul class="staff-picker" data-testid="staff-picker">
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
                                        type="checkbox"
                                        prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
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
        <Modal title="New channel" close>
            <form
                class="dialog-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <label class="field">
                    "Name"
                    <input
                        data-testid="channel-name"
                        required
                        maxlength="40"
                        placeholder="e.g. night-shift"
                        autofocus=true
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    "Description"
                    <input
                        data-testid="channel-description"
                        maxlength="250"
                        placeholder="What it is for"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="channel-private"
                        prop:checked=move || private.get()
                        on:change=move |ev| private.set(event_target_checked(&ev))
                    />
                    " Private: only people invited can find and read it"
                </label>
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="button primary" data-testid="create-channel">"Create"</button>
                </div>
            </form>
        </Modal>
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
        <Modal title="Private message" close>
            <form
                class="dialog-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <StaffPicker chosen exclude=Vec::new()/>
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Cancel"</button>
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="start-direct"
                        disabled=move || chosen.with(Vec::is_empty)
                    >
                        "Write"
                    </button>
                </div>
            </form>
        </Modal>
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
        <Modal title="Invite colleagues" close>
            <form
                class="dialog-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <StaffPicker chosen exclude=members/>
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Cancel"</button>
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="invite"
                        disabled=move || chosen.with(Vec::is_empty)
                    >
                        "Invite"
                    </button>
                </div>
            </form>
        </Modal>
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
        <Modal title="Edit channel" close>
            <form
                class="dialog-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <label class="field">
                    "Name"
                    <input
                        required
                        maxlength="40"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    "Description"
                    <input
                        data-testid="edit-description"
                        maxlength="250"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))
                    />
                </label>
                {move || error.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="button primary" data-testid="save-channel">"Save"</button>
                </div>
            </form>
        </Modal>
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
        <Modal title="Share to channel" close>
            <form
                class="dialog-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
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
                <label class="field">
                    "Note"
                    <textarea
                        data-testid="share-note"
                        rows="3"
                        placeholder="Why you share it (optional)"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))
                    ></textarea>
                </label>
                <div class="dialog-actions">
                    <button type="button" class="button subtle" on:click=move |_| close.run(())>"Cancel"</button>
                    <button
                        type="submit"
                        class="button primary"
                        data-testid="share"
                        disabled=move || target.get().is_none()
                    >
                        "Share"
                    </button>
                </div>
            </form>
        </Modal>
    }
}
