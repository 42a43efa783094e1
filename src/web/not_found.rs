//! The page for addresses that match no route, in the words of `route::not_found`.

use hookwise_core::route::not_found;
use leptos::prelude::*;

use hookwise_core::route::Route as Page;

#[component]
pub fn NotFound() -> impl IntoView {
    let (heading, line) = not_found(&window().location().pathname().unwrap_or_default());
    view! {
        <h1>{heading}</h1>
        <p>{line}</p>
        <p><a href=Page::Catalogue.path() rel="external">"Go to the course"</a></p>
    }
}
