//! hookwise, the browser app: thin Leptos components over the pure `hookwise-core`.
//!
//! The only code here that touches browser APIs directly is `storage` (localStorage),
//! `fetch` (loading the compiled course), `platform` (clock, randomness, files), and `lms` and
//! `xapi` (a learning platform's SCORM API and a learning record store, only when configured).

pub mod app;
pub mod components;
pub mod fetch;
pub mod lms;
pub mod pages;
pub mod platform;
pub mod state;
pub mod storage;
pub mod xapi;
