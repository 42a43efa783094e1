//! A mock-up scenario: a profile, message thread, email or invitation drawn like the real thing.
//! Each part the learner can select is a toggle button (`aria-pressed`) in a labelled list, so
//! pointer, keyboard and screen-reader users select the same parts. After "Check", every part
//! is explained: flags found, flags missed, ordinary parts wrongly selected.

use hookwise_core::lesson::{Inline, MockupKind, Part};
use hookwise_core::scenario::{mockup_score, Verdict};
use leptos::prelude::*;

use crate::components::keep::Keep;
use crate::components::rich_text::inlines;
use hookwise_web::platform::focus_soon;

/// How a field is labelled: the words, and whether the real thing shows them (else they are
/// for screen readers only).
fn label(kind: MockupKind, field: &str) -> (&'static str, bool) {
    match (kind, field) {
        (MockupKind::Thread, "sender") => ("From", false),
        (MockupKind::Thread, "platform") => ("On", false),
        (_, "sender") | (_, "from") => ("From", true),
        (_, "reply-to") => ("Reply-To", true),
        (_, "to") => ("To", true),
        (_, "date") => ("Date", true),
        (_, "subject") => ("Subject", true),
        (_, "attachment") => ("Attachment", true),
        (_, "employer") => ("Works at", true),
        (_, "about") => ("About", true),
        (_, "activity") => ("Activity", true),
        (_, "education") => ("Education", true),
        (_, "honorarium") => ("Honorarium", true),
        (_, "travel") => ("Travel", true),
        (_, "offer") => ("The invitation", true),
        (_, "deadline") => ("Reply by", true),
        (_, "letterhead") => ("Letterhead", false),
        (_, "name") => ("Name", false),
        (_, "headline") => ("Headline", false),
        (_, "photo") => ("Photo", false),
        (_, "location") => ("Location", false),
        (_, "connections") => ("Connections", false),
        (_, "message") => ("Message", false),
        (_, "reply") => ("You replied", false),
        (_, "moved") => ("Moved", false),
        (_, "signature") => ("Signature", false),
        _ => ("Text", false),
    }
}

fn initials(parts: &[Part]) -> String {
    let name = parts.iter().find(|p| p.field == "name").map(|p| hookwise_core::lesson::plain_text(&p.text)).unwrap_or_default();
    name.split_whitespace().filter_map(|w| w.chars().next()).filter(|c| c.is_alphabetic()).take(2).collect()
}

/// The inside of one part: its label, the avatar of a photo placeholder, and its text.
fn content(kind: MockupKind, part: &Part, avatar: &str) -> impl IntoView {
    let (words, shown) = label(kind, &part.field);
    let detail = (!part.detail.is_empty()).then(|| view! { <span class="part-detail">{part.detail.clone()}</span> });
    let lead = if shown {
        view! { <span class="part-label">{words}</span>" " }.into_any()
    } else {
        view! { <span class="sr-only">{words}": "</span> }.into_any()
    };
    let placeholder = (part.field == "photo" && !part.text.iter().any(|i| matches!(i, Inline::Image { .. })))
        .then(|| view! { <span class="avatar" aria-hidden="true">{avatar.to_string()}</span> });
    view! { {placeholder}{lead}{detail}" "<span class="part-text">{inlines(&unlinked(&part.text))}</span> }
}

/// A part is one button, so a link in its text (an email address) is shown as text: nothing
/// interactive may sit inside a button.
fn unlinked(text: &[Inline]) -> Vec<Inline> {
    text.iter()
        .flat_map(|i| match i {
            Inline::Link { content, .. } => unlinked(content),
            Inline::Strong { content } => vec![Inline::Strong { content: unlinked(content) }],
            Inline::Emph { content } => vec![Inline::Emph { content: unlinked(content) }],
            other => vec![other.clone()],
        })
        .collect()
}

#[component]
pub fn Mockup(keep: Keep, kind: MockupKind, parts: Vec<Part>) -> impl IntoView {
    let id = keep.dom_id();
    let resumed = keep.resume().and_then(|p| p.into_iter().next()).unwrap_or_default();
    let marked: RwSignal<Vec<usize>> = RwSignal::new(resumed);
    let checked = RwSignal::new(false);
    let avatar = initials(&parts);
    let parts = StoredValue::new(parts);
    let result_id = format!("{id}-result");
    let what = match kind {
        MockupKind::Profile => "profile",
        MockupKind::Thread => "message thread",
        MockupKind::Email => "email",
        MockupKind::Invitation => "invitation",
    };
    let list_label = format!("Parts of the {what}: press each one that is a red flag");
    let items = parts.with_value(|all| {
        all.iter()
            .enumerate()
            .map(|(i, part)| {
                let class = format!("part part-{}", part.field);
                let inner = content(kind, part, &avatar);
                let Some(flag) = part.flag else {
                    return view! { <li class=format!("{class} part-fixed")>{inner}</li> }.into_any();
                };
                let pressed = move || marked.with(|m| m.contains(&i));
                let verdict = move || {
                    checked.get().then(|| {
                        let v = Verdict::of(flag, pressed());
                        let class = if v.right() { "part-feedback verdict-right" } else { "part-feedback verdict-wrong" };
                        view! { <p class=class><strong>{v.label()}</strong>" "{parts.with_value(|all| inlines(&all[i].feedback))}</p> }
                    })
                };
                view! {
                    <li class=class>
                        <button type="button" class="part-toggle" aria-pressed=move || if pressed() { "true" } else { "false" }
                            disabled=move || checked.get()
                            on:click=move |_| {
                                marked.update(|m| if let Some(at) = m.iter().position(|x| *x == i) { m.remove(at); } else { m.push(i); });
                                keep.save(vec![marked.get_untracked()]);
                            }>{inner}</button>
                        {verdict}
                    </li>
                }
                .into_any()
            })
            .collect_view()
    });
    let result = {
        let result_id = result_id.clone();
        move || {
            if !checked.get() {
                return ().into_any();
            }
            let (score, found, missed, wrong) = parts.with_value(|all| {
                marked.with(|m| {
                    let count = |v: Verdict| all.iter().enumerate().filter(|(i, p)| p.flag.is_some_and(|f| Verdict::of(f, m.contains(i)) == v)).count();
                    (mockup_score(all, m), count(Verdict::Found), count(Verdict::Missed), count(Verdict::WronglyFlagged))
                })
            });
            let total = found + missed;
            view! {
                <div class="practice-result" id=result_id.clone() tabindex="-1">
                    <p class="practice-score"><strong>"Score: "{score.percent}"%"</strong>" "
                        {format!("You found {found} of {total} red flags, missed {missed}, and selected {wrong} ordinary part{}.", if wrong == 1 { "" } else { "s" })}
                    </p>
                    <p>"Each part is explained above."</p>
                    <button type="button" on:click=move |_| { checked.set(false); marked.set(Vec::new()); }>"Try again"</button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class=format!("mockup mockup-{}", kind.key())>
            <p class="hint" id=format!("{id}-how")>"Select every part that is a red flag, then check."</p>
            <ul class="mockup-parts" role="list" aria-label=list_label aria-describedby=format!("{id}-how")>{items}</ul>
        </div>
        {move || (!checked.get()).then(|| {
            let result_id = result_id.clone();
            view! { <button type="button" class="primary" on:click=move |_| {
                checked.set(true);
                keep.finish(&[marked.get_untracked()]);
                focus_soon(result_id.clone());
            }>"Check my red flags"</button> }
        })}
        <div aria-live="polite">{result}</div>
    }
}
