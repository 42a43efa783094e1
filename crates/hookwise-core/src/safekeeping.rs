//! Keeping progress safe in a browser that may lose it: whether the browser's storage is at
//! risk (persistence refused, a private window, a browser that deletes a site's storage after
//! some days without a visit), when to remind a learner to make a backup, and what the app has
//! kept aside for recovery (records it could not read, statements a learning record store
//! refused).

use crate::progress::{Progress, DAY_MS};

/// Why this browser may lose the learner's progress, most serious first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageRisk {
    /// A private (incognito) window: storage lasts as long as the window.
    PrivateWindow,
    /// The browser deletes a site's storage after seven days of use without a visit (Safari
    /// and every browser on iOS and iPadOS).
    EvictsWhenUnused,
    /// The browser refused persistent storage, so it may clear it when space runs low.
    NotPersistent,
}

impl StorageRisk {
    /// One line for `/progress`, followed there by the backup.
    pub fn message(self) -> &'static str {
        match self {
            StorageRisk::PrivateWindow => "This looks like a private window: your progress will be deleted when you close it. Export a backup below to keep it.",
            StorageRisk::EvictsWhenUnused => "This browser deletes a site's saved data after seven days without a visit. Export a backup below to keep your progress safe.",
            StorageRisk::NotPersistent => "Your browser did not agree to keep hookwise's data for good, so it may delete your progress when space runs low. Export a backup below to keep it safe.",
        }
    }
}

/// What the browser answered when asked for persistent storage (`navigator.storage.persist`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    /// Not asked yet (the learner has saved no answer), or the browser has no such API.
    Unknown,
    Granted,
    Refused,
}

/// Below this storage quota, a Chromium or Firefox window is taken to be private: their
/// private windows keep storage in memory and offer a small quota (a normal profile offers a
/// share of the disk, gigabytes). A heuristic; no browser says outright that it is private.
pub const PRIVATE_QUOTA_BYTES: f64 = 120.0 * 1024.0 * 1024.0;

/// Whether the user agent is a WebKit browser that applies the seven-day limit on
/// script-writable storage: Safari, and every browser on iOS and iPadOS.
pub fn evicts_when_unused(user_agent: &str) -> bool {
    let ios = ["iPhone", "iPad", "iPod"].iter().any(|d| user_agent.contains(d));
    let safari = user_agent.contains("Safari")
        && user_agent.contains("Version/")
        && !["Chrome", "Chromium", "Android", "Edg/", "OPR/"].iter().any(|b| user_agent.contains(b));
    ios || safari
}

/// The risk to show, if any. `quota` is `navigator.storage.estimate()`'s quota in bytes.
/// Granted persistence outweighs the rest except a private window (nothing survives it).
pub fn storage_risk(persistence: Persistence, quota: Option<f64>, user_agent: &str) -> Option<StorageRisk> {
    if quota.is_some_and(|q| q > 0.0 && q < PRIVATE_QUOTA_BYTES) {
        return Some(StorageRisk::PrivateWindow);
    }
    match persistence {
        Persistence::Granted => None,
        _ if evicts_when_unused(user_agent) => Some(StorageRisk::EvictsWhenUnused),
        Persistence::Refused => Some(StorageRisk::NotPersistent),
        Persistence::Unknown => None,
    }
}

/// How long after their first pass a learner who never made a backup is reminded.
pub const REMINDER_AFTER_MS: u64 = 7 * DAY_MS;
/// A dismissed reminder comes back after this long if there is still no backup.
pub const REMINDER_AGAIN_AFTER_MS: u64 = 30 * DAY_MS;

/// Whether to remind the learner to back up: they passed a lesson a week or more ago, have
/// never exported a backup, and have not dismissed the reminder in the last thirty days.
pub fn backup_reminder_due(progress: &Progress, backed_up_at: Option<u64>, dismissed_at: Option<u64>, now: u64) -> bool {
    let Some(first_pass) = progress.attempts.iter().filter(|a| a.passed).map(|a| a.finished_at).min() else {
        return false;
    };
    backed_up_at.is_none()
        && now.saturating_sub(first_pass) >= REMINDER_AFTER_MS
        && dismissed_at.is_none_or(|d| now.saturating_sub(d) >= REMINDER_AGAIN_AFTER_MS)
}

/// Storage key prefixes of what is kept aside, and what each holds.
pub const UNREADABLE_PROGRESS_PREFIX: &str = "hookwise.progress.unreadable.";
pub const UNREADABLE_QUEUE_PREFIX: &str = "hookwise.xapi.queue.unreadable.";
pub const REFUSED_STATEMENT_PREFIX: &str = "hookwise.xapi.refused.";
pub const UNREADABLE_SCHEDULE_PREFIX: &str = "hookwise.schedule.unreadable.";

/// What a kept-aside record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsideKind {
    UnreadableProgress,
    UnreadableStatements,
    RefusedStatement,
    UnreadableSchedule,
}

impl AsideKind {
    pub fn label(self) -> &'static str {
        match self {
            AsideKind::UnreadableProgress => "Saved progress that could not be read",
            AsideKind::UnreadableStatements => "Learning records that could not be read",
            AsideKind::RefusedStatement => "A learning record your learning record store refused",
            AsideKind::UnreadableSchedule => "Saved re-checks and practice messages that could not be read",
        }
    }

    /// The name of the file it is downloaded as.
    pub fn file_name(self, at: u64) -> String {
        match self {
            AsideKind::UnreadableProgress => format!("hookwise-unreadable-progress-{at}.json"),
            AsideKind::UnreadableStatements => format!("hookwise-unreadable-records-{at}.txt"),
            AsideKind::RefusedStatement => format!("hookwise-refused-record-{at}.json"),
            AsideKind::UnreadableSchedule => format!("hookwise-unreadable-rechecks-{at}.json"),
        }
    }
}

/// A storage key's kind and time (ms), if the key holds something kept aside. Keys are
/// `<prefix><time>` or `<prefix><time>.<anything>` (to keep two from the same millisecond apart).
pub fn kept_aside(key: &str) -> Option<(AsideKind, u64)> {
    let (kind, rest) = [
        (AsideKind::UnreadableProgress, UNREADABLE_PROGRESS_PREFIX),
        (AsideKind::UnreadableStatements, UNREADABLE_QUEUE_PREFIX),
        (AsideKind::RefusedStatement, REFUSED_STATEMENT_PREFIX),
        (AsideKind::UnreadableSchedule, UNREADABLE_SCHEDULE_PREFIX),
    ]
    .into_iter()
    .find_map(|(kind, prefix)| key.strip_prefix(prefix).map(|rest| (kind, rest)))?;
    let time = rest.split('.').next()?;
    Some((kind, time.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::Answers;
    use crate::progress::Attempt;

    const NOW: u64 = 1_800_000_000_000;
    const SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const IOS_CHROME: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1";
    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    const GB: f64 = 1024.0 * 1024.0 * 1024.0;

    #[test]
    fn which_risk_to_show() {
        assert_eq!(storage_risk(Persistence::Granted, Some(10.0 * GB), CHROME), None);
        assert_eq!(storage_risk(Persistence::Unknown, Some(10.0 * GB), CHROME), None, "not asked yet: nothing to say");
        assert_eq!(storage_risk(Persistence::Refused, Some(10.0 * GB), FIREFOX), Some(StorageRisk::NotPersistent));
        assert_eq!(storage_risk(Persistence::Refused, Some(50.0 * 1024.0 * 1024.0), CHROME), Some(StorageRisk::PrivateWindow));
        assert_eq!(storage_risk(Persistence::Granted, Some(50.0 * 1024.0 * 1024.0), CHROME), Some(StorageRisk::PrivateWindow));
        assert_eq!(storage_risk(Persistence::Unknown, None, SAFARI), Some(StorageRisk::EvictsWhenUnused));
        assert_eq!(storage_risk(Persistence::Refused, None, IOS_CHROME), Some(StorageRisk::EvictsWhenUnused));
        assert_eq!(storage_risk(Persistence::Granted, None, SAFARI), None, "granted persistence exempts it");
        assert!(!evicts_when_unused(CHROME) && !evicts_when_unused(FIREFOX));
    }

    fn passed_at(at: u64) -> Progress {
        let mut p = Progress::default();
        p.finish(Attempt {
            lesson_id: "a".into(),
            lesson_version: "1".into(),
            content_hash: "h".into(),
            seed: 1,
            started_at: at - 10,
            finished_at: at,
            answers: Answers::new(),
            score: 100,
            passed: true,
        });
        p
    }

    #[test]
    fn the_backup_reminder_comes_a_week_after_the_first_pass() {
        assert!(!backup_reminder_due(&Progress::default(), None, None, NOW), "nothing passed, nothing to lose");
        let p = passed_at(NOW);
        assert!(!backup_reminder_due(&p, None, None, NOW + 6 * DAY_MS));
        assert!(backup_reminder_due(&p, None, None, NOW + 7 * DAY_MS));
        assert!(!backup_reminder_due(&p, Some(NOW + DAY_MS), None, NOW + 8 * DAY_MS), "a backup ends it");
        assert!(!backup_reminder_due(&p, None, Some(NOW + 7 * DAY_MS), NOW + 8 * DAY_MS), "dismissed");
        assert!(backup_reminder_due(&p, None, Some(NOW + 7 * DAY_MS), NOW + 37 * DAY_MS), "back a month later");
    }

    #[test]
    fn kept_aside_keys() {
        assert_eq!(kept_aside("hookwise.progress.unreadable.1700000000000"), Some((AsideKind::UnreadableProgress, 1_700_000_000_000)));
        assert_eq!(kept_aside("hookwise.xapi.refused.17.abc-def"), Some((AsideKind::RefusedStatement, 17)));
        assert_eq!(kept_aside("hookwise.xapi.queue.unreadable.5"), Some((AsideKind::UnreadableStatements, 5)));
        assert_eq!(kept_aside("hookwise.schedule.unreadable.9"), Some((AsideKind::UnreadableSchedule, 9)));
        assert_eq!(kept_aside("hookwise.schedule"), None);
        assert_eq!(kept_aside("hookwise.progress"), None);
        assert_eq!(kept_aside("hookwise.xapi.queue"), None);
        assert_eq!(kept_aside("hookwise.progress.unreadable.soon"), None);
    }
}
