//! An xAPI launch's parameters (`?endpoint=…&auth=…&actor=…`), which may arrive at any page of
//! the app, the catalogue included. This module only keeps them for the tab and takes them out
//! of the address bar; the lesson bundle's `xapi` module reads and uses them. It holds no LMS or
//! LRS protocol, so the first load can call it.

use wasm_bindgen::JsValue;

const LAUNCH_KEY: &str = "hookwise.xapi.launch";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The launch parameters that configure xAPI, if the page was launched with them: kept in
/// sessionStorage for the tab (a reload, or another page of the app, has none), and removed
/// from the address bar and history. Both learner bundles call this at start.
pub fn remember() {
    let Some(window) = web_sys::window() else { return };
    let Ok(search) = window.location().search() else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    // A cmi5 launch (with `fetch`) is the lesson bundle's `cmi5` module's.
    if params.get("endpoint").is_none() || params.get("fetch").is_some() {
        return;
    }
    if let Some(s) = session() {
        let _ = s.set_item(LAUNCH_KEY, &search);
    }
    strip_launch_parameters();
}

/// The query string of the tab's xAPI launch, if `remember` kept one.
pub fn remembered() -> Option<String> {
    session()?.get_item(LAUNCH_KEY).ok()?
}

fn strip_launch_parameters() {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let (Ok(search), Ok(path), Ok(hash)) = (location.search(), location.pathname(), location.hash()) else { return };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    for key in ["endpoint", "auth", "actor", "registration", "activity_base"] {
        params.delete(key);
    }
    let rest: String = params.to_string().into();
    let url = if rest.is_empty() { format!("{path}{hash}") } else { format!("{path}?{rest}{hash}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

