//! Minifying a release bundle's style sheets and JavaScript after trunk has built it: every byte
//! is downloaded by every learner, and trunk's own minifier cannot be used (it also rewrites the
//! pages, which xtask edits afterwards, and cannot parse wasm-bindgen's glue). Style sheets are
//! minified here, conservatively (comments, layout whitespace and the space after a colon only:
//! nothing that could change a selector or a value); JavaScript by `terser` (npm, pinned in
//! `package.json`). The page's subresource-integrity hashes are then written again for the files
//! that changed.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha384};

/// A style sheet without comments and layout whitespace. Strings are copied as they are; a
/// space is kept wherever it may separate two tokens (so `a :hover` and `a:hover` stay apart).
pub fn css(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut space = false;
    // Around these, whitespace never matters.
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',');
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                if space && !out.ends_with(tight) && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                while let Some(s) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        if let Some(escaped) = chars.next() {
                            out.push(escaped);
                        }
                    } else if s == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for s in chars.by_ref() {
                    if last == '*' && s == '/' {
                        break;
                    }
                    last = s;
                }
                space = true;
            }
            // After a colon (a declaration's, or a media feature's), a space is never needed: a
            // selector's pseudo-class has none (`a:hover`), and a space before one is kept.
            c if c.is_whitespace() => space = !out.ends_with(':'),
            c => {
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                if space && !tight(c) && !out.ends_with(tight) && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Minifies the style sheets and scripts trunk wrote into `dir` (one bundle's output, not its
/// subfolders) and writes the page's integrity hashes for them again.
pub fn bundle(dir: &Path) -> Result<(), String> {
    let page = dir.join("index.html");
    let mut html = std::fs::read_to_string(&page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".css") || n.ends_with(".js"))
        .collect();
    names.sort();
    for name in names {
        let path = dir.join(&name);
        if name.ends_with(".css") {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            std::fs::write(&path, css(&text)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        } else {
            let status = Command::new("terser")
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&path)
                .status()
                .map_err(|e| format!("cannot run terser ({e}): run ./dev setup (it installs the npm packages)"))?;
            if !status.success() {
                return Err(format!("terser could not minify {}", path.display()));
            }
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let hash = format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&bytes)));
        html = with_integrity(&html, &name, &hash);
    }
    std::fs::write(&page, html).map_err(|e| format!("cannot write {}: {e}", page.display()))
}

/// `html` with the `integrity` of every tag that links to the file `name` set to `hash`.
fn with_integrity(html: &str, name: &str, hash: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let needle = format!("/{name}\"");
    while let Some(at) = rest.find(&needle) {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let key = "integrity=\"";
        match rest[at..tag_end].find(key) {
            Some(i) => {
                let value = at + i + key.len();
                let end = rest[value..].find('"').map_or(rest.len(), |e| value + e);
                out.push_str(&rest[..value]);
                out.push_str(hash);
                rest = &rest[end..];
            }
            None => {
                out.push_str(&rest[..tag_end]);
                rest = &rest[tag_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_sheets_lose_comments_and_layout_but_keep_every_token_apart() {
        let sheet = "/* a comment */\n:root {\n  --bg: #fff;\n}\n\na :hover, b > c { font: 1rem/1.6 system-ui, \"Segoe  UI\", sans-serif; }\n@media (max-width: 40em) and (prefers-color-scheme: dark) {\n  .x::after { content: \"a /* b */ ;}\"; }\n}\n";
        assert_eq!(
            css(sheet),
            ":root{--bg:#fff}a :hover,b > c{font:1rem/1.6 system-ui,\"Segoe  UI\",sans-serif}@media (max-width:40em) and (prefers-color-scheme:dark){.x::after{content:\"a /* b */ ;}\"}}"
        );
    }

    #[test]
    fn the_real_style_sheets_keep_their_rules() {
        for sheet in ["../style/main.css", "../style/practice.css"] {
            let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(sheet)).unwrap();
            let small = css(&text);
            assert!(small.len() < text.len() * 9 / 10, "{sheet}: {} -> {}", text.len(), small.len());
            let count = |s: &str, c: char| s.chars().filter(|&x| x == c).count();
            let without_comments = {
                let mut t = text.clone();
                while let Some(a) = t.find("/*") {
                    let b = t[a..].find("*/").map(|b| a + b + 2).unwrap();
                    t.replace_range(a..b, " ");
                }
                t
            };
            for c in ['{', '}', '(', ')', '"', ':', ','] {
                assert_eq!(count(&small, c), count(&without_comments, c), "{sheet}: {c}");
            }
            // Every word of the sheet is still there, in order.
            let words = |s: &str| s.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(&small), words(&without_comments), "{sheet}");
        }
    }

    #[test]
    fn integrity_is_written_again_for_the_file_that_changed_only() {
        let page = r#"<link rel="stylesheet" href="/app/main-1.css" integrity="sha384-old"/><link rel="modulepreload" href="/app/a.js" crossorigin="anonymous" integrity="sha384-js"><script src="/app/main-1.css.map">"#;
        assert_eq!(
            with_integrity(page, "main-1.css", "sha384-new"),
            r#"<link rel="stylesheet" href="/app/main-1.css" integrity="sha384-new"/><link rel="modulepreload" href="/app/a.js" crossorigin="anonymous" integrity="sha384-js"><script src="/app/main-1.css.map">"#
        );
    }
}
