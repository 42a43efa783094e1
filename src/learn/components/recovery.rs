//! "Kept aside" on `/progress`: what the app saved instead of throwing away (progress it could
//! not read, learning records an LRS refused), each to download or to delete on purpose.

use hookwise_core::report::file_size;
use leptos::prelude::*;

use hookwise_web::platform::{download, focus_soon, format_date};
use hookwise_web::storage::{self, KeptAside};

#[component]
pub fn Recovery() -> impl IntoView {
    let items = RwSignal::new(storage::kept_aside_list());
    // The item whose deletion is being confirmed: its key and description.
    let confirming: RwSignal<Option<(String, String)>> = RwSignal::new(None);
    let message: RwSignal<Option<String>> = RwSignal::new(None);

    let row = move |item: KeptAside| {
        let KeptAside { key, kind, at, bytes } = item;
        let description = format!("{}, {} ({})", kind.label(), format_date(at), file_size(bytes));
        let download_key = key.clone();
        let save = move |_| {
            let text = storage::get(&download_key).unwrap_or_default();
            if download(&kind.file_name(at), "application/json", &text).is_err() {
                message.set(Some("The download failed: your browser did not allow it. The item is still kept here.".into()));
            }
        };
        let chosen = (key, description.clone());
        view! {
            <li>
                <p>{description}</p>
                <div class="actions">
                    <button type="button" on:click=save>"Download"</button>
                    <button type="button" on:click=move |_| {
                        confirming.set(Some(chosen.clone()));
                        focus_soon("confirm-delete-aside-cancel");
                    }>"Delete"</button>
                </div>
            </li>
        }
    };

    view! {
        <section class="kept-aside" aria-labelledby="kept-aside-heading">
            <h2 id="kept-aside-heading">"Kept aside"</h2>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    view! { <p class="hint">"Nothing is kept aside in this browser."</p> }.into_any()
                } else {
                    view! {
                        <p class="hint">"hookwise never throws away what it cannot use. These were kept in this browser; download them to keep or to pass to your security team, and delete them when you no longer need them."</p>
                        <ul class="kept-aside-list">{list.into_iter().map(row).collect_view()}</ul>
                    }.into_any()
                }
            }}
            {move || confirming.get().map(|(key, what)| view! {
                <div class="confirm" role="group" aria-labelledby="confirm-delete-aside">
                    <p id="confirm-delete-aside">{format!("Delete \u{201c}{what}\u{201d} from this browser for good?")}</p>
                    <button type="button" class="danger" on:click=move |_| {
                        storage::delete_kept_aside(&key);
                        confirming.set(None);
                        items.set(storage::kept_aside_list());
                        message.set(Some("It was deleted.".into()));
                    }>"Yes, delete it"</button>
                    <button type="button" id="confirm-delete-aside-cancel" on:click=move |_| confirming.set(None)>"Cancel"</button>
                </div>
            })}
            <div role="status" aria-live="polite">{move || message.get().map(|m| view! { <p class="notice">{m}</p> })}</div>
        </section>
    }
}
