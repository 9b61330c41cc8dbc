pub mod inbox;
pub mod outgoing;
pub mod ticks;
pub mod widget;

/// `HH:MM` (UTC) of an RFC 3339 time, the same on the server and in the browser.
pub fn clock_time(rfc3339: &str) -> String {
    rfc3339.get(11..16).unwrap_or_default().to_string()
}
