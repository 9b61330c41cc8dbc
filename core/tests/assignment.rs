//! Automatic assignment against real stores: only online agents with a tab
//! open, never over capacity (also with two nodes assigning at once on
//! PostgreSQL), fair turns, "assigned by automation" in the history, and a
//! conversation nobody could take offered again when someone can.

use switchboard_core::on_both;
use switchboard_core::testing::postgres_with_url;
use switchboard_core::types::{
    Agent, Availability, ConversationStatus, QueueChange, Role, TimelineItem,
};
use switchboard_core::{Switchboard, Viewer, Visitor};

const PASSWORD: &str = "correct horse battery";

async fn account(sb: &Switchboard, name: &str, role: Role) -> Agent {
    sb.create_agent(
        &format!("{}@example.com", name.to_lowercase()),
        name,
        role,
        PASSWORD.into(),
    )
    .await
    .unwrap()
}

/// A queue for the widget with `members`, the policy and their capacity.
async fn queue(
    sb: &Switchboard,
    admin: &Agent,
    members: &[&Agent],
    policy: &str,
    capacity: i64,
) -> i64 {
    let queue = sb.create_queue(admin, "Support").await.unwrap();
    sb.set_widget_queue(queue.id).await.unwrap();
    sb.change_queue(
        admin,
        queue.id,
        &QueueChange {
            assignment_policy: Some(policy.into()),
            members: Some(members.iter().map(|a| a.id).collect()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for agent in members {
        sb.change_agent(
            admin,
            agent.id,
            &switchboard_core::types::AgentChange {
                capacity: Some(capacity),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    }
    queue.id
}

/// A new customer writes: a new pending conversation in the widget queue.
async fn arrives(sb: &Switchboard, i: usize) -> i64 {
    let key = sb.widget_key().await.unwrap();
    let session = sb
        .start_widget_session(
            &key,
            Visitor {
                name: Some(&format!("Customer {i}")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let contact = sb.contact_for_token(&session.contact_token).await.unwrap();
    let sent = sb
        .customer_send(&contact, &uuid::Uuid::new_v4().to_string(), "Hello")
        .await
        .unwrap();
    sent.message.conversation_number
}

async fn holders(sb: &Switchboard, admin: &Agent, numbers: &[i64]) -> Vec<Option<i64>> {
    let mut held = Vec::new();
    for number in numbers {
        let c = sb.conversation(admin, *number).await.unwrap();
        held.push(match c.status {
            ConversationStatus::WorkingOn => c.assignee.map(|a| a.id),
            _ => None,
        });
    }
    held
}

on_both! {
    round_robin_gives_turns_to_online_agents_under_capacity(sb) {
        let admin = account(&sb, "Ada", Role::Admin).await;
        let ben = account(&sb, "Ben", Role::Agent).await;
        let chloe = account(&sb, "Chloe", Role::Agent).await;
        let dan = account(&sb, "Dan", Role::Agent).await;
        queue(&sb, &admin, &[&ben, &chloe, &dan], "round_robin", 3).await;
        // Ben and Chloe have a tab open; Dan has one but says he is away.
        for agent in [&ben, &chloe, &dan] {
            sb.stream_opened(Viewer::Agent(agent.id)).await.unwrap();
        }
        sb.set_availability(&dan, Availability::Away).await.unwrap();

        let mut numbers = Vec::new();
        for i in 0..8 {
            numbers.push(arrives(&sb, i).await);
        }
        assert_eq!(sb.assign_waiting().await.unwrap(), 6, "two agents, three each");
        let held = holders(&sb, &admin, &numbers).await;
        assert_eq!(held[..6], [Some(ben.id), Some(chloe.id), Some(ben.id), Some(chloe.id), Some(ben.id), Some(chloe.id)]);
        assert_eq!(held[6..], [None, None], "nobody can take them: they wait in Pending");
        assert_eq!(sb.assign_waiting().await.unwrap(), 0);

        // The history says who assigned it.
        let timeline = sb.timeline(&admin, numbers[0], 0).await.unwrap();
        let assigned = timeline.items.iter().find_map(|item| match item {
            TimelineItem::Event(e) if e.event_type == "conversation.assigned" => Some(e.clone()),
            _ => None,
        }).unwrap();
        assert_eq!(assigned.actor.kind, switchboard_core::types::ActorKind::Automation);

        // Dan comes back: the waiting ones go to him at the next round.
        sb.set_availability(&dan, Availability::Online).await.unwrap();
        assert_eq!(sb.assign_waiting().await.unwrap(), 2);
        assert_eq!(holders(&sb, &admin, &numbers[6..]).await, [Some(dan.id), Some(dan.id)]);

        // Ben resolves one: after Dan the turn wraps to Ben, who has room
        // again; then Chloe is full, so Dan.
        sb.resolve(&ben, numbers[0]).await.unwrap();
        let late = arrives(&sb, 100).await;
        assert_eq!(sb.assign_waiting().await.unwrap(), 1);
        assert_eq!(holders(&sb, &admin, &[late]).await, [Some(ben.id)]);
        let later = arrives(&sb, 101).await;
        sb.assign_waiting().await.unwrap();
        assert_eq!(holders(&sb, &admin, &[later]).await, [Some(dan.id)]);
    }

    an_agent_without_a_tab_or_deactivated_is_never_chosen(sb) {
        let admin = account(&sb, "Ada", Role::Admin).await;
        let ben = account(&sb, "Ben", Role::Agent).await;
        let chloe = account(&sb, "Chloe", Role::Agent).await;
        queue(&sb, &admin, &[&ben, &chloe], "least_busy", 10).await;
        // Nobody has a tab open: nothing is assigned.
        let first = arrives(&sb, 0).await;
        assert_eq!(sb.assign_waiting().await.unwrap(), 0);
        sb.stream_opened(Viewer::Agent(ben.id)).await.unwrap();
        sb.stream_opened(Viewer::Agent(chloe.id)).await.unwrap();
        sb.change_agent(&admin, chloe.id, &switchboard_core::types::AgentChange { active: Some(false), ..Default::default() }).await.unwrap();
        let second = arrives(&sb, 1).await;
        assert_eq!(sb.assign_waiting().await.unwrap(), 2);
        assert_eq!(holders(&sb, &admin, &[first, second]).await, [Some(ben.id), Some(ben.id)]);
    }

    going_offline_hands_conversations_back_when_the_queue_says_so(sb) {
        let admin = account(&sb, "Ada", Role::Admin).await;
        let ben = account(&sb, "Ben", Role::Agent).await;
        let chloe = account(&sb, "Chloe", Role::Agent).await;
        let queue_id = queue(&sb, &admin, &[&ben, &chloe], "round_robin", 5).await;
        sb.change_queue(&admin, queue_id, &QueueChange { reassign_on_offline: Some(true), ..Default::default() }).await.unwrap();
        sb.stream_opened(Viewer::Agent(ben.id)).await.unwrap();
        let number = arrives(&sb, 0).await;
        sb.assign_waiting().await.unwrap();
        assert_eq!(holders(&sb, &admin, &[number]).await, [Some(ben.id)]);
        sb.stream_opened(Viewer::Agent(chloe.id)).await.unwrap();
        sb.set_availability(&ben, Availability::Offline).await.unwrap();
        assert_eq!(holders(&sb, &admin, &[number]).await, [None], "back in Pending");
        sb.assign_waiting().await.unwrap();
        assert_eq!(holders(&sb, &admin, &[number]).await, [Some(chloe.id)]);
    }

    queue_settings_are_checked_and_for_admins(sb) {
        let admin = account(&sb, "Ada", Role::Admin).await;
        let ben = account(&sb, "Ben", Role::Agent).await;
        assert!(sb.create_queue(&ben, "Sales").await.is_err());
        let sales = sb.create_queue(&admin, "Sales").await.unwrap();
        assert_eq!(sb.create_queue(&admin, " Sales ").await.unwrap_err().code(), "conflict");
        let bad = |change: QueueChange| {
            let sb = sb.clone();
            let admin = admin.clone();
            async move { sb.change_queue(&admin, sales.id, &change).await.unwrap_err().to_string() }
        };
        assert!(bad(QueueChange { assignment_policy: Some("random".into()), ..Default::default() }).await.contains("round_robin"));
        assert!(bad(QueueChange { members: Some(vec![9999]), ..Default::default() }).await.contains("not on the team"));
        assert!(bad(QueueChange { name: Some("".into()), ..Default::default() }).await.contains("name"));
        let setup = sb.change_queue(&admin, sales.id, &QueueChange { name: Some("Sales EU".into()), members: Some(vec![ben.id, ben.id]), ..Default::default() }).await.unwrap();
        assert_eq!((setup.name.as_str(), setup.members.as_slice(), setup.assignment_policy.as_str()), ("Sales EU", &[ben.id][..], "off"));
        let audit = sb.audit(&admin, None).await.unwrap();
        assert!(audit.iter().any(|e| e.action == "queue.created" && e.subject == "Sales"));
        assert!(audit.iter().any(|e| e.action == "queue.changed" && e.subject == "Sales EU"));
    }
}

/// Two nodes assign from one PostgreSQL database at the same time while
/// customers keep arriving: nobody ever holds more than their capacity.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_assigning_at_once_never_exceed_capacity() {
    let (url, a) = postgres_with_url().await;
    let b = Switchboard::open(&url).await.unwrap();
    let admin = account(&a, "Ada", Role::Admin).await;
    let ben = account(&a, "Ben", Role::Agent).await;
    let chloe = account(&a, "Chloe", Role::Agent).await;
    queue(&a, &admin, &[&ben, &chloe], "least_busy", 3).await;
    for node in [&a, &b] {
        for agent in [&ben, &chloe] {
            node.stream_opened(Viewer::Agent(agent.id)).await.unwrap();
        }
    }
    let arrivals = {
        let a = a.clone();
        tokio::spawn(async move {
            let mut numbers = Vec::new();
            for i in 0..20 {
                numbers.push(arrives(&a, i).await);
            }
            numbers
        })
    };
    let mut rounds = Vec::new();
    for node in [a.clone(), b.clone(), a.clone(), b.clone()] {
        rounds.push(tokio::spawn(async move {
            for _ in 0..30 {
                node.assign_waiting().await.unwrap();
                tokio::task::yield_now().await;
            }
        }));
    }
    let numbers = arrivals.await.unwrap();
    for round in rounds {
        round.await.unwrap();
    }
    a.assign_waiting().await.unwrap();
    let held = holders(&a, &admin, &numbers).await;
    let count = |id: i64| held.iter().filter(|h| **h == Some(id)).count();
    assert_eq!((count(ben.id), count(chloe.id)), (3, 3), "{held:?}");
    assert_eq!(held.iter().filter(|h| h.is_none()).count(), 14);
}
