//! "Kept aside" on `/progress`: what the app saved instead of throwing away (progress it could
//! not read, learning records an LRS refused), each to download or to delete on purpose.

use hookwise_core::report::file_size;
use leptos::prelude::*;

use crate::platform::{download, format_date};
use crate::storage::{self, KeptAside};

#[component]
pub fn Recovery() -> impl IntoView {
    let items = RwSignal::new(storage::kept_aside_list());
    // The key whose deletion is being confirmed.
    let confirming: RwSignal<Option<String>> = RwSignal::new(None);
    let message: RwSignal<Option<String>> = RwSignal::new(None);

    let row = move |item: KeptAside| {
        let KeptAside { key, kind, at, bytes } = item;
        let description = format!("{}, {} ({})", kind.label(), format_date(at), file_size(bytes));
        let (download_key, delete_key, confirm_key) = (key.clone(), key.clone(), key.clone());
        let save = move |_| {
            let text = storage::get(&download_key).unwrap_or_default();
            if download(&kind.file_name(at), "application/json", &text).is_err() {
                message.set(Some("The download failed: your browser did not allow it. The item is still kept here.".into()));
            }
        };
        view! {
            <li>
                <p>{description.clone()}</p>
                <div class="actions">
                    <button type="button" on:click=save>"Download"</button>
                    {move || if confirming.get().as_deref() == Some(confirm_key.as_str()) {
                        let key = delete_key.clone();
                        view! {
                            <span class="confirm" role="group" aria-label="Confirm deleting">
                                <span>"Delete it from this browser for good?"</span>
                                <button type="button" class="danger" on:click=move |_| {
                                    storage::delete_kept_aside(&key);
                                    confirming.set(None);
                                    items.set(storage::kept_aside_list());
                                    message.set(Some("It was deleted.".into()));
                                }>"Yes, delete it"</button>
                                <button type="button" on:click=move |_| confirming.set(None)>"Cancel"</button>
                            </span>
                        }.into_any()
                    } else {
                        let key = delete_key.clone();
                        view! { <button type="button" on:click=move |_| confirming.set(Some(key.clone()))>"Delete"</button> }.into_any()
                    }}
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
            <div role="status" aria-live="polite">{move || message.get().map(|m| view! { <p class="notice">{m}</p> })}</div>
        </section>
    }
}
