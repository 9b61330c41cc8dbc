//! The busiest hours over HTTP, on both databases: new conversations by
//! weekday and hour in the time zone asked for, for admins.

mod common;

use common::*;
use serde_json::Value;
use switchboard_core::types::Role;

async fn busiest(server: &Server, cookie: &str, query: &str) -> (u16, Value) {
    let response = server
        .http
        .get(server.url(&format!("/api/v1/reports/busiest_hours?{query}")))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

on_both! {
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
