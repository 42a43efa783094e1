//! Every address of the app, in one place: the app's links, the compiler's links between
//! lessons, and the lesson id type ([`LessonId`]) with the one rule that keeps an id safe in an
//! address.

use std::fmt;

/// A lesson id that passed the one validation ([`is_valid_id`]): the only way to make one is
/// [`LessonId::parse`], so a lesson route, a lesson file's name or a package's XML ID built from
/// it is safe. The compiler checks every lesson's `id:` with it; the app checks ids from an
/// address, a launch parameter or the catalogue with it before they reach a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LessonId<'a>(&'a str);

impl<'a> LessonId<'a> {
    /// The id, if it is a valid lesson id.
    pub fn parse(id: &'a str) -> Option<LessonId<'a>> {
        is_valid_id(id).then_some(LessonId(id))
    }

    pub fn as_str(self) -> &'a str {
        self.0
    }
}

impl fmt::Display for LessonId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A page of the app. `path` is its address on the hosted site; inside an LMS package, lesson
/// links go through `package_href` instead (the package has no site root).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    Catalogue,
    Lesson(LessonId<'a>),
    Certificate,
    Progress,
    /// Today's quick re-checks of what the learner missed (`schedule`).
    Rechecks,
    Team,
}

/// A file of the compiled course that the app fetches (not a page). `file` is its name below
/// the course's root (`hookwise-content` writes it there); the hosted app fetches `path`, and an
/// LMS package the `file` next to its `index.html`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asset<'a> {
    /// `catalogue.json`: the course's parts and lessons, loaded first.
    Catalogue,
    /// `lessons/<id>.json`: one lesson, loaded when it is opened.
    Lesson(LessonId<'a>),
    /// `organisation.json`: the deploying organisation's settings (only if it has any).
    Organisation,
    /// `questions.txt`: the words of questions and options, for the dashboard.
    Questions,
}

impl Asset<'_> {
    /// The file's name below the course's root, without a leading `/`.
    pub fn file(&self) -> String {
        match self {
            Asset::Catalogue => "catalogue.json".into(),
            Asset::Lesson(id) => format!("{LESSONS}/{id}.json"),
            Asset::Organisation => "organisation.json".into(),
            Asset::Questions => "questions.txt".into(),
        }
    }

    /// Its address on the hosted site.
    pub fn path(&self) -> String {
        format!("/{}", self.file())
    }
}

/// The catalogue page's file: a host may show the catalogue at this address too.
pub const INDEX_HTML: &str = "index.html";

/// The first path segment of each page but the catalogue (the router matches on these).
pub const LESSONS: &str = "lessons";
pub const CERTIFICATE: &str = "certificate";
pub const PROGRESS: &str = "progress";
pub const RECHECKS: &str = "rechecks";
pub const TEAM: &str = "team";

impl<'a> Route<'a> {
    /// The address on the hosted site.
    pub fn path(&self) -> String {
        match self {
            Route::Catalogue => "/".into(),
            Route::Lesson(id) => format!("/{LESSONS}/{id}"),
            Route::Certificate => format!("/{CERTIFICATE}"),
            Route::Progress => format!("/{PROGRESS}"),
            Route::Rechecks => format!("/{RECHECKS}"),
            Route::Team => format!("/{TEAM}/"),
        }
    }

    /// The address of a place in the page: `path` and `#anchor`.
    pub fn anchored(&self, anchor: &str) -> String {
        format!("{}#{anchor}", self.path())
    }

    /// The route of a site address (as `path` writes it, with an optional `#anchor`).
    pub fn parse(path: &'a str) -> Option<Route<'a>> {
        let path = path.split('#').next().unwrap_or_default();
        let rest = path.strip_prefix('/')?;
        if rest.is_empty() || rest == INDEX_HTML {
            return Some(Route::Catalogue);
        }
        let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
        match (first, tail) {
            (CERTIFICATE, "") => Some(Route::Certificate),
            (PROGRESS, "") => Some(Route::Progress),
            (RECHECKS, "") => Some(Route::Rechecks),
            (TEAM, "") => Some(Route::Team),
            (LESSONS, id) => LessonId::parse(id).map(Route::Lesson),
            _ => None,
        }
    }

    /// Inside an LMS package, where the LMS launches one lesson per SCO or AU: a link to
    /// another lesson opens that lesson's own pre-rendered page in the package
    /// (`package_page`), in a new tab and without the LMS launch: a SCO must not replace itself
    /// with another SCO's page (the LMS launched this one and would lose its session), and its
    /// answers are never reported as the launched lesson's. Other pages are not in a package.
    pub fn package_href(&self) -> Option<String> {
        match self {
            Route::Lesson(id) => Some(format!("{}?lesson={id}", package_page(id))),
            _ => None,
        }
    }
}

/// A lesson's own launch page in an LMS package, next to the package's `index.html`: the same
/// page with the lesson pre-rendered in it (`xtask/src/lms.rs` writes it), which the SCORM
/// manifests and the cmi5 course structure launch (`?lesson=<id>` still names the lesson).
pub fn package_page(id: &LessonId<'_>) -> String {
    format!("lesson-{id}.html")
}

/// The one rule for ids that go into addresses and file names (lessons; also paths, channels
/// and policies): lowercase ASCII letters, digits and `-`, not starting or ending with `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// What the page for an address that matches no route says: its heading and its one line. A
/// lesson address with nothing behind it (a lesson renamed or removed) says so. The pre-rendered
/// page, the first load and the app all show these words.
pub fn not_found(path: &str) -> (&'static str, &'static str) {
    if path.trim_start_matches('/').split('/').next() == Some(LESSONS) {
        ("Lesson not found", "There is no lesson at this address. It may have been renamed or removed from the course.")
    } else {
        ("Page not found", "There is nothing at this address. It may have been mistyped, or the lesson may have been renamed.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_with_nothing_behind_it_says_which_kind_it_is() {
        assert_eq!(not_found("/lessons/renamed").0, "Lesson not found");
        assert_eq!(not_found("lessons").0, "Lesson not found");
        assert_eq!(not_found("/lessons-old/x").0, "Page not found");
        assert_eq!(not_found("/").0, "Page not found");
    }

    #[test]
    fn every_route_reads_back_from_its_path() {
        let hook = LessonId::parse("little-hook").unwrap();
        for route in [Route::Catalogue, Route::Lesson(hook), Route::Certificate, Route::Progress, Route::Rechecks, Route::Team] {
            assert_eq!(Route::parse(&route.path()), Some(route));
        }
        assert_eq!(Route::parse("/lessons/little-hook#red-flags"), Some(Route::Lesson(hook)));
        assert_eq!(Route::parse(&Route::Lesson(hook).anchored("red-flags")), Some(Route::Lesson(hook)));
        assert_eq!(Route::Lesson(hook).anchored("practice-heading"), "/lessons/little-hook#practice-heading");
        assert_eq!(Route::parse("/index.html"), Some(Route::Catalogue));
        assert_eq!(Route::parse("/lessons/../etc"), None);
        assert_eq!(Route::parse("/elsewhere"), None);
    }

    #[test]
    fn course_files_are_named_once() {
        let hook = LessonId::parse("little-hook").unwrap();
        assert_eq!(Asset::Catalogue.path(), "/catalogue.json");
        assert_eq!(Asset::Lesson(hook).file(), "lessons/little-hook.json");
        assert_eq!(Asset::Organisation.file(), "organisation.json");
        assert_eq!(Asset::Questions.path(), "/questions.txt");
    }

    #[test]
    fn inside_a_package_only_lessons_have_an_address() {
        assert_eq!(Route::Lesson(LessonId::parse("reporting").unwrap()).package_href().as_deref(), Some("lesson-reporting.html?lesson=reporting"));
        assert_eq!(Route::Certificate.package_href(), None);
    }

    #[test]
    fn ids_are_safe_in_addresses() {
        assert!(is_valid_id("little-hook") && is_valid_id("a1"));
        assert_eq!(LessonId::parse("little-hook").map(LessonId::as_str), Some("little-hook"));
        for bad in ["", "-a", "a-", "A", "a b", "a/b", "a.b", "é", "..", "a#b", "a?b"] {
            assert!(!is_valid_id(bad), "{bad:?}");
            assert_eq!(LessonId::parse(bad), None, "{bad:?}");
            if !bad.contains('#') {
                assert_eq!(Route::parse(&format!("/lessons/{bad}")), None, "{bad:?}");
            }
        }
    }
}
