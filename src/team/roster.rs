//! The manager's roster: a CSV of who is who (email or account id, name, team), kept only in
//! this browser (`hookwise.team.roster`, versioned: `hookwise_core::roster`). It puts names and
//! teams on the learners a learning record store knows only by email or by an opaque id.

use hookwise_core::roster::{decode_roster, encode_roster, parse_roster, Roster};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{use_team, TeamStore};

pub const ROSTER_KEY: &str = "hookwise.team.roster";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved roster: `Ok(None)` when there is none; an unreadable one is an error and its text
/// stays where it is, untouched.
fn saved() -> Result<Option<Roster>, String> {
    let Some(text) = local().and_then(|s| s.get_item(ROSTER_KEY).ok().flatten()) else { return Ok(None) };
    decode_roster(&text).map(Some).map_err(|e| {
        format!("The roster saved in this browser could not be read: {e}. It has been left as it is; import the roster file again to replace it.")
    })
}

/// Puts the saved roster's names and teams on the learners shown (not saved by itself).
pub fn apply_saved(store: TeamStore) {
    if let Ok(Some(roster)) = saved() {
        store.team.update_untracked(|t| {
            roster.apply(t);
        });
    }
}

/// The "Roster" part of the page.
#[component]
pub fn RosterImport() -> impl IntoView {
    let store = use_team();
    let initial = saved();
    let count = RwSignal::new(initial.as_ref().ok().and_then(|r| r.as_ref().map(|r| r.people.len())).unwrap_or(0));
    let message: RwSignal<Option<(bool, String)>> = RwSignal::new(initial.err().map(|e| (true, e)));
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = match hookwise_web::platform::read_file(&file).await {
                Ok(t) => t,
                Err(e) => return message.set(Some((true, format!("{} could not be read: {e}", file.name())))),
            };
            match parse_roster(&text) {
                Err(e) => message.set(Some((true, format!("{} was not imported: {e}. The roster you had is unchanged.", file.name())))),
                Ok(import) => {
                    let stored = local().is_some_and(|s| s.set_item(ROSTER_KEY, &encode_roster(&import.roster)).is_ok());
                    store.settle();
                    let matched = store.team.try_update(|t| import.roster.apply(t)).unwrap_or(0);
                    if let Some(Err(_)) = store.team.try_update(hookwise_web::storage::save_team) {
                        // The names are shown; the team data keeps them once it can be saved.
                    }
                    count.set(import.roster.people.len());
                    let mut text = format!("Roster imported: {} people, {matched} of them among the learners shown.", import.roster.people.len());
                    if !import.skipped.is_empty() {
                        text.push_str(&format!(" {} line(s) without an email or id were left out.", import.skipped.len()));
                    }
                    if !stored {
                        text.push_str(" It could not be saved in this browser (storage full or unavailable): it applies until you close this tab.");
                    }
                    message.set(Some((!stored, text)));
                }
            }
        });
    };
    view! {
        <section class="roster" aria-labelledby="roster-heading">
            <details>
                <summary id="roster-heading">{move || format!("Roster ({} people)", count.get())}</summary>
                <p>"A CSV file with a column \"email\" or \"id\" (the learner's account id), and \"name\" and \"team\". It puts names and teams on the learners; it stays in this browser."</p>
                <div class="field">
                    <label for="roster-file">"Choose a roster file (CSV)"</label>
                    <input id="roster-file" type="file" accept=".csv,text/csv" on:change=on_pick/>
                </div>
            </details>
            <div role="status" aria-live="polite">
                {move || message.get().map(|(problem, text)| view! {
                    <p class=if problem { "notice notice-error" } else { "notice notice-ok" }>{text}</p>
                })}
            </div>
        </section>
    }
}
