//! The course catalogue at `/`: every lesson with its status and best score, overall
//! progress, and where to continue.
//!
//! This page is the learner's first load, so it is its own small bundle (`src/main.rs`): it
//! links to the other pages with plain links, which load the app bundle (`hookwise-learn`, `src/learn`).

use hookwise_core::progress::LessonStatus;
use hookwise_core::Catalogue;
use leptos::prelude::*;

use hookwise_web::components::role::RolePicker;
use hookwise_web::components::status::StatusBadge;
use hookwise_web::platform::now;
use hookwise_web::state::{use_course, use_learner};
use hookwise_core::route::{LessonId, Route as Page};

#[component]
pub fn CataloguePage() -> impl IntoView {
    let course = use_course();
    view! {
        {move || match course.0.get() {
            None => view! { <p class="loading">"Loading the course…"</p> }.into_any(),
            Some(Err(e)) => view! {
                <h1>"The course could not be loaded"</h1>
                <p>{e}</p>
            }.into_any(),
            Some(Ok(catalogue)) => view! { <CatalogueView catalogue/> }.into_any(),
        }}
    }
}

#[component]
fn CatalogueView(catalogue: Catalogue) -> impl IntoView {
    let learner = use_learner();
    let catalogue = StoredValue::new(catalogue);
    let due = catalogue.with_value(|c| c.due_after_days);
    let title = catalogue.with_value(|c| c.title.clone());

    let overall = move || {
        let (passed, total) = catalogue.with_value(|c| learner.progress.with(|p| p.completion(c, now(), due)));
        let percent = hookwise_core::grading::percent(passed, total).unwrap_or(0);
        let next = catalogue.with_value(|c| {
            learner.progress.with(|p| {
                p.continue_with(c, now(), due).and_then(|id| c.lesson(id)).map(|l| {
                    let started = p.lesson(&l.info.id, now(), due).status != LessonStatus::NotStarted;
                    (l.info.id.clone(), l.info.title.clone(), started)
                })
            })
        });
        let action = match next {
            Some((id, title, started)) => {
                let label = if started { "Continue where you left off: " } else { "Start: " };
                let href = LessonId::parse(&id).map(|id| Page::Lesson(id).path()).unwrap_or_default();
                view! { <a href=href class="button primary">{label}{title}</a> }.into_any()
            }
            None => view! {
                <p>"You have passed every required lesson. "<a href=Page::Certificate.path()>"View your certificate"</a></p>
            }
            .into_any(),
        };
        view! {
            <p id="overall-label">{passed}" of "{total}" required lessons passed ("{percent}"%)"</p>
            <progress max=total.max(1) value=passed aria-labelledby="overall-label"></progress>
            <div class="continue">{action}</div>
        }
    };

    // Re-checks due and a slow-hook message waiting: a short summary the app bundle writes,
    // read by hand (this bundle carries no serde). Kept to two plain links: every view shape
    // here costs every learner bytes.
    let waiting = hookwise_web::storage::get(hookwise_web::storage::SCHEDULE_SUMMARY_KEY)
        .map(|t| hookwise_core::schedule::parse_summary(&t, hookwise_web::platform::today()))
        .unwrap_or_default();
    let rechecks_due = waiting.due;
    let rechecks = (rechecks_due > 0).then(|| view! {
        <p class="waiting notice"><a href=Page::Rechecks.path()>{rechecks_due}{if rechecks_due == 1 { " quick re-check due" } else { " quick re-checks due" }}</a></p>
    });
    let message = waiting.messages.into_iter().next().map(|(lesson, from)| view! {
        <p class="waiting notice"><a href=LessonId::parse(&lesson).map(|id| Page::Lesson(id).anchored("practice-heading")).unwrap_or_default()>"New message from "{from}</a></p>
    });

    let has_paths = catalogue.with_value(|c| !c.paths.is_empty());
    let parts = catalogue.with_value(|c| {
        c.parts
            .iter()
            .map(|part| {
                let lessons = part
                    .lessons
                    .iter()
                    .map(|entry| {
                        let id = entry.info.id.clone();
                        let status = move || learner.progress.with(|p| p.lesson(&id, now(), due));
                        let href = LessonId::parse(&entry.info.id).map(|id| Page::Lesson(id).path()).unwrap_or_default();
                        let title = entry.info.title.clone();
                        let required = {
                            let entry = entry.clone();
                            move || {
                                has_paths.then(|| {
                                    let yes = catalogue.with_value(|c| learner.progress.with(|p| c.is_required(&entry, p.path())));
                                    if yes {
                                        view! { <span class="tag tag-required">"Required for you"</span> }.into_any()
                                    } else {
                                        view! { <span class="tag tag-optional">"Optional"</span> }.into_any()
                                    }
                                })
                            }
                        };
                        view! {
                            <li class="lesson-card">
                                <h3><a href=href>{title}</a></h3>
                                <p class="summary">{entry.info.summary.clone()}</p>
                                <p class="meta">
                                    {required}
                                    <span>{entry.info.topic.clone()}</span>
                                    <span>{entry.info.minutes}" min"</span>
                                    {move || {
                                        let s = status();
                                        view! {
                                            <StatusBadge status=s.status/>
                                            {s.best_score.map(|b| view! { <span>"Best score: "{b}"%"</span> })}
                                        }
                                    }}
                                </p>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="part">
                        <h2>{part.title.clone()}</h2>
                        <ul class="lessons">{lessons}</ul>
                    </section>
                }
            })
            .collect_view()
    });

    view! {
        <h1>{title}</h1>
        <p class="lede">
            "Short lessons on how recruitment approaches work and how to report one. "
            "Your progress is stored only in this browser."
        </p>
        {has_paths.then(|| view! { <RolePicker catalogue/> })}
        <section class="overall" aria-label="Your progress">{overall}</section>
        {rechecks}
        {message}
        {parts}
        <section class="your-details" aria-labelledby="details-heading">
            <h2 id="details-heading">"Your details and progress"</h2>
            <p>
                <a href=Page::Progress.path()>"Send your results, back up or reset your progress"</a>
                " (for your manager, another browser, or a fresh start)."
            </p>
        </section>
    }
}
