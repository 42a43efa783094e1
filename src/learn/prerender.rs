//! Taking over a pre-rendered lesson page in place. A lesson's page (`lessons/<id>/index.html`)
//! carries the lesson as static HTML, rendered at build time by `hookwise_core::render` inside
//! `#prerendered` (`xtask/src/pages.rs`), so it reads before the wasm arrives. The app keeps that
//! page as it is: the header, title, meta line, contents, text and sources are the page's own
//! nodes, never drawn again. It only places, in the rooms and at the places the page keeps, what
//! needs it (`app::OnPage`, `pages::lesson`): the learner's status and best score, "Continue
//! reading", the notices, the quiz, practice and the report form. When those are in place, it
//! drops the element's `id` (`take_over`): `#prerendered` names a page the app has not taken yet.
//! Its links stay ordinary links: no router runs on such a page, so a link to another lesson
//! loads that lesson's own pre-rendered page.
//! An LMS package's lesson pages (`lesson-<id>.html`, `xtask/src/lms.rs`) carry one too, with
//! `data-lesson="<id>"`: the app takes it over only when its launch shows that lesson, and
//! otherwise drops it at once (a launch naming another lesson, or none the app accepts).
//! Every other page has no pre-rendered copy and the app draws it itself (`app::App`).

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};

/// The static copy's element (`pages::PRERENDERED_ID` in xtask).
const PRERENDERED: &str = "prerendered";

thread_local! {
    static LESSON: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The lesson whose text this page holds, for the app to take over in place, if any. A copy the
/// app would not show (a package page launched for another lesson, or with no launch the app
/// accepts) goes now, and the app draws its page itself. `launched` is the lesson an LMS launch
/// shows, if any.
pub fn lesson_on_page(launched: Option<&str>) -> Option<String> {
    let copy = document().get_element_by_id(PRERENDERED)?;
    // A package's page names its lesson; a site page is at its address (a static host serves
    // it at `/lessons/<id>/` too).
    let lesson = copy.get_attribute("data-lesson").or_else(|| {
        let path = window().location().pathname().ok()?;
        match hookwise_core::route::Route::parse(path.trim_end_matches('/'))? {
            hookwise_core::route::Route::Lesson(id) => Some(id.as_str().to_string()),
            _ => None,
        }
    });
    let lesson = lesson.filter(|l| launched.is_none_or(|x| x == l) && (launched.is_some() || copy.get_attribute("data-lesson").is_none()));
    if lesson.is_none() {
        copy.remove();
    }
    LESSON.with(|l| l.borrow_mut().clone_from(&lesson));
    lesson
}

/// Whether lesson `id`'s text is on the page, taken over in place rather than drawn.
pub fn has_text(id: &str) -> bool {
    LESSON.with(|l| l.borrow().as_deref() == Some(id))
}

/// The page's element matching `selector`, inside the pre-rendered copy.
pub fn find(selector: &str) -> Option<web_sys::Element> {
    document().query_selector(selector).ok().flatten()
}

/// Builds `view` and mounts it into `parent`, before `before` (at the end if none), where it
/// stays for the page's life, in the current reactive owner.
pub fn place(view: impl IntoView, parent: &web_sys::Element, before: Option<&web_sys::Node>) {
    let mut state = view.into_view().build();
    state.mount(parent, before);
    std::mem::forget(state);
}

/// The app has placed its parts: the page is the app's now (its copy loses the `id` that marks
/// a page not yet taken over). Does nothing on a page without one.
pub fn take_over() {
    if let Some(copy) = document().get_element_by_id(PRERENDERED) {
        copy.remove_attribute("id").ok();
    }
}
