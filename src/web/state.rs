//! App-wide state in context, behind typed `use_…()` helpers: the learner's progress (with
//! the storage problem to show, if any) and the course catalogue.

use hookwise_core::lesson::Lesson;
use hookwise_core::progress::{ImportSummary, PracticeResult, Progress};
use hookwise_core::quiz::{QuizAction, QuizEvent};
use hookwise_core::Catalogue;
use leptos::prelude::*;

use crate::storage::{self, StorageProblem};

/// The learner's progress. Every change goes through `update`, which saves it.
#[derive(Clone, Copy)]
pub struct Learner {
    pub progress: RwSignal<Progress>,
    pub problem: RwSignal<Option<StorageProblem>>,
    /// Who hears what the learner did: the lesson bundle's learning-platform bridge, if it
    /// listens (`listen`). This layer knows no platform.
    listener: Option<Listener>,
}

/// What the learner did, as a learning platform hears it, with the progress after it.
pub enum Heard<'a> {
    /// The core's events from a quiz action in lesson `lesson_id`.
    Quiz { lesson_id: &'a str, events: &'a [QuizEvent] },
    /// A practice scenario finished.
    Practised(&'a PracticeResult),
}

pub type Listener = fn(Heard<'_>, &Progress);

impl Learner {
    pub fn load() -> Learner {
        let (mut progress, problem) = storage::load();
        if let Some(role) = storage::pending_role() {
            progress.adopt_role(role);
        }
        Learner { progress: RwSignal::new(progress), problem: RwSignal::new(problem), listener: None }
    }

    /// The same learner, with `listener` told of every quiz action and finished practice.
    pub fn listen(self, listener: Listener) -> Learner {
        Learner { listener: Some(listener), ..self }
    }

    /// In the app bundle: takes in the stored practice, which `load` (shared with the first
    /// load) leaves out.
    pub fn load_practice(&self) {
        if let Some(stored) = storage::stored_full() {
            self.progress.update(|p| p.merge_stored(stored));
        }
    }

    /// In the app bundle: moves a role chosen on the catalogue page into stored progress.
    pub fn fold_pending_role(&self) {
        if let Some(role) = storage::pending_role() {
            self.update(|p| {
                p.adopt_role(role);
            });
            if self.problem.get_untracked().is_none() {
                storage::clear_pending_role();
            }
        }
    }

    /// Changes progress and saves it (merged with other tabs). A storage failure keeps the
    /// change in memory and tells the learner; the next successful save clears the notice.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) {
        let mut progress = self.progress.get_untracked();
        change(&mut progress);
        self.store(progress);
    }

    /// Applies a learner's action to `lesson`'s quiz (the core decides what it changes),
    /// saves, and tells the listener, if any, what happened.
    pub fn dispatch(&self, lesson: &Lesson, action: QuizAction) -> Vec<QuizEvent> {
        let mut progress = self.progress.get_untracked();
        let events = progress.apply_quiz(lesson, action, crate::platform::now());
        self.store(progress);
        if let Some(tell) = self.listener {
            self.progress.with_untracked(|p| tell(Heard::Quiz { lesson_id: &lesson.info.id, events: &events }, p));
        }
        events
    }

    /// Keeps a finished practice scenario's result, saves, and tells the listener, if any.
    pub fn practised(&self, result: PracticeResult) {
        let mut progress = self.progress.get_untracked();
        progress.finish_practice(result.clone());
        self.store(progress);
        if let Some(tell) = self.listener {
            self.progress.with_untracked(|p| tell(Heard::Practised(&result), p));
        }
    }

    /// Changes progress and saves it without telling a learning platform: for state that came
    /// from the platform itself (a quiz resumed from SCORM `suspend_data`).
    pub fn restore(&self, change: impl FnOnce(&mut Progress)) {
        let mut progress = self.progress.get_untracked();
        change(&mut progress);
        self.store(progress);
    }

    fn store(&self, progress: Progress) {
        let (merged, problem) = storage::save(progress);
        self.progress.set(merged);
        match problem {
            Some(p) => self.problem.set(Some(p)),
            None => {
                if self.problem.get_untracked() == Some(StorageProblem::NotSaved) {
                    self.problem.set(None);
                }
            }
        }
    }

    /// Takes in what another tab saved.
    pub fn sync_from_storage(&self) {
        if let Some(stored) = storage::stored() {
            self.progress.update(|p| p.merge_stored(stored));
        }
        if let Some(role) = storage::pending_role() {
            self.progress.update(|p| {
                p.adopt_role(role);
            });
        }
    }


    pub fn reset(&self) {
        let mut progress = self.progress.get_untracked();
        progress.reset(crate::platform::now());
        let (progress, problem) = storage::replace(progress);
        self.progress.set(progress);
        self.problem.set(problem);
    }

    /// Adds an imported backup to the progress here (`Progress::import`: it only adds). The
    /// import is deliberate, so what it holds comes back even if it predates a reset.
    pub fn import(&self, imported: Progress, catalogue: &Catalogue) -> ImportSummary {
        let mut progress = self.progress.get_untracked();
        if let Some(stored) = storage::stored() {
            progress.merge_stored(stored);
        }
        let summary = progress.import(imported, catalogue);
        if !summary.added_anything() {
            return summary;
        }
        let (progress, problem) = storage::replace(progress);
        self.progress.set(progress);
        self.problem.set(problem);
        summary
    }
}

pub fn use_learner() -> Learner {
    expect_context::<Learner>()
}

/// The catalogue, loaded once at start.
#[derive(Clone, Copy)]
pub struct Course(pub LocalResource<Result<Catalogue, String>>);

pub fn use_course() -> Course {
    expect_context::<Course>()
}
