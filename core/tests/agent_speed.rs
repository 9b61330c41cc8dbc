//! What makes an agent fast, on both databases: saved replies (the agent's
//! own and the team's, filled in for a conversation), taking over a
//! colleague's conversation, acting on many conversations at once, and
//! each agent's choice of alerts.

use std::collections::BTreeMap;
use switchboard_core::testing::{postgres, sqlite};
use switchboard_core::types::{
    AlertPreferences, BulkActionKind, BulkRequest, ConversationStatus, LiveEvent, Role,
    TimelineItem,
};
use switchboard_core::{Error, Switchboard, Viewer};

macro_rules! on_both {
    ($($name:ident($sb:ident) $body:block)*) => {
        mod on_sqlite { use super::*; $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let $sb = sqlite().await; $body })* }
        mod on_postgres { use super::*; $(#[tokio::test(flavor = "multi_thread")] async fn $name() { let $sb = postgres().await; $body })* }
    };
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn agent(sb: &Switchboard, name: &str, role: Role) -> switchboard_core::types::Agent {
    sb.create_agent(
        &format!("{}@example.com", name.to_lowercase()),
        name,
        role,
        "correct horse battery".into(),
    )
    .await
    .unwrap()
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
        sb.set_customer_attributes(&maria, &BTreeMap::from([("plan".to_string(), "Business".to_string())])).await.unwrap();
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
        let request = |action, numbers: Vec<i64>| BulkRequest { numbers, action, agent_id: None, queue_id: None, until: None };

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
}
