//! A message's light formatting as the server read it once (links,
//! `*bold*`, `_italic_`, `` `code` ``, code blocks, lists): a small
//! structure of blocks and runs of text that the inbox, the widget and
//! staff chat draw as elements. It is never HTML: a run is text, and a
//! link only ever `http`, `https` or `mailto`.

use crate::words::words;
use serde::{Deserialize, Serialize};

/// One block of a formatted message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Block {
    pub kind: BlockKind,
    /// A numbered item's number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u64>,
    pub runs: Vec<Run>,
}

words! {
    /// What a block is. Consecutive items of one kind make one list.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    BlockKind ("block kind") {
        Paragraph = "paragraph",
        /// Quoted text (`> `).
        Quote = "quote",
        /// A code block: one run, its lines as written.
        Code = "code",
        /// An item of a bulleted list (`- `, `* `).
        Bullet = "bullet",
        /// An item of a numbered list (`1. `).
        Numbered = "numbered",
    }
}

/// A run of text in one style. Line breaks inside a run are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Run {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub code: bool,
    /// Where the run links to: an `http`, `https` or `mailto` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !b
}
