//! Course 2's content rules on the real lessons: short case boxes, no one state's services in
//! most of them, corrected statements gone, no promised outcomes, one spelling convention,
//! acronyms expanded, the core short enough for everyone, electives short, plain reading, and
//! practice in every lesson. Facts themselves are checked against `../shared/CASES.md` by
//! people; `docs/case-facts.md` lists each with its source.

use std::path::Path;

use hookwise_content::{compile_folder, stats};
use hookwise_core::lesson::{plain_text, Block, CalloutKind, Inline, Lesson};

fn course() -> hookwise_content::Output {
    let out = compile_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")).expect("readable");
    assert_eq!(out.errors(), 0, "the real course compiles");
    out
}

fn text_of(blocks: &[Block], out: &mut String) {
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                out.push_str(&plain_text(content));
                out.push('\n');
            }
            Block::List { items, .. } => items.iter().for_each(|i| text_of(i, out)),
            Block::Callout { content, .. } | Block::Quote { content } => text_of(content, out),
            Block::Table { head, rows } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    out.push_str(&plain_text(cell));
                    out.push('\n');
                }
            }
            Block::Code { text } => out.push_str(text),
            Block::Rule => {}
        }
    }
}

/// Everything a learner reads in a lesson: body, practice and quiz.
fn all_text(lesson: &Lesson) -> String {
    use hookwise_core::lesson::Activity;
    let mut out = String::new();
    text_of(&lesson.body, &mut out);
    let inl = |i: &[Inline], out: &mut String| {
        out.push_str(&plain_text(i));
        out.push('\n');
    };
    for s in &lesson.practice {
        out.push_str(&s.title);
        out.push('\n');
        text_of(&s.intro, &mut out);
        match &s.activity {
            Activity::Conversation { steps } => {
                for st in steps {
                    text_of(&st.content, &mut out);
                    for r in &st.replies {
                        inl(&r.text, &mut out);
                        inl(&r.feedback, &mut out);
                    }
                }
            }
            Activity::RedFlags { items } => items.iter().for_each(|c| {
                inl(&c.text, &mut out);
                inl(&c.feedback, &mut out);
            }),
            Activity::Mockup { parts, .. } => parts.iter().for_each(|p| {
                inl(&p.text, &mut out);
                inl(&p.feedback, &mut out);
            }),
            Activity::Report { steps } => steps.iter().flat_map(|s| s.choices.iter()).for_each(|c| {
                inl(&c.text, &mut out);
                inl(&c.feedback, &mut out);
            }),
            Activity::SlowHook(hook) => {
                text_of(&hook.debrief, &mut out);
                for rung in &hook.rungs {
                    text_of(&rung.content, &mut out);
                    for c in &rung.choices {
                        inl(&c.text, &mut out);
                        inl(&c.feedback, &mut out);
                    }
                }
            }
        }
    }
    for q in &lesson.quiz.questions {
        out.push_str(&q.title);
        out.push('\n');
        text_of(&q.prompt, &mut out);
        for c in &q.choices {
            inl(&c.text, &mut out);
            inl(&c.feedback, &mut out);
        }
        inl(&q.explanation, &mut out);
    }
    out
}

fn case_boxes(lesson: &Lesson) -> Vec<String> {
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Callout { kind: CalloutKind::RealCase, content } => {
                    let mut t = String::new();
                    text_of(content, &mut t);
                    out.push(t);
                }
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&lesson.body, &mut out);
    out
}

/// Sentences in a case box: ends of sentences, not the dots of "U.S." or "Jr.".
fn sentences(text: &str) -> usize {
    let mut n = 0;
    let chars: Vec<char> = text.trim().chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?') {
            let next = chars.get(i + 1);
            let after = chars.get(i + 2);
            let ends = match next {
                None => true,
                Some(n) if n.is_whitespace() || *n == '"' || *n == '”' || *n == ')' => {
                    after.is_none_or(|a| a.is_uppercase() || !a.is_alphanumeric()) && !(i >= 1 && chars[i - 1].is_uppercase() && (i < 2 || !chars[i - 2].is_alphanumeric()))
                }
                _ => false,
            };
            if ends {
                n += 1;
            }
        }
    }
    n.max(1)
}

/// The states whose services a case box names.
fn states(text: &str) -> Vec<&'static str> {
    const STATES: &[(&str, &[&str])] = &[
        ("China", &["China", "Chinese", "PRC", "Ministry of State Security", "MSS"]),
        ("Russia or the Soviet Union", &["Russia", "Russian", "Soviet", "KGB", "GRU", "FSB", "SVR"]),
        ("Iran", &["Iran", "IRGC", "Quds"]),
        ("North Korea", &["North Korea", "Lazarus"]),
    ];
    STATES
        .iter()
        .filter(|(_, words)| words.iter().any(|w| text.split(|c: char| !c.is_alphanumeric() && c != ' ').any(|part| part.contains(w))))
        .map(|(name, _)| *name)
        .collect()
}

#[test]
fn case_boxes_are_short_and_no_single_states_services_fill_most_of_them() {
    let out = course();
    let mut by_state: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut total = 0;
    for lesson in &out.lessons {
        for case in case_boxes(lesson) {
            total += 1;
            let n = sentences(&case);
            assert!(n <= 3, "{}: a case box of {n} sentences (at most three):\n{case}", lesson.info.id);
            for s in states(&case) {
                *by_state.entry(s).or_default() += 1;
            }
        }
    }
    println!("{total} case boxes; by the state whose services they name: {by_state:?}");
    assert!(total >= 8, "the course tells real cases");
    let (top, most) = by_state.iter().max_by_key(|(_, n)| **n).map(|(s, n)| (*s, *n)).unwrap_or(("none", 0));
    assert!(most * 2 <= total, "{top}'s services are in {most} of {total} case boxes: more than half");
    let others: usize = by_state.iter().filter(|(s, _)| **s != top).map(|(_, n)| n).sum();
    assert!(others >= 3, "at least three case boxes involve other states' services: {by_state:?}");
}

#[test]
fn corrected_statements_and_promised_outcomes_are_gone() {
    const NEVER: &[&str] = &[
        // Mallory was convicted of conspiracy and false statements, not of selling information.
        "selling defense information",
        "selling defence information",
        "sold defense information",
        "sold defence information",
        // The course's own cyber lesson says otherwise.
        "rarely steal secrets themselves",
        // Outcomes the organisation has not promised.
        "will not be in trouble",
        "won't be in trouble",
        "will not get into trouble",
        "won't get into trouble",
        "a simple matter",
        "nothing will happen to you",
        // The GE Aviation engineer did not report the approach.
        "engineer reported",
        "engineer told GE",
        "engineer told his employer",
    ];
    let out = course();
    for lesson in &out.lessons {
        let text = all_text(lesson);
        let lower = text.to_lowercase();
        for phrase in NEVER {
            assert!(!lower.contains(&phrase.to_lowercase()), "{} says \"{phrase}\"", lesson.info.id);
        }
        // CPNI is now NPSA: a lesson that names CPNI (for a 2021 campaign) says so.
        assert!(!text.contains("CPNI") || text.contains("National Protective Security Authority"), "{} names CPNI without NPSA", lesson.info.id);
        // The MI5 figures count different things; the course never compares them.
        assert!(!(lower.contains("20,000") && lower.contains("10,000") && lower.contains("double")), "{} compares the MI5 figures", lesson.info.id);
    }
}

#[test]
fn one_spelling_convention_throughout() {
    // British spelling; proper names ("Security Center", "Department of Defense") excepted.
    const AMERICAN: &[&str] = &[
        "recognize", "recognized", "organization", "organizations", "behavior", "behaviors", "favor", "favors",
        "favorite", "traveling", "traveled", "traveler", "travelers", "analyze", "realize", "realized",
        "apologize", "color", "honor", "neighbor", "catalog", "license ", "practicing",
    ];
    let out = course();
    for lesson in &out.lessons {
        let text = all_text(lesson).to_lowercase();
        for word in AMERICAN {
            let found = text.match_indices(word).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + word.len()..].chars().next();
                before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
            });
            assert!(!found, "{}: `{word}` (the course uses British spelling)", lesson.info.id);
        }
    }
}

#[test]
fn acronyms_are_expanded_at_first_use_in_each_lesson() {
    const ACRONYMS: &[&str] = &[
        "NPSA", "NCSC", "MSS", "KGB", "GRU", "IRGC", "DIA", "NISPOM", "SEAD", "FSO", "CIA", "FBI", "BfV", "PRC",
        "ADST", "DCSA", "NUAA", "MI5",
    ];
    let out = course();
    let mut missing = Vec::new();
    for lesson in &out.lessons {
        let text = all_text(lesson);
        for a in ACRONYMS {
            let first = text.match_indices(a).find(|(i, _)| {
                let before = text[..*i].chars().next_back();
                let after = text[i + a.len()..].chars().next();
                before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
            });
            if let Some((i, _)) = first {
                // Expanded: written as "Full Name (ACR)", or the acronym is followed by its
                // expansion in parentheses; MI5 is a name, introduced as the UK's security service.
                let before = &text[..i];
                let after = &text[i + a.len()..];
                let expanded = before.ends_with('(') || after.starts_with(" (") || after.starts_with(", the ") || (*a == "MI5" && (before.ends_with("UK's ") || after.starts_with(", the UK")));
                if !expanded {
                    let line = text[..i].rsplit('\n').next().unwrap_or_default();
                    missing.push(format!("{}: {a} at first use: …{line}{a}…", lesson.info.id));
                }
            }
        }
    }
    assert!(missing.is_empty(), "acronyms not expanded at first use:\n{}", missing.join("\n"));
}

#[test]
fn the_core_fits_in_30_minutes_electives_in_12_and_every_lesson_reads_plainly_with_practice() {
    let out = course();
    let mut core_minutes = 0;
    for entry in out.catalogue.lessons() {
        let lesson = out.lessons.iter().find(|l| l.info.id == entry.info.id).expect("compiled");
        let f = stats::figures(lesson);
        let minutes = f.estimated_minutes().max(lesson.info.minutes);
        if entry.required {
            core_minutes += minutes;
        } else {
            assert!(minutes <= 12, "{}: an elective of {minutes} minutes (at most 12)", lesson.info.id);
        }
        assert!(f.body.grade() <= 9.0, "{}: reading grade {:.1} (at most 9)", lesson.info.id, f.body.grade());
        assert!(!lesson.practice.is_empty(), "{} has practice", lesson.info.id);
        assert!(case_boxes(lesson).len() <= 2, "{}: a case is told once, in its own lesson", lesson.info.id);
    }
    assert!(core_minutes <= 30, "the core takes {core_minutes} minutes (at most 30)");
    let paths = &out.catalogue.paths;
    assert!(paths.len() >= 4, "roles for researchers, travellers, executives and hiring");
}

#[test]
fn the_honey_trap_lesson_warns_before_its_sexual_scenario() {
    let out = course();
    let lesson = out.lessons.iter().find(|l| l.info.id == "honey-traps").expect("the lesson exists");
    let mut body = String::new();
    text_of(&lesson.body, &mut body);
    let note = body.rfind("Content note").expect("a content note in the body");
    assert!(body[note..].len() < 600, "the note comes right before the practice section");
}
