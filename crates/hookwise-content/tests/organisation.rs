//! The organisation settings as lessons use them: references become the organisation's own
//! text and links, `[!REPORT]` lists every channel, and the settings reach the app.

mod scratch;
use scratch::Scratch;
use std::path::Path;

use hookwise_content::{compile_folder, write_output};
use hookwise_core::lesson::{plain_text, Block, CalloutKind, Inline};
use hookwise_core::organisation::Organisation;


fn links(inlines: &[Inline], out: &mut Vec<(String, String)>) {
    for i in inlines {
        match i {
            Inline::Link { href, content } => out.push((href.clone(), plain_text(content))),
            Inline::Strong { content } | Inline::Emph { content } => links(content, out),
            _ => {}
        }
    }
}

fn all_links(blocks: &[Block], out: &mut Vec<(String, String)>) {
    for b in blocks {
        match b {
            Block::Paragraph { content } => links(content, out),
            Block::List { items, .. } => items.iter().for_each(|i| all_links(i, out)),
            Block::Callout { content, .. } => all_links(content, out),
            _ => {}
        }
    }
}

#[test]
fn references_become_the_organisations_text_and_links() {
    let dir = tempdir("references");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/lessons/organisation-references/ORGANISATION.md"),
        dir.join("ORGANISATION.md"),
    )
    .expect("copy settings");
    std::fs::write(
        dir.join("COURSE.md"),
        "---\ntitle: T\nversion: 1\n---\n\n## Part\n\n- [L](lesson.md)\n",
    )
    .expect("outline");
    std::fs::write(
        dir.join("lesson.md"),
        "---\nid: lesson\ntitle: L\nsummary: S.\ntopic: T\nminutes: 1\npass_mark: 0\nversion: 1\nsources:\n  - title: S\n---\n\n## Start\n\nTell {{org.team}} at {{org.name}} through {{channel.primary}}, or {{channel.out-of-hours}}. Read {{policy.gifts}}.\n\n> [!REPORT]\n> Tell {{org.team}} the same day.\n\n## Quiz\n\n### [true-false] Short\n\n- [x] True\n  > Yes.\n- [ ] False\n  > No.\n\n**Explanation:** Because.\n",
    )
    .expect("lesson");
    let out = compile_folder(&dir).expect("readable");
    assert_eq!(out.errors(), 0, "{:?}", out.diagnostics);
    let body = &out.lessons[0].body;
    let Block::Paragraph { content } = &body[1] else { panic!("a paragraph after the heading: {body:?}") };
    assert_eq!(
        plain_text(content),
        "Tell the Security Office at Acorn Example Ltd through Security Office mailbox (security@acorn.example), or Duty phone (+44 20 7946 0999). Read Gifts policy."
    );
    let mut found = Vec::new();
    all_links(body, &mut found);
    assert!(found.contains(&("mailto:security@acorn.example".into(), "Security Office mailbox".into())));
    assert!(found.contains(&("tel:+442079460999".into(), "Duty phone".into())));
    assert!(found.contains(&("https://intranet.acorn.example/gifts".into(), "Gifts policy".into())));
    let Some(Block::Callout { kind: CalloutKind::Report, content }) = body.iter().find(|b| matches!(b, Block::Callout { .. })) else {
        panic!("a report callout")
    };
    let Some(Block::List { items, .. }) = content.last() else { panic!("the channel list ends the callout") };
    assert_eq!(items.len(), 2, "every channel is listed");
    // The settings reach the app bundle as organisation.json.
    write_output(&out, &dir.join("out")).expect("write");
    let json = std::fs::read_to_string(dir.join("out/organisation.json")).expect("organisation.json is written");
    let org: Organisation = serde_json::from_str(&json).expect("it reads back");
    assert_eq!(org.name, "Acorn Example Ltd");
    assert!(!org.example);
}

#[test]
fn the_shipped_settings_are_the_marked_example() {
    let out = compile_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons")).expect("readable");
    let org = out.organisation.expect("lessons/ORGANISATION.md compiles");
    assert!(org.example, "the shipped settings are fictional and marked `example: true`");
    assert!(org.channels.iter().all(|c| c.value.contains(".example") || c.value.starts_with("+44 20 7946") || c.kind == hookwise_core::organisation::ChannelKind::InPerson));
    let at = out.example_settings.expect("the build names where to change it");
    assert!(at.ends_with("ORGANISATION.md:2:1"), "{at}");
}

#[test]
fn a_build_with_the_example_settings_prints_a_framed_warning() {
    let dir = tempdir("example-build");
    let lessons = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_hookwise"))
        .args(["build", lessons.to_str().expect("utf-8 path"), "--out", dir.to_str().expect("utf-8 path")])
        .output()
        .expect("hookwise runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("WARNING: this course still has the EXAMPLE organisation settings."), "{stderr}");
    assert!(stderr.contains("ORGANISATION.md:2:1"), "{stderr}");
    assert!(stderr.contains("delete the line `example: true`"), "{stderr}");
}

fn tempdir(name: &str) -> Scratch {
    Scratch::new(&format!("org-{name}"))
}
