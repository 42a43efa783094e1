//! The manager dashboard at `/team`.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Team() -> impl IntoView {
    view! {
        <h1>"Team completion"</h1>
        <p>
            "Managers will import their team's completion reports here and see who has completed the training. "
            "Report import is not available in this version yet."
        </p>
        <p><A href="/">"Go to the course"</A></p>
    }
}
