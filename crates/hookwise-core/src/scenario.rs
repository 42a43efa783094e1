//! Scoring practice scenarios. Practice is scored to show learners how they did; it does not
//! count towards a lesson's pass mark.

use crate::lesson::{Choice, ReportStep};

/// A score out of 100, with the counts it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PracticeScore {
    pub points: usize,
    pub out_of: usize,
    pub percent: u8,
}

/// A scenario with nothing to find or answer is fully done.
fn percent(points: usize, out_of: usize) -> u8 {
    crate::grading::percent(points, out_of).unwrap_or(100)
}

/// A conversation scores the share of safe replies among the replies the learner chose.
pub fn conversation_score(safe_replies: &[bool]) -> PracticeScore {
    let points = safe_replies.iter().filter(|s| **s).count();
    PracticeScore { points, out_of: safe_replies.len(), percent: percent(points, safe_replies.len()) }
}

/// Red flags found, minus parts wrongly marked (not below zero), out of all red flags.
pub fn red_flag_score(items: &[Choice], marked: &[usize]) -> PracticeScore {
    let flags = items.iter().filter(|c| c.correct).count();
    let found = marked.iter().filter(|i| items.get(**i).is_some_and(|c| c.correct)).count();
    let wrong = marked.iter().filter(|i| items.get(**i).is_some_and(|c| !c.correct)).count();
    let points = found.saturating_sub(wrong);
    PracticeScore { points, out_of: flags, percent: percent(points, flags) }
}

/// True when a report step's selection is exactly its correct choices.
pub fn report_step_right(step: &ReportStep, selected: &[usize]) -> bool {
    let mut selected = selected.to_vec();
    selected.sort_unstable();
    selected.dedup();
    let correct: Vec<usize> = step.choices.iter().enumerate().filter(|(_, c)| c.correct).map(|(i, _)| i).collect();
    selected == correct
}

/// Report steps answered exactly right, out of all steps.
pub fn report_score(steps: &[ReportStep], answers: &[Vec<usize>]) -> PracticeScore {
    let points = steps.iter().zip(answers).filter(|(s, a)| report_step_right(s, a)).count();
    PracticeScore { points, out_of: steps.len(), percent: percent(points, steps.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Inline, QuestionKind};

    fn choice(correct: bool) -> Choice {
        Choice { text: vec![Inline::text("x")], correct, feedback: vec![] }
    }

    #[test]
    fn conversation_counts_safe_replies() {
        assert_eq!(conversation_score(&[true, false, true, true]).percent, 75);
        assert_eq!(conversation_score(&[]).percent, 100);
    }

    #[test]
    fn red_flags_penalise_false_alarms_but_not_below_zero() {
        let items = vec![choice(true), choice(false), choice(true), choice(false)];
        assert_eq!(red_flag_score(&items, &[0, 2]).percent, 100);
        assert_eq!(red_flag_score(&items, &[0]).percent, 50);
        assert_eq!(red_flag_score(&items, &[0, 1]).percent, 0);
        assert_eq!(red_flag_score(&items, &[1, 3]).percent, 0);
    }

    #[test]
    fn report_steps_need_exact_answers() {
        let steps = vec![
            ReportStep { kind: QuestionKind::Multiple, title: "a".into(), choices: vec![choice(true), choice(true), choice(false)] },
            ReportStep { kind: QuestionKind::Single, title: "b".into(), choices: vec![choice(false), choice(true)] },
        ];
        let s = report_score(&steps, &[vec![1, 0], vec![0]]);
        assert_eq!((s.points, s.out_of, s.percent), (1, 2, 50));
    }
}
