//! `ORGANISATION.md`, the deploying organisation's settings: name, reporting team, channels,
//! what happens to a report, policies. Every mistake is a diagnostic, all reported at once.
//!
//! Lessons use the settings through `{{org.name}}`-style references and the `[!REPORT]`
//! callout (see `markdown.rs`), resolved here at build time into ordinary text and links.

use hookwise_core::lesson::{Block, Inline};
use hookwise_core::organisation::{Channel, ChannelKind, ChannelUse, Organisation, Policy, ReportHandling};

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};
use crate::front_matter::{self, Field, Value};
use crate::front_matter::{check_keys, scalar};

pub const SETTINGS_FILE: &str = "ORGANISATION.md";

const KEYS: &[&str] = &["example", "learner_ids", "name", "team", "report_seen_by", "report_recorded", "report_reply", "channels", "policies"];
const REQUIRED: &[(&str, &str)] = &[
    ("name", "name: Acorn Example Ltd"),
    ("team", "team: the Security Office"),
    ("report_seen_by", "report_seen_by: Two people in the Security Office read your report."),
    ("report_recorded", "report_recorded: We record what happened, when, and what was asked."),
    ("report_reply", "report_reply: Someone replies within one working day."),
    ("channels", "channels:` and an item `  - id: security-office"),
];
const CHANNEL_KEYS: &[&str] = &["id", "label", "kind", "value", "hours", "note", "uses"];
const POLICY_KEYS: &[&str] = &["id", "title", "url"];

/// Where `example: true` is, for the warning that names the file and key to change.
pub struct Parsed {
    pub organisation: Organisation,
    pub example_at: Option<(usize, usize)>,
}

fn valid_id(id: &str) -> bool {
    hookwise_core::route::is_valid_id(id)
}

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && s.chars().all(|c| c.is_ascii_graphic() && !"<>()[],;:\"\\".contains(c))
}

fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    digits >= 3 && s.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

fn valid_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/')) && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn list<'f>(src: &SourceFile, fields: &'f [Field], key: &str, example: &str, d: &mut Vec<Diagnostic>) -> &'f [Vec<Field>] {
    match fields.iter().find(|f| f.key.text == key).map(|f| &f.value) {
        Some(Value::List(items)) => items,
        Some(Value::Scalar(s)) => {
            d.push(src.error(s.offset, format!("`{key}` is a list")).help(format!(
                "write `{key}:` on its own line, then items like `{example}`"
            )));
            &[]
        }
        None => &[],
    }
}

/// An item's fields as (key, value, offset), reporting unknown and list-valued keys.
fn item_fields<'f>(src: &SourceFile, item: &'f [Field], known: &[&str], what: &str, d: &mut Vec<Diagnostic>) -> Vec<(&'f str, &'f front_matter::Spanned)> {
    let mut out = Vec::new();
    for f in item {
        let key = f.key.text.as_str();
        if !known.contains(&key) {
            let help = match front_matter::suggest(key, known) {
                Some(k) => format!("did you mean `{k}`? A {what} has: {}", known.join(", ")),
                None => format!("a {what} has: {}", known.join(", ")),
            };
            d.push(src.error(f.key.offset, format!("unknown {what} key `{key}`")).help(help));
            continue;
        }
        if let Value::Scalar(v) = &f.value {
            out.push((key, v));
        }
    }
    out
}

fn channel(src: &SourceFile, item: &[Field], d: &mut Vec<Diagnostic>) -> Option<Channel> {
    let fields = item_fields(src, item, CHANNEL_KEYS, "channel", d);
    let get = |k: &str| fields.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let start = item.first().map_or(0, |f| f.key.offset);
    let mut ok = true;
    let mut need = |k: &str, example: &str, d: &mut Vec<Diagnostic>| match get(k) {
        Some(v) if !v.text.trim().is_empty() => Some(v.text.trim().to_string()),
        Some(v) => {
            d.push(src.error(v.offset, format!("this channel's `{k}` is empty")).help(format!("write `{k}: {example}`")));
            ok = false;
            None
        }
        None => {
            d.push(src.error(start, format!("this channel has no `{k}`")).help(format!("add `    {k}: {example}`")));
            ok = false;
            None
        }
    };
    let id = need("id", "security-office", d);
    let label = need("label", "Security Office mailbox", d);
    let kind_text = need("kind", "email", d);
    let value = need("value", "security@example.com", d);
    let kind = kind_text.as_deref().and_then(|k| {
        let found = ChannelKind::NAMES.iter().find(|(name, _)| *name == k).map(|(_, kind)| *kind);
        if found.is_none() {
            let names: Vec<&str> = ChannelKind::NAMES.iter().map(|(n, _)| *n).collect();
            let help = match front_matter::suggest(k, &names) {
                Some(s) => format!("did you mean `{s}`? The kinds are: {}", names.join(", ")),
                None => format!("the kinds are: {}", names.join(", ")),
            };
            d.push(src.error(get("kind").map_or(start, |v| v.offset), format!("unknown channel kind `{k}`")).help(help));
        }
        found
    });
    if let Some(id) = &id {
        if !valid_id(id) {
            d.push(
                src.error(get("id").map_or(start, |v| v.offset), format!("channel id `{id}` may hold only lowercase letters, digits and `-`"))
                    .help("for example `id: duty-phone`"),
            );
            ok = false;
        }
    }
    if let (Some(kind), Some(value), Some(at)) = (kind, &value, get("value").map(|v| v.offset)) {
        let problem = match kind {
            ChannelKind::Email if !valid_email(value) => Some(("is not an email address", "write it like `security@example.com`")),
            ChannelKind::Phone if !valid_phone(value) => {
                Some(("is not a phone number", "use digits, spaces and `+ - ( )` only, like `+44 20 7946 0999`"))
            }
            ChannelKind::WebForm if !valid_url(value) => {
                Some(("is not a web address", "a web form's value is its address, starting with https://"))
            }
            _ => None,
        };
        if let Some((what, help)) = problem {
            d.push(src.error(at, format!("`{value}` {what}")).help(help));
            ok = false;
        }
    }
    let mut uses = Vec::new();
    if let Some(v) = get("uses") {
        let mut at = v.offset;
        for part in v.text.split(',') {
            let name = part.trim();
            let lead = part.len() - part.trim_start().len();
            match ChannelUse::NAMES.iter().find(|(n, _)| *n == name) {
                Some((_, u)) => uses.push(*u),
                None => {
                    let names: Vec<&str> = ChannelUse::NAMES.iter().map(|(n, _)| *n).collect();
                    let help = match front_matter::suggest(name, &names) {
                        Some(s) => format!("did you mean `{s}`? A channel's uses are: {}", names.join(", ")),
                        None => format!("a channel's uses are: {}", names.join(", ")),
                    };
                    d.push(src.error(at + lead, format!("unknown channel use `{name}`")).help(help));
                    ok = false;
                }
            }
            at += part.len() + 1;
        }
    }
    let text = |k: &str| get(k).map(|v| v.text.trim().to_string()).unwrap_or_default();
    match (ok, id, label, kind, value) {
        (true, Some(id), Some(label), Some(kind), Some(value)) => {
            Some(Channel { id, label, kind, value, hours: text("hours"), note: text("note"), uses })
        }
        _ => None,
    }
}

fn policy(src: &SourceFile, item: &[Field], d: &mut Vec<Diagnostic>) -> Option<Policy> {
    let fields = item_fields(src, item, POLICY_KEYS, "policy", d);
    let get = |k: &str| fields.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let start = item.first().map_or(0, |f| f.key.offset);
    let mut missing = false;
    for (k, example) in [("id", "gifts"), ("title", "Gifts and hospitality policy"), ("url", "https://intranet.example.com/gifts")] {
        if get(k).is_none_or(|v| v.text.trim().is_empty()) {
            d.push(src.error(get(k).map_or(start, |v| v.offset), format!("this policy has no `{k}`")).help(format!("add `    {k}: {example}`")));
            missing = true;
        }
    }
    if missing {
        return None;
    }
    let (id, title, url) = (get("id")?, get("title")?, get("url")?);
    if !valid_id(&id.text) {
        d.push(src.error(id.offset, format!("policy id `{}` may hold only lowercase letters, digits and `-`", id.text)).help("for example `id: travel`"));
        return None;
    }
    if !valid_url(&url.text) {
        d.push(src.error(url.offset, format!("`{}` is not a web address", url.text)).help("a policy's `url` starts with https://"));
        return None;
    }
    Some(Policy { id: id.text.clone(), title: title.text.clone(), url: url.text.clone() })
}

/// Parses the settings file; `None` when it has errors (they are in `d`).
pub fn parse(src: &SourceFile, d: &mut Vec<Diagnostic>) -> Option<Parsed> {
    let errors_before = d.iter().filter(|x| x.is_error()).count();
    let fm = front_matter::parse(src, d)?;
    let fields = &fm.fields;
    d.extend(check_keys(src, fields, KEYS, REQUIRED, "the organisation settings'"));
    let text = |key: &str, d: &mut Vec<Diagnostic>| {
        let v = scalar(src, fields, key, d)?;
        if v.text.trim().is_empty() {
            d.push(src.error(v.offset, format!("`{key}` is empty")).help("write the value after the colon"));
            return None;
        }
        Some(v.text.trim().to_string())
    };
    let name = text("name", d).unwrap_or_default();
    let team = text("team", d).unwrap_or_default();
    let report = ReportHandling {
        seen_by: text("report_seen_by", d).unwrap_or_default(),
        recorded: text("report_recorded", d).unwrap_or_default(),
        reply: text("report_reply", d).unwrap_or_default(),
    };
    let mut example_at = None;
    if let Some(v) = scalar(src, fields, "example", d) {
        match v.text.as_str() {
            "true" => example_at = Some(src.position(fields.iter().find(|f| f.key.text == "example").map_or(0, |f| f.key.offset))),
            "false" => {}
            other => d.push(src.error(v.offset, format!("`example` must be `true` or `false`, found `{other}`")).help("delete the line once these are your own settings")),
        }
    }
    // How xAPI statements name learners.
    let mut pseudonymous = false;
    if let Some(v) = scalar(src, fields, "learner_ids", d) {
        match v.text.trim() {
            "pseudonymous" => pseudonymous = true,
            "email" => {}
            other => d.push(src.error(v.offset, format!("`learner_ids` must be `email` or `pseudonymous`, found `{other}`")).help(
                "`pseudonymous` makes the app send an opaque id instead of the learner's email and name, so the learning record store never holds names; `email` (the default) sends the email",
            )),
        }
    }
    let mut channels: Vec<Channel> = Vec::new();
    let channel_items = list(src, fields, "channels", "  - id: security-office", d);
    for item in channel_items {
        if let Some(c) = channel(src, item, d) {
            if channels.iter().any(|o| o.id == c.id) {
                let at = item.iter().find(|f| f.key.text == "id").map_or(0, |f| f.key.offset);
                d.push(src.error(at, format!("two channels have the id `{}`", c.id)).help("give each channel its own id"));
            } else {
                channels.push(c);
            }
        }
    }
    let channels_at = fields.iter().find(|f| f.key.text == "channels").map(|f| f.key.offset);
    if let Some(at) = channels_at {
        if channel_items.is_empty() {
            d.push(src.error(at, "there are no reporting channels").help("add at least one item under `channels:`"));
        } else {
            for (use_name, u) in ChannelUse::NAMES {
                let marked = channels.iter().any(|c| c.uses.contains(&u));
                let all_parsed = channels.len() == channel_items.len();
                if !marked && all_parsed {
                    d.push(src.error(at, format!("no channel is marked `{use_name}`")).help(format!(
                        "add `{use_name}` to one channel's `uses:` (for example `uses: {use_name}`): lessons tell learners which channel to use {}",
                        match u {
                            ChannelUse::Primary => "first",
                            ChannelUse::OutOfHours => "outside office hours",
                            ChannelUse::Abroad => "while abroad",
                        }
                    )));
                }
            }
        }
    }
    let mut policies: Vec<Policy> = Vec::new();
    for item in list(src, fields, "policies", "  - id: gifts", d) {
        if let Some(p) = policy(src, item, d) {
            if policies.iter().any(|o| o.id == p.id) {
                let at = item.iter().find(|f| f.key.text == "id").map_or(0, |f| f.key.offset);
                d.push(src.error(at, format!("two policies have the id `{}`", p.id)).help("give each policy its own id"));
            } else {
                policies.push(p);
            }
        }
    }
    if d.iter().filter(|x| x.is_error()).count() > errors_before {
        return None;
    }
    let example = example_at.is_some();
    Some(Parsed { organisation: Organisation { name, team, channels, report, policies, example, pseudonymous }, example_at })
}

/// Every reference a lesson may use, for "did you mean" and the guide.
pub fn reference_names(org: &Organisation) -> Vec<String> {
    let mut names: Vec<String> = ["org.name", "org.team", "report.seen_by", "report.recorded", "report.reply"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (n, _) in ChannelUse::NAMES {
        names.push(format!("channel.{n}"));
    }
    names.extend(org.channels.iter().map(|c| format!("channel.{}", c.id)));
    names.extend(org.policies.iter().map(|p| format!("policy.{}", p.id)));
    names
}

/// A channel as inlines: its label linked to its address, then the address itself.
pub fn channel_inlines(c: &Channel) -> Vec<Inline> {
    let label = vec![Inline::text(c.label.clone())];
    match (c.kind, c.href()) {
        (ChannelKind::WebForm, Some(href)) => vec![Inline::Link { href, content: label }],
        (_, Some(href)) => vec![
            Inline::Link { href, content: label },
            Inline::text(format!(" ({})", c.value)),
        ],
        (_, None) => vec![Inline::text(format!("{} ({})", c.label, c.value))],
    }
}

/// Resolves `{{name}}`; `None` if there is no such setting.
pub fn resolve(org: &Organisation, name: &str) -> Option<Vec<Inline>> {
    let text = |s: &str| Some(vec![Inline::text(s.to_string())]);
    match name {
        "org.name" => text(&org.name),
        "org.team" => text(&org.team),
        "report.seen_by" => text(&org.report.seen_by),
        "report.recorded" => text(&org.report.recorded),
        "report.reply" => text(&org.report.reply),
        _ => {
            if let Some(id) = name.strip_prefix("channel.") {
                let by_use = ChannelUse::NAMES.iter().find(|(n, _)| *n == id).and_then(|(_, u)| org.channel_for(*u));
                return by_use.or_else(|| org.channel(id)).map(channel_inlines);
            }
            if let Some(id) = name.strip_prefix("policy.") {
                return org
                    .policy(id)
                    .map(|p| vec![Inline::Link { href: p.url.clone(), content: vec![Inline::text(p.title.clone())] }]);
            }
            None
        }
    }
}

/// The channel list a `[!REPORT]` callout ends with.
pub fn channel_list(org: &Organisation) -> Block {
    let items = org
        .channels
        .iter()
        .map(|c| {
            let mut line = vec![Inline::Strong { content: channel_inlines(c) }];
            let mut extra = Vec::new();
            if !c.hours.is_empty() {
                extra.push(c.hours.clone());
            }
            if !c.note.is_empty() {
                extra.push(c.note.clone());
            }
            if !extra.is_empty() {
                line.push(Inline::text(format!(": {}", extra.join(". "))));
            }
            vec![Block::Paragraph { content: line }]
        })
        .collect();
    Block::List { ordered: false, items }
}
