//! Reading a learning record store (xAPI 1.0.3): the statements hookwise sends (see `lms`) turned
//! back into the dashboard's learner records (`report::Report` in a `team::Team`), so that the
//! overview, matrix, charts, detail and CSV work exactly as for imported reports.
//!
//! Pure: the dashboard's `team::lrs` fetches pages (`statements_url`, `next_url`) and hands their
//! text here (`read_page`, then `Sync::apply`). Everything that can go wrong with a statement is
//! counted in plain words (`Sync::problems`); one bad statement never stops the others.
//!
//! Sync points: the newest `stored` time seen (the xAPI `since` of the next sync) and the ids of
//! the statements stored at exactly that time, so a statement the LRS returns again at the
//! boundary is not counted twice. Within one sync, statement ids already applied are skipped,
//! so a sync resumed after an outage counts nothing twice.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::lax_json::Reader;

use crate::course::CourseIndex;
use crate::progress::LessonStatus;
use crate::report::{LessonResult, Report};
use crate::team::Team;

pub const XAPI_VERSION: &str = "1.0.3";
const VERBS: &str = "http://adlnet.gov/expapi/verbs/";
/// Statements asked for per page (an LRS may send fewer; it says so with `more`).
pub const PAGE_LIMIT: u32 = 500;

/// `s` percent-encoded for a query string.
pub fn query_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The course's activity id: every statement hookwise sends has it in its grouping.
pub fn course_activity(activity_base: &str) -> String {
    format!("{}course", with_slash(activity_base))
}

fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

/// The first request of a sync: the course's statements (the course activity and every activity
/// related to it), stored after `since` if given. One stream rather than one per verb, so that a
/// single `since` marks exactly what has been read.
pub fn statements_url(endpoint: &str, activity_base: &str, since: Option<&str>) -> String {
    let mut url = format!(
        "{}statements?activity={}&related_activities=true&limit={PAGE_LIMIT}",
        with_slash(endpoint),
        query_component(&course_activity(activity_base))
    );
    if let Some(since) = since {
        url.push_str("&since=");
        url.push_str(&query_component(since));
    }
    url
}

/// The address of the next page from a `more` link. The link is relative to the LRS's own root,
/// which behind a reverse proxy is not the dashboard's: so only its query is kept, on the
/// configured endpoint. Credentials are thereby never sent anywhere but the endpoint.
pub fn next_url(endpoint: &str, more: &str) -> Option<String> {
    let more = more.trim();
    if more.is_empty() {
        return None;
    }
    let query = more.split_once('?').map_or("", |(_, q)| q);
    let path = more.split('?').next().unwrap_or_default().trim_end_matches('/');
    if !path.ends_with("statements") {
        return None;
    }
    Some(format!("{}statements?{query}", with_slash(endpoint)))
}

/// An HTTP Basic `Authorization` value for a user name and password (UTF-8, base64).
pub fn basic_auth(user: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = format!("{user}:{password}").into_bytes();
    let mut out = String::from("Basic ");
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The actor of a pseudonymous deployment (`learner_ids: pseudonymous`): the launch's actor only
/// if it is an account, and then without its name; `None` otherwise (the app then uses the random
/// id it keeps for the learner). An email or a name never leaves the browser.
pub fn pseudonymous_actor(launch_actor: Option<&str>) -> Option<String> {
    let mut r = Reader::new(launch_actor?);
    let mut account = None;
    r.object(|r, key| {
        match key {
            "account" => account = read_account(r)?,
            _ => r.skip()?,
        }
        Some(())
    })?;
    let account = account.filter(|_| r.at_end())?;
    Some(crate::lms::agent_from_account(account.home_page.as_deref()?, account.name.as_deref()?))
}

/// An ISO 8601 time (`2026-12-06T06:32:23.123Z`, `…+01:00`, or without a zone: UTC) in
/// milliseconds since 1970.
pub fn parse_time(text: &str) -> Option<u64> {
    let b = text.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = b.get(from..from + len)?;
        part.iter().all(u8::is_ascii_digit).then(|| part.iter().fold(0i64, |n, d| n * 10 + (d - b'0') as i64))
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d, h, mi, s) = (num(0, 4)?, num(5, 2)?, num(8, 2)?, num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 3 {
                ms = ms * 10 + (b[i] - b'0') as i64;
            }
            i += 1;
        }
        if i == start {
            return None;
        }
        for _ in (i - start)..3 {
            ms *= 10;
        }
    }
    let offset_min = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let m = num(i + 1, 2)? * 60 + num(i + 4, 2)?;
            if *sign == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let total = ((days * 24 + h) * 60 + mi - offset_min) * 60_000 + s * 1000 + ms;
    u64::try_from(total).ok()
}

// --- the statements, as far as the dashboard reads them -----------------------------------------

// Statements are read leniently and in one pass by `lax_json` (hand-written, so that the
// dashboard carries no serde code per statement type): a field of another type reads as `None`,
// so a statement of the wrong shape never stops the page, and nothing is buffered or parsed
// twice: 200,000 statements must read in well under a second.

type Text<'a> = Option<Cow<'a, str>>;

#[derive(Default)]
struct Statement<'a> {
    id: Text<'a>,
    actor: Option<Actor<'a>>,
    verb: Option<Id<'a>>,
    object: Option<Id<'a>>,
    result: Option<XResult<'a>>,
    timestamp: Text<'a>,
    stored: Text<'a>,
    version: Text<'a>,
}

#[derive(Default)]
struct Actor<'a> {
    name: Text<'a>,
    mbox: Text<'a>,
    account: Option<Account<'a>>,
}

#[derive(Default)]
struct Account<'a> {
    home_page: Text<'a>,
    name: Text<'a>,
}

#[derive(Default)]
struct Id<'a> {
    id: Text<'a>,
}

#[derive(Default)]
struct XResult<'a> {
    score: Option<Score>,
    success: Option<bool>,
    response: Text<'a>,
}

#[derive(Default)]
struct Score {
    raw: Option<f64>,
    scaled: Option<f64>,
}

/// An object of type `T` if the value is one (its fields read by `field`), `None` otherwise.
fn lax<'a, T: Default>(r: &mut Reader<'a>, mut field: impl FnMut(&mut T, &mut Reader<'a>, &str) -> Option<()>) -> Option<Option<T>> {
    let mut value = T::default();
    let found = r.lax_object(|r, key| field(&mut value, r, key))?;
    Some(found.then_some(value))
}

fn read_account<'a>(r: &mut Reader<'a>) -> Option<Option<Account<'a>>> {
    lax(r, |a: &mut Account<'a>, r, key| {
        match key {
            "homePage" => a.home_page = r.text()?,
            "name" => a.name = r.text()?,
            _ => r.skip()?,
        }
        Some(())
    })
}

fn read_id<'a>(r: &mut Reader<'a>) -> Option<Option<Id<'a>>> {
    lax(r, |o: &mut Id<'a>, r, key| {
        match key {
            "id" => o.id = r.text()?,
            _ => r.pass()?,
        }
        Some(())
    })
}

fn read_statement<'a>(r: &mut Reader<'a>) -> Option<Option<Statement<'a>>> {
    lax(r, |s: &mut Statement<'a>, r, key| {
        match key {
            "id" => s.id = r.text()?,
            "timestamp" => s.timestamp = r.text()?,
            "stored" => s.stored = r.text()?,
            "version" => s.version = r.text()?,
            "verb" => s.verb = read_id(r)?,
            "object" => s.object = read_id(r)?,
            "actor" => {
                s.actor = lax(r, |a: &mut Actor<'a>, r, key| {
                    match key {
                        "name" => a.name = r.text()?,
                        "mbox" => a.mbox = r.text()?,
                        "account" => a.account = read_account(r)?,
                        _ => r.pass()?,
                    }
                    Some(())
                })?
            }
            "result" => {
                s.result = lax(r, |x: &mut XResult<'a>, r, key| {
                    match key {
                        "success" => x.success = r.boolean()?,
                        "response" => x.response = r.text()?,
                        "score" => {
                            x.score = lax(r, |sc: &mut Score, r, key| {
                                match key {
                                    "raw" => sc.raw = r.num()?,
                                    "scaled" => sc.scaled = r.num()?,
                                    _ => r.pass()?,
                                }
                                Some(())
                            })?
                        }
                        _ => r.pass()?,
                    }
                    Some(())
                })?
            }
            _ => r.pass()?,
        }
        Some(())
    })
}

/// One page of a statement query, read.
pub struct StatementPage<'a> {
    statements: Vec<Option<Statement<'a>>>,
    /// The `more` link, if the LRS has more.
    pub more: Option<String>,
}

impl StatementPage<'_> {
    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }
}

/// Why a page could not be read at all (one bad statement does not make a bad page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotAStatementList;

/// Reads one page of a `GET statements` answer.
pub fn read_page(text: &[u8]) -> Result<StatementPage<'_>, NotAStatementList> {
    let text = std::str::from_utf8(text).map_err(|_| NotAStatementList)?;
    let mut r = Reader::new(text);
    // Room for the statements at once (a statement is rarely under 512 bytes), rather than a
    // list grown and copied a dozen times.
    let (mut statements, mut more, mut listed) = (Vec::with_capacity(text.len() / 512), None, false);
    let read = r.object(|r, key| {
        match key {
            "statements" => {
                listed = true;
                r.array(|r| {
                    statements.push(read_statement(r)?);
                    Some(())
                })?
            }
            "more" => more = r.text()?,
            _ => r.pass()?,
        }
        Some(())
    });
    if read.is_none() || !listed || !r.at_end() {
        return Err(NotAStatementList);
    }
    Ok(StatementPage { statements, more: more.map(Cow::into_owned).filter(|m| !m.trim().is_empty()) })
}

/// A guess at a page's `more` link from the bytes near its end (or its start), before the page
/// is read: so that the next page can be requested while this one is read. Only a guess (a
/// statement could hold the same bytes): the sync compares it with the page's `more` once read
/// (`read_page`) and requests the right page if they differ. `None` when no plain link is there.
pub fn more_hint(text: &[u8]) -> Option<&str> {
    const KEY: &[u8] = b"\"more\"";
    const NEAR: usize = 4096;
    let tail = text.len().saturating_sub(NEAR);
    let at = text[tail..].windows(KEY.len()).rposition(|w| w == KEY).map(|i| tail + i);
    let at = at.or_else(|| text[..text.len().min(NEAR)].windows(KEY.len()).position(|w| w == KEY))? + KEY.len();
    let blank = |b: &u8| matches!(b, b' ' | b'\n' | b'\r' | b'\t');
    let mut rest = text[at..].iter().position(|b| !blank(b)).map(|i| &text[at + i..])?;
    rest = rest.strip_prefix(b":")?;
    rest = rest.iter().position(|b| !blank(b)).map(|i| &rest[i..])?.strip_prefix(b"\"")?;
    let link = &rest[..rest.iter().position(|b| *b == b'"')?];
    if link.iter().any(|b| *b == b'\\' || *b < 0x20) {
        return None;
    }
    std::str::from_utf8(link).ok()
}

// --- what a sync found ------------------------------------------------------------------------------

/// What was wrong with statements that were not used, counted for the message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    /// Not a statement, or one without a learner, verb, lesson or time hookwise can read.
    pub malformed: usize,
    /// From an xAPI version other than 1.0.x.
    pub other_version: usize,
    /// For lessons this course does not have (their ids).
    pub unknown_lessons: BTreeSet<String>,
    pub unknown_lesson_statements: usize,
}

impl Problems {
    pub fn is_empty(&self) -> bool {
        self.malformed == 0 && self.other_version == 0 && self.unknown_lesson_statements == 0
    }

    /// Plain sentences, one per kind of problem.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.malformed > 0 {
            out.push(format!(
                "{} statement(s) could not be read (not in the form hookwise sends) and were left out.",
                self.malformed
            ));
        }
        if self.other_version > 0 {
            out.push(format!(
                "{} statement(s) were written for another xAPI version than 1.0 and were left out.",
                self.other_version
            ));
        }
        if self.unknown_lesson_statements > 0 {
            let ids: Vec<&str> = self.unknown_lessons.iter().map(String::as_str).take(5).collect();
            out.push(format!(
                "{} statement(s) are about lessons this course does not have ({}) and were left out.",
                self.unknown_lesson_statements,
                ids.join(", ")
            ));
        }
        out
    }
}

/// Where the last complete sync ended, kept between visits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncPoint {
    /// The newest `stored` time read, as the LRS wrote it (sent back as `since`).
    pub since: Option<String>,
    /// The ids of the statements stored at exactly `since`.
    #[serde(default)]
    pub at_since: Vec<String>,
    /// When the last sync finished (ms).
    #[serde(default)]
    pub synced_at: u64,
}

/// A sync in progress: what it has read, and where it will end.
///
/// Learners and lessons are numbered as the sync meets them (`keys`, `lessons`; a lesson's
/// questions in `questions`), so what is kept for `finish` holds numbers rather than copies of
/// their texts, and `finish` finds a learner's lesson by a number rather than by a text key.
#[derive(Clone, Debug, Default)]
pub struct Sync {
    /// Activity ids are `{activity_base}lessons/{id}`.
    activity_base: String,
    /// Statement ids applied in this sync, and those at the previous sync point.
    seen: IdSet,
    newest: Option<(u64, String)>,
    at_newest: Vec<String>,
    /// Statements read (including those left out; not those read again).
    pub read: usize,
    /// Statements that changed what is shown.
    pub applied: usize,
    pub problems: Problems,
    /// Learners added or changed: their keys, each with its number in `keys`.
    pub changed: BTreeMap<String, u32>,
    keys: Vec<String>,
    /// The learner of the last statement applied (a number in `keys`).
    last: Option<u32>,
    /// The lessons statements were about, and each one's questions, by number.
    lessons: Vec<String>,
    questions: Vec<Vec<String>>,
    /// What people miss, as read in this sync: put into the learners' records by `finish`.
    answers: Vec<Answer>,
    finishes: Vec<Finish>,
    conversations: Vec<Finish>,
    flagged: Vec<Flagged>,
}

/// A red-flag exercise or mock-up practised: the parts the learner flagged (`1[,]4`), read
/// against the scenario's red flags by `finish_with`.
#[derive(Clone, Debug)]
struct Flagged {
    learner: u32,
    lesson: u16,
    scenario: String,
    at: u64,
    response: String,
}

/// A finished attempt (`passed` true or false), or a conversation (`passed`: reported before
/// any task), of one learner at one lesson (`part`: the conversation's scenario).
#[derive(Clone, Debug)]
struct Finish {
    learner: u32,
    lesson: u16,
    part: String,
    at: u64,
    passed: bool,
}

/// A statement's learner: their key (the email, or the account's id), the name in it, and the
/// id as the roster and the CSV show it.
fn learner<'s>(actor: &'s Actor) -> Option<(&'s str, &'s str)> {
    let id = if let Some(mbox) = actor.mbox.as_deref() {
        mbox.strip_prefix("mailto:")?.trim()
    } else {
        let a = actor.account.as_ref()?;
        if a.home_page.as_deref().is_none_or(|h| h.trim().is_empty()) {
            return None;
        }
        a.name.as_deref()?.trim()
    };
    if id.is_empty() {
        return None;
    }
    Some((id, actor.name.as_deref().unwrap_or_default()))
}

/// What one statement means for the dashboard.
enum Event<'s> {
    Started,
    Finished { passed: bool, score: Option<u8> },
    Answered { question: &'s str, success: Option<bool>, response: Option<&'s str> },
    /// A conversation practised: whether the learner reported before doing any task.
    Conversation { scenario: &'s str, before_task: bool },
    /// A red-flag exercise or mock-up practised: the parts flagged, as sent (`1[,]4`).
    Flagged { scenario: &'s str, response: &'s str },
    /// `completed`, `terminated` and other verbs: the learner was there, nothing more.
    Seen,
}

/// An answer read from an `answered` statement: what the misses section counts.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Answer {
    learner: u32,
    lesson: u16,
    /// A number in the lesson's `questions`.
    question: u16,
    at: u64,
    correct: Option<bool>,
    /// The options the response names (`a[,]c`, `true`; 0 for none or anything else).
    chosen: u32,
}

/// The number of `text` in `list`, added if missing (lists of a course's lessons, or of one
/// lesson's questions: short, so a scan).
fn number(list: &mut Vec<String>, text: &str) -> usize {
    match list.iter().position(|t| t == text) {
        Some(i) => i,
        None => {
            list.push(text.to_string());
            list.len() - 1
        }
    }
}

impl Sync {
    /// A sync continuing from `point` (the default point: everything).
    pub fn new(activity_base: &str, point: &SyncPoint) -> Sync {
        let newest = point.since.as_ref().and_then(|s| Some((parse_time(s)?, s.clone())));
        let mut sync = Sync {
            activity_base: with_slash(activity_base),
            seen: IdSet::default(),
            at_newest: if newest.is_some() { point.at_since.clone() } else { Vec::new() },
            newest,
            ..Sync::default()
        };
        // Inserted one by one: collecting would bring a sort of its own into the bundle.
        for id in &point.at_since {
            sync.seen.insert(id_key(id));
        }
        sync
    }

    /// Where the next sync starts, once this one has read everything.
    pub fn point(&self, now: u64) -> SyncPoint {
        SyncPoint {
            since: self.newest.as_ref().map(|(_, s)| s.clone()),
            at_since: self.at_newest.clone(),
            synced_at: now,
        }
    }

    /// The lesson id an activity id names (`…/lessons/{id}`, `…/lessons/{id}/questions/{q}` or
    /// `…/lessons/{id}/practice/{scenario}`), with what follows it (`questions/{q}`, …).
    fn lesson_of<'a>(&self, activity: &'a str) -> Option<(&'a str, Option<&'a str>)> {
        let rest = activity.strip_prefix(self.activity_base.as_str())?.strip_prefix("lessons/")?;
        Some(match rest.split_once('/') {
            Some((lesson, part)) => (lesson, Some(part)),
            None => (rest, None),
        })
    }

    /// The number of a learner's key (see `keys`): statements come in runs per learner, so the
    /// map is looked at once per run.
    fn learner_number(&mut self, key: &str) -> u32 {
        if let Some(last) = self.last.filter(|l| self.keys[*l as usize] == key) {
            return last;
        }
        let n = match self.changed.get(key) {
            Some(n) => *n,
            None => {
                let n = self.keys.len() as u32;
                self.keys.push(key.to_string());
                self.changed.insert(key.to_string(), n);
                n
            }
        };
        self.last = Some(n);
        n
    }

    /// Applies a page's statements to `team` (learners are created with every lesson of
    /// `course`, not started). Answers, attempts and conversations are kept for `finish`.
    /// Statements already applied in this sync are skipped.
    pub fn apply<'a>(&mut self, team: &mut Team, course: &CourseIndex, page: StatementPage<'a>) {
        // The newest `stored` time of this page and the ids stored then, borrowed from the
        // page; merged into the sync's own once the page is read.
        let mut newest: Option<(u64, Cow<'a, str>)> = None;
        let mut at_newest: Vec<Cow<'a, str>> = Vec::new();
        // The record of the learner of the run of statements being applied (number, record).
        let mut current: Option<(u32, &mut Report)> = None;
        for statement in page.statements {
            let Some(s) = statement else {
                self.read += 1;
                self.problems.malformed += 1;
                continue;
            };
            if let Some(id) = s.id.as_ref() {
                if !self.seen.insert(id_key(id)) {
                    continue;
                }
            }
            self.read += 1;
            if let Some((t, stored)) = s.stored.as_ref().and_then(|st| Some((parse_time(st)?, st))) {
                let id = s.id.clone().unwrap_or_default();
                match &newest {
                    Some((n, _)) if *n > t => {}
                    Some((n, _)) if *n == t => at_newest.push(id),
                    _ => {
                        newest = Some((t, stored.clone()));
                        at_newest.clear();
                        at_newest.push(id);
                    }
                }
            }
            if s.version.as_deref().is_some_and(|v| !(v == "1.0" || v.starts_with("1.0."))) {
                self.problems.other_version += 1;
                continue;
            }
            let (Some((key, name)), Some(at)) = (s.actor.as_ref().and_then(learner), s.timestamp.as_deref().and_then(parse_time)) else {
                self.problems.malformed += 1;
                continue;
            };
            let Some(object_id) = s.object.as_ref().and_then(|o| o.id.as_deref()) else {
                self.problems.malformed += 1;
                continue;
            };
            let Some((lesson_id, question)) = self.lesson_of(object_id) else {
                // The course itself, or another course's activity: nothing to show.
                continue;
            };
            let lesson = match self.lessons.iter().position(|l| l == lesson_id) {
                Some(i) => i,
                None if course.has_lesson(lesson_id) => number(&mut self.lessons, lesson_id),
                None => {
                    self.problems.unknown_lesson_statements += 1;
                    self.problems.unknown_lessons.insert(lesson_id.to_string());
                    continue;
                }
            };
            let Some(verb) = s.verb.as_ref().and_then(|v| v.id.as_deref()).and_then(|v| v.strip_prefix(VERBS)) else {
                continue;
            };
            let result = s.result.as_ref();
            let part = question.map(|p| p.split_once('/').unwrap_or((p, "")));
            let event = match (verb, part) {
                ("answered", Some(("questions", q))) => Event::Answered {
                    question: q,
                    success: result.and_then(|r| r.success),
                    response: result.and_then(|r| r.response.as_deref()),
                },
                ("passed" | "failed", None) => {
                    let score = result.and_then(|r| r.score.as_ref()).and_then(|sc| {
                        sc.raw.or(sc.scaled.map(|x| x * 100.0)).filter(|v| (0.0..=100.0).contains(v)).map(|v| v.round() as u8)
                    });
                    Event::Finished { passed: verb == "passed", score }
                }
                ("answered", Some(("practice", scenario))) => match result.and_then(|r| r.response.as_deref()) {
                    Some(timing @ ("before-task" | "after-task" | "after-sharing" | "never")) => {
                        Event::Conversation { scenario, before_task: timing == "before-task" }
                    }
                    Some(parts) if practice_flags(parts, &[]).is_some() => Event::Flagged { scenario, response: parts },
                    _ => Event::Seen,
                },
                ("initialized", None) => Event::Started,
                _ => Event::Seen,
            };
            let lower = key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) || !key.chars().any(char::is_uppercase);
            let learner_key: Cow<str> = if lower { Cow::Borrowed(key) } else { Cow::Owned(key.to_lowercase()) };
            let who = self.learner_number(&learner_key);
            let lesson_n = lesson as u16;
            let finish = |part: &str, passed: bool| Finish { learner: who, lesson: lesson_n, part: part.to_string(), at, passed };
            match &event {
                Event::Answered { question, success, response } => {
                    let question = number(self.questions_of(lesson), question) as u16;
                    self.answers.push(Answer {
                        learner: who,
                        lesson: lesson_n,
                        question,
                        at,
                        correct: *success,
                        chosen: response.and_then(crate::misses::chosen_from_response).unwrap_or(0),
                    })
                }
                Event::Finished { passed, .. } => self.finishes.push(finish("", *passed)),
                Event::Conversation { scenario, before_task } => self.conversations.push(finish(scenario, *before_task)),
                Event::Flagged { scenario, response } => self.flagged.push(Flagged {
                    learner: who,
                    lesson: lesson_n,
                    scenario: scenario.to_string(),
                    at,
                    response: response.to_string(),
                }),
                _ => {}
            }
            let update = |report: &mut Report| {
                if report.name.is_empty() || (report.name == report.email && !name.is_empty()) {
                    report.name = if name.is_empty() { key.to_string() } else { name.to_string() };
                }
                report.generated_at = report.generated_at.max(at);
                let lesson = match report.lessons.iter().position(|l| l.id == lesson_id) {
                    Some(i) => &mut report.lessons[i],
                    None => {
                        report.lessons.push(blank_lesson(course, lesson_id));
                        report.lessons.last_mut().expect("just pushed")
                    }
                };
                apply_event(lesson, &event, at);
            };
            // Statements come in runs per learner: the learner's record is looked up once per run.
            let report = match current.take() {
                Some((n, report)) if n == who => report,
                _ => {
                    if !team.learners.contains_key(learner_key.as_ref()) {
                        team.learners.insert(learner_key.to_string(), new_report(key, name, course));
                    }
                    team.learners.get_mut(learner_key.as_ref()).expect("just made")
                }
            };
            update(report);
            current = Some((who, report));
            self.applied += 1;
        }
        if let Some((t, stored)) = newest {
            match &self.newest {
                Some((n, _)) if *n > t => {}
                Some((n, _)) if *n == t => self.at_newest.extend(at_newest.into_iter().map(Cow::into_owned)),
                _ => {
                    self.newest = Some((t, stored.into_owned()));
                    self.at_newest = at_newest.into_iter().map(Cow::into_owned).collect();
                }
            }
        }
    }

    /// The question list of lesson number `lesson`.
    fn questions_of(&mut self, lesson: usize) -> &mut Vec<String> {
        if self.questions.len() <= lesson {
            self.questions.resize_with(lesson + 1, Vec::new);
        }
        &mut self.questions[lesson]
    }
}

/// A set of statement ids (`id_key`s): open addressing with linear probing, a few lines instead
/// of a tree (200,000 ids per first sync) or std's hash set (its code in the bundle).
#[derive(Clone, Debug, Default)]
struct IdSet {
    /// A power of two of slots (or none); `EMPTY` marks a free one.
    slots: Vec<u128>,
    len: usize,
}

/// No `id_key` is this: UUIDs have the top bit clear, hashes have bits 64–126 clear.
const EMPTY: u128 = u128::MAX;

impl IdSet {
    fn slot(&self, id: u128) -> usize {
        let mixed = (id as u64 ^ (id >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as usize & (self.slots.len() - 1)
    }

    /// Adds `id`; false if it was there already.
    fn insert(&mut self, id: u128) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            let grown = vec![EMPTY; (self.slots.len() * 2).max(1024)];
            let old = std::mem::replace(&mut self.slots, grown);
            self.len = 0;
            for id in old.into_iter().filter(|i| *i != EMPTY) {
                self.insert(id);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(id);
        loop {
            match self.slots[i] {
                EMPTY => {
                    self.slots[i] = id;
                    self.len += 1;
                    return true;
                }
                s if s == id => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

/// A statement id as a number: a UUID's 128 bits, or a hash of anything else. (Read as two
/// 64-bit halves: 128-bit shifts are slow in wasm.)
fn id_key(id: &str) -> u128 {
    let hash = || (1 << 127) | crate::hash::fnv1a64(id.as_bytes()) as u128;
    let b = id.as_bytes();
    // The form an LRS writes (8-4-4-4-12 digits), each half read from its own digits, with no
    // test per byte for a dash.
    if b.len() == 36 && b[8] == b'-' && b[13] == b'-' && b[18] == b'-' && b[23] == b'-' {
        let digits = |n: Option<u64>, from: usize, to: usize| {
            b[from..to].iter().try_fold(n?, |n, &c| match HEX[c as usize] {
                16.. => None,
                d => Some(n << 4 | d as u64),
            })
        };
        return match (digits(digits(digits(Some(0), 0, 8), 9, 13), 14, 18), digits(digits(Some(0), 19, 23), 24, 36)) {
            (Some(high), Some(low)) => ((high as u128) << 64 | low as u128) & !(1 << 127),
            _ => hash(),
        };
    }
    let (mut high, mut low, mut digits) = (0u64, 0u64, 0);
    for b in id.bytes() {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            b'-' => continue,
            _ => return hash(),
        };
        if digits == 32 {
            return hash();
        }
        high = high << 4 | low >> 60;
        low = low << 4 | d as u64;
        digits += 1;
    }
    if digits == 32 {
        ((high as u128) << 64 | low as u128) & !(1 << 127)
    } else {
        hash()
    }
}

/// Each byte's value as a hexadecimal digit; 16 or more for anything else.
const HEX: [u8; 256] = {
    let mut t = [16u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

fn new_report(key: &str, name: &str, course: &CourseIndex) -> Report {
    Report {
        name: if name.is_empty() { key.to_string() } else { name.to_string() },
        email: key.to_string(),
        team: String::new(),
        course_title: course.title.clone(),
        course_version: String::new(),
        generated_at: 0,
        lessons: course.lessons().map(|l| blank_entry(&l.id, Some(l))).collect(),
        misses: Default::default(),
    }
}

fn blank_lesson(course: &CourseIndex, id: &str) -> LessonResult {
    blank_entry(id, course.lessons().find(|l| l.id == id))
}

/// A lesson not started, from its catalogue entry (a report of 20,000 learners makes 20,000
/// of each: no search per lesson).
fn blank_entry(id: &str, entry: Option<&crate::course::LessonIndex>) -> LessonResult {
    LessonResult {
        id: id.to_string(),
        title: entry.map(|l| l.title.clone()).filter(|t| !t.is_empty()).unwrap_or_else(|| id.to_string()),
        required: entry.is_some_and(|l| l.required),
        status: LessonStatus::NotStarted,
        best_score: None,
        pass_mark: entry.map_or(0, |l| l.pass_mark),
        attempts: 0,
        passed_at: None,
        version: entry.map(|l| l.version.clone()).unwrap_or_default(),
        content_hash: entry.map(|l| l.content_hash.clone()).unwrap_or_default(),
    }
}

/// One event's effect on a lesson's result. Order does not matter: statements may come newest
/// first or oldest first, and the outcome is the same.
fn apply_event(lesson: &mut LessonResult, event: &Event, at: u64) {
    match event {
        Event::Finished { passed, score } => {
            lesson.attempts += 1;
            if let Some(score) = score {
                lesson.best_score = Some(lesson.best_score.map_or(*score, |b| b.max(*score)));
            }
            if *passed {
                lesson.status = LessonStatus::Passed;
                lesson.passed_at = Some(lesson.passed_at.map_or(at, |p| p.max(at)));
            } else if lesson.status != LessonStatus::Passed {
                lesson.status = LessonStatus::Failed;
            }
        }
        Event::Started | Event::Answered { .. } | Event::Conversation { .. } | Event::Flagged { .. } | Event::Seen => {
            if lesson.status == LessonStatus::NotStarted {
                lesson.status = LessonStatus::InProgress;
            }
        }
    }
}

/// A practice `answered` statement's response (the parts flagged, `1[,]4`, or a conversation's
/// report timing) read against the scenario's red flags (their ids, as `questions.txt` lists
/// them): each flag and whether the learner found it. `None` when the response is not a list of
/// parts.
pub fn practice_flags(response: &str, flags: &[String]) -> Option<Vec<(String, bool)>> {
    let flagged: Vec<&str> = if response.is_empty() { Vec::new() } else { response.split("[,]").collect() };
    if flagged.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(flags.iter().map(|f| (f.clone(), flagged.contains(&f.as_str()))).collect())
}

impl Sync {
    /// Puts what people miss, as read in this (complete) sync, into the learners' records, as
    /// a completion report would carry it (`misses::LearnerMisses`): the answers of each
    /// lesson's first attempt (the earliest answer to each question, up to the first finished
    /// attempt, if no attempt was finished in an earlier sync), attempts up to the first pass,
    /// and each conversation's latest "reported before any task". Independent of the order the
    /// statements came in; call it once, when the sync has read everything.
    pub fn finish(&mut self, team: &mut Team) {
        let finishes = std::mem::take(&mut self.finishes);
        let (keys, lessons, questions) = (&self.keys, &self.lessons, &self.questions);
        // Per learner and lesson with a finish in this sync (a number: learner, lesson), sorted:
        // (attempts of this sync counted so far, attempts finished before this sync, this
        // sync's first finish).
        let pair = |learner: u32, lesson: u16| (learner as u64) << 16 | lesson as u64;
        let mut pairs: Vec<u64> = finishes.iter().map(|f| pair(f.learner, f.lesson)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let slot = |learner: u32, lesson: u16| pairs.binary_search(&pair(learner, lesson)).ok();
        let mut per: Vec<(u32, u32, u64)> = vec![(0, 0, u64::MAX); pairs.len()];
        for f in &finishes {
            let Some(i) = slot(f.learner, f.lesson) else { continue };
            per[i].0 += 1;
            per[i].2 = per[i].2.min(f.at);
        }
        for (k, e) in pairs.iter().zip(per.iter_mut()) {
            let (learner, lesson) = (&keys[(k >> 16) as usize], &lessons[(k & 0xffff) as usize]);
            let total = team.learners.get(learner).and_then(|r| r.lessons.iter().find(|l| l.id == *lesson)).map_or(0, |l| l.attempts);
            *e = (0, total.saturating_sub(e.0), e.2);
        }
        // The learner's record, looked up again only when the learner changes.
        let mut current: Option<(u32, &mut Report)> = None;
        for i in in_time_order(&finishes, |f| f.at) {
            let f = &finishes[i];
            if current.as_ref().map(|c| c.0) != Some(f.learner) {
                current = team.learners.get_mut(&keys[f.learner as usize]).map(|r| (f.learner, r));
            }
            let (Some((_, report)), Some(e)) = (current.as_mut(), slot(f.learner, f.lesson).map(|i| &mut per[i])) else {
                continue;
            };
            e.0 += 1;
            let n = e.1 + e.0;
            let misses = lesson_misses(report, &lessons[f.lesson as usize]);
            if f.passed && misses.attempts_to_pass.is_none_or(|m| m > n) {
                misses.attempts_to_pass = Some(n);
            }
        }
        let answers = std::mem::take(&mut self.answers);
        let mut current: Option<(u32, &mut Report)> = None;
        for i in in_time_order(&answers, |a| a.at) {
            let a = &answers[i];
            if current.as_ref().map(|c| c.0) != Some(a.learner) {
                current = team.learners.get_mut(&keys[a.learner as usize]).map(|r| (a.learner, r));
            }
            let Some((_, report)) = current.as_mut() else { continue };
            let lesson = &lessons[a.lesson as usize];
            let (earlier, cutoff) = match slot(a.learner, a.lesson).map(|i| per[i]) {
                Some(e) => (e.1, e.2),
                // No attempt finished in this sync: every finished attempt is earlier.
                None => (report.lessons.iter().find(|l| l.id == *lesson).map_or(0, |l| l.attempts), u64::MAX),
            };
            if earlier > 0 || a.at > cutoff {
                continue;
            }
            let question = &questions[a.lesson as usize][a.question as usize];
            let misses = lesson_misses(report, lesson);
            if misses.first_attempt.iter().all(|q| q.question != *question) {
                misses.first_attempt.push(crate::misses::Answer { question: question.clone(), right: a.correct == Some(true), chosen: a.chosen });
            }
        }
        let conversations = std::mem::take(&mut self.conversations);
        for i in in_time_order(&conversations, |c| c.at) {
            let c = &conversations[i];
            let Some(report) = team.learners.get_mut(&keys[c.learner as usize]) else { continue };
            let lesson = &lessons[c.lesson as usize];
            let practice = &mut report.misses.practice;
            match practice.iter_mut().find(|p| p.lesson == *lesson && p.scenario == c.part) {
                Some(p) => p.reported_before_task = Some(c.passed),
                None => practice.push(crate::misses::PracticeResult {
                    lesson: lesson.clone(),
                    scenario: c.part.clone(),
                    flags: Vec::new(),
                    reported_before_task: Some(c.passed),
                }),
            }
        }
    }
}

impl Sync {
    /// `finish`, and then the red flags each learner found in each red-flag exercise and
    /// mock-up (the latest practice of each wins), read against the scenarios' red flags as the
    /// compiler lists them in `questions.txt` (`key`). Without the key, or for a scenario it
    /// does not list with red flags, practice statements add nothing.
    pub fn finish_with(&mut self, team: &mut Team, key: Option<&crate::misses::QuizKey>) {
        self.finish(team);
        let flagged = std::mem::take(&mut self.flagged);
        let Some(key) = key else { return };
        for i in in_time_order(&flagged, |f| f.at) {
            let f = &flagged[i];
            let lesson = &self.lessons[f.lesson as usize];
            let Some((_, _, flags)) = key.lesson(lesson).and_then(|l| l.scenarios.iter().find(|s| s.0 == f.scenario)) else { continue };
            let ids: Vec<String> = flags.iter().map(|(id, _)| id.clone()).collect();
            let (false, Some(found), Some(report)) = (ids.is_empty(), practice_flags(&f.response, &ids), team.learners.get_mut(&self.keys[f.learner as usize])) else {
                continue;
            };
            let practice = &mut report.misses.practice;
            match practice.iter_mut().find(|p| p.lesson == *lesson && p.scenario == f.scenario) {
                Some(p) => p.flags = found,
                None => practice.push(crate::misses::PracticeResult { lesson: lesson.clone(), scenario: f.scenario.clone(), flags: found, reported_before_task: None }),
            }
        }
    }
}

/// The indices of `items` by time, ties in their order. Sorts plain numbers (the time since the
/// earliest, up to about a thousand years, above the index), so the bundle carries one sort.
fn in_time_order<T>(items: &[T], at: impl Fn(&T) -> u64) -> Vec<usize> {
    const INDEX_BITS: u32 = 29;
    let earliest = items.iter().map(&at).min().unwrap_or(0);
    let mut keys: Vec<u64> =
        items.iter().enumerate().map(|(i, t)| (at(t) - earliest).min((1 << (64 - INDEX_BITS)) - 1) << INDEX_BITS | i as u64).collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| (k & ((1 << INDEX_BITS) - 1)) as usize).collect()
}

/// The misses entry of a learner's lesson, made if missing.
fn lesson_misses<'r>(report: &'r mut Report, lesson: &str) -> &'r mut crate::misses::LessonAnswers {
    let lessons = &mut report.misses.lessons;
    let i = match lessons.iter().position(|l| l.lesson == lesson) {
        Some(i) => i,
        None => {
            lessons.push(crate::misses::LessonAnswers { lesson: lesson.to_string(), attempts_to_pass: None, first_attempt: Vec::new() });
            lessons.len() - 1
        }
    };
    &mut lessons[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://learn.example/";

    fn course() -> CourseIndex {
        CourseIndex::read(
            r#"{"title":"Hooks","version":"3","parts":[{"title":"p","lessons":[
                {"id":"little-hook","title":"The little hook","required":true,"pass_mark":80,"version":"1","content_hash":"h1"},
                {"id":"travel","title":"Travel","required":false,"pass_mark":70,"version":"1","content_hash":"h2"}]}]}"#,
        )
        .expect("a catalogue")
    }

    fn stmt(id: &str, who: &str, verb: &str, object: &str, ts: &str, extra: &str) -> String {
        let actor = if who.contains('@') {
            format!(r#"{{"objectType":"Agent","name":"N {who}","mbox":"mailto:{who}"}}"#)
        } else {
            format!(r#"{{"objectType":"Agent","account":{{"homePage":"https://learn.example/","name":"{who}"}}}}"#)
        };
        format!(
            r#"{{"id":"{id}","actor":{actor},"verb":{{"id":"http://adlnet.gov/expapi/verbs/{verb}"}},"object":{{"objectType":"Activity","id":"{BASE}{object}"}},"timestamp":"{ts}","stored":"{ts}"{extra}}}"#
        )
    }

    fn page(statements: &[String], more: Option<&str>) -> String {
        let more = more.map(|m| format!(r#","more":"{m}""#)).unwrap_or_default();
        format!(r#"{{"statements":[{}]{more}}}"#, statements.join(","))
    }

    fn passed(id: &str, who: &str, score: u8, ts: &str) -> String {
        stmt(id, who, "passed", "lessons/little-hook", ts, &format!(r#","result":{{"score":{{"raw":{score},"scaled":0.9}},"success":true}}"#))
    }

    fn failed(id: &str, who: &str, score: u8, ts: &str) -> String {
        stmt(id, who, "failed", "lessons/little-hook", ts, &format!(r#","result":{{"score":{{"raw":{score}}},"success":false}}"#))
    }

    fn sync_all(sync: &mut Sync, team: &mut Team, text: &str) {
        sync.apply(team, &course(), read_page(text.as_bytes()).expect("a page"));
    }

    #[test]
    fn the_id_set_holds_each_id_once_as_it_grows() {
        let mut set = IdSet::default();
        let ids: Vec<u128> = (0..5000u32).map(|n| id_key(&uuid(n))).chain((0..5000).map(|n| id_key(&format!("tag:{n}")))).collect();
        assert!(ids.iter().all(|id| set.insert(*id)));
        assert!(ids.iter().all(|id| !set.insert(*id)));
        assert_eq!(set.len, 10_000);
        assert!(set.insert(0) && !set.insert(0), "the all-zero UUID is an id like any other");
    }

    #[test]
    fn statement_ids_read_as_the_128_bit_form_read_them() {
        // The earlier form (one 128-bit number, a digit at a time): the same key for every id.
        fn before(id: &str) -> u128 {
            let mut n: u128 = 0;
            let mut digits = 0;
            for b in id.bytes() {
                match (b as char).to_digit(16) {
                    Some(d) if digits < 32 => {
                        n = n << 4 | d as u128;
                        digits += 1;
                    }
                    None if b == b'-' => {}
                    _ => return (1 << 127) | crate::hash::fnv1a64(id.as_bytes()) as u128,
                }
            }
            if digits == 32 {
                n & !(1 << 127)
            } else {
                (1 << 127) | crate::hash::fnv1a64(id.as_bytes()) as u128
            }
        }
        let mut ids: Vec<String> = (0..2000u32).map(uuid).collect();
        ids.extend(ids.clone().iter().map(|u| u.to_uppercase()));
        ids.extend(ids.clone().iter().map(|u| u.replace('-', "")));
        for odd in ["", "-", "f", "ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff0", "0ffffffff-ffff-ffff-ffff-fffffffffff",
            "1234567-1234-1234-1234-1234567890ab", "g2345678-1234-1234-1234-1234567890ab", "é2345678-1234-1234-1234-1234567890ab", "12345678-1234-1234-1234-1234567890aé",
            "12345678 1234-1234-1234-1234567890ab", "tag:42", "--12345678123412341234123456789-0ab--"] {
            ids.push(odd.to_string());
        }
        for id in &ids {
            assert_eq!(id_key(id), before(id), "{id}");
        }
    }

    #[test]
    fn a_pseudonymous_actor_is_an_account_without_a_name() {
        let lms = r#"{"objectType":"Agent","name":"Ada","account":{"homePage":"https://lms.example","name":"u-42"}}"#;
        assert_eq!(
            pseudonymous_actor(Some(lms)).as_deref(),
            Some(r#"{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"u-42"}}"#)
        );
        assert_eq!(pseudonymous_actor(Some(r#"{"mbox":"mailto:ada@example.com","name":"Ada"}"#)), None);
        assert_eq!(pseudonymous_actor(None), None);
    }

    #[test]
    fn basic_auth_is_base64_of_utf8() {
        assert_eq!(basic_auth("hookwise", "a-test-only-password"), "Basic aG9va3dpc2U6YS10ZXN0LW9ubHktcGFzc3dvcmQ=");
        assert_eq!(basic_auth("a", "b"), "Basic YTpi");
        assert_eq!(basic_auth("ü", ""), "Basic w7w6");
    }

    #[test]
    fn times_parse_with_zones_and_fractions() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_time("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(parse_time("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time("2026-12-06T06:32:23.123456+00:00"), Some(1_796_538_743_123));
        assert_eq!(parse_time("2024-02-29T12:00:00"), Some(1_709_208_000_000));
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-12-06T06:32:23.Z", "2026-12-06T06:32:23Zjunk"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_more_hint_finds_a_plain_link_near_either_end_and_guesses_nothing_else() {
        let filler = "x".repeat(10_000);
        let s = |id: &str| stmt(id, "a@example.com", "initialized", "lessons/little-hook", "2026-01-01T00:00:00Z", &format!(r#","result":{{"response":"{filler}"}}"#));
        let last = page(&[s(&uuid(1))], Some("/xAPI/statements?page=2"));
        assert_eq!(more_hint(last.as_bytes()), Some("/xAPI/statements?page=2"));
        let first = format!(r#"{{ "more" :  "/xAPI/statements?page=3", "statements":[{}]}}"#, s(&uuid(2)));
        assert_eq!(more_hint(first.as_bytes()), Some("/xAPI/statements?page=3"));
        assert_eq!(more_hint(page(&[s(&uuid(3))], None).as_bytes()), None);
        // An escape or a link the page does not end with: no guess (the page read decides).
        assert_eq!(more_hint(br#"{"statements":[],"more":"/xAPI/statements?a=\u0031"}"#), None);
        assert_eq!(more_hint(b"{\"statements\":[],\"more\":"), None);
        // A guess is only a guess: here a statement's own bytes, which `read_page` does not take.
        let odd = r#"{"statements":[{"more":"/elsewhere"}]}"#;
        assert_eq!(more_hint(odd.as_bytes()), Some("/elsewhere"));
        assert_eq!(read_page(odd.as_bytes()).expect("a page").more, None);
    }

    /// The page fetcher (`team/lrs-pages.js`, a worker with no wasm) asks for the next page with
    /// its own copy of `more_hint` and `next_url`; both are held to one list of cases, which
    /// `tests/e2e/lrs-fetcher.test.mjs` runs against the copy.
    #[test]
    fn the_fetchers_guess_and_the_cores_agree_on_every_case() {
        let list: serde_json::Value = serde_json::from_str(include_str!("../../../tests/fixtures/next-page.json")).expect("the cases");
        let cases = list["cases"].as_array().expect("a list of cases");
        assert!(cases.len() >= 10);
        for case in cases {
            let pad = "x".repeat(case["pad"].as_u64().unwrap_or(0) as usize);
            let page = case["page"].as_str().expect("a page").replace("{pad}", &pad);
            let endpoint = case["endpoint"].as_str().expect("an endpoint");
            let guess = more_hint(page.as_bytes()).and_then(|more| next_url(endpoint, more));
            assert_eq!(guess.as_deref(), case["next"].as_str(), "{}", case["why"]);
        }
    }

    #[test]
    fn urls_filter_by_course_and_follow_more_on_the_endpoint() {
        assert_eq!(
            statements_url("/lrs/xAPI", BASE, Some("2026-01-01T00:00:00+00:00")),
            "/lrs/xAPI/statements?activity=https%3A%2F%2Flearn.example%2Fcourse&related_activities=true&limit=500&since=2026-01-01T00%3A00%3A00%2B00%3A00"
        );
        // Ralph's `more` is relative to its own root; behind a proxy it keeps the endpoint.
        assert_eq!(next_url("/lrs/xAPI/", "/xAPI/statements/?pit_id=x&search_after=y").as_deref(), Some("/lrs/xAPI/statements?pit_id=x&search_after=y"));
        assert_eq!(next_url("https://lrs.example/x/", "https://evil.example/x/statements?a=1").as_deref(), Some("https://lrs.example/x/statements?a=1"));
        assert_eq!(next_url("/x/", ""), None);
        assert_eq!(next_url("/x/", "/somewhere/else"), None);
    }

    #[test]
    fn statements_become_learner_records() {
        let mut team = Team::default();
        let mut sync = Sync::new(BASE, &SyncPoint::default());
        let text = page(
            &[
                stmt("00000000-0000-4000-8000-000000000001", "ana@example.com", "initialized", "lessons/little-hook", "2026-01-01T10:00:00Z", ""),
                failed("00000000-0000-4000-8000-000000000002", "ana@example.com", 60, "2026-01-01T10:05:00Z"),
                passed("00000000-0000-4000-8000-000000000003", "ana@example.com", 90, "2026-01-02T10:05:00Z"),
                stmt("00000000-0000-4000-8000-000000000004", "u-7f3a", "initialized", "lessons/travel", "2026-01-03T10:00:00Z", ""),
                // The course itself: nothing to show, not a problem.
                stmt("00000000-0000-4000-8000-000000000005", "u-7f3a", "initialized", "course", "2026-01-03T10:00:00Z", ""),
            ],
            None,
        );
        sync_all(&mut sync, &mut team, &text);
        assert_eq!((sync.read, sync.applied), (5, 4));
        assert!(sync.problems.is_empty());
        let ana = &team.learners["ana@example.com"];
        assert_eq!((ana.name.as_str(), ana.course_title.as_str()), ("N ana@example.com", "Hooks"));
        let hook = &ana.lessons[0];
        assert_eq!((hook.status, hook.best_score, hook.attempts, hook.pass_mark, hook.required), (LessonStatus::Passed, Some(90), 2, 80, true));
        assert_eq!(hook.passed_at, parse_time("2026-01-02T10:05:00Z"));
        assert_eq!(ana.lessons[1].status, LessonStatus::NotStarted);
        // A pseudonymous learner: known by the account id, which the roster maps to a name.
        let anon = &team.learners["u-7f3a"];
        assert_eq!((anon.name.as_str(), anon.email.as_str()), ("u-7f3a", "u-7f3a"));
        assert_eq!(anon.lessons[1].status, LessonStatus::InProgress);
        assert_eq!(sync.point(5).since.as_deref(), Some("2026-01-03T10:00:00Z"));
        assert_eq!(sync.point(5).at_since.len(), 2);
    }

    #[test]
    fn order_does_not_matter_and_nothing_counts_twice() {
        let a = passed("00000000-0000-4000-8000-00000000000a", "bo@example.com", 85, "2026-02-01T00:00:00Z");
        let b = failed("00000000-0000-4000-8000-00000000000b", "bo@example.com", 40, "2026-01-01T00:00:00Z");
        let mut forward = Team::default();
        sync_all(&mut Sync::new(BASE, &SyncPoint::default()), &mut forward, &page(&[a.clone(), b.clone()], None));
        let mut backward = Team::default();
        let mut sync = Sync::new(BASE, &SyncPoint::default());
        sync_all(&mut sync, &mut backward, &page(std::slice::from_ref(&b), None));
        // Resumed after an outage: the same page again, then the rest.
        sync_all(&mut sync, &mut backward, &page(&[b.clone(), a.clone()], None));
        assert_eq!(forward, backward);
        assert_eq!(backward.learners["bo@example.com"].lessons[0].attempts, 2);
        // The next sync starts at the newest `stored`, and skips what it returns again there.
        let point = sync.point(1);
        let mut next = Sync::new(BASE, &point);
        sync_all(&mut next, &mut backward, &page(&[a], None));
        assert_eq!((next.read, next.applied), (0, 0));
        assert_eq!(backward.learners["bo@example.com"].lessons[0].attempts, 2);
    }

    #[test]
    fn bad_statements_are_counted_and_the_rest_still_read() {
        let mut team = Team::default();
        let mut sync = Sync::new(BASE, &SyncPoint::default());
        let good = passed("00000000-0000-4000-8000-000000000001", "ana@example.com", 90, "2026-01-02T10:05:00Z");
        let other_version = stmt("00000000-0000-4000-8000-000000000002", "bo@example.com", "passed", "lessons/little-hook", "2026-01-02T10:05:00Z", r#","version":"2.0.0""#);
        let unknown = stmt("00000000-0000-4000-8000-000000000003", "bo@example.com", "passed", "lessons/retired", "2026-01-02T10:05:00Z", "");
        let no_time = stmt("00000000-0000-4000-8000-000000000004", "bo@example.com", "passed", "lessons/little-hook", "soon", "");
        let text = page(&[good, other_version, unknown, no_time, "42".into(), r#"{"actor":"me"}"#.into()], None);
        sync_all(&mut sync, &mut team, &text);
        assert_eq!((sync.read, sync.applied), (6, 1));
        assert_eq!(sync.problems.malformed, 3);
        assert_eq!(sync.problems.other_version, 1);
        assert_eq!(sync.problems.unknown_lessons.iter().collect::<Vec<_>>(), ["retired"]);
        assert_eq!(team.learners.len(), 1, "nothing is made of a bad statement");
        let messages = sync.problems.messages().join(" ");
        assert!(messages.contains("another xAPI version") && messages.contains("(retired)"), "{messages}");
        assert!(read_page(b"<html>proxy error</html>").is_err());
        assert!(read_page(br#"{"error":"x"}"#).is_err());
    }

    fn answered(id: &str, who: &str, question: &str, ts: &str, ok: bool, response: &str) -> String {
        let object = format!("lessons/little-hook/questions/{question}");
        stmt(id, who, "answered", &object, ts, &format!(r#","result":{{"success":{ok},"response":"{response}"}}"#))
    }

    fn uuid(n: u32) -> String {
        format!("00000000-0000-4000-8000-{n:012}")
    }

    #[test]
    fn a_practice_response_is_read_against_the_scenarios_flags() {
        let flags = ["1".to_string(), "4".to_string()];
        assert_eq!(practice_flags("1[,]2", &flags), Some(vec![("1".to_string(), true), ("4".to_string(), false)]));
        assert_eq!(practice_flags("", &flags), Some(vec![("1".to_string(), false), ("4".to_string(), false)]));
        assert_eq!(practice_flags("after-task", &flags), None);
    }

    #[test]
    fn red_flags_found_in_practice_reach_what_people_miss() {
        use crate::misses::{aggregate, csv, percent, QuizKey, KEY_HEADER};
        let key = QuizKey::parse(&format!(
            "{KEY_HEADER}\nlesson\tlittle-hook\tThe little hook\nscenario\tspot-it\tSpot the flags\nflag\t1\tA gift out of the blue\nflag\t4\tAsks to keep it quiet\nscenario\tcoffee\tCoffee\n"
        ))
        .expect("a key");
        let practised = |n: u32, who: &str, scenario: &str, ts: &str, response: &str| {
            let object = format!("lessons/little-hook/practice/{scenario}");
            stmt(&uuid(n), who, "answered", &object, ts, &format!(r#","result":{{"score":{{"raw":50}},"response":"{response}"}}"#))
        };
        let statements = [
            // Ana flagged part 1 (a red flag) and part 2 (harmless) at first, then both red flags.
            practised(1, "ana@example.com", "spot-it", "2026-01-01T09:00:00Z", "1[,]2"),
            practised(2, "ana@example.com", "spot-it", "2026-01-02T09:00:00Z", "1[,]4"),
            // Bo flagged nothing.
            practised(3, "bo@example.com", "spot-it", "2026-01-01T09:00:00Z", ""),
            // A conversation's response, and a part list for a scenario without red flags: no flags.
            practised(4, "bo@example.com", "coffee", "2026-01-01T10:00:00Z", "before-task"),
            practised(5, "cy@example.com", "coffee", "2026-01-01T10:00:00Z", "1"),
        ];
        let run = |statements: &[String], key: Option<&QuizKey>| {
            let mut team = Team::default();
            let mut sync = Sync::new(BASE, &SyncPoint::default());
            sync_all(&mut sync, &mut team, &page(statements, None));
            assert!(sync.problems.is_empty(), "{:?}", sync.problems);
            sync.finish_with(&mut team, key);
            team
        };
        let team = run(&statements, Some(&key));
        let flags = |who: &str| team.learners[who].misses.practice.iter().find(|p| p.scenario == "spot-it").map(|p| p.flags.clone());
        assert_eq!(flags("ana@example.com"), Some(vec![("1".into(), true), ("4".into(), true)]), "the latest practice wins");
        assert_eq!(flags("bo@example.com"), Some(vec![("1".into(), false), ("4".into(), false)]));
        assert!(team.learners["cy@example.com"].misses.practice.is_empty(), "a scenario without red flags adds none");
        let reversed: Vec<String> = statements.iter().rev().cloned().collect();
        assert_eq!(run(&reversed, Some(&key)), team, "any order gives the same");
        // The figures and the CSV, as from imported reports: each red flag's share found.
        let m = aggregate(team.learners.values().map(|r| &r.misses));
        let shares: Vec<(&str, u32, u8)> = m.flags.iter().map(|f| (f.flag.as_str(), f.total, percent(f.found, f.total))).collect();
        assert_eq!(shares, [("1", 2, 50), ("4", 2, 50)]);
        let text = csv(&m, Some(&key), &[]);
        assert!(text.contains("\"Red flag: found\",\"The little hook\",\"Spot the flags: A gift out of the blue\",\"2\",\"50%\""), "{text}");
        // Without the course's words (questions.txt), practice statements add no red flags.
        let without = run(&statements, None);
        assert!(without.learners.values().all(|r| r.misses.practice.iter().all(|p| p.flags.is_empty())));
    }

    #[test]
    fn answers_attempts_and_conversations_reach_what_people_miss() {
        use crate::misses::{aggregate, Answer as Given, LessonAnswers};
        // Newest first, as an LRS returns them: a failed first attempt, then a pass.
        let statements = [
            passed(&uuid(6), "ana@example.com", 90, "2026-01-02T10:05:00Z"),
            answered(&uuid(5), "ana@example.com", "q1", "2026-01-02T10:04:00Z", true, "b"),
            failed(&uuid(4), "ana@example.com", 50, "2026-01-01T10:05:00Z"),
            answered(&uuid(3), "ana@example.com", "q2", "2026-01-01T10:03:00Z", true, "true"),
            answered(&uuid(2), "ana@example.com", "q1", "2026-01-01T10:02:00Z", false, "a[,]c"),
            stmt(&uuid(1), "ana@example.com", "answered", "lessons/little-hook/practice/coffee", "2026-01-01T09:00:00Z", r#","result":{"response":"before-task"}"#),
            stmt(&uuid(7), "u-7f3a", "answered", "lessons/little-hook/practice/coffee", "2026-01-01T09:00:00Z", r#","result":{"response":"after-task"}"#),
        ];
        let mut forward = Team::default();
        let mut sync = Sync::new(BASE, &SyncPoint::default());
        sync_all(&mut sync, &mut forward, &page(&statements, None));
        assert!(sync.problems.is_empty(), "a practice statement is about a lesson: {:?}", sync.problems);
        sync.finish(&mut forward);
        let ana = &forward.learners["ana@example.com"].misses;
        let first = vec![Given { question: "q1".into(), right: false, chosen: 0b101 }, Given { question: "q2".into(), right: true, chosen: 1 }];
        assert_eq!(ana.lessons, [LessonAnswers { lesson: "little-hook".into(), attempts_to_pass: Some(2), first_attempt: first }]);
        assert_eq!(ana.practice[0].reported_before_task, Some(true));
        // The same statements in the other order give the same records.
        let mut backward = Team::default();
        let mut sync = Sync::new(BASE, &SyncPoint::default());
        let reversed: Vec<String> = statements.iter().rev().cloned().collect();
        sync_all(&mut sync, &mut backward, &page(&reversed, None));
        sync.finish(&mut backward);
        assert_eq!(forward, backward);
        // The dashboard's tables, as from imported reports.
        let m = aggregate(forward.learners.values().map(|r| &r.misses));
        assert_eq!(m.questions.iter().map(|q| (q.question.as_str(), q.share_right())).collect::<Vec<_>>(), [("q1", 0), ("q2", 100)]);
        assert_eq!(m.questions[0].most_chosen_wrong(Some(0b10)).map(|(i, _)| i), Some(0));
        assert_eq!((m.lessons[0].passed(), m.lessons[0].total_attempts), (1, 2));
        assert_eq!((m.conversations[0].before_task, m.conversations[0].total), (1, 2));
        // A later sync: a third attempt's answers are not the first attempt's; attempts to
        // pass stay as they were.
        let point = sync.point(1);
        let mut next = Sync::new(BASE, &point);
        let later = [answered(&uuid(9), "ana@example.com", "q3", "2026-02-01T10:00:00Z", true, "a"), passed(&uuid(10), "ana@example.com", 100, "2026-02-01T10:05:00Z")];
        sync_all(&mut next, &mut forward, &page(&later, None));
        next.finish(&mut forward);
        let ana = &forward.learners["ana@example.com"].misses.lessons[0];
        assert_eq!((ana.attempts_to_pass, ana.first_attempt.len()), (Some(2), 2));
    }

    /// A varied stream (answers, attempts, conversations, red flags, accounts, capitals,
    /// duplicates, bad and foreign statements, pages in random order, a second sync on top),
    /// aggregated: the team data and sync point, byte for byte, as the string-keyed version of
    /// `Sync` (third session) made them. Guards the interned ids and page-local sync point.
    #[test]
    fn a_varied_stream_gives_the_same_records_as_before() {
        use crate::misses::{QuizKey, KEY_HEADER};
        let key = QuizKey::parse(&format!(
            "{KEY_HEADER}\nlesson\tlittle-hook\tThe little hook\nscenario\tspot-it\tSpot the flags\nflag\t1\tA gift\nflag\t4\tQuiet\nscenario\tcoffee\tCoffee\n"
        ))
        .expect("a key");
        let mut rng = crate::rng::SplitMix64::new(18);
        let mut all = Vec::new();
        let mut n = 0u32;
        let mut id = || {
            n += 1;
            uuid(n)
        };
        for i in 0..240u32 {
            let who = match i % 6 {
                4 => format!("u-{i}"),
                5 => format!("Learner{i}@Example.com"),
                _ => format!("l{i}@example.com"),
            };
            let ts = |m: u32| format!("2026-01-{:02}T{:02}:{:02}:00Z", 1 + i % 27, m / 60 % 24, m % 60);
            for lesson in ["little-hook", "travel"] {
                let object = |rest: &str| format!("lessons/{lesson}{rest}");
                all.push(stmt(&id(), &who, "initialized", &object(""), &ts(i % 7), ""));
                for (k, q) in ["q1", "q2", "q3"].iter().enumerate() {
                    let response = ["a", "b[,]c", "true", ""][(i as usize + k) % 4];
                    let ok = !(i + k as u32).is_multiple_of(3);
                    all.push(stmt(&id(), &who, "answered", &object(&format!("/questions/{q}")), &ts(10 + k as u32 + i % 5), &format!(r#","result":{{"success":{ok},"response":"{response}"}}"#)));
                }
                let score = 30 + (i * 7) % 70;
                let verb = if i % 4 == 1 { "failed" } else { "passed" };
                all.push(stmt(&id(), &who, verb, &object(""), &ts(20 + i % 3), &format!(r#","result":{{"score":{{"raw":{score}}},"success":{}}}"#, verb == "passed")));
                if i % 3 == 0 {
                    all.push(stmt(&id(), &who, "passed", &object(""), &ts(40), r#","result":{"score":{"scaled":0.95}}"#));
                }
            }
            let timing = ["before-task", "after-task", "never", "after-sharing"][i as usize % 4];
            all.push(stmt(&id(), &who, "answered", "lessons/little-hook/practice/coffee", &ts(5), &format!(r#","result":{{"response":"{timing}"}}"#)));
            let parts = ["1", "1[,]4", "", "2[,]4"][i as usize % 4];
            all.push(stmt(&id(), &who, "answered", "lessons/little-hook/practice/spot-it", &ts(6 + i % 2), &format!(r#","result":{{"response":"{parts}"}}"#)));
            if i % 50 == 0 {
                all.push(stmt(&id(), &who, "passed", "lessons/not-here", &ts(3), ""));
                all.push(r#"{"id":"x","verb":7}"#.to_string());
                all.push(stmt(&id(), &who, "completed", "course", &ts(3), r#","version":"2.0.0""#));
            }
        }
        // Some statements twice (an LRS repeating them), in a random order, in pages of 97.
        let repeats: Vec<String> = (0..200).map(|_| all[rng.below(all.len())].clone()).collect();
        all.extend(repeats);
        rng.shuffle(&mut all);
        let (first, second) = all.split_at(all.len() * 3 / 4);
        let mut team = Team::default();
        let mut point = SyncPoint::default();
        let mut figures = Vec::new();
        for part in [first, second] {
            let mut sync = Sync::new(BASE, &point);
            for chunk in part.chunks(97) {
                sync_all(&mut sync, &mut team, &page(chunk, None));
            }
            sync.finish_with(&mut team, Some(&key));
            figures.push((sync.read, sync.applied, sync.changed.len(), sync.problems.messages()));
            point = sync.point(7);
        }
        let text = format!("{}\n{:?}\n{:?}", crate::team::encode_team(&team), point, figures);
        assert!(text.contains("q1:") && text.contains("~ ") && text.contains("Learner5@Example.com"), "every kind is in it");
        assert_eq!((text.len(), crate::hash::fnv1a64(text.as_bytes())), (60613, 853985765257174155), "{}", &text[text.len() - 600..]);
    }
}
