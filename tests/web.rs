//! Browser tests of the app's own code, run by wasm-bindgen-test in headless Chromium:
//! rendering lesson text never creates markup, and unreadable stored progress is kept.
#![cfg(target_arch = "wasm32")]

use hookwise_web::storage::{self, StorageProblem};
use hookwise_core::lesson::{Block, Inline};
use hookwise_core::progress::Progress;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().expect("tests run in a browser window").document().expect("a window has a document")
}

#[wasm_bindgen_test]
fn lesson_text_is_shown_as_text_never_as_markup() {
    let hostile = vec![Block::Paragraph {
        content: vec![
            Inline::text("<img src=x onerror=alert(1)>"),
            Inline::Code { text: "<script>alert(1)</script>".into() },
        ],
    }];
    let host = document().create_element("div").expect("div is a valid tag");
    document().body().expect("the test page has a body").append_child(&host).expect("append to body");
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        hookwise_learn::components::rich_text::blocks(&hostile)
    });
    assert!(host.query_selector("img").expect("valid selector").is_none());
    assert!(host.query_selector("script").expect("valid selector").is_none());
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("<img src=x onerror=alert(1)>"), "shown as text: {text}");
    assert!(text.contains("<script>alert(1)</script>"), "shown as text: {text}");
    drop(handle);
}

#[wasm_bindgen_test]
fn unreadable_progress_is_kept_under_a_backup_key() {
    let store = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage");
    store.clear().expect("clear");
    store.set_item(storage::PROGRESS_KEY, "{\"v\":2,\"attempts\":[").expect("set");
    let (progress, problem) = storage::load();
    assert_eq!(progress, Progress::default());
    let Some(StorageProblem::Unreadable { backup_key: Some(key), .. }) = problem else {
        panic!("expected an unreadable-record problem with a backup key, got {problem:?}");
    };
    assert_eq!(store.get_item(&key).expect("get").as_deref(), Some("{\"v\":2,\"attempts\":["));
    // Saving afterwards writes a fresh record and leaves the backup alone.
    let (_, problem) = storage::save(Progress::default());
    assert_eq!(problem, None);
    assert!(store.get_item(&key).expect("get").is_some());
    store.clear().expect("clear");
}
