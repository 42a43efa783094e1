//! The course catalogue: the small first-load index of lessons, in the order `COURSE.md` gives.

use serde::{Deserialize, Serialize};

/// Shipped as `catalogue.json`; lessons themselves load on demand.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Catalogue {
    pub title: String,
    pub version: String,
    /// A pass older than this many days shows as "due again" (set in `COURSE.md`).
    #[serde(default = "default_due_after_days")]
    pub due_after_days: u32,
    pub parts: Vec<Part>,
}

fn default_due_after_days() -> u32 {
    crate::progress::DEFAULT_DUE_AFTER_DAYS
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Part {
    pub title: String,
    pub lessons: Vec<CatalogueEntry>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CatalogueEntry {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub minutes: u32,
    pub pass_mark: u8,
    pub version: String,
    pub content_hash: String,
    /// Required lessons count towards the certificate.
    pub required: bool,
}

impl Catalogue {
    /// Every lesson in course order.
    pub fn lessons(&self) -> impl Iterator<Item = &CatalogueEntry> {
        self.parts.iter().flat_map(|p| p.lessons.iter())
    }

    pub fn lesson(&self, id: &str) -> Option<&CatalogueEntry> {
        self.lessons().find(|l| l.id == id)
    }
}
