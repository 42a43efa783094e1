//! One file per page.

pub mod catalogue;
pub mod certificate;
pub mod lesson;
pub mod not_found;
pub mod progress;
pub mod rechecks;
pub mod team;
