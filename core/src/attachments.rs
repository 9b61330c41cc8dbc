//! Attachments: the rules a file meets before it is kept (its size, its
//! type told by its content, its name made safe), where its bytes live (a
//! folder by default, S3-compatible storage for several nodes), the
//! thumbnail of an image, and the signed links customers fetch files by.
//!
//! A file's life: uploaded (streamed to the store, its type checked on its
//! first bytes, its checksum taken on the way), then sent with one message
//! by whoever uploaded it. Only someone who may see that message's
//! conversation fetches it afterwards.

use crate::error::{Error, Result};
use bytes::Bytes;
use futures::{Stream, StreamExt};
use hmac::{Hmac, Mac};
use object_store::{path::Path, ObjectStore, PutPayload, WriteMultipart};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use switchboard_types::Attachment;

/// The largest file, in bytes (20 MB).
pub const MAX_FILE_BYTES: i64 = 20 * 1000 * 1000;
/// The most files one message carries.
pub const MAX_FILES_PER_MESSAGE: usize = 10;
/// The most bytes of files one message carries.
pub const MAX_MESSAGE_BYTES: i64 = 50 * 1000 * 1000;
/// The longest file name kept, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// How long a customer's signed link works, in seconds (a day).
pub const CUSTOMER_LINK_SECS: i64 = 24 * 60 * 60;
/// What every thumbnail is.
pub const THUMBNAIL_TYPE: &str = "image/jpeg";
/// How long a file uploaded but never sent is kept (a browser's outbox
/// may send its message after a night offline).
pub const UNSENT_KEPT_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// A thumbnail's largest side, in pixels.
const THUMBNAIL_SIDE: u32 = 480;
/// An image is decoded for its thumbnail only up to this many pixels a
/// side and this much memory, so a small file that claims to be a huge
/// picture (a decompression bomb) is refused, not decoded.
const MAX_DECODED_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// How much of a file is read to tell its type.
const SNIFF_BYTES: usize = 8 * 1024;

/// The types a file may have, told by its content: pictures, documents,
/// archives, sound and video, and plain text. Programs and pages a browser
/// would run (HTML, SVG, scripts, executables) are refused or, being text,
/// only ever downloaded as text.
const ALLOWED_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/bmp",
    "image/heif",
    "image/avif",
    "image/tiff",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-7z-compressed",
    "application/vnd.rar",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/rtf",
    "audio/mpeg",
    "audio/x-wav",
    "audio/ogg",
    "audio/mp4",
    "audio/x-flac",
    "video/mp4",
    "video/quicktime",
    "video/webm",
];

/// Plain text, as every text file is served (never HTML or SVG).
pub const TEXT: &str = "text/plain; charset=utf-8";

/// Pictures a browser shows and the server makes thumbnails of.
const RASTER: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];

/// The type of a file, told by its first bytes: `None` when it is not
/// one Switchboard takes.
pub fn detect_type(head: &[u8]) -> Option<&'static str> {
    match infer::get(head) {
        // HTML, XML and scripts are text: kept, and only ever served as
        // plain text to download.
        Some(kind) if kind.matcher_type() == infer::MatcherType::Text => Some(TEXT),
        Some(kind) => {
            let mime = kind.mime_type();
            ALLOWED_TYPES
                .iter()
                .find(|t| **t == mime)
                .copied()
                // The 7-Zip, RAR and Office 97 signatures infer names otherwise.
                .or(match mime {
                    "application/x-rar-compressed" => Some("application/vnd.rar"),
                    "application/x-ole-storage" => Some("application/msword"),
                    _ => None,
                })
        }
        None if looks_like_text(head) => Some(TEXT),
        None => None,
    }
}

/// UTF-8 without NUL (a file cut mid-character at the sniffed length still
/// counts).
fn looks_like_text(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() >= SNIFF_BYTES,
    }
}

/// Whether a browser may show the file in place (a raster image): every
/// other file is served as a download.
pub fn shown_inline(content_type: &str) -> bool {
    RASTER.contains(&content_type)
}

/// A file's name as kept and shown: its last path part, without control
/// characters or quotes, at most [`MAX_NAME_CHARS`] characters (its
/// extension kept), `file` when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '\u{202e}' | '\u{202d}'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        return "file".into();
    }
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned.to_string();
    }
    let extension = cleaned
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|ext| !ext.is_empty() && ext.chars().count() <= 10);
    match extension {
        Some(ext) => {
            let keep = MAX_NAME_CHARS - ext.chars().count() - 1;
            format!("{}.{ext}", cleaned.chars().take(keep).collect::<String>())
        }
        None => cleaned.chars().take(MAX_NAME_CHARS).collect(),
    }
}

/// Who uploaded a file: only they may send it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Uploader {
    Agent(i64),
    Contact(i64),
}

/// What a message keeps of each of its files (the JSON in
/// `messages.attachments`): enough to show them without another read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kept {
    pub id: String,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    pub thumbnail: bool,
}

impl Kept {
    /// As agents see it: links their session or token opens.
    pub fn for_agents(&self) -> Attachment {
        let url = format!("/api/v1/attachments/{}", self.id);
        Attachment {
            thumbnail_url: self.thumbnail.then(|| format!("{url}/thumbnail")),
            url,
            id: self.id.clone(),
            name: self.name.clone(),
            size: self.size,
            content_type: self.content_type.clone(),
        }
    }
}

/// A message's files as the store keeps them (`None` without any).
pub fn kept_json(files: &[Kept]) -> Result<Option<String>> {
    if files.is_empty() {
        return Ok(None);
    }
    crate::switchboard::to_json(&files).map(Some)
}

/// A message's files from what the store kept.
pub fn read_kept(json: Option<&str>) -> Vec<Kept> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// Checks the files chosen for one message: not too many, not too large
/// together.
pub fn check_message_files(files: &[Kept]) -> Result<()> {
    if files.len() > MAX_FILES_PER_MESSAGE {
        return Err(Error::Invalid(format!(
            "a message can carry at most {MAX_FILES_PER_MESSAGE} files"
        )));
    }
    let total: i64 = files.iter().map(|f| f.size).sum();
    if total > MAX_MESSAGE_BYTES {
        return Err(Error::TooLarge(format!(
            "a message's files can be at most {} together",
            switchboard_types::size_in_words(MAX_MESSAGE_BYTES)
        )));
    }
    Ok(())
}

/// Signs and checks the links customers fetch their files by: the file's
/// id and an expiry, under a secret only the server knows.
#[derive(Clone)]
pub struct Signer {
    secret: Arc<str>,
}

type HmacSha256 = Hmac<Sha256>;

impl Signer {
    pub fn new(secret: &str) -> Self {
        Signer {
            secret: secret.into(),
        }
    }

    fn mac(&self, what: &str, id: &str, expires: i64) -> Option<HmacSha256> {
        // HMAC takes a key of any length.
        let mut mac = HmacSha256::new_from_slice(self.secret.as_bytes()).ok()?;
        mac.update(format!("{what}:{id}:{expires}").as_bytes());
        Some(mac)
    }

    fn signature(&self, what: &str, id: &str, expires: i64) -> String {
        self.mac(what, id, expires)
            .map(|mac| hex::encode(mac.finalize().into_bytes()))
            .unwrap_or_default()
    }

    fn link(&self, what: &str, id: &str, now_secs: i64) -> String {
        let expires = now_secs + CUSTOMER_LINK_SECS;
        let signature = self.signature(what, id, expires);
        let tail = if what == "thumbnail" {
            "/thumbnail"
        } else {
            ""
        };
        format!("/api/v1/widget/attachments/{id}{tail}?expires={expires}&signature={signature}")
    }

    /// A file as its customer sees it: signed links that work for a day.
    pub fn for_customer(&self, kept: &Kept, now_secs: i64) -> Attachment {
        Attachment {
            url: self.link("file", &kept.id, now_secs),
            thumbnail_url: kept
                .thumbnail
                .then(|| self.link("thumbnail", &kept.id, now_secs)),
            id: kept.id.clone(),
            name: kept.name.clone(),
            size: kept.size,
            content_type: kept.content_type.clone(),
        }
    }

    /// Checks a customer's link: refused when altered or expired.
    pub fn check(
        &self,
        thumbnail: bool,
        id: &str,
        expires: i64,
        signature: &str,
        now_secs: i64,
    ) -> Result<()> {
        let what = if thumbnail { "thumbnail" } else { "file" };
        // Compared in constant time, by the MAC itself.
        let valid = hex::decode(signature).ok().is_some_and(|claimed| {
            self.mac(what, id, expires)
                .is_some_and(|mac| mac.verify_slice(&claimed).is_ok())
        });
        if !valid {
            return Err(Error::Forbidden("this file link is not valid".into()));
        }
        if expires < now_secs {
            return Err(Error::Forbidden(
                "this file link has expired: open the chat again for a fresh one".into(),
            ));
        }
        Ok(())
    }
}

/// A file as it was stored by [`Files::put`].
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: String,
    pub size: i64,
    pub content_type: &'static str,
    pub checksum: String,
    pub thumbnail: bool,
}

/// Where the bytes of files live: a folder, or S3-compatible storage.
#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// Where in the store: a folder's absolute path (made with its first
    /// file), or nothing.
    prefix: String,
    /// Said in logs: where files go.
    place: String,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.place)
    }
}

fn storage_error(e: object_store::Error) -> Error {
    Error::Internal(format!("the attachment store failed: {e}"))
}

impl Files {
    /// Files in a folder, made with the first file.
    pub fn folder(dir: &std::path::Path) -> Result<Self> {
        let absolute = std::path::absolute(dir).map_err(|e| {
            Error::Invalid(format!("the attachments folder {}: {e}", dir.display()))
        })?;
        let prefix = absolute
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/");
        Ok(Files {
            store: Arc::new(object_store::local::LocalFileSystem::new()),
            prefix,
            place: format!("the folder {}", absolute.display()),
        })
    }

    /// Files kept in memory, for a database that is itself in memory.
    pub fn in_memory() -> Self {
        Files {
            store: Arc::new(object_store::memory::InMemory::new()),
            prefix: String::new(),
            place: "memory".into(),
        }
    }

    /// Files at `url`: `s3://bucket/prefix` (credentials, region and a
    /// custom endpoint from the usual `AWS_*` environment variables), or a
    /// folder (`file:///path` or a plain path).
    pub fn at(url: &str) -> Result<Self> {
        Files::at_with(url, &[])
    }

    /// Files at `url`, S3's settings from the environment and then from
    /// `options` (object_store's names: `aws_endpoint`, `aws_region` …).
    pub fn at_with(url: &str, options: &[(&str, &str)]) -> Result<Self> {
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(Error::Invalid(format!(
                    "{url} names no bucket: write s3://bucket/prefix"
                )));
            }
            let mut builder =
                object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
            for (key, value) in options {
                let key = key
                    .parse::<object_store::aws::AmazonS3ConfigKey>()
                    .map_err(|e| Error::Invalid(format!("an S3 setting: {e}")))?;
                builder = builder.with_config(key, *value);
            }
            let s3 = builder.build().map_err(storage_error)?;
            let prefix = prefix.trim_matches('/');
            let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
            };
            return Ok(Files {
                store,
                prefix: String::new(),
                place: url.to_string(),
            });
        }
        let path = url.strip_prefix("file://").unwrap_or(url);
        if path.contains("://") {
            return Err(Error::Invalid(format!(
                "attachments can be kept in a folder or at s3://bucket/prefix, not at {url}"
            )));
        }
        Files::folder(std::path::Path::new(path))
    }

    /// The default place for the files of the database at `database_url`.
    pub fn beside(database_url: &str) -> Result<Self> {
        if !database_url.starts_with("sqlite:") {
            return Files::folder(std::path::Path::new("attachments"));
        }
        let options =
            <sqlx::sqlite::SqliteConnectOptions as std::str::FromStr>::from_str(database_url)
                .map_err(|e| {
                    Error::Invalid(format!("DATABASE_URL is not a usable SQLite URL: {e}"))
                })?;
        let file = options.get_filename();
        if file.as_os_str().is_empty() || file.to_string_lossy().contains(":memory:") {
            return Ok(Files::in_memory());
        }
        let mut folder = file.as_os_str().to_owned();
        folder.push("-attachments");
        Files::folder(std::path::Path::new(&folder))
    }

    /// Where files go, in words.
    pub fn place(&self) -> &str {
        &self.place
    }

    fn path(&self, kind: &str, id: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(format!("{kind}/{id}"))
        } else {
            Path::from(format!("{}/{kind}/{id}", self.prefix))
        }
    }

    /// Streams an upload to the store: its type told by its first bytes
    /// (refused before anything is written when not allowed), its size
    /// held to [`MAX_FILE_BYTES`] as it arrives (the part written is
    /// removed), its checksum taken on the way. An image gets a thumbnail.
    pub async fn put<S, E>(&self, mut body: S) -> Result<Stored>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let read_error = |e: E| Error::Invalid(format!("the upload broke off: {e}"));
        // The first bytes, to tell the type before writing.
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        let mut ended = false;
        while head.len() < SNIFF_BYTES {
            match body.next().await {
                Some(chunk) => head.extend_from_slice(&chunk.map_err(read_error)?),
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if head.is_empty() {
            return Err(Error::Invalid("the file is empty".into()));
        }
        let content_type = detect_type(&head).ok_or_else(|| {
            Error::Invalid(
                "files of this type cannot be sent: send a picture, a document, an archive, \
                 sound, video or text"
                    .into(),
            )
        })?;
        let id = uuid::Uuid::new_v4().to_string();
        let path = self.path("files", &id);
        let too_large = || {
            Error::TooLarge(format!(
                "a file can be at most {}",
                switchboard_types::size_in_words(MAX_FILE_BYTES)
            ))
        };
        let mut size = head.len() as i64;
        if size > MAX_FILE_BYTES {
            return Err(too_large());
        }
        let mut digest = Sha256::new();
        digest.update(&head);
        let upload = self
            .store
            .put_multipart(&path)
            .await
            .map_err(storage_error)?;
        let mut writer = WriteMultipart::new(upload);
        writer.write(&head);
        let mut image = shown_inline(content_type).then(|| head.clone());
        drop(head);
        let written: Result<()> = async {
            if ended {
                return Ok(());
            }
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(read_error)?;
                size += chunk.len() as i64;
                if size > MAX_FILE_BYTES {
                    return Err(too_large());
                }
                digest.update(&chunk);
                writer.wait_for_capacity(2).await.map_err(storage_error)?;
                writer.write(&chunk);
                if let Some(image) = image.as_mut() {
                    image.extend_from_slice(&chunk);
                }
            }
            Ok(())
        }
        .await;
        if let Err(e) = written {
            let _ = writer.abort().await;
            return Err(e);
        }
        writer.finish().await.map_err(storage_error)?;
        let thumbnail = match image {
            Some(bytes) => self.make_thumbnail(&id, bytes).await,
            None => false,
        };
        Ok(Stored {
            id,
            size,
            content_type,
            checksum: hex::encode(digest.finalize()),
            thumbnail,
        })
    }

    /// Makes and stores an image's thumbnail; `false` (the file is then
    /// served as a download) when the picture cannot be decoded safely.
    async fn make_thumbnail(&self, id: &str, bytes: Vec<u8>) -> bool {
        let made = tokio::task::spawn_blocking(move || thumbnail(&bytes)).await;
        let Ok(Some(small)) = made else {
            return false;
        };
        match self
            .store
            .put(&self.path("thumbnails", id), PutPayload::from(small))
            .await
        {
            Ok(_) => true,
            Err(e) => {
                tracing::warn!(error = %e, "storing a thumbnail failed");
                false
            }
        }
    }

    /// Removes a file's bytes, and its thumbnail's (gone already is fine).
    pub async fn delete(&self, id: &str, thumbnail: bool) -> Result<()> {
        let mut paths = vec![self.path("files", id)];
        if thumbnail {
            paths.push(self.path("thumbnails", id));
        }
        for path in paths {
            match self.store.delete(&path).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(storage_error(e)),
            }
        }
        Ok(())
    }

    /// A file's bytes, as a stream (never held whole).
    pub async fn get(
        &self,
        id: &str,
        thumbnail: bool,
    ) -> Result<impl Stream<Item = std::result::Result<Bytes, object_store::Error>>> {
        let path = self.path(if thumbnail { "thumbnails" } else { "files" }, id);
        match self.store.get(&path).await {
            Ok(found) => Ok(found.into_stream()),
            Err(object_store::Error::NotFound { .. }) => Err(Error::NotFound("file")),
            Err(e) => Err(storage_error(e)),
        }
    }
}

/// A picture's thumbnail, as JPEG (transparency over white), or `None`
/// when it cannot be decoded within the limits.
fn thumbnail(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let picture = reader.decode().ok()?;
    let small = if picture.width() > THUMBNAIL_SIDE || picture.height() > THUMBNAIL_SIDE {
        picture.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    } else {
        picture
    };
    let rgba = small.to_rgba8();
    let flat = image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over_white = |c: u8| ((c as u16 * a as u16 + 255 * (255 - a as u16)) / 255) as u8;
        image::Rgb([over_white(r), over_white(g), over_white(b)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(flat)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .ok()?;
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];

    #[test]
    fn a_type_is_told_by_content_not_by_name() {
        assert_eq!(detect_type(PNG), Some("image/png"));
        assert_eq!(detect_type(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(detect_type("héllo, a note\n".as_bytes()), Some(TEXT));
        // HTML and SVG are text: served as plain text, downloaded.
        assert_eq!(detect_type(b"<svg onload=alert(1)>"), Some(TEXT));
        assert_eq!(detect_type(b"<html><script>alert(1)</script>"), Some(TEXT));
        assert_eq!(detect_type(b"#!/bin/sh\nrm -rf /"), Some(TEXT));
        // A program is refused.
        assert_eq!(detect_type(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"), None);
        assert_eq!(detect_type(b"\x7fELF\x02\x01\x01\x00\x00\x00"), None);
        assert_eq!(detect_type(&[0u8, 1, 2, 3, 0, 0, 0xff]), None);
    }

    #[test]
    fn only_raster_pictures_are_shown_in_place() {
        assert!(shown_inline("image/png"));
        assert!(shown_inline("image/jpeg"));
        assert!(!shown_inline("image/svg+xml"));
        assert!(!shown_inline(TEXT));
        assert!(!shown_inline("application/pdf"));
    }

    #[test]
    fn names_are_made_safe_to_show_and_to_send_in_a_header() {
        assert_eq!(clean_name("C:\\Users\\me\\invoice.pdf"), "invoice.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b<c>\r\nd.txt"), "abcd.txt");
        assert_eq!(clean_name("evil\u{202e}fdp.exe"), "evilfdp.exe");
        assert_eq!(clean_name("   "), "file");
        assert_eq!(clean_name(".htaccess"), "htaccess");
        let long = format!("{}.png", "x".repeat(300));
        let cleaned = clean_name(&long);
        assert_eq!(cleaned.chars().count(), MAX_NAME_CHARS);
        assert!(cleaned.ends_with(".png"));
    }

    #[test]
    fn a_signed_link_works_until_it_expires_and_not_once_altered() {
        let signer = Signer::new("secret");
        let kept = Kept {
            id: "f1".into(),
            name: "a.png".into(),
            size: 10,
            content_type: "image/png".into(),
            thumbnail: true,
        };
        let seen = signer.for_customer(&kept, 1_000);
        let query = |url: &str| -> (i64, String) {
            let q = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
            let mut expires = 0;
            let mut signature = String::new();
            for pair in q.split('&') {
                match pair.split_once('=') {
                    Some(("expires", v)) => expires = v.parse().unwrap_or_default(),
                    Some(("signature", v)) => signature = v.to_string(),
                    _ => {}
                }
            }
            (expires, signature)
        };
        let (expires, signature) = query(&seen.url);
        assert!(signer
            .check(false, "f1", expires, &signature, 1_000)
            .is_ok());
        // Not for another file, nor the thumbnail, nor later, nor altered.
        assert!(signer
            .check(false, "f2", expires, &signature, 1_000)
            .is_err());
        assert!(signer
            .check(true, "f1", expires, &signature, 1_000)
            .is_err());
        assert!(signer
            .check(false, "f1", expires + 1, &signature, 1_000)
            .is_err());
        assert!(signer
            .check(false, "f1", expires, &signature, expires + 1)
            .is_err());
        let (t_expires, t_signature) = query(seen.thumbnail_url.as_deref().unwrap_or_default());
        assert!(signer
            .check(true, "f1", t_expires, &t_signature, 1_000)
            .is_ok());
        assert!(Signer::new("other")
            .check(false, "f1", expires, &signature, 1_000)
            .is_err());
    }

    #[test]
    fn a_message_carries_a_bounded_number_and_size_of_files() {
        let file = |size| Kept {
            id: "x".into(),
            name: "x".into(),
            size,
            content_type: TEXT.into(),
            thumbnail: false,
        };
        assert!(check_message_files(&vec![file(1); MAX_FILES_PER_MESSAGE]).is_ok());
        assert!(check_message_files(&vec![file(1); MAX_FILES_PER_MESSAGE + 1]).is_err());
        assert!(check_message_files(&vec![file(MAX_FILE_BYTES); 3]).is_err());
    }

    #[tokio::test]
    async fn an_upload_is_streamed_checked_and_given_a_thumbnail() {
        let files = Files::in_memory();
        // A real 2×2 PNG with transparency.
        let mut png = Vec::new();
        image::DynamicImage::ImageRgba8(image::RgbaImage::new(2, 2))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let chunks = png
            .chunks(7)
            .map(|c| Ok::<_, std::io::Error>(Bytes::copy_from_slice(c)))
            .collect::<Vec<_>>();
        let stored = files.put(futures::stream::iter(chunks)).await.unwrap();
        assert_eq!(stored.content_type, "image/png");
        assert_eq!(stored.size, png.len() as i64);
        assert!(stored.thumbnail);
        assert_eq!(stored.checksum, hex::encode(Sha256::digest(&png)));
        let back: Vec<Bytes> = files
            .get(&stored.id, false)
            .await
            .unwrap()
            .map(|c| c.unwrap())
            .collect()
            .await;
        assert_eq!(back.concat(), png);

        // Too large: refused as it arrives, nothing kept.
        let big = futures::stream::iter(
            (0..=(MAX_FILE_BYTES / 1_000_000))
                .map(|_| Ok::<_, std::io::Error>(Bytes::from(vec![b'a'; 1_000_000]))),
        );
        assert!(matches!(files.put(big).await, Err(Error::TooLarge(_))));

        // A picture that is not one: kept as a file, without a thumbnail.
        let broken = futures::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(PNG))]);
        let stored = files.put(broken).await.unwrap();
        assert!(!stored.thumbnail);

        // A picture wider than any decoded here (a small file, as a
        // decompression bomb is) gets no thumbnail.
        let mut wide = Vec::new();
        image::DynamicImage::ImageLuma8(image::GrayImage::new(MAX_DECODED_SIDE + 1, 1))
            .write_to(
                &mut std::io::Cursor::new(&mut wide),
                image::ImageFormat::Png,
            )
            .unwrap();
        assert!(wide.len() < 10_000);
        assert!(thumbnail(&wide).is_none());
    }
}
