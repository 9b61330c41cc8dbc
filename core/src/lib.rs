//! Switchboard's domain: the lifecycle rules, the store (SQLite or
//! PostgreSQL) and the live hub, behind the use cases of [`Switchboard`].
//! No web framework here: the server and the UI call in.

pub mod assignment;
pub mod attachments;
pub mod attributes;
pub mod auth;
pub mod clock;
pub mod contact_import;
pub mod contacts;
pub mod counts;
pub mod customer;
pub mod demo;
pub mod email;
pub mod error;
pub mod feed;
pub mod formatting;
pub mod hub;
pub mod labels;
pub mod lifecycle;
pub mod prechat;
pub mod presence;
pub mod reports;
pub mod satisfaction;
pub mod saved_replies;
pub mod store;
mod switchboard;
#[cfg(feature = "testing")]
pub mod testing;
pub mod visits;
pub mod webhooks;
pub mod working_hours;

pub use customer::Customer;
pub use error::{Error, Result};
pub use hub::{Hub, Published, Viewer};
pub use store::Store;
pub use switchboard::{
    merge_attributes, Download, InboundEmail, MailRoute, Switchboard, Visitor, DEFAULT_PAGE,
    MAX_ATTRIBUTES, MAX_ATTRIBUTE_NAME_CHARS, MAX_ATTRIBUTE_VALUE_CHARS, MAX_PAGE, MAX_REPLAY,
    MAX_SEARCH_CHARS,
};
pub use switchboard_types as types;
