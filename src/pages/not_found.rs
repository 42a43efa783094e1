//! The page for addresses that match no route.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"There is nothing at this address. It may have been mistyped, or the lesson may have been renamed."</p>
        <p><A href="/">"Go to the course"</A></p>
    }
}
