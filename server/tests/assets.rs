//! What a browser receives for the built site: the precompressed copy it
//! asks for, the right caching, versioned widget files, and compressed
//! dynamic responses. Over HTTP, against a real server and a site folder.

mod common;

use common::*;
use std::io::Read;
use std::path::PathBuf;

/// A built site in miniature: the inbox's bundle and the widget's files,
/// with brotli and gzip copies made by the same code as `switchboard
/// precompress`.
fn site() -> PathBuf {
    let root = std::env::temp_dir().join(format!("switchboard-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::create_dir_all(root.join("widget")).unwrap();
    let code = "(function(){ return 'a bundle that compresses well'; })();\n".repeat(400);
    std::fs::write(root.join("pkg/switchboard.js"), &code).unwrap();
    std::fs::write(root.join("widget/widget.js"), &code).unwrap();
    std::fs::write(root.join("widget/widget_bg.wasm"), code.as_bytes()).unwrap();
    std::fs::write(root.join("widget/widget.css"), "body { margin: 0 }").unwrap();
    let done = switchboard::assets::precompress(&root).unwrap();
    assert_eq!(done.len(), 3, "the two scripts and the bundle: {done:?}");
    root
}

async fn get(server: &Server, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = server.http.get(server.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_site_goes_out_compressed_and_cached() {
    let root = site();
    let server = serve_with(
        switchboard_core::testing::sqlite().await,
        Setup {
            site_root: Some(root.display().to_string()),
            ..Setup::default()
        },
    )
    .await;
    let raw = std::fs::read(root.join("pkg/switchboard.js")).unwrap();

    // Brotli for a browser that takes it: the copy itself, byte for byte.
    let response = get(
        &server,
        "/pkg/switchboard.js",
        &[("Accept-Encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), "br");
    assert!(header(&response, "vary")
        .to_lowercase()
        .contains("accept-encoding"));
    assert_eq!(header(&response, "cache-control"), "no-cache");
    let last_modified = header(&response, "last-modified");
    assert!(!last_modified.is_empty());
    let body = response.bytes().await.unwrap();
    assert_eq!(
        body,
        std::fs::read(root.join("pkg/switchboard.js.br")).unwrap()
    );
    assert!(
        body.len() * 10 < raw.len(),
        "{} of {} bytes",
        body.len(),
        raw.len()
    );

    // Gzip for one that takes only gzip; the file as it is for one that
    // takes nothing.
    let response = get(
        &server,
        "/pkg/switchboard.js",
        &[("Accept-Encoding", "gzip")],
    )
    .await;
    assert_eq!(header(&response, "content-encoding"), "gzip");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(&response.bytes().await.unwrap()[..])
        .read_to_end(&mut unpacked)
        .unwrap();
    assert_eq!(unpacked, raw);
    let response = get(&server, "/pkg/switchboard.js", &[]).await;
    assert_eq!(header(&response, "content-encoding"), "");
    assert_eq!(response.bytes().await.unwrap(), raw);

    // Asked again, an unchanged file is not sent again.
    let response = get(
        &server,
        "/pkg/switchboard.js",
        &[
            ("If-Modified-Since", &last_modified),
            ("Accept-Encoding", "br"),
        ],
    )
    .await;
    assert_eq!(response.status(), 304);

    // The widget frame links its files by their content; under those URLs
    // they are kept for a year.
    let frame = get(&server, "/widget/frame", &[])
        .await
        .text()
        .await
        .unwrap();
    for name in ["widget.js", "widget_bg.wasm", "widget.css"] {
        let start = frame
            .find(&format!("/widget/{name}?v="))
            .unwrap_or_else(|| panic!("the frame links {name} by version:\n{frame}"));
        let url = &frame[start..frame[start..].find('"').unwrap() + start];
        let response = get(&server, url, &[("Accept-Encoding", "br")]).await;
        assert_eq!(response.status(), 200, "{url}");
        assert_eq!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable",
            "{url}"
        );
    }

    // A file that is not there is the UI's "not found", never cached.
    let response = get(&server, "/pkg/nothing-here.js", &[]).await;
    assert_eq!(response.status(), 404);
    assert_eq!(header(&response, "cache-control"), "");

    // Dynamic responses are compressed as they go out.
    let plain = get(&server, "/api/openapi.json", &[])
        .await
        .bytes()
        .await
        .unwrap();
    let response = get(&server, "/api/openapi.json", &[("Accept-Encoding", "br")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), "br");
    let mut unpacked = Vec::new();
    brotli::BrotliDecompress(&mut &response.bytes().await.unwrap()[..], &mut unpacked).unwrap();
    assert_eq!(unpacked, plain);
    assert!(plain.len() > 10_000);

    std::fs::remove_dir_all(root).unwrap();
}
