//! hookwise's shared browser layer: what the catalogue, the lesson app and the dashboard all
//! use. It depends on no bundle, and holds no router, lesson, quiz or learning-platform code,
//! so the first load (which depends on this crate alone) cannot reach any.
//!
//! Browser APIs are reached through `storage` (localStorage), `fetch` (the compiled course),
//! `platform` (clock, randomness, files, clipboard) and `launch` (an xAPI launch's parameters,
//! kept for the lesson bundle).

#[cfg(feature = "views")]
pub mod components;
pub mod fetch;
pub mod launch;
#[cfg(feature = "views")]
pub mod not_found;
pub mod platform;
#[cfg(feature = "views")]
pub mod shell;
#[cfg(feature = "views")]
pub mod state;
pub mod storage;
