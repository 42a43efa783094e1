//! The lesson compiler on arbitrary bytes: one lesson file (read lossily, as `read_folder`
//! does) plus a fixed outline that lists it. It must never panic, and what it builds must
//! serialise (as `write_output` does) and read back unchanged (as the app does).
#![no_main]

use hookwise_content::{compile, Input};
use hookwise_core::course::Catalogue;
use hookwise_core::lesson::Lesson;
use libfuzzer_sys::fuzz_target;

const OUTLINE: &str = "---\ntitle: t\nversion: 1\n---\n- [x](fuzz.md)\n";

fuzz_target!(|data: &[u8]| {
    let lesson = Input {
        name: "lessons/fuzz.md".into(),
        file_name: "fuzz.md".into(),
        text: String::from_utf8_lossy(data).into_owned(),
    };
    let outline = Input { name: "lessons/COURSE.md".into(), file_name: "COURSE.md".into(), text: OUTLINE.into() };
    let out = compile(std::slice::from_ref(&lesson), Some(&outline), "lessons/COURSE.md");
    // Diagnostics are printed with carets under the offending column.
    for d in &out.diagnostics {
        let _ = d.to_string();
    }
    let _ = (out.errors(), out.warnings());
    // The compiled course is written as JSON and loaded back by the app.
    let catalogue = serde_json::to_string(&out.catalogue).expect("the catalogue serialises");
    assert_eq!(serde_json::from_str::<Catalogue>(&catalogue).expect("the catalogue reads back"), out.catalogue);
    for l in &out.lessons {
        let json = serde_json::to_string(l).expect("a lesson serialises");
        assert_eq!(&serde_json::from_str::<Lesson>(&json).expect("a lesson reads back"), l);
    }
});
