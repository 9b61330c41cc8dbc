//! Whether a queue answers at a moment: its weekly openings read in its own
//! time zone (daylight-saving changes included, by the zone database), and
//! its holidays.

use crate::error::{Error, Result};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use switchboard_types::{Weekday, WorkingHours};

/// Working hours checked and ready to ask.
#[derive(Clone, Debug)]
pub struct Schedule {
    zone: TimeZone,
    openings: Vec<(Weekday, Time, Time)>,
    holidays: Vec<Date>,
}

impl Schedule {
    /// Checks what an admin entered: a known time zone, `HH:MM` times with
    /// the opening before the closing, `YYYY-MM-DD` holidays.
    pub fn new(hours: &WorkingHours) -> Result<Schedule> {
        let zone = TimeZone::get(hours.time_zone.trim()).map_err(|_| {
            Error::Invalid(format!(
                "`{}` is not a time zone (write one like Europe/Berlin or America/New_York)",
                hours.time_zone
            ))
        })?;
        let time = |text: &str| {
            text.trim().parse::<Time>().map_err(|_| {
                Error::Invalid(format!("`{text}` is not a time of day (write it as 09:00)"))
            })
        };
        let mut openings = Vec::with_capacity(hours.openings.len());
        for opening in &hours.openings {
            let (opens, closes) = (time(&opening.opens)?, time(&opening.closes)?);
            if opens >= closes {
                return Err(Error::Invalid(format!(
                    "on {} the opening time {} must come before the closing time {}",
                    opening.day.label(),
                    opening.opens,
                    opening.closes
                )));
            }
            openings.push((opening.day, opens, closes));
        }
        let holidays = hours
            .holidays
            .iter()
            .map(|day| {
                day.trim().parse::<Date>().map_err(|_| {
                    Error::Invalid(format!("`{day}` is not a date (write it as 2026-12-25)"))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Schedule {
            zone,
            openings,
            holidays,
        })
    }

    /// Whether the queue answers at `at_ms` (milliseconds since the epoch).
    pub fn is_open(&self, at_ms: i64) -> bool {
        let Ok(at) = Timestamp::from_millisecond(at_ms) else {
            return false;
        };
        let local = at.to_zoned(self.zone.clone());
        if self.holidays.contains(&local.date()) {
            return false;
        }
        let day = weekday(local.weekday());
        let now = local.time();
        self.openings
            .iter()
            .any(|&(d, opens, closes)| d == day && opens <= now && now < closes)
    }
    /// How much of the time from `from_ms` until `to_ms` the queue was
    /// open, in milliseconds: each day's openings in its own time zone
    /// (a day the clocks change is an hour shorter or longer), holidays
    /// left out. Spans of more than two years count their first two.
    pub fn open_ms_between(&self, from_ms: i64, to_ms: i64) -> i64 {
        const MAX_DAYS: usize = 732;
        let (Ok(from), Ok(to)) = (
            Timestamp::from_millisecond(from_ms),
            Timestamp::from_millisecond(to_ms),
        ) else {
            return 0;
        };
        if to <= from {
            return 0;
        }
        let last = to.to_zoned(self.zone.clone()).date();
        let mut day = from.to_zoned(self.zone.clone()).date();
        let mut open = 0;
        for _ in 0..MAX_DAYS {
            if !self.holidays.contains(&day) {
                let on = weekday(day.weekday());
                for &(_, opens, closes) in self.openings.iter().filter(|(d, ..)| *d == on) {
                    let at = |time: Time| {
                        day.to_datetime(time)
                            .to_zoned(self.zone.clone())
                            .map(|z| z.timestamp().as_millisecond())
                    };
                    if let (Ok(opens), Ok(closes)) = (at(opens), at(closes)) {
                        open += (closes.min(to_ms) - opens.max(from_ms)).max(0);
                    }
                }
            }
            match day.tomorrow() {
                Ok(next) if next <= last => day = next,
                _ => break,
            }
        }
        open
    }
}

fn weekday(day: jiff::civil::Weekday) -> Weekday {
    use jiff::civil::Weekday as W;
    match day {
        W::Monday => Weekday::Monday,
        W::Tuesday => Weekday::Tuesday,
        W::Wednesday => Weekday::Wednesday,
        W::Thursday => Weekday::Thursday,
        W::Friday => Weekday::Friday,
        W::Saturday => Weekday::Saturday,
        W::Sunday => Weekday::Sunday,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_types::Opening;

    fn weekdays(zone: &str, opens: &str, closes: &str) -> Schedule {
        let openings = Weekday::ALL[..5]
            .iter()
            .map(|&day| Opening {
                day,
                opens: opens.into(),
                closes: closes.into(),
            })
            .collect();
        Schedule::new(&WorkingHours {
            time_zone: zone.into(),
            openings,
            holidays: vec!["2026-12-25".into()],
        })
        .unwrap()
    }

    fn at(utc: &str) -> i64 {
        utc.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn opening_times_are_read_in_the_queues_time_zone() {
        let berlin = weekdays("Europe/Berlin", "09:00", "17:00");
        // Wednesday 2026-11-25, Berlin is UTC+1.
        assert!(!berlin.is_open(at("2026-11-25T07:59:00Z")));
        assert!(berlin.is_open(at("2026-11-25T08:00:00Z")));
        assert!(berlin.is_open(at("2026-11-25T15:59:00Z")));
        assert!(!berlin.is_open(at("2026-11-25T16:00:00Z")));
        let new_york = weekdays("America/New_York", "09:00", "17:00");
        // The same instant is 03:00 in New York.
        assert!(!new_york.is_open(at("2026-11-25T08:00:00Z")));
        assert!(new_york.is_open(at("2026-11-25T14:00:00Z")));
    }

    #[test]
    fn daylight_saving_changes_move_the_hours_in_utc() {
        let berlin = weekdays("Europe/Berlin", "09:00", "17:00");
        // Friday 2026-03-27: still winter time (UTC+1), 07:30 UTC is 08:30.
        assert!(!berlin.is_open(at("2026-03-27T07:30:00Z")));
        // Monday 2026-03-30: summer time (UTC+2), 07:30 UTC is 09:30.
        assert!(berlin.is_open(at("2026-03-30T07:30:00Z")));
        // And back in October: Monday 2026-10-26 is UTC+1 again.
        assert!(!berlin.is_open(at("2026-10-26T07:30:00Z")));
        assert!(berlin.is_open(at("2026-10-26T08:30:00Z")));
    }

    #[test]
    fn weekends_and_holidays_are_closed() {
        let berlin = weekdays("Europe/Berlin", "09:00", "17:00");
        // Saturday 2026-11-28 at noon.
        assert!(!berlin.is_open(at("2026-11-28T11:00:00Z")));
        // Friday 2026-12-25 at noon: a holiday.
        assert!(!berlin.is_open(at("2026-12-25T11:00:00Z")));
        assert!(berlin.is_open(at("2026-12-24T11:00:00Z")));
    }

    #[test]
    fn a_holiday_is_the_local_date_not_the_utc_one() {
        let tokyo = weekdays("Asia/Tokyo", "09:00", "17:00");
        // 2026-12-25 01:00 in Tokyo is still 2026-12-24 in UTC.
        let christmas_morning = at("2026-12-25T00:30:00Z"); // 09:30 local
        assert!(!tokyo.is_open(christmas_morning));
        assert!(tokyo.is_open(at("2026-12-24T00:30:00Z")));
    }

    #[test]
    fn bad_input_gets_a_clear_error() {
        let bad = |zone: &str, opens: &str, closes: &str, holiday: &str| {
            Schedule::new(&WorkingHours {
                time_zone: zone.into(),
                openings: vec![Opening {
                    day: Weekday::Monday,
                    opens: opens.into(),
                    closes: closes.into(),
                }],
                holidays: vec![holiday.into()],
            })
            .unwrap_err()
            .to_string()
        };
        assert!(bad("Mars/Olympus", "09:00", "17:00", "2026-12-25").contains("time zone"));
        assert!(bad("UTC", "9 o'clock", "17:00", "2026-12-25").contains("time of day"));
        assert!(bad("UTC", "17:00", "09:00", "2026-12-25").contains("before"));
        assert!(bad("UTC", "09:00", "17:00", "Christmas").contains("date"));
    }

    #[test]
    fn open_time_between_counts_working_hours_only() {
        let berlin = weekdays("Europe/Berlin", "09:00", "17:00");
        // Friday 16:00 to Monday 10:00 (Berlin, winter): an hour on Friday
        // and one on Monday.
        assert_eq!(
            berlin.open_ms_between(at("2026-11-27T15:00:00Z"), at("2026-11-30T09:00:00Z")),
            2 * 3_600_000
        );
        // A whole week: five days of eight hours.
        assert_eq!(
            berlin.open_ms_between(at("2026-11-30T00:00:00Z"), at("2026-12-07T00:00:00Z")),
            40 * 3_600_000
        );
        // Christmas (a holiday) on a Friday counts nothing.
        assert_eq!(
            berlin.open_ms_between(at("2026-12-25T00:00:00Z"), at("2026-12-26T00:00:00Z")),
            0
        );
        // Across the spring change of the clocks the opening hours stay
        // 09:00 to 17:00 local: Friday 27 March 16:00 (15:00 UTC) to
        // Monday 30 March 10:00 (08:00 UTC, summer time).
        assert_eq!(
            berlin.open_ms_between(at("2026-03-27T15:00:00Z"), at("2026-03-30T08:00:00Z")),
            2 * 3_600_000
        );
        // Closed all the way, and backwards, count nothing.
        assert_eq!(
            berlin.open_ms_between(at("2026-11-28T10:00:00Z"), at("2026-11-29T10:00:00Z")),
            0
        );
        assert_eq!(
            berlin.open_ms_between(at("2026-11-30T10:00:00Z"), at("2026-11-30T09:00:00Z")),
            0
        );
    }
}
