//! The tables and charts of "What people miss" (`misses.rs` holds the section and its filter).

use hookwise_core::misses::{lesson_words, option_words, percent, practice_words, question_words, ATTEMPT_BUCKETS};
use leptos::prelude::*;

use super::misses::MissesView;
use crate::components::charts::{Bar, BarChart};

/// The most missed questions, and attempts needed to pass over all lessons.
#[component]
pub fn Charts(data: MissesView) -> impl IntoView {
    move || {
        let key = data.key();
        let (missed, attempts) = data.misses.with(|m| {
            let missed: Vec<Bar> = m
                .questions
                .iter()
                .take(8)
                .map(|q| Bar { label: question_words(key.as_ref(), &q.lesson, &q.question), value: q.right as usize, of: q.asked as usize })
                .collect();
            let mut all = [0u32; ATTEMPT_BUCKETS];
            for l in &m.lessons {
                all.iter_mut().zip(l.distribution).for_each(|(a, n)| *a += n);
            }
            let total = all.iter().sum::<u32>() as usize;
            let attempts: Vec<Bar> = all.iter().enumerate().map(|(i, n)| Bar { label: bucket(i), value: *n as usize, of: total }).collect();
            (missed, attempts)
        });
        view! {
            <div class="charts">
                <BarChart id="chart-missed" title="Right at the first attempt: the most missed questions".into() unit="learners right" bars=missed/>
                <BarChart id="chart-attempts" title="Attempts needed to pass, all lessons".into() unit="lesson passes" bars=attempts/>
            </div>
        }
    }
}

fn bucket(i: usize) -> String {
    if i + 1 == ATTEMPT_BUCKETS { format!("{}+", i + 1) } else { (i + 1).to_string() }
}

/// Per question: asked, right at the first attempt, the most chosen wrong option.
#[component]
pub fn QuestionsTable(data: MissesView) -> impl IntoView {
    move || {
        let key = data.key();
        let titles = data.titles.get();
        let rows = data.misses.with(|m| {
            m.questions
                .iter()
                .map(|q| {
                    let correct = key.as_ref().and_then(|k| k.question(&q.lesson, &q.question)).map(|k| k.correct);
                    let wrong = q.most_chosen_wrong(correct).map_or("–".to_string(), |(i, n)| {
                        format!("{} ({n} of {})", option_words(key.as_ref(), &q.lesson, &q.question, i), q.asked - q.right)
                    });
                    view! {
                        <tr>
                            <th scope="row">{question_words(key.as_ref(), &q.lesson, &q.question)}</th>
                            <td>{lesson_words(key.as_ref(), &titles, &q.lesson)}</td>
                            <td>{format!("{}%", q.share_right())}</td>
                            <td>{q.asked}</td>
                            <td>{wrong}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="misses-questions-caption">
                <table>
                    <caption id="misses-questions-caption">"Questions, most missed first"</caption>
                    <thead><tr>
                        <th scope="col">"Question"</th><th scope="col">"Lesson"</th><th scope="col">"Right at first attempt"</th>
                        <th scope="col">"Learners asked"</th><th scope="col">"Most chosen wrong option"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}

/// Per lesson: attempts needed to pass.
#[component]
pub fn AttemptsTable(data: MissesView) -> impl IntoView {
    move || {
        let key = data.key();
        let titles = data.titles.get();
        let rows = data.misses.with(|m| {
            m.lessons
                .iter()
                .map(|l| {
                    let cells = l.distribution.iter().map(|n| view! { <td>{*n}</td> }).collect_view();
                    view! {
                        <tr>
                            <th scope="row">{lesson_words(key.as_ref(), &titles, &l.lesson)}</th>
                            <td>{l.passed()}</td>
                            <td>{l.median().map_or("–".to_string(), bucket_of)}</td>
                            <td>{l.mean_tenths().map_or("–".to_string(), |t| format!("{}.{}", t / 10, t % 10))}</td>
                            {cells}
                            <td>{l.not_passed}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        let heads = (0..ATTEMPT_BUCKETS).map(|i| view! { <th scope="col">{format!("{} attempt{}", bucket(i), if i == 0 { "" } else { "s" })}</th> }).collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="misses-attempts-caption">
                <table>
                    <caption id="misses-attempts-caption">"Attempts needed to pass"</caption>
                    <thead><tr>
                        <th scope="col">"Lesson"</th><th scope="col">"Passed"</th><th scope="col">"Median"</th><th scope="col">"Mean"</th>
                        {heads}<th scope="col">"Not passed yet"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    }
}

fn bucket_of(median: usize) -> String {
    bucket(median - 1)
}

/// Red flags found and conversations reported before any task, when reports carry practice.
#[component]
pub fn PracticeTables(data: MissesView) -> impl IntoView {
    move || {
        let key = data.key();
        let titles = data.titles.get();
        let rows = data.misses.with(|m| {
            let flags = m.flags.iter().map(|f| (
                format!("Red flag: {}", practice_words(key.as_ref(), &f.lesson, &f.scenario, Some(&f.flag))),
                practice_words(key.as_ref(), &f.lesson, &f.scenario, None),
                lesson_words(key.as_ref(), &titles, &f.lesson),
                format!("{}% found it", percent(f.found, f.total)),
                f.total,
            ));
            let talks = m.conversations.iter().map(|c| (
                "Conversation: reported before any task".to_string(),
                practice_words(key.as_ref(), &c.lesson, &c.scenario, None),
                lesson_words(key.as_ref(), &titles, &c.lesson),
                format!("{}% reported first", percent(c.before_task, c.total)),
                c.total,
            ));
            flags.chain(talks).collect::<Vec<_>>()
        });
        if rows.is_empty() {
            return view! { <p class="hint">"No practice results in these reports yet."</p> }.into_any();
        }
        let rows = rows.into_iter().map(|(what, scenario, lesson, share, n)| view! {
            <tr><th scope="row">{what}</th><td>{scenario}</td><td>{lesson}</td><td>{share}</td><td>{n}</td></tr>
        }).collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="misses-practice-caption">
                <table>
                    <caption id="misses-practice-caption">"Practice"</caption>
                    <thead><tr><th scope="col">"What"</th><th scope="col">"Scenario"</th><th scope="col">"Lesson"</th><th scope="col">"Share"</th><th scope="col">"Learners"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }.into_any()
    }
}
