//! Spaced re-checks and the slow hook's state: which missed questions (and red flags) come
//! back when, and how far each slow-hook scenario has gone.
//!
//! The re-check schedule is SM-2, the SuperMemo 2 algorithm (P. A. Wozniak, *Optimization of
//! learning*, master's thesis, University of Technology in Poznań, 1990; published as
//! "SuperMemo 2" at <https://super-memory.com/english/ol/sm2.htm>), in whole days and with the
//! E-Factor kept in hundredths so that every step is integer arithmetic:
//!
//! - a grade `q` from 0 to 5; below 3 the item starts again (`n = 0`, interval 1 day) and its
//!   E-Factor is unchanged;
//! - otherwise the interval is 1 day for the first repetition, 6 for the second, and after that
//!   the previous interval times the E-Factor, rounded up; then
//!   `EF' = EF + (0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))`, never below 1.3.
//!
//! A question missed in a quiz enters with grade 1 (due the next day). A re-check answered
//! right is graded 4, wrong 1. (SM-2's "repeat the same day every item graded below 4" is left
//! out: a re-check session is capped at a couple of minutes.)
//!
//! Days are whole local days since 1970-01-01 (`day_of`); the app computes "today" once, from
//! one clock (`platform::today`).
//!
//! The record is kept under its own storage key (`hookwise.schedule`), versioned like progress
//! (format history: 1, the first), merged across tabs (union; per item the later review wins)
//! and carried in backups. The catalogue page, which carries no serde, reads a short
//! hand-written summary of it instead (`encode_summary`, `parse_summary`).

use std::collections::BTreeMap;

use crate::compact::map_from;
use std::fmt;

#[cfg(test)]
use serde::{Deserialize, Serialize};

use crate::format::FormatError;
use crate::lax_json::Reader;
use crate::records::{list, map, optional, u32_field};
use crate::wire::{self, JsonOut, Shape};

use crate::grading::{is_correct, plan_attempt};
use crate::lesson::{Lesson, SlowChoice, SlowRung};
use crate::progress::{Attempt, DAY_MS};

/// The version `encode_schedule` writes.
pub const SCHEDULE_FORMAT: u32 = 1;
/// The initial SM-2 E-Factor, 2.5, in hundredths.
pub const INITIAL_EASE: u16 = 250;
/// SM-2's lowest E-Factor, 1.3, in hundredths.
pub const MIN_EASE: u16 = 130;
/// A re-check session asks at most this many items (about two minutes).
pub const SESSION_ITEMS: usize = 5;
/// The grade a right re-check gets ("correct response after a hesitation").
pub const GRADE_RIGHT: u8 = 4;
/// The grade a miss gets ("incorrect response; the correct one remembered").
pub const GRADE_WRONG: u8 = 1;

/// The day number of a time (ms since the epoch) shifted by the local offset (ms east of UTC).
pub fn day_of(ms: u64, offset_ms: i64) -> u32 {
    ((ms as i64 + offset_ms).max(0) as u64 / DAY_MS) as u32
}

/// What a re-check item is: a quiz question, or one part of a practice scenario (a red flag
/// the learner missed). Keys are `q:<lesson>/<question>` and `f:<lesson>/<scenario>/<part>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Question { lesson: String, question: String },
    Flag { lesson: String, scenario: String, part: usize },
}

impl Item {
    pub fn key(&self) -> String {
        match self {
            Item::Question { lesson, question } => format!("q:{lesson}/{question}"),
            Item::Flag { lesson, scenario, part } => format!("f:{lesson}/{scenario}/{part}"),
        }
    }

    pub fn parse(key: &str) -> Option<Item> {
        if let Some(rest) = key.strip_prefix("q:") {
            let (lesson, question) = rest.split_once('/')?;
            return (!lesson.is_empty() && !question.is_empty())
                .then(|| Item::Question { lesson: lesson.into(), question: question.into() });
        }
        let rest = key.strip_prefix("f:")?;
        let mut parts = rest.splitn(3, '/');
        let (lesson, scenario, part) = (parts.next()?, parts.next()?, parts.next()?.parse().ok()?);
        (!lesson.is_empty() && !scenario.is_empty()).then(|| Item::Flag { lesson: lesson.into(), scenario: scenario.into(), part })
    }

    pub fn lesson(&self) -> &str {
        match self {
            Item::Question { lesson, .. } | Item::Flag { lesson, .. } => lesson,
        }
    }
}

/// One item's place in the schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Card {
    /// Successful repetitions in a row (SM-2's `n`).
    pub repetitions: u32,
    /// Days until the next re-check.
    pub interval: u32,
    /// The E-Factor in hundredths (250 = 2.5).
    pub ease: u16,
    /// The day it is due.
    pub due: u32,
    /// When it was last graded (ms), for merging: the later review wins.
    pub reviewed_at: u64,
}

impl Card {
    pub fn new() -> Card {
        Card { repetitions: 0, interval: 0, ease: INITIAL_EASE, due: 0, reviewed_at: 0 }
    }
}

impl Default for Card {
    fn default() -> Self {
        Card::new()
    }
}

/// SM-2: the card after a review graded `grade` (0–5) on `today`, at `now` (ms).
pub fn schedule(card: Card, grade: u8, today: u32, now: u64) -> Card {
    let grade = grade.min(5);
    let (repetitions, interval, ease) = if grade < 3 {
        (0, 1, card.ease)
    } else {
        let interval = match card.repetitions {
            0 => 1,
            1 => 6,
            _ => (card.interval as u64 * card.ease as u64).div_ceil(100) as u32,
        };
        let miss = 5 - grade as i32;
        let ease = (card.ease as i32 + 10 - miss * (8 + miss * 2)).max(MIN_EASE as i32) as u16;
        (card.repetitions + 1, interval, ease)
    };
    Card { repetitions, interval, ease, due: today.saturating_add(interval), reviewed_at: now }
}

/// Where a slow-hook scenario stands.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HookRun {
    /// The learner's decision at each rung reached, in order.
    pub decisions: Vec<Decision>,
    /// When the next rung's message arrives, while the learner waits for it.
    pub next: Option<Waiting>,
    pub updated_at: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub choice: SlowChoice,
    pub day: u32,
    pub at: u64,
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    pub rung: usize,
    pub arrives: u32,
    pub from: String,
}

/// How a slow hook ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Reported,
    Declined,
    Hooked,
}

/// What the learner sees of a slow hook now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookStage {
    /// The message of this rung is there, waiting for a decision.
    Decide(usize),
    /// The next message arrives on this day.
    Waiting { rung: usize, arrives: u32 },
    Ended(Outcome),
}

impl HookRun {
    /// The stage on `today`, for a scenario with these rungs.
    pub fn stage(&self, rungs: &[SlowRung], today: u32) -> HookStage {
        match self.decisions.last().map(|d| d.choice) {
            Some(SlowChoice::Report) => return HookStage::Ended(Outcome::Reported),
            Some(SlowChoice::Decline) => return HookStage::Ended(Outcome::Declined),
            _ => {}
        }
        let rung = self.decisions.len();
        if rung >= rungs.len() {
            return HookStage::Ended(Outcome::Hooked);
        }
        match &self.next {
            Some(w) if w.rung == rung && w.arrives > today => HookStage::Waiting { rung, arrives: w.arrives },
            _ => HookStage::Decide(rung),
        }
    }

    /// Records the learner's decision at the current rung (nothing if there is none to take).
    /// Going along sets the next message's arrival, `after` days from today.
    pub fn decide(&mut self, rungs: &[SlowRung], from: &str, choice: SlowChoice, today: u32, now: u64) -> bool {
        let HookStage::Decide(rung) = self.stage(rungs, today) else { return false };
        if !rungs[rung].choices.iter().any(|c| c.kind == choice) {
            return false;
        }
        self.decisions.push(Decision { choice, day: today, at: now });
        self.next = match (choice, rungs.get(rung + 1)) {
            (SlowChoice::GoAlong, Some(next)) => {
                Some(Waiting { rung: rung + 1, arrives: today.saturating_add(next.after_days), from: from.to_string() })
            }
            _ => None,
        };
        self.updated_at = now;
        true
    }
}

/// A learner's re-check schedule and slow-hook runs.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Schedule {
    /// By item key (`Item::key`).
    pub cards: BTreeMap<String, Card>,
    /// By `<lesson>/<scenario>`.
    pub hooks: BTreeMap<String, HookRun>,
    /// When the learner last reset; anything older is gone.
    pub cleared_at: u64,
}

/// The key of a slow-hook run.
pub fn hook_key(lesson: &str, scenario: &str) -> String {
    format!("{lesson}/{scenario}")
}

/// The items a finished attempt missed: every question the attempt asked and got wrong.
pub fn missed_questions(lesson: &Lesson, attempt: &Attempt) -> Vec<Item> {
    plan_attempt(&lesson.quiz, attempt.seed)
        .iter()
        .map(|p| &lesson.quiz.questions[p.question])
        .filter(|q| !attempt.answers.get(&q.id).is_some_and(|a| is_correct(q, a)))
        .map(|q| Item::Question { lesson: lesson.info.id.clone(), question: q.id.clone() })
        .collect()
}

/// The red flags a learner left unmarked in a red-flag exercise or a mock-up.
pub fn missed_flags(lesson: &Lesson, scenario: &str, marked: &[usize]) -> Vec<Item> {
    let Some(s) = lesson.practice.iter().find(|s| s.id == scenario) else {
        return Vec::new();
    };
    let (flags, _) = crate::scenario::part_results(&s.activity, marked);
    missed_in(&lesson.info.id, scenario, &flags)
}

/// The red flags a finished practice result missed, as re-check items.
pub fn missed_in(lesson: &str, scenario: &str, flags: &[(usize, bool)]) -> Vec<Item> {
    flags.iter().filter(|(_, found)| !found).map(|(part, _)| Item::Flag { lesson: lesson.into(), scenario: scenario.into(), part: *part }).collect()
}

impl Schedule {
    /// Grades one item (a new item starts as a fresh card).
    pub fn review(&mut self, item: &Item, grade: u8, today: u32, now: u64) {
        let card = self.cards.get(&item.key()).copied().unwrap_or_default();
        self.cards.insert(item.key(), schedule(card, grade, today, now));
    }

    /// Puts missed items into the schedule, each graded as a miss.
    pub fn missed(&mut self, items: &[Item], today: u32, now: u64) {
        for item in items {
            self.review(item, GRADE_WRONG, today, now);
        }
    }

    /// The items due on `today`, most overdue first, then by key; `limit` of them.
    pub fn due(&self, today: u32, limit: usize) -> Vec<Item> {
        let mut due: Vec<(u32, &String)> = self.cards.iter().filter(|(_, c)| c.due <= today).map(|(k, c)| (c.due, k)).collect();
        crate::compact::sort_by(&mut due, |a, b| a.cmp(b));
        due.into_iter().filter_map(|(_, k)| Item::parse(k)).take(limit).collect()
    }

    /// The next day anything is due, if anything is scheduled.
    pub fn next_due(&self) -> Option<u32> {
        self.cards.values().map(|c| c.due).min()
    }

    /// Forgets items whose lesson or question is gone from the course (`keep` says which stay).
    pub fn retain_items(&mut self, keep: impl Fn(&Item) -> bool) {
        self.cards.retain(|k, _| Item::parse(k).is_some_and(|i| keep(&i)));
    }

    /// Combines two copies (this tab's and another's): a union; per item and per slow hook the
    /// later review wins; the later reset holds.
    pub fn merge(&mut self, other: Schedule) {
        self.cleared_at = self.cleared_at.max(other.cleared_at);
        for (key, card) in other.cards {
            match self.cards.get(&key) {
                Some(mine) if (mine.reviewed_at, mine.due) >= (card.reviewed_at, card.due) => {}
                _ => {
                    self.cards.insert(key, card);
                }
            }
        }
        for (key, run) in other.hooks {
            match self.hooks.get(&key) {
                Some(mine) if (mine.updated_at, mine.decisions.len()) >= (run.updated_at, run.decisions.len()) => {}
                _ => {
                    self.hooks.insert(key, run);
                }
            }
        }
        let cleared = self.cleared_at;
        self.cards.retain(|_, c| c.reviewed_at >= cleared);
        self.hooks.retain(|_, r| r.updated_at >= cleared);
    }

    /// Adds a backup's schedule: only fills what is not here (an import never replaces).
    pub fn import(&mut self, imported: Schedule) -> usize {
        let mut added = 0;
        let mut oldest = u64::MAX;
        for (key, card) in imported.cards {
            if let std::collections::btree_map::Entry::Vacant(gap) = self.cards.entry(key) {
                oldest = oldest.min(card.reviewed_at);
                gap.insert(card);
                added += 1;
            }
        }
        for (key, run) in imported.hooks {
            if let std::collections::btree_map::Entry::Vacant(gap) = self.hooks.entry(key) {
                oldest = oldest.min(run.updated_at);
                gap.insert(run);
                added += 1;
            }
        }
        self.cleared_at = self.cleared_at.min(oldest);
        added
    }

    pub fn reset(&mut self, now: u64) {
        *self = Schedule { cleared_at: now.max(self.cleared_at), ..Schedule::default() };
    }
}

// ---- The stored record (format 1) ----

/// Why a stored or imported schedule could not be read, in plain words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    NotJson,
    WrongShape,
    FutureVersion(u32),
}

impl std::error::Error for ScheduleError {}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScheduleError::NotJson => "it is damaged (it may be truncated or corrupted)",
            ScheduleError::WrongShape => "it is not in the form hookwise saves re-checks in",
            ScheduleError::FutureVersion(_) => {
                "it was saved by a newer version of hookwise, which this version cannot read (open it where it was saved, or update this site)"
            }
        })
    }
}

// The record as stored. Read and written by hand (`wire`'s reader and writer, below), so that
// the app's bundle carries no serde code for it; the serde derives are kept for the tests alone,
// as the oracle the hand-written code is held to (`oracle_tests`).

#[cfg_attr(test, derive(Serialize, Deserialize))]
#[derive(Default)]
pub struct ScheduleV1 {
    v: u32,
    #[cfg_attr(test, serde(default))]
    cleared_at: u64,
    #[cfg_attr(test, serde(default))]
    items: BTreeMap<String, CardV1>,
    #[cfg_attr(test, serde(default))]
    hooks: BTreeMap<String, HookV1>,
}

#[cfg_attr(test, derive(Serialize, Deserialize))]
#[derive(Default)]
struct CardV1 {
    n: u32,
    i: u32,
    ef: u16,
    due: u32,
    at: u64,
}

#[cfg_attr(test, derive(Serialize, Deserialize))]
#[derive(Default)]
struct HookV1 {
    #[cfg_attr(test, serde(default))]
    decisions: Vec<DecisionV1>,
    #[cfg_attr(test, serde(default, skip_serializing_if = "Option::is_none"))]
    next: Option<WaitingV1>,
    updated: u64,
}

#[cfg_attr(test, derive(Serialize, Deserialize))]
#[derive(Default)]
struct DecisionV1 {
    /// `report`, `decline` or `go-along`.
    choice: String,
    day: u32,
    at: u64,
}

#[cfg_attr(test, derive(Serialize, Deserialize))]
#[derive(Default)]
struct WaitingV1 {
    rung: usize,
    arrives: u32,
    from: String,
}

#[cfg(test)]
impl From<&Schedule> for ScheduleV1 {
    fn from(s: &Schedule) -> ScheduleV1 {
        ScheduleV1 {
            v: SCHEDULE_FORMAT,
            cleared_at: s.cleared_at,
            items: map_from(s.cards.iter().map(|(k, c)| (k.clone(), CardV1 { n: c.repetitions, i: c.interval, ef: c.ease, due: c.due, at: c.reviewed_at }))),
            hooks: map_from(s.hooks.iter().map(|(k, r)| {
                    let hook = HookV1 {
                        decisions: r.decisions.iter().map(|d| DecisionV1 { choice: d.choice.id().into(), day: d.day, at: d.at }).collect(),
                        next: r.next.as_ref().map(|w| WaitingV1 { rung: w.rung, arrives: w.arrives, from: w.from.clone() }),
                        updated: r.updated_at,
                    };
                    (k.clone(), hook)
                })),
        }
    }
}

impl TryFrom<ScheduleV1> for Schedule {
    type Error = ScheduleError;
    fn try_from(r: ScheduleV1) -> Result<Schedule, ScheduleError> {
        let mut hooks = BTreeMap::new();
        for (k, h) in r.hooks {
            let decisions = h
                .decisions
                .into_iter()
                .map(|d| Ok(Decision { choice: SlowChoice::from_id(&d.choice).ok_or(ScheduleError::WrongShape)?, day: d.day, at: d.at }))
                .collect::<Result<Vec<_>, ScheduleError>>()?;
            let next = h.next.map(|w| Waiting { rung: w.rung, arrives: w.arrives, from: w.from });
            hooks.insert(k, HookRun { decisions, next, updated_at: h.updated });
        }
        let cards = map_from(r.items.into_iter().map(|(k, c)| (k, Card { repetitions: c.n, interval: c.i, ease: c.ef.max(MIN_EASE), due: c.due, reviewed_at: c.at })));
        Ok(Schedule { cards, hooks, cleared_at: r.cleared_at })
    }
}

impl From<FormatError> for ScheduleError {
    fn from(e: FormatError) -> ScheduleError {
        match e {
            FormatError::NotJson => ScheduleError::NotJson,
            _ => ScheduleError::WrongShape,
        }
    }
}

fn read_record(r: &mut Reader, bad: &Shape) -> Option<ScheduleV1> {
    let mut s = ScheduleV1::default();
    wire::object(r, bad, &["v", "cleared_at", "items", "hooks"], 1, |r, i| {
        match i {
            0 => s.v = u32_field(r, bad)?,
            1 => s.cleared_at = wire::uint(r, bad, u64::MAX)?,
            2 => {
                s.items = map(r, bad, |r, bad| {
                    let mut c = CardV1::default();
                    wire::object(r, bad, &["n", "i", "ef", "due", "at"], 5, |r, i| {
                        match i {
                            0 => c.n = u32_field(r, bad)?,
                            1 => c.i = u32_field(r, bad)?,
                            2 => c.ef = wire::uint(r, bad, u16::MAX as u64)? as u16,
                            3 => c.due = u32_field(r, bad)?,
                            _ => c.at = wire::uint(r, bad, u64::MAX)?,
                        }
                        Some(())
                    })?;
                    Some(c)
                })?
            }
            _ => {
                s.hooks = map(r, bad, |r, bad| {
                    let mut h = HookV1::default();
                    wire::object(r, bad, &["updated", "decisions", "next"], 1, |r, i| {
                        match i {
                            0 => h.updated = wire::uint(r, bad, u64::MAX)?,
                            1 => {
                                h.decisions = list(r, bad, |r, bad| {
                                    let mut d = DecisionV1::default();
                                    wire::object(r, bad, &["choice", "day", "at"], 3, |r, i| {
                                        match i {
                                            0 => d.choice = wire::string(r, bad)?,
                                            1 => d.day = u32_field(r, bad)?,
                                            _ => d.at = wire::uint(r, bad, u64::MAX)?,
                                        }
                                        Some(())
                                    })?;
                                    Some(d)
                                })?
                            }
                            _ => {
                                h.next = optional(r, bad, |r, bad| {
                                    let mut w = WaitingV1::default();
                                    wire::object(r, bad, &["rung", "arrives", "from"], 3, |r, i| {
                                        match i {
                                            0 => w.rung = wire::uint(r, bad, usize::MAX as u64)? as usize,
                                            1 => w.arrives = u32_field(r, bad)?,
                                            _ => w.from = wire::string(r, bad)?,
                                        }
                                        Some(())
                                    })?;
                                    Some(w)
                                })?
                            }
                        }
                        Some(())
                    })?;
                    Some(h)
                })?
            }
        }
        Some(())
    })?;
    Some(s)
}

/// The version `v` of the object at the cursor.
fn read_version(r: &mut Reader, bad: &Shape) -> Option<Option<u32>> {
    let mut v = None;
    wire::object(r, bad, &["v"], 0, |r, _| {
        v = optional(r, bad, u32_field)?;
        Some(())
    })?;
    Some(v)
}

/// Reads a stored schedule of any known version.
pub fn decode_schedule(text: &str) -> Result<Schedule, ScheduleError> {
    if !text.trim_start().starts_with('{') {
        return Err(match wire::syntax_error(text) {
            None => ScheduleError::WrongShape,
            Some(_) => ScheduleError::NotJson,
        });
    }
    match wire::read_all(text, read_version)? {
        Some(SCHEDULE_FORMAT) => wire::read_all(text, read_record)?.try_into(),
        Some(v) if v > SCHEDULE_FORMAT => Err(ScheduleError::FutureVersion(v)),
        _ => Err(ScheduleError::WrongShape),
    }
}

/// The `schedule` field of a backup file that has been read as a backup: `None` when there is
/// none, else the schedule or why it cannot be read.
pub(crate) fn read_backup_schedule(text: &str) -> Option<Result<Schedule, ScheduleError>> {
    let probe = wire::read_all(text, |r, bad| {
        let mut v = None;
        wire::object(r, bad, &["schedule"], 0, |r, _| {
            v = optional(r, bad, read_version)?;
            Some(())
        })?;
        Some(v)
    });
    let v = match probe {
        Ok(v) => v?,
        Err(_) => return Some(Err(ScheduleError::WrongShape)),
    };
    Some(match v {
        Some(SCHEDULE_FORMAT) => {
            let mut record = None;
            let read = wire::read_all(text, |r, bad| {
                wire::object(r, bad, &["schedule"], 1, |r, _| {
                    record = Some(read_record(r, bad)?);
                    Some(())
                })
            });
            match (read, record) {
                (Ok(()), Some(record)) => record.try_into(),
                _ => Err(ScheduleError::WrongShape),
            }
        }
        Some(v) if v > SCHEDULE_FORMAT => Err(ScheduleError::FutureVersion(v)),
        _ => Err(ScheduleError::WrongShape),
    })
}

/// The stored record, serde_json's exact bytes (`oracle_tests` holds it to them).
pub fn encode_schedule(schedule: &Schedule) -> String {
    let mut o = JsonOut::default();
    o.open('{').key("v").uint(SCHEDULE_FORMAT as u64).key("cleared_at").uint(schedule.cleared_at).key("items").open('{');
    for (key, c) in &schedule.cards {
        o.key(key).open('{').key("n").uint(c.repetitions as u64).key("i").uint(c.interval as u64).key("ef").uint(c.ease as u64);
        o.key("due").uint(c.due as u64).key("at").uint(c.reviewed_at).close('}');
    }
    o.close('}').key("hooks").open('{');
    for (key, h) in &schedule.hooks {
        o.key(key).open('{').key("decisions").open('[');
        for d in &h.decisions {
            o.open('{').key("choice").str(d.choice.id()).key("day").uint(d.day as u64).key("at").uint(d.at).close('}');
        }
        o.close(']');
        if let Some(w) = &h.next {
            o.key("next").open('{').key("rung").uint(w.rung as u64).key("arrives").uint(w.arrives as u64).key("from").str(&w.from).close('}');
        }
        o.key("updated").uint(h.updated_at).close('}');
    }
    o.close('}').close('}');
    o.finish()
}

// ---- The catalogue's summary: written by hand, read by hand (the first load has no serde) ----

/// What the catalogue shows: re-checks due and slow-hook messages waiting.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Summary {
    pub due: usize,
    /// (lesson id, sender) of each message that has arrived and waits for the learner.
    pub messages: Vec<(String, String)>,
}

/// `1` on the first line; the due day of every item on the second (space-separated); then one
/// line per message on its way: `<day>\t<lesson>\t<sender>`.
pub fn encode_summary(schedule: &Schedule) -> String {
    let days: Vec<String> = schedule.cards.values().map(|c| c.due.to_string()).collect();
    let mut out = format!("1\n{}", days.join(" "));
    for (key, run) in &schedule.hooks {
        if let Some(w) = &run.next {
            let lesson = key.split('/').next().unwrap_or_default();
            let from: String = w.from.chars().filter(|c| !c.is_control()).collect();
            out.push_str(&format!("\n{}\t{lesson}\t{from}", w.arrives));
        }
    }
    out
}

/// Reads the summary for `today`; anything unreadable shows nothing.
pub fn parse_summary(text: &str, today: u32) -> Summary {
    let mut lines = text.split('\n');
    let mut summary = Summary::default();
    if lines.next() != Some("1") {
        return summary;
    }
    summary.due = lines.next().unwrap_or_default().split(' ').filter(|d| d.parse::<u32>().is_ok_and(|d| d <= today)).count();
    for line in lines {
        let mut fields = line.splitn(3, '\t');
        if let (Some(Ok(day)), Some(lesson), Some(from)) = (fields.next().map(str::parse::<u32>), fields.next(), fields.next()) {
            if day <= today {
                summary.messages.push((lesson.to_string(), from.to_string()));
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::Answers;
    use crate::lesson::{Choice, Inline, Question, QuestionKind, Quiz, Scenario};
    use crate::lesson::SlowOption;

    const NOW: u64 = 1_800_000_000_000;

    #[test]
    fn sm2_table() {
        // (grade, repetitions, interval, ease) after each review, starting from a fresh card on day 0.
        let mut card = Card::new();
        let mut day = 0;
        let table: &[(u8, u32, u32, u16)] = &[
            (4, 1, 1, 250),  // first success: 1 day; q=4 leaves EF unchanged
            (4, 2, 6, 250),  // second: 6 days
            (5, 3, 15, 260), // 6 × 2.5 = 15; q=5 adds 0.1
            (3, 4, 39, 246), // 15 × 2.6 = 39; q=3 takes 0.14
            (1, 0, 1, 246),  // a miss starts again, EF unchanged
            (4, 1, 1, 246),
            (4, 2, 6, 246),
            (4, 3, 15, 246), // 6 × 2.46 = 14.76, rounded up
        ];
        for (i, &(grade, n, interval, ease)) in table.iter().enumerate() {
            card = schedule(card, grade, day, NOW + i as u64);
            assert_eq!((card.repetitions, card.interval, card.ease, card.due), (n, interval, ease, day + interval), "row {i}");
            day = card.due;
        }
        // The E-Factor never falls below 1.3.
        let mut low = Card::new();
        for _ in 0..20 {
            low = schedule(low, 3, 0, NOW);
        }
        assert_eq!(low.ease, MIN_EASE);
        // Grade 0 keeps the ease too; grades above 5 count as 5.
        assert_eq!(schedule(Card::new(), 0, 10, NOW).due, 11);
        assert_eq!(schedule(Card::new(), 9, 10, NOW).ease, 260);
    }

    #[test]
    fn days_are_local() {
        assert_eq!(day_of(0, 0), 0);
        assert_eq!(day_of(DAY_MS - 1, 0), 0);
        assert_eq!(day_of(DAY_MS - 1, 3_600_000), 1, "an hour east of UTC, the day turns an hour earlier");
        assert_eq!(day_of(1000, -3_600_000), 0, "never negative");
    }

    #[test]
    fn item_keys_round_trip() {
        for item in [
            Item::Question { lesson: "little-hook".into(), question: "a-signed-receipt".into() },
            Item::Flag { lesson: "online-pitches".into(), scenario: "the-recruiter".into(), part: 3 },
        ] {
            assert_eq!(Item::parse(&item.key()), Some(item));
        }
        for bad in ["", "q:", "q:a", "q:/b", "f:a/b", "f:a/b/x", "x:a/b", "f:/b/1"] {
            assert_eq!(Item::parse(bad), None, "{bad}");
        }
    }

    fn question(id: &str) -> Question {
        Question {
            id: id.into(),
            kind: QuestionKind::Single,
            title: id.into(),
            prompt: vec![],
            choices: vec![
                Choice { text: vec![Inline::text("right")], correct: true, feedback: vec![] },
                Choice { text: vec![Inline::text("wrong")], correct: false, feedback: vec![] },
            ],
            explanation: vec![],
        }
    }

    fn lesson() -> Lesson {
        Lesson {
            info: crate::lms::fixtures::info("l", "L"),
            updated: None,
            sources: vec![],
            body: vec![],
            practice: vec![Scenario {
                id: "flags".into(),
                title: "Flags".into(),
                intro: vec![],
                activity: crate::lesson::Activity::RedFlags {
                    items: vec![
                        Choice { text: vec![], correct: true, feedback: vec![] },
                        Choice { text: vec![], correct: false, feedback: vec![] },
                        Choice { text: vec![], correct: true, feedback: vec![] },
                    ],
                },
            }],
            quiz: Quiz { questions: vec![question("a"), question("b"), question("c")], ask: None },
        }
    }

    #[test]
    fn a_finished_attempt_puts_its_misses_in_the_schedule_for_tomorrow() {
        let l = lesson();
        let mut answers = Answers::new();
        answers.insert("a".into(), vec![0]);
        answers.insert("b".into(), vec![1]);
        let attempt = Attempt {
            lesson_id: "l".into(),
            lesson_version: "1".into(),
            content_hash: "h".into(),
            seed: 5,
            started_at: NOW,
            finished_at: NOW,
            answers,
            score: 33,
            passed: false,
        };
        let missed = missed_questions(&l, &attempt);
        assert_eq!(missed.iter().map(Item::key).collect::<Vec<_>>(), ["q:l/b", "q:l/c"], "wrong and unanswered");
        let mut s = Schedule::default();
        s.missed(&missed, 100, NOW);
        assert!(s.due(100, 5).is_empty(), "nothing due the same day");
        assert_eq!(s.due(101, 5).len(), 2);
        assert_eq!(s.due(101, 1).len(), 1, "a session is capped");
        s.review(&missed[0], GRADE_RIGHT, 101, NOW + 1);
        assert_eq!(s.due(101, 5), vec![missed[1].clone()]);
        assert_eq!(s.next_due(), Some(101), "the other one is still due");
        assert_eq!(missed_flags(&l, "flags", &[0]).iter().map(Item::key).collect::<Vec<_>>(), ["f:l/flags/2"]);
        assert!(missed_flags(&l, "nope", &[]).is_empty());
        let keys = |items: Vec<Item>| items.iter().map(Item::key).collect::<Vec<_>>();
        assert_eq!(keys(missed_in("l", "a-profile", &[(1, true), (4, false), (6, false)])), ["f:l/a-profile/4", "f:l/a-profile/6"]);
    }

    #[test]
    fn merge_is_a_union_where_the_later_review_wins() {
        let a_item = Item::Question { lesson: "l".into(), question: "a".into() };
        let b_item = Item::Question { lesson: "l".into(), question: "b".into() };
        let mut tab1 = Schedule::default();
        tab1.missed(&[a_item.clone()], 10, NOW);
        let mut tab2 = tab1.clone();
        tab2.review(&a_item, GRADE_RIGHT, 11, NOW + 5);
        tab1.missed(&[b_item.clone()], 10, NOW + 1);
        let mut merged = tab1.clone();
        merged.merge(tab2.clone());
        assert_eq!(merged.cards.len(), 2);
        assert_eq!(merged.cards[&a_item.key()].reviewed_at, NOW + 5, "the later review wins");
        let mut other_way = tab2.clone();
        other_way.merge(tab1.clone());
        assert_eq!(merged, other_way, "symmetric");
        let mut again = merged.clone();
        again.merge(merged.clone());
        assert_eq!(again, merged, "idempotent");
        let mut reset = merged.clone();
        reset.reset(NOW + 10);
        reset.merge(tab1.clone());
        assert!(reset.cards.is_empty(), "a stale tab cannot bring back what a reset removed");
        // An import fills gaps only.
        let mut here = tab2.clone();
        assert_eq!(here.import(tab1.clone()), 1);
        assert_eq!(here.cards[&a_item.key()], tab2.cards[&a_item.key()], "kept as it is here");
    }

    pub(super) fn rungs() -> Vec<SlowRung> {
        let opt = |kind| SlowOption { kind, text: vec![], feedback: vec![] };
        vec![
            SlowRung { after_days: 0, title: "1".into(), content: vec![], choices: vec![opt(SlowChoice::GoAlong), opt(SlowChoice::Report)] },
            SlowRung { after_days: 7, title: "2".into(), content: vec![], choices: vec![opt(SlowChoice::GoAlong), opt(SlowChoice::Decline)] },
            SlowRung { after_days: 14, title: "3".into(), content: vec![], choices: vec![opt(SlowChoice::GoAlong), opt(SlowChoice::Report)] },
        ]
    }

    #[test]
    fn the_slow_hook_moves_a_rung_per_decision_and_waits_between() {
        let r = rungs();
        let mut run = HookRun::default();
        assert_eq!(run.stage(&r, 100), HookStage::Decide(0));
        assert!(!run.decide(&r, "Robin", SlowChoice::Decline, 100, NOW), "not a choice at this rung");
        assert!(run.decide(&r, "Robin", SlowChoice::GoAlong, 100, NOW));
        assert_eq!(run.stage(&r, 106), HookStage::Waiting { rung: 1, arrives: 107 });
        assert!(!run.decide(&r, "Robin", SlowChoice::GoAlong, 106, NOW), "nothing to decide before it arrives");
        assert_eq!(run.stage(&r, 107), HookStage::Decide(1));
        let mut declined = run.clone();
        assert!(declined.decide(&r, "Robin", SlowChoice::Decline, 107, NOW + 1));
        assert_eq!(declined.stage(&r, 200), HookStage::Ended(Outcome::Declined));
        assert!(declined.next.is_none());
        assert!(run.decide(&r, "Robin", SlowChoice::GoAlong, 110, NOW + 2));
        assert_eq!(run.next.as_ref().map(|w| w.arrives), Some(124));
        let mut reported = run.clone();
        assert!(reported.decide(&r, "Robin", SlowChoice::Report, 124, NOW + 3));
        assert_eq!(reported.stage(&r, 124), HookStage::Ended(Outcome::Reported));
        assert!(run.decide(&r, "Robin", SlowChoice::GoAlong, 130, NOW + 4));
        assert_eq!(run.stage(&r, 130), HookStage::Ended(Outcome::Hooked));
        assert_eq!(run.decisions.iter().map(|d| d.day).collect::<Vec<_>>(), [100, 110, 130], "each rung's decision is recorded");
    }

    #[test]
    fn the_record_round_trips() {
        let mut s = Schedule::default();
        s.missed(&[Item::Question { lesson: "l".into(), question: "a".into() }], 10, NOW);
        let mut run = HookRun::default();
        run.decide(&rungs(), "Robin \"Vale\"", SlowChoice::GoAlong, 10, NOW);
        s.hooks.insert(hook_key("l", "s"), run);
        s.cleared_at = 3;
        let text = encode_schedule(&s);
        assert!(text.starts_with("{\"v\":1"), "{text}");
        assert_eq!(decode_schedule(&text), Ok(s));
    }

    #[test]
    fn garbled_and_future_records_are_refused_in_plain_words() {
        assert_eq!(decode_schedule("{\"v\":1,\"items\":{"), Err(ScheduleError::NotJson));
        assert_eq!(decode_schedule("garbage"), Err(ScheduleError::NotJson));
        assert_eq!(decode_schedule(r#"{"v":7,"anything":[]}"#), Err(ScheduleError::FutureVersion(7)));
        assert_eq!(decode_schedule(r#"{"items":{}}"#), Err(ScheduleError::WrongShape));
        assert_eq!(decode_schedule(r#"{"v":1,"items":{"q:a/b":{"n":"x"}}}"#), Err(ScheduleError::WrongShape));
        assert_eq!(decode_schedule(r#"{"v":1,"hooks":{"a/b":{"decisions":[{"choice":"dance","day":1,"at":1}],"updated":1}}}"#), Err(ScheduleError::WrongShape));
        assert_eq!(decode_schedule("[1]"), Err(ScheduleError::WrongShape));
        assert_eq!(decode_schedule("[1"), Err(ScheduleError::NotJson));
        for e in [ScheduleError::NotJson, ScheduleError::WrongShape, ScheduleError::FutureVersion(2)] {
            let text = e.to_string();
            for jargon in ["expected", "line", "column", "invalid type", "struct", "JSON", "`"] {
                assert!(!text.contains(jargon), "{text}");
            }
        }
    }

    #[test]
    fn the_summary_is_read_by_hand() {
        let mut s = Schedule::default();
        s.missed(&[Item::Question { lesson: "l".into(), question: "a".into() }], 10, NOW);
        s.missed(&[Item::Question { lesson: "l".into(), question: "b".into() }], 12, NOW);
        let mut run = HookRun::default();
        run.decide(&rungs(), "Robin Vale,\tVale\nInsight", SlowChoice::GoAlong, 10, NOW);
        s.hooks.insert(hook_key("little-hook", "robin"), run);
        let text = encode_summary(&s);
        assert_eq!(parse_summary(&text, 10), Summary::default());
        assert_eq!(parse_summary(&text, 11).due, 1);
        let later = parse_summary(&text, 17);
        assert_eq!(later.due, 2);
        assert_eq!(later.messages, [("little-hook".to_string(), "Robin Vale,ValeInsight".to_string())]);
        for junk in ["", "2\n1 2", "1", "1\nx y\nnot a line", "\u{0}"] {
            assert_eq!(parse_summary(junk, 100).messages, Vec::<(String, String)>::new(), "{junk:?}");
        }
        assert_eq!(parse_summary("1\nx 3 4000", 100).due, 1);
    }
}

/// The hand-written reader and writer against the serde code they replaced (kept here as the
/// oracle): the same bytes written, and for every input the same schedule or the same error.
#[cfg(test)]
mod oracle_tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        v: Option<u32>,
    }

    #[derive(Deserialize)]
    struct BackupProbe {
        #[serde(default)]
        schedule: Option<Probe>,
    }

    #[derive(Deserialize)]
    struct BackupRecord {
        schedule: ScheduleV1,
    }

    fn shape(e: serde_json::Error) -> ScheduleError {
        if e.is_syntax() || e.is_eof() {
            ScheduleError::NotJson
        } else {
            ScheduleError::WrongShape
        }
    }

    fn serde_decode(text: &str) -> Result<Schedule, ScheduleError> {
        if !text.trim_start().starts_with('{') {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Ok(_) => ScheduleError::WrongShape,
                Err(e) => shape(e),
            });
        }
        let probe: Probe = serde_json::from_str(text).map_err(shape)?;
        match probe.v {
            Some(SCHEDULE_FORMAT) => serde_json::from_str::<ScheduleV1>(text).map_err(shape)?.try_into(),
            Some(v) if v > SCHEDULE_FORMAT => Err(ScheduleError::FutureVersion(v)),
            _ => Err(ScheduleError::WrongShape),
        }
    }

    fn serde_backup(text: &str) -> Option<Result<Schedule, ScheduleError>> {
        let probe = match serde_json::from_str::<BackupProbe>(text) {
            Ok(p) => p.schedule?,
            Err(_) => return Some(Err(ScheduleError::WrongShape)),
        };
        Some(match probe.v {
            Some(SCHEDULE_FORMAT) => serde_json::from_str::<BackupRecord>(text).map_err(|_| ScheduleError::WrongShape).and_then(|b| b.schedule.try_into()),
            Some(v) if v > SCHEDULE_FORMAT => Err(ScheduleError::FutureVersion(v)),
            _ => Err(ScheduleError::WrongShape),
        })
    }

    fn sample() -> Schedule {
        let mut s = Schedule::default();
        s.missed(&[Item::Question { lesson: "l".into(), question: "a".into() }, Item::Flag { lesson: "m".into(), scenario: "s\"x".into(), part: 3 }], 10, 1_800_000_000_000);
        s.review(&Item::Question { lesson: "l".into(), question: "a".into() }, GRADE_RIGHT, 11, 1_800_000_000_001);
        let mut run = HookRun::default();
        run.decide(&super::tests::rungs(), "Robin \"Vale\" \u{1}😀", SlowChoice::GoAlong, 10, 5);
        s.hooks.insert(hook_key("l", "s"), run.clone());
        run.decide(&super::tests::rungs(), "Robin", SlowChoice::Report, 30, 6);
        s.hooks.insert(hook_key("l", "t"), run);
        s.cleared_at = 3;
        s
    }

    fn outcome(text: &str) -> (Result<Schedule, ScheduleError>, Option<Result<Schedule, ScheduleError>>) {
        (decode_schedule(text), read_backup_schedule(text))
    }

    fn serde_outcome(text: &str) -> (Result<Schedule, ScheduleError>, Option<Result<Schedule, ScheduleError>>) {
        (serde_decode(text), serde_backup(text))
    }

    fn texts() -> Vec<String> {
        let record = encode_schedule(&sample());
        vec![record.clone(), encode_schedule(&Schedule::default()), format!("{{\"format\":\"x\",\"schedule\":{record}}}"), r#"{"v":1}"#.into()]
    }

    #[test]
    fn the_same_bytes_are_written_and_read_as_before() {
        for s in [sample(), Schedule::default()] {
            assert_eq!(encode_schedule(&s), serde_json::to_string(&ScheduleV1::from(&s)).expect("serialises"));
            assert_eq!(decode_schedule(&encode_schedule(&s)), Ok(s));
        }
        for text in texts() {
            assert_eq!(outcome(&text), serde_outcome(&text), "{text}");
        }
    }

    /// Every truncation, every byte deleted, and every byte replaced by a few telling ones.
    #[test]
    fn corrupt_schedules_get_the_same_answers_as_before() {
        let mut cases = 0;
        for text in texts() {
            for input in crate::damage::damaged(&text, &[b"\"", b"0", b"}", b"\\", b".", b"n", b"9", b"-"]) {
                assert_eq!(outcome(&input), serde_outcome(&input), "{input}");
                cases += 1;
            }
        }
        assert!(cases > 3_000, "{cases}");
    }

    #[test]
    fn edited_schedules_get_the_same_answers_as_before() {
        let edits: &[(&str, &str)] = &[
            ("\"v\":1", "\"v\":2"),
            ("\"v\":1", "\"v\":0"),
            ("\"v\":1", "\"v\":1.0"),
            ("\"v\":1", "\"v\":null"),
            ("\"v\":1", "\"v\":\"1\""),
            ("\"v\":1", "\"v\":4294967296"),
            ("\"ef\":", "\"ef\":65536,\"x\":"),
            ("\"ef\":", "\"ef\":-1,\"x\":"),
            ("\"n\":", "\"n\":null,\"x\":"),
            ("\"n\":", "\"n\":1,\"n\":"),
            ("\"due\":", "\"d\":"),
            ("\"items\":", "\"items\":null,\"x\":"),
            ("\"items\":{", "\"items\":{\"q:l/a\":{\"n\":0,\"i\":1,\"ef\":250,\"due\":1,\"at\":2},"),
            ("\"hooks\":", "\"hooks\":[],\"x\":"),
            ("\"decisions\":", "\"decisions\":null,\"x\":"),
            ("\"choice\":\"go-along\"", "\"choice\":\"dance\""),
            ("\"choice\":", "\"choice\":7,\"x\":"),
            ("\"next\":", "\"next\":null,\"x\":"),
            ("\"next\":", "\"next\":5,\"x\":"),
            ("\"rung\":", "\"rung\":-1,\"x\":"),
            ("\"from\":", "\"from\":null,\"x\":"),
            ("\"updated\":", "\"updated\":1,\"updated\":"),
            ("\"cleared_at\":", "\"extra\":{\"deep\":[1,{\"x\":null}]},\"cleared_at\":"),
            ("\"schedule\":", "\"schedule\":null,\"x\":"),
            ("\"schedule\":", "\"schedule\":5,\"x\":"),
            ("\"schedule\":{", "\"schedule\":{\"v\":9,"),
            ("Robin", "Rob\\u0069n"),
            ("😀", "\\ud83d\\ude00"),
        ];
        for text in texts() {
            for (from, to) in edits {
                for n in 1..=2 {
                    let input = text.replacen(from, to, n);
                    assert_eq!(outcome(&input), serde_outcome(&input), "{from} → {to}: {input}");
                }
            }
        }
        for input in ["", " ", "null", "{}", "[1", "\"x\"", "42", "{\"v\":1,\"v\":1}", "{\"schedule\":{}}"] {
            assert_eq!(outcome(input), serde_outcome(input), "{input}");
        }
        // An array is no schedule for either; serde alone took one as a backup's fields (`[]` as
        // `{}`), but backups are objects by then (`records::decode_backup` reads them first).
        for input in ["[]", "[1]"] {
            assert_eq!(decode_schedule(input), serde_decode(input), "{input}");
        }
    }
}
