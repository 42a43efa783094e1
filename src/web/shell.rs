//! What every page of the site shares: the header, the learner's state in context, and the
//! notice of a storage problem.

use hookwise_core::route::Route as Page;
use leptos::prelude::*;

use crate::state::{Course, Learner, Listener};

/// Puts the learner's state and the course in context, and follows other tabs: when another
/// tab saves progress, this one takes it in, so neither tab's work is lost. `listener`, if
/// any, hears what the learner does (the lesson bundle's learning-platform bridge).
pub fn provide_learner(listener: Option<Listener>) -> Learner {
    let learner = Learner::load();
    let learner = match listener {
        Some(l) => learner.listen(l),
        None => learner,
    };
    provide_context(learner);
    provide_context(Course(LocalResource::new(crate::fetch::catalogue)));
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if crate::storage::is_progress_key(ev.key()) {
            learner.sync_from_storage();
        }
    });
    on_cleanup(move || handle.remove());
    learner
}

/// The site's header and skip link. `pages` are the navigation's links; `current` is the page
/// shown, if it is one of them (a routed bundle renders the header again when it changes). Links to the pages in `routed` stay within this bundle's
/// router; every other link loads its page (`rel="external"`), because each bundle is its own
/// page load.
#[component]
pub fn SiteHeader(
    pages: &'static [Page<'static>],
    current: Option<Page<'static>>,
    #[prop(optional)] routed: &'static [Page<'static>],
) -> impl IntoView {
    let external = |page: &Page| (!routed.contains(page)).then_some("external");
    let brand = Page::Catalogue;
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a href=brand.path() rel=external(&brand) class="brand">"hookwise"</a>
            <nav aria-label="Main">
                {pages.iter().map(|page| {
                    let page = *page;
                    view! {
                        <a href=page.path() rel=external(&page)
                            aria-current=(current == Some(page)).then_some("page")>{label(page)}</a>
                    }
                }).collect_view()}
            </nav>
        </header>
    }
}

/// A page's name in the site's navigation.
fn label(page: Page) -> &'static str {
    match page {
        Page::Catalogue => "Course",
        Page::Certificate => "Certificate",
        Page::Progress => "Progress",
        Page::Rechecks => "Re-checks",
        Page::Team => "Team",
        Page::Lesson(_) => "Lesson",
    }
}

/// A problem with stored progress, until the learner dismisses it.
#[component]
pub fn StorageNotice() -> impl IntoView {
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
