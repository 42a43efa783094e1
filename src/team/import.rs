//! Importing completion reports: the file picker and drop zone, the outcome of an import, and
//! the question asked about reports of another course.

use hookwise_core::report::{decode_file, Imported, Report, ReportError, MAX_BUNDLE_BYTES};
use hookwise_core::team::sort_import;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{use_team, ImportResult, TeamStore};

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Reads the files, decodes their reports and adds those of this course; reports of another
/// course are held for the manager's answer.
async fn import(store: TeamStore, files: Vec<web_sys::File>) {
    let started = js_sys::Date::now();
    let mut outcome = ImportResult::default();
    // Files too large even for a bundle are refused unread; the rest are read together.
    let (small, large): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.size() <= MAX_BUNDLE_BYTES as f64);
    for f in &large {
        let too_large = ReportError::TooLarge { size: f.size() as u64, limit: MAX_BUNDLE_BYTES as u64 };
        outcome.failed.push((f.name(), too_large.to_string()));
    }
    let texts = hookwise_web::platform::read_files(&small).await;
    let mut reports: Vec<Report> = Vec::with_capacity(small.len());
    for (file, text) in small.iter().zip(texts) {
        // A size in a message is the file's own, not the length of the text read.
        let real_size = |e: ReportError| match e {
            ReportError::TooLarge { limit, .. } => ReportError::TooLarge { size: file.size() as u64, limit },
            other => other,
        };
        match text.and_then(|t| decode_file(&t).map_err(|e| real_size(e).to_string())) {
            Ok(Imported::Report(report)) => reports.push(report),
            Ok(Imported::Bundle(items)) => {
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Ok(report) => reports.push(report),
                        Err(why) => outcome.failed.push((format!("{} (report {})", file.name(), i + 1), why.to_string())),
                    }
                }
            }
            Err(why) => outcome.failed.push((file.name(), why)),
        }
    }
    // Against the course: other courses' reports wait for the manager's answer, and
    // results for lessons the course lacks are not kept.
    let reports = match store.course().await {
        Ok(index) => {
            let sorted = sort_import(reports, &index);
            outcome.unknown_lessons = sorted.unknown_lessons.len();
            if !sorted.other_course.is_empty() {
                let titles = sorted.other_titles();
                // Added to any still waiting for an answer.
                store.held.update(|h| {
                    let (reports, all_titles) = h.get_or_insert_with(Default::default);
                    reports.extend(sorted.other_course);
                    all_titles.extend(titles);
                    hookwise_core::team::by_text(all_titles, String::clone);
                    all_titles.dedup();
                });
            }
            sorted.ours
        }
        Err(_) => reports,
    };
    store.add_reports(reports, &mut outcome);
    store.page.set(0);
    outcome.millis = js_sys::Date::now() - started;
    store.result.set(Some(outcome));
}

/// The "Import reports" section.
#[component]
pub fn ImportReports() -> impl IntoView {
    let store = use_team();
    let dragging = RwSignal::new(false);
    let start = move |files: Vec<web_sys::File>| {
        if !files.is_empty() {
            leptos::task::spawn_local(import(store, files));
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = files_of(input.files());
        input.set_value("");
        start(files);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        start(files_of(ev.data_transfer().and_then(|d| d.files())));
    };
    view! {
        <section class="import" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import reports"</h2>
            <div class=move || if dragging.get() { "drop-zone dragging" } else { "drop-zone" }
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <label for="report-files">"Choose report files (or drop them here)"</label>
                <input id="report-files" type="file" multiple accept=".json,application/json" on:change=on_pick/>
            </div>
            <div role="status" aria-live="polite">
                <ImportOutcome/>
                <OtherCourse/>
            </div>
            <details class="trust">
                <summary>"What a report's checksum proves"</summary>
                <p>"Each report carries a checksum. It detects a file that was edited or corrupted after it was made. It cannot stop a learner from forging a report, because hookwise has no server to vouch for it. For verified tracking, run hookwise in your LMS (SCORM) or send statements to a learning record store (xAPI)."</p>
            </details>
        </section>
    }
}

/// What the last import did: how many reports, and which files failed and why.
#[component]
fn ImportOutcome() -> impl IntoView {
    let store = use_team();
    move || {
        store.result.get().map(|r| {
            let failed = r.failed.iter().map(|(name, why)| view! { <li><strong>{name.clone()}</strong>": "{why.clone()}</li> }).collect_view();
            let summary = format!(
                "Imported {} report(s): {} new learner(s), {} updated; {} older report(s) ignored. ({} ms)",
                r.new + r.replaced,
                r.new,
                r.replaced,
                r.older,
                r.millis.round() as u64
            );
            view! {
                <div class=if r.failed.is_empty() { "notice notice-ok" } else { "notice notice-error" }>
                    <p>{summary}</p>
                    {(r.unknown_lessons > 0).then(|| view! {
                        <p>{format!("Results for {} lesson(s) this course does not have were not kept.", r.unknown_lessons)}</p>
                    })}
                    {(!r.failed.is_empty()).then(|| view! {
                        <p>{format!("{} file(s) were not imported; nothing imported before was changed:", r.failed.len())}</p>
                        <ul class="import-errors">{failed}</ul>
                    })}
                </div>
            }
        })
    }
}

/// The question asked when reports of another course were held back.
#[component]
fn OtherCourse() -> impl IntoView {
    let store = use_team();
    move || {
        store.held.get().map(|(reports, titles)| {
            let titles = titles.join("', '");
            let count = reports.len();
            view! {
                <div class="confirm" role="group" aria-labelledby="confirm-other-course">
                    <p id="confirm-other-course">{format!("{count} report(s) are from '{titles}', not from this course. Nothing from them has been stored. Import them anyway? Only their results for lessons this course has would be kept.")}</p>
                    <button type="button" on:click=move |_| {
                        let mut outcome = ImportResult::default();
                        if let Some((reports, _)) = store.held.get_untracked() {
                            store.add_reports(reports, &mut outcome);
                        }
                        store.held.set(None);
                        store.result.set(Some(outcome));
                    }>"Import them anyway"</button>
                    <button type="button" on:click=move |_| store.held.set(None)>"Don't import them"</button>
                </div>
            }
        })
    }
}
