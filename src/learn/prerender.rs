//! Taking over a pre-rendered lesson page. A lesson's page (`lessons/<id>/index.html`) carries
//! the lesson as static HTML, rendered at build time by `hookwise_core::render` inside
//! `#prerendered` (`xtask/src/pages.rs`), so it reads before the wasm arrives. The app then
//! mounts into a hidden element beside it and, once its own lesson page is drawn (the quiz,
//! practice and the learner's status in place), swaps the two before the next paint: one copy
//! of the text is ever shown, with the same markup and classes, so nothing flashes. The
//! lesson's body, the bulk of the text, is not drawn again: the app leaves its own
//! `.lesson-body` empty (`has_text`) and, in the swap, the static body's nodes move into it.
//! An LMS package's lesson pages (`lesson-<id>.html`, `xtask/src/lms.rs`) carry one too, with
//! `data-lesson="<id>"`: the app takes it over only when its launch shows that lesson, and
//! otherwise drops it at once (a launch naming another lesson, or none the app accepts).
//! Every other page has no pre-rendered copy and mounts as before.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The static copy's element (`pages::PRERENDERED_ID` in xtask).
const PRERENDERED: &str = "prerendered";

/// Where the app mounts: the body, or, on a pre-rendered page, a hidden element after the
/// static copy, shown by `take_over`. `launched` is the lesson an LMS launch shows, if any.
pub fn mount_point(launched: Option<&str>) -> web_sys::HtmlElement {
    let body = document().body().expect("a page has a body");
    let Some(copy) = document().get_element_by_id(PRERENDERED) else {
        return body;
    };
    // A package's page holds the lesson it was written for; the app will show another (or
    // none): the static copy would never be taken over, so it goes now.
    if let Some(written_for) = copy.get_attribute("data-lesson") {
        if launched != Some(written_for.as_str()) {
            copy.remove();
            return body;
        }
    }
    let root: web_sys::HtmlElement = document().create_element("div").expect("a div").unchecked_into();
    root.set_hidden(true);
    let _ = body.append_child(&root);
    ROOT.with(|r| *r.borrow_mut() = Some(root.clone()));
    // The lesson the static copy holds: a package page names it, a site page is at its address.
    let lesson = copy.get_attribute("data-lesson").or_else(|| {
        let path = window().location().pathname().ok()?;
        // A static host serves the page at `/lessons/<id>/` too.
        match hookwise_core::route::Route::parse(path.trim_end_matches('/'))? {
            hookwise_core::route::Route::Lesson(id) => Some(id.as_str().to_string()),
            _ => None,
        }
    });
    LESSON.with(|l| *l.borrow_mut() = lesson);
    root
}

thread_local! {
    static ROOT: std::cell::RefCell<Option<web_sys::HtmlElement>> = const { std::cell::RefCell::new(None) };
    static LESSON: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Whether lesson `id`'s text is in the page already, for the app to take over rather than
/// draw (until the swap).
pub fn has_text(id: &str) -> bool {
    ROOT.with(|r| r.borrow().is_some()) && LESSON.with(|l| l.borrow().as_deref() == Some(id))
}

/// Shows the app in place of the static copy, before the next paint (the app's view is in the
/// DOM by then). Does nothing on a page without one, or the second time.
pub fn take_over() {
    if ROOT.with(|r| r.borrow().is_none()) {
        return;
    }
    request_animation_frame(|| {
        if let Some(root) = ROOT.with(|r| r.borrow_mut().take()) {
            if let Some(copy) = document().get_element_by_id(PRERENDERED) {
                // The lesson body the app left empty takes the static body's nodes, unchanged.
                let to = root.query_selector(".lesson-body[data-from-page]").ok().flatten();
                let from = copy.query_selector(".lesson-body").ok().flatten();
                if let (Some(to), Some(from)) = (to, from) {
                    while let Some(node) = from.first_child() {
                        let _ = to.append_child(&node);
                    }
                }
                copy.remove();
            }
            root.set_hidden(false);
        }
    });
}
