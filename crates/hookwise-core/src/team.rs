//! The manager's view of a team: reports merged per learner (the latest wins), the overview
//! figures, the learner × lesson matrix, chart data, CSV export, and the compact stored form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::csv::csv_cell;
use crate::progress::{due_again, LessonStatus};
use crate::report::{LessonResult, Report};
use crate::wire::{self, JsonOut};

/// What happened to an imported report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    New,
    /// It replaced an older report from the same learner.
    Replaced,
    /// A newer report from the same learner was already here; it was ignored.
    Older,
}

/// All imported reports, one per learner.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Team {
    pub learners: BTreeMap<String, Report>,
}

/// The figures at the top of the dashboard.
#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    pub learners: usize,
    pub completed: usize,
    /// Completed learners in percent of all learners.
    pub completion_rate: u8,
    pub average_score: Option<u8>,
    pub median_score: Option<u8>,
    /// Learners with a required lesson not passed, or passed more than N days ago.
    pub overdue: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearnerFilter {
    All,
    Completed,
    Overdue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Team,
    Score,
    Lesson(String),
}

impl Team {
    pub fn add(&mut self, report: Report) -> Added {
        let key = report.learner_key();
        match self.learners.get(&key) {
            Some(existing) if existing.generated_at >= report.generated_at => Added::Older,
            Some(_) => {
                self.learners.insert(key, report);
                Added::Replaced
            }
            None => {
                self.learners.insert(key, report);
                Added::New
            }
        }
    }

    /// Lesson columns (id, title): the newest report's course order, then any other lessons
    /// (from the other reports, newest first).
    ///
    /// Linear in the reports for the usual team, whose reports all carry the same lessons: only
    /// reports with a lesson the newest one lacks are sorted (20,000 learners redraw in
    /// milliseconds; see `lrs_profile`).
    pub fn lessons(&self) -> Vec<(String, String)> {
        let mut newest: Option<&Report> = None;
        for r in self.learners.values() {
            if newest.is_none_or(|n| r.generated_at > n.generated_at) {
                newest = Some(r);
            }
        }
        let Some(newest) = newest else { return Vec::new() };
        let mut columns: Vec<(String, String)> = Vec::new();
        let add = |columns: &mut Vec<(String, String)>, report: &Report| {
            for (i, l) in report.lessons.iter().enumerate() {
                if column_of(columns, &l.id, i).is_none() {
                    columns.push((l.id.clone(), l.title.clone()));
                }
            }
        };
        add(&mut columns, newest);
        let mut others: Vec<&Report> = self
            .learners
            .values()
            .filter(|r| !std::ptr::eq(*r, newest) && r.lessons.iter().enumerate().any(|(i, l)| column_of(&columns, &l.id, i).is_none()))
            .collect();
        // Newest first (stably), by a text key: see `by_text`.
        by_text(&mut others, |r| format!("{:016x}", u64::MAX - r.generated_at));
        for report in others {
            add(&mut columns, report);
        }
        columns
    }

    pub fn teams(&self) -> Vec<String> {
        let mut teams: Vec<String> = self.learners.values().map(|r| r.team.clone()).collect();
        by_text(&mut teams, String::clone);
        teams.dedup();
        teams
    }

    pub fn overview(&self, now: u64, overdue_days: u32) -> Overview {
        let learners = self.learners.len();
        let mut completed = 0;
        // Sorted as u64, the one number sort the dashboard carries (see `misses::by_share`).
        let mut wide: Vec<u64> = Vec::with_capacity(learners);
        for r in self.learners.values() {
            completed += is_complete(r, now, overdue_days) as usize;
            wide.extend(learner_score(r).map(u64::from));
        }
        wide.sort_unstable();
        let scores: Vec<u8> = wide.into_iter().map(|s| s as u8).collect();
        let average_score = (!scores.is_empty())
            .then(|| (scores.iter().map(|s| *s as u32).sum::<u32>() as f64 / scores.len() as f64).round() as u8);
        Overview {
            learners,
            completed,
            completion_rate: crate::grading::percent(completed, learners).unwrap_or(0),
            average_score,
            median_score: median(&scores),
            overdue: learners - completed,
        }
    }

    /// Learners matching the filters, sorted.
    pub fn rows(&self, team: Option<&str>, filter: LearnerFilter, sort: &SortKey, descending: bool, now: u64, overdue_days: u32) -> Vec<&Report> {
        let mut rows: Vec<&Report> = self
            .learners
            .values()
            .filter(|r| team.is_none_or(|t| r.team == t))
            .filter(|r| match filter {
                LearnerFilter::All => true,
                LearnerFilter::Completed => is_complete(r, now, overdue_days),
                LearnerFilter::Overdue => !is_complete(r, now, overdue_days),
            })
            .collect();
        // One text key per order (see `by_text`): the team and a NUL before the name sort as
        // (team, name); a score as one character (none lowest) before the name as (score, name).
        let name = |r: &Report| r.name.to_lowercase();
        let score = |s: Option<u8>, r: &Report| format!("{}{}", char::from_u32(s.map_or(0, |s| s as u32 + 1)).unwrap_or_default(), name(r));
        match sort {
            SortKey::Name => by_text(&mut rows, |r| name(r)),
            SortKey::Team => by_text(&mut rows, |r| format!("{}\0{}", r.team.to_lowercase(), name(r))),
            SortKey::Score => by_text(&mut rows, |r| score(learner_score(r), r)),
            SortKey::Lesson(id) => by_text(&mut rows, |r| score(r.lessons.iter().find(|l| l.id == *id).and_then(|l| l.best_score), r)),
        }
        if descending {
            rows.reverse();
        }
        rows
    }

    /// For each lesson column: learners who have passed it (and are not overdue on it).
    pub fn completion_per_lesson(&self, now: u64, overdue_days: u32) -> Vec<(String, String, usize)> {
        let columns = self.lessons();
        let mut passed = vec![0usize; columns.len()];
        // The learner each column last counted, so a lesson listed twice counts once.
        let mut counted = vec![usize::MAX; columns.len()];
        for (n, r) in self.learners.values().enumerate() {
            for (i, l) in r.lessons.iter().enumerate() {
                if let Some(c) = column_of(&columns, &l.id, i) {
                    if counted[c] != n && cell_status(l, now, overdue_days) == LessonStatus::Passed {
                        counted[c] = n;
                        passed[c] += 1;
                    }
                }
            }
        }
        columns.into_iter().zip(passed).map(|((id, title), passed)| (id, title, passed)).collect()
    }

    /// Learners per score band: 0–9, 10–19, …, 90–100.
    pub fn score_histogram(&self) -> [usize; 10] {
        let mut bands = [0; 10];
        for score in self.learners.values().filter_map(learner_score) {
            bands[(score as usize / 10).min(9)] += 1;
        }
        bands
    }
}

/// The index of lesson `id` among `columns`, trying `hint` (its place in a report) first.
fn column_of(columns: &[(String, String)], id: &str, hint: usize) -> Option<usize> {
    match columns.get(hint) {
        Some((c, _)) if c == id => Some(hint),
        _ => columns.iter().position(|(c, _)| c == id),
    }
}

/// Imported reports sorted against the dashboard's course, before anything is stored: the
/// same rules as a learner's backup import. Reports of another course are held back until the
/// manager confirms; results for lessons the course does not have are not kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortedImport {
    pub ours: Vec<Report>,
    /// Reports whose course title is not this course's.
    pub other_course: Vec<Report>,
    /// Lessons reports had results for that this course lacks (their results were dropped).
    pub unknown_lessons: Vec<String>,
}

impl SortedImport {
    /// The distinct course titles of the reports held back, for the message.
    pub fn other_titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = self.other_course.iter().map(|r| r.course_title.clone()).collect();
        by_text(&mut titles, String::clone);
        titles.dedup();
        titles
    }
}

/// Sorts imported reports for `catalogue` (see `SortedImport`).
pub fn sort_import(reports: Vec<Report>, course: &crate::course::CourseIndex) -> SortedImport {
    let mut sorted = SortedImport::default();
    for mut report in reports {
        report.lessons.retain(|l| {
            let known = course.has_lesson(&l.id);
            if !known && !sorted.unknown_lessons.contains(&l.id) {
                sorted.unknown_lessons.push(l.id.clone());
            }
            known
        });
        report.misses.lessons.retain(|a| course.has_lesson(&a.lesson));
        report.misses.practice.retain(|p| course.has_lesson(&p.lesson));
        if report.course_title.trim() == course.title.trim() {
            sorted.ours.push(report);
        } else {
            sorted.other_course.push(report);
        }
    }
    by_text(&mut sorted.unknown_lessons, String::clone);
    sorted
}

impl Team {
    /// Takes in what another tab stored: per learner, the latest report wins, so nothing
    /// either tab imported is lost.
    pub fn merge(&mut self, other: Team) {
        for report in other.learners.into_values() {
            self.add(report);
        }
    }
}

/// Sorts `items` stably by a text key. Every list the dashboard sorts by something other than a
/// number goes through this one function with `String` keys, so the bundle carries one copy of
/// std's sort for all of them (each element or key type would bring its own 2–5 KB).
pub fn by_text<T>(items: &mut [T], key: impl FnMut(&T) -> String) {
    items.sort_by_cached_key(key);
}

/// A lesson's status as the manager sees it: a pass older than N days is due again.
pub fn cell_status(lesson: &LessonResult, now: u64, overdue_days: u32) -> LessonStatus {
    match (lesson.status, lesson.passed_at) {
        (LessonStatus::Passed, Some(at)) if due_again(at, now, overdue_days) => LessonStatus::DueAgain,
        (status, _) => status,
    }
}

/// Every required lesson passed within the last N days.
pub fn is_complete(report: &Report, now: u64, overdue_days: u32) -> bool {
    let mut required = report.lessons.iter().filter(|l| l.required).peekable();
    required.peek().is_some() && required.all(|l| cell_status(l, now, overdue_days) == LessonStatus::Passed)
}

/// A learner's score: the mean best score over required lessons (a lesson never attempted
/// counts as 0). `None` when the report lists no required lesson.
pub fn learner_score(report: &Report) -> Option<u8> {
    let (mut sum, mut count) = (0u32, 0u32);
    for l in report.lessons.iter().filter(|l| l.required) {
        sum += l.best_score.unwrap_or(0) as u32;
        count += 1;
    }
    (count > 0).then(|| (sum as f64 / count as f64).round() as u8)
}

/// The median of sorted scores (the mean of the middle two for an even count, rounded).
pub fn median(sorted: &[u8]) -> Option<u8> {
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[n / 2]),
        n => Some(((sorted[n / 2 - 1] as u32 + sorted[n / 2] as u32 + 1) / 2) as u8),
    }
}

fn status_text(lesson: Option<&LessonResult>, now: u64, overdue_days: u32) -> String {
    match lesson {
        None => "Not in report".into(),
        Some(l) => {
            let status = cell_status(l, now, overdue_days).label();
            match l.best_score {
                Some(score) => format!("{status} ({score}%)"),
                None => status.to_string(),
            }
        }
    }
}

/// The matrix as CSV (UTF-8 with a byte-order mark and CRLF lines, as spreadsheet tools expect).
pub fn csv(team: &Team, rows: &[&Report], now: u64, overdue_days: u32) -> String {
    let lessons = team.lessons();
    let mut out = String::from("\u{feff}");
    let mut header = vec!["Name".to_string(), "Email".into(), "Team".into(), "Score".into(), "Completed".into()];
    header.extend(lessons.iter().map(|(_, title)| title.clone()));
    out.push_str(&header.iter().map(|h| csv_cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        let mut cells = vec![
            r.name.clone(),
            r.email.clone(),
            r.team.clone(),
            learner_score(r).map(|s| format!("{s}%")).unwrap_or_default(),
            if is_complete(r, now, overdue_days) { "Yes".into() } else { "No".into() },
        ];
        cells.extend(lessons.iter().map(|(id, _)| status_text(r.lessons.iter().find(|l| l.id == *id), now, overdue_days)));
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

// The stored form: compact, because 10,000 learners must fit in the browser's storage.
// Lessons are listed once; each learner holds one row of cells aligned with them.

/// Version 2 adds each learner's "What people miss" detail; version 1 still reads.
pub const TEAM_FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
/// `S` is `String` when read, `&str` when written (nothing is copied to be written).
struct TeamV1<S> {
    v: u32,
    /// (id, title, required, pass_mark, version, content hash)
    lessons: Vec<(S, S, bool, u8, S, S)>,
    /// (name, email, team, course title, course version, generated_at, cells)
    learners: Vec<(S, S, S, S, S, u64, Vec<CellV1>)>,
    /// v2: per learner, in the same order, `misses::encode_learner` (empty when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    misses: Vec<String>,
}

/// (lesson index, status code, best score or -1, attempts, passed_at or 0)
type CellV1 = (u16, u8, i16, u32, u64);

fn status_code(s: LessonStatus) -> u8 {
    match s {
        LessonStatus::NotStarted => 0,
        LessonStatus::InProgress => 1,
        LessonStatus::Passed => 2,
        LessonStatus::Failed => 3,
        LessonStatus::DueAgain => 4,
    }
}

fn status_from(code: u8) -> LessonStatus {
    match code {
        1 => LessonStatus::InProgress,
        2 => LessonStatus::Passed,
        3 => LessonStatus::Failed,
        4 => LessonStatus::DueAgain,
        _ => LessonStatus::NotStarted,
    }
}

pub fn encode_team(team: &Team) -> String {
    let mut lessons: Vec<(&str, &str, bool, u8, &str, &str)> = Vec::new();
    let mut index: BTreeMap<(&str, &str), u16> = BTreeMap::new();
    let mut learners = Vec::with_capacity(team.learners.len());
    let mut misses = Vec::with_capacity(team.learners.len());
    for r in team.learners.values() {
        misses.push(crate::misses::encode_learner(&r.misses));
        let cells = r
            .lessons
            .iter()
            .map(|l| {
                let key = (l.id.as_str(), l.content_hash.as_str());
                let i = *index.entry(key).or_insert_with(|| {
                    lessons.push((&l.id, &l.title, l.required, l.pass_mark, &l.version, &l.content_hash));
                    (lessons.len() - 1) as u16
                });
                (i, status_code(l.status), l.best_score.map_or(-1, |s| s as i16), l.attempts, l.passed_at.unwrap_or(0))
            })
            .collect();
        learners.push((r.name.as_str(), r.email.as_str(), r.team.as_str(), r.course_title.as_str(), r.course_version.as_str(), r.generated_at, cells));
    }
    if misses.iter().all(String::is_empty) {
        misses.clear();
    }
    write_team(&TeamV1 { v: TEAM_FORMAT, lessons, learners, misses })
}

/// The stored form written by hand: byte for byte what `serde_json::to_string` writes for it.
fn write_team(t: &TeamV1<&str>) -> String {
    let mut out = JsonOut::default();
    out.open('{').key("v").uint(t.v as u64).key("lessons").open('[');
    for (id, title, required, pass_mark, version, hash) in &t.lessons {
        out.open('[').str(id).str(title).boolean(*required).uint(*pass_mark as u64).str(version).str(hash).close(']');
    }
    out.close(']').key("learners").open('[');
    for (name, email, team, course_title, course_version, generated_at, cells) in &t.learners {
        out.open('[').str(name).str(email).str(team).str(course_title).str(course_version).uint(*generated_at).open('[');
        for (lesson, status, score, attempts, passed_at) in cells {
            out.open('[').uint(*lesson as u64).uint(*status as u64).int(*score as i64).uint(*attempts as u64).uint(*passed_at).close(']');
        }
        out.close(']').close(']');
    }
    out.close(']');
    if !t.misses.is_empty() {
        out.key("misses").open('[');
        for m in &t.misses {
            out.str(m);
        }
        out.close(']');
    }
    out.close('}');
    out.finish()
}

/// Reads the stored form by hand, as strictly as serde's derive did (see `wire`).
fn read_team(text: &str) -> Result<TeamV1<String>, crate::format::FormatError> {
    wire::read_all(text, |r, bad| {
        let mut t = TeamV1 { v: 0, lessons: Vec::new(), learners: Vec::new(), misses: Vec::new() };
        wire::object(r, bad, &["v", "lessons", "learners", "misses"], 3, |r, i| {
            match i {
                0 => t.v = wire::uint(r, bad, u32::MAX as u64)? as u32,
                1 => wire::array(r, bad, |r| {
                    let mut l = (String::new(), String::new(), false, 0u8, String::new(), String::new());
                    wire::tuple(r, bad, 6, |r, i| {
                        match i {
                            0 => l.0 = wire::string(r, bad)?,
                            1 => l.1 = wire::string(r, bad)?,
                            2 => l.2 = wire::boolean(r, bad)?,
                            3 => l.3 = wire::uint(r, bad, u8::MAX as u64)? as u8,
                            4 => l.4 = wire::string(r, bad)?,
                            _ => l.5 = wire::string(r, bad)?,
                        }
                        Some(())
                    })?;
                    t.lessons.push(l);
                    Some(())
                })?,
                2 => wire::array(r, bad, |r| {
                    let mut texts: [String; 5] = Default::default();
                    let (mut generated_at, mut cells) = (0u64, Vec::new());
                    wire::tuple(r, bad, 7, |r, i| {
                        match i {
                            0..=4 => texts[i] = wire::string(r, bad)?,
                            5 => generated_at = wire::uint(r, bad, u64::MAX)?,
                            _ => wire::array(r, bad, |r| {
                                let mut c: CellV1 = (0, 0, 0, 0, 0);
                                wire::tuple(r, bad, 5, |r, i| {
                                    match i {
                                        0 => c.0 = wire::uint(r, bad, u16::MAX as u64)? as u16,
                                        1 => c.1 = wire::uint(r, bad, u8::MAX as u64)? as u8,
                                        2 => c.2 = wire::int(r, bad, i16::MIN as i64, i16::MAX as u64)? as i16,
                                        3 => c.3 = wire::uint(r, bad, u32::MAX as u64)? as u32,
                                        _ => c.4 = wire::uint(r, bad, u64::MAX)?,
                                    }
                                    Some(())
                                })?;
                                cells.push(c);
                                Some(())
                            })?,
                        }
                        Some(())
                    })?;
                    let [name, email, team, course_title, course_version] = texts;
                    t.learners.push((name, email, team, course_title, course_version, generated_at, cells));
                    Some(())
                })?,
                _ => wire::array(r, bad, |r| {
                    t.misses.push(wire::string(r, bad)?);
                    Some(())
                })?,
            }
            Some(())
        })?;
        Some(t)
    })
}

pub fn decode_team(text: &str) -> Result<Team, crate::records::RecordError> {
    use crate::format;
    format::known_version(wire::version(text)?, 1, TEAM_FORMAT)?;
    team_from_wire(read_team(text)?)
}

fn team_from_wire(wire: TeamV1<String>) -> Result<Team, crate::records::RecordError> {
    use crate::format;
    use crate::records::RecordError;
    let mut team = Team::default();
    for (i, (name, email, team_name, course_title, course_version, generated_at, cells)) in wire.learners.into_iter().enumerate() {
        let misses = crate::misses::decode_learner(wire.misses.get(i).map_or("", String::as_str))
            .ok_or(RecordError::WrongShape(format::PARTS_WRONG))?;
        let lessons = cells
            .into_iter()
            .filter_map(|(i, status, score, attempts, passed_at)| {
                let (id, title, required, pass_mark, version, hash) = wire.lessons.get(i as usize)?.clone();
                Some(LessonResult {
                    id,
                    title,
                    required,
                    status: status_from(status),
                    best_score: u8::try_from(score).ok(),
                    pass_mark,
                    attempts,
                    passed_at: (passed_at > 0).then_some(passed_at),
                    version,
                    content_hash: hash,
                })
            })
            .collect();
        team.add(Report { name, email, team: team_name, course_title, course_version, generated_at, lessons, misses });
    }
    Ok(team)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::DAY_MS;

    const NOW: u64 = 1_800_000_000_000;

    fn lesson(id: &str, status: LessonStatus, score: Option<u8>, passed_days_ago: Option<u64>) -> LessonResult {
        LessonResult {
            id: id.into(),
            title: id.to_uppercase(),
            required: true,
            status,
            best_score: score,
            pass_mark: 80,
            attempts: 1,
            passed_at: passed_days_ago.map(|d| NOW - d * DAY_MS),
            version: "1".into(),
            content_hash: "h".into(),
        }
    }

    fn report(name: &str, team: &str, at: u64, lessons: Vec<LessonResult>) -> Report {
        Report {
            name: name.into(),
            email: format!("{}@example.com", name.to_lowercase()),
            team: team.into(),
            course_title: "c".into(),
            course_version: "1".into(),
            generated_at: at,
            lessons,
            misses: Default::default(),
        }
    }

    fn sample() -> Team {
        let mut t = Team::default();
        t.add(report("Ana", "Research", NOW, vec![lesson("a", LessonStatus::Passed, Some(90), Some(3)), lesson("b", LessonStatus::Passed, Some(100), Some(2))]));
        t.add(report("Bo", "Sales", NOW, vec![lesson("a", LessonStatus::Failed, Some(40), None), lesson("b", LessonStatus::NotStarted, None, None)]));
        t.add(report("Cy", "Research", NOW, vec![lesson("a", LessonStatus::Passed, Some(80), Some(400)), lesson("b", LessonStatus::Passed, Some(80), Some(1))]));
        t
    }

    #[test]
    fn lesson_columns_follow_the_newest_report_then_the_others_newest_first() {
        // The plain definition: every report newest first (ties in key order), each lesson once.
        fn reference(t: &Team) -> Vec<(String, String)> {
            let mut reports: Vec<&Report> = t.learners.values().collect();
            reports.sort_by(|a, b| b.generated_at.cmp(&a.generated_at));
            let mut columns: Vec<(String, String)> = Vec::new();
            for l in reports.iter().flat_map(|r| &r.lessons) {
                if !columns.iter().any(|(id, _)| *id == l.id) {
                    columns.push((l.id.clone(), l.title.clone()));
                }
            }
            columns
        }
        let l = |id: &str| lesson(id, LessonStatus::Passed, Some(90), Some(1));
        let mut t = Team::default();
        t.add(report("Ana", "R", 5, vec![l("c"), l("a"), l("x")]));
        t.add(report("Bo", "R", 9, vec![l("a"), l("b")]));
        t.add(report("Cy", "R", 9, vec![l("b"), l("d"), l("a")]));
        t.add(report("Di", "R", 7, vec![l("e"), l("a"), l("a")]));
        t.add(report("Ed", "R", 1, vec![]));
        let ids = |c: Vec<(String, String)>| c.into_iter().map(|(id, _)| id).collect::<Vec<_>>();
        assert_eq!(ids(t.lessons()), ["a", "b", "d", "e", "c", "x"]);
        assert_eq!(t.lessons(), reference(&t));
        assert_eq!(Team::default().lessons(), []);
        // A lesson listed twice in one report counts its learner once.
        let passed: Vec<usize> = t.completion_per_lesson(NOW, 365).iter().map(|c| c.2).collect();
        assert_eq!(passed, [4, 2, 1, 1, 1, 1]);
    }

    #[test]
    fn the_latest_report_per_learner_wins() {
        let mut t = Team::default();
        assert_eq!(t.add(report("Ana", "R", 10, vec![lesson("a", LessonStatus::Failed, Some(10), None)])), Added::New);
        assert_eq!(t.add(report("ANA", "R", 30, vec![lesson("a", LessonStatus::Passed, Some(90), Some(1))])), Added::Replaced);
        assert_eq!(t.add(report("Ana", "R", 20, vec![lesson("a", LessonStatus::Failed, Some(20), None)])), Added::Older);
        assert_eq!(t.learners.len(), 1);
        assert_eq!(t.learners.values().next().map(|r| r.generated_at), Some(30));
    }

    #[test]
    fn overdue_means_not_passed_or_passed_too_long_ago() {
        let t = sample();
        let o = t.overview(NOW, 365);
        assert_eq!((o.learners, o.completed, o.overdue, o.completion_rate), (3, 1, 2, 33));
        // With a longer limit, Cy's old pass counts again.
        assert_eq!(t.overview(NOW, 500).completed, 2);
        let cy = &t.learners["cy@example.com"];
        assert_eq!(cell_status(&cy.lessons[0], NOW, 365), LessonStatus::DueAgain);
    }

    #[test]
    fn averages_and_medians() {
        let o = sample().overview(NOW, 365);
        // Scores: Ana 95, Bo 20, Cy 80.
        assert_eq!((o.average_score, o.median_score), (Some(65), Some(80)));
        assert_eq!(median(&[10, 20, 30, 41]), Some(25));
        assert_eq!(median(&[10, 21, 30, 40]), Some(26), "half rounds up");
        assert_eq!(median(&[]), None);
        assert_eq!(sample().score_histogram(), [0, 0, 1, 0, 0, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn rows_filter_and_sort() {
        let t = sample();
        let names = |rows: Vec<&Report>| rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(t.rows(Some("Research"), LearnerFilter::All, &SortKey::Name, false, NOW, 365)), ["Ana", "Cy"]);
        assert_eq!(names(t.rows(None, LearnerFilter::Overdue, &SortKey::Score, true, NOW, 365)), ["Cy", "Bo"]);
        assert_eq!(names(t.rows(None, LearnerFilter::All, &SortKey::Lesson("a".into()), true, NOW, 365)), ["Ana", "Cy", "Bo"]);
        assert_eq!(t.completion_per_lesson(NOW, 365).iter().map(|c| c.2).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("Ana"), "\"Ana\"");
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_cell(lead).starts_with("\"'"), "{lead}");
        }
        let t = sample();
        let rows = t.rows(None, LearnerFilter::All, &SortKey::Name, false, NOW, 365);
        let text = csv(&t, &rows, NOW, 365);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "\"Name\",\"Email\",\"Team\",\"Score\",\"Completed\",\"A\",\"B\"");
        assert_eq!(lines[1], "\"Ana\",\"ana@example.com\",\"Research\",\"95%\",\"Yes\",\"Passed (90%)\",\"Passed (100%)\"");
        assert_eq!(lines[2], "\"Bo\",\"bo@example.com\",\"Sales\",\"20%\",\"No\",\"Failed (40%)\",\"Not started\"");
        assert_eq!(lines.len(), 5, "header, three rows and the final empty line");
    }

    #[test]
    fn the_stored_form_round_trips() {
        let t = sample();
        assert_eq!(decode_team(&encode_team(&t)), Ok(t.clone()));
        assert!(decode_team("{\"v\":9}").is_err());
        // Version 2 keeps each learner's answers and practice results.
        let mut with = t.clone();
        let ana = with.learners.get_mut("ana@example.com").expect("Ana");
        ana.misses = crate::misses::decode_learner("a 2 who:-b why:+a\nb - \n~ a spot flag:0:+ report:before").expect("detail");
        assert_eq!(ana.misses.lessons[1].first_attempt, [], "a lesson attempted on another version has no answers");
        let text = encode_team(&with);
        assert!(text.contains("\"misses\":["), "{text}");
        assert_eq!(decode_team(&text), Ok(with));
        // A version 1 record, as the dashboard stored it before "What people miss", still reads.
        let v1 = r#"{"v":1,"lessons":[["a","A",true,80,"1","h"]],"learners":[["Ana","ana@example.com","R","c","1",5,[[0,2,90,1,4]]]]}"#;
        let old = decode_team(v1).expect("v1 reads");
        assert_eq!(old.learners["ana@example.com"].lessons[0].best_score, Some(90));
        assert_eq!(old.learners["ana@example.com"].misses, Default::default());
    }

    /// The stored form against the serde code it replaced (kept here as the oracle): the same
    /// bytes written, and for a garbled record the same outcome.
    #[test]
    fn the_stored_form_is_what_serde_wrote_and_garbage_gets_the_same_answer() {
        let serde_decode = |text: &str| -> Result<Team, crate::records::RecordError> {
            crate::format::known_version(crate::format::version(text)?, 1, TEAM_FORMAT)?;
            team_from_wire(crate::format::read::<TeamV1<String>>(text)?)
        };
        let mut t = sample();
        let ana = t.learners.get_mut("ana@example.com").expect("Ana");
        ana.name = "Zoë \"Z\" <b>\\ \u{1}\t\n😀".into();
        ana.misses = crate::misses::decode_learner("a 2 who:-b why:+a\nb - \n~ a spot flag:0:+ report:before").expect("detail");
        t.learners.get_mut("bo@example.com").expect("Bo").lessons[0].best_score = None;
        let text = encode_team(&t);
        let wire = read_team(&text).expect("reads");
        let lessons = wire.lessons.iter().map(|l| (l.0.as_str(), l.1.as_str(), l.2, l.3, l.4.as_str(), l.5.as_str())).collect();
        let learners = wire.learners.iter().map(|l| (l.0.as_str(), l.1.as_str(), l.2.as_str(), l.3.as_str(), l.4.as_str(), l.5, l.6.clone())).collect();
        let borrowed = TeamV1 { v: wire.v, lessons, learners, misses: wire.misses.clone() };
        assert_eq!(text, serde_json::to_string(&borrowed).expect("serialises"));
        assert_eq!(decode_team(&text), Ok(t));
        let v1 = r#"{"v":1,"lessons":[["a","A",true,80,"1","h"]],"learners":[["Ana","ana@example.com","R","c","1",5,[[0,2,90,1,4]]]]}"#;
        let mut inputs: Vec<String> = vec![v1.into(), v1.replace("90", "-1"), v1.replace("90", "-32769"), v1.replace("[0,2,90,1,4]", "[0,2,90,1]"), v1.replace("[0,2,90,1,4]", "[0,2,90,1,4,5]"), v1.replace("\"v\":1", "\"v\":3")];
        inputs.extend(crate::damage::damaged(&text, &[b"\"", b"0", b"]", b"-"]));
        for input in &inputs {
            assert_eq!(decode_team(input), serde_decode(input), "{input}");
        }
    }

    fn course(title: &str, ids: &[&str]) -> crate::course::Catalogue {
        crate::course::Catalogue {
            id: String::new(),
            title: title.into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![crate::course::Part {
                title: "p".into(),
                lessons: ids
                    .iter()
                    .map(|id| crate::lms::fixtures::entry(id, true))
                    .collect(),
            }],
            paths: Vec::new(),
        }
    }

    #[test]
    fn imports_hold_back_other_courses_and_drop_unknown_lessons() {
        let cat = course("c", &["a"]);
        let mut foreign = report("Dee", "Ops", NOW, vec![lesson("x", LessonStatus::Passed, Some(90), Some(1))]);
        foreign.course_title = "Fire safety".into();
        let ours = report("Ana", "R", NOW, vec![lesson("a", LessonStatus::Passed, Some(90), Some(1)), lesson("retired", LessonStatus::Passed, Some(90), Some(1))]);
        let index = crate::course::CourseIndex::read(&serde_json::to_string(&cat).expect("serialises")).expect("catalogue.json reads as an index");
        let sorted = sort_import(vec![ours, foreign], &index);
        assert_eq!(sorted.ours.len(), 1);
        assert_eq!(sorted.ours[0].lessons.len(), 1, "results for lessons the course lacks are not kept");
        assert_eq!(sorted.other_titles(), ["Fire safety"]);
        assert_eq!(sorted.unknown_lessons, ["retired", "x"]);
    }

    #[test]
    fn two_tabs_imports_merge() {
        let mut tab_a = Team::default();
        tab_a.add(report("Ana", "R", 10, vec![]));
        let mut tab_b = Team::default();
        tab_b.add(report("Bo", "R", 10, vec![]));
        tab_b.add(report("Ana", "R", 20, vec![]));
        tab_a.merge(tab_b.clone());
        assert_eq!(tab_a.learners.len(), 2);
        assert_eq!(tab_a.learners["ana@example.com"].generated_at, 20, "the latest report still wins");
        tab_b.merge(tab_a.clone());
        assert_eq!(tab_a, tab_b);
    }
}
