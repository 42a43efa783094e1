//! The page for addresses that match no route. A lesson address with no lesson behind it (a
//! renamed or removed lesson) says so.

use hookwise_core::route::LESSONS;
use leptos::prelude::*;

use hookwise_core::route::Route as Page;

#[component]
pub fn NotFound() -> impl IntoView {
    let path = window().location().pathname().unwrap_or_default();
    if path.trim_start_matches('/').split('/').next() == Some(LESSONS) {
        return view! {
            <h1>"Lesson not found"</h1>
            <p>"There is no lesson at this address. It may have been renamed or removed from the course."</p>
            <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
        }
        .into_any();
    }
    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. It may have been mistyped, or the lesson may have been renamed."</p>
        <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
    }
    .into_any()
}
