//! The app shells. The learner side is two bundles, so that the first load is small:
//!
//! - `Home` (`src/main.rs`, `index.html`): the catalogue at `/`, the learner's first load;
//! - `App` (`src/bin/app.rs`, `app/index.html`): lessons, the certificate and the progress page,
//!   with client-side routes (`Page::path`). The build gives each of its addresses a copy of
//!   `app/index.html` (`lessons/<id>/index.html`, `certificate/index.html`, …), so any static
//!   host serves the right bundle without rewrite rules.
//!
//! Between the two, links are ordinary page loads (`rel="external"` inside the router).
//! `Embedded` is the one-lesson shell an LMS launches from a SCORM package.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{ParamSegment, StaticSegment};

use crate::pages::catalogue::CataloguePage;
use crate::pages::certificate::CertificatePage;
use crate::pages::lesson::{LessonById, LessonPage};
use crate::pages::not_found::NotFound;
use crate::pages::progress::ProgressPage;
use crate::pages::rechecks::RechecksPage;
use crate::state::{Course, Learner};

/// Every page of the app and its address: the core's route type, shared with the compiler's
/// links between lessons.
pub use hookwise_core::route::Route as Page;
use hookwise_core::route;

/// Learner state and the course in context, and the cross-tab listener.
fn provide_learner() -> Learner {
    let learner = Learner::load();
    provide_context(learner);
    provide_context(Course(LocalResource::new(crate::fetch::catalogue)));
    // Another tab saved progress: take it in, so neither tab's work is lost.
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if crate::storage::is_progress_key(ev.key()) {
            learner.sync_from_storage();
        }
    });
    on_cleanup(move || handle.remove());
    learner
}

/// The catalogue at `/`, its own small bundle. Other addresses reach it only when a host
/// falls back to `index.html` for an unknown path: they get the not-found page.
#[component]
pub fn Home() -> impl IntoView {
    provide_learner();
    let path = window().location().pathname().unwrap_or_default();
    let page = if path == Page::Catalogue.path() || path == "/index.html" { view! { <CataloguePage/> }.into_any() } else { view! { <NotFound/> }.into_any() };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a href=Page::Catalogue.path() class="brand">"hookwise"</a>
            <nav aria-label="Main">
                <a href=Page::Catalogue.path() aria-current="page">"Course"</a>
                <a href=Page::Certificate.path()>"Certificate"</a>
                <a href=Page::Progress.path()>"Progress"</a>
                <a href=Page::Team.path()>"Team"</a>
            </nav>
        </header>
        <StorageNotice/>
        <main id="main" tabindex="-1">{page}</main>
    }
}

/// Lessons, the certificate and the progress page.
#[component]
pub fn App() -> impl IntoView {
    let learner = provide_learner();
    learner.load_practice();
    learner.fold_pending_role();
    crate::components::rechecks::provide_rechecks();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <a href=Page::Catalogue.path() rel="external" class="brand">"hookwise"</a>
                <nav aria-label="Main">
                    <a href=Page::Catalogue.path() rel="external">"Course"</a>
                    <A href=Page::Certificate.path()>"Certificate"</A>
                    <A href=Page::Progress.path()>"Progress"</A>
                    <a href=Page::Team.path() rel="external">"Team"</a>
                </nav>
            </header>
            <StorageNotice/>
            <crate::components::rechecks::RechecksNotice/>
            <BackupReminder/>
            <LaunchNotice/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=(StaticSegment(route::LESSONS), ParamSegment("id")) view=LessonPage/>
                    <Route path=StaticSegment(route::CERTIFICATE) view=CertificatePage/>
                    <Route path=StaticSegment(route::PROGRESS) view=ProgressPage/>
                    <Route path=StaticSegment(route::RECHECKS) view=RechecksPage/>
                    <Route path=StaticSegment(route::TEAM) view=TeamMoved/>
                </Routes>
            </main>
        </Router>
    }
}

/// A problem with stored progress, until the learner dismisses it.
#[component]
fn StorageNotice() -> impl IntoView {
    let learner = crate::state::use_learner();
    move || {
        learner.problem.get().map(|problem| {
            view! {
                <div class="storage-problem" role="alert">
                    <p>{problem.message()}</p>
                    <button type="button" on:click=move |_| learner.problem.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}

/// A gentle reminder to export a backup, for a learner who passed a lesson a week or more ago
/// and never did (`safekeeping::backup_reminder_due`). "Not now" hides it for a month. It is in
/// the app bundle only (lessons, certificate, progress): on the catalogue it would add about
/// 4 KB (brotli) to every learner's first load.
#[component]
fn BackupReminder() -> impl IntoView {
    use crate::storage::{get_time, set, BACKED_UP_KEY, REMINDER_DISMISSED_KEY};
    let learner = crate::state::use_learner();
    let dismissed = RwSignal::new(get_time(REMINDER_DISMISSED_KEY));
    let due = move || {
        let now = crate::platform::now();
        learner.progress.with(|p| hookwise_core::safekeeping::backup_reminder_due(p, get_time(BACKED_UP_KEY), dismissed.get(), now))
    };
    move || {
        due().then(|| {
            view! {
                <aside class="backup-reminder" aria-label="Backup reminder">
                    <p>"You passed lessons a while ago, and your progress lives only in this browser. A backup file keeps it safe if the browser clears its data."</p>
                    <a href=Page::Progress.path()>"Back up my progress"</a>
                    <button type="button" on:click=move |_| {
                        let now = crate::platform::now();
                        set(REMINDER_DISMISSED_KEY, &now.to_string());
                        dismissed.set(Some(now));
                    }>"Not now"</button>
                </aside>
            }
        })
    }
}

/// One lesson, launched by an LMS from a SCORM package (`index.html?lesson=<id>`): no site
/// navigation, because the LMS provides it, and results go to the LMS (`crate::lms`).
#[component]
pub fn Embedded(lesson: String) -> impl IntoView {
    let learner = provide_learner();
    learner.load_practice();
    learner.fold_pending_role();
    crate::components::rechecks::provide_rechecks();
    let cmi5 = crate::cmi5::launched();
    let notice = (crate::lms::connected().is_none() && !cmi5).then(|| {
        view! {
            <p class="lms-notice" role="status">
                "This lesson was opened outside your learning platform, so your result is saved in this browser only."
            </p>
        }
    });
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <StorageNotice/>
            {notice}
            <LaunchNotice/>
            <main id="main" tabindex="-1">
                <LessonById id=Signal::stored(lesson)/>
            </main>
            {cmi5.then(|| view! {
                <p class="lms-exit">
                    <button type="button" on:click=|_| crate::cmi5::exit()>"Exit this lesson"</button>
                </p>
            })}
        </Router>
    }
}

/// What a launch has to tell the learner: a cmi5 or xAPI launch that cannot record, an
/// outage, or a look-through (Browse or Review) mode, where nothing is recorded.
#[component]
fn LaunchNotice() -> impl IntoView {
    move || crate::cmi5::message().map(|t| view! { <p class="lms-notice" role="status">{t}</p> })
}

/// `/team` without the slash reaches the learner app on hosts that do not redirect
/// directories; send the manager on to the dashboard bundle.
#[component]
fn TeamMoved() -> impl IntoView {
    let _ = window().location().replace(&Page::Team.path());
    view! { <p><a href=Page::Team.path() rel="external">"Open the team dashboard"</a></p> }
}
