//! OpenAPI schemas that derive cannot say: the timeline's union, tagged by
//! `kind`, with a named schema for each member (generated clients need
//! names); the view's words with `queue:ID`; the error codes with their
//! meanings.

use crate::{ConversationEvent, ErrorCode, Message, TimelineItem, View};
use utoipa::openapi::schema::{Discriminator, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

const TIMELINE_MESSAGE: &str = "TimelineMessage";
const TIMELINE_EVENT: &str = "TimelineEvent";

/// `T`'s own schema with the `kind` tag serde adds to it in a timeline.
fn tagged<T: ToSchema>(tag: &str, description: &str) -> RefOr<Schema> {
    let RefOr::T(Schema::Object(mut object)) = T::schema() else {
        unreachable!("a struct's schema is an object");
    };
    let kind = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([tag]))
        .description(Some(format!("Always `{tag}` for a {}.", T::name())));
    object.properties.insert("kind".into(), kind.into());
    object.required.push("kind".into());
    object.description = Some(description.into());
    RefOr::T(Schema::Object(object))
}

fn location(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

impl PartialSchema for TimelineItem {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(Ref::from_schema_name(TIMELINE_MESSAGE))
            .item(Ref::from_schema_name(TIMELINE_EVENT))
            .discriminator(Some(Discriminator::with_mapping(
                "kind",
                [
                    ("message", location(TIMELINE_MESSAGE)),
                    ("event", location(TIMELINE_EVENT)),
                ],
            )))
            .description(Some(
                "One entry of a conversation's history: a message, or an event (`kind` tells which).",
            ))
            .into()
    }
}

impl ToSchema for TimelineItem {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            TIMELINE_MESSAGE.into(),
            tagged::<Message>(
                "message",
                "A message (or private note) in a conversation's history.",
            ),
        ));
        schemas.push((
            TIMELINE_EVENT.into(),
            tagged::<ConversationEvent>(
                "event",
                "Something that happened to a conversation, in its history.",
            ),
        ));
        <Message as ToSchema>::schemas(schemas);
        <ConversationEvent as ToSchema>::schemas(schemas);
    }
}

/// What `View`'s `FromStr` reads (a queue's id is a whole number).
pub const VIEW_PATTERN: &str = "^(mine|unassigned|all|blocked|queue:[0-9]{1,18})$";

impl PartialSchema for View {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(VIEW_PATTERN))
            .description(Some(
                "Which conversations: `mine`, `unassigned`, `all`, `queue:ID` (one queue's), or `blocked` (blocked customers', admins).",
            ))
            .examples([serde_json::json!("all"), serde_json::json!("queue:2")])
            .into()
    }
}

impl ToSchema for View {}

impl PartialSchema for ErrorCode {
    fn schema() -> RefOr<Schema> {
        let meanings: Vec<String> = ErrorCode::ALL
            .iter()
            .map(|code| format!("- `{code}` ({}): {}", code.status(), code.meaning()))
            .collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(ErrorCode::ALL.iter().map(|code| code.as_str())))
            .description(Some(format!(
                "The error's stable code (the HTTP status it comes with, and what it means):\n\n{}",
                meanings.join("\n")
            )))
            .into()
    }
}

impl ToSchema for ErrorCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_pattern_takes_what_views_read() {
        let pattern = VIEW_PATTERN.trim_start_matches('^').trim_end_matches('$');
        let inner = pattern.trim_start_matches('(').trim_end_matches(')');
        for word in ["mine", "unassigned", "all", "blocked"] {
            assert!(inner.split('|').any(|w| w == word));
            assert!(word.parse::<View>().is_ok());
        }
        assert!("queue:123456789012345678".parse::<View>().is_ok());
    }

    #[test]
    fn every_timeline_member_has_a_named_schema_with_its_tag() {
        let mut schemas = Vec::new();
        <TimelineItem as ToSchema>::schemas(&mut schemas);
        for (name, tag) in [(TIMELINE_MESSAGE, "message"), (TIMELINE_EVENT, "event")] {
            let (_, RefOr::T(Schema::Object(object))) =
                schemas.iter().find(|(n, _)| n == name).unwrap()
            else {
                panic!("{name} is an object");
            };
            assert!(object.required.contains(&"kind".to_string()));
            let json = serde_json::to_value(&object.properties["kind"]).unwrap();
            assert_eq!(json["enum"], serde_json::json!([tag]));
        }
    }
}
