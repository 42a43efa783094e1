//! Markdown to the lesson model's blocks and inlines. `new_cmark_parser` picks every
//! pulldown-cmark option in one place.
//!
//! Raw HTML is rejected (HTML comments are dropped), and links are checked: only http(s),
//! mailto, in-page anchors and relative links, and links to other lessons must name a lesson
//! file that exists. Lesson links become the app's `/lessons/<id>` addresses.

use std::collections::BTreeMap;

use hookwise_core::lesson::{Block, CalloutKind, Inline};
use hookwise_core::organisation::Organisation;
use hookwise_core::route::{LessonId, Route};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, SourceFile, WithHelp};
use crate::organisation;

/// The one place that chooses the Markdown dialect.
pub fn new_cmark_parser(text: &str) -> Parser<'_> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    Parser::new_ext(text, options)
}

/// What the Markdown is checked against.
pub struct Context<'a> {
    pub src: &'a SourceFile<'a>,
    /// Lesson file names in the folder (`reporting.md`) and their ids.
    pub lessons: &'a BTreeMap<String, String>,
    /// The organisation settings, for `{{org.name}}`-style references and `[!REPORT]`;
    /// `None` when the folder has no valid `ORGANISATION.md`.
    pub org: Option<&'a Organisation>,
    /// Whether `ORGANISATION.md` exists (it may have errors of its own).
    pub org_file_exists: bool,
}

enum Frame {
    Blocks(Vec<Block>),
    Paragraph(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    Quote(Vec<Block>, usize),
    List(Option<u64>, Vec<Vec<Block>>),
    /// A list item: its blocks, and inline text not yet wrapped in a paragraph (tight lists).
    Item(Vec<Block>, Vec<Inline>),
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>),
    Row(Vec<Vec<Inline>>),
    Cell(Vec<Inline>),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    Link(String, Vec<Inline>),
    Image(String, String),
    Code(String),
    Html,
}

struct Builder<'c, 'a> {
    ctx: &'c Context<'a>,
    base: usize,
    stack: Vec<Frame>,
    in_table_head: bool,
    diagnostics: Vec<Diagnostic>,
}

fn flush_loose(blocks: &mut Vec<Block>, loose: &mut Vec<Inline>) {
    if !loose.is_empty() {
        blocks.push(Block::Paragraph { content: std::mem::take(loose) });
    }
}

impl Builder<'_, '_> {
    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks(b)) | Some(Frame::Quote(b, _)) => b.push(block),
            Some(Frame::Item(b, loose)) => {
                flush_loose(b, loose);
                b.push(block)
            }
            _ => {}
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Paragraph(i))
            | Some(Frame::Heading(_, i))
            | Some(Frame::Cell(i))
            | Some(Frame::Strong(i))
            | Some(Frame::Emph(i))
            | Some(Frame::Link(_, i))
            | Some(Frame::Item(_, i)) => i.push(inline),
            Some(Frame::Image(_, alt)) => alt.push_str(&core_plain(&inline)),
            _ => {}
        }
    }

    fn pop_inlines(&mut self) -> Vec<Inline> {
        match self.stack.pop() {
            Some(Frame::Paragraph(i)) | Some(Frame::Cell(i)) | Some(Frame::Strong(i)) | Some(Frame::Emph(i)) => i,
            _ => Vec::new(),
        }
    }

    fn error(&mut self, offset: usize, message: impl Into<String>, help: &str) {
        let d = self.ctx.src.error(self.base + offset, message).help(help);
        self.diagnostics.push(d);
    }

    /// Checks a link destination and returns the href the app should use.
    fn check_link(&mut self, dest: &str, offset: usize, is_image: bool) -> Option<String> {
        // Browsers ignore ASCII whitespace and control characters inside a scheme
        // ("java\tscript:"), so the check does too.
        let squeezed: String = dest.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
        let scheme_end = squeezed.find(':');
        let scheme = scheme_end
            .map(|i| &squeezed[..i])
            .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
            .filter(|_| !squeezed[..scheme_end.unwrap_or(0)].contains(['/', '?', '#']));
        match scheme.map(|s| s.to_ascii_lowercase()) {
            Some(s) if is_image && (s == "https" || s == "http") => {
                self.error(
                    offset,
                    "images must be files in the course folder, not on another site",
                    "put the image in lessons/images/ and write `![description](images/name.png)`: learners' browsers fetch nothing from other sites",
                );
                return None;
            }
            Some(s) if s == "https" || s == "http" => return Some(dest.to_string()),
            Some(s) if s == "mailto" && !is_image => return Some(dest.to_string()),
            Some(s) => {
                let what = if is_image { "image" } else { "link" };
                self.error(
                    offset,
                    format!("{what} uses the `{s}:` scheme, which is not allowed"),
                    "use an https:, http: or mailto: address, or a relative link to another lesson",
                );
                return None;
            }
            None => {}
        }
        if dest.is_empty() {
            self.error(offset, "link has no destination", "write the address in the brackets: `[text](https://...)`");
            return None;
        }
        if dest.starts_with('#') || is_image {
            return Some(dest.to_string());
        }
        if dest.starts_with('/') {
            // An app address would bypass the check that the lesson exists, and breaks when
            // the course is served from a sub-folder (an LMS package).
            let help = match dest.strip_prefix("/lessons/") {
                Some(id) => format!("link to the lesson's file instead, for example `{}.md`", id.split('#').next().unwrap_or(id)),
                None => "use a relative link, or a full https:// address".to_string(),
            };
            self.error(offset, format!("link to `{dest}` starts with `/`"), &help);
            return None;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let file = path.strip_prefix("./").unwrap_or(path);
        if file.ends_with(".md") {
            return match self.ctx.lessons.get(file) {
                // A lesson whose `id:` is not valid has its own error; the link stays empty.
                Some(id) => {
                    let route = LessonId::parse(id).map(Route::Lesson);
                    Some(match (route, fragment) {
                        (Some(r), Some(f)) => r.anchored(f),
                        (Some(r), None) => r.path(),
                        (None, _) => String::new(),
                    })
                }
                None => {
                    let known: Vec<&str> = self.ctx.lessons.keys().map(String::as_str).collect();
                    let help = match crate::front_matter::suggest(file, &known) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => "link to a lesson by its file name, for example `reporting.md`".to_string(),
                    };
                    self.error(offset, format!("link to `{file}`, but there is no such lesson"), &help);
                    None
                }
            };
        }
        Some(dest.to_string())
    }

    fn run(&mut self, text: &str) {
        for (event, range) in new_cmark_parser(text).into_offset_iter() {
            let at = range.start;
            match event {
                Event::Start(tag) => self.start(tag, at),
                Event::End(tag) => self.end(tag),
                Event::Text(t) => {
                    if matches!(self.stack.last(), Some(Frame::Code(_))) {
                        if let Some(Frame::Code(code)) = self.stack.last_mut() {
                            code.push_str(&t);
                        }
                    } else {
                        self.text_with_references(&t, at);
                    }
                }
                Event::Code(t) => self.push_inline(Inline::Code { text: t.to_string() }),
                Event::SoftBreak => self.push_inline(Inline::text(" ")),
                Event::HardBreak => self.push_inline(Inline::Break),
                Event::Rule => self.push_block(Block::Rule),
                Event::Html(html) | Event::InlineHtml(html) => {
                    let trimmed = html.trim();
                    let comment = trimmed.starts_with("<!--");
                    let inside_comment = matches!(self.stack.last(), Some(Frame::Html)) && !trimmed.starts_with('<');
                    if !comment && !inside_comment && !trimmed.is_empty() {
                        let tag: String = trimmed.chars().take(40).take_while(|c| *c != '\n').collect();
                        self.error(
                            at,
                            format!("raw HTML is not allowed in lessons: `{tag}`"),
                            "write Markdown instead; to show HTML as text, put it in backticks",
                        );
                    }
                }
                Event::TaskListMarker(_) | Event::FootnoteReference(_) => {}
                Event::InlineMath(t) | Event::DisplayMath(t) => self.push_inline(Inline::text(t.to_string())),
            }
        }
    }

    /// Text, with each `{{setting}}` replaced by the organisation's value.
    fn text_with_references(&mut self, text: &str, at: usize) {
        let mut rest = text;
        let mut offset = at;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}").map(|c| open + c) else { break };
            if open > 0 {
                self.push_inline(Inline::text(rest[..open].to_string()));
            }
            let name = rest[open + 2..close].trim();
            match self.reference(name, offset + open) {
                Some(inlines) => inlines.into_iter().for_each(|i| self.push_inline(i)),
                None => self.push_inline(Inline::text(rest[open..close + 2].to_string())),
            }
            offset += close + 2;
            rest = &rest[close + 2..];
        }
        if !rest.is_empty() {
            self.push_inline(Inline::text(rest.to_string()));
        }
    }

    fn reference(&mut self, name: &str, at: usize) -> Option<Vec<Inline>> {
        let Some(org) = self.ctx.org else {
            if !self.ctx.org_file_exists {
                self.error(
                    at,
                    format!("`{{{{{name}}}}}` refers to the organisation settings, but there are none"),
                    "create lessons/ORGANISATION.md with your organisation's name, team and reporting channels (see lessons/README.md, \"Organisation settings\")",
                );
            }
            return None;
        };
        if let Some(inlines) = organisation::resolve(org, name) {
            return Some(inlines);
        }
        let names = organisation::reference_names(org);
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let help = match crate::front_matter::suggest(name, &known) {
            Some(k) => format!("did you mean `{{{{{k}}}}}`?"),
            None => format!("the settings are: {}", known.iter().map(|k| format!("`{{{{{k}}}}}`")).collect::<Vec<_>>().join(", ")),
        };
        self.error(at, format!("there is no organisation setting `{name}`"), &help);
        None
    }

    fn start(&mut self, tag: Tag<'_>, at: usize) {
        let frame = match tag {
            Tag::Paragraph => Frame::Paragraph(Vec::new()),
            Tag::Heading { level, .. } => Frame::Heading(level as u8, Vec::new()),
            Tag::BlockQuote(_) => Frame::Quote(Vec::new(), at),
            Tag::CodeBlock(_) => Frame::Code(String::new()),
            Tag::HtmlBlock => Frame::Html,
            Tag::List(start) => Frame::List(start, Vec::new()),
            Tag::Item => Frame::Item(Vec::new(), Vec::new()),
            Tag::Table(_) => Frame::Table(Vec::new(), Vec::new()),
            Tag::TableHead => {
                self.in_table_head = true;
                Frame::Row(Vec::new())
            }
            Tag::TableRow => Frame::Row(Vec::new()),
            Tag::TableCell => Frame::Cell(Vec::new()),
            Tag::Emphasis | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => Frame::Emph(Vec::new()),
            Tag::Strong => Frame::Strong(Vec::new()),
            Tag::Link { dest_url, .. } => {
                let href = self.check_link(&dest_url, at, false).unwrap_or_default();
                Frame::Link(href, Vec::new())
            }
            Tag::Image { dest_url, .. } => {
                let src = self.check_link(&dest_url, at, true).unwrap_or_default();
                Frame::Image(src, String::new())
            }
            _ => Frame::Blocks(Vec::new()),
        };
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                let content = self.pop_inlines();
                self.push_block(Block::Paragraph { content });
            }
            TagEnd::Heading(_) => {
                if let Some(Frame::Heading(level, content)) = self.stack.pop() {
                    self.push_block(Block::Heading { level, anchor: String::new(), content });
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(Frame::Quote(content, at)) = self.stack.pop() {
                    let block = self.callout(content, at);
                    self.push_block(block);
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Frame::Code(text)) = self.stack.pop() {
                    self.push_block(Block::Code { text });
                }
            }
            TagEnd::HtmlBlock => {
                self.stack.pop();
            }
            TagEnd::List(_) => {
                if let Some(Frame::List(start, items)) = self.stack.pop() {
                    self.push_block(Block::List { ordered: start.is_some(), items });
                }
            }
            TagEnd::Item => {
                if let Some(Frame::Item(mut blocks, mut loose)) = self.stack.pop() {
                    flush_loose(&mut blocks, &mut loose);
                    if let Some(Frame::List(_, items)) = self.stack.last_mut() {
                        items.push(blocks);
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table(head, rows)) = self.stack.pop() {
                    self.push_block(Block::Table { head, rows });
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Frame::Row(cells)) = self.stack.pop() {
                    if let Some(Frame::Table(head, rows)) = self.stack.last_mut() {
                        if self.in_table_head {
                            *head = cells;
                        } else {
                            rows.push(cells);
                        }
                    }
                }
                self.in_table_head = false;
            }
            TagEnd::TableCell => {
                let cell = self.pop_inlines();
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(cell);
                }
            }
            TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {
                let content = self.pop_inlines();
                self.push_inline(Inline::Emph { content });
            }
            TagEnd::Strong => {
                let content = self.pop_inlines();
                self.push_inline(Inline::Strong { content });
            }
            TagEnd::Link => {
                if let Some(Frame::Link(href, content)) = self.stack.pop() {
                    if href.is_empty() {
                        content.into_iter().for_each(|i| self.push_inline(i));
                    } else {
                        self.push_inline(Inline::Link { href, content });
                    }
                }
            }
            TagEnd::Image => {
                if let Some(Frame::Image(src, alt)) = self.stack.pop() {
                    if !src.is_empty() {
                        self.push_inline(Inline::Image { src, alt });
                    }
                }
            }
            _ => {
                // Constructs this dialect does not enable: keep their blocks.
                if let Some(Frame::Blocks(blocks)) = self.stack.pop() {
                    blocks.into_iter().for_each(|b| self.push_block(b));
                }
            }
        }
    }

    /// A block quote whose first line is `[!RED FLAG]`, `[!WHAT TO DO]`, `[!REAL CASE]` or
    /// `[!REPORT]` is a callout; any other is a plain quotation. `[!REPORT]` gets the
    /// organisation's channel list after the author's text.
    fn callout(&mut self, mut content: Vec<Block>, at: usize) -> Block {
        let Some(Block::Paragraph { content: first }) = content.first_mut() else {
            return Block::Quote { content };
        };
        merge_text(first);
        let Some(Inline::Text { text }) = first.first_mut() else {
            return Block::Quote { content };
        };
        let Some(rest) = text.strip_prefix("[!") else {
            return Block::Quote { content };
        };
        let Some(close) = rest.find(']') else {
            return Block::Quote { content };
        };
        let marker = rest[..close].to_string();
        let kind = match marker.as_str() {
            "RED FLAG" => CalloutKind::RedFlag,
            "WHAT TO DO" => CalloutKind::WhatToDo,
            "REAL CASE" => CalloutKind::RealCase,
            "REPORT" => CalloutKind::Report,
            other => {
                let upper = other.to_ascii_uppercase();
                let help = if ["RED FLAG", "WHAT TO DO", "REAL CASE", "REPORT"].contains(&upper.as_str()) {
                    format!("write the kind in capitals: `[!{upper}]`")
                } else {
                    "the callout kinds are `[!RED FLAG]`, `[!WHAT TO DO]`, `[!REAL CASE]` and `[!REPORT]`".to_string()
                };
                self.error(at, format!("unknown callout kind `[!{other}]`"), &help);
                return Block::Quote { content };
            }
        };
        let remaining = rest[close + 1..].trim_start().to_string();
        if remaining.is_empty() {
            first.remove(0);
            while matches!(first.first(), Some(Inline::Text { text }) if text.trim().is_empty()) {
                first.remove(0);
            }
        } else {
            *text = remaining;
        }
        if first.is_empty() {
            content.remove(0);
        }
        if content.is_empty() {
            self.error(at, format!("the `[!{marker}]` callout is empty"), "write the callout's text on the lines below the marker, each starting with `>`");
        }
        if kind == CalloutKind::Report {
            match self.ctx.org {
                Some(org) => content.push(organisation::channel_list(org)),
                None if !self.ctx.org_file_exists => self.error(
                    at,
                    "the `[!REPORT]` callout lists the organisation's reporting channels, but there are no organisation settings",
                    "create lessons/ORGANISATION.md (see lessons/README.md, \"Organisation settings\")",
                ),
                None => {}
            }
        }
        Block::Callout { kind, content }
    }
}

fn core_plain(inline: &Inline) -> String {
    hookwise_core::lesson::plain_text(std::slice::from_ref(inline))
}

/// Joins adjacent text runs (the parser splits text at brackets and breaks).
fn merge_text(inlines: &mut Vec<Inline>) {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines.drain(..) {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text { text: prev }), Inline::Text { text }) => prev.push_str(&text),
            (_, inline) => merged.push(inline),
        }
    }
    *inlines = merged;
}

fn merge_all(blocks: &mut [Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { content } | Block::Heading { content, .. } => merge_inlines_deep(content),
            Block::List { items, .. } => items.iter_mut().for_each(|i| merge_all(i)),
            Block::Callout { content, .. } | Block::Quote { content } => merge_all(content),
            Block::Table { head, rows } => {
                head.iter_mut().for_each(merge_inlines_deep);
                rows.iter_mut().flatten().for_each(merge_inlines_deep);
            }
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn merge_inlines_deep(inlines: &mut Vec<Inline>) {
    merge_text(inlines);
    for inline in inlines {
        if let Inline::Strong { content } | Inline::Emph { content } | Inline::Link { content, .. } = inline {
            merge_inlines_deep(content);
        }
    }
}

/// A URL-fragment-safe anchor for a heading.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') && (c.is_whitespace() || c == '-' || c == '_') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Parses `text` (which starts at byte `base` of the file) into blocks.
pub fn parse_blocks(ctx: &Context, text: &str, base: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut builder = Builder { ctx, base, stack: vec![Frame::Blocks(Vec::new())], in_table_head: false, diagnostics: Vec::new() };
    builder.run(text);
    let mut blocks = match builder.stack.into_iter().next() {
        Some(Frame::Blocks(b)) => b,
        _ => Vec::new(),
    };
    merge_all(&mut blocks);
    // Give headings unique anchors for the table of contents.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for block in &mut blocks {
        if let Block::Heading { anchor, content, .. } = block {
            let base = match slug(&hookwise_core::lesson::plain_text(content)) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            *anchor = if *n == 1 { base } else { format!("{base}-{n}") };
        }
    }
    diagnostics.extend(builder.diagnostics);
    blocks
}

/// Parses `text` as inline content: paragraphs are joined with line breaks.
pub fn parse_inlines(ctx: &Context, text: &str, base: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Inline> {
    let blocks = parse_blocks(ctx, text, base, diagnostics);
    let mut inlines = Vec::new();
    for block in blocks {
        if let Block::Paragraph { content } | Block::Heading { content, .. } = block {
            if !inlines.is_empty() {
                inlines.push(Inline::Break);
            }
            inlines.extend(content);
        }
    }
    inlines
}
