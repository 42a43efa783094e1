//! The hookwise lesson compiler: a folder of Markdown lessons and its `COURSE.md` outline to
//! the catalogue and lesson model the app loads, with every authoring mistake reported as a
//! diagnostic (`file:line:column: error: message`, the line, a caret, and help).
//!
//! The compiler never panics and never stops at the first problem: `compile_folder` returns
//! what it could build together with all diagnostics.

pub mod checks;
pub mod cmi5;
pub mod course;
pub mod diagnostic;
pub mod fairness;
pub mod front_matter;
pub mod lesson;
pub mod markdown;
pub mod options;
pub mod organisation;
pub mod practice;
pub mod quiz;
pub mod quiz_health;
pub mod scorm;
pub mod single_sco;
pub mod stats;
pub mod wording;
pub mod zip;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use hookwise_core::course::{AudiencePath, Catalogue, CatalogueEntry, Part};
use hookwise_core::lesson::Lesson;
use hookwise_core::organisation::Organisation;

use crate::diagnostic::{Diagnostic, Severity, SourceFile, WithHelp};

/// Files in a lesson folder that are not lessons.
pub const NOT_LESSONS: &[&str] = &["README.md", course::OUTLINE_FILE, organisation::SETTINGS_FILE];

/// The result of compiling a folder.
#[derive(Debug)]
pub struct Output {
    /// How many lesson files were read, compiled or not.
    pub files: usize,
    pub catalogue: Catalogue,
    /// The course's language (`language:` in `COURSE.md`), for the packages' metadata.
    pub language: String,
    pub lessons: Vec<Lesson>,
    /// The organisation settings, when `ORGANISATION.md` exists and has no errors.
    pub organisation: Option<Organisation>,
    /// `file:line:column` of `example: true` in the settings, while they are the example.
    pub example_settings: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// The quiz-key tallies of the compiled lessons (what `check --stats` prints), counted by
    /// the wording checks from the front matter `compile` parsed.
    pub balance: quiz_health::Balance,
}

impl Output {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// One source file: its display name (`lessons/little-hook.md`) and text.
pub struct Input {
    pub name: String,
    pub file_name: String,
    pub text: String,
}

/// Reads a folder's Markdown files in name order.
pub fn read_folder(dir: &Path) -> Result<(Vec<Input>, Option<Input>), std::io::Error> {
    let mut lessons = Vec::new();
    let mut outline = None;
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let file_name = entry.file_name().to_string_lossy().to_string();
        if !file_name.ends_with(".md") || !entry.path().is_file() {
            continue;
        }
        let name = dir.join(&file_name).display().to_string();
        // A lesson that is not UTF-8 is read lossily; the replacement characters show up
        // in its text rather than hiding the whole file.
        let text = String::from_utf8_lossy(&fs::read(entry.path())?).into_owned();
        let input = Input { name, file_name: file_name.clone(), text };
        if file_name == course::OUTLINE_FILE {
            outline = Some(input);
        } else if !NOT_LESSONS.contains(&file_name.as_str()) {
            lessons.push(input);
        }
    }
    Ok((lessons, outline))
}

/// Reads the folder's organisation settings (`ORGANISATION.md`), if there are any.
pub fn read_settings(dir: &Path) -> Result<Option<Input>, std::io::Error> {
    let path = dir.join(organisation::SETTINGS_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&fs::read(&path)?).into_owned();
    Ok(Some(Input { name: path.display().to_string(), file_name: organisation::SETTINGS_FILE.into(), text }))
}

/// Compiles lesson files and the outline without organisation settings.
pub fn compile(lessons: &[Input], outline: Option<&Input>, outline_name: &str) -> Output {
    compile_course(lessons, outline, None, outline_name)
}

/// Compiles lesson files, the outline and the organisation settings; `outline_name` is where
/// the outline should be.
pub fn compile_course(lessons: &[Input], outline: Option<&Input>, settings: Option<&Input>, outline_name: &str) -> Output {
    let empty = Catalogue { id: String::new(), title: String::new(), version: String::new(), due_after_days: 0, parts: Vec::new(), paths: Vec::new() };
    let mut out = Output {
        files: lessons.len(),
        catalogue: empty,
        language: course::DEFAULT_LANGUAGE.to_string(),
        lessons: Vec::new(),
        organisation: None,
        example_settings: None,
        diagnostics: Vec::new(),
        balance: quiz_health::Balance::default(),
    };
    if let Some(input) = settings {
        let src = SourceFile::new(&input.name, &input.text);
        let mut diagnostics = Vec::new();
        if let Some(parsed) = organisation::parse(&src, &mut diagnostics) {
            out.example_settings = parsed.example_at.map(|(line, col)| format!("{}:{line}:{col}", input.name));
            out.organisation = Some(parsed.organisation);
        }
        diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
        out.diagnostics.extend(diagnostics);
    }
    // Each file's front matter is parsed once, here: lesson ids are needed before compiling
    // (to resolve links between lessons), and the wording checks read it again afterwards.
    let fronts: Vec<lesson::Front> = lessons
        .iter()
        .map(|input| {
            let mut diagnostics = Vec::new();
            let fm = front_matter::parse(&SourceFile::new(&input.name, &input.text), &mut diagnostics);
            lesson::Front { fm, diagnostics }
        })
        .collect();
    let mut ids_by_file: BTreeMap<String, String> = BTreeMap::new();
    for (input, front) in lessons.iter().zip(&fronts) {
        let id = front
            .fm
            .as_ref()
            .and_then(|fm| match fm.get("id").map(|f| &f.value) {
                Some(front_matter::Value::Scalar(s)) => Some(s.text.clone()),
                _ => None,
            })
            .unwrap_or_default();
        ids_by_file.insert(input.file_name.clone(), id);
    }

    let mut compiled: BTreeMap<String, (lesson::Compiled, &Input)> = BTreeMap::new();
    let mut first_use: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (input, front) in lessons.iter().zip(&fronts) {
        let src = SourceFile::new(&input.name, &input.text);
        let ctx = markdown::Context {
            src: &src,
            lessons: &ids_by_file,
            org: out.organisation.as_ref(),
            org_file_exists: settings.is_some(),
        };
        let mut diagnostics = Vec::new();
        let result = lesson::compile(&ctx, front, &mut diagnostics);
        if let Some(c) = result {
            let id = c.lesson.info.id.clone();
            match first_use.get(&id) {
                Some((file, line)) => diagnostics.push(
                    src.error(c.id_offset, format!("duplicate lesson id `{id}`: {file}:{line} uses it too"))
                        .help("every lesson needs its own id"),
                ),
                None => {
                    first_use.insert(id.clone(), (input.name.clone(), src.position(c.id_offset).0));
                    compiled.insert(input.file_name.clone(), (c, input));
                }
            }
        }
        diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
        out.diagnostics.extend(diagnostics);
    }

    let Some(outline_input) = outline else {
        out.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: outline_name.to_string(),
            line: 1,
            column: 1,
            message: "there is no course outline".into(),
            source_line: None,
            help: Some(format!("create {outline_name} listing the lessons in order (see lessons/README.md)")),
        });
        return out;
    };
    let src = SourceFile::new(&outline_input.name, &outline_input.text);
    let mut diagnostics = Vec::new();
    let Some(outline) = course::parse(&src, &mut diagnostics) else {
        out.diagnostics.extend(diagnostics);
        return out;
    };
    let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
    out.language = outline.language.clone();
    let mut catalogue = Catalogue {
        id: outline.id.clone(),
        title: outline.title.clone(),
        version: outline.version.clone(),
        due_after_days: outline.due_after_days.unwrap_or(hookwise_core::progress::DEFAULT_DUE_AFTER_DAYS),
        parts: Vec::new(),
        paths: Vec::new(),
    };
    for part in &outline.parts {
        let mut entries = Vec::new();
        for entry in &part.entries {
            if let Some(first) = listed.get(entry.file.as_str()) {
                let (line, _) = src.position(*first);
                diagnostics.push(
                    src.error(entry.offset, format!("`{}` is already listed on line {line}", entry.file))
                        .help("list each lesson once"),
                );
                continue;
            }
            listed.insert(&entry.file, entry.offset);
            if !ids_by_file.contains_key(&entry.file) {
                let known: Vec<&str> = ids_by_file.keys().map(String::as_str).collect();
                let help = match front_matter::suggest(&entry.file, &known) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "create the lesson file, or remove this entry".to_string(),
                };
                diagnostics.push(
                    src.error(entry.offset, format!("the outline lists `{}`, but there is no such lesson file", entry.file))
                        .help(help),
                );
                continue;
            }
            if let Some((c, _)) = compiled.get(&entry.file) {
                let l = &c.lesson;
                entries.push(CatalogueEntry {
                    info: l.info.clone(),
                    // With audience paths, the core is what everyone must pass.
                    required: match &outline.core {
                        Some(core) => core.iter().any(|n| n.id == l.info.id),
                        None => c.required,
                    },
                });
            }
        }
        catalogue.parts.push(Part { title: part.title.clone(), lessons: entries });
    }
    check_paths(&src, &outline, &ids_by_file, &mut diagnostics);
    catalogue.paths = outline
        .paths
        .iter()
        .map(|p| AudiencePath { id: p.id.clone(), title: p.title.clone(), lessons: p.lessons.iter().map(|n| n.id.clone()).collect() })
        .collect();
    diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
    out.diagnostics.extend(diagnostics);
    for input in lessons {
        if !listed.contains_key(input.file_name.as_str()) {
            let lesson_src = SourceFile::new(&input.name, &input.text);
            out.diagnostics.push(
                lesson_src
                    .error(0, format!("this lesson is not in the course outline {}", outline_input.name))
                    .help(format!("add `- [Its title]({})` under a part in {}", input.file_name, outline_input.name)),
            );
        }
    }
    // Lessons in outline order.
    for entry in catalogue.lessons() {
        if let Some((c, _)) = compiled.values().find(|(c, _)| c.lesson.info.id == entry.info.id) {
            out.lessons.push(c.lesson.clone());
        }
    }
    out.catalogue = catalogue;
    checks::check(lessons, &fronts, &SourceFile::new(&outline_input.name, &outline_input.text), outline.title_offset, &mut out);
    out
}

/// The audience paths: every name is a lesson, and every listed lesson is in the core or a path.
fn check_paths(src: &SourceFile, outline: &course::Outline, ids_by_file: &BTreeMap<String, String>, diagnostics: &mut Vec<Diagnostic>) {
    let Some(core) = &outline.core else { return };
    let ids: Vec<&str> = ids_by_file.values().map(String::as_str).filter(|id| !id.is_empty()).collect();
    let named = core.iter().map(|n| ("core", n)).chain(outline.paths.iter().flat_map(|p| p.lessons.iter().map(move |n| (p.id.as_str(), n))));
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for (path, name) in named {
        if !ids.contains(&name.id.as_str()) {
            let help = match front_matter::suggest(&name.id, &ids) {
                Some(k) => format!("did you mean `{k}`? Paths name lessons by their `id`"),
                None => "paths name lessons by the `id` in their front matter".to_string(),
            };
            diagnostics.push(src.error(name.offset, format!("there is no lesson with the id `{}`", name.id)).help(help));
        } else if seen.contains(&(path, name.id.as_str())) {
            diagnostics.push(src.error(name.offset, format!("`{}` is listed twice here", name.id)).help("list each lesson once per path"));
        }
        seen.push((path, name.id.as_str()));
    }
    for part in &outline.parts {
        for entry in &part.entries {
            let Some(id) = ids_by_file.get(&entry.file).filter(|id| !id.is_empty()) else { continue };
            if !seen.iter().any(|(_, n)| n == id) {
                diagnostics.push(
                    src.error(entry.offset, format!("`{id}` is in no path: no learner would be asked to take it"))
                        .help(format!("add `{id}` to `core:` or to a path's `lessons:` in the front matter")),
                );
            }
        }
    }
}

/// Compiles the lessons in `dir`.
pub fn compile_folder(dir: &Path) -> Result<Output, std::io::Error> {
    let (lessons, outline) = read_folder(dir)?;
    let settings = read_settings(dir)?;
    let outline_name = dir.join(course::OUTLINE_FILE).display().to_string();
    Ok(compile_course(&lessons, outline.as_ref(), settings.as_ref(), &outline_name))
}

/// `catalogue.json`: the core's `Catalogue`, and the course's language under `language`. Only
/// the packager reads the language (`scorm::read_language`); the app's catalogue type ignores
/// it, so the first-load bundle does not grow.
pub fn catalogue_json(catalogue: &Catalogue, language: &str) -> String {
    const WHY: &str = "the catalogue has only string keys and finite numbers";
    let json = serde_json::to_string(catalogue).expect(WHY);
    let body = json.strip_suffix('}').expect("a catalogue is a JSON object");
    format!("{body},\"language\":{}}}", serde_json::to_string(language).expect(WHY))
}

/// Writes `catalogue.json`, `lessons/<id>.json` and `questions.txt` into `out_dir`.
pub fn write_output(output: &Output, out_dir: &Path) -> Result<(), std::io::Error> {
    use hookwise_core::route::{Asset, LessonId, LESSONS};
    fs::create_dir_all(out_dir.join(LESSONS))?;
    const WHY: &str = "the lesson model has only string keys and finite numbers";
    fs::write(out_dir.join(Asset::Catalogue.file()), catalogue_json(&output.catalogue, &output.language))?;
    for lesson in &output.lessons {
        // `compile` keeps no lesson with an invalid id (it is an error); never write one.
        let Some(id) = LessonId::parse(&lesson.info.id) else { continue };
        fs::write(out_dir.join(Asset::Lesson(id).file()), serde_json::to_string(lesson).expect(WHY))?;
    }
    // The words of questions and options for the manager dashboard's "What people miss", as
    // plain text so the dashboard needs neither the lesson model nor a parser for it.
    fs::write(out_dir.join(Asset::Questions.file()), hookwise_core::misses::write_key(&output.lessons))?;
    // Loaded by the app bundle for the report hand-off; the first load never needs it.
    if let Some(org) = &output.organisation {
        fs::write(out_dir.join(Asset::Organisation.file()), serde_json::to_string(org).expect(WHY))?;
    }
    Ok(())
}
