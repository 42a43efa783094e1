//! The front matter is hookwise's own small format, not YAML (lessons/README.md, "How front
//! matter differs from YAML"). One test per difference: what an author who knows YAML would
//! expect, and what hookwise does instead.

use hookwise_content::{compile, Input, Output};

const OUTLINE: &str = "---\ntitle: t\nversion: 1\n---\n- [Lesson](lesson.md)\n";

/// Compiles one lesson whose front matter is the usual one with `lines` in place of `title:`.
fn with(title_lines: &str) -> Output {
    let text = format!(
        "---\nid: lesson\n{title_lines}\nsummary: S.\ntopic: T\nminutes: 5\npass_mark: 80\nversion: 1\nsources:\n  - title: A source\n---\n\n## Start\n\nText.\n\n## Quiz\n\n### [true-false] Short\n\n- [x] True\n  > Yes.\n- [ ] False\n  > No.\n\n**Explanation:** Because.\n"
    );
    let lesson = Input { name: "lessons/lesson.md".into(), file_name: "lesson.md".into(), text };
    let outline = Input { name: "lessons/COURSE.md".into(), file_name: "COURSE.md".into(), text: OUTLINE.into() };
    compile(&[lesson], Some(&outline), "lessons/COURSE.md")
}

fn title(out: &Output) -> &str {
    let report: String = out.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(out.errors() == 0, "{report}");
    &out.lessons[0].info.title
}

fn errors(out: &Output) -> String {
    out.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect()
}

/// YAML reads `no`, `yes`, `off`, `1.10` and `null` as a boolean, a number or nothing;
/// hookwise keeps every value as the text written.
#[test]
fn values_are_text_never_booleans_numbers_or_null() {
    for text in ["no", "yes", "off", "1.10", "null", "~", "2026-11-20"] {
        assert_eq!(title(&with(&format!("title: {text}"))), text);
    }
}

/// YAML refuses a second `: ` in a plain value; hookwise splits at the first colon only.
#[test]
fn a_colon_inside_a_value_is_text() {
    assert_eq!(title(&with("title: Step 1: the approach")), "Step 1: the approach");
}

/// YAML starts a comment at ` #`; hookwise only at a line starting with `#`.
#[test]
fn a_hash_inside_a_value_is_text_and_a_line_starting_with_hash_is_a_comment() {
    assert_eq!(title(&with("title: Lesson #2 # not a comment")), "Lesson #2 # not a comment");
    assert_eq!(title(&with("# a comment\ntitle: T")), "T");
}

/// YAML has single quotes and backslash escapes in double quotes; hookwise has only double
/// quotes around a whole value, with `\"` for a quote inside.
#[test]
fn only_double_quotes_quote_and_only_a_quote_is_escaped() {
    assert_eq!(title(&with(r#"title: "Say \"no\": politely""#)), r#"Say "no": politely"#);
    assert_eq!(title(&with("title: 'single'")), "'single'");
    assert_eq!(title(&with(r#"title: "a\nb""#)), r"a\nb");
    let out = with(r#"title: "unclosed"#);
    assert!(errors(&out).contains("this value opens a quote but does not close it"), "{}", errors(&out));
}

/// YAML has multi-line values (`|`, `>`, continuation lines); hookwise has one line per value,
/// and an indented line is an error unless it is a list item.
#[test]
fn a_value_is_one_line() {
    let out = with("title: A long\n  title on two lines");
    assert!(errors(&out).contains("unexpected indented line"), "{}", errors(&out));
    assert_eq!(title(&with("title: |")), "|");
}

/// YAML has flow lists (`[a, b]`) and nesting at any depth; hookwise has one level of
/// `- key: value` items under a key with no value, and a flow list is text.
#[test]
fn lists_are_one_level_of_key_value_items() {
    assert_eq!(title(&with("title: [a, b]")), "[a, b]");
    let out = with("title: T\nsources2:\n  - plain item");
    assert!(errors(&out).contains("expected `key: value` in this list item"), "{}", errors(&out));
}

/// YAML parsers often keep the last of two equal keys; hookwise refuses the second.
#[test]
fn a_key_given_twice_is_an_error() {
    let out = with("title: One\ntitle: Two");
    assert!(errors(&out).contains("`title` is given twice"), "{}", errors(&out));
}

/// YAML allows almost any key (quoted, with spaces); hookwise keys are ASCII letters, digits,
/// `_` and `-`.
#[test]
fn keys_are_plain_words() {
    let out = with("title: T\n\"odd key\": x");
    assert!(errors(&out).contains("expected `key: value`"), "{}", errors(&out));
}
