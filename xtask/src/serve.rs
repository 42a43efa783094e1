//! `cargo xtask serve`: the site without wasm-opt on 127.0.0.1, rebuilt and reloaded on save.
//!
//! Two things watch the sources, side by side (never one trunk inside another): `trunk serve`
//! builds the catalogue's bundle, and its pre-build hook (`stage`) compiles the course, so a
//! saved lesson is served again in about a second; this loop rebuilds the app bundle when its
//! code changes, then touches `APP_BUILT`, which trunk watches, so trunk copies the new bundle
//! in and reloads the page.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::{build_app, build_bundles, say, unoptimised, Toolchain};

/// Touched after each rebuild of the app bundle; `trunk serve` watches it.
const APP_BUILT: &str = "app/.serve-built";
/// What `trunk serve` watches: the catalogue bundle's sources, the course, and the app bundle.
const TRUNK_WATCHES: &[&str] = &["src", "lessons", "style", "index.html", "Cargo.toml", "crates/hookwise-core/src", APP_BUILT];
/// The app bundle's sources.
const APP_SOURCES: &[&str] = &["src", "crates/hookwise-core/src", "style", "app/index.html", "Cargo.toml"];

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

fn touch(file: &str) -> Result<(), String> {
    let stamp = format!("{:?}\n", SystemTime::now());
    std::fs::write(file, stamp).map_err(|e| format!("cannot write {file}: {e}"))
}

pub fn serve(toolchain: Toolchain, port: u16) -> Result<(), String> {
    say("building (first build: several minutes)");
    let mut built = SystemTime::now();
    build_bundles(toolchain, false)?;
    touch(APP_BUILT)?;
    let page = unoptimised("index.html")?;
    say(&format!("serving at http://127.0.0.1:{port}/ once the build is done (Ctrl-C stops; saving a lesson reloads)"));
    let mut trunk = Command::new("trunk");
    trunk.envs(toolchain.wasm_env(true)).args(["serve", &page, "--release", "--address", "127.0.0.1", "--port", &port.to_string()]);
    for path in TRUNK_WATCHES {
        trunk.args(["--watch", path]);
    }
    let mut child = trunk.spawn().map_err(|e| format!("cannot run trunk: {e}"))?;
    loop {
        std::thread::sleep(Duration::from_millis(300));
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() { Ok(()) } else { Err(format!("trunk serve stopped ({status})")) };
        }
        if newest(APP_SOURCES) > built {
            built = SystemTime::now();
            say("the app's code changed: rebuilding the app bundle");
            match build_app(toolchain, false) {
                Ok(()) => touch(APP_BUILT)?,
                // The last good bundle stays served; the compiler's messages are above.
                Err(e) => say(&format!("error: {e}")),
            }
        }
    }
}
