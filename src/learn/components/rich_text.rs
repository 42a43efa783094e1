//! Renders the lesson model's blocks and inlines as DOM nodes. Text is always inserted as
//! text, never parsed as HTML.

use hookwise_core::lesson::{Block, CalloutKind, Inline};
use leptos::prelude::*;

pub fn blocks(blocks: &[Block]) -> AnyView {
    blocks.iter().map(block).collect_view().into_any()
}

fn block(block: &Block) -> AnyView {
    match block {
        Block::Heading { level, anchor, content } => {
            let id = anchor.clone();
            let content = inlines(content);
            match level {
                1 | 2 => view! { <h2 id=id tabindex="-1">{content}</h2> }.into_any(),
                3 => view! { <h3 id=id>{content}</h3> }.into_any(),
                _ => view! { <h4 id=id>{content}</h4> }.into_any(),
            }
        }
        Block::Paragraph { content } => view! { <p>{inlines(content)}</p> }.into_any(),
        Block::List { ordered, items } => {
            let items = items.iter().map(|item| view! { <li>{blocks(item)}</li> }).collect_view();
            if *ordered {
                view! { <ol>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Callout { kind, content } => {
            let class = match kind {
                CalloutKind::RedFlag => "callout callout-red-flag",
                CalloutKind::WhatToDo => "callout callout-what-to-do",
                CalloutKind::RealCase => "callout callout-real-case",
                CalloutKind::Report => "callout callout-report",
            };
            view! {
                <div class=class role="note" aria-label=kind.label()>
                    <p class="callout-label" aria-hidden="true">{kind.label()}</p>
                    {blocks(content)}
                </div>
            }
            .into_any()
        }
        Block::Quote { content } => view! { <blockquote>{blocks(content)}</blockquote> }.into_any(),
        Block::Table { head, rows } => {
            let head = head.iter().map(|cell| view! { <th scope="col">{inlines(cell)}</th> }).collect_view();
            let rows = rows
                .iter()
                .map(|row| {
                    let cells = row.iter().map(|cell| view! { <td>{inlines(cell)}</td> }).collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view();
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Table">
                    <table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>
                </div>
            }
            .into_any()
        }
        Block::Code { text } => view! { <pre><code>{text.clone()}</code></pre> }.into_any(),
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

pub fn inlines(inlines: &[Inline]) -> AnyView {
    inlines.iter().map(inline).collect_view().into_any()
}

fn inline(inline: &Inline) -> AnyView {
    match inline {
        Inline::Text { text } => text.clone().into_any(),
        Inline::Strong { content } => view! { <strong>{inlines(content)}</strong> }.into_any(),
        Inline::Emph { content } => view! { <em>{inlines(content)}</em> }.into_any(),
        Inline::Code { text } => view! { <code>{text.clone()}</code> }.into_any(),
        Inline::Link { href, content } if href.starts_with('/') => {
            let content = inlines(content);
            // Inside an LMS package there is no site root: a link to another lesson opens it
            // from its own pre-rendered page in the package, in a new tab, outside the LMS launch
            // (`Route::package_href`).
            if crate::lms::embedded() {
                let target = hookwise_core::route::Route::parse(href).and_then(|r| r.package_href());
                return match target {
                    Some(target) => view! {
                        <a href=target target="_blank" rel="noopener">{content}" (opens in a new tab)"</a>
                    }
                    .into_any(),
                    None => content,
                };
            }
            view! { <a href=href.clone()>{content}</a> }.into_any()
        }
        Inline::Link { href, content } => {
            view! { <a href=href.clone() rel="noopener noreferrer" referrerpolicy="no-referrer">{inlines(content)}</a> }.into_any()
        }
        Inline::Image { src, alt } => {
            view! { <img src=src.clone() alt=alt.clone() loading="lazy" referrerpolicy="no-referrer"/> }.into_any()
        }
        Inline::Break => view! { <br/> }.into_any(),
    }
}
