//! Tab counts for every view an agent can pick, folded from the count rows
//! the store keeps as conversations change (a few dozen rows, whatever the
//! inbox's size): how many each tab holds, and how many of those hold
//! customer messages the agent has not read.

use switchboard_types::{ConversationStatus, Counts, Queue, Tab, TabCount, View, ViewCounts};

/// Live conversations sharing a status, queue and assignee.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CountRow {
    pub status: String,
    pub queue_id: Option<i64>,
    pub assignee_id: Option<i64>,
    /// Of a blocked customer: counted in the Blocked view alone.
    pub blocked: bool,
    pub count: i64,
    pub unread: i64,
}

/// Which views a group of conversations shows in, for agent `me`.
fn in_view(view: View, row: &CountRow, me: i64) -> bool {
    if row.blocked != (view == View::Blocked) {
        return false;
    }
    match view {
        View::All | View::Blocked => true,
        View::Mine => row.assignee_id == Some(me),
        View::Unassigned => row.assignee_id.is_none(),
        View::Queue(id) => row.queue_id == Some(id),
    }
}

/// The counts of each view: All, Mine, Unassigned, then every queue.
pub fn fold(rows: &[CountRow], me: i64, queues: &[Queue]) -> Vec<ViewCounts> {
    [View::All, View::Mine, View::Unassigned]
        .into_iter()
        .chain(queues.iter().map(|q| View::Queue(q.id)))
        .map(|view| ViewCounts {
            view,
            counts: counts_of(rows, me, view),
        })
        .collect()
}

/// The counts of one view.
pub fn counts_of(rows: &[CountRow], me: i64, view: View) -> Counts {
    let mut counts = Counts::default();
    for row in rows.iter().filter(|r| in_view(view, r, me)) {
        let Ok(status) = row.status.parse::<ConversationStatus>() else {
            continue;
        };
        let tab = Tab::of(status);
        let slot: &mut TabCount = match tab {
            Tab::WorkingOn => &mut counts.working_on,
            Tab::Pending => &mut counts.pending,
            Tab::Resolved => &mut counts.resolved,
            Tab::Snoozed => &mut counts.snoozed,
        };
        slot.count += row.count;
        slot.unread += row.unread;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        status: &str,
        queue: Option<i64>,
        assignee: Option<i64>,
        count: i64,
        unread: i64,
    ) -> CountRow {
        CountRow {
            status: status.into(),
            queue_id: queue,
            assignee_id: assignee,
            blocked: false,
            count,
            unread,
        }
    }

    #[test]
    fn each_view_counts_only_its_conversations() {
        let rows = [
            row("pending", Some(1), None, 3, 2),
            row("working_on", Some(1), Some(7), 2, 1),
            row("working_on", Some(2), Some(8), 4, 0),
            row("resolved", None, None, 10, 0),
            row("snoozed", Some(2), Some(7), 1, 1),
        ];
        let queues = [
            Queue {
                id: 1,
                name: "Support".into(),
            },
            Queue {
                id: 2,
                name: "Sales".into(),
            },
        ];
        let views = fold(&rows, 7, &queues);
        let of = |view| views.iter().find(|v| v.view == view).unwrap().counts;

        let all = of(View::All);
        assert_eq!((all.pending.count, all.pending.unread), (3, 2));
        assert_eq!((all.working_on.count, all.working_on.unread), (6, 1));
        assert_eq!(all.resolved.count, 10);
        assert_eq!((all.snoozed.count, all.snoozed.unread), (1, 1));

        let mine = of(View::Mine);
        assert_eq!((mine.working_on.count, mine.working_on.unread), (2, 1));
        assert_eq!(mine.pending.count, 0);

        assert_eq!(of(View::Unassigned).pending.count, 3);
        assert_eq!(of(View::Unassigned).resolved.count, 10);
        assert_eq!(of(View::Queue(2)).working_on.count, 4);
        assert_eq!(views.len(), 5);
    }

    #[test]
    fn a_blocked_customers_conversations_count_in_the_blocked_view_alone() {
        let mut spam = row("pending", Some(1), None, 2, 2);
        spam.blocked = true;
        let rows = [row("pending", Some(1), None, 3, 1), spam];
        assert_eq!(counts_of(&rows, 7, View::All).pending.count, 3);
        assert_eq!(counts_of(&rows, 7, View::Queue(1)).pending.count, 3);
        assert_eq!(counts_of(&rows, 7, View::Unassigned).pending.unread, 1);
        let blocked = counts_of(&rows, 7, View::Blocked);
        assert_eq!((blocked.pending.count, blocked.pending.unread), (2, 2));
    }
}
