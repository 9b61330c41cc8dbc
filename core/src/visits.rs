//! What a customer's browser says of them when the widget's loader runs on
//! the host page: their time zone (where they are, and their local time),
//! their language, and their browser, as agents read them in the record.

use crate::error::{Error, Result};

/// What a customer's browser said on their latest visit.
#[derive(Clone, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct LastVisit {
    pub time_zone: Option<String>,
    pub language: Option<String>,
    pub browser: Option<String>,
}

/// The longest language tag kept (`de-DE`, `zh-Hant-TW`).
pub const MAX_LANGUAGE_CHARS: usize = 35;

/// A time zone as browsers name it (`Europe/Berlin`), known to the
/// time-zone database.
pub fn time_zone(raw: &str) -> Result<String> {
    let name = raw.trim();
    match jiff::tz::TimeZone::get(name) {
        Ok(_) if !name.is_empty() && name.len() <= 64 => Ok(name.to_string()),
        _ => Err(Error::Invalid(format!(
            "`{name}` is not a time zone (like Europe/Berlin)"
        ))),
    }
}

/// A language tag (`de-DE`): letters, digits and `-`, 35 at most.
pub fn language(raw: &str) -> Result<String> {
    let tag = raw.trim();
    let fits = (2..=MAX_LANGUAGE_CHARS).contains(&tag.len())
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if fits {
        Ok(tag.to_string())
    } else {
        Err(Error::Invalid(format!(
            "`{tag}` is not a language tag (like de-DE)"
        )))
    }
}

/// A browser's user agent in words: "Chrome 131 on Windows 10" (none when
/// it says nothing a person would recognise).
pub fn browser(user_agent: &str) -> Option<String> {
    let found = woothee::parser::Parser::new().parse(user_agent)?;
    // People's browsers; not crawlers, libraries and the like.
    if found.name == "UNKNOWN" || !matches!(found.category, "pc" | "smartphone" | "mobilephone") {
        return None;
    }
    let major = found.version.split('.').next().unwrap_or_default();
    let name = match major {
        "" | "UNKNOWN" => found.name.to_string(),
        major => format!("{} {major}", found.name),
    };
    let version: &str = found.os_version.as_ref();
    Some(match found.os {
        "UNKNOWN" => name,
        // Windows names its version in the system's name ("Windows 10").
        os if version.is_empty() || version == "UNKNOWN" || os.starts_with("Windows") => {
            format!("{name} on {os}")
        }
        os => format!("{name} on {os} {version}"),
    })
}

/// Minutes east of UTC in `time_zone` at this moment (none for a zone
/// the database does not know).
pub fn utc_offset_minutes(time_zone: &str) -> Option<i32> {
    let zone = jiff::tz::TimeZone::get(time_zone).ok()?;
    Some(zone.to_offset(jiff::Timestamp::now()).seconds() / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_is_named_with_its_major_version_and_system() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.8078.73 Safari/537.36";
        assert_eq!(browser(chrome).as_deref(), Some("Chrome 156 on Linux"));
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(
            browser(firefox).as_deref(),
            Some("Firefox 133 on Windows 10")
        );
        assert_eq!(browser("curl/8.5.0"), None);
    }

    #[test]
    fn time_zones_and_languages_are_checked() {
        assert_eq!(time_zone(" Europe/Berlin ").unwrap(), "Europe/Berlin");
        assert!(time_zone("Mars/Olympus").is_err());
        assert!(time_zone("").is_err());
        assert_eq!(language("de-DE").unwrap(), "de-DE");
        assert!(language("<script>").is_err());
        assert!(utc_offset_minutes("Asia/Kolkata") == Some(330));
    }
}
