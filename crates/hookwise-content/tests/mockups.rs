//! What the compiler makes of the mock-up fixture (`tests/fixtures/lessons/practice-mockups`):
//! each part's field, detail, marker and explanation, and the scenario ids results are kept by.

use std::path::Path;

use hookwise_content::{compile_course, read_folder};
use hookwise_core::lesson::{plain_text, Activity, Milestone, MockupKind};

#[test]
fn mockups_compile_to_parts_with_fields_details_and_markers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/lessons/practice-mockups");
    let (lessons, _) = read_folder(&dir).expect("fixture");
    let outline = hookwise_content::Input {
        name: "COURSE.md".into(),
        file_name: "COURSE.md".into(),
        text: "---\ntitle: t\nversion: 1\n---\n\n## Part\n\n- [lesson](lesson.md)\n".into(),
    };
    let out = compile_course(&lessons, Some(&outline), None, "COURSE.md");
    assert_eq!(out.errors(), 0);
    let practice = &out.lessons[0].practice;
    let ids: Vec<&str> = practice.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["a-new-connection-request", "a-recruiter-writes", "a-paid-review", "keynote-in-the-sun"]);
    let Activity::Mockup { kind, parts } = &practice[1].activity else { panic!("a thread") };
    assert_eq!(*kind, MockupKind::Thread);
    let summary: Vec<(&str, &str, Option<bool>)> = parts.iter().map(|p| (p.field.as_str(), p.detail.as_str(), p.flag)).collect();
    assert_eq!(summary, [
        ("platform", "", None),
        ("sender", "", Some(false)),
        ("message", "09:12", Some(true)),
        ("reply", "09:20", None),
        ("moved", "09:31", Some(true)),
        ("message", "09:33 QuietLine", Some(false)),
    ]);
    assert_eq!(plain_text(&parts[2].text), "I was so impressed by your work on satellite imaging.");
    assert_eq!(plain_text(&parts[2].feedback), "Flattery aimed at your sensitive work.");
    assert!(parts[0].feedback.is_empty());
    let Activity::Mockup { kind: MockupKind::Email, parts } = &practice[2].activity else { panic!("an email") };
    assert_eq!(parts.iter().filter(|p| p.flag == Some(true)).count(), 3);
    assert!(matches!(&practice[0].activity, Activity::Mockup { kind: MockupKind::Profile, .. }));
    assert!(matches!(&practice[3].activity, Activity::Mockup { kind: MockupKind::Invitation, .. }));
}

#[test]
fn the_real_course_marks_when_learners_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let (lessons, outline) = read_folder(&dir).expect("lessons");
    let settings = hookwise_content::read_settings(&dir).expect("settings");
    let out = compile_course(&lessons, outline.as_ref(), settings.as_ref(), "COURSE.md");
    let hook = out.lessons.iter().find(|l| l.info.id == "little-hook").expect("little-hook");
    let Activity::Conversation { steps } = &hook.practice[0].activity else { panic!("a conversation") };
    let marks: Vec<(&str, Option<Milestone>)> = steps.iter().map(|s| (s.id.as_str(), s.milestone)).collect();
    assert!(marks.contains(&("first-payment", Some(Milestone::Task))), "{marks:?}");
    assert!(marks.contains(&("reported", Some(Milestone::Reported))), "{marks:?}");
    let kinds = out.lessons.iter().flat_map(|l| &l.practice).filter(|s| matches!(s.activity, Activity::Mockup { .. })).count();
    assert!(kinds >= 4, "at least four lessons use the mock-ups");
}
