//! Reading figures for authors (`hookwise check --stats`): words, a Flesch–Kincaid grade,
//! declared and estimated minutes, questions and the practice share per lesson, and the
//! balance of the course's quiz keys. A declared `minutes` far from the estimate is a warning.
//!
//! The figures are deliberately simple and documented in `lessons/README.md` ("Reading
//! figures"):
//! - a word is a run of letters or digits (an apostrophe inside a word keeps it whole);
//! - sentences: each `.`, `!` or `?` followed by a space or the end of the text ends one, and
//!   every paragraph, heading, list item or table cell ends one even without punctuation;
//! - syllables: groups of vowels (a, e, i, o, u, y), less a silent final `e` (but not `-le`),
//!   at least one per word;
//! - grade = 0.39 × words per sentence + 11.8 × syllables per word − 15.59 (Kincaid et al. 1975),
//!   over the body only (practice and quiz text is dialogue and options, not prose);
//! - estimated minutes = words of body, practice and quiz / `WORDS_PER_MINUTE`, rounded.

use hookwise_core::lesson::{plain_text, Activity, Block, Inline, Lesson};

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};
use crate::quiz_health::{self, Balance};
use crate::wording::LessonWording;

/// Reading speed for the estimate: a careful reading of instructional text.
pub const WORDS_PER_MINUTE: usize = 180;
/// A declared time more than this share off the estimate is a warning.
pub const MINUTES_TOLERANCE: f64 = 0.5;
/// Lessons shorter than this (two minutes of reading) are stubs or examples: their declared
/// time is not compared with the estimate.
pub const MINUTES_CHECKED_FROM_WORDS: usize = 2 * WORDS_PER_MINUTE;
/// Every reading-time message starts with this.
pub const PREFIX: &str = "reading time: ";

pub fn is_reading_time(d: &Diagnostic) -> bool {
    d.message.starts_with(PREFIX)
}

/// Counts of one piece of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.words += other.words;
        self.sentences += other.sentences;
        self.syllables += other.syllables;
    }

    /// The Flesch–Kincaid grade level, or 0 for no text.
    pub fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences == 0 {
            return 0.0;
        }
        0.39 * self.words as f64 / self.sentences as f64 + 11.8 * self.syllables as f64 / self.words as f64 - 15.59
    }
}

/// Syllables in one word, by the vowel-group heuristic.
pub fn syllables(word: &str) -> usize {
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut previous = false;
    // The last three letters, newest first.
    let mut last = [' '; 3];
    for c in word.chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_lowercase()) {
        let v = vowel(c);
        if v && !previous {
            groups += 1;
        }
        previous = v;
        last = [c, last[0], last[1]];
    }
    let silent_e = last[0] == 'e' && last[1] != ' ' && !vowel(last[1]) && !(last[1] == 'l' && last[2] != ' ' && !vowel(last[2]));
    if groups > 1 && silent_e {
        groups -= 1;
    }
    groups.max(1)
}

/// Counts one unit of text (a paragraph, a heading, a list item, a cell, an option).
pub fn count(text: &str) -> Counts {
    count_text(text, true)
}

fn count_text(text: &str, readability: bool) -> Counts {
    let mut c = Counts::default();
    // The words as `wording::words` splits them, without building each one.
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let apostrophe = (ch == '\'' || ch == '’') && !word.is_empty() && chars.peek().is_some_and(|n| n.is_alphanumeric());
        if ch.is_alphanumeric() || apostrophe {
            word.push(ch);
            continue;
        }
        if !word.is_empty() {
            c.words += 1;
            if readability {
                c.syllables += syllables(&word);
            }
            word.clear();
        }
    }
    if !word.is_empty() {
        c.words += 1;
        if readability {
            c.syllables += syllables(&word);
        }
    }
    if c.words == 0 || !readability {
        return c;
    }
    let closing = |c: &char| matches!(c, '"' | '\'' | '”' | '’' | ')' | '*' | '_');
    let chars: Vec<char> = text.trim_end().chars().collect();
    for (i, ch) in chars.iter().enumerate() {
        // A stop ends a sentence when a space or the end follows, after any closing quotes.
        if matches!(ch, '.' | '!' | '?') && chars[i + 1..].iter().find(|c| !closing(c)).is_none_or(|n| n.is_whitespace()) {
            c.sentences += 1;
        }
    }
    if !matches!(chars.iter().rev().find(|c| !closing(c)), Some('.' | '!' | '?')) {
        c.sentences += 1;
    }
    c
}

fn inlines(i: &[Inline], readability: bool) -> Counts {
    count_text(&plain_text(i), readability)
}

fn blocks(bs: &[Block], r: bool) -> Counts {
    let mut c = Counts::default();
    for b in bs {
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content } => c.add(inlines(content, r)),
            Block::List { items, .. } => items.iter().for_each(|item| c.add(blocks(item, r))),
            Block::Callout { content, .. } | Block::Quote { content } => c.add(blocks(content, r)),
            Block::Table { head, rows } => head.iter().chain(rows.iter().flatten()).for_each(|cell| c.add(inlines(cell, r))),
            // Code is read differently; it counts towards neither time nor grade.
            Block::Code { .. } | Block::Rule => {}
        }
    }
    c
}

/// One lesson's reading figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    pub id: String,
    pub body: Counts,
    pub practice_words: usize,
    pub quiz_words: usize,
    pub declared_minutes: u32,
    pub questions: usize,
}

impl Figures {
    pub fn words(&self) -> usize {
        self.body.words + self.practice_words + self.quiz_words
    }

    pub fn estimated_minutes(&self) -> u32 {
        ((self.words() + WORDS_PER_MINUTE / 2) / WORDS_PER_MINUTE).max(1) as u32
    }

    /// Practice words as a whole percentage of all words.
    pub fn practice_percent(&self) -> usize {
        (self.practice_words * 100 + self.words() / 2) / self.words().max(1)
    }

    /// Whether the declared minutes are more than `MINUTES_TOLERANCE` off the estimate (for a
    /// lesson of `MINUTES_CHECKED_FROM_WORDS` or more).
    pub fn minutes_off(&self) -> bool {
        if self.words() < MINUTES_CHECKED_FROM_WORDS {
            return false;
        }
        let e = self.estimated_minutes() as f64;
        (self.declared_minutes as f64 - e).abs() > MINUTES_TOLERANCE * e
    }
}

pub fn figures(lesson: &Lesson) -> Figures {
    figures_of(lesson, true)
}

/// The figures; without `readability`, only words are counted (for the minutes check).
fn figures_of(lesson: &Lesson, readability: bool) -> Figures {
    let mut practice = Counts::default();
    for s in &lesson.practice {
        practice.add(count_text(&s.title, false));
        practice.add(blocks(&s.intro, false));
        match &s.activity {
            Activity::Conversation { steps } => {
                for st in steps {
                    practice.add(count_text(&st.title, false));
                    practice.add(blocks(&st.content, false));
                    for r in &st.replies {
                        practice.add(inlines(&r.text, false));
                        practice.add(inlines(&r.feedback, false));
                    }
                }
            }
            Activity::RedFlags { items } => items.iter().for_each(|c| {
                practice.add(inlines(&c.text, false));
                practice.add(inlines(&c.feedback, false));
            }),
            Activity::Mockup { parts, .. } => parts.iter().for_each(|p| {
                practice.add(inlines(&p.text, false));
                practice.add(inlines(&p.feedback, false));
            }),
            Activity::Report { steps } => {
                for st in steps {
                    practice.add(count_text(&st.title, false));
                    for c in &st.choices {
                        practice.add(inlines(&c.text, false));
                        practice.add(inlines(&c.feedback, false));
                    }
                }
            }
            Activity::SlowHook(hook) => {
                practice.add(blocks(&hook.debrief, false));
                for rung in &hook.rungs {
                    practice.add(count_text(&rung.title, false));
                    practice.add(blocks(&rung.content, false));
                    for c in &rung.choices {
                        practice.add(inlines(&c.text, false));
                        practice.add(inlines(&c.feedback, false));
                    }
                }
            }
        }
    }
    let mut quiz = Counts::default();
    for q in &lesson.quiz.questions {
        quiz.add(count_text(&q.title, false));
        quiz.add(blocks(&q.prompt, false));
        for c in &q.choices {
            quiz.add(inlines(&c.text, false));
            quiz.add(inlines(&c.feedback, false));
        }
        quiz.add(inlines(&q.explanation, false));
    }
    Figures {
        id: lesson.info.id.clone(),
        body: blocks(&lesson.body, readability),
        practice_words: practice.words,
        quiz_words: quiz.words,
        declared_minutes: lesson.info.minutes,
        questions: lesson.quiz.questions.len(),
    }
}

/// The warning for a declared time far from the estimate, at the `minutes` value.
pub fn minutes_warning(src: &SourceFile, wording: &LessonWording, lesson: &Lesson) -> Option<Diagnostic> {
    let f = figures_of(lesson, false);
    if !f.minutes_off() {
        return None;
    }
    let at = wording.minutes.as_ref().map_or(0, |m| m.offset);
    Some(
        src.warning(
            at,
            format!(
                "{PREFIX}`minutes` is {}, but the lesson's {} words take about {} minutes to read",
                f.declared_minutes,
                f.words(),
                f.estimated_minutes()
            ),
        )
        .help(format!(
            "learners and managers plan with this figure: declare about {} (at {WORDS_PER_MINUTE} words a minute), or cut or add text; `hookwise check --stats` shows every lesson's figures",
            f.estimated_minutes()
        )),
    )
}

/// What `check --stats` prints: a table of lessons, then the course's key balance.
pub fn render(lessons: &[Lesson], balance: &Balance) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let width = lessons.iter().map(|l| l.info.id.len()).max().unwrap_or(6).max(6);
    let _ = writeln!(
        s,
        "{:width$}  {:>6}  {:>5}  {:>8}  {:>8}  {:>9}  {:>8}  {:>9}",
        "lesson", "words", "grade", "declared", "estimate", "questions", "practice", "test-wise"
    );
    let (mut words, mut declared, mut estimated, mut questions, mut passes) = (0, 0, 0, 0, 0);
    let mut body = Counts::default();
    for l in lessons {
        let f = figures(l);
        let pass = quiz_health::test_wise_learner_passes(l);
        let _ = writeln!(
            s,
            "{:width$}  {:>6}  {:>5.1}  {:>8}  {:>8}  {:>9}  {:>7}%  {:>9}{}",
            f.id,
            f.words(),
            f.body.grade(),
            format!("{} min", f.declared_minutes),
            format!("{} min", f.estimated_minutes()),
            f.questions,
            f.practice_percent(),
            if pass { "passes" } else { "fails" },
            if f.minutes_off() { "  (declared time off by more than 50 %)" } else { "" }
        );
        words += f.words();
        declared += f.declared_minutes;
        estimated += f.estimated_minutes();
        questions += f.questions;
        passes += usize::from(pass);
        body.add(f.body);
    }
    let _ = writeln!(
        s,
        "{:width$}  {:>6}  {:>5.1}  {:>8}  {:>8}  {:>9}  {:>8}  {:>9}",
        "course",
        words,
        body.grade(),
        format!("{declared} min"),
        format!("{estimated} min"),
        questions,
        "",
        format!("{passes} of {}", lessons.len())
    );
    let b = balance;
    let tf = b.true_keys + b.false_keys;
    let _ = writeln!(s, "\nquiz keys across the course (see lessons/README.md, \"Quiz health\"):");
    let _ = writeln!(
        s,
        "  true/false: {} True, {} False ({} % True; aim for {} to {} %)",
        b.true_keys,
        b.false_keys,
        (b.true_keys * 100 + tf / 2) / tf.max(1),
        quiz_health::TRUE_SHARE.0,
        quiz_health::TRUE_SHARE.1
    );
    let mut by_count: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for (c, _) in &b.multiple {
        *by_count.entry(*c).or_default() += 1;
    }
    let spread: Vec<String> = by_count.iter().map(|(c, n)| format!("{n} with {c}")).collect();
    let _ = writeln!(
        s,
        "  multiple-answer: {} questions; correct options: {}; all but one correct: {}",
        b.multiple.len(),
        if spread.is_empty() { "-".to_string() } else { spread.join(", ") },
        b.all_but_one()
    );
    let _ = writeln!(
        s,
        "  the key is the longest option: {} of {} single-choice questions (by chance: about {:.1})",
        b.longest_key, b.single, b.longest_chance
    );
    let _ = writeln!(s, "  a cue word (report, security, tell, ...) only in the key: {} questions", b.cue_only_in_keys);
    let _ = writeln!(
        s,
        "  absolute words (always, never, only, ...): {} in correct answers, {} in wrong ones",
        b.absolute_in_keys, b.absolute_in_distractors
    );
    let positions: Vec<String> = b
        .positions
        .iter()
        .zip(&b.positions_expected)
        .enumerate()
        .map(|(p, (n, e))| format!("{}: {n} (by chance {e:.1})", p + 1))
        .collect();
    let _ = writeln!(s, "  single-choice keys by position: {}", if positions.is_empty() { "-".to_string() } else { positions.join(", ") });
    let _ = writeln!(s, "  \"all/none of the above\": {}", b.above);
    let _ = writeln!(
        s,
        "  a test-wise learner who reads nothing passes {passes} of {} quizzes (see lessons/README.md)",
        lessons.len()
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_by_vowel_groups() {
        for (w, n) in [("the", 1), ("recruiter", 3), ("little", 2), ("make", 1), ("security", 4), ("a", 1), ("rhythm", 1), ("2026", 1)] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn sentences_end_at_punctuation_or_the_end_of_a_unit() {
        assert_eq!(count("One. Two! Three? Four").sentences, 4);
        assert_eq!(count("It costs $3.50 here.").sentences, 1);
        assert_eq!(count("A list item without a stop").sentences, 1);
        assert_eq!(count("\"Quoted.\"").sentences, 1);
    }

    #[test]
    fn grade_follows_flesch_kincaid() {
        let c = Counts { words: 100, sentences: 5, syllables: 150 };
        assert!((c.grade() - (0.39 * 20.0 + 11.8 * 1.5 - 15.59)).abs() < 1e-9);
    }
}
