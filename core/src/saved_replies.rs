//! The rules of saved replies: what a shortcut may be, who may change a
//! reply, and how its placeholders are filled for a conversation.

use crate::error::{Error, Result};
use crate::lifecycle::{message_body, MessageBody};
use std::collections::BTreeMap;
use switchboard_types::Agent;

/// The longest shortcut.
pub const MAX_SHORTCUT_CHARS: usize = 32;

/// Checks a shortcut as typed ("/Thanks " is `thanks`): 1 to 32 letters,
/// digits, `-` or `_`, kept in lower case so `/thanks` finds it however it
/// was written.
pub fn shortcut(raw: &str) -> Result<String> {
    let name = raw.trim().trim_start_matches('/').to_lowercase();
    let fits = (1..=MAX_SHORTCUT_CHARS).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !fits {
        return Err(Error::Invalid(format!(
            "a shortcut is 1 to {MAX_SHORTCUT_CHARS} letters, digits, '-' or '_' (no spaces)"
        )));
    }
    Ok(name)
}

/// Checks a reply's text as a message is checked: what it becomes is sent.
pub fn body(raw: &str) -> Result<MessageBody> {
    message_body(raw)
}

/// Who may change or delete a reply: its owner; the team's, admins.
/// Another agent's own reply is not theirs to see at all.
pub fn may_change(owner_id: Option<i64>, asking: &Agent) -> Result<()> {
    match owner_id {
        Some(owner) if owner == asking.id => Ok(()),
        Some(_) => Err(Error::NotFound("saved reply")),
        None if asking.is_admin() => Ok(()),
        None => Err(Error::Forbidden(
            "only admins change the team's saved replies; save a copy of your own instead".into(),
        )),
    }
}

/// What a reply's placeholders stand for in one conversation.
#[derive(Debug)]
pub struct Placeholders<'a> {
    pub customer_name: &'a str,
    pub customer_email: Option<&'a str>,
    /// What the company's site said of the customer (plan, orders …):
    /// `{{customer.plan}}`.
    pub customer_attributes: &'a BTreeMap<String, String>,
    pub agent_name: &'a str,
    pub conversation_number: i64,
}

impl Placeholders<'_> {
    /// The value of `{{key}}`; `None` for a key no conversation knows,
    /// which is left as written for the agent to see.
    fn value(&self, key: &str) -> Option<String> {
        Some(match key {
            "customer.name" => self.customer_name.to_string(),
            "customer.email" => self.customer_email.unwrap_or_default().to_string(),
            "agent.name" => self.agent_name.to_string(),
            "conversation.number" => self.conversation_number.to_string(),
            _ => {
                let attribute = key.strip_prefix("customer.")?;
                self.customer_attributes
                    .get(attribute)
                    .cloned()
                    .unwrap_or_default()
            }
        })
    }
}

/// The reply's text with each `{{key}}` (spaces inside allowed) replaced
/// by its value; a customer detail the conversation lacks becomes empty.
pub fn fill(body: &str, values: &Placeholders) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        match values.value(after[..end].trim()) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_types::{Availability, Role};

    fn agent(id: i64, role: Role) -> Agent {
        Agent {
            id,
            email: format!("{id}@example.com"),
            name: format!("Agent {id}"),
            role,
            availability: Availability::Online,
        }
    }

    #[test]
    fn shortcuts_are_one_word_in_lower_case() {
        assert_eq!(shortcut(" /Thanks ").unwrap(), "thanks");
        assert_eq!(shortcut("refund-policy_2").unwrap(), "refund-policy_2");
        for bad in ["", "/", "two words", "a/b", &"x".repeat(33)] {
            assert!(matches!(shortcut(bad), Err(Error::Invalid(_))), "{bad:?}");
        }
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_left_as_written() {
        let attributes = BTreeMap::from([("plan".to_string(), "Business".to_string())]);
        let values = Placeholders {
            customer_name: "Maria",
            customer_email: None,
            customer_attributes: &attributes,
            agent_name: "Ada",
            conversation_number: 42,
        };
        assert_eq!(
            fill(
                "Hi {{customer.name}}, {{ agent.name }} here about #{{conversation.number}} \
                 ({{customer.plan}}{{customer.email}}{{customer.country}}) {{ticket.id}} {{open",
                &values
            ),
            "Hi Maria, Ada here about #42 (Business) {{ticket.id}} {{open"
        );
        assert_eq!(fill("no placeholders", &values), "no placeholders");
    }

    #[test]
    fn owners_change_their_own_and_admins_the_teams() {
        let (ada, root) = (agent(1, Role::Agent), agent(9, Role::Admin));
        assert!(may_change(Some(1), &ada).is_ok());
        assert!(matches!(
            may_change(Some(1), &root),
            Err(Error::NotFound(_))
        ));
        assert!(matches!(may_change(None, &ada), Err(Error::Forbidden(_))));
        assert!(may_change(None, &root).is_ok());
    }
}
