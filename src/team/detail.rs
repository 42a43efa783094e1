//! One learner's lessons, opened from the matrix.

use hookwise_core::team::{cell_status, is_complete};
use leptos::prelude::*;

use super::use_team;
use hookwise_web::components::status::StatusBadge;
use hookwise_web::platform::{format_date, now};

/// The selected learner's detail, or nothing.
#[component]
pub fn LearnerDetail() -> impl IntoView {
    let store = use_team();
    move || {
        let key = store.selected.get()?;
        let report = store.team.with(|t| t.learners.get(&key).cloned())?;
        let days = store.overdue_days.get();
        let t_now = now();
        let complete = is_complete(&report, t_now, days);
        let lessons = report
            .lessons
            .iter()
            .map(|l| {
                let status = cell_status(l, t_now, days);
                view! {
                    <tr>
                        <th scope="row">{l.title.clone()}</th>
                        <td><StatusBadge status/></td>
                        <td>{l.best_score.map_or("–".to_string(), |s| format!("{s}%"))}</td>
                        <td>{format!("{}%", l.pass_mark)}</td>
                        <td>{l.attempts}</td>
                        <td>{l.passed_at.map(format_date).unwrap_or_else(|| "–".into())}</td>
                        <td>{l.version.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <section class="learner-detail" aria-labelledby="detail-heading">
                <h2 id="detail-heading" tabindex="-1">{report.name.clone()}</h2>
                <p>{report.email.clone()}" · "{report.team.clone()}" · report of "{format_date(report.generated_at)}
                    " · course version "{report.course_version.clone()}</p>
                <p>{if complete { "Completed: every required lesson passed." } else { "Not complete." }}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label="Lessons of this learner">
                    <table>
                        <thead><tr><th scope="col">"Lesson"</th><th scope="col">"Status"</th><th scope="col">"Best score"</th>
                            <th scope="col">"Pass mark"</th><th scope="col">"Attempts"</th><th scope="col">"Passed on"</th><th scope="col">"Version"</th></tr></thead>
                        <tbody>{lessons}</tbody>
                    </table>
                </div>
                <button type="button" on:click=move |_| store.selected.set(None)>"Close"</button>
            </section>
        })
    }
}
