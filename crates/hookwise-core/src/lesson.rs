//! The lesson model: what the compiler produces from Markdown and what the app renders.
//!
//! Lesson text is plain data (a tree of blocks and inlines), never HTML: the app builds DOM
//! nodes from it, so nothing an author writes can run as markup or script.

use serde::{Deserialize, Serialize};

/// One compiled lesson, as shipped to the browser in `lessons/<id>.json`. Read by hand
/// (`InfoFields`), so that its `LessonInfo` fields stay at the top of the JSON object without
/// the buffering code `#[serde(flatten)]` brings into every bundle that reads it.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Lesson {
    /// What the catalogue also lists of this lesson (`course::CatalogueEntry` holds the same).
    #[serde(flatten)]
    pub info: LessonInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    pub sources: Vec<Source>,
    pub body: Vec<Block>,
    /// Interactive practice between the text and the quiz; scored on its own, not towards
    /// the pass mark.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practice: Vec<Scenario>,
    pub quiz: Quiz,
}

/// A lesson's identity and headline figures: held by the lesson itself and by its catalogue
/// entry, so the two cannot drift apart.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct LessonInfo {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub minutes: u32,
    /// Percentage of correct answers needed to pass, 0–100.
    pub pass_mark: u8,
    pub version: String,
    /// A hash of the lesson's source text; reports carry it so a manager knows which text was taken.
    pub content_hash: String,
}

/// `LessonInfo`'s fields, read one at a time from the JSON object of the struct that holds
/// them (`Lesson`, `course::CatalogueEntry`): the same JSON `#[serde(flatten)]` writes, read
/// without serde's buffering of the whole object (`./dev size` counts those bytes).
#[derive(Default)]
pub(crate) struct InfoFields {
    id: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    topic: Option<String>,
    minutes: Option<u32>,
    pass_mark: Option<u8>,
    version: Option<String>,
    content_hash: Option<String>,
}

/// Reads the next value into `slot`; a second value for the same key is an error, as with
/// derived readers.
pub(crate) fn read_field<'de, A: serde::de::MapAccess<'de>, T: Deserialize<'de>>(slot: &mut Option<T>, key: &'static str, map: &mut A) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required field, or serde's "missing field" error.
pub(crate) fn required<T, E: serde::de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

impl InfoFields {
    /// Reads the value of `key` when it is one of `LessonInfo`'s fields; `false` otherwise
    /// (the value is then still to be read by the caller).
    pub(crate) fn read<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "id" => read_field(&mut self.id, "id", map)?,
            "title" => read_field(&mut self.title, "title", map)?,
            "summary" => read_field(&mut self.summary, "summary", map)?,
            "topic" => read_field(&mut self.topic, "topic", map)?,
            "minutes" => read_field(&mut self.minutes, "minutes", map)?,
            "pass_mark" => read_field(&mut self.pass_mark, "pass_mark", map)?,
            "version" => read_field(&mut self.version, "version", map)?,
            "content_hash" => read_field(&mut self.content_hash, "content_hash", map)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    pub(crate) fn finish<E: serde::de::Error>(self) -> Result<LessonInfo, E> {
        Ok(LessonInfo {
            id: required(self.id, "id")?,
            title: required(self.title, "title")?,
            summary: required(self.summary, "summary")?,
            topic: required(self.topic, "topic")?,
            minutes: required(self.minutes, "minutes")?,
            pass_mark: required(self.pass_mark, "pass_mark")?,
            version: required(self.version, "version")?,
            content_hash: required(self.content_hash, "content_hash")?,
        })
    }
}

impl<'de> Deserialize<'de> for Lesson {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Lesson;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a lesson")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Lesson, A::Error> {
                let mut info = InfoFields::default();
                let (mut updated, mut sources, mut body, mut practice, mut quiz) = (None, None, None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "updated" => read_field(&mut updated, "updated", &mut map)?,
                        "sources" => read_field(&mut sources, "sources", &mut map)?,
                        "body" => read_field(&mut body, "body", &mut map)?,
                        "practice" => read_field(&mut practice, "practice", &mut map)?,
                        "quiz" => read_field(&mut quiz, "quiz", &mut map)?,
                        other => {
                            if !info.read(other, &mut map)? {
                                map.next_value::<serde::de::IgnoredAny>()?;
                            }
                        }
                    }
                }
                Ok(Lesson {
                    info: info.finish()?,
                    updated: updated.unwrap_or_default(),
                    sources: required(sources, "sources")?,
                    body: required(body, "body")?,
                    practice: practice.unwrap_or_default(),
                    quiz: required(quiz, "quiz")?,
                })
            }
        }
        d.deserialize_map(Fields)
    }
}

/// A practice scenario: a realistic situation the learner works through.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub intro: Vec<Block>,
    pub activity: Activity,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]

pub enum Activity {
    /// A branching conversation: the learner picks replies; `steps[0]` starts it.
    Conversation { steps: Vec<Step> },
    /// A message or profile whose parts the learner marks as red flags (`correct` = a flag).
    RedFlags { items: Vec<Choice> },
    /// Rehearsing a report: what to include, to whom, when.
    Report { steps: Vec<ReportStep> },
    /// A profile, message thread, email or invitation drawn to look like the real thing; the
    /// learner selects the parts that are red flags.
    Mockup { kind: MockupKind, parts: Vec<Part> },
    /// Messages that arrive over days (`crate::slow_hook`).
    SlowHook(SlowHook),
}

/// What a mock-up imitates.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MockupKind {
    Profile,
    Thread,
    Email,
    Invitation,
}

impl MockupKind {
    /// The kind as an author writes it: `### [profile] ...`.
    pub fn key(self) -> &'static str {
        match self {
            MockupKind::Profile => "profile",
            MockupKind::Thread => "thread",
            MockupKind::Email => "email",
            MockupKind::Invitation => "invitation",
        }
    }
}

/// One part of a mock-up: a field (`name`, `message`, `subject`...) with its text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Part {
    /// The field's key, lowercase, from the authoring grammar (`headline`, `reply-to`...).
    pub field: String,
    /// What follows the key before the colon, such as a message's time; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    pub text: Vec<Inline>,
    /// `Some(true)`: a red flag; `Some(false)`: an ordinary part; `None`: a fixed detail the
    /// learner cannot select (a platform name, the learner's own reply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Inline>,
}

/// What reaching a conversation step means, for recording when the learner reported.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Milestone {
    /// The learner has done a first task for the other person (`[task]`).
    Task,
    /// The learner has shared something they should not have (`[shared]`).
    Shared,
    /// The learner has reported the approach (`[reported]`).
    Reported,
}

/// One point in a conversation: what the other person says, and the learner's replies.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Step {
    pub id: String,
    pub title: String,
    pub content: Vec<Block>,
    pub replies: Vec<Reply>,
    /// Set on a step that ends the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<Ending>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<Milestone>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Good,
    Bad,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Reply {
    pub text: Vec<Inline>,
    /// The reply a careful person would give.
    pub safe: bool,
    /// Index of the step this reply leads to.
    pub next: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Inline>,
}

/// One part of a report rehearsal, answered like a question.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ReportStep {
    pub kind: QuestionKind,
    pub title: String,
    pub choices: Vec<Choice>,
}

/// A cited source: a title and, usually, a link.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Source {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A block of lesson text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]

pub enum Block {
    Heading { level: u8, anchor: String, content: Vec<Inline> },
    Paragraph { content: Vec<Inline> },
    List { ordered: bool, items: Vec<Vec<Block>> },
    Callout { kind: CalloutKind, content: Vec<Block> },
    Quote { content: Vec<Block> },
    Table { head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>> },
    Code { text: String },
    Rule,
}

/// The callouts a lesson can use, each styled and announced by kind.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalloutKind {
    RedFlag,
    WhatToDo,
    RealCase,
    /// `[!REPORT]`: the author's lead text, then the organisation's channels (added by the
    /// compiler from `ORGANISATION.md`).
    Report,
}

impl CalloutKind {
    /// The label shown above the callout and written in Markdown as `> [!LABEL]`.
    pub fn label(self) -> &'static str {
        match self {
            CalloutKind::RedFlag => "Red flag",
            CalloutKind::WhatToDo => "What to do",
            CalloutKind::RealCase => "Real case",
            CalloutKind::Report => "How to report",
        }
    }
}

/// Inline text. Links carry an already-validated `href` (http, https, mailto, or in-app).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]

pub enum Inline {
    Text { text: String },
    Strong { content: Vec<Inline> },
    Emph { content: Vec<Inline> },
    Code { text: String },
    Link { href: String, content: Vec<Inline> },
    Image { src: String, alt: String },
    Break,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text { text: s.into() }
    }
}

/// The plain text of some inlines, for titles, alt texts and screen-reader labels.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    fn walk(out: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Strong { content } | Inline::Emph { content } | Inline::Link { content, .. } => {
                    walk(out, content)
                }
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::Break => out.push(' '),
            }
        }
    }
    walk(&mut out, inlines);
    out
}

/// A lesson's quiz: its question bank and how many of them one attempt asks.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Quiz {
    pub questions: Vec<Question>,
    /// How many questions an attempt asks; `None` asks them all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask: Option<u32>,
}

impl Quiz {
    /// The number of questions one attempt asks.
    pub fn asked(&self) -> usize {
        match self.ask {
            Some(n) => (n as usize).min(self.questions.len()),
            None => self.questions.len(),
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionKind {
    /// Exactly one correct option.
    Single,
    /// One or more correct options; the learner must select exactly those.
    Multiple,
    /// Two options, "True" and "False", one correct.
    TrueFalse,
}

/// One question. Options are stored in authored order; attempts shuffle a view of them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Question {
    /// Stable within a lesson: derived from the heading, so stored answers survive reordering.
    pub id: String,
    pub kind: QuestionKind,
    pub title: String,
    pub prompt: Vec<Block>,
    pub choices: Vec<Choice>,
    pub explanation: Vec<Inline>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Choice {
    pub text: Vec<Inline>,
    pub correct: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Inline>,
}

impl Question {
    /// Indices of the correct choices, in authored order.
    pub fn correct_choices(&self) -> Vec<usize> {
        self.choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect()
    }
}

impl Lesson {
    /// The lesson's second-level headings, for the table of contents.
    pub fn toc(&self) -> Vec<(String, String)> {
        self.body
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level: 2, anchor, content } => Some((anchor.clone(), plain_text(content))),
                _ => None,
            })
            .collect()
    }
}

// The slow hook: a practice scenario whose messages arrive over days. Each rung is a message
// from the approacher after a delay in whole days, and the learner's choices: report it,
// decline, or go along (which brings the next rung). It ends when the learner reports,
// declines, or goes along past the last rung (hooked), with a debrief. Where a learner stands
// is `schedule::HookRun`, stored with the re-check schedule.
/// A slow-hook scenario, as compiled from `### [slow-hook] Title`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SlowHook {
    /// Who the messages are from, as the catalogue names them ("New message from …").
    pub from: String,
    pub rungs: Vec<SlowRung>,
    /// Shown when the scenario ends, whatever the ending.
    pub debrief: Vec<Block>,
}

/// One message and the learner's options.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SlowRung {
    /// Days after the learner's previous decision that this message arrives (0 for the first).
    pub after_days: u32,
    pub title: String,
    pub content: Vec<Block>,
    pub choices: Vec<SlowOption>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SlowOption {
    pub kind: SlowChoice,
    pub text: Vec<Inline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub feedback: Vec<Inline>,
}

/// What the learner does with a message.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlowChoice {
    Report,
    Decline,
    GoAlong,
}

impl SlowChoice {
    pub const ALL: [SlowChoice; 3] = [SlowChoice::Report, SlowChoice::Decline, SlowChoice::GoAlong];

    /// As written in a lesson (`- [report] …`) and in the stored record.
    pub fn id(self) -> &'static str {
        match self {
            SlowChoice::Report => "report",
            SlowChoice::Decline => "decline",
            SlowChoice::GoAlong => "go-along",
        }
    }

    pub fn from_id(id: &str) -> Option<SlowChoice> {
        SlowChoice::ALL.into_iter().find(|c| c.id() == id)
    }

    /// What the learner's decision is called in the record of the rungs.
    pub fn label(self) -> &'static str {
        match self {
            SlowChoice::Report => "You reported it",
            SlowChoice::Decline => "You declined",
            SlowChoice::GoAlong => "You went along",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lms::fixtures::{lesson, question};

    /// A lesson's JSON keeps its `LessonInfo` fields at the top (as the compiler has always
    /// written them), and the hand reader takes back what was written.
    #[test]
    fn a_lesson_reads_back_its_flat_json() {
        let mut l = lesson(vec![question("a", QuestionKind::Single, &[0], 2)]);
        let json = serde_json::to_value(&l).expect("serialises");
        let keys: Vec<&str> = json.as_object().expect("an object").keys().map(String::as_str).collect();
        let mut want = ["id", "title", "summary", "topic", "minutes", "pass_mark", "version", "content_hash", "sources", "body", "quiz"];
        want.sort();
        assert_eq!(keys, want, "no `updated`, no empty `practice`");
        assert_eq!(serde_json::from_value::<Lesson>(json.clone()).expect("reads"), l);
        l.updated = Some("2026-01-01".into());
        let again = serde_json::to_value(&l).expect("serialises");
        assert_eq!(again["updated"], "2026-01-01");
        assert_eq!(serde_json::from_value::<Lesson>(again).expect("reads"), l);
        for key in ["content_hash", "quiz"] {
            let mut missing = json.clone();
            missing.as_object_mut().expect("an object").remove(key);
            let err = serde_json::from_value::<Lesson>(missing).expect_err("a missing field");
            assert_eq!(err.to_string(), format!("missing field `{key}`"));
        }
        assert!(serde_json::from_str::<Lesson>("[]").is_err(), "a lesson is an object");
    }
}
