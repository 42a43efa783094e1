//! The progress-backup importer on arbitrary text: a learner may pick any file. It must never
//! panic; a backup it accepts must survive being written again and read back, and importing it
//! must never remove anything already here.
#![no_main]

use hookwise_core::course::{Catalogue, CatalogueEntry, Part};
use hookwise_core::progress::{Attempt, Progress};
use hookwise_core::records::{decode_backup, encode_backup, BackupCourse};
use libfuzzer_sys::fuzz_target;

fn catalogue() -> Catalogue {
    let entry = |id: &str| CatalogueEntry {
        info: hookwise_core::lesson::LessonInfo {
            id: id.into(),
            title: id.into(),
            summary: String::new(),
            topic: String::new(),
            minutes: 5,
            pass_mark: 80,
            version: "1".into(),
            content_hash: "h".into(),
        },
        required: true,
    };
    Catalogue {
        id: "fuzz".into(),
        title: "fuzz".into(),
        version: "1".into(),
        due_after_days: 365,
        parts: vec![Part { title: "p".into(), lessons: vec![entry("little-hook"), entry("online-pitches")] }],
        paths: Vec::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    // The browser reads the chosen file as UTF-8 with replacement characters.
    let text = String::from_utf8_lossy(data);
    let Ok(backup) = decode_backup(&text) else { return };
    let course = backup.course.clone().unwrap_or(BackupCourse { title: "fuzz".into(), version: "1".into() });
    let again = encode_backup(&backup.progress, &course, backup.exported_at);
    assert_eq!(decode_backup(&again).map(|b| b.progress), Ok(backup.progress.clone()), "a re-exported backup reads back the same");
    // The re-check schedule it may carry: read or refused in plain words, never a panic; one
    // that reads exports and reads back the same.
    if let Some(Ok(schedule)) = backup.schedule.clone() {
        let again = hookwise_core::records::encode_backup_with(&backup.progress, Some(&schedule), &course, 0);
        let read = decode_backup(&again).ok().and_then(|b| b.schedule);
        assert_eq!(read, Some(Ok(schedule)), "a re-exported schedule reads back the same");
    }

    let mut here = Progress::default();
    here.finish(Attempt {
        lesson_id: "little-hook".into(),
        lesson_version: "1".into(),
        content_hash: "h".into(),
        seed: 1,
        started_at: 10,
        finished_at: 20,
        answers: Default::default(),
        score: 100,
        passed: true,
    });
    let before = here.clone();
    let cat = catalogue();
    here.import(backup.progress, &cat);
    assert!(before.attempts.iter().all(|a| here.attempts.contains(a)), "an import never removes an attempt");
    assert!(here.cleared_at <= before.cleared_at, "an import never raises the reset time");
    assert!(here.attempts.iter().all(|a| cat.lesson(&a.lesson_id).is_some()), "records for unknown lessons are not kept");
});
