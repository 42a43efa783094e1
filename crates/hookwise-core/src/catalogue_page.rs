//! The catalogue page (`/`) as HTML: written at build time into `index.html` for a learner with
//! no progress yet (`page_html`), so the list of parts and lessons reads before (or without) the
//! wasm; then the first load's small enhancer (`src/catalogue.rs`) fills in the learner's own
//! pieces (overall progress and "continue", each lesson's status, best score and role tag, the
//! role picker, re-checks and messages waiting) from local storage, with these same functions,
//! into the placeholders the page already holds. One renderer draws both, so they cannot drift,
//! and every piece of text is escaped here (`render::escape`), in one place.
//!
//! Each piece keeps its room: the pre-rendered page holds the same elements the learner's state
//! fills (a status badge of the same size, the overall line, the "continue" button), so the
//! list does not move when the enhancer runs.

use crate::course::{Catalogue, CatalogueEntry};
use crate::progress::{LessonStatus, Progress};
use crate::render::escape;
use crate::route::{LessonId, Route};
use crate::schedule::Summary;

/// The ids of the placeholders the enhancer fills.
pub const NOTICE_ID: &str = "storage-notice";
pub const OVERALL_ID: &str = "overall";
pub const ROLE_ID: &str = "role-choice";
pub const ROLE_SAVED_ID: &str = "role-saved";
pub const WAITING_ID: &str = "waiting";
pub const MAIN_ID: &str = "main";

/// The id of the element holding lesson `id`'s status, best score and role tag.
pub fn state_id(lesson_id: &str) -> String {
    format!("lesson-state-{lesson_id}")
}

/// What the catalogue shows of the learner: their progress at `now`, and what waits for them.
pub struct Learner<'a> {
    pub progress: &'a Progress,
    pub now: u64,
    pub waiting: &'a Summary,
}

/// The whole `<body>` of `index.html`: the site header, the storage notice's place, and the
/// catalogue for a learner with no progress yet.
pub fn page_html(catalogue: &Catalogue) -> String {
    let progress = Progress::default();
    let waiting = Summary::default();
    let learner = Learner { progress: &progress, now: 0, waiting: &waiting };
    let link = |page: Route<'_>, label: &str| {
        let current = if page == Route::Catalogue { " aria-current=\"page\"" } else { "" };
        format!("<a href=\"{}\" rel=\"external\"{current}>{label}</a>", page.path())
    };
    format!(
        "<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\"><a href=\"{}\" rel=\"external\" class=\"brand\">hookwise</a><nav aria-label=\"Main\">{}{}{}{}</nav></header>\n<div id=\"{NOTICE_ID}\"></div>\n<main id=\"{MAIN_ID}\" tabindex=\"-1\">\n{}</main>\n",
        Route::Catalogue.path(),
        link(Route::Catalogue, "Course"),
        link(Route::Certificate, "Certificate"),
        link(Route::Progress, "Progress"),
        link(Route::Team, "Team"),
        main_html(catalogue, &learner)
    )
}

/// The catalogue inside `<main>`, for `learner`.
pub fn main_html(catalogue: &Catalogue, learner: &Learner) -> String {
    let mut out = String::new();
    out.push_str(&format!("<h1>{}</h1>\n", escape(&catalogue.title)));
    out.push_str("<p class=\"lede\">Short lessons on how recruitment approaches work and how to report one. Your progress is stored only in this browser.");
    if !catalogue.paths.is_empty() {
        out.push_str(" Everyone takes the core lessons; <a href=\"#role-heading\">your role</a>, at the end of this page, adds the lessons for it.");
    }
    out.push_str("</p>\n");
    out.push_str(&format!(
        "<section class=\"overall\" aria-label=\"Your progress\" id=\"{OVERALL_ID}\">{}</section>\n",
        overall_html(catalogue, learner)
    ));
    out.push_str(&format!("<div id=\"{WAITING_ID}\">{}</div>\n", waiting_html(learner.waiting)));
    for part in &catalogue.parts {
        out.push_str(&format!("<section class=\"part\"><h2>{}</h2><ul class=\"lessons\">", escape(&part.title)));
        for entry in &part.lessons {
            let info = &entry.info;
            out.push_str(&format!(
                "<li class=\"lesson-card\"><h3><a href=\"{}\" rel=\"external\">{}</a></h3><p class=\"summary\">{}</p><p class=\"meta\"><span>{}</span><span>{} min</span><span class=\"state\" id=\"{}\">{}</span></p></li>",
                escape(&lesson_href(&info.id)),
                escape(&info.title),
                escape(&info.summary),
                escape(&info.topic),
                info.minutes,
                escape(&state_id(&info.id)),
                lesson_state_html(catalogue, entry, learner)
            ));
        }
        out.push_str("</ul></section>\n");
    }
    out.push_str(&format!(
        "<section class=\"your-details\" aria-labelledby=\"details-heading\"><h2 id=\"details-heading\">Your details and progress</h2><p><a href=\"{}\" rel=\"external\">Send your results, back up or reset your progress</a> (for your manager, another browser, or a fresh start).</p></section>\n",
        Route::Progress.path()
    ));
    // Last in the page: the picker, drawn open for a new learner, folds into "Change your role"
    // for one who chose, and nothing follows it that could move.
    if !catalogue.paths.is_empty() {
        out.push_str(&format!(
            "<section class=\"role\" aria-labelledby=\"role-heading\"><h2 id=\"role-heading\">Your role</h2><div id=\"{ROLE_ID}\">{}</div><p role=\"status\" class=\"role-saved\" id=\"{ROLE_SAVED_ID}\"></p></section>\n",
            role_html(catalogue, learner.progress)
        ));
    }
    out
}

fn lesson_href(id: &str) -> String {
    LessonId::parse(id).map(|id| Route::Lesson(id).path()).unwrap_or_default()
}

/// The overall line, its progress bar, and where to continue.
pub fn overall_html(catalogue: &Catalogue, learner: &Learner) -> String {
    let (p, now, due) = (learner.progress, learner.now, catalogue.due_after_days);
    let (passed, total) = p.completion(catalogue, now, due);
    let percent = crate::grading::percent(passed, total).unwrap_or(0);
    let next = p.continue_with(catalogue, now, due).and_then(|id| catalogue.lesson(id));
    let action = match next {
        Some(l) => {
            let started = p.lesson(&l.info.id, now, due).status != LessonStatus::NotStarted;
            let label = if started { "Continue where you left off: " } else { "Start: " };
            format!("<a href=\"{}\" rel=\"external\" class=\"button primary\">{label}{}</a>", escape(&lesson_href(&l.info.id)), escape(&l.info.title))
        }
        None => format!(
            "<p>You have passed every required lesson. <a href=\"{}\" rel=\"external\">View your certificate</a></p>",
            Route::Certificate.path()
        ),
    };
    format!(
        "<p id=\"overall-label\">{passed} of {total} required lessons passed ({percent}%)</p><progress max=\"{}\" value=\"{passed}\" aria-labelledby=\"overall-label\"></progress><div class=\"continue\">{action}</div>",
        total.max(1)
    )
}

/// A lesson's role tag (when the course has paths), status badge and best score.
pub fn lesson_state_html(catalogue: &Catalogue, entry: &CatalogueEntry, learner: &Learner) -> String {
    let mut out = String::new();
    if !catalogue.paths.is_empty() {
        if catalogue.is_required(entry, learner.progress.path()) {
            out.push_str("<span class=\"tag tag-required\">Required for you</span>");
        } else {
            out.push_str("<span class=\"tag tag-optional\">Optional</span>");
        }
    }
    let status = learner.progress.lesson(&entry.info.id, learner.now, catalogue.due_after_days);
    let class = match status.status {
        LessonStatus::NotStarted => "badge badge-not-started",
        LessonStatus::InProgress => "badge badge-in-progress",
        LessonStatus::Passed => "badge badge-passed",
        LessonStatus::Failed => "badge badge-failed",
        LessonStatus::DueAgain => "badge badge-due",
    };
    out.push_str(&format!("<span class=\"{class}\">{}</span>", status.status.label()));
    match status.best_score {
        Some(best) => out.push_str(&format!("<span>Best score: {best}%</span>")),
        // The widest score's room, invisible and unread: a score to come does not move the card.
        None => out.push_str("<span class=\"room\" aria-hidden=\"true\">Best score: 100%</span>"),
    }
    out
}

/// Re-checks due and the first slow-hook message waiting, as links, each on its own line of
/// one line's height (`.waiting`: no wrap, a long sender's name cut with an ellipsis). Both
/// lines are always there, empty (no text, nothing to read or focus) when nothing waits, so a
/// notice filled in after load moves nothing.
pub fn waiting_html(waiting: &Summary) -> String {
    let mut out = String::new();
    if waiting.due > 0 {
        let noun = if waiting.due == 1 { "quick re-check due" } else { "quick re-checks due" };
        out.push_str(&format!("<p class=\"waiting notice\"><a href=\"{}\" rel=\"external\">{} {noun}</a></p>", Route::Rechecks.path(), waiting.due));
    } else {
        out.push_str(EMPTY_LINE);
    }
    if let Some((lesson, from)) = waiting.messages.first() {
        let href = LessonId::parse(lesson).map(|id| Route::Lesson(id).anchored("practice-heading")).unwrap_or_default();
        out.push_str(&format!("<p class=\"waiting notice\"><a href=\"{}\" rel=\"external\">New message from {}</a></p>", escape(&href), escape(from)));
    } else {
        out.push_str(EMPTY_LINE);
    }
    out
}

/// A waiting line's room when nothing waits there.
const EMPTY_LINE: &str = "<p class=\"waiting\"></p>";

/// The value of the "core lessons only" radio.
const CORE_ONLY: &str = "";
const CORE_ONLY_LABEL: &str = "None of these: the core lessons only";

/// The role picker: the question when the learner never chose, else their role and a way to
/// change it. The form's submit is the enhancer's (it reads the checked `role` radio).
pub fn role_html(catalogue: &Catalogue, progress: &Progress) -> String {
    let chosen = progress.path().unwrap_or(CORE_ONLY);
    let mut options = String::new();
    let paths = catalogue.paths.iter().map(|p| (p.id.as_str(), p.title.as_str())).chain(std::iter::once((CORE_ONLY, CORE_ONLY_LABEL)));
    for (value, label) in paths {
        let id = escape(&format!("role-{}", if value.is_empty() { "core" } else { value }));
        let checked = if progress.role.is_some() && chosen == value { " checked" } else { "" };
        options.push_str(&format!(
            "<li><input type=\"radio\" name=\"role\" id=\"{id}\" value=\"{}\"{checked}><label for=\"{id}\">{}</label></li>",
            escape(value),
            escape(label)
        ));
    }
    let form = format!(
        "<form class=\"role-form\"><fieldset><legend>What is your role?</legend><ul class=\"choices\">{options}</ul></fieldset><button type=\"submit\" class=\"button primary\">Save my role</button></form>"
    );
    if progress.needs_role(catalogue) {
        format!("<p>Everyone takes the core lessons. Choose the role closest to yours to add the lessons for it. You can change it at any time.</p>{form}")
    } else {
        let current = progress.path().and_then(|id| catalogue.path(id)).map(|p| p.title.as_str()).unwrap_or(CORE_ONLY_LABEL);
        format!("<p>Your role: <strong>{}</strong></p><details><summary>Change your role</summary>{form}</details>", escape(current))
    }
}

/// What the role picker's status line says once a role is saved.
pub fn role_saved_html() -> String {
    "Your role is saved. The lessons required for you are marked above.".to_string()
}

/// A problem with stored progress, until the learner dismisses it.
pub fn notice_html(message: &str) -> String {
    format!("<div class=\"storage-problem\" role=\"alert\"><p>{}</p><button type=\"button\">Dismiss</button></div>", escape(message))
}

/// `<main>`'s content when the catalogue itself could not be read.
pub fn unloadable_html(reason: &str) -> String {
    format!("<h1>The course could not be loaded</h1><p>{}</p>", escape(reason))
}

/// `<main>`'s content at an address that matches no page (a host that falls back to
/// `index.html` for an unknown path). A lesson address with no lesson behind it says so.
pub fn not_found_html(path: &str) -> String {
    let (heading, line) = crate::route::not_found(path);
    format!("<h1>{heading}</h1><p>{line}</p><p><a href=\"{}\" rel=\"external\">Go to the course</a></p>", Route::Catalogue.path())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{AudiencePath, Part};
    use crate::lesson::LessonInfo;

    fn entry(id: &str, title: &str, required: bool) -> CatalogueEntry {
        let mut info = LessonInfo::default();
        info.id = id.into();
        info.title = title.into();
        info.summary = format!("About {title} <b>&</b>");
        info.topic = "Approaches".into();
        info.minutes = 5;
        CatalogueEntry { info, required }
    }

    fn catalogue(paths: bool) -> Catalogue {
        Catalogue {
            id: String::new(),
            title: "Spot <the> hook".into(),
            version: "1".into(),
            due_after_days: 365,
            parts: vec![Part { title: "Part \"one\"".into(), lessons: vec![entry("little-hook", "The little hook", true), entry("travel", "Travel", false)] }],
            paths: if paths { vec![AudiencePath { id: "travellers".into(), title: "Travellers".into(), lessons: vec!["travel".into()] }] } else { vec![] },
        }
    }

    #[test]
    fn the_page_holds_every_part_and_lesson_escaped_for_a_new_learner() {
        let html = page_html(&catalogue(false));
        assert!(html.contains("<h1>Spot &lt;the&gt; hook</h1>"), "{html}");
        assert!(html.contains("<h2>Part &quot;one&quot;</h2>"), "{html}");
        assert!(html.contains("<a href=\"/lessons/little-hook\" rel=\"external\">The little hook</a>"), "{html}");
        assert!(html.contains("<p class=\"summary\">About The little hook &lt;b&gt;&amp;&lt;/b&gt;</p>"), "{html}");
        assert!(html.contains("<span>Approaches</span><span>5 min</span><span class=\"state\" id=\"lesson-state-little-hook\"><span class=\"badge badge-not-started\">Not started</span><span class=\"room\" aria-hidden=\"true\">Best score: 100%</span></span>"), "{html}");
        assert!(html.contains("0 of 1 required lessons passed (0%)"), "{html}");
        assert!(html.contains("Start: The little hook</a>"), "{html}");
        assert!(html.contains("<a href=\"/\" rel=\"external\" aria-current=\"page\">Course</a>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("role-choice"), "no script, no role picker without paths");
    }

    #[test]
    fn with_paths_the_page_asks_for_a_role_and_tags_each_lesson() {
        let cat = catalogue(true);
        let html = page_html(&cat);
        assert!(html.contains("<legend>What is your role?</legend>"), "{html}");
        assert!(html.contains("<span class=\"tag tag-required\">Required for you</span>"), "{html}");
        assert!(html.contains("<span class=\"tag tag-optional\">Optional</span>"), "{html}");
        assert!(!html.contains(" checked"), "nothing chosen yet");
        let (role_at, details_at) = (html.find("id=\"role-heading\"").expect("the picker"), html.find("id=\"details-heading\"").expect("details"));
        assert!(role_at > details_at && html[role_at..].find("</section>\n</main>").is_some(), "the picker is last: its folding moves nothing");
        assert!(html.contains("<a href=\"#role-heading\">your role</a>"), "the lede points to it");
        let mut p = Progress::default();
        p.choose_role(Some("travellers".into()), 5);
        let role = role_html(&cat, &p);
        assert!(role.starts_with("<p>Your role: <strong>Travellers</strong></p><details><summary>Change your role</summary>"), "{role}");
        assert!(role.contains("value=\"travellers\" checked"), "{role}");
        let waiting = Summary::default();
        let learner = Learner { progress: &p, now: 10, waiting: &waiting };
        assert!(lesson_state_html(&cat, &cat.parts[0].lessons[1], &learner).starts_with("<span class=\"tag tag-required\">"));
        assert!(overall_html(&cat, &learner).contains("0 of 2 required lessons passed"));
    }

    #[test]
    fn what_waits_links_to_it_and_escapes_the_sender() {
        let waiting = Summary { due: 2, messages: vec![("little-hook".into(), "Anna <CEO>".into())] };
        assert_eq!(
            waiting_html(&waiting),
            "<p class=\"waiting notice\"><a href=\"/rechecks\" rel=\"external\">2 quick re-checks due</a></p><p class=\"waiting notice\"><a href=\"/lessons/little-hook#practice-heading\" rel=\"external\">New message from Anna &lt;CEO&gt;</a></p>"
        );
        assert_eq!(waiting_html(&Summary::default()), "<p class=\"waiting\"></p><p class=\"waiting\"></p>", "the room of both lines, empty");
        let one = Summary { due: 1, messages: vec![] };
        assert_eq!(waiting_html(&one).matches("<p class=\"waiting").count(), 2, "one notice and the other's room");
        assert!(notice_html("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(not_found_html("/lessons/nothing").contains("Lesson not found"));
        assert!(not_found_html("/elsewhere").contains("Page not found"));
    }
}
