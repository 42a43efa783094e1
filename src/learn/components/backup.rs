//! Export and import of one's own progress as a file, and "reset my progress". An import only
//! adds (`Progress::import`); a backup from another course is named and stored only when the
//! learner confirms. Above the export, one line says when this browser may lose the progress.

use hookwise_core::progress::ImportSummary;
use hookwise_core::records::{decode_backup, encode_backup_with, Backup as BackupFile, BackupCourse};
use hookwise_core::report::file_size;
use hookwise_core::safekeeping::{storage_risk, Persistence};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use hookwise_web::platform::{download, now, read_file};
use hookwise_web::state::{use_course, use_learner};
use hookwise_web::storage;

/// A backup from another course, waiting for the learner's answer.
#[derive(Clone)]
struct Pending {
    file_name: String,
    course_title: String,
    backup: BackupFile,
}

fn import_message(file_name: &str, summary: &ImportSummary) -> String {
    let lessons = |n: usize| if n == 1 { "1 lesson".to_string() } else { format!("{n} lessons") };
    let unknown = summary.unknown_lessons.len();
    if !summary.added_anything() {
        return if unknown > 0 {
            format!("Nothing from {file_name} was imported: its records are for {} this course does not have, so they were not kept. Nothing was changed.", lessons(unknown))
        } else {
            format!("{file_name} was read, but everything in it is already here, so nothing was changed.")
        };
    }
    let attempts = match summary.attempts_added {
        1 => "1 quiz attempt".to_string(),
        n => format!("{n} quiz attempts"),
    };
    let mut text = format!("Your progress from {file_name} was imported: {attempts} added. Nothing that was already here was removed.");
    if unknown > 0 {
        text.push_str(&format!(" Its records for {} this course does not have were not kept.", lessons(unknown)));
    }
    text
}

#[component]
pub fn Backup() -> impl IntoView {
    let learner = use_learner();
    let course = use_course();
    let rechecks = crate::components::rechecks::use_rechecks();
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let confirming = RwSignal::new(false);
    let pending: RwSignal<Option<Pending>> = RwSignal::new(None);
    let risk = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let persistence = match storage::get(storage::PERSIST_KEY).as_deref() {
            Some("granted") => Persistence::Granted,
            Some("refused") => Persistence::Refused,
            _ => Persistence::Unknown,
        };
        let agent = window().navigator().user_agent().unwrap_or_default();
        risk.set(storage_risk(persistence, storage::storage_quota().await, &agent));
    });

    let catalogue = move || course.0.get_untracked().and_then(Result::ok);

    let export = move |_| {
        let course = catalogue().map(|c| BackupCourse { title: c.title, version: c.version }).unwrap_or(BackupCourse { title: String::new(), version: String::new() });
        let at = now();
        let schedule = crate::components::rechecks::for_backup(rechecks);
        let text = learner.progress.with_untracked(|p| encode_backup_with(p, schedule.as_ref(), &course, at));
        match download("hookwise-progress.json", "application/json", &text) {
            Ok(()) => {
                storage::set(storage::BACKED_UP_KEY, &at.to_string());
                message.set(Some((true, "Your progress was exported to hookwise-progress.json.".into())));
            }
            Err(_) => message.set(Some((false, "The export failed: your browser did not allow the download. Your progress here is unchanged.".into()))),
        }
    };

    let take_in = move |file_name: String, backup: BackupFile| {
        let Some(catalogue) = catalogue() else {
            message.set(Some((false, format!("{file_name} was not imported: the course could not be loaded, so the backup cannot be checked against it. Nothing was changed; reload the page and try again."))));
            return;
        };
        let schedule_note = crate::components::rechecks::import(rechecks, &backup);
        let summary = learner.import(backup.progress, &catalogue);
        message.set(Some((true, import_message(&file_name, &summary) + schedule_note.as_deref().unwrap_or_default())));
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        pending.set(None);
        let name = file.name();
        leptos::task::spawn_local(async move {
            if file.size() > 5_000_000.0 {
                message.set(Some((false, format!("{name} was not imported: it is {}, too large to be a progress backup (a backup is a few kilobytes). Nothing was changed.", file_size(file.size() as u64)))));
                return;
            }
            let result = read_file(&file).await.and_then(|text| decode_backup(&text).map_err(|e| e.to_string()));
            // The course loads at start; wait for it if the learner was quicker.
            let _ = course.0.await;
            match result {
                Ok(backup) => {
                    let course_title = catalogue().map(|c| c.title).unwrap_or_default();
                    match backup.other_course(&course_title) {
                        Some(other) => {
                            let course_title = other.to_string();
                            message.set(None);
                            pending.set(Some(Pending { file_name: name, course_title, backup }));
                        }
                        None => take_in(name, backup),
                    }
                }
                Err(why) => message.set(Some((false, format!("{name} was not imported: {why}. Nothing was changed; check that you picked the file you exported from hookwise.")))),
            }
        });
    };

    view! {
        <div class="backup">
            <h2>"Back up or move your progress"</h2>
            <p class="hint">"Your progress lives in this browser only. Export it to a file to keep it safe or to continue in another browser."</p>
            {move || risk.get().map(|r| view! { <p class="notice storage-risk">{r.message()}</p> })}
            <div class="actions">
                <button type="button" on:click=export>"Export my progress"</button>
            </div>
            <div class="field">
                <label for="import-file">"Import progress from a backup file"</label>
                <input id="import-file" type="file" accept=".json,application/json" on:change=import/>
            </div>
            <div role="status" aria-live="polite">
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "notice notice-ok" } else { "notice notice-error" }>{text}</p>
                })}
                {move || pending.get().map(|p| {
                    let Pending { file_name, course_title, backup } = p;
                    view! {
                        <div class="confirm" role="group" aria-labelledby="confirm-other-course">
                            <p id="confirm-other-course">{format!("This backup is from '{course_title}', not from this course. Nothing from it has been stored. Import it anyway? Only its records for lessons this course has would be kept, and nothing here would be removed.")}</p>
                            <button type="button" on:click=move |_| {
                                pending.set(None);
                                take_in(file_name.clone(), backup.clone());
                            }>"Import it anyway"</button>
                            <button type="button" on:click=move |_| {
                                pending.set(None);
                                message.set(Some((true, "The backup was not imported. Nothing was changed.".into())));
                            }>"Don't import it"</button>
                        </div>
                    }
                })}
            </div>
            <h2>"Start again"</h2>
            {move || if confirming.get() {
                view! {
                    <div class="confirm" role="group" aria-labelledby="confirm-reset">
                        <p id="confirm-reset">"This deletes all your progress in this browser. Export a backup first if you may need it."</p>
                        <button type="button" class="danger" on:click=move |_| {
                            learner.reset();
                            crate::components::rechecks::reset(rechecks);
                            confirming.set(false);
                            message.set(Some((true, "Your progress was reset.".into())));
                        }>"Yes, delete my progress"</button>
                        <button type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                }.into_any()
            } else {
                view! { <button type="button" on:click=move |_| confirming.set(true)>"Reset my progress"</button> }.into_any()
            }}
        </div>
    }
}
