//! Reports on the team's work: the overview of a period against the one
//! before, its figures by agent, queue or label (admins see everyone's,
//! agents their own), and when customers write in (admins). Customer
//! satisfaction's report is in `satisfaction.rs`.

use super::{admin_only, Switchboard};
use crate::clock::rfc3339;
use crate::error::{Error, Result};
use crate::reports::{self, By, Period};
use crate::store::ReportFilter;
use switchboard_types::{
    Agent, AgentLoad, AuthorKind, Availability, Breakdown, BreakdownRow, BusiestHours,
    BusiestHoursQuery, Figures, LiveBoard, Overview, ReportQuery, WEEKDAYS,
};

/// Whose work a report shows: the agent asked for (admins, or an agent
/// asking for their own), everyone's (admins), or the asking agent's own.
pub(super) fn whose_work(asking: &Agent, agent_id: Option<i64>) -> Result<Option<i64>> {
    match agent_id {
        Some(id) if id != asking.id && !asking.is_admin() => Err(Error::Forbidden(
            "only admins can see another agent's work".into(),
        )),
        Some(id) => Ok(Some(id)),
        None if asking.is_admin() => Ok(None),
        None => Ok(Some(asking.id)),
    }
}

impl Switchboard {
    /// The figures of a period, the same for the period just before it,
    /// and the chart of new conversations and resolves.
    pub async fn report_overview(&self, asking: &Agent, query: &ReportQuery) -> Result<Overview> {
        let (time_zone, zone) = self.report_time_zone(query.time_zone.as_deref()).await?;
        let (filter, period) = report_filter(asking, query, &zone)?;
        let length = period.to - period.from;
        let before = ReportFilter {
            from: period.from - length,
            to: period.from,
            ..filter
        };
        let (now, then) = tokio::try_join!(
            self.store.report_samples(filter, By::Team),
            self.store.report_samples(before, By::Team),
        )?;
        let (new, resolved) = now.hourly();
        let (step, chart) = reports::chart(period, &zone, &new, &resolved)?;
        Ok(Overview {
            from: rfc3339(period.from),
            to: rfc3339(period.to),
            time_zone,
            business_hours: query.business_hours,
            figures: now.total(query.business_hours),
            previous: then.total(query.business_hours),
            step: step.into(),
            chart,
        })
    }

    /// A period's figures by agent, queue or label: a row for each
    /// (agents who have left only when they have figures), and one for no
    /// queue or nobody when there is work without.
    pub async fn report_breakdown(&self, asking: &Agent, query: &ReportQuery) -> Result<Breakdown> {
        let by = By::table(query.by.as_deref())?;
        let (_, zone) = self.report_time_zone(query.time_zone.as_deref()).await?;
        let (filter, period) = report_filter(asking, query, &zone)?;
        let samples = self.store.report_samples(filter, by).await?;
        let mut figures = samples.figures(query.business_hours);
        // Every row the table can have, by name.
        let mut named: Vec<(Option<i64>, String, bool)> = match by {
            By::Agent => (self.store.team().await?.into_iter())
                .filter(|(row, _)| filter.agent_id.is_none_or(|id| id == row.id))
                .map(|(row, _)| (Some(row.id), row.name, row.active))
                .collect(),
            By::Queue => (self.store.queues().await?.into_iter())
                .filter(|q| filter.queue_id.is_none_or(|id| id == q.id))
                .map(|q| (Some(q.id), q.name, true))
                .collect(),
            By::Label | By::Team => (self.store.labels().await?.into_iter())
                .filter(|l| filter.label_id.is_none_or(|id| id == l.id))
                .map(|l| (Some(l.id), l.name, true))
                .collect(),
        };
        named.sort_by_key(|(_, name, _)| name.to_lowercase());
        let mut rows: Vec<BreakdownRow> = named
            .into_iter()
            .filter_map(|(id, name, current)| {
                let found = figures.remove(&id);
                (current || found.is_some()).then(|| BreakdownRow {
                    id,
                    name,
                    figures: found.unwrap_or_default(),
                })
            })
            .collect();
        // Work of no queue, of nobody, or of what no longer exists.
        rows.extend(figures.into_iter().map(|(id, figures)| BreakdownRow {
            id,
            name: match (id, by) {
                (None, By::Queue) => "No queue".into(),
                (None, _) => "Unassigned".into(),
                (Some(id), _) => format!("#{id} (removed)"),
            },
            figures,
        }));
        Ok(Breakdown {
            from: rfc3339(period.from),
            to: rfc3339(period.to),
            by: by.word().into(),
            business_hours: query.business_hours,
            rows,
        })
    }

    /// The team right now (admins): who waits in Pending and for how
    /// long, and each active agent's conversations against their capacity,
    /// online first.
    pub async fn live_board(&self, asking: &Agent) -> Result<LiveBoard> {
        admin_only(asking, "see the live board")?;
        let (waiting, team) = tokio::try_join!(self.store.waiting(), self.store.team())?;
        let online = self.online();
        let mut agents: Vec<AgentLoad> = team
            .into_iter()
            .filter(|(row, _)| row.active)
            .map(|(row, capacity)| {
                let holding = (waiting.holding.iter())
                    .find(|(id, _)| *id == row.id)
                    .map_or(0, |(_, n)| *n);
                let online = online
                    .iter()
                    .any(|p| p.kind == AuthorKind::Agent && p.id == row.id && p.online);
                let agent = row.into_agent();
                AgentLoad {
                    id: agent.id,
                    name: agent.name,
                    online: online && agent.availability == Availability::Online,
                    availability: agent.availability,
                    holding,
                    capacity,
                }
            })
            .collect();
        agents.sort_by(|a, b| b.online.cmp(&a.online).then_with(|| a.name.cmp(&b.name)));
        Ok(LiveBoard {
            waiting: waiting.pending,
            waiting_since: waiting.since.map(rfc3339),
            agents,
        })
    }

    /// Writes conversations that happened before (the demo's past weeks).
    pub(crate) async fn insert_past_conversations(
        &self,
        past: &[crate::store::PastConversation],
    ) -> Result<()> {
        self.store.insert_past_conversations(past).await
    }

    /// The overview as a CSV file: each figure in this period and the one
    /// before (times in seconds).
    pub async fn report_overview_csv(&self, asking: &Agent, query: &ReportQuery) -> Result<String> {
        let overview = self.report_overview(asking, query).await?;
        let rows = figure_cells(&overview.figures)
            .into_iter()
            .zip(figure_cells(&overview.previous))
            .map(|((name, now), (_, then))| [name.to_string(), now, then]);
        reports::csv_table(&["figure", "this_period", "previous_period"], rows)
    }

    /// The overview's chart as a CSV file: each hour or day.
    pub async fn report_chart_csv(&self, asking: &Agent, query: &ReportQuery) -> Result<String> {
        let overview = self.report_overview(asking, query).await?;
        let rows = overview.chart.into_iter().map(|p| {
            [
                p.at,
                p.label,
                p.new_conversations.to_string(),
                p.resolved.to_string(),
            ]
        });
        reports::csv_table(&["from", "step", "new", "resolved"], rows)
    }

    /// A table by agent, queue or label as a CSV file (times in seconds).
    pub async fn report_breakdown_csv(
        &self,
        asking: &Agent,
        query: &ReportQuery,
    ) -> Result<String> {
        let table = self.report_breakdown(asking, query).await?;
        let mut header = vec![table.by.as_str()];
        header.extend(FIGURE_COLUMNS);
        let rows = table.rows.into_iter().map(|row| {
            std::iter::once(row.name)
                .chain(figure_cells(&row.figures).into_iter().map(|(_, cell)| cell))
                .collect::<Vec<_>>()
        });
        reports::csv_table(&header, rows)
    }

    /// The busiest hours as a CSV file: a row per weekday, a column per
    /// hour.
    pub async fn busiest_hours_csv(
        &self,
        asking: &Agent,
        query: &BusiestHoursQuery,
    ) -> Result<String> {
        let hours = self.busiest_hours(asking, query).await?;
        let mut header = vec!["weekday".to_string()];
        header.extend((0..24).map(|h| format!("{h:02}:00")));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows = WEEKDAYS.iter().zip(hours.counts).map(|(day, counts)| {
            std::iter::once(day.to_string())
                .chain(counts.into_iter().map(|c| c.to_string()))
                .collect::<Vec<_>>()
        });
        reports::csv_table(&header, rows)
    }

    /// A report's time zone: the one asked for, else the widget queue's
    /// working hours', else UTC.
    async fn report_time_zone(&self, asked: Option<&str>) -> Result<(String, jiff::tz::TimeZone)> {
        let name = match asked.filter(|z| !z.trim().is_empty()) {
            Some(name) => name.trim().to_string(),
            None => self
                .widget_working_hours()
                .await?
                .map_or_else(|| "UTC".to_string(), |hours| hours.time_zone),
        };
        let zone = reports::time_zone(&name)?;
        Ok((name, zone))
    }

    /// New conversations of a period by weekday and hour, in the time zone
    /// asked for, else the widget queue's working hours', else UTC.
    pub async fn busiest_hours(
        &self,
        asking: &Agent,
        query: &BusiestHoursQuery,
    ) -> Result<BusiestHours> {
        admin_only(asking, "see when customers write in")?;
        let (name, zone) = self.report_time_zone(query.time_zone.as_deref()).await?;
        let period = Period::in_zone(
            query.from.as_deref(),
            query.to.as_deref(),
            query.days,
            &zone,
        )?;
        let hourly = self
            .store
            .conversations_by_hour(ReportFilter {
                from: period.from,
                to: period.to,
                agent_id: None,
                queue_id: query.queue_id,
                label_id: None,
            })
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

/// What a report's query narrows to, for who asks.
fn report_filter(
    asking: &Agent,
    query: &ReportQuery,
    zone: &jiff::tz::TimeZone,
) -> Result<(ReportFilter, Period)> {
    let period = Period::in_zone(query.from.as_deref(), query.to.as_deref(), query.days, zone)?;
    let filter = ReportFilter {
        from: period.from,
        to: period.to,
        agent_id: whose_work(asking, query.agent_id)?,
        queue_id: query.queue_id,
        label_id: query.label_id,
    };
    Ok((filter, period))
}

/// The columns of the figures in a CSV file, in the order of
/// [`figure_cells`].
const FIGURE_COLUMNS: [&str; 10] = [
    "new",
    "resolved",
    "reopened",
    "first_response_median_s",
    "first_response_p90_s",
    "resolution_median_s",
    "resolution_p90_s",
    "rated",
    "satisfaction",
    "response_rate_percent",
];

/// Each figure by its column's name, as a CSV cell (times in seconds).
fn figure_cells(f: &Figures) -> Vec<(&'static str, String)> {
    let seconds = |ms: Option<i64>| ms.map(|ms| (ms / 1000).to_string()).unwrap_or_default();
    let decimal = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let cells = [
        f.new_conversations.to_string(),
        f.resolved.to_string(),
        f.reopened.to_string(),
        seconds(f.first_response.median_ms),
        seconds(f.first_response.p90_ms),
        seconds(f.resolution.median_ms),
        seconds(f.resolution.p90_ms),
        f.rated.to_string(),
        decimal(f.satisfaction),
        decimal(f.response_rate),
    ];
    FIGURE_COLUMNS.into_iter().zip(cells).collect()
}

#[cfg(feature = "testing")]
impl Switchboard {
    /// The reports' summary as stored, and as a recomputation from the
    /// whole history says it should be.
    #[allow(clippy::type_complexity)]
    pub async fn report_summary_and_recomputation(
        &self,
    ) -> Result<(
        (
            Vec<crate::store::rows::FirstResponseRow>,
            Vec<crate::store::rows::ResolutionRow>,
        ),
        (
            Vec<crate::store::rows::FirstResponseRow>,
            Vec<crate::store::rows::ResolutionRow>,
        ),
    )> {
        Ok(tokio::try_join!(
            self.store.report_summary(),
            self.store.recomputed_report_summary()
        )?)
    }
}
