//! The rules of labels: what a name and a colour may be, who defines
//! labels, and how a search names them (`label:billing`).

use crate::error::{Error, Result};
use switchboard_types::Agent;

/// The longest label name.
pub const MAX_NAME_CHARS: usize = 32;

/// The most labels a list or a search is narrowed to at once.
pub const MAX_FILTER: usize = 10;

pub use switchboard_types::DEFAULT_LABEL_COLOUR as DEFAULT_COLOUR;

/// Checks a name as typed ("Billing " is `billing`): 1 to 32 letters,
/// digits, `-` or `_`, kept in lower case so `label:billing` finds it
/// however it was written.
pub fn name(raw: &str) -> Result<String> {
    let name = raw.trim().to_lowercase();
    let fits = (1..=MAX_NAME_CHARS).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !fits {
        return Err(Error::Invalid(format!(
            "a label is 1 to {MAX_NAME_CHARS} letters, digits, '-' or '_' (no spaces or commas)"
        )));
    }
    Ok(name)
}

/// Checks a colour: `#rrggbb` (kept in lower case).
pub fn colour(raw: &str) -> Result<String> {
    let colour = raw.trim().to_lowercase();
    let fits = colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !fits {
        return Err(Error::Invalid(format!(
            "a label's colour is written #rrggbb, like {DEFAULT_COLOUR}"
        )));
    }
    Ok(colour)
}

/// Admins define, rename, recolour and remove labels; every agent puts
/// them on conversations and takes them off.
pub fn may_define(asking: &Agent) -> Result<()> {
    if asking.is_admin() {
        Ok(())
    } else {
        Err(Error::Forbidden("only admins define labels".into()))
    }
}

/// A list's or a search's labels: at most [`MAX_FILTER`].
pub fn filter(labels: &[String]) -> Result<()> {
    if labels.len() > MAX_FILTER {
        return Err(Error::Invalid(format!(
            "a list is narrowed to at most {MAX_FILTER} labels"
        )));
    }
    Ok(())
}

/// A search split into its `label:` words and the rest:
/// `"refund label:billing"` is `(["billing"], "refund")`.
pub fn split_search(query: &str) -> (Vec<String>, String) {
    let mut labels = Vec::new();
    let mut rest = Vec::new();
    for word in query.split_whitespace() {
        match word.strip_prefix("label:") {
            Some(label) if !label.is_empty() => labels.push(label.to_lowercase()),
            _ => rest.push(word),
        }
    }
    labels.sort();
    labels.dedup();
    (labels, rest.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_one_word_in_lower_case() {
        assert_eq!(name(" Billing ").unwrap(), "billing");
        assert_eq!(name("vip_2-eu").unwrap(), "vip_2-eu");
        assert!(name("").is_err());
        assert!(name("two words").is_err());
        assert!(name("a,b").is_err());
        assert!(name(&"x".repeat(33)).is_err());
    }

    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(colour("#A1B2C3").unwrap(), "#a1b2c3");
        assert!(colour("red").is_err());
        assert!(colour("#12345").is_err());
        assert!(colour("#12345g").is_err());
    }

    #[test]
    fn a_search_gives_up_its_labels() {
        assert_eq!(
            split_search("refund label:Billing label:vip label:billing"),
            (
                vec!["billing".to_string(), "vip".to_string()],
                "refund".to_string()
            )
        );
        assert_eq!(split_search("label:"), (vec![], "label:".to_string()));
    }
}
