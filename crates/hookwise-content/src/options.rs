//! Options, the shared grammar below quiz questions and practice scenarios: `- [x]` (right,
//! a red flag, a safe reply) or `- [ ]` lines, each with `  > feedback` lines under it, after
//! optional prose. Both `quiz.rs` and `practice.rs` build on this; neither depends on the other.

use hookwise_core::lesson::{Choice, Inline};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::markdown::{parse_inlines, Context};

/// `- [x] ` or `- [ ] ` at the start of a line: whether it is marked, and where its text starts.
pub fn option_line(line: &str) -> Option<(bool, usize)> {
    let rest = line.strip_prefix("- [").or_else(|| line.strip_prefix("* ["))?;
    let correct = match rest.chars().next()? {
        ' ' => false,
        'x' | 'X' => true,
        _ => return None,
    };
    rest.get(1..)?.strip_prefix(']')?;
    Some((correct, 5))
}

/// A `- [x]` line and the feedback lines under it.
pub(crate) struct Item {
    pub(crate) offset: usize,
    pub(crate) correct: bool,
    pub(crate) text: (usize, String),
    pub(crate) feedback: Vec<(usize, String)>,
}

/// Prose (as a byte range) followed by option items; stray text after the items is an error.
pub(crate) struct Region {
    pub(crate) prose: Option<(usize, usize)>,
    pub(crate) items: Vec<Item>,
}

pub(crate) fn region(ctx: &Context, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> Region {
    let src = ctx.src;
    let mut out = Region { prose: None, items: Vec::new() };
    for &(offset, line) in lines {
        let end = offset + line.len();
        if line.trim().is_empty() {
            continue;
        }
        if let Some((correct, at)) = option_line(line) {
            let raw = &line[at..];
            let text_offset = offset + at + (raw.len() - raw.trim_start().len());
            out.items.push(Item { offset, correct, text: (text_offset, raw.trim().to_string()), feedback: Vec::new() });
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent >= 2 && line.trim_start().starts_with('>') {
            if let Some(item) = out.items.last_mut() {
                let body = line.trim_start()[1..].trim_start();
                item.feedback.push((end - body.len(), body.to_string()));
                continue;
            }
        }
        if out.items.is_empty() {
            let range = out.prose.get_or_insert((offset, end));
            range.1 = end;
        } else {
            diagnostics.push(
                src.error(offset, "unexpected text after the options")
                    .help("put text before the options, and feedback under an option as `  > ...`"),
            );
        }
    }
    out
}

pub(crate) fn feedback(ctx: &Context, item: &Item, diagnostics: &mut Vec<Diagnostic>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for (at, line) in &item.feedback {
        let inl = parse_inlines(ctx, line, *at, diagnostics);
        if !out.is_empty() {
            out.push(Inline::text(" "));
        }
        out.extend(inl);
    }
    if out.is_empty() && !item.text.1.is_empty() {
        diagnostics.push(
            ctx.src
                .warning(item.offset, "option has no feedback")
                .help("add a line under it, indented by two spaces: `  > Why this is right or wrong.`"),
        );
    }
    out
}

/// Options with their feedback: an empty option is an error, a missing feedback a warning.
pub(crate) fn choices(ctx: &Context, items: &[Item], diagnostics: &mut Vec<Diagnostic>) -> Vec<Choice> {
    items
        .iter()
        .map(|item| {
            if item.text.1.is_empty() {
                diagnostics.push(
                    ctx.src
                        .error(item.text.0, "option is empty")
                        .help("write the option's text after the box: `- [ ] Ignore the message`"),
                );
            }
            let text = parse_inlines(ctx, &item.text.1, item.text.0, diagnostics);
            Choice { text, correct: item.correct, feedback: feedback(ctx, item, diagnostics) }
        })
        .collect()
}
