//! The inbox's top bar: the inbox/chat switch, the view selector, the live
//! dot, the admin tools' menu and the agent's own menu.

use super::{alerts, InboxState, Mode};
use crate::components::menu::{Menu, MenuItem};
use crate::components::{admin, reports, saved_replies, settings, team};
use crate::components::{later, split_view};
use crate::server::{list_queues, LogOut};
use leptos::prelude::*;
use switchboard_types::{Agent, View};

/// The bar across the top: the mode switch, the view selector, whether
/// the inbox is live, alerts, the admin tools, shortcuts, the agent's
/// availability and their own menu.
#[component]
pub(super) fn TopBar(
    state: InboxState,
    agent: Agent,
    log_out: ServerAction<LogOut>,
) -> impl IntoView {
    view! {
        <header class="topbar">
            <span class="brand">"Switchboard"</span>
            <ModeSwitch/>
            <Show when=move || state.mode.get() == Mode::Inbox>
                <ViewSelector/>
            </Show>
            <span class="spacer"></span>
            <span
                class="live-dot"
                class:online=move || state.connected.get()
                title=move || if state.connected.get() { "Live" } else { "Reconnecting…" }
            ></span>
            <alerts::AlertsToggle/>
            // What admins run: the team, queues, the widget, webhooks, mailboxes, the audit.
            {agent.is_admin().then(|| view! { <AdminMenu me=agent.id/> })}
            <button
                class="button subtle small"
                data-testid="shortcuts"
                title="Keyboard shortcuts (?)"
                aria-label="Keyboard shortcuts"
                on:click=move |_| state.help.set(true)
            >
                "?"
            </button>
            <crate::components::admin::AvailabilitySelect initial=agent.availability/>
            <AccountMenu name=agent.name.clone() admin=agent.is_admin() log_out/>
        </header>
    }
}

/// A view's name with its open conversations and, when some hold unread
/// messages, a red dot (the select's options cannot be coloured).
fn view_label(state: InboxState, view: View, name: &str) -> String {
    let counts = state
        .counts
        .with(|views| views.iter().find(|v| v.view == view).map(|v| v.counts));
    match counts {
        Some(c) => {
            let open = c.working_on.count + c.pending.count;
            let unread = c.working_on.unread + c.pending.unread;
            format!("{name} · {open}{}", if unread > 0 { " ●" } else { "" })
        }
        None => name.to_string(),
    }
}

#[component]
fn ViewSelector() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let queues = Resource::new(|| (), |_| list_queues());
    // The chosen view's badge: red while it holds unread messages.
    let unread_here = move || {
        let view = state.view.get();
        state.counts.with(|views| {
            views
                .iter()
                .find(|v| v.view == view)
                .is_some_and(|v| v.counts.working_on.unread + v.counts.pending.unread > 0)
        })
    };
    view! {
        <label class="view-selector">
            <span class="visually-hidden">"View"</span>
            <span
                class="view-dot"
                class:unread=unread_here
                data-testid="view-unread"
                title=move || if unread_here() { "Unread messages in this view" } else { "All read" }
            ></span>
            <select
                data-testid="view-selector"
                on:change=move |ev| {
                    if let Ok(view) = event_target_value(&ev).parse::<View>() {
                        state.view.set(view);
                    }
                }
            >
                <option value="all" selected=move || state.view.get() == View::All>
                    {move || view_label(state, View::All, "All")}
                </option>
                <option value="mine" selected=move || state.view.get() == View::Mine>
                    {move || view_label(state, View::Mine, "Mine")}
                </option>
                <option value="unassigned" selected=move || state.view.get() == View::Unassigned>
                    {move || view_label(state, View::Unassigned, "Unassigned")}
                </option>
                <Transition>
                    {move || {
                        queues
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|q| {
                                let view = View::Queue(q.id);
                                view! {
                                    <option value=view.to_string() selected=move || state.view.get() == view>
                                        {move || view_label(state, view, &q.name)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </Transition>
                // Admins find blocked customers' conversations here alone.
                {state.me.with_value(|me| me.is_admin()).then(|| view! {
                    <option value="blocked" selected=move || state.view.get() == View::Blocked>
                        "Blocked"
                    </option>
                })}
            </select>
        </label>
    }
}

/// What an admin's menu opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AdminTool {
    Team,
    Queues,
    Labels,
    Attributes,
    WidgetSettings,
    Webhooks,
    Mailboxes,
    Audit,
    Reports,
    Satisfaction,
    BusiestHours,
}

/// The admin tools, in one menu of the top bar: each opens its dialog,
/// made when it opens (reading what it shows afresh).
#[component]
fn AdminMenu(me: i64) -> impl IntoView {
    let shown = RwSignal::new(None::<AdminTool>);
    let close = Callback::new(move |_| shown.set(None));
    let open_queues = Callback::new(move |_| shown.set(Some(AdminTool::Queues)));
    let item = move |label, test_id, tool| MenuItem {
        label,
        test_id,
        choose: Callback::new(move |_| shown.set(Some(tool))),
    };
    let items = vec![
        item("Team", "open-team", AdminTool::Team),
        item("Queues", "open-queues", AdminTool::Queues),
        item("Labels", "open-labels", AdminTool::Labels),
        item("Attributes", "open-attributes", AdminTool::Attributes),
        item(
            "Widget settings",
            "open-widget-settings",
            AdminTool::WidgetSettings,
        ),
        item("Webhooks", "open-webhooks", AdminTool::Webhooks),
        item("Mailboxes", "open-mailboxes", AdminTool::Mailboxes),
        item("Audit", "open-audit", AdminTool::Audit),
        item("Reports", "open-reports", AdminTool::Reports),
        item(
            "Customer satisfaction",
            "open-satisfaction",
            AdminTool::Satisfaction,
        ),
        item(
            "Busiest hours",
            "open-busiest-hours",
            AdminTool::BusiestHours,
        ),
    ];
    view! {
        <Menu button=ViewFn::from(|| "Admin") test_id="open-admin" label="Administration" items/>
        {move || shown.get().map(|tool| later(move || admin_tool(tool, me, close, open_queues)))}
    }
}

split_view! {
    /// An admin tool's dialog, in a file of its own (see `split_view!`).
    fn admin_tool(tool: AdminTool, me: i64, close: Callback<()>, open_queues: Callback<()>) {
        match tool {
            AdminTool::Team => view! { <team::TeamDialog me close/> }.into_any(),
            AdminTool::Queues => view! { <admin::QueuesDialog close/> }.into_any(),
            AdminTool::Labels => view! { <admin::LabelsDialog close/> }.into_any(),
            AdminTool::Attributes => view! { <admin::AttributesDialog close/> }.into_any(),
            AdminTool::WidgetSettings => {
                view! { <settings::WidgetSettingsDialog close open_queues/> }.into_any()
            }
            AdminTool::Webhooks => view! { <admin::WebhooksDialog close/> }.into_any(),
            AdminTool::Mailboxes => view! { <admin::MailboxesDialog close/> }.into_any(),
            AdminTool::Audit => view! { <team::AuditDialog close/> }.into_any(),
            AdminTool::Reports => view! { <reports::ReportsDialog admin=true close/> }.into_any(),
            AdminTool::Satisfaction => {
                view! { <reports::SatisfactionDialog admin=true close/> }.into_any()
            }
            AdminTool::BusiestHours => view! { <reports::BusiestHoursDialog close/> }.into_any(),
        }
    }
}

/// What the agent's own menu opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AccountTool {
    SavedReplies,
    AlertPreferences,
    ApiTokens,
    MyReports,
    MyRatings,
}

/// The agent's own menu: their saved replies, their choice of alerts,
/// their API tokens, and logging out.
#[component]
fn AccountMenu(name: String, admin: bool, log_out: ServerAction<LogOut>) -> impl IntoView {
    let shown = RwSignal::new(None::<AccountTool>);
    let close = Callback::new(move |_| shown.set(None));
    let item = move |label, test_id, tool| MenuItem {
        label,
        test_id,
        choose: Callback::new(move |_| shown.set(Some(tool))),
    };
    let mut items = vec![
        item(
            "Saved replies",
            "open-saved-replies",
            AccountTool::SavedReplies,
        ),
        item(
            "Alert preferences",
            "open-alert-preferences",
            AccountTool::AlertPreferences,
        ),
        item("API tokens", "open-tokens", AccountTool::ApiTokens),
    ];
    // Admins find the whole team's in the Admin menu.
    if !admin {
        items.push(item(
            "My reports",
            "open-my-reports",
            AccountTool::MyReports,
        ));
        items.push(item(
            "My ratings",
            "open-my-ratings",
            AccountTool::MyRatings,
        ));
    }
    let button =
        ViewFn::from(move || view! { <span class="me" data-testid="me">{name.clone()}</span> });
    let footer = ViewFn::from(move || {
        view! {
            <ActionForm action=log_out attr:class="menu-form">
                <button type="submit" role="menuitem" class="menu-item" data-testid="log-out">"Log out"</button>
            </ActionForm>
        }
    });
    view! {
        <Menu button test_id="account" label="Your account" items footer/>
        {move || shown.get().map(|tool| later(move || account_tool(tool, admin, close)))}
    }
}

split_view! {
    /// A dialog of the agent's own menu, in a file of its own as the admin
    /// tools are.
    fn account_tool(tool: AccountTool, admin: bool, close: Callback<()>) {
        match tool {
            AccountTool::SavedReplies => {
                view! { <saved_replies::SavedRepliesDialog admin close/> }.into_any()
            }
            AccountTool::AlertPreferences => {
                view! { <alerts::AlertPreferencesDialog close/> }.into_any()
            }
            AccountTool::ApiTokens => view! { <team::ApiTokensDialog close/> }.into_any(),
            AccountTool::MyReports => {
                view! { <reports::ReportsDialog admin=false close/> }.into_any()
            }
            AccountTool::MyRatings => {
                view! { <reports::SatisfactionDialog admin=false close/> }.into_any()
            }
        }
    }
}

/// Inbox or staff chat; the chat's button shows a red count while
/// something there is unread.
#[component]
fn ModeSwitch() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let unread = move || state.chat.unread_total();
    let button = move |mode: Mode, label: &'static str, test_id: &'static str| {
        view! {
            <button
                role="tab"
                class="mode-tab"
                class:active=move || state.mode.get() == mode
                aria-selected=move || (state.mode.get() == mode).to_string()
                data-testid=test_id
                on:click=move |_| state.mode.set(mode)
            >
                {label}
                {(mode == Mode::Chat)
                    .then(|| {
                        view! {
                            <span
                                class="badge"
                                class:unread={move || unread() > 0}
                                data-testid="chat-unread-total"
                                hidden={move || unread() == 0}
                            >
                                {unread}
                            </span>
                        }
                    })}
            </button>
        }
    };
    view! {
        <nav class="mode-switch" role="tablist" aria-label="Inbox or team chat">
            {button(Mode::Inbox, "Inbox", "mode-inbox")}
            {button(Mode::Chat, "Team chat", "mode-chat")}
        </nav>
    }
}
