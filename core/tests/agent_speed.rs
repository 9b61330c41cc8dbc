//! What makes an agent fast, on both databases: saved replies (the agent's
//! own and the team's, filled in for a conversation), taking over a
//! colleague's conversation, acting on many conversations at once, each
//! agent's choice of alerts, labels (lists, search, history, events), and
//! how long customers wait (the rows, the order by the longest wait, what
//! rings), and merging two conversations of one customer.

use std::collections::BTreeMap;
use switchboard_core::on_both;
use switchboard_core::testing::agent;
use switchboard_core::types::{
    AlertPreferences, BulkActionKind, BulkRequest, ConversationStatus, Listing, LiveEvent,
    QueueChange, Role, Sort, Tab, TimelineItem, View,
};
use switchboard_core::{Error, Switchboard, Viewer};

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn customer(sb: &Switchboard, name: &str, email: Option<&str>) -> switchboard_core::Customer {
    let key = sb.widget_key().await.unwrap();
    let session = sb
        .start_widget_session(
            &key,
            switchboard_core::Visitor {
                name: Some(name),
                email,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    sb.contact_for_token(&session.contact_token).await.unwrap()
}

on_both! {
    saved_replies_are_the_agents_own_or_the_teams(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let root = agent(&sb, "Root", Role::Admin).await;

        let mine = sb.create_saved_reply(&ada, "/Thanks", "Thanks, {{customer.name}}!", false).await.unwrap();
        assert_eq!((mine.shortcut.as_str(), mine.team, mine.editable), ("thanks", false, true));
        assert!(matches!(sb.create_saved_reply(&ada, "hello", "Hi", true).await, Err(Error::Forbidden(_))), "only admins write the team's");
        let team = sb.create_saved_reply(&root, "thanks", "Thank you for writing to us.", true).await.unwrap();
        assert!(team.team);
        assert!(matches!(sb.create_saved_reply(&ada, "THANKS", "again", false).await, Err(Error::Conflict(_))), "one /thanks of her own");
        assert!(matches!(sb.create_saved_reply(&ada, "two words", "x", false).await, Err(Error::Invalid(_))));
        assert!(matches!(sb.create_saved_reply(&ada, "blank", "   ", false).await, Err(Error::Invalid(_))));

        // Ada sees hers first, then the team's; Ben the team's alone, and
        // may not change it.
        let adas: Vec<_> = sb.saved_replies(&ada).await.unwrap().into_iter().map(|r| (r.id, r.editable)).collect();
        assert_eq!(adas, [(mine.id, true), (team.id, false)]);
        let bens = sb.saved_replies(&ben).await.unwrap();
        assert_eq!(bens.iter().map(|r| r.id).collect::<Vec<_>>(), [team.id]);
        assert!(matches!(sb.change_saved_reply(&ben, team.id, None, Some("mine now")).await, Err(Error::Forbidden(_))));
        assert!(matches!(sb.change_saved_reply(&ben, mine.id, None, Some("mine now")).await, Err(Error::NotFound(_))));
        assert!(matches!(sb.delete_saved_reply(&root, mine.id).await, Err(Error::NotFound(_))), "an agent's own are theirs alone");

        let changed = sb.change_saved_reply(&root, team.id, Some("welcome"), None).await.unwrap();
        assert_eq!((changed.shortcut.as_str(), changed.body.as_str()), ("welcome", "Thank you for writing to us."));
        sb.delete_saved_reply(&ada, mine.id).await.unwrap();
        assert_eq!(sb.saved_replies(&ada).await.unwrap().len(), 1);
        assert!(matches!(sb.delete_saved_reply(&ada, mine.id).await, Err(Error::NotFound(_))));
    }

    a_saved_reply_is_filled_in_for_the_conversation(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let maria = customer(&sb, "Maria", Some("maria@example.com")).await;
        sb.site_sets_attributes(&maria, &BTreeMap::from([("plan".to_string(), "Business".to_string())]), false).await.unwrap();
        let number = sb.customer_send(&maria, &new_id(), "Where is my order?").await.unwrap().conversation.number;
        let reply = sb.create_saved_reply(
            &ada,
            "order",
            "Hi {{customer.name}} ({{customer.email}}, {{customer.plan}}{{customer.country}}): {{agent.name}} here, about #{{conversation.number}}. {{unknown}}",
            false,
        ).await.unwrap();
        let filled = sb.fill_saved_reply(&ada, reply.id, number).await.unwrap();
        assert_eq!(
            filled.body,
            format!("Hi Maria (maria@example.com, Business): Ada here, about #{number}. {{{{unknown}}}}")
        );
        assert!(matches!(sb.fill_saved_reply(&ben, reply.id, number).await, Err(Error::NotFound(_))), "Ada's own");
        assert!(matches!(sb.fill_saved_reply(&ada, reply.id, 999_999).await, Err(Error::NotFound(_))));
    }

    taking_over_tells_the_previous_holder_who_took_it(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let maria = customer(&sb, "Maria", None).await;
        let number = sb.customer_send(&maria, &new_id(), "Hello?").await.unwrap().conversation.number;
        assert!(matches!(sb.take_over(&ben, number).await, Err(Error::Rule(_))), "nobody holds it: accept it");
        sb.accept(&ada, number).await.unwrap();
        let taken = sb.take_over(&ben, number).await.unwrap();
        assert_eq!(taken.assignee.unwrap().name, "Ben");
        let told: Vec<_> = sb.replay(Viewer::Agent(ada.id), 0).await.unwrap().unwrap().into_iter()
            .filter_map(|f| match f.event {
                LiveEvent::Notification { notification } => Some((notification.kind, notification.text)),
                _ => None,
            })
            .collect();
        assert_eq!(told, [("taken_over".to_string(), format!("Ben took over #{number} (Maria)"))]);
        let timeline = sb.timeline(&ben, number, 0).await.unwrap();
        let Some(TimelineItem::Event(last)) = timeline.items.last() else { panic!("an event last") };
        assert_eq!((last.event_type.as_str(), last.data["from_agent"]["name"].as_str()), ("conversation.assigned", Some("Ada")));
    }

    each_agent_keeps_their_choice_of_alerts_and_knows_their_queues(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let sales = sb.ensure_queue("Sales").await.unwrap();
        sb.add_queue_member(sales.id, ada.id).await.unwrap();
        let setup = sb.alert_setup(&ada).await.unwrap();
        assert_eq!(setup.preferences, AlertPreferences::default(), "every alert until she chooses");
        assert!(setup.queues.contains(&sales.id));
        assert!(!sb.alert_setup(&ben).await.unwrap().queues.contains(&sales.id));

        let quiet = AlertPreferences { new_chat: false, ..Default::default() };
        sb.set_alert_preferences(&ada, quiet).await.unwrap();
        sb.set_alert_preferences(&ada, AlertPreferences { mentions: false, ..quiet }).await.unwrap();
        assert_eq!(
            sb.alert_preferences(&ada).await.unwrap(),
            AlertPreferences { new_chat: false, my_conversations: true, mentions: false }
        );
        assert_eq!(sb.alert_preferences(&ben).await.unwrap(), AlertPreferences::default(), "hers alone");
    }

    one_action_on_many_conversations_says_which_were_refused_and_why(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let mut numbers = Vec::new();
        for name in ["C1", "C2", "C3", "C4", "C5"] {
            let customer = customer(&sb, name, None).await;
            numbers.push(sb.customer_send(&customer, &new_id(), "Hello").await.unwrap().conversation.number);
        }
        sb.accept(&ben, numbers[1]).await.unwrap();
        sb.accept(&ben, numbers[3]).await.unwrap();
        let request = |action, numbers: Vec<i64>| BulkRequest { numbers, action, agent_id: None, queue_id: None, until: None, label: None };

        let accepted = sb.bulk(&ada, &request(BulkActionKind::Accept, numbers.clone())).await.unwrap();
        assert_eq!(accepted.succeeded, [numbers[0], numbers[2], numbers[4]]);
        assert_eq!(accepted.failed.iter().map(|f| (f.number, f.code.as_str())).collect::<Vec<_>>(),
            [(numbers[1], "already_assigned"), (numbers[3], "already_assigned")]);
        assert_eq!(accepted.summary, format!("3 accepted; 2 not: already accepted by Ben (#{}, #{})", numbers[1], numbers[3]));

        // Each went through the lifecycle on its own: resolved, with its history.
        let mut twice = numbers.clone();
        twice.push(numbers[0]);
        let resolved = sb.bulk(&ada, &request(BulkActionKind::Resolve, twice)).await.unwrap();
        assert_eq!(resolved.succeeded.len(), 3, "{}", resolved.summary);
        assert_eq!(resolved.failed.len(), 2);
        for number in &resolved.succeeded {
            assert_eq!(sb.conversation(&ada, *number).await.unwrap().status, ConversationStatus::Resolved);
        }
        assert_eq!(sb.conversation(&ada, numbers[1]).await.unwrap().status, ConversationStatus::WorkingOn);

        let transfer = BulkRequest { agent_id: Some(ada.id), ..request(BulkActionKind::Transfer, vec![numbers[1]]) };
        assert_eq!(sb.bulk(&ben, &transfer).await.unwrap().summary, "1 transferred");
        assert!(matches!(sb.bulk(&ada, &request(BulkActionKind::Assign, vec![numbers[1]])).await, Err(Error::Invalid(_))), "assigning needs someone");
        assert!(matches!(sb.bulk(&ada, &request(BulkActionKind::Resolve, vec![])).await, Err(Error::Invalid(_))));
        assert!(matches!(sb.bulk(&ada, &request(BulkActionKind::Resolve, (1..=101).collect())).await, Err(Error::Invalid(_))));
    }

    admins_define_labels_and_agents_put_them_on(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let root = agent(&sb, "Root", Role::Admin).await;
        assert!(matches!(sb.create_label(&ada, "billing", None).await, Err(Error::Forbidden(_))), "admins define labels");
        let billing = sb.create_label(&root, " Billing ", None).await.unwrap();
        assert_eq!((billing.name.as_str(), billing.colour.as_str()), ("billing", "#64748b"));
        let vip = sb.create_label(&root, "vip", Some("#D97706")).await.unwrap();
        assert_eq!(vip.colour, "#d97706");
        assert!(matches!(sb.create_label(&root, "VIP", None).await, Err(Error::Conflict(_))));
        assert!(matches!(sb.create_label(&root, "two words", None).await, Err(Error::Invalid(_))));
        assert!(matches!(sb.create_label(&root, "red", Some("red")).await, Err(Error::Invalid(_))));

        let maria = customer(&sb, "Maria", None).await;
        let jonas = customer(&sb, "Jonas", None).await;
        let first = sb.customer_send(&maria, &new_id(), "My invoice is wrong").await.unwrap().conversation.number;
        let second = sb.customer_send(&jonas, &new_id(), "Refund for my invoice please").await.unwrap().conversation.number;
        let after = sb.last_event_id().await.unwrap();

        let labelled = sb.label_conversation(&ada, first, "billing", true).await.unwrap();
        assert_eq!(labelled.labels, ["billing"]);
        let labelled = sb.label_conversation(&ada, first, "VIP", true).await.unwrap();
        assert_eq!(labelled.labels, ["billing", "vip"]);
        // Again: nothing changes, nothing is recorded.
        sb.label_conversation(&ada, first, "vip", true).await.unwrap();
        sb.label_conversation(&ada, second, "billing", true).await.unwrap();
        assert!(matches!(sb.label_conversation(&ada, first, "unknown", true).await, Err(Error::Invalid(_))));
        assert!(matches!(sb.label_conversation(&ada, 999_999, "vip", true).await, Err(Error::NotFound(_))));

        // The history says who did what, and every agent hears of it.
        let events: Vec<_> = sb.timeline(&ada, first, 0).await.unwrap().items.into_iter()
            .filter_map(|item| match item {
                TimelineItem::Event(e) if e.event_type.starts_with("conversation.label") =>
                    Some((e.event_type, e.actor.name.unwrap_or_default(), e.data["label"]["name"].as_str().unwrap_or_default().to_string())),
                _ => None,
            })
            .collect();
        assert_eq!(events, [
            ("conversation.labelled".to_string(), "Ada".to_string(), "billing".to_string()),
            ("conversation.labelled".to_string(), "Ada".to_string(), "vip".to_string()),
        ]);
        let heard: Vec<(i64, Vec<String>)> = sb.replay(Viewer::Agent(root.id), after).await.unwrap().unwrap().into_iter()
            .filter_map(|f| match f.event {
                LiveEvent::ConversationUpdated { conversation } => Some((conversation.number, conversation.labels)),
                _ => None,
            })
            .collect();
        assert_eq!(heard, [
            (first, vec!["billing".to_string()]),
            (first, vec!["billing".to_string(), "vip".to_string()]),
            (second, vec!["billing".to_string()]),
        ]);

        // Lists narrow to every label chosen; search to label: words.
        let listed = |labels: &[&str]| {
            let listing = Listing { labels: labels.iter().map(|l| l.to_string()).collect(), sort: Sort::Newest, ..Listing::of(View::All, Tab::Pending) };
            let sb = &sb;
            let ada = &ada;
            async move {
                sb.conversations(ada, &listing, None, None).await.unwrap().conversations.into_iter().map(|c| c.number).collect::<Vec<_>>()
            }
        };
        assert_eq!(listed(&["billing"]).await, [second, first]);
        assert_eq!(listed(&["billing", "vip"]).await, [first]);
        assert_eq!(listed(&["nothing-by-this-name"]).await, Vec::<i64>::new());
        assert_eq!(listed(&[]).await.len(), 2);
        let found = |q: &'static str| {
            let sb = &sb;
            let ada = &ada;
            async move { sb.search(ada, q).await.unwrap().into_iter().map(|c| c.number).collect::<Vec<_>>() }
        };
        assert_eq!(found("label:vip").await, [first]);
        assert_eq!(found("label:billing refund").await, [second]);
        assert_eq!(found("invoice label:vip").await, [first]);
        assert_eq!(found("label:unknown").await, Vec::<i64>::new());
        assert!(matches!(sb.search(&ada, "label:a label:b label:c label:d label:e label:f label:g label:h label:i label:j label:k").await, Err(Error::Invalid(_))));

        // Taken off; renamed (conversations carry the new name); removed
        // (from every conversation).
        assert_eq!(sb.label_conversation(&ada, first, "vip", false).await.unwrap().labels, ["billing"]);
        assert!(matches!(sb.change_label(&ada, billing.id, Some("money"), None).await, Err(Error::Forbidden(_))));
        sb.change_label(&root, billing.id, Some("invoices"), None).await.unwrap();
        assert_eq!(sb.conversation(&ada, first).await.unwrap().labels, ["invoices"]);
        assert!(matches!(sb.change_label(&root, billing.id, Some("vip"), None).await, Err(Error::Conflict(_))));
        let told = sb.replay(Viewer::Agent(ada.id), after).await.unwrap().unwrap().into_iter().rev()
            .filter_map(|f| match f.event {
                LiveEvent::LabelsUpdated { labels } => Some(labels.into_iter().map(|l| l.name).collect::<Vec<_>>()),
                _ => None,
            })
            .next();
        assert_eq!(told, Some(vec!["invoices".to_string(), "vip".to_string()]));
        sb.delete_label(&root, billing.id).await.unwrap();
        assert!(sb.conversation(&ada, second).await.unwrap().labels.is_empty());
        assert!(matches!(sb.delete_label(&root, billing.id).await, Err(Error::NotFound(_))));
        assert_eq!(sb.labels(&ada).await.unwrap().into_iter().map(|l| l.name).collect::<Vec<_>>(), ["vip"]);

        // Many at once, through the same use case.
        let request = BulkRequest { numbers: vec![first, second], action: BulkActionKind::Label, agent_id: None, queue_id: None, until: None, label: Some("vip".into()) };
        assert_eq!(sb.bulk(&ada, &request).await.unwrap().summary, "2 labelled");
        assert_eq!(listed(&["vip"]).await.len(), 2);
        let unknown = BulkRequest { label: Some("nope".into()), ..request };
        assert!(matches!(sb.bulk(&ada, &unknown).await, Err(Error::Invalid(_))), "checked once, before any conversation");
    }

    the_wait_is_the_customers_time_without_an_answer_and_pending_sorts_by_it(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let root = agent(&sb, "Root", Role::Admin).await;
        let ms = |t: &Option<String>| switchboard_core::clock::parse_rfc3339(t.as_deref().unwrap()).unwrap();
        let support = sb.ensure_queue("Support").await.unwrap();
        sb.set_widget_queue(support.id).await.unwrap();
        let mut numbers = Vec::new();
        for name in ["First", "Second", "Third"] {
            let customer = customer(&sb, name, None).await;
            numbers.push(sb.customer_send(&customer, &new_id(), "Hello?").await.unwrap().conversation.number);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let first = sb.conversation(&ada, numbers[0]).await.unwrap();
        let since = ms(&first.waiting_since);
        assert_eq!(ms(&first.overdue_at), since + 5 * 60_000, "five minutes until the queue says otherwise");

        // A note leaves the customer waiting; a reply ends the wait; the
        // customer writing again starts a new one.
        sb.send_message(&ada, numbers[0], &new_id(), "checking the order", true, false).await.unwrap();
        assert_eq!(sb.conversation(&ada, numbers[0]).await.unwrap().waiting_since, first.waiting_since);
        sb.send_message(&ada, numbers[0], &new_id(), "Hi! Looking now.", false, true).await.unwrap();
        assert_eq!(sb.conversation(&ada, numbers[0]).await.unwrap().waiting_since, None);

        // Pending: the longest wait first, the answered last; newest and
        // oldest by the last message. Page by page, the same order.
        let order = |sort: Sort, limit: i64| {
            let (sb, ada) = (&sb, &ada);
            async move {
                let listing = Listing { sort, ..Listing::of(View::All, Tab::Pending) };
                let mut seen = Vec::new();
                let mut cursor = None;
                loop {
                    let page = sb.conversations(ada, &listing, cursor.as_deref(), Some(limit)).await.unwrap();
                    seen.extend(page.conversations.iter().map(|c| c.number));
                    match page.next_cursor { Some(next) => cursor = Some(next), None => break seen }
                }
            }
        };
        assert_eq!(Listing::of(View::All, Tab::Pending).sort, Sort::WaitingLongest);
        assert_eq!(order(Sort::WaitingLongest, 50).await, [numbers[1], numbers[2], numbers[0]]);
        assert_eq!(order(Sort::WaitingLongest, 1).await, [numbers[1], numbers[2], numbers[0]]);
        assert_eq!(order(Sort::Newest, 1).await, [numbers[0], numbers[2], numbers[1]]);
        assert_eq!(order(Sort::Oldest, 2).await, [numbers[1], numbers[2], numbers[0]]);

        // The queue says how long a wait may be; what has waited longer
        // rings for the agents of the queue, until someone accepts it.
        assert_eq!(sb.conversation(&ada, numbers[1]).await.unwrap().queue.map(|q| q.id), Some(support.id));
        assert!(matches!(sb.change_queue(&root, support.id, &QueueChange { wait_minutes: Some(0), ..Default::default() }).await, Err(Error::Invalid(_))));
        let setup = sb.change_queue(&root, support.id, &QueueChange { wait_minutes: Some(2), ..Default::default() }).await.unwrap();
        assert_eq!(setup.wait_minutes, 2);
        let second = sb.conversation(&ada, numbers[1]).await.unwrap();
        assert_eq!(ms(&second.overdue_at), ms(&second.waiting_since) + 2 * 60_000);
        let now = switchboard_core::clock::now_ms();
        assert!(sb.overdue_waiting_at(&ada, now).await.unwrap().is_empty());
        let ringing = |at: i64| {
            let (sb, ada) = (&sb, &ada);
            async move { sb.overdue_waiting_at(ada, at).await.unwrap().into_iter().map(|c| c.number).collect::<Vec<_>>() }
        };
        assert_eq!(ringing(now + 3 * 60_000).await, [numbers[1], numbers[2]], "answered: no ring");
        sb.accept(&root, numbers[1]).await.unwrap();
        assert_eq!(ringing(now + 3 * 60_000).await, [numbers[2]]);
        sb.set_alert_preferences(&ada, AlertPreferences { new_chat: false, ..Default::default() }).await.unwrap();
        assert!(ringing(now + 3 * 60_000).await.is_empty(), "she chose no new-chat alerts");
    }

    a_failed_reply_carries_its_reason_to_agents_alone(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let maria = customer(&sb, "Maria", Some("maria@example.com")).await;
        let number = sb.customer_send(&maria, &new_id(), "Hello?").await.unwrap().conversation.number;
        let reply = sb.send_message(&ada, number, &new_id(), "Hi Maria", false, true).await.unwrap().message;
        assert!(sb.open_conversation(&ada, number).await.unwrap().failures.is_empty());
        let outcome = switchboard_core::store::MailOutcome::Failed {
            reason: "550 5.1.1 mailbox unavailable".into(),
            at: switchboard_core::clock::now_ms(),
        };
        sb.store().mail_outcome(reply.id, &outcome).await.unwrap();
        let opened = sb.open_conversation(&ada, number).await.unwrap();
        assert_eq!(
            opened.failures.iter().map(|f| (f.message_id, f.reason.as_str())).collect::<Vec<_>>(),
            [(reply.id, "550 5.1.1 mailbox unavailable")]
        );
        let seen = serde_json::to_string(&sb.customer_messages(&maria, None).await.unwrap()).unwrap();
        assert!(seen.contains("Hi Maria") && !seen.contains("550"), "the mail server's answer is for agents");
    }

    merging_joins_two_histories_in_the_order_written(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let root = agent(&sb, "Root", Role::Admin).await;
        let maria = customer(&sb, "Maria", None).await;
        let first = sb.customer_send(&maria, &new_id(), "Where is my parcel?").await.unwrap().conversation.number;
        sb.accept(&ada, first).await.unwrap();
        sb.send_message(&ada, first, &new_id(), "It left on Monday.", false, true).await.unwrap();
        sb.send_message(&ada, first, &new_id(), "She ordered twice", true, true).await.unwrap();
        sb.resolve(&ada, first).await.unwrap();
        sb.create_label(&root, "shipping", None).await.unwrap();
        sb.label_conversation(&ada, first, "shipping", true).await.unwrap();
        // She writes again: a follow-up, which Ada has not read yet.
        let second = sb.customer_send(&maria, &new_id(), "It has not come yet").await.unwrap().conversation.number;
        sb.customer_send(&maria, &new_id(), "Tracking says lost").await.unwrap();
        assert_ne!(first, second);
        sb.accept(&ben, second).await.unwrap();
        sb.open_conversation(&ben, second).await.unwrap();
        let other = customer(&sb, "Olga", None).await;
        let olgas = sb.customer_send(&other, &new_id(), "Hello").await.unwrap().conversation.number;
        let event_id = sb.last_event_id().await.unwrap();

        // Only one customer's conversations; Ben's open one is his to merge.
        assert!(matches!(sb.merge(&root, olgas, first).await, Err(Error::Rule(m)) if m.contains("different customers")));
        assert!(matches!(sb.merge(&ada, second, first).await, Err(Error::Forbidden(m)) if m.contains("Ben holds")));
        assert!(matches!(sb.merge(&ben, second, second).await, Err(Error::Invalid(_))));
        assert!(matches!(sb.merge(&ben, second, 999_999).await, Err(Error::NotFound(_))));

        // Ben merges his open follow-up into the resolved first one: it
        // carries on there, his, with both histories in the order written.
        let joined = sb.merge(&ben, second, first).await.unwrap();
        assert_eq!(joined.number, first);
        assert_eq!(joined.status, ConversationStatus::WorkingOn);
        assert_eq!(joined.assignee.as_ref().map(|a| a.name.as_str()), Some("Ben"));
        assert_eq!(joined.labels, ["shipping"]);
        assert_eq!(joined.last_message.as_deref(), Some("Tracking says lost"));
        assert!(joined.waiting_since.is_some(), "Ben accepted, but nobody answered yet: {joined:?}");
        let timeline = sb.timeline(&ada, first, 0).await.unwrap();
        let seqs: Vec<i64> = timeline.items.iter().map(TimelineItem::seq).collect();
        assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "one history, numbered anew");
        let messages: Vec<(String, String, bool)> = timeline.items.iter().filter_map(|i| match i {
            TimelineItem::Message(m) => Some((m.author.name.clone(), m.body.clone(), m.private)),
            _ => None,
        }).collect();
        assert_eq!(messages, [
            ("Maria".to_string(), "Where is my parcel?".to_string(), false),
            ("Ada".into(), "It left on Monday.".into(), false),
            ("Ada".into(), "She ordered twice".into(), true),
            ("Maria".into(), "It has not come yet".into(), false),
            ("Maria".into(), "Tracking says lost".into(), false),
        ]);
        let Some(TimelineItem::Event(last)) = timeline.items.last() else { panic!("the merge last") };
        assert_eq!((last.event_type.as_str(), last.data["from"].as_i64()), ("conversation.merged", Some(second)));

        // The follow-up is a pointer, closed to changes and to merging again.
        let pointer = sb.conversation(&ada, second).await.unwrap();
        assert_eq!((pointer.status, pointer.merged_into), (ConversationStatus::Resolved, Some(first)));
        let left = sb.timeline(&ada, second, 0).await.unwrap();
        assert!(matches!(left.items.as_slice(), [TimelineItem::Event(e)] if e.data["into"].as_i64() == Some(first)));
        assert!(matches!(sb.send_message(&ben, second, &new_id(), "Hi", false, true).await, Err(Error::Rule(m)) if m.contains(&format!("#{first}"))));
        assert!(matches!(sb.merge(&root, second, first).await, Err(Error::Rule(_))));
        assert!(matches!(sb.reopen(&root, second).await, Err(Error::Rule(_))));

        // Unread: Ada had read the first conversation, not the follow-up's
        // two messages; Ben had read his follow-up alone, so for him the
        // joined history is unread from the first conversation's message on
        // (nothing unread becomes read by merging).
        assert_eq!(sb.conversation(&ada, first).await.unwrap().unread_count, 2);
        assert_eq!(sb.conversation(&ben, first).await.unwrap().unread_count, 3);

        // Search finds the follow-up's words in the joined conversation.
        let found: Vec<i64> = sb.search(&ada, "tracking").await.unwrap().into_iter().map(|c| c.number).collect();
        assert_eq!(found, [first]);

        // The customer sees one history, and writes on in the joined one.
        let history: Vec<String> = sb.customer_messages(&maria, None).await.unwrap().messages.into_iter().map(|m| m.body).collect();
        assert_eq!(history, ["Where is my parcel?", "It left on Monday.", "It has not come yet", "Tracking says lost"]);
        let again = sb.customer_send(&maria, &new_id(), "Any news?").await.unwrap();
        assert_eq!(again.conversation.number, first);

        // Every agent and the customer were told.
        let frames = sb.replay(Viewer::Agent(ada.id), event_id).await.unwrap().unwrap();
        let merged: Vec<i64> = frames.iter().filter_map(|f| match &f.event {
            LiveEvent::TimelineEvent { event } if event.event_type == "conversation.merged" => Some(event.conversation_number),
            _ => None,
        }).collect();
        assert_eq!(merged, [second, first]);
        assert!(frames.iter().any(|f| matches!(&f.event, LiveEvent::ConversationUpdated { conversation } if conversation.merged_into == Some(first))));
        let customer_frames = sb.replay(Viewer::Contact(maria.id), event_id).await.unwrap().unwrap();
        assert!(customer_frames.iter().any(|f| matches!(&f.event,
            LiveEvent::CustomerConversationUpdated { conversation } if conversation.number == first && conversation.status == ConversationStatus::WorkingOn)));
    }
}
