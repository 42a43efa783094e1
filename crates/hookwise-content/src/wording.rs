//! The wording of a lesson with its source positions: quiz questions and options, practice
//! answers and `[!RED FLAG]` callouts, for the checks that read words (quiz health, fairness).
//!
//! The lesson compiler builds the model without positions; this scan follows the same section
//! rules (`## Practice`, then `## Quiz` to the end) on the raw text, so every finding can point
//! at its exact line and column. It never fails: text it does not recognise is skipped (the
//! compiler reports it).

use hookwise_core::lesson::QuestionKind;

use crate::front_matter::{self, lines_with_offsets, Spanned, Value};
use crate::options::option_line;

/// A piece of source text and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub offset: usize,
    pub text: String,
}

/// One `- [ ]`/`- [x]` option with its `  > feedback` lines.
#[derive(Clone, Debug)]
pub struct OptionText {
    pub correct: bool,
    pub text: Located,
    pub feedback: Vec<Located>,
}

/// One `### [kind] Title` quiz question.
#[derive(Clone, Debug)]
pub struct QuestionText {
    /// The offset of the `###` heading.
    pub heading: usize,
    pub kind: QuestionKind,
    pub title: Located,
    pub options: Vec<OptionText>,
    pub explanation: Vec<Located>,
}

impl QuestionText {
    pub fn key_index(&self) -> Option<usize> {
        self.options.iter().position(|o| o.correct)
    }
}

/// Where an answer sits in a practice scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PracticeAnswer {
    /// A `- [x]` part of a `[red-flags]` exercise.
    MarkedRedFlag,
    /// A `- [x]` reply in a `[conversation]`.
    SafeReply,
    /// A `- [x]` choice in a `[report]` rehearsal.
    CorrectReportChoice,
}

/// A lesson's wording.
#[derive(Clone, Debug, Default)]
pub struct LessonWording {
    pub id: Option<String>,
    pub minutes: Option<Spanned>,
    pub questions: Vec<QuestionText>,
    /// Marked (correct) practice answers only.
    pub practice: Vec<(PracticeAnswer, Located)>,
    /// The text lines of `[!RED FLAG]` callouts in the body.
    pub red_flag_callouts: Vec<Located>,
}

fn is_heading(line: &str, name: &str) -> bool {
    line.trim_end().eq_ignore_ascii_case(name)
}

/// Scans one lesson file, given the front matter `compile_course` parsed (once per file).
pub fn scan(src: &crate::diagnostic::SourceFile, fm: Option<&front_matter::FrontMatter>) -> LessonWording {
    let mut out = LessonWording::default();
    let Some(fm) = fm else {
        return out;
    };
    let scalar = |key: &str| match fm.get(key).map(|f| &f.value) {
        Some(Value::Scalar(s)) => Some(s.clone()),
        _ => None,
    };
    out.id = scalar("id").map(|s| s.text);
    out.minutes = scalar("minutes");
    let text = src.text;
    let body_start = fm.body_start.min(text.len());
    let rest = &text[body_start..];
    let quiz_at = lines_with_offsets(rest).find(|(_, l)| is_heading(l, "## quiz")).map(|(o, l)| (body_start + o, l.len()));
    let body_end = quiz_at.map_or(text.len(), |(o, _)| o);
    let practice_at = lines_with_offsets(&text[body_start..body_end])
        .find(|(_, l)| is_heading(l, "## practice"))
        .map(|(o, l)| (body_start + o, l.len()));
    let text_end = practice_at.map_or(body_end, |(o, _)| o);
    out.red_flag_callouts = red_flag_callouts(&text[body_start..text_end], body_start);
    if let Some((o, len)) = practice_at {
        let start = (o + len + 1).min(body_end);
        out.practice = practice(&text[start..body_end], start);
    }
    if let Some((o, len)) = quiz_at {
        let start = (o + len + 1).min(text.len());
        out.questions = quiz(&text[start..], start);
    }
    out
}

/// `[kind] rest` at the start of a heading's text.
fn kind_tag(heading: &str) -> Option<(&str, &str, usize)> {
    let after = heading.trim_start();
    let lead = heading.len() - after.len();
    let inner = after.strip_prefix('[')?;
    let close = inner.find(']')?;
    let title = &inner[close + 1..];
    let title_lead = title.len() - title.trim_start().len();
    Some((inner[..close].trim(), title.trim(), lead + 1 + close + 1 + title_lead))
}

fn option(line: &str, offset: usize) -> Option<(bool, Located)> {
    let (correct, at) = option_line(line)?;
    let raw = &line[at..];
    let lead = raw.len() - raw.trim_start().len();
    Some((correct, Located { offset: offset + at + lead, text: raw.trim().to_string() }))
}

/// An indented `> feedback` line's text.
fn feedback_line(line: &str, offset: usize) -> Option<Located> {
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start().strip_prefix('>')?;
    if indent < 2 {
        return None;
    }
    let trimmed = body.trim_start();
    Some(Located { offset: offset + line.len() - trimmed.len(), text: trimmed.trim_end().to_string() })
}

fn quiz(text: &str, base: usize) -> Vec<QuestionText> {
    const MARKERS: [&str; 3] = ["**Explanation:**", "**Explanation**:", "Explanation:"];
    let mut questions: Vec<Option<QuestionText>> = Vec::new();
    let mut in_explanation = false;
    for (rel, line) in lines_with_offsets(text) {
        let offset = base + rel;
        if let Some(heading) = line.strip_prefix("### ") {
            in_explanation = false;
            let parsed = kind_tag(heading).and_then(|(kind, title, at)| {
                let kind = match kind {
                    "single" => QuestionKind::Single,
                    "multiple" => QuestionKind::Multiple,
                    "true-false" => QuestionKind::TrueFalse,
                    _ => return None,
                };
                let title = Located { offset: offset + 4 + at, text: title.to_string() };
                Some(QuestionText { heading: offset, kind, title, options: Vec::new(), explanation: Vec::new() })
            });
            questions.push(parsed);
            continue;
        }
        let Some(Some(q)) = questions.last_mut() else { continue };
        if line.trim().is_empty() {
            continue;
        }
        if let Some((correct, text)) = option(line, offset) {
            in_explanation = false;
            q.options.push(OptionText { correct, text, feedback: Vec::new() });
            continue;
        }
        if !in_explanation {
            if let Some(fb) = feedback_line(line, offset) {
                if let Some(o) = q.options.last_mut() {
                    o.feedback.push(fb);
                }
                continue;
            }
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(marker) = MARKERS.iter().find(|m| trimmed.starts_with(**m)) {
            in_explanation = true;
            let body = &trimmed[marker.len()..];
            let lead = body.len() - body.trim_start().len();
            q.explanation.push(Located { offset: offset + indent + marker.len() + lead, text: body.trim().to_string() });
            continue;
        }
        if in_explanation {
            q.explanation.push(Located { offset: offset + indent, text: trimmed.trim_end().to_string() });
        }
    }
    questions.into_iter().flatten().collect()
}

fn practice(text: &str, base: usize) -> Vec<(PracticeAnswer, Located)> {
    let mut out = Vec::new();
    let mut kind = None;
    for (rel, line) in lines_with_offsets(text) {
        let offset = base + rel;
        if let Some(heading) = line.strip_prefix("### ") {
            kind = match kind_tag(heading).map(|(k, _, _)| k) {
                Some("conversation") => Some(PracticeAnswer::SafeReply),
                Some("red-flags") => Some(PracticeAnswer::MarkedRedFlag),
                Some("report") => Some(PracticeAnswer::CorrectReportChoice),
                Some("profile" | "thread" | "email" | "invitation") => Some(PracticeAnswer::MarkedRedFlag),
                _ => None,
            };
            continue;
        }
        if kind == Some(PracticeAnswer::MarkedRedFlag) {
            // A mock-up part: `- [flag] field: text`, the text after the field.
            if let Some(rest) = line.strip_prefix("- [flag] ").or_else(|| line.strip_prefix("* [flag] ")) {
                if let Some((label, text)) = rest.split_once(": ") {
                    let at = offset + line.len() - rest.len() + label.len() + 2;
                    out.push((PracticeAnswer::MarkedRedFlag, Located { offset: at, text: text.to_string() }));
                    continue;
                }
            }
        }
        let (Some(kind), Some((true, mut item))) = (kind, option(line, offset)) else { continue };
        if kind == PracticeAnswer::SafeReply {
            // `[What you say](#next-step)`: only the words said.
            if let Some((said, _)) = item.text.strip_prefix('[').and_then(|r| r.rsplit_once("](#")) {
                item = Located { offset: item.offset + 1, text: said.to_string() };
            }
        }
        out.push((kind, item));
    }
    out
}

/// The lines of `> [!RED FLAG]` callouts, outside fenced code.
fn red_flag_callouts(text: &str, base: usize) -> Vec<Located> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut in_callout = false;
    for (rel, line) in lines_with_offsets(text) {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            in_callout = false;
            continue;
        }
        let Some(quoted) = trimmed.strip_prefix('>') else {
            in_callout = false;
            continue;
        };
        let content = quoted.trim_start();
        let at = base + rel + line.len() - content.len();
        if let Some(rest) = content.strip_prefix("[!") {
            in_callout = rest.starts_with("RED FLAG]");
            if in_callout {
                let after = &rest["RED FLAG]".len()..];
                let lead = after.len() - after.trim_start().len();
                if !after.trim().is_empty() {
                    out.push(Located { offset: at + 2 + "RED FLAG]".len() + lead, text: after.trim().to_string() });
                }
            }
            continue;
        }
        if in_callout && !content.trim().is_empty() {
            out.push(Located { offset: at, text: content.trim_end().to_string() });
        }
    }
    out
}

/// One word of a text: its byte offset in the file and its lowercase form. Words are runs of
/// letters and digits, with an apostrophe inside a word kept (`isn't`); hyphens split words.
#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub offset: usize,
    /// The byte offset just after the word.
    pub end: usize,
    pub lower: String,
    /// True when a sentence ends right after this word (`.`, `!`, `?`, `;`, `:`).
    pub ends_sentence: bool,
}

pub fn words(text: &str, base: usize) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let apostrophe = (c == '\'' || c == '’') && current.is_some() && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || apostrophe {
            let entry = current.get_or_insert((base + i, String::new()));
            match c {
                _ if apostrophe => entry.1.push('\''),
                _ if c.is_ascii() => entry.1.push(c.to_ascii_lowercase()),
                _ => entry.1.extend(c.to_lowercase()),
            }
            continue;
        }
        if let Some((offset, lower)) = current.take() {
            out.push(Word { offset, end: base + i, lower, ends_sentence: false });
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':') {
            if let Some(last) = out.last_mut() {
                last.ends_sentence = true;
            }
        }
    }
    if let Some((offset, lower)) = current {
        out.push(Word { offset, end: base + text.len(), lower, ends_sentence: true });
    }
    out
}

/// A word or phrase to look for: words separated by spaces; a final `*` matches any ending
/// (`nationalit*` matches "nationality" and "nationalities").
pub fn matches_at(words: &[Word], at: usize, term: &str) -> bool {
    term.split(' ').enumerate().all(|(k, part)| {
        let Some(w) = words.get(at + k) else { return false };
        match part.strip_suffix('*') {
            Some(stem) => w.lower.starts_with(stem),
            None => w.lower == part,
        }
    })
}

/// Every place in `words` where one of `terms` starts: (index of the first word, the term).
/// Where two terms match at one word, the first listed wins.
pub fn find_terms<'t>(words: &[Word], terms: &[&'t str]) -> Vec<(usize, &'t str)> {
    TermIndex::new(terms).find(words)
}

/// Terms grouped by first letter (stable, so list order is kept within a letter) and split
/// into words, so that a word is compared only with the terms that start like it. Build it
/// once for a long list.
pub struct TermIndex<'t> {
    /// (position in the list, the term, its words).
    sorted: Vec<(usize, &'t str, Vec<TermWord<'t>>)>,
}

/// One word of a term: its text, and whether any ending matches (`nationalit*`).
type TermWord<'t> = (&'t str, bool);

impl<'t> TermIndex<'t> {
    pub fn new(terms: &[&'t str]) -> Self {
        let mut sorted: Vec<_> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let parts = t.split(' ').map(|p| p.strip_suffix('*').map_or((p, false), |stem| (stem, true))).collect();
                (i, *t, parts)
            })
            .collect();
        sorted.sort_by_key(|(i, t, _)| (t.as_bytes().first().copied(), *i));
        TermIndex { sorted }
    }

    pub fn find(&self, words: &[Word]) -> Vec<(usize, &'t str)> {
        let first = |t: &str| t.as_bytes().first().copied();
        let mut out = Vec::new();
        // A match covers its words: "North Korea" is not also "Korea".
        let mut covered = 0;
        for (i, word) in words.iter().enumerate() {
            if i < covered {
                continue;
            }
            let letter = first(&word.lower);
            let from = self.sorted.partition_point(|(_, t, _)| first(t) < letter);
            let matched = self.sorted[from..].iter().take_while(|(_, t, _)| first(t) == letter).find(|(_, _, parts)| {
                parts.iter().enumerate().all(|(k, (part, any_ending))| match words.get(i + k) {
                    Some(w) if *any_ending => w.lower.starts_with(part),
                    Some(w) => w.lower == *part,
                    None => false,
                })
            });
            if let Some((_, term, parts)) = matched {
                out.push((i, *term));
                covered = i + parts.len();
            }
        }
        out
    }
}

/// The length of an option as a learner sees it: Markdown emphasis and code marks and link
/// targets do not count.
pub fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("](") {
            // Skip the link target.
            match rest.find(')') {
                Some(close) => {
                    rest = &rest[close + 1..];
                    continue;
                }
                None => break,
            }
        }
        if !matches!(c, '*' | '_' | '`' | '[' | ']') {
            n += 1;
        }
        rest = &rest[c.len_utf8()..];
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;

    #[test]
    fn words_keep_apostrophes_and_mark_sentence_ends() {
        let w = words("It isn't from-China. Yes", 10);
        let lower: Vec<&str> = w.iter().map(|w| w.lower.as_str()).collect();
        assert_eq!(lower, ["it", "isn't", "from", "china", "yes"]);
        assert_eq!((w[3].offset, w[3].end), (10 + 14, 10 + 19));
        assert!(w[3].ends_sentence && !w[2].ends_sentence);
    }

    #[test]
    fn phrases_and_stems_match() {
        let w = words("Their nationalities and North Korean ties", 0);
        assert_eq!(find_terms(&w, &["nationalit*", "korea*", "north korea*"]), vec![(1, "nationalit*"), (3, "north korea*")]);
    }

    #[test]
    fn visible_length_ignores_markup() {
        assert_eq!(visible_len("**Tell** [them](https://example.org/long)"), "Tell them".len());
    }

    #[test]
    fn scans_questions_practice_and_callouts_with_positions() {
        let text = "---\nid: a\nminutes: 5\n---\n\n> [!RED FLAG]\n> - Asks for secrecy.\n\n## Practice\n\n### [red-flags] P\n\n- [x] The ask\n- [ ] A hello\n\n## Quiz\n\n### [single] Q one\n\n- [ ] No\n  > fb\n- [x] Yes *really*\n  > good\n\n**Explanation:** Because.\nMore.\n";
        let src = SourceFile::new("a.md", text);
        let w = scan(&src, front_matter::parse(&src, &mut Vec::new()).as_ref());
        assert_eq!(w.id.as_deref(), Some("a"));
        assert_eq!(w.minutes.as_ref().map(|m| m.text.as_str()), Some("5"));
        assert_eq!(w.red_flag_callouts.len(), 1);
        assert_eq!(&text[w.red_flag_callouts[0].offset..][..5], "- Ask");
        assert_eq!(w.practice.len(), 1);
        assert_eq!(&text[w.practice[0].1.offset..][..7], "The ask");
        let q = &w.questions[0];
        assert_eq!((q.kind, q.title.text.as_str(), q.key_index()), (QuestionKind::Single, "Q one", Some(1)));
        assert_eq!(&text[q.options[1].text.offset..][..3], "Yes");
        assert_eq!(q.options[1].feedback[0].text, "good");
        assert_eq!(q.explanation.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["Because.", "More."]);
    }
}
