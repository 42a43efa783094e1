//! The Content-Security-Policy of a built site: trunk's inline start-up scripts are allowed by
//! their SHA-256 hashes, computed here from the built pages, never by hand. One policy covers
//! every page of a build, so a host can send one header; it goes into each page as a `<meta>`
//! and into `_headers` (static hosts) and `csp.nginx.conf` (deploy/nginx.conf includes it).
//!
//! A deployment may name a learning record store: `--lrs-origin` adds one origin to
//! `connect-src`; `--lrs-config FILE` (JSON: `endpoint`, and optionally `auth` and
//! `activity_base`) is written into the learner pages as `<meta name="hookwise-lrs">` (read at
//! start, no extra request), and its endpoint's origin is added to `connect-src`.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use regex::Regex;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The deployment's LRS settings, from the command line.
#[derive(Clone, Debug, Default)]
pub struct Deployment {
    pub lrs_origin: Option<String>,
    pub lrs_config: Option<LrsConfig>,
}

/// The deployment config file's keys, in the order the page's `<meta>` carries them (the same
/// keys as the app's launch parameters: see src/xapi.rs).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LrsConfig {
    pub endpoint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_base: Option<serde_json::Value>,
}

/// A config file that cannot be used, in words for the person deploying.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl LrsConfig {
    pub fn read(file: &Path) -> Result<LrsConfig, ConfigError> {
        let shown = file.display();
        let text = fs::read_to_string(file).map_err(|e| ConfigError(format!("{shown}: cannot read it ({e})")))?;
        LrsConfig::parse(&text).map_err(|e| ConfigError(format!("{shown}: {e}")))
    }

    pub fn parse(text: &str) -> Result<LrsConfig, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not a readable JSON file ({e})"))?;
        let need = "needs \"endpoint\" (the LRS's xAPI address) and may have \"auth\" and \"activity_base\"";
        let Some(map) = value.as_object() else { return Err(need.into()) };
        let unknown: Vec<&str> =
            map.keys().map(String::as_str).filter(|k| !["endpoint", "auth", "activity_base"].contains(k)).collect();
        match map.get("endpoint").and_then(|e| e.as_str()) {
            Some(endpoint) if unknown.is_empty() => Ok(LrsConfig {
                endpoint: endpoint.to_string(),
                auth: map.get("auth").cloned(),
                activity_base: map.get("activity_base").cloned(),
            }),
            _ if !unknown.is_empty() => Err(format!("{need}; unknown: {}", unknown.join(", "))),
            _ => Err(need.into()),
        }
    }
}

/// The origin of an http(s) address (`https://lrs.example.com:8443`), as a browser compares
/// it: scheme and host in lower case, no user, no default port. Other addresses have none.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_ascii_lowercase();
    let host = host.strip_suffix(default_port).unwrap_or(&host);
    if host.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

/// The bodies of a page's inline scripts (those without `src`).
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let script = Regex::new(r"(?s)<script([^>]*)>(.*?)</script>").expect("a valid pattern");
    let src = Regex::new(r"\bsrc=").expect("a valid pattern");
    script
        .captures_iter(html)
        .filter(|c| !src.is_match(&c[1]))
        .map(|c| c.get(2).map_or("", |m| m.as_str()))
        .collect()
}

/// `'sha256-…'`, the CSP source of one inline script.
pub fn hash_source(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// A page without the policy and LRS `<meta>` a previous run wrote.
pub fn strip_meta(html: &str) -> String {
    let csp = Regex::new(r#"\n?\s*<meta http-equiv="Content-Security-Policy"[^>]*>"#).expect("a valid pattern");
    let lrs = Regex::new(r#"\n?\s*<meta name="hookwise-lrs"[^>]*>"#).expect("a valid pattern");
    let html = csp.replacen(html, 1, "");
    lrs.replacen(&html, 1, "").into_owned()
}

fn escape_attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The policy for pages (already stripped of their old `<meta>`) in one deployment.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub directives: Vec<String>,
}

impl Policy {
    pub fn for_pages(pages: &[String], deployment: &Deployment) -> Policy {
        let mut hashes: Vec<String> = Vec::new();
        for body in pages.iter().flat_map(|html| inline_scripts(html)) {
            let hash = hash_source(body);
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        }
        let mut origins: Vec<String> = Vec::new();
        let config_origin = deployment.lrs_config.as_ref().and_then(|c| origin(&c.endpoint));
        for o in deployment.lrs_origin.iter().cloned().chain(config_origin) {
            if !o.is_empty() && !origins.contains(&o) {
                origins.push(o);
            }
        }
        let script_src = std::iter::once("script-src 'self'".to_string())
            .chain(hashes)
            .chain(std::iter::once("'wasm-unsafe-eval'".to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        let connect_src = std::iter::once("connect-src 'self'".to_string()).chain(origins).collect::<Vec<_>>().join(" ");
        let directives = vec![
            "default-src 'none'".to_string(),
            script_src,
            "style-src 'self'".into(),
            "img-src 'self'".into(),
            connect_src,
            "manifest-src 'self'".into(),
            "base-uri 'none'".into(),
            "form-action 'none'".into(),
            "object-src 'none'".into(),
        ];
        Policy { directives }
    }

    /// The policy as a page's `<meta>` carries it.
    pub fn meta(&self) -> String {
        self.directives.join("; ")
    }

    /// The policy as a response header: `frame-ancestors` works only there. `'none'` for the
    /// standalone app; an LMS that frames a package needs its own origin (deploy/README.md).
    pub fn header(&self) -> String {
        format!("{}; frame-ancestors 'none'", self.meta())
    }
}

/// A page with the policy (and, for learner pages, the LRS config) after its charset.
pub fn with_meta(html: &str, policy: &Policy, lrs: Option<&LrsConfig>) -> Result<String, String> {
    const CHARSET: &str = r#"<meta charset="utf-8">"#;
    if !html.contains(CHARSET) {
        return Err(format!("the page has no {CHARSET} to put the policy after"));
    }
    let lrs_meta = lrs.map_or(String::new(), |config| {
        let json = serde_json::to_string(config).expect("strings and JSON values serialise");
        format!("\n  <meta name=\"hookwise-lrs\" content=\"{}\">", escape_attr(&json))
    });
    Ok(html.replacen(
        CHARSET,
        &format!("{CHARSET}\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">{lrs_meta}", policy.meta()),
        1,
    ))
}

/// A page of the site and whether learners use it (the dashboard gets no LRS config).
pub struct Page {
    pub file: PathBuf,
    pub learner: bool,
}

/// Writes one policy into `pages` (those that exist) and returns it.
pub fn apply(pages: &[Page], deployment: &Deployment) -> Result<Policy, String> {
    let pages: Vec<&Page> = pages.iter().filter(|p| p.file.is_file()).collect();
    let mut htmls = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(&page.file).map_err(|e| format!("cannot read {}: {e}", page.file.display()))?;
        htmls.push(strip_meta(&html));
    }
    let policy = Policy::for_pages(&htmls, deployment);
    for (page, html) in pages.iter().zip(&htmls) {
        let lrs = if page.learner { deployment.lrs_config.as_ref() } else { None };
        let html = with_meta(html, &policy, lrs).map_err(|e| format!("{}: {e}", page.file.display()))?;
        fs::write(&page.file, html).map_err(|e| format!("cannot write {}: {e}", page.file.display()))?;
    }
    Ok(policy)
}

/// The security headers every response carries.
fn common_headers(policy: &Policy) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Security-Policy", policy.header()),
        ("X-Content-Type-Options", "nosniff".into()),
        ("Referrer-Policy", "no-referrer".into()),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()".into()),
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
    ]
}

/// `_headers` (Netlify / Cloudflare Pages format): the headers and the caching rules.
pub fn headers_file(policy: &Policy) -> String {
    let lines: Vec<String> = common_headers(policy).iter().map(|(k, v)| format!("  {k}: {v}")).collect();
    let mut out = String::from("# Generated by `cargo xtask` for this build. Netlify / Cloudflare Pages format.\n/*\n");
    out.push_str(&lines.join("\n"));
    out.push('\n');
    for page in ["/index.html", "/", "/team/", "/team/index.html"] {
        out.push_str(&format!("{page}\n  Cache-Control: no-cache\n"));
    }
    for hashed in ["/app/*", "/*.wasm", "/*.js", "/*.css"] {
        out.push_str(&format!("{hashed}\n  Cache-Control: public, max-age=31536000, immutable\n"));
    }
    out
}

/// `csp.nginx.conf`, included by deploy/nginx.conf.
pub fn nginx_file(policy: &Policy) -> String {
    let lines: Vec<String> =
        common_headers(policy).iter().map(|(k, v)| format!("add_header {k} \"{v}\" always;")).collect();
    format!("# Generated by `cargo xtask` for this build; included by deploy/nginx.conf.\n{}\n", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n  <meta charset=\"utf-8\">\n  <link rel=\"modulepreload\" href=\"/a.js\">\n<script type=\"module\">import init from '/a.js';\nawait init();</script>\n  <script src=\"/b.js\"></script>\n</head>\n</html>\n";

    #[test]
    fn inline_scripts_are_hashed_as_browsers_do() {
        assert_eq!(inline_scripts(PAGE), vec!["import init from '/a.js';\nawait init();"]);
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(hash_source("alert(1)"), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    }

    #[test]
    fn one_policy_for_all_pages_with_each_script_once() {
        let pages = vec![PAGE.to_string(), PAGE.to_string(), "<script>b()</script>".to_string()];
        let policy = Policy::for_pages(&pages, &Deployment::default());
        let script = &policy.directives[1];
        assert_eq!(script.matches("'sha256-").count(), 2, "{script}");
        assert!(script.starts_with("script-src 'self' 'sha256-") && script.ends_with(" 'wasm-unsafe-eval'"));
        assert_eq!(policy.directives[4], "connect-src 'self'");
        let none = Policy::for_pages(&[], &Deployment::default());
        assert_eq!(none.directives[1], "script-src 'self' 'wasm-unsafe-eval'");
        assert!(policy.header().ends_with("object-src 'none'; frame-ancestors 'none'"));
    }

    #[test]
    fn the_meta_is_replaced_not_added_again() {
        let policy = Policy::for_pages(&[PAGE.to_string()], &Deployment::default());
        let config = LrsConfig::parse(r#"{"endpoint": "/lrs/xAPI/", "auth": "Basic a\"b"}"#).unwrap();
        let once = with_meta(PAGE, &policy, Some(&config)).unwrap();
        assert!(once.contains("<meta name=\"hookwise-lrs\" content=\"{&quot;endpoint&quot;:&quot;/lrs/xAPI/&quot;,&quot;auth&quot;:&quot;Basic a\\&quot;b&quot;}\">"), "{once}");
        let twice = with_meta(&strip_meta(&once), &policy, Some(&config)).unwrap();
        assert_eq!(once, twice);
        assert_eq!(strip_meta(&once), PAGE);
        assert_eq!(policy, Policy::for_pages(&[strip_meta(&once)], &Deployment::default()), "the meta has no script");
    }

    #[test]
    fn lrs_origins_join_connect_src() {
        let config = LrsConfig::parse(r#"{"endpoint": "HTTPS://user:pw@LRS.example.com:443/xAPI/?x"}"#).unwrap();
        let deployment =
            Deployment { lrs_origin: Some("https://other.example.org".into()), lrs_config: Some(config) };
        let policy = Policy::for_pages(&[], &deployment);
        assert_eq!(policy.directives[4], "connect-src 'self' https://other.example.org https://lrs.example.com");
        assert_eq!(origin("http://localhost:8100/x").as_deref(), Some("http://localhost:8100"));
        assert_eq!(origin("/lrs/xAPI/"), None);
        assert_eq!(origin("javascript:alert(1)"), None);
    }

    #[test]
    fn a_config_file_says_what_it_needs() {
        assert_eq!(
            LrsConfig::parse(r#"{"endpoint": "/x", "token": "t"}"#).unwrap_err(),
            "needs \"endpoint\" (the LRS's xAPI address) and may have \"auth\" and \"activity_base\"; unknown: token"
        );
        assert!(LrsConfig::parse(r#"{"auth": "a"}"#).unwrap_err().starts_with("needs \"endpoint\""));
        assert!(LrsConfig::parse("[1").unwrap_err().starts_with("not a readable JSON file"));
    }

    #[test]
    fn header_files_carry_the_same_policy() {
        let policy = Policy::for_pages(&[PAGE.to_string()], &Deployment::default());
        let headers = headers_file(&policy);
        assert!(headers.contains(&format!("  Content-Security-Policy: {}\n", policy.header())));
        assert!(headers.contains("/app/*\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(nginx_file(&policy).contains(&format!("add_header Content-Security-Policy \"{}\" always;", policy.header())));
    }
}
