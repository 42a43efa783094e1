//! Reads the compiled course files the browser loads, the catalogue (`catalogue.json`), a lesson
//! (`lessons/<id>.json`) and the organisation's settings (`organisation.json`), by hand with `lax_json`'s reader: the bundle
//! then carries one small reader instead of serde's code for each of their types (`./dev size`
//! counts those bytes). It reads the JSON the compiler writes with the derived `Serialize`
//! (enums externally tagged: `"Rule"`, `{"Heading": {...}}`), and agrees with the derived
//! `Deserialize` on the real course's catalogue and lessons and on the example settings (tests in
//! `hookwise-content`'s `course.rs` and below).
//!
//! Strict, as a damaged file must be refused rather than shown in part: a syntax error, a
//! missing required field, a value of the wrong type, an unknown enum variant, a number out of
//! range, or text after the lesson make the whole lesson unreadable (`None`). Fields it does
//! not know are skipped, as the derived reader does.

use std::borrow::Cow;

use crate::lax_json::Reader;
use crate::course::{AudiencePath, Catalogue, CatalogueEntry, Part as CoursePart, DEFAULT_DUE_AFTER_DAYS};
use crate::lesson::*;
use crate::organisation::{Channel, ChannelKind, ChannelUse, Organisation, Policy, ReportHandling};

/// The lesson in `text`, or `None` when it is not a readable lesson.
pub fn read_lesson(text: &str) -> Option<Lesson> {
    let mut r = Reader::new(text);
    let lesson = lesson(&mut r)?;
    r.at_end().then_some(lesson)
}

/// The catalogue in `text` (`catalogue.json`), or `None` when it is not readable.
pub fn read_catalogue(text: &str) -> Option<Catalogue> {
    let mut r = Reader::new(text);
    let catalogue = catalogue(&mut r)?;
    r.at_end().then_some(catalogue)
}

/// The organisation's settings in `text`, or `None` when they are not readable.
pub fn read_organisation(text: &str) -> Option<Organisation> {
    let mut r = Reader::new(text);
    let org = organisation(&mut r)?;
    r.at_end().then_some(org)
}

fn string(r: &mut Reader) -> Option<String> {
    r.text()?.map(Cow::into_owned)
}

fn boolean(r: &mut Reader) -> Option<bool> {
    r.boolean()?
}

/// A whole number from 0 to `max`.
fn whole(r: &mut Reader, max: u32) -> Option<u32> {
    let n = r.num()??;
    (n >= 0.0 && n.fract() == 0.0 && n <= f64::from(max)).then_some(n as u32)
}

/// An optional value: absent or `null` is `None`.
fn null(r: &mut Reader) -> Option<bool> {
    if r.is(b'n') {
        r.skip()?;
        return Some(true);
    }
    Some(false)
}

/// An object's fields, each heard by `field`: the object reader compiled once (callers' closures
/// are called through a pointer), not once per record type (bundle size).
fn fields<'a>(r: &mut Reader<'a>, field: &mut dyn FnMut(&mut Reader<'a>, &str) -> Option<()>) -> Option<()> {
    r.object(field)
}

/// An array's elements, each read by `each`: compiled once, like `fields`.
fn elements<'a>(r: &mut Reader<'a>, each: &mut dyn FnMut(&mut Reader<'a>) -> Option<()>) -> Option<()> {
    r.array(each)
}

fn list<T>(r: &mut Reader, mut each: impl FnMut(&mut Reader) -> Option<T>) -> Option<Vec<T>> {
    let mut out = Vec::new();
    elements(r, &mut |r| {
        out.push(each(r)?);
        Some(())
    })?;
    Some(out)
}

/// An externally tagged enum's variant name and value: a bare string for a unit variant
/// (`value` is then not called), or an object with one field.
fn variant<T>(r: &mut Reader, unit: impl FnOnce(&str) -> Option<T>, mut value: impl FnMut(&mut Reader, &str) -> Option<T>) -> Option<T> {
    if r.is(b'"') {
        return unit(&string(r)?);
    }
    let mut out = None;
    r.object(|r, tag| {
        if out.is_some() {
            return None;
        }
        out = Some(value(r, tag)?);
        Some(())
    })?;
    out
}

/// A plain enum written as its variant's name.
fn name<T: Copy>(r: &mut Reader, names: &[(&str, T)]) -> Option<T> {
    let s = string(r)?;
    names.iter().find(|(n, _)| *n == s).map(|(_, v)| *v)
}

/// `LessonInfo`'s fields, read one at a time from the object that holds them (a lesson, a
/// catalogue entry), as `lesson::InfoFields` does for serde.
#[derive(Default)]
struct Info {
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    topic: Option<String>,
    minutes: Option<u32>,
    pass_mark: Option<u8>,
    version: Option<String>,
    content_hash: Option<String>,
}

impl Info {
    /// Reads the value of `key` when it is one of `LessonInfo`'s fields (`Some(true)`);
    /// `Some(false)` when it is not (the value is then still to be read).
    fn read(&mut self, r: &mut Reader, key: &str) -> Option<bool> {
        match key {
            "id" => self.id = Some(string(r)?),
            "title" => self.title = Some(string(r)?),
            "summary" => self.summary = Some(string(r)?),
            "topic" => self.topic = Some(string(r)?),
            "minutes" => self.minutes = Some(whole(r, u32::MAX)?),
            "pass_mark" => self.pass_mark = Some(whole(r, u8::MAX.into())? as u8),
            "version" => self.version = Some(string(r)?),
            "content_hash" => self.content_hash = Some(string(r)?),
            _ => return Some(false),
        }
        Some(true)
    }

    fn finish(self) -> Option<LessonInfo> {
        Some(LessonInfo {
            id: self.id?,
            title: self.title?,
            summary: self.summary?,
            topic: self.topic?,
            minutes: self.minutes?,
            pass_mark: self.pass_mark?,
            version: self.version?,
            content_hash: self.content_hash?,
        })
    }
}

fn lesson(r: &mut Reader) -> Option<Lesson> {
    let mut info = Info::default();
    let (mut updated, mut sources, mut body, mut practice, mut quiz) = (None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "updated" => updated = if null(r)? { None } else { Some(string(r)?) },
            "sources" => sources = Some(list(r, source)?),
            "body" => body = Some(blocks(r)?),
            "practice" => practice = Some(list(r, scenario)?),
            "quiz" => quiz = Some(self::quiz(r)?),
            _ => {
                if !info.read(r, key)? {
                    r.skip()?
                }
            }
        }
        Some(())
    })?;
    Some(Lesson { info: info.finish()?, updated, sources: sources?, body: body?, practice: practice.unwrap_or_default(), quiz: quiz? })
}

fn catalogue(r: &mut Reader) -> Option<Catalogue> {
    let (mut id, mut title, mut version, mut due_after_days, mut parts, mut paths) = (None, None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "title" => title = Some(string(r)?),
            "version" => version = Some(string(r)?),
            "due_after_days" => due_after_days = Some(whole(r, u32::MAX)?),
            "parts" => parts = Some(list(r, course_part)?),
            "paths" => paths = Some(list(r, audience_path)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Catalogue {
        id: id.unwrap_or_default(),
        title: title?,
        version: version?,
        due_after_days: due_after_days.unwrap_or(DEFAULT_DUE_AFTER_DAYS),
        parts: parts?,
        paths: paths.unwrap_or_default(),
    })
}

fn course_part(r: &mut Reader) -> Option<CoursePart> {
    let (mut title, mut lessons) = (None, None);
    fields(r, &mut |r, key| {
        match key {
            "title" => title = Some(string(r)?),
            "lessons" => lessons = Some(list(r, entry)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(CoursePart { title: title?, lessons: lessons? })
}

fn entry(r: &mut Reader) -> Option<CatalogueEntry> {
    let mut info = Info::default();
    let mut required = None;
    fields(r, &mut |r, key| {
        if key == "required" {
            required = Some(boolean(r)?);
        } else if !info.read(r, key)? {
            r.skip()?;
        }
        Some(())
    })?;
    Some(CatalogueEntry { info: info.finish()?, required: required? })
}

fn audience_path(r: &mut Reader) -> Option<AudiencePath> {
    let (mut id, mut title, mut lessons) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "title" => title = Some(string(r)?),
            "lessons" => lessons = Some(list(r, string)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(AudiencePath { id: id?, title: title?, lessons: lessons? })
}

fn source(r: &mut Reader) -> Option<Source> {
    let (mut title, mut url) = (None, None);
    fields(r, &mut |r, key| {
        match key {
            "title" => title = Some(string(r)?),
            "url" => url = if null(r)? { None } else { Some(string(r)?) },
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Source { title: title?, url })
}

fn blocks(r: &mut Reader) -> Option<Vec<Block>> {
    list(r, block)
}

fn inlines(r: &mut Reader) -> Option<Vec<Inline>> {
    list(r, inline)
}

fn block(r: &mut Reader) -> Option<Block> {
    variant(
        r,
        |tag| (tag == "Rule").then_some(Block::Rule),
        |r, tag| {
            let (mut level, mut anchor, mut ordered, mut kind, mut text) = (None, None, None, None, None);
            let (mut inl, mut nested, mut items, mut head, mut rows) = (None, None, None, None, None);
            fields(r, &mut |r, key| {
                match key {
                    "level" => level = Some(whole(r, u8::MAX.into())? as u8),
                    "anchor" => anchor = Some(string(r)?),
                    "ordered" => ordered = Some(boolean(r)?),
                    "text" => text = Some(string(r)?),
                    "kind" => {
                        kind = Some(name(
                            r,
                            &[
                                ("RedFlag", CalloutKind::RedFlag),
                                ("WhatToDo", CalloutKind::WhatToDo),
                                ("RealCase", CalloutKind::RealCase),
                                ("Report", CalloutKind::Report),
                            ],
                        )?)
                    }
                    // `content` holds inlines in headings and paragraphs, blocks elsewhere.
                    "content" if matches!(tag, "Heading" | "Paragraph") => inl = Some(inlines(r)?),
                    "content" => nested = Some(blocks(r)?),
                    "items" => items = Some(list(r, blocks)?),
                    "head" => head = Some(list(r, inlines)?),
                    "rows" => rows = Some(list(r, |r| list(r, inlines))?),
                    _ => r.skip()?,
                }
                Some(())
            })?;
            Some(match tag {
                "Heading" => Block::Heading { level: level?, anchor: anchor?, content: inl? },
                "Paragraph" => Block::Paragraph { content: inl? },
                "List" => Block::List { ordered: ordered?, items: items? },
                "Callout" => Block::Callout { kind: kind?, content: nested? },
                "Quote" => Block::Quote { content: nested? },
                "Table" => Block::Table { head: head?, rows: rows? },
                "Code" => Block::Code { text: text? },
                _ => return None,
            })
        },
    )
}

fn inline(r: &mut Reader) -> Option<Inline> {
    variant(
        r,
        |tag| (tag == "Break").then_some(Inline::Break),
        |r, tag| {
            let (mut text, mut content, mut href, mut src, mut alt) = (None, None, None, None, None);
            fields(r, &mut |r, key| {
                match key {
                    "text" => text = Some(string(r)?),
                    "content" => content = Some(inlines(r)?),
                    "href" => href = Some(string(r)?),
                    "src" => src = Some(string(r)?),
                    "alt" => alt = Some(string(r)?),
                    _ => r.skip()?,
                }
                Some(())
            })?;
            Some(match tag {
                "Text" => Inline::Text { text: text? },
                "Strong" => Inline::Strong { content: content? },
                "Emph" => Inline::Emph { content: content? },
                "Code" => Inline::Code { text: text? },
                "Link" => Inline::Link { href: href?, content: content? },
                "Image" => Inline::Image { src: src?, alt: alt? },
                _ => return None,
            })
        },
    )
}

fn question_kind(r: &mut Reader) -> Option<QuestionKind> {
    name(r, &[("Single", QuestionKind::Single), ("Multiple", QuestionKind::Multiple), ("TrueFalse", QuestionKind::TrueFalse)])
}

fn quiz(r: &mut Reader) -> Option<Quiz> {
    let (mut questions, mut ask) = (None, None);
    fields(r, &mut |r, key| {
        match key {
            "questions" => questions = Some(list(r, question)?),
            "ask" => ask = if null(r)? { None } else { Some(whole(r, u32::MAX)?) },
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Quiz { questions: questions?, ask })
}

fn question(r: &mut Reader) -> Option<Question> {
    let (mut id, mut kind, mut title, mut prompt, mut choices, mut explanation) = (None, None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "kind" => kind = Some(question_kind(r)?),
            "title" => title = Some(string(r)?),
            "prompt" => prompt = Some(blocks(r)?),
            "choices" => choices = Some(list(r, choice)?),
            "explanation" => explanation = Some(inlines(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Question { id: id?, kind: kind?, title: title?, prompt: prompt?, choices: choices?, explanation: explanation? })
}

fn choice(r: &mut Reader) -> Option<Choice> {
    let (mut text, mut correct, mut feedback) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "text" => text = Some(inlines(r)?),
            "correct" => correct = Some(boolean(r)?),
            "feedback" => feedback = Some(inlines(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Choice { text: text?, correct: correct?, feedback: feedback.unwrap_or_default() })
}

fn scenario(r: &mut Reader) -> Option<Scenario> {
    let (mut id, mut title, mut intro, mut activity) = (None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "title" => title = Some(string(r)?),
            "intro" => intro = Some(blocks(r)?),
            "activity" => activity = Some(self::activity(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Scenario { id: id?, title: title?, intro: intro?, activity: activity? })
}

fn activity(r: &mut Reader) -> Option<Activity> {
    variant(
        r,
        |_| None,
        |r, tag| {
            if tag == "SlowHook" {
                return slow_hook(r).map(Activity::SlowHook);
            }
            let (mut steps, mut items, mut report_steps, mut kind, mut parts) = (None, None, None, None, None);
            fields(r, &mut |r, key| {
                match key {
                    "steps" if tag == "Report" => report_steps = Some(list(r, report_step)?),
                    "steps" => steps = Some(list(r, step)?),
                    "items" => items = Some(list(r, choice)?),
                    "kind" => {
                        kind = Some(name(
                            r,
                            &[("Profile", MockupKind::Profile), ("Thread", MockupKind::Thread), ("Email", MockupKind::Email), ("Invitation", MockupKind::Invitation)],
                        )?)
                    }
                    "parts" => parts = Some(list(r, part)?),
                    _ => r.skip()?,
                }
                Some(())
            })?;
            Some(match tag {
                "Conversation" => Activity::Conversation { steps: steps? },
                "RedFlags" => Activity::RedFlags { items: items? },
                "Report" => Activity::Report { steps: report_steps? },
                "Mockup" => Activity::Mockup { kind: kind?, parts: parts? },
                _ => return None,
            })
        },
    )
}

fn part(r: &mut Reader) -> Option<Part> {
    let (mut field, mut detail, mut text, mut flag, mut feedback) = (None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "field" => field = Some(string(r)?),
            "detail" => detail = Some(string(r)?),
            "text" => text = Some(inlines(r)?),
            "flag" => flag = if null(r)? { None } else { Some(boolean(r)?) },
            "feedback" => feedback = Some(inlines(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Part { field: field?, detail: detail.unwrap_or_default(), text: text?, flag, feedback: feedback.unwrap_or_default() })
}

fn step(r: &mut Reader) -> Option<Step> {
    let (mut id, mut title, mut content, mut replies, mut ending, mut milestone) = (None, None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "title" => title = Some(string(r)?),
            "content" => content = Some(blocks(r)?),
            "replies" => replies = Some(list(r, reply)?),
            "ending" => ending = if null(r)? { None } else { Some(name(r, &[("Good", Ending::Good), ("Bad", Ending::Bad)])?) },
            "milestone" => {
                milestone = if null(r)? {
                    None
                } else {
                    Some(name(r, &[("Task", Milestone::Task), ("Shared", Milestone::Shared), ("Reported", Milestone::Reported)])?)
                }
            }
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Step { id: id?, title: title?, content: content?, replies: replies?, ending, milestone })
}

fn reply(r: &mut Reader) -> Option<Reply> {
    let (mut text, mut safe, mut next, mut feedback) = (None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "text" => text = Some(inlines(r)?),
            "safe" => safe = Some(boolean(r)?),
            "next" => next = Some(whole(r, u32::MAX)? as usize),
            "feedback" => feedback = Some(inlines(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Reply { text: text?, safe: safe?, next: next?, feedback: feedback.unwrap_or_default() })
}

fn report_step(r: &mut Reader) -> Option<ReportStep> {
    let (mut kind, mut title, mut choices) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "kind" => kind = Some(question_kind(r)?),
            "title" => title = Some(string(r)?),
            "choices" => choices = Some(list(r, choice)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(ReportStep { kind: kind?, title: title?, choices: choices? })
}

fn slow_hook(r: &mut Reader) -> Option<SlowHook> {
    let (mut from, mut rungs, mut debrief) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "from" => from = Some(string(r)?),
            "rungs" => rungs = Some(list(r, slow_rung)?),
            "debrief" => debrief = Some(blocks(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(SlowHook { from: from?, rungs: rungs?, debrief: debrief? })
}

fn slow_rung(r: &mut Reader) -> Option<SlowRung> {
    let (mut after_days, mut title, mut content, mut choices) = (None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "after_days" => after_days = Some(whole(r, u32::MAX)?),
            "title" => title = Some(string(r)?),
            "content" => content = Some(blocks(r)?),
            "choices" => choices = Some(list(r, slow_option)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(SlowRung { after_days: after_days?, title: title?, content: content?, choices: choices? })
}

fn slow_option(r: &mut Reader) -> Option<SlowOption> {
    let (mut kind, mut text, mut feedback) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "kind" => kind = Some(name(r, &[("Report", SlowChoice::Report), ("Decline", SlowChoice::Decline), ("GoAlong", SlowChoice::GoAlong)])?),
            "text" => text = Some(inlines(r)?),
            "feedback" => feedback = Some(inlines(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(SlowOption { kind: kind?, text: text?, feedback: feedback.unwrap_or_default() })
}

fn organisation(r: &mut Reader) -> Option<Organisation> {
    let (mut name, mut team, mut channels, mut report, mut policies, mut example, mut pseudonymous) = (None, None, None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "name" => name = Some(string(r)?),
            "team" => team = Some(string(r)?),
            "channels" => channels = Some(list(r, channel)?),
            "report" => report = Some(report_handling(r)?),
            "policies" => policies = Some(list(r, policy)?),
            "example" => example = Some(boolean(r)?),
            "pseudonymous" => pseudonymous = Some(boolean(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Organisation {
        name: name?,
        team: team?,
        channels: channels?,
        report: report?,
        policies: policies.unwrap_or_default(),
        example: example.unwrap_or_default(),
        pseudonymous: pseudonymous.unwrap_or_default(),
    })
}

fn channel(r: &mut Reader) -> Option<Channel> {
    let (mut id, mut label, mut kind, mut value, mut hours, mut note, mut uses) = (None, None, None, None, None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "label" => label = Some(string(r)?),
            "kind" => {
                kind = Some(name(r, &[("Email", ChannelKind::Email), ("Phone", ChannelKind::Phone), ("WebForm", ChannelKind::WebForm), ("InPerson", ChannelKind::InPerson)])?)
            }
            "value" => value = Some(string(r)?),
            "hours" => hours = Some(string(r)?),
            "note" => note = Some(string(r)?),
            "uses" => uses = Some(list(r, |r| name(r, &[("Primary", ChannelUse::Primary), ("OutOfHours", ChannelUse::OutOfHours), ("Abroad", ChannelUse::Abroad)]))?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Channel {
        id: id?,
        label: label?,
        kind: kind?,
        value: value?,
        hours: hours.unwrap_or_default(),
        note: note.unwrap_or_default(),
        uses: uses.unwrap_or_default(),
    })
}

fn report_handling(r: &mut Reader) -> Option<ReportHandling> {
    let (mut seen_by, mut recorded, mut reply) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "seen_by" => seen_by = Some(string(r)?),
            "recorded" => recorded = Some(string(r)?),
            "reply" => reply = Some(string(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(ReportHandling { seen_by: seen_by?, recorded: recorded?, reply: reply? })
}

fn policy(r: &mut Reader) -> Option<Policy> {
    let (mut id, mut title, mut url) = (None, None, None);
    fields(r, &mut |r, key| {
        match key {
            "id" => id = Some(string(r)?),
            "title" => title = Some(string(r)?),
            "url" => url = Some(string(r)?),
            _ => r.skip()?,
        }
        Some(())
    })?;
    Some(Policy { id: id?, title: title?, url: url? })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lesson with every kind of block, inline and practice, and every optional field set.
    fn rich() -> Lesson {
        let t = |s: &str| vec![Inline::text(s)];
        let all_inlines = vec![
            Inline::text("a \"quoted\" é\n"),
            Inline::Strong { content: t("s") },
            Inline::Emph { content: vec![Inline::Code { text: "c".into() }] },
            Inline::Link { href: "https://example.org/".into(), content: t("l") },
            Inline::Image { src: "i.png".into(), alt: "alt".into() },
            Inline::Break,
        ];
        let para = |s: &str| Block::Paragraph { content: t(s) };
        let choice = |s: &str, correct: bool| Choice { text: t(s), correct, feedback: if correct { t("yes") } else { vec![] } };
        let mut lesson = crate::lms::fixtures::lesson(vec![crate::lms::fixtures::question("q1", QuestionKind::Multiple, &[0, 2], 3)]);
        lesson.quiz.ask = Some(1);
        lesson.quiz.questions[0].prompt = vec![para("prompt")];
        lesson.quiz.questions[0].explanation = t("why");
        lesson.updated = Some("2026-01-02".into());
        lesson.sources = vec![Source { title: "s".into(), url: Some("https://example.org/".into()) }, Source { title: "t".into(), url: None }];
        lesson.body = vec![
            Block::Heading { level: 2, anchor: "h".into(), content: all_inlines },
            para("p"),
            Block::List { ordered: true, items: vec![vec![para("one"), Block::List { ordered: false, items: vec![vec![para("in")]] }], vec![]] },
            Block::Callout { kind: CalloutKind::RedFlag, content: vec![para("c")] },
            Block::Callout { kind: CalloutKind::WhatToDo, content: vec![] },
            Block::Callout { kind: CalloutKind::RealCase, content: vec![] },
            Block::Callout { kind: CalloutKind::Report, content: vec![] },
            Block::Quote { content: vec![para("q")] },
            Block::Table { head: vec![t("a"), t("b")], rows: vec![vec![t("1"), vec![]]] },
            Block::Code { text: "x\ty".into() },
            Block::Rule,
        ];
        let scenario = |id: &str, activity: Activity| Scenario { id: id.into(), title: id.into(), intro: vec![para("intro")], activity };
        lesson.practice = vec![
            scenario(
                "conversation",
                Activity::Conversation {
                    steps: vec![
                        Step { id: "a".into(), title: "A".into(), content: vec![para("hi")], replies: vec![Reply { text: t("r"), safe: true, next: 1, feedback: t("f") }, Reply { text: t("u"), safe: false, next: 0, feedback: vec![] }], ending: None, milestone: Some(Milestone::Task) },
                        Step { id: "b".into(), title: "B".into(), content: vec![], replies: vec![], ending: Some(Ending::Good), milestone: Some(Milestone::Shared) },
                        Step { id: "c".into(), title: "C".into(), content: vec![], replies: vec![], ending: Some(Ending::Bad), milestone: Some(Milestone::Reported) },
                    ],
                },
            ),
            scenario("flags", Activity::RedFlags { items: vec![choice("x", true), choice("y", false)] }),
            scenario("report", Activity::Report { steps: vec![ReportStep { kind: QuestionKind::Single, title: "r".into(), choices: vec![choice("x", true)] }, ReportStep { kind: QuestionKind::TrueFalse, title: "t".into(), choices: vec![] }] }),
            scenario(
                "mockup",
                Activity::Mockup {
                    kind: MockupKind::Email,
                    parts: vec![
                        Part { field: "from".into(), detail: "d".into(), text: t("x"), flag: Some(true), feedback: t("f") },
                        Part { field: "body".into(), detail: String::new(), text: t("y"), flag: Some(false), feedback: vec![] },
                        Part { field: "to".into(), detail: String::new(), text: t("z"), flag: None, feedback: vec![] },
                    ],
                },
            ),
            scenario("profile", Activity::Mockup { kind: MockupKind::Profile, parts: vec![] }),
            scenario("thread", Activity::Mockup { kind: MockupKind::Thread, parts: vec![] }),
            scenario("invitation", Activity::Mockup { kind: MockupKind::Invitation, parts: vec![] }),
            scenario(
                "slow",
                Activity::SlowHook(SlowHook {
                    from: "Someone".into(),
                    rungs: vec![SlowRung {
                        after_days: 3,
                        title: "r".into(),
                        content: vec![para("m")],
                        choices: SlowChoice::ALL.iter().map(|&kind| SlowOption { kind, text: t("o"), feedback: t("f") }).collect(),
                    }],
                    debrief: vec![para("d")],
                }),
            ),
        ];
        lesson
    }

    #[test]
    fn it_reads_every_kind_of_content_as_the_derived_reader_does() {
        let lesson = rich();
        for json in [serde_json::to_string(&lesson).expect("serialise"), serde_json::to_string_pretty(&lesson).expect("serialise")] {
            assert_eq!(serde_json::from_str::<Lesson>(&json).expect("derived"), lesson);
            assert_eq!(read_lesson(&json), Some(lesson.clone()));
        }
    }

    /// Damaged lessons: refused by this reader, as by the derived one.
    #[test]
    fn a_damaged_lesson_is_refused_whole() {
        let json = serde_json::to_string(&rich()).expect("serialise");
        let damaged = [
            String::new(),
            "[]".to_string(),
            json[..json.len() - 1].to_string(),
            format!("{json} x"),
            json.replacen("\"title\":", "\"titel\":", 1),
            json.replacen("\"pass_mark\":", "\"pass_mark\":\"80\",\"x\":", 1),
            json.replacen("\"pass_mark\":", "\"pass_mark\":256,\"x\":", 1),
            json.replacen("\"minutes\":", "\"minutes\":-1,\"x\":", 1),
            json.replacen("\"minutes\":", "\"minutes\":1.5,\"x\":", 1),
            json.replacen("{\"Paragraph\":", "{\"Paragraf\":", 1),
            json.replacen("{\"Text\":", "{\"Txt\":", 1),
            json.replacen("\"kind\":\"", "\"kind\":\"Some", 1),
            json.replacen("\"body\":[", "\"body\":[\"Ruler\",", 1),
            json.replacen("\"body\":[", "\"body\":[{\"Rule\":null,\"Code\":{\"text\":\"\"}},", 1),
            json.replacen("\"correct\":", "\"correct\":1,\"x\":", 1),
        ];
        for text in damaged {
            assert_ne!(text, json);
            assert_eq!(read_lesson(&text), None, "{text}");
            assert!(serde_json::from_str::<Lesson>(&text).is_err(), "the derived reader refuses it too: {text}");
        }
    }

    #[test]
    fn unknown_fields_are_skipped_and_optional_ones_may_be_null() {
        let lesson = rich();
        let json = serde_json::to_string(&lesson).expect("serialise");
        let more = json.replacen("\"body\":", "\"later\":{\"a\":[1,2]},\"updated\":null,\"body\":", 1);
        assert_eq!(read_lesson(&more), Some(Lesson { updated: None, ..lesson }));
    }

    fn organisation() -> Organisation {
        let channel = |id: &str, kind: ChannelKind, uses: Vec<ChannelUse>| Channel {
            id: id.into(),
            label: format!("{id} label"),
            kind,
            value: "v".into(),
            hours: if uses.is_empty() { String::new() } else { "any time".into() },
            note: if uses.is_empty() { String::new() } else { "a \"note\"".into() },
            uses,
        };
        Organisation {
            name: "Example".into(),
            team: "the team".into(),
            channels: vec![
                channel("mail", ChannelKind::Email, vec![ChannelUse::Primary]),
                channel("phone", ChannelKind::Phone, vec![ChannelUse::OutOfHours, ChannelUse::Abroad]),
                channel("form", ChannelKind::WebForm, vec![]),
                channel("desk", ChannelKind::InPerson, vec![]),
            ],
            report: ReportHandling { seen_by: "s".into(), recorded: "r".into(), reply: "p".into() },
            policies: vec![Policy { id: "gifts".into(), title: "Gifts".into(), url: "https://example.org/".into() }],
            example: true,
            pseudonymous: true,
        }
    }

    #[test]
    fn it_reads_the_organisations_settings_as_the_derived_reader_does() {
        for org in [organisation(), Organisation { policies: vec![], example: false, pseudonymous: false, ..organisation() }] {
            let json = serde_json::to_string(&org).expect("serialise");
            assert_eq!(serde_json::from_str::<Organisation>(&json).expect("derived"), org);
            assert_eq!(read_organisation(&json), Some(org));
        }
        let json = serde_json::to_string(&organisation()).expect("serialise");
        let damaged = [
            "{}".to_string(),
            format!("{json}]"),
            json.replacen("\"team\":", "\"teams\":", 1),
            json.replacen("\"kind\":\"Email\"", "\"kind\":\"Letter\"", 1),
            json.replacen("\"Primary\"", "\"Always\"", 1),
            json.replacen("\"example\":true", "\"example\":\"yes\"", 1),
            json.replacen("\"reply\":", "\"x\":", 1),
        ];
        for text in damaged {
            assert_eq!(read_organisation(&text), None, "{text}");
            assert!(serde_json::from_str::<Organisation>(&text).is_err(), "the derived reader refuses it too: {text}");
        }
    }

    #[test]
    fn it_reads_a_catalogue_as_the_derived_reader_does() {
        use crate::lms::fixtures::entry;
        let full = Catalogue {
            id: "course".into(),
            title: "A course".into(),
            version: "2026.1".into(),
            due_after_days: 30,
            parts: vec![CoursePart { title: "Core".into(), lessons: vec![entry("a", true), entry("b", false)] }, CoursePart { title: "None".into(), lessons: vec![] }],
            paths: vec![AudiencePath { id: "r".into(), title: "Researchers".into(), lessons: vec!["b".into()] }],
        };
        let bare = Catalogue { id: String::new(), due_after_days: 365, paths: vec![], ..full.clone() };
        for catalogue in [full, bare] {
            let json = serde_json::to_string(&catalogue).expect("serialise");
            assert_eq!(serde_json::from_str::<Catalogue>(&json).expect("derived"), catalogue);
            assert_eq!(read_catalogue(&json), Some(catalogue.clone()));
            // The compiler adds the course's language, which the app does not read.
            let with_language = format!("{},\"language\":\"en\"}}", json.strip_suffix('}').expect("an object"));
            assert_eq!(read_catalogue(&with_language), Some(catalogue));
        }
        let older = r#"{"title":"T","version":"1","parts":[]}"#;
        assert_eq!(read_catalogue(older).map(|c| c.due_after_days), Some(DEFAULT_DUE_AFTER_DAYS), "older catalogues have no due_after_days");
        let json = serde_json::to_string(&Catalogue { id: String::new(), title: "T".into(), version: "1".into(), due_after_days: 9, parts: vec![CoursePart { title: "P".into(), lessons: vec![entry("a", true)] }], paths: vec![] }).expect("serialise");
        for text in [
            json.replacen("\"required\":true", "\"required\":\"yes\"", 1),
            json.replacen(",\"required\":true", "", 1),
            json.replacen("\"content_hash\":", "\"hash\":", 1),
            json.replacen("\"due_after_days\":9", "\"due_after_days\":-9", 1),
            json.replacen("\"parts\":[", "\"parts\":[1,", 1),
            format!("{json}{{}}"),
        ] {
            assert_ne!(text, json);
            assert_eq!(read_catalogue(&text), None, "{text}");
            assert!(serde_json::from_str::<Catalogue>(&text).is_err(), "the derived reader refuses it too: {text}");
        }
    }
}
