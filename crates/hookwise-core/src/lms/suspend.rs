//! `suspend_data`: a quiz in progress in the few kilobytes an LMS keeps for a SCO.

use crate::grading::Answers;
use crate::lesson::Lesson;
use crate::progress::QuizInProgress;


/// Encodes a quiz in progress for `suspend_data`: `h1~hash~seed~started~current~answers`, where
/// answers are `question index=choice.choice` with `+` when checked, joined by `,`. Questions are
/// named by index (the content hash pins the lesson text), which keeps a 25-question quiz
/// well under SCORM 1.2's 4,096 characters. Returns `None` when the encoding would exceed
/// `limit`: the LMS is then told nothing rather than something truncated.
pub fn encode_suspend(lesson: &Lesson, quiz: &QuizInProgress, limit: usize) -> Option<String> {
    let mut out = format!("h1~{}~{:x}~{:x}~{}~", quiz.content_hash, quiz.seed, quiz.started_at, quiz.current);
    let mut first = true;
    for (qi, question) in lesson.quiz.questions.iter().enumerate() {
        let Some(chosen) = quiz.answers.get(&question.id) else { continue };
        if !first {
            out.push(',');
        }
        first = false;
        out += &qi.to_string();
        out.push('=');
        out += &chosen.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(".");
        if quiz.checked.contains(&question.id) {
            out.push('+');
        }
    }
    (out.len() <= limit).then_some(out)
}

/// Decodes `suspend_data` for `lesson`. Anything unreadable, for another text of the lesson,
/// or naming questions or choices that do not exist, gives `None`: the learner starts afresh.
pub fn decode_suspend(lesson: &Lesson, data: &str, now: u64) -> Option<QuizInProgress> {
    let mut parts = data.split('~');
    if parts.next()? != "h1" {
        return None;
    }
    let hash = parts.next()?;
    if hash != lesson.info.content_hash {
        return None;
    }
    let seed = u64::from_str_radix(parts.next()?, 16).ok()?;
    let started_at = u64::from_str_radix(parts.next()?, 16).ok()?;
    let current: usize = parts.next()?.parse().ok()?;
    let answers_part = parts.next()?;
    if parts.next().is_some() || current > lesson.quiz.questions.len() {
        return None;
    }
    let mut answers = Answers::new();
    let mut checked = Vec::new();
    for entry in answers_part.split(',').filter(|e| !e.is_empty()) {
        let (entry, is_checked) = match entry.strip_suffix('+') {
            Some(e) => (e, true),
            None => (entry, false),
        };
        let (qi, choices) = entry.split_once('=')?;
        let question = lesson.quiz.questions.get(qi.parse::<usize>().ok()?)?;
        let mut chosen = Vec::new();
        for c in choices.split('.').filter(|c| !c.is_empty()) {
            let c: usize = c.parse().ok()?;
            if c >= question.choices.len() {
                return None;
            }
            chosen.push(c);
        }
        answers.insert(question.id.clone(), chosen);
        if is_checked {
            checked.push(question.id.clone());
        }
    }
    Some(QuizInProgress { content_hash: hash.to_string(), seed, started_at, updated_at: now, answers, checked, current })
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Question, QuestionKind};
    use crate::lms::fixtures::{lesson, question};
    use crate::lms::Scorm;

    fn quiz_in_progress(l: &Lesson, answered: usize) -> QuizInProgress {
        let mut q = QuizInProgress::start(l.info.content_hash.clone(), u64::MAX - 7, 1_763_800_000_000, );
        for question in l.quiz.questions.iter().take(answered) {
            q.answers.insert(question.id.clone(), question.correct_choices());
            q.checked.push(question.id.clone());
        }
        q.current = answered;
        q
    }

    #[test]
    fn suspend_data_round_trips() {
        let l = lesson(vec![
            question("one", QuestionKind::Single, &[1], 4),
            question("two", QuestionKind::Multiple, &[0, 3], 5),
            question("three", QuestionKind::TrueFalse, &[0], 2),
        ]);
        let mut q = quiz_in_progress(&l, 2);
        // An answer selected and saved but not yet checked.
        q.answers.insert("three".into(), vec![1]);
        let data = encode_suspend(&l, &q, Scorm::V12.suspend_limit()).unwrap();
        assert!(data.starts_with("h1~0123456789abcdef~"), "{data}");
        let back = decode_suspend(&l, &data, q.updated_at).unwrap();
        assert_eq!(back, q);
    }

    #[test]
    fn suspend_data_of_a_large_quiz_fits_scorm_12s_limit_and_overflow_is_refused() {
        // 60 questions of 6 choices, all answered with every choice: far beyond any real lesson.
        let questions: Vec<Question> =
            (0..60).map(|i| question(&format!("a-long-question-identifier-number-{i}"), QuestionKind::Multiple, &[0, 1, 2, 3, 4, 5], 6)).collect();
        let l = lesson(questions);
        let q = quiz_in_progress(&l, 60);
        let data = encode_suspend(&l, &q, Scorm::V12.suspend_limit()).unwrap();
        assert!(data.len() <= 4096, "{} characters", data.len());
        assert_eq!(decode_suspend(&l, &data, q.updated_at).unwrap(), q);
        // A limit it cannot meet gives nothing rather than truncated data.
        assert_eq!(encode_suspend(&l, &q, 100), None);
        let huge: Vec<Question> = (0..600).map(|i| question(&format!("q{i}"), QuestionKind::Multiple, &[0, 1, 2, 3, 4, 5], 6)).collect();
        let l = lesson(huge);
        let q = quiz_in_progress(&l, 600);
        assert!(encode_suspend(&l, &q, 64000).is_some());
        assert_eq!(encode_suspend(&l, &q, 4096), None);
    }

    #[test]
    fn garbled_or_foreign_suspend_data_starts_afresh() {
        let l = lesson(vec![question("one", QuestionKind::Single, &[1], 4)]);
        for bad in [
            "",
            "h1",
            "h2~0123456789abcdef~1~1~0~",
            "h1~ffffffffffffffff~1~1~0~0=1+",
            "h1~0123456789abcdef~zz~1~0~",
            "h1~0123456789abcdef~1~1~0~5=1+",
            "h1~0123456789abcdef~1~1~0~0=9+",
            "h1~0123456789abcdef~1~1~0~0=1+~extra",
            "h1~0123456789abcdef~1~1~99~",
            "<script>alert(1)</script>",
        ] {
            assert_eq!(decode_suspend(&l, bad, 0), None, "{bad:?}");
        }
    }

}
