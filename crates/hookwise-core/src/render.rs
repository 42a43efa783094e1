//! The lesson as static HTML, written at build time into each lesson's page
//! (`lessons/<id>/index.html`), so that a lesson reads before (or without) the app bundle.
//!
//! The markup and classes are the ones the app's components produce (`src/learn/pages/lesson.rs`,
//! `src/learn/components/rich_text.rs`), so one style sheet styles both. Every piece of lesson
//! text is escaped here, in one place: the model has no HTML node, and nothing from a lesson
//! is ever written as markup. The quiz and practice, which need the app to answer, are written
//! inside `<noscript>`: readable with JavaScript off, absent from the page the app takes over.

use crate::lesson::{Activity, Block, CalloutKind, Inline, Lesson, QuestionKind};
use crate::route::Route;

/// Where the page is served, which decides how links between lessons are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// The hosted site: `/lessons/<id>` is an ordinary link.
    Site,
    /// Inside an LMS package: a lesson link opens that lesson's own pre-rendered page in the
    /// package, `lesson-<id>.html?lesson=<id>`, in a new tab (`Route::package_href`), as the app
    /// does there.
    Package,
}

/// What the page says where the quiz and practice would be, with JavaScript off.
pub const NEEDS_SCRIPT: &str = "Answering needs JavaScript. You can read the questions here; turn JavaScript on to answer them.";

/// Where the app shows the learner's status badge, which only the app knows: the badge's room,
/// invisible and unread, so that the text below does not move when the app takes over.
pub const STATUS_ROOM: &str = "<span class=\"badge badge-placeholder\" aria-hidden=\"true\">Not started</span>";

/// The room of a returning learner's best score, at the end of the meta line, as wide as the
/// widest score: the app fills it (or keeps it, for a learner without one), and nothing moves.
pub const BEST_SCORE_ROOM: &str = "<span class=\"best-score badge-placeholder\" aria-hidden=\"true\">Best score: 100%</span>";

/// The room of "Continue reading at …", one line at the end of the contents (the link is only
/// ever to one of its headings); the app fills it for a returning learner.
pub const RESUME_ROOM: &str = "<p class=\"resume badge-placeholder\" aria-hidden=\"true\">Continue reading</p>";

/// `text` escaped for an element's content or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The lesson's `<article class="lesson">`, as the app's lesson page draws it before the
/// learner's own state (status, "continue reading") is known.
pub fn lesson_html(lesson: &Lesson, links: Links) -> String {
    let mut out = String::new();
    let info = &lesson.info;
    out.push_str("<article class=\"lesson\">\n");
    if links == Links::Site {
        out.push_str(&format!("<p class=\"breadcrumb\"><a href=\"{}\" rel=\"external\">← All lessons</a></p>\n", escape(&Route::Catalogue.path())));
    }
    out.push_str(&format!("<h1>{}</h1>\n", escape(&info.title)));
    out.push_str(&format!(
        "<p class=\"meta\"><span>{}</span><span>{} min</span><span>Pass mark {}%</span>{STATUS_ROOM}{BEST_SCORE_ROOM}</p>\n",
        escape(&info.topic),
        info.minutes,
        info.pass_mark
    ));
    let toc = lesson.toc();
    if toc.len() >= 3 {
        out.push_str("<nav class=\"toc\" aria-labelledby=\"toc-heading\"><h2 id=\"toc-heading\">In this lesson</h2><ol>");
        for (anchor, title) in &toc {
            out.push_str(&format!("<li><a href=\"#{}\">{}</a></li>", escape(anchor), escape(title)));
        }
        out.push_str("</ol>");
        out.push_str(RESUME_ROOM);
        out.push_str("</nav>\n");
    }
    out.push_str("<div class=\"lesson-body\">");
    blocks(&mut out, &lesson.body, links);
    out.push_str("</div>\n");
    if !lesson.practice.is_empty() {
        out.push_str("<noscript><section class=\"practice\" aria-labelledby=\"practice-heading\"><h2 id=\"practice-heading\">Practice</h2>");
        out.push_str(&format!("<p class=\"hint\">{}</p>", escape(NEEDS_SCRIPT)));
        for scenario in &lesson.practice {
            let id = escape(&format!("practice-{}", scenario.id));
            out.push_str(&format!("<section class=\"scenario\" aria-labelledby=\"{id}\"><h3 id=\"{id}\">{}</h3>", escape(&scenario.title)));
            blocks(&mut out, &scenario.intro, links);
            if let Activity::Conversation { steps } = &scenario.activity {
                if let Some(first) = steps.first() {
                    blocks(&mut out, &first.content, links);
                }
            }
            out.push_str("</section>");
        }
        out.push_str("</section></noscript>\n");
    }
    out.push_str("<section class=\"sources\" aria-labelledby=\"sources-heading\"><h2 id=\"sources-heading\">Sources</h2><ul>");
    for source in &lesson.sources {
        match &source.url {
            Some(url) => out.push_str(&format!(
                "<li><a href=\"{}\" rel=\"noopener noreferrer\" referrerpolicy=\"no-referrer\">{}</a></li>",
                escape(url),
                escape(&source.title)
            )),
            None => out.push_str(&format!("<li>{}</li>", escape(&source.title))),
        }
    }
    out.push_str("</ul></section>\n");
    if !lesson.quiz.questions.is_empty() {
        out.push_str("<noscript><section class=\"quiz\" aria-labelledby=\"quiz-heading\"><h2 id=\"quiz-heading\">Quiz</h2>");
        out.push_str(&format!("<p class=\"quiz-intro\">{}</p>", escape(NEEDS_SCRIPT)));
        for question in &lesson.quiz.questions {
            out.push_str(&format!("<div class=\"question\"><h3>{}</h3><div class=\"prompt\">", escape(&question.title)));
            blocks(&mut out, &question.prompt, links);
            let list = if question.kind == QuestionKind::Multiple { "Choose all that apply." } else { "Choose one." };
            out.push_str(&format!("</div><p>{list}</p><ul>"));
            for choice in &question.choices {
                out.push_str("<li>");
                inlines(&mut out, &choice.text, links);
                out.push_str("</li>");
            }
            out.push_str("</ul></div>");
        }
        out.push_str("</section></noscript>\n");
    }
    out.push_str("</article>\n");
    out
}

fn blocks(out: &mut String, blocks: &[Block], links: Links) {
    for b in blocks {
        block(out, b, links);
    }
}

fn block(out: &mut String, block: &Block, links: Links) {
    match block {
        Block::Heading { level, anchor, content } => {
            let (tag, extra) = match level {
                1 | 2 => ("h2", " tabindex=\"-1\""),
                3 => ("h3", ""),
                _ => ("h4", ""),
            };
            out.push_str(&format!("<{tag} id=\"{}\"{extra}>", escape(anchor)));
            inlines(out, content, links);
            out.push_str(&format!("</{tag}>"));
        }
        Block::Paragraph { content } => {
            out.push_str("<p>");
            inlines(out, content, links);
            out.push_str("</p>");
        }
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>"));
            for item in items {
                out.push_str("<li>");
                blocks(out, item, links);
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
        }
        Block::Callout { kind, content } => {
            let class = match kind {
                CalloutKind::RedFlag => "callout callout-red-flag",
                CalloutKind::WhatToDo => "callout callout-what-to-do",
                CalloutKind::RealCase => "callout callout-real-case",
                CalloutKind::Report => "callout callout-report",
            };
            let label = escape(kind.label());
            out.push_str(&format!(
                "<div class=\"{class}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-label\" aria-hidden=\"true\">{label}</p>"
            ));
            blocks(out, content, links);
            out.push_str("</div>");
        }
        Block::Quote { content } => {
            out.push_str("<blockquote>");
            blocks(out, content, links);
            out.push_str("</blockquote>");
        }
        Block::Table { head, rows } => {
            out.push_str("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table><thead><tr>");
            for cell in head {
                out.push_str("<th scope=\"col\">");
                inlines(out, cell, links);
                out.push_str("</th>");
            }
            out.push_str("</tr></thead><tbody>");
            for row in rows {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str("<td>");
                    inlines(out, cell, links);
                    out.push_str("</td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table></div>");
        }
        Block::Code { text } => out.push_str(&format!("<pre><code>{}</code></pre>", escape(text))),
        Block::Rule => out.push_str("<hr>"),
    }
}

fn inlines(out: &mut String, inlines: &[Inline], links: Links) {
    for i in inlines {
        inline(out, i, links);
    }
}

fn inline(out: &mut String, inline: &Inline, links: Links) {
    match inline {
        Inline::Text { text } => out.push_str(&escape(text)),
        Inline::Strong { content } => {
            out.push_str("<strong>");
            inlines(out, content, links);
            out.push_str("</strong>");
        }
        Inline::Emph { content } => {
            out.push_str("<em>");
            inlines(out, content, links);
            out.push_str("</em>");
        }
        Inline::Code { text } => out.push_str(&format!("<code>{}</code>", escape(text))),
        Inline::Link { href, content } if href.starts_with('/') => match links {
            Links::Site => {
                out.push_str(&format!("<a href=\"{}\">", escape(href)));
                inlines(out, content, links);
                out.push_str("</a>");
            }
            Links::Package => match Route::parse(href).and_then(|r| r.package_href()) {
                Some(target) => {
                    out.push_str(&format!("<a href=\"{}\" target=\"_blank\" rel=\"noopener\">", escape(&target)));
                    inlines(out, content, links);
                    out.push_str(" (opens in a new tab)</a>");
                }
                None => inlines(out, content, links),
            },
        },
        Inline::Link { href, content } => {
            out.push_str(&format!("<a href=\"{}\" rel=\"noopener noreferrer\" referrerpolicy=\"no-referrer\">", escape(href)));
            inlines(out, content, links);
            out.push_str("</a>");
        }
        Inline::Image { src, alt } => {
            out.push_str(&format!("<img src=\"{}\" alt=\"{}\" loading=\"lazy\" referrerpolicy=\"no-referrer\">", escape(src), escape(alt)))
        }
        Inline::Break => out.push_str("<br>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::{Choice, Source};
    use crate::lms::fixtures::{lesson, question};

    const HOSTILE: &str = "<script>alert(\"x\")</script> & 'quoted' \"too\"";
    const ESCAPED: &str = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;too&quot;";

    fn hostile_lesson() -> Lesson {
        let mut q = question("q1", QuestionKind::Single, &[0], 2);
        q.title = HOSTILE.into();
        q.choices[1] = Choice { text: vec![Inline::text(HOSTILE)], correct: false, feedback: vec![] };
        let mut l = lesson(vec![q]);
        l.info.title = HOSTILE.into();
        l.info.topic = HOSTILE.into();
        l.sources = vec![
            Source { title: HOSTILE.into(), url: Some("https://example.org/?a=1&b=\"2\"".into()) },
            Source { title: "A book".into(), url: None },
        ];
        l.body = vec![
            Block::Heading { level: 2, anchor: "a\"b".into(), content: vec![Inline::text(HOSTILE)] },
            Block::Paragraph {
                content: vec![
                    Inline::text(HOSTILE),
                    Inline::Code { text: "<b>".into() },
                    Inline::Image { src: "/images/x.png".into(), alt: HOSTILE.into() },
                    Inline::Link { href: "https://example.org/\"onmouseover=\"x".into(), content: vec![Inline::text("out")] },
                ],
            },
            Block::Code { text: "</pre><script>x()</script>".into() },
            Block::Table { head: vec![vec![Inline::text(HOSTILE)]], rows: vec![vec![vec![Inline::text(HOSTILE)]]] },
        ];
        l
    }

    #[test]
    fn every_piece_of_lesson_text_is_escaped() {
        let html = lesson_html(&hostile_lesson(), Links::Site);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("'quoted'"), "{html}");
        assert!(html.contains(&format!("<h1>{ESCAPED}</h1>")), "{html}");
        assert!(html.contains(&format!("<p>{ESCAPED}<code>&lt;b&gt;</code>")), "{html}");
        assert!(html.contains(&format!("alt=\"{ESCAPED}\"")), "{html}");
        assert!(html.contains("href=\"https://example.org/&quot;onmouseover=&quot;x\""), "an attribute cannot be closed: {html}");
        assert!(html.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""), "{html}");
        assert!(html.contains("<pre><code>&lt;/pre&gt;&lt;script&gt;x()&lt;/script&gt;</code></pre>"), "{html}");
        assert!(html.contains("<h2 id=\"a&quot;b\" tabindex=\"-1\">"), "{html}");
        // Each of the eight hostile texts (title, topic, heading, paragraph, alt, th, td, source,
        // question title, choice) appears escaped and never raw.
        assert_eq!(html.matches(ESCAPED).count(), 10, "{html}");
        assert_eq!(html.matches(HOSTILE).count(), 0);
    }

    #[test]
    fn the_page_has_the_app_s_structure_and_classes() {
        let mut l = lesson(vec![question("q1", QuestionKind::Multiple, &[0, 1], 3)]);
        l.info.topic = "Approaches".into();
        l.body = vec![
            Block::Heading { level: 2, anchor: "one".into(), content: vec![Inline::text("One")] },
            Block::Callout { kind: CalloutKind::RealCase, content: vec![Block::Paragraph { content: vec![Inline::text("A case.")] }] },
            Block::Heading { level: 2, anchor: "two".into(), content: vec![Inline::text("Two")] },
            Block::List { ordered: true, items: vec![vec![Block::Paragraph { content: vec![Inline::Strong { content: vec![Inline::text("bold")] }] }]] },
            Block::Heading { level: 3, anchor: "two-a".into(), content: vec![Inline::Emph { content: vec![Inline::text("Sub")] }] },
            Block::Heading { level: 2, anchor: "three".into(), content: vec![Inline::text("Three")] },
            Block::Paragraph { content: vec![Inline::Link { href: "/lessons/other-one".into(), content: vec![Inline::text("other")] }, Inline::Break] },
            Block::Rule,
        ];
        l.sources = vec![Source { title: "Court record".into(), url: Some("https://example.org/r".into()) }];
        let html = lesson_html(&l, Links::Site);
        let expected = [
            "<article class=\"lesson\">",
            "<p class=\"breadcrumb\"><a href=\"/\" rel=\"external\">← All lessons</a></p>",
            "<h1>The little hook</h1>",
            "<p class=\"meta\"><span>Approaches</span><span>5 min</span><span>Pass mark 80%</span><span class=\"badge badge-placeholder\" aria-hidden=\"true\">Not started</span><span class=\"best-score badge-placeholder\" aria-hidden=\"true\">Best score: 100%</span></p>",
            "<nav class=\"toc\" aria-labelledby=\"toc-heading\"><h2 id=\"toc-heading\">In this lesson</h2><ol><li><a href=\"#one\">One</a></li><li><a href=\"#two\">Two</a></li><li><a href=\"#three\">Three</a></li></ol><p class=\"resume badge-placeholder\" aria-hidden=\"true\">Continue reading</p></nav>",
            "<div class=\"lesson-body\"><h2 id=\"one\" tabindex=\"-1\">One</h2>",
            "<div class=\"callout callout-real-case\" role=\"note\" aria-label=\"Real case\"><p class=\"callout-label\" aria-hidden=\"true\">Real case</p><p>A case.</p></div>",
            "<ol><li><p><strong>bold</strong></p></li></ol><h3 id=\"two-a\"><em>Sub</em></h3>",
            "<p><a href=\"/lessons/other-one\">other</a><br></p><hr></div>",
            "<section class=\"sources\" aria-labelledby=\"sources-heading\"><h2 id=\"sources-heading\">Sources</h2><ul><li><a href=\"https://example.org/r\" rel=\"noopener noreferrer\" referrerpolicy=\"no-referrer\">Court record</a></li></ul></section>",
            "<noscript><section class=\"quiz\" aria-labelledby=\"quiz-heading\"><h2 id=\"quiz-heading\">Quiz</h2>",
            "<div class=\"question\"><h3>Question q1</h3><div class=\"prompt\"></div><p>Choose all that apply.</p><ul><li>choice 0</li><li>choice 1</li><li>choice 2</li></ul></div>",
            "</section></noscript>\n</article>\n",
        ];
        let mut at = 0;
        for part in expected {
            let found = html[at..].find(part).unwrap_or_else(|| panic!("{part}\nnot in order in\n{html}"));
            at += found + part.len();
        }
        assert!(html.contains(NEEDS_SCRIPT));
        // No script of any kind, and no practice section for a lesson without practice.
        assert!(!html.contains("<script") && !html.contains("practice"), "{html}");
    }

    #[test]
    fn in_a_package_lesson_links_open_the_package_and_there_is_no_way_back_to_a_site() {
        let mut l = lesson(vec![]);
        l.body = vec![Block::Paragraph {
            content: vec![
                Inline::Link { href: "/lessons/other-one".into(), content: vec![Inline::text("other")] },
                Inline::Link { href: "/progress".into(), content: vec![Inline::text("progress")] },
            ],
        }];
        let html = lesson_html(&l, Links::Package);
        assert!(html.contains("<a href=\"lesson-other-one.html?lesson=other-one\" target=\"_blank\" rel=\"noopener\">other (opens in a new tab)</a>progress</p>"), "{html}");
        assert!(!html.contains("breadcrumb") && !html.contains("href=\"/"), "{html}");
        assert!(!html.contains("<noscript><section class=\"quiz\""), "no quiz, no quiz section");
    }
}
