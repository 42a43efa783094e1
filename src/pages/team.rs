//! The manager dashboard at `/team/`: import completion reports, see the team's overview,
//! charts and the learner × lesson matrix, export CSV. Imported data stays in this browser.
//!
//! It is its own bundle (`src/bin/team.rs`), so learners never download it. Its parts are in
//! `crate::team`, sharing one store through context.

use hookwise_core::route::Route;
use leptos::prelude::*;

use crate::team::actions::TeamActions;
use crate::team::detail::LearnerDetail;
use crate::team::import::ImportReports;
use crate::team::lrs::LrsConnect;
use crate::team::matrix::{LearnerFilters, Matrix};
use crate::team::misses::WhatPeopleMiss;
use crate::team::overview::Overview;
use crate::team::roster::RosterImport;
use crate::team::TeamStore;

/// The dashboard as a whole app: a header linking back to the course, and the page.
#[component]
pub fn TeamApp() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a href=Route::Catalogue.path() class="brand">"hookwise"</a>
            <nav aria-label="Main">
                <a href=Route::Catalogue.path()>"Course"</a>
                <a href=Route::Team.path() aria-current="page">"Team"</a>
            </nav>
        </header>
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
