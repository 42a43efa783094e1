//! The quiz: one question at a time with immediate feedback, then the score and a review of
//! every answer. Each check is saved, so a reload brings back the same question and answers.

use hookwise_core::grading::{is_correct, plan_attempt, score, PlannedQuestion};
use hookwise_core::lesson::{Lesson, Question, QuestionKind};
use hookwise_core::progress::{Attempt, Progress};
use hookwise_core::quiz::{QuizAction, QuizEvent};
use leptos::prelude::*;

use crate::components::rich_text::{blocks, inlines};
use hookwise_web::platform::{focus_soon, now, random_seed};
use hookwise_web::state::use_learner;
use hookwise_core::route::Route as Page;

/// The line above a question's options (the quiz and the re-checks say the same).
pub(crate) fn hint(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Single => "Choose one answer.",
        QuestionKind::Multiple => "Select all that apply.",
        QuestionKind::TrueFalse => "True or false?",
    }
}

/// The text of the chosen options, in shown order.
fn answer_text(question: &Question, order: &[usize], chosen: &[usize]) -> AnyView {
    let parts: Vec<AnyView> = order
        .iter()
        .filter(|i| chosen.contains(i))
        .map(|i| inlines(&question.choices[*i].text))
        .collect();
    if parts.is_empty() {
        return "(no answer)".into_any();
    }
    let mut out = Vec::new();
    for (n, part) in parts.into_iter().enumerate() {
        if n > 0 {
            out.push("; ".into_any());
        }
        out.push(part);
    }
    out.into_iter().collect_view().into_any()
}

/// What a look-through launch (cmi5 Browse or Review) says instead of a verdict.
const NOT_JUDGED: &str = "In this mode, answers are not checked or recorded: you can look through the questions freely.";

#[component]
pub fn QuizView(lesson: Lesson) -> impl IntoView {
    let learner = use_learner();
    let rechecks = crate::components::rechecks::use_rechecks();
    let lesson_id = lesson.info.id.clone();
    let hash = lesson.info.content_hash.clone();
    let pass_mark = lesson.info.pass_mark;
    let lesson = StoredValue::new(lesson);

    // Resume the quiz in progress if it was for this text of the lesson.
    let resumed = learner.progress.with_untracked(|p| p.in_progress.get(&lesson_id).filter(|q| q.content_hash == hash).map(|q| q.seed));
    let seed = RwSignal::new(resumed.unwrap_or_else(random_seed));
    let finished: RwSignal<Option<Attempt>> = RwSignal::new(None);
    let plan = Memo::new(move |_| lesson.with_value(|l| plan_attempt(&l.quiz, seed.get())));
    let id_for_state = lesson_id.clone();
    // A look-through (cmi5 Browse or Review) keeps its answers on this page only: nothing of it
    // is saved, so it never becomes an attempt or a quiz in progress of a later launch.
    let look: RwSignal<Progress> = RwSignal::new(Progress::default());
    let state = Memo::new(move |_| {
        let quiz = |p: &Progress| p.in_progress.get(&id_for_state).filter(|q| q.seed == seed.get()).cloned();
        if crate::cmi5::judging() { learner.progress.with(quiz) } else { look.with(quiz) }
    });
    // A memo, so the question is rebuilt only when the learner moves to another one.
    let current = Memo::new(move |_| {
        state.with(|s| s.as_ref().map_or(0, |s| s.current)).min(plan.with(|p| p.len().saturating_sub(1)))
    });
    let selection: RwSignal<Vec<usize>> = RwSignal::new(Vec::new());
    let asked = move || plan.with(Vec::len);

    // Every change is a core action: on the learner's progress (saved, and heard by a learning
    // platform), or in a look-through (cmi5 Browse or Review) on this page's copy only, so that
    // nothing of it is saved or sent.
    let act = move |action: QuizAction| -> Vec<QuizEvent> {
        if crate::cmi5::judging() {
            return lesson.with_value(|l| learner.dispatch(l, action));
        }
        let mut events = Vec::new();
        look.update(|p| events = lesson.with_value(|l| p.apply_quiz(l, action, now())));
        events
    };

    let check = move |question_id: String| {
        let chosen = selection.get_untracked();
        let action = QuizAction::Check { seed: seed.get_untracked(), question_id, chosen };
        if act(action).is_empty() {
            return;
        }
        // The first saved answer is when progress becomes worth keeping: ask the browser to keep it.
        hookwise_web::storage::ask_persistence();
        focus_soon("quiz-next");
    };

    let next = move || {
        selection.set(Vec::new());
        act(QuizAction::Advance { seed: seed.get_untracked() });
        focus_soon("quiz-question-title");
    };

    let finish = move || {
        if let Some(QuizEvent::Finished(attempt)) = act(QuizAction::Finish { seed: seed.get_untracked() }).into_iter().next() {
            if crate::cmi5::judging() {
                // What was missed comes back as short re-checks.
                lesson.with_value(|l| crate::components::rechecks::after_attempt(rechecks, l, &attempt));
            }
            finished.set(Some(attempt));
            focus_soon("quiz-results");
        }
    };

    let retake = move || {
        finished.set(None);
        selection.set(Vec::new());
        seed.set(random_seed());
        focus_soon("quiz-question-title");
    };

    let question_view = move || {
        let index = current.get();
        let Some(planned) = plan.with(|p| p.get(index).cloned()) else {
            return view! { <p>"This quiz has no questions."</p> }.into_any();
        };
        let question = lesson.with_value(|l| l.quiz.questions[planned.question].clone());
        let qid = question.id.clone();
        let is_checked = {
            let qid = qid.clone();
            Memo::new(move |_| state.with(|s| s.as_ref().is_some_and(|s| s.checked.contains(&qid))))
        };
        let saved_answer = {
            let qid = qid.clone();
            Memo::new(move |_| state.with(|s| s.as_ref().and_then(|s| s.answers.get(&qid).cloned())))
        };
        let chosen = Signal::derive(move || saved_answer.get().unwrap_or_else(|| selection.get()));
        let name = format!("q-{}", question.id);
        let choices = choices(&question, &planned.order, &name, selection, chosen, is_checked);

        let feedback = feedback(question.clone(), planned.order.clone(), is_checked, saved_answer);

        let last = index + 1 == asked();
        let check_qid = qid.clone();
        let prompt_id = format!("{name}-prompt");
        view! {
            <div class="question">
                <p class="question-count">"Question "{index + 1}" of "{asked()}</p>
                <h3 id="quiz-question-title" tabindex="-1">{question.title.clone()}</h3>
                <div id=prompt_id.clone() class="prompt">{blocks(&question.prompt)}</div>
                <fieldset aria-describedby=prompt_id>
                    <legend>{hint(question.kind)}</legend>
                    {choices}
                </fieldset>
                <div class="live" aria-live="polite">{feedback}</div>
                <div class="actions">
                    {move || if !is_checked.get() {
                        let qid = check_qid.clone();
                        view! {
                            <button type="button" class="primary" on:click=move |_| check(qid.clone())
                                aria-disabled=move || if selection.with(Vec::is_empty) { "true" } else { "false" }>
                                "Check answer"
                            </button>
                        }.into_any()
                    } else if last {
                        view! {
                            <button type="button" class="primary" id="quiz-next"
                                on:click=move |_| finish()>"See your results"</button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="primary" id="quiz-next" on:click=move |_| next()>"Next question"</button>
                        }.into_any()
                    }}
                </div>
            </div>
        }
        .into_any()
    };

    let intro = lesson.with_value(|l| {
        let n = l.quiz.asked();
        format!("{n} questions. You need {}% to pass. You see feedback after each answer.", l.info.pass_mark)
    });
    view! {
        <section class="quiz" aria-labelledby="quiz-heading">
            <h2 id="quiz-heading">"Quiz"</h2>
            <p class="quiz-intro">{move || if crate::cmi5::judging() { intro.clone() } else { NOT_JUDGED.to_string() }}</p>
            {move || match finished.get() {
                Some(attempt) => results(lesson, attempt, pass_mark, retake),
                None => question_view(),
            }}
        </section>
    }
}

/// A question's options, in the attempt's order: radio buttons or checkboxes, locked once the
/// answer is checked. The re-checks page asks its questions with it too.
pub(crate) fn choices(
    question: &Question,
    order: &[usize],
    name: &str,
    selection: RwSignal<Vec<usize>>,
    chosen: Signal<Vec<usize>>,
    is_checked: Memo<bool>,
) -> impl IntoView {
    let multiple = question.kind == QuestionKind::Multiple;
    let name = name.to_string();
    order
        .iter()
        .map(|&choice| {
            let input_id = format!("{name}-{choice}");
            let text = inlines(&question.choices[choice].text);
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                selection.update(|s| {
                    if multiple {
                        s.retain(|c| *c != choice);
                        if on {
                            s.push(choice);
                        }
                    } else {
                        *s = vec![choice];
                    }
                });
            };
            let kind = if multiple { "checkbox" } else { "radio" };
            view! {
                <div class="choice">
                    <input
                        type=kind
                        id=input_id.clone()
                        name=name.clone()
                        prop:checked=move || chosen.with(|c| c.contains(&choice))
                        disabled=move || is_checked.get()
                        on:change=on_change
                    />
                    <label for=input_id>{text}</label>
                </div>
            }
        })
        .collect_view()
}

/// After a check: right or not, a note on each chosen option, the correct answer and the
/// explanation (or, in a look-through, that answers are not checked).
fn feedback(question: Question, order: Vec<usize>, is_checked: Memo<bool>, saved_answer: Memo<Option<Vec<usize>>>) -> impl Fn() -> AnyView {
        move || {
            if !is_checked.get() {
                return ().into_any();
            }
            if !crate::cmi5::judging() {
                return view! { <p class="feedback">{NOT_JUDGED}</p> }.into_any();
            }
            let answer = saved_answer.get().unwrap_or_default();
            let right = is_correct(&question, &answer);
            let notes = order
                .iter()
                .filter(|i| answer.contains(i) && !question.choices[**i].feedback.is_empty())
                .map(|i| {
                    let c = &question.choices[*i];
                    view! { <p><span class="chosen">{inlines(&c.text)}</span>": "{inlines(&c.feedback)}</p> }
                })
                .collect_view();
            let correct = question.correct_choices();
            let correct_text = (!right).then(|| {
                view! { <p>"The correct answer: "<strong>{answer_text(&question, &order, &correct)}</strong></p> }
            });
            view! {
                <div class=if right { "feedback feedback-right" } else { "feedback feedback-wrong" }>
                    <p class="verdict"><strong>{if right { "Correct." } else { "Not quite." }}</strong></p>
                    {notes}
                    {correct_text}
                    <p class="explanation">{inlines(&question.explanation)}</p>
                </div>
            }
            .into_any()
        }
}

/// The finished attempt: the score, passed or not, and a review of every answer (in a
/// look-through, only the end of the quiz).
fn results(lesson: StoredValue<Lesson>, attempt: Attempt, pass_mark: u8, retake: impl Fn() + Copy + 'static) -> AnyView {
    if !crate::cmi5::judging() {
        return view! {
            <div class="results" id="quiz-results" tabindex="-1">
                <h3>"End of the quiz"</h3>
                <p>{NOT_JUDGED}</p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| retake()>"Go through the quiz again"</button>
                </div>
            </div>
        }
        .into_any();
    }
    let (review, passed) = lesson.with_value(|l| {
        let plan = plan_attempt(&l.quiz, attempt.seed);
        let s = score(&l.quiz, &plan, &attempt.answers, l.info.pass_mark);
        let review = plan
            .iter()
            .map(|PlannedQuestion { question, order }| {
                let q = &l.quiz.questions[*question];
                let chosen = attempt.answers.get(&q.id).cloned().unwrap_or_default();
                let right = is_correct(q, &chosen);
                view! {
                    <li class=if right { "review-right" } else { "review-wrong" }>
                        <p class="review-title"><strong>{q.title.clone()}</strong>
                            <span class="verdict">{if right { " (correct)" } else { " (incorrect)" }}</span></p>
                        <dl>
                            <dt>"Your answer"</dt><dd>{answer_text(q, order, &chosen)}</dd>
                            <dt>"Correct answer"</dt><dd>{answer_text(q, order, &q.correct_choices())}</dd>
                        </dl>
                        <p class="explanation">{inlines(&q.explanation)}</p>
                    </li>
                }
            })
            .collect_view();
        (review, s)
    });
    view! {
        <div class="results" id="quiz-results" tabindex="-1">
            <h3>"Your result"</h3>
            <p class="score">
                "You scored "<strong>{attempt.score}"%"</strong>" ("{passed.correct}" of "{passed.asked}
                " correct). The pass mark is "{pass_mark}"%."
            </p>
            // A cmi5 Browse or Review launch shows the lesson without a verdict.
            {crate::cmi5::judging().then(|| view! {
                <p class=if attempt.passed { "outcome outcome-passed" } else { "outcome outcome-failed" }>
                    {if attempt.passed { "Passed. Well done." } else { "Not passed yet. Read the review below, then retake the quiz." }}
                </p>
            })}
            <h3>"Review"</h3>
            <ol class="review">{review}</ol>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| retake()>"Retake the quiz"</button>
                {(!crate::lms::embedded()).then(|| view! { <a href=Page::Catalogue.path() rel="external">"Back to the course"</a> })}
            </div>
        </div>
    }
    .into_any()
}
