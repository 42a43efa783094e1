//! Taking over a pre-rendered lesson page. A lesson's page (`lessons/<id>/index.html`) carries
//! the lesson as static HTML, rendered at build time by `hookwise_core::render` inside
//! `#prerendered` (`xtask/src/pages.rs`), so it reads before the wasm arrives. The app then
//! mounts into a hidden element beside it and, once its own lesson page is drawn (the quiz,
//! practice and the learner's status in place), swaps the two before the next paint: one copy
//! of the text is ever shown, with the same markup and classes, so nothing flashes.
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
    root
}

thread_local! {
    static ROOT: std::cell::RefCell<Option<web_sys::HtmlElement>> = const { std::cell::RefCell::new(None) };
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
                copy.remove();
            }
            root.set_hidden(false);
        }
    });
}
