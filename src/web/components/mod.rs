//! Components more than one bundle shows: one file each.

pub mod status;
