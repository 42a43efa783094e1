//! The course catalogue: the small first-load index of lessons, in the order `COURSE.md` gives.

use serde::{Deserialize, Serialize};

/// Shipped as `catalogue.json`; lessons themselves load on demand.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Catalogue {
    /// The course's own id (`id:` in `COURSE.md`; empty when it has none): the stable part of
    /// the publisher ids in the cmi5 package, independent of the title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub title: String,
    pub version: String,
    /// A pass older than this many days shows as "due again" (set in `COURSE.md`).
    #[serde(default = "default_due_after_days")]
    pub due_after_days: u32,
    pub parts: Vec<Part>,
    /// Audience paths (`paths:` in `COURSE.md`): electives per role on top of the core. Empty
    /// when the course declares none, and then every `required` lesson is for everyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<AudiencePath>,
}

/// A role's electives, added to the core lessons (those marked `required`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct AudiencePath {
    pub id: String,
    pub title: String,
    pub lessons: Vec<String>,
}

/// A pass older than this many days shows as "due again" unless the course says otherwise
/// (`due_after_days` in `COURSE.md`; the rule is `progress::due_again`).
pub const DEFAULT_DUE_AFTER_DAYS: u32 = 365;

fn default_due_after_days() -> u32 {
    DEFAULT_DUE_AFTER_DAYS
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Part {
    pub title: String,
    pub lessons: Vec<CatalogueEntry>,
}

/// Read by hand (`lesson::InfoFields`), as `Lesson` is: the JSON keeps the lesson's fields at
/// the top of each entry, without `#[serde(flatten)]`'s buffering code in the first load.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct CatalogueEntry {
    /// The lesson's own fields, shared with `Lesson`.
    #[serde(flatten)]
    pub info: crate::lesson::LessonInfo,
    /// In the core: required for everyone. With audience paths, a path's lessons are required
    /// too for the learners who chose it (`Catalogue::is_required`).
    pub required: bool,
}

impl<'de> Deserialize<'de> for CatalogueEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::lesson::{read_field, required, InfoFields};
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = CatalogueEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a catalogue entry")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<CatalogueEntry, A::Error> {
                let mut info = InfoFields::default();
                let mut is_required = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "required" {
                        read_field(&mut is_required, "required", &mut map)?;
                    } else if !info.read(&key, &mut map)? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(CatalogueEntry { info: info.finish()?, required: required(is_required, "required")? })
            }
        }
        d.deserialize_map(Fields)
    }
}

/// The little the manager dashboard needs of `catalogue.json` (the course's title and lesson
/// ids), read without the rest so that its bundle carries no more than that: by hand
/// (`CourseIndex::read`), so the bundle carries no serde code for it either.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseIndex {
    pub title: String,
    parts: Vec<PartIndex>,
}

#[derive(Clone, Debug, PartialEq)]
struct PartIndex {
    lessons: Vec<LessonIndex>,
}

/// A lesson as the dashboard knows it: enough to show results read from a learning record store
/// (`crate::lrs_sync`) in the same columns as imported reports.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LessonIndex {
    pub id: String,
    pub title: String,
    pub required: bool,
    pub pass_mark: u8,
    pub version: String,
    pub content_hash: String,
}

impl CourseIndex {
    /// Reads `catalogue.json`: its title, and each part's lessons (id, and title, required,
    /// pass mark, version and content hash where present); other fields are skipped. `None`
    /// when the text is not JSON, or the title, parts or a lesson id is missing or of another
    /// type.
    pub fn read(text: &str) -> Option<CourseIndex> {
        use crate::lax_json::Reader;
        fn text_of(r: &mut Reader) -> Option<String> {
            Some(r.text()??.into_owned())
        }
        let mut r = Reader::new(text);
        let (mut title, mut parts) = (None, None);
        r.object(|r, key| {
            match key {
                "title" => title = Some(text_of(r)?),
                "parts" => {
                    let mut list = Vec::new();
                    r.array(|r| {
                        let mut lessons = None;
                        r.object(|r, key| {
                            if key != "lessons" {
                                return r.skip();
                            }
                            let mut list = Vec::new();
                            r.array(|r| {
                                let mut l = LessonIndex::default();
                                let mut has_id = false;
                                r.object(|r, key| {
                                    match key {
                                        "id" => (l.id, has_id) = (text_of(r)?, true),
                                        "title" => l.title = text_of(r)?,
                                        "version" => l.version = text_of(r)?,
                                        "content_hash" => l.content_hash = text_of(r)?,
                                        "required" => l.required = r.boolean()??,
                                        "pass_mark" => l.pass_mark = r.num()?.filter(|n| n.fract() == 0.0 && (0.0..=255.0).contains(n))? as u8,
                                        _ => r.skip()?,
                                    }
                                    Some(())
                                })?;
                                list.push(l);
                                has_id.then_some(())
                            })?;
                            lessons = Some(list);
                            Some(())
                        })?;
                        list.push(PartIndex { lessons: lessons? });
                        Some(())
                    })?;
                    parts = Some(list)
                }
                _ => r.skip()?,
            }
            Some(())
        })?;
        r.at_end().then_some(())?;
        Some(CourseIndex { title: title?, parts: parts? })
    }

    pub fn has_lesson(&self, id: &str) -> bool {
        self.parts.iter().any(|p| p.lessons.iter().any(|l| l.id == id))
    }

    /// Every lesson in course order.
    pub fn lessons(&self) -> impl Iterator<Item = &LessonIndex> {
        self.parts.iter().flat_map(|p| p.lessons.iter())
    }
}

impl Catalogue {
    /// Every lesson in course order.
    pub fn lessons(&self) -> impl Iterator<Item = &CatalogueEntry> {
        self.parts.iter().flat_map(|p| p.lessons.iter())
    }

    pub fn lesson(&self, id: &str) -> Option<&CatalogueEntry> {
        self.lessons().find(|l| l.info.id == id)
    }

    pub fn path(&self, id: &str) -> Option<&AudiencePath> {
        self.paths.iter().find(|p| p.id == id)
    }

    /// Whether a lesson counts towards completion for a learner on `path` (`None`: the core
    /// only, or no role chosen).
    pub fn is_required(&self, lesson: &CatalogueEntry, path: Option<&str>) -> bool {
        lesson.required || path.and_then(|p| self.path(p)).is_some_and(|p| p.lessons.iter().any(|l| *l == lesson.info.id))
    }

    /// The lessons that count for a learner on `path`, in course order.
    pub fn required_for<'a>(&'a self, path: Option<&'a str>) -> impl Iterator<Item = &'a CatalogueEntry> + 'a {
        self.lessons().filter(move |l| self.is_required(l, path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entry's JSON keeps the lesson's fields at the top, as before `LessonInfo`; the hand
    /// reader takes what it wrote back, skips unknown keys, and refuses missing or repeated ones.
    #[test]
    fn an_entry_keeps_the_lessons_fields_at_the_top_of_its_json() {
        let e = entry("little-hook", true);
        let json = serde_json::to_value(&e).expect("serialises");
        let keys: Vec<&str> = json.as_object().expect("an object").keys().map(String::as_str).collect();
        let mut want = ["id", "title", "summary", "topic", "minutes", "pass_mark", "version", "content_hash", "required"];
        want.sort();
        assert_eq!(keys, want);
        assert_eq!(serde_json::from_value::<CatalogueEntry>(json.clone()).expect("reads"), e);
        let mut extra = json.clone();
        extra["later"] = serde_json::json!({"x": [1]});
        assert_eq!(serde_json::from_value::<CatalogueEntry>(extra).expect("unknown keys are skipped"), e);
        for key in ["pass_mark", "required"] {
            let mut missing = json.clone();
            missing.as_object_mut().expect("an object").remove(key);
            let err = serde_json::from_value::<CatalogueEntry>(missing).expect_err("a missing field");
            assert_eq!(err.to_string(), format!("missing field `{key}`"));
        }
        let twice = r#"{"id":"a","id":"b","title":"t","summary":"","topic":"","minutes":5,"pass_mark":80,"version":"1","content_hash":"h","required":true}"#;
        assert_eq!(serde_json::from_str::<CatalogueEntry>(twice).expect_err("a repeated field").to_string(), "duplicate field `id` at line 1 column 14");
        let wrong = r#"{"id":"a","title":"t","summary":"","topic":"","minutes":5,"pass_mark":800,"version":"1","content_hash":"h","required":true}"#;
        assert!(serde_json::from_str::<CatalogueEntry>(wrong).is_err(), "a pass mark beyond a byte is refused");
    }

    #[test]
    fn the_dashboard_reads_the_catalogue_by_hand() {
        let text = r#"{"title":"Hooks","version":"3","intro":{"x":[1,2]},"parts":[{"title":"p","lessons":[
            {"id":"little-hook","title":"The little hook","summary":"s","required":true,"pass_mark":80,"version":"1","content_hash":"h1","topics":["a"]},
            {"id":"travel"}]}],"paths":[]}"#;
        let index = CourseIndex::read(text).expect("a catalogue");
        assert_eq!(index.title, "Hooks");
        let lessons: Vec<&LessonIndex> = index.lessons().collect();
        assert_eq!(
            *lessons[0],
            LessonIndex { id: "little-hook".into(), title: "The little hook".into(), required: true, pass_mark: 80, version: "1".into(), content_hash: "h1".into() }
        );
        assert_eq!(*lessons[1], LessonIndex { id: "travel".into(), ..LessonIndex::default() });
        assert!(index.has_lesson("travel") && !index.has_lesson("x"));
        for bad in [r#"{"parts":[]}"#, r#"{"title":"t"}"#, r#"{"title":"t","parts":[{"lessons":[{"title":"no id"}]}]}"#, r#"{"title":1,"parts":[]}"#, "<html>", r#"{"title":"t","parts":[{"lessons":[{"id":"a","pass_mark":300}]}]}"#] {
            assert_eq!(CourseIndex::read(bad), None, "{bad}");
        }
    }

    use crate::lms::fixtures::entry;

    #[test]
    fn a_path_adds_its_electives_to_the_core() {
        let cat = Catalogue {
            id: String::new(),
            title: "t".into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![Part { title: "p".into(), lessons: vec![entry("core", true), entry("travel", false), entry("hr", false)] }],
            paths: vec![AudiencePath { id: "travellers".into(), title: "Travellers".into(), lessons: vec!["travel".into()] }],
        };
        let ids = |path| cat.required_for(path).map(|l| l.info.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(None), ["core"]);
        assert_eq!(ids(Some("travellers")), ["core", "travel"]);
        assert_eq!(ids(Some("no-such-path")), ["core"], "an unknown path (a renamed role) falls back to the core");
    }

    #[test]
    fn a_catalogue_without_paths_still_reads() {
        let json = r#"{"title":"t","version":"1","parts":[]}"#;
        let cat: Catalogue = serde_json::from_str(json).expect("older catalogues have no paths");
        assert!(cat.paths.is_empty());
    }
}
