//! `[profile]`, `[thread]`, `[email]` and `[invitation]`: mock-ups drawn to look like the real
//! thing, written as one list of parts.
//!
//! ```markdown
//! ### [thread] A recruiter writes
//!
//! - platform: Linkwise messages
//! - [ok] sender: Dana Reyes, Northgate Search
//!   > A named sender with a firm you can look up.
//! - [flag] message 09:12: I was so impressed by your work on satellite imaging.
//!   > Flattery aimed at your sensitive work.
//! ```
//!
//! A part is `- [flag]` (a red flag), `- [ok]` (an ordinary part) or `- ` alone (a fixed detail
//! the learner cannot select), then `field detail: text`. Marked parts need an explanation
//! (`  > ...`), shown after "Check" whatever the learner chose.

use hookwise_core::lesson::{Activity, Block, MockupKind, Part};

use crate::diagnostic::{Diagnostic, WithHelp};
use crate::front_matter::suggest;
use crate::markdown::{parse_inlines, Context};

use super::prose;

/// The fields of each kind: (key, may repeat). The first is required, as are those in `REQUIRED`.
fn fields(kind: MockupKind) -> &'static [(&'static str, bool)] {
    match kind {
        MockupKind::Profile => &[
            ("name", false),
            ("headline", false),
            ("photo", false),
            ("employer", false),
            ("location", false),
            ("connections", false),
            ("activity", true),
            ("about", true),
            ("education", false),
        ],
        MockupKind::Thread => &[("sender", false), ("platform", false), ("message", true), ("reply", true), ("moved", true)],
        MockupKind::Email => &[
            ("from", false),
            ("subject", false),
            ("reply-to", false),
            ("to", false),
            ("date", false),
            ("body", true),
            ("attachment", true),
            ("signature", false),
        ],
        MockupKind::Invitation => &[
            ("letterhead", false),
            ("sender", false),
            ("date", false),
            ("to", false),
            ("body", true),
            ("offer", false),
            ("honorarium", false),
            ("travel", false),
            ("deadline", false),
            ("signature", false),
        ],
    }
}

/// Fields every mock-up of the kind must have, with an example line for the help.
fn required(kind: MockupKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        MockupKind::Profile => &[("name", "- [ok] name: Dana Reyes")],
        MockupKind::Thread => &[("sender", "- [ok] sender: Dana Reyes, Northgate Search"), ("message", "- [flag] message 09:12: Could we talk somewhere more private?")],
        MockupKind::Email => &[("from", "- [ok] from: Dana Reyes <dana@northgate.example>"), ("subject", "- [ok] subject: An opportunity")],
        MockupKind::Invitation => &[("letterhead", "- letterhead: Global Policy Forum"), ("sender", "- [ok] sender: Prof. Sam Okafor, programme chair")],
    }
}

pub(super) fn kind_of(key: &str) -> Option<MockupKind> {
    [MockupKind::Profile, MockupKind::Thread, MockupKind::Email, MockupKind::Invitation].into_iter().find(|k| k.key() == key)
}

struct Raw {
    offset: usize,
    marker_at: usize,
    flag: Option<bool>,
    field: String,
    detail: String,
    text: (usize, String),
    feedback: Vec<(usize, String)>,
}

pub(super) fn mockup(ctx: &Context, kind: MockupKind, heading: usize, lines: &[(usize, &str)], diagnostics: &mut Vec<Diagnostic>) -> (Vec<Block>, Activity) {
    let src = ctx.src;
    let known: Vec<&str> = fields(kind).iter().map(|(k, _)| *k).collect();
    let field_list = known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    let mut intro: Option<(usize, usize)> = None;
    let mut raws: Vec<Raw> = Vec::new();
    for &(offset, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent >= 2 && line.trim_start().starts_with('>') {
            if let Some(last) = raws.last_mut() {
                let body = line.trim_start()[1..].trim_start();
                last.feedback.push((offset + line.len() - body.len(), body.to_string()));
                continue;
            }
        }
        let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
        let Some(mut rest) = item else {
            if raws.is_empty() {
                let range = intro.get_or_insert((offset, offset + line.len()));
                range.1 = offset + line.len();
            } else {
                diagnostics.push(
                    src.error(offset, "unexpected text after the parts")
                        .help("put text before the parts; write each part as `- [flag] field: text` with its explanation under it as `  > ...`"),
                );
            }
            continue;
        };
        let mut at = offset + 2;
        // The markers: `[flag]`, `[ok]`, or none.
        let mut flag: Option<bool> = None;
        let mut marker_at = at;
        let mut bad = false;
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            let name = &inner[..close];
            let this = match name.trim().to_ascii_lowercase().as_str() {
                "flag" => Some(true),
                "ok" => Some(false),
                "x" | "" => {
                    diagnostics.push(
                        src.error(at, format!("`[{name}]` is not a mock-up marker"))
                            .help("in a mock-up, mark a red flag `[flag]` and an ordinary part `[ok]`; leave a detail the learner cannot select unmarked"),
                    );
                    bad = true;
                    None
                }
                other => {
                    let help = match suggest(other, &["flag", "ok"]) {
                        Some(k) => format!("did you mean `[{k}]`?"),
                        None => "mark a red flag `[flag]` and an ordinary part `[ok]`".to_string(),
                    };
                    diagnostics.push(src.error(at, format!("unknown marker `[{name}]`")).help(help));
                    bad = true;
                    None
                }
            };
            if let Some(this) = this {
                match flag {
                    Some(before) if before != this => {
                        diagnostics.push(
                            src.error(at, "this part is marked both a red flag and ordinary")
                                .help("keep one marker: `[flag]` for a red flag, `[ok]` for an ordinary part"),
                        );
                        bad = true;
                    }
                    _ => {
                        flag = Some(this);
                        marker_at = at;
                    }
                }
            }
            let used = close + 2;
            let after = &rest[used..];
            let trimmed = after.trim_start();
            at += used + after.len() - trimmed.len();
            rest = trimmed;
        }
        // `field detail: text`
        let (label, text, text_at) = match rest.split_once(": ") {
            Some((label, text)) => (label, text.trim(), at + label.len() + 2 + (text.len() - text.trim_start().len())),
            None => match rest.trim_end().strip_suffix(':') {
                Some(label) => (label, "", at + rest.len()),
                None => {
                    diagnostics.push(
                        src.error(at, "this part has no field name")
                            .help(format!("write it as `field: text`; the fields of `[{}]` are {field_list}", kind.key())),
                    );
                    continue;
                }
            },
        };
        let mut words = label.split_whitespace();
        let field = words.next().unwrap_or("").to_ascii_lowercase();
        let detail = words.collect::<Vec<_>>().join(" ");
        if !known.contains(&field.as_str()) {
            let help = match suggest(&field, &known) {
                Some(k) => format!("did you mean `{k}`?"),
                None => format!("the fields of `[{}]` are {field_list}", kind.key()),
            };
            diagnostics.push(src.error(at, format!("unknown field `{field}` for `[{}]`", kind.key())).help(help));
            continue;
        }
        if bad {
            continue;
        }
        raws.push(Raw { offset, marker_at, flag, field, detail, text: (text_at, text.to_string()), feedback: Vec::new() });
    }

    let mut parts = Vec::new();
    for (i, raw) in raws.iter().enumerate() {
        let repeats = fields(kind).iter().any(|(k, many)| *k == raw.field && *many);
        if !repeats {
            if let Some(first) = raws[..i].iter().find(|r| r.field == raw.field) {
                let (line, _) = src.position(first.offset);
                diagnostics.push(
                    src.error(raw.offset + 2, format!("a second `{}` (the first is on line {line})", raw.field))
                        .help(format!("`[{}]` has one `{}`: merge the two, or use another field", kind.key(), raw.field)),
                );
            }
        }
        if raw.text.1.is_empty() {
            diagnostics.push(src.error(raw.text.0, format!("the `{}` part is empty", raw.field)).help("write its text after the colon"));
        }
        let (text, d) = parse_inlines(ctx, &raw.text.1, raw.text.0);
        diagnostics.extend(d);
        let mut feedback = Vec::new();
        for (at, line) in &raw.feedback {
            let (inl, d) = parse_inlines(ctx, line, *at);
            diagnostics.extend(d);
            if !feedback.is_empty() {
                feedback.push(hookwise_core::lesson::Inline::text(" "));
            }
            feedback.extend(inl);
        }
        match (raw.flag, feedback.is_empty()) {
            (Some(_), true) => diagnostics.push(
                src.error(raw.marker_at, "this part has no explanation")
                    .help("after \"Check\" every part is explained: add a line under it, indented by two spaces: `  > Why this is (or is not) a red flag.`"),
            ),
            (None, false) => diagnostics.push(
                src.error(raw.feedback[0].0, "an explanation under a part that is not marked is never shown")
                    .help("mark the part `[flag]` or `[ok]` so the learner can select it, or remove the explanation"),
            ),
            _ => {}
        }
        parts.push(Part { field: raw.field.clone(), detail: raw.detail.clone(), text, flag: raw.flag, feedback });
    }

    let selectable = parts.iter().filter(|p| p.flag.is_some()).count();
    if raws.is_empty() {
        diagnostics.push(
            src.error(heading, "this mock-up has no parts")
                .help(format!("list its parts as `- [flag] field: text` (a red flag), `- [ok] field: text` (ordinary) or `- field: text` (not selectable); the fields of `[{}]` are {field_list}", kind.key())),
        );
    } else if selectable < 2 {
        diagnostics.push(
            src.error(heading, "a mock-up needs at least two parts the learner can select")
                .help("mark parts `[flag]` (a red flag) or `[ok]` (ordinary)"),
        );
    } else if !parts.iter().any(|p| p.flag == Some(true)) {
        diagnostics.push(src.error(heading, "this mock-up has no red flags").help("mark the red flags `[flag]`"));
    }
    if !raws.is_empty() {
        for (field, example) in required(kind) {
            if !raws.iter().any(|r| r.field == *field) {
                let what = match kind {
                    MockupKind::Thread if *field == "message" => "a message thread with no messages".to_string(),
                    MockupKind::Thread => "a message thread with no sender".to_string(),
                    _ => format!("this `[{}]` has no `{field}`", kind.key()),
                };
                diagnostics.push(src.error(heading, what).help(format!("add a part like `{example}`")));
            }
        }
    }
    (prose(ctx, intro, diagnostics), Activity::Mockup { kind, parts })
}
