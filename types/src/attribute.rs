//! Customer attributes admins define: a name the site and agents write
//! values under, and what kind of value it holds. Values travel as text
//! (the customer's `attributes`), written in each kind's one form.

use crate::words::AttributeKind;
use serde::{Deserialize, Serialize};

/// An attribute of the team's customers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributeDefinition {
    pub id: i64,
    /// What the site and agents write its value under (`plan`), 1 to 50
    /// characters; matched without regard to case.
    pub name: String,
    pub kind: AttributeKind,
    /// The choices of a `list` (empty for the other kinds).
    pub options: Vec<String>,
    /// Where it shows in a customer's details: lower first.
    pub position: i64,
}

/// A new attribute, or a change of one: `kind` cannot change (define a new
/// one); a change leaves out what stays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributeDraft {
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub name: Option<String>,
    /// Only for a new attribute; `text` unless given.
    pub kind: Option<AttributeKind>,
    /// A `list`'s choices (1 to 50, each 1 to 100 characters).
    pub options: Option<Vec<String>>,
    /// Its place among the attributes, 1 first (past the end: last).
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub position: Option<i64>,
}

impl AttributeKind {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            AttributeKind::Text => "Text",
            AttributeKind::Number => "Number",
            AttributeKind::Date => "Date",
            AttributeKind::YesNo => "Yes/no",
            AttributeKind::List => "List",
            AttributeKind::Link => "Link",
        }
    }

    /// A value of this kind as people read it (`true` is "Yes").
    pub fn shown(self, value: &str) -> String {
        match (self, value) {
            (AttributeKind::YesNo, "true") => "Yes".into(),
            (AttributeKind::YesNo, "false") => "No".into(),
            _ => value.into(),
        }
    }
}

/// A customer's attributes in the order their details show them: those
/// defined first, as admins placed them, then the rest by name; each with
/// its definition when it has one.
pub fn attributes_in_order<'a>(
    definitions: &'a [AttributeDefinition],
    attributes: &'a std::collections::BTreeMap<String, String>,
) -> Vec<(&'a str, &'a str, Option<&'a AttributeDefinition>)> {
    let definition = |name: &str| definitions.iter().find(|d| d.name == name);
    let place = |name: &str| {
        definitions
            .iter()
            .position(|d| d.name == name)
            .unwrap_or(usize::MAX)
    };
    let mut ordered: Vec<_> = attributes
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str(), definition(name)))
        .collect();
    ordered.sort_by_key(|(name, _, _)| place(name));
    ordered
}

/// What the site's `set` did: the customer's attributes as they now are,
/// and the names it left alone because an agent wrote them (say
/// `overwrite` to replace those too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributesSet {
    pub attributes: std::collections::BTreeMap<String, String>,
    pub kept: Vec<String>,
}
