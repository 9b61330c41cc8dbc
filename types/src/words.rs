//! The closed sets of words the API speaks (a queue's assignment policy, a
//! webhook delivery's state, an error's code …): each set is written here
//! once, and the server, the store and the OpenAPI document read it.

use serde::{Deserialize, Deserializer};

/// An enum of stable words: `as_str` names each, `FromStr` reads them back
/// (spaces around are ignored), `ALL` lists them in order. On the wire it
/// is its word, read back by `word_at`.
macro_rules! words {
    (
        $(#[$meta:meta])*
        $name:ident ($field:literal) {
            $($(#[$variant_meta:meta])* $variant:ident = $text:tt,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize)]
        pub enum $name {
            $($(#[$variant_meta])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            pub const ALL: [$name; [$($text),*].len()] = [$($name::$variant,)*];
            const WORDS: [&'static str; [$($text),*].len()] = [$($text,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ParseError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let wanted = text.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|word| word.as_str() == wanted)
                    .ok_or_else(|| $crate::ParseError::new($field, text))
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::ALL[$crate::words::word_at(d, &$name::WORDS)?])
            }
        }
    };
}
pub(crate) use words;

/// Where the word read is in `words`, exactly as written. One routine for
/// every set: serde's derive writes a visitor for each enum (about 1.3 KB
/// of WebAssembly apiece, and the customer widget reads several).
pub(crate) fn word_at<'de, D: Deserializer<'de>>(
    d: D,
    words: &'static [&'static str],
) -> Result<usize, D::Error> {
    let word = String::deserialize(d)?;
    words
        .iter()
        .position(|w| *w == word)
        .ok_or_else(|| serde::de::Error::unknown_variant(&word, words))
}

words! {
    /// How a queue assigns its new conversations.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(Default)]
    AssignmentPolicy ("assignment policy") {
        /// No automatic assignment: conversations wait in Pending until an
        /// agent accepts one.
        #[default]
        Off = "off",
        /// Agents take turns in agent id order, going on after the agent who
        /// got the queue's previous conversation.
        RoundRobin = "round_robin",
        /// The agent holding the fewest open conversations; ties take turns.
        LeastBusy = "least_busy",
    }
}

impl AssignmentPolicy {
    /// The name shown to people in the queue settings.
    pub fn label(self) -> &'static str {
        match self {
            AssignmentPolicy::Off => "Off",
            AssignmentPolicy::RoundRobin => "Round robin",
            AssignmentPolicy::LeastBusy => "Least busy",
        }
    }
}

words! {
    /// What a customer attribute holds: `text`, a `number`, a `date`
    /// (`YYYY-MM-DD`), `yes_no` (`true` or `false`), one of a `list`'s
    /// choices, or a `link` (an `http` or `https` address).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(Default)]
    AttributeKind ("attribute kind") {
        #[default]
        Text = "text",
        Number = "number",
        Date = "date",
        YesNo = "yes_no",
        List = "list",
        Link = "link",
    }
}

words! {
    /// Whether the widget asks before the first message: not at all, with
    /// a Skip, or always (verified customers are never asked).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(Default)]
    PrechatMode ("pre-chat mode") {
        #[default]
        Off = "off",
        Optional = "optional",
        Required = "required",
    }
}

words! {
    /// Which side of the host page the widget's launcher sits on.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    WidgetPosition ("position") {
        Right = "right",
        Left = "left",
    }
}

words! {
    /// Where a webhook delivery stands: `waiting` (to be tried, or retried
    /// with back-off), `delivered`, or `failed` for good.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    DeliveryState ("delivery state") {
        Waiting = "waiting",
        Delivered = "delivered",
        Failed = "failed",
    }
}

words! {
    /// The events webhooks receive (the live stream's frames of that `type`).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    WebhookEventType ("webhook event type") {
        MessageCreated = "message.created",
        ConversationUpdated = "conversation.updated",
        TimelineEvent = "timeline.event",
        ContactUpdated = "contact.updated",
    }
}

words! {
    /// A single-use link: an invitation to join the team, or a password reset.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    LinkKind ("link kind") {
        Invite = "invite",
        Reset = "reset",
    }
}

words! {
    /// A change an admin made, in the audit.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    AuditAction ("audit action") {
        TeamSetUp = "team.set_up",
        AgentInvited = "agent.invited",
        InvitationRevoked = "agent.invitation_revoked",
        InvitationRenewed = "agent.invitation_renewed",
        AgentPasswordReset = "agent.password_reset",
        AgentRoleChanged = "agent.role_changed",
        AgentCapacityChanged = "agent.capacity_changed",
        AgentDeactivated = "agent.deactivated",
        AgentReactivated = "agent.reactivated",
        QueueCreated = "queue.created",
        QueueChanged = "queue.changed",
        WebhookCreated = "webhook.created",
        WebhookChanged = "webhook.changed",
        WebhookDeleted = "webhook.deleted",
        MailboxCreated = "mailbox.created",
        MailboxChanged = "mailbox.changed",
        MailboxDeleted = "mailbox.deleted",
        WidgetSettingsChanged = "widget.settings_changed",
        ContactBlocked = "contact.blocked",
        ContactUnblocked = "contact.unblocked",
        LabelCreated = "label.created",
        LabelChanged = "label.changed",
        LabelDeleted = "label.deleted",
        AttributeCreated = "attribute.created",
        AttributeChanged = "attribute.changed",
        AttributeDeleted = "attribute.deleted",
    }
}

words! {
    /// What happened to a conversation, in its history. `data` holds the
    /// details: `conversation.assigned` and `conversation.transferred` name
    /// `to_agent`, `to_queue`, `from_agent` (`{id, name}` each, or null),
    /// and a transfer its `from_queue_id` (or null);
    /// `conversation.returned` names `from_agent`; `conversation.snoozed`
    /// has `until` (RFC 3339); `conversation.page_changed` has `url` and
    /// `title`; `conversation.labelled` and `conversation.unlabelled` name
    /// the `label` (`{id, name, colour}`); `conversation.merged` has `into`
    /// (in the conversation merged away, the number it went into) or `from`
    /// (in the one it joined, the number merged into it); `conversation.rated`
    /// has the customer's `score` (1 to 5) and `comment` (or null).
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    EventType ("event type") {
        Created = "conversation.created",
        Accepted = "conversation.accepted",
        Assigned = "conversation.assigned",
        Transferred = "conversation.transferred",
        Returned = "conversation.returned",
        Resolved = "conversation.resolved",
        Reopened = "conversation.reopened",
        Snoozed = "conversation.snoozed",
        Unsnoozed = "conversation.unsnoozed",
        Deleted = "conversation.deleted",
        Restored = "conversation.restored",
        PageChanged = "conversation.page_changed",
        Labelled = "conversation.labelled",
        Unlabelled = "conversation.unlabelled",
        Merged = "conversation.merged",
        Rated = "conversation.rated",
    }
}

words! {
    /// The stable code of an API error, what integrators match on (the
    /// message is for people). The OpenAPI document lists each with its
    /// meaning, from [`ErrorCode::meaning`].
    ErrorCode ("error code") {
        InvalidInput = "invalid_input",
        InvalidJson = "invalid_json",
        UnsupportedMediaType = "unsupported_media_type",
        InvalidQuery = "invalid_query",
        InvalidPath = "invalid_path",
        Unauthenticated = "unauthenticated",
        BadCredentials = "bad_credentials",
        Forbidden = "forbidden",
        ForbiddenOrigin = "forbidden_origin",
        NotFound = "not_found",
        MethodNotAllowed = "method_not_allowed",
        AlreadyAssigned = "already_assigned",
        Conflict = "conflict",
        PayloadTooLarge = "payload_too_large",
        TooLarge = "too_large",
        NotAllowedNow = "not_allowed_now",
        RateLimited = "rate_limited",
        Internal = "internal",
    }
}

impl ErrorCode {
    /// The HTTP status every error of this code is answered with.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidInput
            | ErrorCode::InvalidJson
            | ErrorCode::UnsupportedMediaType
            | ErrorCode::InvalidQuery
            | ErrorCode::InvalidPath => 400,
            ErrorCode::Unauthenticated | ErrorCode::BadCredentials => 401,
            ErrorCode::Forbidden | ErrorCode::ForbiddenOrigin => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::AlreadyAssigned | ErrorCode::Conflict => 409,
            ErrorCode::PayloadTooLarge | ErrorCode::TooLarge => 413,
            ErrorCode::NotAllowedNow => 422,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    /// What the code means, for people reading the API's documentation.
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => {
                "a value is refused: empty, too long, not a UUID, a time in the past, an unknown view …"
            }
            ErrorCode::InvalidJson => "the body is not JSON, or JSON of the wrong shape",
            ErrorCode::UnsupportedMediaType => {
                "the body was not sent as `Content-Type: application/json`"
            }
            ErrorCode::InvalidQuery => "a query parameter is missing or of the wrong type",
            ErrorCode::InvalidPath => "a path parameter is of the wrong type",
            ErrorCode::Unauthenticated => {
                "no valid session cookie or API token (agents), or contact token (customers)"
            }
            ErrorCode::BadCredentials => "the e-mail or password is wrong",
            ErrorCode::Forbidden => {
                "not allowed: admins only, another agent's conversation, an unverified identity …"
            }
            ErrorCode::ForbiddenOrigin => {
                "a change made with the session cookie from another site (API tokens are not affected)"
            }
            ErrorCode::NotFound => "no such conversation, agent, queue, customer, webhook or path",
            ErrorCode::MethodNotAllowed => "the path exists, but not with this method",
            ErrorCode::AlreadyAssigned => {
                "another agent holds the conversation (the message names them)"
            }
            ErrorCode::Conflict => {
                "it clashes with what exists: a taken name or e-mail, a client_id of another message, another open conversation of the customer"
            }
            ErrorCode::PayloadTooLarge => "the request body is over 64 KiB",
            ErrorCode::TooLarge => "an inbound e-mail is over 1 MiB",
            ErrorCode::NotAllowedNow => {
                "a rule of the lifecycle forbids it now (for example: the conversation is resolved)"
            }
            ErrorCode::RateLimited => "too many requests from this address: wait `Retry-After` seconds",
            ErrorCode::Internal => "something failed on the server's side; it is logged",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::*;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    /// Every word goes out as itself and comes back as the same variant;
    /// a word not in the set is refused, naming the ones that are.
    fn round_trips<T>(all: &[T], as_str: fn(T) -> &'static str)
    where
        T: Copy + PartialEq + std::fmt::Debug + Serialize + DeserializeOwned,
    {
        for &word in all {
            let json = serde_json::to_string(&word).unwrap();
            assert_eq!(json, format!("\"{}\"", as_str(word)));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), word);
        }
        let refused = serde_json::from_str::<T>("\"no_such_word\"").unwrap_err();
        let said = refused.to_string();
        assert!(said.contains("unknown variant `no_such_word`"), "{said}");
        assert!(said.contains(as_str(all[0])), "{said}");
        assert!(serde_json::from_str::<T>("1").is_err());
    }

    #[test]
    fn every_set_of_words_reads_back_what_it_writes() {
        round_trips(&AuthorKind::ALL, AuthorKind::as_str);
        round_trips(&MessageStatus::ALL, MessageStatus::as_str);
        round_trips(&MailState::ALL, MailState::as_str);
        round_trips(&ConversationStatus::ALL, ConversationStatus::as_str);
        round_trips(&BlockKind::ALL, BlockKind::as_str);
        round_trips(&AssignmentPolicy::ALL, AssignmentPolicy::as_str);
        round_trips(&DeliveryState::ALL, DeliveryState::as_str);
        round_trips(&ErrorCode::ALL, ErrorCode::as_str);
        round_trips(&WebhookEventType::ALL, WebhookEventType::as_str);
        round_trips(&AuditAction::ALL, AuditAction::as_str);
        round_trips(&AttributeKind::ALL, AttributeKind::as_str);
        round_trips(&EventType::ALL, EventType::as_str);
        round_trips(&LinkKind::ALL, LinkKind::as_str);
        round_trips(&PrechatMode::ALL, PrechatMode::as_str);
        round_trips(&WidgetPosition::ALL, WidgetPosition::as_str);
    }
}
