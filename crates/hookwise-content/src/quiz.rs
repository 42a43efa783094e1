//! The `## Quiz` section: `### [kind] Title` questions, `- [ ]`/`- [x]` options with
//! indented `> feedback`, and a `**Explanation:**` paragraph. Parsed line by line so every
//! problem points at its exact line and column.

use std::collections::BTreeMap;

use hookwise_core::lesson::{Question, QuestionKind};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::front_matter::lines_with_offsets;
use crate::markdown::{parse_blocks, parse_inlines, slug, Context};
use crate::options::{option_line, Item};

const KINDS_HELP: &str = "start the heading with `[single]`, `[multiple]` or `[true-false]`, for example `### [single] The flattering invitation`";

struct QuestionDraft {
    offset: usize,
    kind: Option<QuestionKind>,
    title: String,
    title_offset: usize,
    prompt: Option<(usize, usize)>,
    options: Vec<Item>,
    explanation: Option<(usize, usize)>,
}

fn parse_heading(ctx: &Context, offset: usize, heading: &str, diagnostics: &mut Vec<Diagnostic>) -> QuestionDraft {
    let src = ctx.src;
    let after = heading.trim_start();
    let after_offset = offset + 4 + (heading.len() - after.len());
    let mut draft = QuestionDraft {
        offset,
        kind: None,
        title: String::new(),
        title_offset: after_offset,
        prompt: None,
        options: Vec::new(),
        explanation: None,
    };
    let Some(rest) = after.strip_prefix('[') else {
        diagnostics.push(src.error(after_offset, "question heading has no kind").help(KINDS_HELP));
        draft.title = after.trim().to_string();
        return draft;
    };
    let Some(close) = rest.find(']') else {
        diagnostics.push(src.error(after_offset, "question kind is not closed with `]`").help(KINDS_HELP));
        return draft;
    };
    let kind = &rest[..close];
    draft.kind = match kind.trim() {
        "single" => Some(QuestionKind::Single),
        "multiple" => Some(QuestionKind::Multiple),
        "true-false" => Some(QuestionKind::TrueFalse),
        other => {
            let help = match crate::front_matter::suggest(&other.to_ascii_lowercase(), &["single", "multiple", "true-false"]) {
                Some(k) => format!("did you mean `[{k}]`?"),
                None => KINDS_HELP.to_string(),
            };
            diagnostics.push(src.error(after_offset + 1, format!("unknown question kind `{other}`")).help(help));
            None
        }
    };
    let title = &rest[close + 1..];
    draft.title_offset = after_offset + 1 + close + 1 + (title.len() - title.trim_start().len());
    draft.title = title.trim().to_string();
    if draft.title.is_empty() {
        diagnostics.push(
            src.error(offset, "question has no title")
                .help("write a short title after the kind, for example `### [single] The flattering invitation`"),
        );
    }
    draft
}

fn explanation_marker(line: &str) -> Option<usize> {
    ["**Explanation:**", "**Explanation**:", "Explanation:"]
        .iter()
        .find(|m| line.starts_with(*m))
        .map(|m| m.len())
}

/// Parses the quiz section `text`, which starts at byte `base` of the file.
pub fn parse(ctx: &Context, text: &str, base: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Question> {
    let src = ctx.src;
    let mut drafts: Vec<QuestionDraft> = Vec::new();
    // Where the explanation or prompt being read ends (exclusive), to extend it line by line.
    let mut in_explanation = false;
    for (rel, line) in lines_with_offsets(text) {
        let offset = base + rel;
        let end = offset + line.len();
        if let Some(heading) = line.strip_prefix("### ") {
            drafts.push(parse_heading(ctx, offset, heading, diagnostics));
            in_explanation = false;
            continue;
        }
        if line.starts_with("## ") || line.starts_with("# ") {
            diagnostics.push(
                src.error(offset, "the quiz must be the last section of a lesson")
                    .help("move this section above `## Quiz`"),
            );
            continue;
        }
        let Some(q) = drafts.last_mut() else {
            continue; // An introduction to the quiz; not shown.
        };
        if line.trim().is_empty() {
            continue;
        }
        if let Some((correct, text_at)) = option_line(line) {
            in_explanation = false;
            if q.explanation.is_some() {
                diagnostics.push(
                    src.error(offset, "option after the explanation")
                        .help("put all options before the `**Explanation:**` paragraph"),
                );
            }
            let raw = &line[text_at..];
            let text_offset = offset + text_at + (raw.len() - raw.trim_start().len());
            q.options.push(Item { offset, correct, text: (text_offset, raw.trim().to_string()), feedback: Vec::new() });
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent >= 2 && line.trim_start().starts_with('>') && !in_explanation {
            let body = line.trim_start()[1..].trim_start();
            let body_offset = end - body.len();
            match q.options.last_mut() {
                Some(option) => option.feedback.push((body_offset, body.to_string())),
                None => diagnostics.push(
                    src.error(offset + indent, "feedback before any option")
                        .help("feedback goes on the line after its option: `  > Why this is right or wrong.`"),
                ),
            }
            continue;
        }
        if let Some(marker) = explanation_marker(line.trim_start()) {
            if q.explanation.is_some() {
                diagnostics.push(src.error(offset, "this question already has an explanation"));
            }
            let start = offset + indent + marker;
            q.explanation = Some((start, end));
            in_explanation = true;
            continue;
        }
        if in_explanation {
            if let Some(range) = q.explanation.as_mut() {
                range.1 = end;
            }
            continue;
        }
        if q.options.is_empty() {
            let range = q.prompt.get_or_insert((offset, end));
            range.1 = end;
            continue;
        }
        diagnostics.push(
            src.error(offset, "unexpected text after the options")
                .help("the prompt goes before the options, feedback under an option as `  > ...`, and the explanation in a `**Explanation:**` paragraph"),
        );
    }

    let mut questions = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for q in drafts {
        let id = slug(&q.title);
        if !id.is_empty() {
            if let Some(first) = ids.get(&id) {
                let (line, _) = src.position(*first);
                diagnostics.push(
                    src.error(q.title_offset, format!("another question on line {line} has the same title"))
                        .help("give every question its own title: learners' saved answers are stored under it"),
                );
            } else {
                ids.insert(id.clone(), q.offset);
            }
        }
        let prompt = match q.prompt {
            Some((s, e)) => {
                let blocks = parse_blocks(ctx, &src.text[s..e], s, diagnostics);
                blocks
            }
            None => Vec::new(),
        };
        let choices = crate::options::choices(ctx, &q.options, diagnostics);
        let correct = q.options.iter().filter(|o| o.correct).count();
        let heading = q.offset;
        if q.options.is_empty() {
            diagnostics.push(
                src.error(heading, "question has no options")
                    .help("add options as a task list: `- [x] the right answer` and `- [ ] a wrong one`"),
            );
        } else {
            match q.kind {
                Some(QuestionKind::Single) if correct == 0 => diagnostics.push(
                    src.error(heading, "single-choice question has no correct answer").help("mark the right option with `- [x]`"),
                ),
                Some(QuestionKind::Single) if correct > 1 => diagnostics.push(
                    src.error(heading, format!("single-choice question has {correct} correct answers"))
                        .help("mark exactly one option with `- [x]`, or make it a `[multiple]` question"),
                ),
                Some(QuestionKind::Multiple) if correct == 0 => diagnostics.push(
                    src.error(heading, "multiple-choice question has no correct answer")
                        .help("mark every right option with `- [x]`"),
                ),
                Some(QuestionKind::TrueFalse) => {
                    let labels: Vec<&str> = q.options.iter().map(|o| o.text.1.as_str()).collect();
                    if labels != ["True", "False"] {
                        diagnostics.push(
                            src.error(heading, "a true-false question needs exactly the options `True` and `False`, in that order")
                                .help("write `- [x] True` and `- [ ] False` (or the other way round for the marks)"),
                        );
                    } else if correct != 1 {
                        diagnostics.push(
                            src.error(heading, "true-false question needs exactly one correct answer")
                                .help("mark either `True` or `False` with `[x]`"),
                        );
                    }
                }
                _ => {}
            }
        }
        let explanation = match q.explanation {
            Some((s, e)) if !src.text[s..e].trim().is_empty() => {
                let inl = parse_inlines(ctx, &src.text[s..e], s, diagnostics);
                inl
            }
            _ => {
                diagnostics.push(
                    src.error(heading, "question has no explanation")
                        .help("add a paragraph after the options: `**Explanation:** Why the right answer is right.`"),
                );
                Vec::new()
            }
        };
        if let Some(kind) = q.kind {
            questions.push(Question { id, kind, title: q.title, prompt, choices, explanation });
        }
    }
    questions
}
