//! What people miss: each learner's first-attempt answers, attempts needed to pass and
//! practice results, in one shape whatever they came from (a completion report or the xAPI
//! statements in an LRS), and the team-wide aggregation the dashboard shows.
//!
//! An option is named by its authored index, written as a letter (`a` is the first authored
//! option): the same letters as the `response` of hookwise's xAPI `answered` statements and
//! SCORM interactions, so both sources fill the same fields. Words for questions and options
//! come from `questions.txt`, which the compiler writes next to `catalogue.json` (plain text,
//! read by hand here so the dashboard carries no lesson model and no serde code for it).

use std::collections::BTreeMap;

use crate::grading::{is_correct, plan_attempt};
use crate::lesson::{plain_text, Activity, Lesson};
use crate::progress::Progress;

/// The most options an answer can name (letters `a` to `z`).
pub const MAX_OPTIONS: usize = 26;

/// One learner's detail for "What people miss". Empty for reports older than format 2.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LearnerMisses {
    pub lessons: Vec<LessonAnswers>,
    /// Per practice scenario; empty until progress records practice results.
    pub practice: Vec<PracticeResult>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonAnswers {
    pub lesson: String,
    /// Attempts up to and including the first pass; `None` while not passed.
    pub attempts_to_pass: Option<u32>,
    /// Every question the first attempt asked (on the lesson's current version).
    pub first_attempt: Vec<Answer>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub question: String,
    pub right: bool,
    /// Bit `i` set: the option at authored index `i` was chosen.
    pub chosen: u32,
}

/// One practice scenario's result.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PracticeResult {
    pub lesson: String,
    pub scenario: String,
    /// Red flags: each flag's id and whether this learner found it.
    pub flags: Vec<(String, bool)>,
    /// Conversations: whether the learner reported before doing any task asked of them.
    pub reported_before_task: Option<bool>,
}

// ---- Text forms -------------------------------------------------------------------------
//
// Answers: `<question id>:<+ right | - wrong><letters chosen>`, separated by spaces, e.g.
// `who-asks:+a what-to-keep:-bd unanswered:-`. Question ids are slugs (no spaces or colons).
// Practice, one scenario per line: `<lesson> <scenario>` then `flag:<id>:+` (found) or
// `flag:<id>:-` (missed) per red flag, and `report:before` or `report:after`.
// A learner in the team store: a line `<lesson> <attempts to pass or -> <answers>` per lesson,
// and the practice lines, each after `~ `.

/// An id the text forms can hold: not empty, no white space, no leading `~`. Entries with
/// other ids (only a hostile file or statement has them) are left out when written.
fn is_word(id: &str) -> bool {
    // `chars().any`, not `contains`: the same answer without the pattern searcher, which was
    // most of the time a team of 10,000 learners took to save.
    !id.is_empty() && !id.starts_with('~') && !id.chars().any(char::is_whitespace)
}

/// The letters of the options in `mask`, in authored order.
pub fn letters(mask: u32) -> String {
    (0..MAX_OPTIONS).filter(|i| mask & (1 << i) != 0).map(|i| (b'a' + i as u8) as char).collect()
}

fn parse_letters(text: &str) -> Option<u32> {
    text.bytes().try_fold(0u32, |mask, b| b.is_ascii_lowercase().then(|| mask | 1 << (b - b'a')))
}

/// The options an xAPI `answered` statement's `result.response` names (`a[,]c`, `true`,
/// `false`, or empty); `None` for anything else.
pub fn chosen_from_response(response: &str) -> Option<u32> {
    match response {
        "true" => Some(1),
        "false" => Some(2),
        _ => response.split("[,]").filter(|p| !p.is_empty()).try_fold(0, |mask, p| Some(mask | parse_letters(p).filter(|_| p.len() == 1)?)),
    }
}

pub fn encode_answers(answers: &[Answer]) -> String {
    let mut out = String::new();
    write_answers(&mut out, answers);
    out
}

/// `encode_answers`, written at the end of `out` (no text of its own per answer: a team's
/// stored form has hundreds of thousands).
fn write_answers(out: &mut String, answers: &[Answer]) {
    let mut first = true;
    for a in answers.iter().filter(|a| is_word(&a.question)) {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(&a.question);
        out.push_str(if a.right { ":+" } else { ":-" });
        out.extend((0..MAX_OPTIONS).filter(|i| a.chosen & (1 << i) != 0).map(|i| (b'a' + i as u8) as char));
    }
}

pub fn decode_answers(text: &str) -> Option<Vec<Answer>> {
    text.split_whitespace()
        .map(|item| {
            let (question, rest) = item.rsplit_once(':')?;
            let right = match rest.as_bytes().first()? {
                b'+' => true,
                b'-' => false,
                _ => return None,
            };
            (!question.is_empty()).then_some(())?;
            Some(Answer { question: question.into(), right, chosen: parse_letters(&rest[1..])? })
        })
        .collect()
}

pub fn encode_practice(practice: &[PracticeResult]) -> String {
    let mut out = String::new();
    write_practice(&mut out, practice, "");
    out
}

/// `encode_practice` at the end of `out`, each line after `prefix` and each but the first
/// after a line break (a line break before the first too when `out` is not empty).
fn write_practice(out: &mut String, practice: &[PracticeResult], prefix: &str) {
    for p in practice.iter().filter(|p| is_word(&p.lesson) && is_word(&p.scenario)) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(prefix);
        out.push_str(&p.lesson);
        out.push(' ');
        out.push_str(&p.scenario);
        for (flag, found) in p.flags.iter().filter(|(f, _)| is_word(f) && !f.contains(':')) {
            out.push_str(" flag:");
            out.push_str(flag);
            out.push_str(if *found { ":+" } else { ":-" });
        }
        if let Some(before) = p.reported_before_task {
            out.push_str(if before { " report:before" } else { " report:after" });
        }
    }
}

pub fn decode_practice(text: &str) -> Option<Vec<PracticeResult>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut words = line.split_whitespace();
            let mut p = PracticeResult { lesson: words.next()?.into(), scenario: words.next()?.into(), ..Default::default() };
            for word in words {
                match word {
                    "report:before" => p.reported_before_task = Some(true),
                    "report:after" => p.reported_before_task = Some(false),
                    _ => {
                        let (flag, found) = word.strip_prefix("flag:")?.rsplit_once(':')?;
                        let found = match found {
                            "+" => true,
                            "-" => false,
                            _ => return None,
                        };
                        p.flags.push((flag.into(), found));
                    }
                }
            }
            Some(p)
        })
        .collect()
}

/// A learner's detail as one string, for the team's stored form.
pub fn encode_learner(m: &LearnerMisses) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for l in m.lessons.iter().filter(|l| is_word(&l.lesson)) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&l.lesson);
        match l.attempts_to_pass {
            Some(n) => {
                let _ = write!(out, " {n} ");
            }
            None => out.push_str(" - "),
        }
        write_answers(&mut out, &l.first_attempt);
    }
    write_practice(&mut out, &m.practice, "~ ");
    out
}

pub fn decode_learner(text: &str) -> Option<LearnerMisses> {
    let mut m = LearnerMisses::default();
    let mut practice = String::new();
    for line in text.lines() {
        if let Some(p) = line.strip_prefix("~ ") {
            practice.push_str(p);
            practice.push('\n');
            continue;
        }
        let mut parts = line.splitn(3, ' ');
        let lesson = parts.next().filter(|l| !l.is_empty())?.to_string();
        let attempts_to_pass = match parts.next()? {
            "-" => None,
            n => Some(n.parse().ok()?),
        };
        m.lessons.push(LessonAnswers { lesson, attempts_to_pass, first_attempt: decode_answers(parts.next().unwrap_or(""))? });
    }
    m.practice = decode_practice(&practice)?;
    Some(m)
}

// ---- From a learner's progress ------------------------------------------------------------

/// What `progress` holds for `lesson`: attempts needed to pass, and the first attempt at the
/// lesson's current version, question by question. `None` before any attempt.
pub fn lesson_answers(progress: &Progress, lesson: &Lesson) -> Option<LessonAnswers> {
    let mut attempts: Vec<_> = progress.attempts_for(&lesson.info.id).collect();
    if attempts.is_empty() {
        return None;
    }
    crate::compact::sort_by(&mut attempts, |a, b| a.finished_at.cmp(&b.finished_at));
    let attempts_to_pass = attempts.iter().position(|a| a.passed).map(|i| i as u32 + 1);
    let first_attempt = attempts
        .iter()
        .find(|a| a.content_hash == lesson.info.content_hash)
        .map(|a| {
            plan_attempt(&lesson.quiz, a.seed)
                .iter()
                .map(|p| {
                    let q = &lesson.quiz.questions[p.question];
                    let chosen = a.answers.get(&q.id).map(Vec::as_slice).unwrap_or(&[]);
                    Answer {
                        question: q.id.clone(),
                        right: is_correct(q, chosen),
                        chosen: chosen.iter().filter(|i| **i < MAX_OPTIONS).fold(0, |m, i| m | 1 << i),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Some(LessonAnswers { lesson: lesson.info.id.clone(), attempts_to_pass, first_attempt })
}

// ---- Words: `questions.txt` ----------------------------------------------------------------

/// The first line of `questions.txt`.
pub const KEY_HEADER: &str = "# hookwise questions 1";

fn clean(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().to_string()
}

/// Writes `questions.txt` for the dashboard: per lesson its title, per question its title, its
/// correct options and each option's text, per scenario its title and red flags. Tab-separated.
pub fn write_key(lessons: &[Lesson]) -> String {
    let mut out = format!("{KEY_HEADER}\n");
    for l in lessons {
        out += &format!("lesson\t{}\t{}\n", l.info.id, clean(&l.info.title));
        for q in &l.quiz.questions {
            let correct = q.choices.iter().enumerate().filter(|(_, c)| c.correct).fold(0, |m, (i, _)| m | 1 << i.min(31));
            out += &format!("question\t{}\t{}\t{}\n", q.id, letters(correct), clean(&q.title));
            for c in &q.choices {
                out += &format!("option\t{}\n", clean(&plain_text(&c.text)));
            }
        }
        for s in &l.practice {
            out += &format!("scenario\t{}\t{}\n", s.id, clean(&s.title));
            match &s.activity {
                Activity::RedFlags { items } => {
                    for (i, item) in items.iter().enumerate().filter(|(_, c)| c.correct) {
                        out += &format!("flag\t{i}\t{}\n", clean(&plain_text(&item.text)));
                    }
                }
                Activity::Mockup { parts, .. } => {
                    for (i, part) in parts.iter().enumerate().filter(|(_, p)| p.flag == Some(true)) {
                        out += &format!("flag\t{i}\t{}\n", clean(&plain_text(&part.text)));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyQuestion {
    pub id: String,
    pub title: String,
    pub correct: u32,
    pub options: Vec<String>,
}

/// (scenario id, title, [(flag id, text)])
pub type KeyScenario = (String, String, Vec<(String, String)>);

#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyLesson {
    pub id: String,
    pub title: String,
    pub questions: Vec<KeyQuestion>,
    pub scenarios: Vec<KeyScenario>,
}

/// The words of the course's questions, read from `questions.txt`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuizKey {
    pub lessons: Vec<KeyLesson>,
}

impl QuizKey {
    /// Reads `questions.txt`; lines of kinds it does not know are skipped, so a newer compiler's
    /// file still reads. `None` when it is not such a file.
    pub fn parse(text: &str) -> Option<QuizKey> {
        let mut lines = text.lines();
        if lines.next()?.trim() != KEY_HEADER {
            return None;
        }
        let mut key = QuizKey::default();
        for line in lines {
            let mut f = line.split('\t');
            match (f.next(), key.lessons.last_mut()) {
                (Some("lesson"), _) => {
                    key.lessons.push(KeyLesson { id: f.next()?.into(), title: f.next()?.into(), ..Default::default() })
                }
                (Some("question"), Some(l)) => l.questions.push(KeyQuestion {
                    id: f.next()?.into(),
                    correct: parse_letters(f.next()?)?,
                    title: f.next()?.into(),
                    options: Vec::new(),
                }),
                (Some("option"), Some(l)) => l.questions.last_mut()?.options.push(f.next()?.into()),
                (Some("scenario"), Some(l)) => l.scenarios.push((f.next()?.into(), f.next()?.into(), Vec::new())),
                (Some("flag"), Some(l)) => {
                    let flag = (f.next()?.into(), f.next()?.into());
                    l.scenarios.last_mut()?.2.push(flag)
                }
                _ => {}
            }
        }
        Some(key)
    }

    pub fn lesson(&self, id: &str) -> Option<&KeyLesson> {
        self.lessons.iter().find(|l| l.id == id)
    }

    pub fn question(&self, lesson: &str, id: &str) -> Option<&KeyQuestion> {
        self.lesson(lesson)?.questions.iter().find(|q| q.id == id)
    }
}

// ---- Aggregation -------------------------------------------------------------------------

/// One question over the learners' first attempts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionStats {
    pub lesson: String,
    pub question: String,
    /// Learners whose first attempt asked it.
    pub asked: u32,
    pub right: u32,
    /// Per option: how often it was chosen in a wrong first answer.
    pub wrong_choices: [u32; MAX_OPTIONS],
    /// The options chosen in right answers: the correct ones, as far as the data shows.
    pub right_mask: u32,
}

impl QuestionStats {
    pub fn share_right(&self) -> u8 {
        percent(self.right, self.asked)
    }

    /// The wrong option chosen most often in wrong first answers (the first authored on a tie),
    /// and how often. `correct` is the course's own answer when known; otherwise the options
    /// seen in right answers count as correct.
    pub fn most_chosen_wrong(&self, correct: Option<u32>) -> Option<(usize, u32)> {
        let correct = correct.unwrap_or(self.right_mask);
        let mut best: Option<(usize, u32)> = None;
        for (i, n) in self.wrong_choices.iter().enumerate() {
            if *n > 0 && correct & (1 << i) == 0 && best.is_none_or(|(_, b)| *n > b) {
                best = Some((i, *n));
            }
        }
        best
    }
}

/// Attempts learners needed to pass one lesson.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LessonAttempts {
    pub lesson: String,
    /// Learners by attempts needed: index 0 is one attempt; the last is `ATTEMPT_BUCKETS` or more.
    pub distribution: [u32; ATTEMPT_BUCKETS],
    pub total_attempts: u64,
    /// Learners who had attempted the lesson but not passed it.
    pub not_passed: u32,
}

pub const ATTEMPT_BUCKETS: usize = 5;

impl LessonAttempts {
    pub fn passed(&self) -> u32 {
        self.distribution.iter().sum()
    }

    /// The mean attempts to pass, in tenths (23 is 2.3).
    pub fn mean_tenths(&self) -> Option<u64> {
        let n = self.passed() as u64;
        (n > 0).then(|| (self.total_attempts * 10 + n / 2) / n)
    }

    /// The median attempts to pass (the lower middle for an even count); `ATTEMPT_BUCKETS`
    /// means that many or more.
    pub fn median(&self) -> Option<usize> {
        let n = self.passed();
        let mut seen = 0;
        for (i, c) in self.distribution.iter().enumerate() {
            seen += c;
            if n > 0 && seen * 2 >= n {
                return Some(i + 1);
            }
        }
        None
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagStats {
    pub lesson: String,
    pub scenario: String,
    pub flag: String,
    pub found: u32,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversationStats {
    pub lesson: String,
    pub scenario: String,
    pub before_task: u32,
    pub total: u32,
}

/// The team-wide figures, most missed first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Misses {
    /// Learners whose data had anything for this section.
    pub learners: u32,
    pub questions: Vec<QuestionStats>,
    pub lessons: Vec<LessonAttempts>,
    pub flags: Vec<FlagStats>,
    pub conversations: Vec<ConversationStats>,
}

/// Whole percent, rounded down (so "everyone" is never shown for fewer than everyone).
pub fn percent(part: u32, whole: u32) -> u8 {
    if whole == 0 {
        0
    } else {
        (part as u64 * 100 / whole as u64) as u8
    }
}

/// Row numbers for keys, trying the row after the previous one first: learners' data lists
/// questions in the same order, so most look-ups are that one comparison.
struct Rows<K> {
    index: BTreeMap<K, usize>,
    order: Vec<K>,
    hint: usize,
}

impl<K: Ord + Copy> Rows<K> {
    fn new() -> Self {
        Rows { index: BTreeMap::new(), order: Vec::new(), hint: usize::MAX - 1 }
    }

    /// The row of `key`, and whether it is new.
    fn get(&mut self, key: K) -> (usize, bool) {
        let next = self.hint + 1;
        let (i, new) = if self.order.get(next) == Some(&key) {
            (next, false)
        } else if let Some(i) = self.index.get(&key) {
            (*i, false)
        } else {
            let i = self.order.len();
            self.index.insert(key, i);
            self.order.push(key);
            (i, true)
        };
        self.hint = i;
        (i, new)
    }
}

/// Aggregates the learners' detail (already filtered, e.g. by team). Linear in the answers;
/// allocates only per distinct question, lesson, flag and conversation.
pub fn aggregate<'a>(learners: impl IntoIterator<Item = &'a LearnerMisses>) -> Misses {
    let mut m = Misses::default();
    // One key type for all four, so the browser bundle carries one map's code.
    type Key<'a> = (&'a str, &'a str, &'a str);
    let mut questions: Rows<Key<'a>> = Rows::new();
    let mut lessons: Rows<Key<'a>> = Rows::new();
    let mut flags: Rows<Key<'a>> = Rows::new();
    let mut conversations: Rows<Key<'a>> = Rows::new();
    for learner in learners {
        if learner.lessons.is_empty() && learner.practice.is_empty() {
            continue;
        }
        m.learners += 1;
        for l in &learner.lessons {
            let (li, new) = lessons.get((l.lesson.as_str(), "", ""));
            if new {
                m.lessons.push(LessonAttempts { lesson: l.lesson.clone(), distribution: [0; ATTEMPT_BUCKETS], total_attempts: 0, not_passed: 0 });
            }
            let row = &mut m.lessons[li];
            match l.attempts_to_pass {
                Some(n) if n > 0 => {
                    row.distribution[(n as usize).min(ATTEMPT_BUCKETS) - 1] += 1;
                    row.total_attempts += n as u64;
                }
                _ => row.not_passed += 1,
            }
            for a in &l.first_attempt {
                let key = (l.lesson.as_str(), a.question.as_str(), "");
                let (qi, new) = questions.get(key);
                if new {
                    m.questions.push(QuestionStats {
                        lesson: key.0.into(),
                        question: key.1.into(),
                        asked: 0,
                        right: 0,
                        wrong_choices: [0; MAX_OPTIONS],
                        right_mask: 0,
                    });
                }
                let q = &mut m.questions[qi];
                q.asked += 1;
                if a.right {
                    q.right += 1;
                    q.right_mask |= a.chosen;
                } else {
                    let mut bits = a.chosen;
                    while bits != 0 {
                        let i = bits.trailing_zeros() as usize;
                        if i < MAX_OPTIONS {
                            q.wrong_choices[i] += 1;
                        }
                        bits &= bits - 1;
                    }
                }
            }
        }
        for p in &learner.practice {
            for (flag, found) in &p.flags {
                let key = (p.lesson.as_str(), p.scenario.as_str(), flag.as_str());
                let (fi, new) = flags.get(key);
                if new {
                    m.flags.push(FlagStats { lesson: key.0.into(), scenario: key.1.into(), flag: key.2.into(), found: 0, total: 0 });
                }
                m.flags[fi].total += 1;
                m.flags[fi].found += *found as u32;
            }
            if let Some(before) = p.reported_before_task {
                let key = (p.lesson.as_str(), p.scenario.as_str(), "");
                let (ci, new) = conversations.get(key);
                if new {
                    m.conversations.push(ConversationStats { lesson: key.0.into(), scenario: key.1.into(), before_task: 0, total: 0 });
                }
                m.conversations[ci].total += 1;
                m.conversations[ci].before_task += before as u32;
            }
        }
    }
    // Most missed first, the course's order among equals.
    m.questions = by_share(std::mem::take(&mut m.questions), |q| (q.right, q.asked));
    m.flags = by_share(std::mem::take(&mut m.flags), |f| (f.found, f.total));
    m
}

/// `rows` by share (part of whole), lowest first, stable. Sorts plain numbers, so the browser
/// bundle carries no sort code per row type.
fn by_share<T>(rows: Vec<T>, share: impl Fn(&T) -> (u32, u32)) -> Vec<T> {
    let mut order: Vec<u64> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (part, whole) = share(r);
            (part as u64 * 1_000_000 / whole.max(1) as u64) << 32 | i as u64
        })
        .collect();
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = rows.into_iter().map(Some).collect();
    order.iter().filter_map(|k| slots[(*k & 0xffff_ffff) as usize].take()).collect()
}

// ---- CSV -----------------------------------------------------------------------------------

/// Words for a question's option: its text from `questions.txt`, else its letter.
pub fn option_words(key: Option<&QuizKey>, lesson: &str, question: &str, option: usize) -> String {
    let letter = letters(1 << option);
    match key.and_then(|k| k.question(lesson, question)).and_then(|q| q.options.get(option)) {
        Some(text) => format!("{letter}) {text}"),
        None => format!("option {letter}"),
    }
}

/// A question's title from `questions.txt`, else its id.
pub fn question_words(key: Option<&QuizKey>, lesson: &str, question: &str) -> String {
    key.and_then(|k| k.question(lesson, question)).map_or_else(|| question.to_string(), |q| q.title.clone())
}

/// A lesson's title: from `questions.txt`, else from `titles` (the reports' own), else its id.
pub fn lesson_words(key: Option<&QuizKey>, titles: &[(String, String)], lesson: &str) -> String {
    key.and_then(|k| k.lesson(lesson))
        .map(|l| l.title.clone())
        .or_else(|| titles.iter().find(|(id, _)| id == lesson).map(|(_, t)| t.clone()))
        .unwrap_or_else(|| lesson.to_string())
}

/// A scenario's title and a flag's words from `questions.txt`, else their ids.
pub fn practice_words(key: Option<&QuizKey>, lesson: &str, scenario: &str, flag: Option<&str>) -> String {
    let s = key.and_then(|k| k.lesson(lesson)).and_then(|l| l.scenarios.iter().find(|s| s.0 == scenario));
    match flag {
        None => s.map_or_else(|| scenario.to_string(), |s| s.1.clone()),
        Some(flag) => s.and_then(|s| s.2.iter().find(|f| f.0 == flag)).map_or_else(|| format!("flag {flag}"), |f| f.1.clone()),
    }
}

/// The section as CSV, one row per figure, with the team CSV's quoting and formula
/// neutralisation (`csv::csv_cell`).
pub fn csv(m: &Misses, key: Option<&QuizKey>, titles: &[(String, String)]) -> String {
    use crate::csv::csv_cell;
    let mut out = String::from("\u{feff}");
    let mut row = |cells: &[String]| {
        out.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    row(&["Kind", "Lesson", "Item", "Learners", "Share", "Detail"].map(String::from));
    for q in &m.questions {
        let correct = key.and_then(|k| k.question(&q.lesson, &q.question)).map(|k| k.correct);
        let detail = q.most_chosen_wrong(correct).map_or(String::new(), |(i, n)| {
            format!("Most chosen wrong: {} ({n})", option_words(key, &q.lesson, &q.question, i))
        });
        row(&[
            "Question: right at first attempt".into(),
            lesson_words(key, titles, &q.lesson),
            question_words(key, &q.lesson, &q.question),
            q.asked.to_string(),
            format!("{}%", q.share_right()),
            detail,
        ]);
    }
    for l in &m.lessons {
        let dist: Vec<String> = l.distribution.iter().enumerate().map(|(i, n)| format!("{}{}: {n}", i + 1, if i + 1 == ATTEMPT_BUCKETS { "+" } else { "" })).collect();
        row(&[
            "Lesson: attempts to pass".into(),
            lesson_words(key, titles, &l.lesson),
            format!("median {}, mean {}", l.median().map_or("-".into(), |n| n.to_string()), l.mean_tenths().map_or("-".into(), |t| format!("{}.{}", t / 10, t % 10))),
            l.passed().to_string(),
            String::new(),
            format!("{}; not passed yet: {}", dist.join(", "), l.not_passed),
        ]);
    }
    for f in &m.flags {
        row(&[
            "Red flag: found".into(),
            lesson_words(key, titles, &f.lesson),
            format!("{}: {}", practice_words(key, &f.lesson, &f.scenario, None), practice_words(key, &f.lesson, &f.scenario, Some(&f.flag))),
            f.total.to_string(),
            format!("{}%", percent(f.found, f.total)),
            String::new(),
        ]);
    }
    for c in &m.conversations {
        row(&[
            "Conversation: reported before any task".into(),
            lesson_words(key, titles, &c.lesson),
            practice_words(key, &c.lesson, &c.scenario, None),
            c.total.to_string(),
            format!("{}%", percent(c.before_task, c.total)),
            String::new(),
        ]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_has_no_white_space_of_any_kind() {
        for id in ["q1", "who-asks", "é-q", "a\u{3000}b"] {
            assert_eq!(is_word(id), !id.contains(char::is_whitespace), "{id:?}");
        }
        for c in (0u32..0x3001).filter_map(char::from_u32) {
            let id = format!("q{c}1");
            assert_eq!(is_word(&id), !c.is_whitespace() && !id.is_empty(), "{c:?}");
        }
        assert!(!is_word("") && !is_word("~q"));
    }
    use crate::grading::Answers;
    use crate::lesson::{Choice, Inline, Question, QuestionKind, Quiz, Scenario};
    use crate::progress::Attempt;

    fn question(id: &str, correct: &[usize], n: usize) -> Question {
        Question {
            id: id.into(),
            kind: QuestionKind::Single,
            title: format!("Who asks, {id}?"),
            prompt: vec![],
            choices: (0..n).map(|i| Choice { text: vec![Inline::text(format!("Choice {i}"))], correct: correct.contains(&i), feedback: vec![] }).collect(),
            explanation: vec![],
        }
    }

    fn lesson() -> Lesson {
        Lesson {
            info: crate::lesson::LessonInfo {
                id: "little-hook".into(),
                title: "The little hook".into(),
                summary: String::new(),
                topic: String::new(),
                minutes: 5,
                pass_mark: 80,
                version: "2".into(),
                content_hash: "now".into(),
            },
            updated: None,
            sources: vec![],
            body: vec![],
            practice: vec![Scenario {
                id: "spot-it".into(),
                title: "Spot the\tflags".into(),
                intro: vec![],
                activity: Activity::RedFlags { items: vec![Choice { text: vec![Inline::text("A gift")], correct: true, feedback: vec![] }, Choice { text: vec![Inline::text("Lunch")], correct: false, feedback: vec![] }] },
            }],
            quiz: Quiz { questions: vec![question("who", &[0], 3), question("why", &[1], 4), question("when", &[2], 3)], ask: None },
        }
    }

    fn attempt(hash: &str, finished_at: u64, passed: bool, answers: &[(&str, &[usize])]) -> Attempt {
        Attempt {
            lesson_id: "little-hook".into(),
            lesson_version: "2".into(),
            content_hash: hash.into(),
            seed: 3,
            started_at: finished_at - 1,
            finished_at,
            answers: answers.iter().map(|(q, c)| (q.to_string(), c.to_vec())).collect::<Answers>(),
            score: if passed { 100 } else { 33 },
            passed,
        }
    }

    #[test]
    fn text_forms_round_trip_and_refuse_garbage() {
        let answers = vec![
            Answer { question: "who-asks".into(), right: true, chosen: 0b1 },
            Answer { question: "what-to-keep".into(), right: false, chosen: 0b1010 },
            Answer { question: "skipped".into(), right: false, chosen: 0 },
        ];
        let text = encode_answers(&answers);
        assert_eq!(text, "who-asks:+a what-to-keep:-bd skipped:-");
        assert_eq!(decode_answers(&text), Some(answers));
        for bad in ["who", "who:a", "who:+A", ":+a", "who:+a1"] {
            assert_eq!(decode_answers(bad), None, "{bad}");
        }
        let practice = vec![
            PracticeResult { lesson: "l".into(), scenario: "s".into(), flags: vec![("0".into(), true), ("2".into(), false)], reported_before_task: None },
            PracticeResult { lesson: "l".into(), scenario: "chat".into(), flags: vec![], reported_before_task: Some(false) },
        ];
        let text = encode_practice(&practice);
        assert_eq!(text, "l s flag:0:+ flag:2:-\nl chat report:after");
        assert_eq!(decode_practice(&text), Some(practice.clone()));
        assert_eq!(decode_practice("l s flag:0:?"), None);
        assert_eq!(decode_practice("l"), None);
        let learner = LearnerMisses {
            lessons: vec![LessonAnswers { lesson: "l".into(), attempts_to_pass: Some(3), first_attempt: decode_answers("a:+b").unwrap() }],
            practice,
        };
        assert_eq!(encode_learner(&learner), "l 3 a:+b\n~ l s flag:0:+ flag:2:-\n~ l chat report:after");
        assert_eq!(decode_learner(&encode_learner(&learner)), Some(learner));
        let unfinished = LessonAnswers { lesson: "m".into(), attempts_to_pass: None, first_attempt: vec![] };
        assert_eq!(encode_learner(&LearnerMisses { lessons: vec![unfinished.clone(), unfinished], practice: vec![] }), "m - \nm - ");
        let only_practice = LearnerMisses { lessons: vec![], practice: vec![PracticeResult { lesson: "l".into(), scenario: "s".into(), ..Default::default() }] };
        assert_eq!(encode_learner(&only_practice), "~ l s");
        assert_eq!(decode_learner(""), Some(LearnerMisses::default()));
        // Ids the forms cannot hold (only hostile data has them) are left out, not written broken.
        let hostile = LearnerMisses {
            lessons: vec![LessonAnswers { lesson: "a b".into(), attempts_to_pass: None, first_attempt: vec![] }],
            practice: vec![PracticeResult { lesson: "~x".into(), scenario: "s".into(), ..Default::default() }],
        };
        assert_eq!(decode_learner(&encode_learner(&hostile)), Some(LearnerMisses::default()));
    }

    #[test]
    fn xapi_responses_name_the_same_options() {
        assert_eq!(chosen_from_response("a"), Some(0b1));
        assert_eq!(chosen_from_response("a[,]c"), Some(0b101));
        assert_eq!(chosen_from_response("true"), Some(0b1), "True is the first authored option");
        assert_eq!(chosen_from_response("false"), Some(0b10));
        assert_eq!(chosen_from_response(""), Some(0));
        for bad in ["ab", "A", "a,c", "1", "a[,]zz"] {
            assert_eq!(chosen_from_response(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_learners_first_attempt_on_this_version_and_attempts_to_pass() {
        let l = lesson();
        let mut progress = Progress::default();
        assert_eq!(lesson_answers(&progress, &l), None);
        progress.attempts.push(attempt("now", 30, true, &[("who", &[0]), ("why", &[1]), ("when", &[2])]));
        progress.attempts.push(attempt("now", 20, false, &[("who", &[0]), ("why", &[2, 3])]));
        progress.attempts.push(attempt("old", 10, false, &[("who", &[1])]));
        let a = lesson_answers(&progress, &l).expect("answers");
        assert_eq!(a.attempts_to_pass, Some(3), "three attempts, whichever version");
        assert_eq!(encode_answers(&a.first_attempt), "who:+a why:-cd when:-", "the first at this version; unanswered is wrong");
        progress.attempts.retain(|a| !a.passed);
        assert_eq!(lesson_answers(&progress, &l).expect("answers").attempts_to_pass, None);
    }

    #[test]
    fn questions_txt_carries_the_words() {
        let text = write_key(&[lesson()]);
        assert!(text.starts_with(KEY_HEADER));
        assert!(text.contains("scenario\tspot-it\tSpot the flags\n"), "control characters become spaces: {text}");
        let key = QuizKey::parse(&format!("{text}future\tline\n")).expect("reads");
        let q = key.question("little-hook", "why").expect("why");
        assert_eq!((q.title.as_str(), q.correct, q.options.len()), ("Who asks, why?", 0b10, 4));
        assert_eq!(key.lesson("little-hook").map(|l| l.title.as_str()), Some("The little hook"));
        assert_eq!(practice_words(Some(&key), "little-hook", "spot-it", Some("0")), "A gift");
        assert_eq!(option_words(Some(&key), "little-hook", "why", 2), "c) Choice 2");
        assert_eq!(option_words(None, "little-hook", "why", 2), "option c");
        assert_eq!(QuizKey::parse("<html>"), None);
    }

    fn learner(answers: &str, attempts: Option<u32>) -> LearnerMisses {
        LearnerMisses {
            lessons: vec![LessonAnswers { lesson: "l".into(), attempts_to_pass: attempts, first_attempt: decode_answers(answers).unwrap() }],
            practice: vec![],
        }
    }

    #[test]
    fn aggregation_shares_most_chosen_wrong_and_attempts() {
        let mut team = vec![
            learner("who:+a why:-c", Some(1)),
            learner("who:+a why:-c", Some(2)),
            learner("who:-b why:-bd", Some(2)),
            learner("who:+a why:+b", Some(7)),
            learner("who:-c", None),
            LearnerMisses::default(),
        ];
        team[0].practice = decode_practice("l spot flag:0:+ flag:1:-\nl chat report:before").unwrap();
        team[1].practice = decode_practice("l spot flag:0:+ flag:1:+\nl chat report:after").unwrap();
        let m = aggregate(&team);
        assert_eq!(m.learners, 5);
        let why = &m.questions[0];
        assert_eq!((why.question.as_str(), why.asked, why.right, why.share_right()), ("why", 4, 1, 25), "most missed first");
        assert_eq!(why.most_chosen_wrong(None), Some((2, 2)), "c, chosen in two wrong answers (b is right: someone was right with it)");
        let who = &m.questions[1];
        assert_eq!((who.asked, who.share_right()), (5, 60));
        assert_eq!(who.most_chosen_wrong(None), Some((1, 1)), "b and c once each: the first authored");
        assert_eq!(who.most_chosen_wrong(Some(0b10)), Some((2, 1)), "the course's own answer, when known, decides what is wrong");
        let l = &m.lessons[0];
        assert_eq!((l.distribution, l.passed(), l.not_passed), ([1, 2, 0, 0, 1], 4, 1));
        assert_eq!((l.median(), l.mean_tenths()), (Some(2), Some(30)));
        assert_eq!(m.flags.iter().map(|f| (f.flag.as_str(), percent(f.found, f.total))).collect::<Vec<_>>(), [("1", 50), ("0", 100)]);
        assert_eq!((m.conversations[0].before_task, m.conversations[0].total), (1, 2));
        assert_eq!(aggregate(&[]), Misses::default());
    }

    #[test]
    fn csv_neutralises_formulas_like_the_team_csv() {
        let team = vec![learner("who:-b", Some(1))];
        let key = QuizKey::parse(&format!("{KEY_HEADER}\nlesson\tl\t=cmd|' /C calc'!A0\nquestion\twho\ta\t+Who?\noption\tRight\noption\t@SUM(A1)\n")).unwrap();
        let text = csv(&aggregate(&team), Some(&key), &[]);
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(lines[0], "\"Kind\",\"Lesson\",\"Item\",\"Learners\",\"Share\",\"Detail\"");
        assert_eq!(lines[1], "\"Question: right at first attempt\",\"'=cmd|' /C calc'!A0\",\"'+Who?\",\"1\",\"0%\",\"Most chosen wrong: b) @SUM(A1) (1)\"");
        assert!(lines[2].starts_with("\"Lesson: attempts to pass\",\"'=cmd"), "{}", lines[2]);
    }

    /// 200,000 answers (10,000 learners × 20 questions): the dashboard's bench budget is 1.5 s in
    /// the browser for this much (`./dev bench` prints the figure); natively it takes a few ms.
    #[test]
    fn aggregates_200_000_answers_linearly() {
        let mut rng = crate::rng::SplitMix64::new(7);
        let learners: Vec<LearnerMisses> = (0..10_000)
            .map(|_| LearnerMisses {
                lessons: (0..4)
                    .map(|l| LessonAnswers {
                        lesson: format!("lesson-{l}"),
                        attempts_to_pass: Some(1 + (rng.next_u64() % 3) as u32),
                        first_attempt: (0..5)
                            .map(|q| {
                                let pick = (rng.next_u64() % 4) as u32;
                                Answer { question: format!("q-{q}"), right: pick == 0, chosen: 1 << pick }
                            })
                            .collect(),
                    })
                    .collect(),
                practice: vec![],
            })
            .collect();
        let started = std::time::Instant::now();
        let m = aggregate(&learners);
        let took = started.elapsed();
        assert_eq!(m.questions.len(), 20);
        assert_eq!(m.questions.iter().map(|q| q.asked).sum::<u32>(), 200_000);
        assert_eq!(m.lessons.iter().map(|l| l.passed()).sum::<u32>(), 40_000);
        for q in &m.questions {
            assert!((20..=30).contains(&q.share_right()), "{}", q.share_right());
            assert!(q.most_chosen_wrong(None).is_some_and(|(i, _)| i > 0));
        }
        eprintln!("aggregated 200,000 answers natively in {took:?}");
    }
}
