//! The rules of customer attributes admins define: what a definition may
//! be, what each kind of value is and the one form it is kept in, and
//! whose word a value is (an agent's edit stays until the site says to
//! overwrite it).

use crate::error::{Error, Result};
use crate::lifecycle::clean_text;
use crate::switchboard::MAX_ATTRIBUTE_NAME_CHARS;
use std::collections::BTreeMap;
use switchboard_types::{Agent, AttributeDefinition, AttributeKind};

/// The most choices a list has, and the longest one.
pub const MAX_OPTIONS: usize = 50;
pub const MAX_OPTION_CHARS: usize = 100;

/// The most attributes admins define.
pub const MAX_DEFINITIONS: usize = 30;

/// Admins define attributes; every agent fills them in.
pub fn may_define(asking: &Agent) -> Result<()> {
    if asking.is_admin() {
        Ok(())
    } else {
        Err(Error::Forbidden("only admins define attributes".into()))
    }
}

/// An attribute's name as typed: trimmed, 1 to 50 characters, no `=` or
/// line breaks (it heads a spreadsheet column and a site's `set`).
pub fn name(raw: &str) -> Result<String> {
    let name = raw.trim();
    clean_text("an attribute's name", name)?;
    let fits = (1..=MAX_ATTRIBUTE_NAME_CHARS).contains(&name.chars().count())
        && !name.chars().any(|c| c.is_control() || c == '=');
    if !fits {
        return Err(Error::Invalid(format!(
            "an attribute's name is 1 to {MAX_ATTRIBUTE_NAME_CHARS} characters on one line, without `=`"
        )));
    }
    Ok(name.to_string())
}

/// A kind's choices: a list has 1 to 50, each once, 1 to 100 characters;
/// the other kinds have none.
pub fn options(kind: AttributeKind, raw: &[String]) -> Result<Vec<String>> {
    if kind != AttributeKind::List {
        return match raw.is_empty() {
            true => Ok(Vec::new()),
            false => Err(Error::Invalid("only a list has choices".into())),
        };
    }
    let mut options: Vec<String> = Vec::new();
    for option in raw.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        clean_text("a choice", option)?;
        if option.chars().count() > MAX_OPTION_CHARS {
            return Err(Error::Invalid(format!(
                "a choice has at most {MAX_OPTION_CHARS} characters"
            )));
        }
        if !options.iter().any(|o| o.eq_ignore_ascii_case(option)) {
            options.push(option.to_string());
        }
    }
    if options.is_empty() || options.len() > MAX_OPTIONS {
        return Err(Error::Invalid(format!(
            "a list has 1 to {MAX_OPTIONS} choices"
        )));
    }
    Ok(options)
}

/// The definitions' ids in their new order once `id` is moved to
/// `place` (1 first; past the end is last).
pub fn placed(ids: &[i64], id: i64, place: i64) -> Result<Vec<i64>> {
    if place < 1 {
        return Err(Error::Invalid("a place is 1 or more".into()));
    }
    let mut order: Vec<i64> = ids.iter().copied().filter(|i| *i != id).collect();
    let at = usize::try_from(place - 1)
        .unwrap_or(usize::MAX)
        .min(order.len());
    order.insert(at, id);
    Ok(order)
}

/// A value of `definition`'s kind, in its one form: a number as written
/// (`12`, `-3.5`), a date `YYYY-MM-DD`, yes/no as `true` or `false` (from
/// yes, no, true, false, 1 or 0), a list's choice as the list spells it,
/// a link an `http` or `https` address. Empty removes the value.
pub fn value(definition: &AttributeDefinition, raw: &str) -> Result<String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(String::new());
    }
    let refused =
        |what: &str| Error::Invalid(format!("`{}` is {what}, not `{value}`", definition.name));
    match definition.kind {
        AttributeKind::Text => Ok(value.to_string()),
        AttributeKind::Number => value
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && !value.contains(['e', 'E', 'i', 'I', 'n', 'N']))
            .map(|_| value.trim_start_matches('+').to_string())
            .ok_or_else(|| refused("a number (like 12 or -3.5)")),
        AttributeKind::Date => value
            .parse::<jiff::civil::Date>()
            .ok()
            .filter(|_| value.len() == 10)
            .map(|d| d.to_string())
            .ok_or_else(|| refused("a date written YYYY-MM-DD")),
        AttributeKind::YesNo => match value.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" => Ok("true".into()),
            "no" | "false" | "0" => Ok("false".into()),
            _ => Err(refused("yes or no")),
        },
        AttributeKind::List => definition
            .options
            .iter()
            .find(|o| o.eq_ignore_ascii_case(value))
            .cloned()
            .ok_or_else(|| refused(&format!("one of {}", definition.options.join(", ")))),
        AttributeKind::Link => url::Url::parse(value)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .map(|_| value.to_string())
            .ok_or_else(|| refused("a link starting with http:// or https://")),
    }
}

/// `given` with each value of a defined attribute in its kind's form and
/// under the definition's own name (`Plan` is `plan` when `plan` is
/// defined); the rest as given. The first value that does not fit
/// refuses them all, naming it.
pub fn typed(
    definitions: &[AttributeDefinition],
    given: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    given
        .iter()
        .map(|(name, raw)| {
            match definitions
                .iter()
                .find(|d| d.name.eq_ignore_ascii_case(name.trim()))
            {
                Some(definition) => Ok((definition.name.clone(), value(definition, raw)?)),
                None => Ok((name.clone(), raw.clone())),
            }
        })
        .collect()
}

/// Of the site's `given`, what it may write: all with `overwrite`, else
/// all but the names an agent wrote (those are `kept`).
pub fn site_may_write(
    given: BTreeMap<String, String>,
    edited_by_agents: &[String],
    overwrite: bool,
) -> (BTreeMap<String, String>, Vec<String>) {
    if overwrite {
        return (given, Vec::new());
    }
    let (kept, written): (BTreeMap<_, _>, BTreeMap<_, _>) = given
        .into_iter()
        .partition(|(name, _)| edited_by_agents.iter().any(|e| e == name));
    (written, kept.into_keys().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(kind: AttributeKind, options: &[&str]) -> AttributeDefinition {
        AttributeDefinition {
            id: 1,
            name: "plan".into(),
            kind,
            options: options.iter().map(|o| o.to_string()).collect(),
            position: 0,
        }
    }

    #[test]
    fn each_kind_keeps_its_one_form_and_refuses_the_rest() {
        let number = defined(AttributeKind::Number, &[]);
        assert_eq!(value(&number, " 12 ").unwrap(), "12");
        assert_eq!(value(&number, "-3.5").unwrap(), "-3.5");
        assert_eq!(value(&number, "+4").unwrap(), "4");
        for bad in ["twelve", "NaN", "inf", "1e9", "12 000"] {
            assert!(value(&number, bad).is_err(), "{bad}");
        }
        let date = defined(AttributeKind::Date, &[]);
        assert_eq!(value(&date, "2026-12-04").unwrap(), "2026-12-04");
        for bad in ["2026-13-01", "2026-02-30", "4.12.2026", "2026-1-1"] {
            assert!(value(&date, bad).is_err(), "{bad}");
        }
        let yes_no = defined(AttributeKind::YesNo, &[]);
        assert_eq!(value(&yes_no, "Yes").unwrap(), "true");
        assert_eq!(value(&yes_no, "0").unwrap(), "false");
        assert!(value(&yes_no, "maybe").is_err());
        let list = defined(AttributeKind::List, &["Free", "Pro"]);
        assert_eq!(value(&list, "pro").unwrap(), "Pro");
        let refused = value(&list, "Gold").unwrap_err().to_string();
        assert!(refused.contains("one of Free, Pro"), "{refused}");
        let link = defined(AttributeKind::Link, &[]);
        assert!(value(&link, "https://shop.example/orders/7").is_ok());
        for bad in ["javascript:alert(1)", "shop.example", "ftp://x.example"] {
            assert!(value(&link, bad).is_err(), "{bad}");
        }
        assert_eq!(value(&link, "  ").unwrap(), "", "empty removes");
    }

    #[test]
    fn a_defined_name_is_matched_in_any_case_and_others_pass_as_text() {
        let definitions = [defined(AttributeKind::Number, &[])];
        let given = [
            ("Plan".to_string(), "7".to_string()),
            ("shoe".into(), "42".into()),
        ];
        let typed = typed(&definitions, &given.into()).unwrap();
        assert_eq!(typed["plan"], "7");
        assert_eq!(typed["shoe"], "42");
        let wrong = [("PLAN".to_string(), "seven".to_string())];
        assert!(super::typed(&definitions, &wrong.into()).is_err());
    }

    #[test]
    fn the_site_leaves_an_agents_value_alone_unless_it_says_so() {
        let given: BTreeMap<_, _> =
            [("plan".into(), "pro".into()), ("seats".into(), "3".into())].into();
        let (written, kept) = site_may_write(given.clone(), &["plan".into()], false);
        assert_eq!(written.keys().collect::<Vec<_>>(), ["seats"]);
        assert_eq!(kept, ["plan"]);
        let (written, kept) = site_may_write(given, &["plan".into()], true);
        assert_eq!(written.len(), 2);
        assert!(kept.is_empty());
    }

    #[test]
    fn moving_one_renumbers_them_all() {
        assert_eq!(placed(&[1, 2, 3], 3, 1).unwrap(), [3, 1, 2]);
        assert_eq!(placed(&[1, 2, 3], 1, 2).unwrap(), [2, 1, 3]);
        assert_eq!(placed(&[1, 2, 3], 1, 99).unwrap(), [2, 3, 1]);
        assert!(placed(&[1, 2, 3], 1, 0).is_err());
    }

    #[test]
    fn only_a_list_has_choices() {
        assert!(options(AttributeKind::Text, &["a".into()]).is_err());
        assert_eq!(
            options(
                AttributeKind::List,
                &[" Pro ".into(), "pro".into(), "Free".into()]
            )
            .unwrap(),
            ["Pro", "Free"]
        );
        assert!(options(AttributeKind::List, &[]).is_err());
        assert!(name("a=b").is_err());
        assert!(name(" Plan ").is_ok());
    }
}
