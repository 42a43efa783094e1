//! `[slow-hook]`: messages that arrive over days.
//!
//! ```markdown
//! ### [slow-hook] Robin's market reports
//!
//! from: Robin Vale
//!
//! Introduction.
//!
//! #### A first small job
//!
//! > **Robin:** Could you write two pages on public price trends? We pay $300.
//!
//! - [go along] Write it.
//!   > Why this is risky.
//! - [report] Check first with the security team.
//!   > Why this is right.
//!
//! #### The supplier list
//!
//! after: 30 days
//!
//! ...
//!
//! #### Debrief
//!
//! What the learner should take away, whatever the ending.
//! ```
//!
//! `from:` names the sender (the catalogue says "New message from …"); every message after the
//! first starts with `after: N days`, whole days after the learner's previous decision. Each
//! choice is `[report]`, `[decline]` or `[go along]`; going along brings the next message, and
//! going along at the last one ends the scenario hooked.

use hookwise_core::lesson::{Activity, Block};
use hookwise_core::slow_hook::{SlowChoice, SlowHook, SlowOption, SlowRung};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::front_matter::suggest;
use crate::markdown::{parse_inlines, Context};
use crate::options::{feedback, Item};

use super::{prose, split};

const CHOICES: &[&str] = &["report", "decline", "go along"];
const DELAY_HELP: &str = "write the delay in whole days, for example `after: 7 days` (or `after: 1 day`)";

/// `key: value` as the first non-blank line: (the value's offset, the value), and the lines after it.
fn key_line<'t>(lines: &[(usize, &'t str)], key: &str) -> (Option<(usize, &'t str)>, Vec<(usize, &'t str)>) {
    let first = lines.iter().position(|(_, l)| !l.trim().is_empty());
    if let Some(i) = first {
        let (offset, line) = lines[i];
        if let Some(value) = line.strip_prefix(key) {
            let trimmed = value.trim_start();
            let at = offset + key.len() + (value.len() - trimmed.len());
            return (Some((at, trimmed.trim_end())), lines[i + 1..].to_vec());
        }
    }
    (None, lines.to_vec())
}

/// A delay in whole days: `N days` or `1 day`.
fn whole_days(value: &str) -> Option<u32> {
    let (number, unit) = value.split_once(' ')?;
    let days: u32 = number.parse().ok().filter(|_| number.chars().all(|c| c.is_ascii_digit()))?;
    matches!((days, unit.trim()), (1, "day") | (_, "days")).then_some(days)
}

/// Prose, then `- [kind] text` choices with `  > feedback` under each.
fn body<'t>(ctx: &Context, lines: &[(usize, &'t str)], diagnostics: &mut Vec<Diagnostic>) -> (Option<(usize, usize)>, Vec<(Option<SlowChoice>, usize, Item)>) {
    let src = ctx.src;
    let mut prose_range: Option<(usize, usize)> = None;
    let mut items: Vec<(Option<SlowChoice>, usize, Item)> = Vec::new();
    for &(offset, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let end = offset + line.len();
        if let Some(rest) = line.strip_prefix("- [").or_else(|| line.strip_prefix("* [")) {
            if let Some(close) = rest.find(']') {
                let kind_text = rest[..close].trim();
                let kind_at = offset + 3;
                let kind = match kind_text {
                    "report" => Some(SlowChoice::Report),
                    "decline" => Some(SlowChoice::Decline),
                    "go along" | "go-along" => Some(SlowChoice::GoAlong),
                    other => {
                        let help = match suggest(other, CHOICES) {
                            Some(k) => format!("did you mean `[{k}]`?"),
                            None => "the choices are `[report]`, `[decline]` and `[go along]`".to_string(),
                        };
                        diagnostics.push(src.error(kind_at, format!("unknown choice `[{other}]`")).help(help));
                        None
                    }
                };
                let raw = &rest[close + 1..];
                let text_offset = offset + 3 + close + 1 + (raw.len() - raw.trim_start().len());
                let item = Item { offset, correct: false, text: (text_offset, raw.trim().to_string()), feedback: Vec::new() };
                items.push((kind, offset, item));
                continue;
            }
        }
        let indent = line.len() - line.trim_start().len();
        if indent >= 2 && line.trim_start().starts_with('>') {
            if let Some((_, _, item)) = items.last_mut() {
                let text = line.trim_start()[1..].trim_start();
                item.feedback.push((end - text.len(), text.to_string()));
                continue;
            }
        }
        if items.is_empty() {
            let range = prose_range.get_or_insert((offset, end));
            range.1 = end;
        } else {
            diagnostics.push(
                src.error(offset, "unexpected text after the choices")
                    .help("put the message before the choices, and feedback under a choice as `  > ...`"),
            );
        }
    }
    (prose_range, items)
}

pub(super) fn slow_hook(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<Block>, Activity) {
    let src = ctx.src;
    let (intro_lines, sections) = split(lines, "#### ");
    let (from, intro_rest) = key_line(&intro_lines, "from:");
    let from = match from {
        Some((_, name)) if !name.is_empty() => name.to_string(),
        Some((at, _)) => {
            diagnostics.push(src.error(at, "`from:` names nobody").help("write who the messages are from, for example `from: Robin Vale`"));
            String::new()
        }
        None => {
            diagnostics.push(
                src.error(heading, "the slow hook does not say who the messages are from")
                    .help("add `from: Robin Vale` (a fictional name) as the first line under the heading"),
            );
            String::new()
        }
    };
    let (intro_range, stray) = body(ctx, &intro_rest, diagnostics);
    if let Some((_, at, _)) = stray.first() {
        diagnostics.push(src.error(*at, "choices before the first message").help("put choices under a `#### Message title` heading"));
    }
    let intro = prose(ctx, intro_range, diagnostics);

    let mut rungs: Vec<(usize, SlowRung)> = Vec::new();
    let mut debrief: Option<(usize, Vec<Block>)> = None;
    for (offset, title, section) in &sections {
        let title = title.trim();
        if title.eq_ignore_ascii_case("debrief") {
            if debrief.is_some() {
                diagnostics.push(src.error(*offset, "a second debrief").help("a slow hook has one `#### Debrief`, at the end"));
            }
            let (range, items) = body(ctx, section, diagnostics);
            if let Some((_, at, _)) = items.first() {
                diagnostics.push(src.error(*at, "the debrief has choices").help("the debrief closes the scenario: move the choices to a message"));
            }
            debrief = Some((*offset, prose(ctx, range, diagnostics)));
            continue;
        }
        if let Some((at, _)) = &debrief {
            let (line, _) = src.position(*at);
            diagnostics.push(
                src.error(*offset, format!("this message comes after the debrief on line {line}"))
                    .help("the debrief closes the scenario: move it to the end"),
            );
        }
        let first = rungs.is_empty();
        let (after, rest) = key_line(section, "after:");
        let after_days = match after {
            Some((at, value)) => match whole_days(value) {
                Some(d) if first && d > 0 => {
                    diagnostics.push(
                        src.error(at, "the first message cannot wait")
                            .help("remove the `after:` line: the first message is there when the learner opens the scenario"),
                    );
                    0
                }
                Some(d) => d,
                None => {
                    diagnostics.push(src.error(at, format!("the delay `{value}` is not a whole number of days")).help(DELAY_HELP));
                    0
                }
            },
            None if first => 0,
            None => {
                diagnostics.push(
                    src.error(*offset, format!("the message `{title}` does not say when it arrives"))
                        .help("add `after: 7 days` (whole days after the learner's previous decision) as the first line under its heading"),
                );
                0
            }
        };
        let (range, items) = body(ctx, &rest, diagnostics);
        let content = prose(ctx, range, diagnostics);
        if content.is_empty() {
            diagnostics.push(src.error(*offset, format!("the message `{title}` is empty")).help("write the approacher's message under the heading"));
        }
        let mut choices: Vec<SlowOption> = Vec::new();
        for (kind, at, item) in &items {
            if item.text.1.is_empty() {
                diagnostics.push(src.error(item.text.0, "choice is empty").help("write what the learner does after the kind: `- [report] Tell the security team`"));
            }
            let (text, d) = parse_inlines(ctx, &item.text.1, item.text.0);
            diagnostics.extend(d);
            let fb = feedback(ctx, item, diagnostics);
            let Some(kind) = *kind else { continue };
            if choices.iter().any(|c| c.kind == kind) {
                diagnostics.push(src.error(*at, format!("a second `[{}]` choice in this message", kind.id().replace('-', " "))).help("give each message at most one choice of each kind"));
                continue;
            }
            choices.push(SlowOption { kind, text, feedback: fb });
        }
        if items.is_empty() {
            diagnostics.push(
                src.error(*offset, format!("the message `{title}` has no choices"))
                    .help("add what the learner can do: `- [report] ...`, `- [decline] ...` and `- [go along] ...`"),
            );
        } else if !choices.iter().any(|c| c.kind != SlowChoice::GoAlong) && !choices.is_empty() {
            diagnostics.push(
                src.warning(*offset, format!("the message `{title}` offers no way out"))
                    .help("add a `[report]` or `[decline]` choice: the lesson is about stepping off the hook"),
            );
        }
        rungs.push((*offset, SlowRung { after_days, title: title.to_string(), content, choices }));
    }
    if rungs.is_empty() {
        diagnostics.push(
            src.error(heading, "the slow hook has no messages")
                .help("add messages as `#### Message title` headings, each with `- [report]`, `- [decline]` or `- [go along]` choices"),
        );
    }
    let last = rungs.len().saturating_sub(1);
    for (i, (offset, rung)) in rungs.iter().enumerate() {
        if i < last && !rung.choices.is_empty() && !rung.choices.iter().any(|c| c.kind == SlowChoice::GoAlong) {
            diagnostics.push(
                src.error(*offset, format!("no choice in `{}` goes along, so the messages after it never arrive", rung.title))
                    .help("add a `- [go along] ...` choice, or remove the later messages"),
            );
        }
    }
    let debrief = match debrief {
        Some((_, blocks)) if !blocks.is_empty() => blocks,
        Some((at, _)) => {
            diagnostics.push(src.error(at, "the debrief is empty").help("write what the learner should take away, whatever the ending"));
            Vec::new()
        }
        None => {
            diagnostics.push(
                src.error(heading, "the slow hook has no debrief")
                    .help("end it with `#### Debrief` and what the learner should take away, whatever the ending"),
            );
            Vec::new()
        }
    };
    let rungs = rungs.into_iter().map(|(_, r)| r).collect();
    (intro, Activity::SlowHook(SlowHook { from, rungs, debrief }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_whole_days() {
        assert_eq!(whole_days("7 days"), Some(7));
        assert_eq!(whole_days("1 day"), Some(1));
        assert_eq!(whole_days("0 days"), Some(0));
        for bad in ["1.5 days", "2 weeks", "7", "seven days", "-1 days", "+3 days", "3 day", "99999999999 days", ""] {
            assert_eq!(whole_days(bad), None, "{bad}");
        }
    }
}
