//! A lesson at `/lessons/:id`: the text, a table of contents for long lessons, the sources,
//! and the quiz. The lesson's JSON is loaded when the learner opens it.

use hookwise_core::lesson::Lesson;
use hookwise_core::progress::Position;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::practice::PracticeSection;
use crate::components::quiz::QuizView;
use crate::components::report_approach::ReportApproach;
use crate::components::rich_text::blocks;
use hookwise_web::components::status::StatusBadge;
use hookwise_web::platform::now;
use hookwise_web::state::{use_course, use_learner};
use hookwise_core::route::Route as Page;

#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    view! { <LessonById id=id.into()/> }
}

/// The lesson with `id`, loaded on demand: from the route, or the one lesson an LMS launched.
#[component]
pub fn LessonById(id: Signal<String>) -> impl IntoView {
    let course = use_course();
    let learner = use_learner();
    on_cleanup(crate::lms::lesson_closed);
    let lesson = LocalResource::new(move || {
        let id = id.get();
        async move { hookwise_web::fetch::lesson(&id).await }
    });
    move || {
        let known = course.0.get().map(|c| c.map(|c| c.lesson(&id.get()).is_some()));
        let shown = match (known, lesson.get()) {
            (Some(Ok(false)), _) => view! {
                <h1>"Lesson not found"</h1>
                <p>"There is no lesson at this address. It may have been renamed or removed from the course."</p>
                <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
            }
            .into_any(),
            (_, None) | (None, _) => return view! { <p class="loading">"Loading the lesson…"</p> }.into_any(),
            (_, Some(Err(e))) => view! {
                <h1>"The lesson could not be loaded"</h1>
                <p>{e}</p>
                <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
            }
            .into_any(),
            (_, Some(Ok(lesson))) => {
                // Before the view: in an LMS, the quiz in progress comes back from the LMS.
                crate::lms::lesson_opened(&lesson, learner);
                return view! { <LessonView lesson/> }.into_any();
            }
        };
        // A pre-rendered page gives way to the message (the lesson view does once it is drawn).
        crate::prerender::take_over();
        shown
    }
}

#[component]
fn LessonView(lesson: Lesson) -> impl IntoView {
    let learner = use_learner();
    let course = use_course();
    let due = course.0.get_untracked().and_then(Result::ok).map_or(365, |c| c.due_after_days);
    let id = lesson.info.id.clone();
    let status = {
        let id = id.clone();
        move || learner.progress.with(|p| p.lesson(&id, now(), due))
    };
    let toc = lesson.toc();
    // Offer to jump back to where the learner stopped reading: one line at the end of the
    // contents, whose room the pre-rendered page keeps (`render::RESUME_ROOM`), so nothing moves.
    let resume = learner
        .progress
        .with_untracked(|p| p.positions.get(&id).cloned())
        .and_then(|pos| toc.iter().find(|(a, _)| *a == pos.anchor).cloned());
    let returning = resume.is_some();
    let resume = view! {
        <p class=if returning { "resume" } else { "resume badge-placeholder" } aria-hidden=(!returning).then_some("true")>
            {(!returning).then_some("Continue reading")}
            {resume.map(|(anchor, title)| view! { <a href=format!("#{anchor}")>"Continue reading at “"{title}"”"</a> })}
        </p>
    };
    let toc_view = (toc.len() >= 3).then(|| {
        let items = toc
            .iter()
            .map(|(anchor, title)| view! { <li><a href=format!("#{anchor}")>{title.clone()}</a></li> })
            .collect_view();
        view! {
            <nav class="toc" aria-labelledby="toc-heading">
                <h2 id="toc-heading">"In this lesson"</h2>
                <ol>{items}</ol>
                {resume}
            </nav>
        }
    });

    // Remember the last section heading scrolled past.
    let anchors: Vec<String> = toc.iter().map(|(a, _)| a.clone()).collect();
    let last_saved = StoredValue::new(String::new());
    let track = {
        let id = id.clone();
        move || {
            let reached = anchors
                .iter()
                .filter(|a| {
                    document()
                        .get_element_by_id(a)
                        .is_some_and(|el| el.get_bounding_client_rect().top() < 120.0)
                })
                .next_back()
                .cloned();
            if let Some(anchor) = reached {
                if last_saved.with_value(|l| *l != anchor) {
                    last_saved.set_value(anchor.clone());
                    let id = id.clone();
                    learner.update(|p| {
                        p.positions.insert(id, Position { anchor, updated_at: now() });
                    });
                }
            }
        }
    };
    let body_drawn = !crate::prerender::has_text(&id);
    let handle = window_event_listener(leptos::ev::scrollend, move |_| track());
    on_cleanup(move || handle.remove());

    // The text first; practice, sources and quiz in a second task just after, so that opening
    // a lesson is two shorter tasks instead of one long one (less blocking on slow phones).
    let rest_ready = RwSignal::new(false);
    set_timeout(
        move || {
            rest_ready.set(true);
            // Now that the quiz and practice are drawn, the app takes the pre-rendered copy's place.
            crate::prerender::take_over();
        },
        std::time::Duration::ZERO,
    );
    let rest = {
        let lesson = lesson.clone();
        move || {
            rest_ready.get().then(|| {
                let sources = lesson
                    .sources
                    .iter()
                    .map(|s| match &s.url {
                        Some(url) => view! { <li><a href=url.clone() rel="noopener noreferrer" referrerpolicy="no-referrer">{s.title.clone()}</a></li> }.into_any(),
                        None => view! { <li>{s.title.clone()}</li> }.into_any(),
                    })
                    .collect_view();
                view! {
                    {(!lesson.practice.is_empty()).then(|| view! { <PracticeSection lesson_id=lesson.info.id.clone() scenarios=lesson.practice.clone()/> })}
                    <section class="sources" aria-labelledby="sources-heading">
                        <h2 id="sources-heading">"Sources"</h2>
                        <ul>{sources}</ul>
                    </section>
                    <QuizView lesson=lesson.clone()/>
                }
            })
        }
    };

    view! {
        <article class="lesson">
            {(!crate::lms::embedded()).then(|| view! { <p class="breadcrumb"><a href=Page::Catalogue.path() rel="external">"← All lessons"</a></p> })}
            <h1>{lesson.info.title.clone()}</h1>
            <p class="meta">
                <span>{lesson.info.topic.clone()}</span>
                <span>{lesson.info.minutes}" min"</span>
                <span>"Pass mark "{lesson.info.pass_mark}"%"</span>
                {move || {
                    let s = status();
                    view! {
                        <StatusBadge status=s.status/>
                        // In the room the pre-rendered page keeps (`render::BEST_SCORE_ROOM`).
                        <span class=if s.best_score.is_some() { "best-score" } else { "best-score badge-placeholder" }
                            aria-hidden=s.best_score.is_none().then_some("true")>"Best score: "{s.best_score.unwrap_or(100)}"%"</span>
                    }
                }}
            </p>
            {toc_view}
            // On its pre-rendered page, the lesson's text is already there: the app takes that
            // element's content over in place (`prerender::take_over`) instead of drawing it again.
            <div class="lesson-body" data-from-page=(!body_drawn).then_some("")>{body_drawn.then(|| blocks(&lesson.body))}</div>
            <ReportApproach id="lesson-report" from_lesson=lesson.info.title.clone()/>
            {rest}
        </article>
    }
}
