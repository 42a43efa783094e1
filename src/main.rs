//! The learner's first load: the catalogue at `/` (see `app.rs`). Nothing else.

fn main() {
    // An xAPI launch may arrive here; the lesson pages send the statements.
    hookwise::xapi::remember_launch();
    leptos::mount::mount_to_body(hookwise::app::Home);
}
