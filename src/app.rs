//! The app shell: context, routes (all paths live in `Page`), the storage notice and the
//! cross-tab listener.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use crate::pages::catalogue::CataloguePage;
use crate::pages::certificate::CertificatePage;
use crate::pages::lesson::{LessonById, LessonPage};
use crate::pages::not_found::NotFound;
use crate::state::{Course, Learner};

/// Every page of the app and its address.
pub enum Page<'a> {
    Catalogue,
    Lesson(&'a str),
    Certificate,
    Team,
}

impl Page<'_> {
    pub fn path(&self) -> String {
        match self {
            Page::Catalogue => "/".into(),
            Page::Lesson(id) => format!("/lessons/{id}"),
            Page::Certificate => "/certificate".into(),
            // A separate bundle: reached by a full page load, not by the router.
            Page::Team => "/team/".into(),
        }
    }
}

#[component]
pub fn App() -> impl IntoView {
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

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">"hookwise"</A>
                <nav aria-label="Main">
                    <A href="/">"Course"</A>
                    <A href="/certificate">"Certificate"</A>
                    <a href="/team/" rel="external">"Team"</a>
                </nav>
            </header>
            <StorageNotice/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=CataloguePage/>
                    <Route path=path!("/lessons/:id") view=LessonPage/>
                    <Route path=path!("/certificate") view=CertificatePage/>
                    <Route path=path!("/team") view=TeamMoved/>
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

/// One lesson, launched by an LMS from a SCORM package (`index.html?lesson=<id>`): no site
/// navigation, because the LMS provides it, and results go to the LMS (`crate::lms`).
#[component]
pub fn Embedded(lesson: String) -> impl IntoView {
    provide_context(Learner::load());
    provide_context(Course(LocalResource::new(crate::fetch::catalogue)));
    let notice = crate::lms::connected().is_none().then(|| {
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
            <main id="main" tabindex="-1">
                <LessonById id=Signal::stored(lesson)/>
            </main>
        </Router>
    }
}

/// `/team` without the slash reaches the learner app on hosts that do not redirect
/// directories; send the manager on to the dashboard bundle.
#[component]
fn TeamMoved() -> impl IntoView {
    let _ = window().location().replace("/team/");
    view! { <p><a href="/team/" rel="external">"Open the team dashboard"</a></p> }
}
