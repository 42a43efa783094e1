//! hookwise's first load: the catalogue at `/`, the page every learner opens first.
//!
//! The learner side is two bundles, so that the first load is small:
//!
//! - this package (`src/main.rs`, `index.html`): the catalogue. Its page is pre-rendered at build
//!   time (`hookwise_core::catalogue_page`, written by `xtask/src/pages.rs`); this bundle only
//!   fills in the learner's own state, without a view framework (`catalogue.rs`);
//! - `hookwise-learn` (`src/learn`, `app/index.html`): lessons, the certificate, the progress
//!   page and re-checks, with client-side routes. The build gives each of its addresses a copy
//!   of `app/index.html` (`lessons/<id>/index.html`, `certificate/index.html`, …), so any static
//!   host serves the right bundle without rewrite rules.
//!
//! Between the two, links are ordinary page loads. This package depends on `hookwise-web` and
//! the core only, and calls nothing of Leptos: the crate graph keeps router, lesson, quiz and
//! learning-platform code out of the first load, and the linker the view framework.

pub mod catalogue;
