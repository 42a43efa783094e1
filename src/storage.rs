//! The only code that touches localStorage. Progress is stored as a versioned record
//! (`hookwise_core::records`) under one key, and every save merges with what is stored, so two
//! tabs never overwrite each other's work.
//!
//! Nothing is destroyed: a record that cannot be read is copied to a backup key before the key
//! is written again, and a failed write (storage full) keeps the progress in memory.

use gloo_storage::{LocalStorage, Storage};
use hookwise_core::progress::Progress;
use hookwise_core::records::{decode_progress, encode_progress};

pub const PROGRESS_KEY: &str = "hookwise.progress";
/// A role chosen on the catalogue page, until the app bundle folds it into progress.
pub const ROLE_KEY: &str = "hookwise.role";
const UNREADABLE_PREFIX: &str = "hookwise.progress.unreadable.";

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
                "Your saved progress could not be read: {reason}. It has been kept in this browser under the key \"{key}\", and you are starting afresh. If you have a backup file, import it below."
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
        match decode_progress(&text) {
            Ok(stored) => progress.merge(stored),
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

/// Saves the team data; on failure the data stays in this tab and the manager is told.
pub fn save_team(team: &hookwise_core::team::Team) -> Result<(), StorageProblem> {
    let store = storage().ok_or(StorageProblem::Unavailable)?;
    store.set_item(TEAM_KEY, &hookwise_core::team::encode_team(team)).map_err(|_| StorageProblem::NotSaved)
}

pub fn clear_team() {
    if let Some(store) = storage() {
        let _ = store.remove_item(TEAM_KEY);
    }
}
