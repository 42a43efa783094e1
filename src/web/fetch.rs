//! Loads the compiled course: `catalogue.json` at start and `lessons/<id>.json` on demand.

use hookwise_core::{Catalogue, Lesson};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "the network request failed; check your connection and reload".to_string())?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "unexpected response".to_string())?;
    if response.status() == 404 {
        return Err(NOT_FOUND.into());
    }
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| "unreadable response".to_string())?)
        .await
        .map_err(|_| "unreadable response".to_string())?;
    let text = text.as_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|_| "the course file is damaged; ask your security team to rebuild it".to_string())
}

/// Where the compiled course is: the site root for the hosted app, and next to `index.html` in
/// an LMS package (which an LMS serves from a path of its own choosing).
fn base() -> &'static str {
    if crate::platform::embedded() {
        ""
    } else {
        "/"
    }
}

pub async fn catalogue() -> Result<Catalogue, String> {
    fetch_json(&format!("{}catalogue.json", base())).await
}

/// The organisation's settings (reporting channels), for the report hand-off; `Ok(None)` when
/// the course has none.
pub async fn organisation() -> Result<Option<hookwise_core::organisation::Organisation>, String> {
    match fetch_json(&format!("{}organisation.json", base())).await {
        Ok(org) => Ok(Some(org)),
        Err(e) if e == NOT_FOUND => Ok(None),
        Err(e) => Err(e),
    }
}

const NOT_FOUND: &str = "there is no such lesson";

/// The course's title and lesson ids only, for the manager dashboard.
pub async fn course_index() -> Result<hookwise_core::course::CourseIndex, String> {
    fetch_json("/catalogue.json").await
}

pub async fn lesson(id: &str) -> Result<Lesson, String> {
    // Ids are validated by the compiler; refuse anything else before it reaches a URL.
    if !hookwise_core::route::is_valid_id(id) {
        return Err(NOT_FOUND.into());
    }
    fetch_json(&format!("{}lessons/{id}.json", base())).await
}
