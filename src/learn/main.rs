//! Lessons, the certificate, the progress page and re-checks: the learner app's second bundle,
//! loaded when the learner opens a lesson (see `app.rs`). Launched by an LMS (`?lesson=…`), it
//! shows that one lesson.

use hookwise_learn::app;

fn main() {
    // In a task after the wasm's instantiation, which the page's start-up script runs as it
    // receives the compiled module (docs/performance.md, sixth session).
    leptos::prelude::set_timeout(start, std::time::Duration::ZERO);
}

fn start() {
    // On a pre-rendered lesson page, the app takes the page over in place, adding only what
    // needs it at the end of the lesson and in the rooms the page keeps (`prerender`);
    // elsewhere, it draws its page into the body.
    let launch = hookwise_learn::lms::start();
    let on_page = hookwise_learn::prerender::lesson_on_page(launch.as_ref().map(|l| l.lesson.as_str()));
    match (on_page, launch) {
        // In tasks of their own: the LMS bridge with the page's lesson, the learner's state,
        // and the mount are three shorter tasks (docs/performance.md, sixth session).
        (Some(lesson), _) => {
            use leptos::prelude::{set_timeout, Owner};
            let _ = any_spawner::Executor::init_wasm_bindgen();
            let owner = Owner::new();
            std::mem::forget(owner.clone());
            set_timeout(
                move || {
                    owner.with(app::learner_with_platform);
                    set_timeout(
                        move || {
                            let at = hookwise_learn::prerender::find("article.lesson").expect("a pre-rendered page has its lesson");
                            owner.with(|| leptos::mount::mount_to(wasm_bindgen::JsCast::unchecked_into(at), move || app::OnPage(app::OnPageProps { lesson })).forget())
                        },
                        std::time::Duration::ZERO,
                    )
                },
                std::time::Duration::ZERO,
            )
        }
        (None, Some(launch)) => leptos::mount::mount_to_body(move || app::Embedded(app::EmbeddedProps { lesson: launch.lesson })),
        (None, None) => leptos::mount::mount_to_body(app::App),
    }
}
