//! Tab counts are kept as the conversations change, never counted by a
//! scan, on both databases: the numbers an agent sees through reading,
//! writing, blocking and merging customers, always equal to a count of
//! every conversation. (The lifecycle property test checks the same over
//! random histories.)

use switchboard_core::on_both;
use switchboard_core::testing::{agent, visitor};
use switchboard_core::types::{Agent, Counts, Role, View};
use switchboard_core::{Customer, Switchboard};

async fn write(sb: &Switchboard, customer: &Customer, body: &str) -> (i64, i64) {
    let sent = sb
        .customer_send(customer, &uuid::Uuid::new_v4().to_string(), body)
        .await
        .unwrap();
    (sent.conversation.number, sent.message.seq)
}

/// What `agent` sees in `view`, after checking every agent's kept rows
/// against a recount.
async fn counts(sb: &Switchboard, agents: &[&Agent], agent: &Agent, view: View) -> Counts {
    for a in agents {
        let (kept, recounted) = sb.count_rows_and_recount(a.id).await.unwrap();
        assert_eq!(kept, recounted, "{}'s counts drifted", a.name);
    }
    sb.counts(agent, view).await.unwrap()
}

on_both! {
    counts_follow_reading_writing_blocking_and_merging_customers(sb) {
        let ada = agent(&sb, "Ada", Role::Admin).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let team = [&ada, &ben];
        let pat = visitor(&sb).await;
        let phone = visitor(&sb).await;

        let (first, seq) = write(&sb, &pat, "Hi").await;
        let all = counts(&sb, &team, &ben, View::All).await;
        assert_eq!((all.pending.count, all.pending.unread), (1, 1));

        sb.accept(&ben, first).await.unwrap();
        sb.mark_read(&ben, first, seq).await.unwrap();
        let mine = counts(&sb, &team, &ben, View::Mine).await;
        assert_eq!((mine.working_on.count, mine.working_on.unread), (1, 0));
        // Ada never read it: unread for her, not for Ben.
        let theirs = counts(&sb, &team, &ada, View::All).await;
        assert_eq!((theirs.working_on.count, theirs.working_on.unread), (1, 1));

        // The customer writes again: unread for Ben once more.
        let (_, seq) = write(&sb, &pat, "Still there?").await;
        assert_eq!(counts(&sb, &team, &ben, View::Mine).await.working_on.unread, 1);
        sb.mark_read(&ben, first, seq).await.unwrap();
        assert_eq!(counts(&sb, &team, &ben, View::Mine).await.working_on.unread, 0);
        sb.resolve(&ben, first).await.unwrap();
        let all = counts(&sb, &team, &ben, View::All).await;
        assert_eq!((all.working_on.count, all.resolved.count, all.resolved.unread), (0, 1, 0));

        // A blocked customer's conversation counts in the Blocked view alone.
        let (second, _) = write(&sb, &phone, "Spam?").await;
        assert_eq!(counts(&sb, &team, &ada, View::All).await.pending.count, 1);
        sb.block_contact(&ada, phone.id, true).await.unwrap();
        assert_eq!(counts(&sb, &team, &ada, View::All).await.pending.count, 0);
        let blocked = counts(&sb, &team, &ada, View::Blocked).await;
        assert_eq!((blocked.pending.count, blocked.pending.unread), (1, 1));
        sb.block_contact(&ada, phone.id, false).await.unwrap();
        assert_eq!(counts(&sb, &team, &ada, View::Blocked).await.pending.count, 0);

        // The same person on two devices: the conversations move to the
        // record kept, and so do the reads of them.
        sb.merge_contacts(&ben, phone.id, pat.id).await.unwrap();
        let all = counts(&sb, &team, &ben, View::All).await;
        assert_eq!((all.pending.count, all.resolved.count, all.resolved.unread), (1, 1, 0));

        // A deleted conversation leaves every count; restored, it is back.
        sb.delete(&ada, second).await.unwrap();
        assert_eq!(counts(&sb, &team, &ben, View::All).await.pending.count, 0);
        sb.restore(&ada, second).await.unwrap();
        assert_eq!(counts(&sb, &team, &ben, View::All).await.pending.count, 1);
    }
}
