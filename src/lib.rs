//! hookwise, the browser app: thin Leptos components over the pure `hookwise-core`.
//!
//! Browser APIs are reached through `storage` (localStorage), `fetch` (loading the compiled
//! course), `platform` (clock, randomness, files, clipboard), and `lms`, `xapi` and `cmi5` (a
//! learning platform's SCORM API, a learning record store, and a cmi5 launch; only when
//! configured). A few pages use leptos's `window()`/`document()` directly for what only they
//! need: the lesson page's reading position, the certificate's print button, the not-found
//! page's address, and the backup panel's browser check.

pub mod app;
pub mod cmi5;
pub mod components;
pub mod fetch;
pub mod lms;
pub mod pages;
pub mod platform;
pub mod state;
pub mod storage;
pub mod team;
pub mod xapi;
