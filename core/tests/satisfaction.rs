//! Customer satisfaction on both databases: a customer rates their
//! resolved conversation (once, changeable), the agents see it live in its
//! history and header, a low one alerts the admins, and the report counts
//! it for the agent who resolved it.

use switchboard_core::on_both;
use switchboard_core::testing::{agent, visitor};
use switchboard_core::types::Agent;
use switchboard_core::types::{
    LiveEvent, RatingDraft, Role, SatisfactionQuery, SatisfactionSettings, WidgetSettingsChange,
};
use switchboard_core::{Customer, Error, Viewer};

fn draft(score: i64, comment: Option<&str>) -> RatingDraft {
    RatingDraft {
        score,
        comment: comment.map(str::to_string),
    }
}

/// A conversation of customer `who`, which `by` accepted and resolved.
async fn resolved(
    sb: &switchboard_core::Switchboard,
    by: &Agent,
    who: &Customer,
    text: &str,
) -> i64 {
    let sent = sb
        .customer_send(who, &uuid::Uuid::new_v4().to_string(), text)
        .await
        .unwrap();
    let number = sent.message.conversation_number;
    sb.accept(by, number).await.unwrap();
    sb.resolve(by, number).await.unwrap();
    number
}

on_both! {
    a_customer_rates_their_resolved_conversation_once(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let cleo = agent(&sb, "Cleo", Role::Agent).await;
        let pat = visitor(&sb).await;
        let sent = sb.customer_send(&pat, &uuid::Uuid::new_v4().to_string(), "My parcel is late").await.unwrap();
        let number = sent.message.conversation_number;

        // Asked with the default question; not before it is resolved.
        let asked = sb.rating_request(&pat, number).await.unwrap();
        assert_eq!((asked.question.as_str(), asked.choices.len(), asked.rating.is_none()), ("How did we do?", 5, true));
        assert!(matches!(sb.rate(&pat, number, &draft(5, None)).await, Err(Error::Rule(_))));
        sb.accept(&ben, number).await.unwrap();
        sb.resolve(&ben, number).await.unwrap();

        // Another customer cannot see or rate it.
        let mallory = visitor(&sb).await;
        assert!(matches!(sb.rating_request(&mallory, number).await, Err(Error::NotFound(_))));
        assert!(matches!(sb.rate(&mallory, number, &draft(1, None)).await, Err(Error::NotFound(_))));
        assert!(matches!(sb.rate(&pat, number, &draft(6, None)).await, Err(Error::Invalid(_))));

        // A low rating: kept, in the history and the header live, and the
        // admins (not the agents) are alerted.
        let before = sb.last_event_id().await.unwrap();
        let rated = sb.rate(&pat, number, &draft(2, Some("  Took three days  "))).await.unwrap();
        let rating = rated.rating.unwrap();
        assert_eq!((rating.score, rating.comment.as_deref()), (2, Some("Took three days")));
        let frames = sb.replay(Viewer::Agent(ben.id), before).await.unwrap().unwrap();
        assert!(frames.iter().any(|f| matches!(&f.event, LiveEvent::TimelineEvent { event }
            if event.event_type == "conversation.rated" && event.data["score"] == 2 && event.data["comment"] == "Took three days")));
        assert!(frames.iter().any(|f| matches!(&f.event, LiveEvent::ConversationUpdated { conversation } if conversation.rating == Some(2))));
        assert!(!frames.iter().any(|f| matches!(&f.event, LiveEvent::Notification { .. })));
        let admin_frames = sb.replay(Viewer::Agent(admin.id), before).await.unwrap().unwrap();
        assert!(admin_frames.iter().any(|f| matches!(&f.event, LiveEvent::Notification { notification }
            if notification.kind == "low_rating" && notification.conversation_number == number && notification.text.contains("2 of 5 (Bad)"))));
        let opened = sb.open_conversation(&ben, number).await.unwrap();
        assert_eq!(opened.conversation.rating, Some(2));

        // Changed within the week: still one rating, no second alert.
        let before = sb.last_event_id().await.unwrap();
        let changed = sb.rate(&pat, number, &draft(4, None)).await.unwrap().rating.unwrap();
        assert_eq!((changed.score, changed.comment, changed.rated_at), (4, None, rating.rated_at.clone()));
        let admin_frames = sb.replay(Viewer::Agent(admin.id), before).await.unwrap().unwrap();
        assert!(!admin_frames.iter().any(|f| matches!(&f.event, LiveEvent::Notification { .. })));

        // The report counts it for Ben: admins see everyone's, Ben his
        // own, Cleo hers (none) and not Ben's.
        let everyone = sb.satisfaction_report(&admin, &SatisfactionQuery::default()).await.unwrap();
        assert_eq!((everyone.resolved, everyone.rated, everyone.average, everyone.response_rate), (1, 1, Some(4.0), Some(100.0)));
        assert_eq!(everyone.by_score, [0, 0, 0, 1, 0]);
        assert_eq!(everyone.ratings[0].agent.as_ref().map(|a| a.id), Some(ben.id));
        let own = sb.satisfaction_report(&ben, &SatisfactionQuery::default()).await.unwrap();
        assert_eq!(own.ratings.len(), 1);
        let hers = sb.satisfaction_report(&cleo, &SatisfactionQuery::default()).await.unwrap();
        assert_eq!((hers.rated, hers.resolved, hers.average), (0, 0, None));
        let peek = SatisfactionQuery { agent_id: Some(ben.id), ..Default::default() };
        assert!(matches!(sb.satisfaction_report(&cleo, &peek).await, Err(Error::Forbidden(_))));
        let only_ones = SatisfactionQuery { score: Some(1), ..Default::default() };
        let narrowed = sb.satisfaction_report(&admin, &only_ones).await.unwrap();
        assert_eq!((narrowed.rated, narrowed.ratings.len()), (1, 0));
        let bad = SatisfactionQuery { from: Some("yesterday".into()), ..Default::default() };
        assert!(matches!(sb.satisfaction_report(&admin, &bad).await, Err(Error::Invalid(_))));
        let long_ago = SatisfactionQuery { from: Some("2020-01-01T00:00:00Z".into()), to: Some("2020-02-01T00:00:00Z".into()), ..Default::default() };
        assert_eq!(sb.satisfaction_report(&admin, &long_ago).await.unwrap().rated, 0);

        // Admins can turn it off: nothing is asked or taken.
        let off = WidgetSettingsChange {
            satisfaction: Some(SatisfactionSettings { ask: false, ..Default::default() }),
            ..Default::default()
        };
        assert!(matches!(sb.change_widget_settings(&ben, &off).await, Err(Error::Forbidden(_))));
        sb.change_widget_settings(&admin, &off).await.unwrap();
        assert!(matches!(sb.rating_request(&pat, number).await, Err(Error::NotFound(_))));
        assert!(matches!(sb.rate(&pat, number, &draft(5, None)).await, Err(Error::Rule(_))));
        let empty_question = WidgetSettingsChange {
            satisfaction: Some(SatisfactionSettings { question: " ".into(), ..Default::default() }),
            ..Default::default()
        };
        assert!(matches!(sb.change_widget_settings(&admin, &empty_question).await, Err(Error::Invalid(_))));
    }

    the_export_keeps_a_comment_from_running_as_a_formula(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let pat = visitor(&sb).await;
        let number = resolved(&sb, &admin, &pat, "Hello").await;
        sb.rate(&pat, number, &draft(5, Some("=HYPERLINK(\"https://evil.example\")"))).await.unwrap();
        let report = sb.satisfaction_report(&admin, &SatisfactionQuery::default()).await.unwrap();
        let csv = switchboard_core::satisfaction::export_csv(&report).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("conversation,rated_at,score,comment,customer,customer_email,agent,queue"));
        let row = lines.next().unwrap();
        assert!(row.starts_with(&format!("{number},")), "{row}");
        assert!(row.contains("'=HYPERLINK"), "{row}");
    }

    a_rating_follows_its_customer_into_a_merged_record(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let pat = visitor(&sb).await;
        let number = resolved(&sb, &admin, &pat, "Hello").await;
        sb.rate(&pat, number, &draft(3, None)).await.unwrap();
        let kept = visitor(&sb).await;
        sb.merge_contacts(&admin, pat.id, kept.id).await.unwrap();
        let report = sb.satisfaction_report(&admin, &SatisfactionQuery::default()).await.unwrap();
        assert_eq!(report.ratings[0].contact.id, kept.id);
    }
}
