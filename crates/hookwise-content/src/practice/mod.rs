//! The `## Practice` section: interactive scenarios, each a `### [kind] Title` block.
//!
//! - `[conversation]`: `#### Step` headings (the first is the start; `[good]` or `[bad]` after
//!   the title marks an ending), what the other person says, and replies written
//!   `- [x] [What you say](#next-step)` (`[x]` marks the safe reply) with `  > feedback`.
//! - `[red-flags]`: the parts of a message or profile as `- [x]` (a red flag) or `- [ ]`.
//! - `[report]`: `#### [single] ...` or `#### [multiple] ...` steps with options.
//! - `[profile]`, `[thread]`, `[email]`, `[invitation]`: mock-ups, one list of parts marked
//!   `[flag]` or `[ok]` (see `mockup`).
//! - `[slow-hook]`: messages that arrive over days (`slow_hook.rs`).

mod conversation;
mod mockup;
mod red_flags;
mod report;
mod slow_hook;

use std::collections::BTreeMap;

use hookwise_core::lesson::Scenario;

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::front_matter::{lines_with_offsets, suggest};
use crate::markdown::{parse_blocks, slug, Context};

const KINDS: &[&str] = &["conversation", "red-flags", "report", "profile", "thread", "email", "invitation", "slow-hook"];

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
                    .help("start it with `[conversation]`, `[red-flags]`, `[report]`, `[profile]`, `[thread]`, `[email]` or `[invitation]`, for example `### [red-flags] The recruiter's message`"),
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
            "conversation" => conversation::conversation(ctx, *offset, body, &mut diagnostics),
            "red-flags" => red_flags::red_flags(ctx, *offset, body, &mut diagnostics),
            "report" => report::report(ctx, *offset, body, &mut diagnostics),
            "slow-hook" => slow_hook::slow_hook(ctx, *offset, body, &mut diagnostics),
            other if mockup::kind_of(other).is_some() => {
                let kind = mockup::kind_of(other).expect("checked");
                mockup::mockup(ctx, kind, *offset, body, &mut diagnostics)
            }
            other => {
                let help = match suggest(other, KINDS) {
                    Some(k) => format!("did you mean `[{k}]`?"),
                    None => "the kinds are `[conversation]`, `[red-flags]`, `[report]`, `[profile]`, `[thread]`, `[email]`, `[invitation]` and `[slow-hook]`".to_string(),
                };
                diagnostics.push(src.error(at, format!("unknown practice kind `{other}`")).help(help));
                continue;
            }
        };
        scenarios.push(Scenario { id, title: title.to_string(), intro, activity });
    }
    (scenarios, diagnostics)
}
