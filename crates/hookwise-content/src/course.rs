//! `COURSE.md`, the course outline: front matter (title, version), `## Part` headings and
//! `- [Title](file.md)` entries, in the spirit of mdBook's SUMMARY.md.

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};
use crate::front_matter::{self, lines_with_offsets};
use crate::front_matter::{check_keys, scalar};

pub const OUTLINE_FILE: &str = "COURSE.md";

/// The course's language when `COURSE.md` names none.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Whether `tag` is a language tag of the usual shape (RFC 5646, as LOM's `LanguageId` and
/// `xml:lang` take it): a primary language of two or three letters, then subtags of one to
/// eight letters or digits, each after `-` (`en`, `fr-CA`, `zh-Hant-TW`, `gsw-u-sd-chzh`).
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub file: String,
    /// Byte offset of the file name, for diagnostics.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct OutlinePart {
    pub title: String,
    pub entries: Vec<Entry>,
}

/// A lesson id named in `core:` or a path's `lessons:`, with its offset.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub offset: usize,
}

/// An audience path: `- id: ...`, `title: ...`, `lessons: a, b, c`.
#[derive(Debug, Clone)]
pub struct OutlinePath {
    pub id: String,
    pub title: String,
    pub lessons: Vec<Named>,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// `id:`, the course's stable id in LMS packages: lowercase letters, digits and `-`.
    pub id: String,
    pub title: String,
    pub version: String,
    /// `language:`, the language the course is written in, as a language tag (`en`, `fr-CA`):
    /// declared in the SCORM 2004 manifest's metadata. `DEFAULT_LANGUAGE` when absent.
    pub language: String,
    pub due_after_days: Option<u32>,
    pub parts: Vec<OutlinePart>,
    /// `core:`, the lessons for everyone; `None` when the outline declares no paths.
    pub core: Option<Vec<Named>>,
    pub paths: Vec<OutlinePath>,
    /// Where `core:` or `paths:` is, for "every lesson must be in a path".
    pub paths_offset: usize,
    /// Where the title's value is: course-wide diagnostics point at it.
    pub title_offset: usize,
}

/// Splits `a, b, c` (a scalar at `offset`) into names with their offsets.
fn comma_list(text: &str, offset: usize) -> Vec<Named> {
    let mut out = Vec::new();
    let mut at = offset;
    for part in text.split(',') {
        let lead = part.len() - part.trim_start().len();
        if !part.trim().is_empty() {
            out.push(Named { id: part.trim().to_string(), offset: at + lead });
        }
        at += part.len() + 1;
    }
    out
}

fn paths(src: &SourceFile, fields: &[front_matter::Field], diagnostics: &mut Vec<Diagnostic>) -> Vec<OutlinePath> {
    use front_matter::Value;
    let Some(field) = fields.iter().find(|f| f.key.text == "paths") else { return Vec::new() };
    let items = match &field.value {
        Value::List(items) => items,
        Value::Scalar(s) => {
            diagnostics.push(src.error(s.offset, "`paths` is a list").help(
                "write `paths:` on its own line, then items like `  - id: travellers`, `    title: Travellers and speakers`, `    lessons: gifts, honey-traps`",
            ));
            return Vec::new();
        }
    };
    let mut out: Vec<OutlinePath> = Vec::new();
    for item in items {
        let start = item.first().map_or(field.key.offset, |f| f.key.offset);
        let mut path = OutlinePath { id: String::new(), title: String::new(), lessons: Vec::new(), offset: start };
        for f in item {
            let Value::Scalar(v) = &f.value else { continue };
            match f.key.text.as_str() {
                "id" => {
                    path.id = v.text.trim().to_string();
                    path.offset = v.offset;
                }
                "title" => path.title = v.text.trim().to_string(),
                "lessons" => path.lessons = comma_list(&v.text, v.offset),
                other => {
                    let known = ["id", "title", "lessons"];
                    let help = match front_matter::suggest(other, &known) {
                        Some(k) => format!("did you mean `{k}`? A path has an `id`, a `title` and `lessons`"),
                        None => "a path has an `id`, a `title` and `lessons`".to_string(),
                    };
                    diagnostics.push(src.error(f.key.offset, format!("unknown path key `{other}`")).help(help));
                }
            }
        }
        let valid_id = hookwise_core::route::is_valid_id(&path.id);
        if path.id.is_empty() {
            diagnostics.push(src.error(start, "this path has no `id`").help("add `    id: travellers` (lowercase letters, digits and `-`)"));
        } else if !valid_id {
            diagnostics.push(
                src.error(path.offset, format!("path id `{}` may hold only lowercase letters, digits and `-`", path.id))
                    .help("for example `id: travellers`"),
            );
        } else if path.id == "core" {
            diagnostics.push(src.error(path.offset, "`core` is the lessons for everyone, not a path").help("give the path another id"));
        } else if out.iter().any(|p| p.id == path.id) {
            diagnostics.push(src.error(path.offset, format!("two paths have the id `{}`", path.id)).help("give each path its own id"));
        }
        if path.title.is_empty() {
            diagnostics.push(src.error(start, "this path has no `title`").help("add `    title: Travellers and speakers`: learners choose their role by it"));
        }
        if path.lessons.is_empty() {
            diagnostics.push(src.error(start, "this path lists no lessons").help("add `    lessons: gifts, honey-traps` (lesson ids)"));
        }
        out.push(path);
    }
    out
}

/// Parses `- [Title](file.md)`, returning the file and its offset within the line.
fn entry(line: &str) -> Option<(&str, usize)> {
    let rest = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "))?.trim_start();
    let rest_at = line.len() - rest.len();
    let close = rest.strip_prefix('[')?.find("](")? + 1;
    let target = &rest[close + 2..];
    let end = target.find(')')?;
    Some((target[..end].trim(), rest_at + close + 2))
}

pub fn parse(src: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Option<Outline> {
    let fm = front_matter::parse(src, diagnostics)?;
    diagnostics.extend(check_keys(
        src,
        &fm.fields,
        &["id", "title", "version", "language", "due_after_days", "core", "paths"],
        &[("title", "title: Recognise and report recruitment approaches"), ("version", "version: 2026.11")],
        "the course outline's",
    ));
    let mut outline = Outline {
        id: String::new(),
        title: scalar(src, &fm.fields, "title", diagnostics).map(|s| s.text.clone()).unwrap_or_default(),
        version: scalar(src, &fm.fields, "version", diagnostics).map(|s| s.text.clone()).unwrap_or_default(),
        language: DEFAULT_LANGUAGE.to_string(),
        due_after_days: None,
        parts: Vec::new(),
        core: scalar(src, &fm.fields, "core", diagnostics).map(|v| comma_list(&v.text, v.offset)),
        paths: paths(src, &fm.fields, diagnostics),
        paths_offset: fm.fields.iter().find(|f| f.key.text == "core" || f.key.text == "paths").map_or(0, |f| f.key.offset),
        title_offset: scalar(src, &fm.fields, "title", &mut Vec::new()).map_or(0, |s| s.offset),
    };
    if outline.core.is_none() && !outline.paths.is_empty() {
        diagnostics.push(
            src.error(outline.paths_offset, "the outline has `paths` but no `core`")
                .help("add `core: ...` listing the lessons everyone takes (lesson ids, separated by commas)"),
        );
    }
    if let Some(v) = scalar(src, &fm.fields, "due_after_days", diagnostics) {
        match v.text.parse::<u32>() {
            Ok(n) if (1..=3650).contains(&n) => outline.due_after_days = Some(n),
            _ => diagnostics.push(src.error(
                v.offset,
                format!("`due_after_days` must be a whole number of days from 1 to 3650, found `{}`", v.text),
            )),
        }
    }
    if let Some(v) = scalar(src, &fm.fields, "language", diagnostics) {
        if is_language_tag(&v.text) {
            outline.language = v.text.clone();
        } else {
            diagnostics.push(
                src.error(v.offset, format!("`language` must be a language tag such as `en`, `de` or `fr-CA`, found `{}`", v.text))
                    .help("write the language the course is written in as a two- or three-letter code, optionally followed by `-` and a region (`en-GB`); leave the line out for English"),
            );
        }
    }
    if let Some(v) = scalar(src, &fm.fields, "id", diagnostics) {
        let valid = !v.text.is_empty()
            && v.text.len() <= 64
            && v.text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if valid {
            outline.id = v.text.clone();
        } else {
            diagnostics.push(
                src.error(v.offset, format!("the course `id` may hold only lowercase letters, digits and `-` (at most 64), found `{}`", v.text))
                    .help("for example `id: recruitment-approaches`; keep it the same from one version of the course to the next"),
            );
        }
    }
    let body = &src.text[fm.body_start..];
    for (rel, line) in lines_with_offsets(body) {
        let offset = fm.body_start + rel;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("# ") || trimmed.starts_with("<!--") {
            continue;
        }
        if let Some(title) = trimmed.strip_prefix("## ") {
            outline.parts.push(OutlinePart { title: title.trim().to_string(), entries: Vec::new() });
            continue;
        }
        match entry(line) {
            Some((file, at)) => {
                let file = file.strip_prefix("./").unwrap_or(file).to_string();
                if outline.parts.is_empty() {
                    outline.parts.push(OutlinePart { title: "Lessons".into(), entries: Vec::new() });
                }
                if let Some(part) = outline.parts.last_mut() {
                    part.entries.push(Entry { file, offset: offset + at });
                }
            }
            None if trimmed.starts_with("- ") || trimmed.starts_with("* ") => diagnostics.push(
                src.error(offset, "a course entry must be a link to a lesson file")
                    .help("write entries as `- [The little hook](little-hook.md)`"),
            ),
            // Prose between parts is allowed and ignored.
            None => {}
        }
    }
    Some(outline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(front: &str) -> (Option<Outline>, Vec<Diagnostic>) {
        let text = format!("---\ntitle: T\nversion: 1\n{front}---\n\n## Part\n\n- [A](a.md)\n");
        let src = SourceFile::new("COURSE.md", &text);
        let mut d = Vec::new();
        (parse(&src, &mut d), d)
    }

    #[test]
    fn the_course_id_is_optional_and_checked() {
        let (o, d) = outline("");
        assert!(d.is_empty());
        assert_eq!(o.unwrap().id, "");
        let (o, d) = outline("id: recruitment-approaches\n");
        assert!(d.is_empty());
        assert_eq!(o.unwrap().id, "recruitment-approaches");
        let (_, d) = outline("id: Recruitment Approaches\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].to_string().contains("the course `id` may hold only lowercase letters"), "{}", d[0]);
    }

    #[test]
    fn the_course_language_defaults_to_english_and_is_checked() {
        let (o, d) = outline("");
        assert!(d.is_empty());
        assert_eq!(o.unwrap().language, "en");
        for tag in ["de", "fr-CA", "zh-Hant-TW", "gsw"] {
            let (o, d) = outline(&format!("language: {tag}\n"));
            assert!(d.is_empty(), "{tag}: {d:?}");
            assert_eq!(o.unwrap().language, tag);
        }
        for bad in ["English", "en_GB", "e", "en-", "en GB", "fr-<x>", "en-toolongsubtag"] {
            let (o, d) = outline(&format!("language: {bad}\n"));
            assert_eq!(d.len(), 1, "{bad}");
            let text = d[0].to_string();
            assert!(text.contains("`language` must be a language tag such as `en`"), "{text}");
            assert!(text.contains("COURSE.md:4:11"), "{text}");
            assert_eq!(o.unwrap().language, "en", "{bad}");
        }
    }
}
