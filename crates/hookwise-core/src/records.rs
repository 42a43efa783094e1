//! The stored and exported formats of a learner's progress: versioned serde records, kept
//! apart from the domain types and converted at this boundary.
//!
//! Format history (every version stays readable):
//! - v1: best scores only (`scores: [{lesson, score, passed, at}]`), written by the first
//!   prototype.
//! - v2: full attempts with seeds and answers, the quiz in progress, reading positions, the
//!   learner profile and the reset time.
//! - v3: v2 plus the learner's role (audience path). One record type reads both: a v2 record
//!   is a v3 record with no role, so it loads unchanged and the learner is asked once.
//! - v4: v3 plus practice: scenarios part-way through (`practice: {lesson: {scenario: {picks,
//!   updated}}}`) and finished ones (`practice_results`). The same record type reads v2 to v4:
//!   an older record is a v4 record with no practice.
//!
//! Backup files (every version stays readable):
//! - backup 1 (no top-level `v`): `{format, exported_at, course_version, progress}`, with a
//!   progress record of v1, v2 or v3 inside.
//! - backup 2 (`"v": 2`): names its course (`course: {title, version}`) so that a backup from
//!   another course can be recognised before anything is stored; holds a v2, v3 or v4 record.

use std::collections::BTreeMap;

use crate::compact::map_from;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::grading::Answers;
use crate::progress::{Attempt, Position, PracticeInProgress, PracticeResult, Profile, Progress, QuizInProgress, RoleChoice};
use crate::format::{self, FormatError};
use crate::scenario::ReportTiming;

/// The version `encode_progress` writes.
pub const PROGRESS_FORMAT: u32 = 4;
/// The `format` marker of a backup file.
pub const BACKUP_FORMAT: &str = "hookwise-progress-backup";
/// The backup version `encode_backup` writes (backups before it carry no version of their own).
pub const BACKUP_VERSION: u32 = 2;

/// Why a stored or imported progress record could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The text is not JSON at all (garbled or truncated).
    NotJson,
    /// JSON, but not a hookwise record. The reason is in plain words, written here, never a
    /// parser's message.
    WrongShape(&'static str),
    /// Written by a newer hookwise than this one.
    FutureVersion(u32),
    /// Imported file is not a progress backup.
    NotBackup,
}

impl std::error::Error for RecordError {}

impl From<FormatError> for RecordError {
    fn from(e: FormatError) -> RecordError {
        match e {
            FormatError::NotJson => RecordError::NotJson,
            FormatError::WrongShape(why) => RecordError::WrongShape(why),
            FormatError::FutureVersion(v) => RecordError::FutureVersion(v),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::NotJson => f.write_str("it is not valid JSON (it may be truncated or corrupted)"),
            RecordError::WrongShape(why) => write!(f, "it is not in hookwise's progress format ({why})"),
            RecordError::FutureVersion(_) => f.write_str(
                "it was saved by a newer version of hookwise, which this version cannot read (open it where it was saved, or update this site)",
            ),
            RecordError::NotBackup => f.write_str("it is not a hookwise progress backup"),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ProgressV1 {
    v: u32,
    scores: Vec<ScoreV1>,
}

#[derive(Serialize, Deserialize)]
struct ScoreV1 {
    lesson: String,
    score: u8,
    passed: bool,
    at: u64,
}

#[derive(Serialize, Deserialize)]
struct ProgressV2 {
    v: u32,
    #[serde(default)]
    cleared_at: u64,
    #[serde(default)]
    attempts: Vec<AttemptV2>,
    #[serde(default)]
    in_progress: BTreeMap<String, InProgressV2>,
    #[serde(default)]
    positions: BTreeMap<String, PositionV2>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<ProfileV2>,
    /// Since v3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    role: Option<RoleV3>,
}

/// v4's practice fields, read apart from the rest (`decode_progress_full`) so that the first
/// load, which reads progress but never practice, does not carry their reader.
#[derive(Serialize, Deserialize, Default)]
struct PracticeFieldsV4 {
    /// By lesson id, then scenario id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    practice: BTreeMap<String, BTreeMap<String, PracticeV4>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    practice_results: Vec<PracticeResultV4>,
}

/// A whole v4 record as written: the v2/v3 fields, then practice.
#[derive(Serialize)]
struct ProgressV4Out {
    #[serde(flatten)]
    base: ProgressV2,
    #[serde(flatten)]
    practice: PracticeFieldsV4,
}

#[derive(Serialize, Deserialize)]
struct PracticeV4 {
    picks: Vec<Vec<usize>>,
    updated: u64,
}

#[derive(Serialize, Deserialize)]
struct PracticeResultV4 {
    lesson: String,
    scenario: String,
    #[serde(default)]
    title: String,
    finished: u64,
    points: u32,
    out_of: u32,
    percent: u8,
    /// Conversations: `before-task`, `after-task`, `after-sharing` or `never`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reported: Option<String>,
    /// Red-flag exercises and mock-ups: the red flags found and missed, and the ordinary parts
    /// wrongly selected, by index. Added within v4: absent in older v4 records (read as empty),
    /// and a reader that does not know them ignores them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    found: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    missed: Vec<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    wrong: Vec<usize>,
}

#[derive(Serialize, Deserialize)]
struct RoleV3 {
    /// The audience path's id; absent for "the core lessons only".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    updated: u64,
}

#[derive(Serialize, Deserialize)]
struct AttemptV2 {
    lesson: String,
    version: String,
    hash: String,
    seed: u64,
    started: u64,
    finished: u64,
    answers: Answers,
    score: u8,
    passed: bool,
}

#[derive(Serialize, Deserialize)]
struct InProgressV2 {
    hash: String,
    seed: u64,
    started: u64,
    updated: u64,
    answers: Answers,
    #[serde(default)]
    checked: Vec<String>,
    current: usize,
}

#[derive(Serialize, Deserialize)]
struct PositionV2 {
    anchor: String,
    updated: u64,
}

#[derive(Serialize, Deserialize)]
struct ProfileV2 {
    name: String,
    email: String,
    team: String,
    updated: u64,
}

impl From<ProgressV1> for Progress {
    /// v1 kept only scores: each becomes an attempt without answers (seed 0).
    fn from(v1: ProgressV1) -> Progress {
        let attempts = v1
            .scores
            .into_iter()
            .map(|s| Attempt {
                lesson_id: s.lesson,
                lesson_version: String::new(),
                content_hash: String::new(),
                seed: 0,
                started_at: s.at,
                finished_at: s.at,
                answers: Answers::new(),
                score: s.score,
                passed: s.passed,
            })
            .collect();
        Progress { attempts, ..Progress::default() }
    }
}

impl From<ProgressV2> for Progress {
    fn from(r: ProgressV2) -> Progress {
        Progress {
            attempts: r
                .attempts
                .into_iter()
                .map(|a| Attempt {
                    lesson_id: a.lesson,
                    lesson_version: a.version,
                    content_hash: a.hash,
                    seed: a.seed,
                    started_at: a.started,
                    finished_at: a.finished,
                    answers: a.answers,
                    score: a.score,
                    passed: a.passed,
                })
                .collect(),
            in_progress: map_from(r.in_progress.into_iter().map(|(id, q)| {
                    let q = QuizInProgress {
                        content_hash: q.hash,
                        seed: q.seed,
                        started_at: q.started,
                        updated_at: q.updated,
                        answers: q.answers,
                        checked: q.checked,
                        current: q.current,
                    };
                    (id, q)
                })),
            positions: map_from(r.positions.into_iter().map(|(id, p)| (id, Position { anchor: p.anchor, updated_at: p.updated }))),
            profile: r.profile.map(|p| Profile { name: p.name, email: p.email, team: p.team, updated_at: p.updated }),
            cleared_at: r.cleared_at,
            role: r.role.map(|r| RoleChoice { path: r.path, updated_at: r.updated }),
            ..Progress::default()
        }
    }
}

impl From<&Progress> for ProgressV2 {
    fn from(p: &Progress) -> ProgressV2 {
        ProgressV2 {
            v: PROGRESS_FORMAT,
            cleared_at: p.cleared_at,
            attempts: p
                .attempts
                .iter()
                .map(|a| AttemptV2 {
                    lesson: a.lesson_id.clone(),
                    version: a.lesson_version.clone(),
                    hash: a.content_hash.clone(),
                    seed: a.seed,
                    started: a.started_at,
                    finished: a.finished_at,
                    answers: a.answers.clone(),
                    score: a.score,
                    passed: a.passed,
                })
                .collect(),
            in_progress: map_from(p.in_progress.iter().map(|(id, q)| {
                    let r = InProgressV2 {
                        hash: q.content_hash.clone(),
                        seed: q.seed,
                        started: q.started_at,
                        updated: q.updated_at,
                        answers: q.answers.clone(),
                        checked: q.checked.clone(),
                        current: q.current,
                    };
                    (id.clone(), r)
                })),
            positions: map_from(p.positions.iter().map(|(id, pos)| (id.clone(), PositionV2 { anchor: pos.anchor.clone(), updated: pos.updated_at }))),
            profile: p.profile.as_ref().map(|p| ProfileV2 {
                name: p.name.clone(),
                email: p.email.clone(),
                team: p.team.clone(),
                updated: p.updated_at,
            }),
            role: p.role.as_ref().map(|r| RoleV3 { path: r.path.clone(), updated: r.updated_at }),
        }
    }
}

fn shape(e: serde_json::Error) -> RecordError {
    FormatError::from_json(e).into()
}

/// Reads a stored progress record of any known version.
pub fn decode_progress(text: &str) -> Result<Progress, RecordError> {
    Ok(match format::known_version(format::version(text)?, 1, PROGRESS_FORMAT)? {
        1 => Progress::from(format::read::<ProgressV1>(text)?),
        _ => Progress::from(format::read::<ProgressV2>(text)?),
    })
}

/// Writes progress in the current format.
pub fn encode_progress(progress: &Progress) -> String {
    let record = ProgressV4Out { base: ProgressV2::from(progress), practice: PracticeFieldsV4::from(progress) };
    serde_json::to_string(&record).expect("plain structs with string keys always serialise")
}

/// Reads a stored progress record of any known version, with its practice (v4). The first
/// load uses `decode_progress`, which leaves practice out.
pub fn decode_progress_full(text: &str) -> Result<Progress, RecordError> {
    let mut progress = decode_progress(text)?;
    if let Some(2..) = format::version(text).ok().flatten() {
        let fields: PracticeFieldsV4 = serde_json::from_str(text).map_err(shape)?;
        fields.into_progress(&mut progress);
    }
    Ok(progress)
}

impl From<&Progress> for PracticeFieldsV4 {
    fn from(p: &Progress) -> PracticeFieldsV4 {
        PracticeFieldsV4 {
            practice: p.practice.iter().fold(BTreeMap::new(), |mut out: BTreeMap<String, BTreeMap<String, PracticeV4>>, ((lesson, scenario), state)| {
                out.entry(lesson.clone()).or_default().insert(scenario.clone(), PracticeV4 { picks: state.picks.clone(), updated: state.updated_at });
                out
            }),
            practice_results: p
                .practice_results
                .iter()
                .map(|r| PracticeResultV4 {
                    lesson: r.lesson_id.clone(),
                    scenario: r.scenario_id.clone(),
                    title: r.title.clone(),
                    finished: r.finished_at,
                    points: r.points,
                    out_of: r.out_of,
                    percent: r.percent,
                    reported: r.reported.map(|t| t.key().to_string()),
                    found: r.flags.iter().filter(|f| f.1).map(|f| f.0).collect(),
                    missed: r.flags.iter().filter(|f| !f.1).map(|f| f.0).collect(),
                    wrong: r.wrongly_flagged.clone(),
                })
                .collect(),
        }
    }
}

impl PracticeFieldsV4 {
    fn into_progress(self, progress: &mut Progress) {
        let r = self;
        let decoded = Progress {
            practice: map_from(r.practice.into_iter().flat_map(|(lesson, scenarios)| {
                scenarios.into_iter().map(move |(scenario, p)| ((lesson.clone(), scenario), PracticeInProgress { picks: p.picks, updated_at: p.updated }))
            })),
            practice_results: r
                .practice_results
                .into_iter()
                .map(|p| PracticeResult {
                    lesson_id: p.lesson,
                    scenario_id: p.scenario,
                    title: p.title,
                    finished_at: p.finished,
                    points: p.points,
                    out_of: p.out_of,
                    percent: p.percent.min(100),
                    // A timing this version does not know is dropped, not the result.
                    reported: p.reported.as_deref().and_then(ReportTiming::from_key),
                    flags: {
                        let mut flags: Vec<(usize, bool)> = p.found.iter().map(|i| (*i, true)).chain(p.missed.iter().map(|i| (*i, false))).collect();
                        crate::compact::sort_by(&mut flags, |a, b| a.cmp(b));
                        flags
                    },
                    wrongly_flagged: p.wrong,
                })
                .collect(),
            ..Progress::default()
        };
        progress.practice = decoded.practice;
        progress.practice_results = decoded.practice_results;
    }
}

/// A role chosen on the catalogue page, kept under its own small key until the app bundle
/// folds it into progress: the first load then never needs progress's writer.
#[derive(Deserialize)]
struct RoleRecord {
    v: u32,
    #[serde(default)]
    path: Option<String>,
    updated: u64,
}

/// Written by hand rather than by serde: it is the only record the first load writes, and a
/// serializer would cost every learner bytes for three fields.
pub fn encode_role_choice(role: &RoleChoice) -> String {
    let path = match &role.path {
        Some(p) => {
            let escaped: String = p
                .chars()
                .flat_map(|c| match c {
                    '"' | '\\' => vec!['\\', c],
                    c if (c as u32) < 0x20 => format!("\\u{:04x}", c as u32).chars().collect(),
                    c => vec![c],
                })
                .collect();
            format!(",\"path\":\"{escaped}\"")
        }
        None => String::new(),
    };
    format!("{{\"v\":1{path},\"updated\":{}}}", role.updated_at)
}

/// Reads a role record; anything unreadable is no choice at all (the learner is asked again,
/// and nothing else depends on it).
pub fn decode_role_choice(text: &str) -> Option<RoleChoice> {
    let r: RoleRecord = serde_json::from_str(text).ok()?;
    (r.v == 1).then_some(RoleChoice { path: r.path, updated_at: r.updated })
}

#[derive(Deserialize)]
struct BackupProbe {
    format: Option<String>,
    v: Option<u32>,
    progress: Option<format::Version>,
}

/// Backup 2: names its course.
#[derive(Serialize, Deserialize)]
struct BackupV2 {
    format: String,
    v: u32,
    course: CourseV2,
    exported_at: u64,
    progress: ProgressV2,
    /// The re-check schedule, since the schedule was added. Written here, but read on its own
    /// (`schedule::read_backup_schedule`), so that a garbled or newer schedule never stops the
    /// progress being imported.
    #[serde(default, skip_serializing_if = "Option::is_none", skip_deserializing)]
    schedule: Option<crate::schedule::ScheduleV1>,
}

#[derive(Serialize, Deserialize)]
struct CourseV2 {
    title: String,
    version: String,
}

/// Backup 1 with a v2 or v3 record: no version of its own, and only the course's version.
#[derive(Deserialize)]
struct BackupV1 {
    #[serde(default)]
    exported_at: u64,
    progress: ProgressV2,
}

/// Backup 1 with a v1 record.
#[derive(Deserialize)]
struct BackupV1Scores {
    progress: ProgressV1,
}

/// The course a backup was made in, as it names itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupCourse {
    pub title: String,
    pub version: String,
}

/// A backup file, read: the progress, and the course it came from when the backup says so
/// (backups before version 2 do not).
#[derive(Clone, Debug, PartialEq)]
pub struct Backup {
    pub progress: Progress,
    pub course: Option<BackupCourse>,
    pub exported_at: u64,
    /// The re-check schedule it carries (`None` for backups without one), or why it cannot be read.
    pub schedule: Option<Result<crate::schedule::Schedule, crate::schedule::ScheduleError>>,
}

impl Backup {
    /// The title of the course the backup names, when it is not `course_title`: the learner is
    /// asked before anything from it is stored. A backup that names no course (older backups,
    /// or one exported before the course had loaded) is not called foreign.
    pub fn other_course(&self, course_title: &str) -> Option<&str> {
        let title = self.course.as_ref()?.title.trim();
        (!title.is_empty() && title != course_title.trim()).then_some(title)
    }
}

/// A backup file of one learner's progress, for moving browsers; it names its course.
pub fn encode_backup(progress: &Progress, course: &BackupCourse, now: u64) -> String {
    encode_backup_with(progress, None, course, now)
}

/// A backup file that also carries the re-check schedule (older hookwise ignores the field).
pub fn encode_backup_with(progress: &Progress, schedule: Option<&crate::schedule::Schedule>, course: &BackupCourse, now: u64) -> String {
    let backup = BackupV2Out {
        format: BACKUP_FORMAT.into(),
        v: BACKUP_VERSION,
        course: CourseV2 { title: course.title.clone(), version: course.version.clone() },
        exported_at: now,
        progress: ProgressV4Out { base: ProgressV2::from(progress), practice: PracticeFieldsV4::from(progress) },
        schedule: schedule.map(crate::schedule::ScheduleV1::from),
    };
    serde_json::to_string_pretty(&backup).expect("plain structs with string keys always serialise")
}

/// Backup 2 as written, with a v4 record (practice included).
#[derive(Serialize)]
struct BackupV2Out {
    format: String,
    v: u32,
    course: CourseV2,
    exported_at: u64,
    progress: ProgressV4Out,
    /// The re-check schedule (read on its own: `schedule::read_backup_schedule`).
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule: Option<crate::schedule::ScheduleV1>,
}

/// The practice in a backup's v4 record.
#[derive(Deserialize)]
struct BackupPractice {
    progress: PracticeFieldsV4,
}

/// Reads a backup file of any known version, with its practice; anything else is refused
/// with the reason.
pub fn decode_backup(text: &str) -> Result<Backup, RecordError> {
    let mut backup = decode_backup_base(text)?;
    if let Ok(b) = serde_json::from_str::<BackupPractice>(text) {
        b.progress.into_progress(&mut backup.progress);
    }
    Ok(backup)
}

fn decode_backup_base(text: &str) -> Result<Backup, RecordError> {
    let probe: BackupProbe = serde_json::from_str(text).map_err(|e| match shape(e) {
        RecordError::WrongShape(_) => RecordError::NotBackup,
        other => other,
    })?;
    if probe.format.as_deref() != Some(BACKUP_FORMAT) {
        return Err(RecordError::NotBackup);
    }
    let progress_version = probe.progress.and_then(|p| p.v);
    match (probe.v, progress_version) {
        (Some(v), _) if v > BACKUP_VERSION => Err(RecordError::FutureVersion(v)),
        (_, Some(v)) if v > PROGRESS_FORMAT => Err(RecordError::FutureVersion(v)),
        (_, None) => Err(RecordError::WrongShape("the backup holds no progress")),
        (Some(BACKUP_VERSION), Some(2..=4)) => serde_json::from_str::<BackupV2>(text).map_err(shape).map(|b| Backup {
            progress: b.progress.into(),
            course: Some(BackupCourse { title: b.course.title, version: b.course.version }),
            exported_at: b.exported_at,
            schedule: crate::schedule::read_backup_schedule(text),
        }),
        (None, Some(1)) => serde_json::from_str::<BackupV1Scores>(text)
            .map_err(shape)
            .map(|b| Backup { progress: b.progress.into(), course: None, exported_at: 0, schedule: None }),
        (None, Some(2..=4)) => serde_json::from_str::<BackupV1>(text)
            .map_err(shape)
            .map(|b| Backup { progress: b.progress.into(), course: None, exported_at: b.exported_at, schedule: None }),
        _ => Err(RecordError::WrongShape(format::UNKNOWN_VERSION)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Progress {
        let mut p = Progress::default();
        let mut answers = Answers::new();
        answers.insert("who-do-you-tell".into(), vec![2]);
        p.attempts.push(Attempt {
            lesson_id: "little-hook".into(),
            lesson_version: "3".into(),
            content_hash: "abc".into(),
            seed: 42,
            started_at: 1000,
            finished_at: 2000,
            answers: answers.clone(),
            score: 83,
            passed: true,
        });
        p.in_progress.insert(
            "online-pitches".into(),
            QuizInProgress {
                content_hash: "def".into(),
                seed: 7,
                started_at: 3000,
                updated_at: 4000,
                answers,
                checked: vec!["who-do-you-tell".into()],
                current: 1,
            },
        );
        p.positions.insert("online-pitches".into(), Position { anchor: "red-flags".into(), updated_at: 3500 });
        p.profile = Some(Profile { name: "Ana".into(), email: "ana@example.com".into(), team: "R&D".into(), updated_at: 1 });
        p.role = Some(RoleChoice { path: Some("travellers".into()), updated_at: 2 });
        p.practise("online-pitches", "the-advisory-panel", vec![vec![1], vec![0]], 3600);
        p.practise("ai-profiles", "a-request-to-connect", vec![vec![0, 3]], 3700);
        p.finish_practice(PracticeResult {
            lesson_id: "little-hook".into(),
            scenario_id: "the-market-reports".into(),
            title: "The market reports".into(),
            finished_at: 2500,
            points: 2,
            out_of: 3,
            percent: 66,
            reported: Some(ReportTiming::AfterTask),
            flags: Vec::new(),
            wrongly_flagged: Vec::new(),
        });
        p.finish_practice(PracticeResult {
            lesson_id: "ai-profiles".into(),
            scenario_id: "a-second-profile".into(),
            title: "A second profile".into(),
            finished_at: 3800,
            points: 1,
            out_of: 3,
            percent: 33,
            reported: None,
            flags: vec![(1, true), (4, false), (6, true)],
            wrongly_flagged: vec![2],
        });
        p
    }

    #[test]
    fn a_v2_record_loads_unchanged_with_no_role() {
        let v2 = r#"{"v":2,"cleared_at":0,"attempts":[{"lesson":"little-hook","version":"1","hash":"h","seed":3,"started":1,"finished":2,"answers":{},"score":90,"passed":true}],"in_progress":{},"positions":{},"profile":{"name":"Ana","email":"","team":"","updated":1}}"#;
        let p = decode_progress(v2).expect("v2 stays readable");
        assert_eq!(p.attempts.len(), 1);
        assert_eq!(p.profile.as_ref().map(|p| p.name.as_str()), Some("Ana"));
        assert_eq!(p.role, None, "a learner with old progress is asked for a role once");
        assert!(encode_progress(&p).starts_with("{\"v\":4"));
    }

    #[test]
    fn a_v3_record_loads_with_no_practice_and_v4_keeps_it() {
        let v3 = r#"{"v":3,"cleared_at":0,"attempts":[],"in_progress":{},"positions":{},"role":{"path":"hiring","updated":4}}"#;
        let p = decode_progress(v3).expect("v3 stays readable");
        assert!(p.practice.is_empty() && p.practice_results.is_empty());
        assert_eq!(p.path(), Some("hiring"));
        let text = encode_progress(&sample());
        assert!(text.contains(r#""practice":{"ai-profiles":{"a-request-to-connect":{"picks":[[0,3]],"updated":3700}}"#), "{text}");
        assert!(text.contains(r#""reported":"after-task""#), "{text}");
        // A timing a later version might add is dropped; the result is kept.
        let odd = text.replace("after-task", "after-lunch");
        let back = decode_progress_full(&odd).expect("readable");
        assert!(decode_progress(&text).expect("the first load's reader").practice_results.is_empty(), "the first load reads no practice");
        assert_eq!(back.practice_results.len(), 2);
        assert_eq!(back.practice_results[0].reported, None);
        // A mock-up's parts: found, missed and wrongly flagged, by index; a v4 record written
        // before they were kept reads with none.
        assert!(text.contains(r#""found":[1,6],"missed":[4],"wrong":[2]"#), "{text}");
        assert_eq!(back.practice_results[1].flags, [(1, true), (4, false), (6, true)]);
        let older = text.replace(r#","found":[1,6],"missed":[4],"wrong":[2]"#, "");
        let old = decode_progress_full(&older).expect("an older v4 record");
        assert!(old.practice_results[1].flags.is_empty() && old.practice_results[1].wrongly_flagged.is_empty());
        // A backup holding a v4 record reads back whole.
        let backup = encode_backup(&sample(), &course(), 9);
        assert_eq!(decode_backup(&backup).map(|b| b.progress), Ok(sample()));
    }

    #[test]
    fn a_role_record_round_trips_and_garbage_is_no_choice() {
        let role = RoleChoice { path: Some("hiring".into()), updated_at: 9 };
        assert_eq!(decode_role_choice(&encode_role_choice(&role)), Some(role));
        assert_eq!(decode_role_choice("{\"v\":7,\"updated\":1}"), None);
        assert_eq!(decode_role_choice("[]"), None);
        let odd = RoleChoice { path: Some("a\"b\\c\nd".into()), updated_at: 3 };
        assert_eq!(decode_role_choice(&encode_role_choice(&odd)), Some(odd), "escaped by hand, read by serde");
        let core = RoleChoice { path: None, updated_at: 4 };
        assert_eq!(decode_role_choice(&encode_role_choice(&core)), Some(core));
    }

    #[test]
    fn the_core_only_choice_is_kept_apart_from_no_choice() {
        let mut p = Progress::default();
        p.choose_role(None, 5);
        let back = decode_progress(&encode_progress(&p)).expect("round trip");
        assert_eq!(back.role, Some(RoleChoice { path: None, updated_at: 5 }));
    }

    #[test]
    fn current_format_round_trips() {
        let p = sample();
        assert_eq!(decode_progress_full(&encode_progress(&p)), Ok(p));
    }

    #[test]
    fn migrates_v1_scores_into_attempts() {
        let v1 = r#"{"v":1,"scores":[{"lesson":"little-hook","score":90,"passed":true,"at":1700000000000}]}"#;
        let p = decode_progress(v1).expect("v1 stays readable");
        assert_eq!(p.attempts.len(), 1);
        let a = &p.attempts[0];
        assert_eq!((a.lesson_id.as_str(), a.score, a.passed, a.finished_at), ("little-hook", 90, true, 1_700_000_000_000));
        assert!(p.in_progress.is_empty());
    }

    #[test]
    fn refuses_garbage_future_versions_and_other_shapes() {
        assert_eq!(decode_progress("{\"v\":2,\"attempts\":[{"), Err(RecordError::NotJson));
        assert_eq!(decode_progress("not json"), Err(RecordError::NotJson));
        assert_eq!(decode_progress(r#"{"v":99,"whatever":true}"#), Err(RecordError::FutureVersion(99)));
        assert!(matches!(decode_progress(r#"{"hello":"world"}"#), Err(RecordError::WrongShape(_))));
        assert!(matches!(decode_progress(r#"{"v":2,"attempts":"nope"}"#), Err(RecordError::WrongShape(_))));
    }

    fn course() -> BackupCourse {
        BackupCourse { title: "Recognize and report recruitment approaches".into(), version: "2026.11".into() }
    }

    #[test]
    fn backup_round_trips_names_its_course_and_refuses_other_files() {
        let p = sample();
        let text = encode_backup(&p, &course(), 5000);
        assert!(text.contains("\"v\": 2"), "{text}");
        let back = decode_backup(&text).expect("round trip");
        assert_eq!(back, Backup { progress: p, course: Some(course()), exported_at: 5000, schedule: None });
        assert_eq!(back.other_course("Recognize and report recruitment approaches"), None);
        assert_eq!(back.other_course("Another course"), Some("Recognize and report recruitment approaches"));
        let untitled = Backup { course: Some(BackupCourse { title: " ".into(), version: String::new() }), ..back.clone() };
        assert_eq!(untitled.other_course("Another course"), None);
        assert_eq!(decode_backup(r#"{"name":"a report"}"#), Err(RecordError::NotBackup));
        assert_eq!(decode_backup("[1,2,3]"), Err(RecordError::NotBackup));
        assert_eq!(decode_backup("<html>"), Err(RecordError::NotJson));
        assert_eq!(RecordError::NotBackup.to_string(), "it is not a hookwise progress backup");
    }

    #[test]
    fn backups_of_the_first_version_stay_readable() {
        let v1_with_v3 = r#"{"format":"hookwise-progress-backup","exported_at":7,"course_version":"2026.11","progress":{"v":3,"cleared_at":0,"attempts":[{"lesson":"little-hook","version":"1","hash":"h","seed":3,"started":1,"finished":2,"answers":{},"score":90,"passed":true}],"role":{"updated":4}}}"#;
        let b = decode_backup(v1_with_v3).expect("backup 1 with a v3 record");
        assert_eq!((&b.course, b.exported_at, b.progress.attempts.len()), (&None, 7, 1));
        assert_eq!(b.other_course("anything"), None, "a backup that names no course is not called foreign");
        let v1_with_v2 = v1_with_v3.replace("\"v\":3", "\"v\":2");
        assert!(decode_backup(&v1_with_v2).is_ok());
        let v1_scores = r#"{"format":"hookwise-progress-backup","progress":{"v":1,"scores":[{"lesson":"a","score":80,"passed":true,"at":9}]}}"#;
        assert_eq!(decode_backup(v1_scores).map(|b| b.progress.attempts.len()), Ok(1));
    }

    #[test]
    fn newer_backups_are_refused_in_plain_words() {
        let text = encode_backup(&sample(), &course(), 1).replacen("\"v\": 2", "\"v\": 9", 1);
        assert_eq!(decode_backup(&text), Err(RecordError::FutureVersion(9)));
        let text = encode_backup(&sample(), &course(), 1).replacen("\"v\": 4", "\"v\": 5", 1);
        assert_eq!(decode_backup(&text), Err(RecordError::FutureVersion(5)));
    }

    #[test]
    fn messages_never_show_parser_text() {
        let inputs = [
            "[1,2]",
            "\"text\"",
            "42",
            r#"{"v":2,"attempts":"nope"}"#,
            r#"{"v":"two"}"#,
            r#"{"v":2,"attempts":[{"lesson":1}]}"#,
            r#"{"format":"hookwise-progress-backup","v":2,"course":[],"exported_at":1,"progress":{"v":3}}"#,
            r#"{"format":"hookwise-progress-backup","progress":{"v":2,"attempts":[[]]}}"#,
            r#"{"format":"hookwise-progress-backup","progress":[]}"#,
        ];
        for input in inputs {
            for e in [decode_progress(input).err(), decode_backup(input).err()].into_iter().flatten() {
                let text = e.to_string();
                for jargon in ["expected", "line 1", "column", "invalid type", "struct", "sequence", "VersionProbe", "`"] {
                    assert!(!text.contains(jargon), "{input}: {text}");
                }
            }
        }
    }

    #[test]
    fn backups_carry_the_schedule_and_a_bad_one_costs_nothing_else() {
        use crate::schedule::{Item, Schedule, ScheduleError};
        const NOW: u64 = 1_800_000_000_000;
        let course = BackupCourse { title: "C".into(), version: "1".into() };
        let mut s = Schedule::default();
        s.missed(&[Item::Question { lesson: "l".into(), question: "a".into() }], 10, NOW);
        let text = encode_backup_with(&Progress::default(), Some(&s), &course, NOW);
        assert_eq!(decode_backup(&text).map(|b| b.schedule), Ok(Some(Ok(s))));
        let older = encode_backup(&Progress::default(), &course, NOW);
        assert_eq!(decode_backup(&older).map(|b| b.schedule), Ok(None), "older backups have none");
        let newer = text.replacen("\"v\": 1", "\"v\": 5", 1);
        let backup = decode_backup(&newer).expect("the progress is still read");
        assert_eq!(backup.schedule, Some(Err(ScheduleError::FutureVersion(5))));
    }
}
