//! The lesson app's pages: one file each.

pub mod certificate;
pub mod lesson;
pub mod progress;
pub mod rechecks;
