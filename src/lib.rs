//! hookwise, the browser app: thin Leptos components over the pure `hookwise-core`.
//!
//! The only code here that touches browser APIs directly is `storage` (localStorage),
//! `fetch` (loading the compiled course) and `platform` (clock, randomness, files).

pub mod app;
pub mod components;
pub mod fetch;
pub mod pages;
pub mod platform;
pub mod state;
pub mod storage;
