//! The manager dashboard's parts, sharing one [`TeamStore`] through context.
//!
//! The page (`page.rs`) provides the store and lays the parts out; each part reads the store
//! with [`use_team`] and renders. The rules (what a report adds, rows, overview, CSV) are in
//! `hookwise_core::team`.

pub mod actions;
pub mod charts;
pub mod detail;
pub mod import;
pub mod lrs;
pub mod matrix;
pub mod misses;
pub mod misses_tables;
pub mod overview;
pub mod page;
pub mod roster;

use hookwise_core::course::CourseIndex;
use hookwise_core::lrs_sync::Sync;
use hookwise_core::misses::QuizKey;
use hookwise_core::report::Report;
use hookwise_core::team::{Added, LearnerFilter, SortKey, Team};
use leptos::prelude::*;

use hookwise_web::platform::now;
use hookwise_web::storage;

/// Learners shown on one page of the matrix.
pub const PAGE: usize = 50;

/// The outcome of one import, for the message shown after it.
#[derive(Clone, Default)]
pub struct ImportResult {
    pub new: usize,
    pub replaced: usize,
    pub older: usize,
    /// Lessons whose results were not kept, because this course does not have them.
    pub unknown_lessons: usize,
    pub failed: Vec<(String, String)>,
    pub millis: f64,
}

/// Everything the dashboard's parts share: the imported data, the manager's choices and the
/// messages. Signals only, so it is `Copy` and every part can hold it.
#[derive(Clone, Copy)]
pub struct TeamStore {
    pub team: RwSignal<Team>,
    /// A problem with this browser's storage, shown until the page is reloaded.
    pub notice: RwSignal<Option<String>>,
    /// The outcome of the last import.
    pub result: RwSignal<Option<ImportResult>>,
    pub overdue_days: RwSignal<u32>,
    /// The team filter; empty for all teams.
    pub team_filter: RwSignal<String>,
    pub status_filter: RwSignal<LearnerFilter>,
    /// The sort column, and whether it is descending.
    pub sort: RwSignal<(SortKey, bool)>,
    pub page: RwSignal<usize>,
    /// The learner whose detail is open.
    pub selected: RwSignal<Option<String>>,
    /// Reports of another course, held back until the manager says whether to import them, with
    /// their course titles.
    pub held: RwSignal<Option<(Vec<Report>, Vec<String>)>>,
    /// What another tab did to the imported data.
    pub tab_notice: RwSignal<Option<String>>,
    /// The keys of the learners shown, filtered and sorted.
    pub rows: Memo<Vec<String>>,
    /// The course's index, once loaded (see `course`).
    course: StoredValue<Option<CourseIndex>>,
    /// Counts the team data's changes once drawn: the parts below the fold (the charts, what
    /// people miss) follow the data then, so that the overview and the matrix show first (see
    /// `below_the_fold`).
    pub later: RwSignal<u64>,
    /// True while a sync reads pages, and until its last step is done (`owed`): the parts below
    /// the fold wait for it.
    pub hold: StoredValue<bool>,
    /// The data changed since the parts below the fold last followed it (see `catch_up`).
    behind: StoredValue<bool>,
    /// A complete sync's last step, owed to the data: what people miss, put into the learners'
    /// records (`Sync::finish_with`, with the words file) once the overview and the matrix are
    /// drawn, since only parts below the fold and the saved data show it. `settle` does it, and
    /// runs before anything saves or changes the data.
    pub owed: StoredValue<Option<(Sync, Option<QuizKey>)>>,
}

/// For a part below the fold: whether it may draw now, that is, the data changed and was drawn
/// since the part was made (tracks `later`).
pub fn below_the_fold(store: TeamStore) -> impl Fn() -> bool + Copy {
    let born = store.later.get_untracked();
    move || store.later.get() != born
}

/// Runs `f` in a task of its own after the next frame is drawn, or after a fifth of a second
/// if no frame comes first (a tab in the background draws none).
pub fn after_paint<F: FnOnce() + 'static>(f: F) {
    let once = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let run = |once: std::rc::Rc<std::cell::Cell<Option<F>>>| {
        move || {
            if let Some(f) = once.take() {
                f()
            }
        }
    };
    let drawn = run(once.clone());
    request_animation_frame(move || set_timeout(drawn, std::time::Duration::ZERO));
    set_timeout(run(once), std::time::Duration::from_millis(200));
}

impl TeamStore {
    /// Loads the stored team data and provides the store to the components below.
    pub fn provide() -> Self {
        let (loaded, problem) = storage::load_team();
        let team = RwSignal::new(loaded);
        let team_filter: RwSignal<String> = RwSignal::new(String::new());
        let status_filter = RwSignal::new(LearnerFilter::All);
        let sort = RwSignal::new((SortKey::Name, false));
        let overdue_days = RwSignal::new(hookwise_core::progress::DEFAULT_DUE_AFTER_DAYS);
        let rows = Memo::new(move |_| {
            let filter = team_filter.get();
            let (key, desc) = sort.get();
            team.with(|t| {
                t.rows((!filter.is_empty()).then_some(filter.as_str()), status_filter.get(), &key, desc, now(), overdue_days.get())
                    .into_iter()
                    .map(|r| r.learner_key())
                    .collect::<Vec<_>>()
            })
        });
        let store = TeamStore {
            team,
            notice: RwSignal::new(problem),
            result: RwSignal::new(None),
            overdue_days,
            team_filter,
            status_filter,
            sort,
            page: RwSignal::new(0),
            selected: RwSignal::new(None),
            held: RwSignal::new(None),
            tab_notice: RwSignal::new(None),
            rows,
            course: StoredValue::new(None),
            later: RwSignal::new(0),
            hold: StoredValue::new(false),
            behind: StoredValue::new(false),
            owed: StoredValue::new(None),
        };
        Effect::new(move |_| {
            store.team.track();
            store.behind.set_value(true);
            after_paint(move || store.catch_up());
        });
        provide_context(store);
        store
    }

    /// Lets the parts below the fold follow the data, once it changed and unless a sync holds
    /// them (so they draw once per change, whichever of the drawing and a sync's end is last).
    fn catch_up(&self) {
        if self.behind.get_value() && !self.hold.get_value() {
            self.behind.set_value(false);
            self.later.update(|n| *n += 1);
        }
    }

    /// Does what a complete sync left owed (see `owed`), if anything, and lets the parts below
    /// the fold follow.
    pub fn settle(&self) {
        let Some(Some((mut run, key))) = self.owed.try_update_value(Option::take) else { return };
        self.team.update_untracked(|t| run.finish_with(t, key.as_ref()));
        self.hold.set_value(false);
        self.catch_up();
    }

    /// The course's index (`catalogue.json`), loaded when first needed and kept for the page.
    /// A plain cached fetch rather than a `LocalResource`: nothing is shown while it loads, and
    /// the resource's async machinery was about 15 KB of the bundle.
    pub async fn course(&self) -> Result<CourseIndex, String> {
        if let Some(index) = self.course.get_value() {
            return Ok(index);
        }
        let index = hookwise_web::fetch::course_index().await?;
        self.course.set_value(Some(index.clone()));
        Ok(index)
    }

    /// Adds reports and saves them merged with what another tab stored.
    pub fn add_reports(&self, reports: Vec<Report>, outcome: &mut ImportResult) {
        self.settle();
        self.team.update(|t| {
            for report in reports {
                match t.add(report) {
                    Added::New => outcome.new += 1,
                    Added::Replaced => outcome.replaced += 1,
                    Added::Older => outcome.older += 1,
                }
            }
        });
        if outcome.new + outcome.replaced > 0 {
            roster::apply_saved(*self);
            // Saved once the overview is drawn: the manager does not wait for megabytes to be
            // written. Until then what was stored before is kept as it was.
            let store = *self;
            after_paint(move || store.save());
        }
    }

    /// Saves the team data merged with what another tab stored (shown if there was any).
    fn save(&self) {
        self.settle();
        match self.team.try_update_untracked(storage::save_team) {
            Some(Err(p)) => self.notice.set(Some(format!(
                "{} The imported reports are shown here but will be gone when you close this tab.",
                p.message().split(". ").next().unwrap_or_default()
            ))),
            Some(Ok(true)) => self.team.notify(),
            _ => {}
        }
    }

    /// Forgets every imported report, in storage and on screen.
    pub fn clear(&self) {
        self.settle();
        storage::clear_team();
        self.team.set(Team::default());
        self.held.set(None);
        self.result.set(None);
        self.selected.set(None);
    }

    /// Takes in what another tab imported or cleared, and says so.
    pub fn follow_other_tabs(&self) {
        let store = *self;
        let handle = window_event_listener(leptos::ev::storage, move |ev| {
            if ev.key().as_deref() != Some(storage::TEAM_KEY) {
                return;
            }
            store.settle();
            if ev.new_value().is_none() {
                store.team.set(Team::default());
                store.selected.set(None);
                store.tab_notice.set(Some("Another tab cleared the imported data, so it is cleared here too.".into()));
            } else if let Some(stored) = storage::stored_team() {
                store.team.update(|t| t.merge(stored));
                store.tab_notice.set(Some("Another tab imported reports: they are included here.".into()));
            } else {
                store.tab_notice.set(Some(
                    "Another tab changed the imported data, and it could not be read here. Reload this page to see it.".into(),
                ));
            }
        });
        on_cleanup(move || handle.remove());
    }
}

/// The dashboard's store, provided by the page.
pub fn use_team() -> TeamStore {
    expect_context::<TeamStore>()
}
