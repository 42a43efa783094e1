//! Fixture tests: each folder in `tests/fixtures/lessons/` is a small lesson folder and its
//! `expected.txt`, the exact output of `check`. Folders without a `COURSE.md` get one listing
//! every lesson, so each fixture shows only its own mistake. A folder with a `flags` file holding
//! `--strict` is checked as `check --strict` would. `BLESS=1` rewrites expectations.

use std::fs;
use std::path::{Path, PathBuf};

use hookwise_content::{compile_course, quiz_health, read_folder, read_settings, Input};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/lessons")
}

/// Compiles a fixture folder as if it were `lessons/`, and renders what `check` prints.
fn harness(dir: &Path) -> String {
    let (mut lessons, mut outline) = read_folder(dir).expect("fixture folders are readable");
    let mut settings = read_settings(dir).expect("fixture folders are readable");
    for input in lessons.iter_mut().chain(outline.iter_mut()).chain(settings.iter_mut()) {
        input.name = format!("lessons/{}", input.file_name);
    }
    let outline = outline.unwrap_or_else(|| {
        let entries: String = lessons.iter().map(|l| format!("- [{0}]({0})\n", l.file_name)).collect();
        Input {
            name: "lessons/COURSE.md".into(),
            file_name: "COURSE.md".into(),
            text: format!("---\ntitle: Fixture course\nversion: 1\n---\n\n## Part\n\n{entries}"),
        }
    });
    let mut out = compile_course(&lessons, Some(&outline), settings.as_ref(), "lessons/COURSE.md");
    let flags = fs::read_to_string(dir.join("flags")).unwrap_or_default();
    if flags.split_whitespace().any(|f| f == "--strict") {
        quiz_health::make_strict(&mut out.diagnostics);
    }
    let mut text: String = out.diagnostics.iter().map(|d| format!("{d}\n")).collect();
    let quiz_health = quiz_health::count(&out.diagnostics);
    text.push_str(&format!("{} error(s), {} warning(s)", out.errors(), out.warnings()));
    if quiz_health > 0 {
        text.push_str(&format!(" ({quiz_health} quiz health)"));
    }
    text.push('\n');
    text
}

fn check_fixture(name: &str) {
    let dir = fixtures().join(name);
    let actual = harness(&dir);
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("BLESS").is_some() {
        fs::write(&expected_path, &actual).expect("write expected.txt");
        return;
    }
    let expected = fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(actual, expected, "fixture {name}: output differs from expected.txt (BLESS=1 to accept)\n{actual}");
}

macro_rules! fixtures {
    ($($name:ident => $dir:literal,)*) => {
        $(#[test] fn $name() { check_fixture($dir); })*

        #[test]
        fn every_fixture_folder_has_a_test() {
            let listed = [$($dir),*];
            for entry in fs::read_dir(fixtures()).expect("fixtures exist") {
                let name = entry.expect("entry").file_name().to_string_lossy().to_string();
                assert!(listed.contains(&name.as_str()), "fixture folder {name} has no test");
            }
        }
    };
}

fixtures! {
    valid_lesson_has_no_diagnostics => "valid",
    missing_front_matter_keys => "missing-keys",
    unknown_front_matter_keys => "unknown-key",
    duplicate_lesson_ids => "duplicate-id",
    single_choice_without_a_correct_answer => "single-no-correct",
    single_choice_with_two_correct_answers => "single-two-correct",
    empty_options => "empty-option",
    pass_mark_out_of_range => "pass-mark-range",
    lesson_missing_from_the_outline => "not-in-outline",
    outline_entry_without_a_file => "outline-missing-file",
    link_to_a_lesson_that_does_not_exist => "bad-lesson-link",
    raw_html_and_unsafe_link_schemes => "raw-html-and-schemes",
    option_without_feedback_is_a_warning => "warning-no-feedback",
    every_problem_in_a_file_is_reported => "every-problem-reported",
    question_shape_mistakes => "question-shape",
    callouts_and_missing_quiz => "callouts-and-structure",
    missing_or_unclosed_front_matter => "no-front-matter",
    practice_scenarios_of_every_kind => "practice-valid",
    conversation_branches_that_lead_nowhere_or_cannot_be_reached => "practice-conversation",
    red_flag_exercises_without_flags => "practice-red-flags",
    report_rehearsal_mistakes => "practice-report",
    mockups_of_every_kind => "practice-mockups",
    mockup_mistakes_all_at_once => "practice-mockup-errors",
    slow_hook_mistakes => "practice-slow-hook",
    text_before_the_first_practice_scenario => "practice-intro",
    organisation_settings_mistakes_all_at_once => "organisation-settings",
    references_to_settings_that_do_not_exist => "organisation-references",
    references_without_any_settings => "organisation-missing",
    audience_path_mistakes => "audience-paths",
    course_language_that_is_not_a_language_tag => "course-language",
    quiz_health_cues_in_one_lesson => "quiz-health",
    quiz_health_cues_across_the_course => "quiz-health-course",
    strict_turns_warnings_into_errors => "quiz-health-strict",
    fairness_origin_named_in_an_answer_is_an_error => "fairness",
    declared_minutes_far_from_the_estimate => "reading-time",
}
