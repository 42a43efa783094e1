//! The lesson app's components: one file each.

pub mod backup;
pub mod keep;
pub mod mockup;
pub mod practice;
pub mod practice_results;
pub mod profile;
pub mod quiz;
pub mod rechecks;
pub mod recovery;
pub mod report_approach;
pub mod report_export;
pub mod rich_text;
pub mod slow_hook;
