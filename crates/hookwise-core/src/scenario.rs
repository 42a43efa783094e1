//! Scoring practice scenarios. Practice is scored to show learners how they did; it does not
//! count towards a lesson's pass mark.

use crate::lesson::{Activity, Choice, Milestone, Part, ReportStep, Step};

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

/// Red flags found, minus ordinary parts selected (not below zero), out of all red flags: the
/// red-flag rule over a mock-up's parts. Fixed details (`flag: None`) never count.
pub fn mockup_score(parts: &[Part], marked: &[usize]) -> PracticeScore {
    let flag = |i: &usize| parts.get(*i).and_then(|p| p.flag);
    let flags = parts.iter().filter(|p| p.flag == Some(true)).count();
    let found = marked.iter().filter(|i| flag(i) == Some(true)).count();
    let wrong = marked.iter().filter(|i| flag(i) == Some(false)).count();
    let points = found.saturating_sub(wrong);
    PracticeScore { points, out_of: flags, percent: percent(points, flags) }
}

/// What the feedback says about one part after "Check".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A red flag the learner selected.
    Found,
    /// A red flag the learner did not select.
    Missed,
    /// An ordinary part the learner selected.
    WronglyFlagged,
    /// An ordinary part left alone.
    Ordinary,
}

impl Verdict {
    /// `flag`: whether the part is a red flag; `selected`: whether the learner selected it.
    pub fn of(flag: bool, selected: bool) -> Verdict {
        match (flag, selected) {
            (true, true) => Verdict::Found,
            (true, false) => Verdict::Missed,
            (false, true) => Verdict::WronglyFlagged,
            (false, false) => Verdict::Ordinary,
        }
    }

    /// The words that lead the part's explanation.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Found => "Red flag, and you spotted it.",
            Verdict::Missed => "Red flag you missed.",
            Verdict::WronglyFlagged => "Not a red flag, but you selected it.",
            Verdict::Ordinary => "Not a red flag.",
        }
    }

    /// Whether the learner got this part right.
    pub fn right(self) -> bool {
        matches!(self, Verdict::Found | Verdict::Ordinary)
    }
}

/// When, in a conversation, the learner chose to report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportTiming {
    /// Before doing anything for the other person.
    BeforeTask,
    /// After a first task, before sharing anything.
    AfterTask,
    /// After sharing something.
    AfterSharing,
    /// The conversation ended without a report.
    Never,
}

impl ReportTiming {
    /// The name used in storage, reports and statements.
    pub fn key(self) -> &'static str {
        match self {
            ReportTiming::BeforeTask => "before-task",
            ReportTiming::AfterTask => "after-task",
            ReportTiming::AfterSharing => "after-sharing",
            ReportTiming::Never => "never",
        }
    }

    pub fn from_key(key: &str) -> Option<ReportTiming> {
        [ReportTiming::BeforeTask, ReportTiming::AfterTask, ReportTiming::AfterSharing, ReportTiming::Never].into_iter().find(|t| t.key() == key)
    }

    /// For the learner.
    pub fn label(self) -> &'static str {
        match self {
            ReportTiming::BeforeTask => "You reported before doing anything for them.",
            ReportTiming::AfterTask => "You reported after a first task.",
            ReportTiming::AfterSharing => "You reported after sharing something.",
            ReportTiming::Never => "You did not report.",
        }
    }
}

/// The steps a conversation visits when the learner takes `replies` (one reply index per
/// turn) from the start; `None` when a reply does not exist (the lesson changed).
pub fn conversation_path(steps: &[Step], replies: &[usize]) -> Option<Vec<(usize, usize)>> {
    let mut at = 0;
    let mut path = Vec::new();
    for &r in replies {
        let reply = steps.get(at)?.replies.get(r)?;
        path.push((at, r));
        at = reply.next;
    }
    steps.get(at)?;
    Some(path)
}

/// When the learner reported along `path` (step, reply), derived from the steps' milestones:
/// the first `[reported]` step reached decides, by whether a `[task]` or `[shared]` step came
/// before it.
pub fn report_timing(steps: &[Step], path: &[(usize, usize)]) -> ReportTiming {
    let visited = std::iter::once(0).chain(path.iter().filter_map(|(s, r)| steps.get(*s)?.replies.get(*r).map(|r| r.next)));
    let mut worst = ReportTiming::BeforeTask;
    for index in visited {
        match steps.get(index).and_then(|s| s.milestone) {
            Some(Milestone::Reported) => return worst,
            Some(Milestone::Task) => worst = worst.max(ReportTiming::AfterTask),
            Some(Milestone::Shared) => worst = ReportTiming::AfterSharing,
            None => {}
        }
    }
    ReportTiming::Never
}

/// Whether stored `picks` still fit the scenario (the lesson may have changed since): the
/// indices exist, and a conversation's replies can be replayed. See `Picks` in `progress`.
pub fn picks_fit(activity: &Activity, picks: &[Vec<usize>]) -> bool {
    match activity {
        Activity::Conversation { steps } => {
            let replies: Vec<usize> = picks.iter().filter_map(|p| p.first().copied()).collect();
            picks.iter().all(|p| p.len() == 1) && conversation_path(steps, &replies).is_some()
        }
        Activity::RedFlags { items } => picks.len() <= 1 && picks.iter().flatten().all(|i| *i < items.len()),
        Activity::Mockup { parts, .. } => {
            picks.len() <= 1 && picks.iter().flatten().all(|i| parts.get(*i).is_some_and(|p| p.flag.is_some()))
        }
        Activity::Report { steps } => {
            picks.len() <= steps.len() && picks.iter().zip(steps).all(|(p, s)| p.iter().all(|i| *i < s.choices.len()))
        }
        // A slow hook keeps its state in the schedule record (`schedule::HookRun`), not in picks.
        Activity::SlowHook(_) => picks.is_empty(),
    }
}

/// The score of finished `picks`, and for a conversation when the learner reported.
pub fn practice_score(activity: &Activity, picks: &[Vec<usize>]) -> (PracticeScore, Option<ReportTiming>) {
    let first = picks.first().map(Vec::as_slice).unwrap_or(&[]);
    match activity {
        Activity::Conversation { steps } => {
            let replies: Vec<usize> = picks.iter().filter_map(|p| p.first().copied()).collect();
            let path = conversation_path(steps, &replies).unwrap_or_default();
            let safe: Vec<bool> = path.iter().map(|(s, r)| steps[*s].replies[*r].safe).collect();
            (conversation_score(&safe), Some(report_timing(steps, &path)))
        }
        Activity::RedFlags { items } => (red_flag_score(items, first), None),
        Activity::Mockup { parts, .. } => (mockup_score(parts, first), None),
        Activity::Report { steps } => (report_score(steps, picks), None),
        // Scored rung by rung in its own record; nothing to score from picks.
        Activity::SlowHook(_) => (PracticeScore { points: 0, out_of: 0, percent: percent(0, 0) }, None),
    }
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

    fn part(flag: Option<bool>) -> Part {
        Part { field: "body".into(), detail: String::new(), text: vec![Inline::text("x")], flag, feedback: vec![] }
    }

    #[test]
    fn mockups_score_like_red_flags_and_fixed_details_never_count() {
        let parts = vec![part(Some(true)), part(Some(false)), part(None), part(Some(true))];
        assert_eq!(mockup_score(&parts, &[0, 3]).percent, 100);
        assert_eq!(mockup_score(&parts, &[0, 2]).percent, 50, "a fixed detail is neither found nor wrong");
        assert_eq!(mockup_score(&parts, &[0, 1]).percent, 0);
        assert_eq!(mockup_score(&parts, &[9]).points, 0, "an index past the end counts for nothing");
        assert_eq!(Verdict::of(true, false), Verdict::Missed);
        assert_eq!(Verdict::of(false, true), Verdict::WronglyFlagged);
        assert!(Verdict::of(false, false).right() && !Verdict::of(true, false).right());
    }

    fn step(milestone: Option<Milestone>, next: &[usize]) -> Step {
        Step {
            id: String::new(),
            title: String::new(),
            content: vec![],
            replies: next.iter().map(|n| crate::lesson::Reply { text: vec![], safe: *n % 2 == 1, next: *n, feedback: vec![] }).collect(),
            ending: next.is_empty().then_some(crate::lesson::Ending::Good),
            milestone,
        }
    }

    #[test]
    fn report_timing_follows_the_milestones_on_the_path() {
        // 0 start -> 1 [reported] | 2 [task]; 2 -> 3 [reported] | 4 [shared]; 4 -> 5 [reported] | 6 (hooked)
        let steps = vec![
            step(None, &[1, 2]),
            step(Some(Milestone::Reported), &[]),
            step(Some(Milestone::Task), &[3, 4]),
            step(Some(Milestone::Reported), &[]),
            step(Some(Milestone::Shared), &[5, 6]),
            step(Some(Milestone::Reported), &[]),
            step(None, &[]),
        ];
        let timing = |replies: &[usize]| report_timing(&steps, &conversation_path(&steps, replies).expect("a path"));
        assert_eq!(timing(&[0]), ReportTiming::BeforeTask);
        assert_eq!(timing(&[1, 0]), ReportTiming::AfterTask);
        assert_eq!(timing(&[1, 1, 0]), ReportTiming::AfterSharing);
        assert_eq!(timing(&[1, 1, 1]), ReportTiming::Never);
        assert_eq!(conversation_path(&steps, &[1, 7]), None, "a reply that no longer exists");
        let activity = Activity::Conversation { steps: steps.clone() };
        assert!(picks_fit(&activity, &[vec![1], vec![1]]));
        assert!(!picks_fit(&activity, &[vec![5]]));
        let (score, timing) = practice_score(&activity, &[vec![1], vec![0]]);
        assert_eq!((score.points, score.out_of, timing), (1, 2, Some(ReportTiming::AfterTask)));
        for t in [ReportTiming::BeforeTask, ReportTiming::AfterTask, ReportTiming::AfterSharing, ReportTiming::Never] {
            assert_eq!(ReportTiming::from_key(t.key()), Some(t));
        }
    }

    #[test]
    fn picks_that_no_longer_fit_the_scenario_are_refused() {
        let activity = Activity::Mockup { kind: crate::lesson::MockupKind::Email, parts: vec![part(Some(true)), part(None), part(Some(false))] };
        assert!(picks_fit(&activity, &[vec![0, 2]]));
        assert!(!picks_fit(&activity, &[vec![1]]), "a fixed detail cannot be selected");
        assert!(!picks_fit(&activity, &[vec![3]]));
        assert!(picks_fit(&activity, &[]));
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
