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
/// On its pre-rendered page (`crate::prerender`), only the parts that need the app are added.
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
        let on_page = crate::prerender::has_text(&id.get());
        let known = course.0.get().map(|c| c.map(|c| c.lesson(&id.get()).is_some()));
        let shown = match (known, lesson.get()) {
            (Some(Ok(false)), _) => view! {
                <h1>"Lesson not found"</h1>
                <p>"There is no lesson at this address. It may have been renamed or removed from the course."</p>
                <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
            }
            .into_any(),
            // On its own page, the lesson's text is there while the rest loads.
            (_, None) | (None, _) if on_page => return ().into_any(),
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
                return if on_page { view! { <LessonOnPage lesson/> }.into_any() } else { view! { <LessonView lesson/> }.into_any() };
            }
        };
        crate::prerender::take_over();
        shown
    }
}

/// The learner's status and best score, at the end of the meta line.
fn status_line(id: String) -> impl IntoView {
    let learner = use_learner();
    let due = use_course().0.get_untracked().and_then(Result::ok).map_or(365, |c| c.due_after_days);
    move || {
        let s = learner.progress.with(|p| p.lesson(&id, now(), due));
        view! {
            <StatusBadge status=s.status/>
            // In the room the pre-rendered page keeps (`render::BEST_SCORE_ROOM`).
            <span class=if s.best_score.is_some() { "best-score" } else { "best-score badge-placeholder" }
                aria-hidden=s.best_score.is_none().then_some("true")>"Best score: "{s.best_score.unwrap_or(100)}"%"</span>
        }
    }
}

/// "Continue reading at …", one line at the end of the contents, whose room the pre-rendered
/// page keeps (`render::RESUME_ROOM`), so nothing moves; `None` for a learner who has not read
/// this lesson yet.
fn resume_link(id: &str, toc: &[(String, String)]) -> Option<impl IntoView> {
    let (anchor, title) = use_learner()
        .progress
        .with_untracked(|p| p.positions.get(id).cloned())
        .and_then(|pos| toc.iter().find(|(a, _)| *a == pos.anchor).cloned())?;
    Some(view! { <p class="resume"><a href=format!("#{anchor}")>"Continue reading at “"{title}"”"</a></p> })
}

/// Remembers the last section heading scrolled past, for "Continue reading".
fn track_reading(id: String, toc: &[(String, String)]) {
    let learner = use_learner();
    let anchors: Vec<String> = toc.iter().map(|(a, _)| a.clone()).collect();
    let last_saved = StoredValue::new(String::new());
    let track = move || {
        let reached = anchors
            .iter()
            .filter(|a| document().get_element_by_id(a).is_some_and(|el| el.get_bounding_client_rect().top() < 120.0))
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
    };
    let handle = window_event_listener(leptos::ev::scrollend, move |_| track());
    on_cleanup(move || handle.remove());
}

/// The report form and practice, which follow the text.
fn after_text(lesson: &Lesson) -> impl IntoView {
    view! {
        <ReportApproach id="lesson-report" from_lesson=lesson.info.title.clone()/>
        {(!lesson.practice.is_empty()).then(|| view! { <PracticeSection lesson_id=lesson.info.id.clone() scenarios=lesson.practice.clone()/> })}
    }
}

/// Two signals that turn true in the next two tasks: the text first, then the report form and
/// practice, then the quiz, so that opening a lesson is three shorter tasks instead of one long
/// one (less blocking on slow phones). Then the app takes the pre-rendered page over.
fn next_tasks() -> (RwSignal<bool>, RwSignal<bool>) {
    let (first, second) = (RwSignal::new(false), RwSignal::new(false));
    let next = |f: Box<dyn FnOnce()>| set_timeout(f, std::time::Duration::ZERO);
    next(Box::new(move || {
        first.set(true);
        next(Box::new(move || {
            second.set(true);
            crate::prerender::take_over();
        }));
    }));
    (first, second)
}

/// The lesson on its pre-rendered page: the page's own title, meta line, contents, text and
/// sources stay; the status and "Continue reading" fill their rooms; the report form and
/// practice go before the sources, and the quiz at the end, as `LessonView` draws them.
#[component]
fn LessonOnPage(lesson: Lesson) -> impl IntoView {
    use crate::prerender::{find, place};
    let id = lesson.info.id.clone();
    let toc = lesson.toc();
    if let Some(meta) = find("article.lesson .meta") {
        // The rooms end the line: the app's status takes their place in the same task.
        while let Some(room) = meta.query_selector(".badge-placeholder").ok().flatten() {
            room.remove();
        }
        place(status_line(id.clone()), &meta, None);
    }
    if let (Some(link), Some(room)) = (resume_link(&id, &toc), find("nav.toc .resume")) {
        if let Some(toc) = room.parent_element() {
            place(link, &toc, Some(&room));
            room.remove();
        }
    }
    track_reading(id, &toc);
    let (ready, quiz) = next_tasks();
    if let (Some(sources), Some(article)) = (find("article.lesson .sources"), find("article.lesson")) {
        let lesson = lesson.clone();
        place(move || ready.get().then(|| after_text(&lesson)), &article, Some(&sources));
    }
    move || quiz.get().then(|| view! { <QuizView lesson=lesson.clone()/> })
}

#[component]
fn LessonView(lesson: Lesson) -> impl IntoView {
    let id = lesson.info.id.clone();
    let toc = lesson.toc();
    let resume = resume_link(&id, &toc);
    let returning = resume.is_some();
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
                {(!returning).then(|| view! { <p class="resume badge-placeholder" aria-hidden="true">"Continue reading"</p> })}
            </nav>
        }
    });
    track_reading(id.clone(), &toc);
    let (ready, _) = next_tasks();
    let rest = {
        let lesson = lesson.clone();
        move || {
            ready.get().then(|| {
                let sources = lesson
                    .sources
                    .iter()
                    .map(|s| match &s.url {
                        Some(url) => view! { <li><a href=url.clone() rel="noopener noreferrer" referrerpolicy="no-referrer">{s.title.clone()}</a></li> }.into_any(),
                        None => view! { <li>{s.title.clone()}</li> }.into_any(),
                    })
                    .collect_view();
                view! {
                    {after_text(&lesson)}
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
                {status_line(id)}
            </p>
            {toc_view}
            <div class="lesson-body">{blocks(&lesson.body)}</div>
            {rest}
        </article>
    }
}
