//! The pure core of hookwise: the lesson model, quiz grading, progress rules and the stored
//! formats. It does no I/O and depends on nothing web-related (no leptos, web_sys or gloo), so
//! plain `cargo test` exercises every rule natively and quickly.

pub mod catalogue_page;
pub mod cmi5;
pub mod compact;
pub mod course;
pub mod csv;
#[cfg(test)]
mod damage;
pub mod format;
pub mod grading;
pub mod hash;
pub mod lms;
pub mod lax_json;
pub mod lrs_store;
pub mod lrs_sync;
pub mod lesson;
pub mod course_json;
pub mod misses;
pub mod organisation;
pub mod progress;
pub mod quiz;
pub mod records;
pub mod render;
pub mod report;
pub mod rng;
pub mod roster;
pub mod route;
pub mod safekeeping;
pub mod scenario;
pub mod schedule;
pub mod team;
pub mod wire;

pub use course::{Catalogue, CatalogueEntry, Part};
pub use lesson::{Activity, Block, Ending, Reply, ReportStep, Scenario, Step, CalloutKind, Choice, Inline, Lesson, Question, QuestionKind, Quiz, Source};
