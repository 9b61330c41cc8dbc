//! The working-hours editor: "Answer at all hours", or a time zone, a row
//! per weekday and holidays; the form behind it, filled from and read back
//! into a queue's working hours.

use crate::components::text_field::TextField;
use leptos::prelude::*;
use switchboard_types::{Opening, Weekday, WorkingHours};

/// One weekday's row: open or not, from when to when (`HH:MM`).
#[derive(Clone, Copy)]
struct DayRow {
    day: Weekday,
    open: RwSignal<bool>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
}

/// Working hours as an admin edits them: a time zone, a row per weekday,
/// holidays, or at all hours.
#[derive(Clone, Copy)]
pub struct HoursForm {
    all_hours: RwSignal<bool>,
    time_zone: RwSignal<String>,
    holidays: RwSignal<String>,
    days: StoredValue<Vec<DayRow>>,
}

impl Default for HoursForm {
    fn default() -> Self {
        Self::new()
    }
}

impl HoursForm {
    pub fn new() -> Self {
        HoursForm {
            all_hours: RwSignal::new(true),
            time_zone: RwSignal::new(String::new()),
            holidays: RwSignal::new(String::new()),
            days: StoredValue::new(
                Weekday::ALL
                    .into_iter()
                    .map(|day| DayRow {
                        day,
                        open: RwSignal::new(false),
                        opens: RwSignal::new("09:00".into()),
                        closes: RwSignal::new("17:00".into()),
                    })
                    .collect(),
            ),
        }
    }

    /// Shows the hours as stored (none: at all hours).
    pub fn fill(self, hours: Option<&WorkingHours>) {
        self.all_hours.set(hours.is_none());
        self.time_zone
            .set(hours.map(|h| h.time_zone.clone()).unwrap_or_default());
        self.holidays
            .set(hours.map(|h| h.holidays.join(", ")).unwrap_or_default());
        for row in self.days.get_value() {
            // A day shows its first opening.
            let opening = hours.and_then(|h| h.openings.iter().find(|o| o.day == row.day));
            row.open.set(opening.is_some());
            if let Some(opening) = opening {
                row.opens.set(opening.opens.clone());
                row.closes.set(opening.closes.clone());
            }
        }
    }

    /// Whether the admin chose to answer at all hours.
    pub fn is_all_hours(self) -> bool {
        self.all_hours.get_untracked()
    }

    /// The hours as edited; none: at all hours.
    pub fn to_hours(self) -> Option<WorkingHours> {
        (!self.is_all_hours()).then(|| WorkingHours {
            time_zone: self.time_zone.get_untracked().trim().to_string(),
            openings: self
                .days
                .get_value()
                .into_iter()
                .filter(|row| row.open.get_untracked())
                .map(|row| Opening {
                    day: row.day,
                    opens: row.opens.get_untracked(),
                    closes: row.closes.get_untracked(),
                })
                .collect(),
            holidays: self
                .holidays
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|day| !day.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }
}

/// Working hours: "Answer at all hours", or a time zone, a row per weekday
/// and holidays. Test ids start with `test_prefix` (`widget-time-zone`);
/// the weekday rows' ids (`day-monday-open`) are the same everywhere.
#[component]
pub fn WorkingHoursEditor(hours: HoursForm, test_prefix: &'static str) -> impl IntoView {
    view! {
        <div class="working-hours-editor">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("{test_prefix}-all-hours")
                    prop:checked=move || hours.all_hours.get()
                    on:change=move |ev| hours.all_hours.set(event_target_checked(&ev))
                />
                "Answer at all hours"
            </label>
            <fieldset class="working-hours" disabled=move || hours.all_hours.get()>
                <TextField label="Time zone" test_id=format!("{test_prefix}-time-zone") placeholder="Europe/Berlin" value=hours.time_zone/>
                <div class="weekdays">
                    {hours
                        .days
                        .get_value()
                        .into_iter()
                        .map(|row| view! { <DayHours row/> })
                        .collect_view()}
                </div>
                <TextField label="Holidays (closed all day), separated by commas" test_id=format!("{test_prefix}-holidays") placeholder="2026-12-25, 2026-12-26" value=hours.holidays/>
            </fieldset>
        </div>
    }
}

/// A weekday: open or closed, and from when to when.
#[component]
fn DayHours(row: DayRow) -> impl IntoView {
    let key = row.day.label().to_lowercase();
    view! {
        <div class="weekday" data-testid=format!("day-{key}")>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid=format!("day-{key}-open")
                    prop:checked=move || row.open.get()
                    on:change=move |ev| row.open.set(event_target_checked(&ev))
                />
                {row.day.label()}
            </label>
            <input
                type="time"
                aria-label=format!("{} opens", row.day.label())
                data-testid=format!("day-{key}-opens")
                disabled=move || !row.open.get()
                bind:value=row.opens
            />
            <span class="muted">"to"</span>
            <input
                type="time"
                aria-label=format!("{} closes", row.day.label())
                data-testid=format!("day-{key}-closes")
                disabled=move || !row.open.get()
                bind:value=row.closes
            />
        </div>
    }
}
