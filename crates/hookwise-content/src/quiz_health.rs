//! Quiz health: the cues a test-wise learner uses to pass a quiz without knowing the answer,
//! reported to authors as warnings, per lesson and for the whole course.
//!
//! The cues follow Haladyna, Downing and Rodriguez (2002), "A review of multiple-choice
//! item-writing guidelines for classroom assessment", *Applied Measurement in Education*
//! 15(3): keys all one way, the key the longest option, words that give the key away
//! ("clang" associations), absolute words ("specific determiners") only in wrong options,
//! "all/none of the above", and keys bunched in one position. Every threshold is a constant
//! below, documented in `lessons/README.md` ("Quiz health").

use std::collections::BTreeSet;

use hookwise_core::lesson::{plain_text, Question, QuestionKind};

use crate::diagnostic::{Diagnostic, Severity, SourceFile, WithHelp};
use std::sync::OnceLock;

use crate::wording::{visible_len, words, LessonWording, QuestionText, TermIndex, Word};

/// Every quiz-health message starts with this, so the summary can count them.
pub const PREFIX: &str = "quiz health: ";

/// A lesson with this many true/false questions or more, all keyed the same way, is warned.
pub const TRUE_FALSE_LESSON_MIN: usize = 2;
/// Course-wide, the share of true/false questions keyed True must stay in this range
/// (percent), once the course has `TRUE_FALSE_COURSE_MIN` of them.
pub const TRUE_SHARE: (usize, usize) = (30, 70);
pub const TRUE_FALSE_COURSE_MIN: usize = 4;
/// A lesson with this many multiple-answer questions or more, all with the same number of
/// correct options, is warned; course-wide from `MULTIPLE_COURSE_MIN`.
pub const MULTIPLE_LESSON_MIN: usize = 2;
pub const MULTIPLE_COURSE_MIN: usize = 3;
/// The key strictly the longest option: a lesson is warned above this many times chance (and
/// at least `LONGEST_LESSON_MIN` times), the course above `LONGEST_COURSE_FACTOR`.
pub const LONGEST_LESSON_FACTOR: f64 = 2.0;
pub const LONGEST_LESSON_MIN: usize = 2;
pub const LONGEST_COURSE_FACTOR: f64 = 1.5;
pub const LONGEST_COURSE_MIN: usize = 3;
/// Questions per lesson allowed a cue word only in the key.
pub const CUE_WORD_QUESTIONS_ALLOWED: usize = 1;
/// Absolute words in wrong options (with none in keys) warned from this many in a lesson.
pub const ABSOLUTE_IN_DISTRACTORS_MIN: usize = 3;
/// A lesson with this many single-choice questions or more, all keyed in one position.
pub const POSITION_LESSON_MIN: usize = 3;
/// Course-wide, a position holding more than this many times its expected share of keys,
/// once it expects at least `POSITION_COURSE_MIN_EXPECTED`.
pub const POSITION_COURSE_FACTOR: f64 = 1.6;
pub const POSITION_COURSE_MIN_EXPECTED: f64 = 3.0;

/// Word families that point at the key in a security course: "report the approach to your
/// security team". Each family counts once per option.
pub const CUE_WORDS: &[&[&str]] = &[
    &["report*"],
    &["security"],
    &["tell", "tells", "telling", "told"],
    &["inform", "informs", "informed", "informing"],
    &["notify", "notifies", "notified", "notifying"],
    // The organisation's reporting team and channels, as lessons name them (`{{org.team}}`,
    // `{{channel.primary}}`): in the source they read as these words.
    &["org team", "channel*"],
];
/// Specific determiners: options that say "always" or "never" are usually wrong.
pub const ABSOLUTE_WORDS: &[&str] = &["always", "never", "all", "none", "only", "every", "any"];
const ABOVE: &[&str] = &["all of the above", "none of the above", "all the above", "both of the above"];

/// The word lists, indexed once.
struct Indexes {
    cue: Vec<TermIndex<'static>>,
    absolute: TermIndex<'static>,
    above: TermIndex<'static>,
}

fn indexes() -> &'static Indexes {
    static INDEXES: OnceLock<Indexes> = OnceLock::new();
    INDEXES.get_or_init(|| Indexes {
        cue: CUE_WORDS.iter().map(|family| TermIndex::new(family)).collect(),
        absolute: TermIndex::new(ABSOLUTE_WORDS),
        above: TermIndex::new(ABOVE),
    })
}

pub fn is_quiz_health(d: &Diagnostic) -> bool {
    d.message.starts_with(PREFIX)
}

/// How many quiz-health diagnostics there are.
pub fn count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| is_quiz_health(d)).count()
}

/// `--strict`: every warning becomes an error, so nothing is published while one remains.
pub fn make_strict(diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = Severity::Error;
    }
}

/// The cue families present in a text.
fn cue_families(words: &[Word]) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for (f, family) in indexes().cue.iter().enumerate() {
        if !family.find(words).is_empty() {
            out.insert(f);
        }
    }
    out
}

/// What one question shows a test-wise learner, worked out once per question.
struct Facts {
    /// The first word of a key in a cue family that no wrong option uses.
    cue: Option<Word>,
    /// Absolute words in keys and in wrong options. A true/false statement counts as a key
    /// when it is keyed True and as a wrong option when keyed False.
    absolute_in_keys: Vec<Word>,
    absolute_in_distractors: Vec<Word>,
    /// "all of the above" and the like (their first word).
    above: Vec<Word>,
}

fn facts(q: &QuestionText) -> Facts {
    let mut f = Facts { cue: None, absolute_in_keys: Vec::new(), absolute_in_distractors: Vec::new(), above: Vec::new() };
    let absolute = |w: &[Word]| indexes().absolute.find(w).into_iter().map(|(i, _)| w[i].clone()).collect::<Vec<_>>();
    if q.kind == QuestionKind::TrueFalse {
        let w = words(&q.title.text, q.title.offset);
        let keyed_true = q.options.first().is_some_and(|o| o.correct);
        (if keyed_true { &mut f.absolute_in_keys } else { &mut f.absolute_in_distractors }).extend(absolute(&w));
        return f;
    }
    let options: Vec<Vec<Word>> = q.options.iter().map(|o| words(&o.text.text, o.text.offset)).collect();
    let mut in_distractors = BTreeSet::new();
    for (o, w) in q.options.iter().zip(&options) {
        (if o.correct { &mut f.absolute_in_keys } else { &mut f.absolute_in_distractors }).extend(absolute(w));
        f.above.extend(indexes().above.find(w).into_iter().map(|(i, _)| w[i].clone()));
        if !o.correct {
            in_distractors.extend(cue_families(w));
        }
    }
    'keys: for (o, w) in q.options.iter().zip(&options).filter(|(o, _)| o.correct) {
        let _ = o;
        for (family, terms) in indexes().cue.iter().enumerate() {
            if in_distractors.contains(&family) {
                continue;
            }
            if let Some((i, _)) = terms.find(w).first() {
                f.cue = Some(w[*i].clone());
                break 'keys;
            }
        }
    }
    f
}

/// Whether a single-choice key is strictly the longest option.
fn key_is_longest(q: &QuestionText) -> bool {
    let Some(k) = q.key_index() else { return false };
    let key = visible_len(&q.options[k].text.text);
    q.options.iter().enumerate().all(|(i, o)| i == k || visible_len(&o.text.text) < key)
}

/// The tallies behind every cue, for one lesson or the whole course (`--stats` prints them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Balance {
    pub true_keys: usize,
    pub false_keys: usize,
    /// Multiple-answer questions: (correct options, options).
    pub multiple: Vec<(usize, usize)>,
    pub single: usize,
    pub longest_key: usize,
    /// The number of single-choice keys expected to be the longest by chance.
    pub longest_chance: f64,
    pub cue_only_in_keys: usize,
    pub absolute_in_keys: usize,
    pub absolute_in_distractors: usize,
    /// Single-choice keys by source position (index 0 = the first option), and how many each
    /// position would hold by chance.
    pub positions: Vec<usize>,
    pub positions_expected: Vec<f64>,
    pub above: usize,
}

impl Balance {
    pub fn add(&mut self, lesson: &LessonWording) {
        for q in &lesson.questions {
            self.add_question(q, &facts(q));
        }
    }

    fn add_question(&mut self, q: &QuestionText, f: &Facts) {
        match q.kind {
            QuestionKind::TrueFalse => match q.key_index() {
                Some(0) => self.true_keys += 1,
                Some(_) => self.false_keys += 1,
                None => {}
            },
            QuestionKind::Multiple => {
                self.multiple.push((q.options.iter().filter(|o| o.correct).count(), q.options.len()));
            }
            QuestionKind::Single => {
                let n = q.options.len();
                if let (Some(k), true) = (q.key_index(), n > 0) {
                    self.single += 1;
                    self.longest_chance += 1.0 / n as f64;
                    if key_is_longest(q) {
                        self.longest_key += 1;
                    }
                    if self.positions.len() < n {
                        self.positions.resize(n, 0);
                        self.positions_expected.resize(n, 0.0);
                    }
                    self.positions[k] += 1;
                    for e in &mut self.positions_expected[..n] {
                        *e += 1.0 / n as f64;
                    }
                }
            }
        }
        self.cue_only_in_keys += usize::from(f.cue.is_some());
        self.absolute_in_keys += f.absolute_in_keys.len();
        self.absolute_in_distractors += f.absolute_in_distractors.len();
        self.above += f.above.len();
    }

    /// Adds another tally (a lesson's) to this one.
    pub fn merge(&mut self, other: &Balance) {
        self.true_keys += other.true_keys;
        self.false_keys += other.false_keys;
        self.multiple.extend_from_slice(&other.multiple);
        self.single += other.single;
        self.longest_key += other.longest_key;
        self.longest_chance += other.longest_chance;
        self.cue_only_in_keys += other.cue_only_in_keys;
        self.absolute_in_keys += other.absolute_in_keys;
        self.absolute_in_distractors += other.absolute_in_distractors;
        if self.positions.len() < other.positions.len() {
            self.positions.resize(other.positions.len(), 0);
            self.positions_expected.resize(other.positions.len(), 0.0);
        }
        for (p, (n, e)) in other.positions.iter().zip(&other.positions_expected).enumerate() {
            self.positions[p] += n;
            self.positions_expected[p] += e;
        }
        self.above += other.above;
    }

    /// "All but one option correct" multiple-answer questions.
    pub fn all_but_one(&self) -> usize {
        self.multiple.iter().filter(|(c, n)| *n >= 3 && c + 1 == *n).count()
    }
}

fn lines(src: &SourceFile, offsets: impl IntoIterator<Item = usize>) -> String {
    let lines: Vec<String> = offsets.into_iter().map(|o| src.position(o).0.to_string()).collect();
    match lines.as_slice() {
        [] => String::new(),
        [one] => format!("line {one}"),
        [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
    }
}

fn warn(src: &SourceFile, offset: usize, message: String, help: String) -> Diagnostic {
    src.warning(offset, format!("{PREFIX}{message}")).help(help)
}

/// The quiz-health warnings of one lesson, and its tally for the course-wide checks.
pub fn lesson(src: &SourceFile, lesson: &LessonWording) -> (Vec<Diagnostic>, Balance) {
    let mut out = Vec::new();
    let qs = &lesson.questions;
    let all_facts: Vec<Facts> = qs.iter().map(facts).collect();
    let mut balance = Balance::default();
    for (q, f) in qs.iter().zip(&all_facts) {
        balance.add_question(q, f);
    }

    // True/false keys all one way.
    let tf: Vec<&QuestionText> = qs.iter().filter(|q| q.kind == QuestionKind::TrueFalse && q.key_index().is_some()).collect();
    if tf.len() >= TRUE_FALSE_LESSON_MIN {
        let first = tf[0].key_index();
        if tf.iter().all(|q| q.key_index() == first) {
            let key = if first == Some(0) { "True" } else { "False" };
            out.push(warn(
                src,
                tf[0].heading,
                format!("all {} true/false questions in this lesson are keyed {key}", tf.len()),
                format!(
                    "a learner who answers {key} every time gets them all right without reading; key some statements the other way (the others are on {})",
                    lines(src, tf[1..].iter().map(|q| q.heading))
                ),
            ));
        }
    }

    // Multiple-answer questions all with the same number of correct options.
    let multiple: Vec<&QuestionText> = qs.iter().filter(|q| q.kind == QuestionKind::Multiple).collect();
    if multiple.len() >= MULTIPLE_LESSON_MIN {
        let correct = |q: &QuestionText| q.options.iter().filter(|o| o.correct).count();
        let k = correct(multiple[0]);
        if multiple.iter().all(|q| correct(q) == k) {
            out.push(warn(
                src,
                multiple[0].heading,
                format!("all {} multiple-answer questions in this lesson have {k} correct options", multiple.len()),
                format!(
                    "a learner who notices picks {k} options every time; vary how many are correct, from one to all (the others are on {})",
                    lines(src, multiple[1..].iter().map(|q| q.heading))
                ),
            ));
        }
    }

    // The key is the longest option far more often than chance.
    let single: Vec<&QuestionText> = qs.iter().filter(|q| q.kind == QuestionKind::Single && q.key_index().is_some()).collect();
    let longest: Vec<&&QuestionText> = single.iter().filter(|q| key_is_longest(q)).collect();
    let chance: f64 = single.iter().map(|q| 1.0 / q.options.len() as f64).sum();
    if longest.len() >= LONGEST_LESSON_MIN && longest.len() as f64 > LONGEST_LESSON_FACTOR * chance {
        let at = |q: &QuestionText| q.options[q.key_index().unwrap_or(0)].text.offset;
        out.push(warn(
            src,
            at(longest[0]),
            format!(
                "the correct option is the longest in {} of {} single-choice questions (by chance: about {:.1})",
                longest.len(),
                single.len(),
                chance
            ),
            format!(
                "test-wise learners pick the longest option; make the wrong options as long and specific as the key, or shorten the key (also {})",
                lines(src, longest[1..].iter().map(|q| at(q)))
            ),
        ));
    }

    // Cue words only in the key, beyond the one question allowed.
    let mut first_cue: Option<usize> = None;
    let mut cues = 0;
    for f in &all_facts {
        let Some(word) = f.cue.clone() else { continue };
        cues += 1;
        match first_cue {
            None => first_cue = Some(word.offset),
            Some(first) if cues > CUE_WORD_QUESTIONS_ALLOWED => {
                let shown = &src.text[word.offset..word.end];
                out.push(warn(
                    src,
                    word.offset,
                    format!("`{shown}` is in the correct option but in no other option, as on {}", lines(src, [first])),
                    "learners who pick the option that mentions reporting or security pass without understanding; use the word in a wrong option too, or reword the key (one such question per lesson is allowed)".into(),
                ));
            }
            Some(_) => {}
        }
    }

    // Absolute words only in wrong options.
    let (mut in_keys, mut in_distractors) = (0, Vec::new());
    for f in &all_facts {
        in_keys += f.absolute_in_keys.len();
        in_distractors.extend(f.absolute_in_distractors.iter().cloned());
    }
    if in_keys == 0 && in_distractors.len() >= ABSOLUTE_IN_DISTRACTORS_MIN {
        let first = &in_distractors[0];
        out.push(warn(
            src,
            first.offset,
            format!("absolute words (always, never, only, ...) appear {} times in wrong answers and never in a correct one", in_distractors.len()),
            format!(
                "test-wise learners rule out every option that says `{}`; use such words in a correct answer too, or qualify the wrong ones (also {})",
                &src.text[first.offset..first.end],
                lines(src, in_distractors[1..].iter().map(|w| w.offset))
            ),
        ));
    }

    // "All of the above" and "none of the above".
    for f in &all_facts {
        for w in &f.above {
            let none = w.lower == "none";
            out.push(warn(
                src,
                w.offset,
                format!("`{} of the above` in an option", if none { "none" } else { w.lower.as_str() }),
                if none {
                    "it tests only what is wrong, never what is right; write a plausible wrong option instead".to_string()
                } else {
                    "a learner who spots two right options can answer without knowing the third; make it a `[multiple]` question instead".to_string()
                },
            ));
        }
    }

    // Single-choice keys all in one position.
    if single.len() >= POSITION_LESSON_MIN {
        let k = single[0].key_index();
        if single.iter().all(|q| q.key_index() == k) {
            let position = k.unwrap_or(0) + 1;
            out.push(warn(
                src,
                single[0].options[k.unwrap_or(0)].text.offset,
                format!("all {} single-choice questions have the correct option in position {position}", single.len()),
                format!(
                    "the app shuffles options, but printed copies, reviews and exports keep this order; move some keys (the others are on {})",
                    lines(src, single[1..].iter().map(|q| q.options[k.unwrap_or(0)].text.offset))
                ),
            ));
        }
    }
    (out, balance)
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100 + whole / 2) / whole.max(1)
}

/// The course-wide quiz-health warnings, at `offset` in the outline. Only for a course of two
/// lessons or more: with one lesson, the lesson's own warnings say it all.
pub fn course(outline: &SourceFile, offset: usize, per_lesson: &[(&str, Balance)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if per_lesson.len() < 2 {
        return out;
    }
    let mut total = Balance::default();
    for (_, b) in per_lesson {
        total.merge(b);
    }
    let most = |value: &dyn Fn(&Balance) -> usize| -> String {
        let mut ranked: Vec<(usize, &str)> = per_lesson.iter().map(|(n, b)| (value(b), *n)).filter(|(v, _)| *v > 0).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        ranked.iter().take(3).map(|(v, n)| format!("{n} ({v})")).collect::<Vec<_>>().join(", ")
    };

    let tf = total.true_keys + total.false_keys;
    if tf >= TRUE_FALSE_COURSE_MIN {
        let share = percent(total.true_keys, tf);
        if share < TRUE_SHARE.0 || share > TRUE_SHARE.1 {
            let (key, value): (&str, &dyn Fn(&Balance) -> usize) =
                if share < TRUE_SHARE.0 { ("False", &|b| b.false_keys) } else { ("True", &|b| b.true_keys) };
            out.push(warn(
                outline,
                offset,
                format!("across the course, {} of {tf} true/false questions are keyed True ({share} %)", total.true_keys),
                format!(
                    "keep the share of True keys between {} % and {} %; most {key} keys: {}",
                    TRUE_SHARE.0,
                    TRUE_SHARE.1,
                    most(value)
                ),
            ));
        }
    }

    let m = total.multiple.len();
    if m >= MULTIPLE_COURSE_MIN {
        let k = total.multiple[0].0;
        if total.multiple.iter().all(|(c, _)| *c == k) {
            out.push(warn(
                outline,
                offset,
                format!("across the course, all {m} multiple-answer questions have {k} correct options"),
                "vary how many options are correct, from one to all".into(),
            ));
        } else if total.all_but_one() * 2 > m {
            out.push(warn(
                outline,
                offset,
                format!("across the course, {} of {m} multiple-answer questions have every option but one correct", total.all_but_one()),
                format!("a learner who ticks all but the odd one out passes them; vary how many are correct; most: {}", most(&|b| b.all_but_one())),
            ));
        }
    }

    if total.longest_key >= LONGEST_COURSE_MIN && total.longest_key as f64 > LONGEST_COURSE_FACTOR * total.longest_chance {
        out.push(warn(
            outline,
            offset,
            format!(
                "across the course, the correct option is the longest in {} of {} single-choice questions (by chance: about {:.1})",
                total.longest_key, total.single, total.longest_chance
            ),
            format!("make wrong options as long and specific as the keys; most: {}", most(&|b| b.longest_key)),
        ));
    }

    for (p, (&count, &expected)) in total.positions.iter().zip(&total.positions_expected).enumerate() {
        if expected >= POSITION_COURSE_MIN_EXPECTED && count as f64 > POSITION_COURSE_FACTOR * expected {
            out.push(warn(
                outline,
                offset,
                format!("across the course, {count} of {} single-choice keys are in position {} (by chance: about {expected:.1})", total.single, p + 1),
                format!(
                    "move some keys to other positions; most: {}",
                    most(&|b: &Balance| b.positions.get(p).copied().unwrap_or(0))
                ),
            ));
        }
    }
    out
}

/// The answer a test-wise learner who reads nothing gives (indices into the choices): `False`
/// to every true/false statement; in a single-choice question the one option with a cue word
/// if exactly one has it, else the longest; in a multiple-answer question every option but
/// the shortest.
pub fn test_wise_answer(q: &Question) -> Vec<usize> {
    let texts: Vec<String> = q.choices.iter().map(|c| plain_text(&c.text)).collect();
    let len = |i: usize| texts[i].chars().count();
    match q.kind {
        QuestionKind::TrueFalse => vec![1],
        QuestionKind::Single => {
            let cued: Vec<usize> = (0..texts.len()).filter(|&i| !cue_families(&words(&texts[i], 0)).is_empty()).collect();
            if cued.len() == 1 {
                return cued;
            }
            (0..texts.len()).max_by_key(|&i| (len(i), std::cmp::Reverse(i))).into_iter().collect()
        }
        QuestionKind::Multiple => {
            let shortest = (0..texts.len()).min_by_key(|&i| (len(i), i));
            (0..texts.len()).filter(|&i| Some(i) != shortest).collect()
        }
    }
}

/// Whether a test-wise learner passes a lesson's quiz (every question asked) at its pass mark.
pub fn test_wise_learner_passes(lesson: &hookwise_core::lesson::Lesson) -> bool {
    let qs = &lesson.quiz.questions;
    let right = qs.iter().filter(|q| hookwise_core::grading::is_correct(q, &test_wise_answer(q))).count();
    !qs.is_empty() && right * 100 / qs.len() >= lesson.info.pass_mark as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookwise_core::lesson::{Choice, Inline};

    fn question(kind: QuestionKind, options: &[(&str, bool)]) -> Question {
        let choices = options.iter().map(|(t, c)| Choice { text: vec![Inline::text(*t)], correct: *c, feedback: Vec::new() }).collect();
        Question { id: "q".into(), kind, title: "Q".into(), prompt: Vec::new(), choices, explanation: Vec::new() }
    }

    #[test]
    fn the_test_wise_learner_answers_by_cues_alone() {
        let tf = question(QuestionKind::TrueFalse, &[("True", true), ("False", false)]);
        assert_eq!(test_wise_answer(&tf), [1], "False to every statement");
        let cued = question(QuestionKind::Single, &[("Ignore it and carry on as usual", false), ("Report it", true), ("Reply", false)]);
        assert_eq!(test_wise_answer(&cued), [1], "the one option with a cue word");
        let two_cued = question(QuestionKind::Single, &[("Report it", false), ("Tell your security team now", true), ("Go", false)]);
        assert_eq!(test_wise_answer(&two_cued), [1], "else the longest");
        let multiple = question(QuestionKind::Multiple, &[("A long option", true), ("Short", false), ("Another long one", true)]);
        assert_eq!(test_wise_answer(&multiple), [0, 2], "every option but the shortest");
    }
}
