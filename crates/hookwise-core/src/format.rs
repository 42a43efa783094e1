//! The one versioned-format helper: how every stored or exported JSON format of hookwise
//! (progress records and backups in `records`, completion reports in `report`, the team's data
//! in `team`, the roster in `roster`) finds out which version a text is before reading it, and
//! the one error type for what can go wrong there. Each format keeps its own error for its own
//! cases (a backup that is not a backup, a report whose checksum fails) and turns a
//! [`FormatError`] into it with `From`, so the words a person reads stay each format's own.

use std::fmt;

use serde::Deserialize;

/// Plain-words reasons for a text that is JSON but not what hookwise wrote.
pub const PARTS_WRONG: &str = "some of its parts are missing or are not what hookwise writes";
pub const NO_VERSION: &str = "it has no format version";
pub const UNKNOWN_VERSION: &str = "its format version is unknown";

/// Why a versioned text could not be read. The reasons are written here, never a parser's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The text is not JSON at all (garbled or truncated).
    NotJson,
    /// JSON, but not this format; the reason in plain words.
    WrongShape(&'static str),
    /// Written by a newer hookwise than this one.
    FutureVersion(u32),
}

impl FormatError {
    /// A parser's failure in plain words: broken JSON, or JSON of another shape.
    pub fn from_json(e: serde_json::Error) -> FormatError {
        if e.is_syntax() || e.is_eof() {
            FormatError::NotJson
        } else {
            FormatError::WrongShape(PARTS_WRONG)
        }
    }
}

impl std::error::Error for FormatError {}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotJson => f.write_str("it is not valid JSON (it may be truncated or corrupted)"),
            FormatError::WrongShape(why) => write!(f, "it is not in a format hookwise writes ({why})"),
            FormatError::FutureVersion(_) => f.write_str("it comes from a newer version of hookwise, which this version cannot read"),
        }
    }
}

/// The version `v` of a stored record, read without reading the rest.
#[derive(Deserialize)]
pub struct Version {
    pub v: Option<u32>,
}

/// The top of a file people carry (a backup, a report): its `format` marker and version.
#[derive(Deserialize)]
pub struct Marked {
    pub format: Option<String>,
    pub v: Option<u32>,
}

/// The version `v` of `text`, if it has one.
pub fn version(text: &str) -> Result<Option<u32>, FormatError> {
    read::<Version>(text).map(|p| p.v)
}

/// The `format` marker and version of `text`.
pub fn marked(text: &str) -> Result<Marked, FormatError> {
    read(text)
}

/// `v` if this hookwise reads it (`oldest..=current`); a newer one is a [`FormatError::FutureVersion`].
pub fn known_version(v: Option<u32>, oldest: u32, current: u32) -> Result<u32, FormatError> {
    match v {
        None => Err(FormatError::WrongShape(NO_VERSION)),
        Some(v) if v > current => Err(FormatError::FutureVersion(v)),
        Some(v) if v < oldest => Err(FormatError::WrongShape(UNKNOWN_VERSION)),
        Some(v) => Ok(v),
    }
}

/// Reads `text` as the version's wire type `T`, once its version is known.
pub fn read<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, FormatError> {
    serde_json::from_str(text).map_err(FormatError::from_json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_read_first_and_judged_in_plain_words() {
        assert_eq!(version("{\"v\":3,"), Err(FormatError::NotJson));
        assert_eq!(version("garbage"), Err(FormatError::NotJson));
        assert_eq!(version("\"a string\""), Err(FormatError::WrongShape(PARTS_WRONG)));
        assert_eq!(version(r#"{"v":2,"rest":[1,2]}"#), Ok(Some(2)));
        assert_eq!(version(r#"{"rest":[1,2]}"#), Ok(None));
        let p = marked(r#"{"format":"x","v":2,"rest":[1,2]}"#).ok().unwrap();
        assert_eq!((p.format.as_deref(), p.v), (Some("x"), Some(2)));
        assert_eq!(known_version(Some(2), 1, 4), Ok(2));
        assert_eq!(known_version(Some(9), 1, 4), Err(FormatError::FutureVersion(9)));
        assert_eq!(known_version(Some(0), 1, 4), Err(FormatError::WrongShape(UNKNOWN_VERSION)));
        assert_eq!(known_version(None, 1, 4), Err(FormatError::WrongShape(NO_VERSION)));
    }

    #[test]
    fn messages_are_plain_words() {
        for e in [FormatError::NotJson, FormatError::WrongShape(PARTS_WRONG), FormatError::FutureVersion(7)] {
            let text = e.to_string();
            let boxed: Box<dyn std::error::Error> = Box::new(e);
            assert_eq!(boxed.to_string(), text);
            for jargon in ["expected", "line 1", "column", "invalid type", "struct", "Probe", "`"] {
                assert!(!text.contains(jargon), "{text}");
            }
        }
    }
}
