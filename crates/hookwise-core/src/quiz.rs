//! The quiz as actions: what a learner can do to a lesson's quiz, applied to their progress by
//! the core, returning what happened. Components dispatch actions and render; a learning
//! platform is told the events, never a before/after comparison of progress.

use crate::grading::{plan_attempt, score};
use crate::lesson::Lesson;
use crate::progress::{Attempt, Progress, QuizInProgress};

/// Something a learner does to the attempt with `seed` of a lesson's quiz.
#[derive(Clone, Debug, PartialEq)]
pub enum QuizAction {
    /// Checks the answer to a question: `chosen` indexes its choices in authored order. An
    /// empty selection is not an answer and changes nothing.
    Check { seed: u64, question_id: String, chosen: Vec<usize> },
    /// Moves on to the next question.
    Advance { seed: u64 },
    /// Ends the attempt: it is scored and kept, and the quiz in progress is gone.
    Finish { seed: u64 },
}

/// Something the learner did in a lesson's quiz that a platform should hear about.
#[derive(Clone, Debug, PartialEq)]
pub enum QuizEvent {
    /// A question's answer was checked for the first time; `question` indexes
    /// `lesson.quiz.questions`.
    Answered { question: usize, chosen: Vec<usize> },
    Finished(Attempt),
}

impl Progress {
    /// Applies `action` to `lesson`'s quiz at time `at`, returning what happened. An attempt
    /// with another seed than the stored one replaces it (the learner started afresh).
    pub fn apply_quiz(&mut self, lesson: &Lesson, action: QuizAction, at: u64) -> Vec<QuizEvent> {
        match action {
            QuizAction::Check { seed, question_id, mut chosen } => {
                let Some(question) = lesson.quiz.questions.iter().position(|q| q.id == question_id) else { return vec![] };
                crate::compact::sort_by(&mut chosen, |a, b| a.cmp(b));
                chosen.dedup();
                if chosen.is_empty() || chosen.iter().any(|c| *c >= lesson.quiz.questions[question].choices.len()) {
                    return vec![];
                }
                let quiz = self.quiz_for(lesson, seed, at);
                if quiz.checked.contains(&question_id) {
                    return vec![];
                }
                quiz.answers.insert(question_id.clone(), chosen.clone());
                quiz.checked.push(question_id);
                vec![QuizEvent::Answered { question, chosen }]
            }
            QuizAction::Advance { seed } => {
                self.quiz_for(lesson, seed, at).current += 1;
                vec![]
            }
            QuizAction::Finish { seed } => {
                let Some(quiz) = self.in_progress.get(&lesson.info.id).filter(|q| q.seed == seed) else { return vec![] };
                let result = score(&lesson.quiz, &plan_attempt(&lesson.quiz, seed), &quiz.answers, lesson.info.pass_mark);
                let attempt = Attempt {
                    lesson_id: lesson.info.id.clone(),
                    lesson_version: lesson.info.version.clone(),
                    content_hash: lesson.info.content_hash.clone(),
                    seed,
                    started_at: quiz.started_at,
                    finished_at: at,
                    answers: quiz.answers.clone(),
                    score: result.percent,
                    passed: result.passed,
                };
                self.finish(attempt.clone());
                vec![QuizEvent::Finished(attempt)]
            }
        }
    }

    /// The stored quiz in progress for this attempt, started if there is none (or another).
    fn quiz_for(&mut self, lesson: &Lesson, seed: u64, at: u64) -> &mut QuizInProgress {
        let fresh = || QuizInProgress::start(lesson.info.content_hash.clone(), seed, at);
        let quiz = self.in_progress.entry(lesson.info.id.clone()).or_insert_with(fresh);
        if quiz.seed != seed {
            *quiz = fresh();
        }
        quiz.updated_at = at;
        quiz
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::QuestionKind;
    use crate::lms::fixtures::{lesson as with_questions, question};

    /// Two single-choice questions whose first option is right; the pass mark is one of two.
    fn lesson() -> Lesson {
        let mut l = with_questions(vec![question("a", QuestionKind::Single, &[0], 2), question("b", QuestionKind::Single, &[0], 2)]);
        (l.info.id, l.info.version, l.info.content_hash, l.info.pass_mark) = ("l".into(), "2".into(), "h".into(), 50);
        l
    }

    fn check(q: &str, chosen: Vec<usize>) -> QuizAction {
        QuizAction::Check { seed: 7, question_id: q.into(), chosen }
    }

    #[test]
    fn a_check_is_heard_once_and_an_empty_or_unknown_one_not_at_all() {
        let l = lesson();
        let mut p = Progress::default();
        assert_eq!(p.apply_quiz(&l, check("a", vec![]), 1), vec![]);
        assert_eq!(p.apply_quiz(&l, check("nope", vec![0]), 1), vec![]);
        assert_eq!(p.apply_quiz(&l, check("a", vec![5]), 1), vec![]);
        assert!(p.in_progress.is_empty(), "nothing was answered, so nothing is stored");
        assert_eq!(p.apply_quiz(&l, check("a", vec![1]), 2), vec![QuizEvent::Answered { question: 0, chosen: vec![1] }]);
        // A second check of the same question (another tab, a double click) changes nothing.
        assert_eq!(p.apply_quiz(&l, check("a", vec![0]), 3), vec![]);
        assert_eq!(p.in_progress["l"].answers["a"], vec![1]);
    }

    #[test]
    fn advancing_and_finishing_score_the_attempt_and_end_the_quiz_in_progress() {
        let l = lesson();
        let mut p = Progress::default();
        p.apply_quiz(&l, check("a", vec![0]), 10);
        assert!(p.apply_quiz(&l, QuizAction::Advance { seed: 7 }, 11).is_empty());
        assert_eq!(p.in_progress["l"].current, 1);
        p.apply_quiz(&l, check("b", vec![1]), 12);
        let events = p.apply_quiz(&l, QuizAction::Finish { seed: 7 }, 13);
        let [QuizEvent::Finished(attempt)] = events.as_slice() else { panic!("{events:?}") };
        assert_eq!((attempt.score, attempt.passed, attempt.started_at, attempt.finished_at), (50, true, 10, 13));
        assert_eq!((attempt.lesson_version.as_str(), attempt.content_hash.as_str()), ("2", "h"));
        assert!(p.in_progress.is_empty());
        assert_eq!(p.attempts.len(), 1);
        // Finishing again (a second tab, a double click) is nothing.
        assert!(p.apply_quiz(&l, QuizAction::Finish { seed: 7 }, 14).is_empty());
    }

    #[test]
    fn a_new_seed_starts_afresh() {
        let l = lesson();
        let mut p = Progress::default();
        p.apply_quiz(&l, check("a", vec![0]), 1);
        p.apply_quiz(&l, QuizAction::Advance { seed: 8 }, 2);
        assert_eq!(p.in_progress["l"].seed, 8);
        assert!(p.in_progress["l"].answers.is_empty());
        let again = QuizAction::Check { seed: 8, question_id: "a".into(), chosen: vec![1] };
        assert_eq!(p.apply_quiz(&l, again, 3).len(), 1, "the same question in a new attempt is heard");
    }
}
