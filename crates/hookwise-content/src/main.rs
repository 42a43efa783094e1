//! `hookwise`, the authors' command: `check` validates a lesson folder, `build` also writes
//! the compiled course for the app, `package` makes the LMS packages (SCORM, cmi5) of a built app.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  hookwise check [FOLDER] [--strict] [--stats]
                                       validate the lessons in FOLDER (default: lessons);
                                       --strict makes every warning (quiz health, reading time,
                                       missing feedback) an error; --stats prints each lesson's
                                       reading figures and the balance of the quiz keys
  hookwise build [FOLDER] --out DIR [--strict]
                                       validate, then write DIR/catalogue.json and DIR/lessons/*.json
  hookwise package --dist DIR --out DIR [--schemas DIR] [--single-sco]
                                       make SCORM 1.2, SCORM 2004 and cmi5 packages of the LMS copy of
                                       the app in --dist (target/packages/app, which `./dev package`
                                       prepares): OUT/scorm12/, OUT/scorm2004/, OUT/cmi5/ and their zips
                                       (and, with audience paths, one SCORM package per path); --schemas
                                       names the folder with scorm12edition/ and scorm20044thedition/ XSDs;
                                       --single-sco also writes one package per lesson and edition
                                       (OUT/single-sco/) for LMSs that accept only one SCO";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut command = None;
    let mut folder = None;
    let mut out = None;
    let mut dist = None;
    let mut schemas = None;
    let mut strict = false;
    let mut stats = false;
    let mut single_sco = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--out" => out = iter.next().map(PathBuf::from),
            "--dist" => dist = iter.next().map(PathBuf::from),
            "--schemas" => schemas = iter.next().map(PathBuf::from),
            "--strict" => strict = true,
            "--stats" => stats = true,
            "--single-sco" => single_sco = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            a if command.is_none() => command = Some(a.to_string()),
            a if folder.is_none() => folder = Some(PathBuf::from(a)),
            a => {
                eprintln!("hookwise: unexpected argument `{a}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if command.as_deref() == Some("package") {
        let code = package(folder, dist.clone(), out.clone(), schemas.clone());
        if code != ExitCode::SUCCESS || !single_sco {
            return code;
        }
        return single_sco_packages(dist, out, schemas);
    }
    let folder = folder.unwrap_or_else(|| PathBuf::from("lessons"));
    let (write_to, verb) = match (command.as_deref(), out) {
        (Some("check"), _) => (None, "checked"),
        (Some("build"), Some(out)) => (Some(out), "built"),
        (Some("build"), None) => {
            eprintln!("hookwise: `build` needs `--out DIR`\n{USAGE}");
            return ExitCode::from(2);
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if stats && command.as_deref() != Some("check") {
        eprintln!("hookwise: `--stats` goes with `check`\n{USAGE}");
        return ExitCode::from(2);
    }
    let (inputs, outline) = match hookwise_content::read_folder(&folder) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("hookwise: cannot read the lesson folder {}: {e}", folder.display());
            return ExitCode::FAILURE;
        }
    };
    let settings = match hookwise_content::read_settings(&folder) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("hookwise: cannot read the organisation settings in {}: {e}", folder.display());
            return ExitCode::FAILURE;
        }
    };
    let outline_name = folder.join(hookwise_content::course::OUTLINE_FILE).display().to_string();
    let mut output = hookwise_content::compile_course(&inputs, outline.as_ref(), settings.as_ref(), &outline_name);
    if strict {
        hookwise_content::quiz_health::make_strict(&mut output.diagnostics);
    }
    for d in &output.diagnostics {
        eprintln!("{d}");
    }
    if stats {
        println!("{}", hookwise_content::stats::render(&output.lessons, &output.balance));
    }
    let quiz_health = hookwise_content::quiz_health::count(&output.diagnostics);
    let summary = format!(
        "{} {} lesson file(s) in {}: {} error(s), {} warning(s){}{}",
        if output.errors() > 0 { "checked" } else { verb },
        output.files,
        folder.display(),
        output.errors(),
        output.warnings(),
        if quiz_health > 0 { format!(" ({quiz_health} quiz health)") } else { String::new() },
        if strict { " (--strict: warnings count as errors)" } else { "" }
    );
    if output.errors() > 0 {
        eprintln!("{summary}; nothing was published");
        return ExitCode::FAILURE;
    }
    if let Some(dir) = write_to {
        if let Err(e) = hookwise_content::write_output(&output, &dir).and_then(|()| copy_images(&folder, &dir)) {
            eprintln!("hookwise: cannot write {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        if let Some(at) = &output.example_settings {
            example_warning(at);
        }
    }
    eprintln!("{summary}");
    ExitCode::SUCCESS
}

/// `hookwise package`: both SCORM packages of the app built in `dist`, whose catalogue says
/// which lessons there are.
fn package(folder: Option<PathBuf>, dist: Option<PathBuf>, out: Option<PathBuf>, schemas: Option<PathBuf>) -> ExitCode {
    if let Some(folder) = folder {
        eprintln!("hookwise: unexpected argument `{}`: `package` reads the built app in --dist\n{USAGE}", folder.display());
        return ExitCode::from(2);
    }
    let (Some(dist), Some(out)) = (dist, out) else {
        eprintln!("hookwise: `package` needs `--dist DIR` and `--out DIR`\n{USAGE}");
        return ExitCode::from(2);
    };
    if schemas.is_none() {
        eprintln!("hookwise: warning: no --schemas: the packages will not include the SCORM schema files");
    }
    let example = std::fs::read_to_string(dist.join("organisation.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<hookwise_core::organisation::Organisation>(&t).ok())
        .is_some_and(|o| o.example);
    match hookwise_content::scorm::package(&dist, schemas.as_deref(), &out) {
        Ok(written) => {
            if example {
                example_warning("lessons/ORGANISATION.md (the line `example: true`)");
            }
            for w in written {
                eprintln!(
                    "packaged {} ({} files): {}/ and {} ({} KiB)",
                    w.edition.name(),
                    w.files,
                    w.folder.display(),
                    w.zip.display(),
                    w.zip_bytes.div_ceil(1024)
                );
            }
            cmi5_package(&dist, &out)
        }
        Err(e) => {
            eprintln!("hookwise: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One single-SCO package per lesson and edition (`hookwise_content::single_sco`).
fn single_sco_packages(dist: Option<PathBuf>, out: Option<PathBuf>, schemas: Option<PathBuf>) -> ExitCode {
    let (Some(dist), Some(out)) = (dist, out) else { return ExitCode::from(2) };
    match hookwise_content::single_sco::package(&dist, schemas.as_deref(), &out) {
        Ok(n) => {
            eprintln!("packaged {n} single-SCO packages in {}", out.join(hookwise_content::single_sco::FOLDER).display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hookwise: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The cmi5 package beside the SCORM ones (`hookwise_content::cmi5`).
fn cmi5_package(dist: &std::path::Path, out: &std::path::Path) -> ExitCode {
    match hookwise_content::cmi5::package(dist, out) {
        Ok(w) => {
            eprintln!("packaged cmi5 ({} files): {}/ and {} ({} KiB)", w.files, w.folder.display(), w.zip.display(), w.zip_bytes.div_ceil(1024));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hookwise: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The warning a build or package with the shipped example settings prints: framed, so that
/// it is not lost among the build's other output.
pub fn example_warning(at: &str) {
    let lines = [
        "WARNING: this course still has the EXAMPLE organisation settings.".to_string(),
        "Learners would be told to report to a fictional company's channels.".to_string(),
        format!("Edit {at}: put in your organisation's name, team, reporting channels,"),
        "what happens to a report and your policies, then delete the line `example: true`.".to_string(),
    ];
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    eprintln!("hookwise: +{}+", "-".repeat(width + 2));
    for line in lines {
        eprintln!("hookwise: | {line:width$} |");
    }
    eprintln!("hookwise: +{}+", "-".repeat(width + 2));
}

/// Copies the course's `images/` folder, if any, next to the compiled lessons.
fn copy_images(folder: &std::path::Path, out: &std::path::Path) -> std::io::Result<()> {
    let source = folder.join("images");
    if !source.is_dir() {
        return Ok(());
    }
    let target = out.join("images");
    std::fs::create_dir_all(&target)?;
    for entry in std::fs::read_dir(source)? {
        let entry = entry?;
        if entry.path().is_file() {
            std::fs::copy(entry.path(), target.join(entry.file_name()))?;
        }
    }
    Ok(())
}
