//! `[report]`: a report rehearsal, `#### [single]` or `#### [multiple]` steps with options.

use hookwise_core::lesson::{Activity, QuestionKind, ReportStep};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::markdown::Context;
use crate::options::{choices, region};

use super::{prose, split, tag};

pub(super) fn report(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<hookwise_core::lesson::Block>, Activity) {
    let src = ctx.src;
    let (intro_lines, sections) = split(lines, "#### ");
    let intro = prose(ctx, region(ctx, &intro_lines, diagnostics).prose, diagnostics);
    if sections.is_empty() {
        diagnostics.push(
            src.error(heading, "the report rehearsal has no steps")
                .help("add steps like `#### [multiple] What goes in your report?` with options under them"),
        );
    }
    let mut steps = Vec::new();
    for (offset, text, body) in &sections {
        let (kind, title) = match tag(text, offset + 5) {
            Some(("single", _, title)) => (Some(QuestionKind::Single), title),
            Some(("multiple", _, title)) => (Some(QuestionKind::Multiple), title),
            Some((other, at, title)) => {
                diagnostics.push(src.error(at, format!("unknown step kind `{other}`")).help("report steps are `[single]` or `[multiple]`"));
                (None, title)
            }
            None => {
                diagnostics.push(
                    src.error(offset + 5, "report step heading has no kind")
                        .help("start it with `[single]` or `[multiple]`, for example `#### [single] Who do you tell?`"),
                );
                (None, text.trim())
            }
        };
        let region = region(ctx, body, diagnostics);
        let choices = choices(ctx, &region.items, diagnostics);
        let correct = choices.iter().filter(|c| c.correct).count();
        if choices.is_empty() {
            diagnostics.push(src.error(*offset, "report step has no options").help("add options as `- [x] right` and `- [ ] wrong`"));
        } else if correct == 0 {
            diagnostics.push(src.error(*offset, "report step has no correct answer").help("mark the right option(s) with `- [x]`"));
        } else if kind == Some(QuestionKind::Single) && correct > 1 {
            diagnostics.push(
                src.error(*offset, format!("single-choice step has {correct} correct answers"))
                    .help("mark exactly one option with `- [x]`, or make it `[multiple]`"),
            );
        }
        if let Some(kind) = kind {
            steps.push(ReportStep { kind, title: title.to_string(), choices });
        }
    }
    (intro, Activity::Report { steps })
}
