//! Lessons, the certificate, the progress page and re-checks: the learner app's second bundle,
//! loaded when the learner opens a lesson (see `app.rs`). Launched by an LMS (`?lesson=…`), it
//! shows that one lesson.

fn main() {
    match hookwise_learn::lms::start() {
        Some(launch) => leptos::mount::mount_to_body(move || hookwise_learn::app::Embedded(hookwise_learn::app::EmbeddedProps { lesson: launch.lesson })),
        None => leptos::mount::mount_to_body(hookwise_learn::app::App),
    }
}
