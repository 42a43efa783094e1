//! What hookwise tells a learning platform, computed from a lesson and the learner's progress,
//! in one module per concern: [`scorm`] (the SCORM 1.2 and 2004 data-model values and the whole
//! run-time conversation), [`suspend`] (the compact `suspend_data` that resumes a quiz) and
//! [`xapi`] (xAPI 1.0.3 statements). Pure: the app's `lms` module only carries these values to
//! the LMS's JavaScript API or to the learning record store. What the learner did reaches a
//! platform as [`QuizEvent`]s, returned by the core's quiz actions (`crate::quiz`).
//!
//! One lesson is one SCO, so every value here is about one lesson.

pub mod scorm;
pub mod suspend;
pub mod xapi;

pub use crate::quiz::QuizEvent;
pub use scorm::*;
pub use suspend::*;
pub use xapi::*;

/// Lessons, questions and attempts for the tests of every part.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::grading::Answers;
    use crate::course::CatalogueEntry;
    use crate::lesson::{Choice, Inline, Lesson, LessonInfo, Question, QuestionKind, Quiz};
    use crate::progress::Attempt;

    pub(crate) fn question(id: &str, kind: QuestionKind, correct: &[usize], n: usize) -> Question {
        Question {
            id: id.into(),
            kind,
            title: format!("Question {id}"),
            prompt: vec![],
            choices: (0..n)
                .map(|i| Choice { text: vec![Inline::text(format!("choice {i}"))], correct: correct.contains(&i), feedback: vec![] })
                .collect(),
            explanation: vec![],
        }
    }

    /// A lesson's catalogue fields: `title`, pass mark 80, five minutes, version "1", hash "h".
    pub(crate) fn info(id: &str, title: &str) -> LessonInfo {
        LessonInfo {
            id: id.into(),
            title: title.into(),
            summary: String::new(),
            topic: String::new(),
            minutes: 5,
            pass_mark: 80,
            version: "1".into(),
            content_hash: "h".into(),
        }
    }

    /// A catalogue entry titled by its id.
    pub(crate) fn entry(id: &str, required: bool) -> CatalogueEntry {
        CatalogueEntry { info: info(id, id), required }
    }

    pub(crate) fn lesson(questions: Vec<Question>) -> Lesson {
        Lesson {
            info: crate::lesson::LessonInfo {
                id: "little-hook".into(),
                title: "The little hook".into(),
                pass_mark: 80,
                content_hash: "0123456789abcdef".into(),
                summary: String::new(),
                topic: String::new(),
                minutes: 5,
                version: "1".into(),
            },
            quiz: Quiz { questions, ask: None },
            updated: None,
            sources: vec![],
            body: vec![],
            practice: vec![],
        }
    }

    pub(crate) fn attempt(score: u8, passed: bool) -> Attempt {
        Attempt {
            lesson_id: "little-hook".into(),
            lesson_version: "1".into(),
            content_hash: "0123456789abcdef".into(),
            seed: score as u64,
            started_at: 1_000,
            finished_at: 91_000,
            answers: Answers::new(),
            score,
            passed,
        }
    }

}
