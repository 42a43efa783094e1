//! The catalogue at `/`, the learner's first load. The page arrives with the whole catalogue in
//! it (`hookwise_core::catalogue_page`, written into `index.html` at build time), so this bundle
//! draws no list: it reads the learner's progress from local storage and fills in their own
//! pieces (overall progress and "continue", each lesson's status, best score and role tag, the
//! role picker, re-checks and messages waiting, a storage problem) into the placeholders the
//! page holds, with the same core functions that wrote the page. Nothing is rebuilt or swapped.
//!
//! It is plain wasm-bindgen and web-sys, without a view framework: one page, a handful of
//! placeholders and three events (a role saved, a notice dismissed, another tab's save), for
//! the smallest first load. The rules are the core's; the other bundles stay Leptos.

use std::cell::RefCell;

use hookwise_core::catalogue_page::{self as page, Learner};
use hookwise_core::progress::{Progress, RoleChoice};
use hookwise_core::route::{Route, INDEX_HTML};
use hookwise_core::Catalogue;
use hookwise_web::platform::{now, today};
use hookwise_web::storage::{self, StorageProblem};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

struct State {
    /// The course, once `catalogue.json` is read (the page shows it already).
    catalogue: Option<Catalogue>,
    progress: Progress,
    problem: Option<StorageProblem>,
    /// What each placeholder was last given, so an unchanged piece is left alone.
    shown: Vec<(String, String)>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State { catalogue: None, progress: Progress::default(), problem: None, shown: Vec::new() });
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Puts `html` into the element `id`, unless it holds it already: the first time, as the page
/// was built (the same functions drew it for a learner with no progress), so a piece that is the
/// same is not painted twice. The one place the browser code writes markup: every caller passes
/// a `hookwise_core::catalogue_page` function's output, in which every piece of text is escaped
/// (kept by xtask's rule `the_browser_code_never_inserts_html_nor_embeds_lessons`).
fn fill(shown: &mut Vec<(String, String)>, id: &str, html: String) {
    let at = shown.iter().position(|(i, _)| i == id);
    if at.is_some_and(|at| shown[at].1 == html) {
        return;
    }
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else { return };
    // The browser writes quotes in text as they are; the core escapes them.
    let built = at.is_none() && el.inner_html() == html.replace("&#39;", "'").replace("&quot;", "\"");
    if !built {
        el.set_inner_html(&html);
    }
    match at {
        Some(at) => shown[at].1 = html,
        None => shown.push((id.to_string(), html)),
    }
}

/// Starts the page: the learner's pieces from storage, then from the course once it is read.
pub fn start() {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let here = path == Route::Catalogue.path() || path.strip_prefix('/') == Some(INDEX_HTML);
    if !here {
        // A host that falls back to index.html for an unknown path.
        STATE.with(|s| fill(&mut s.borrow_mut().shown, page::MAIN_ID, page::not_found_html(&path)));
        if let Some(current) = document().and_then(|d| d.query_selector("nav [aria-current]").ok().flatten()) {
            let _ = current.remove_attribute("aria-current");
        }
        shown();
        return;
    }
    let (mut progress, problem) = storage::load();
    if let Some(role) = storage::pending_role() {
        progress.adopt_role(role);
    }
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.progress = progress;
        s.problem = problem;
    });
    show();
    listen(&window, "storage", |ev| {
        let key = ev.dyn_ref::<web_sys::StorageEvent>().and_then(|e| e.key());
        if storage::is_progress_key(key) {
            STATE.with(|s| {
                let p = &mut s.borrow_mut().progress;
                if let Some(stored) = storage::stored() {
                    p.merge_stored_without_practice(stored);
                }
                if let Some(role) = storage::pending_role() {
                    p.adopt_role(role);
                }
            });
        }
        show();
    });
    listen(&window, "submit", |ev| {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if !form.matches(".role-form").unwrap_or(false) {
            return;
        }
        ev.prevent_default();
        let value = form.query_selector("input[name=role]:checked").ok().flatten().and_then(|r| r.get_attribute("value")).unwrap_or_default();
        choose_role((!value.is_empty()).then_some(value));
    });
    listen(&window, "click", |ev| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        if target.tag_name() == "BUTTON" && target.closest(&format!("#{}", page::NOTICE_ID)).ok().flatten().is_some() {
            STATE.with(|s| s.borrow_mut().problem = None);
            show();
        }
    });
    wasm_bindgen_futures::spawn_local(async {
        match hookwise_web::fetch::catalogue().await {
            Ok(catalogue) => {
                STATE.with(|s| s.borrow_mut().catalogue = Some(catalogue));
                show();
            }
            Err(e) => STATE.with(|s| fill(&mut s.borrow_mut().shown, page::MAIN_ID, page::unloadable_html(&e))),
        }
        shown();
    });
}

/// Marks the page as showing the learner's own state (`<html data-learner="shown">`), for the
/// browser tests, which otherwise could read the pre-rendered new learner's page before it.
fn shown() {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-learner", "shown");
    }
}

fn listen(window: &web_sys::Window, event: &str, handler: fn(&web_sys::Event)) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| handler(&ev));
    let _ = window.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// Fills every placeholder from the learner's state.
fn show() {
    STATE.with(|s| {
        let s = &mut *s.borrow_mut();
        fill(&mut s.shown, page::NOTICE_ID, s.problem.as_ref().map(|p| page::notice_html(&p.message())).unwrap_or_default());
        let Some(catalogue) = &s.catalogue else { return };
        let waiting = storage::get(storage::SCHEDULE_SUMMARY_KEY)
            .map(|t| hookwise_core::schedule::parse_summary(&t, today()))
            .unwrap_or_default();
        pieces(&mut s.shown, catalogue, &Learner { progress: &s.progress, now: now(), waiting: &waiting });
    });
}

/// The learner's pieces of the page.
fn pieces(shown: &mut Vec<(String, String)>, catalogue: &Catalogue, learner: &Learner) {
    fill(shown, page::OVERALL_ID, page::overall_html(catalogue, learner));
    fill(shown, page::WAITING_ID, page::waiting_html(learner.waiting));
    if !catalogue.paths.is_empty() {
        fill(shown, page::ROLE_ID, page::role_html(catalogue, learner.progress));
    }
    for entry in catalogue.lessons() {
        fill(shown, &page::state_id(&entry.info.id), page::lesson_state_html(catalogue, entry, learner));
    }
}

/// The learner's role, chosen here. It is kept under its own small key (the first load carries
/// no progress writer) until the app bundle folds it into progress.
fn choose_role(path: Option<String>) {
    let role = RoleChoice { path, updated_at: now() };
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.progress.adopt_role(role.clone());
        match storage::save_role(&role) {
            Ok(()) => {
                if s.problem == Some(StorageProblem::NotSaved) {
                    s.problem = None;
                }
            }
            Err(p) => s.problem = Some(p),
        }
        fill(&mut s.shown, page::ROLE_SAVED_ID, page::role_saved_html());
    });
    show();
}
