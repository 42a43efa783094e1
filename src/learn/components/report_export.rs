//! "Send my results": the learner's completion report, to download or copy into an email.

use hookwise_core::report::{build_report, encode_report};
use leptos::prelude::*;

use hookwise_web::platform::{copy_text, download, now};
use hookwise_web::state::{use_course, use_learner};

#[component]
pub fn ReportExport() -> impl IntoView {
    let learner = use_learner();
    let course = use_course();
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(None);
    let has_name = move || learner.progress.with(|p| p.profile.as_ref().is_some_and(|p| !p.name.trim().is_empty()));

    // The lessons the learner has attempted, to read their first attempts' answers. One that
    // does not load (offline) is reported without answers.
    let lessons = LocalResource::new(move || {
        let mut ids: Vec<String> = learner.progress.with_untracked(|p| p.attempts.iter().map(|a| a.lesson_id.clone()).collect());
        ids.sort();
        ids.dedup();
        async move {
            let mut loaded = Vec::new();
            for id in ids {
                if let Ok(lesson) = hookwise_web::fetch::lesson(&id).await {
                    loaded.push(lesson);
                }
            }
            loaded
        }
    });
    // Waits for the lessons (at once when they are loaded, as they almost always are by the
    // time the learner clicks), then builds the report.
    let report_text = move || async move {
        let loaded = lessons.await;
        let catalogue = course.0.get_untracked().and_then(Result::ok)?;
        Some(learner.progress.with_untracked(|p| encode_report(&build_report(p, &catalogue, &loaded, now()))))
    };
    let file_name = move || {
        let name = learner.progress.with_untracked(|p| p.profile.as_ref().map(|p| p.name.clone()).unwrap_or_default());
        let slug: String = name.chars().map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
        format!("hookwise-report-{}.json", slug.trim_matches('-'))
    };
    let save = move |_| {
        leptos::task::spawn_local(async move {
            let Some(text) = report_text().await else { return };
            let name = file_name();
            match download(&name, "application/json", &text) {
                Ok(()) => message.set(Some((true, format!("Your report was saved as {name}. Send it to your manager.")))),
                Err(_) => message.set(Some((false, "The download failed: your browser did not allow it.".into()))),
            }
        });
    };
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let Some(text) = report_text().await else { return };
            match copy_text(&text).await {
                Ok(()) => message.set(Some((true, "Your report was copied. Paste it into an email to your manager.".into()))),
                Err(e) => message.set(Some((false, format!("Copying failed: {e}. Download the report instead.")))),
            }
        });
    };
    view! {
        <div class="report-export">
            <h2>"Send my results"</h2>
            <p class="hint">"Your manager sees who has completed the training from the report you send them. It holds your name, email, team, your status and best score per lesson, your answers at your first try of each quiz, and in practice conversations whether you reported before doing anything asked of you, so your security team sees what people miss."</p>
            {move || if has_name() {
                view! {
                    <div class="actions">
                        <button type="button" on:click=save>"Download my report"</button>
                        <button type="button" on:click=copy>"Copy my report as text"</button>
                    </div>
                }.into_any()
            } else {
                view! { <p class="notice">"Save your name (and email) under “About you” first: a report needs to say whose it is."</p> }.into_any()
            }}
            <div role="status" aria-live="polite">
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "notice notice-ok" } else { "notice notice-error" }>{text}</p>
                })}
            </div>
        </div>
    }
}
