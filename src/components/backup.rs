//! Export and import of one's own progress as a file, and "reset my progress".

use hookwise_core::records::{decode_backup, encode_backup};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::platform::{download, now, read_file};
use crate::state::{use_course, use_learner};

#[component]
pub fn Backup() -> impl IntoView {
    let learner = use_learner();
    let course = use_course();
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let confirming = RwSignal::new(false);

    let export = move |_| {
        let version = course.0.get_untracked().and_then(Result::ok).map(|c| c.version).unwrap_or_default();
        let text = learner.progress.with_untracked(|p| encode_backup(p, &version, now()));
        match download("hookwise-progress.json", "application/json", &text) {
            Ok(()) => message.set(Some((true, "Your progress was exported to hookwise-progress.json.".into()))),
            Err(_) => message.set(Some((false, "The export failed: your browser did not allow the download.".into()))),
        }
    };

    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            if file.size() > 5_000_000.0 {
                message.set(Some((false, format!("{name} was not imported: it is too large to be a progress backup. Nothing was changed."))));
                return;
            }
            let result = read_file(&file).await.and_then(|text| decode_backup(&text).map_err(|e| e.to_string()));
            match result {
                Ok(progress) => {
                    learner.import(progress);
                    message.set(Some((true, format!("Your progress from {name} was imported."))));
                }
                Err(why) => message.set(Some((false, format!("{name} was not imported: {why}. Nothing was changed.")))),
            }
        });
    };

    view! {
        <div class="backup">
            <h2>"Back up or move your progress"</h2>
            <p class="hint">"Your progress lives in this browser only. Export it to a file to keep it safe or to continue in another browser."</p>
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
            </div>
            <h2>"Start again"</h2>
            {move || if confirming.get() {
                view! {
                    <div class="confirm" role="group" aria-labelledby="confirm-reset">
                        <p id="confirm-reset">"This deletes all your progress in this browser. Export a backup first if you may need it."</p>
                        <button type="button" class="danger" on:click=move |_| {
                            learner.reset();
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
