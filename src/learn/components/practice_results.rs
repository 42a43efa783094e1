//! "Your practice" on `/progress`: the latest result of each practice scenario, by lesson.

use leptos::prelude::*;

use crate::components::practice::result_words;
use hookwise_web::state::{use_course, use_learner};

#[component]
pub fn PracticeResults() -> impl IntoView {
    let learner = use_learner();
    let course = use_course();
    let rows = move || {
        let catalogue = course.0.get().and_then(Result::ok)?;
        let rows: Vec<_> = learner.progress.with(|p| {
            catalogue
                .lessons()
                .flat_map(|l| p.practice_for(&l.info.id).into_values().map(|r| (l.info.title.clone(), r.title.clone(), result_words(r))).collect::<Vec<_>>())
                .collect()
        });
        Some(if rows.is_empty() {
            view! { <p>"You have not finished a practice scenario yet."</p> }.into_any()
        } else {
            let rows = rows
                .into_iter()
                .map(|(lesson, scenario, words)| view! { <tr><td>{lesson}</td><td>{scenario}</td><td>{words}</td></tr> })
                .collect_view();
            view! {
                <div class="table-scroll">
                    <table>
                        <caption>"Your latest result in each practice scenario"</caption>
                        <thead><tr><th scope="col">"Lesson"</th><th scope="col">"Scenario"</th><th scope="col">"Result"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })
    };
    view! {
        <section class="practice-results" aria-labelledby="practice-results-heading">
            <h2 id="practice-results-heading">"Your practice"</h2>
            {rows}
        </section>
    }
}
