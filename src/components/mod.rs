//! Reusable components: one file each.

pub mod backup;
pub mod practice;
pub mod profile;
pub mod quiz;
pub mod rich_text;
pub mod status;
