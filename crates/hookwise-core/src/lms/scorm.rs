//! SCORM 1.2 and SCORM 2004 4th Edition: the API's methods and data-model names, the values
//! that record a lesson's outcome and its answered questions, and [`Conversation`], the whole
//! run-time conversation of one SCO (what to write when it opens, when the learner acts, and
//! when it exits).

use crate::grading::is_correct;
use crate::lesson::{Lesson, Question, QuestionKind};
use crate::progress::{Attempt, Progress};
use crate::quiz::QuizEvent;

/// The SCORM edition: the one type for both the packages the compiler writes and the API the
/// app talks to (the launch URL's `scorm=` parameter joins them: [`Scorm::launch_value`] writes
/// it, [`Scorm::from_param`] reads it).
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

    /// Both editions, in the order packages are written.
    pub const ALL: [Scorm; 2] = [Scorm::V12, Scorm::V2004];

    /// The edition's name as people say it.
    pub fn name(self) -> &'static str {
        match self {
            Scorm::V12 => "SCORM 1.2",
            Scorm::V2004 => "SCORM 2004 4th Edition",
        }
    }

    /// The `scorm` launch parameter a package writes; [`Scorm::from_param`] reads it back.
    pub fn launch_value(self) -> &'static str {
        match self {
            Scorm::V12 => "1.2",
            Scorm::V2004 => "2004",
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
pub(crate) fn choice_letter(index: usize) -> char {
    (b'a' + (index % 26) as u8) as char
}

/// A learner response or correct-response pattern in SCORM's format.
pub(crate) fn response(scorm: Scorm, question: &Question, chosen: &[usize]) -> String {
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
    crate::compact::sort_by(&mut sorted, |a, b| a.cmp(b));
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


// --- the conversation -------------------------------------------------------------------------

/// One SCO's run-time conversation with the LMS, from a successful `Initialize` to `Finish`:
/// what the LMS held at launch, and every write the SCO must make, in order. The app only
/// carries the returned `(key, value)` pairs to the API object's `SetValue` (and commits when
/// there were any), so every rule of the conversation lives here.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    pub version: Scorm,
    /// What the LMS held for this SCO when it was launched.
    pub prior: Prior,
    /// `suspend_data` as the LMS gave it at launch, until the lesson takes it.
    suspend: String,
    interactions: usize,
    /// What was last written, so that only changes are sent.
    written: Vec<(String, String)>,
    started: u64,
    finished: bool,
    /// Launched in browse or review mode: nothing about the result is written.
    review: bool,
}

impl Conversation {
    /// Opens the conversation after `Initialize` succeeded, reading what the LMS holds with
    /// `get` (the API's `GetValue`; an element the LMS lacks reads as empty).
    pub fn open(version: Scorm, get: impl Fn(&'static str) -> String, now: u64) -> Conversation {
        let read = |key: Key| get(version.key(key));
        Conversation {
            version,
            prior: Prior::read(&read(Key::Status), &read(Key::ScoreRaw)),
            suspend: read(Key::SuspendData),
            interactions: read(Key::InteractionCount).trim().parse().unwrap_or(0),
            written: Vec::new(),
            started: now,
            finished: false,
            review: !records_in_mode(&read(Key::Mode)),
        }
    }

    /// The `suspend_data` the LMS held at launch; given once.
    pub fn take_suspend(&mut self) -> String {
        std::mem::take(&mut self.suspend)
    }

    /// Whether the launch mode lets results be recorded (not browse or review).
    pub fn records(&self) -> bool {
        !self.review
    }

    /// The writes after the learner's `events` in `lesson` (none when the lesson opens): each
    /// first answer as an interaction, then the score, status and resume state. Only values
    /// that differ from what was last written; nothing in browse or review mode or after exit.
    pub fn heard(&mut self, lesson: &Lesson, events: &[QuizEvent], progress: &Progress) -> Vec<(String, String)> {
        if self.review || self.finished {
            return Vec::new();
        }
        let mut writes = Vec::new();
        for event in events {
            if let QuizEvent::Answered { question, chosen } = event {
                let Some(q) = lesson.quiz.questions.get(*question) else { continue };
                writes.extend(interaction_values(self.version, self.interactions, &lesson.info.id, q, chosen));
                self.interactions += 1;
            }
        }
        let outcome = outcome(progress.attempts_for(&lesson.info.id), &self.prior);
        writes.extend(status_values(self.version, &outcome).into_iter().map(|(k, v)| (k.to_string(), v)));
        let suspend = progress
            .in_progress
            .get(&lesson.info.id)
            .and_then(|q| crate::lms::encode_suspend(lesson, q, self.version.suspend_limit()))
            .unwrap_or_default();
        writes.push((self.version.key(Key::SuspendData).to_string(), suspend));
        self.only_changes(writes)
    }

    /// The writes that end the session (session time and exit mode), before `Commit` and
    /// `Finish`; empty if it has ended already. `passed_here` is whether this browser holds a
    /// pass of the lesson.
    pub fn exit(&mut self, passed_here: bool, now: u64) -> Vec<(String, String)> {
        if self.finished {
            return Vec::new();
        }
        let passed = self.prior.passed || passed_here;
        let writes = exit_values(self.version, now.saturating_sub(self.started), passed).into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        let writes = self.only_changes(writes);
        self.finished = true;
        writes
    }

    /// Whether the session has ended (nothing more may be written).
    pub fn finished(&self) -> bool {
        self.finished
    }

    fn only_changes(&mut self, writes: Vec<(String, String)>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (key, value) in writes {
            if self.written.iter().any(|(k, v)| *k == key && *v == value) {
                continue;
            }
            self.written.retain(|(k, _)| *k != key);
            self.written.push((key.clone(), value.clone()));
            out.push((key, value));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lms::fixtures::{attempt, lesson, question};

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


    fn launched(version: Scorm, values: &[(&'static str, &str)]) -> Conversation {
        let values: Vec<(&'static str, String)> = values.iter().map(|(k, v)| (*k, v.to_string())).collect();
        Conversation::open(version, |key| values.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default(), 1_000)
    }

    #[test]
    fn the_conversation_writes_answers_then_score_then_status_and_only_changes() {
        let l = lesson(vec![question("one", QuestionKind::Single, &[1], 4)]);
        let mut c = launched(Scorm::V12, &[("cmi.interactions._count", "2")]);
        let mut p = Progress::default();
        let opened: Vec<String> = c.heard(&l, &[], &p).into_iter().map(|(k, _)| k).collect();
        assert_eq!(opened, ["cmi.core.lesson_status", "cmi.suspend_data"]);
        assert!(c.heard(&l, &[], &p).is_empty(), "nothing changed, nothing written");
        p.finish(attempt(100, true));
        let events = [QuizEvent::Answered { question: 0, chosen: vec![1] }];
        let keys: Vec<String> = c.heard(&l, &events, &p).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys[0], "cmi.interactions.2.id", "numbered after the LMS's own count");
        let score = keys.iter().position(|k| k == "cmi.core.score.raw").unwrap();
        let status = keys.iter().position(|k| k == "cmi.core.lesson_status").unwrap();
        assert!(score < status, "{keys:?}");
        let exit = c.exit(true, 61_000);
        assert_eq!(exit, [("cmi.core.session_time".to_string(), "0000:01:00.00".to_string()), ("cmi.core.exit".into(), String::new())]);
        assert!(c.exit(true, 62_000).is_empty(), "a session ends once");
        assert!(c.heard(&l, &events, &p).is_empty(), "nothing after the end");
    }

    #[test]
    fn a_review_launch_writes_nothing_about_results_and_a_prior_pass_holds() {
        let l = lesson(vec![question("one", QuestionKind::Single, &[1], 4)]);
        let mut c = launched(Scorm::V2004, &[("cmi.mode", "review")]);
        assert!(!c.records());
        assert!(c.heard(&l, &[QuizEvent::Answered { question: 0, chosen: vec![0] }], &Progress::default()).is_empty());
        let mut c = launched(Scorm::V2004, &[("cmi.success_status", "passed"), ("cmi.suspend_data", "h1~x")]);
        assert_eq!(c.take_suspend(), "h1~x");
        assert_eq!(c.take_suspend(), "");
        assert!(c.exit(false, 2_000).contains(&("cmi.exit".to_string(), "normal".to_string())), "passed earlier: not suspended");
    }

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
