//! Rules of the source tree that no compiler checks, kept by tests (see ARCHITECTURE.md's
//! invariants): what the browser code never does, and how the learner-side core sorts.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace").to_path_buf()
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).expect("a source file");
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The code of a line, without a `//` comment (a `//` inside a string such as `"https://"`
/// is taken as code when it follows a quote).
fn code(line: &str) -> &str {
    let t = line.trim_start();
    if t.starts_with("//") {
        return "";
    }
    match line.find(" //") {
        Some(at) if !line[..at].ends_with(':') => &line[..at],
        _ => line,
    }
}

#[test]
fn the_browser_code_never_inserts_html_nor_embeds_lessons() {
    // One exception: the catalogue's enhancer (`src/catalogue.rs`) fills the pre-rendered page's
    // placeholders through its one `fill` function, and every call passes the output of a
    // `hookwise_core::catalogue_page` function, which escapes every piece of text (its tests).
    let enhancer = root().join("src").join("catalogue.rs");
    for (path, text) in sources(&root().join("src")) {
        let mut allowed = 0;
        for (n, line) in text.lines().enumerate() {
            let line = code(line);
            let trimmed = line.trim();
            if path == enhancer && (trimmed == "el.set_inner_html(&html);" || trimmed.starts_with("let built = at.is_none() && el.inner_html() == html.")) {
                allowed += 1;
                continue;
            }
            if path == enhancer && line.contains("fill(") && !line.contains("fn fill(") {
                assert!(line.contains("page::") && line.contains("_html("), "{}:{}: `fill` takes catalogue_page's HTML only", path.display(), n + 1);
            }
            for banned in ["inner_html", "outer_html", "insert_adjacent_html", "include_str!", "include_bytes!"] {
                assert!(!line.contains(banned), "{}:{}: `{banned}`", path.display(), n + 1);
            }
        }
        assert!(allowed <= 2, "{}: one `fill` only", path.display());
    }
}

#[test]
fn the_browser_code_spells_no_app_address_outside_the_route_type() {
    for (path, text) in sources(&root().join("src")) {
        for (n, line) in text.lines().enumerate() {
            let line = code(line);
            let spelled = line.match_indices("\"/").any(|(at, _)| line[at + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
            assert!(!spelled, "{}:{}: an address spelled out; use hookwise_core::route", path.display(), n + 1);
        }
    }
}

#[test]
fn no_component_function_is_longer_than_about_150_lines() {
    for (path, text) in sources(&root().join("src")) {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let body = line.trim_start();
            let indent = line.len() - body.len();
            if !(body.starts_with("fn ") || body.starts_with("pub fn ") || body.starts_with("pub(crate) fn ")) {
                continue;
            }
            let end = lines[i + 1..].iter().position(|l| l.len() == indent + 1 && l.ends_with('}') && l.trim() == "}");
            if let Some(len) = end {
                assert!(len + 2 <= 160, "{}:{}: a function of {} lines", path.display(), i + 1, len + 2);
            }
        }
    }
}

/// std's sorts and `collect` into a `BTreeMap` are compiled again for every element type (3-5 KB
/// each); the core's learner-side files use `compact.rs` instead. The dashboard's files
/// (`team`, `misses`, `lrs_sync`, `roster`, `lax_json`) are not in the learner bundles.
#[test]
fn the_learner_side_core_sorts_with_compact() {
    let dashboard = ["team.rs", "misses.rs", "lrs_sync.rs", "roster.rs", "lax_json.rs", "compact.rs"];
    for (path, text) in sources(&root().join("crates/hookwise-core/src")) {
        if path.file_name().is_some_and(|f| dashboard.iter().any(|d| f == *d)) {
            continue;
        }
        // Tests may use std.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let line = code(line);
            for banned in [".sort(", ".sort_by(", ".sort_by_key(", ".sort_unstable", "collect::<BTreeMap"] {
                assert!(!line.contains(banned), "{}:{}: `{banned}`; use compact::sort_by or map_from", path.display(), n + 1);
            }
        }
    }
}

/// The dashboard's page fetcher (`team/lrs-pages.js`, a worker) has no hash in its file name,
/// and `.js` files are cached for a year: the address the dashboard starts it from carries the
/// hash of its source, so an edited fetcher is fetched again.
#[test]
fn the_page_fetchers_address_names_its_source() {
    let source = fs::read(root().join("team/lrs-pages.js")).expect("the fetcher");
    let expected = format!("\"lrs-pages.js?{}\"", hookwise_core::hash::fnv1a64_hex(&source));
    let dashboard = fs::read_to_string(root().join("src/team/lrs.rs")).expect("the dashboard's sync");
    assert!(dashboard.contains(&expected), "src/team/lrs.rs must start the fetcher from {expected} (the hash of team/lrs-pages.js)");
}
