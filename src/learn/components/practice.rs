//! Practice scenarios: a branching conversation, a red-flag exercise, a report rehearsal and
//! the mock-ups (`mockup.rs`). Each is scored on its own with an explanation for every choice;
//! what the learner chose is kept in progress (`keep::Keep`), so a half-done scenario resumes after a
//! reload and a finished one is recorded (and sent to an LRS when one is configured).

use hookwise_core::lesson::{Activity, Choice, Ending, MockupKind, QuestionKind, ReportStep, Scenario, Step};
use hookwise_core::progress::{Picks, PracticeResult};
use hookwise_core::scenario::{conversation_path, conversation_score, practice_score, red_flag_score, report_score, report_step_right};
use leptos::prelude::*;

use crate::components::keep::Keep;
use crate::components::mockup::Mockup;
use crate::components::rich_text::{blocks, inlines};
use hookwise_web::platform::focus_soon;
use hookwise_web::state::use_learner;

/// The name of a scenario's kind, shown as a label on its card.
pub fn kind_label(activity: &Activity) -> &'static str {
    match activity {
        Activity::Conversation { .. } => "Conversation",
        Activity::RedFlags { .. } => "Spot the red flags",
        Activity::Report { .. } => "Report rehearsal",
        Activity::Mockup { kind: MockupKind::Profile, .. } => "Profile",
        Activity::Mockup { kind: MockupKind::Thread, .. } => "Message thread",
        Activity::Mockup { kind: MockupKind::Email, .. } => "Email",
        Activity::Mockup { kind: MockupKind::Invitation, .. } => "Invitation",
        Activity::SlowHook(_) => "Messages over days",
    }
}

/// "Last time: 75%" (and, for a conversation, when the learner reported).
pub fn result_words(r: &PracticeResult) -> String {
    let when = r.reported.map(|t| format!(" {}", t.label())).unwrap_or_default();
    format!("{}%.{when}", r.percent)
}

#[component]
pub fn PracticeSection(lesson_id: String, scenarios: Vec<Scenario>) -> impl IntoView {
    let learner = use_learner();
    let rechecks = crate::components::rechecks::use_rechecks();
    let lesson = StoredValue::new(lesson_id);
    let items = scenarios
        .into_iter()
        .map(|scenario| {
            let heading_id = format!("practice-{}", scenario.id);
            let kind = kind_label(&scenario.activity);
            let intro = blocks(&scenario.intro);
            let labelled_by = heading_id.clone();
            let id = scenario.id.clone();
            let activity = scenario.activity.clone();
            let keep = Keep { learner, lesson, scenario: StoredValue::new(scenario.clone()), rechecks };
            let body = match activity {
                Activity::Conversation { steps } => view! { <Conversation id keep steps/> }.into_any(),
                Activity::RedFlags { items } => view! { <RedFlags id keep items/> }.into_any(),
                Activity::Report { steps } => view! { <Report id keep steps/> }.into_any(),
                Activity::Mockup { kind, parts } => view! { <Mockup keep kind parts/> }.into_any(),
                Activity::SlowHook(hook) => view! { <crate::components::slow_hook::SlowHookView lesson=lesson.get_value() id hook/> }.into_any(),
            };
            let scenario_id = scenario.id.clone();
            // A memo: a click elsewhere that saves progress does not rebuild this line.
            let text = Memo::new(move |_| learner.progress.with(|p| lesson.with_value(|l| p.last_practice(l, &scenario_id).map(result_words))));
            let last = move || text.get().map(|t| view! { <p class="practice-last">"Your last result: "{t}</p> });
            view! {
                <section class="scenario" aria-labelledby=labelled_by>
                    <p class="kind-label">{kind}</p>
                    <h3 id=heading_id>{scenario.title}</h3>
                    {last}
                    {intro}
                    {body}
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="practice" aria-labelledby="practice-heading">
            <h2 id="practice-heading">"Practice"</h2>
            <p class="hint">"Try these situations. Practice scores show how you did; they do not count towards passing."</p>
            {items}
        </section>
    }
}

fn score_line(percent: u8, detail: String) -> impl IntoView {
    // No score in a look-through launch (cmi5 Browse or Review).
    crate::cmi5::judging().then(|| view! { <p class="practice-score"><strong>"Score: "{percent}"%"</strong>" "{detail}</p> })
}

#[component]
fn Conversation(id: String, keep: Keep, steps: Vec<Step>) -> impl IntoView {
    // The path so far: (step index, reply index chosen there), resumed from progress.
    let replies: Vec<usize> = keep.resume().unwrap_or_default().iter().filter_map(|p| p.first().copied()).collect();
    let resumed = conversation_path(&steps, &replies).unwrap_or_default();
    let steps = StoredValue::new(steps);
    let path: RwSignal<Vec<(usize, usize)>> = RwSignal::new(resumed);
    let take = move |index: usize, r: usize| {
        path.update(|p| p.push((index, r)));
        let picks: Picks = path.with_untracked(|p| p.iter().map(|(_, r)| vec![*r]).collect());
        let ended = steps.with_value(|st| st[st[index].replies[r].next].ending.is_some());
        if ended {
            keep.finish(&picks);
        } else {
            keep.save(picks);
        }
    };
    let current = move || path.with(|p| p.last().map_or(0, |(s, r)| steps.with_value(|st| st[*s].replies[*r].next)));
    let focus_id = format!("{id}-now");
    let history = move || {
        path.get()
            .into_iter()
            .map(|(s, r)| {
                steps.with_value(|st| {
                    let step = &st[s];
                    let reply = &step.replies[r];
                    view! {
                        <li class="turn">
                            <div class="them">{blocks(&step.content)}</div>
                            <div class=if reply.safe { "you safe" } else { "you risky" }>
                                <p><span class="speaker">"You: "</span>{inlines(&reply.text)}</p>
                                <p class="reply-feedback"><strong>{if reply.safe { "Safe reply. " } else { "Risky reply. " }}</strong>{inlines(&reply.feedback)}</p>
                            </div>
                        </li>
                    }
                })
            })
            .collect_view()
    };
    let now = {
        let focus_id = focus_id.clone();
        move || {
            let index = current();
            steps.with_value(|st| {
                let step = &st[index];
                let content = blocks(&step.content);
                match step.ending {
                    Some(ending) => {
                        let chosen: Vec<bool> = path.with(|p| p.iter().map(|(s, r)| st[*s].replies[*r].safe).collect());
                        let score = conversation_score(&chosen);
                        let (class, label) = match ending {
                            Ending::Good => ("ending ending-good", "Good outcome"),
                            Ending::Bad => ("ending ending-bad", "Bad outcome"),
                        };
                        view! {
                            <div class=class id=focus_id.clone() tabindex="-1">
                                <p class="ending-label"><strong>{label}": "{step.title.clone()}</strong></p>
                                {content}
                                {score_line(score.percent, format!("You chose the safe reply {} of {} times.", score.points, score.out_of))}
                                {steps.with_value(|st| {
                                    let (_, timing) = practice_score(&Activity::Conversation { steps: st.clone() }, &path.with(|p| p.iter().map(|(_, r)| vec![*r]).collect::<Vec<_>>()));
                                    let marked = st.iter().any(|s| s.milestone.is_some());
                                    timing.filter(|_| marked).map(|t| view! { <p class="report-timing">{t.label()}</p> })
                                })}
                                <button type="button" on:click=move |_| path.set(Vec::new())>"Try the conversation again"</button>
                            </div>
                        }
                        .into_any()
                    }
                    None => {
                        let replies = step
                            .replies
                            .iter()
                            .enumerate()
                            .map(|(r, reply)| {
                                let focus_id = focus_id.clone();
                                view! {
                                    <li><button type="button" class="reply" on:click=move |_| {
                                        take(index, r);
                                        focus_soon(focus_id.clone());
                                    }>{inlines(&reply.text)}</button></li>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="turn-now" id=focus_id.clone() tabindex="-1">
                                <div class="them">{content}</div>
                                <p class="reply-prompt">"How do you reply?"</p>
                                <ul class="replies">{replies}</ul>
                            </div>
                        }
                        .into_any()
                    }
                }
            })
        }
    };
    view! {
        <div class="conversation">
            <ol class="history" role="list">{history}</ol>
            <div aria-live="polite">{now}</div>
        </div>
    }
}

#[component]
fn RedFlags(id: String, keep: Keep, items: Vec<Choice>) -> impl IntoView {
    let items = StoredValue::new(items);
    let marked: RwSignal<Vec<usize>> = RwSignal::new(keep.resume().and_then(|p| p.into_iter().next()).unwrap_or_default());
    let checked = RwSignal::new(false);
    let result_id = format!("{id}-result");
    let list = move || {
        items.with_value(|all| {
            all.iter()
                .enumerate()
                .map(|(i, item)| {
                    let input_id = format!("{id}-{i}");
                    let verdict = move || {
                        checked.get().then(|| {
                            let is_marked = marked.with(|m| m.contains(&i));
                            let (class, text) = match (item_flag(i, items), is_marked) {
                                (true, true) => ("verdict-right", "Red flag, and you spotted it. "),
                                (true, false) => ("verdict-wrong", "Red flag you missed. "),
                                (false, true) => ("verdict-wrong", "Not a red flag. "),
                                (false, false) => ("verdict-neutral", "Not a red flag. "),
                            };
                            let feedback = items.with_value(|all| inlines(&all[i].feedback));
                            view! { <p class=format!("flag-feedback {class}")><strong>{text}</strong>{feedback}</p> }
                        })
                    };
                    view! {
                        <li class="flag-item">
                            <div class="choice">
                                <input type="checkbox" id=input_id.clone()
                                    prop:checked=move || marked.with(|m| m.contains(&i))
                                    disabled=move || checked.get()
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        marked.update(|m| { m.retain(|x| *x != i); if on { m.push(i); } });
                                        keep.save(vec![marked.get_untracked()]);
                                    }/>
                                <label for=input_id>{inlines(&item.text)}</label>
                            </div>
                            {verdict}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let result = {
        let result_id = result_id.clone();
        move || {
            if !checked.get() {
                return ().into_any();
            }
            let score = items.with_value(|all| red_flag_score(all, &marked.get()));
            let flags = items.with_value(|all| all.iter().filter(|c| c.correct).count());
            let found = items.with_value(|all| marked.with(|m| m.iter().filter(|i| all[**i].correct).count()));
            let wrong = marked.with(Vec::len) - found;
            view! {
                <div class="practice-result" id=result_id.clone() tabindex="-1">
                    {score_line(score.percent, format!("You found {found} of {flags} red flags and marked {wrong} harmless part(s)."))}
                    <button type="button" on:click=move |_| { checked.set(false); marked.set(Vec::new()); }>"Try again"</button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class="red-flags">
            <fieldset>
                <legend>"Select every part that is a red flag."</legend>
                <ul class="message" role="list">{list}</ul>
            </fieldset>
            {move || (!checked.get()).then(|| {
                let result_id = result_id.clone();
                view! { <button type="button" class="primary" on:click=move |_| { checked.set(true); keep.finish(&[marked.get_untracked()]); focus_soon(result_id.clone()); }>"Check my red flags"</button> }
            })}
            <div aria-live="polite">{result}</div>
        </div>
    }
}

fn item_flag(i: usize, items: StoredValue<Vec<Choice>>) -> bool {
    items.with_value(|all| all[i].correct)
}

#[component]
fn Report(id: String, keep: Keep, steps: Vec<ReportStep>) -> impl IntoView {
    let count = steps.len();
    let steps = StoredValue::new(steps);
    let mut resumed = keep.resume().unwrap_or_default();
    resumed.resize(count, Vec::new());
    let answers: RwSignal<Vec<Vec<usize>>> = RwSignal::new(resumed);
    let sent = RwSignal::new(false);
    let result_id = format!("{id}-result");
    let form = steps.with_value(|all| {
        all.iter()
            .enumerate()
            .map(|(s, step)| {
                let multiple = step.kind == QuestionKind::Multiple;
                let name = format!("{id}-{s}");
                let options = step
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(c, choice)| {
                        let input_id = format!("{name}-{c}");
                        let feedback = choice.feedback.clone();
                        let correct = choice.correct;
                        view! {
                            <div class="choice">
                                <input type=if multiple { "checkbox" } else { "radio" } id=input_id.clone() name=name.clone()
                                    prop:checked=move || answers.with(|a| a[s].contains(&c))
                                    disabled=move || sent.get()
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        answers.update(|a| {
                                            if multiple { a[s].retain(|x| *x != c); if on { a[s].push(c); } } else { a[s] = vec![c]; }
                                        });
                                        keep.save(answers.get_untracked());
                                    }/>
                                <label for=input_id>{inlines(&choice.text)}</label>
                            </div>
                            {move || (sent.get() && (correct || answers.with(|a| a[s].contains(&c)))).then(|| view! {
                                <p class=if correct { "flag-feedback verdict-right" } else { "flag-feedback verdict-wrong" }>
                                    <strong>{if correct { "Belongs in the report. " } else { "Leave this out. " }}</strong>{inlines(&feedback)}
                                </p>
                            })}
                        }
                    })
                    .collect_view();
                let title = step.title.clone();
                let verdict = move || sent.get().then(|| {
                    let right = steps.with_value(|all| answers.with(|a| report_step_right(&all[s], &a[s])));
                    view! { <p class="step-verdict"><strong>{if right { "Right." } else { "Not quite." }}</strong></p> }
                });
                view! {
                    <fieldset class="report-step">
                        <legend>{s + 1}". "{title}{if multiple { " (select all that apply)" } else { "" }}</legend>
                        {options}
                        {verdict}
                    </fieldset>
                }
            })
            .collect_view()
    });
    let result = {
        let result_id = result_id.clone();
        move || {
            if !sent.get() {
                return ().into_any();
            }
            let score = steps.with_value(|all| report_score(all, &answers.get()));
            view! {
                <div class="practice-result" id=result_id.clone() tabindex="-1">
                    {score_line(score.percent, format!("{} of {} parts of your report were right.", score.points, score.out_of))}
                    <p>"When it is real, this is how you send it:"</p>
                    <crate::components::report_approach::ReportApproach id=format!("{}-handoff", result_id)/>
                    <button type="button" on:click=move |_| { sent.set(false); answers.set(vec![Vec::new(); count]); }>"Rehearse again"</button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <div class="report">
            {form}
            {move || (!sent.get()).then(|| {
                let result_id = result_id.clone();
                view! { <button type="button" class="primary" on:click=move |_| { sent.set(true); keep.finish(&answers.get_untracked()); focus_soon(result_id.clone()); }>"Send my report"</button> }
            })}
            <div aria-live="polite">{result}</div>
        </div>
    }
}
