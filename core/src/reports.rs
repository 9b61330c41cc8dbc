//! The rules reports share: the period a report covers, how a
//! conversation's history becomes its first response and resolutions (the
//! summary the store keeps), how samples become figures (median and 90th
//! percentile), and how hours become weekdays, days and hours in a time
//! zone.

use crate::clock::{now_ms, parse_rfc3339, rfc3339};
use crate::error::{Error, Result};
use crate::store::rows::{FirstResponseRow, HistoryRow, ResolutionRow};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::collections::BTreeMap;
use switchboard_types::{Durations, EventType, Figures, ReportPoint};

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
        Period::in_zone(from, to, days, &TimeZone::UTC)
    }

    /// As [`Period::of`], where `from` and `to` may also be dates
    /// (`2026-11-30`), read in `zone`: from the start of the first day to
    /// the end of the last.
    pub fn in_zone(
        from: Option<&str>,
        to: Option<&str>,
        days: Option<i64>,
        zone: &TimeZone,
    ) -> Result<Period> {
        let time = |field: &str, given: Option<&str>, after: i64| -> Result<Option<i64>> {
            let Some(text) = given.map(str::trim).filter(|t| !t.is_empty()) else {
                return Ok(None);
            };
            if let Some(ms) = parse_rfc3339(text) {
                return Ok(Some(ms));
            }
            let day = text
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|d| d.checked_add(jiff::Span::new().days(after)).ok())
                .and_then(|d| d.to_zoned(zone.clone()).ok())
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "{field} must be a date such as 2026-11-01 or a time such as 2026-11-01T00:00:00Z"
                    ))
                })?;
            Ok(Some(day.timestamp().as_millisecond()))
        };
        let to = time("to", to, 1)?.unwrap_or_else(|| now_ms() + 1);
        let days = match days {
            Some(days @ 1..=MAX_DAYS) => days,
            Some(_) => return Err(Error::Invalid(format!("days is 1 to {MAX_DAYS}"))),
            None => DEFAULT_DAYS,
        };
        let from = time("from", from, 0)?.unwrap_or(to - days * DAY_MS);
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

/// What a table's rows are: the whole team (the overview), or one row per
/// agent, queue or label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    Team,
    Agent,
    Queue,
    Label,
}

impl By {
    /// A table's rows as a query names them (`agent`, `queue`, `label`).
    pub fn table(word: Option<&str>) -> Result<By> {
        match word.map(str::trim) {
            Some("agent") | None => Ok(By::Agent),
            Some("queue") => Ok(By::Queue),
            Some("label") => Ok(By::Label),
            Some(other) => Err(Error::Invalid(format!(
                "by is agent, queue or label, not `{other}`"
            ))),
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            By::Team => "team",
            By::Agent => "agent",
            By::Queue => "queue",
            By::Label => "label",
        }
    }
}

/// What a conversation's history says for the reports: its first
/// response, and each resolve with the interval it ends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub first_response: Option<FirstResponseRow>,
    pub resolutions: Vec<ResolutionRow>,
}

/// Reads conversation `number`'s history (in its order) as the reports
/// define it. First response: the customer's first message to the first
/// public reply of an agent after it (notes and events do not count).
/// Resolution: from the start (of the conversation, or of one merged into
/// it that began later), or the last reopen, to each resolve; an
/// undone resolve is taken back and its interval goes on. Each is counted
/// for the queue the conversation was in then (`queue_now` unless a
/// transfer moved it) and `open_ms(queue, from, to)` measures the working
/// hours' part.
pub fn summarise(
    number: i64,
    queue_now: Option<i64>,
    history: &[HistoryRow],
    open_ms: impl Fn(Option<i64>, i64, i64) -> i64,
) -> Summary {
    let moves: Vec<(Option<i64>, i64)> = history
        .iter()
        .filter(|e| e.event_type.as_deref() == Some(EventType::Transferred.as_str()))
        .filter_map(|e| {
            let data: serde_json::Value = serde_json::from_str(e.data.as_deref()?).ok()?;
            let to = data.get("to_queue")?.get("id")?.as_i64()?;
            Some((data.get("from_queue_id").and_then(|q| q.as_i64()), to))
        })
        .collect();
    let mut queue = moves.first().map_or(queue_now, |(from, _)| *from);
    let mut summary = Summary::default();
    let (mut asked_at, mut started_at) = (None, None);
    for entry in history {
        let at = entry.created_at;
        if entry.kind == "m" {
            match (entry.author_kind.as_deref(), entry.private) {
                (Some("contact"), _) => {
                    asked_at.get_or_insert(at);
                }
                (Some("agent"), Some(false)) => {
                    if let (Some(asked), None) = (asked_at, &summary.first_response) {
                        summary.first_response = Some(FirstResponseRow {
                            conversation_number: number,
                            queue_id: queue,
                            agent_id: entry.agent_id,
                            asked_at: asked,
                            answered_at: at,
                            business_ms: open_ms(queue, asked, at),
                        });
                    }
                }
                _ => {}
            }
            continue;
        }
        let Some(kind) = entry
            .event_type
            .as_deref()
            .and_then(|t| t.parse::<EventType>().ok())
        else {
            continue;
        };
        let data = || -> serde_json::Value {
            entry
                .data
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or_default()
        };
        match kind {
            // A customer has one open conversation at a time, so in a
            // merged history each conversation's creation starts its own
            // interval, as a reopen does.
            EventType::Created => started_at = Some(at),
            EventType::Transferred => {
                if let Some(to) = data()
                    .get("to_queue")
                    .and_then(|q| q.get("id"))
                    .and_then(|id| id.as_i64())
                {
                    queue = Some(to);
                }
            }
            EventType::Resolved => {
                let from = started_at.unwrap_or(at);
                summary.resolutions.push(ResolutionRow {
                    conversation_number: number,
                    queue_id: queue,
                    agent_id: entry.agent_id,
                    started_at: from,
                    resolved_at: at,
                    business_ms: open_ms(queue, from, at),
                });
            }
            EventType::Reopened if is_undo(&data()) => {
                summary.resolutions.pop();
            }
            EventType::Reopened => started_at = Some(at),
            _ => {}
        }
    }
    summary
}

/// How long from `from` to `to` counts within working hours: all of it
/// without a schedule.
pub fn working_ms(schedule: Option<&crate::working_hours::Schedule>, from: i64, to: i64) -> i64 {
    schedule.map_or((to - from).max(0), |s| s.open_ms_between(from, to))
}

/// Whether a reopen's event data says it undid a resolve.
pub fn is_undo(data: &serde_json::Value) -> bool {
    data.get("undone").and_then(|u| u.as_bool()) == Some(true)
}

/// The middle and the 90th percentile of `samples` (nearest rank).
pub fn durations(mut samples: Vec<i64>) -> Durations {
    samples.sort_unstable();
    let rank = |percent: usize| {
        let n = samples.len();
        (n > 0).then(|| samples[(n * percent).div_ceil(100).clamp(1, n) - 1])
    };
    Durations {
        count: samples.len() as i64,
        median_ms: rank(50),
        p90_ms: rank(90),
    }
}

/// Counts per hour since the epoch: `(hour, count)`.
pub type Hourly = Vec<(i64, i64)>;

/// What the store reads for a period's figures, each row keyed by agent,
/// queue or label (none: the whole team, or no queue, or nobody), with
/// every sample of that key (in no particular order).
#[derive(Clone, Debug, Default)]
pub struct Samples {
    /// New conversations: key, the hour since the epoch each began.
    pub new: Vec<(Option<i64>, Vec<i64>)>,
    /// Reopens: key, count.
    pub reopened: Vec<(Option<i64>, i64)>,
    /// First responses: key, how long each took, and within working hours.
    pub first_responses: Vec<(Option<i64>, Intervals)>,
    /// Resolutions: key, the hour since the epoch of each, how long each
    /// took, and within working hours.
    pub resolutions: Vec<(Option<i64>, Vec<i64>, Intervals)>,
    /// Ratings: key, how many, the sum of their scores.
    pub ratings: Vec<(Option<i64>, i64, i64)>,
}

/// How long each of a key's first responses or resolutions took, in
/// milliseconds: all of it, and within working hours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Intervals {
    pub all_ms: Vec<i64>,
    pub business_ms: Vec<i64>,
}

impl Intervals {
    fn pick(&self, business_hours: bool) -> &[i64] {
        if business_hours {
            &self.business_ms
        } else {
            &self.all_ms
        }
    }
}

impl Samples {
    /// The figures of each key that has any.
    pub fn figures(&self, business_hours: bool) -> BTreeMap<Option<i64>, Figures> {
        self.gathered(business_hours, |key| key)
    }

    /// The whole team's figures (every key together).
    pub fn total(&self, business_hours: bool) -> Figures {
        self.gathered(business_hours, |_| None)
            .remove(&None)
            .unwrap_or_default()
    }

    /// The figures of each key as `key` maps the store's keys.
    fn gathered(
        &self,
        business_hours: bool,
        key: impl Fn(Option<i64>) -> Option<i64>,
    ) -> BTreeMap<Option<i64>, Figures> {
        #[derive(Default)]
        struct Gathered {
            figures: Figures,
            responses: Vec<i64>,
            resolutions: Vec<i64>,
            score_sum: i64,
        }
        let mut by_key: BTreeMap<Option<i64>, Gathered> = BTreeMap::new();
        for (of, hours) in &self.new {
            by_key
                .entry(key(*of))
                .or_default()
                .figures
                .new_conversations += hours.len() as i64;
        }
        for &(of, count) in &self.reopened {
            by_key.entry(key(of)).or_default().figures.reopened += count;
        }
        for (of, intervals) in &self.first_responses {
            (by_key.entry(key(*of)).or_default().responses)
                .extend_from_slice(intervals.pick(business_hours));
        }
        for (of, _, intervals) in &self.resolutions {
            let row = by_key.entry(key(*of)).or_default();
            let taken = intervals.pick(business_hours);
            row.figures.resolved += taken.len() as i64;
            row.resolutions.extend_from_slice(taken);
        }
        for &(of, count, sum) in &self.ratings {
            let row = by_key.entry(key(of)).or_default();
            row.figures.rated += count;
            row.score_sum += sum;
        }
        by_key
            .into_iter()
            .map(|(key, gathered)| {
                let mut figures = gathered.figures;
                figures.first_response = durations(gathered.responses);
                figures.resolution = durations(gathered.resolutions);
                figures.satisfaction = (figures.rated > 0).then(|| {
                    (gathered.score_sum as f64 / figures.rated as f64 * 100.0).round() / 100.0
                });
                figures.response_rate = (figures.resolved > 0).then(|| {
                    (figures.rated as f64 * 1000.0 / figures.resolved as f64).round() / 10.0
                });
                (key, figures)
            })
            .collect()
    }

    /// New conversations and resolves per hour since the epoch: `(hour,
    /// count)` each.
    pub fn hourly(&self) -> (Hourly, Hourly) {
        let per_hour = |hours: &mut dyn Iterator<Item = &i64>| {
            let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
            for &hour in hours {
                *counts.entry(hour).or_default() += 1;
            }
            counts.into_iter().collect()
        };
        (
            per_hour(&mut self.new.iter().flat_map(|(_, hours)| hours)),
            per_hour(&mut self.resolutions.iter().flat_map(|(_, hours, _)| hours)),
        )
    }
}

/// What the live board reads from the store: conversations in Pending,
/// since when the longest-waiting one waits, and what each agent holds.
#[derive(Clone, Debug, Default)]
pub struct Waiting {
    pub pending: i64,
    pub since: Option<i64>,
    /// `(agent, conversations held)`.
    pub holding: Vec<(i64, i64)>,
}

/// The longest period whose chart goes by the hour.
pub const HOURLY_CHART_MS: i64 = 2 * DAY_MS;

/// The overview's chart: new conversations and resolves per hour (for two
/// days or less) or per day, in `zone`, every step of the period present.
pub fn chart(
    period: Period,
    zone: &TimeZone,
    new: &[(i64, i64)],
    resolved: &[(i64, i64)],
) -> Result<(&'static str, Vec<ReportPoint>)> {
    let hourly = period.to - period.from <= HOURLY_CHART_MS;
    let zoned = |ms: i64| -> Result<jiff::Zoned> {
        Ok(Timestamp::from_millisecond(ms)
            .map_err(|e| Error::Internal(e.to_string()))?
            .to_zoned(zone.clone()))
    };
    // Where each step starts: the local hour or the local midnight.
    let step_of = |ms: i64| -> Result<i64> {
        let at = zoned(ms)?;
        let start = if hourly {
            at.start_of_day()
                .map_err(|e| Error::Internal(e.to_string()))?
                .checked_add(jiff::SignedDuration::from_hours(i64::from(at.hour())))
                .map_err(|e| Error::Internal(e.to_string()))?
        } else {
            at.start_of_day()
                .map_err(|e| Error::Internal(e.to_string()))?
        };
        Ok(start.timestamp().as_millisecond().max(period.from))
    };
    let mut steps: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    let mut at = period.from;
    while at < period.to {
        let step = step_of(at)?;
        steps.entry(step).or_default();
        let next = if hourly {
            at - at.rem_euclid(HOUR_MS) + HOUR_MS
        } else {
            let day = zoned(at)?
                .date()
                .tomorrow()
                .map_err(|e| Error::Internal(e.to_string()))?;
            day.to_zoned(zone.clone())
                .map_err(|e| Error::Internal(e.to_string()))?
                .timestamp()
                .as_millisecond()
        };
        at = next.max(at + 1);
    }
    for &(hour, count) in new {
        if let Some(step) = steps.get_mut(&step_of((hour * HOUR_MS).max(period.from))?) {
            step.0 += count;
        }
    }
    for &(hour, count) in resolved {
        if let Some(step) = steps.get_mut(&step_of((hour * HOUR_MS).max(period.from))?) {
            step.1 += count;
        }
    }
    let points = steps
        .into_iter()
        .map(|(at, (new_conversations, resolved))| {
            let local = zoned(at)?;
            let label = if hourly {
                local.strftime("%a %H:00").to_string()
            } else {
                local.strftime("%a %-d %b").to_string()
            };
            Ok(ReportPoint {
                at: rfc3339(at),
                label,
                new_conversations,
                resolved,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((if hourly { "hour" } else { "day" }, points))
}

/// A table as a CSV file; a cell a spreadsheet would run as a formula is
/// written behind a `'`.
pub fn csv_table<R>(header: &[&str], rows: impl IntoIterator<Item = R>) -> Result<String>
where
    R: IntoIterator<Item = String>,
{
    use crate::contact_import::{cell, written};
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(written)?;
    for row in rows {
        out.write_record(row.into_iter().map(|c| cell(&c)))
            .map_err(written)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| Error::Internal(format!("writing the CSV file failed: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Internal(e.to_string()))
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
        // Dates read in a zone: the whole of each day.
        let berlin = time_zone("Europe/Berlin").unwrap();
        let november =
            Period::in_zone(Some("2026-11-01"), Some("2026-11-30"), None, &berlin).unwrap();
        assert_eq!(
            november.from,
            parse_rfc3339("2026-10-31T23:00:00Z").unwrap()
        );
        assert_eq!(november.to, parse_rfc3339("2026-11-30T23:00:00Z").unwrap());
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

    fn message(at: &str, author: &str, private: bool, agent: Option<i64>) -> HistoryRow {
        HistoryRow {
            conversation_number: 7,
            kind: "m".into(),
            seq: 0,
            created_at: parse_rfc3339(at).unwrap(),
            author_kind: Some(author.into()),
            private: Some(private),
            agent_id: agent,
            event_type: None,
            data: None,
        }
    }

    fn event(at: &str, kind: EventType, agent: Option<i64>, data: &str) -> HistoryRow {
        HistoryRow {
            conversation_number: 7,
            kind: "e".into(),
            seq: 0,
            created_at: parse_rfc3339(at).unwrap(),
            author_kind: None,
            private: None,
            agent_id: agent,
            event_type: Some(kind.as_str().into()),
            data: Some(data.into()),
        }
    }

    #[test]
    fn a_history_gives_its_first_response_and_resolutions() {
        use crate::working_hours::Schedule;
        use switchboard_types::{Opening, Weekday, WorkingHours};
        // Queue 2 answers weekdays 09:00 to 17:00 in Berlin.
        let berlin = Schedule::new(&WorkingHours {
            time_zone: "Europe/Berlin".into(),
            openings: Weekday::ALL[..5]
                .iter()
                .map(|&day| Opening {
                    day,
                    opens: "09:00".into(),
                    closes: "17:00".into(),
                })
                .collect(),
            holidays: vec![],
        })
        .unwrap();
        let open_ms = |queue: Option<i64>, from, to| {
            working_ms((queue == Some(2)).then_some(&berlin), from, to)
        };
        let history = [
            // Friday 27 March 2026, 15:00 UTC (16:00 in Berlin).
            event("2026-03-27T15:00:00Z", EventType::Created, None, "{}"),
            message("2026-03-27T15:00:00Z", "contact", false, None),
            // Automation and a note do not answer.
            event("2026-03-27T15:01:00Z", EventType::Assigned, None, "{}"),
            message("2026-03-27T15:05:00Z", "agent", true, Some(1)),
            // Moved from queue 1 to queue 2 (with working hours).
            event(
                "2026-03-27T15:10:00Z",
                EventType::Transferred,
                Some(1),
                r#"{"to_agent":null,"to_queue":{"id":2,"name":"Berlin"},"from_queue_id":1}"#,
            ),
            // Monday 30 March 08:00 UTC: 10:00 in Berlin, summer time.
            message("2026-03-30T08:00:00Z", "agent", false, Some(3)),
            message("2026-03-30T08:05:00Z", "contact", false, None),
            event("2026-03-30T08:30:00Z", EventType::Resolved, Some(3), "{}"),
            // Reopened at 09:00 UTC and resolved at 10:00: a new interval.
            event("2026-03-30T09:00:00Z", EventType::Reopened, Some(1), "{}"),
            event("2026-03-30T10:00:00Z", EventType::Resolved, Some(1), "{}"),
            // Undone: that resolve did not happen; the interval goes on.
            event(
                "2026-03-30T10:01:00Z",
                EventType::Reopened,
                Some(1),
                r#"{"undone":true}"#,
            ),
            event("2026-03-30T11:00:00Z", EventType::Resolved, Some(1), "{}"),
        ];
        let summary = summarise(7, Some(2), &history, open_ms);
        let response = summary.first_response.unwrap();
        assert_eq!((response.agent_id, response.queue_id), (Some(3), Some(2)));
        // 65 hours in all; within working hours, Friday 16:00–17:00 and
        // Monday 09:00–10:00 in Berlin.
        assert_eq!(response.answered_at - response.asked_at, 65 * HOUR_MS);
        assert_eq!(response.business_ms, 2 * HOUR_MS);
        let spans: Vec<_> = summary
            .resolutions
            .iter()
            .map(|r| {
                (
                    r.agent_id,
                    r.queue_id,
                    r.resolved_at - r.started_at,
                    r.business_ms,
                )
            })
            .collect();
        assert_eq!(
            spans,
            [
                // Created Friday 16:00 to Monday 10:30 (Berlin).
                (
                    Some(3),
                    Some(2),
                    65 * HOUR_MS + 30 * 60_000,
                    2 * HOUR_MS + 30 * 60_000
                ),
                // Reopened 11:00 to resolved 13:00 (the undone 12:00 taken back).
                (Some(1), Some(2), 2 * HOUR_MS, 2 * HOUR_MS),
            ]
        );
        // A note alone is no response.
        let early = summarise(7, Some(2), &history[..4], open_ms);
        assert!(early.first_response.is_none() && early.resolutions.is_empty());
    }

    #[test]
    fn a_merged_history_starts_each_interval_at_its_own_conversation() {
        // #1 was resolved; the customer wrote again (#2), and #2 was merged
        // into #1: the second resolve counts from #2's start, as it did
        // before the merge.
        let history = [
            event("2026-03-30T08:00:00Z", EventType::Created, None, "{}"),
            event("2026-03-30T08:30:00Z", EventType::Resolved, Some(1), "{}"),
            event("2026-03-30T09:00:00Z", EventType::Created, None, "{}"),
            event("2026-03-30T09:10:00Z", EventType::Merged, Some(1), "{}"),
            event("2026-03-30T10:00:00Z", EventType::Resolved, Some(1), "{}"),
        ];
        let spans: Vec<_> = summarise(1, None, &history, |_, from, to| to - from)
            .resolutions
            .iter()
            .map(|r| r.resolved_at - r.started_at)
            .collect();
        assert_eq!(spans, [30 * 60_000, HOUR_MS]);
    }

    #[test]
    fn durations_are_the_median_and_90th_percentile_by_nearest_rank() {
        let d = durations(vec![5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
        assert_eq!((d.count, d.median_ms, d.p90_ms), (10, Some(5), Some(9)));
        assert_eq!(durations(vec![42]).p90_ms, Some(42));
        assert_eq!(durations(vec![]), Durations::default());
    }

    #[test]
    fn the_chart_steps_by_local_day_or_hour() {
        let berlin = time_zone("Europe/Berlin").unwrap();
        let week = Period::of(None, Some("2026-11-30T23:00:00Z"), Some(7)).unwrap();
        // 23:30 UTC on Sunday 29 November is 00:30 on Monday in Berlin.
        let hour = parse_rfc3339("2026-11-29T23:30:00Z").unwrap() / HOUR_MS;
        let (step, points) = chart(week, &berlin, &[(hour, 3)], &[(hour, 1)]).unwrap();
        assert_eq!((step, points.len()), ("day", 7));
        let monday = points.iter().find(|p| p.new_conversations == 3).unwrap();
        assert_eq!((monday.label.as_str(), monday.resolved), ("Mon 30 Nov", 1));
        let day = Period::of(None, Some("2026-11-30T12:00:00Z"), Some(1)).unwrap();
        let (step, points) = chart(day, &berlin, &[], &[]).unwrap();
        assert_eq!((step, points.len()), ("hour", 24));
    }
}
