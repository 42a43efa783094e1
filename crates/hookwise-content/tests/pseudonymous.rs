//! `learner_ids: pseudonymous` in `ORGANISATION.md`: the setting reaches the app, and a wrong
//! value is a friendly error at its exact place.

mod scratch;
use scratch::Scratch;
use std::path::Path;

use hookwise_content::{compile_folder, write_output};
use hookwise_core::organisation::Organisation;

fn folder(name: &str, extra_line: &str) -> Scratch {
    let dir = Scratch::new(&format!("pseudo-{name}"));
    let settings = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/lessons/organisation-references/ORGANISATION.md"),
    )
    .expect("fixture");
    std::fs::write(dir.join("ORGANISATION.md"), settings.replacen("---\n", &format!("---\n{extra_line}\n"), 1)).expect("settings");
    std::fs::write(dir.join("COURSE.md"), "---\ntitle: T\nversion: 1\n---\n\n## Part\n\n- [L](lesson.md)\n").expect("outline");
    std::fs::write(
        dir.join("lesson.md"),
        "---\nid: lesson\ntitle: L\nsummary: S.\ntopic: T\nminutes: 1\npass_mark: 0\nversion: 1\nsources:\n  - title: S\n---\n\n## Start\n\nText.\n\n## Quiz\n\n### [true-false] Short\n\n- [x] True\n  > Yes.\n- [ ] False\n  > No.\n\n**Explanation:** Because.\n",
    )
    .expect("lesson");
    dir
}

#[test]
fn pseudonymous_learner_ids_reach_the_app() {
    let dir = folder("on", "learner_ids: pseudonymous");
    let out = compile_folder(&dir).expect("readable");
    assert_eq!(out.errors(), 0, "{:?}", out.diagnostics);
    write_output(&out, &dir.join("out")).expect("write");
    let org: Organisation = serde_json::from_str(&std::fs::read_to_string(dir.join("out/organisation.json")).expect("written")).expect("reads");
    assert!(org.pseudonymous);
    // The default: emails, and nothing extra in organisation.json.
    let out = compile_folder(&folder("default", "learner_ids: email")).expect("readable");
    assert_eq!(out.errors(), 0, "{:?}", out.diagnostics);
    assert!(!out.organisation.expect("compiles").pseudonymous);
}

#[test]
fn a_wrong_value_is_a_friendly_error_at_its_place() {
    let out = compile_folder(&folder("wrong", "learner_ids: anonymous")).expect("readable");
    let d = out.diagnostics.iter().find(|d| d.message.contains("learner_ids")).expect("a diagnostic");
    let text = d.to_string();
    assert!(text.contains("ORGANISATION.md:2:14"), "{text}");
    assert!(text.contains("must be `email` or `pseudonymous`, found `anonymous`"), "{text}");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("never holds names")), "{text}");
}
