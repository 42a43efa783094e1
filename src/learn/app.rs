//! The lesson app's shells: `App`, the routed pages of the hosted site, `Embedded`, the
//! one-lesson shell an LMS launches from a SCORM package, and `OnPage`, a pre-rendered lesson
//! page (the site's or a package's) taken over in place. Links to the catalogue and the
//! dashboard, which are other bundles, are ordinary page loads (`rel="external"`).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{ParamSegment, StaticSegment};

use crate::pages::certificate::CertificatePage;
use crate::pages::lesson::{LessonById, LessonPage};
use crate::pages::progress::ProgressPage;
use crate::pages::rechecks::RechecksPage;
use hookwise_web::not_found::NotFound;
use hookwise_web::shell::{provide_learner, SiteHeader, StorageNotice};
use hookwise_web::state::Learner;

/// Every page of the app and its address: the core's route type, shared with the compiler's
/// links between lessons.
pub use hookwise_core::route::Route as Page;
use hookwise_core::route;

/// The learner's state in context, with the learning-platform bridge listening (for `OnPage`,
/// `main` provides it, in a task before the mount).
pub fn learner_with_platform() -> Learner {
    let learner = provide_learner(Some(crate::lms::listener));
    learner.load_practice();
    learner.fold_pending_role();
    crate::components::rechecks::provide_rechecks();
    learner
}

/// The navigation's page for the router's current address.
fn current_page() -> Memo<Option<Page<'static>>> {
    let location = use_location();
    Memo::new(move |_| location.pathname.with(|p| match Page::parse(p) {
        Some(Page::Certificate) => Some(Page::Certificate),
        Some(Page::Progress) => Some(Page::Progress),
        _ => None,
    }))
}

/// Lessons, the certificate and the progress page.
#[component]
pub fn App() -> impl IntoView {
    learner_with_platform();
    view! {
        <Router>
            <Header/>
            <StorageNotice/>
            <crate::components::rechecks::RechecksNotice/>
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
            // After the page, where it moves nothing: a returning learner's reminder appears
            // after load, and above the text it would push a pre-rendered lesson down.
            <BackupReminder/>
        </Router>
    }
}

/// The site header, inside the router (its current page follows the address).
#[component]
fn Header() -> impl IntoView {
    let current = current_page();
    move || view! {
        <SiteHeader pages=&[Page::Catalogue, Page::Certificate, Page::Progress, Page::Team]
            current=current.get() routed=&[Page::Certificate, Page::Progress]/>
    }
}

/// A gentle reminder to export a backup, for a learner who passed a lesson a week or more ago
/// and never did (`safekeeping::backup_reminder_due`). "Not now" hides it for a month. It is in
/// the app bundle only (lessons, certificate, progress): on the catalogue it would add about
/// 4 KB (brotli) to every learner's first load.
#[component]
fn BackupReminder() -> impl IntoView {
    use hookwise_web::storage::{get_time, set, BACKED_UP_KEY, REMINDER_DISMISSED_KEY};
    let learner = hookwise_web::state::use_learner();
    let dismissed = RwSignal::new(get_time(REMINDER_DISMISSED_KEY));
    let due = move || {
        let now = hookwise_web::platform::now();
        learner.progress.with(|p| hookwise_core::safekeeping::backup_reminder_due(p, get_time(BACKED_UP_KEY), dismissed.get(), now))
    };
    move || {
        due().then(|| {
            view! {
                <aside class="backup-reminder" aria-label="Backup reminder">
                    <p>"You passed lessons a while ago, and your progress lives only in this browser. A backup file keeps it safe if the browser clears its data."</p>
                    <a href=Page::Progress.path()>"Back up my progress"</a>
                    <button type="button" on:click=move |_| {
                        let now = hookwise_web::platform::now();
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
    learner_with_platform();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <StorageNotice/>
            {outside_notice()}
            <LaunchNotice/>
            <main id="main" tabindex="-1">
                <LessonById id=Signal::stored(lesson)/>
            </main>
            {exit_button()}
        </Router>
    }
}

/// A launch without an LMS to record to says so (a cmi5 launch records to its LRS).
fn outside_notice() -> Option<impl IntoView> {
    (crate::lms::connected().is_none() && !crate::cmi5::launched()).then(|| {
        view! {
            <p class="lms-notice" role="status">
                "This lesson was opened outside your learning platform, so your result is saved in this browser only."
            </p>
        }
    })
}

/// A cmi5 launch's way back to the LMS.
fn exit_button() -> Option<impl IntoView> {
    crate::cmi5::launched().then(|| view! {
        <p class="lms-exit">
            <button type="button" on:click=|_| crate::cmi5::exit()>"Exit this lesson"</button>
        </p>
    })
}

/// A pre-rendered lesson page, the site's or a package's, taken over in place
/// (`crate::prerender`): its header, title, text and sources stay the page's own. Mounted at the
/// end of the lesson's article; the notices go before the page's `<main>` and the rest after
/// it, where `App` and `Embedded` draw them. No router: every link on the page is an ordinary one.
/// Mounted under an owner that has the learner's state (`learner_with_platform`).
#[component]
pub fn OnPage(lesson: String) -> impl IntoView {
    use crate::prerender::{find, place};
    let embedded = crate::lms::embedded();
    if let Some(main) = find("main") {
        if let Some(page) = main.parent_element() {
            place(
                view! {
                    <StorageNotice/>
                    {embedded.then(outside_notice)}
                    {(!embedded).then(|| view! { <crate::components::rechecks::RechecksNotice/> })}
                    <LaunchNotice/>
                },
                &page,
                Some(&main),
            );
            place(view! { {exit_button()} {(!embedded).then(|| view! { <BackupReminder/> })} }, &page, None);
        }
    }
    view! { <LessonById id=Signal::stored(lesson)/> }
}

/// What a launch has to tell the learner: a cmi5 or xAPI launch that cannot record, an
/// outage, or a look-through (Browse or Review) mode, where nothing is recorded.
#[component]
fn LaunchNotice() -> impl IntoView {
    move || crate::notice::message().map(|t| view! { <p class="lms-notice" role="status">{t}</p> })
}

/// `/team` without the slash reaches the learner app on hosts that do not redirect
/// directories; send the manager on to the dashboard bundle.
#[component]
fn TeamMoved() -> impl IntoView {
    let _ = window().location().replace(&Page::Team.path());
    view! { <p><a href=Page::Team.path() rel="external">"Open the team dashboard"</a></p> }
}
