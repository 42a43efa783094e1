//! The re-check schedule and slow-hook state in the app bundle: loaded once, provided through
//! context (`use_rechecks`), saved (merged with other tabs) on every change, and taken in when
//! another tab saves. The rules are the core's (`hookwise_core::schedule`); this is the glue.

use hookwise_core::lesson::Lesson;
use hookwise_core::progress::Attempt;
use hookwise_core::schedule::{missed_questions, Schedule};
use leptos::prelude::*;

use hookwise_web::platform::{now, today};
use hookwise_web::storage;

#[derive(Clone, Copy)]
pub struct Rechecks {
    pub schedule: RwSignal<Schedule>,
    /// Something the learner should know about the stored schedule.
    pub problem: RwSignal<Option<String>>,
}

impl Rechecks {
    /// Changes the schedule and saves it; a failed save keeps the change in this tab.
    pub fn update(&self, change: impl FnOnce(&mut Schedule)) {
        let mut schedule = self.schedule.get_untracked();
        change(&mut schedule);
        match storage::save_schedule(&mut schedule) {
            Ok(()) => {
                if self.problem.get_untracked().is_some() {
                    self.problem.set(None);
                }
            }
            Err(p) => self.problem.set(Some(format!("Your re-checks and practice messages were not saved. {}", p.message()))),
        }
        self.schedule.set(schedule);
    }
}

/// Loads the schedule into context and listens for other tabs' saves.
pub fn provide_rechecks() {
    let (schedule, problem) = storage::load_schedule();
    let rechecks = Rechecks { schedule: RwSignal::new(schedule), problem: RwSignal::new(problem) };
    provide_context(rechecks);
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().as_deref() == Some(storage::SCHEDULE_KEY) {
            if let Some(stored) = storage::stored_schedule() {
                rechecks.schedule.update(|s| s.merge(stored));
            }
        }
    });
    on_cleanup(move || handle.remove());
}

pub fn use_rechecks() -> Option<Rechecks> {
    use_context::<Rechecks>()
}

/// A finished quiz attempt: the questions it missed come back as re-checks from tomorrow.
/// (Contexts are read when a component is built, so callers pass `use_rechecks()` in.)
pub fn after_attempt(rechecks: Option<Rechecks>, lesson: &Lesson, attempt: &Attempt) {
    let missed = missed_questions(lesson, attempt);
    if let (Some(r), false) = (rechecks, missed.is_empty()) {
        let (day, at) = (today(), now());
        r.update(|s| s.missed(&missed, day, at));
    }
}

/// A finished red-flag exercise or mock-up: the red flags it missed come back as re-checks
/// from tomorrow.
pub fn after_practice(rechecks: Option<Rechecks>, result: &hookwise_core::progress::PracticeResult) {
    let missed = hookwise_core::schedule::missed_in(&result.lesson_id, &result.scenario_id, &result.flags);
    if let (Some(r), false) = (rechecks, missed.is_empty()) {
        let (day, at) = (today(), now());
        r.update(|s| s.missed(&missed, day, at));
    }
}

/// The schedule to put in a backup file.
pub fn for_backup(rechecks: Option<Rechecks>) -> Option<Schedule> {
    rechecks.map(|r| r.schedule.get_untracked())
}

/// Takes in a backup's schedule (it only fills gaps); returns a sentence for the import
/// message when there is something to say.
pub fn import(rechecks: Option<Rechecks>, backup: &hookwise_core::records::Backup) -> Option<String> {
    match backup.schedule.clone()? {
        Ok(imported) => {
            let r = rechecks?;
            let mut schedule = r.schedule.get_untracked();
            if let Some(stored) = storage::stored_schedule() {
                schedule.merge(stored);
            }
            if schedule.import(imported) == 0 {
                return None;
            }
            let saved = storage::replace_schedule(&schedule);
            r.schedule.set(schedule);
            Some(match saved {
                Ok(()) => " Your re-checks and practice messages from it were added.".into(),
                Err(p) => format!(" Its re-checks and practice messages were not saved: {}", p.message()),
            })
        }
        Err(why) => Some(format!(" Its re-checks and practice messages could not be read ({why}), so they were left out; everything else was imported.")),
    }
}

/// Forgets the schedule with the rest of the learner's progress.
pub fn reset(rechecks: Option<Rechecks>) {
    if let Some(r) = rechecks {
        let mut schedule = r.schedule.get_untracked();
        schedule.reset(now());
        let _ = storage::replace_schedule(&schedule);
        r.schedule.set(schedule);
    }
}

/// A problem with the stored schedule, until dismissed.
#[component]
pub fn RechecksNotice() -> impl IntoView {
    let rechecks = use_rechecks();
    move || {
        let r = rechecks?;
        r.problem.get().map(|text| {
            view! {
                <div class="storage-problem" role="alert">
                    <p>{text}</p>
                    <button type="button" on:click=move |_| r.problem.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
