//! The slow hook: an approacher's messages arriving over days (`hookwise_core::slow_hook`).
//! Where the learner stands is kept with the re-check schedule (`schedule::HookRun`), so a
//! reload, another tab or another day carries on from the same rung; the catalogue says
//! "New message from …" when the next one has arrived.

use hookwise_core::schedule::{hook_key, HookRun, HookStage, Outcome};
use hookwise_core::slow_hook::{SlowChoice, SlowHook};
use leptos::prelude::*;

use crate::components::rechecks::use_rechecks;
use crate::components::rich_text::{blocks, inlines};
use hookwise_web::platform::{focus_soon, format_day, now, today};

fn outcome_text(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Reported => ("ending ending-good", "You reported it. That takes away the hold any payment or secret could give them."),
        Outcome::Declined => ("ending ending-good", "You declined. Stepping off early is good; telling your security team as well helps them protect others."),
        Outcome::Hooked => ("ending ending-bad", "You went along every time. Each step was small, and now they hold your work, your receipts and your silence."),
    }
}

#[component]
pub fn SlowHookView(lesson: String, id: String, hook: SlowHook) -> impl IntoView {
    let Some(rechecks) = use_rechecks() else {
        return view! { <p>"This scenario needs the course's own pages: open the lesson from the course."</p> }.into_any();
    };
    let key = hook_key(&lesson, &id);
    let hook = StoredValue::new(hook);
    let focus_id = format!("{id}-now");
    let run = {
        let key = key.clone();
        Memo::new(move |_| rechecks.schedule.with(|s| s.hooks.get(&key).cloned().unwrap_or_default()))
    };
    let stage = move || hook.with_value(|h| run.with(|r| r.stage(&h.rungs, today())));

    let decide = {
        let key = key.clone();
        let focus_id = focus_id.clone();
        move |choice: SlowChoice| {
            let (day, at) = (today(), now());
            let key = key.clone();
            hook.with_value(|h| {
                rechecks.update(|s| {
                    s.hooks.entry(key).or_default().decide(&h.rungs, &h.from, choice, day, at);
                })
            });
            focus_soon(focus_id.clone());
        }
    };
    let decide = StoredValue::new(decide);
    let restart = {
        let key = key.clone();
        move || {
            let at = now();
            let key = key.clone();
            // A fresh run, newer than the old one, so merging with another tab keeps it.
            rechecks.update(|s| {
                s.hooks.insert(key, HookRun { updated_at: at, ..HookRun::default() });
            });
        }
    };
    let restart = StoredValue::new(restart);

    // Every message the learner has answered, with what they did.
    let history = move || {
        run.with(|r| {
            hook.with_value(|h| {
                r.decisions
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| {
                        let rung = h.rungs.get(i)?;
                        let option = rung.choices.iter().find(|c| c.kind == d.choice)?;
                        let class = if d.choice == SlowChoice::GoAlong { "you risky" } else { "you safe" };
                        Some(view! {
                            <li class="turn">
                                <div class="them">
                                    <p class="message-meta"><strong>{h.from.clone()}</strong>", "{format_day(d.day)}": "{rung.title.clone()}</p>
                                    {blocks(&rung.content)}
                                </div>
                                <div class=class>
                                    <p><span class="speaker">{d.choice.label()}": "</span>{inlines(&option.text)}</p>
                                    <p class="reply-feedback">{inlines(&option.feedback)}</p>
                                </div>
                            </li>
                        })
                    })
                    .collect_view()
            })
        })
    };

    let now_view = move || {
        let focus_id = focus_id.clone();
        match stage() {
            HookStage::Decide(i) => hook.with_value(|h| {
                let rung = &h.rungs[i];
                let buttons = rung
                    .choices
                    .iter()
                    .map(|c| {
                        let kind = c.kind;
                        view! {
                            <li><button type="button" class="reply" on:click=move |_| decide.with_value(|d| d(kind))>{inlines(&c.text)}</button></li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="turn-now" id=focus_id tabindex="-1">
                        <div class="them">
                            <p class="message-meta"><strong>"New message from "{h.from.clone()}</strong>": "{rung.title.clone()}</p>
                            {blocks(&rung.content)}
                        </div>
                        <p class="reply-prompt">"What do you do?"</p>
                        <ul class="replies">{buttons}</ul>
                    </div>
                }
                .into_any()
            }),
            HookStage::Waiting { arrives, .. } => hook.with_value(|h| {
                view! {
                    <p class="notice" id=focus_id tabindex="-1">
                        {h.from.clone()}"'s next message arrives on "{format_day(arrives)}". The course page will tell you when it is here."
                    </p>
                }
                .into_any()
            }),
            HookStage::Ended(outcome) => {
                let (class, text) = outcome_text(outcome);
                view! {
                    <div class=class id=focus_id tabindex="-1">
                        <p class="ending-label"><strong>{text}</strong></p>
                        <h4>"Debrief"</h4>
                        {hook.with_value(|h| blocks(&h.debrief))}
                        <button type="button" on:click=move |_| restart.with_value(|r| r())>"Start this scenario again"</button>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="conversation slow-hook">
            <ol class="history">{history}</ol>
            <div aria-live="polite">{now_view}</div>
        </div>
    }
    .into_any()
}
