//! The real course and the compiler's robustness: every lesson in `lessons/` checks with no
//! errors and no warnings (quiz-health warnings are printed, not failed on, until the rewritten
//! course lands), hostile Markdown never reaches the output, and no input makes the compiler
//! panic.

use std::path::Path;

use hookwise_content::{compile, compile_course, compile_folder, fairness, quiz_health, read_folder, read_settings, write_output, Input};
use hookwise_core::lesson::{plain_text, Block, Inline};
use hookwise_core::rng::SplitMix64;

fn lessons_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons"))
}

/// Quiz-health warnings on the real course are printed with their count, not failed on: the
/// course is being rewritten against them (`the_real_course_passes_strict` then takes over).
#[test]
fn every_real_lesson_checks_without_errors_or_warnings() {
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    let report: String = out.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(out.diagnostics.is_empty(), "{report}");
    assert!(out.lessons.len() >= 10, "a core path and electives");
    for lesson in &out.lessons {
        assert!(!lesson.sources.is_empty(), "{} cites a source", lesson.info.id);
        assert!(lesson.quiz.questions.len() >= 5, "{} has at least five questions", lesson.info.id);
        assert!((5..=12).contains(&lesson.info.minutes), "{} takes 5 to 12 minutes", lesson.info.id);
        for q in &lesson.quiz.questions {
            assert!(!q.explanation.is_empty(), "{}: {} has an explanation", lesson.info.id, q.title);
            assert!(q.choices.iter().all(|c| !c.feedback.is_empty()), "{}: {} has feedback on every option", lesson.info.id, q.title);
        }
    }
}

#[test]
fn the_check_command_passes_on_the_real_lessons() {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hookwise"))
        .arg("check")
        .arg(lessons_dir())
        .output()
        .expect("the hookwise binary runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "{stderr}");
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(summary.contains(": 0 error(s), 0 warning(s)"), "{stderr}");
}

/// The real course with `--strict`: no warning of any kind, quiz health included.
#[test]
fn the_real_course_passes_strict() {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hookwise"))
        .args(["check".as_ref(), lessons_dir().as_os_str(), "--strict".as_ref()])
        .output()
        .expect("the hookwise binary runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "{stderr}");
    assert!(stderr.contains(": 0 error(s), 0 warning(s)"), "{stderr}");
}

/// `--strict` turns every warning into an error: the command fails and `build` writes nothing.
#[test]
fn strict_makes_warnings_errors_and_nothing_is_published() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/lessons/reading-time"));
    let run = |args: &[&std::ffi::OsStr]| std::process::Command::new(env!("CARGO_BIN_EXE_hookwise")).args(args).output().expect("runs");
    let plain = run(&["check".as_ref(), dir.as_os_str()]);
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(plain.status.success(), "{stderr}");
    assert!(stderr.contains("warning: reading time: `minutes` is 12") && stderr.contains(": 0 error(s), 1 warning(s)"), "{stderr}");
    let strict = run(&["check".as_ref(), dir.as_os_str(), "--strict".as_ref()]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: reading time: `minutes` is 12"), "{stderr}");
    assert!(stderr.contains(": 1 error(s), 0 warning(s) (--strict: warnings count as errors); nothing was published"), "{stderr}");
    let target = std::env::temp_dir().join(format!("hookwise-strict-{}", std::process::id()));
    let build = run(&["build".as_ref(), dir.as_os_str(), "--out".as_ref(), target.as_os_str(), "--strict".as_ref()]);
    assert!(!build.status.success());
    assert!(!target.exists(), "nothing is published under --strict while a warning remains");
}

/// `check --stats` prints each lesson's reading figures and the balance of the quiz keys.
#[test]
fn stats_print_reading_figures_and_key_balance() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/lessons/reading-time"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hookwise"))
        .args(["check".as_ref(), dir.as_os_str(), "--stats".as_ref()])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let row = stdout.lines().find(|l| l.starts_with("reading-time ")).unwrap_or_default();
    let cells: Vec<&str> = row.split_whitespace().collect();
    // lesson, words, grade, declared, estimate, questions, practice, test-wise
    assert_eq!(cells[0], "reading-time", "{stdout}");
    assert_eq!(cells[1], "394", "{stdout}");
    assert_eq!((cells[3], cells[5]), ("12", "2"), "declared and estimated minutes: {stdout}");
    assert_eq!(cells[7], "1", "questions: {stdout}");
    assert!(stdout.contains("true/false: 0 True, 0 False"), "{stdout}");
    assert!(stdout.contains("the key is the longest option: 1 of 1 single-choice questions (by chance: about 0.5)"), "{stdout}");
    assert!(stdout.contains("single-choice keys by position: 1: 1 (by chance 0.5), 2: 0 (by chance 0.5)"), "{stdout}");
    assert!(stdout.contains("a test-wise learner who reads nothing passes 1 of 1 quizzes"), "{stdout}");
}

/// The key balance `check --stats` prints comes from the wording the checks already scanned
/// (each file's front matter parsed once): it is every compiled lesson's tallies, added up.
#[test]
fn the_stats_balance_is_every_compiled_lessons_tallies() {
    use hookwise_content::{diagnostic::SourceFile, front_matter, wording};
    let (inputs, _) = read_folder(lessons_dir()).expect("lessons/ is readable");
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    let mut expected = quiz_health::Balance::default();
    let mut counted = 0;
    for input in &inputs {
        let src = SourceFile::new(&input.name, &input.text);
        let w = wording::scan(&src, front_matter::parse(&src, &mut Vec::new()).as_ref());
        if w.id.as_ref().is_some_and(|id| out.lessons.iter().any(|l| &l.info.id == id)) {
            expected.add(&w);
            counted += 1;
        }
    }
    assert_eq!(counted, out.lessons.len(), "every compiled lesson is counted once");
    assert!(expected.single > 0 && expected.true_keys + expected.false_keys > 0, "the course has keys to tally");
    assert_eq!(out.balance, expected);
}

/// A learner who reads nothing and answers by cues alone (False to every statement; the one
/// option with a cue word, else the longest; every option but the shortest) should fail the
/// course's quizzes. The old course lets it pass 5 of 10; the rewritten course must bring this
/// down: course 2 passes none.
#[test]
fn a_test_wise_learner_who_reads_nothing_passes_few_quizzes() {
    const MAX_PASSES: usize = 0;
    let out = compile_folder(lessons_dir()).expect("readable");
    let mut passed = Vec::new();
    for lesson in &out.lessons {
        let qs = &lesson.quiz.questions;
        let right = qs.iter().filter(|q| hookwise_core::grading::is_correct(q, &quiz_health::test_wise_answer(q))).count();
        let pass = quiz_health::test_wise_learner_passes(lesson);
        println!("{:24} {right:>2} of {:>2} right, pass mark {:>3} %: {}", lesson.info.id, qs.len(), lesson.info.pass_mark, if pass { "passes" } else { "fails" });
        if pass {
            passed.push(lesson.info.id.as_str());
        }
    }
    println!("a test-wise learner who reads nothing passes {} of {} quizzes", passed.len(), out.lessons.len());
    assert!(passed.len() <= MAX_PASSES, "a test-wise learner passes {passed:?}");
}

#[test]
fn the_check_command_fails_with_diagnostics_on_a_broken_folder() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/lessons/single-no-correct"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hookwise")).arg("check").arg(dir).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("lesson.md:18:1: error: single-choice question has no correct answer"), "{stderr}");
}

fn all_text(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content } => out.push_str(&plain_text(content)),
            Block::List { items, .. } => items.iter().for_each(|i| all_text(i, out)),
            Block::Callout { content, .. } | Block::Quote { content } => all_text(content, out),
            Block::Table { head, rows } => {
                head.iter().chain(rows.iter().flatten()).for_each(|c| out.push_str(&plain_text(c)))
            }
            Block::Code { text } => out.push_str(text),
            Block::Rule => {}
        }
    }
}

fn hrefs(blocks: &[Block], out: &mut Vec<String>) {
    fn inl(i: &[Inline], out: &mut Vec<String>) {
        for x in i {
            match x {
                Inline::Link { href, content } => {
                    out.push(href.clone());
                    inl(content, out)
                }
                Inline::Image { src, .. } => out.push(src.clone()),
                Inline::Strong { content } | Inline::Emph { content } => inl(content, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content } => inl(content, out),
            Block::List { items, .. } => items.iter().for_each(|i| hrefs(i, out)),
            Block::Callout { content, .. } | Block::Quote { content } => hrefs(content, out),
            _ => {}
        }
    }
}

#[test]
fn hostile_markdown_is_rejected_and_nothing_is_written() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/lessons/raw-html-and-schemes"));
    let (lessons, _) = read_folder(dir).expect("readable");
    let outline = Input {
        name: "COURSE.md".into(),
        file_name: "COURSE.md".into(),
        text: "---\ntitle: t\nversion: 1\n---\n- [x](lesson.md)\n".into(),
    };
    let out = compile(&lessons, Some(&outline), "COURSE.md");
    assert!(out.errors() >= 4);
    assert!(out.lessons.is_empty(), "a lesson with errors is not compiled");
    // The CLI writes nothing for it.
    let target = std::env::temp_dir().join(format!("hookwise-hostile-{}", std::process::id()));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hookwise"))
        .args(["build".as_ref(), dir.as_os_str(), "--out".as_ref(), target.as_os_str()])
        .output()
        .expect("runs");
    assert!(!status.status.success());
    assert!(!target.exists(), "nothing is published when a lesson has errors");
}

#[test]
fn html_written_as_code_stays_text() {
    let text = "---\nid: a\ntitle: t\nsummary: s\ntopic: t\nminutes: 5\npass_mark: 50\nversion: 1\nsources:\n  - title: s\n---\n\nShow `<script>alert(1)</script>` and `<img src=x onerror=alert(1)>` as code.\n\n```\n<script>alert(2)</script>\n```\n\n## Quiz\n\n### [true-false] Fine\n\n- [x] True\n  > y\n- [ ] False\n  > n\n\n**Explanation:** e\n";
    let lesson = Input { name: "a.md".into(), file_name: "a.md".into(), text: text.into() };
    let outline = Input { name: "COURSE.md".into(), file_name: "COURSE.md".into(), text: "---\ntitle: t\nversion: 1\n---\n- [a](a.md)\n".into() };
    let out = compile(&[lesson], Some(&outline), "COURSE.md");
    assert_eq!(out.errors(), 0, "{:?}", out.diagnostics);
    let mut body = String::new();
    all_text(&out.lessons[0].body, &mut body);
    assert!(body.contains("<script>alert(1)</script>") && body.contains("<script>alert(2)</script>"));
    // The output is plain data: written JSON has the text only inside string values.
    let dir = std::env::temp_dir().join(format!("hookwise-code-{}", std::process::id()));
    write_output(&out, &dir).expect("writable");
    let json = std::fs::read_to_string(dir.join("lessons/a.json")).expect("written");
    assert!(json.contains(r#""text":"<script>alert(1)</script>""#));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_link_in_the_real_course_is_safe() {
    let out = compile_folder(lessons_dir()).expect("readable");
    for lesson in &out.lessons {
        let mut links = Vec::new();
        hrefs(&lesson.body, &mut links);
        for href in links {
            let lower = href.to_ascii_lowercase();
            assert!(
                lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                    || lower.starts_with("tel:")
                    || href.starts_with('/')
                    || href.starts_with('#'),
                "{}: {href}",
                lesson.info.id
            );
        }
    }
}

/// Mutates real lessons at random (deleting, repeating and inserting Markdown-significant
/// text) and feeds random bytes; the compiler must return diagnostics, never panic.
#[test]
fn the_compiler_never_panics_on_mutated_or_random_input() {
    const CASES: usize = 3000;
    let (real, outline) = read_folder(lessons_dir()).expect("readable");
    let outline = outline.expect("the course has an outline");
    let pieces = [
        "---\n", "- [x] ", "- [ ] ", "  > ", "### [single] ", "### [multiple] ", "### [true-false] ", "## Quiz\n",
        "**Explanation:**", "> [!RED FLAG]\n", "[a](b.md)", "<script>", "`", "*", "|", "\n", "\r\n", ":", "\"", "é", "🙂",
        "\t", "[", "]", "(", ")", "#", "sources:\n  - title: x\n", "![i](javascript:x)", "<!--", "-->",
        "{{", "}}", "{{org.name}}", "{{channel.nope}}", "> [!REPORT]\n",
    ];
    let settings = read_settings(lessons_dir()).expect("readable");
    let mut rng = SplitMix64::new(0x5eed);
    for case in 0..CASES {
        let base = &real[case % real.len()];
        let mut text: Vec<char> = base.text.chars().collect();
        if case % 10 == 9 {
            // Pure noise.
            text = (0..rng.below(400)).map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('?')).collect();
        }
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(text.len() + 1);
            match rng.below(3) {
                0 if !text.is_empty() => {
                    let end = (at + rng.below(200)).min(text.len());
                    text.drain(at.min(end)..end);
                }
                1 if !text.is_empty() => {
                    let start = rng.below(text.len());
                    let end = (start + rng.below(100)).min(text.len());
                    let copy: Vec<char> = text[start..end].to_vec();
                    text.splice(at.min(text.len())..at.min(text.len()), copy);
                }
                _ => {
                    let piece: Vec<char> = pieces[rng.below(pieces.len())].chars().collect();
                    text.splice(at.min(text.len())..at.min(text.len()), piece);
                }
            }
        }
        let mutated = Input { name: base.name.clone(), file_name: base.file_name.clone(), text: text.into_iter().collect() };
        let mut set: Vec<Input> = real.iter().filter(|i| i.file_name != base.file_name).take(2).map(|i| Input { name: i.name.clone(), file_name: i.file_name.clone(), text: i.text.clone() }).collect();
        set.push(mutated);
        let result = std::panic::catch_unwind(|| compile_course(&set, Some(&outline), settings.as_ref(), "lessons/COURSE.md"));
        assert!(result.is_ok(), "case {case} panicked on:\n{}", set.last().map(|i| i.text.as_str()).unwrap_or(""));
    }
}

/// The authoring guide's examples are real: every question and practice example in
/// `lessons/README.md` compiles without errors or warnings.
#[test]
fn the_authoring_guides_examples_compile() {
    let guide = std::fs::read_to_string(lessons_dir().join("README.md")).expect("the guide exists");
    let mut examples = Vec::new();
    let mut block: Option<String> = None;
    for line in guide.lines() {
        match (&mut block, line) {
            (None, "```markdown") => block = Some(String::new()),
            (Some(_), "```") => examples.push(block.take().unwrap_or_default()),
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            _ => {}
        }
    }
    let front = "---\nid: example\ntitle: Example\nsummary: s\ntopic: t\nminutes: 5\npass_mark: 80\nversion: 1\nsources:\n  - title: s\n---\n\n";
    let quiz = "\n## Quiz\n\n### [true-false] Filler\n\n- [x] True\n  > y\n- [ ] False\n  > n\n\n**Explanation:** e\n";
    let mut checked = 0;
    for example in &examples {
        const PRACTICE: [&str; 8] = ["conversation", "red-flags", "report", "profile", "thread", "email", "invitation", "slow-hook"];
        let text = if PRACTICE.iter().any(|k| example.starts_with(&format!("### [{k}]"))) {
            format!("{front}Body.\n\n## Practice\n\n{example}{quiz}")
        } else if example.starts_with("### [") {
            format!("{front}Body.\n\n## Quiz\n\n{example}")
        } else if example.starts_with("> [!") {
            format!("{front}{example}{quiz}")
        } else {
            continue;
        };
        let lesson = Input { name: "example.md".into(), file_name: "example.md".into(), text };
        let outline = Input { name: "COURSE.md".into(), file_name: "COURSE.md".into(), text: "---\ntitle: t\nversion: 1\n---\n- [e](example.md)\n".into() };
        // With the shipped organisation settings, as the guide's references and `[!REPORT]` need.
        let settings = read_settings(lessons_dir()).expect("readable");
        let out = compile_course(&[lesson], Some(&outline), settings.as_ref(), "COURSE.md");
        let report: String = out.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(out.diagnostics.is_empty(), "guide example fails:\n{example}\n{report}");
        checked += 1;
    }
    assert!(checked >= 7, "found {checked} examples");
}

/// Fairness: no correct answer, marked red flag, safe reply, explanation or `[!RED FLAG]`
/// callout anywhere in the course treats nationality, ethnicity or origin as the red flag. Red
/// flags are behaviours and requests. The compiler's fairness diagnostic does the scan; this
/// test runs it on the real course and checks it still knows the words this test once listed.
#[test]
fn no_correct_answer_treats_nationality_or_ethnicity_as_a_red_flag() {
    let out = compile_folder(lessons_dir()).expect("readable");
    let flagged: String = out.diagnostics.iter().filter(|d| fairness::is_fairness(d)).map(|d| d.to_string()).collect();
    assert!(flagged.is_empty(), "{flagged}");
    let answers: usize = out.lessons.iter().map(|l| l.quiz.questions.iter().flat_map(|q| &q.choices).filter(|c| c.correct).count()).sum();
    assert!(answers > 50, "checked {answers} correct answers");

    // The words the scan must catch in a correct answer (the former test's list).
    const NAMED: &[&str] = &[
        "their nationality", "an ethnic group", "their race", "racial profile", "an accent", "foreign-born", "an immigrant",
        "Chinese", "Russian", "Iranian", "North Korean", "Korean", "Asian", "Arab", "Muslim", "Jewish",
        "a name that sounds", "where they are from", "their origin", "the background of the person",
    ];
    for named in NAMED {
        let text = format!("---\nid: a\ntitle: t\nsummary: s\ntopic: t\nminutes: 1\npass_mark: 50\nversion: 1\nsources:\n  - title: s\n---\n\nBody.\n\n## Quiz\n\n### [single] Q\n\n- [x] The contact: {named}.\n  > y\n- [ ] The request.\n  > n\n\n**Explanation:** e\n");
        let lesson = Input { name: "a.md".into(), file_name: "a.md".into(), text };
        let outline = Input { name: "COURSE.md".into(), file_name: "COURSE.md".into(), text: "---\ntitle: t\nversion: 1\n---\n- [a](a.md)\n".into() };
        let out = compile(&[lesson], Some(&outline), "COURSE.md");
        assert!(out.diagnostics.iter().any(|d| fairness::is_fairness(d) && d.is_error()), "`{named}` is not caught: {:?}", out.diagnostics);
    }
}

#[test]
fn questions_txt_names_every_question_and_option_of_the_real_course() {
    let out = compile_folder(lessons_dir()).expect("readable");
    let dir = std::env::temp_dir().join(format!("hookwise-questions-{}", std::process::id()));
    write_output(&out, &dir).expect("writable");
    let text = std::fs::read_to_string(dir.join("questions.txt")).expect("written");
    let _ = std::fs::remove_dir_all(dir);
    let key = hookwise_core::misses::QuizKey::parse(&text).expect("the dashboard reads it");
    for lesson in &out.lessons {
        for q in &lesson.quiz.questions {
            let k = key.question(&lesson.info.id, &q.id).unwrap_or_else(|| panic!("{}/{}", lesson.info.id, q.id));
            assert_eq!(k.options.len(), q.choices.len());
            let correct: u32 = q.correct_choices().iter().map(|i| 1 << i).sum();
            assert_eq!(k.correct, correct);
            assert!(k.options.iter().all(|o| !o.is_empty()), "{}/{}", lesson.info.id, q.id);
        }
    }
    println!("questions.txt: {} bytes for {} lessons", text.len(), out.lessons.len());
}

/// The app reads lessons with a hand-written reader (`hookwise_core::course_json`, smaller than
/// serde's): every lesson of the real course, written as the build writes it, reads back the same
/// with it as with the derived reader.
#[test]
fn every_real_lesson_reads_back_the_same_with_the_apps_reader() {
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    let kinds = |l: &hookwise_core::lesson::Lesson| l.practice.iter().map(|s| format!("{:?}", std::mem::discriminant(&s.activity))).collect::<Vec<_>>();
    let mut seen = std::collections::BTreeSet::new();
    for lesson in &out.lessons {
        let json = serde_json::to_string(lesson).expect("a lesson serialises");
        let derived: hookwise_core::lesson::Lesson = serde_json::from_str(&json).expect("the derived reader");
        assert_eq!(hookwise_core::course_json::read_lesson(&json).as_ref(), Some(&derived), "{}", lesson.info.id);
        seen.extend(kinds(lesson));
    }
    assert!(seen.len() >= 5, "the course has every kind of practice: {seen:?}");
}

/// The app reads `organisation.json` by hand too: the example settings read back the same.
#[test]
fn the_example_settings_read_back_the_same_with_the_apps_reader() {
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    let org = out.organisation.expect("lessons/ has ORGANISATION.md");
    let json = serde_json::to_string(&org).expect("settings serialise");
    assert_eq!(hookwise_core::course_json::read_organisation(&json), Some(org));
}

/// The browser reads `catalogue.json` by hand too: the real course's catalogue, as the build
/// writes it (with its language), reads back the same.
#[test]
fn the_real_catalogue_reads_back_the_same_with_the_browsers_reader() {
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    let json = hookwise_content::catalogue_json(&out.catalogue, &out.language);
    let derived: hookwise_core::Catalogue = serde_json::from_str(&json).expect("the derived reader");
    assert_eq!(derived, out.catalogue);
    assert_eq!(hookwise_core::course_json::read_catalogue(&json), Some(derived));
}
