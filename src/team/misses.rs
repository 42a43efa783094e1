//! "What people miss": per question the share right at the first attempt and the most chosen
//! wrong option, attempts needed to pass, red flags found and conversations reported before
//! any task, for all teams or one, with a CSV export. The figures come from
//! `hookwise_core::misses`; the words of questions and options from `questions.txt`.

use hookwise_core::misses::{aggregate, csv, QuizKey};
use hookwise_core::team::Team;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::misses_tables::tables;
use super::use_team;
use hookwise_web::platform::download;

/// Asks for the words file (read with `quiz_key`): the request starts at once, and its answer
/// is listened for at once (a request never read leaves no unhandled rejection).
pub fn ask_quiz_key() -> Option<JsFuture> {
    Some(JsFuture::from(web_sys::window()?.fetch_with_str(&hookwise_core::route::Asset::Questions.path())))
}

/// The words file asked for by `ask_quiz_key`, or `None` when it cannot be loaded (the figures
/// then name ids and letters).
pub async fn quiz_key(asked: Option<JsFuture>) -> Option<QuizKey> {
    let response: web_sys::Response = asked?.await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    QuizKey::parse(&text)
}

/// The section.
#[component]
pub fn WhatPeopleMiss() -> impl IntoView {
    let store = use_team();
    let team_filter = RwSignal::new(String::new());
    // Below the fold: drawn after the overview and the matrix, and following the data a frame
    // late (`TeamStore::later`).
    let shown = crate::below_the_fold(store);
    let misses = move || {
        let filter = team_filter.get();
        store.team.with_untracked(|t| aggregate(t.learners.values().filter(|r| filter.is_empty() || r.team == filter).map(|r| &r.misses)))
    };
    let key: RwSignal<Option<QuizKey>> = RwSignal::new(None);
    leptos::task::spawn_local(async move { key.set(quiz_key(ask_quiz_key()).await) });
    let teams = move || shown().then(|| store.team.with_untracked(Team::teams));
    let teams = move || teams().unwrap_or_default().into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view();
    let export = move |_| {
        let titles = store.team.with_untracked(Team::lessons);
        let m = untrack(misses);
        let text = key.with_untracked(|k| csv(&m, k.as_ref(), &titles));
        let _ = download("what-people-miss.csv", "text/csv;charset=utf-8", &text);
    };
    view! {
        <section aria-labelledby="misses-heading" class="misses">
            <h2 id="misses-heading">"What people miss"</h2>
            <p class="hint">"From each learner's first attempt at each quiz, and their practice. Reports from older versions of hookwise carry results only, and are not counted here."</p>
            <div class="filters">
                <div class="field">
                    <label for="misses-team">"Team for these figures"</label>
                    <select id="misses-team" on:change=move |ev| team_filter.set(event_target_value(&ev))>
                        <option value="">"All teams"</option>
                        {teams}
                    </select>
                </div>
            </div>
            {move || shown().then(|| {
                let m = misses();
                let n = m.learners;
                if n == 0 {
                    view! { <p class="notice">"None of these learners' reports carries answers yet. Ask them to send a new report from their progress page."</p> }.into_any()
                } else {
                    let titles = store.team.with_untracked(Team::lessons);
                    let body = key.with(|k| tables(&m, k.as_ref(), &titles));
                    view! {
                        <p role="status">{format!("Figures from {n} {}.", if n == 1 { "learner" } else { "learners" })}</p>
                        {body}
                        <div class="actions">
                            <button type="button" on:click=export>"Export these figures as CSV"</button>
                        </div>
                    }.into_any()
                }
            })}
        </section>
    }
}
