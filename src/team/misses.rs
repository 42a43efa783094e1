//! "What people miss": per question the share right at the first attempt and the most chosen
//! wrong option, attempts needed to pass, red flags found and conversations reported before
//! any task, for all teams or one, with a CSV export. The figures come from
//! `hookwise_core::misses`; the words of questions and options from `questions.txt`.

use hookwise_core::misses::{aggregate, csv, Misses, QuizKey};
use hookwise_core::team::Team;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::misses_tables::{AttemptsTable, Charts, PracticeTables, QuestionsTable};
use super::use_team;
use crate::platform::download;

/// The words file, or `None` when it cannot be loaded (the figures then name ids and letters).
async fn quiz_key() -> Option<QuizKey> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str("/questions.txt")).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    QuizKey::parse(&text)
}

/// What the section's parts share: the figures for the chosen team, the words, and the
/// lesson titles the reports carry.
#[derive(Clone, Copy)]
pub struct MissesView {
    pub misses: Memo<Misses>,
    pub key: LocalResource<Option<QuizKey>>,
    pub titles: Memo<Vec<(String, String)>>,
}

impl MissesView {
    pub fn key(&self) -> Option<QuizKey> {
        self.key.get().flatten()
    }
}

/// The section.
#[component]
pub fn WhatPeopleMiss() -> impl IntoView {
    let store = use_team();
    let team_filter = RwSignal::new(String::new());
    let misses = Memo::new(move |_| {
        let filter = team_filter.get();
        store.team.with(|t| aggregate(t.learners.values().filter(|r| filter.is_empty() || r.team == filter).map(|r| &r.misses)))
    });
    let view_state = MissesView { misses, key: LocalResource::new(quiz_key), titles: Memo::new(move |_| store.team.with(Team::lessons)) };
    let teams = move || store.team.with(Team::teams).into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view();
    let export = move |_| {
        let text = csv(&misses.get_untracked(), view_state.key.get_untracked().flatten().as_ref(), &view_state.titles.get_untracked());
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
            {move || {
                let n = misses.with(|m| m.learners);
                if n == 0 {
                    view! { <p class="notice">"None of these learners' reports carries answers yet. Ask them to send a new report from their progress page."</p> }.into_any()
                } else {
                    view! {
                        <p role="status">{format!("Figures from {n} {}.", if n == 1 { "learner" } else { "learners" })}</p>
                        <Charts data=view_state/>
                        <QuestionsTable data=view_state/>
                        <AttemptsTable data=view_state/>
                        <PracticeTables data=view_state/>
                        <div class="actions">
                            <button type="button" on:click=export>"Export these figures as CSV"</button>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
