//! The rules of a customer's record as agents keep it: what each field may
//! hold, what an edit changed (the contact log records it), and whose
//! notes are whose.

use crate::error::{Error, Result};
use crate::lifecycle::clean_text;
use switchboard_types::{Agent, ContactChange, FieldChange};

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_PHONE_CHARS: usize = 32;
pub const MAX_COMPANY_CHARS: usize = 200;
pub const MAX_NOTE_CHARS: usize = 4000;

/// A customer's record as agents edit it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ContactFields {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
}

/// The record after an edit: each field given replaces it (an empty
/// e-mail, phone or company clears it) and is checked; the rest stay.
pub fn edited(current: &ContactFields, change: &ContactChange) -> Result<ContactFields> {
    let name = match &change.name {
        Some(given) => name(given)?,
        None => current.name.clone(),
    };
    Ok(ContactFields {
        name,
        email: optional(&change.email, &current.email, check_email)?,
        phone: optional(&change.phone, &current.phone, check_phone)?,
        company: optional(&change.company, &current.company, check_company)?,
    })
}

/// An optional field after an edit: unchanged when not given, cleared when
/// given empty, else the checked value.
fn optional(
    given: &Option<String>,
    current: &Option<String>,
    check: fn(&str) -> Result<()>,
) -> Result<Option<String>> {
    let Some(given) = given else {
        return Ok(current.clone());
    };
    let value = given.trim();
    if value.is_empty() {
        return Ok(None);
    }
    check(value)?;
    Ok(Some(value.to_string()))
}

/// A customer's name: trimmed, 1 to 100 characters.
pub fn name(raw: &str) -> Result<String> {
    let name = raw.trim();
    clean_text("a name", name)?;
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(Error::Invalid(format!(
            "a name is 1 to {MAX_NAME_CHARS} characters"
        )));
    }
    Ok(name.to_string())
}

/// An e-mail address, as far as its shape tells: something, `@`, a domain
/// with a dot; no spaces or angle brackets.
pub fn check_email(email: &str) -> Result<()> {
    let shaped = email.chars().count() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '\0');
    if shaped {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "`{email}` is not an e-mail address"
        )))
    }
}

/// A phone number as people write it: digits (at least five), spaces and
/// `+ - ( ) . /`.
pub fn check_phone(phone: &str) -> Result<()> {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let shaped = phone.chars().count() <= MAX_PHONE_CHARS
        && digits >= 5
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c));
    if shaped {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "`{phone}` is not a phone number: digits (at least five), spaces and + - ( ) . / only, {MAX_PHONE_CHARS} characters at most"
        )))
    }
}

/// A company's name: at most 200 characters.
pub fn check_company(company: &str) -> Result<()> {
    clean_text("a company", company)?;
    if company.chars().count() > MAX_COMPANY_CHARS {
        return Err(Error::Invalid(format!(
            "a company can have at most {MAX_COMPANY_CHARS} characters"
        )));
    }
    Ok(())
}

/// What an edit changed, field by field, for the contact log (nothing:
/// nothing to record).
pub fn changes(before: &ContactFields, after: &ContactFields) -> Vec<FieldChange> {
    let fields: [(&str, Option<&str>, Option<&str>); 4] = [
        ("name", Some(&before.name), Some(&after.name)),
        ("email", before.email.as_deref(), after.email.as_deref()),
        ("phone", before.phone.as_deref(), after.phone.as_deref()),
        (
            "company",
            before.company.as_deref(),
            after.company.as_deref(),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(field, from, to)| FieldChange {
            field: field.to_string(),
            from: from.map(str::to_string),
            to: to.map(str::to_string),
        })
        .collect()
}

/// The longest search of the customers.
pub const MAX_SEARCH_CHARS: usize = 200;

/// What finding customers looks for: the words typed, in lower case, as a
/// `LIKE` pattern that matches them anywhere (`%` and `_` typed are
/// themselves, escaped with `\`); nothing typed finds everyone.
pub fn search_pattern(typed: &str) -> Result<String> {
    let typed = typed.trim();
    clean_text("a search", typed)?;
    if typed.chars().count() > MAX_SEARCH_CHARS {
        return Err(Error::Invalid(format!(
            "a search can have at most {MAX_SEARCH_CHARS} characters"
        )));
    }
    let mut pattern = String::from("%");
    for c in typed.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    if !typed.is_empty() {
        pattern.push('%');
    }
    Ok(pattern)
}

/// A note's text: trimmed, not empty, 4,000 characters at most.
pub fn note_body(raw: &str) -> Result<String> {
    let body = raw.trim();
    clean_text("a note", body)?;
    if body.is_empty() {
        return Err(Error::Invalid("a note cannot be empty".into()));
    }
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::Invalid(format!(
            "a note can hold at most {MAX_NOTE_CHARS} characters"
        )));
    }
    Ok(body.to_string())
}

/// A note is its author's to edit (and the panel offers Edit from this).
pub fn may_edit_note(asking: &Agent, author_id: i64) -> Result<()> {
    if asking.id != author_id {
        return Err(Error::Forbidden("only its author can edit a note".into()));
    }
    Ok(())
}

/// Its author may delete a note, and admins may.
pub fn may_delete_note(asking: &Agent, author_id: i64) -> Result<()> {
    if asking.id != author_id && !asking.is_admin() {
        return Err(Error::Forbidden(
            "only its author or an admin can delete a note".into(),
        ));
    }
    Ok(())
}

/// An agent may write to a customer first, by e-mail (a new conversation),
/// when the team has their address, they are not blocked, and they have
/// no conversation open (a customer has at most one: write there).
pub fn may_write_first(fields: &ContactFields, blocked: bool, open: Option<i64>) -> Result<()> {
    if fields.email.is_none() {
        return Err(Error::Invalid(format!(
            "{} has no e-mail address yet: add one to write to them",
            fields.name
        )));
    }
    if blocked {
        return Err(Error::Invalid(format!(
            "{} is blocked: let them back first",
            fields.name
        )));
    }
    if let Some(open) = open {
        return Err(Error::Conflict(format!(
            "{} has conversation #{open} open: write there",
            fields.name
        )));
    }
    Ok(())
}

/// The rule the store applies before it opens a conversation with a
/// customer, under the customer's row lock.
pub type WriteFirstRule = fn(&ContactFields, bool, Option<i64>) -> Result<()>;

/// One of two customers' records being merged, as the store read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergingContact {
    pub id: i64,
    pub fields: ContactFields,
    /// The host site's id of them, and whether a signature ever vouched
    /// for it.
    pub identifier: Option<String>,
    pub identity_verified: bool,
    pub attributes: std::collections::BTreeMap<String, String>,
    pub blocked: bool,
    /// Their conversation still open, if any.
    pub open_conversation: Option<i64>,
}

/// The record two customers make together, and what it changed in the
/// one kept (for its log).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactMerge {
    pub fields: ContactFields,
    pub identifier: Option<String>,
    pub identity_verified: bool,
    pub attributes: std::collections::BTreeMap<String, String>,
    pub blocked: bool,
    pub changes: Vec<FieldChange>,
}

/// The rule the store applies to two records it merges, under their locks.
pub type MergeRule = fn(&MergingContact, &MergingContact) -> Result<ContactMerge>;

/// Merging customer `from` into customer `into`, the same person on two
/// devices or channels: `into` is kept, and what it does not know (an
/// empty field, an attribute, an identifier) comes from `from`; a name
/// beats the anonymous default. Refused when the site knows them as two
/// different accounts (two identifiers: one is never dropped silently),
/// and when both have a conversation open (one customer has at most one:
/// resolve one first). Blocked if either was, so that a blocked sender's
/// devices stay blocked.
pub fn merged(from: &MergingContact, into: &MergingContact) -> Result<ContactMerge> {
    if from.id == into.id {
        return Err(Error::Invalid(
            "a customer cannot be merged into themselves".into(),
        ));
    }
    if let (Some(theirs), Some(ours)) = (&from.identifier, &into.identifier) {
        return Err(Error::Conflict(format!(
            "the site knows these customers as two accounts (`{theirs}` and `{ours}`): they stay two records"
        )));
    }
    if let (Some(a), Some(b)) = (from.open_conversation, into.open_conversation) {
        return Err(Error::Conflict(format!(
            "both customers have a conversation open (#{a} and #{b}): resolve one first"
        )));
    }
    let pick = |kept: &Option<String>, other: &Option<String>| kept.clone().or(other.clone());
    let name = if into.fields.name == ANONYMOUS_NAME && from.fields.name != ANONYMOUS_NAME {
        from.fields.name.clone()
    } else {
        into.fields.name.clone()
    };
    let fields = ContactFields {
        name,
        email: pick(&into.fields.email, &from.fields.email),
        phone: pick(&into.fields.phone, &from.fields.phone),
        company: pick(&into.fields.company, &from.fields.company),
    };
    let (identifier, identity_verified) = match &into.identifier {
        Some(_) => (into.identifier.clone(), into.identity_verified),
        None => (from.identifier.clone(), from.identity_verified),
    };
    let mut attributes = from.attributes.clone();
    attributes.extend(into.attributes.clone());
    let mut changes = vec![FieldChange {
        field: "customer".into(),
        from: Some(label(from)),
        to: Some(label(into)),
    }];
    changes.extend(self::changes(&into.fields, &fields));
    Ok(ContactMerge {
        fields,
        identifier,
        identity_verified,
        attributes,
        blocked: from.blocked || into.blocked,
        changes,
    })
}

/// The name a customer has until they or an agent give one.
pub const ANONYMOUS_NAME: &str = "Visitor";

/// A customer as the log names them: name, address, number.
fn label(contact: &MergingContact) -> String {
    match &contact.fields.email {
        Some(email) => format!("{} <{email}> (#{})", contact.fields.name, contact.id),
        None => format!("{} (#{})", contact.fields.name, contact.id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ContactFields {
        ContactFields {
            name: "Visitor".into(),
            email: Some("pat@example.net".into()),
            phone: None,
            company: None,
        }
    }

    #[test]
    fn an_edit_checks_what_it_changes_and_keeps_the_rest() {
        let change = ContactChange {
            name: Some("  Pat Smith ".into()),
            phone: Some("+49 (30) 1234-567".into()),
            ..Default::default()
        };
        let after = edited(&record(), &change).unwrap();
        assert_eq!(after.name, "Pat Smith");
        assert_eq!(after.email.as_deref(), Some("pat@example.net"));
        assert_eq!(after.phone.as_deref(), Some("+49 (30) 1234-567"));
        let log = changes(&record(), &after);
        assert_eq!(
            log.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(),
            ["name", "phone"]
        );
        assert_eq!(log[1].from, None);

        let cleared = edited(
            &after,
            &ContactChange {
                email: Some(" ".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(cleared.email, None);
        for bad in [
            ContactChange {
                name: Some("  ".into()),
                ..Default::default()
            },
            ContactChange {
                email: Some("pat at example".into()),
                ..Default::default()
            },
            ContactChange {
                phone: Some("call me".into()),
                ..Default::default()
            },
            ContactChange {
                phone: Some("12".into()),
                ..Default::default()
            },
            ContactChange {
                company: Some("x".repeat(MAX_COMPANY_CHARS + 1)),
                ..Default::default()
            },
        ] {
            assert!(
                matches!(edited(&record(), &bad), Err(Error::Invalid(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_search_is_a_pattern_of_what_was_typed() {
        assert_eq!(search_pattern("  ").unwrap(), "%");
        assert_eq!(search_pattern(" Acme GmbH ").unwrap(), "%acme gmbh%");
        assert_eq!(search_pattern("50%_off").unwrap(), "%50\\%\\_off%");
        assert!(search_pattern(&"x".repeat(MAX_SEARCH_CHARS + 1)).is_err());
    }

    #[test]
    fn notes_are_their_authors() {
        let agent = |id, role| Agent {
            id,
            name: "A".into(),
            email: "a@example.com".into(),
            role,
            availability: switchboard_types::Availability::Online,
        };
        let (ada, root) = (
            agent(1, switchboard_types::Role::Agent),
            agent(3, switchboard_types::Role::Admin),
        );
        assert!(may_edit_note(&ada, 1).is_ok());
        assert!(may_edit_note(&root, 1).is_err());
        assert!(may_delete_note(&root, 1).is_ok());
        assert!(may_delete_note(&ada, 2).is_err());
        assert!(note_body("  ").is_err());
        assert_eq!(note_body(" Prefers e-mail \n").unwrap(), "Prefers e-mail");
    }

    fn merging(id: i64, name: &str) -> MergingContact {
        MergingContact {
            id,
            fields: ContactFields {
                name: name.into(),
                email: None,
                phone: None,
                company: None,
            },
            identifier: None,
            identity_verified: false,
            attributes: Default::default(),
            blocked: false,
            open_conversation: None,
        }
    }

    #[test]
    fn a_merge_keeps_the_record_and_fills_what_it_lacks() {
        let mut phone = merging(1, ANONYMOUS_NAME);
        phone.fields.phone = Some("+49 30 1234567".into());
        phone.fields.email = Some("old@example.net".into());
        phone.identifier = Some("acct-7".into());
        phone.identity_verified = true;
        phone.attributes = [
            ("plan".into(), "free".into()),
            ("city".into(), "Berlin".into()),
        ]
        .into();
        phone.open_conversation = Some(4);
        let mut mail = merging(2, "Pat Smith");
        mail.fields.email = Some("pat@example.net".into());
        mail.attributes = [("plan".into(), "pro".into())].into();
        let joined = merged(&phone, &mail).unwrap();
        assert_eq!(joined.fields.name, "Pat Smith");
        assert_eq!(joined.fields.email.as_deref(), Some("pat@example.net"));
        assert_eq!(joined.fields.phone.as_deref(), Some("+49 30 1234567"));
        assert_eq!(
            (joined.identifier.as_deref(), joined.identity_verified),
            (Some("acct-7"), true)
        );
        assert_eq!(joined.attributes["plan"], "pro");
        assert_eq!(joined.attributes["city"], "Berlin");
        assert_eq!(joined.changes[0].field, "customer");
        assert_eq!(
            joined.changes[0].from.as_deref(),
            Some("Visitor <old@example.net> (#1)")
        );
        assert_eq!(joined.changes[1].field, "phone");
        assert!(!joined.blocked);

        // A visitor's name never replaces a real one, and a block carries.
        phone.blocked = true;
        let other_way = merged(&mail, &phone).unwrap();
        assert_eq!(other_way.fields.name, "Pat Smith");
        assert!(other_way.blocked);
    }

    #[test]
    fn two_accounts_two_open_conversations_or_one_customer_are_refused() {
        let (mut a, mut b) = (merging(1, "A"), merging(2, "B"));
        assert!(matches!(merged(&a, &a), Err(Error::Invalid(_))));
        a.open_conversation = Some(3);
        b.open_conversation = Some(5);
        assert!(matches!(merged(&a, &b), Err(Error::Conflict(m)) if m.contains("#3 and #5")));
        b.open_conversation = None;
        a.identifier = Some("acct-1".into());
        b.identifier = Some("acct-2".into());
        assert!(matches!(merged(&a, &b), Err(Error::Conflict(_))));
        b.identifier = None;
        assert!(merged(&a, &b).is_ok());
    }

    #[test]
    fn writing_first_needs_an_address_and_no_open_conversation() {
        let mut fields = ContactFields {
            name: "Ada".into(),
            email: None,
            phone: None,
            company: None,
        };
        assert!(may_write_first(&fields, false, None)
            .unwrap_err()
            .to_string()
            .contains("no e-mail address"));
        fields.email = Some("ada@example.com".into());
        assert!(may_write_first(&fields, true, None)
            .unwrap_err()
            .to_string()
            .contains("blocked"));
        assert!(
            matches!(may_write_first(&fields, false, Some(7)), Err(Error::Conflict(m)) if m.contains("#7"))
        );
        assert!(may_write_first(&fields, false, None).is_ok());
    }
}
