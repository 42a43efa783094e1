//! Mounts the app (or, launched from an LMS package, one lesson); nothing else.

fn main() {
    // An LMS launch (`?lesson=…`) shows that one lesson; otherwise the whole app.
    match hookwise::lms::start() {
        Some(launch) => leptos::mount::mount_to_body(move || hookwise::app::Embedded(hookwise::app::EmbeddedProps { lesson: launch.lesson })),
        None => leptos::mount::mount_to_body(hookwise::app::App),
    }
}
