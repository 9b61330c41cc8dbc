//! What a team's first day needs from the domain, on both databases: a
//! follow-up keeps its context and goes to whoever helped, a resolved
//! conversation cannot be answered behind the customer's newer one, the
//! customer reads one history in time order, a resolve can be taken back,
//! a note's @mention tells the colleague, logging in opens the shop, and
//! open widgets hear when it closes.

use switchboard_core::on_both;
use switchboard_core::types::{
    Availability, ConversationStatus, Listing, LiveEvent, QueueChange, Role, Tab, TimelineItem,
    View,
};
use switchboard_core::{Error, Switchboard, Viewer};

const PASSWORD: &str = "correct horse battery";

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn agent(sb: &Switchboard, name: &str, role: Role) -> switchboard_core::types::Agent {
    sb.create_agent(
        &format!("{}@example.com", name.to_lowercase()),
        name,
        role,
        PASSWORD.into(),
    )
    .await
    .unwrap()
}

async fn customer(sb: &Switchboard, name: &str) -> switchboard_core::Customer {
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
    sb.contact_for_token(&session.contact_token).await.unwrap()
}

/// The pop-ups an agent was sent: (kind, conversation, text).
async fn notifications(sb: &Switchboard, agent_id: i64) -> Vec<(String, i64, String)> {
    sb.replay(Viewer::Agent(agent_id), 0)
        .await
        .unwrap()
        .unwrap()
        .into_iter()
        .filter_map(|f| match f.event {
            LiveEvent::Notification { notification } => Some((
                notification.kind,
                notification.conversation_number,
                notification.text,
            )),
            _ => None,
        })
        .collect()
}

on_both! {
    a_follow_up_keeps_its_context_and_tells_who_helped(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let grace = customer(&sb, "Grace").await;
        let first = sb.customer_send(&grace, &new_id(), "My parcel is late").await.unwrap().conversation.number;
        sb.accept(&ada, first).await.unwrap();
        sb.send_message(&ada, first, &new_id(), "One refund is on its way", false, true).await.unwrap();
        sb.resolve(&ada, first).await.unwrap();

        let second = sb.customer_send(&grace, &new_id(), "And the second parcel?").await.unwrap().conversation.number;
        assert_ne!(second, first, "after a resolve, a new conversation");
        let told = notifications(&sb, ada.id).await;
        assert!(
            told.iter().any(|(kind, number, text)| kind == "follow_up" && *number == second && text.contains(&format!("#{first}"))),
            "Ada, who helped, hears of the follow-up: {told:?}"
        );
        assert!(notifications(&sb, ben.id).await.iter().all(|(kind, _, _)| kind != "follow_up"));

        // The new one shows where it comes from, with the last messages.
        let opened = sb.open_conversation(&ben, second).await.unwrap();
        assert_eq!(opened.conversation.previous_number, Some(first));
        let previous = opened.previous.expect("the conversation it continues");
        assert_eq!((previous.number, previous.status), (first, ConversationStatus::Resolved));
        assert_eq!(previous.resolved_by.map(|a| a.name).as_deref(), Some("Ada"));
        let bodies: Vec<_> = previous.messages.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["My parcel is late", "One refund is on its way"]);

        // Reopening the old one, or answering in it, is refused naming the open one.
        match sb.reopen(&ben, first).await {
            Err(Error::Conflict(message)) => assert!(message.contains(&format!("#{second}")), "{message}"),
            other => panic!("expected a conflict naming #{second}, got {other:?}"),
        }
        match sb.send_message(&ada, first, &new_id(), "Also, about that…", false, true).await {
            Err(Error::Conflict(message)) => assert!(message.contains(&format!("#{second}")), "{message}"),
            other => panic!("expected a conflict naming #{second}, got {other:?}"),
        }
        // A private note is still welcome (the customer never sees it).
        sb.send_message(&ada, first, &new_id(), "Refund done", true, true).await.unwrap();
        assert_eq!(sb.conversation(&ada, first).await.unwrap().status, ConversationStatus::Resolved);
    }

    a_reply_in_a_resolved_conversation_reopens_it_and_the_history_stays_in_time_order(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let grace = customer(&sb, "Grace").await;
        let first = sb.customer_send(&grace, &new_id(), "one").await.unwrap().conversation.number;
        sb.resolve(&ada, first).await.unwrap();
        let second = sb.customer_send(&grace, &new_id(), "two").await.unwrap().conversation.number;
        sb.resolve(&ada, second).await.unwrap();

        // Ada answers in the first: it is hers again, Working On.
        let reply = sb.send_message(&ada, first, &new_id(), "three", false, true).await.unwrap();
        assert_eq!(reply.conversation.status, ConversationStatus::WorkingOn);
        assert_eq!(reply.conversation.assignee.map(|a| a.id), Some(ada.id));
        let events: Vec<_> = sb.timeline(&ada, first, 0).await.unwrap().items.into_iter()
            .filter_map(|i| match i { TimelineItem::Event(e) => Some(e.event_type), _ => None })
            .collect();
        assert_eq!(events.last().map(String::as_str), Some("conversation.reopened"));

        // Grace reads one history, in the order it was written.
        let history = sb.customer_messages(&grace, None).await.unwrap().messages;
        let bodies: Vec<_> = history.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["one", "two", "three"]);
        // Her current conversation alone, as before.
        let current = sb.customer_messages(&grace, Some(0)).await.unwrap().messages;
        let bodies: Vec<_> = current.iter().map(|m| m.body.as_str()).collect();
        assert_eq!(bodies, ["one", "three"]);
    }

    a_resolve_can_be_taken_back_by_who_made_it(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Admin).await;
        let grace = customer(&sb, "Grace").await;
        let number = sb.customer_send(&grace, &new_id(), "Hello").await.unwrap().conversation.number;
        sb.accept(&ada, number).await.unwrap();
        sb.resolve(&ada, number).await.unwrap();
        assert!(matches!(sb.undo_resolve(&ben, number).await, Err(Error::Rule(_))), "only who resolved it");
        let back = sb.undo_resolve(&ada, number).await.unwrap();
        assert_eq!(back.status, ConversationStatus::WorkingOn);
        assert_eq!(back.assignee.map(|a| a.id), Some(ada.id), "still hers");
        assert!(back.resolved_by.is_none());
        // A repeat changes nothing.
        assert_eq!(sb.undo_resolve(&ada, number).await.unwrap().status, ConversationStatus::WorkingOn);
    }

    a_colleague_named_in_a_note_is_told(sb) {
        let ada = agent(&sb, "Ada Lovelace", Role::Agent).await;
        let ben = agent(&sb, "Ben Okafor", Role::Agent).await;
        let chloe = agent(&sb, "Chloé Martin", Role::Agent).await;
        let grace = customer(&sb, "Grace").await;
        let number = sb.customer_send(&grace, &new_id(), "Hello").await.unwrap().conversation.number;
        sb.send_message(&ada, number, &new_id(), "@Ben can you check the stock? @Ada too", true, true).await.unwrap();
        sb.send_message(&ada, number, &new_id(), "Thanks @Chloé, Ben will answer", false, true).await.unwrap();
        let told = notifications(&sb, ben.id).await;
        assert_eq!(told.len(), 1, "{told:?}");
        let (kind, at, text) = &told[0];
        assert_eq!((kind.as_str(), *at), ("mentioned", number));
        assert!(text.contains("Ada Lovelace mentioned you") && text.contains("can you check the stock"), "{text}");
        assert!(notifications(&sb, ada.id).await.iter().all(|(kind, _, _)| kind != "mentioned"), "not oneself");
        assert!(notifications(&sb, chloe.id).await.is_empty(), "a reply to the customer tells nobody");
    }

    logging_in_opens_the_shop_unless_the_agent_chose_otherwise_in_an_open_inbox(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        sb.set_availability(&ada, Availability::Away).await.unwrap();
        let (logged_in, _) = sb.login("ada@example.com", PASSWORD).await.unwrap();
        assert_eq!(logged_in.availability, Availability::Online, "yesterday's Away does not outlive a login");
        assert_eq!(sb.agent_by_email("ada@example.com").await.unwrap().unwrap().availability, Availability::Online);

        // With her inbox open, Ada chose Away; logging in on her phone keeps it.
        sb.stream_opened(Viewer::Agent(ada.id)).await.unwrap();
        sb.set_availability(&ada, Availability::Away).await.unwrap();
        let (elsewhere, _) = sb.login("ada@example.com", PASSWORD).await.unwrap();
        assert_eq!(elsewhere.availability, Availability::Away);
        sb.stream_closed(Viewer::Agent(ada.id));
    }

    a_follow_up_is_offered_first_to_who_helped(sb) {
        let admin = agent(&sb, "Root", Role::Admin).await;
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let support = sb.ensure_queue("Support").await.unwrap();
        sb.set_widget_queue(support.id).await.unwrap();
        let grace = customer(&sb, "Grace").await;
        let first = sb.customer_send(&grace, &new_id(), "Hello").await.unwrap().conversation.number;
        sb.accept(&ben, first).await.unwrap();
        sb.resolve(&ben, first).await.unwrap();
        sb.change_queue(&admin, support.id, &QueueChange {
            assignment_policy: Some("round_robin".into()),
            members: Some(vec![ada.id, ben.id]),
            ..Default::default()
        }).await.unwrap();
        for a in [&ada, &ben] {
            sb.stream_opened(Viewer::Agent(a.id)).await.unwrap();
        }
        // Round robin would start with Ada; the follow-up goes to Ben.
        let second = sb.customer_send(&grace, &new_id(), "Me again").await.unwrap().conversation.number;
        assert_eq!(sb.assign_waiting().await.unwrap(), 1);
        let given = sb.conversation(&ada, second).await.unwrap();
        assert_eq!(given.assignee.map(|a| a.id), Some(ben.id));
        // Another customer's first conversation takes the usual turn.
        let tom = customer(&sb, "Tom").await;
        let other = sb.customer_send(&tom, &new_id(), "Hi").await.unwrap().conversation.number;
        sb.assign_waiting().await.unwrap();
        assert_eq!(sb.conversation(&ada, other).await.unwrap().assignee.map(|a| a.id), Some(ada.id));
    }

    a_blocked_customer_writes_into_the_blocked_view_alone(sb) {
        let admin = agent(&sb, "Root", Role::Admin).await;
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let spammer = customer(&sb, "Cheap Watches").await;
        let grace = customer(&sb, "Grace").await;
        let spam = sb.customer_send(&spammer, &new_id(), "BUY NOW").await.unwrap().conversation.number;
        sb.customer_send(&grace, &new_id(), "Hello").await.unwrap();
        let pending = |view| {
            let (sb, admin) = (sb.clone(), admin.clone());
            async move {
                sb.conversations(&admin, &Listing::of(view, Tab::Pending), None, None).await.unwrap()
                    .conversations.into_iter().map(|c| c.number).collect::<Vec<_>>()
            }
        };
        assert_eq!(pending(View::All).await.len(), 2);

        // The pane offers Block to admins alone, as the use case allows.
        assert!(!sb.open_conversation(&ada, spam).await.unwrap().actions.block.shown());
        assert!(sb.open_conversation(&admin, spam).await.unwrap().actions.block.allowed);
        assert!(matches!(sb.block_contact(&ada, spammer.id, true).await, Err(Error::Forbidden(_))));
        let account = sb.block_contact(&admin, spammer.id, true).await.unwrap();
        assert!(account.blocked);
        assert!(!pending(View::All).await.contains(&spam));
        assert_eq!(pending(View::Blocked).await, [spam]);
        assert_eq!(sb.counts(&admin, View::All).await.unwrap().pending.count, 1);
        assert_eq!(sb.counts(&admin, View::Blocked).await.unwrap().pending.count, 1);
        assert!(matches!(
            sb.conversations(&ada, &Listing::of(View::Blocked, Tab::Pending), None, None).await,
            Err(Error::Forbidden(_))
        ));
        assert!(sb.search(&admin, "BUY").await.unwrap().is_empty(), "search passes them by");

        // Their next message is stored, in the same hidden conversation.
        let again = sb.customer_send(&spammer, &new_id(), "LAST CHANCE").await.unwrap();
        assert_eq!(again.conversation.number, spam);
        assert_eq!(pending(View::Blocked).await, [spam]);
        assert!(sb.conversation(&admin, spam).await.unwrap().blocked);
        let audit = sb.audit(&admin, None).await.unwrap();
        assert_eq!(audit[0].action, "contact.blocked");

        sb.block_contact(&admin, spammer.id, false).await.unwrap();
        assert!(pending(View::All).await.contains(&spam));
        assert!(pending(View::Blocked).await.is_empty());

        // A customer who never wrote can be blocked too.
        let silent = customer(&sb, "Silent").await;
        assert!(sb.block_contact(&admin, silent.id, true).await.unwrap().blocked);
        assert!(matches!(sb.block_contact(&admin, 999_999, true).await, Err(Error::NotFound(_))));
    }

    an_offline_ticket_is_named_by_its_address_until_the_customer_says(sb) {
        let admin = agent(&sb, "Root", Role::Admin).await;
        let visitor = customer(&sb, "").await;
        let sent = sb
            .customer_offline_message(&visitor, &new_id(), "pat.smith@example.net", None, "Do you ship to Oslo?")
            .await
            .unwrap();
        let ticket = sb.conversation(&admin, sent.conversation.number).await.unwrap();
        assert_eq!(ticket.contact.name, "Pat Smith");
        let named = customer(&sb, "Grace Hopper").await;
        let sent = sb
            .customer_offline_message(&named, &new_id(), "gh@example.net", None, "Hello")
            .await
            .unwrap();
        let ticket = sb.conversation(&admin, sent.conversation.number).await.unwrap();
        assert_eq!(ticket.contact.name, "Grace Hopper", "a name given stays");
    }

    open_widgets_hear_when_nobody_can_chat_any_more(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let grace = customer(&sb, "Grace").await;
        let mut widget = sb.hub().subscribe(Viewer::Contact(grace.id));
        let mut last = None;
        assert!(!sb.announce_widget_status(&mut last).await.unwrap(), "the first reading is no change");
        assert_eq!(last, Some(false));
        sb.stream_opened(Viewer::Agent(ada.id)).await.unwrap();
        assert!(sb.announce_widget_status(&mut last).await.unwrap());
        sb.stream_closed(Viewer::Agent(ada.id));
        assert!(sb.announce_widget_status(&mut last).await.unwrap());
        assert!(!sb.announce_widget_status(&mut last).await.unwrap());
        let heard: Vec<bool> = std::iter::from_fn(|| widget.try_recv().ok())
            .filter_map(|p| match p.event {
                LiveEvent::WidgetStatus { online } => Some(online),
                _ => None,
            })
            .collect();
        assert_eq!(heard, [true, false]);
    }
}
