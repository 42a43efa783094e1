//! Completion reports: what a learner hands to their manager, and how a manager's browser
//! reads them back.
//!
//! A report is versioned JSON with a checksum over its canonical content. The checksum
//! detects edited or corrupted files; it cannot prove a report is genuine, because there is no
//! server and anyone can compute it (see SECURITY.md). Verified tracking is the LMS/xAPI path.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::course::Catalogue;
use crate::format::{self, FormatError};
use crate::hash::fnv1a64_hex;
use crate::lax_json::Reader;
use crate::lesson::Lesson;
use crate::wire::{self, JsonOut, Shape};
use crate::misses::{decode_answers, decode_practice, encode_answers, encode_practice, lesson_answers, LearnerMisses};
use crate::progress::{LessonStatus, Progress};

pub const REPORT_FORMAT: &str = "hookwise-completion-report";
/// Many reports in one file: what the dashboard exports, to move or hand on a team's data.
pub const BUNDLE_FORMAT: &str = "hookwise-report-bundle";
/// A bundle of 10,000 learners who answered every quiz and practised everything is about 66 MB
/// (the bench's generated bundle); the limit leaves room for a large company's team.
pub const MAX_BUNDLE_BYTES: usize = 256 * 1024 * 1024;
/// Version 2 adds, per lesson, the first attempt's answers and the attempts needed to pass, and
/// per practice scenario its result ("What people miss"). Version 1 reports still read.
pub const REPORT_VERSION: u32 = 2;
/// Larger files are refused before they are read: a real report is a few kilobytes.
pub const MAX_REPORT_BYTES: usize = 1024 * 1024;

/// A learner's completion report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub name: String,
    pub email: String,
    pub team: String,
    pub course_title: String,
    pub course_version: String,
    pub generated_at: u64,
    pub lessons: Vec<LessonResult>,
    /// First-attempt answers, attempts to pass and practice results (empty from a v1 report).
    pub misses: LearnerMisses,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LessonResult {
    pub id: String,
    pub title: String,
    pub required: bool,
    pub status: LessonStatus,
    pub best_score: Option<u8>,
    pub pass_mark: u8,
    pub attempts: u32,
    pub passed_at: Option<u64>,
    pub version: String,
    pub content_hash: String,
}

impl Report {
    /// Who the report is about: the email if given, else the name (case-insensitive).
    pub fn learner_key(&self) -> String {
        let key = if self.email.trim().is_empty() { &self.name } else { &self.email };
        key.trim().to_lowercase()
    }
}

/// Builds the report of `progress` over the course. `lessons` are the lessons loaded to read
/// the first attempts' answers (a lesson not among them reports no answers).
pub fn build_report(progress: &Progress, catalogue: &Catalogue, loaded: &[Lesson], now: u64) -> Report {
    let profile = progress.profile.clone().unwrap_or_default();
    let lessons = catalogue
        .lessons()
        .map(|entry| {
            let lp = progress.lesson(&entry.info.id, now, catalogue.due_after_days);
            LessonResult {
                id: entry.info.id.clone(),
                title: entry.info.title.clone(),
                // What this learner's path requires, so the dashboard counts the same lessons.
                required: catalogue.is_required(entry, progress.path()),
                status: lp.status,
                best_score: lp.best_score,
                pass_mark: entry.info.pass_mark,
                attempts: lp.attempts as u32,
                passed_at: lp.passed_at,
                version: entry.info.version.clone(),
                content_hash: entry.info.content_hash.clone(),
            }
        })
        .collect();
    Report {
        name: profile.name,
        email: profile.email,
        team: profile.team,
        course_title: catalogue.title.clone(),
        course_version: catalogue.version.clone(),
        generated_at: now,
        lessons,
        misses: LearnerMisses { lessons: lessons_answers(progress, catalogue, loaded), practice: practice_results(progress, catalogue) },
    }
}

/// The latest result of each practised scenario, for lessons of this course: for a
/// conversation, whether the learner reported before doing any task; for a red-flag exercise or
/// a mock-up, each red flag (by index, as `questions.txt` names it) and whether it was found.
fn practice_results(progress: &Progress, catalogue: &Catalogue) -> Vec<crate::misses::PracticeResult> {
    catalogue
        .lessons()
        .flat_map(|entry| progress.practice_for(&entry.info.id).into_values())
        .filter(|r| r.reported.is_some() || !r.flags.is_empty())
        .map(|r| crate::misses::PracticeResult {
            lesson: r.lesson_id.clone(),
            scenario: r.scenario_id.clone(),
            flags: r.flags.iter().map(|(i, found)| (i.to_string(), *found)).collect(),
            reported_before_task: r.reported.map(|t| t == crate::scenario::ReportTiming::BeforeTask),
        })
        .collect()
}

fn lessons_answers(progress: &Progress, catalogue: &Catalogue, lessons: &[Lesson]) -> Vec<crate::misses::LessonAnswers> {
    catalogue
        .lessons()
        .filter_map(|entry| lessons.iter().find(|l| l.info.id == entry.info.id))
        .filter_map(|lesson| lesson_answers(progress, lesson))
        .collect()
}

// The wire format, version 1. Field order is the canonical order the checksum covers.

#[derive(Serialize, Deserialize)]
struct ReportV1 {
    format: String,
    v: u32,
    learner: LearnerV1,
    course: CourseV1,
    generated_at: u64,
    lessons: Vec<LessonV1>,
    /// v2: practice results, one scenario per line (`misses::encode_practice`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    practice: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    checksum: String,
}


#[derive(Serialize, Deserialize)]
struct LearnerV1 {
    name: String,
    email: String,
    team: String,
}

#[derive(Serialize, Deserialize)]
struct CourseV1 {
    title: String,
    version: String,
}

#[derive(Serialize, Deserialize)]
struct LessonV1 {
    id: String,
    title: String,
    required: bool,
    status: String,
    best_score: Option<u8>,
    pass_mark: u8,
    attempts: u32,
    passed_at: Option<u64>,
    version: String,
    content_hash: String,
    /// v2: attempts up to and including the first pass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attempts_to_pass: Option<u32>,
    /// v2: the first attempt's answers (`misses::encode_answers`); absent when the lesson has
    /// none to report. Empty fields are left out, so a v1 report's checksum still holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_attempt: Option<String>,
}

fn status_name(s: LessonStatus) -> &'static str {
    match s {
        LessonStatus::NotStarted => "not_started",
        LessonStatus::InProgress => "in_progress",
        LessonStatus::Passed => "passed",
        LessonStatus::Failed => "failed",
        LessonStatus::DueAgain => "due_again",
    }
}

fn parse_status(s: &str) -> Option<LessonStatus> {
    Some(match s {
        "not_started" => LessonStatus::NotStarted,
        "in_progress" => LessonStatus::InProgress,
        "passed" => LessonStatus::Passed,
        "failed" => LessonStatus::Failed,
        "due_again" => LessonStatus::DueAgain,
        _ => return None,
    })
}

const CHECKSUM_PREFIX: &str = "fnv1a64:";

/// The wire form written by hand, byte for byte what `serde_json::to_string` writes for it (the
/// field order and the fields left out when empty are the derives' above; the tests compare).
fn write_wire(w: &ReportV1, out: &mut JsonOut) {
    out.open('{').key("format").str(&w.format).key("v").uint(w.v as u64);
    out.key("learner").open('{').key("name").str(&w.learner.name).key("email").str(&w.learner.email).key("team").str(&w.learner.team).close('}');
    out.key("course").open('{').key("title").str(&w.course.title).key("version").str(&w.course.version).close('}');
    out.key("generated_at").uint(w.generated_at).key("lessons").open('[');
    for l in &w.lessons {
        out.open('{').key("id").str(&l.id).key("title").str(&l.title).key("required").boolean(l.required).key("status").str(&l.status);
        out.key("best_score").opt_uint(l.best_score.map(u64::from)).key("pass_mark").uint(l.pass_mark as u64);
        out.key("attempts").uint(l.attempts as u64).key("passed_at").opt_uint(l.passed_at);
        out.key("version").str(&l.version).key("content_hash").str(&l.content_hash);
        if let Some(n) = l.attempts_to_pass {
            out.key("attempts_to_pass").uint(n as u64);
        }
        if let Some(answers) = &l.first_attempt {
            out.key("first_attempt").str(answers);
        }
        out.close('}');
    }
    out.close(']');
    if !w.practice.is_empty() {
        out.key("practice").str(&w.practice);
    }
    if !w.checksum.is_empty() {
        out.key("checksum").str(&w.checksum);
    }
    out.close('}');
}

fn compact(wire: &ReportV1) -> String {
    let mut out = JsonOut::default();
    write_wire(wire, &mut out);
    out.finish()
}

fn checksum(wire: &ReportV1) -> String {
    format!("{CHECKSUM_PREFIX}{}", fnv1a64_hex(compact(wire).as_bytes()))
}

/// Reads one report's wire form, as strictly as serde's derive did (see `wire`).
fn read_wire(r: &mut Reader, bad: &Shape) -> Option<ReportV1> {
    let mut w = ReportV1 {
        format: String::new(),
        v: 0,
        learner: LearnerV1 { name: String::new(), email: String::new(), team: String::new() },
        course: CourseV1 { title: String::new(), version: String::new() },
        generated_at: 0,
        lessons: Vec::new(),
        practice: String::new(),
        checksum: String::new(),
    };
    const FIELDS: [&str; 8] = ["format", "v", "learner", "course", "generated_at", "lessons", "practice", "checksum"];
    wire::object(r, bad, &FIELDS, 6, |r, i| {
        match i {
            0 => w.format = wire::string(r, bad)?,
            1 => w.v = wire::uint(r, bad, u32::MAX as u64)? as u32,
            2 => {
                let l = &mut w.learner;
                wire::object(r, bad, &["name", "email", "team"], 3, |r, i| {
                    *[&mut l.name, &mut l.email, &mut l.team][i] = wire::string(r, bad)?;
                    Some(())
                })?
            }
            3 => {
                let c = &mut w.course;
                wire::object(r, bad, &["title", "version"], 2, |r, i| {
                    *[&mut c.title, &mut c.version][i] = wire::string(r, bad)?;
                    Some(())
                })?
            }
            4 => w.generated_at = wire::uint(r, bad, u64::MAX)?,
            5 => wire::array(r, bad, |r| {
                w.lessons.push(read_lesson(r, bad)?);
                Some(())
            })?,
            6 => w.practice = wire::string(r, bad)?,
            _ => w.checksum = wire::string(r, bad)?,
        }
        Some(())
    })?;
    Some(w)
}

fn read_lesson(r: &mut Reader, bad: &Shape) -> Option<LessonV1> {
    let mut l = LessonV1 {
        id: String::new(),
        title: String::new(),
        required: false,
        status: String::new(),
        best_score: None,
        pass_mark: 0,
        attempts: 0,
        passed_at: None,
        version: String::new(),
        content_hash: String::new(),
        attempts_to_pass: None,
        first_attempt: None,
    };
    // The first eight must be there; an `Option` field may be missing, as with serde.
    const FIELDS: [&str; 12] =
        ["id", "title", "required", "status", "pass_mark", "attempts", "version", "content_hash", "best_score", "passed_at", "attempts_to_pass", "first_attempt"];
    wire::object(r, bad, &FIELDS, 8, |r, i| {
        match i {
            0 => l.id = wire::string(r, bad)?,
            1 => l.title = wire::string(r, bad)?,
            2 => l.required = wire::boolean(r, bad)?,
            3 => l.status = wire::string(r, bad)?,
            4 => l.pass_mark = wire::uint(r, bad, u8::MAX as u64)? as u8,
            5 => l.attempts = wire::uint(r, bad, u32::MAX as u64)? as u32,
            6 => l.version = wire::string(r, bad)?,
            7 => l.content_hash = wire::string(r, bad)?,
            8 => l.best_score = wire::opt_uint(r, bad, u8::MAX as u64)?.map(|n| n as u8),
            9 => l.passed_at = wire::opt_uint(r, bad, u64::MAX)?,
            10 => l.attempts_to_pass = wire::opt_uint(r, bad, u32::MAX as u64)?.map(|n| n as u32),
            _ => l.first_attempt = wire::opt_string(r, bad)?,
        }
        Some(())
    })?;
    Some(l)
}

fn to_wire(report: &Report) -> ReportV1 {
    let mut wire = ReportV1 {
        format: REPORT_FORMAT.into(),
        v: REPORT_VERSION,
        learner: LearnerV1 { name: report.name.clone(), email: report.email.clone(), team: report.team.clone() },
        course: CourseV1 { title: report.course_title.clone(), version: report.course_version.clone() },
        generated_at: report.generated_at,
        lessons: report
            .lessons
            .iter()
            .map(|l| (l, report.misses.lessons.iter().find(|a| a.lesson == l.id)))
            .map(|(l, answers)| LessonV1 {
                id: l.id.clone(),
                title: l.title.clone(),
                required: l.required,
                status: status_name(l.status).into(),
                best_score: l.best_score,
                pass_mark: l.pass_mark,
                attempts: l.attempts,
                passed_at: l.passed_at,
                version: l.version.clone(),
                content_hash: l.content_hash.clone(),
                attempts_to_pass: answers.and_then(|a| a.attempts_to_pass),
                first_attempt: answers.map(|a| encode_answers(&a.first_attempt)),
            })
            .collect(),
        practice: encode_practice(&report.misses.practice),
        checksum: String::new(),
    };
    wire.checksum = checksum(&wire);
    wire
}

/// The report as a file, pretty-printed so it reads well in an email.
pub fn encode_report(report: &Report) -> String {
    wire::pretty(&compact(&to_wire(report)))
}

#[derive(Serialize, Deserialize)]
struct BundleV1 {
    format: String,
    v: u32,
    reports: Vec<ReportV1>,
}

/// Many reports as one file, each with its own checksum.
pub fn encode_bundle<'a>(reports: impl Iterator<Item = &'a Report>) -> String {
    let mut out = JsonOut::default();
    out.open('{').key("format").str(BUNDLE_FORMAT).key("v").uint(1).key("reports").open('[');
    for report in reports {
        write_wire(&to_wire(report), &mut out);
    }
    out.close(']').close('}');
    out.finish()
}

/// Why a file is not an acceptable report. Every message is in plain words: no parser text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportError {
    /// `size` is the file's size in bytes (the page puts the file's real size here), `limit`
    /// the largest accepted.
    TooLarge { size: u64, limit: u64 },
    NotJson,
    NotAReport,
    WrongShape(&'static str),
    FutureVersion(u32),
    ChecksumMismatch,
}

impl std::error::Error for ReportError {}

impl From<FormatError> for ReportError {
    fn from(e: FormatError) -> ReportError {
        match e {
            FormatError::NotJson => ReportError::NotJson,
            FormatError::WrongShape(why) => ReportError::WrongShape(why),
            FormatError::FutureVersion(v) => ReportError::FutureVersion(v),
        }
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::TooLarge { size, limit } => {
                let what = if *limit > MAX_REPORT_BYTES as u64 { "a file of reports" } else { "a completion report" };
                write!(f, "the file is {}, too large for {what} (the limit is {})", file_size(*size), file_size(*limit))
            }
            ReportError::NotJson => f.write_str("it is not valid JSON (it may be truncated or corrupted)"),
            ReportError::NotAReport => f.write_str("it is not a hookwise completion report"),
            ReportError::WrongShape(why) => write!(f, "it is not in the completion report format ({why})"),
            ReportError::FutureVersion(_) => f.write_str("it comes from a newer version of hookwise, which this version cannot read"),
            ReportError::ChecksumMismatch => f.write_str("its checksum does not match its content: the file was edited or corrupted"),
        }
    }
}

/// A file size for people: "512 bytes", "3 KB", "1.5 MB" (rounded up, so a file just over a
/// limit never reads as the limit itself).
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else if bytes.is_multiple_of(MB) {
        format!("{} MB", bytes / MB)
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// What one imported file held: a report, or a bundle of them (each checked on its own).
pub enum Imported {
    Report(Report),
    Bundle(Vec<Result<Report, ReportError>>),
}

/// A picked file's bytes as text, as a browser's `File.text()` gives it: UTF-8, a leading
/// byte-order mark dropped, bytes that are not UTF-8 as U+FFFD. Valid text is not copied.
pub fn file_text(bytes: Vec<u8>) -> String {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(text) {
        Ok(_) if text.len() == bytes.len() => String::from_utf8(bytes).unwrap_or_default(),
        Ok(t) => t.to_string(),
        Err(_) => String::from_utf8_lossy(text).into_owned(),
    }
}

/// Reads a report file or a bundle file.
pub fn decode_file(text: &str) -> Result<Imported, ReportError> {
    // Only bundles may be large; a quick look at the start tells which this is.
    let head: String = text.chars().take(200).filter(|c| !c.is_whitespace()).collect();
    if !head.contains(&format!("\"format\":\"{BUNDLE_FORMAT}\"")) {
        return decode_report(text).map(Imported::Report);
    }
    if text.len() > MAX_BUNDLE_BYTES {
        return Err(ReportError::TooLarge { size: text.len() as u64, limit: MAX_BUNDLE_BYTES as u64 });
    }
    let bundle = wire::read_all(text, |r, bad| {
        let mut b = BundleV1 { format: String::new(), v: 0, reports: Vec::new() };
        wire::object(r, bad, &["format", "v", "reports"], 3, |r, i| {
            match i {
                0 => b.format = wire::string(r, bad)?,
                1 => b.v = wire::uint(r, bad, u32::MAX as u64)? as u32,
                _ => wire::array(r, bad, |r| {
                    b.reports.push(read_wire(r, bad)?);
                    Some(())
                })?,
            }
            Some(())
        })?;
        Some(b)
    })?;
    if bundle.v > 1 {
        return Err(ReportError::FutureVersion(bundle.v));
    }
    Ok(Imported::Bundle(
        bundle
            .reports
            .into_iter()
            .map(|w| match (w.format.as_str(), w.v) {
                (REPORT_FORMAT, 1..=REPORT_VERSION) => from_wire(w),
                (REPORT_FORMAT, v) if v > REPORT_VERSION => Err(ReportError::FutureVersion(v)),
                _ => Err(ReportError::NotAReport),
            })
            .collect(),
    ))
}

/// Reads a report file, checking its format, version and checksum.
pub fn decode_report(text: &str) -> Result<Report, ReportError> {
    if text.len() > MAX_REPORT_BYTES {
        return Err(ReportError::TooLarge { size: text.len() as u64, limit: MAX_REPORT_BYTES as u64 });
    }
    let (marker, v) = wire::marked(text).map_err(|e| match e {
        FormatError::NotJson => ReportError::NotJson,
        _ => ReportError::NotAReport,
    })?;
    if marker.as_deref() != Some(REPORT_FORMAT) {
        return Err(ReportError::NotAReport);
    }
    format::known_version(v, 1, REPORT_VERSION)?;
    from_wire(wire::read_all(text, read_wire)?)
}

fn from_wire(mut wire: ReportV1) -> Result<Report, ReportError> {
    let claimed = std::mem::take(&mut wire.checksum);
    if claimed != checksum(&wire) {
        return Err(ReportError::ChecksumMismatch);
    }
    let mut lessons = Vec::with_capacity(wire.lessons.len());
    let mut misses = LearnerMisses {
        lessons: Vec::new(),
        practice: decode_practice(&wire.practice).ok_or(ReportError::WrongShape(ANSWERS_WRONG))?,
    };
    for l in wire.lessons {
        let status = parse_status(&l.status).ok_or(ReportError::WrongShape("a lesson's status is not one hookwise writes"))?;
        if let Some(answers) = l.first_attempt.as_deref() {
            misses.lessons.push(crate::misses::LessonAnswers {
                lesson: l.id.clone(),
                attempts_to_pass: l.attempts_to_pass,
                first_attempt: decode_answers(answers).ok_or(ReportError::WrongShape(ANSWERS_WRONG))?,
            });
        }
        lessons.push(LessonResult {
            id: l.id,
            title: l.title,
            required: l.required,
            status,
            best_score: l.best_score.map(|s| s.min(100)),
            pass_mark: l.pass_mark,
            attempts: l.attempts,
            passed_at: l.passed_at,
            version: l.version,
            content_hash: l.content_hash,
        });
    }
    Ok(Report {
        name: wire.learner.name,
        email: wire.learner.email,
        team: wire.learner.team,
        course_title: wire.course.title,
        course_version: wire.course.version,
        generated_at: wire.generated_at,
        lessons,
        misses,
    })
}

const ANSWERS_WRONG: &str = "its answers are not written the way hookwise writes them";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_bytes_read_as_a_browser_reads_them() {
        assert_eq!(file_text(b"{\"v\":2}".to_vec()), "{\"v\":2}");
        assert_eq!(file_text(b"\xEF\xBB\xBF{}".to_vec()), "{}", "a byte-order mark is dropped");
        assert_eq!(file_text(b"\xEF\xBB\xBF".to_vec()), "");
        assert_eq!(file_text(b"a\xFFb".to_vec()), "a\u{FFFD}b", "a byte that is not UTF-8");
        assert_eq!(file_text(b"\xEF\xBB\xBFa\xC3".to_vec()), "a\u{FFFD}", "cut inside a character, after a mark");
        assert_eq!(file_text("Zoë 😀".as_bytes().to_vec()), "Zoë 😀");
    }

    pub(crate) fn sample(name: &str, at: u64) -> Report {
        Report {
            name: name.into(),
            email: format!("{}@example.com", name.to_lowercase()),
            team: "Research".into(),
            course_title: "Course".into(),
            course_version: "2026.11".into(),
            generated_at: at,
            lessons: vec![LessonResult {
                id: "little-hook".into(),
                title: "The little hook".into(),
                required: true,
                status: LessonStatus::Passed,
                best_score: Some(90),
                pass_mark: 80,
                attempts: 2,
                passed_at: Some(at - 10),
                version: "1".into(),
                content_hash: "abc".into(),
            }],
            misses: LearnerMisses::default(),
        }
    }

    fn with_answers(mut r: Report) -> Report {
        r.misses = LearnerMisses {
            lessons: vec![crate::misses::LessonAnswers {
                lesson: "little-hook".into(),
                attempts_to_pass: Some(2),
                first_attempt: crate::misses::decode_answers("who-asks:-bc what-next:+a skipped:-").expect("answers"),
            }],
            practice: crate::misses::decode_practice("little-hook spot-it flag:0:+ flag:3:-\nlittle-hook coffee report:before").expect("practice"),
        };
        r
    }

    /// A report written by format 1 (hookwise before "What people miss"), byte for byte.
    pub(crate) const V1: &str = include_str!("fixtures/report-v1.json");

    #[test]
    fn version_1_reports_still_read() {
        let r = decode_report(V1).expect("a v1 report reads");
        assert_eq!(r, sample("Ana", 1_000_000));
        assert_eq!(r.misses, LearnerMisses::default(), "a v1 report has no answers");
        let edited = V1.replace("\"best_score\": 90", "\"best_score\": 100");
        assert_eq!(decode_report(&edited), Err(ReportError::ChecksumMismatch));
        let bundle = format!("{{\"format\":\"hookwise-report-bundle\",\"v\":1,\"reports\":[{V1}]}}");
        assert!(matches!(decode_file(&bundle), Ok(Imported::Bundle(r)) if r == vec![Ok(sample("Ana", 1_000_000))]));
    }

    #[test]
    fn version_2_carries_answers_and_practice_and_round_trips() {
        let r = with_answers(sample("Ana", 1_000_000));
        let text = encode_report(&r);
        assert!(text.contains("\"v\": 2,"));
        assert!(text.contains("\"first_attempt\": \"who-asks:-bc what-next:+a skipped:-\""), "{text}");
        assert!(text.contains("\"attempts_to_pass\": 2"));
        assert_eq!(decode_report(&text), Ok(r.clone()));
        // Tampering with an answer or a practice result is caught like any other edit.
        let edited = text.replace("who-asks:-bc", "who-asks:+bc");
        assert_eq!(decode_report(&edited), Err(ReportError::ChecksumMismatch));
        let edited = text.replace("flag:3:-", "flag:3:+");
        assert_eq!(decode_report(&edited), Err(ReportError::ChecksumMismatch));
        let bundle = encode_bundle([&r].into_iter());
        assert!(matches!(decode_file(&bundle), Ok(Imported::Bundle(b)) if b == vec![Ok(r.clone())]));
    }

    #[test]
    fn garbled_answers_are_refused_in_plain_words() {
        // A report whose answers are garbled but whose checksum matches (a broken generator).
        let mut wire = to_wire(&with_answers(sample("Ana", 1_000_000)));
        wire.lessons[0].first_attempt = Some("who-asks:?b".into());
        wire.checksum = String::new();
        wire.checksum = checksum(&wire);
        let text = serde_json::to_string(&wire).expect("serialises");
        let e = decode_report(&text).expect_err("refused");
        assert_eq!(e, ReportError::WrongShape(ANSWERS_WRONG));
        assert_eq!(e.to_string(), "it is not in the completion report format (its answers are not written the way hookwise writes them)");
    }

    #[test]
    fn round_trips_with_a_checksum() {
        let r = sample("Ana", 1_000_000);
        let text = encode_report(&r);
        assert!(text.contains("\"checksum\": \"fnv1a64:"));
        assert_eq!(decode_report(&text), Ok(r));
    }

    #[test]
    fn bundles_hold_many_reports_each_checked() {
        let a = sample("Ana", 1_000_000);
        let b = sample("Bo", 2_000_000);
        let text = encode_bundle([&a, &b].into_iter());
        match decode_file(&text) {
            Ok(Imported::Bundle(reports)) => assert_eq!(reports, vec![Ok(a.clone()), Ok(b)]),
            _ => panic!("a bundle"),
        }
        let edited = text.replacen("\"best_score\":90", "\"best_score\":99", 1);
        match decode_file(&edited) {
            Ok(Imported::Bundle(reports)) => {
                assert_eq!(reports[0], Err(ReportError::ChecksumMismatch));
                assert!(reports[1].is_ok(), "one bad report does not spoil the others");
            }
            _ => panic!("a bundle"),
        }
        assert!(matches!(decode_file(&encode_report(&a)), Ok(Imported::Report(r)) if r == a));
    }

    #[test]
    fn edits_and_corruption_are_detected() {
        let text = encode_report(&sample("Ana", 1_000_000));
        let edited = text.replace("\"best_score\": 90", "\"best_score\": 100");
        assert_eq!(decode_report(&edited), Err(ReportError::ChecksumMismatch));
        assert_eq!(decode_report(&text[..text.len() / 2]), Err(ReportError::NotJson));
        assert_eq!(decode_report("{\"hello\": 1}"), Err(ReportError::NotAReport));
        assert_eq!(decode_report("[1,2]"), Err(ReportError::NotAReport));
        let future = text.replace("\"v\": 2,", "\"v\": 7,");
        assert_eq!(decode_report(&future), Err(ReportError::FutureVersion(7)));
        let big = format!("{}{}", " ".repeat(MAX_REPORT_BYTES), text);
        assert!(matches!(decode_report(&big), Err(ReportError::TooLarge { .. })));
    }

    #[test]
    fn sizes_read_as_people_write_them_and_never_round_down_to_the_limit() {
        assert_eq!(file_size(512), "512 bytes");
        assert_eq!(file_size(2048), "2 KB");
        assert_eq!(file_size(2049), "3 KB");
        assert_eq!(file_size(1024 * 1024), "1 MB");
        assert_eq!(file_size(1024 * 1024 + 1), "1.1 MB");
        assert_eq!(file_size(70 * 1024 * 1024 + 300_000), "70.3 MB");
        let e = ReportError::TooLarge { size: 3 * 1024 * 1024 / 2, limit: MAX_REPORT_BYTES as u64 };
        assert_eq!(e.to_string(), "the file is 1.5 MB, too large for a completion report (the limit is 1 MB)");
        let e = ReportError::TooLarge { size: 257 * 1024 * 1024, limit: MAX_BUNDLE_BYTES as u64 };
        assert_eq!(e.to_string(), "the file is 257 MB, too large for a file of reports (the limit is 256 MB)");
    }

    #[test]
    fn report_messages_never_show_parser_text() {
        let good = encode_report(&sample("Ana", 1_000_000));
        let inputs = [
            "[1,2]".to_string(),
            r#"{"format":"hookwise-completion-report","v":1,"learner":[]}"#.to_string(),
            r#"{"format":"hookwise-report-bundle","v":1,"reports":{}}"#.to_string(),
            r#"{"format":"hookwise-completion-report","v":"one"}"#.to_string(),
            good.replace("\"passed\"", "\"won\""),
        ];
        for input in &inputs {
            let e = match decode_file(input) {
                Err(e) => e,
                Ok(Imported::Bundle(items)) => items.into_iter().find_map(Result::err).expect("an error"),
                Ok(Imported::Report(_)) => panic!("{input} was accepted"),
            };
            let text = e.to_string();
            for jargon in ["expected", "line 1", "column", "invalid type", "struct", "sequence", "`"] {
                assert!(!text.contains(jargon), "{input}: {text}");
            }
        }
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;
    use crate::course::{AudiencePath, Part};

    #[test]
    fn a_report_marks_the_lessons_of_the_learners_path_as_required() {
        use crate::lms::fixtures::entry;
        let catalogue = Catalogue {
            id: String::new(),
            title: "t".into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![Part { title: "p".into(), lessons: vec![entry("core", true), entry("gifts", false), entry("hr", false)] }],
            paths: vec![AudiencePath { id: "executives".into(), title: "Executives".into(), lessons: vec!["gifts".into()] }],
        };
        let mut progress = Progress::default();
        progress.choose_role(Some("executives".into()), 1);
        let report = build_report(&progress, &catalogue, &[], 2);
        let required: Vec<(&str, bool)> = report.lessons.iter().map(|l| (l.id.as_str(), l.required)).collect();
        assert_eq!(required, [("core", true), ("gifts", true), ("hr", false)]);
        // Practice: when the learner reported in a conversation, for this course's lessons only.
        let result = |lesson: &str, scenario: &str, at: u64, reported| crate::progress::PracticeResult {
            lesson_id: lesson.into(),
            scenario_id: scenario.into(),
            title: scenario.into(),
            finished_at: at,
            points: 0,
            out_of: 0,
            percent: 100,
            reported,
            flags: Vec::new(),
            wrongly_flagged: Vec::new(),
        };
        use crate::scenario::ReportTiming;
        progress.finish_practice(result("gifts", "a-supplier", 5, Some(ReportTiming::AfterTask)));
        progress.finish_practice(result("gifts", "a-supplier", 9, Some(ReportTiming::BeforeTask)));
        progress.finish_practice(result("gifts", "spot-it", 9, None));
        progress.finish_practice(result("elsewhere", "x", 9, Some(ReportTiming::BeforeTask)));
        let report = build_report(&progress, &catalogue, &[], 10);
        let lines: Vec<(&str, Option<bool>)> = report.misses.practice.iter().map(|p| (p.scenario.as_str(), p.reported_before_task)).collect();
        assert_eq!(lines, [("a-supplier", Some(true))]);
        // A mock-up's (or red-flag exercise's) latest result: each red flag, found or missed.
        progress.finish_practice(crate::progress::PracticeResult { flags: vec![(1, true), (4, false)], wrongly_flagged: vec![2], ..result("gifts", "a-profile", 11, None) });
        let report = build_report(&progress, &catalogue, &[], 12);
        let flags: Vec<(&str, Vec<(String, bool)>)> = report.misses.practice.iter().map(|p| (p.scenario.as_str(), p.flags.clone())).collect();
        assert_eq!(flags, [("a-profile", vec![("1".to_string(), true), ("4".to_string(), false)]), ("a-supplier", vec![])]);
        assert_eq!(report.misses.practice[0].reported_before_task, None);
    }
}

/// The hand-written reader and writer against the serde code they replaced (kept here as the
/// oracle): the same bytes written, and for every input, the same report or the same error.
#[cfg(test)]
pub(crate) mod wire_tests {
    use super::*;

    /// The serde code as it was: the report file, the bundle file, and reading either.
    fn serde_wire(report: &Report) -> ReportV1 {
        let mut wire = to_wire(report);
        wire.checksum = String::new();
        let canonical = serde_json::to_string(&wire).expect("serialises");
        wire.checksum = format!("{CHECKSUM_PREFIX}{}", fnv1a64_hex(canonical.as_bytes()));
        wire
    }

    pub(crate) fn serde_encode_report(report: &Report) -> String {
        serde_json::to_string_pretty(&serde_wire(report)).expect("serialises")
    }

    pub(crate) fn serde_encode_bundle(reports: &[&Report]) -> String {
        let bundle = BundleV1 { format: BUNDLE_FORMAT.into(), v: 1, reports: reports.iter().map(|r| serde_wire(r)).collect() };
        serde_json::to_string(&bundle).expect("serialises")
    }

    /// `from_wire`, with the checksum computed by serde.
    fn serde_from_wire(mut wire: ReportV1) -> Result<Report, ReportError> {
        let claimed = std::mem::take(&mut wire.checksum);
        let canonical = serde_json::to_string(&wire).expect("serialises");
        assert_eq!(compact(&wire), canonical, "the hand-written writer writes serde's bytes");
        if claimed != format!("{CHECKSUM_PREFIX}{}", fnv1a64_hex(canonical.as_bytes())) {
            return Err(ReportError::ChecksumMismatch);
        }
        wire.checksum = String::new();
        let mut again = wire;
        again.checksum = claimed;
        from_wire(again)
    }

    fn serde_decode_report(text: &str) -> Result<Report, ReportError> {
        if text.len() > MAX_REPORT_BYTES {
            return Err(ReportError::TooLarge { size: text.len() as u64, limit: MAX_REPORT_BYTES as u64 });
        }
        let probe = format::marked(text).map_err(|e| match e {
            FormatError::NotJson => ReportError::NotJson,
            _ => ReportError::NotAReport,
        })?;
        if probe.format.as_deref() != Some(REPORT_FORMAT) {
            return Err(ReportError::NotAReport);
        }
        format::known_version(probe.v, 1, REPORT_VERSION)?;
        serde_from_wire(format::read(text)?)
    }

    type Outcome = Result<(bool, Vec<Result<Report, ReportError>>), ReportError>;

    fn serde_decode_file(text: &str) -> Outcome {
        let head: String = text.chars().take(200).filter(|c| !c.is_whitespace()).collect();
        if !head.contains(&format!("\"format\":\"{BUNDLE_FORMAT}\"")) {
            return serde_decode_report(text).map(|r| (false, vec![Ok(r)]));
        }
        if text.len() > MAX_BUNDLE_BYTES {
            return Err(ReportError::TooLarge { size: text.len() as u64, limit: MAX_BUNDLE_BYTES as u64 });
        }
        let bundle: BundleV1 = format::read(text)?;
        if bundle.v > 1 {
            return Err(ReportError::FutureVersion(bundle.v));
        }
        Ok((
            true,
            bundle
                .reports
                .into_iter()
                .map(|w| match (w.format.as_str(), w.v) {
                    (REPORT_FORMAT, 1..=REPORT_VERSION) => serde_from_wire(w),
                    (REPORT_FORMAT, v) if v > REPORT_VERSION => Err(ReportError::FutureVersion(v)),
                    _ => Err(ReportError::NotAReport),
                })
                .collect(),
        ))
    }

    fn decode(text: &str) -> Outcome {
        decode_file(text).map(|i| match i {
            Imported::Report(r) => (false, vec![Ok(r)]),
            Imported::Bundle(b) => (true, b),
        })
    }

    /// A report with everything a v2 report can hold, and text that needs escaping.
    fn hostile() -> Report {
        let mut r = super::tests::sample("Zoë \"Z\" <script>alert(1)</script>\\ \u{1}\u{8}\t\n😀", 1_790_000_000_123);
        r.team = "R&D / \u{7f} =SUM(A1)".into();
        r.lessons.push(LessonResult {
            id: "travel".into(),
            title: "Travel \u{2028} safe".into(),
            required: false,
            status: LessonStatus::InProgress,
            best_score: None,
            pass_mark: 0,
            attempts: u32::MAX,
            passed_at: None,
            version: String::new(),
            content_hash: String::new(),
        });
        r.misses = LearnerMisses {
            lessons: vec![crate::misses::LessonAnswers {
                lesson: "little-hook".into(),
                attempts_to_pass: Some(2),
                first_attempt: crate::misses::decode_answers("who-asks:-bc what-next:+a skipped:-").expect("answers"),
            }],
            practice: crate::misses::decode_practice("little-hook spot-it flag:0:+ flag:3:-\nlittle-hook coffee report:before").expect("practice"),
        };
        r
    }

    pub(crate) fn samples() -> Vec<Report> {
        vec![super::tests::sample("Ana", 1_000_000), hostile()]
    }

    /// Reports written by the serde code (format 2), byte for byte, next to the format 1 one.
    const V2: &str = include_str!("fixtures/report-v2.json");
    const BUNDLE: &str = include_str!("fixtures/report-bundle-v1.json");

    #[test]
    fn the_same_bytes_are_written_as_before() {
        for r in samples() {
            assert_eq!(encode_report(&r), serde_encode_report(&r));
        }
        let all = samples();
        let refs: Vec<&Report> = all.iter().collect();
        assert_eq!(encode_bundle(refs.iter().copied()), serde_encode_bundle(&refs));
        assert_eq!(encode_bundle(std::iter::empty()), serde_encode_bundle(&[]));
        // The files the serde code wrote: read, and written again identically.
        assert_eq!(encode_report(&hostile()), V2.trim_end());
        assert_eq!(decode_report(V2), Ok(hostile()));
        assert_eq!(encode_bundle(refs.iter().copied()), BUNDLE.trim_end());
        assert_eq!(decode(BUNDLE), Ok((true, all.into_iter().map(Ok).collect())));
        assert_eq!(decode_report(super::tests::V1), Ok(super::tests::sample("Ana", 1_000_000)));
    }

    /// Every truncation, every byte deleted, and every byte replaced by a few telling ones: the
    /// hand-written reader says exactly what the serde code said (the same report, or the same
    /// plain-words error).
    #[test]
    fn corrupt_and_tampered_files_get_the_same_answers_as_before() {
        let texts = [V2.to_string(), BUNDLE.to_string(), super::tests::V1.to_string(), encode_bundle(std::iter::empty())];
        let mut cases = 0;
        for text in &texts {
            for input in crate::damage::damaged(text, &[b"\"", b"0", b"}", b"\\", b".", b"n"]) {
                assert_eq!(decode(&input), serde_decode_file(&input), "{input}");
                cases += 1;
            }
        }
        assert!(cases > 15_000, "{cases}");
    }

    /// Edits a person or a broken tool might make: values of other types, out of range, a field
    /// twice or missing, fields hookwise does not write, another layout.
    #[test]
    fn edited_fields_get_the_same_answers_as_before() {
        let edits: &[(&str, &str)] = &[
            ("\"v\": 2", "\"v\": 2.0"),
            ("\"v\": 2", "\"v\": -2"),
            ("\"v\": 2", "\"v\": null"),
            ("\"v\": 2", "\"v\": \"2\""),
            ("\"v\": 2", "\"v\": 99999999999"),
            ("\"v\": 2", "\"v\": 1"),
            ("\"v\": 2", "\"v\": 3"),
            ("\"best_score\": 90", "\"best_score\": 256"),
            ("\"best_score\": 90", "\"best_score\": null"),
            ("\"best_score\": 90", "\"best_score\": 9e1"),
            ("\"best_score\": 90", "\"best_score\": 100"),
            ("\"pass_mark\": 80", "\"pass_mark\": -0"),
            ("\"attempts\": 2", "\"attempts\": 4294967296"),
            ("\"passed_at\": 999990", "\"passed_at\": 18446744073709551616"),
            ("\"required\": true", "\"required\": 1"),
            ("\"required\": true", "\"required\": \"true\""),
            ("\"status\": \"passed\"", "\"status\": \"won\""),
            ("\"status\": \"passed\"", "\"status\": [\"passed\"]"),
            ("\"name\": ", "\"nickname\": \"x\", \"name\": "),
            ("\"name\": ", "\"name\": \"x\", \"name\": "),
            ("\"generated_at\": ", "\"extra\": {\"deep\": [1, 2, {\"x\": null}]}, \"generated_at\": "),
            ("\"generated_at\": ", "\"generated_at\": 1, \"generated_at\": "),
            ("\"lessons\": [", "\"lessons\": {"),
            ("\"practice\": ", "\"practice\": null, \"x\": "),
            ("\"practice\": ", "\"practice\": 5, \"x\": "),
            ("\"first_attempt\": ", "\"first_attempt\": null, \"y\": "),
            ("\"attempts_to_pass\": 2", "\"attempts_to_pass\": null"),
            ("\"learner\": {", "\"learner\": {\"team\": 5, "),
            ("\"course\": {", "\"course\": null, \"c\": {"),
            ("\"email\": ", "\"e\": "),
            ("\"format\": \"hookwise-completion-report\"", "\"format\": \"hookwise-completion-report\", \"format\": \"x\""),
            ("\"format\": \"hookwise-completion-report\"", "\"format\": null"),
            ("\"checksum\": ", "\"checksum\": 1, \"c\": "),
            ("\n", "\r\n"),
            ("\n", " "),
            ("\n  ", ""),
            ("Travel", "Tr\\u0061vel"),
            ("Travel", "Tr\\ud800vel"),
            ("Travel", "Tr\\ud83d\\ude00vel"),
            ("😀", "\\ud83d\\ude00"),
            ("<script>", "<\\/script>"),
        ];
        let mut texts = vec![V2.to_string(), super::tests::V1.to_string()];
        texts.push(format!("{{\"format\":\"hookwise-report-bundle\",\"v\":1,\"reports\":[{V2},{}]}}", super::tests::V1));
        for text in &texts {
            for (from, to) in edits {
                for n in 1..=2 {
                    let input = text.replacen(from, to, n);
                    assert_eq!(decode(&input), serde_decode_file(&input), "{from} → {to}: {input}");
                }
            }
        }
        for input in ["", " ", "null", "[]", "{}", "[1,2]", "\"x\"", "{\"format\":\"hookwise-report-bundle\"}", "{\"format\":\"hookwise-report-bundle\",\"v\":2,\"reports\":[]}", "{\"format\":\"hookwise-report-bundle\",\"v\":1,\"reports\":[{}]}", "{\"format\":\"hookwise-report-bundle\",\"v\":1,\"reports\":[{\"format\":\"x\"}]}"] {
            assert_eq!(decode(input), serde_decode_file(input), "{input}");
        }
    }
}
