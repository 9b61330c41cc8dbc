//! The store's contract, run against both databases: a fresh SQLite file
//! and a fresh PostgreSQL database (at `TEST_POSTGRES_URL`, by default the
//! local server) for every test.

use switchboard_core::on_both;
use switchboard_core::types::{
    AuthorKind, ClientFrame, ConversationStatus, Listing, LiveEvent, MessageStatus, Role, Sort,
    Tab, TimelineItem, View,
};
use switchboard_core::{Error, Switchboard, Viewer};

const PASSWORD: &str = "correct horse battery";

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn agent(sb: &Switchboard, name: &str) -> switchboard_core::types::Agent {
    sb.create_agent(
        &format!("{}@example.com", name.to_lowercase()),
        name,
        Role::Agent,
        PASSWORD.into(),
    )
    .await
    .unwrap()
}

async fn customer(sb: &Switchboard, name: &str) -> (String, switchboard_core::Customer) {
    let key = sb.widget_key().await.unwrap();
    let session = sb
        .start_widget_session(
            &key,
            switchboard_core::Visitor {
                name: Some(name),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let contact = sb.contact_for_token(&session.contact_token).await.unwrap();
    (session.contact_token, contact)
}

fn seqs(items: &[TimelineItem]) -> Vec<i64> {
    items.iter().map(TimelineItem::seq).collect()
}

/// The status of the message with `seq`, as agents see it.
async fn status_of(
    sb: &Switchboard,
    agent: &switchboard_core::types::Agent,
    number: i64,
    seq: i64,
) -> switchboard_core::types::Message {
    sb.timeline(agent, number, 0)
        .await
        .unwrap()
        .items
        .into_iter()
        .find_map(|i| match i {
            TimelineItem::Message(m) if m.seq == seq => Some(m),
            _ => None,
        })
        .unwrap()
}

on_both! {
    lists_and_counts_hold_what_the_view_rule_says(sb) {
        // One conversation in every state the rule tells apart, then every
        // view's every tab, as an agent and as an admin: the store's list
        // and count are exactly the conversations `listed_in` names.
        let ada = agent(&sb, "Ada").await;
        let ben = agent(&sb, "Ben").await;
        let root = sb.create_agent("root@example.com", "Root", Role::Admin, PASSWORD.into()).await.unwrap();
        let other_queue = sb.ensure_queue("Billing").await.unwrap();
        let mut numbers = Vec::new();
        let open = |name: &'static str| {
            let sb = sb.clone();
            async move {
                let (_, contact) = customer(&sb, name).await;
                let sent = sb.customer_send(&contact, &new_id(), "Hello").await.unwrap();
                (contact.id, sent.conversation.number)
            }
        };
        let (_, pending) = open("Pending").await;
        let (_, adas) = open("Ada's").await;
        sb.accept(&ada, adas).await.unwrap();
        let (_, bens) = open("Ben's").await;
        sb.accept(&ben, bens).await.unwrap();
        let (_, resolved) = open("Resolved").await;
        sb.resolve(&ada, resolved).await.unwrap();
        let (_, snoozed) = open("Snoozed").await;
        sb.accept(&ada, snoozed).await.unwrap();
        let tomorrow = switchboard_core::clock::rfc3339(switchboard_core::clock::now_ms() + 86_400_000);
        sb.snooze(&ada, snoozed, &tomorrow).await.unwrap();
        let (_, deleted) = open("Deleted").await;
        sb.delete(&root, deleted).await.unwrap();
        let (blocked_contact, blocked) = open("Blocked").await;
        sb.block_contact(&root, blocked_contact, true).await.unwrap();
        let (_, billing) = open("Billing").await;
        sb.transfer(&ada, billing, None, Some(other_queue.id), None).await.unwrap();
        numbers.extend([pending, adas, bens, resolved, snoozed, deleted, blocked, billing]);
        let mut all = Vec::new();
        for &number in &numbers {
            all.push(sb.conversation(&root, number).await.unwrap());
        }
        let queue_ids: Vec<i64> = all.iter().filter_map(|c| c.queue.as_ref().map(|q| q.id)).collect();
        let mut views = vec![View::Mine, View::Unassigned, View::All];
        views.extend(queue_ids.iter().map(|&id| View::Queue(id)));
        for who in [&ada, &root] {
            let mut these = views.clone();
            if who.is_admin() {
                these.push(View::Blocked);
            }
            for &view in &these {
                let counts = sb.counts(who, view).await.unwrap();
                for tab in Tab::ALL {
                    let mut listed: Vec<i64> = sb
                        .conversations(who, &Listing::of(view, tab), None, Some(200))
                        .await
                        .unwrap()
                        .conversations
                        .iter()
                        .map(|c| c.number)
                        .collect();
                    listed.sort_unstable();
                    let mut expected: Vec<i64> = all
                        .iter()
                        .filter(|c| c.listed_in(view, tab, who.id))
                        .map(|c| c.number)
                        .collect();
                    expected.sort_unstable();
                    assert_eq!(listed, expected, "{view:?} {tab:?} as {}", who.name);
                    assert_eq!(counts.get(tab).count as usize, expected.len(), "count of {view:?} {tab:?} as {}", who.name);
                }
            }
        }
    }

    whereabouts_are_kept_per_agent_and_checked(sb) {
        let ada = agent(&sb, "Ada").await;
        let ben = agent(&sb, "Ben").await;
        assert_eq!(sb.whereabouts(&ada).await.unwrap(), None);
        sb.set_whereabouts(&ada, r#"{"tab":"pending","selected":3}"#).await.unwrap();
        sb.set_whereabouts(&ada, r#"{"tab":"resolved","selected":4}"#).await.unwrap();
        assert_eq!(sb.whereabouts(&ada).await.unwrap().as_deref(), Some(r#"{"tab":"resolved","selected":4}"#));
        assert_eq!(sb.whereabouts(&ben).await.unwrap(), None, "each agent has their own");
        assert!(matches!(sb.set_whereabouts(&ada, "[1, 2]").await, Err(Error::Invalid(_))));
        assert!(matches!(sb.set_whereabouts(&ada, &format!(r#"{{"x":"{}"}}"#, "y".repeat(2000))).await, Err(Error::Invalid(_))));
        assert_eq!(sb.whereabouts(&ada).await.unwrap().as_deref(), Some(r#"{"tab":"resolved","selected":4}"#));
    }

    customer_attributes_are_merged_checked_and_shown(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, contact) = customer(&sb, "Maria").await;
        let first = [("Plan", "Pro"), ("Orders", "12")].map(|(k, v)| (k.to_string(), v.to_string())).into();
        sb.site_sets_attributes(&contact, &first, false).await.unwrap();
        let later = [("Orders", "13"), ("Plan", "")].map(|(k, v)| (k.to_string(), v.to_string())).into();
        sb.site_sets_attributes(&contact, &later, false).await.unwrap();
        let account = sb.contact_account(&ada, contact.id).await.unwrap();
        assert_eq!(account.attributes.into_iter().collect::<Vec<_>>(), vec![("Orders".to_string(), "13".to_string())]);
        let too_long = [("Note".to_string(), "x".repeat(501))].into();
        assert!(matches!(sb.site_sets_attributes(&contact, &too_long, false).await, Err(Error::Invalid(_))));
        let account = sb.contact_account(&ada, contact.id).await.unwrap();
        assert_eq!(account.attributes.len(), 1, "a refused change changes nothing");
    }

    messages_move_from_sent_to_delivered_to_read_both_ways(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, maria) = customer(&sb, "Maria").await;
        let (_, tom) = customer(&sb, "Tom").await;
        let hello = sb.customer_send(&maria, &new_id(), "Hello").await.unwrap();
        let (number, seq) = (hello.conversation.number, hello.message.seq);
        assert_eq!(hello.message.status, MessageStatus::Sent);

        // An agent's inbox got it: delivered, with its time, and everyone told.
        let delivered = ClientFrame::Delivered { conversation_number: number, seq };
        sb.client_frame(Viewer::Agent(ada.id), delivered.clone()).await.unwrap();
        let m = status_of(&sb, &ada, number, seq).await;
        assert_eq!(m.status, MessageStatus::Delivered);
        assert!(m.delivered_at.is_some() && m.read_at.is_none());
        // A second acknowledgement finds nothing left to move.
        sb.client_frame(Viewer::Agent(ada.id), delivered).await.unwrap();

        // Reading it (the agent's read pointer passing it) makes it read.
        sb.mark_read(&ada, number, seq).await.unwrap();
        let m = status_of(&sb, &ada, number, seq).await;
        assert_eq!(m.status, MessageStatus::Read);
        assert!(m.read_at.is_some());

        // The reply goes the other way: the customer's widget shows it, then
        // the customer reads it. Another customer cannot speak for Maria.
        sb.accept(&ada, number).await.unwrap();
        let reply = sb.send_message(&ada, number, &new_id(), "Hi Maria", false, true).await.unwrap();
        let note = sb.send_message(&ada, number, &new_id(), "VIP", true, true).await.unwrap();
        let read = ClientFrame::Read { conversation_number: number, seq: note.message.seq };
        assert!(matches!(
            sb.client_frame(Viewer::Contact(tom.id), read.clone()).await,
            Err(Error::NotFound(_))
        ));
        assert_eq!(status_of(&sb, &ada, number, reply.message.seq).await.status, MessageStatus::Sent);
        sb.client_frame(Viewer::Contact(maria.id), read).await.unwrap();
        assert_eq!(status_of(&sb, &ada, number, reply.message.seq).await.status, MessageStatus::Read);
        assert_eq!(
            status_of(&sb, &ada, number, note.message.seq).await.status,
            MessageStatus::Sent,
            "a private note is never delivered to the customer"
        );

        // Each move went out as one message.status event, to agents and Maria.
        let updates = |frames: Vec<switchboard_core::types::Frame>| {
            frames
                .into_iter()
                .filter_map(|f| match f.event {
                    LiveEvent::MessageStatus { update } => Some((update.author_kind, update.status)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let expected = vec![
            (AuthorKind::Contact, MessageStatus::Delivered),
            (AuthorKind::Contact, MessageStatus::Read),
            (AuthorKind::Agent, MessageStatus::Read),
        ];
        let seen_by = |viewer| sb.replay(viewer, 0);
        assert_eq!(updates(seen_by(Viewer::Contact(maria.id)).await.unwrap().unwrap()), expected);
        assert_eq!(updates(seen_by(Viewer::Agent(ada.id)).await.unwrap().unwrap()), expected);
        assert!(updates(seen_by(Viewer::Contact(tom.id)).await.unwrap().unwrap()).is_empty());
    }

    counts_come_for_every_view_at_once(sb) {
        let ada = agent(&sb, "Ada").await;
        let support = sb.ensure_queue("Support").await.unwrap();
        sb.set_widget_queue(support.id).await.unwrap();
        let (_, maria) = customer(&sb, "Maria").await;
        let number = sb.customer_send(&maria, &new_id(), "Hello").await.unwrap().conversation.number;
        sb.accept(&ada, number).await.unwrap();
        let views = sb.view_counts(ada.id).await.unwrap();
        let of = |view| views.iter().find(|v| v.view == view).unwrap().counts;
        assert_eq!(views.len(), 4);
        assert_eq!((of(View::Mine).working_on.count, of(View::Mine).working_on.unread), (1, 1));
        assert_eq!(of(View::Queue(support.id)).working_on.count, 1);
        assert_eq!(of(View::Unassigned).working_on.count, 0);
        sb.client_frame(Viewer::Agent(ada.id), ClientFrame::Read { conversation_number: number, seq: 99 })
            .await
            .unwrap();
        let views = sb.view_counts(ada.id).await.unwrap();
        assert_eq!(views[0].counts.working_on.unread, 0, "reading clears the unread mark");
        sb.mark_unread(&ada, number).await.unwrap();
        assert_eq!(sb.view_counts(ada.id).await.unwrap()[0].counts.working_on.unread, 1);
    }

    walking_path(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, maria) = customer(&sb, "Maria").await;

        let first = sb.customer_send(&maria, &new_id(), "Hello").await.unwrap();
        let number = first.conversation.number;
        assert_eq!(first.conversation.status, ConversationStatus::Pending);
        let second = sb.customer_send(&maria, &new_id(), "Anyone there?").await.unwrap();
        assert_eq!(second.conversation.number, number, "appended, not a second conversation");

        let pending = sb.conversations(&ada, &Listing::of(View::All, Tab::Pending), None, None).await.unwrap();
        assert_eq!(pending.conversations.len(), 1);
        assert_eq!(pending.conversations[0].unread_count, 2);
        assert_eq!(pending.conversations[0].last_message.as_deref(), Some("Anyone there?"));

        let accepted = sb.accept(&ada, number).await.unwrap();
        assert_eq!(accepted.status, ConversationStatus::WorkingOn);
        assert_eq!(accepted.assignee.as_ref().map(|a| a.id), Some(ada.id));
        let mine = sb.conversations(&ada, &Listing::of(View::Mine, Tab::WorkingOn), None, None).await.unwrap();
        assert_eq!(mine.conversations.len(), 1);

        let reply = sb.send_message(&ada, number, &new_id(), "Hi Maria!", false, true).await.unwrap();
        assert_eq!(reply.message.author.name, "Ada");
        sb.send_message(&ada, number, &new_id(), "VIP customer", true, true).await.unwrap();

        let seen = sb.customer_messages(&maria, Some(0)).await.unwrap().messages;
        let bodies: Vec<_> = seen.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["Hello", "Anyone there?", "Hi Maria!"], "never the private note");

        let timeline = sb.timeline(&ada, number, 0).await.unwrap().items;
        assert_eq!(seqs(&timeline), (1..=6).collect::<Vec<_>>(), "seq has no gaps");
        let kinds: Vec<_> = timeline.iter().map(|i| match i {
            TimelineItem::Message(m) => m.body.clone(),
            TimelineItem::Event(e) => e.event_type.clone(),
        }).collect();
        assert_eq!(kinds, ["conversation.created", "Hello", "Anyone there?", "conversation.accepted", "Hi Maria!", "VIP customer"]);

        let after = sb.timeline(&ada, number, 4).await.unwrap().items;
        assert_eq!(seqs(&after), [5, 6]);
    }

    only_one_of_many_racing_agents_wins_an_accept(sb) {
        let (_, maria) = customer(&sb, "Maria").await;
        let number = sb.customer_send(&maria, &new_id(), "Hello").await.unwrap().conversation.number;
        let mut agents = Vec::new();
        for i in 0..8 {
            agents.push(agent(&sb, &format!("Agent{i}")).await);
        }
        let attempts = agents.iter().map(|a| {
            let (sb, a) = (sb.clone(), a.clone());
            tokio::spawn(async move { sb.accept(&a, number).await })
        });
        let results = futures_join(attempts).await;
        let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(winners.len(), 1, "exactly one agent wins");
        let winner = winners[0].assignee.clone().unwrap().name;
        for r in &results {
            if let Err(e) = r {
                match e {
                    Error::AlreadyAssigned { holder } => assert_eq!(holder, &winner),
                    other => panic!("a loser must be told who holds it, got {other:?}"),
                }
            }
        }
        let accepted_events = sb.timeline(&agents[0], number, 0).await.unwrap().items.iter()
            .filter(|i| matches!(i, TimelineItem::Event(e) if e.event_type == "conversation.accepted"))
            .count();
        assert_eq!(accepted_events, 1);
    }

    the_same_client_id_stores_one_message(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, maria) = customer(&sb, "Maria").await;
        let id = new_id();
        let a = sb.customer_send(&maria, &id, "Hello").await.unwrap();
        let b = sb.customer_send(&maria, &id, "Hello").await.unwrap();
        assert_eq!(a.message.id, b.message.id);
        let (_, tom) = customer(&sb, "Tom").await;
        assert!(matches!(sb.customer_send(&tom, &id, "Hello").await, Err(Error::Conflict(_))),
            "another customer cannot claim a stored message");
        let reply_id = new_id();
        let r1 = sb.send_message(&ada, a.conversation.number, &reply_id, "Hi", false, true).await.unwrap();
        let r2 = sb.send_message(&ada, a.conversation.number, &reply_id, "Hi", false, true).await.unwrap();
        assert_eq!(r1.message.id, r2.message.id);
        assert_eq!(sb.timeline(&ada, a.conversation.number, 0).await.unwrap().items.len(), 3);
    }

    sessions_open_with_the_right_password_and_close_on_logout(sb) {
        let ada = agent(&sb, "Ada").await;
        assert!(matches!(sb.login("ada@example.com", "wrong password").await, Err(Error::BadCredentials)));
        assert!(matches!(sb.login("nobody@example.com", PASSWORD).await, Err(Error::BadCredentials)));
        let (who, token) = sb.login("ADA@example.com ", PASSWORD).await.unwrap();
        assert_eq!(who.id, ada.id);
        assert_eq!(sb.agent_for_session(&token).await.unwrap().id, ada.id);
        sb.logout(&token).await.unwrap();
        assert!(matches!(sb.agent_for_session(&token).await, Err(Error::Unauthenticated)));
        assert!(matches!(
            sb.create_agent("ada@example.com", "Ada again", Role::Admin, PASSWORD.into()).await,
            Err(Error::Conflict(_))
        ));
    }

    counts_and_unread_follow_read_pointers(sb) {
        let ada = agent(&sb, "Ada").await;
        let ben = agent(&sb, "Ben").await;
        let (_, maria) = customer(&sb, "Maria").await;
        let (_, tom) = customer(&sb, "Tom").await;
        let m = sb.customer_send(&maria, &new_id(), "one").await.unwrap().conversation.number;
        sb.customer_send(&tom, &new_id(), "two").await.unwrap();
        let counts = sb.counts(&ada, View::All).await.unwrap();
        assert_eq!((counts.pending.count, counts.pending.unread), (2, 2));
        sb.accept(&ada, m).await.unwrap();
        let timeline = sb.timeline(&ada, m, 0).await.unwrap().items;
        sb.mark_read(&ada, m, timeline.last().unwrap().seq()).await.unwrap();
        let counts = sb.counts(&ada, View::All).await.unwrap();
        assert_eq!((counts.working_on.count, counts.working_on.unread), (1, 0));
        assert_eq!((counts.pending.count, counts.pending.unread), (1, 1));
        let bens = sb.counts(&ben, View::All).await.unwrap();
        assert_eq!(bens.working_on.unread, 1, "read pointers are per agent");
        assert_eq!(sb.counts(&ben, View::Mine).await.unwrap().working_on.count, 0);
        assert_eq!(sb.counts(&ada, View::Unassigned).await.unwrap().pending.count, 1);
    }

    pages_follow_the_cursor_without_repeats(sb) {
        let ada = agent(&sb, "Ada").await;
        for i in 0..5 {
            let (_, c) = customer(&sb, &format!("Customer{i}")).await;
            sb.customer_send(&c, &new_id(), &format!("message {i}")).await.unwrap();
        }
        let mut seen = Vec::new();
        let mut cursor = None;
        let newest = Listing { sort: Sort::Newest, ..Listing::of(View::All, Tab::Pending) };
        loop {
            let page = sb.conversations(&ada, &newest, cursor.as_deref(), Some(2)).await.unwrap();
            seen.extend(page.conversations.iter().map(|c| c.number));
            match page.next_cursor { Some(c) => cursor = Some(c), None => break }
        }
        let mut sorted = seen.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        sorted.dedup();
        assert_eq!(seen, sorted, "newest first, each once");
        assert_eq!(seen.len(), 5);
        assert!(sb.conversations(&ada, &newest, Some("garbage"), None).await.is_err());
    }

    replay_shows_each_viewer_only_what_they_may_see(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, maria) = customer(&sb, "Maria").await;
        let (_, tom) = customer(&sb, "Tom").await;
        let start = sb.last_event_id().await.unwrap();
        let m = sb.customer_send(&maria, &new_id(), "maria's question").await.unwrap().conversation.number;
        sb.customer_send(&tom, &new_id(), "tom's question").await.unwrap();
        sb.send_message(&ada, m, &new_id(), "a private note", true, true).await.unwrap();
        sb.send_message(&ada, m, &new_id(), "a reply", false, true).await.unwrap();

        let bodies = |frames: Vec<switchboard_core::types::Frame>| -> Vec<String> {
            frames.into_iter().filter_map(|f| match f.event {
                switchboard_core::types::LiveEvent::MessageCreated { message } => Some(message.body),
                _ => None,
            }).collect()
        };
        let for_maria = sb.replay(Viewer::Contact(maria.id), start).await.unwrap().unwrap();
        assert!(for_maria.windows(2).all(|w| w[0].event_id < w[1].event_id));
        assert_eq!(bodies(for_maria), ["maria's question", "a reply"]);
        let for_agents = sb.replay(Viewer::Agent(ada.id), start).await.unwrap().unwrap();
        assert_eq!(bodies(for_agents), ["maria's question", "tom's question", "a private note", "a reply"]);
    }

    the_whole_lifecycle(sb) {
        let ada = agent(&sb, "Ada").await;
        let ben = agent(&sb, "Ben").await;
        let root = sb.create_agent("root@example.com", "Root", Role::Admin, PASSWORD.into()).await.unwrap();
        let support = sb.ensure_queue("Support").await.unwrap();
        let (_, maria) = customer(&sb, "Maria").await;
        let n = sb.customer_send(&maria, &new_id(), "My parcel is lost").await.unwrap().conversation.number;
        let start = sb.last_event_id().await.unwrap();

        sb.accept(&ada, n).await.unwrap();
        let moved = sb.transfer(&ada, n, Some(ben.id), Some(support.id), Some("VIP, be quick")).await.unwrap();
        assert_eq!((moved.assignee.unwrap().id, moved.queue.unwrap().name.as_str()), (ben.id, "Support"));
        let notes: Vec<_> = sb.timeline(&ben, n, 0).await.unwrap().items.into_iter().filter_map(|i| match i {
            TimelineItem::Message(m) if m.private => Some(m.body),
            _ => None,
        }).collect();
        assert_eq!(notes, ["VIP, be quick"]);
        let for_ben = sb.replay(Viewer::Agent(ben.id), start).await.unwrap().unwrap();
        assert!(for_ben.iter().any(|f| matches!(&f.event, LiveEvent::Notification { notification } if notification.kind == "assigned" && notification.conversation_number == n)));
        let for_ada = sb.replay(Viewer::Agent(ada.id), start).await.unwrap().unwrap();
        assert!(!for_ada.iter().any(|f| matches!(&f.event, LiveEvent::Notification { .. })), "the actor is not notified of their own act");

        assert!(matches!(sb.return_to_pending(&ada, n).await, Err(Error::Forbidden(_))));
        assert!(matches!(sb.resolve(&ada, n).await, Err(Error::Rule(_))), "only the holder resolves");
        assert!(matches!(sb.resolve(&root, n).await, Err(Error::Rule(_))), "admins too");
        let back = sb.return_to_pending(&ben, n).await.unwrap();
        assert_eq!((back.status, back.assignee), (ConversationStatus::Pending, None));
        let done = sb.resolve(&ada, n).await.unwrap();
        assert_eq!((done.status, done.resolved_by.unwrap().id), (ConversationStatus::Resolved, ada.id));
        assert_eq!(sb.resolve(&ada, n).await.unwrap().status, ConversationStatus::Resolved, "a repeat is harmless");

        let next = sb.customer_send(&maria, &new_id(), "Thanks! One more thing").await.unwrap().conversation.number;
        assert_ne!(next, n, "a message after resolution opens a new conversation");
        assert_eq!(sb.conversation(&ada, next).await.unwrap().previous_number, Some(n));
        assert!(matches!(sb.reopen(&ada, n).await, Err(Error::Conflict(_))), "never two open conversations");
        sb.resolve(&ada, next).await.unwrap();
        assert_eq!(sb.reopen(&ada, n).await.unwrap().status, ConversationStatus::Pending);

        let account = sb.contact_account(&ada, maria.id).await.unwrap();
        assert_eq!(account.conversations.iter().map(|c| c.number).collect::<Vec<_>>(), [next, n]);

        let types: Vec<_> = sb.timeline(&ada, n, 0).await.unwrap().items.into_iter().filter_map(|i| match i {
            TimelineItem::Event(e) => Some(e.event_type),
            _ => None,
        }).collect();
        assert_eq!(types, ["conversation.created", "conversation.accepted", "conversation.transferred",
            "conversation.returned", "conversation.resolved", "conversation.reopened"]);
    }

    snoozes_wake_by_time_or_when_the_customer_writes(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, maria) = customer(&sb, "Maria").await;
        let n = sb.customer_send(&maria, &new_id(), "Hello").await.unwrap().conversation.number;
        sb.accept(&ada, n).await.unwrap();
        assert!(matches!(sb.snooze(&ada, n, "2001-01-01T00:00:00Z").await, Err(Error::Invalid(_))));
        assert!(matches!(sb.snooze(&ada, n, "soon").await, Err(Error::Invalid(_))));
        let tomorrow = switchboard_core::clock::rfc3339(switchboard_core::clock::now_ms() + 86_400_000);
        let snoozed = sb.snooze(&ada, n, &tomorrow).await.unwrap();
        assert_eq!(snoozed.status, ConversationStatus::Snoozed);
        assert_eq!(sb.counts(&ada, View::All).await.unwrap().working_on.count, 0, "out of the working lists");
        let woken = sb.customer_send(&maria, &new_id(), "Still there?").await.unwrap();
        assert_eq!(woken.conversation.number, n);
        let back = sb.conversation(&ada, n).await.unwrap();
        assert_eq!((back.status, back.assignee.map(|a| a.id)), (ConversationStatus::WorkingOn, Some(ada.id)));

        let soon = switchboard_core::clock::rfc3339(switchboard_core::clock::now_ms() + 300);
        sb.snooze(&ada, n, &soon).await.unwrap();
        assert_eq!(sb.wake_due().await.unwrap(), 0, "not yet");
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(sb.wake_due().await.unwrap(), 1);
        assert_eq!(sb.conversation(&ada, n).await.unwrap().status, ConversationStatus::WorkingOn);
    }

    unread_deletion_and_search(sb) {
        let ada = agent(&sb, "Ada").await;
        let ben = agent(&sb, "Ben").await;
        let root = sb.create_agent("root@example.com", "Root", Role::Admin, PASSWORD.into()).await.unwrap();
        let key = sb.widget_key().await.unwrap();
        let session = sb.start_widget_session(&key, switchboard_core::Visitor { name: Some("Yuki Tanaka"), email: Some("yuki@example.net"), ..Default::default() }).await.unwrap();
        let yuki = sb.contact_for_token(&session.contact_token).await.unwrap();
        let n = sb.customer_send(&yuki, &new_id(), "The checkout page crashes when paying by card").await.unwrap().conversation.number;
        let (_, tom) = customer(&sb, "Tom").await;
        sb.customer_send(&tom, &new_id(), "Do you ship to Canada?").await.unwrap();

        let read = sb.timeline(&ada, n, 0).await.unwrap().items.last().unwrap().seq();
        assert_eq!(sb.mark_read(&ada, n, read).await.unwrap().unread_count, 0);
        assert_eq!(sb.mark_unread(&ada, n).await.unwrap().unread_count, 1);
        assert_eq!(sb.conversation(&ben, n).await.unwrap().unread_count, 1);

        let numbers = |found: Vec<switchboard_core::types::Conversation>| found.into_iter().map(|c| c.number).collect::<Vec<_>>();
        assert_eq!(numbers(sb.search(&ada, "checkout card").await.unwrap()), [n], "all the words");
        assert_eq!(numbers(sb.search(&ada, "check").await.unwrap()), [n], "word prefixes");
        assert_eq!(numbers(sb.search(&ada, "yuki@EXAMPLE").await.unwrap()), [n], "e-mail");
        assert_eq!(numbers(sb.search(&ada, "tanaka").await.unwrap()), [n], "name");
        assert_eq!(numbers(sb.search(&ada, &format!("#{n}")).await.unwrap()), [n]);
        assert!(sb.search(&ada, "#99999").await.unwrap().is_empty());
        assert!(sb.search(&ada, "refund").await.unwrap().is_empty());
        assert!(sb.search(&ada, "100%_\\\"'").await.unwrap().is_empty(), "odd characters are text, not syntax");

        assert!(matches!(sb.delete(&ada, n).await, Err(Error::Forbidden(_))));
        assert!(sb.delete(&root, n).await.unwrap().deleted_at.is_some());
        assert!(matches!(sb.conversation(&ada, n).await, Err(Error::NotFound(_))), "hidden from agents");
        assert!(sb.search(&ada, "checkout").await.unwrap().is_empty());
        let fresh = sb.customer_send(&yuki, &new_id(), "Hello again").await.unwrap().conversation.number;
        assert_ne!(fresh, n, "a deleted conversation does not swallow new messages");
        assert!(matches!(sb.restore(&root, n).await, Err(Error::Conflict(_))), "restoring would make two open ones");
        sb.resolve(&ada, fresh).await.unwrap();
        assert!(sb.restore(&root, n).await.unwrap().deleted_at.is_none());
        assert_eq!(sb.conversation(&ada, n).await.unwrap().number, n);
    }

    bad_input_is_refused_clearly(sb) {
        let ada = agent(&sb, "Ada").await;
        let (_, maria) = customer(&sb, "Maria").await;
        assert!(matches!(sb.customer_send(&maria, "nope", "Hello").await, Err(Error::Invalid(_))));
        assert!(matches!(sb.customer_send(&maria, &new_id(), "   ").await, Err(Error::Invalid(_))));
        assert!(matches!(sb.accept(&ada, 999).await, Err(Error::NotFound(_))));
        assert!(matches!(sb.start_widget_session("wrong key", switchboard_core::Visitor::default()).await, Err(Error::NotFound(_))));
        assert!(matches!(sb.contact_for_token("not a token").await, Err(Error::Unauthenticated)));
        assert!(matches!(
            sb.create_agent("not-an-email", "X", Role::Agent, PASSWORD.into()).await,
            Err(Error::Invalid(_))
        ));
    }
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}
