//! The page for addresses that match no route. A lesson address with no lesson behind it (a
//! renamed or removed lesson) says so.

use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let path = window().location().pathname().unwrap_or_default();
    if path.starts_with("/lessons/") {
        return view! {
            <h1>"Lesson not found"</h1>
            <p>"There is no lesson at this address. It may have been renamed or removed from the course."</p>
            <p><a href="/" rel="external">"Go to the course"</a></p>
        }
        .into_any();
    }
    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. It may have been mistyped, or the lesson may have been renamed."</p>
        <p><a href="/" rel="external">"Go to the course"</a></p>
    }
    .into_any()
}
