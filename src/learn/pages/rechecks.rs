//! Quick re-checks at `/rechecks`: the questions (and red flags) a learner missed, asked again
//! when the schedule says (`hookwise_core::schedule`, SM-2), at most `SESSION_ITEMS` at a time
//! (about two minutes). Each answer is graded and saved at once, so a reload carries on with
//! the rest.

use hookwise_core::grading::is_correct;
use hookwise_core::lesson::{Activity, Choice, Lesson, Question};
use hookwise_core::schedule::{Item, GRADE_RIGHT, GRADE_WRONG, SESSION_ITEMS};
use leptos::prelude::*;

use hookwise_core::route::Route as Page;
use crate::components::rechecks::use_rechecks;
use crate::components::rich_text::{blocks, inlines};
use hookwise_web::platform::{focus_soon, format_day, now, today};

/// One re-check, found in its lesson.
#[derive(Clone)]
enum Check {
    Question { lesson: String, question: Question },
    Flag { lesson: String, scenario: String, part: Choice },
}

fn find(item: &Item, lessons: &[Lesson]) -> Option<Check> {
    let lesson = lessons.iter().find(|l| l.info.id == item.lesson())?;
    match item {
        Item::Question { question, .. } => {
            let q = lesson.quiz.questions.iter().find(|q| &q.id == question)?;
            Some(Check::Question { lesson: lesson.info.title.clone(), question: q.clone() })
        }
        Item::Flag { scenario, part, .. } => {
            let s = lesson.practice.iter().find(|s| &s.id == scenario)?;
            // A mock-up's part is asked as its words alone: "red flag or ordinary?"
            let part = match &s.activity {
                Activity::RedFlags { items } => items.get(*part)?.clone(),
                Activity::Mockup { parts, .. } => {
                    let p = parts.get(*part)?;
                    Choice { text: p.text.clone(), correct: p.flag? , feedback: p.feedback.clone() }
                }
                _ => return None,
            };
            Some(Check::Flag { lesson: lesson.info.title.clone(), scenario: s.title.clone(), part })
        }
    }
}

#[component]
pub fn RechecksPage() -> impl IntoView {
    let Some(rechecks) = use_rechecks() else {
        return view! { <p>"Re-checks are not available here."</p> }.into_any();
    };
    // The session is fixed when the page opens; answered items leave the due list, so a reload
    // asks only the rest.
    let day = today();
    let items = rechecks.schedule.with_untracked(|s| s.due(day, SESSION_ITEMS));
    let lesson_ids: Vec<String> = {
        let mut ids: Vec<String> = items.iter().map(|i| i.lesson().to_string()).collect();
        ids.dedup();
        hookwise_core::compact::sort_by(&mut ids, |a, b| a.cmp(b));
        ids.dedup();
        ids
    };
    let loaded = LocalResource::new(move || {
        let ids = lesson_ids.clone();
        async move {
            let mut lessons = Vec::new();
            for id in ids {
                // A lesson that is gone or fails to load: its items are skipped this time.
                if let Ok(l) = hookwise_web::fetch::lesson(&id).await {
                    lessons.push(l);
                }
            }
            lessons
        }
    });
    let items = StoredValue::new(items);
    view! {
        <p class="breadcrumb"><a href=Page::Catalogue.path() rel="external">"← All lessons"</a></p>
        <h1>"Quick re-checks"</h1>
        <p class="lede">"A few questions you missed before, asked again so they stick. It takes a minute or two."</p>
        {move || match loaded.get() {
            None => view! { <p class="loading">"Loading your re-checks…"</p> }.into_any(),
            Some(lessons) => {
                let checks: Vec<(Item, Check)> = items.with_value(|all| all.iter().filter_map(|i| find(i, &lessons).map(|c| (i.clone(), c))).collect());
                view! { <Session checks/> }.into_any()
            }
        }}
    }
    .into_any()
}

#[component]
fn Session(checks: Vec<(Item, Check)>) -> impl IntoView {
    let rechecks = use_rechecks().expect("provided by the page");
    let total = checks.len();
    let checks = StoredValue::new(checks);
    let index = RwSignal::new(0usize);
    let right = RwSignal::new(0usize);
    // The current answer: chosen options, and whether it was checked.
    let chosen: RwSignal<Vec<usize>> = RwSignal::new(Vec::new());
    let checked: RwSignal<Option<bool>> = RwSignal::new(None);

    let grade = move |item: Item, ok: bool| {
        let (day, at) = (today(), now());
        rechecks.update(|s| s.review(&item, if ok { GRADE_RIGHT } else { GRADE_WRONG }, day, at));
        if ok {
            right.update(|n| *n += 1);
        }
        checked.set(Some(ok));
        focus_soon("recheck-feedback");
    };
    let next = move || {
        chosen.set(Vec::new());
        checked.set(None);
        index.update(|i| *i += 1);
        focus_soon("recheck-title");
    };

    let current = move || {
        let i = index.get();
        if total == 0 {
            let next_day = rechecks.schedule.with_untracked(|s| s.next_due());
            return view! {
                <p>"No re-checks are due today."</p>
                {next_day.map(|d| view! { <p>"Your next re-check is due on "{format_day(d)}"."</p> })}
                <p><a href=Page::Catalogue.path() rel="external">"Back to the course"</a></p>
            }
            .into_any();
        }
        if i >= total {
            let next_day = rechecks.schedule.with_untracked(|s| s.next_due());
            return view! {
                <div class="results" id="recheck-title" tabindex="-1">
                    <h2>"Done"</h2>
                    <p class="score">"You got "<strong>{right.get_untracked()}" of "{total}</strong>" right. What you missed comes back tomorrow; what you got right comes back later, less often."</p>
                    {next_day.map(|d| view! { <p>"Next re-check: "{format_day(d)}"."</p> })}
                    <p><a href=Page::Catalogue.path() rel="external" class="button primary">"Back to the course"</a></p>
                </div>
            }
            .into_any();
        }
        let (item, check) = checks.with_value(|c| c[i].clone());
        let count = view! { <p class="question-count">"Re-check "{i + 1}" of "{total}</p> };
        match check {
            Check::Question { lesson, question } => {
                let name = format!("recheck-{i}");
                // The quiz's own options view: the same markup, one copy in the bundle.
                let order: Vec<usize> = (0..question.choices.len()).collect();
                let locked = Memo::new(move |_| checked.get().is_some());
                let options = crate::components::quiz::choices(&question, &order, &name, chosen, chosen.into(), locked);
                let q = StoredValue::new(question.clone());
                let feedback = move || {
                    checked.get().map(|ok| {
                        q.with_value(|q| {
                            let correct: Vec<_> = q.correct_choices().iter().map(|c| inlines(&q.choices[*c].text)).collect();
                            view! {
                                <div class=if ok { "feedback feedback-right" } else { "feedback feedback-wrong" } id="recheck-feedback" tabindex="-1">
                                    <p class="verdict"><strong>{if ok { "Correct." } else { "Not quite. It comes back tomorrow." }}</strong></p>
                                    {(!ok).then(|| view! { <p>"The correct answer: "<strong>{correct}</strong></p> })}
                                    <p class="explanation">{inlines(&q.explanation)}</p>
                                </div>
                            }
                        })
                    })
                };
                let check_item = item.clone();
                view! {
                    <div class="question">
                        {count}
                        <p class="recheck-from">"From "{lesson}</p>
                        <h2 id="recheck-title" tabindex="-1">{question.title.clone()}</h2>
                        <div class="prompt">{blocks(&question.prompt)}</div>
                        <fieldset>
                            <legend>{crate::components::quiz::hint(question.kind)}</legend>
                            {options}
                        </fieldset>
                        <div class="live" aria-live="polite">{feedback}</div>
                        <div class="actions">
                            {move || match checked.get() {
                                None => {
                                    let item = check_item.clone();
                                    view! {
                                        <button type="button" class="primary" on:click=move |_| {
                                            if chosen.with_untracked(Vec::is_empty) { return; }
                                            let ok = q.with_value(|q| is_correct(q, &chosen.get_untracked()));
                                            grade(item.clone(), ok);
                                        }>"Check answer"</button>
                                    }.into_any()
                                }
                                Some(_) => view! { <button type="button" class="primary" on:click=move |_| next()>{if i + 1 == total { "Finish" } else { "Next re-check" }}</button> }.into_any(),
                            }}
                        </div>
                    </div>
                }
                .into_any()
            }
            Check::Flag { lesson, scenario, part } => {
                let is_flag = part.correct;
                let fb = StoredValue::new(part.feedback.clone());
                let answer = move |says_flag: bool| {
                    let item = item.clone();
                    move |_| grade(item.clone(), says_flag == is_flag)
                };
                view! {
                    <div class="question">
                        {count}
                        <p class="recheck-from">"From "{lesson}": "{scenario}</p>
                        <h2 id="recheck-title" tabindex="-1">"Is this part a red flag?"</h2>
                        <blockquote class="prompt">{inlines(&part.text)}</blockquote>
                        <div class="live" aria-live="polite">{move || checked.get().map(|ok| view! {
                            <div class=if ok { "feedback feedback-right" } else { "feedback feedback-wrong" } id="recheck-feedback" tabindex="-1">
                                <p class="verdict"><strong>{if ok { "Correct. " } else { "Not quite. " }}{if is_flag { "It is a red flag." } else { "It is not a red flag." }}</strong></p>
                                <p class="explanation">{fb.with_value(|f| inlines(f))}</p>
                            </div>
                        })}</div>
                        <div class="actions">
                            {move || match checked.get() {
                                None => view! {
                                    <button type="button" on:click=answer(true)>"Yes, a red flag"</button>
                                    <button type="button" on:click=answer(false)>"No"</button>
                                }.into_any(),
                                Some(_) => view! { <button type="button" class="primary" on:click=move |_| next()>{if i + 1 == total { "Finish" } else { "Next re-check" }}</button> }.into_any(),
                            }}
                        </div>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! { <section class="rechecks" aria-label="Re-checks">{current}</section> }
}
