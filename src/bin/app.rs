//! Lessons, the certificate and the progress page: the learner app's second bundle, loaded when
//! the learner opens a lesson (see `app.rs`). Launched by an LMS (`?lesson=…`), it shows that one
//! lesson.

fn main() {
    match hookwise::lms::start() {
        Some(launch) => leptos::mount::mount_to_body(move || hookwise::app::Embedded(hookwise::app::EmbeddedProps { lesson: launch.lesson })),
        None => leptos::mount::mount_to_body(hookwise::app::App),
    }
}
