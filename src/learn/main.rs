//! Lessons, the certificate, the progress page and re-checks: the learner app's second bundle,
//! loaded when the learner opens a lesson (see `app.rs`). Launched by an LMS (`?lesson=…`), it
//! shows that one lesson.

fn main() {
    // On a pre-rendered lesson page, the app mounts beside the static copy and takes its place
    // once drawn (`prerender`); elsewhere, into the body.
    let launch = hookwise_learn::lms::start();
    let at = hookwise_learn::prerender::mount_point(launch.as_ref().map(|l| l.lesson.as_str()));
    match launch {
        Some(launch) => leptos::mount::mount_to(at, move || hookwise_learn::app::Embedded(hookwise_learn::app::EmbeddedProps { lesson: launch.lesson })).forget(),
        None => leptos::mount::mount_to(at, hookwise_learn::app::App).forget(),
    }
}
