//! Reports on the team's work (admins): when customers write in. Customer
//! satisfaction's report is in `satisfaction.rs`.

use super::{admin_only, Switchboard};
use crate::clock::rfc3339;
use crate::error::Result;
use crate::reports::{self, Period};
use switchboard_types::{Agent, BusiestHours, BusiestHoursQuery};

impl Switchboard {
    /// New conversations of a period by weekday and hour, in the time zone
    /// asked for, else the widget queue's working hours', else UTC.
    pub async fn busiest_hours(
        &self,
        asking: &Agent,
        query: &BusiestHoursQuery,
    ) -> Result<BusiestHours> {
        admin_only(asking, "see when customers write in")?;
        let period = Period::of(query.from.as_deref(), query.to.as_deref(), query.days)?;
        let name = match query.time_zone.as_deref().filter(|z| !z.trim().is_empty()) {
            Some(name) => name.trim().to_string(),
            None => self
                .widget_working_hours()
                .await?
                .map_or_else(|| "UTC".to_string(), |hours| hours.time_zone),
        };
        let zone = reports::time_zone(&name)?;
        let hourly = self
            .store
            .conversations_by_hour(period.from, period.to, query.queue_id)
            .await?;
        let counts = reports::by_weekday_and_hour(&hourly, &zone)?;
        Ok(BusiestHours {
            from: rfc3339(period.from),
            to: rfc3339(period.to),
            time_zone: name,
            total: hourly.iter().map(|(_, count)| count).sum(),
            counts,
        })
    }
}
