//! The team's overview: the overdue setting, the headline figures and the charts.

use leptos::prelude::*;

use super::use_team;
use crate::charts::{Bar, BarChart};
use hookwise_web::platform::now;

/// The "Overview" section.
#[component]
pub fn Overview() -> impl IntoView {
    let store = use_team();
    let overdue_days = store.overdue_days;
    view! {
        <section aria-labelledby="overview-heading">
            <h2 id="overview-heading">"Overview"</h2>
            <div class="field inline">
                <label for="overdue-days">"Overdue after (days since passing)"</label>
                <input id="overdue-days" type="number" min="1" max="3650" prop:value=move || overdue_days.get().to_string()
                    on:change=move |ev| { if let Ok(n) = event_target_value(&ev).parse::<u32>() { if (1..=3650).contains(&n) { overdue_days.set(n) } } }/>
            </div>
            <Figures/>
            <Charts/>
        </section>
    }
}

/// Learners, completed, average and median score, overdue.
#[component]
fn Figures() -> impl IntoView {
    let store = use_team();
    move || {
        let o = store.team.with(|t| t.overview(now(), store.overdue_days.get()));
        let pct = |v: Option<u8>| v.map_or("–".to_string(), |v| format!("{v}%"));
        view! {
            <dl class="overview">
                <div><dt>"Learners"</dt><dd>{o.learners}</dd></div>
                <div><dt>"Completed"</dt><dd>{format!("{} ({}%)", o.completed, o.completion_rate)}</dd></div>
                <div><dt>"Average score"</dt><dd>{pct(o.average_score)}</dd></div>
                <div><dt>"Median score"</dt><dd>{pct(o.median_score)}</dd></div>
                <div><dt>"Overdue"</dt><dd>{o.overdue}</dd></div>
            </dl>
        }
    }
}

/// Completion per lesson and the score distribution: drawn after the figures and the matrix,
/// and following the data a frame late (`TeamStore::later`).
#[component]
fn Charts() -> impl IntoView {
    let store = use_team();
    let shown = crate::below_the_fold(store);
    move || {
        if !shown() {
            return None;
        }
        let overdue_days = store.overdue_days.get();
        let (completion, histogram, learners) =
            store.team.with_untracked(|t| (t.completion_per_lesson(now(), overdue_days), t.score_histogram(), t.learners.len()));
        let bars = completion.into_iter().map(|(_, title, passed)| Bar { label: title, value: passed, of: learners }).collect();
        let bands = histogram
            .iter()
            .enumerate()
            .map(|(i, n)| Bar { label: if i == 9 { "90–100%".into() } else { format!("{}–{}%", i * 10, i * 10 + 9) }, value: *n, of: learners })
            .collect();
        Some(view! {
            <div class="charts">
                <BarChart id="chart-completion" title="Completion per lesson".into() unit="learners passed" bars/>
                <BarChart id="chart-scores" title="Score distribution".into() unit="learners" bars=bands/>
            </div>
        })
    }
}
