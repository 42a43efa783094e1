//! The front matter between `---` lines: a small, strict subset of YAML (`key: value` lines
//! and one level of `- key: value` lists) that keeps exact positions for diagnostics.

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};

/// A value and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    pub text: String,
    pub offset: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Scalar(Spanned),
    /// List items, each a list of `key: value` fields.
    List(Vec<Vec<Field>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub key: Spanned,
    pub value: Value,
}

#[derive(Debug, Default)]
pub struct FrontMatter {
    pub fields: Vec<Field>,
    /// Byte offset where the body starts (after the closing `---` line).
    pub body_start: usize,
}

impl FrontMatter {
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key.text == key)
    }
}

/// Lines of `text` with their byte offsets, without line endings.
pub fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

fn unquote(src: &SourceFile, raw: &str, offset: usize, errors: &mut Vec<Diagnostic>) -> Spanned {
    let trimmed = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    let offset = offset + lead;
    if let Some(rest) = trimmed.strip_prefix('"') {
        match rest.strip_suffix('"') {
            Some(inner) => return Spanned { text: inner.replace("\\\"", "\""), offset: offset + 1 },
            None => errors.push(
                src.error(offset, "this value opens a quote but does not close it")
                    .help("end the value with `\"`, or remove the opening quote"),
            ),
        }
    }
    Spanned { text: trimmed.to_string(), offset }
}

/// Splits `key: value`, returning the key, and the value with its offset.
fn split_key<'t>(line: &'t str, offset: usize) -> Option<(&'t str, &'t str, usize)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    Some((key, &line[colon + 1..], offset + colon + 1))
}

/// Parses the front matter at the start of `src`. Problems are pushed to `errors`; the parse
/// goes on past them so that every problem is reported at once.
pub fn parse(src: &SourceFile, errors: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let mut lines = lines_with_offsets(src.text);
    match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ => {
            errors.push(
                src.error(0, "the file does not start with front matter")
                    .help("start the file with a `---` line, the lesson's `key: value` lines, and another `---` line"),
            );
            return None;
        }
    }
    let mut fm = FrontMatter::default();
    for (offset, line) in lines {
        if line.trim_end() == "---" {
            fm.body_start = offset + line.len() + 1;
            fm.body_start = fm.body_start.min(src.text.len());
            return Some(fm);
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if indent == 0 {
            match split_key(line, offset) {
                Some((key, value, value_offset)) => {
                    let key = Spanned { text: key.to_string(), offset };
                    let value = if value.trim().is_empty() {
                        Value::List(Vec::new())
                    } else {
                        Value::Scalar(unquote(src, value, value_offset, errors))
                    };
                    fm.fields.push(Field { key, value });
                }
                None => errors.push(
                    src.error(offset, "expected `key: value`")
                        .help("front-matter lines look like `title: The little hook`"),
                ),
            }
            continue;
        }
        // An indented line belongs to the list of the last key.
        let Some(Field { value: Value::List(items), .. }) = fm.fields.last_mut() else {
            errors.push(
                src.error(offset + indent, "unexpected indented line")
                    .help("only list items (under a key with no value, like `sources:`) are indented"),
            );
            continue;
        };
        let (item_line, item_offset) = match trimmed.strip_prefix("- ") {
            Some(rest) => {
                items.push(Vec::new());
                (rest, offset + indent + 2)
            }
            None if trimmed == "-" => {
                errors.push(src.error(offset + indent, "empty list item"));
                continue;
            }
            None => (trimmed, offset + indent),
        };
        let Some(item) = items.last_mut() else {
            errors.push(
                src.error(offset + indent, "expected a list item starting with `- `")
                    .help("write list items as `  - title: ...`"),
            );
            continue;
        };
        match split_key(item_line, item_offset) {
            Some((key, value, value_offset)) => item.push(Field {
                key: Spanned { text: key.to_string(), offset: item_offset },
                value: Value::Scalar(unquote(src, value, value_offset, errors)),
            }),
            None => errors.push(
                src.error(item_offset, "expected `key: value` in this list item")
                    .help("for example `  - title: NPSA, Think Before You Link`"),
            ),
        }
    }
    errors.push(
        src.error(0, "the front matter is not closed")
            .help("add a line holding only `---` after the last front-matter line"),
    );
    None
}

/// Edit distance, for "did you mean" suggestions.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = if ca == *cb { 0 } else { 1 };
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest known key, if it is close enough to be a likely typo.
pub fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (distance(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// Checks the keys: unknown, duplicated and missing ones.
pub fn check_keys(src: &SourceFile, fields: &[Field], known: &[&str], required: &[(&str, &str)], what: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        let key = field.key.text.as_str();
        if !known.contains(&key) {
            let help = match suggest(key, known) {
                Some(k) => format!("did you mean `{k}`? The keys are: {}", known.join(", ")),
                None => format!("the keys are: {}", known.join(", ")),
            };
            diagnostics.push(src.error(field.key.offset, format!("unknown front-matter key `{key}`")).help(help));
        } else if fields[..i].iter().any(|f| f.key.text == key) {
            diagnostics.push(src.error(field.key.offset, format!("`{key}` is given twice")).help("keep one of them"));
        }
    }
    for (key, example) in required {
        if !fields.iter().any(|f| f.key.text == *key) {
            diagnostics.push(
                src.error(0, format!("{what} front matter is missing `{key}`"))
                    .help(format!("add a line like `{example}` between the `---` lines")),
            );
        }
    }
    diagnostics
}

/// A scalar front-matter value, or a diagnostic if the key holds a list.
pub fn scalar<'f>(src: &SourceFile, fields: &'f [Field], key: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<&'f Spanned> {
    let field = fields.iter().find(|f| f.key.text == key)?;
    match &field.value {
        Value::Scalar(s) => Some(s),
        Value::List(_) => {
            diagnostics.push(src.error(field.key.offset, format!("`{key}` needs a value on the same line")).help(format!("write `{key}: ...`")));
            None
        }
    }
}

