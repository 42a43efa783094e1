//! The tables and charts of "What people miss" (`misses.rs` holds the section and its filter).
//! Every table is the one `table` below, fed rows of text: one view shape keeps the bundle small.

use hookwise_core::misses::{lesson_words, option_words, percent, practice_words, question_words, Misses, QuizKey, ATTEMPT_BUCKETS};
use leptos::prelude::*;

use crate::charts::{Bar, BarChart};

/// A captioned table in a keyboard-scrollable region; each row's first cell is its header.
fn table(id: &'static str, caption: &'static str, heads: Vec<String>, rows: Vec<Vec<String>>) -> AnyView {
    let heads = heads.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
    let rows = rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let head = cells.next().unwrap_or_default();
            let cells = cells.map(|c| view! { <td>{c}</td> }).collect_view();
            view! { <tr><th scope="row">{head}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=id>
            <table>
                <caption id=id>{caption}</caption>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn bucket(i: usize) -> String {
    if i + 1 == ATTEMPT_BUCKETS { format!("{}+", i + 1) } else { (i + 1).to_string() }
}

fn words(heads: &[&str]) -> Vec<String> {
    heads.iter().map(|h| h.to_string()).collect()
}

/// The charts and tables for `m`, with words from `key` and the reports' lesson `titles`.
pub fn tables(m: &Misses, key: Option<&QuizKey>, titles: &[(String, String)]) -> AnyView {
    let lesson = |id: &str| lesson_words(key, titles, id);
    let missed: Vec<Bar> = m
        .questions
        .iter()
        .take(8)
        .map(|q| Bar { label: question_words(key, &q.lesson, &q.question), value: q.right as usize, of: q.asked as usize })
        .collect();
    let mut all = [0u32; ATTEMPT_BUCKETS];
    for l in &m.lessons {
        all.iter_mut().zip(l.distribution).for_each(|(a, n)| *a += n);
    }
    let total = all.iter().sum::<u32>() as usize;
    let attempts: Vec<Bar> = all.iter().enumerate().map(|(i, n)| Bar { label: bucket(i), value: *n as usize, of: total }).collect();

    let questions = m
        .questions
        .iter()
        .map(|q| {
            let correct = key.and_then(|k| k.question(&q.lesson, &q.question)).map(|k| k.correct);
            let wrong = q.most_chosen_wrong(correct).map_or("–".to_string(), |(i, n)| {
                format!("{} ({n} of {})", option_words(key, &q.lesson, &q.question, i), q.asked - q.right)
            });
            vec![question_words(key, &q.lesson, &q.question), lesson(&q.lesson), format!("{}%", q.share_right()), q.asked.to_string(), wrong]
        })
        .collect();
    let lessons = m
        .lessons
        .iter()
        .map(|l| {
            let mut row = vec![
                lesson(&l.lesson),
                l.passed().to_string(),
                l.median().map_or("–".to_string(), |n| bucket(n - 1)),
                l.mean_tenths().map_or("–".to_string(), |t| format!("{}.{}", t / 10, t % 10)),
            ];
            row.extend(l.distribution.iter().map(|n| n.to_string()));
            row.push(l.not_passed.to_string());
            row
        })
        .collect();
    let mut attempt_heads = words(&["Lesson", "Passed", "Median", "Mean"]);
    attempt_heads.extend((0..ATTEMPT_BUCKETS).map(|i| format!("{} attempt{}", bucket(i), if i == 0 { "" } else { "s" })));
    attempt_heads.push("Not passed yet".into());
    let practice: Vec<Vec<String>> = m
        .flags
        .iter()
        .map(|f| {
            vec![
                format!("Red flag: {}", practice_words(key, &f.lesson, &f.scenario, Some(&f.flag))),
                practice_words(key, &f.lesson, &f.scenario, None),
                lesson(&f.lesson),
                format!("{}% found it", percent(f.found, f.total)),
                f.total.to_string(),
            ]
        })
        .chain(m.conversations.iter().map(|c| {
            vec![
                "Conversation: reported before any task".to_string(),
                practice_words(key, &c.lesson, &c.scenario, None),
                lesson(&c.lesson),
                format!("{}% reported first", percent(c.before_task, c.total)),
                c.total.to_string(),
            ]
        }))
        .collect();
    let practice = if practice.is_empty() {
        view! { <p class="hint">"No practice results in these reports yet."</p> }.into_any()
    } else {
        table("misses-practice-caption", "Practice", words(&["What", "Scenario", "Lesson", "Share", "Out of"]), practice)
    };
    view! {
        <div class="charts">
            <BarChart id="chart-missed" title="Right at the first attempt: the most missed questions".into() unit="learners right" bars=missed/>
            <BarChart id="chart-attempts" title="Attempts needed to pass, all lessons".into() unit="lesson passes" bars=attempts/>
        </div>
        {table("misses-questions-caption", "Questions, most missed first", words(&["Question", "Lesson", "Right at first attempt", "Asked", "Most chosen wrong option"]), questions)}
        {table("misses-attempts-caption", "Attempts needed to pass", attempt_heads, lessons)}
        {practice}
    }
    .into_any()
}
