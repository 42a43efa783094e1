//! hookwise's first load: the catalogue at `/`, the page every learner opens first.
//!
//! The learner side is two bundles, so that the first load is small:
//!
//! - this package (`src/main.rs`, `index.html`): the catalogue;
//! - `hookwise-learn` (`src/learn`, `app/index.html`): lessons, the certificate, the progress
//!   page and re-checks, with client-side routes. The build gives each of its addresses a copy
//!   of `app/index.html` (`lessons/<id>/index.html`, `certificate/index.html`, …), so any static
//!   host serves the right bundle without rewrite rules.
//!
//! Between the two, links are ordinary page loads. This package depends on `hookwise-web` and
//! the core only: the crate graph keeps router, lesson, quiz and learning-platform code out of
//! the first load.

use hookwise_core::route::Route as Page;
use hookwise_web::not_found::NotFound;
use hookwise_web::shell::{provide_learner, SiteHeader, StorageNotice};
use leptos::prelude::*;

pub mod catalogue;

/// The catalogue at `/`. Other addresses reach it only when a host falls back to
/// `index.html` for an unknown path: they get the not-found page.
#[component]
pub fn Home() -> impl IntoView {
    provide_learner(None);
    let path = window().location().pathname().unwrap_or_default();
    let here = path == Page::Catalogue.path() || path == "/index.html";
    let page = if here { view! { <catalogue::CataloguePage/> }.into_any() } else { view! { <NotFound/> }.into_any() };
    view! {
        <SiteHeader pages=&[Page::Catalogue, Page::Certificate, Page::Progress, Page::Team] current=here.then_some(Page::Catalogue)/>
        <StorageNotice/>
        <main id="main" tabindex="-1">{page}</main>
    }
}
