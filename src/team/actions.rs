//! What the manager can do with the imported data: export it as CSV or as one file, or clear it.

use hookwise_core::report::{encode_bundle, Report};
use hookwise_core::team::csv;
use leptos::prelude::*;

use super::use_team;
use hookwise_web::platform::{download, now};

/// The buttons under the matrix.
#[component]
pub fn TeamActions() -> impl IntoView {
    let store = use_team();
    let confirming = RwSignal::new(false);
    let export_csv = move |_| {
        let text = store.team.with_untracked(|t| {
            let keys = store.rows.get_untracked();
            let reports: Vec<&Report> = keys.iter().filter_map(|k| t.learners.get(k)).collect();
            csv(t, &reports, now(), store.overdue_days.get_untracked())
        });
        let _ = download("team-completion.csv", "text/csv;charset=utf-8", &text);
    };
    let export_bundle = move |_| {
        let text = store.team.with_untracked(|t| encode_bundle(t.learners.values()));
        let _ = download("hookwise-team-reports.json", "application/json", &text);
    };
    view! {
        <div class="actions">
            <button type="button" on:click=export_csv>"Export CSV"</button>
            <button type="button" on:click=export_bundle>"Export all reports as one file"</button>
            {move || if confirming.get() {
                view! {
                    <span class="confirm" role="group" aria-label="Confirm clearing">
                        <span>"Delete all imported reports from this browser?"</span>
                        <button type="button" class="danger" on:click=move |_| {
                            store.clear();
                            confirming.set(false);
                        }>"Yes, clear the data"</button>
                        <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </span>
                }.into_any()
            } else {
                view! { <button type="button" on:click=move |_| confirming.set(true)>"Clear imported data"</button> }.into_any()
            }}
        </div>
    }
}
