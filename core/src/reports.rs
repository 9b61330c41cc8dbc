//! The rules reports share: the period a report covers, and how hours of
//! new conversations become weekdays and hours in a time zone.

use crate::clock::{now_ms, parse_rfc3339};
use crate::error::{Error, Result};
use jiff::tz::TimeZone;
use jiff::Timestamp;

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
pub const HOUR_MS: i64 = 60 * 60 * 1000;
/// The days a report covers when no period is given.
pub const DEFAULT_DAYS: i64 = 30;
/// The longest period a report covers, in days.
pub const MAX_DAYS: i64 = 366;

/// A report's period in milliseconds: `from` included, `to` not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: i64,
    pub to: i64,
}

impl Period {
    /// The period a query names: `from` and `to` (RFC 3339), or the last
    /// `days` days until `to`; until now (this millisecond included) and 30
    /// days when left out; at most 366 days.
    pub fn of(from: Option<&str>, to: Option<&str>, days: Option<i64>) -> Result<Period> {
        let time = |field: &str, given: Option<&str>| -> Result<Option<i64>> {
            given
                .filter(|t| !t.trim().is_empty())
                .map(|t| {
                    parse_rfc3339(t).ok_or_else(|| {
                        Error::Invalid(format!(
                            "{field} must be a time such as 2026-11-01T00:00:00Z"
                        ))
                    })
                })
                .transpose()
        };
        let to = time("to", to)?.unwrap_or_else(|| now_ms() + 1);
        let days = match days {
            Some(days @ 1..=MAX_DAYS) => days,
            Some(_) => return Err(Error::Invalid(format!("days is 1 to {MAX_DAYS}"))),
            None => DEFAULT_DAYS,
        };
        let from = time("from", from)?.unwrap_or(to - days * DAY_MS);
        if from >= to || to - from > MAX_DAYS * DAY_MS {
            return Err(Error::Invalid(format!(
                "a report covers from a time to a later one, at most {MAX_DAYS} days"
            )));
        }
        Ok(Period { from, to })
    }
}

/// A time zone by its IANA name (`Europe/Berlin`), or a clear refusal.
pub fn time_zone(name: &str) -> Result<TimeZone> {
    TimeZone::get(name.trim()).map_err(|_| {
        Error::Invalid(format!(
            "`{name}` is not a time zone (write it as Europe/Berlin or UTC)"
        ))
    })
}

/// New conversations counted per hour since the epoch (`hour`, `count`),
/// as seven rows (Monday first) of 24 local hours in `zone`. Each hour
/// since the epoch is one local hour, whatever daylight saving does.
pub fn by_weekday_and_hour(hourly: &[(i64, i64)], zone: &TimeZone) -> Result<Vec<Vec<i64>>> {
    let mut counts = vec![vec![0; 24]; 7];
    for &(hour, count) in hourly {
        let local = Timestamp::from_millisecond(hour * HOUR_MS)
            .map_err(|e| Error::Internal(e.to_string()))?
            .to_zoned(zone.clone());
        let day = usize::try_from(local.weekday().to_monday_zero_offset()).unwrap_or(0);
        let at = usize::try_from(local.hour()).unwrap_or(0);
        if let Some(cell) = counts.get_mut(day).and_then(|row| row.get_mut(at)) {
            *cell += count;
        }
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hour_of(rfc3339: &str) -> i64 {
        parse_rfc3339(rfc3339).unwrap() / HOUR_MS
    }

    #[test]
    fn hours_are_read_in_the_time_zone_across_a_change_of_clocks() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        // Sunday 29 March 2026, 00:30 UTC is 01:30 in Berlin (winter time);
        // 01:30 UTC is 03:30 (summer time): the local 02:00 hour never was.
        let hourly = [
            (hour_of("2026-03-29T00:30:00Z"), 2),
            (hour_of("2026-03-29T01:30:00Z"), 3),
            // Monday 30 March, 07:15 UTC: 09:15 in Berlin.
            (hour_of("2026-03-30T07:15:00Z"), 5),
        ];
        let counts = by_weekday_and_hour(&hourly, &berlin).unwrap();
        assert_eq!((counts[6][1], counts[6][2], counts[6][3]), (2, 0, 3));
        assert_eq!(counts[0][9], 5);
        assert_eq!(counts.iter().flatten().sum::<i64>(), 10);
        let utc = by_weekday_and_hour(&hourly, &time_zone("UTC").unwrap()).unwrap();
        assert_eq!((utc[6][0], utc[6][1], utc[0][7]), (2, 3, 5));
        assert!(time_zone("Mars/Olympus").is_err());
    }

    #[test]
    fn a_period_is_a_span_of_at_most_a_year() {
        let p = Period::of(
            Some("2026-11-01T00:00:00Z"),
            Some("2026-11-02T00:00:00Z"),
            None,
        )
        .unwrap();
        assert_eq!(p.to - p.from, DAY_MS);
        let last_week = Period::of(None, Some("2026-11-08T00:00:00Z"), Some(7)).unwrap();
        assert_eq!(
            last_week.from,
            parse_rfc3339("2026-11-01T00:00:00Z").unwrap()
        );
        let now = Period::of(None, None, None).unwrap();
        assert_eq!(now.to - now.from, DEFAULT_DAYS * DAY_MS);
        assert!(now.to > now_ms() - 1_000);
        for bad in [
            Period::of(Some("yesterday"), None, None),
            Period::of(None, None, Some(0)),
            Period::of(None, None, Some(367)),
            Period::of(
                Some("2026-11-02T00:00:00Z"),
                Some("2026-11-01T00:00:00Z"),
                None,
            ),
            Period::of(
                Some("2024-01-01T00:00:00Z"),
                Some("2026-01-01T00:00:00Z"),
                None,
            ),
        ] {
            assert!(matches!(bad, Err(Error::Invalid(_))), "{bad:?}");
        }
    }
}
