//! `[conversation]`: a branching conversation, with the graph checks (dangling replies,
//! unreachable steps, loops, no good ending).

use std::collections::BTreeMap;

use hookwise_core::lesson::{Activity, Ending, Milestone, Reply, Step};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::markdown::{parse_inlines, slug, Context};
use crate::options::{feedback, region};

use crate::front_matter::suggest;

use super::{prose, split};

pub(super) fn conversation(ctx: &Context, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<hookwise_core::lesson::Block>, Activity) {
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
        // Trailing markers: an ending (`[good]`, `[bad]`) and a milestone (`[task]`,
        // `[shared]`, `[reported]`), in any order.
        let mut title = text.trim_end();
        let mut ending = None;
        let mut milestone = None;
        while let Some((t, mark)) = title.rsplit_once('[').filter(|(_, m)| m.ends_with(']')) {
            let mark = mark[..mark.len() - 1].trim();
            let at = offset + 5 + t.len();
            let (slot_ending, slot_milestone) = match mark {
                "good" => (Some(Ending::Good), None),
                "bad" => (Some(Ending::Bad), None),
                "task" => (None, Some(Milestone::Task)),
                "shared" => (None, Some(Milestone::Shared)),
                "reported" => (None, Some(Milestone::Reported)),
                other => {
                    diagnostics.push(
                        src.error(at, format!("unknown step marker `[{other}]`"))
                            .help("mark an ending `[good]` or `[bad]`, and a step where the learner did a task, shared something or reported `[task]`, `[shared]` or `[reported]`"),
                    );
                    (None, None)
                }
            };
            if slot_ending.is_some() && ending.replace(slot_ending).is_some() {
                diagnostics.push(src.error(at, "a step has one ending mark").help("keep `[good]` or `[bad]`, not both"));
            }
            if slot_milestone.is_some() && milestone.replace(slot_milestone).is_some() {
                diagnostics.push(src.error(at, "a step has one milestone mark").help("keep one of `[task]`, `[shared]` and `[reported]`"));
            }
            title = t.trim_end();
        }
        let ending = ending.flatten();
        let milestone = milestone.flatten();
        let id = slug(title);
        if let Some(first) = ids.get(&id) {
            let (line, _) = src.position(sections[*first].0);
            diagnostics.push(src.error(*offset, format!("another step on line {line} has the same title")).help("give every step its own title"));
        } else {
            ids.insert(id.clone(), index);
        }
        parsed.push((*offset, title.to_string(), id, ending, milestone, region(ctx, body, diagnostics)));
    }
    let mut steps = Vec::new();
    let mut edges: Vec<Vec<usize>> = Vec::new();
    for (offset, title, id, ending, milestone, region) in &parsed {
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
        steps.push(Step { id: id.clone(), title: title.clone(), content, replies, ending: *ending, milestone: *milestone });
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
