//! Loads the compiled course: `catalogue.json` at start and `lessons/<id>.json` on demand.

use hookwise_core::route::{Asset, LessonId};
use hookwise_core::{Catalogue, Lesson};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const DAMAGED: &str = "the course file is damaged; ask your security team to rebuild it";

/// The text at `url` (not generic: one copy in each bundle).
async fn fetch_text(url: &str) -> Result<String, String> {
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
    Ok(text.as_string().unwrap_or_default())
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
    // Read by hand (`course_json`), as lessons are.
    let text = fetch_text(&format!("{}{}", base(), Asset::Catalogue.file())).await?;
    hookwise_core::course_json::read_catalogue(&text).ok_or_else(|| DAMAGED.to_string())
}

/// The organisation's settings (reporting channels), for the report hand-off; `Ok(None)` when
/// the course has none.
pub async fn organisation() -> Result<Option<hookwise_core::organisation::Organisation>, String> {
    match fetch_text(&format!("{}{}", base(), Asset::Organisation.file())).await {
        // Read by hand (`course_json`), as lessons are.
        Ok(text) => hookwise_core::course_json::read_organisation(&text).map(Some).ok_or_else(|| DAMAGED.to_string()),
        Err(e) if e == NOT_FOUND => Ok(None),
        Err(e) => Err(e),
    }
}

const NOT_FOUND: &str = "there is no such lesson";

/// The course's title and lesson ids only, for the manager dashboard.
pub async fn course_index() -> Result<hookwise_core::course::CourseIndex, String> {
    hookwise_core::course::CourseIndex::read(&fetch_text(&Asset::Catalogue.path()).await?).ok_or_else(|| DAMAGED.to_string())
}

pub async fn lesson(id: &str) -> Result<Lesson, String> {
    // Ids are validated by the compiler; refuse anything else before it reaches a URL.
    let Some(id) = LessonId::parse(id) else {
        return Err(NOT_FOUND.into());
    };
    // Read by hand (`course_json`): serde's code for the lesson model weighs more in the bundle.
    let text = fetch_text(&format!("{}{}", base(), Asset::Lesson(id).file())).await?;
    hookwise_core::course_json::read_lesson(&text).ok_or_else(|| DAMAGED.to_string())
}
