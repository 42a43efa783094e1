//! The completion-report importer (`hookwise_core::report::decode_report`): a manager's
//! browser reads files that learners send, so every byte is untrusted. It must never panic.
//!
//! Two checks per input:
//! 1. The bytes, read as text (lossily, as the browser's `File.text()` does), go to
//!    `decode_report`. A report it accepts must be a fixed point of encode/decode.
//! 2. The same bytes also build a `Report` field by field (arbitrary strings, numbers and
//!    statuses), which is encoded and decoded again: the checksum must verify and the report
//!    come back the same (the decoder clamps `best_score` to 100). This reaches the code
//!    behind the checksum check, which mutated files rarely get past.
#![no_main]

use hookwise_core::progress::LessonStatus;
use hookwise_core::report::{decode_report, encode_report, LessonResult, Report};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

const STATUSES: [LessonStatus; 5] = [
    LessonStatus::NotStarted,
    LessonStatus::InProgress,
    LessonStatus::Passed,
    LessonStatus::Failed,
    LessonStatus::DueAgain,
];

fn report(u: &mut Unstructured) -> Result<Report> {
    let mut lessons = Vec::new();
    for _ in 0..u.int_in_range(0..=4u8)? {
        lessons.push(LessonResult {
            id: u.arbitrary()?,
            title: u.arbitrary()?,
            required: u.arbitrary()?,
            status: *u.choose(&STATUSES)?,
            best_score: u.arbitrary()?,
            pass_mark: u.arbitrary()?,
            attempts: u.arbitrary()?,
            passed_at: u.arbitrary()?,
            version: u.arbitrary()?,
            content_hash: u.arbitrary()?,
        });
    }
    Ok(Report {
        name: u.arbitrary()?,
        email: u.arbitrary()?,
        team: u.arbitrary()?,
        course_title: u.arbitrary()?,
        course_version: u.arbitrary()?,
        generated_at: u.arbitrary()?,
        lessons,
        misses: Default::default(),
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(r) = decode_report(&text) {
        let _ = r.learner_key();
        assert_eq!(decode_report(&encode_report(&r)).as_ref(), Ok(&r), "an accepted report re-encodes to itself");
    }

    if let Ok(mut r) = report(&mut Unstructured::new(data)) {
        let decoded = decode_report(&encode_report(&r));
        for l in &mut r.lessons {
            l.best_score = l.best_score.map(|s| s.min(100));
        }
        assert_eq!(decoded.as_ref(), Ok(&r), "an encoded report decodes to itself");
    }
});
