//! hookwise, the browser app: thin Leptos components over the pure `hookwise-core`.
//!
//! The only code here that touches browser APIs directly is `storage` (localStorage),
//! `fetch` (loading the compiled course), `platform` (clock, randomness, files), and `lms`,
//! `xapi` and `cmi5` (a learning platform's SCORM API, a learning record store, and a cmi5
//! launch; only when configured).

pub mod app;
pub mod cmi5;
pub mod components;
pub mod fetch;
pub mod lms;
pub mod pages;
pub mod platform;
pub mod state;
pub mod storage;
pub mod xapi;
