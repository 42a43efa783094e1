//! The `## Practice` section: interactive scenarios, each a `### [kind] Title` block.
//!
//! - `[conversation]`: `#### Step` headings (the first is the start; `[good]` or `[bad]` after
//!   the title marks an ending), what the other person says, and replies written
//!   `- [x] [What you say](#next-step)` (`[x]` marks the safe reply) with `  > feedback`.
//! - `[red-flags]`: the parts of a message or profile as `- [x]` (a red flag) or `- [ ]`.
//! - `[report]`: `#### [single] ...` or `#### [multiple] ...` steps with options.

use std::collections::BTreeMap;

use hookwise_core::lesson::{Activity, Choice, Ending, Inline, QuestionKind, Reply, ReportStep, Scenario, Step};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::front_matter::{lines_with_offsets, suggest};
use crate::markdown::{parse_blocks, parse_inlines, slug, Context};
use crate::quiz::option_line;

const KINDS: &[&str] = &["conversation", "red-flags", "report"];

/// A `- [x]` line and the feedback lines under it (quiz questions use it too).
pub(crate) struct Item {
    pub(crate) offset: usize,
    pub(crate) correct: bool,
    pub(crate) text: (usize, String),
    pub(crate) feedback: Vec<(usize, String)>,
}

/// Prose (as a byte range) followed by option items; stray text after the items is an error.
struct Region {
    prose: Option<(usize, usize)>,
    items: Vec<Item>,
}

fn region(ctx: &Context, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> Region {
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

fn feedback(ctx: &Context, item: &Item, diagnostics: &mut Vec<Diagnostic>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for (at, line) in &item.feedback {
        let (inl, d) = parse_inlines(ctx, line, *at);
        diagnostics.extend(d);
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
            let (text, d) = parse_inlines(ctx, &item.text.1, item.text.0);
            diagnostics.extend(d);
            Choice { text, correct: item.correct, feedback: feedback(ctx, item, diagnostics) }
        })
        .collect()
}

fn prose(ctx: &Context, range: Option<(usize, usize)>, diagnostics: &mut Vec<Diagnostic>) -> Vec<hookwise_core::lesson::Block> {
    match range {
        Some((s, e)) => {
            let (blocks, d) = parse_blocks(ctx, &ctx.src.text[s..e], s);
            diagnostics.extend(d);
            blocks
        }
        None => Vec::new(),
    }
}

/// Splits lines at headings with the given prefix: (lines before the first, [(heading offset,
/// heading text after the prefix, lines)]).
type Sections<'t> = (Vec<(usize, &'t str)>, Vec<(usize, &'t str, Vec<(usize, &'t str)>)>);

fn split<'t>(lines: &[(usize, &'t str)], prefix: &str) -> Sections<'t> {
    let mut before = Vec::new();
    let mut sections: Vec<(usize, &str, Vec<(usize, &str)>)> = Vec::new();
    for &(offset, line) in lines {
        if let Some(rest) = line.strip_prefix(prefix) {
            sections.push((offset, rest, Vec::new()));
        } else if let Some(last) = sections.last_mut() {
            last.2.push((offset, line));
        } else {
            before.push((offset, line));
        }
    }
    (before, sections)
}

/// `[tag] rest` at the start of a heading: the tag, its offset, and the rest.
fn tag(text: &str, offset: usize) -> Option<(&str, usize, &str)> {
    let rest = text.trim_start();
    let lead = text.len() - rest.len();
    let inner = rest.strip_prefix('[')?;
    let close = inner.find(']')?;
    Some((inner[..close].trim(), offset + lead + 1, inner[close + 1..].trim()))
}

fn conversation(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<hookwise_core::lesson::Block>, Activity) {
    let src = ctx.src;
    let (intro_lines, sections) = split(lines, "#### ");
    let intro = prose(ctx, region(ctx, &intro_lines, diagnostics).prose, diagnostics);
    if sections.is_empty() {
        diagnostics.push(
            src.error(heading, "the conversation has no steps")
                .help("add steps as `#### Step title` headings; the first one starts the conversation"),
        );
    }
    // First pass: step ids, so replies can point forward.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut parsed = Vec::new();
    for (index, (offset, text, body)) in sections.iter().enumerate() {
        let trimmed = text.trim_end();
        let (title, ending) = match trimmed.rsplit_once('[') {
            Some((t, mark)) if mark.ends_with(']') => {
                let mark = &mark[..mark.len() - 1];
                let ending = match mark.trim() {
                    "good" => Some(Ending::Good),
                    "bad" => Some(Ending::Bad),
                    other => {
                        diagnostics.push(
                            src.error(offset + 5 + t.len(), format!("unknown ending `[{other}]`"))
                                .help("mark an ending step `[good]` or `[bad]`"),
                        );
                        None
                    }
                };
                (t.trim(), ending)
            }
            _ => (trimmed, None),
        };
        let id = slug(title);
        if let Some(first) = ids.get(&id) {
            let (line, _) = src.position(sections[*first].0);
            diagnostics.push(src.error(*offset, format!("another step on line {line} has the same title")).help("give every step its own title"));
        } else {
            ids.insert(id.clone(), index);
        }
        parsed.push((*offset, title.to_string(), id, ending, region(ctx, body, diagnostics)));
    }
    let mut steps = Vec::new();
    let mut edges: Vec<Vec<usize>> = Vec::new();
    for (offset, title, id, ending, region) in &parsed {
        let content = prose(ctx, region.prose, diagnostics);
        let mut replies = Vec::new();
        let mut next_steps = Vec::new();
        for item in &region.items {
            let text = &item.text.1;
            let link = text.strip_prefix('[').and_then(|r| r.rsplit_once("](#")).and_then(|(t, target)| {
                target.strip_suffix(')').map(|target| (t, target))
            });
            let Some((reply_text, target)) = link else {
                diagnostics.push(
                    src.error(item.text.0, "a reply must link to the step it leads to")
                        .help("write replies as `- [x] [What you say](#next-step)`; `[x]` marks the safe reply"),
                );
                continue;
            };
            let Some(&next) = ids.get(target) else {
                let known: Vec<&str> = ids.keys().map(String::as_str).collect();
                let help = match suggest(target, &known) {
                    Some(k) => format!("did you mean `#{k}`?"),
                    None => format!("the steps are: {}", known.iter().map(|k| format!("`#{k}`")).collect::<Vec<_>>().join(", ")),
                };
                diagnostics.push(src.error(item.text.0, format!("this reply leads to `#{target}`, but there is no such step")).help(help));
                continue;
            };
            let (text, d) = parse_inlines(ctx, reply_text, item.text.0 + 1);
            diagnostics.extend(d);
            next_steps.push(next);
            replies.push(Reply { text, safe: item.correct, next, feedback: feedback(ctx, item, diagnostics) });
        }
        match (ending.is_some(), region.items.is_empty()) {
            (true, false) => diagnostics.push(
                src.error(*offset, format!("the ending `{id}` has replies"))
                    .help("an ending closes the conversation: remove its replies, or remove the `[good]`/`[bad]` mark"),
            ),
            (false, true) => diagnostics.push(
                src.error(*offset, format!("the step `{id}` has no replies and is not an ending"))
                    .help("add replies like `- [x] [What you say](#next-step)`, or mark it as an ending: `#### Title [good]` or `[bad]`"),
            ),
            (false, false) if !region.items.iter().any(|i| i.correct) => diagnostics.push(
                src.warning(*offset, format!("the step `{id}` has no safe reply"))
                    .help("mark the reply a careful person would give with `[x]`"),
            ),
            _ => {}
        }
        edges.push(next_steps);
        steps.push(Step { id: id.clone(), title: title.clone(), content, replies, ending: *ending });
    }
    // Every step must be reachable from the start, and replies must not loop.
    if !steps.is_empty() {
        let mut state = vec![0u8; steps.len()]; // 0 unseen, 1 on the path, 2 done
        let mut stack = vec![(0usize, 0usize)];
        state[0] = 1;
        while let Some((node, edge)) = stack.pop() {
            if let Some(&next) = edges[node].get(edge) {
                stack.push((node, edge + 1));
                match state[next] {
                    0 => {
                        state[next] = 1;
                        stack.push((next, 0));
                    }
                    1 => {
                        let (offset, ..) = &parsed[node];
                        diagnostics.push(
                            src.error(*offset, format!("a reply in `{}` leads back to `{}`, so the conversation can loop", steps[node].id, steps[next].id))
                                .help("conversations move forward: point the reply to a new step"),
                        );
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
            }
        }
        for (i, seen) in state.iter().enumerate() {
            if *seen == 0 {
                diagnostics.push(
                    src.error(parsed[i].0, format!("the step `{}` can never be reached", steps[i].id))
                        .help(format!("link to it from a reply (`- [ ] [...](#{})`), or remove it", steps[i].id)),
                );
            }
        }
        if !steps.iter().any(|s| s.ending == Some(Ending::Good)) {
            diagnostics.push(
                src.error(heading, "the conversation has no good ending")
                    .help("mark the step a careful reply leads to as `#### Title [good]`"),
            );
        }
    }
    (intro, Activity::Conversation { steps })
}

fn red_flags(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<hookwise_core::lesson::Block>, Activity) {
    let region = region(ctx, lines, diagnostics);
    let intro = prose(ctx, region.prose, diagnostics);
    let items = choices(ctx, &region.items, diagnostics);
    if items.len() < 2 {
        diagnostics.push(
            ctx.src.error(heading, "a red-flag exercise needs at least two parts to choose from")
                .help("write each part of the message as `- [x] a red flag` or `- [ ] a harmless part`"),
        );
    } else if !items.iter().any(|c| c.correct) {
        diagnostics.push(ctx.src.error(heading, "this red-flag exercise has no red flags").help("mark the red flags with `- [x]`"));
    }
    (intro, Activity::RedFlags { items })
}

fn report(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<hookwise_core::lesson::Block>, Activity) {
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

/// Parses the practice section `text`, which starts at byte `base` of the file.
pub fn parse(ctx: &Context, text: &str, base: usize) -> (Vec<Scenario>, Vec<Diagnostic>) {
    let src = ctx.src;
    let mut diagnostics = Vec::new();
    let lines: Vec<(usize, &str)> = lines_with_offsets(text).map(|(o, l)| (base + o, l)).collect();
    let (intro, sections) = split(&lines, "### ");
    // Text between `## Practice` and the first scenario has nowhere to go: say so rather than
    // drop it (an author's content note there would vanish).
    if let Some((offset, _)) = intro.iter().find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("<!--")) {
        diagnostics.push(
            src.error(*offset, "text before the first practice scenario is not shown")
                .help("put it in the lesson body just before `## Practice`, or inside a scenario below its `### [...]` heading"),
        );
    }
    let mut scenarios = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (offset, heading, body) in &sections {
        let Some((kind, at, title)) = tag(heading, offset + 4) else {
            diagnostics.push(
                src.error(offset + 4, "practice heading has no kind")
                    .help("start it with `[conversation]`, `[red-flags]` or `[report]`, for example `### [red-flags] The recruiter's message`"),
            );
            continue;
        };
        if title.is_empty() {
            diagnostics.push(src.error(*offset, "practice scenario has no title"));
        }
        let id = slug(title);
        if let Some(first) = ids.get(&id) {
            let (line, _) = src.position(*first);
            diagnostics.push(src.error(*offset, format!("another scenario on line {line} has the same title")));
        }
        ids.insert(id.clone(), *offset);
        let (intro, activity) = match kind {
            "conversation" => conversation(ctx, *offset, body, &mut diagnostics),
            "red-flags" => red_flags(ctx, *offset, body, &mut diagnostics),
            "report" => report(ctx, *offset, body, &mut diagnostics),
            other => {
                let help = match suggest(other, KINDS) {
                    Some(k) => format!("did you mean `[{k}]`?"),
                    None => "the kinds are `[conversation]`, `[red-flags]` and `[report]`".to_string(),
                };
                diagnostics.push(src.error(at, format!("unknown practice kind `{other}`")).help(help));
                continue;
            }
        };
        scenarios.push(Scenario { id, title: title.to_string(), intro, activity });
    }
    (scenarios, diagnostics)
}
