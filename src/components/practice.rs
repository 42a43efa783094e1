//! Practice scenarios: a branching conversation, a red-flag exercise and a report
//! rehearsal. Each is scored on its own with an explanation for every choice.

use hookwise_core::lesson::{Activity, Choice, Ending, QuestionKind, ReportStep, Scenario, Step};
use hookwise_core::scenario::{conversation_score, red_flag_score, report_score, report_step_right};
use leptos::prelude::*;

use crate::components::rich_text::{blocks, inlines};
use crate::platform::focus_soon;

#[component]
pub fn PracticeSection(scenarios: Vec<Scenario>, #[prop(optional)] lesson: String) -> impl IntoView {
    let items = scenarios
        .into_iter()
        .map(|scenario| {
            let heading_id = format!("practice-{}", scenario.id);
            let kind = match &scenario.activity {
                Activity::Conversation { .. } => "Conversation",
                Activity::RedFlags { .. } => "Spot the red flags",
                Activity::Report { .. } => "Report rehearsal",
                Activity::SlowHook(_) => "Messages over days",
            };
            let intro = blocks(&scenario.intro);
            let labelled_by = heading_id.clone();
            let id = scenario.id.clone();
            let body = match scenario.activity {
                Activity::Conversation { steps } => view! { <Conversation id steps/> }.into_any(),
                Activity::RedFlags { items } => view! { <RedFlags id items/> }.into_any(),
                Activity::Report { steps } => view! { <Report id steps/> }.into_any(),
                Activity::SlowHook(hook) => view! { <crate::components::slow_hook::SlowHookView lesson=lesson.clone() id hook/> }.into_any(),
            };
            view! {
                <section class="scenario" aria-labelledby=labelled_by>
                    <p class="scenario-kind">{kind}</p>
                    <h3 id=heading_id>{scenario.title}</h3>
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
    view! { <p class="practice-score"><strong>"Score: "{percent}"%"</strong>" "{detail}</p> }
}

#[component]
fn Conversation(id: String, steps: Vec<Step>) -> impl IntoView {
    let steps = StoredValue::new(steps);
    // The path so far: (step index, reply index chosen there).
    let path: RwSignal<Vec<(usize, usize)>> = RwSignal::new(Vec::new());
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
                                        path.update(|p| p.push((index, r)));
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
            <ol class="history">{history}</ol>
            <div aria-live="polite">{now}</div>
        </div>
    }
}

#[component]
fn RedFlags(id: String, items: Vec<Choice>) -> impl IntoView {
    let items = StoredValue::new(items);
    let marked: RwSignal<Vec<usize>> = RwSignal::new(Vec::new());
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
                <ul class="message">{list}</ul>
            </fieldset>
            {move || (!checked.get()).then(|| {
                let result_id = result_id.clone();
                view! { <button type="button" class="primary" on:click=move |_| { checked.set(true); focus_soon(result_id.clone()); }>"Check my red flags"</button> }
            })}
            <div aria-live="polite">{result}</div>
        </div>
    }
}

fn item_flag(i: usize, items: StoredValue<Vec<Choice>>) -> bool {
    items.with_value(|all| all[i].correct)
}

#[component]
fn Report(id: String, steps: Vec<ReportStep>) -> impl IntoView {
    let count = steps.len();
    let steps = StoredValue::new(steps);
    let answers: RwSignal<Vec<Vec<usize>>> = RwSignal::new(vec![Vec::new(); count]);
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
                view! { <button type="button" class="primary" on:click=move |_| { sent.set(true); focus_soon(result_id.clone()); }>"Send my report"</button> }
            })}
            <div aria-live="polite">{result}</div>
        </div>
    }
}
