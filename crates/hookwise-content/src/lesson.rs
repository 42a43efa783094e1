//! One lesson file to a `Lesson`: front matter, body and quiz, with every problem reported.

use hookwise_core::hash::fnv1a64_hex;
use hookwise_core::lesson::{Block, Lesson, Quiz, Source};

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};
use crate::front_matter::{self, check_keys, scalar, Field, Value};
use crate::markdown::{parse_blocks, Context};

pub const LESSON_KEYS: &[&str] = &[
    "id",
    "title",
    "summary",
    "topic",
    "minutes",
    "pass_mark",
    "version",
    "updated",
    "sources",
    "required",
    "questions_per_attempt",
];
const REQUIRED_KEYS: &[(&str, &str)] = &[
    ("id", "id: little-hook"),
    ("title", "title: The little hook"),
    ("summary", "summary: How a small paid favour becomes leverage."),
    ("topic", "topic: Recruitment tactics"),
    ("minutes", "minutes: 8"),
    ("pass_mark", "pass_mark: 80"),
    ("version", "version: 1"),
    ("sources", "sources:` and an item `  - title: ..."),
];

/// A lesson that compiled, with whether it counts towards the certificate.
pub struct Compiled {
    pub lesson: Lesson,
    pub required: bool,
    /// Where its `id` value is, for duplicate-id diagnostics.
    pub id_offset: usize,
}

fn number(src: &SourceFile, fields: &[Field], key: &str, range: (u32, u32), diagnostics: &mut Vec<Diagnostic>) -> Option<u32> {
    let value = scalar(src, fields, key, diagnostics)?;
    match value.text.parse::<u32>() {
        Ok(n) if (range.0..=range.1).contains(&n) => Some(n),
        _ => {
            diagnostics.push(
                src.error(value.offset, format!("`{key}` must be a whole number from {} to {}, found `{}`", range.0, range.1, value.text)),
            );
            None
        }
    }
}


fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0))
}

fn sources(src: &SourceFile, fields: &[Field], diagnostics: &mut Vec<Diagnostic>) -> Vec<Source> {
    let Some(field) = fields.iter().find(|f| f.key.text == "sources") else {
        return Vec::new();
    };
    let items = match &field.value {
        Value::List(items) => items,
        Value::Scalar(s) => {
            diagnostics.push(
                src.error(s.offset, "`sources` is a list")
                    .help("write `sources:` on its own line, then items like `  - title: ...` and `    url: https://...`"),
            );
            return Vec::new();
        }
    };
    if items.is_empty() {
        diagnostics.push(
            src.error(field.key.offset, "a lesson needs at least one source")
                .help("add an item under `sources:`, like `  - title: NPSA, Think Before You Link`"),
        );
    }
    let mut out = Vec::new();
    for item in items {
        let mut title = None;
        let mut url = None;
        for f in item {
            let Value::Scalar(v) = &f.value else { continue };
            match f.key.text.as_str() {
                "title" => title = Some(v.text.clone()),
                "url" => {
                    let lower = v.text.to_ascii_lowercase();
                    if lower.starts_with("https://") || lower.starts_with("http://") {
                        url = Some(v.text.clone());
                    } else {
                        diagnostics.push(src.error(v.offset, "a source's `url` must start with https:// or http://"));
                    }
                }
                other => diagnostics.push(
                    src.error(f.key.offset, format!("unknown source key `{other}`")).help("a source has a `title` and a `url`"),
                ),
            }
        }
        match title {
            Some(t) if !t.is_empty() => out.push(Source { title: t, url }),
            _ => {
                let at = item.first().map_or(field.key.offset, |f| f.key.offset);
                diagnostics.push(src.error(at, "source has no title").help("write `  - title: ...` for each source"));
            }
        }
    }
    out
}

/// A lesson file's front matter, parsed once per file (`None` when it is missing or broken),
/// with the problems parsing found.
pub struct Front {
    pub fm: Option<front_matter::FrontMatter>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Compiles one lesson file from its parsed front matter. Returns the lesson when it has no
/// errors.
pub fn compile(ctx: &Context, front: &Front, diagnostics: &mut Vec<Diagnostic>) -> Option<Compiled> {
    let src = ctx.src;
    let before = diagnostics.iter().filter(|d| d.is_error()).count();
    diagnostics.extend(front.diagnostics.iter().cloned());
    let fm = front.fm.as_ref()?;
    let fields = &fm.fields;
    diagnostics.extend(check_keys(src, fields, LESSON_KEYS, REQUIRED_KEYS, "the lesson's"));

    let text = |key: &str, diagnostics: &mut Vec<Diagnostic>| {
        let value = scalar(src, fields, key, diagnostics)?;
        if value.text.is_empty() {
            diagnostics.push(src.error(value.offset, format!("`{key}` is empty")));
            return None;
        }
        Some(value.text.clone())
    };
    let id = text("id", diagnostics);
    let id_offset = scalar(src, fields, "id", &mut Vec::new()).map_or(0, |s| s.offset);
    if let Some(id) = &id {
        if hookwise_core::route::LessonId::parse(id).is_none() {
            diagnostics.push(
                src.error(id_offset, format!("lesson id `{id}` may hold only lowercase letters, digits and `-`"))
                    .help("for example `id: little-hook`"),
            );
        }
    }
    let title = text("title", diagnostics);
    let summary = text("summary", diagnostics);
    let topic = text("topic", diagnostics);
    let version = text("version", diagnostics);
    let minutes = number(src, fields, "minutes", (1, 120), diagnostics);
    let pass_mark = number(src, fields, "pass_mark", (0, 100), diagnostics);
    let updated = scalar(src, fields, "updated", diagnostics).and_then(|v| {
        if valid_date(&v.text) {
            Some(v.text.clone())
        } else {
            diagnostics.push(src.error(v.offset, format!("`updated` must be a date like 2026-11-20, found `{}`", v.text)));
            None
        }
    });
    let required = match scalar(src, fields, "required", diagnostics) {
        None => true,
        Some(v) if v.text == "true" => true,
        Some(v) if v.text == "false" => false,
        Some(v) => {
            diagnostics.push(src.error(v.offset, format!("`required` must be `true` or `false`, found `{}`", v.text)));
            true
        }
    };
    let ask = scalar(src, fields, "questions_per_attempt", &mut Vec::new())
        .and_then(|_| number(src, fields, "questions_per_attempt", (1, 1000), diagnostics));
    let sources = sources(src, fields, diagnostics);

    // The body runs to the `## Quiz` heading; the quiz to the end of the file.
    let rest = &src.text[fm.body_start..];
    let quiz_at = front_matter::lines_with_offsets(rest)
        .find(|(_, line)| line.trim_end().eq_ignore_ascii_case("## quiz"))
        .map(|(offset, line)| (fm.body_start + offset, line.len()));
    let body_end = quiz_at.map_or(src.text.len(), |(o, _)| o);
    // An optional `## Practice` section sits between the text and the quiz.
    let practice_at = front_matter::lines_with_offsets(&src.text[fm.body_start..body_end])
        .find(|(_, line)| line.trim_end().eq_ignore_ascii_case("## practice"))
        .map(|(offset, line)| (fm.body_start + offset, line.len()));
    let text_end = practice_at.map_or(body_end, |(o, _)| o);
    let practice = match practice_at {
        Some((offset, len)) => {
            let start = (offset + len + 1).min(body_end);
            let scenarios = crate::practice::parse(ctx, &src.text[start..body_end], start, diagnostics);
            scenarios
        }
        None => Vec::new(),
    };
    let mut body = parse_blocks(ctx, &src.text[fm.body_start..text_end], fm.body_start, diagnostics);
    // The app shows the title itself; a leading `# Title` would repeat it.
    if matches!(body.first(), Some(Block::Heading { level: 1, .. })) {
        body.remove(0);
    }
    let questions = match quiz_at {
        Some((offset, len)) => {
            let start = (offset + len + 1).min(src.text.len());
            let before = diagnostics.len();
            let questions = crate::quiz::parse(ctx, &src.text[start..], start, diagnostics);
            let quiz_had_errors = diagnostics[before..].iter().any(Diagnostic::is_error);
            if questions.is_empty() && !quiz_had_errors {
                diagnostics.push(
                    src.error(offset, "the quiz has no questions")
                        .help("add questions under `## Quiz`, each starting with a heading like `### [single] ...`"),
                );
            }
            questions
        }
        None => {
            let end = src.text.len().saturating_sub(1);
            diagnostics.push(
                src.error(end, "the lesson has no quiz")
                    .help("end the lesson with a `## Quiz` section holding at least one question"),
            );
            Vec::new()
        }
    };
    if let (Some(n), Some(field)) = (ask, scalar(src, fields, "questions_per_attempt", &mut Vec::new())) {
        if !questions.is_empty() && n as usize > questions.len() {
            diagnostics.push(src.error(
                field.offset,
                format!("`questions_per_attempt` is {n}, but the quiz has only {} questions", questions.len()),
            ));
        }
    }

    if diagnostics.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    let lesson = Lesson {
        info: hookwise_core::lesson::LessonInfo {
            id: id?,
            title: title?,
            summary: summary?,
            topic: topic?,
            minutes: minutes?,
            pass_mark: pass_mark? as u8,
            version: version?,
            content_hash: fnv1a64_hex(src.text.as_bytes()),
        },
        updated,
        sources,
        body,
        practice,
        quiz: Quiz { questions, ask },
    };
    Some(Compiled { lesson, required, id_offset })
}
