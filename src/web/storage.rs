//! Learner and team data in localStorage (the xAPI queue in `xapi` and a cmi5 session in
//! `cmi5` keep their own keys). Progress is stored as a versioned record
//! (`hookwise_core::records`) under one key, and every save merges with what is stored, so two
//! tabs never overwrite each other's work.
//!
//! Nothing is destroyed: a record that cannot be read is copied to a backup key before the key
//! is written again, and a failed write (storage full) keeps the progress in memory.

use gloo_storage::{LocalStorage, Storage};
use hookwise_core::progress::Progress;
use hookwise_core::records::{decode_progress, decode_progress_full, encode_progress};
use hookwise_core::safekeeping::{kept_aside, AsideKind, UNREADABLE_PROGRESS_PREFIX as UNREADABLE_PREFIX};

pub const PROGRESS_KEY: &str = "hookwise.progress";
/// A role chosen on the catalogue page, until the app bundle folds it into progress.
pub const ROLE_KEY: &str = "hookwise.role";
/// When the learner last exported a backup (ms), for the backup reminder.
pub const BACKED_UP_KEY: &str = "hookwise.backup.exported_at";
/// When the learner last dismissed the backup reminder (ms).
pub const REMINDER_DISMISSED_KEY: &str = "hookwise.backup.reminder_dismissed_at";
/// What the browser answered to `navigator.storage.persist()`: `granted` or `refused`.
pub const PERSIST_KEY: &str = "hookwise.storage.persist";

/// Something the learner should know about their stored progress.
#[derive(Clone, Debug, PartialEq)]
pub enum StorageProblem {
    /// The stored record could not be read; it was kept under `backup_key`.
    Unreadable { reason: String, backup_key: Option<String> },
    /// The browser refused the write (usually: storage full, or storage disabled).
    NotSaved,
    /// localStorage is not available at all (private mode in some browsers, or disabled).
    Unavailable,
}

impl StorageProblem {
    pub fn message(&self) -> String {
        match self {
            StorageProblem::Unreadable { reason, backup_key: Some(key) } => format!(
                "Your saved progress could not be read: {reason}. It has been kept aside in this browser (under \"{key}\"; your progress page lists it for download), and you are starting afresh. If you have a backup file, import it on your progress page."
            ),
            StorageProblem::Unreadable { reason, backup_key: None } => format!(
                "Your saved progress could not be read: {reason}. It is left untouched, so this session's progress will not be saved. Export a backup before you close this tab."
            ),
            StorageProblem::NotSaved => "Your browser did not let hookwise save your latest progress (its storage may be full). Your progress is kept in this tab and will be saved again with your next answer. To be safe, export a backup.".into(),
            StorageProblem::Unavailable => "This browser does not allow hookwise to store progress, so it will be lost when you close the tab. Export a backup before you leave.".into(),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    // `raw()` panics when there is no localStorage; check first.
    web_sys::window()?.local_storage().ok().flatten()?;
    Some(LocalStorage::raw())
}

/// Copies an unreadable record to a new backup key. Returns the key, or `None` if even that
/// failed (then the original must not be overwritten).
fn keep_unreadable(store: &web_sys::Storage, text: &str) -> Option<String> {
    let key = format!("{UNREADABLE_PREFIX}{}", crate::platform::now());
    store.set_item(&key, text).ok().map(|_| key)
}

/// Reads the stored progress. A problem is reported, never thrown.
pub fn load() -> (Progress, Option<StorageProblem>) {
    let Some(store) = storage() else {
        return (Progress::default(), Some(StorageProblem::Unavailable));
    };
    let Ok(Some(text)) = store.get_item(PROGRESS_KEY) else {
        return (Progress::default(), None);
    };
    match decode_progress(&text) {
        Ok(progress) => (progress, None),
        Err(e) => {
            let backup_key = keep_unreadable(&store, &text);
            if backup_key.is_some() {
                let _ = store.remove_item(PROGRESS_KEY);
            }
            (Progress::default(), Some(StorageProblem::Unreadable { reason: e.to_string(), backup_key }))
        }
    }
}

/// Saves `progress` merged with whatever another tab stored meanwhile, and returns the
/// merged progress (which the app should then show).
pub fn save(mut progress: Progress) -> (Progress, Option<StorageProblem>) {
    let Some(store) = storage() else {
        return (progress, Some(StorageProblem::Unavailable));
    };
    if let Ok(Some(text)) = store.get_item(PROGRESS_KEY) {
        match decode_progress_full(&text) {
            Ok(stored) => progress.merge_stored(stored),
            Err(e) => {
                if keep_unreadable(&store, &text).is_none() {
                    let problem = StorageProblem::Unreadable { reason: e.to_string(), backup_key: None };
                    return (progress, Some(problem));
                }
            }
        }
    }
    match store.set_item(PROGRESS_KEY, &encode_progress(&progress)) {
        Ok(()) => (progress, None),
        Err(_) => (progress, Some(StorageProblem::NotSaved)),
    }
}

/// Reads the stored progress with its practice (the app bundle; the first load reads none).
pub fn stored_full() -> Option<Progress> {
    let text = storage()?.get_item(PROGRESS_KEY).ok()??;
    decode_progress_full(&text).ok()
}

/// Reads what another tab saved, for merging into this tab's progress.
pub fn stored() -> Option<Progress> {
    let text = storage()?.get_item(PROGRESS_KEY).ok()??;
    decode_progress(&text).ok()
}

/// The storage keys whose changes another tab should take in.
pub fn is_progress_key(key: Option<String>) -> bool {
    matches!(key.as_deref(), Some(PROGRESS_KEY) | Some(ROLE_KEY))
}

/// The role chosen on the catalogue page and not yet folded into progress.
pub fn pending_role() -> Option<hookwise_core::progress::RoleChoice> {
    let text = storage()?.get_item(ROLE_KEY).ok()??;
    hookwise_core::records::decode_role_choice(&text)
}

/// Keeps a role choice under its own small key (the catalogue page writes no progress).
pub fn save_role(role: &hookwise_core::progress::RoleChoice) -> Result<(), StorageProblem> {
    let store = storage().ok_or(StorageProblem::Unavailable)?;
    store.set_item(ROLE_KEY, &hookwise_core::records::encode_role_choice(role)).map_err(|_| StorageProblem::NotSaved)
}

/// Forgets the pending role once progress holds it.
pub fn clear_pending_role() {
    if let Some(store) = storage() {
        let _ = store.remove_item(ROLE_KEY);
    }
}

/// Writes `progress` as it is, without merging: for a reset (which carries its reset time, so
/// stale tabs cannot bring old progress back) and for an import.
pub fn replace(progress: Progress) -> (Progress, Option<StorageProblem>) {
    match storage() {
        Some(store) => match store.set_item(PROGRESS_KEY, &encode_progress(&progress)) {
            Ok(()) => (progress, None),
            Err(_) => (progress, Some(StorageProblem::NotSaved)),
        },
        None => (progress, Some(StorageProblem::Unavailable)),
    }
}

/// A small value of ours in localStorage (a time, a browser's answer).
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn set(key: &str, value: &str) {
    if let Some(store) = storage() {
        let _ = store.set_item(key, value);
    }
}

/// A time stored under `key`, if any.
pub fn get_time(key: &str) -> Option<u64> {
    get(key)?.parse().ok()
}

thread_local! {
    static PERSIST_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `navigator.storage`, where the browser has it (secure contexts only).
fn storage_manager() -> Option<wasm_bindgen::JsValue> {
    let manager = js_sys::Reflect::get(&web_sys::window()?.navigator(), &"storage".into()).ok()?;
    (!manager.is_undefined() && !manager.is_null()).then_some(manager)
}

/// Calls a promise-returning method of `navigator.storage` and waits for its answer.
async fn storage_manager_call(method: &str) -> Option<wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let manager = storage_manager()?;
    let function: js_sys::Function = js_sys::Reflect::get(&manager, &method.into()).ok()?.dyn_into().ok()?;
    let promise: js_sys::Promise = function.call0(&manager).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// Asks the browser to keep this site's storage even when space runs low
/// (`navigator.storage.persist()`), once per page, unless it already agreed. The answer is
/// kept under `PERSIST_KEY` for the progress page. Called when the learner saves an answer.
pub fn ask_persistence() {
    if PERSIST_ASKED.replace(true) || get(PERSIST_KEY).as_deref() == Some("granted") || storage_manager().is_none() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        if let Some(answer) = storage_manager_call("persist").await.and_then(|v| v.as_bool()) {
            set(PERSIST_KEY, if answer { "granted" } else { "refused" });
        }
    });
}

/// The browser's storage quota for this site in bytes (`navigator.storage.estimate()`).
pub async fn storage_quota() -> Option<f64> {
    let estimate = storage_manager_call("estimate").await?;
    js_sys::Reflect::get(&estimate, &"quota".into()).ok()?.as_f64()
}

/// Something kept aside in this browser, for the recovery list.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptAside {
    pub key: String,
    pub kind: AsideKind,
    pub at: u64,
    /// Its size in bytes (as UTF-8, as it would be downloaded).
    pub bytes: u64,
}

/// Everything kept aside, newest first.
pub fn kept_aside_list() -> Vec<KeptAside> {
    let Some(store) = storage() else { return Vec::new() };
    let count = store.length().unwrap_or(0);
    let mut items: Vec<KeptAside> = (0..count)
        .filter_map(|i| store.key(i).ok().flatten())
        .filter_map(|key| {
            let (kind, at) = kept_aside(&key)?;
            let bytes = store.get_item(&key).ok().flatten().map_or(0, |t| t.len() as u64);
            Some(KeptAside { key, kind, at, bytes })
        })
        .collect();
    hookwise_core::compact::sort_by(&mut items, |a, b| b.at.cmp(&a.at).then(a.key.cmp(&b.key)));
    items
}

/// Deletes one kept-aside item (only keys `kept_aside` recognises).
pub fn delete_kept_aside(key: &str) {
    if kept_aside(key).is_some() {
        if let Some(store) = storage() {
            let _ = store.remove_item(key);
        }
    }
}

/// Where a manager's imported team data is kept (compact: 10,000 learners take about 2.5 MB).
pub const TEAM_KEY: &str = "hookwise.team";

/// Reads the imported team data; an unreadable record is kept under a backup key.
pub fn load_team() -> (hookwise_core::team::Team, Option<String>) {
    use hookwise_core::team::{decode_team, Team};
    let Some(store) = storage() else {
        return (Team::default(), Some(StorageProblem::Unavailable.message()));
    };
    let Ok(Some(text)) = store.get_item(TEAM_KEY) else {
        return (Team::default(), None);
    };
    match decode_team(&text) {
        Ok(team) => (team, None),
        Err(e) => {
            let key = format!("{TEAM_KEY}.unreadable.{}", crate::platform::now());
            let kept = store.set_item(&key, &text).is_ok();
            if kept {
                let _ = store.remove_item(TEAM_KEY);
            }
            let message = if kept {
                format!("The imported team data saved in this browser could not be read: {e}. It was kept under the key \"{key}\". Import the reports again.")
            } else {
                format!("The imported team data saved in this browser could not be read: {e}.")
            };
            (Team::default(), Some(message))
        }
    }
}

/// Saves the team data merged with what another tab stored meanwhile (`team` becomes the
/// merged data; true if another tab's data was merged in); on failure the data stays in this
/// tab and the manager is told.
/// What is stored is read back and merged only if it changed since this tab last saved it (it
/// then holds another tab's imports): merging what this tab wrote itself changes nothing (the
/// data only grows, and a report is replaced only by a newer one), and reading back megabytes
/// after every sync would cost the manager a second each time.
pub fn save_team(team: &mut hookwise_core::team::Team) -> Result<bool, StorageProblem> {
    use hookwise_core::hash::fnv1a64;
    let store = storage().ok_or(StorageProblem::Unavailable)?;
    let mut merged = false;
    if let Ok(Some(text)) = store.get_item(TEAM_KEY) {
        if LAST_SAVED_TEAM.get() != Some((text.len(), fnv1a64(text.as_bytes()))) {
            if let Ok(stored) = hookwise_core::team::decode_team(&text) {
                team.merge(stored);
                merged = true;
            }
        }
    }
    let text = hookwise_core::team::encode_team(team);
    store.set_item(TEAM_KEY, &text).map_err(|_| StorageProblem::NotSaved)?;
    LAST_SAVED_TEAM.set(Some((text.len(), fnv1a64(text.as_bytes()))));
    Ok(merged)
}

thread_local! {
    /// The length and hash of the team data this tab last wrote.
    static LAST_SAVED_TEAM: std::cell::Cell<Option<(usize, u64)>> = const { std::cell::Cell::new(None) };
}

/// What another tab stored, if it can be read.
pub fn stored_team() -> Option<hookwise_core::team::Team> {
    let text = storage()?.get_item(TEAM_KEY).ok()??;
    hookwise_core::team::decode_team(&text).ok()
}

pub fn clear_team() {
    if let Some(store) = storage() {
        let _ = store.remove_item(TEAM_KEY);
    }
}

/// The re-check schedule and the slow hooks' state (`hookwise_core::schedule`), kept apart from
/// progress under its own versioned record.
pub const SCHEDULE_KEY: &str = "hookwise.schedule";
/// A short hand-written summary of it (`schedule::encode_summary`), which the catalogue page
/// reads without serde.
pub const SCHEDULE_SUMMARY_KEY: &str = "hookwise.schedule.summary";

/// Reads the schedule. An unreadable one is kept aside (listed on `/progress`) and the message
/// says so; nothing else is touched.
pub fn load_schedule() -> (hookwise_core::schedule::Schedule, Option<String>) {
    use hookwise_core::schedule::{decode_schedule, Schedule};
    use hookwise_core::safekeeping::UNREADABLE_SCHEDULE_PREFIX;
    let Some(store) = storage() else { return (Schedule::default(), None) };
    let Ok(Some(text)) = store.get_item(SCHEDULE_KEY) else { return (Schedule::default(), None) };
    match decode_schedule(&text) {
        Ok(s) => (s, None),
        Err(e) => {
            let key = format!("{UNREADABLE_SCHEDULE_PREFIX}{}", crate::platform::now());
            let kept = store.set_item(&key, &text).is_ok();
            if kept {
                let _ = store.remove_item(SCHEDULE_KEY);
            }
            let message = if kept {
                format!("Your saved re-checks and practice messages could not be read: {e}. They were kept aside (your progress page lists them for download), and they start afresh. Your lessons and results are not affected.")
            } else {
                format!("Your saved re-checks and practice messages could not be read: {e}. They are left untouched, so new ones will not be saved. Your lessons and results are not affected.")
            };
            (Schedule::default(), Some(message))
        }
    }
}

/// Saves the schedule merged with what another tab stored (`schedule` becomes the merged one),
/// and its summary for the catalogue. An unreadable stored record is never overwritten.
pub fn save_schedule(schedule: &mut hookwise_core::schedule::Schedule) -> Result<(), StorageProblem> {
    use hookwise_core::schedule::{decode_schedule, encode_schedule, encode_summary};
    let store = storage().ok_or(StorageProblem::Unavailable)?;
    if let Ok(Some(text)) = store.get_item(SCHEDULE_KEY) {
        match decode_schedule(&text) {
            Ok(stored) => schedule.merge(stored),
            Err(_) => return Err(StorageProblem::NotSaved),
        }
    }
    store.set_item(SCHEDULE_KEY, &encode_schedule(schedule)).map_err(|_| StorageProblem::NotSaved)?;
    let _ = store.set_item(SCHEDULE_SUMMARY_KEY, &encode_summary(schedule));
    Ok(())
}

/// Writes the schedule as it is (a reset or an import), and its summary.
pub fn replace_schedule(schedule: &hookwise_core::schedule::Schedule) -> Result<(), StorageProblem> {
    let store = storage().ok_or(StorageProblem::Unavailable)?;
    store.set_item(SCHEDULE_KEY, &hookwise_core::schedule::encode_schedule(schedule)).map_err(|_| StorageProblem::NotSaved)?;
    let _ = store.set_item(SCHEDULE_SUMMARY_KEY, &hookwise_core::schedule::encode_summary(schedule));
    Ok(())
}

/// What another tab stored, if it can be read.
pub fn stored_schedule() -> Option<hookwise_core::schedule::Schedule> {
    hookwise_core::schedule::decode_schedule(&get(SCHEDULE_KEY)?).ok()
}
