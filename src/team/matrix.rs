//! The learner × lesson matrix: its filters, sortable headers and pages.

use hookwise_core::team::{cell_status, learner_score, LearnerFilter, SortKey, Team};
use leptos::prelude::*;

use super::{use_team, PAGE};
use hookwise_web::components::status::StatusBadge;
use hookwise_web::platform::now;

/// The team and status filters above the matrix.
#[component]
pub fn LearnerFilters() -> impl IntoView {
    let store = use_team();
    let teams = move || store.team.with(Team::teams).into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view();
    view! {
        <div class="filters">
            <div class="field">
                <label for="filter-team">"Team"</label>
                <select id="filter-team" on:change=move |ev| { store.team_filter.set(event_target_value(&ev)); store.page.set(0); }>
                    <option value="">"All teams"</option>
                    {teams}
                </select>
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" on:change=move |ev| {
                    store.status_filter.set(match event_target_value(&ev).as_str() { "completed" => LearnerFilter::Completed, "overdue" => LearnerFilter::Overdue, _ => LearnerFilter::All });
                    store.page.set(0);
                }>
                    <option value="all">"All learners"</option>
                    <option value="completed">"Completed"</option>
                    <option value="overdue">"Overdue"</option>
                </select>
            </div>
        </div>
    }
}

/// A column header that sorts the matrix by `key`, and says how it is sorted.
#[component]
fn SortHeader(label: String, key: SortKey) -> impl IntoView {
    let store = use_team();
    let key_for_sort = key.clone();
    let aria = move || {
        let (k, desc) = store.sort.get();
        if k == key { if desc { "descending" } else { "ascending" } } else { "none" }
    };
    let arrow = {
        let aria = aria.clone();
        move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button type="button" class="sort" on:click=move |_| {
                store.sort.update(|(k, desc)| {
                    if *k == key_for_sort { *desc = !*desc } else { *k = key_for_sort.clone(); *desc = false }
                });
                store.page.set(0);
            }>{label}<span aria-hidden="true">{arrow}</span></button>
        </th>
    }
}

/// The matrix, one page of learners at a time, with the pager.
#[component]
pub fn Matrix() -> impl IntoView {
    let store = use_team();
    let page = store.page;
    move || {
        let lessons = store.team.with(Team::lessons);
        let keys = store.rows.get();
        let total = keys.len();
        let start = (page.get() * PAGE).min(total);
        let end = (start + PAGE).min(total);
        let days = store.overdue_days.get();
        let t_now = now();
        let head = lessons.iter().map(|(id, title)| view! { <SortHeader label=title.clone() key=SortKey::Lesson(id.clone())/> }).collect_view();
        let body = store.team.with(|t| {
            keys[start..end]
                .iter()
                .filter_map(|k| t.learners.get(k))
                .map(|r| {
                    let key = r.learner_key();
                    let cells = lessons
                        .iter()
                        .map(|(id, _)| match r.lessons.iter().find(|l| l.id == *id) {
                            Some(l) => {
                                let status = cell_status(l, t_now, days);
                                view! { <td><StatusBadge status/>{l.best_score.map(|s| view! { " "<span class="cell-score">{s}"%"</span> })}</td> }.into_any()
                            }
                            None => view! { <td>"–"</td> }.into_any(),
                        })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row"><button type="button" class="link" on:click=move |_| store.selected.set(Some(key.clone()))>{r.name.clone()}</button></th>
                            <td>{r.team.clone()}</td>
                            <td>{learner_score(r).map_or("–".to_string(), |s| format!("{s}%"))}</td>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        });
        let pages = total.div_ceil(PAGE).max(1);
        view! {
            <p class="hint" role="status">{if total == 0 { "No learners match.".to_string() } else { format!("Showing {}–{} of {} learners", start + 1, end, total) }}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Learner by lesson matrix">
                <table class="matrix">
                    <thead><tr>
                        <SortHeader label="Learner".into() key=SortKey::Name/>
                        <SortHeader label="Team".into() key=SortKey::Team/>
                        <SortHeader label="Score".into() key=SortKey::Score/>
                        {head}
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            <div class="actions pager">
                <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous page"</button>
                <span>{format!("Page {} of {}", page.get() + 1, pages)}</span>
                <button type="button" disabled=move || page.get() + 1 >= pages on:click=move |_| page.update(|p| *p += 1)>"Next page"</button>
            </div>
        }
    }
}
