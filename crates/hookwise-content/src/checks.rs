//! The checks that read lessons' wording (fairness, quiz health, reading time), run once over
//! the course after it compiled. `wording` finds the text; each check reads it; this module
//! runs them in order, so that no check depends on another's caller.

/// The checks that read a lesson's wording, run once the lessons and the outline compiled:
/// fairness errors on every lesson file; quiz-health and reading-time warnings on the lessons
/// without errors; and the course-wide quiz-health warnings, at the outline's title. Also
/// tallies the compiled lessons' quiz keys into `out.balance` for `check --stats`, from the
/// same scan (each file's front matter is parsed once, by `compile_course`).
pub fn check(lessons: &[crate::Input], fronts: &[crate::lesson::Front], outline: &crate::diagnostic::SourceFile, title_offset: usize, out: &mut crate::Output) {
    let with_errors: std::collections::BTreeSet<String> =
        out.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.file.clone()).collect();
    let mut healthy = Vec::new();
    for (input, front) in lessons.iter().zip(fronts) {
        let src = crate::diagnostic::SourceFile::new(&input.name, &input.text);
        let wording = crate::wording::scan(&src, front.fm.as_ref());
        // Every compiled lesson's keys count towards the course's balance (`check --stats`).
        if wording.id.as_ref().is_some_and(|id| out.lessons.iter().any(|l| &l.info.id == id)) {
            out.balance.add(&wording);
        }
        let mut found = crate::fairness::lesson(&src, &wording);
        if !with_errors.contains(&input.name) {
            let compiled = wording.id.as_ref().and_then(|id| out.lessons.iter().find(|l| &l.info.id == id));
            if let Some(lesson) = compiled {
                let (warnings, balance) = crate::quiz_health::lesson(&src, &wording);
                found.extend(warnings);
                found.extend(crate::stats::minutes_warning(&src, &wording, lesson));
                healthy.push((input.name.as_str(), balance));
            }
        }
        found.sort_by_key(|d| (d.line, d.column, d.severity));
        out.diagnostics.extend(found);
    }
    out.diagnostics.extend(crate::quiz_health::course(outline, title_offset, &healthy));
}

