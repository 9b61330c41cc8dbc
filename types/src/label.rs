//! Labels: words admins define, each with a colour, that agents put on
//! conversations to sort and find them (the list's filter, `label:billing`
//! in search).

use serde::{Deserialize, Serialize};

/// The colour of a label made without one (a slate grey).
pub const DEFAULT_LABEL_COLOUR: &str = "#64748b";

/// A label of the team's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Label {
    pub id: i64,
    /// 1 to 32 lower-case letters, digits, `-` or `_`: what conversations
    /// carry and `label:` finds.
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// Label names written as a list separated by commas (`billing,vip`, as
/// a list's filter is written in a query string): each once, in order.
pub fn label_names(names: &str) -> Vec<String> {
    let mut labels: Vec<String> = names
        .split(',')
        .map(|n| n.trim().to_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    labels.sort();
    labels.dedup();
    labels
}

impl crate::Conversation {
    /// Whether it carries every one of `labels` (none: any conversation).
    pub fn has_labels(&self, labels: &[String]) -> bool {
        labels.iter().all(|l| self.labels.contains(l))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_names_is_each_once_in_lower_case() {
        assert_eq!(label_names(" VIP,billing,,vip "), ["billing", "vip"]);
        assert!(label_names("").is_empty());
    }
}
