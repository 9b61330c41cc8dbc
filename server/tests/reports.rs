//! Reports over HTTP, on both databases: the overview with the period
//! before and its chart, the tables by agent, queue and label, their CSV
//! files, who may see what; and the busiest hours (new conversations by
//! weekday and hour in the time zone asked for, for admins).

mod common;

use common::*;
use serde_json::{json, Value};
use switchboard_core::types::Role;

async fn busiest(server: &Server, cookie: &str, query: &str) -> (u16, Value) {
    report(server, cookie, &format!("busiest_hours?{query}")).await
}

async fn report(server: &Server, cookie: &str, path: &str) -> (u16, Value) {
    let response = server
        .http
        .get(server.url(&format!("/api/v1/reports/{path}")))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn csv(server: &Server, cookie: &str, path: &str) -> (u16, String, String) {
    let response = server
        .http
        .get(server.url(&format!("/api/v1/reports/{path}")))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    (
        response.status().as_u16(),
        kind,
        response.text().await.unwrap(),
    )
}

on_both! {
    the_overview_and_its_tables_answer_admins_and_agents(server) {
        let ada = server.account("Ada", Role::Admin).await;
        let ben = server.agent("Ben").await;
        let mut numbers = Vec::new();
        for text in ["Hello", "Hi"] {
            let token = server.customer().await;
            numbers.push(server.customer_says(&token, text).await["conversation"]["number"].as_i64().unwrap());
        }
        let first = numbers[0];
        assert_eq!(server.agent_post(&ben, &format!("/api/v1/conversations/{first}/accept"), json!({})).await.0, 200);
        let (status, _) = server.agent_post(&ben, &format!("/api/v1/conversations/{first}/messages"), json!({ "body": "Hello, how can I help?", "client_id": uuid::Uuid::new_v4().to_string() })).await;
        assert_eq!(status, 201);
        assert_eq!(server.agent_post(&ben, &format!("/api/v1/conversations/{first}/resolve"), json!({})).await.0, 200);

        let (status, overview) = report(&server, &ada, "overview?days=7&time_zone=Europe/Berlin").await;
        assert_eq!(status, 200, "{overview}");
        let f = &overview["figures"];
        assert_eq!((f["new_conversations"].as_i64(), f["resolved"].as_i64(), f["first_response"]["count"].as_i64()), (Some(2), Some(1), Some(1)));
        assert!(f["first_response"]["median_ms"].as_i64().is_some());
        assert_eq!((overview["step"].as_str(), overview["chart"].as_array().unwrap().len()), (Some("day"), 8));
        assert_eq!(overview["previous"]["new_conversations"], 0);

        let (status, table) = report(&server, &ada, "breakdown?by=agent&days=7").await;
        assert_eq!(status, 200, "{table}");
        let ben_row = table["rows"].as_array().unwrap().iter().find(|r| r["name"] == "Ben").unwrap();
        assert_eq!((ben_row["figures"]["resolved"].as_i64(), ben_row["figures"]["new_conversations"].as_i64()), (Some(1), Some(1)));

        // Ben sees his own work; another agent's, or a bad table, is refused.
        let (_, mine) = report(&server, &ben, "overview?days=7").await;
        assert_eq!(mine["figures"]["resolved"], 1);
        let ada_id = count(&server, "SELECT id FROM agents WHERE name = 'Ada'").await;
        assert_eq!(report(&server, &ben, &format!("overview?agent_id={ada_id}")).await.0, 403);
        assert_eq!(report(&server, &ada, "breakdown?by=planet").await.0, 400);
        assert_eq!(report(&server, &ada, "overview?time_zone=Mars/Olympus").await.0, 400);
        let anonymous = server.http.get(server.url("/api/v1/reports/overview")).send().await.unwrap();
        assert_eq!(anonymous.status().as_u16(), 401);

        // Each table as a CSV file.
        let (status, kind, file) = csv(&server, &ada, "breakdown/export?by=queue&days=7").await;
        assert_eq!((status, kind.as_str()), (200, "text/csv; charset=utf-8"));
        assert!(file.starts_with("queue,new,resolved,"), "{file}");
        let (_, _, figures) = csv(&server, &ada, "overview/export?days=7").await;
        assert!(figures.contains("\nnew,2,0\n"), "{figures}");
        let (_, _, chart) = csv(&server, &ada, "chart/export?days=1").await;
        assert!(chart.starts_with("from,step,new,resolved"));
        let (status, _, hours) = csv(&server, &ada, "busiest_hours/export?days=7").await;
        assert_eq!(status, 200);
        assert!(hours.lines().nth(1).unwrap().starts_with("Monday,"));
        assert_eq!(csv(&server, &ben, "busiest_hours/export").await.0, 403);

        // The live board: the second conversation waits; Ben holds none
        // (he resolved his), and it is for admins.
        let (status, board) = report(&server, &ada, "live").await;
        assert_eq!(status, 200, "{board}");
        assert_eq!(board["waiting"], 1);
        assert!(board["waiting_since"].is_string());
        let ben_load = board["agents"].as_array().unwrap().iter().find(|a| a["name"] == "Ben").unwrap();
        assert_eq!((ben_load["holding"].as_i64(), ben_load["online"].as_bool()), (Some(0), Some(false)));
        assert_eq!(report(&server, &ben, "live").await.0, 403);
    }

    new_conversations_are_counted_by_weekday_and_hour_in_a_time_zone(server) {
        let ada = server.account("Ada", Role::Admin).await;
        let ben = server.agent("Ben").await;
        let mut numbers = Vec::new();
        for text in ["Hello", "Hi", "Hey"] {
            let token = server.customer().await;
            numbers.push(server.customer_says(&token, text).await["conversation"]["number"].as_i64().unwrap());
        }
        // Monday 30 November 2026, 08:15 UTC (09:15 in Berlin), twice; and
        // Sunday 29 November, 23:30 UTC (Monday 00:30 in Berlin).
        let monday = switchboard_core::clock::parse_rfc3339("2026-11-30T08:15:00Z").unwrap();
        let sunday = switchboard_core::clock::parse_rfc3339("2026-11-29T23:30:00Z").unwrap();
        for (number, at) in numbers.iter().zip([monday, monday + 60_000, sunday]) {
            execute(&server, &format!("UPDATE conversations SET created_at = {at} WHERE number = {number}")).await;
        }
        let period = "from=2026-11-23T00:00:00Z&to=2026-12-07T00:00:00Z";

        let (status, berlin) = busiest(&server, &ada, &format!("{period}&time_zone=Europe/Berlin")).await;
        assert_eq!(status, 200, "{berlin}");
        assert_eq!((berlin["total"].as_i64(), berlin["time_zone"].as_str()), (Some(3), Some("Europe/Berlin")));
        assert_eq!((berlin["counts"][0][9].as_i64(), berlin["counts"][0][0].as_i64()), (Some(2), Some(1)));
        assert_eq!(berlin["counts"].as_array().unwrap().len(), 7);
        // Without a zone (no working hours set): UTC.
        let (_, utc) = busiest(&server, &ada, period).await;
        assert_eq!(utc["time_zone"], "UTC");
        assert_eq!((utc["counts"][0][8].as_i64(), utc["counts"][6][23].as_i64()), (Some(2), Some(1)));
        // Another week: none.
        let (_, before) = busiest(&server, &ada, "from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z").await;
        assert_eq!(before["total"], 0);

        assert_eq!(busiest(&server, &ada, "time_zone=Mars/Olympus").await.0, 400);
        assert_eq!(busiest(&server, &ada, "days=400").await.0, 400);
        assert_eq!(busiest(&server, &ben, period).await.0, 403);
    }
}
