//! The one small reader and writer for hookwise's own JSON files that the dashboard handles
//! (completion reports and their bundles, the stored team data, the roster, the LRS connection
//! and sync point), written by hand so that the dashboard's bundle carries no serde code per type.
//!
//! Writing gives exactly serde_json's bytes (`JsonOut` for the compact form, `pretty` for
//! `to_string_pretty`'s), so a report's checksum and the stored data are what they always were.
//! Reading is as strict as serde_json's derived readers, and the first problem in the text decides
//! the error, as it did with serde: broken JSON (`NotJson`) or a value of another shape, a field
//! twice or a field missing (`WrongShape`). Unknown fields are skipped. The traversal is
//! `lax_json`'s; `syntax_error` adds JSON's exact grammar on top.

use std::borrow::Cow;
use std::cell::Cell;

use crate::format::{FormatError, PARTS_WRONG};
use crate::lax_json::Reader;

// ---- writing --------------------------------------------------------------------------------

/// Compact JSON, as `serde_json::to_string` writes it. Values after `key` are the field's.
pub struct JsonOut {
    out: String,
    fresh: bool,
}

impl Default for JsonOut {
    fn default() -> Self {
        JsonOut { out: String::new(), fresh: true }
    }
}

impl JsonOut {
    pub fn finish(self) -> String {
        self.out
    }

    fn item(&mut self) {
        if !self.fresh {
            self.out.push(',');
        }
        self.fresh = false;
    }

    /// `{` or `[`.
    pub fn open(&mut self, bracket: char) -> &mut Self {
        self.item();
        self.out.push(bracket);
        self.fresh = true;
        self
    }

    /// `}` or `]`.
    pub fn close(&mut self, bracket: char) -> &mut Self {
        self.out.push(bracket);
        self.fresh = false;
        self
    }

    pub fn key(&mut self, key: &str) -> &mut Self {
        self.str(key);
        self.out.push(':');
        self.fresh = true;
        self
    }

    pub fn str(&mut self, s: &str) -> &mut Self {
        self.item();
        escape(&mut self.out, s);
        self
    }

    pub fn uint(&mut self, n: u64) -> &mut Self {
        self.item();
        self.digits(n);
        self
    }

    pub fn int(&mut self, n: i64) -> &mut Self {
        self.item();
        if n < 0 {
            self.out.push('-');
        }
        self.digits(n.unsigned_abs());
        self
    }

    /// `n` in decimal, as `to_string` writes it, without a text of its own (a team's stored
    /// form has millions of numbers).
    fn digits(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend(buf[i..].iter().map(|b| *b as char));
    }

    pub fn boolean(&mut self, b: bool) -> &mut Self {
        self.item();
        self.out.push_str(if b { "true" } else { "false" });
        self
    }

    /// A number, or `null`.
    pub fn opt_uint(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.uint(n),
            None => {
                self.item();
                self.out.push_str("null");
                self
            }
        }
    }

    /// A string, or `null`.
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => {
                self.item();
                self.out.push_str("null");
                self
            }
        }
    }
}

/// A JSON string as serde_json escapes it: `"` and `\`, the short escapes for backspace, form
/// feed, new line, carriage return and tab, `\u00xx` (lower-case hex) for other control
/// characters, everything else as it is.
fn escape(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(short);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// Compact JSON (as `JsonOut` writes it) laid out as `serde_json::to_string_pretty` does: two
/// spaces per level, `"key": value`, empty arrays and objects as `[]` and `{}`.
pub fn pretty(compact: &str) -> String {
    let b = compact.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
            continue;
        }
        let newline = |out: &mut Vec<u8>, depth: usize| {
            out.push(b'\n');
            out.extend(std::iter::repeat_n(b' ', depth * 2));
        };
        match c {
            b'{' | b'[' if matches!(b.get(i), Some(b'}' | b']')) => {
                out.extend([c, b[i]]);
                i += 1;
            }
            b'{' | b'[' => {
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            b':' => out.extend(*b": "),
            b'"' => {
                in_string = true;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

// ---- reading --------------------------------------------------------------------------------

/// Where the reader first met a value of another shape (a field twice or missing counts), so
/// that the first problem in the text decides the error.
pub struct Shape(Cell<usize>);

impl Default for Shape {
    fn default() -> Self {
        Shape(Cell::new(usize::MAX))
    }
}

impl Shape {
    /// Notes a value of another shape at the cursor, and stops the reading. Like serde_json, a
    /// string, number or literal is read first (a broken one is broken JSON); an object or array
    /// is not.
    pub fn wrong<T>(&self, r: &mut Reader) -> Option<T> {
        let at = r.offset();
        if r.is(b'"') || r.is(b't') || r.is(b'f') || r.is(b'n') {
            r.skip()?;
        } else if !(r.is(b'{') || r.is(b'[')) {
            strict_number(r)?;
        }
        self.wrong_at(at)
    }

    /// Notes a problem of shape right here (a field twice, a field missing), and stops.
    pub fn wrong_here<T>(&self, r: &mut Reader) -> Option<T> {
        let at = r.offset();
        self.wrong_at(at)
    }

    fn wrong_at<T>(&self, at: usize) -> Option<T> {
        if self.0.get() == usize::MAX {
            self.0.set(at);
        }
        None
    }
}

/// Reads all of `text` with `read`, or says why not, as serde_json did: whichever came first,
/// broken JSON or a value of another shape.
pub fn read_all<'a, T>(text: &'a str, read: impl FnOnce(&mut Reader<'a>, &Shape) -> Option<T>) -> Result<T, FormatError> {
    let mut r = Reader::new(text);
    let bad = Shape::default();
    let value = read(&mut r, &bad);
    let value = value.filter(|_| r.at_end());
    let shape = bad.0.get();
    match (value, syntax_error(text)) {
        // On a tie the shape came first: serde checks a field twice or missing before what follows.
        (_, Some(at)) if at < shape => Err(FormatError::NotJson),
        (Some(value), None) => Ok(value),
        _ if shape != usize::MAX => Err(FormatError::WrongShape(PARTS_WRONG)),
        _ => Err(FormatError::NotJson),
    }
}

pub fn string(r: &mut Reader, bad: &Shape) -> Option<String> {
    if r.is(b'"') {
        r.text()?.map(Cow::into_owned)
    } else {
        bad.wrong(r)
    }
}

/// A string or `null`.
pub fn opt_string(r: &mut Reader, bad: &Shape) -> Option<Option<String>> {
    if r.is(b'n') {
        r.skip().map(|_| None)
    } else {
        string(r, bad).map(Some)
    }
}

pub fn boolean(r: &mut Reader, bad: &Shape) -> Option<bool> {
    if r.is(b't') || r.is(b'f') {
        r.boolean()?
    } else {
        bad.wrong(r)
    }
}

/// A whole number in `min..=max` (a fraction, an exponent or a number out of range is of another
/// shape, as for serde's integer types).
pub fn int(r: &mut Reader, bad: &Shape, min: i64, max: u64) -> Option<i128> {
    let at = r.offset();
    if !starts_number(r) {
        return bad.wrong(r);
    }
    let text = strict_number(r)?;
    let digits = text.strip_prefix('-').unwrap_or(text);
    let magnitude = digits.bytes().try_fold(0i128, |n, d| d.is_ascii_digit().then(|| n.checked_mul(10)?.checked_add((d - b'0') as i128)).flatten());
    // serde_json reads `-0` as a float (it keeps the sign), so it is no whole number either.
    match magnitude.filter(|m| *m != 0 || !text.starts_with('-')).map(|m| if text.starts_with('-') { -m } else { m }) {
        Some(n) if (min as i128..=max as i128).contains(&n) => Some(n),
        _ => bad.wrong_at(at),
    }
}

fn starts_number(r: &mut Reader) -> bool {
    r.is(b'-') || (b'0'..=b'9').any(|d| r.is(d))
}

/// A number's text, `None` when it breaks JSON's grammar (`lax_json` alone takes `1.` or `01`).
fn strict_number<'a>(r: &mut Reader<'a>) -> Option<&'a str> {
    let text = r.number_text()?;
    let mut end = 0;
    number_token(text.as_bytes(), &mut end).filter(|_| end == text.len())?;
    Some(text)
}

pub fn uint(r: &mut Reader, bad: &Shape, max: u64) -> Option<u64> {
    int(r, bad, 0, max).map(|n| n as u64)
}

/// A whole number or `null`.
pub fn opt_uint(r: &mut Reader, bad: &Shape, max: u64) -> Option<Option<u64>> {
    if r.is(b'n') {
        r.skip().map(|_| None)
    } else {
        uint(r, bad, max).map(Some)
    }
}

/// An object with the fields `names` (the first `required` of them must be there): `field`
/// reads the value of `names[i]`; other fields are skipped; a field twice is of another shape.
pub fn object<'a>(r: &mut Reader<'a>, bad: &Shape, names: &[&str], required: usize, mut field: impl FnMut(&mut Reader<'a>, usize) -> Option<()>) -> Option<()> {
    object_dyn(r, bad, names, required, &mut field)
}

/// `object`'s body, compiled once: each caller's `field` is called through a pointer, so the
/// bundles carry one copy of the object reader rather than one per record type (bundle size).
fn object_dyn<'a>(r: &mut Reader<'a>, bad: &Shape, names: &[&str], required: usize, field: &mut dyn FnMut(&mut Reader<'a>, usize) -> Option<()>) -> Option<()> {
    if !r.is(b'{') {
        return bad.wrong(r);
    }
    let mut seen = 0u32;
    r.object_keys(|r, key| match names.iter().position(|n| *n == key) {
        Some(i) if seen & (1 << i) != 0 => bad.wrong_here(r),
        Some(i) => {
            seen |= 1 << i;
            r.colon()?;
            field(r, i)
        }
        None => {
            r.colon()?;
            r.skip()
        }
    })?;
    let all = (1u32 << required) - 1;
    if seen & all != all {
        return bad.wrong_here(r);
    }
    Some(())
}

pub fn array<'a>(r: &mut Reader<'a>, bad: &Shape, each: impl FnMut(&mut Reader<'a>) -> Option<()>) -> Option<()> {
    if !r.is(b'[') {
        return bad.wrong(r);
    }
    r.array(each)
}

/// An array of exactly `n` elements (a tuple): too few is of another shape; too many is what
/// serde_json calls trailing characters (broken JSON).
pub fn tuple<'a>(r: &mut Reader<'a>, bad: &Shape, n: usize, mut each: impl FnMut(&mut Reader<'a>, usize) -> Option<()>) -> Option<()> {
    let mut i = 0;
    array(r, bad, |r| {
        if i == n {
            return None;
        }
        each(r, i)?;
        i += 1;
        Some(())
    })?;
    if i < n {
        return bad.wrong_here(r);
    }
    Some(())
}

/// Where `text` first breaks JSON's grammar (RFC 8259, as serde_json reads it: at most 128
/// levels of nesting, no lone surrogate escapes), or `None` when it is one valid JSON value.
pub fn syntax_error(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = 0;
    let valid = value(b, &mut at, 0).is_some() && {
        space(b, &mut at);
        at == b.len()
    };
    (!valid).then_some(at)
}

fn space(b: &[u8], at: &mut usize) {
    while matches!(b.get(*at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        *at += 1;
    }
}

fn value(b: &[u8], at: &mut usize, depth: u32) -> Option<()> {
    space(b, at);
    let c = *b.get(*at)?;
    match c {
        b'{' | b'[' => {
            if depth >= 128 {
                return None;
            }
            let close = if c == b'{' { b'}' } else { b']' };
            *at += 1;
            space(b, at);
            if b.get(*at) == Some(&close) {
                *at += 1;
                return Some(());
            }
            loop {
                if close == b'}' {
                    space(b, at);
                    if b.get(*at) != Some(&b'"') {
                        return None;
                    }
                    string_token(b, at)?;
                    space(b, at);
                    if b.get(*at) != Some(&b':') {
                        return None;
                    }
                    *at += 1;
                }
                value(b, at, depth + 1)?;
                space(b, at);
                match b.get(*at) {
                    Some(&x) if x == close => {
                        *at += 1;
                        return Some(());
                    }
                    Some(b',') => *at += 1,
                    _ => return None,
                }
            }
        }
        b'"' => string_token(b, at),
        b't' => word(b, at, b"true"),
        b'f' => word(b, at, b"false"),
        b'n' => word(b, at, b"null"),
        _ => number_token(b, at),
    }
}

fn word(b: &[u8], at: &mut usize, w: &[u8]) -> Option<()> {
    for &c in w {
        if b.get(*at) != Some(&c) {
            return None;
        }
        *at += 1;
    }
    Some(())
}

fn digits(b: &[u8], at: &mut usize) -> usize {
    let start = *at;
    while b.get(*at).is_some_and(u8::is_ascii_digit) {
        *at += 1;
    }
    *at - start
}

fn number_token(b: &[u8], at: &mut usize) -> Option<()> {
    if b.get(*at) == Some(&b'-') {
        *at += 1;
    }
    match b.get(*at) {
        Some(b'0') => *at += 1,
        Some(b'1'..=b'9') => {
            digits(b, at);
        }
        _ => return None,
    }
    if b.get(*at) == Some(&b'.') {
        *at += 1;
        if digits(b, at) == 0 {
            return None;
        }
    }
    if matches!(b.get(*at), Some(b'e' | b'E')) {
        *at += 1;
        if matches!(b.get(*at), Some(b'+' | b'-')) {
            *at += 1;
        }
        if digits(b, at) == 0 {
            return None;
        }
    }
    Some(())
}

fn hex4(b: &[u8], at: &mut usize) -> Option<u32> {
    let mut n = 0;
    for _ in 0..4 {
        n = n * 16 + (*b.get(*at)? as char).to_digit(16)?;
        *at += 1;
    }
    Some(n)
}

fn string_token(b: &[u8], at: &mut usize) -> Option<()> {
    *at += 1;
    loop {
        let c = *b.get(*at)?;
        match c {
            b'"' => {
                *at += 1;
                return Some(());
            }
            b'\\' => {
                *at += 1;
                match *b.get(*at)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => *at += 1,
                    b'u' => {
                        *at += 1;
                        let unit = hex4(b, at)?;
                        if (0xDC00..0xE000).contains(&unit) {
                            return None;
                        }
                        if (0xD800..0xDC00).contains(&unit) {
                            if b.get(*at..*at + 2) != Some(b"\\u") {
                                return None;
                            }
                            *at += 2;
                            if !(0xDC00..0xE000).contains(&hex4(b, at)?) {
                                return None;
                            }
                        }
                    }
                    _ => return None,
                }
            }
            0..=0x1f => return None,
            _ => *at += 1,
        }
    }
}

/// The version `v` of a stored record, read without reading the rest (as `format::version`).
pub fn version(text: &str) -> Result<Option<u32>, FormatError> {
    read_all(text, |r, bad| {
        let mut v = None;
        object(r, bad, &["v"], 0, |r, _| {
            v = opt_uint(r, bad, u32::MAX as u64)?.map(|v| v as u32);
            Some(())
        })?;
        Some(v)
    })
}

/// The `format` marker and version `v` of a file (as `format::marked`).
pub fn marked(text: &str) -> Result<(Option<String>, Option<u32>), FormatError> {
    read_all(text, |r, bad| {
        let (mut format, mut v) = (None, None);
        object(r, bad, &["format", "v"], 0, |r, i| {
            match i {
                0 => format = opt_string(r, bad)?,
                _ => v = opt_uint(r, bad, u32::MAX as u64)?.map(|v| v as u32),
            }
            Some(())
        })?;
        Some((format, v))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_to_string_writes_them() {
        for n in [0u64, 1, 9, 10, 99, 100, 12_345, 1_733_479_943_123, u32::MAX as u64, u64::MAX - 1, u64::MAX] {
            let mut out = JsonOut::default();
            out.open('[').uint(n).close(']');
            assert_eq!(out.finish(), format!("[{n}]"));
        }
        for n in [0i64, -1, 1, -9, -10, 255, -32_768, i64::MIN, i64::MIN + 1, i64::MAX] {
            let mut out = JsonOut::default();
            out.open('[').int(n).close(']');
            assert_eq!(out.finish(), format!("[{n}]"));
        }
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let nasty = "a\"b\\c/d\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é😀 </script>";
        let mut out = JsonOut::default();
        out.open('{').key("s").str(nasty).key("n").uint(u64::MAX).key("i").int(-5).key("b").boolean(true);
        out.key("none").opt_uint(None).key("list").open('[').open('[').close(']').open('{').close('}').str("x").close(']').close('}');
        let text = out.finish();
        let value = serde_json::json!({"s": nasty, "n": u64::MAX, "i": -5, "b": true, "none": null, "list": [[], {}, "x"]});
        // serde_json's map keeps keys sorted; compare through a struct-like ordered writer instead.
        let reparsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(reparsed, value);
        assert_eq!(&text[..6], "{\"s\":\"");
        assert!(text.contains(&serde_json::to_string(nasty).unwrap()), "{text}");
        let pretty_serde = serde_json::to_string_pretty(&reparsed).unwrap();
        let compact_sorted = serde_json::to_string(&reparsed).unwrap();
        assert_eq!(pretty(&compact_sorted), pretty_serde);
    }

    #[test]
    fn the_grammar_is_json_s() {
        for good in ["0", "-0", "1.5e-3", "[]", "{}", r#"{"a":[1,{"b":null}],"c":"\ud83d\ude00"}"#, " true "] {
            assert_eq!(syntax_error(good), None, "{good}");
            assert!(serde_json::from_str::<serde_json::Value>(good).is_ok());
        }
        for bad in ["", "01", "1.", ".5", "-", "+1", "1e", "[1,]", "{\"a\"}", "{\"a\":1,}", "tru", "nul", "\"\\ud800\"", "\"\\udc00\"", "\"\\q\"", "\"\u{1}\"", "[1] 2", "{'a':1}"] {
            assert!(syntax_error(bad).is_some(), "{bad}");
            assert!(serde_json::from_str::<serde_json::Value>(bad).is_err(), "{bad}");
        }
        assert_eq!(syntax_error("[1, 2, x]"), Some(7));
    }

    #[test]
    fn versions_read_like_format_s() {
        let cases = ["{\"v\":3,", "garbage", "\"a string\"", r#"{"v":2,"rest":[1,2]}"#, r#"{"rest":[1,2]}"#, r#"{"v":2.0}"#, r#"{"v":-1}"#, r#"{"v":null}"#, r#"{"v":1,"v":2}"#, r#"{"v":"x", bad"#, r#"{"format":"x","v":2}"#, r#"{"format":3}"#, "[\"x\"]", "{} x"];
        // One difference, on purpose: serde also took a record written as an array of its fields
        // (`[2]` as `{"v":2}`); hookwise never wrote one, and now it is of another shape.
        assert_eq!(version("[2]"), Err(FormatError::WrongShape(PARTS_WRONG)));
        for text in cases {
            let ours = marked(text).map(|(f, v)| (f, v));
            let theirs = crate::format::marked(text).map(|m| (m.format, m.v));
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(version(text), crate::format::version(text), "{text}");
        }
    }
}
