//! Customers writing at once: their messages are stored together (group
//! commit), and every guarantee of a message written alone holds for each:
//! its own answer, a retry stored once, a client_id of another refused
//! without failing its neighbours, each conversation's seqs without gaps in
//! the order its customer wrote, its events in that order, a first message
//! opening a conversation and a snoozed one woken. On both databases.

use std::collections::HashMap;
use switchboard_core::testing::{agent, visitor};
use switchboard_core::types::{ConversationStatus, LiveEvent, Role, TimelineItem};
use switchboard_core::{on_both, Error, Switchboard, Viewer};

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Each of `count` messages of `customer`, one after the other, as they
/// were answered: (client_id, message id, conversation, seq).
async fn write(
    sb: Switchboard,
    customer: switchboard_core::Customer,
    count: usize,
) -> Vec<(String, i64, i64, i64)> {
    let mut answers = Vec::new();
    for i in 0..count {
        let client_id = new_id();
        let sent = sb
            .customer_send(
                &customer,
                &client_id,
                &format!("message {i} of {}", customer.id),
            )
            .await
            .expect("a customer's message");
        assert_eq!(sent.message.client_id, client_id);
        answers.push((
            client_id,
            sent.message.id,
            sent.message.conversation_number,
            sent.message.seq,
        ));
    }
    answers
}

on_both! {
    customers_writing_at_once_are_each_answered_and_nothing_is_lost(sb) {
        let ada = agent(&sb, "Ada", Role::Agent).await;
        let mut customers = Vec::new();
        for _ in 0..16 {
            let customer = visitor(&sb).await;
            sb.customer_send(&customer, &new_id(), "hello").await.unwrap();
            customers.push(customer);
        }
        // One conversation is snoozed: the customer writing wakes it.
        let snoozed = customers[0].clone();
        let number = sb.customer_send(&snoozed, &new_id(), "one more").await.unwrap().conversation.number;
        sb.accept(&ada, number).await.unwrap();
        let tomorrow = switchboard_core::clock::rfc3339(switchboard_core::clock::now_ms() + 86_400_000);
        sb.snooze(&ada, number, &tomorrow).await.unwrap();
        // One customer writes for the first time during the burst.
        let newcomer = visitor(&sb).await;
        customers.push(newcomer.clone());
        // One message is sent twice at once (a retry), and one reuses a
        // client_id of another customer's message.
        let retried = new_id();
        let someone_elses = sb.customer_send(&customers[1], &new_id(), "mine").await.unwrap().message.client_id;

        let writers: Vec<_> = customers
            .iter()
            .map(|c| tokio::spawn(write(sb.clone(), c.clone(), 12)))
            .collect();
        let retries: Vec<_> = (0..2)
            .map(|_| {
                let (sb, customer, id) = (sb.clone(), customers[2].clone(), retried.clone());
                tokio::spawn(async move { sb.customer_send(&customer, &id, "sent twice").await })
            })
            .collect();
        let thief = {
            let (sb, customer, id) = (sb.clone(), customers[3].clone(), someone_elses.clone());
            tokio::spawn(async move { sb.customer_send(&customer, &id, "not mine").await })
        };
        let mut answered: HashMap<i64, Vec<(String, i64, i64, i64)>> = HashMap::new();
        for (customer, writer) in customers.iter().zip(writers) {
            answered.insert(customer.id, writer.await.unwrap());
        }
        let retried_ids: Vec<i64> = futures::future::join_all(retries)
            .await
            .into_iter()
            .map(|r| r.unwrap().unwrap().message.id)
            .collect();
        assert_eq!(retried_ids[0], retried_ids[1], "a retry was stored twice");
        assert!(matches!(thief.await.unwrap(), Err(Error::Conflict(_))));

        let admin = agent(&sb, "Root", Role::Admin).await;
        for customer in &customers {
            let mine = &answered[&customer.id];
            let number = mine[0].2;
            assert!(mine.iter().all(|m| m.2 == number), "a customer's messages went to two conversations");
            // The timeline holds every seq once, and this customer's
            // messages in the order they were written, as answered.
            let items = sb.timeline(&admin, number, 0).await.unwrap().items;
            let seqs: Vec<i64> = items.iter().map(TimelineItem::seq).collect();
            assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "#{number} has gaps");
            let stored: Vec<(String, i64, i64)> = items
                .iter()
                .filter_map(|i| match i {
                    TimelineItem::Message(m) if mine.iter().any(|a| a.0 == m.client_id) => {
                        Some((m.client_id.clone(), m.id, m.seq))
                    }
                    _ => None,
                })
                .collect();
            let expected: Vec<(String, i64, i64)> =
                mine.iter().map(|(c, id, _, seq)| (c.clone(), *id, *seq)).collect();
            assert_eq!(stored, expected);
            // The customer was told of each, in that order, with their
            // conversation as it then stood.
            let frames = sb.replay(Viewer::Contact(customer.id), 0).await.unwrap().unwrap();
            let told: Vec<i64> = frames
                .iter()
                .filter_map(|f| match &f.event {
                    LiveEvent::MessageCreated { message } if mine.iter().any(|a| a.1 == message.id) => {
                        Some(message.seq)
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(told, mine.iter().map(|m| m.3).collect::<Vec<_>>());
            assert!(frames.windows(2).all(|w| w[0].event_id < w[1].event_id));
        }
        // The snoozed conversation is awake, and the newcomer's is new.
        let woken = sb.conversation(&admin, answered[&snoozed.id][0].2).await.unwrap();
        assert!(woken.snoozed_until.is_none());
        let opened = sb.conversation(&admin, answered[&newcomer.id][0].2).await.unwrap();
        assert_eq!(opened.status, ConversationStatus::Pending);
        // The agents' view of each conversation ends with its last message.
        let frames = sb.replay(Viewer::Agent(admin.id), 0).await.unwrap().unwrap();
        for customer in &customers {
            let number = answered[&customer.id][0].2;
            let latest = frames.iter().rev().find_map(|f| match &f.event {
                LiveEvent::ConversationUpdated { conversation } if conversation.number == number => {
                    conversation.last_message.clone()
                }
                _ => None,
            });
            assert_eq!(latest, Some(format!("message 11 of {}", customer.id)));
        }
    }
}
