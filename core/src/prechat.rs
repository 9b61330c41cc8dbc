//! The rules of the widget's pre-chat form: what admins may set, the form
//! the widget shows from it, who is asked, and what a customer's answers
//! must be before they fill the record.

use crate::attributes;
use crate::contacts;
use crate::error::{Error, Result};
use crate::lifecycle::clean_text;
use std::collections::BTreeMap;
use switchboard_types::{
    AttributeDefinition, AttributeKind, PrechatField, PrechatForm, PrechatMode, PrechatSettings,
};

/// The most questions a form asks, and the longest consent text.
pub const MAX_FIELDS: usize = 10;
pub const MAX_CONSENT_CHARS: usize = 500;

/// The record's own fields a form may ask for, with what the customer reads.
const DETAILS: [(&str, &str, &str); 3] = [
    ("name", "Your name", "text"),
    ("email", "Your e-mail address", "email"),
    ("phone", "Your phone number", "tel"),
];

/// Settings as admins give them, checked: each field asked once, a
/// detail of the record or an attribute defined; a consent link is an
/// `http(s)` address and needs its words.
pub fn settings(
    given: &PrechatSettings,
    definitions: &[AttributeDefinition],
) -> Result<PrechatSettings> {
    let mut fields: Vec<String> = Vec::new();
    for field in given.fields.iter().map(|f| f.trim()) {
        let known = DETAILS.iter().find(|(name, _, _)| *name == field).map(|(n, _, _)| n.to_string())
            .or_else(|| definitions.iter().find(|d| d.name.eq_ignore_ascii_case(field)).map(|d| d.name.clone()))
            .ok_or_else(|| Error::Invalid(format!(
                "the pre-chat form can ask for name, email, phone or an attribute defined in Admin → Attributes, not `{field}`"
            )))?;
        if !fields.contains(&known) {
            fields.push(known);
        }
    }
    if fields.len() > MAX_FIELDS {
        return Err(Error::Invalid(format!(
            "the pre-chat form asks at most {MAX_FIELDS} questions"
        )));
    }
    let consent = given
        .consent
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if let Some(consent) = consent {
        clean_text("the consent", consent)?;
        if consent.chars().count() > MAX_CONSENT_CHARS {
            return Err(Error::Invalid(format!(
                "the consent has at most {MAX_CONSENT_CHARS} characters"
            )));
        }
    }
    let consent_url = given
        .consent_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(url) = consent_url {
        let linkable = url::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
        if !linkable || consent.is_none() {
            return Err(Error::Invalid(
                "the consent's link is an http:// or https:// address, beside the consent's words"
                    .into(),
            ));
        }
    }
    if given.mode != PrechatMode::Off && fields.is_empty() && consent.is_none() {
        return Err(Error::Invalid(
            "a pre-chat form asks for something, or for consent".into(),
        ));
    }
    Ok(PrechatSettings {
        mode: given.mode,
        fields,
        consent: consent.map(str::to_string),
        consent_url: consent_url.map(str::to_string),
    })
}

/// The form the widget shows (none when it is off). A field whose
/// attribute was deleted since is left out.
pub fn form(
    settings: &PrechatSettings,
    definitions: &[AttributeDefinition],
) -> Option<PrechatForm> {
    if settings.mode == PrechatMode::Off {
        return None;
    }
    let fields = settings
        .fields
        .iter()
        .filter_map(|name| {
            if let Some((name, label, input)) = DETAILS.iter().find(|(n, _, _)| n == name) {
                return Some(PrechatField {
                    name: name.to_string(),
                    label: label.to_string(),
                    input: input.to_string(),
                    options: Vec::new(),
                });
            }
            let defined = definitions.iter().find(|d| &d.name == name)?;
            let input = match defined.kind {
                AttributeKind::Text => "text",
                AttributeKind::Number => "number",
                AttributeKind::Date => "date",
                AttributeKind::YesNo => "yes_no",
                AttributeKind::List => "list",
                AttributeKind::Link => "url",
            };
            Some(PrechatField {
                name: defined.name.clone(),
                label: defined.name.clone(),
                input: input.to_string(),
                options: defined.options.clone(),
            })
        })
        .collect();
    Some(PrechatForm {
        required: settings.mode == PrechatMode::Required,
        fields,
        consent: settings.consent.clone(),
        consent_url: settings.consent_url.clone(),
    })
}

/// A customer's answers, checked as the record and the attributes check
/// them: every field asked answered when the form is required, the
/// consent given when it asks for one, nothing it did not ask.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Answers {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Typed by their definitions.
    pub attributes: BTreeMap<String, String>,
}

pub fn answers(
    settings: &PrechatSettings,
    definitions: &[AttributeDefinition],
    given: &BTreeMap<String, String>,
    consent: bool,
) -> Result<Answers> {
    if settings.mode == PrechatMode::Off {
        return Err(Error::Invalid(
            "the widget asks nothing before a chat".into(),
        ));
    }
    if settings.consent.is_some() && !consent {
        return Err(Error::Invalid("please tick the box to agree first".into()));
    }
    let mut answers = Answers::default();
    for (name, value) in given {
        if !settings.fields.contains(name) {
            return Err(Error::Invalid(format!(
                "the form does not ask for `{name}`"
            )));
        }
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "name" => answers.name = Some(contacts::name(value)?),
            "email" => {
                contacts::check_email(value)?;
                answers.email = Some(value.to_string());
            }
            "phone" => {
                contacts::check_phone(value)?;
                answers.phone = Some(value.to_string());
            }
            _ => {
                answers.attributes.insert(name.clone(), value.to_string());
            }
        }
    }
    answers.attributes = attributes::typed(definitions, &answers.attributes)?;
    if settings.mode == PrechatMode::Required {
        let missing: Vec<&str> = settings
            .fields
            .iter()
            .filter(|f| match f.as_str() {
                "name" => answers.name.is_none(),
                "email" => answers.email.is_none(),
                "phone" => answers.phone.is_none(),
                other => {
                    definitions.iter().any(|d| d.name == other)
                        && !answers.attributes.contains_key(other)
                }
            })
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            return Err(Error::Invalid(format!(
                "please answer {} first",
                missing.join(", ")
            )));
        }
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> AttributeDefinition {
        AttributeDefinition {
            id: 1,
            name: "plan".into(),
            kind: AttributeKind::List,
            options: vec!["Free".into(), "Pro".into()],
            position: 1,
        }
    }

    fn asking(mode: PrechatMode, fields: &[&str], consent: bool) -> PrechatSettings {
        PrechatSettings {
            mode,
            fields: fields.iter().map(|f| f.to_string()).collect(),
            consent: consent.then(|| "I agree to the privacy policy".into()),
            consent_url: None,
        }
    }

    fn given(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn settings_ask_for_known_fields_once() {
        let set = settings(
            &asking(PrechatMode::Optional, &["email", "PLAN", "email"], false),
            &[plan()],
        )
        .unwrap();
        assert_eq!(set.fields, ["email", "plan"]);
        assert!(settings(&asking(PrechatMode::Required, &["shoe"], false), &[plan()]).is_err());
        assert!(settings(&asking(PrechatMode::Required, &[], false), &[]).is_err());
        assert!(settings(&asking(PrechatMode::Off, &[], false), &[]).is_ok());
        let mut link = asking(PrechatMode::Required, &[], true);
        link.consent_url = Some("javascript:alert(1)".into());
        assert!(settings(&link, &[]).is_err());
    }

    #[test]
    fn the_form_names_each_input_and_is_none_when_off() {
        let set = asking(PrechatMode::Required, &["name", "plan"], true);
        let form = form(&set, &[plan()]).unwrap();
        assert!(form.required);
        assert_eq!(form.fields[0].input, "text");
        assert_eq!(
            (form.fields[1].input.as_str(), form.fields[1].options.len()),
            ("list", 2)
        );
        assert_eq!(
            super::form(&set, &[]).unwrap().fields.len(),
            1,
            "a deleted attribute is left out"
        );
        assert!(super::form(&asking(PrechatMode::Off, &["name"], false), &[]).is_none());
    }

    #[test]
    fn answers_are_checked_and_a_required_form_wants_them_all() {
        let set = asking(PrechatMode::Required, &["name", "email", "plan"], true);
        let full = given(&[
            ("name", " Pat "),
            ("email", "pat@example.com"),
            ("plan", "pro"),
        ]);
        let got = answers(&set, &[plan()], &full, true).unwrap();
        assert_eq!(got.name.as_deref(), Some("Pat"));
        assert_eq!(got.attributes["plan"], "Pro");
        assert!(answers(&set, &[plan()], &full, false)
            .unwrap_err()
            .to_string()
            .contains("tick the box"));
        let partial = given(&[("name", "Pat")]);
        assert!(answers(&set, &[plan()], &partial, true)
            .unwrap_err()
            .to_string()
            .contains("email, plan"));
        let optional = asking(PrechatMode::Optional, &["name", "email"], false);
        assert!(answers(&optional, &[], &partial, false).is_ok());
        assert!(answers(&optional, &[], &given(&[("email", "nope")]), false).is_err());
        assert!(answers(&optional, &[], &given(&[("company", "Acme")]), false).is_err());
    }
}
