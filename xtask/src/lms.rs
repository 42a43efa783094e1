//! The LMS copy of a built site, which the packager (`hookwise package`) turns into SCORM and
//! cmi5 packages. An LMS launches one lesson at a time, so the copy is the app bundle (its page
//! becomes the copy's `index.html`) with the compiled course: `catalogue.json`,
//! `lessons/*.json`, `organisation.json`, `images/` and the icon. An LMS serves a package from a
//! path of its own choosing, so the root-relative asset URLs (`/app/….js`) become relative
//! (`./app/….js`), and the policy is computed again for the changed start-up script. The
//! catalogue bundle, the manager dashboard and the header files stay out: they mean nothing
//! inside an LMS.
//!
//! Each lesson also gets its own launch page next to `index.html`, `lesson-<id>.html`
//! (`hookwise_core::route::package_page`): the same page with the lesson pre-rendered in it
//! (`hookwise_core::render`, package links), so an LMS's learner reads the text before the wasm
//! arrives, as on the site. The packager's manifests and course structure launch it.

use std::fs;
use std::io;
use std::path::Path;

use hookwise_core::render;
use hookwise_core::route::{self, LessonId};
use regex::Regex;

use crate::csp::{self, Deployment, Page};
use crate::pages;

/// The page with relative URLs: `href="/x"` and `src="/x"` become `./x` (protocol-relative
/// `//host` stays), and so do the bundle's files in trunk's start-up script.
pub fn relative_urls(html: &str) -> String {
    let attribute = Regex::new(r#"(\s(?:href|src)=")/(/?)"#).expect("a valid pattern");
    let html = attribute.replace_all(html, |c: &regex::Captures<'_>| {
        if &c[2] == "/" {
            c[0].to_string()
        } else {
            format!("{}./", &c[1])
        }
    });
    let script = Regex::new(r"'/((?:app/)?hookwise[\w.-]*\.(?:js|wasm))'").expect("a valid pattern");
    script.replace_all(&html, "'./$1'").into_owned()
}

/// Root-relative URLs still in a page (none should be left).
pub fn root_relative(html: &str) -> Vec<String> {
    let left = Regex::new(r#"(?:href|src)="/[^"]*"|'/(?:app/)?hookwise[^']*'"#).expect("a valid pattern");
    left.find_iter(html).map(|m| m.as_str().to_string()).filter(|m| !m.contains("=\"//")).collect()
}

fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if skip(&path) {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()), skip)?;
        } else {
            fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// The one-lesson shell an LMS launch draws (`hookwise_learn::app::Embedded`: a skip link and
/// `<main>`, no site header) around the pre-rendered lesson, inside the element the app takes
/// over. `lesson` names the lesson it holds, for the app to check against its launch.
pub fn package_shell(lesson: &str, article: &str) -> String {
    format!(
        "<div id=\"{}\" data-lesson=\"{}\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<main id=\"main\" tabindex=\"-1\">\n{article}</main>\n</div>",
        pages::PRERENDERED_ID,
        render::escape(lesson),
    )
}

/// A lesson's launch page in the package: the app page (`app_html`, root-relative, as trunk
/// wrote it) with the lesson pre-rendered and without preloads, as `pages::app_page` does for
/// the site; URLs still root-relative (`prepare` makes them relative).
pub fn lesson_page(app_html: &str, lesson: &hookwise_core::lesson::Lesson) -> String {
    let shell = package_shell(&lesson.info.id, &render::lesson_html(lesson, render::Links::Package));
    pages::without_preloads(app_html.to_string()).replacen(pages::NEEDS_SCRIPT, "", 1).replacen("<body>", &format!("<body>\n{shell}"), 1)
}

/// Writes the LMS copy of the site `dist` into `out` (replaced).
pub fn prepare(dist: &Path, out: &Path, deployment: &Deployment) -> Result<(), String> {
    let app_page = dist.join("app").join("index.html");
    if !app_page.is_file() {
        return Err(format!("{} has no app/index.html: build the app first (./dev package builds it)", dist.display()));
    }
    let failed = |what: &Path| {
        let what = what.display().to_string();
        move |e: io::Error| format!("cannot copy {what}: {e}")
    };
    if out.exists() {
        fs::remove_dir_all(out).map_err(failed(out))?;
    }
    let app_index = app_page.clone();
    copy_dir(&dist.join("app"), &out.join("app"), &|p| p == app_index).map_err(failed(&dist.join("app")))?;
    // The compiled lessons, not the page copies at their addresses.
    copy_dir(&dist.join("lessons"), &out.join("lessons"), &|p| p.extension().is_none_or(|e| e != "json"))
        .map_err(failed(&dist.join("lessons")))?;
    for file in ["catalogue.json", "favicon.svg", "organisation.json"] {
        let from = dist.join(file);
        if from.is_file() {
            fs::copy(&from, out.join(file)).map_err(failed(&from))?;
        } else if file == "catalogue.json" {
            return Err(format!("{} has no catalogue.json: build the app with its course first", dist.display()));
        }
    }
    if dist.join("images").is_dir() {
        copy_dir(&dist.join("images"), &out.join("images"), &|_| false).map_err(failed(&dist.join("images")))?;
    }
    let html = csp::strip_meta(&fs::read_to_string(&app_page).map_err(failed(&app_page))?);
    if !html.contains("<body>") {
        return Err(format!("{} no longer has a plain <body>; update xtask/src/lms.rs", app_page.display()));
    }
    let page = out.join("index.html");
    fs::write(&page, relative_urls(&html)).map_err(failed(&page))?;
    let mut written = vec![page];
    for lesson in pages::read_catalogue(dist)?.lessons() {
        let id = LessonId::parse(&lesson.info.id).ok_or_else(|| format!("the catalogue's lesson id `{}` is not a valid id", lesson.info.id))?;
        let lesson = pages::read_lesson(dist, id.as_str())?;
        let page = out.join(route::package_page(&id));
        fs::write(&page, relative_urls(&lesson_page(&html, &lesson))).map_err(failed(&page))?;
        written.push(page);
    }
    let learner: Vec<Page> = written.iter().map(|file| Page { file: file.clone(), learner: true }).collect();
    csp::apply(&learner, deployment)?;
    for page in &written {
        let html = fs::read_to_string(page).map_err(failed(page))?;
        let left = root_relative(&html);
        if !left.is_empty() {
            return Err(format!("{} still has root-relative URLs: {}", page.display(), left.join(", ")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = r#"<head>
  <meta charset="utf-8">
  <link rel="modulepreload" href="/app/hookwise-app-1a2b.js" crossorigin="anonymous">
  <link rel="preload" href="/app/hookwise-app-1a2b_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm">
  <link rel="stylesheet" href="/app/main-3c4d.css">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="preload" href="/catalogue.json" as="fetch" crossorigin="anonymous">
  <a href="//elsewhere.example/">x</a>
<script type="module">
import init, * as bindings from '/app/hookwise-app-1a2b.js';
const wasm = await init({ module_or_path: '/app/hookwise-app-1a2b_bg.wasm' });
</script>
</head>"#;

    #[test]
    fn every_root_relative_url_becomes_relative() {
        let html = relative_urls(APP);
        assert!(html.contains(r#"href="./app/hookwise-app-1a2b.js""#));
        assert!(html.contains(r#"href="./catalogue.json""#));
        assert!(html.contains("from './app/hookwise-app-1a2b.js'"));
        assert!(html.contains("module_or_path: './app/hookwise-app-1a2b_bg.wasm'"));
        assert!(html.contains(r#"href="//elsewhere.example/""#), "protocol-relative stays");
        assert_eq!(root_relative(&html), Vec::<String>::new());
        assert_eq!(root_relative(APP).len(), 7);
    }

    #[test]
    fn the_copy_is_the_app_bundle_with_the_course_and_its_own_policy() {
        let dist = std::env::temp_dir().join(format!("xtask-lms-{}", std::process::id()));
        let out = dist.with_extension("out");
        let _ = fs::remove_dir_all(&dist);
        // The real course, compiled as the build does (catalogue.json, lessons/<id>.json).
        let output = hookwise_content::compile_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons")).expect("reads");
        assert_eq!(output.errors(), 0);
        hookwise_content::write_output(&output, &dist).expect("writes the course");
        let app = APP.replace("</head>", "</head>\n<body>\n  <noscript>hookwise needs JavaScript and WebAssembly to run.</noscript>\n</body>");
        let ids: Vec<String> = output.catalogue.lessons().map(|l| l.info.id.clone()).collect();
        for (path, text) in [
            ("index.html", "<meta charset=\"utf-8\"><script>catalogue()</script>"),
            ("app/index.html", app.as_str()),
            ("app/hookwise-app-1a2b.js", "js"),
            (&format!("lessons/{}/index.html", ids[0]), APP),
            ("certificate/index.html", APP),
            ("team/index.html", "dashboard"),
            ("_headers", "/*"),
            ("csp.nginx.conf", "add_header"),
            ("favicon.svg", "<svg/>"),
            ("images/a b.png", "png"),
        ] {
            let file = dist.join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, text).unwrap();
        }
        prepare(&dist, &out, &Deployment::default()).expect("prepares");
        let mut files = Vec::new();
        fn walk(root: &Path, dir: &Path, files: &mut Vec<String>) {
            for e in fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(root, &p, files)
                } else {
                    files.push(p.strip_prefix(root).unwrap().display().to_string())
                }
            }
        }
        walk(&out, &out, &mut files);
        files.sort();
        let mut want: Vec<String> = ["app/hookwise-app-1a2b.js", "catalogue.json", "favicon.svg", "images/a b.png", "index.html"].map(String::from).to_vec();
        want.extend(ids.iter().map(|id| format!("lesson-{id}.html")));
        want.extend(ids.iter().map(|id| format!("lessons/{id}.json")));
        if dist.join("organisation.json").is_file() {
            want.push("organisation.json".into());
        }
        want.sort();
        assert_eq!(files, want);
        let page = fs::read_to_string(out.join("index.html")).unwrap();
        let script = csp::inline_scripts(&page)[0];
        assert!(script.contains("'./app/hookwise-app-1a2b.js'"));
        assert!(page.contains(&csp::hash_source(script)), "the policy allows the changed script: {page}");
        assert!(!page.contains(pages::PRERENDERED_ID) && page.contains(pages::NEEDS_SCRIPT), "index.html is the plain app page");
        // Each lesson's launch page: its lesson pre-rendered with package links, no preloads,
        // relative URLs, the same start-up script and policy.
        for id in &ids {
            let lesson = pages::read_lesson(&dist, id).unwrap();
            let html = fs::read_to_string(out.join(format!("lesson-{id}.html"))).unwrap();
            let article = relative_urls(&render::lesson_html(&lesson, render::Links::Package));
            let shell = format!("<body>\n<div id=\"prerendered\" data-lesson=\"{id}\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<main id=\"main\" tabindex=\"-1\">\n{article}</main>\n</div>");
            assert!(html.contains(&shell), "{html}");
            assert!(!html.contains("preload") && !html.contains(pages::NEEDS_SCRIPT) && !html.contains("← All lessons"), "{html}");
            assert_eq!(csp::inline_scripts(&html), [script]);
            assert!(html.contains(&csp::hash_source(script)), "{html}");
            assert_eq!(root_relative(&html), Vec::<String>::new());
        }
        let _ = fs::remove_dir_all(&dist);
        let _ = fs::remove_dir_all(&out);
    }
}
