//! Files sent with messages: what a client is told of one, and how it is
//! shown (an image with a thumbnail, or a file to download).

use serde::{Deserialize, Serialize};

/// A file, uploaded and then sent with a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// A UUID: what a message's `attachments` name when it is sent.
    pub id: String,
    /// The file's name as it was uploaded, made safe to show.
    pub name: String,
    /// In bytes.
    pub size: i64,
    /// Told by the file's content, never by its name or the uploader.
    pub content_type: String,
    /// Where its bytes are, relative to the server's address. An agent's
    /// link needs their session or API token; a customer's is signed and
    /// works for a day without one.
    pub url: String,
    /// A small picture of an image (JPEG, at most 480 pixels a side); absent for anything else. When present, the file is an image
    /// a browser may show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
}

impl Attachment {
    /// Shown as a picture (it has a thumbnail), not as a file to download.
    pub fn is_image(&self) -> bool {
        self.thumbnail_url.is_some()
    }
}

/// A size as people read it: `512 B`, `120 KB`, `2.1 MB`.
pub fn size_in_words(bytes: i64) -> String {
    match bytes {
        i64::MIN..1_000 => format!("{} B", bytes.max(0)),
        1_000..1_000_000 => format!("{} KB", bytes / 1_000),
        _ => {
            let tenths = bytes / 100_000;
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_in_words(0), "0 B");
        assert_eq!(size_in_words(999), "999 B");
        assert_eq!(size_in_words(180_400), "180 KB");
        assert_eq!(size_in_words(2_150_000), "2.1 MB");
        assert_eq!(size_in_words(20_000_000), "20.0 MB");
    }
}
