//! One practice scenario's picks and result, kept in the learner's progress: saved on every
//! change, resumed after a reload, and recorded when finished (the missed red flags come back
//! as re-checks). Every practice component (`practice`, `mockup`) saves through it.

use hookwise_core::lesson::Scenario;
use hookwise_core::progress::{Picks, PracticeResult};
use hookwise_core::scenario::{part_results, picks_fit, practice_score};
use leptos::prelude::*;

use hookwise_web::platform::now;
use hookwise_web::state::Learner;

/// Keeps one scenario's picks in the learner's progress.
#[derive(Clone, Copy)]
pub struct Keep {
    pub learner: Learner,
    pub lesson: StoredValue<String>,
    pub scenario: StoredValue<Scenario>,
    pub rechecks: Option<crate::components::rechecks::Rechecks>,
}

impl Keep {
    pub fn dom_id(&self) -> String {
        self.scenario.with_value(|s| format!("practice-{}", s.id))
    }

    /// The picks saved part-way through, if they still fit the scenario.
    pub fn resume(&self) -> Option<Picks> {
        let (lesson, scenario) = (self.lesson.get_value(), self.scenario.get_value());
        self.learner
            .progress
            .with_untracked(|p| p.practice_state(&lesson, &scenario.id).map(|s| s.picks.clone()))
            .filter(|picks| picks_fit(&scenario.activity, picks))
    }

    pub fn save(&self, picks: Picks) {
        let (lesson, id) = (self.lesson.get_value(), self.scenario.with_value(|s| s.id.clone()));
        self.learner.update(|p| p.practise(&lesson, &id, picks, now()));
    }

    /// Records the finished scenario's result; the red flags it missed come back as re-checks.
    pub fn finish(&self, picks: &[Vec<usize>]) {
        let lesson = self.lesson.get_value();
        let result = self.scenario.with_value(|s| {
            let (score, reported) = practice_score(&s.activity, picks);
            let (flags, wrongly_flagged) = part_results(&s.activity, picks.first().map(Vec::as_slice).unwrap_or(&[]));
            PracticeResult {
                lesson_id: lesson,
                scenario_id: s.id.clone(),
                title: s.title.clone(),
                finished_at: now(),
                points: score.points as u32,
                out_of: score.out_of as u32,
                percent: score.percent,
                reported,
                flags,
                wrongly_flagged,
            }
        });
        crate::components::rechecks::after_practice(self.rechecks, &result);
        self.learner.practised(result);
    }
}
