//! Reports on both databases: the overview of a period from the summary
//! the changes keep (first response from the customer's first message to
//! the first public reply, notes and automation not counting; a reopen
//! starting a new resolution; an undone resolve not counting), the tables
//! by agent, queue and label, who may see what, and the CSV files.

use switchboard_core::on_both;
use switchboard_core::testing::{agent, visitor};
use switchboard_core::types::{ReportQuery, Role};
use switchboard_core::{clock, Error};

fn ms(rfc3339: &str) -> i64 {
    clock::parse_rfc3339(rfc3339).unwrap()
}

on_both! {
    the_overview_and_tables_follow_the_definitions(sb) {
        let admin = agent(&sb, "Ada", Role::Admin).await;
        let ben = agent(&sb, "Ben", Role::Agent).await;
        let cleo = agent(&sb, "Cleo", Role::Agent).await;
        let billing = sb.create_queue(&admin, "Billing").await.unwrap();
        sb.create_label(&admin, "refund", None).await.unwrap();
        let id = || uuid::Uuid::new_v4().to_string();

        // Pat writes; Cleo's note does not answer; Ben's reply does.
        let pat = visitor(&sb).await;
        let asked = sb.customer_send(&pat, &id(), "My parcel is late").await.unwrap().message;
        let first = asked.conversation_number;
        sb.send_message(&cleo, first, &id(), "looking into it", true, true).await.unwrap();
        let reply = sb.send_message(&ben, first, &id(), "On its way", false, true).await.unwrap().message;
        sb.send_message(&cleo, first, &id(), "a second reply", false, true).await.unwrap();
        sb.accept(&ben, first).await.unwrap();
        sb.label_conversation(&ben, first, "refund", true).await.unwrap();
        // Ben resolves, undoes it, resolves again: one resolve. Then it is
        // reopened and Ben, holding it again, resolves it: two in all.
        sb.resolve(&ben, first).await.unwrap();
        sb.undo_resolve(&ben, first).await.unwrap();
        sb.resolve(&ben, first).await.unwrap();
        sb.reopen(&admin, first).await.unwrap();
        sb.accept(&ben, first).await.unwrap();
        sb.resolve(&ben, first).await.unwrap();

        // Sam writes; moved to Billing, where Cleo answers and resolves.
        let sam = visitor(&sb).await;
        let second = sb.customer_send(&sam, &id(), "Charged twice").await.unwrap().message.conversation_number;
        sb.transfer(&admin, second, None, Some(billing.id), None).await.unwrap();
        sb.accept(&cleo, second).await.unwrap();
        sb.send_message(&cleo, second, &id(), "Refunded", false, true).await.unwrap();
        sb.resolve(&cleo, second).await.unwrap();

        // Kim writes and waits: new, not answered.
        let kim = visitor(&sb).await;
        sb.customer_send(&kim, &id(), "Hello?").await.unwrap();

        let today = ReportQuery { days: Some(1), ..Default::default() };
        let overview = sb.report_overview(&admin, &today).await.unwrap();
        let f = &overview.figures;
        assert_eq!((f.new_conversations, f.resolved, f.reopened), (3, 3, 1));
        assert_eq!(f.first_response.count, 2);
        let ben_answered = ms(&reply.created_at) - ms(&asked.created_at);
        assert!(f.first_response.median_ms.unwrap() >= 0);
        assert_eq!((f.resolution.count, f.rated, f.satisfaction), (3, 0, None));
        assert_eq!(f.response_rate, Some(0.0));
        assert_eq!(overview.previous, Default::default());
        assert_eq!((overview.step.as_str(), overview.chart.len()), ("hour", 25));
        assert_eq!(overview.chart.iter().map(|p| p.new_conversations).sum::<i64>(), 3);
        assert_eq!(overview.chart.iter().map(|p| p.resolved).sum::<i64>(), 3);
        assert_eq!(overview.time_zone, "UTC");

        // By agent: Ben answered Pat first and resolved twice; Cleo
        // answered Sam and resolved once; Ada reopened, resolved nothing.
        let by_agent = sb.report_breakdown(&admin, &ReportQuery { by: Some("agent".into()), ..today.clone() }).await.unwrap();
        let row = |name: &str| by_agent.rows.iter().find(|r| r.name == name).unwrap().figures.clone();
        let (b, c, a) = (row("Ben"), row("Cleo"), row("Ada"));
        assert_eq!((b.first_response.count, b.first_response.median_ms, b.resolved, b.reopened), (1, Some(ben_answered), 2, 1));
        assert_eq!((c.first_response.count, c.resolved, a.resolved, a.first_response.count), (1, 1, 0, 0));
        assert_eq!(by_agent.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Ada", "Ben", "Cleo", "Unassigned"]);

        // By queue: Sam's conversation counts in Billing, where it was
        // answered and resolved; the others have no queue.
        let by_queue = sb.report_breakdown(&admin, &ReportQuery { by: Some("queue".into()), ..today.clone() }).await.unwrap();
        let billing_row = by_queue.rows.iter().find(|r| r.id == Some(billing.id)).unwrap();
        assert_eq!((billing_row.figures.new_conversations, billing_row.figures.resolved, billing_row.figures.first_response.count), (1, 1, 1));

        // By label, and narrowed to a label.
        let by_label = sb.report_breakdown(&admin, &ReportQuery { by: Some("label".into()), ..today.clone() }).await.unwrap();
        assert_eq!(by_label.rows.len(), 1);
        assert_eq!((by_label.rows[0].name.as_str(), by_label.rows[0].figures.resolved), ("refund", 2));
        let label_id = by_label.rows[0].id;
        let refunds = sb.report_overview(&admin, &ReportQuery { label_id, ..today.clone() }).await.unwrap();
        assert_eq!((refunds.figures.new_conversations, refunds.figures.resolved), (1, 2));

        // Within working hours: a queue without them counts every hour.
        let business = sb.report_overview(&admin, &ReportQuery { business_hours: true, ..today.clone() }).await.unwrap();
        assert_eq!(business.figures.first_response, f.first_response);

        // Agents see their own work alone; another's is refused.
        let mine = sb.report_overview(&cleo, &today).await.unwrap();
        assert_eq!((mine.figures.resolved, mine.figures.first_response.count), (1, 1));
        assert!(matches!(
            sb.report_overview(&cleo, &ReportQuery { agent_id: Some(ben.id), ..today.clone() }).await,
            Err(Error::Forbidden(_))
        ));
        let their_table = sb.report_breakdown(&cleo, &ReportQuery { by: Some("agent".into()), ..today.clone() }).await.unwrap();
        assert_eq!(their_table.rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Cleo"]);
        assert!(matches!(
            sb.report_breakdown(&admin, &ReportQuery { by: Some("planet".into()), ..today.clone() }).await,
            Err(Error::Invalid(_))
        ));

        // CSV files of each table.
        let csv = sb.report_breakdown_csv(&admin, &ReportQuery { by: Some("agent".into()), ..today.clone() }).await.unwrap();
        assert!(csv.starts_with("agent,new,resolved,reopened,first_response_median_s"));
        assert!(csv.lines().any(|l| l.starts_with("Ben,") && l.split(',').nth(2) == Some("2")));
        let figures = sb.report_overview_csv(&admin, &today).await.unwrap();
        assert!(figures.contains("\nresolved,3,0\n"), "{figures}");
        let chart = sb.report_chart_csv(&admin, &today).await.unwrap();
        assert_eq!(chart.lines().count(), 26);

        // The summary the changes kept equals the history's.
        let (kept, recomputed) = sb.report_summary_and_recomputation().await.unwrap();
        assert_eq!(kept, recomputed);
    }

    the_demo_has_weeks_of_history_to_report(sb) {
        switchboard_core::demo::load(&sb).await.unwrap();
        let ada = sb.login("ada@example.com", "switchboard").await.unwrap().0;
        let month = ReportQuery { days: Some(30), ..Default::default() };
        let overview = sb.report_overview(&ada, &month).await.unwrap();
        let f = &overview.figures;
        assert!(f.new_conversations > 200 && f.resolved > 200, "{f:?}");
        assert!(f.reopened > 0 && f.rated > 50, "{f:?}");
        assert!(f.first_response.median_ms.unwrap() < f.resolution.median_ms.unwrap());
        assert!(f.satisfaction.unwrap() > 3.0);
        assert_eq!(overview.chart.len(), 31);
        let by_agent = sb.report_breakdown(&ada, &ReportQuery { by: Some("agent".into()), ..month }).await.unwrap();
        assert!(by_agent.rows.iter().filter(|r| r.figures.resolved > 50).count() == 3, "{by_agent:?}");
        let (kept, recomputed) = sb.report_summary_and_recomputation().await.unwrap();
        assert_eq!(kept, recomputed);
    }
}
