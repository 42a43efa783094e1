//! A small, lenient JSON reader for the dashboard's hot path (a learning record store's
//! statement pages): it reads only the fields asked for and skips the rest without building
//! anything, borrows text that has no escapes, and is one plain (non-generic) piece of code, so
//! the dashboard's bundle carries no serde code per statement type.
//!
//! Lenient: a field of another type than expected reads as `None` (it is skipped), so one odd
//! field never stops a page. Strict where it matters: a syntax error anywhere makes the whole
//! text unreadable (`None`), as for any JSON parser, and nesting deeper than `MAX_DEPTH` is an
//! error rather than a stack overflow.

use std::borrow::Cow;

/// Deeper nesting than any statement has; a hostile page cannot exhaust the stack.
const MAX_DEPTH: u32 = 64;

/// A cursor over JSON text. Methods return `None` on a syntax error.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

/// The offset of the first quote, backslash or control character in `b`: eight bytes at a time
/// (the bit tricks find a byte equal to a value, or below one, in a 64-bit word; the lowest
/// flagged byte is always a true one), then byte by byte.
fn special(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let words = b.chunks_exact(8);
    let tail = words.remainder();
    for (n, w) in words.enumerate() {
        let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        let (quote, backslash) = (w ^ (ONES * b'"' as u64), w ^ (ONES * b'\\' as u64));
        let found = (quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash | w.wrapping_sub(ONES * 0x20) & !w) & HIGH;
        if found != 0 {
            return Some(n * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    let done = b.len() - tail.len();
    tail.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|p| done + p)
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { text, at: 0, depth: 0 }
    }

    fn peek(&mut self) -> Option<u8> {
        let b = self.text.as_bytes();
        while matches!(b.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
        b.get(self.at).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        let found = self.peek() == Some(c);
        self.at += found as usize;
        found
    }

    /// True when only white space is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// A string (the cursor at its opening quote), unescaped; borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        if !self.eat(b'"') {
            return None;
        }
        let b = self.text.as_bytes();
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut from = start;
        loop {
            // Plain characters in one tight scan, up to a quote, an escape or a control character.
            self.at += special(b.get(self.at..)?)?;
            let c = b[self.at];
            match c {
                b'"' => {
                    let tail = &self.text[from..self.at];
                    self.at += 1;
                    return Some(match owned {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[from..self.at]);
                    let e = *b.get(self.at + 1)?;
                    self.at += 2;
                    match e {
                        b'"' | b'\\' | b'/' => s.push(e as char),
                        b'b' => s.push('\u{8}'),
                        b'f' => s.push('\u{c}'),
                        b'n' => s.push('\n'),
                        b'r' => s.push('\r'),
                        b't' => s.push('\t'),
                        b'u' => {
                            let mut unit = self.hex4()?;
                            if (0xD800..0xDC00).contains(&unit) && b.get(self.at..self.at + 2) == Some(b"\\u") {
                                self.at += 2;
                                let low = self.hex4()?;
                                unit = 0x10000 + ((unit - 0xD800) << 10) + low.checked_sub(0xDC00).filter(|l| *l < 0x400)?;
                            }
                            s.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                    from = self.at;
                }
                0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        self.at += 4;
        digits.chars().try_fold(0, |n, c| Some(n * 16 + c.to_digit(16)?))
    }

    /// A number, read in plain decimal (enough for scores: no float formatting code).
    fn number(&mut self) -> Option<f64> {
        self.peek();
        let b = self.text.as_bytes();
        let negative = b.get(self.at) == Some(&b'-');
        self.at += negative as usize;
        let (mut value, mut digits, mut scale, mut exponent) = (0f64, 0, 0i32, 0i32);
        let mut in_fraction = false;
        while let Some(&c) = b.get(self.at) {
            match c {
                b'0'..=b'9' => {
                    value = value * 10.0 + (c - b'0') as f64;
                    digits += 1;
                    scale -= in_fraction as i32;
                }
                b'.' if !in_fraction => in_fraction = true,
                b'e' | b'E' => {
                    self.at += 1;
                    let sign = match b.get(self.at) {
                        Some(b'-') => -1,
                        Some(b'+') => 1,
                        _ => 0,
                    };
                    self.at += (sign != 0) as usize;
                    let start = self.at;
                    while let Some(d @ b'0'..=b'9') = b.get(self.at) {
                        exponent = (exponent * 10 + (d - b'0') as i32).min(400);
                        self.at += 1;
                    }
                    if self.at == start {
                        return None;
                    }
                    exponent *= if sign < 0 { -1 } else { 1 };
                    break;
                }
                _ => break,
            }
            self.at += 1;
        }
        if digits == 0 {
            return None;
        }
        let value = value * 10f64.powi(scale + exponent);
        Some(if negative { -value } else { value })
    }

    /// Skips one value of any type.
    pub fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|r, _| r.skip()),
            b'[' => self.array(|r| r.skip()),
            b't' => self.word("true"),
            b'f' => self.word("false"),
            b'n' => self.word("null"),
            _ => self.number().map(drop),
        }
    }

    /// A string passed over (the cursor at its opening quote): checked exactly as `string`
    /// checks it, but nothing is unescaped or kept.
    fn pass_string(&mut self) -> Option<()> {
        if !self.eat(b'"') {
            return None;
        }
        let b = self.text.as_bytes();
        loop {
            self.at += special(b.get(self.at..)?)?;
            match b[self.at] {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => {
                    let e = *b.get(self.at + 1)?;
                    self.at += 2;
                    match e {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            let unit = self.hex4()?;
                            if (0xD800..0xDC00).contains(&unit) && b.get(self.at..self.at + 2) == Some(b"\\u") {
                                self.at += 2;
                                self.hex4()?.checked_sub(0xDC00).filter(|l| *l < 0x400)?;
                            }
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// `skip` for the dashboard's statement pages, where most bytes are skipped: strings and
    /// keys are checked without being unescaped or kept (the same answer as `skip`, tested).
    /// A separate function so that the bundles that do not read statements keep only `skip`.
    pub fn pass(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.pass_string(),
            b'{' => self.nest(b'{', b'}', |r| {
                r.pass_string()?;
                if !r.eat(b':') {
                    return None;
                }
                r.pass()
            }),
            b'[' => self.array(|r| r.pass()),
            _ => self.skip(),
        }
    }

    fn word(&mut self, w: &str) -> Option<()> {
        let found = self.text.get(self.at..)?.starts_with(w);
        self.at += w.len();
        found.then_some(())
    }

    fn nest(&mut self, open: u8, close: u8, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(open) {
            return None;
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        if !self.eat(close) {
            loop {
                each(self)?;
                if self.eat(close) {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// An object: `field` is called with each key and must read (or skip) its value.
    pub fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.nest(b'{', b'}', |r| {
            let key = r.string()?;
            if !r.eat(b':') {
                return None;
            }
            field(r, &key)
        })
    }

    /// An object whose `field` hears each key before its colon, and then calls `colon` and reads
    /// (or skips) the value: for the strict readers of stored formats (`wire`), which judge a key
    /// (a field twice) before what follows it, as serde does.
    pub fn object_keys(&mut self, field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        let mut field = field;
        self.nest(b'{', b'}', |r| {
            let key = r.string()?;
            field(r, &key)
        })
    }

    /// The colon after an object's key (see `object_keys`).
    pub fn colon(&mut self) -> Option<()> {
        self.eat(b':').then_some(())
    }

    /// An array: `element` is called for each element and must read (or skip) it.
    pub fn array(&mut self, element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.nest(b'[', b']', element)
    }

    /// Whether the value at the cursor is of the kind that starts with `c`.
    pub fn is(&mut self, c: u8) -> bool {
        self.peek() == Some(c)
    }

    /// Text: `Some(None)` when the value is of another type (skipped).
    pub fn text(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.is(b'"') {
            self.string().map(Some)
        } else {
            self.skip().map(|_| None)
        }
    }

    /// A number: `Some(None)` when the value is of another type (skipped).
    pub fn num(&mut self) -> Option<Option<f64>> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => self.number().map(Some),
            _ => self.skip().map(|_| None),
        }
    }

    /// A boolean: `Some(None)` when the value is of another type (skipped).
    pub fn boolean(&mut self) -> Option<Option<bool>> {
        match self.peek()? {
            b't' => self.word("true").map(|_| Some(true)),
            b'f' => self.word("false").map(|_| Some(false)),
            _ => self.skip().map(|_| None),
        }
    }

    /// Where the next value starts (after white space), as a byte offset: for the strict readers
    /// of stored formats (`wire`), which say where a value was not what they expected.
    pub fn offset(&mut self) -> usize {
        self.peek();
        self.at
    }

    /// A number's text as written (`-12`, `2.5e3`), the cursor at it; `None` when the value
    /// there is not a number (nothing read then) or the number is broken.
    pub fn number_text(&mut self) -> Option<&'a str> {
        if !matches!(self.peek()?, b'-' | b'0'..=b'9') {
            return None;
        }
        let start = self.at;
        self.number()?;
        Some(&self.text[start..self.at])
    }

    /// An object read by `field` if the value is one (`Some(true)`); skipped otherwise.
    pub fn lax_object(&mut self, field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<bool> {
        if self.is(b'{') {
            self.object(field).map(|_| true)
        } else {
            self.skip().map(|_| false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(json: &str) -> Option<Vec<Option<String>>> {
        let mut r = Reader::new(json);
        let mut out = Vec::new();
        r.array(|r| {
            out.push(r.text()?.map(Cow::into_owned));
            Some(())
        })?;
        r.at_end().then_some(out)
    }

    #[test]
    fn strings_unescape_and_other_types_read_as_none() {
        let read = texts(r#"[ "plain", "a\"b\\c\/d\n", "\u00e9\ud83d\ude00", 42, -1.5e3, true, null, {"x":[1,{}]}, [] ]"#).expect("valid");
        assert_eq!(read[..3], [Some("plain".into()), Some("a\"b\\c/d\n".into()), Some("é😀".into())]);
        assert!(read[3..].iter().all(Option::is_none));
    }

    #[test]
    fn the_word_scan_finds_the_first_special_byte() {
        // Every position and kind, after plain ASCII and after UTF-8 (bytes above 0x7f).
        for filler in ["abcdefghijklmnopqrstuvwxyz", "éàü€😀ßøåñç"] {
            let filler = filler.as_bytes();
            for len in 0..filler.len() {
                for special_byte in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                    let mut text = filler[..len].to_vec();
                    text.push(special_byte);
                    text.extend_from_slice(b"xx\"yy");
                    assert_eq!(special(&text), Some(len), "{len} {special_byte}");
                }
                assert_eq!(special(&filler[..len]), None);
            }
        }
        // Bytes next to the special ones (0x21, 0x5b, 0x5d, 0x20, 0x7f) are plain.
        assert_eq!(special(b"!#[]  \x7f~ !#[]  \x7f~\""), Some(17));
    }

    #[test]
    fn text_without_escapes_is_borrowed() {
        let mut r = Reader::new(r#""abc""#);
        assert!(matches!(r.text(), Some(Some(Cow::Borrowed("abc")))));
    }

    #[test]
    fn numbers_read_in_decimal() {
        for (json, want) in [("0", 0.0), ("90", 90.0), ("0.9", 0.9), ("-2.5", -2.5), ("1e2", 100.0), ("25E-1", 2.5)] {
            let got = Reader::new(json).num().flatten().expect(json);
            assert!((got - want).abs() < 1e-9, "{json}: {got}");
        }
    }

    #[test]
    fn syntax_errors_and_deep_nesting_are_unreadable() {
        for bad in [r#"["a"#, r#"["a" "b"]"#, r#"[tru]"#, "[\"\u{1}\"]", r#"["\q"]"#, "[-]", "[1e]", "[,]"] {
            assert_eq!(texts(bad), None, "{bad}");
        }
        assert_eq!(texts("[1] x"), None);
        // Skipped (`skip`) and passed over (`pass`) strings, keys and values alike, are checked as
        // read ones are: the same answer as reading every key and string, for good and bad text.
        fn read_all(r: &mut Reader) -> Option<()> {
            match r.peek()? {
                b'{' => r.object(|r, _| read_all(r)),
                b'[' => r.array(read_all),
                b'"' => r.string().map(drop),
                _ => r.skip(),
            }
        }
        let bad = [r#"{"\q":1}"#, r#"{"a":"\q"}"#, r#"{"a\ud83d\u0041":1}"#, r#"{"a":"\u12"}"#, "{\"a\u{1}\":1}", r#"{"a" 1}"#, r#"{"a":"b"#, r#"{1:2}"#, r#""\ud83d\ud83d""#];
        let good = [r#"{"a\"\\\/\b\f\n\r\t":"\ud83d\ude00\ud83d x\u00e9","é😀":[1,{"":null}]}"#, r#""\ud83d""#];
        for (text, ok) in bad.iter().map(|t| (t, false)).chain(good.iter().map(|t| (t, true))) {
            assert_eq!(Reader::new(text).skip().is_some(), ok, "{text}");
            assert_eq!(Reader::new(text).pass().is_some(), ok, "{text}");
            assert_eq!(read_all(&mut Reader::new(text)).is_some(), ok, "{text}");
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(Reader::new(&deep).skip(), None);
        let ok = format!("{}{}", "[".repeat(60), "]".repeat(60));
        assert_eq!(Reader::new(&ok).skip(), Some(()));
    }

    #[test]
    fn objects_call_back_per_field() {
        let mut r = Reader::new(r#"{"a": {"b": "x"}, "c": 3, "d": "y"}"#);
        let mut seen = Vec::new();
        r.object(|r, key| {
            seen.push(key.to_string());
            if key == "d" {
                assert_eq!(r.text()?.as_deref(), Some("y"));
                Some(())
            } else {
                r.skip()
            }
        })
        .expect("valid");
        assert_eq!(seen, ["a", "c", "d"]);
    }
}
