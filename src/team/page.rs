//! The manager dashboard at `/team/`: import completion reports, see the team's overview,
//! charts and the learner × lesson matrix, export CSV. Imported data stays in this browser.
//!
//! It is its own bundle (package `hookwise-team`, `src/team/main.rs`), so learners never
//! download it. Its parts are this crate's modules, sharing one store through context.

use hookwise_core::route::Route;
use hookwise_web::shell::SiteHeader;
use leptos::prelude::*;

use crate::actions::TeamActions;
use crate::detail::LearnerDetail;
use crate::import::ImportReports;
use crate::lrs::LrsConnect;
use crate::matrix::{LearnerFilters, Matrix};
use crate::misses::WhatPeopleMiss;
use crate::overview::Overview;
use crate::roster::RosterImport;
use crate::TeamStore;

/// The dashboard as a whole app: a header linking back to the course, and the page.
#[component]
pub fn TeamApp() -> impl IntoView {
    view! {
        <SiteHeader pages=&[Route::Catalogue, Route::Team] current=Some(Route::Team)/>
        <main id="main" tabindex="-1"><Team/></main>
    }
}

/// The page: messages, the import, and once there are learners, the overview, the matrix and
/// a learner's detail.
#[component]
pub fn Team() -> impl IntoView {
    let store = TeamStore::provide();
    store.follow_other_tabs();
    let has_learners = Memo::new(move |_| store.team.with(|t| !t.learners.is_empty()));
    view! {
        <h1>"Team completion"</h1>
        <p class="lede">"Import the completion reports your team sends you, or read your learning record store. Everything stays in this browser."</p>
        {move || store.notice.get().map(|n| view! { <div class="storage-problem" role="alert"><p>{n}</p></div> })}
        <div role="status" aria-live="polite">{move || store.tab_notice.get().map(|n| view! {
            <p class="notice">{n}" "<button type="button" on:click=move |_| store.tab_notice.set(None)>"Dismiss"</button></p>
        })}</div>
        <ImportReports/>
        <LrsConnect/>
        <RosterImport/>
        {move || has_learners.get().then(|| view! {
            <Overview/>
            <section aria-labelledby="matrix-heading">
                <h2 id="matrix-heading">"Learners"</h2>
                <LearnerFilters/>
                <Matrix/>
                <TeamActions/>
            </section>
            <LearnerDetail/>
            <WhatPeopleMiss/>
        })}
    }
}
