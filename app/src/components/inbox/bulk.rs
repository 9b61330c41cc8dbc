//! Acting on many conversations at once: rows are picked with their
//! checkboxes (Shift+click picks a range, `x` the open one, the bar's box
//! every row shown), and the bar above the list applies one action to all
//! of them; the server answers which succeeded and why the others did not.

use super::{InboxState, PaneDialog, Target};
use crate::server::bulk_conversations;
use leptos::prelude::*;
use switchboard_types::{BulkActionKind, BulkRequest};

impl InboxState {
    /// Picks or unpicks a row; with `range`, every row shown between the
    /// one picked last and this one takes this one's new state.
    pub fn toggle_pick(self, number: i64, range: bool) {
        let on = !self.picked.with_untracked(|p| p.contains(&number));
        let anchor = self.pick_anchor.get_value();
        let listed = self.listed.get_value();
        let span: Vec<i64> = match (range, anchor) {
            (true, Some(anchor)) => {
                let at = |n: i64| listed.iter().position(|x| *x == n);
                match (at(anchor), at(number)) {
                    (Some(a), Some(b)) => listed[a.min(b)..=a.max(b)].to_vec(),
                    _ => vec![number],
                }
            }
            _ => vec![number],
        };
        self.picked.update(|picked| {
            picked.retain(|n| !span.contains(n));
            if on {
                picked.extend(span);
            }
        });
        self.pick_anchor.set_value(Some(number));
    }

    /// Runs one action on every picked conversation; the answer shows in
    /// the bar, the lists reload, and what was refused stays picked while
    /// it is still listed.
    pub fn run_bulk(self, action: BulkActionKind, set: impl FnOnce(&mut BulkRequest)) {
        let mut request = BulkRequest {
            numbers: self.picked.get_untracked(),
            action,
            agent_id: None,
            queue_id: None,
            until: None,
            label: None,
        };
        set(&mut request);
        leptos::task::spawn_local(async move {
            match bulk_conversations(request).await {
                Ok(outcome) => {
                    self.bulk_result.set(Some(outcome.summary));
                    self.picked
                        .update(|p| p.retain(|n| !outcome.succeeded.contains(n)));
                }
                Err(e) => self.bulk_result.set(Some(e.message)),
            }
            self.refresh_all();
        });
    }
}

/// Above the list: the box that picks every row shown and, while some are
/// picked, how many and the actions for all of them.
#[component]
pub fn BulkBar() -> impl IntoView {
    let state = expect_context::<InboxState>();
    let count = move || state.picked.with(Vec::len);
    let all_picked = move || {
        let listed = state.listed.get_value();
        count() > 0 && state.picked.with(|p| listed.iter().all(|n| p.contains(n)))
    };
    let pick_all = move |on: bool| {
        let listed = state.listed.get_value();
        state.picked.set(if on { listed } else { Vec::new() });
    };
    let action = move |label: &'static str, test_id: &'static str, kind: BulkActionKind| {
        view! {
            <button type="button" class="button small" data-testid=test_id on:click=move |_| state.run_bulk(kind, |_| {})>
                {label}
            </button>
        }
    };
    let dialog = move |label: &'static str, test_id: &'static str, open: PaneDialog| {
        view! {
            <button type="button" class="button small" data-testid=test_id on:click=move |_| state.dialog.set(Some(open))>
                {label}
            </button>
        }
    };
    view! {
        <div class="bulk-bar" data-testid="bulk-bar">
            <label class="check small">
                <input
                    type="checkbox"
                    data-testid="pick-all"
                    prop:checked=all_picked
                    on:change=move |ev| pick_all(event_target_checked(&ev))
                />
                {move || match count() {
                    0 => "Select all".to_string(),
                    n => format!("{n} selected"),
                }}
            </label>
            <Show when=move || { count() > 0 }>
                <div class="bulk-actions" role="group" aria-label="Act on the selected conversations">
                    {action("Accept", "bulk-accept", BulkActionKind::Accept)}
                    {action("Resolve", "bulk-resolve", BulkActionKind::Resolve)}
                    {action("Return", "bulk-return", BulkActionKind::Return)}
                    {action("Reopen", "bulk-reopen", BulkActionKind::Reopen)}
                    {dialog("Assign…", "bulk-assign", PaneDialog::Assign(Target::Picked))}
                    {dialog("Transfer…", "bulk-transfer", PaneDialog::Transfer(Target::Picked))}
                    {dialog("Snooze…", "bulk-snooze", PaneDialog::Snooze(Target::Picked))}
                    {dialog("Label…", "bulk-label", PaneDialog::Labels(Target::Picked))}
                    <button type="button" class="button subtle small" data-testid="bulk-clear" on:click=move |_| state.picked.set(Vec::new())>
                        "Clear"
                    </button>
                </div>
            </Show>
        </div>
        {move || state.bulk_result.get().map(|text| view! {
            <p class="bulk-result small" role="status" data-testid="bulk-result">
                {text}
                <button type="button" class="link small" aria-label="Dismiss" on:click=move |_| state.bulk_result.set(None)>"×"</button>
            </p>
        })}
    }
}
