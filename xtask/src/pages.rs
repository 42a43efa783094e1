//! The page copies: every address of the app bundle gets its own copy of `app/index.html`, so
//! that any static host serves the right bundle for a deep link or a reload without rewrite
//! rules. The addresses come from the core's route type and the compiled course's catalogue.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use hookwise_core::course::Catalogue;
use hookwise_core::lesson::Lesson;
use hookwise_core::render;
use hookwise_core::route::{LessonId, Route};

/// The three bundles a site is made of (see src/app.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// `index.html`: the first load.
    Catalogue,
    /// `app/index.html`: lessons, certificate, progress.
    App,
    /// `team/index.html`: the manager dashboard.
    Team,
}

impl Bundle {
    /// The order they are built in: the app and the dashboard first, because the catalogue's
    /// page copies them in (index.html's `copy-dir` links name their folders).
    pub const BUILD_ORDER: [Bundle; 3] = [Bundle::App, Bundle::Team, Bundle::Catalogue];

    /// The cargo package of the bundle's wasm (its page's `rel="rust"` link names its
    /// Cargo.toml; the crate graph decides what each bundle can reach: see ARCHITECTURE.md).
    pub fn package(self) -> &'static str {
        match self {
            Bundle::Catalogue => "hookwise",
            Bundle::App => "hookwise-learn",
            Bundle::Team => "hookwise-team",
        }
    }

    /// The bundle's page, which trunk builds.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Catalogue => "index.html",
            Bundle::App => "app/index.html",
            Bundle::Team => "team/index.html",
        }
    }

    /// Where trunk builds it, and the URL it is served from.
    pub fn dist_and_url(self) -> (&'static str, &'static str) {
        match self {
            Bundle::Catalogue => ("dist", "/"),
            Bundle::App => (crate::APP_DIST, "/app/"),
            Bundle::Team => ("target/team-dist", "/team/"),
        }
    }
}

/// Which bundle serves a route. A new route must be placed here before anything builds.
pub fn bundle(route: &Route<'_>) -> Bundle {
    match route {
        Route::Catalogue => Bundle::Catalogue,
        Route::Lesson(_) | Route::Certificate | Route::Progress | Route::Rechecks => Bundle::App,
        Route::Team => Bundle::Team,
    }
}

/// Every route of a course.
pub fn routes(catalogue: &Catalogue) -> Vec<Route<'_>> {
    let mut routes = vec![Route::Catalogue, Route::Certificate, Route::Progress, Route::Rechecks, Route::Team];
    // A new route must join the list above: this match stops compiling until it is named here.
    for route in &routes {
        match route {
            Route::Catalogue | Route::Lesson(_) | Route::Certificate | Route::Progress | Route::Rechecks | Route::Team => {}
        }
    }
    // The compiler wrote only valid ids (`LessonId::parse` is its check too).
    routes.extend(catalogue.lessons().filter_map(|l| LessonId::parse(&l.info.id)).map(Route::Lesson));
    routes
}

/// The file a static host serves for a route's address (`lessons/<id>/index.html`).
pub fn page_file(route: &Route<'_>) -> PathBuf {
    let path = route.path();
    let dir = path.trim_matches('/');
    if dir.is_empty() {
        PathBuf::from("index.html")
    } else {
        Path::new(dir).join("index.html")
    }
}

/// The app page's preload of the catalogue; a lesson's copy adds its lesson's JSON after it.
pub const CATALOGUE_PRELOAD: &str = r#"<link rel="preload" href="/catalogue.json" as="fetch" crossorigin="anonymous">"#;

/// The app page's message for a browser without JavaScript; a pre-rendered lesson page reads
/// without it, so its copy drops it (the quiz and practice say what needs JavaScript).
pub const NEEDS_SCRIPT: &str = "<noscript>hookwise needs JavaScript and WebAssembly to run.</noscript>";

/// The id of the element that holds a pre-rendered page; the app takes over from it
/// (`src/learn/prerender.rs`).
pub const PRERENDERED_ID: &str = "prerendered";

/// The site header, skip link and `<main>` around a pre-rendered lesson, as the app's shell draws
/// them (`hookwise_web::shell::SiteHeader`, `hookwise_learn::app::App`), so nothing moves when
/// the app takes over.
pub fn prerendered_shell(article: &str) -> String {
    let external = |page: Route<'_>, label: &str| format!("<a href=\"{}\" rel=\"external\">{label}</a>", page.path());
    let routed = |page: Route<'_>, label: &str| format!("<a href=\"{}\">{label}</a>", page.path());
    format!(
        "<div id=\"{PRERENDERED_ID}\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\"><a href=\"{}\" rel=\"external\" class=\"brand\">hookwise</a><nav aria-label=\"Main\">{}{}{}{}</nav></header>\n<main id=\"main\" tabindex=\"-1\">\n{article}</main>\n</div>",
        Route::Catalogue.path(),
        external(Route::Catalogue, "Course"),
        routed(Route::Certificate, "Certificate"),
        routed(Route::Progress, "Progress"),
        external(Route::Team, "Team"),
    )
}

/// The app page as served at `route`. A lesson's page carries the lesson itself, rendered at
/// build time (`hookwise_core::render`), so that it reads before the wasm arrives, and then has
/// no preloads (`without_preloads`); without its lesson (none given), it preloads the lesson
/// JSON alongside the wasm instead.
pub fn app_page(html: &str, route: &Route<'_>, lesson: Option<&Lesson>) -> String {
    match route {
        Route::Lesson(id) => {
            let html = html.replacen(
                CATALOGUE_PRELOAD,
                &format!("{CATALOGUE_PRELOAD}\n  <link rel=\"preload\" href=\"/lessons/{id}.json\" as=\"fetch\" crossorigin=\"anonymous\">"),
                1,
            );
            match lesson {
                Some(lesson) => {
                    let shell = prerendered_shell(&render::lesson_html(lesson, render::Links::Site));
                    without_preloads(html).replacen(NEEDS_SCRIPT, "", 1).replacen("<body>", &format!("<body>\n{shell}"), 1)
                }
                None => html,
            }
        }
        _ => html.to_string(),
    }
}

/// The page without its preloads (the app's code and wasm, the catalogue and the lesson JSON):
/// on a pre-rendered lesson page the text comes first, and nothing else competes with it before
/// it is painted; the start-up script still loads the app straight after.
pub fn without_preloads(html: String) -> String {
    let preload = regex::Regex::new(r#"\s*<link rel="(?:modulepreload|preload)"[^>]*>"#).expect("a valid pattern");
    preload.replace_all(&html, "").into_owned()
}

/// A compiled lesson of the site (`lessons/<id>.json`, written by the compiler before the pages).
pub fn read_lesson(site: &Path, id: &str) -> Result<Lesson, String> {
    let file = site.join("lessons").join(format!("{id}.json"));
    let text = fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a hookwise lesson: {e}", file.display()))
}

/// Writes a copy of `app_html` at every app address of the course into `site`, each lesson's
/// pre-rendered from the compiled lesson already in `site`; returns how many.
pub fn write_app_pages(site: &Path, app_html: &str, catalogue: &Catalogue) -> Result<usize, String> {
    if !app_html.contains(CATALOGUE_PRELOAD) {
        return Err(format!("app/index.html no longer has {CATALOGUE_PRELOAD}; update xtask/src/pages.rs"));
    }
    if !app_html.contains("<body>") {
        return Err("app/index.html no longer has a plain <body>; update xtask/src/pages.rs".to_string());
    }
    let mut written = 0;
    for route in routes(catalogue).iter().filter(|r| bundle(r) == Bundle::App) {
        let lesson = match route {
            Route::Lesson(id) => Some(read_lesson(site, id.as_str())?),
            _ => None,
        };
        let file = site.join(page_file(route));
        let write = || -> io::Result<()> {
            fs::create_dir_all(file.parent().expect("a page file has a folder"))?;
            fs::write(&file, app_page(app_html, route, lesson.as_ref()))
        };
        write().map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        written += 1;
    }
    Ok(written)
}

/// The catalogue's page (`index.html`) with its body pre-rendered for a learner with no progress
/// yet (`hookwise_core::catalogue_page`): the list reads before the wasm arrives, or without it,
/// and the first load's enhancer fills in the learner's own pieces. Everything between `<body>`
/// and `</body>` is replaced, so writing it again (a lesson saved under `./dev serve`) is safe;
/// its preloads are dropped (`without_preloads`).
pub fn catalogue_page(html: &str, catalogue: &Catalogue) -> Result<String, String> {
    // As on a pre-rendered lesson page: nothing competes with the list before it is painted (the
    // start-up script loads the code, which reads the catalogue JSON, once the list is painted).
    let html = &after_first_paint(&without_preloads(html.to_string()))?;
    let start = html.find("<body>").ok_or("index.html has no plain <body>; update xtask/src/pages.rs")? + "<body>".len();
    let end = html.rfind("</body>").filter(|&e| e >= start).ok_or("index.html has no </body>; update xtask/src/pages.rs")?;
    Ok(format!("{}\n{}{}", &html[..start], hookwise_core::catalogue_page::page_html(catalogue), &html[end..]))
}

/// Where trunk's start-up script fetches and starts the wasm.
const START: &str = "const wasm = await init(";

/// The line the catalogue's start-up script waits on before it fetches the wasm: the page's first
/// contentful paint, as the browser reports it once it is on screen (not in a hidden page, which
/// paints nothing until it is shown, nor where the browser reports no paints; at most 3 s).
pub const AFTER_FIRST_PAINT: &str = "await new Promise((ok) => { if (document.hidden || !PerformanceObserver.supportedEntryTypes?.includes('paint')) return ok(); new PerformanceObserver((l) => l.getEntriesByName('first-contentful-paint').length && ok()).observe({ type: 'paint', buffered: true }); setTimeout(ok, 3000); });\n";

/// trunk's start-up script, made to fetch the enhancer only once the pre-rendered list is on
/// screen. The list never needs the code; but when the code arrived before the first paint (a fast
/// connection, or a busy machine slow to show the frame), Lighthouse's simulation, which counts
/// every request finished before the largest paint as one that paint waited on, charged the
/// wasm's download and start to the LCP (docs/performance.md, fifth session). Written once: a page
/// that waits already is left as it is.
pub fn after_first_paint(html: &str) -> Result<String, String> {
    if html.contains(AFTER_FIRST_PAINT) {
        return Ok(html.to_string());
    }
    let at = html.find(START).ok_or_else(|| format!("index.html's start-up script no longer has `{START}`; update xtask/src/pages.rs"))?;
    Ok(format!("{}{AFTER_FIRST_PAINT}{}", &html[..at], &html[at..]))
}

/// The worker that compiles the app bundle's wasm off the page's main thread
/// (`app/compile-worker.js`), without its comment lines.
pub fn compile_worker() -> String {
    include_str!("../../app/compile-worker.js").lines().filter(|l| !l.starts_with("//")).map(|l| format!("{l}\n")).collect()
}

/// The worker's file name in the app bundle: `.js` files are cached for a year, so it names the
/// hash of what it holds. It starts with `hookwise` as the bundle's own files do, so the LMS
/// copy makes its address relative with theirs (`lms::relative_urls`).
pub fn compile_worker_name() -> String {
    format!("hookwise-compile-{}.js", hookwise_core::hash::fnv1a64_hex(compile_worker().as_bytes()))
}

/// trunk's start-up script for the app bundle, made to compile the wasm in a worker
/// (`compile_worker`) and start the app from the module it hands back. The page's main thread
/// then only instantiates it and runs the app: the compilation as the bytes arrive (about 80 ms
/// at 4x CPU, in one task, where it blocked a pre-rendered lesson's reader) runs in the worker
/// (docs/performance.md, sixth session). Where the worker cannot start, cannot compile or cannot
/// hand the module over, the page loads the wasm itself, as before. Written once.
pub fn compile_off_thread(html: &str) -> Result<String, String> {
    const PATH: &str = "init({ module_or_path: '";
    let worker = compile_worker_name();
    if html.contains(&worker) {
        return Ok(html.to_string());
    }
    let at = html.find(START).ok_or_else(|| format!("app/index.html's start-up script no longer has `{START}`; update xtask/src/pages.rs"))?;
    let line_end = html[at..].find('\n').map_or(html.len(), |e| at + e);
    let line = &html[at..line_end];
    let wasm = line
        .find(PATH)
        .map(|p| &line[p + PATH.len()..])
        .and_then(|rest| rest.split('\'').next())
        .filter(|w| w.ends_with(".wasm"))
        .ok_or_else(|| format!("app/index.html's start-up line no longer reads `{PATH}….wasm'`; update xtask/src/pages.rs"))?;
    let folder = &wasm[..wasm.rfind('/').map_or(0, |s| s + 1)];
    let started = format!(
        "{START}{{ module_or_path: await new Promise((ok) => {{ const u = '{wasm}'; try {{ const w = new Worker('{folder}{worker}'); \
w.onmessage = (e) => {{ w.terminate(); ok(e.data || u); }}; w.onerror = w.onmessageerror = () => ok(u); \
w.postMessage(new URL(u, document.baseURI).href); }} catch {{ ok(u); }} }}) }});"
    );
    // The page's own preload of the wasm would be a second download: the worker fetches it.
    let preload = regex::Regex::new(&format!(r#"\s*<link rel="preload" href="{}"[^>]*>"#, regex::escape(wasm))).expect("a valid pattern");
    let mut html = format!("{}{started}{}", &html[..at], &html[line_end..]);
    // What trunk's script hands to other scripts, which no script of the app reads (every app
    // byte is downloaded by every learner).
    const BINDINGS: [(&str, &str); 3] = [
        ("import init, * as bindings from", "import init from"),
        ("\nwindow.wasmBindings = bindings;\n", ""),
        ("\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n", ""),
    ];
    if BINDINGS.iter().all(|(from, _)| html.matches(from).count() == 1) {
        for (from, to) in BINDINGS {
            html = html.replacen(from, to, 1);
        }
    }
    Ok(preload.replace_all(&html, "").into_owned())
}

/// Writes the compile worker into the app bundle's folder and its start-up script into the
/// bundle's page (`compile_off_thread`).
pub fn write_compile_worker(bundle: &Path) -> Result<(), String> {
    let page = bundle.join("index.html");
    let html = fs::read_to_string(&page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    let file = bundle.join(compile_worker_name());
    fs::write(&file, compile_worker()).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    fs::write(&page, compile_off_thread(&html)?).map_err(|e| format!("cannot write {}: {e}", page.display()))
}

/// Writes the pre-rendered catalogue into `site`'s `index.html`, if the site has one yet (trunk
/// writes it after its pre-build hook has compiled the course).
pub fn write_catalogue_page(site: &Path, catalogue: &Catalogue) -> Result<(), String> {
    let file = site.join("index.html");
    if !file.is_file() {
        return Ok(());
    }
    let html = fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    fs::write(&file, catalogue_page(&html, catalogue)?).map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// The catalogue a built site ships, read into the core's type.
pub fn read_catalogue(site: &Path) -> Result<Catalogue, String> {
    let file = site.join("catalogue.json");
    let text = fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not a hookwise course catalogue: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bundle_page_builds_the_package_the_build_tool_prebuilds() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for bundle in Bundle::BUILD_ORDER {
            let page = fs::read_to_string(root.join(bundle.page())).expect("the page exists");
            let link = page.lines().find(|l| l.contains(r#"rel="rust""#)).expect("a rust link");
            // The link names the package's Cargo.toml (relative to the page), or none: the root's.
            let manifest = link.split(r#"href=""#).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("Cargo.toml");
            let manifest = root.join(bundle.page()).parent().expect("a folder").join(manifest);
            let toml = fs::read_to_string(&manifest).expect("the manifest exists");
            let name = toml.lines().find_map(|l| l.strip_prefix("name = ")).expect("a package name");
            assert_eq!(name.trim_matches('"'), bundle.package(), "{}", bundle.page());
        }
    }

    /// The app's wasm is compiled in a worker, and the page starts the app from its module, or
    /// from the wasm's address when the worker cannot help (docs/performance.md, sixth session).
    #[test]
    fn the_app_page_compiles_its_wasm_in_a_worker() {
        let trunk = "<script type=\"module\">\nimport init, * as bindings from '/app/hookwise-app-1a2b.js';\nconst wasm = await init({ module_or_path: '/app/hookwise-app-1a2b_bg.wasm' });\nwindow.wasmBindings = bindings;\n</script>\n<link rel=\"modulepreload\" href=\"/app/hookwise-app-1a2b.js\" crossorigin=\"anonymous\"><link rel=\"preload\" href=\"/app/hookwise-app-1a2b_bg.wasm\" crossorigin=\"anonymous\" as=\"fetch\" type=\"application/wasm\"></head>";
        let page = compile_off_thread(trunk).expect("trunk's start-up script");
        assert!(page.contains("<link rel=\"modulepreload\" href=\"/app/hookwise-app-1a2b.js\" crossorigin=\"anonymous\"></head>"), "the worker fetches the wasm, the page does not preload it: {page}");
        let worker = compile_worker_name();
        assert!(worker.starts_with("hookwise-compile-") && worker.len() == "hookwise-compile-.js".len() + 16, "{worker}");
        assert!(page.contains(&format!("new Worker('/app/{worker}')")), "{page}");
        assert!(page.contains("const u = '/app/hookwise-app-1a2b_bg.wasm';") && page.contains("w.postMessage(new URL(u, document.baseURI).href)"), "{page}");
        // Every way the worker can fail falls back to the wasm's address.
        assert_eq!(page.matches("ok(u)").count(), 2, "{page}");
        assert!(page.contains("ok(e.data || u)"), "{page}");
        assert!(page.contains(START) && page.contains("import init, * as bindings") && page.contains("window.wasmBindings = bindings;\n</script>"), "{page}");
        // trunk's whole script: what it hands to other scripts goes, as no script reads it.
        let whole = "<script type=\"module\">\nimport init, * as bindings from '/app/a.js';\nconst wasm = await init({ module_or_path: '/app/a_bg.wasm' });\n\n\nwindow.wasmBindings = bindings;\n\n\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n\n</script>";
        let page = compile_off_thread(whole).unwrap();
        assert!(page.starts_with("<script type=\"module\">\nimport init from '/app/a.js';\nconst wasm = await init({ module_or_path: await new Promise("), "{page}");
        assert!(!page.contains("bindings") && !page.contains("TrunkApplicationStarted"), "{page}");
        assert_eq!(compile_off_thread(&page).unwrap(), page, "written once");
        assert!(compile_off_thread("<script>x</script>").unwrap_err().contains("start-up script"));
        assert!(compile_off_thread("const wasm = await init();").unwrap_err().contains("start-up line"));
        // The worker answers with the module or 0, never nothing; its comments stay out of the bundle.
        let code = compile_worker();
        assert!(code.contains("WebAssembly.compileStreaming(fetch(e.data))") && code.contains("catch { postMessage(0); }"), "{code}");
        assert!(!code.contains("//"), "{code}");
        // An LMS copy reaches the worker by a relative address too.
        assert_eq!(crate::lms::root_relative(&crate::lms::relative_urls(&page)), Vec::<String>::new());
        assert!(crate::lms::relative_urls(&page).contains(&format!("new Worker('./app/{worker}')")));
    }

    #[test]
    fn every_app_route_has_a_file_at_its_address() {
        assert_eq!(page_file(&Route::Lesson(LessonId::parse("little-hook").unwrap())), Path::new("lessons/little-hook/index.html"));
        assert_eq!(page_file(&Route::Certificate), Path::new("certificate/index.html"));
        assert_eq!(page_file(&Route::Progress), Path::new("progress/index.html"));
        assert_eq!(page_file(&Route::Rechecks), Path::new("rechecks/index.html"));
        assert_eq!(page_file(&Route::Team), Path::new("team/index.html"));
        assert_eq!(page_file(&Route::Catalogue), Path::new("index.html"));
    }

    #[test]
    fn the_compiled_course_gets_one_page_per_lesson_and_the_app_pages() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons");
        let output = hookwise_content::compile_folder(&dir).expect("lessons/ is readable");
        assert_eq!(output.errors(), 0);
        let site = std::env::temp_dir().join(format!("xtask-pages-{}", std::process::id()));
        let html = format!("<head>\n  {CATALOGUE_PRELOAD}\n</head>\n<body>\n  {NEEDS_SCRIPT}\n</body>\n");
        assert!(write_app_pages(&site, &html, &output.catalogue).unwrap_err().contains("cannot read"), "no compiled lessons, no pages");
        hookwise_content::write_output(&output, &site).expect("writes the course");
        let written = write_app_pages(&site, &html, &output.catalogue).expect("writes");
        assert_eq!(written, output.catalogue.lessons().count() + 3);
        for entry in output.catalogue.lessons() {
            let page = fs::read_to_string(site.join("lessons").join(&entry.info.id).join("index.html")).expect("reads");
            // The lesson itself, inside the element the app takes over, and no "needs JavaScript".
            let lesson = read_lesson(&site, &entry.info.id).expect("reads");
            let article = render::lesson_html(&lesson, render::Links::Site);
            assert!(page.contains(&format!("<body>\n<div id=\"{PRERENDERED_ID}\">")), "{page}");
            assert!(page.contains(&format!("<main id=\"main\" tabindex=\"-1\">\n{article}</main>")), "{page}");
            assert!(!page.contains(NEEDS_SCRIPT) && !page.contains("<script"), "{page}");
            assert!(!page.contains("preload"), "nothing competes with the text: {page}");
        }
        assert_eq!(fs::read_to_string(site.join("certificate/index.html")).expect("reads"), html);
        assert_eq!(fs::read_to_string(site.join("rechecks/index.html")).expect("reads"), html);
        assert!(!site.join("team").exists() && !site.join("index.html").exists(), "other bundles' pages are theirs");
        assert!(write_app_pages(&site, "<head></head>", &output.catalogue).unwrap_err().contains("no longer has"));
        let _ = fs::remove_dir_all(&site);
    }

    #[test]
    fn a_pre_rendered_page_drops_every_preload_and_keeps_the_rest() {
        let head = r#"<head>
  <link rel="stylesheet" href="/app/main.css" integrity="sha384-x"/>
  <link rel="preload" href="/catalogue.json" as="fetch" crossorigin="anonymous">
<link rel="modulepreload" href="/app/a.js" crossorigin="anonymous" integrity="sha384-y"><link rel="preload" href="/app/a_bg.wasm" crossorigin="anonymous" integrity="sha384-z" as="fetch" type="application/wasm"></head>"#;
        assert_eq!(without_preloads(head.to_string()), "<head>\n  <link rel=\"stylesheet\" href=\"/app/main.css\" integrity=\"sha384-x\"/></head>");
    }

    #[test]
    fn the_catalogue_page_carries_the_pre_rendered_list_and_can_be_written_again() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons");
        let output = hookwise_content::compile_folder(&dir).expect("lessons/ is readable");
        let script = "<script type=\"module\">\nimport init from '/a.js';\nconst wasm = await init({ module_or_path: '/a_bg.wasm' });\n</script>";
        let html = format!("<head>{script}\n  {CATALOGUE_PRELOAD}</head>\n<body>\n  <noscript>x</noscript>\n</body>\n</html>\n");
        let html = html.as_str();
        let page = catalogue_page(html, &output.catalogue).expect("a page");
        let waits = script.replace("const wasm", &format!("{AFTER_FIRST_PAINT}const wasm"));
        assert!(page.starts_with(&format!("<head>{waits}</head>\n<body>\n<a class=\"skip-link\"")), "{page}");
        assert!(page.ends_with("</main>\n</body>\n</html>\n"), "{page}");
        assert!(!page.contains("noscript"), "the page reads without JavaScript");
        assert!(!page.contains("preload"), "nothing competes with the list");
        for entry in output.catalogue.lessons() {
            assert!(page.contains(&format!("<a href=\"/lessons/{}\" rel=\"external\">", entry.info.id)), "{}", entry.info.id);
        }
        assert_eq!(catalogue_page(&page, &output.catalogue).expect("again"), page, "writing it again changes nothing");
        assert!(catalogue_page("<head></head>", &output.catalogue).is_err());
        assert!(catalogue_page("<head></head><body></body>", &output.catalogue).unwrap_err().contains("start-up script"));
    }

    #[test]
    fn the_shell_around_a_lesson_is_the_app_s_header_and_main() {
        let shell = prerendered_shell("<article></article>\n");
        assert_eq!(
            shell,
            "<div id=\"prerendered\">\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\"><a href=\"/\" rel=\"external\" class=\"brand\">hookwise</a><nav aria-label=\"Main\"><a href=\"/\" rel=\"external\">Course</a><a href=\"/certificate\">Certificate</a><a href=\"/progress\">Progress</a><a href=\"/team/\" rel=\"external\">Team</a></nav></header>\n<main id=\"main\" tabindex=\"-1\">\n<article></article>\n</main>\n</div>"
        );
    }
}
