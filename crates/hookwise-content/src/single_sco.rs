//! Single-SCO SCORM packages, for LMSs that accept only one SCO per package: one package per
//! lesson and edition, each the usual package (`scorm::package_files`) of a course holding
//! that lesson alone. An LMS administrator uploads the lessons they want as separate courses
//! or activities; each still reports its own status and score.
//!
//! Written as `OUT/single-sco/<folder>-<lesson id>/` and `OUT/single-sco/hookwise-<folder>-<lesson
//! id>.zip` (for example `hookwise-scorm12-little-hook.zip`).

use std::fs;
use std::path::Path;

use hookwise_core::course::{Catalogue, Part};

use crate::scorm::{self, Packaging, Scorm, PackageError, PackageFile};

pub const FOLDER: &str = "single-sco";

/// The course reduced to one lesson, in a part of the lesson's title.
pub fn one_lesson(catalogue: &Catalogue, lesson_id: &str) -> Option<Catalogue> {
    let lesson = catalogue.lesson(lesson_id)?.clone();
    let mut one = catalogue.clone();
    one.title = lesson.info.title.clone();
    one.parts = vec![Part { title: lesson.info.title.clone(), lessons: vec![lesson] }];
    one.paths.clear();
    Some(one)
}

/// Writes every single-SCO package; returns how many zips were written.
pub fn package(dist: &Path, schemas: Option<&Path>, out: &Path) -> Result<usize, PackageError> {
    let catalogue = scorm::read_catalogue(dist)?;
    let app = scorm::app_files(dist)?;
    let root = out.join(FOLDER);
    if root.exists() {
        fs::remove_dir_all(&root).map_err(|e| PackageError::Write(root.clone(), e))?;
    }
    let mut written = 0;
    for edition in Scorm::ALL {
        let schema_files = schema_files(edition, schemas)?;
        for lesson in catalogue.lessons() {
            let Some(one) = one_lesson(&catalogue, &lesson.info.id) else { continue };
            let files = scorm::package_files(&one, edition, &app, &schema_files)?;
            let name = format!("{}-{}", edition.folder(), lesson.info.id);
            scorm::write_folder(&root.join(&name), &files)?;
            let zip_path = root.join(format!("hookwise-{name}.zip"));
            let entries: Vec<(&str, &[u8])> = files.iter().map(|f| (f.path.as_str(), &f.bytes[..])).collect();
            let bytes = crate::zip::zip(&entries).map_err(|e| PackageError::Zip(zip_path.clone(), e))?;
            fs::write(&zip_path, &bytes).map_err(|e| PackageError::Write(zip_path.clone(), e))?;
            written += 1;
        }
    }
    Ok(written)
}

fn schema_files(edition: Scorm, schemas: Option<&Path>) -> Result<Vec<PackageFile>, PackageError> {
    let Some(dir) = schemas else { return Ok(Vec::new()) };
    edition
        .schema_files()
        .iter()
        .map(|name| {
            let path = dir.join(edition.schema_subfolder()).join(name);
            if !path.is_file() {
                return Err(PackageError::NoSchema(path));
            }
            let bytes = fs::read(&path).map_err(|e| PackageError::Read(path.clone(), e))?;
            Ok(PackageFile { path: name.to_string(), bytes })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookwise_core::course::CatalogueEntry;

    fn entry(id: &str) -> CatalogueEntry {
        CatalogueEntry {
            info: hookwise_core::lesson::LessonInfo {
                id: id.into(),
                title: format!("Title {id}"),
                summary: String::new(),
                topic: String::new(),
                minutes: 5,
                pass_mark: 80,
                version: "1".into(),
                content_hash: String::new(),
            },
            required: true,
        }
    }

    #[test]
    fn each_package_holds_one_sco() {
        let catalogue = Catalogue {
            id: String::new(),
            title: "Course".into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![Part { title: "P".into(), lessons: vec![entry("a"), entry("b")] }],
            paths: vec![],
        };
        let one = one_lesson(&catalogue, "b").unwrap();
        assert_eq!(one.lessons().map(|l| l.info.id.as_str()).collect::<Vec<_>>(), ["b"]);
        let manifest = scorm::manifest(&one, "en", Scorm::V12, &[]);
        assert_eq!(manifest.matches("adlcp:scormtype=\"sco\"").count(), 1);
        assert!(manifest.contains("?lesson=b&amp;scorm=1.2"));
        assert!(one_lesson(&catalogue, "c").is_none());
    }
}
