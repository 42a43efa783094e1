//! Small wrappers over browser APIs: the clock, randomness, saving and reading files.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static EMBEDDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True when the page is one lesson launched from an LMS package (with or without an API):
/// addresses are then relative to the package's `index.html`. The lesson bundle's `lms::start`
/// says so (`set_embedded`); the catalogue and the dashboard are never embedded.
pub fn embedded() -> bool {
    EMBEDDED.get()
}

pub fn set_embedded() {
    EMBEDDED.set(true);
}

/// Milliseconds since the Unix epoch.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Today as a whole local day (`schedule::day_of`). Every page reads "today" here, from the
/// browser's clock (`now`), so the end-to-end tests move time by setting the browser's clock
/// (Playwright's `page.clock`): nothing in the app reads a test switch.
pub fn today() -> u32 {
    let offset_min = js_sys::Date::new_0().get_timezone_offset();
    hookwise_core::schedule::day_of(now(), -(offset_min * 60_000.0) as i64)
}

/// A whole local day as a date for people.
pub fn format_day(day: u32) -> String {
    let offset_min = js_sys::Date::new_0().get_timezone_offset();
    let ms = day as f64 * 86_400_000.0 + 43_200_000.0 + offset_min * 60_000.0;
    format_date(ms.max(0.0) as u64)
}

/// A parameter of the page's address (`?name=value`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// A fresh seed for a quiz attempt.
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}

/// A date like "22 Nov 2026" for people, in their own locale.
pub fn format_date(ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    date.to_locale_date_string("default", &options).into()
}

/// Offers `text` to the user as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Reads many files at once (all reads start together), in order, each as text (as
/// `File.text()` reads it: `report::file_text`) or an error. The bytes reach the wasm in one copy,
/// not through a JavaScript string (a 65 MB bundle of reports).
pub async fn read_files(files: &[web_sys::File]) -> Vec<Result<String, String>> {
    let reads = js_sys::Array::new();
    for file in files {
        reads.push(&file.array_buffer());
    }
    // `allSettled` never rejects: each entry says whether its read worked.
    let settled = match JsFuture::from(js_sys::Promise::all_settled(&reads)).await {
        Ok(v) => js_sys::Array::from(&v),
        Err(_) => js_sys::Array::new(),
    };
    (0..files.len() as u32)
        .map(|i| {
            let value = js_sys::Reflect::get(&settled.get(i), &"value".into()).ok().filter(|v| v.is_object());
            let bytes = js_sys::Uint8Array::new(&value.ok_or_else(|| "the file could not be read".to_string())?).to_vec();
            Ok(hookwise_core::report::file_text(bytes))
        })
        .collect()
}

/// Copies text to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window().ok_or("no window")?.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|_| "the browser did not allow copying".to_string())
}

/// Reads a file the user picked as text.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(|_| "the file could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the file is not text".to_string())
}

/// Moves keyboard focus to the element with `id` once the view has been updated, for
/// screen-reader and keyboard users after a change of view.
#[cfg(feature = "views")]
pub fn focus_soon(id: impl Into<String>) {
    let id = id.into();
    leptos::prelude::request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
