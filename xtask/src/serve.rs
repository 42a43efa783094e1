//! `cargo xtask serve`: the site without wasm-opt on 127.0.0.1, rebuilt and reloaded on save.
//!
//! The bundles are built once with `trunk build` (no trunk inside trunk, no `trunk serve`);
//! then this loop watches the sources and serves `dist/` itself:
//! - a saved lesson is compiled here, in-process, straight into `dist/` (the course and the page
//!   copies; no cargo, no trunk, no wasm), so it is served again well within a second;
//! - saved app code, styles or pages rebuild the bundles (`trunk build`, still without
//!   wasm-opt), which takes as long as the compiler takes.
//!
//! Every HTML page served gets a small script that asks `/.hookwise/version` twice a second and
//! reloads the page when a build finished. A broken lesson prints its diagnostics and leaves the
//! last good version served.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::{build_bundles, course_and_pages, say, Toolchain, LESSONS};

/// The served site.
const SITE: &str = "dist";
/// The bundles' sources: a change rebuilds them.
const CODE: &[&str] =
    &["src", "crates/hookwise-core/src", "style", "index.html", "app/index.html", "team/index.html", "Cargo.toml"];
/// The address the reload script asks; its answer is the number of the last build.
const VERSION: &str = "/.hookwise/version";

/// The script added to every served page (serve only: release pages carry no such script).
fn reload_script(version: u64) -> String {
    format!(
        "<script>(()=>{{const v='{version}';setInterval(async()=>{{try{{const r=await fetch('{VERSION}',{{cache:'no-store'}});\
         if((await r.text())!==v)location.reload();}}catch(e){{}}}},500);}})();</script>"
    )
}

/// The newest modification time under `paths`.
fn newest(paths: &[&str]) -> SystemTime {
    fn walk(path: &Path, newest: &mut SystemTime) {
        let Ok(meta) = path.metadata() else { return };
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
                walk(&entry.path(), newest);
            }
        } else if let Ok(modified) = meta.modified() {
            *newest = (*newest).max(modified);
        }
    }
    let mut newest = SystemTime::UNIX_EPOCH;
    for path in paths {
        walk(Path::new(path), &mut newest);
    }
    newest
}

/// The whole site without wasm-opt: the app and dashboard bundles, then the catalogue's (whose
/// hook compiles the course and writes the page copies).
fn build_site(toolchain: Toolchain) -> Result<(), String> {
    build_bundles(toolchain, false)
}

pub fn serve(toolchain: Toolchain, port: u16) -> Result<(), String> {
    say("building (first build: several minutes)");
    let mut code_seen = SystemTime::now();
    build_site(toolchain)?;
    let mut lessons_seen = newest(&[LESSONS]);
    let version = Arc::new(AtomicU64::new(1));
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let served = Arc::clone(&version);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let version = served.load(Ordering::Relaxed);
            std::thread::spawn(move || {
                let _ = answer(stream, version);
            });
        }
    });
    say(&format!("serving at http://127.0.0.1:{port}/ (Ctrl-C stops; saving a lesson reloads)"));
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let lessons = newest(&[LESSONS]);
        if lessons > lessons_seen {
            lessons_seen = lessons;
            let started = std::time::Instant::now();
            // On an error the diagnostics are printed and nothing is written.
            match course_and_pages(Path::new(LESSONS), Path::new(SITE)) {
                Ok(()) => {
                    version.fetch_add(1, Ordering::Relaxed);
                    say(&format!("the course is served again ({} ms)", started.elapsed().as_millis()));
                }
                Err(e) => say(&format!("error: {e}; the last good version stays served")),
            }
        }
        let code = newest(CODE);
        if code > code_seen {
            code_seen = SystemTime::now();
            say("the app's code changed: rebuilding the bundles");
            match build_site(toolchain) {
                Ok(()) => {
                    version.fetch_add(1, Ordering::Relaxed);
                }
                // The last good site stays served; the compiler's messages are above.
                Err(e) => say(&format!("error: {e}")),
            }
        }
    }
}

/// The file for a request path: a folder's `index.html`; an unknown path without an extension
/// gets the site's `index.html` (as the static hosts in deploy/ do). `None`: not found.
fn file_for(site: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = site.join(relative);
    if file.is_dir() {
        return Some(file.join("index.html")).filter(|f| f.is_file());
    }
    if file.is_file() {
        return Some(file);
    }
    relative.extension().is_none().then(|| site.join("index.html"))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Answers one request (GET or HEAD) and closes the connection.
fn answer(stream: TcpStream, version: u64) -> std::io::Result<()> {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // The headers are not needed; read them so that the client sees a clean close.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let (status, kind, body) = if path == VERSION {
        ("200 OK", "text/plain", version.to_string().into_bytes())
    } else {
        match file_for(Path::new(SITE), path).and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
            Some((file, bytes)) if content_type(&file).starts_with("text/html") => {
                let html = String::from_utf8_lossy(&bytes);
                let page = html.replacen("</head>", &format!("{}</head>", reload_script(version)), 1);
                ("200 OK", content_type(&file), page.into_bytes())
            }
            Some((file, bytes)) => ("200 OK", content_type(&file), bytes),
            None => ("404 Not Found", "text/plain", b"not found".to_vec()),
        }
    };
    let mut out = &stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\ncontent-type: {kind}\r\ncontent-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_the_site_files_and_never_leave_it() {
        let site = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(site.join("progress")).expect("writes");
        std::fs::write(site.join("index.html"), "root").expect("writes");
        std::fs::write(site.join("progress/index.html"), "app").expect("writes");
        std::fs::write(site.join("catalogue.json"), "{}").expect("writes");
        assert_eq!(file_for(&site, "/"), Some(site.join("index.html")));
        assert_eq!(file_for(&site, "/progress/"), Some(site.join("progress/index.html")));
        assert_eq!(file_for(&site, "/progress"), Some(site.join("progress/index.html")));
        assert_eq!(file_for(&site, "/catalogue.json?x=1"), Some(site.join("catalogue.json")));
        assert_eq!(file_for(&site, "/somewhere"), Some(site.join("index.html")));
        assert_eq!(file_for(&site, "/missing.json"), None);
        assert_eq!(file_for(&site, "/../etc/passwd"), None);
        let _ = std::fs::remove_dir_all(&site);
    }

    #[test]
    fn the_reload_script_asks_for_the_version_it_was_served_with() {
        let script = reload_script(7);
        assert!(script.contains("const v='7'") && script.contains(VERSION), "{script}");
    }
}
