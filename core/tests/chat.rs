//! Staff chat's contract on both databases: who may read and write where,
//! and that a private channel stays invisible to non-members through every
//! use case and the live stream.

use switchboard_core::on_both;
use switchboard_core::types::chat::{ChannelKind, ChatMessage};
use switchboard_core::types::{Agent, LiveEvent, Role};
use switchboard_core::{Error, Switchboard, Viewer};

async fn agent(sb: &Switchboard, name: &str) -> Agent {
    let email = format!("{}@example.com", name.to_lowercase().replace(' ', "."));
    sb.create_agent(&email, name, Role::Agent, "correct horse battery".into())
        .await
        .unwrap()
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

async fn say(sb: &Switchboard, who: &Agent, channel: i64, body: &str) -> ChatMessage {
    sb.send_chat_message(who, channel, &new_id(), body, &[])
        .await
        .unwrap()
}

/// Every live event `agent` would be sent, from the start.
async fn stream_of(sb: &Switchboard, agent: &Agent) -> Vec<LiveEvent> {
    sb.replay(Viewer::Agent(agent.id), 0)
        .await
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|f| f.event)
        .collect()
}

/// Whether any event in `events` is about `channel`.
fn mentions_channel(events: &[LiveEvent], channel: i64) -> bool {
    events.iter().any(|e| match e {
        LiveEvent::ChatMessage { message } => message.channel_id == channel,
        LiveEvent::ChannelUpdated { channel: c } => c.id == channel,
        LiveEvent::ChannelRead { channel_id, .. } => *channel_id == channel,
        LiveEvent::Mention { mention } => mention.channel_id == channel,
        _ => false,
    })
}

fn is_not_found<T: std::fmt::Debug>(result: Result<T, Error>) -> bool {
    matches!(result, Err(Error::NotFound(_)))
}

on_both! {
    a_public_channel_is_read_by_all_and_written_by_members(sb) {
        let ada = agent(&sb, "Ada").await;
        let bob = agent(&sb, "Bob").await;
        let general = sb.create_channel(&ada, "General", "Everything", false).await.unwrap();
        let id = general.channel.id;
        assert_eq!(general.channel.name, "general");
        assert_eq!(general.channel.kind, ChannelKind::Public);
        say(&sb, &ada, id, "Morning all").await;

        let seen_by_bob = sb.chat_channels(&bob).await.unwrap();
        let entry = seen_by_bob.iter().find(|e| e.channel.id == id).unwrap();
        assert!(!entry.channel.is_member(bob.id), "listed to join, not joined");
        let opened = sb.open_channel(&bob, id).await.unwrap();
        assert_eq!(opened.page.messages.len(), 1);
        let refused = sb.send_chat_message(&bob, id, &new_id(), "hi", &[]).await;
        assert!(matches!(refused, Err(Error::Forbidden(_))), "{refused:?}");

        sb.join_channel(&bob, id).await.unwrap();
        say(&sb, &bob, id, "Hello").await;
        let ada_entry = sb.chat_channels(&ada).await.unwrap().into_iter().find(|e| e.channel.id == id).unwrap();
        assert_eq!(ada_entry.unread, 1, "Bob's message is unread for Ada");
        assert_eq!(ada_entry.channel.members.len(), 2);
        sb.mark_channel_read(&ada, id, 99).await.unwrap();
        let ada_entry = sb.chat_channels(&ada).await.unwrap().into_iter().find(|e| e.channel.id == id).unwrap();
        assert_eq!((ada_entry.unread, ada_entry.last_read_seq), (0, 2));

        let duplicate = sb.create_channel(&bob, "#general", "", false).await;
        assert!(matches!(duplicate, Err(Error::Conflict(_))), "{duplicate:?}");
    }

    a_private_channel_does_not_exist_for_non_members(sb) {
        let ada = agent(&sb, "Ada").await;
        let eve = agent(&sb, "Eve").await;
        let secret = sb.create_channel(&ada, "leads", "Team leads", true).await.unwrap();
        let id = secret.channel.id;
        let message = say(&sb, &ada, id, "Salary review on Friday, @Eve must not know").await;

        assert!(sb.chat_channels(&eve).await.unwrap().iter().all(|e| e.channel.id != id));
        assert!(is_not_found(sb.open_channel(&eve, id).await));
        assert!(is_not_found(sb.chat_history(&eve, id, None, None).await));
        assert!(is_not_found(sb.join_channel(&eve, id).await));
        assert!(is_not_found(sb.send_chat_message(&eve, id, &new_id(), "let me in", &[]).await));
        assert!(is_not_found(sb.mark_channel_read(&eve, id, 1).await));
        assert!(is_not_found(sb.invite_to_channel(&eve, id, &[eve.id]).await));
        assert!(is_not_found(sb.describe_channel(&eve, id, "mine", "").await));
        assert!(is_not_found(sb.leave_channel(&eve, id).await));
        assert!(is_not_found(sb.edit_chat_message(&eve, message.id, "changed").await));
        assert!(is_not_found(sb.delete_chat_message(&eve, message.id).await));
        assert!(is_not_found(sb.chat_message_versions(&eve, message.id).await));
        assert!(sb.search_chat(&eve, "salary").await.unwrap().is_empty());
        assert!(!mentions_channel(&stream_of(&sb, &eve).await, id), "nothing of it reaches Eve's stream, not even her mention");

        // Invited, she reads it all; told, she hears what follows.
        sb.invite_to_channel(&ada, id, &[eve.id]).await.unwrap();
        assert_eq!(sb.open_channel(&eve, id).await.unwrap().page.messages.len(), 1);
        assert_eq!(sb.search_chat(&eve, "SALARY").await.unwrap().len(), 1);
        say(&sb, &ada, id, "Welcome").await;
        assert!(mentions_channel(&stream_of(&sb, &eve).await, id));

        // Gone again, she hears nothing more.
        sb.leave_channel(&eve, id).await.unwrap();
        let before = stream_of(&sb, &eve).await.len();
        say(&sb, &ada, id, "She left").await;
        assert_eq!(stream_of(&sb, &eve).await.len(), before);
        assert!(is_not_found(sb.open_channel(&eve, id).await));
    }

    private_messages_are_one_conversation_per_group(sb) {
        let ada = agent(&sb, "Ada").await;
        let bob = agent(&sb, "Bob").await;
        let eve = agent(&sb, "Eve").await;
        let first = sb.start_direct(&ada, &[bob.id]).await.unwrap();
        let again = sb.start_direct(&bob, &[ada.id]).await.unwrap();
        assert_eq!(first.channel.id, again.channel.id);
        assert_eq!(first.channel.title_for(ada.id), "Bob");
        let id = first.channel.id;
        say(&sb, &ada, id, "Lunch?").await;
        assert_eq!(sb.open_channel(&bob, id).await.unwrap().entry.unread, 1);
        assert!(is_not_found(sb.open_channel(&eve, id).await));
        assert!(!mentions_channel(&stream_of(&sb, &eve).await, id));
        assert!(sb.leave_channel(&ada, id).await.is_err());
        assert!(sb.invite_to_channel(&ada, id, &[eve.id]).await.is_err());
        let group = sb.start_direct(&ada, &[bob.id, eve.id]).await.unwrap();
        assert_ne!(group.channel.id, id);
        assert!(sb.start_direct(&ada, &[ada.id]).await.is_err(), "not with oneself alone");
        assert!(sb.start_direct(&ada, &[9999]).await.is_err());
    }

    sends_are_idempotent(sb) {
        let ada = agent(&sb, "Ada").await;
        let bob = agent(&sb, "Bob").await;
        let id = sb.create_channel(&ada, "ops", "", false).await.unwrap().channel.id;
        sb.join_channel(&bob, id).await.unwrap();
        let client_id = new_id();
        let first = sb.send_chat_message(&ada, id, &client_id, "once", &[]).await.unwrap();
        let second = sb.send_chat_message(&ada, id, &client_id, "once", &[]).await.unwrap();
        assert_eq!(first, second);
        assert_eq!(sb.chat_history(&ada, id, None, None).await.unwrap().messages.len(), 1);
        let stolen = sb.send_chat_message(&bob, id, &client_id, "mine", &[]).await;
        assert!(matches!(stolen, Err(Error::Conflict(_))), "{stolen:?}");
        assert!(sb.send_chat_message(&ada, id, &new_id(), "   ", &[]).await.is_err());
        assert!(sb.send_chat_message(&ada, id, "not-a-uuid", "x", &[]).await.is_err());
    }

    edits_and_deletions_keep_what_was_said(sb) {
        let ada = agent(&sb, "Ada").await;
        let bob = agent(&sb, "Bob").await;
        let id = sb.create_channel(&ada, "ops", "", false).await.unwrap().channel.id;
        sb.join_channel(&bob, id).await.unwrap();
        let message = say(&sb, &ada, id, "Deploy at 5").await;
        assert!(matches!(sb.edit_chat_message(&bob, message.id, "hacked").await, Err(Error::Forbidden(_))));
        let edited = sb.edit_chat_message(&ada, message.id, "Deploy at 6").await.unwrap();
        assert_eq!(edited.body, "Deploy at 6");
        assert!(edited.edited_at.is_some());
        let deleted = sb.delete_chat_message(&ada, message.id).await.unwrap();
        assert!(deleted.deleted_at.is_some());
        assert_eq!(deleted.body, "");
        assert!(sb.edit_chat_message(&ada, message.id, "back").await.is_err());
        let page = sb.chat_history(&bob, id, None, None).await.unwrap();
        assert_eq!(page.messages.len(), 1, "a deleted message keeps its place");
        let versions = sb.chat_message_versions(&bob, message.id).await.unwrap();
        assert_eq!(versions, vec!["Deploy at 5".to_string(), "Deploy at 6".to_string()]);
        let heard: Vec<_> = stream_of(&sb, &bob).await.into_iter().filter_map(|e| match e {
            LiveEvent::ChatMessage { message: m } if m.id == message.id => Some(m),
            _ => None,
        }).collect();
        assert_eq!(heard.len(), 3, "written, edited and deleted, live");
    }

    mentions_reach_only_readers(sb) {
        let ada = agent(&sb, "Ada Lovelace").await;
        let bob = agent(&sb, "Bob").await;
        let eve = agent(&sb, "Eve").await;
        let public = sb.create_channel(&ada, "general", "", false).await.unwrap().channel.id;
        let private = sb.create_channel(&ada, "leads", "", true).await.unwrap().channel.id;
        sb.invite_to_channel(&ada, private, &[bob.id]).await.unwrap();
        say(&sb, &ada, public, "@bob and @Eve, look at #12").await;
        say(&sb, &ada, private, "@Bob only, not @Eve").await;
        let mentions_of = |events: Vec<LiveEvent>| -> Vec<(i64, String)> {
            events.into_iter().filter_map(|e| match e {
                LiveEvent::Mention { mention } => Some((mention.channel_id, mention.channel_title)),
                _ => None,
            }).collect()
        };
        assert_eq!(mentions_of(stream_of(&sb, &bob).await), vec![(public, "#general".into()), (private, "#leads".into())]);
        assert_eq!(mentions_of(stream_of(&sb, &eve).await), vec![(public, "#general".into())]);
        assert!(mentions_of(stream_of(&sb, &ada).await).is_empty(), "no one is told of their own words");
    }

    history_comes_in_pages(sb) {
        let ada = agent(&sb, "Ada").await;
        let id = sb.create_channel(&ada, "log", "", false).await.unwrap().channel.id;
        for n in 1..=120 {
            say(&sb, &ada, id, &format!("line {n}")).await;
        }
        let latest = sb.chat_history(&ada, id, None, None).await.unwrap();
        assert_eq!(latest.messages.len(), 50);
        assert!(latest.has_earlier);
        assert_eq!(latest.messages.last().unwrap().body, "line 120");
        let mut before = latest.messages[0].seq;
        let mut seen = 50;
        loop {
            let page = sb.chat_history(&ada, id, Some(before), Some(50)).await.unwrap();
            seen += page.messages.len();
            before = page.messages[0].seq;
            if !page.has_earlier { break; }
        }
        assert_eq!(seen, 120);
        assert_eq!(before, 1);
        assert!(sb.create_channel(&ada, "bad/name", "", false).await.is_err());
        assert!(sb.create_channel(&ada, "ok", &"d".repeat(251), false).await.is_err());
    }
}
