//! The cmi5 package of the course: `cmi5.xml` (the course structure, cmi5 section 13) at the
//! root of a zip with the built app (section 14), made from the same files as the SCORM
//! packages (`scorm::app_files`).
//!
//! One block per part of `COURSE.md` and one assignable unit (AU) per lesson, in course order.
//! A lesson with a quiz moves on when completed and passed, with its pass mark as the mastery
//! score (0–1); a lesson without one when completed. Every AU launches the same `index.html`
//! with `?lesson=<id>`, a name that cannot clash with the parameters the LMS adds (`endpoint`,
//! `fetch`, `actor`, `registration`, `activityId`; requirement 8.1.0.0-6).
//!
//! Publisher ids are IRIs that stay the same from one build to the next: `urn:hookwise:<course
//! id>` for the course (the `id:` of `COURSE.md`, `hookwise` when it has none), with
//! `:part-<n>` for blocks and `:lesson:<lesson id>` for AUs. They do not depend on titles, so
//! an LMS recognises a new version of the same course and keeps its learners' records.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use hookwise_core::course::Catalogue;

use crate::scorm::{self, PackageError, PackageFile};

/// The course structure's file name; an LMS looks for it at the root of the zip.
pub const STRUCTURE: &str = "cmi5.xml";
pub const FOLDER: &str = "cmi5";
pub const ZIP: &str = "hookwise-cmi5.zip";
/// The course structure's namespace (and the schema's location, by the specification's choice).
pub const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
/// The launch parameters the LMS adds; the AU's own URL must not use these names.
pub const LMS_PARAMETERS: [&str; 5] = ["endpoint", "fetch", "actor", "registration", "activityId"];
/// The course id when `COURSE.md` names none.
pub const DEFAULT_COURSE_ID: &str = "hookwise";

/// The course's publisher id.
pub fn course_iri(catalogue: &Catalogue) -> String {
    let id = if catalogue.id.is_empty() { DEFAULT_COURSE_ID } else { &catalogue.id };
    format!("urn:hookwise:{id}")
}

/// A lesson's publisher id (the AU's `id`).
pub fn lesson_iri(catalogue: &Catalogue, lesson_id: &str) -> String {
    format!("{}:lesson:{lesson_id}", course_iri(catalogue))
}

/// An AU's launch URL, relative to `cmi5.xml`: its lesson's own pre-rendered page when the
/// package has it (`has`: `scorm::launch_page`), else `index.html`.
pub fn launch_url(lesson_id: &str, has: impl Fn(&str) -> bool) -> String {
    format!("{}?lesson={lesson_id}", scorm::launch_page(lesson_id, has))
}

/// Whether a package file is a page the LMS launches (`index.html` or a lesson's own page).
fn is_launch_page(path: &str) -> bool {
    path == "index.html" || (path.starts_with("lesson-") && path.ends_with(".html") && !path.contains('/'))
}

/// A pass mark (0–100) as a mastery score (0–1): `0.8`, `1`, `0.75`.
pub fn mastery_score(pass_mark: u8) -> String {
    match pass_mark.min(100) {
        100 => "1".into(),
        0 => "0".into(),
        p if p % 10 == 0 => format!("0.{}", p / 10),
        p => format!("0.{p:02}"),
    }
}

fn langstring(x: &mut String, lang: &str, indent: &str, element: &str, text: &str) {
    let _ = writeln!(
        x,
        "{indent}<{element}>\n{indent}  <langstring lang=\"{}\">{}</langstring>\n{indent}</{element}>",
        scorm::escape(lang),
        scorm::escape(text)
    );
}

/// `cmi5.xml` for the course, its text in `language` (the course's, from `COURSE.md`).
/// `with_quiz` says whether a lesson has a quiz; `has` whether the package has a file (a
/// lesson's own launch page: `launch_url`).
pub fn course_structure(catalogue: &Catalogue, language: &str, with_quiz: impl Fn(&str) -> bool, has: impl Fn(&str) -> bool) -> String {
    let mut x = String::new();
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(x, r#"<courseStructure xmlns="{NAMESPACE}">"#);
    let course = course_iri(catalogue);
    let _ = writeln!(x, r#"  <course id="{}">"#, scorm::escape(&course));
    langstring(&mut x, language, "    ", "title", &catalogue.title);
    langstring(&mut x, language, "    ", "description", &catalogue.title);
    let _ = writeln!(x, "  </course>");
    for (n, part) in catalogue.parts.iter().filter(|p| !p.lessons.is_empty()).enumerate() {
        let _ = writeln!(x, r#"  <block id="{}">"#, scorm::escape(&format!("{course}:part-{}", n + 1)));
        langstring(&mut x, language, "    ", "title", &part.title);
        langstring(&mut x, language, "    ", "description", &part.title);
        for lesson in &part.lessons {
            let quiz = with_quiz(&lesson.info.id);
            let rule = if quiz {
                format!(r#"moveOn="CompletedAndPassed" masteryScore="{}""#, mastery_score(lesson.info.pass_mark))
            } else {
                r#"moveOn="Completed""#.to_string()
            };
            let _ = writeln!(
                x,
                r#"    <au id="{}" {rule} launchMethod="AnyWindow">"#,
                scorm::escape(&lesson_iri(catalogue, &lesson.info.id))
            );
            langstring(&mut x, language, "      ", "title", &lesson.info.title);
            let summary = if lesson.info.summary.trim().is_empty() { &lesson.info.title } else { &lesson.info.summary };
            langstring(&mut x, language, "      ", "description", summary);
            let _ = writeln!(x, "      <url>{}</url>", scorm::escape(&launch_url(&lesson.info.id, &has)));
            let _ = writeln!(x, "    </au>");
        }
        let _ = writeln!(x, "  </block>");
    }
    let _ = writeln!(x, "</courseStructure>");
    x
}

/// Whether the compiled lesson `dist/lessons/<id>.json` has quiz questions. A lesson that
/// cannot be read counts as having a quiz: the stricter rule.
pub fn lesson_has_quiz(dist: &Path, id: &str) -> bool {
    let Ok(text) = fs::read_to_string(dist.join("lessons").join(format!("{id}.json"))) else { return true };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return true };
    json["quiz"]["questions"].as_array().is_none_or(|q| !q.is_empty())
}

/// The files of the package: `cmi5.xml` first, then the app (its `index.html` and lesson
/// pages with `open_connect_src`).
pub fn package_files(catalogue: &Catalogue, app: &[PackageFile], with_quiz: impl Fn(&str) -> bool) -> Result<Vec<PackageFile>, PackageError> {
    if app.iter().any(|f| f.path == STRUCTURE) {
        return Err(PackageError::Clash(STRUCTURE.into()));
    }
    let has = |page: &str| app.iter().any(|f| f.path == page);
    let structure = PackageFile { path: STRUCTURE.into(), bytes: course_structure(catalogue, &scorm::language_of(app), with_quiz, has).into_bytes() };
    let rest = app.iter().map(|f| match std::str::from_utf8(&f.bytes) {
        Ok(html) if is_launch_page(&f.path) => PackageFile { path: f.path.clone(), bytes: open_connect_src(html).into_bytes() },
        _ => f.clone(),
    });
    Ok(std::iter::once(structure).chain(rest).collect())
}

/// The page's Content-Security-Policy with `https:` added to `connect-src`: an LMS often
/// serves its content from another host than its LRS, and the endpoint is known only at
/// launch (the app checks it is an http(s) address before it sends anything there).
pub fn open_connect_src(html: &str) -> String {
    html.replacen("connect-src 'self'", "connect-src 'self' https:", 1)
}

/// A written package: its folder, zip and size.
#[derive(Debug)]
pub struct Written {
    pub folder: PathBuf,
    pub zip: PathBuf,
    pub zip_bytes: usize,
    pub files: usize,
}

/// Builds the cmi5 package of the app in `dist` into `out/cmi5/` (replaced) and
/// `out/hookwise-cmi5.zip`.
pub fn package(dist: &Path, out: &Path) -> Result<Written, PackageError> {
    let catalogue = scorm::read_catalogue(dist)?;
    let app = scorm::app_files(dist)?;
    let files = package_files(&catalogue, &app, |id| lesson_has_quiz(dist, id))?;
    let folder = out.join(FOLDER);
    scorm::write_folder(&folder, &files)?;
    let zip_path = out.join(ZIP);
    let entries: Vec<(&str, &[u8])> = files.iter().map(|f| (f.path.as_str(), &f.bytes[..])).collect();
    let bytes = crate::zip::zip(&entries).map_err(|e| PackageError::Zip(zip_path.clone(), e))?;
    fs::write(&zip_path, &bytes).map_err(|e| PackageError::Write(zip_path.clone(), e))?;
    Ok(Written { folder, zip: zip_path, zip_bytes: bytes.len(), files: files.len() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookwise_core::course::{CatalogueEntry, Part};

    fn entry(id: &str, pass_mark: u8) -> CatalogueEntry {
        CatalogueEntry {
            info: hookwise_core::lesson::LessonInfo {
                id: id.into(),
                title: format!("Title of {id} & <more>"),
                summary: String::new(),
                topic: String::new(),
                minutes: 5,
                version: "1".into(),
                content_hash: String::new(),
                pass_mark,
            },
            required: true,
        }
    }

    fn catalogue(id: &str) -> Catalogue {
        Catalogue {
            id: id.into(),
            title: "A course".into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![
                Part { title: "One".into(), lessons: vec![entry("little-hook", 80), entry("reading", 75)] },
                Part { title: "Empty".into(), lessons: vec![] },
                Part { title: "Two".into(), lessons: vec![entry("final", 100)] },
            ],
            paths: vec![],
        }
    }

    #[test]
    fn one_block_per_part_and_one_au_per_lesson_with_stable_ids() {
        let x = course_structure(&catalogue(""), "en", |id| id != "reading", |_| false);
        assert!(x.contains(r#"<course id="urn:hookwise:hookwise">"#), "{x}");
        assert_eq!(x.matches("<block ").count(), 2);
        assert!(x.contains(r#"<block id="urn:hookwise:hookwise:part-2">"#));
        assert!(x.contains(r#"<au id="urn:hookwise:hookwise:lesson:little-hook" moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="AnyWindow">"#), "{x}");
        assert!(x.contains(r#"<au id="urn:hookwise:hookwise:lesson:reading" moveOn="Completed" launchMethod="AnyWindow">"#), "{x}");
        assert!(x.contains(r#"masteryScore="1""#));
        assert!(x.contains("<url>index.html?lesson=little-hook</url>"));
        assert!(x.contains("Title of little-hook &amp; &lt;more&gt;"));
        // The course's own id, whatever its title.
        let mut renamed = catalogue("recruitment");
        renamed.title = "Another title".into();
        assert!(course_structure(&renamed, "en", |_| true, |_| false).contains(r#"<course id="urn:hookwise:recruitment">"#));
        // Every langstring in the course's language.
        let de = course_structure(&catalogue(""), "de-CH", |_| true, |_| false);
        assert_eq!(de.matches("<langstring lang=\"de-CH\">").count(), de.matches("<langstring").count());
    }

    #[test]
    fn launch_urls_never_use_the_lms_parameter_names() {
        assert_eq!(launch_url("little-hook", |_| false), "index.html?lesson=little-hook");
        let url = launch_url("little-hook", |p| p == "lesson-little-hook.html");
        assert_eq!(url, "lesson-little-hook.html?lesson=little-hook", "its own pre-rendered page when the package has it");
        let query = url.split_once('?').unwrap().1;
        for pair in query.split('&') {
            let name = pair.split('=').next().unwrap();
            assert!(!LMS_PARAMETERS.contains(&name), "{name}");
        }
        assert!(!url.contains("://"), "relative");
    }

    #[test]
    fn mastery_scores_are_between_0_and_1() {
        assert_eq!(mastery_score(80), "0.8");
        assert_eq!(mastery_score(75), "0.75");
        assert_eq!(mastery_score(5), "0.05");
        assert_eq!(mastery_score(100), "1");
        assert_eq!(mastery_score(0), "0");
        assert_eq!(mastery_score(250), "1");
    }

    #[test]
    fn the_package_has_the_structure_at_its_root_and_the_app() {
        let app = vec![
            PackageFile { path: "index.html".into(), bytes: b"<head>\n<meta content=\"connect-src 'self'; img-src 'self'\">\n</head>".to_vec() },
            PackageFile { path: "catalogue.json".into(), bytes: b"{}".to_vec() },
            PackageFile { path: "lesson-little-hook.html".into(), bytes: b"<meta content=\"connect-src 'self'\">".to_vec() },
            PackageFile { path: "lessons/little-hook.json".into(), bytes: b"connect-src 'self'".to_vec() },
        ];
        let files = package_files(&catalogue(""), &app, |_| true).unwrap();
        assert_eq!(files[0].path, STRUCTURE);
        assert_eq!(files[1].bytes, b"<head>\n<meta content=\"connect-src 'self' https:; img-src 'self'\">\n</head>");
        // A lesson's own page is launched, and its policy opened the same way; nothing else is.
        let structure = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(structure.contains("<url>lesson-little-hook.html?lesson=little-hook</url>"), "{structure}");
        assert!(structure.contains("<url>index.html?lesson=reading</url>"), "without its page, index.html: {structure}");
        assert_eq!(files[3].bytes, b"<meta content=\"connect-src 'self' https:\">");
        assert_eq!(files[4].bytes, b"connect-src 'self'");
        let clash = vec![PackageFile { path: STRUCTURE.into(), bytes: vec![] }];
        assert!(matches!(package_files(&catalogue(""), &clash, |_| true), Err(PackageError::Clash(_))));
    }
}
