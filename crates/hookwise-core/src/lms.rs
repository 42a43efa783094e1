//! What hookwise tells a learning platform, computed from a lesson and the learner's progress:
//! SCORM 1.2 and SCORM 2004 data-model values, the compact `suspend_data` that resumes a quiz,
//! and xAPI 1.0.3 statements. Pure: the app's `lms` module only carries these values to the
//! LMS's JavaScript API or to the learning record store.
//!
//! One lesson is one SCO, so every value here is about one lesson.

use serde::Deserialize;

use crate::grading::{is_correct, Answers};
use crate::lesson::{plain_text, Lesson, Question, QuestionKind};
use crate::progress::{Attempt, PracticeResult, Progress, QuizInProgress};

/// The SCORM edition the package was built for (the launch URL's `scorm=` parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scorm {
    V12,
    V2004,
}

/// The SCORM run-time API's methods: a closed set, so that a typo cannot end an LMS session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiMethod {
    Initialize,
    GetValue,
    SetValue,
    Commit,
    Finish,
}

impl Scorm {
    /// The name of `method` in this version's API object.
    pub fn method_name(self, method: ApiMethod) -> &'static str {
        match (self, method) {
            (Scorm::V12, ApiMethod::Initialize) => "LMSInitialize",
            (Scorm::V12, ApiMethod::GetValue) => "LMSGetValue",
            (Scorm::V12, ApiMethod::SetValue) => "LMSSetValue",
            (Scorm::V12, ApiMethod::Commit) => "LMSCommit",
            (Scorm::V12, ApiMethod::Finish) => "LMSFinish",
            (Scorm::V2004, ApiMethod::Initialize) => "Initialize",
            (Scorm::V2004, ApiMethod::GetValue) => "GetValue",
            (Scorm::V2004, ApiMethod::SetValue) => "SetValue",
            (Scorm::V2004, ApiMethod::Commit) => "Commit",
            (Scorm::V2004, ApiMethod::Finish) => "Terminate",
        }
    }

    pub fn from_param(value: &str) -> Option<Scorm> {
        match value {
            "1.2" | "12" => Some(Scorm::V12),
            "2004" => Some(Scorm::V2004),
            _ => None,
        }
    }

    /// The name of the API object the LMS provides.
    pub fn api_name(self) -> &'static str {
        match self {
            Scorm::V12 => "API",
            Scorm::V2004 => "API_1484_11",
        }
    }

    /// The longest `suspend_data` the standard guarantees an LMS keeps.
    pub fn suspend_limit(self) -> usize {
        match self {
            Scorm::V12 => 4096,
            Scorm::V2004 => 64000,
        }
    }

    /// Data-model names used when the SCO starts.
    pub fn key(self, key: Key) -> &'static str {
        use Key::*;
        match (self, key) {
            (Scorm::V12, Entry) => "cmi.core.entry",
            (Scorm::V2004, Entry) => "cmi.entry",
            (Scorm::V12, Status) => "cmi.core.lesson_status",
            (Scorm::V2004, Status) => "cmi.success_status",
            (Scorm::V12, ScoreRaw) => "cmi.core.score.raw",
            (Scorm::V2004, ScoreRaw) => "cmi.score.raw",
            (_, SuspendData) => "cmi.suspend_data",
            (_, InteractionCount) => "cmi.interactions._count",
            (Scorm::V12, LearnerName) => "cmi.core.student_name",
            (Scorm::V2004, LearnerName) => "cmi.learner_name",
            (Scorm::V12, Mode) => "cmi.core.lesson_mode",
            (Scorm::V2004, Mode) => "cmi.mode",
        }
    }
}

/// Whether the LMS's launch mode (`lesson_mode` or `cmi.mode`) lets the SCO record results:
/// not in "browse" or "review". Some LMSs do not implement the element at all (an empty
/// value, or an error): that is the normal mode.
pub fn records_in_mode(mode: &str) -> bool {
    !matches!(mode.trim(), "browse" | "review")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Entry,
    Status,
    ScoreRaw,
    SuspendData,
    InteractionCount,
    LearnerName,
    Mode,
}

/// What the LMS already held for this SCO when it was launched: a pass recorded in an earlier
/// session must never be taken back by this one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prior {
    pub passed: bool,
    pub raw: Option<u8>,
}

impl Prior {
    /// Reads the launch values (`lesson_status` or `success_status`, and `score.raw`).
    pub fn read(status: &str, raw: &str) -> Prior {
        // A whole number or a decimal ("85", "85.5"); the fraction is dropped. (No float
        // parsing: its tables cost the bundle several kilobytes.)
        let raw = raw.trim();
        let whole = raw.split_once('.').map_or(raw, |(w, f)| if f.bytes().all(|b| b.is_ascii_digit()) { w } else { "x" });
        let raw = whole.parse::<u32>().ok().filter(|r| *r <= 100).map(|r| r as u8);
        Prior { passed: status == "passed", raw }
    }
}

/// The lesson's outcome as the LMS should see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub attempted: bool,
    pub passed: bool,
    pub best: Option<u8>,
}

/// Combines this browser's attempts at the lesson with what the LMS held before: passed if
/// either passed, and the best score of both.
pub fn outcome<'a>(attempts: impl Iterator<Item = &'a Attempt>, prior: &Prior) -> Outcome {
    let mut out = Outcome { attempted: prior.raw.is_some() || prior.passed, passed: prior.passed, best: prior.raw };
    for a in attempts {
        out.attempted = true;
        out.passed |= a.passed;
        out.best = Some(out.best.map_or(a.score, |b| b.max(a.score)));
    }
    out
}

/// The status and score values for the lesson, in the order they should be set: the score
/// before the status, since some LMSs take the score that is there when the status changes
/// to passed or failed, and report none otherwise.
pub fn status_values(scorm: Scorm, outcome: &Outcome) -> Vec<(&'static str, String)> {
    let mut values = Vec::new();
    match scorm {
        Scorm::V12 => {
            let status = match (outcome.passed, outcome.attempted) {
                (true, _) => "passed",
                (false, true) => "failed",
                (false, false) => "incomplete",
            };
            if let Some(best) = outcome.best {
                values.push(("cmi.core.score.min", "0".into()));
                values.push(("cmi.core.score.max", "100".into()));
                values.push(("cmi.core.score.raw", best.to_string()));
            }
            values.push(("cmi.core.lesson_status", status.to_string()));
        }
        Scorm::V2004 => {
            let completion = if outcome.attempted { "completed" } else { "incomplete" };
            let success = match (outcome.passed, outcome.attempted) {
                (true, _) => "passed",
                (false, true) => "failed",
                (false, false) => "unknown",
            };
            if let Some(best) = outcome.best {
                values.push(("cmi.score.min", "0".into()));
                values.push(("cmi.score.max", "100".into()));
                values.push(("cmi.score.raw", best.to_string()));
                values.push(("cmi.score.scaled", scaled(best)));
            }
            values.push(("cmi.completion_status", completion.to_string()));
            values.push(("cmi.success_status", success.to_string()));
        }
    }
    values
}

pub(crate) fn scaled(percent: u8) -> String {
    match percent {
        100 => "1".into(),
        p if p % 10 == 0 => format!("0.{}", p / 10),
        p => format!("0.{p:02}"),
    }
}

/// The values to set when the learner leaves: session time and exit mode. A learner who has
/// not passed leaves "suspended", so the next launch resumes with `suspend_data`.
pub fn exit_values(scorm: Scorm, session_ms: u64, passed: bool) -> Vec<(&'static str, String)> {
    match scorm {
        Scorm::V12 => vec![
            ("cmi.core.session_time", session_time_12(session_ms)),
            ("cmi.core.exit", if passed { "" } else { "suspend" }.into()),
        ],
        Scorm::V2004 => vec![
            ("cmi.session_time", session_time_2004(session_ms)),
            ("cmi.exit", if passed { "normal" } else { "suspend" }.into()),
        ],
    }
}

/// SCORM 1.2 CMITimespan: `HHHH:MM:SS.SS`.
pub fn session_time_12(ms: u64) -> String {
    let hundredths = ms / 10;
    let (h, rest) = (hundredths / 360_000, hundredths % 360_000);
    let (m, rest) = (rest / 6000, rest % 6000);
    let (s, cs) = (rest / 100, rest % 100);
    format!("{:04}:{m:02}:{s:02}.{cs:02}", h.min(9999))
}

/// SCORM 2004 timeinterval (ISO 8601 duration): `PT1H2M3.45S`.
pub fn session_time_2004(ms: u64) -> String {
    let hundredths = ms / 10;
    let (h, rest) = (hundredths / 360_000, hundredths % 360_000);
    let (m, rest) = (rest / 6000, rest % 6000);
    let (s, cs) = (rest / 100, rest % 100);
    let mut out = String::from("PT");
    if h > 0 {
        out += &format!("{h}H");
    }
    if m > 0 {
        out += &format!("{m}M");
    }
    out += &format!("{s}.{cs:02}S");
    out
}

/// The letter that names an authored choice in interactions (`a` is the first authored).
fn choice_letter(index: usize) -> char {
    (b'a' + (index % 26) as u8) as char
}

/// A learner response or correct-response pattern in SCORM's format.
fn response(scorm: Scorm, question: &Question, chosen: &[usize]) -> String {
    if question.kind == QuestionKind::TrueFalse {
        // The first authored choice of a true/false question is "True".
        let is_true = chosen.first() == Some(&0);
        return match scorm {
            Scorm::V12 => if is_true { "t" } else { "f" }.into(),
            Scorm::V2004 => if is_true { "true" } else { "false" }.into(),
        };
    }
    let sep = if scorm == Scorm::V12 { "," } else { "[,]" };
    let mut sorted = chosen.to_vec();
    sorted.sort_unstable();
    sorted.iter().map(|i| choice_letter(*i).to_string()).collect::<Vec<_>>().join(sep)
}

/// The interaction id of a question: stable across attempts and package builds.
pub fn interaction_id(lesson_id: &str, question_id: &str) -> String {
    format!("{lesson_id}.{question_id}")
}

/// The values recording one answered question as interaction number `n`.
pub fn interaction_values(scorm: Scorm, n: usize, lesson_id: &str, question: &Question, chosen: &[usize]) -> Vec<(String, String)> {
    let p = format!("cmi.interactions.{n}.");
    let kind = if question.kind == QuestionKind::TrueFalse { "true-false" } else { "choice" };
    let right = is_correct(question, chosen);
    let mut v = vec![
        (format!("{p}id"), interaction_id(lesson_id, &question.id)),
        (format!("{p}type"), kind.into()),
    ];
    match scorm {
        Scorm::V12 => {
            v.push((format!("{p}correct_responses.0.pattern"), response(scorm, question, &question.correct_choices())));
            v.push((format!("{p}student_response"), response(scorm, question, chosen)));
            v.push((format!("{p}result"), if right { "correct" } else { "wrong" }.into()));
            v.push((format!("{p}weighting"), "1".into()));
        }
        Scorm::V2004 => {
            let mut title: String = question.title.chars().take(250).collect();
            if title.is_empty() {
                title = question.id.clone();
            }
            v.push((format!("{p}description"), title));
            v.push((format!("{p}correct_responses.0.pattern"), response(scorm, question, &question.correct_choices())));
            v.push((format!("{p}learner_response"), response(scorm, question, chosen)));
            v.push((format!("{p}result"), if right { "correct" } else { "incorrect" }.into()));
            v.push((format!("{p}weighting"), "1".into()));
        }
    }
    v
}

// --- suspend_data -----------------------------------------------------------------------------

/// Encodes a quiz in progress for `suspend_data`: `h1~hash~seed~started~current~answers`, where
/// answers are `question index=choice.choice` with `+` when checked, joined by `,`. Questions are
/// named by index (the content hash pins the lesson text), which keeps a 25-question quiz
/// well under SCORM 1.2's 4,096 characters. Returns `None` when the encoding would exceed
/// `limit`: the LMS is then told nothing rather than something truncated.
pub fn encode_suspend(lesson: &Lesson, quiz: &QuizInProgress, limit: usize) -> Option<String> {
    let mut out = format!("h1~{}~{:x}~{:x}~{}~", quiz.content_hash, quiz.seed, quiz.started_at, quiz.current);
    let mut first = true;
    for (qi, question) in lesson.quiz.questions.iter().enumerate() {
        let Some(chosen) = quiz.answers.get(&question.id) else { continue };
        if !first {
            out.push(',');
        }
        first = false;
        out += &qi.to_string();
        out.push('=');
        out += &chosen.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(".");
        if quiz.checked.contains(&question.id) {
            out.push('+');
        }
    }
    (out.len() <= limit).then_some(out)
}

/// Decodes `suspend_data` for `lesson`. Anything unreadable, for another text of the lesson,
/// or naming questions or choices that do not exist, gives `None`: the learner starts afresh.
pub fn decode_suspend(lesson: &Lesson, data: &str, now: u64) -> Option<QuizInProgress> {
    let mut parts = data.split('~');
    if parts.next()? != "h1" {
        return None;
    }
    let hash = parts.next()?;
    if hash != lesson.content_hash {
        return None;
    }
    let seed = u64::from_str_radix(parts.next()?, 16).ok()?;
    let started_at = u64::from_str_radix(parts.next()?, 16).ok()?;
    let current: usize = parts.next()?.parse().ok()?;
    let answers_part = parts.next()?;
    if parts.next().is_some() || current > lesson.quiz.questions.len() {
        return None;
    }
    let mut answers = Answers::new();
    let mut checked = Vec::new();
    for entry in answers_part.split(',').filter(|e| !e.is_empty()) {
        let (entry, is_checked) = match entry.strip_suffix('+') {
            Some(e) => (e, true),
            None => (entry, false),
        };
        let (qi, choices) = entry.split_once('=')?;
        let question = lesson.quiz.questions.get(qi.parse::<usize>().ok()?)?;
        let mut chosen = Vec::new();
        for c in choices.split('.').filter(|c| !c.is_empty()) {
            let c: usize = c.parse().ok()?;
            if c >= question.choices.len() {
                return None;
            }
            chosen.push(c);
        }
        answers.insert(question.id.clone(), chosen);
        if is_checked {
            checked.push(question.id.clone());
        }
    }
    Some(QuizInProgress { content_hash: hash.to_string(), seed, started_at, updated_at: now, answers, checked, current })
}

// --- what changed -----------------------------------------------------------------------------

/// Something the learner did in a lesson's quiz that a platform should hear about.
#[derive(Clone, Debug, PartialEq)]
pub enum QuizEvent {
    /// A question's answer was checked; `question` indexes `lesson.quiz.questions`.
    Answered { question: usize, chosen: Vec<usize> },
    Finished(Attempt),
}

/// What the learner did in `lesson` between two versions of their progress.
pub fn quiz_events(lesson: &Lesson, before: &Progress, after: &Progress) -> Vec<QuizEvent> {
    let mut events = Vec::new();
    if let Some(now) = after.in_progress.get(&lesson.id) {
        let earlier = before.in_progress.get(&lesson.id).filter(|q| q.seed == now.seed);
        for id in &now.checked {
            if earlier.is_some_and(|q| q.checked.contains(id)) {
                continue;
            }
            if let (Some(qi), Some(chosen)) = (lesson.quiz.questions.iter().position(|q| &q.id == id), now.answers.get(id)) {
                events.push(QuizEvent::Answered { question: qi, chosen: chosen.clone() });
            }
        }
    }
    for attempt in after.attempts_for(&lesson.id) {
        let known = before.attempts_for(&lesson.id).any(|a| a.seed == attempt.seed && a.finished_at == attempt.finished_at);
        if !known {
            events.push(QuizEvent::Finished(attempt.clone()));
        }
    }
    events
}

// --- xAPI ---------------------------------------------------------------------------------------
//
// Statements are written as JSON text directly (no `serde_json::Value`): the browser only ever
// sends them, and a generic JSON tree costs the learner's bundle about 30 KB.

/// Who and where statements are about.
#[derive(Clone, Debug, PartialEq)]
pub struct XapiContext {
    /// An xAPI Agent, as JSON (from the launch, or built from the learner's profile).
    pub actor: String,
    /// Activity ids are `{activity_base}lessons/{id}`; ends with `/`.
    pub activity_base: String,
    pub registration: Option<String>,
}

pub const VERB_INITIALIZED: &str = "initialized";
pub const VERB_ANSWERED: &str = "answered";
pub const VERB_PASSED: &str = "passed";
pub const VERB_FAILED: &str = "failed";
pub const VERB_COMPLETED: &str = "completed";
pub const VERB_TERMINATED: &str = "terminated";

/// Appends `s` as a JSON string.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Also escapes `<` so that a statement is safe wherever it is stored or shown.
            c if (c as u32) < 0x20 || c == '<' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON object written field by field.
pub(crate) struct Obj(String);

impl Obj {
    pub(crate) fn new() -> Obj {
        Obj(String::from("{"))
    }
    fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        json_str(&mut self.0, key);
        self.0.push(':');
        &mut self.0
    }
    pub(crate) fn str(mut self, key: &str, value: &str) -> Obj {
        json_str(self.key(key), value);
        self
    }
    /// A value that is already JSON.
    pub(crate) fn raw(mut self, key: &str, json: &str) -> Obj {
        self.key(key).push_str(json);
        self
    }
    pub(crate) fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

fn en_us(text: &str) -> String {
    Obj::new().str("en-US", text).end()
}

/// An Agent as the launch gives it (`actor=`), checked before it is used.
#[derive(Deserialize)]
struct Agent {
    name: Option<String>,
    mbox: Option<String>,
    mbox_sha1sum: Option<String>,
    openid: Option<String>,
    account: Option<Account>,
    #[serde(rename = "objectType")]
    object_type: Option<String>,
}

#[derive(Deserialize)]
struct Account {
    #[serde(rename = "homePage")]
    home_page: String,
    name: String,
}

/// Reads a launch-supplied actor: an Agent with exactly one identifier. Returns it as clean
/// JSON (only the fields xAPI defines for an Agent), or `None`.
pub fn parse_actor(text: &str) -> Option<String> {
    let agent: Agent = serde_json::from_str(text).ok()?;
    if agent.object_type.as_deref().is_some_and(|t| t != "Agent") {
        return None;
    }
    let ids = [agent.mbox.is_some(), agent.mbox_sha1sum.is_some(), agent.openid.is_some(), agent.account.is_some()];
    if ids.iter().filter(|x| **x).count() != 1 {
        return None;
    }
    let mut o = Obj::new().str("objectType", "Agent");
    if let Some(name) = &agent.name {
        o = o.str("name", name);
    }
    if let Some(mbox) = &agent.mbox {
        if !mbox.starts_with("mailto:") {
            return None;
        }
        o = o.str("mbox", mbox);
    }
    if let Some(sum) = &agent.mbox_sha1sum {
        o = o.str("mbox_sha1sum", sum);
    }
    if let Some(openid) = &agent.openid {
        o = o.str("openid", openid);
    }
    if let Some(a) = &agent.account {
        o = o.raw("account", &Obj::new().str("homePage", &a.home_page).str("name", &a.name).end());
    }
    Some(o.end())
}

/// An agent for a learner known only by email (and name).
pub fn agent_from_email(name: &str, email: &str) -> Option<String> {
    let email = email.trim();
    if !email.contains('@') || email.contains(char::is_whitespace) {
        return None;
    }
    let mut o = Obj::new().str("objectType", "Agent");
    if !name.trim().is_empty() {
        o = o.str("name", name.trim());
    }
    Some(o.str("mbox", &format!("mailto:{email}")).end())
}

/// An anonymous agent: a random id kept in this browser, on the site's own home page.
pub fn agent_from_account(home_page: &str, id: &str) -> String {
    Obj::new().str("objectType", "Agent").raw("account", &Obj::new().str("homePage", home_page).str("name", id).end()).end()
}

/// A random (version 4) UUID from 128 random bits.
pub fn uuid_v4(hi: u64, lo: u64) -> String {
    let hi = (hi & !0xF000) | 0x4000; // version 4
    let lo = (lo & !(0xC000_0000_0000_0000)) | 0x8000_0000_0000_0000; // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// The id of a statement this module wrote (its first field), for the send queue.
pub fn statement_id(statement: &str) -> Option<&str> {
    let rest = statement.strip_prefix("{\"id\":\"")?;
    let id = rest.get(..36)?;
    (rest[36..].starts_with('"') && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')).then_some(id)
}

fn verb(name: &str) -> String {
    Obj::new().str("id", &format!("http://adlnet.gov/expapi/verbs/{name}")).raw("display", &en_us(name)).end()
}

pub fn lesson_activity_id(ctx: &XapiContext, lesson_id: &str) -> String {
    format!("{}lessons/{lesson_id}", ctx.activity_base)
}

fn activity_ref(id: &str) -> String {
    Obj::new().str("objectType", "Activity").str("id", id).end()
}

fn lesson_activity(ctx: &XapiContext, lesson: &Lesson) -> String {
    let definition = Obj::new().raw("name", &en_us(&lesson.title)).str("type", "http://adlnet.gov/expapi/activities/lesson").end();
    Obj::new().str("objectType", "Activity").str("id", &lesson_activity_id(ctx, &lesson.id)).raw("definition", &definition).end()
}

/// A statement: `id` first (see `statement_id`), then actor, verb, object, time, context, result.
fn statement(ctx: &XapiContext, id: &str, timestamp: &str, verb_name: &str, object: &str, parent: Option<&str>, result: Option<String>) -> String {
    let mut activities = Obj::new().raw("grouping", &format!("[{}]", activity_ref(&format!("{}course", ctx.activity_base))));
    if let Some(parent) = parent {
        activities = activities.raw("parent", &format!("[{}]", activity_ref(parent)));
    }
    let mut context = Obj::new().raw("contextActivities", &activities.end());
    if let Some(reg) = &ctx.registration {
        context = context.str("registration", reg);
    }
    statement_text(id, &ctx.actor, timestamp, verb_name, object, &context.end(), result)
}

/// A statement from its parts, all but `id`, `timestamp` and the verb's name already JSON (the
/// writer shared by the xAPI statements here and the cmi5 ones in `cmi5`).
pub fn statement_text(id: &str, actor: &str, timestamp: &str, verb_name: &str, object: &str, context: &str, result: Option<String>) -> String {
    let mut s = Obj::new()
        .str("id", id)
        .raw("actor", actor)
        .raw("verb", &verb(verb_name))
        .raw("object", object)
        .str("timestamp", timestamp)
        .raw("context", context);
    if let Some(result) = result {
        s = s.raw("result", &result);
    }
    s.end()
}

/// `initialized` (the lesson was opened) or `completed` or `terminated` (with the time spent).
pub fn lesson_statement(ctx: &XapiContext, id: &str, timestamp: &str, verb_name: &str, lesson: &Lesson, duration_ms: Option<u64>) -> String {
    let result = match duration_ms {
        Some(ms) => Some(Obj::new().str("duration", &session_time_2004(ms)).end()),
        None if verb_name == VERB_COMPLETED => Some(Obj::new().raw("completion", "true").end()),
        None => None,
    };
    statement(ctx, id, timestamp, verb_name, &lesson_activity(ctx, lesson), None, result)
}

/// `answered`: one checked question, with the response and whether it was right.
pub fn answered_statement(ctx: &XapiContext, id: &str, timestamp: &str, lesson: &Lesson, question: &Question, chosen: &[usize]) -> String {
    let lesson_id = lesson_activity_id(ctx, &lesson.id);
    let object = question_activity(&format!("{lesson_id}/questions/{}", question.id), question);
    statement(ctx, id, timestamp, VERB_ANSWERED, &object, Some(&lesson_id), Some(answer_result(question, chosen)))
}

/// A question as an xAPI interaction activity with the id `object_id`.
pub fn question_activity(object_id: &str, question: &Question) -> String {
    let kind = if question.kind == QuestionKind::TrueFalse { "true-false" } else { "choice" };
    let mut pattern = String::from("[");
    json_str(&mut pattern, &response(Scorm::V2004, question, &question.correct_choices()));
    pattern.push(']');
    let mut definition = Obj::new()
        .raw("name", &en_us(&question.title))
        .str("type", "http://adlnet.gov/expapi/activities/cmi.interaction")
        .str("interactionType", kind)
        .raw("correctResponsesPattern", &pattern);
    if kind == "choice" {
        let choices: Vec<String> = question
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| Obj::new().str("id", &choice_letter(i).to_string()).raw("description", &en_us(&plain_text(&c.text))).end())
            .collect();
        definition = definition.raw("choices", &format!("[{}]", choices.join(",")));
    }
    Obj::new().str("objectType", "Activity").str("id", object_id).raw("definition", &definition.end()).end()
}

/// An answer's result: whether it was right, and the response.
pub fn answer_result(question: &Question, chosen: &[usize]) -> String {
    Obj::new()
        .raw("success", if is_correct(question, chosen) { "true" } else { "false" })
        .str("response", &response(Scorm::V2004, question, chosen))
        .end()
}

/// `passed` or `failed`: a finished attempt with its score.
pub fn result_statement(ctx: &XapiContext, id: &str, timestamp: &str, lesson: &Lesson, attempt: &Attempt) -> String {
    let verb_name = if attempt.passed { VERB_PASSED } else { VERB_FAILED };
    let score = format!("{{\"scaled\":{},\"raw\":{},\"min\":0,\"max\":100}}", scaled(attempt.score), attempt.score);
    let result = Obj::new()
        .raw("score", &score)
        .raw("success", if attempt.passed { "true" } else { "false" })
        .raw("completion", "true")
        .str("duration", &session_time_2004(attempt.finished_at.saturating_sub(attempt.started_at)))
        .end();
    statement(ctx, id, timestamp, verb_name, &lesson_activity(ctx, lesson), None, Some(result))
}

// --- practice (issue 17) ------------------------------------------------------------------------

/// Practice scenarios of `lesson` finished between two versions of the learner's progress.
pub fn practice_events<'a>(lesson: &Lesson, before: &Progress, after: &'a Progress) -> Vec<&'a PracticeResult> {
    after.practice_results.iter().filter(|r| r.lesson_id == lesson.id && !before.practice_results.contains(r)).collect()
}

/// `answered`: a finished practice scenario, with its score; a conversation's `response` says
/// when the learner reported (`before-task`, `after-task`, `after-sharing` or `never`).
pub fn practice_statement(ctx: &XapiContext, id: &str, timestamp: &str, lesson: &Lesson, result: &PracticeResult) -> String {
    let lesson_id = lesson_activity_id(ctx, &lesson.id);
    let title = lesson.practice.iter().find(|s| s.id == result.scenario_id).map_or(result.title.as_str(), |s| s.title.as_str());
    let definition = Obj::new().raw("name", &en_us(title)).str("type", "http://adlnet.gov/expapi/activities/simulation").end();
    let object = Obj::new()
        .str("objectType", "Activity")
        .str("id", &format!("{lesson_id}/practice/{}", result.scenario_id))
        .raw("definition", &definition)
        .end();
    let score = format!("{{\"scaled\":{},\"raw\":{},\"min\":0,\"max\":100}}", scaled(result.percent), result.percent);
    let mut out = Obj::new().raw("score", &score).raw("success", if result.percent == 100 { "true" } else { "false" }).raw("completion", "true");
    if let Some(timing) = result.reported {
        out = out.str("response", timing.key());
    }
    statement(ctx, id, timestamp, VERB_ANSWERED, &object, Some(&lesson_id), Some(out.end()))
}

#[cfg(test)]
mod practice_tests {
    use super::*;
    use crate::scenario::ReportTiming;

    #[test]
    fn a_finished_scenario_is_answered_once_with_its_score_and_report_timing() {
        let lesson: Lesson = serde_json::from_str(
            r#"{"id":"little-hook","title":"The little hook","summary":"","topic":"","minutes":5,"pass_mark":80,"version":"1","sources":[],"content_hash":"h","body":[],"quiz":{"questions":[]}}"#,
        )
        .expect("a lesson");
        let before = Progress::default();
        let mut after = before.clone();
        after.finish_practice(PracticeResult {
            lesson_id: "little-hook".into(),
            scenario_id: "the-market-reports".into(),
            title: "The market reports".into(),
            finished_at: 5,
            points: 1,
            out_of: 2,
            percent: 50,
            reported: Some(ReportTiming::AfterTask),
        });
        let events = practice_events(&lesson, &before, &after);
        assert_eq!(events.len(), 1);
        assert!(practice_events(&lesson, &after, &after).is_empty(), "sent once");
        let ctx = XapiContext { actor: r#"{"mbox":"mailto:a@example.com"}"#.into(), activity_base: "https://course.example/".into(), registration: None };
        let text = practice_statement(&ctx, "id", "2026-01-01T00:00:00Z", &lesson, events[0]);
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["verb"]["id"], "http://adlnet.gov/expapi/verbs/answered");
        assert_eq!(v["object"]["id"], "https://course.example/lessons/little-hook/practice/the-market-reports");
        assert_eq!(v["result"]["score"]["raw"], 50);
        assert_eq!(v["result"]["response"], "after-task");
        assert_eq!(v["context"]["contextActivities"]["parent"][0]["id"], "https://course.example/lessons/little-hook");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Choice, Inline, Quiz};

    fn question(id: &str, kind: QuestionKind, correct: &[usize], n: usize) -> Question {
        Question {
            id: id.into(),
            kind,
            title: format!("Question {id}"),
            prompt: vec![],
            choices: (0..n)
                .map(|i| Choice { text: vec![Inline::text(format!("choice {i}"))], correct: correct.contains(&i), feedback: vec![] })
                .collect(),
            explanation: vec![],
        }
    }

    fn lesson(questions: Vec<Question>) -> Lesson {
        Lesson {
            id: "little-hook".into(),
            title: "The little hook".into(),
            pass_mark: 80,
            content_hash: "0123456789abcdef".into(),
            quiz: Quiz { questions, ask: None },
            summary: String::new(),
            topic: String::new(),
            minutes: 5,
            version: "1".into(),
            updated: None,
            sources: vec![],
            body: vec![],
            practice: vec![],
        }
    }

    fn attempt(score: u8, passed: bool) -> Attempt {
        Attempt {
            lesson_id: "little-hook".into(),
            lesson_version: "1".into(),
            content_hash: "0123456789abcdef".into(),
            seed: score as u64,
            started_at: 1_000,
            finished_at: 91_000,
            answers: Answers::new(),
            score,
            passed,
        }
    }

    #[test]
    fn scorm_12_status_follows_attempts_and_never_takes_back_a_pass() {
        let none = outcome([].iter(), &Prior::default());
        assert_eq!(status_values(Scorm::V12, &none), vec![("cmi.core.lesson_status", "incomplete".to_string())]);
        let failed = [attempt(60, false)];
        let o = outcome(failed.iter(), &Prior::default());
        // The score first, then the status.
        assert_eq!(status_values(Scorm::V12, &o)[3], ("cmi.core.lesson_status", "failed".to_string()));
        assert_eq!(status_values(Scorm::V12, &o)[2], ("cmi.core.score.raw", "60".to_string()));
        // Passed in an earlier session with 90; failing now keeps "passed" and the best score.
        assert_eq!(Prior::read("failed", "85.5").raw, Some(85));
        assert_eq!(Prior::read("failed", "").raw, None);
        assert_eq!(Prior::read("failed", "101").raw, None);
        assert_eq!(Prior::read("failed", "-1").raw, None);
        assert_eq!(Prior::read("failed", "8.5e1").raw, None);
        let o = outcome(failed.iter(), &Prior::read("passed", "90"));
        let v = status_values(Scorm::V12, &o);
        assert_eq!(v[3].1, "passed");
        assert_eq!(v[2].1, "90");
    }

    #[test]
    fn the_score_is_set_before_the_status_and_an_absent_mode_is_normal() {
        for scorm in [Scorm::V12, Scorm::V2004] {
            let v = status_values(scorm, &outcome([attempt(85, true)].iter(), &Prior::default()));
            let at = |suffix: &str| v.iter().position(|(k, _)| k.ends_with(suffix)).unwrap();
            assert!(at("score.raw") < at("_status"), "{v:?}");
        }
        assert!(records_in_mode("normal"));
        assert!(records_in_mode(""));
        assert!(!records_in_mode("browse"));
        assert!(!records_in_mode("review"));
    }

    #[test]
    fn scorm_2004_reports_completion_success_and_scaled_score() {
        let passed = [attempt(60, false), attempt(85, true)];
        let v = status_values(Scorm::V2004, &outcome(passed.iter(), &Prior::default()));
        let get = |k: &str| v.iter().find(|(key, _)| *key == k).map(|(_, v)| v.as_str());
        assert_eq!(get("cmi.completion_status"), Some("completed"));
        assert_eq!(get("cmi.success_status"), Some("passed"));
        assert_eq!(get("cmi.score.raw"), Some("85"));
        assert_eq!(get("cmi.score.scaled"), Some("0.85"));
        assert_eq!(scaled(100), "1");
        assert_eq!(scaled(70), "0.7");
        assert_eq!(scaled(5), "0.05");
        let v = status_values(Scorm::V2004, &outcome([].iter(), &Prior::default()));
        assert_eq!(v, vec![("cmi.completion_status", "incomplete".into()), ("cmi.success_status", "unknown".into())]);
    }

    #[test]
    fn session_times_use_each_standards_format() {
        assert_eq!(session_time_12(0), "0000:00:00.00");
        assert_eq!(session_time_12(3_723_450), "0001:02:03.45");
        assert_eq!(session_time_2004(3_723_450), "PT1H2M3.45S");
        assert_eq!(session_time_2004(59_000), "PT59.00S");
        assert_eq!(exit_values(Scorm::V12, 0, false)[1], ("cmi.core.exit", "suspend".to_string()));
        assert_eq!(exit_values(Scorm::V2004, 0, true)[1], ("cmi.exit", "normal".to_string()));
    }

    #[test]
    fn interactions_name_authored_choices_in_each_standards_format() {
        let multi = question("what-to-include", QuestionKind::Multiple, &[0, 2], 4);
        let v = interaction_values(Scorm::V12, 3, "reporting", &multi, &[2, 0]);
        assert!(v.contains(&("cmi.interactions.3.id".into(), "reporting.what-to-include".into())));
        assert!(v.contains(&("cmi.interactions.3.student_response".into(), "a,c".into())));
        assert!(v.contains(&("cmi.interactions.3.correct_responses.0.pattern".into(), "a,c".into())));
        assert!(v.contains(&("cmi.interactions.3.result".into(), "correct".into())));
        let v = interaction_values(Scorm::V2004, 0, "reporting", &multi, &[1]);
        assert!(v.contains(&("cmi.interactions.0.learner_response".into(), "b".into())));
        assert!(v.contains(&("cmi.interactions.0.correct_responses.0.pattern".into(), "a[,]c".into())));
        assert!(v.contains(&("cmi.interactions.0.result".into(), "incorrect".into())));
        // The id and type come first: LMSs refuse other fields of an interaction without them.
        assert!(v[0].0.ends_with(".id") && v[1].0.ends_with(".type"));
        let tf = question("reporting-counts-against-you", QuestionKind::TrueFalse, &[1], 2);
        let v = interaction_values(Scorm::V12, 0, "reporting", &tf, &[1]);
        assert!(v.contains(&("cmi.interactions.0.student_response".into(), "f".into())));
        let v = interaction_values(Scorm::V2004, 0, "reporting", &tf, &[0]);
        assert!(v.contains(&("cmi.interactions.0.learner_response".into(), "true".into())));
        assert!(v.contains(&("cmi.interactions.0.result".into(), "incorrect".into())));
    }

    fn quiz_in_progress(l: &Lesson, answered: usize) -> QuizInProgress {
        let mut q = QuizInProgress::start(l.content_hash.clone(), u64::MAX - 7, 1_763_800_000_000, );
        for question in l.quiz.questions.iter().take(answered) {
            q.answers.insert(question.id.clone(), question.correct_choices());
            q.checked.push(question.id.clone());
        }
        q.current = answered;
        q
    }

    #[test]
    fn suspend_data_round_trips() {
        let l = lesson(vec![
            question("one", QuestionKind::Single, &[1], 4),
            question("two", QuestionKind::Multiple, &[0, 3], 5),
            question("three", QuestionKind::TrueFalse, &[0], 2),
        ]);
        let mut q = quiz_in_progress(&l, 2);
        // An answer selected and saved but not yet checked.
        q.answers.insert("three".into(), vec![1]);
        let data = encode_suspend(&l, &q, Scorm::V12.suspend_limit()).unwrap();
        assert!(data.starts_with("h1~0123456789abcdef~"), "{data}");
        let back = decode_suspend(&l, &data, q.updated_at).unwrap();
        assert_eq!(back, q);
    }

    #[test]
    fn suspend_data_of_a_large_quiz_fits_scorm_12s_limit_and_overflow_is_refused() {
        // 60 questions of 6 choices, all answered with every choice: far beyond any real lesson.
        let questions: Vec<Question> =
            (0..60).map(|i| question(&format!("a-long-question-identifier-number-{i}"), QuestionKind::Multiple, &[0, 1, 2, 3, 4, 5], 6)).collect();
        let l = lesson(questions);
        let q = quiz_in_progress(&l, 60);
        let data = encode_suspend(&l, &q, Scorm::V12.suspend_limit()).unwrap();
        assert!(data.len() <= 4096, "{} characters", data.len());
        assert_eq!(decode_suspend(&l, &data, q.updated_at).unwrap(), q);
        // A limit it cannot meet gives nothing rather than truncated data.
        assert_eq!(encode_suspend(&l, &q, 100), None);
        let huge: Vec<Question> = (0..600).map(|i| question(&format!("q{i}"), QuestionKind::Multiple, &[0, 1, 2, 3, 4, 5], 6)).collect();
        let l = lesson(huge);
        let q = quiz_in_progress(&l, 600);
        assert!(encode_suspend(&l, &q, 64000).is_some());
        assert_eq!(encode_suspend(&l, &q, 4096), None);
    }

    #[test]
    fn garbled_or_foreign_suspend_data_starts_afresh() {
        let l = lesson(vec![question("one", QuestionKind::Single, &[1], 4)]);
        for bad in [
            "",
            "h1",
            "h2~0123456789abcdef~1~1~0~",
            "h1~ffffffffffffffff~1~1~0~0=1+",
            "h1~0123456789abcdef~zz~1~0~",
            "h1~0123456789abcdef~1~1~0~5=1+",
            "h1~0123456789abcdef~1~1~0~0=9+",
            "h1~0123456789abcdef~1~1~0~0=1+~extra",
            "h1~0123456789abcdef~1~1~99~",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(decode_suspend(&l, bad, 0), None, "{bad:?}");
        }
    }

    #[test]
    fn events_are_new_checks_and_new_attempts_only() {
        let l = lesson(vec![question("one", QuestionKind::Single, &[1], 4), question("two", QuestionKind::Single, &[0], 3)]);
        let mut before = Progress::default();
        before.in_progress.insert(l.id.clone(), quiz_in_progress(&l, 1));
        let mut after = before.clone();
        after.in_progress.get_mut(&l.id).unwrap().answers.insert("two".into(), vec![2]);
        // Selected but not checked: nothing yet.
        assert_eq!(quiz_events(&l, &before, &after), vec![]);
        after.in_progress.get_mut(&l.id).unwrap().checked.push("two".into());
        assert_eq!(quiz_events(&l, &before, &after), vec![QuizEvent::Answered { question: 1, chosen: vec![2] }]);
        let mut finished = after.clone();
        finished.finish(attempt(50, false));
        assert_eq!(quiz_events(&l, &after, &finished), vec![QuizEvent::Finished(attempt(50, false))]);
        assert_eq!(quiz_events(&l, &finished, &finished), vec![]);
    }

    fn parse(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
    }

    #[test]
    fn statements_carry_actor_ids_scores_and_stable_ids() {
        let ctx = XapiContext {
            actor: agent_from_email("Ada \"Lovelace\"", "ada@example.com").unwrap(),
            activity_base: "https://training.example.com/".into(),
            registration: Some("7c6a5c0e-1f2b-4d3a-9e8f-0a1b2c3d4e5f".into()),
        };
        let mut l = lesson(vec![question("one", QuestionKind::Multiple, &[0, 2], 3)]);
        l.title = "Quotes \" and <tags> and\nnewlines".into();
        let id = uuid_v4(1, 2);
        let text = result_statement(&ctx, &id, "2026-11-22T10:00:00.000Z", &l, &attempt(85, true));
        assert_eq!(statement_id(&text), Some(id.as_str()));
        assert!(!text.contains('\n') && !text.contains('<'), "{text}");
        let s = parse(&text);
        assert_eq!(s["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
        assert_eq!(s["actor"]["mbox"], "mailto:ada@example.com");
        assert_eq!(s["actor"]["name"], "Ada \"Lovelace\"");
        assert_eq!(s["object"]["id"], "https://training.example.com/lessons/little-hook");
        assert_eq!(s["object"]["definition"]["name"]["en-US"], "Quotes \" and <tags> and\nnewlines");
        assert_eq!(s["result"]["score"]["scaled"], 0.85);
        assert_eq!(s["result"]["score"]["raw"], 85);
        assert_eq!(s["result"]["success"], true);
        assert_eq!(s["result"]["duration"], "PT1M30.00S");
        assert_eq!(s["context"]["registration"], "7c6a5c0e-1f2b-4d3a-9e8f-0a1b2c3d4e5f");
        assert_eq!(s["context"]["contextActivities"]["grouping"][0]["id"], "https://training.example.com/course");
        let s = parse(&answered_statement(&ctx, &id, "t", &l, &l.quiz.questions[0], &[0]));
        assert_eq!(s["object"]["id"], "https://training.example.com/lessons/little-hook/questions/one");
        assert_eq!(s["result"]["success"], false);
        assert_eq!(s["result"]["response"], "a");
        assert_eq!(s["object"]["definition"]["correctResponsesPattern"][0], "a[,]c");
        assert_eq!(s["object"]["definition"]["choices"][2]["id"], "c");
        assert_eq!(s["context"]["contextActivities"]["parent"][0]["id"], "https://training.example.com/lessons/little-hook");
        let s = parse(&lesson_statement(&ctx, &id, "t", VERB_TERMINATED, &l, Some(61_000)));
        assert_eq!(s["result"]["duration"], "PT1M1.00S");
        let s = parse(&lesson_statement(&ctx, &id, "t", VERB_COMPLETED, &l, None));
        assert_eq!(s["result"]["completion"], true);
        assert!(parse(&lesson_statement(&ctx, &id, "t", VERB_INITIALIZED, &l, None)).get("result").is_none());
    }

    #[test]
    fn actors_and_uuids_are_well_formed() {
        assert!(agent_from_email("", "not an email").is_none());
        assert_eq!(parse(&agent_from_email("", "a@b.example").unwrap())["mbox"], "mailto:a@b.example");
        assert_eq!(parse(&agent_from_account("https://x.example/", "abc"))["account"]["name"], "abc");
        let a = parse_actor(r#"{"mbox":"mailto:a@b.example","name":"A","extra":"<dropped>"}"#).unwrap();
        assert_eq!(parse(&a)["name"], "A");
        assert!(!a.contains("extra"));
        assert!(parse_actor(r#"{"account":{"homePage":"https://lms.example","name":"42"}}"#).is_some());
        for bad in [r#"{"name":"no identifier"}"#, r#"{"mbox":"mailto:a@b.c","openid":"x"}"#, r#""mailto:a@b.c""#, r#"{"mbox":"a@b.c"}"#, r#"{"objectType":"Group","mbox":"mailto:a@b.c"}"#, "not json"] {
            assert_eq!(parse_actor(bad), None, "{bad}");
        }
        let u = uuid_v4(u64::MAX, u64::MAX);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4(0, 0), "00000000-0000-4000-8000-000000000000");
        assert_eq!(statement_id("{\"id\":\"ffffffff-ffff-4fff-bfff-ffffffffffff\",\"actor\":{}}"), Some("ffffffff-ffff-4fff-bfff-ffffffffffff"));
        assert_eq!(statement_id("{\"actor\":{}}"), None);
        assert_eq!(statement_id("{\"id\":\"short\"}"), None);
    }
}

#[cfg(test)]
mod api_method_tests {
    use super::*;

    #[test]
    fn only_finish_ends_a_session() {
        let all = [ApiMethod::Initialize, ApiMethod::GetValue, ApiMethod::SetValue, ApiMethod::Commit, ApiMethod::Finish];
        for v in [Scorm::V12, Scorm::V2004] {
            let names: Vec<&str> = all.iter().map(|m| v.method_name(*m)).collect();
            let ending: Vec<&&str> = names.iter().filter(|n| ["LMSFinish", "Terminate"].contains(n)).collect();
            assert_eq!(ending, [&v.method_name(ApiMethod::Finish)], "{v:?}: {names:?}");
        }
    }
}
