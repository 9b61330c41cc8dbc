//! What is built is served compressed and cached.
//!
//! The site's files (the inbox's bundle, the widget's, the loader) go out
//! as their brotli or gzip copy when the browser takes one: copies made
//! once, at the highest levels, by `switchboard precompress`. Any other
//! response (pages, JSON, a file without a copy) is compressed as it goes
//! out, at a fast level. The widget's files are linked under URLs that
//! carry their content's hash and are cached for a year; everything else
//! is revalidated by its `Last-Modified`, so a new build is never missed.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The files worth compressing: text, and the WASM bundles. Images and
/// fonts are compressed already.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json", "txt"];

/// Smaller files go out as they are.
const MIN_BYTES: u64 = 1024;

/// The copies ServeDir looks for beside a file, by the encoding's suffix.
const COPIES: &[&str] = &["br", "gz"];

/// A year, for what never changes under its URL.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// One file compressed: its size raw and in each copy.
#[derive(Debug)]
pub struct Compressed {
    pub path: PathBuf,
    pub raw: u64,
    pub brotli: u64,
    pub gzip: u64,
}

/// Writes a brotli (`.br`) and a gzip (`.gz`) copy beside each
/// compressible file under `site_root`. A copy newer than its file is kept,
/// so running it again after a build only redoes what changed.
pub fn precompress(site_root: &Path) -> io::Result<Vec<Compressed>> {
    let mut done = Vec::new();
    for path in files(site_root)? {
        let raw = std::fs::metadata(&path)?.len();
        if raw < MIN_BYTES || !compressible(&path) {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let brotli = write_copy(&path, "br", || {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                lgwin: 22,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
            Ok(out)
        })?;
        let gzip = write_copy(&path, "gz", || {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&bytes)?;
            encoder.finish()
        })?;
        done.push(Compressed {
            path,
            raw,
            brotli,
            gzip,
        });
    }
    Ok(done)
}

/// Removes the copies older than their file (or whose file is gone), so a
/// rebuilt site is never served from the last build's copies.
pub fn forget_stale_copies(site_root: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for path in files(site_root)? {
        let Some(source) = source_of(&path) else {
            continue;
        };
        let fresh = match (modified(&source), modified(&path)) {
            (Some(source), Some(copy)) => copy >= source,
            _ => false,
        };
        if !fresh {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// `Cache-Control` for the site's files: a year for a URL that names its
/// content's version (`?v=`), otherwise ask again each time (answered with
/// 304 Not Modified while the file is the same); `Vary: Accept-Encoding`,
/// since one URL has several encodings.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let versioned = request
        .uri()
        .query()
        .is_some_and(|query| query.split('&').any(|pair| pair.starts_with("v=")));
    let mut response = next.run(request).await;
    let cacheable = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if !cacheable {
        return response;
    }
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let value = if versioned { IMMUTABLE } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    // The same URL answers with a copy by the browser's Accept-Encoding:
    // caches on the way must keep them apart.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// The widget frame's files under URLs that name their content, read
/// when the server starts.
#[derive(Clone, Debug)]
pub struct WidgetFiles {
    pub script: String,
    pub bundle: String,
    pub stylesheet: String,
    /// The uploading script, loaded when a customer first attaches a file.
    pub uploads: String,
    /// The question after a resolve, loaded when the chat first shows it,
    /// and its stylesheet (also the rating page's).
    pub rating: String,
    pub rating_style: String,
}

impl WidgetFiles {
    pub fn read(site_root: &Path) -> Self {
        let versioned = |name: &str| {
            let path = site_root.join("widget").join(name);
            let version = std::fs::read(&path)
                .map(|bytes| hex::encode(&Sha256::digest(&bytes)[..6]))
                .unwrap_or_else(|_| "missing".into());
            format!("/widget/{name}?v={version}")
        };
        WidgetFiles {
            script: versioned("widget.js"),
            bundle: versioned("widget_bg.wasm"),
            stylesheet: versioned("widget.css"),
            uploads: versioned("uploads.js"),
            rating: versioned("rating.js"),
            rating_style: versioned("rating.css"),
        }
    }
}

fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

/// The file a copy was made from (`a.wasm` for `a.wasm.br`).
fn source_of(path: &Path) -> Option<PathBuf> {
    let suffix = path.extension()?.to_str()?;
    COPIES
        .contains(&suffix)
        .then(|| path.with_extension(""))
        .filter(|source| compressible(source))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.modified().ok()
}

/// Writes `path.suffix` from `make` unless a copy newer than the file is
/// there; through a temporary file, so a reader never sees half a copy.
/// Answers the copy's size.
fn write_copy(
    path: &Path,
    suffix: &str,
    make: impl FnOnce() -> io::Result<Vec<u8>>,
) -> io::Result<u64> {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    let copy = PathBuf::from(name);
    if let (Some(source), Some(made)) = (modified(path), modified(&copy)) {
        if made >= source {
            return Ok(std::fs::metadata(&copy)?.len());
        }
    }
    let bytes = make()?;
    let mut partial = copy.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, &bytes)?;
    std::fs::rename(&partial, &copy)?;
    Ok(bytes.len() as u64)
}

/// Every file under `dir`, in a stable order.
fn files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                folders.push(entry.path());
            } else {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("switchboard-assets-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(root.join("pkg")).unwrap();
        root
    }

    #[test]
    fn copies_are_made_once_and_forgotten_when_their_file_changes() {
        let root = site();
        let bundle = root.join("pkg/switchboard.js");
        std::fs::write(&bundle, "export const greeting = 'hello';\n".repeat(200)).unwrap();
        std::fs::write(root.join("pkg/tiny.css"), "body{}").unwrap();
        std::fs::write(root.join("pkg/logo.png"), vec![7u8; 4096]).unwrap();

        let done = precompress(&root).unwrap();
        assert_eq!(
            done.len(),
            1,
            "only the large text file is compressed: {done:?}"
        );
        assert!(done[0].brotli < done[0].raw / 10 && done[0].gzip < done[0].raw / 10);
        let br = root.join("pkg/switchboard.js.br");
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &std::fs::read(&br).unwrap()[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, std::fs::read(&bundle).unwrap());
        assert!(root.join("pkg/switchboard.js.gz").exists());
        assert_eq!(forget_stale_copies(&root).unwrap(), 0, "fresh copies stay");

        // A new build of the file: its copies are stale and go.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&bundle, "export const greeting = 'hi';\n".repeat(200)).unwrap();
        assert_eq!(forget_stale_copies(&root).unwrap(), 2);
        assert!(!br.exists());
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn the_widget_files_are_named_by_their_content() {
        let root = site();
        std::fs::create_dir_all(root.join("widget")).unwrap();
        std::fs::write(root.join("widget/widget.js"), "one").unwrap();
        let first = WidgetFiles::read(&root);
        std::fs::write(root.join("widget/widget.js"), "two").unwrap();
        let second = WidgetFiles::read(&root);
        assert_ne!(first.script, second.script);
        assert!(first.script.starts_with("/widget/widget.js?v="));
        assert_eq!(first.stylesheet, "/widget/widget.css?v=missing");
        std::fs::remove_dir_all(root).unwrap();
    }
}
