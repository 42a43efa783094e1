//! A learner's progress and the rules over it: lesson status, best score, "due again",
//! overall completion, where to continue, and how two copies of progress merge.
//!
//! Timestamps are milliseconds since the Unix epoch (JavaScript's `Date.now()`).

use std::collections::BTreeMap;

use crate::course::Catalogue;
use crate::grading::Answers;
use crate::scenario::ReportTiming;

pub const DAY_MS: u64 = 24 * 60 * 60 * 1000;
/// Whether a pass at `passed_at` is due again at `now`: it is older than `due_after_days`
/// days. The one rule for learners' status and the manager's matrix.
pub fn due_again(passed_at: u64, now: u64, due_after_days: u32) -> bool {
    now.saturating_sub(passed_at) > due_after_days as u64 * DAY_MS
}

pub use crate::course::DEFAULT_DUE_AFTER_DAYS;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Progress {
    pub attempts: Vec<Attempt>,
    /// The quiz the learner is part-way through, per lesson id.
    pub in_progress: BTreeMap<String, QuizInProgress>,
    /// How far the learner has read, per lesson id.
    pub positions: BTreeMap<String, Position>,
    pub profile: Option<Profile>,
    /// When the learner last reset their progress; anything older is gone, even if another
    /// tab still holds it in memory.
    pub cleared_at: u64,
    /// The role the learner chose (an audience path), or `None` if they were never asked.
    pub role: Option<RoleChoice>,
    /// Practice scenarios part-way through, by (lesson id, scenario id).
    pub practice: BTreeMap<(String, String), PracticeInProgress>,
    /// Finished practice scenarios, oldest first.
    pub practice_results: Vec<PracticeResult>,
}

/// What the learner chose so far in a practice scenario (`Picks`):
/// - a conversation: one `[reply index]` per turn, from the start;
/// - red flags and mock-ups: one list, the selected parts;
/// - a report rehearsal: one list per step, the selected options.
pub type Picks = Vec<Vec<usize>>;

/// A practice scenario part-way through.
#[derive(Clone, Debug, PartialEq)]
pub struct PracticeInProgress {
    pub picks: Picks,
    pub updated_at: u64,
}

/// A finished practice scenario: its score and, for a conversation, when the learner reported.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PracticeResult {
    pub lesson_id: String,
    /// Stable: derived from the scenario's heading, like question ids.
    pub scenario_id: String,
    /// The scenario's title when it was finished, for `/progress` and reports.
    pub title: String,
    pub finished_at: u64,
    pub points: u32,
    pub out_of: u32,
    pub percent: u8,
    pub reported: Option<ReportTiming>,
    /// Red-flag exercises and mock-ups: each red flag's index among the scenario's items or
    /// parts and whether the learner found it (`scenario::part_results`). Empty for other kinds
    /// and for results kept before hookwise recorded parts.
    pub flags: Vec<(usize, bool)>,
    /// The ordinary parts (by index) the learner wrongly selected as red flags.
    pub wrongly_flagged: Vec<usize>,
}

/// The learner's answer to "what is your role?": a path id, or `path: None` for "none of
/// these: the core lessons only".
#[derive(Clone, Debug, PartialEq)]
pub struct RoleChoice {
    pub path: Option<String>,
    pub updated_at: u64,
}

/// A finished quiz attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub lesson_id: String,
    pub lesson_version: String,
    pub content_hash: String,
    pub seed: u64,
    pub started_at: u64,
    pub finished_at: u64,
    pub answers: Answers,
    pub score: u8,
    pub passed: bool,
}

/// A quiz part-way through. `current` is the index in the attempt plan being answered.
#[derive(Clone, Debug, PartialEq)]
pub struct QuizInProgress {
    pub content_hash: String,
    pub seed: u64,
    pub started_at: u64,
    pub updated_at: u64,
    pub answers: Answers,
    /// Questions whose answer was submitted (feedback shown), by id.
    pub checked: Vec<String>,
    pub current: usize,
}

impl QuizInProgress {
    /// A quiz just started: nothing answered yet.
    pub fn start(content_hash: String, seed: u64, at: u64) -> QuizInProgress {
        QuizInProgress { content_hash, seed, started_at: at, updated_at: at, answers: Answers::new(), checked: Vec::new(), current: 0 }
    }
}

/// The last heading the learner reached in a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub anchor: String,
    pub updated_at: u64,
}

/// Entered once; goes on the certificate and into reports.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Profile {
    pub name: String,
    pub email: String,
    pub team: String,
    pub updated_at: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonStatus {
    NotStarted,
    InProgress,
    Passed,
    Failed,
    DueAgain,
}

impl LessonStatus {
    pub fn label(self) -> &'static str {
        match self {
            LessonStatus::NotStarted => "Not started",
            LessonStatus::InProgress => "In progress",
            LessonStatus::Passed => "Passed",
            LessonStatus::Failed => "Failed",
            LessonStatus::DueAgain => "Due again",
        }
    }
}

/// Everything the catalogue shows about one lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonProgress {
    pub status: LessonStatus,
    pub best_score: Option<u8>,
    pub attempts: usize,
    /// The most recent pass.
    pub passed_at: Option<u64>,
}

impl Progress {
    pub fn attempts_for<'a>(&'a self, lesson_id: &'a str) -> impl Iterator<Item = &'a Attempt> + 'a {
        self.attempts.iter().filter(move |a| a.lesson_id == lesson_id)
    }

    /// The status rules: a recent pass wins; then a quiz in progress; then an old pass is due
    /// again; then any attempt is a fail; then having started reading is "in progress".
    pub fn lesson(&self, lesson_id: &str, now: u64, due_after_days: u32) -> LessonProgress {
        let attempts: Vec<&Attempt> = self.attempts_for(lesson_id).collect();
        let best_score = attempts.iter().map(|a| a.score).max();
        let passed_at = attempts.iter().filter(|a| a.passed).map(|a| a.finished_at).max();
        let status = match passed_at {
            Some(at) if !due_again(at, now, due_after_days) => LessonStatus::Passed,
            _ if self.in_progress.contains_key(lesson_id) => LessonStatus::InProgress,
            Some(_) => LessonStatus::DueAgain,
            None if !attempts.is_empty() => LessonStatus::Failed,
            None if self.positions.contains_key(lesson_id) => LessonStatus::InProgress,
            None => LessonStatus::NotStarted,
        };
        LessonProgress { status, best_score, attempts: attempts.len(), passed_at }
    }

    /// The audience path the learner chose, if any.
    pub fn path(&self) -> Option<&str> {
        self.role.as_ref().and_then(|r| r.path.as_deref())
    }

    /// Whether the catalogue should ask for a role: it has paths and the learner never chose.
    pub fn needs_role(&self, catalogue: &Catalogue) -> bool {
        !catalogue.paths.is_empty() && self.role.is_none()
    }

    /// Chooses a role (`None`: the core lessons only).
    pub fn choose_role(&mut self, path: Option<String>, now: u64) {
        self.role = Some(RoleChoice { path, updated_at: now });
    }

    /// Takes a role chosen elsewhere (another tab, or the catalogue page's pending record) if
    /// it is newer than the one here and not older than a reset. Returns whether it changed.
    pub fn adopt_role(&mut self, role: RoleChoice) -> bool {
        let newer = self.role.as_ref().is_none_or(|mine| role.updated_at > mine.updated_at);
        if newer && role.updated_at >= self.cleared_at {
            self.role = Some(role);
            return true;
        }
        false
    }

    /// Lessons required for this learner's path passed (and not due again), and in all.
    pub fn completion(&self, catalogue: &Catalogue, now: u64, due_after_days: u32) -> (usize, usize) {
        let required: Vec<_> = catalogue.required_for(self.path()).collect();
        let passed = required
            .iter()
            .filter(|l| self.lesson(&l.info.id, now, due_after_days).status == LessonStatus::Passed)
            .count();
        (passed, required.len())
    }

    /// Where "continue" should take the learner: the most recently touched unfinished
    /// lesson, else the first lesson required for their path that still needs passing.
    pub fn continue_with<'a>(&self, catalogue: &'a Catalogue, now: u64, due_after_days: u32) -> Option<&'a str> {
        let unfinished = |id: &str| self.lesson(id, now, due_after_days).status != LessonStatus::Passed;
        let touched = catalogue
            .lessons()
            .filter(|l| unfinished(&l.info.id))
            .filter_map(|l| {
                let quiz = self.in_progress.get(&l.info.id).map(|q| q.updated_at);
                let read = self.positions.get(&l.info.id).map(|p| p.updated_at);
                quiz.max(read).map(|t| (t, l.info.id.as_str()))
            })
            .max();
        touched
            .map(|(_, id)| id)
            .or_else(|| {
                let path = self.path();
                catalogue.lessons().find(|l| catalogue.is_required(l, path) && unfinished(&l.info.id)).map(|l| l.info.id.as_str())
            })
    }

    /// Records a finished attempt and forgets the quiz in progress it came from.
    pub fn finish(&mut self, attempt: Attempt) {
        if self.in_progress.get(&attempt.lesson_id).is_some_and(|q| q.seed == attempt.seed) {
            self.in_progress.remove(&attempt.lesson_id);
        }
        self.attempts.push(attempt);
    }

    /// Records what the learner chose so far in a practice scenario (resumed after a reload).
    pub fn practise(&mut self, lesson_id: &str, scenario_id: &str, picks: Picks, now: u64) {
        self.practice.insert((lesson_id.to_string(), scenario_id.to_string()), PracticeInProgress { picks, updated_at: now });
    }

    /// Records a finished scenario and forgets its state in progress.
    pub fn finish_practice(&mut self, result: PracticeResult) {
        self.practice.remove(&(result.lesson_id.clone(), result.scenario_id.clone()));
        if !self.practice_results.contains(&result) {
            self.practice_results.push(result);
        }
    }

    /// The scenario's state in progress, if any.
    pub fn practice_state(&self, lesson_id: &str, scenario_id: &str) -> Option<&PracticeInProgress> {
        self.practice.get(&(lesson_id.to_string(), scenario_id.to_string()))
    }

    /// The scenario's most recent result.
    pub fn last_practice(&self, lesson_id: &str, scenario_id: &str) -> Option<&PracticeResult> {
        self.practice_results.iter().filter(|r| r.lesson_id == lesson_id && r.scenario_id == scenario_id).max_by_key(|r| r.finished_at)
    }

    /// The most recent result of each scenario practised in a lesson, by scenario id.
    pub fn practice_for(&self, lesson_id: &str) -> BTreeMap<&str, &PracticeResult> {
        let mut out: BTreeMap<&str, &PracticeResult> = BTreeMap::new();
        for r in self.practice_results.iter().filter(|r| r.lesson_id == lesson_id) {
            if out.get(r.scenario_id.as_str()).is_none_or(|o| o.finished_at <= r.finished_at) {
                out.insert(&r.scenario_id, r);
            }
        }
        out
    }

    /// A scenario finished (in either copy) after its state was saved is no longer in progress.
    fn forget_finished_practice(&mut self) {
        let results = &self.practice_results;
        self.practice.retain(|(lesson, scenario), p| {
            !results.iter().any(|r| &r.lesson_id == lesson && &r.scenario_id == scenario && r.finished_at >= p.updated_at)
        });
    }

    /// Forgets everything, remembering when so that other tabs cannot bring it back.
    pub fn reset(&mut self, now: u64) {
        *self = Progress { cleared_at: now.max(self.cleared_at), ..Progress::default() };
    }

    /// Combines two copies of progress (this tab's and what another tab saved) without losing
    /// either's work: attempts are a union, and for single values the newer one wins. The later
    /// reset time of the two wins: a stale copy cannot bring back what a reset removed.
    pub fn merge(&mut self, other: Progress) {
        let cleared = self.cleared_at.max(other.cleared_at);
        self.merge_at(other, cleared);
    }

    /// Merges the copy in storage into this tab's. Storage's reset time is the one that holds:
    /// only a reset or an import writes it (every other save merges first), so a lower time
    /// there is an import that brought back older work, which this tab must not hide again.
    pub fn merge_stored(&mut self, stored: Progress) {
        let cleared = stored.cleared_at;
        self.merge_at(stored, cleared);
    }

    /// `merge_stored` for the catalogue page (the first load): the stored copy was read without
    /// its practice (`records::decode_progress`) and this copy has none either, so only the
    /// quizzes, positions, profile and role are merged. Kept apart so that the first load does
    /// not carry the practice merge.
    pub fn merge_stored_without_practice(&mut self, stored: Progress) {
        let cleared = stored.cleared_at;
        self.merge_quizzes_at(stored, cleared);
    }

    fn merge_at(&mut self, mut other: Progress, cleared: u64) {
        let results = std::mem::take(&mut other.practice_results);
        let practice = std::mem::take(&mut other.practice);
        self.merge_quizzes_at(other, cleared);
        for result in results {
            if !self.practice_results.contains(&result) {
                self.practice_results.push(result);
            }
        }
        crate::compact::sort_by(&mut self.practice_results, |a, b| a.finished_at.cmp(&b.finished_at).then_with(|| a.cmp(b)));
        for (key, state) in practice {
            match self.practice.get(&key) {
                Some(mine) if mine.updated_at > state.updated_at || (mine.updated_at == state.updated_at && mine.picks >= state.picks) => {}
                _ => {
                    self.practice.insert(key, state);
                }
            }
        }
        self.forget_finished_practice();
        self.practice_results.retain(|r| r.finished_at >= cleared);
        self.practice.retain(|_, p| p.updated_at >= cleared);
    }

    /// Everything of `merge_at` but the practice (which `other` must not hold).
    fn merge_quizzes_at(&mut self, other: Progress, cleared: u64) {
        self.cleared_at = cleared;
        for attempt in other.attempts {
            if !self.has_attempt(&attempt) {
                self.attempts.push(attempt);
            }
        }
        crate::compact::sort_by(&mut self.attempts, |a, b| a.finished_at.cmp(&b.finished_at).then(a.lesson_id.cmp(&b.lesson_id)));
        for (id, quiz) in other.in_progress {
            match self.in_progress.get(&id) {
                Some(mine) if mine.updated_at >= quiz.updated_at => {}
                _ => {
                    self.in_progress.insert(id, quiz);
                }
            }
        }
        for (id, pos) in other.positions {
            match self.positions.get(&id) {
                Some(mine) if mine.updated_at >= pos.updated_at => {}
                _ => {
                    self.positions.insert(id, pos);
                }
            }
        }
        match (&self.profile, other.profile) {
            (Some(mine), Some(theirs)) if theirs.updated_at > mine.updated_at => self.profile = Some(theirs),
            (None, theirs) => self.profile = theirs,
            _ => {}
        }
        match (&self.role, other.role) {
            (Some(mine), Some(theirs)) if theirs.updated_at > mine.updated_at => self.role = Some(theirs),
            (None, theirs) => self.role = theirs,
            _ => {}
        }
        self.forget_finished_quizzes();
        self.attempts.retain(|a| a.finished_at >= cleared);
        self.in_progress.retain(|_, q| q.updated_at >= cleared);
        self.positions.retain(|_, p| p.updated_at >= cleared);
        if self.profile.as_ref().is_some_and(|p| p.updated_at < cleared) {
            self.profile = None;
        }
        if self.role.as_ref().is_some_and(|r| r.updated_at < cleared) {
            self.role = None;
        }
    }

    fn has_attempt(&self, attempt: &Attempt) -> bool {
        self.attempts.iter().any(|a| {
            a.lesson_id == attempt.lesson_id && a.seed == attempt.seed && a.finished_at == attempt.finished_at
        })
    }

    /// A quiz that was finished (in either copy) is no longer in progress.
    fn forget_finished_quizzes(&mut self) {
        let attempts = &self.attempts;
        self.in_progress.retain(|id, q| !attempts.iter().any(|a| &a.lesson_id == id && a.seed == q.seed));
    }

    /// Adds an imported backup to this progress. An import only ever adds: nothing here is
    /// removed, replaced or hidden, whatever reset time the backup carries.
    ///
    /// - Attempts are a union.
    /// - A quiz in progress, a reading position, the profile and the role are kept as they are
    ///   here; the backup only fills what is missing (each profile field on its own).
    /// - Records for lessons this course does not have are not kept (`ImportSummary::unknown_lessons`
    ///   names them), nor a role whose path the course does not have.
    /// - The reset time is lowered to the oldest record taken in, so that neither this tab nor
    ///   another hides it again; it is never raised.
    pub fn import(&mut self, imported: Progress, catalogue: &Catalogue) -> ImportSummary {
        let mut summary = ImportSummary::default();
        let known = |id: &str| catalogue.lesson(id).is_some();
        let unknown = |id: &str, summary: &mut ImportSummary| {
            if !summary.unknown_lessons.iter().any(|u| u == id) {
                summary.unknown_lessons.push(id.to_string());
            }
        };
        let mut oldest = u64::MAX;
        for attempt in imported.attempts {
            if !known(&attempt.lesson_id) {
                unknown(&attempt.lesson_id, &mut summary);
            } else if !self.has_attempt(&attempt) {
                oldest = oldest.min(attempt.finished_at);
                summary.attempts_added += 1;
                self.attempts.push(attempt);
            }
        }
        crate::compact::sort_by(&mut self.attempts, |a, b| a.finished_at.cmp(&b.finished_at).then(a.lesson_id.cmp(&b.lesson_id)));
        for (id, quiz) in imported.in_progress {
            if !known(&id) {
                unknown(&id, &mut summary);
            } else if !self.in_progress.contains_key(&id) && !self.attempts.iter().any(|a| a.lesson_id == id && a.seed == quiz.seed) {
                oldest = oldest.min(quiz.updated_at);
                summary.quizzes_added += 1;
                self.in_progress.insert(id, quiz);
            }
        }
        for (id, pos) in imported.positions {
            if !known(&id) {
                unknown(&id, &mut summary);
            } else if let std::collections::btree_map::Entry::Vacant(gap) = self.positions.entry(id) {
                oldest = oldest.min(pos.updated_at);
                summary.positions_added += 1;
                gap.insert(pos);
            }
        }
        for result in imported.practice_results {
            if !known(&result.lesson_id) {
                unknown(&result.lesson_id, &mut summary);
            } else if !self.practice_results.contains(&result) {
                oldest = oldest.min(result.finished_at);
                summary.practice_added += 1;
                self.practice_results.push(result);
            }
        }
        crate::compact::sort_by(&mut self.practice_results, |a, b| a.finished_at.cmp(&b.finished_at).then_with(|| a.cmp(b)));
        for (key, state) in imported.practice {
            if !known(&key.0) {
                unknown(&key.0, &mut summary);
            } else if let std::collections::btree_map::Entry::Vacant(gap) = self.practice.entry(key) {
                oldest = oldest.min(state.updated_at);
                gap.insert(state);
            }
        }
        self.forget_finished_practice();
        if let Some(theirs) = imported.profile {
            let mine = self.profile.get_or_insert_with(|| Profile { updated_at: theirs.updated_at, ..Profile::default() });
            let mut filled = false;
            for (field, value) in [(&mut mine.name, theirs.name), (&mut mine.email, theirs.email), (&mut mine.team, theirs.team)] {
                if field.trim().is_empty() && !value.trim().is_empty() {
                    *field = value;
                    filled = true;
                }
            }
            if filled {
                oldest = oldest.min(mine.updated_at);
                summary.profile_filled = true;
            }
            if mine.name.is_empty() && mine.email.is_empty() && mine.team.is_empty() {
                self.profile = None;
            }
        }
        if let Some(role) = imported.role {
            let path_known = role.path.as_deref().is_none_or(|p| catalogue.path(p).is_some());
            if self.role.is_none() && path_known {
                oldest = oldest.min(role.updated_at);
                summary.role_filled = true;
                self.role = Some(role);
            }
        }
        crate::compact::sort_by(&mut summary.unknown_lessons, |a, b| a.cmp(b));
        self.cleared_at = self.cleared_at.min(oldest);
        summary
    }
}

/// What an import took in, for the message after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub attempts_added: usize,
    pub quizzes_added: usize,
    /// Reading positions.
    pub positions_added: usize,
    /// The name, email or team here was empty and the backup's was taken.
    pub profile_filled: bool,
    pub role_filled: bool,
    /// Finished practice scenarios.
    pub practice_added: usize,
    /// Lessons the backup has records for that this course does not have; those records were
    /// not kept.
    pub unknown_lessons: Vec<String>,
}

impl ImportSummary {
    /// Whether the import changed anything here.
    pub fn added_anything(&self) -> bool {
        self.attempts_added + self.quizzes_added + self.positions_added + self.practice_added > 0 || self.profile_filled || self.role_filled
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::Part;

    fn attempt(lesson: &str, seed: u64, at: u64, score: u8, passed: bool) -> Attempt {
        Attempt {
            lesson_id: lesson.into(),
            lesson_version: "1".into(),
            content_hash: "h".into(),
            seed,
            started_at: at - 1000,
            finished_at: at,
            answers: Answers::new(),
            score,
            passed,
        }
    }

    fn quiz_in_progress(seed: u64, at: u64) -> QuizInProgress {
        QuizInProgress {
            content_hash: "h".into(),
            seed,
            started_at: at,
            updated_at: at,
            answers: Answers::new(),
            checked: vec![],
            current: 0,
        }
    }

    fn catalogue(ids: &[&str]) -> Catalogue {
        Catalogue {
            id: String::new(),
            title: "c".into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![Part {
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
    fn the_newest_role_choice_wins_across_tabs_and_a_reset_forgets_it() {
        let mut a = Progress::default();
        a.choose_role(Some("travellers".into()), NOW);
        let mut b = Progress::default();
        b.choose_role(None, NOW + 10);
        let mut merged = a.clone();
        merged.merge(b.clone());
        assert_eq!(merged.role, b.role);
        b.merge(a.clone());
        assert_eq!(b.role, merged.role, "merge is symmetric");
        merged.reset(NOW + 20);
        merged.merge(a);
        assert_eq!(merged.role, None, "a stale tab cannot bring back a role chosen before the reset");
    }

    #[test]
    fn a_pending_role_is_adopted_only_when_newer_and_after_a_reset() {
        let mut p = Progress::default();
        p.choose_role(Some("a".into()), NOW);
        assert!(!p.adopt_role(RoleChoice { path: Some("b".into()), updated_at: NOW - 1 }));
        assert!(p.adopt_role(RoleChoice { path: None, updated_at: NOW + 1 }));
        assert_eq!(p.path(), None);
        p.reset(NOW + 10);
        assert!(!p.adopt_role(RoleChoice { path: Some("c".into()), updated_at: NOW + 5 }), "chosen before the reset");
    }

    #[test]
    fn completion_counts_the_lessons_of_the_chosen_path() {
        let mut cat = catalogue(&["core", "travel"]);
        cat.parts[0].lessons[1].required = false;
        cat.paths.push(crate::course::AudiencePath { id: "travellers".into(), title: "T".into(), lessons: vec!["travel".into()] });
        let mut p = Progress::default();
        assert!(p.needs_role(&cat));
        p.finish(attempt("core", 1, NOW, 100, true));
        assert_eq!(p.completion(&cat, NOW, 365), (1, 1));
        p.choose_role(Some("travellers".into()), NOW);
        assert!(!p.needs_role(&cat));
        assert_eq!(p.completion(&cat, NOW, 365), (1, 2));
    }

    const NOW: u64 = 1_800_000_000_000;

    #[test]
    fn status_rules() {
        let mut p = Progress::default();
        assert_eq!(p.lesson("a", NOW, 365).status, LessonStatus::NotStarted);
        p.positions.insert("a".into(), Position { anchor: "x".into(), updated_at: NOW });
        assert_eq!(p.lesson("a", NOW, 365).status, LessonStatus::InProgress);
        p.attempts.push(attempt("a", 1, NOW - 10, 40, false));
        assert_eq!(p.lesson("a", NOW, 365).status, LessonStatus::Failed);
        p.in_progress.insert("a".into(), quiz_in_progress(2, NOW));
        assert_eq!(p.lesson("a", NOW, 365).status, LessonStatus::InProgress);
        p.finish(attempt("a", 2, NOW, 90, true));
        let lp = p.lesson("a", NOW, 365);
        assert_eq!((lp.status, lp.best_score, lp.attempts), (LessonStatus::Passed, Some(90), 2));
        assert!(p.in_progress.is_empty(), "finishing clears the quiz in progress");
    }

    #[test]
    fn a_pass_older_than_the_limit_is_due_again() {
        let mut p = Progress::default();
        p.attempts.push(attempt("a", 1, NOW - 366 * DAY_MS, 100, true));
        assert_eq!(p.lesson("a", NOW, 365).status, LessonStatus::DueAgain);
        assert_eq!(p.lesson("a", NOW, 400).status, LessonStatus::Passed);
        assert_eq!(p.lesson("a", NOW - 2 * DAY_MS, 365).status, LessonStatus::Passed);
    }

    #[test]
    fn merge_keeps_both_tabs_work() {
        let mut tab_a = Progress::default();
        tab_a.in_progress.insert("b".into(), quiz_in_progress(9, NOW - 50));
        tab_a.finish(attempt("a", 1, NOW, 100, true));
        let mut tab_b = Progress::default();
        tab_b.in_progress.insert("a".into(), quiz_in_progress(1, NOW - 100));
        tab_b.in_progress.remove("b");
        tab_b.finish(attempt("b", 9, NOW + 5, 80, true));
        let mut merged = tab_a.clone();
        merged.merge(tab_b.clone());
        assert_eq!(merged.attempts.len(), 2);
        assert!(merged.in_progress.is_empty(), "both quizzes were finished in one tab or the other");
        let mut other_way = tab_b;
        other_way.merge(tab_a);
        assert_eq!(merged, other_way, "merge is symmetric");
        let mut again = merged.clone();
        again.merge(merged.clone());
        assert_eq!(again, merged, "merge is idempotent");
    }

    #[test]
    fn the_catalogues_merge_without_practice_is_the_full_merge_of_a_copy_without_practice() {
        let mut here = Progress::default();
        here.in_progress.insert("b".into(), quiz_in_progress(9, NOW - 50));
        here.finish(attempt("a", 1, NOW, 100, true));
        let mut stored = Progress::default();
        stored.in_progress.insert("a".into(), quiz_in_progress(1, NOW - 100));
        stored.finish(attempt("b", 9, NOW + 5, 80, true));
        stored.cleared_at = NOW - 10;
        let mut full = here.clone();
        full.merge_stored(stored.clone());
        let mut light = here;
        light.merge_stored_without_practice(stored);
        assert_eq!(light, full);
        assert_eq!(light.cleared_at, NOW - 10);
        assert_eq!(light.attempts.len(), 2);
    }

    fn practice_result(lesson: &str, scenario: &str, at: u64, percent: u8) -> PracticeResult {
        PracticeResult {
            lesson_id: lesson.into(),
            scenario_id: scenario.into(),
            title: scenario.into(),
            finished_at: at,
            points: percent as u32,
            out_of: 100,
            percent,
            reported: None,
            flags: Vec::new(),
            wrongly_flagged: Vec::new(),
        }
    }

    #[test]
    fn practice_merges_across_tabs_without_losing_either() {
        let mut tab_a = Progress::default();
        tab_a.practise("a", "profile", vec![vec![1]], NOW);
        tab_a.practise("a", "thread", vec![vec![0, 2]], NOW + 5);
        tab_a.finish_practice(practice_result("a", "email", NOW + 1, 50));
        let mut tab_b = Progress::default();
        tab_b.practise("a", "profile", vec![vec![1, 3]], NOW + 10);
        tab_b.finish_practice(practice_result("a", "email", NOW + 2, 100));
        tab_b.practise("a", "thread", vec![vec![0]], NOW + 1);
        tab_b.finish_practice(practice_result("a", "thread", NOW + 20, 75));
        let mut merged = tab_a.clone();
        merged.merge(tab_b.clone());
        assert_eq!(merged.practice_results.len(), 3, "results are a union");
        assert_eq!(merged.practice_state("a", "profile").map(|p| p.picks.clone()), Some(vec![vec![1, 3]]), "the newer state wins");
        assert_eq!(merged.practice_state("a", "thread"), None, "finished in the other tab after this state");
        assert_eq!(merged.last_practice("a", "email").map(|r| r.percent), Some(100));
        assert_eq!(merged.practice_for("a").len(), 2);
        let mut other_way = tab_b;
        other_way.merge(tab_a);
        assert_eq!(merged, other_way, "merge is symmetric");
        let mut again = merged.clone();
        again.merge(merged.clone());
        assert_eq!(again, merged, "merge is idempotent");
        // A reset forgets practice, and a stale tab cannot bring it back.
        let mut reset = merged.clone();
        reset.reset(NOW + 100);
        reset.merge(merged);
        assert!(reset.practice.is_empty() && reset.practice_results.is_empty());
    }

    #[test]
    fn an_import_adds_practice_results_and_fills_gaps_only() {
        let cat = catalogue(&["a"]);
        let mut here = Progress::default();
        here.practise("a", "profile", vec![vec![1]], NOW);
        let mut backup = Progress::default();
        backup.practise("a", "profile", vec![vec![2]], NOW + 50);
        backup.practise("a", "email", vec![vec![0]], NOW + 50);
        backup.finish_practice(practice_result("a", "thread", NOW - 10, 80));
        backup.finish_practice(practice_result("gone", "thread", NOW - 10, 80));
        let summary = here.import(backup.clone(), &cat);
        assert_eq!(summary.practice_added, 1);
        assert_eq!(summary.unknown_lessons, ["gone"]);
        assert_eq!(here.practice_state("a", "profile").map(|p| p.picks.clone()), Some(vec![vec![1]]), "kept as it is here");
        assert!(here.practice_state("a", "email").is_some(), "a gap is filled");
        assert!(!here.import(backup, &cat).added_anything(), "importing twice adds nothing");
    }

    #[test]
    fn a_reset_is_not_undone_by_a_stale_tab() {
        let mut stale = Progress::default();
        stale.finish(attempt("a", 1, NOW - 10, 100, true));
        let mut reset = stale.clone();
        reset.reset(NOW);
        reset.merge(stale);
        assert!(reset.attempts.is_empty());
    }

    #[test]
    fn completion_and_continue() {
        let cat = catalogue(&["a", "b", "c"]);
        let mut p = Progress::default();
        assert_eq!(p.continue_with(&cat, NOW, 365), Some("a"));
        p.finish(attempt("a", 1, NOW - 10, 100, true));
        p.positions.insert("c".into(), Position { anchor: "x".into(), updated_at: NOW - 5 });
        assert_eq!(p.completion(&cat, NOW, 365), (1, 3));
        assert_eq!(p.continue_with(&cat, NOW, 365), Some("c"), "the most recently touched lesson");
        p.finish(attempt("b", 2, NOW, 100, true));
        p.finish(attempt("c", 3, NOW, 100, true));
        assert_eq!(p.continue_with(&cat, NOW, 365), None);
        assert_eq!(p.completion(&cat, NOW, 365), (3, 3));
    }

    fn backup_with(attempts: Vec<Attempt>, cleared_at: u64) -> Progress {
        Progress { attempts, cleared_at, ..Progress::default() }
    }

    #[test]
    fn an_import_with_a_later_reset_time_hides_nothing_here() {
        let cat = catalogue(&["a", "b"]);
        let mut here = Progress::default();
        here.finish(attempt("a", 1, NOW, 100, true));
        here.profile = Some(Profile { name: "Ana".into(), updated_at: NOW - 5, ..Profile::default() });
        here.positions.insert("b".into(), Position { anchor: "x".into(), updated_at: NOW - 3 });
        let backup = backup_with(vec![attempt("b", 2, NOW + 50_000, 90, true)], NOW + 10_000);
        let summary = here.import(backup, &cat);
        assert_eq!(summary.attempts_added, 1);
        assert_eq!(here.attempts.len(), 2, "the attempt here survives a backup reset after it");
        assert_eq!(here.profile.as_ref().map(|p| p.name.as_str()), Some("Ana"));
        assert!(here.positions.contains_key("b"));
        assert!(here.cleared_at <= NOW - 5, "the reset time is never raised by an import");
        // Another tab that merges this from storage keeps it all too.
        let mut other_tab = Progress { cleared_at: NOW + 10_000, ..Progress::default() };
        other_tab.merge_stored(here.clone());
        assert_eq!(other_tab.attempts.len(), 2);
    }

    #[test]
    fn an_import_after_a_reset_brings_the_backup_back_and_other_tabs_keep_it() {
        let cat = catalogue(&["a"]);
        let old = attempt("a", 1, NOW - 10, 100, true);
        let mut here = Progress::default();
        here.finish(old.clone());
        here.reset(NOW);
        let stale_tab = here.clone();
        here.import(backup_with(vec![old], 0), &cat);
        assert_eq!(here.lesson("a", NOW, 365).status, LessonStatus::Passed);
        assert_eq!(here.cleared_at, NOW - 10, "lowered only as far as the oldest record taken in");
        let mut stale = stale_tab;
        stale.merge_stored(here.clone());
        assert_eq!(stale.attempts.len(), 1, "a tab that saw the reset does not hide the import");
        // A plain merge (the reset wins) still protects against stale copies.
        let mut reset = Progress::default();
        reset.reset(NOW);
        reset.merge(here);
        assert!(reset.attempts.is_empty());
    }

    #[test]
    fn an_import_keeps_what_is_here_and_fills_gaps() {
        let cat = {
            let mut c = catalogue(&["a", "b"]);
            c.paths.push(crate::course::AudiencePath { id: "travellers".into(), title: "T".into(), lessons: vec!["b".into()] });
            c
        };
        let mut here = Progress::default();
        here.profile = Some(Profile { name: "Ana".into(), email: String::new(), team: String::new(), updated_at: NOW });
        here.in_progress.insert("a".into(), quiz_in_progress(5, NOW));
        let mut backup = Progress::default();
        backup.profile = Some(Profile { name: "Someone else".into(), email: "ana@example.com".into(), team: "R&D".into(), updated_at: NOW + 99 });
        backup.in_progress.insert("a".into(), quiz_in_progress(6, NOW + 99));
        backup.in_progress.insert("b".into(), quiz_in_progress(7, NOW + 99));
        backup.choose_role(Some("travellers".into()), NOW + 99);
        let summary = here.clone().import(backup.clone(), &cat);
        assert!(summary.profile_filled && summary.role_filled);
        let mut merged = here.clone();
        merged.import(backup.clone(), &cat);
        let profile = merged.profile.clone().expect("a profile");
        assert_eq!((profile.name.as_str(), profile.email.as_str(), profile.team.as_str()), ("Ana", "ana@example.com", "R&D"));
        assert_eq!(merged.in_progress["a"].seed, 5, "the quiz in progress here is kept");
        assert_eq!(merged.in_progress["b"].seed, 7, "a gap is filled");
        assert_eq!(merged.path(), Some("travellers"));
        // A role chosen here stays; a role for a path this course lacks is not taken.
        here.choose_role(None, NOW);
        let mut kept = here.clone();
        kept.import(backup.clone(), &cat);
        assert_eq!(kept.role, here.role);
        let mut no_role = Progress::default();
        backup.choose_role(Some("engineers".into()), NOW);
        assert!(!no_role.import(backup, &cat).role_filled);
        assert_eq!(no_role.role, None);
    }

    #[test]
    fn records_for_lessons_this_course_lacks_are_not_kept() {
        let cat = catalogue(&["a"]);
        let mut backup = backup_with(vec![attempt("a", 1, NOW, 100, true), attempt("gone", 2, NOW, 100, true)], 0);
        backup.in_progress.insert("other-course-lesson".into(), quiz_in_progress(3, NOW));
        backup.positions.insert("gone".into(), Position { anchor: "x".into(), updated_at: NOW });
        let mut here = Progress::default();
        let summary = here.import(backup.clone(), &cat);
        assert_eq!(summary.unknown_lessons, ["gone", "other-course-lesson"]);
        assert_eq!((here.attempts.len(), here.in_progress.len(), here.positions.len()), (1, 0, 0));
        let again = here.import(backup, &cat);
        assert!(!again.added_anything(), "importing the same backup twice adds nothing");
        assert_eq!(here.attempts.len(), 1);
    }
}
