//! Quiz grading: which questions an attempt asks and in what order, and how answers score.
//!
//! An attempt is fully determined by the quiz and a seed, so an attempt stored with its seed
//! can be shown again exactly as the learner saw it (after a reload, or in the review).

use std::collections::BTreeMap;

use crate::lesson::{Question, QuestionKind, Quiz};
use crate::rng::SplitMix64;

/// The choices a learner selected for each question, by question id, as indices into the
/// question's authored choice order.
pub type Answers = BTreeMap<String, Vec<usize>>;

/// One question as an attempt presents it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedQuestion {
    /// Index into `Quiz::questions`.
    pub question: usize,
    /// Authored choice indices in the order shown.
    pub order: Vec<usize>,
}

/// Picks and orders the questions and choices for an attempt from `seed`.
///
/// When the quiz asks fewer questions than it has, the selection varies with the seed; the
/// selected questions keep their authored order, which authors use to build up a topic.
/// True/false choices keep their order ("True" first) because shuffling them only confuses.
/// `part` of `whole` in whole percent, rounded down (so that a pass mark is never met by
/// rounding up), or `None` when `whole` is 0: each caller says what an empty whole means. The
/// one percent of the course: scores, practice, completion and team figures all use it.
pub fn percent(part: usize, whole: usize) -> Option<u8> {
    (whole > 0).then(|| (part.min(whole) * 100 / whole) as u8)
}

pub fn plan_attempt(quiz: &Quiz, seed: u64) -> Vec<PlannedQuestion> {
    let mut rng = SplitMix64::new(seed);
    let mut picked: Vec<usize> = (0..quiz.questions.len()).collect();
    if quiz.asked() < picked.len() {
        rng.shuffle(&mut picked);
        picked.truncate(quiz.asked());
        picked.sort_unstable();
    }
    picked
        .into_iter()
        .map(|qi| {
            let q = &quiz.questions[qi];
            let mut order: Vec<usize> = (0..q.choices.len()).collect();
            if q.kind != QuestionKind::TrueFalse {
                rng.shuffle(&mut order);
            }
            PlannedQuestion { question: qi, order }
        })
        .collect()
}

/// True when `selected` is exactly the set of correct choices.
pub fn is_correct(question: &Question, selected: &[usize]) -> bool {
    let mut selected = selected.to_vec();
    selected.sort_unstable();
    selected.dedup();
    selected == question.correct_choices()
}

/// The outcome of a finished attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub correct: usize,
    pub asked: usize,
    /// Whole percent, rounded down so that "passed" never overstates.
    pub percent: u8,
    pub passed: bool,
}

/// Scores the planned questions; unanswered questions count as wrong.
pub fn score(quiz: &Quiz, plan: &[PlannedQuestion], answers: &Answers, pass_mark: u8) -> Score {
    let asked = plan.len();
    let correct = plan
        .iter()
        .filter(|p| {
            let q = &quiz.questions[p.question];
            answers.get(&q.id).is_some_and(|sel| is_correct(q, sel))
        })
        .count();
    // An empty quiz has nothing wrong in it.
    let percent = percent(correct, asked).unwrap_or(100);
    Score { correct, asked, percent, passed: percent >= pass_mark }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Choice, Inline};

    fn q(id: &str, kind: QuestionKind, correct: &[bool]) -> Question {
        Question {
            id: id.into(),
            kind,
            title: id.into(),
            prompt: vec![],
            choices: correct
                .iter()
                .map(|c| Choice { text: vec![Inline::text("x")], correct: *c, feedback: vec![] })
                .collect(),
            explanation: vec![],
        }
    }

    fn quiz(n: usize, ask: Option<u32>) -> Quiz {
        Quiz {
            questions: (0..n).map(|i| q(&format!("q{i}"), QuestionKind::Single, &[true, false, false, false])).collect(),
            ask,
        }
    }

    #[test]
    fn percent_rounds_down_and_leaves_an_empty_whole_to_the_caller() {
        assert_eq!(percent(2, 3), Some(66));
        assert_eq!(percent(199, 200), Some(99), "never rounds up to a pass");
        assert_eq!(percent(3, 3), Some(100));
        assert_eq!(percent(5, 3), Some(100), "never above 100");
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn same_seed_same_plan_and_different_seeds_vary() {
        let quiz = quiz(10, Some(4));
        assert_eq!(plan_attempt(&quiz, 7), plan_attempt(&quiz, 7));
        let distinct: std::collections::BTreeSet<Vec<usize>> =
            (0..20).map(|s| plan_attempt(&quiz, s).iter().map(|p| p.question).collect()).collect();
        assert!(distinct.len() > 5, "selection should vary with the seed: {distinct:?}");
        for seed in 0..50 {
            let plan = plan_attempt(&quiz, seed);
            assert_eq!(plan.len(), 4);
            let mut order = plan[0].order.clone();
            order.sort_unstable();
            assert_eq!(order, vec![0, 1, 2, 3], "every choice shown once");
        }
    }

    #[test]
    fn true_false_is_never_shuffled() {
        let quiz = Quiz { questions: vec![q("tf", QuestionKind::TrueFalse, &[false, true])], ask: None };
        for seed in 0..20 {
            assert_eq!(plan_attempt(&quiz, seed)[0].order, vec![0, 1]);
        }
    }

    #[test]
    fn multiple_choice_needs_exactly_the_correct_set() {
        let m = q("m", QuestionKind::Multiple, &[true, false, true]);
        assert!(is_correct(&m, &[2, 0]));
        assert!(!is_correct(&m, &[0]));
        assert!(!is_correct(&m, &[0, 1, 2]));
    }

    #[test]
    fn score_rounds_down_and_compares_with_pass_mark() {
        let quiz = quiz(3, None);
        let plan = plan_attempt(&quiz, 1);
        let mut answers = Answers::new();
        answers.insert("q0".into(), vec![0]);
        answers.insert("q1".into(), vec![0]);
        answers.insert("q2".into(), vec![1]);
        let s = score(&quiz, &plan, &answers, 67);
        assert_eq!((s.correct, s.asked, s.percent, s.passed), (2, 3, 66, false));
        assert!(score(&quiz, &plan, &answers, 66).passed);
    }
}

/// Pins the seeded shuffle: stored attempts keep only their seed, so a change to `rng.rs` or
/// to `plan_attempt` would silently show every stored review with other questions and choices.
#[cfg(test)]
mod golden {
    use super::*;
    use crate::lesson::{Choice, Inline};

    fn quiz(questions: usize, ask: Option<u32>) -> Quiz {
        let question = |i: usize| Question {
            id: format!("q{i}"),
            kind: if i % 3 == 2 { QuestionKind::TrueFalse } else { QuestionKind::Single },
            title: format!("Q{i}"),
            prompt: Vec::new(),
            choices: (0..if i % 3 == 2 { 2 } else { 4 })
                .map(|c| Choice { text: vec![Inline::text(format!("c{c}"))], correct: c == 0, feedback: Vec::new() })
                .collect(),
            explanation: Vec::new(),
        };
        Quiz { questions: (0..questions).map(question).collect(), ask }
    }

    fn render(plan: &[PlannedQuestion]) -> String {
        plan.iter().map(|p| format!("{}:{:?}", p.question, p.order)).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn attempt_plans_for_fixed_seeds_never_change() {
        let q = quiz(6, Some(4));
        let got: Vec<String> = [0u64, 1, 42, 0xdead_beef].iter().map(|s| render(&plan_attempt(&q, *s))).collect();
        let want = GOLDEN.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>();
        assert_eq!(got, want, "the attempt plan for a fixed seed changed: stored reviews would show other questions");
    }

    const GOLDEN: &str = "
        2:[0, 1] 3:[1, 0, 3, 2] 4:[0, 1, 2, 3] 5:[0, 1]
        0:[2, 1, 3, 0] 1:[3, 2, 1, 0] 2:[0, 1] 3:[1, 0, 3, 2]
        0:[3, 0, 1, 2] 2:[0, 1] 3:[0, 3, 2, 1] 4:[0, 1, 3, 2]
        0:[1, 0, 2, 3] 2:[0, 1] 3:[0, 2, 3, 1] 5:[0, 1]
    ";
}
