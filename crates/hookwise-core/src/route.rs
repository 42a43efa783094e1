//! Every address of the app, in one place: the app's links, the compiler's links between
//! lessons, and the lesson id rule that keeps an id safe in an address.

/// A page of the app. `path` is its address on the hosted site; inside an LMS package, lesson
/// links go through `package_href` instead (the package has no site root).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route<'a> {
    Catalogue,
    Lesson(&'a str),
    Certificate,
    Progress,
    /// Today's quick re-checks of what the learner missed (`schedule`).
    Rechecks,
    Team,
}

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

    /// The route of a site address (as `path` writes it, with an optional `#anchor`).
    pub fn parse(path: &'a str) -> Option<Route<'a>> {
        let path = path.split('#').next().unwrap_or_default();
        if path == "/" {
            return Some(Route::Catalogue);
        }
        let rest = path.strip_prefix('/')?;
        let (first, tail) = rest.split_once('/').unwrap_or((rest, ""));
        match (first, tail) {
            (CERTIFICATE, "") => Some(Route::Certificate),
            (PROGRESS, "") => Some(Route::Progress),
            (RECHECKS, "") => Some(Route::Rechecks),
            (TEAM, "") => Some(Route::Team),
            (LESSONS, id) if is_valid_id(id) => Some(Route::Lesson(id)),
            _ => None,
        }
    }

    /// Inside an LMS package, where the LMS launches one lesson per SCO or AU: a link to
    /// another lesson opens it from the package's own `index.html`, without the LMS launch (so
    /// its answers are never reported as the launched lesson's). Other pages are not in a
    /// package.
    pub fn package_href(&self) -> Option<String> {
        match self {
            Route::Lesson(id) => Some(format!("index.html?lesson={id}")),
            _ => None,
        }
    }
}

/// The one rule for ids that go into addresses and file names (lessons; also paths, channels
/// and policies): lowercase ASCII letters, digits and `-`, not starting or ending with `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_reads_back_from_its_path() {
        for route in [Route::Catalogue, Route::Lesson("little-hook"), Route::Certificate, Route::Progress, Route::Rechecks, Route::Team] {
            assert_eq!(Route::parse(&route.path()), Some(route));
        }
        assert_eq!(Route::parse("/lessons/little-hook#red-flags"), Some(Route::Lesson("little-hook")));
        assert_eq!(Route::parse("/lessons/../etc"), None);
        assert_eq!(Route::parse("/elsewhere"), None);
    }

    #[test]
    fn inside_a_package_only_lessons_have_an_address() {
        assert_eq!(Route::Lesson("reporting").package_href().as_deref(), Some("index.html?lesson=reporting"));
        assert_eq!(Route::Certificate.package_href(), None);
    }

    #[test]
    fn ids_are_safe_in_addresses() {
        assert!(is_valid_id("little-hook") && is_valid_id("a1"));
        for bad in ["", "-a", "a-", "A", "a b", "a/b", "a.b", "é"] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }
}
