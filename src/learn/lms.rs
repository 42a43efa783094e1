//! The bridge to a learning platform: a SCORM LMS that launched this page, and/or an xAPI
//! learning record store. Everything it says is computed by `hookwise_core::lms`; this module
//! only finds the LMS's JavaScript API, carries values to it, and hands statements to `xapi`.
//!
//! With no launch parameters, no API and no LRS configuration, every function here returns at
//! once: the app runs as the ordinary local app and makes no request of its own.

use std::cell::RefCell;
use std::rc::Rc;

use hookwise_core::cmi5;
use hookwise_core::lesson::Lesson;
use hookwise_core::lms::{self, ApiMethod, Conversation, QuizEvent, Scorm};
use hookwise_core::progress::{PracticeResult, Progress};
use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use hookwise_web::platform::{now, query_param};
use hookwise_web::state::{Heard, Learner};
use leptos::prelude::{GetUntracked, WithUntracked};

/// How this page was launched: `index.html?lesson=<id>&scorm=1.2|2004` inside an LMS package.
#[derive(Clone, Debug, PartialEq)]
pub struct Launch {
    pub lesson: String,
    pub scorm: Option<Scorm>,
}

struct Session {
    api: JsValue,
    /// Every rule of what to write, and when, is the core's.
    talk: Conversation,
}

#[derive(Default)]
struct Bridge {
    launch: Option<Launch>,
    scorm: Option<Session>,
    lesson: Option<Rc<Lesson>>,
    learner: Option<Learner>,
    opened_at: u64,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = RefCell::new(Bridge::default());
}

/// Reads the launch, connects to the LMS and the LRS if there are any. Called once, before
/// the app mounts; returns the launch when the page is one lesson of an LMS package.
pub fn start() -> Option<Launch> {
    // A cmi5 launch has its own statements; otherwise the xAPI configuration, if any.
    if !crate::cmi5::start() {
        crate::xapi::configure();
    }
    let lesson = query_param("lesson").filter(|id| hookwise_core::route::LessonId::parse(id).is_some());
    let launch = lesson.map(|lesson| {
        let session = connect(query_param("scorm").and_then(|v| Scorm::from_param(&v)));
        let launch = Launch { lesson, scorm: session.as_ref().map(|s| s.talk.version) };
        hookwise_web::platform::set_embedded();
        BRIDGE.with_borrow_mut(|b| {
            b.launch = Some(launch.clone());
            b.scorm = session;
        });
        launch
    });
    if active() {
        // Leaving the page (another page of the site, closing the tab, or the LMS unloading
        // the SCO) ends the lesson: `terminated` for the LRS, and finish for the LMS (a cmi5
        // session is kept for a reload: see `crate::cmi5`).
        let handle = leptos::prelude::window_event_listener_untyped("pagehide", |_| finish());
        std::mem::forget(handle);
    }
    launch
}

/// True when the page is one lesson launched from an LMS package (with or without an API).
pub use hookwise_web::platform::embedded;

/// Whether any platform listens: an LMS session or a configured LRS. When none does, the app
/// does none of this module's work (no copies, no diffs).
pub fn active() -> bool {
    connected().is_some() || crate::xapi::configured() || crate::cmi5::launched()
}

/// The launched lesson's SCORM connection, for the page to say whether results reach the LMS.
pub fn connected() -> Option<Scorm> {
    BRIDGE.with_borrow(|b| b.scorm.as_ref().map(|s| s.talk.version))
}

// --- the SCORM API ----------------------------------------------------------------------------

/// Looks for the LMS's API object in this window, its parents, and the opener and its parents,
/// as the SCORM run-time specification describes.
fn find_api(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let mut starts = vec![JsValue::from(window.clone())];
    if let Ok(opener) = window.opener() {
        if opener.is_object() {
            starts.push(opener);
        }
    }
    for start in starts {
        let mut current: JsValue = start;
        for _ in 0..10 {
            // A parent on another origin throws on access; that ends this search path.
            match Reflect::get(&current, &JsValue::from_str(name)) {
                Ok(api) if api.is_object() => return Some(api),
                Ok(_) => {}
                Err(_) => break,
            }
            let Ok(parent) = Reflect::get(&current, &JsValue::from_str("parent")) else { break };
            if !parent.is_object() || js_sys::Object::is(&parent, &current) {
                break;
            }
            current = parent;
        }
    }
    None
}

fn call(api: &JsValue, method: &str, args: &[&str]) -> Option<String> {
    let f: Function = Reflect::get(api, &JsValue::from_str(method)).ok()?.dyn_into().ok()?;
    let result = match args {
        [] => f.call0(api),
        [a] => f.call1(api, &JsValue::from_str(a)),
        [a, b] => f.call2(api, &JsValue::from_str(a), &JsValue::from_str(b)),
        _ => return None,
    };
    let value = result.ok()?;
    Some(value.as_string().unwrap_or_else(|| if value.is_truthy() { "true".into() } else { "false".into() }))
}

fn method(version: Scorm, method: ApiMethod) -> &'static str {
    version.method_name(method)
}

fn connect(wanted: Option<Scorm>) -> Option<Session> {
    let order: &[Scorm] = match wanted {
        Some(Scorm::V12) => &[Scorm::V12],
        Some(Scorm::V2004) => &[Scorm::V2004],
        None => &[Scorm::V2004, Scorm::V12],
    };
    let (version, api) = order.iter().find_map(|v| find_api(v.api_name()).map(|api| (*v, api)))?;
    if call(&api, method(version, ApiMethod::Initialize), &[""]).as_deref() != Some("true") {
        web_sys::console::warn_1(&"hookwise: the LMS refused to start the session".into());
        return None;
    }
    let get = |key: &str| call(&api, method(version, ApiMethod::GetValue), &[key]).unwrap_or_default();
    let talk = Conversation::open(version, get, now());
    Some(Session { api, talk })
}

impl Session {
    /// Carries the core's writes to the LMS, then commits if there were any.
    fn write(&self, writes: Vec<(String, String)>) {
        if writes.is_empty() {
            return;
        }
        let set = method(self.talk.version, ApiMethod::SetValue);
        for (key, value) in &writes {
            if call(&self.api, set, &[key, value]).as_deref() != Some("true") {
                web_sys::console::warn_1(&format!("hookwise: the LMS refused {key}").into());
            }
        }
        call(&self.api, method(self.talk.version, ApiMethod::Commit), &[""]);
    }
}

// --- what the app tells the bridge ------------------------------------------------------------

/// A lesson page has loaded `lesson`. In an LMS, its quiz in progress comes back from
/// `suspend_data` (the LMS, not this browser, holds the learner's state), and the LMS hears
/// that the lesson has started.
pub fn lesson_opened(lesson: &Lesson, learner: Learner) {
    if !active() {
        return;
    }
    let open = BRIDGE.with_borrow(|b| b.lesson.as_ref().map(|l| l.info.id == lesson.info.id));
    match open {
        Some(true) => return,
        // Another lesson of the app was open (a link between lessons): it ends first.
        Some(false) => lesson_closed(),
        None => {}
    }
    let lesson = Rc::new(lesson.clone());
    let restored = BRIDGE.with_borrow_mut(|b| {
        b.lesson = Some(lesson.clone());
        b.learner = Some(learner);
        b.opened_at = now();
        let launched = b.launch.as_ref().is_some_and(|l| l.lesson == lesson.info.id);
        let s = b.scorm.as_mut().filter(|_| launched)?;
        lms::decode_suspend(&lesson, &s.talk.take_suspend(), now())
    });
    if let Some(quiz) = restored {
        learner.restore(|p| {
            let keep_local = p.in_progress.get(&lesson.info.id).is_some_and(|q| q.seed == quiz.seed && q.checked.len() >= quiz.checked.len());
            if !keep_local {
                p.in_progress.insert(lesson.info.id.clone(), quiz);
            }
        });
    }
    let progress = learner.progress.get_untracked();
    BRIDGE.with_borrow_mut(|b| {
        if let Some(s) = b.scorm.as_mut() {
            let writes = s.talk.heard(&lesson, &[], &progress);
            s.write(writes);
        }
    });
    crate::xapi::lesson_event(&lesson, lms::VERB_INITIALIZED, None, progress.profile.as_ref());
    crate::cmi5::event(&lesson, cmi5::Event::Opened);
}

/// The learner left the lesson page (another page of the app).
pub fn lesson_closed() {
    if let Some(lesson) = lesson_left() {
        crate::cmi5::event(&lesson, cmi5::Event::Closed);
    }
}

/// The lesson ends for the LRS (`terminated`); returns it, if one was open.
fn lesson_left() -> Option<Rc<Lesson>> {
    let (lesson, spent, learner) = BRIDGE.with_borrow_mut(|b| b.lesson.take().map(|l| (l, now().saturating_sub(b.opened_at), b.learner)))?;
    let profile = learner.and_then(|l| l.progress.with_untracked(|p| p.profile.clone()));
    crate::xapi::lesson_event(&lesson, lms::VERB_TERMINATED, Some(spent), profile.as_ref());
    Some(lesson)
}

/// The learner's listener (`Learner::listen`): when any platform listens (`active`), it hears
/// quiz events and finished practice; otherwise nothing is done.
pub fn listener(heard: Heard<'_>, progress: &Progress) {
    if !active() {
        return;
    }
    match heard {
        Heard::Quiz { lesson_id, events } => self::heard(lesson_id, events, progress),
        Heard::Practised(result) => practised(result, progress),
    }
}

/// The learner acted in the open lesson's quiz (`events`, from the core's quiz actions), and
/// their progress is now `progress`: the LMS gets the writes the core's conversation returns
/// (resume state too, when no event happened), and the LRS the statements.
pub fn heard(lesson_id: &str, events: &[QuizEvent], progress: &Progress) {
    let Some(lesson) = BRIDGE.with_borrow(|b| b.lesson.clone()).filter(|l| l.info.id == lesson_id) else { return };
    BRIDGE.with_borrow_mut(|b| {
        if b.launch.as_ref().is_none_or(|l| l.lesson != lesson.info.id) {
            return;
        }
        if let Some(s) = b.scorm.as_mut() {
            let writes = s.talk.heard(&lesson, events, progress);
            s.write(writes);
        }
    });
    for event in events {
        match event {
            QuizEvent::Answered { question, chosen } => {
                crate::xapi::answered(&lesson, *question, chosen, progress.profile.as_ref());
                crate::cmi5::event(&lesson, cmi5::Event::Answered { question: *question, chosen: chosen.clone() });
            }
            QuizEvent::Finished(attempt) => {
                crate::xapi::finished(&lesson, attempt, progress.profile.as_ref());
                crate::cmi5::event(&lesson, cmi5::Event::Finished(attempt.clone()));
            }
        }
    }
}

/// The learner finished a practice scenario of the open lesson: the LRS hears it (`answered`
/// with the score and, for a conversation, when they reported). SCORM and cmi5 record the
/// quiz only.
pub fn practised(result: &PracticeResult, progress: &Progress) {
    let Some(lesson) = BRIDGE.with_borrow(|b| b.lesson.clone()).filter(|l| l.info.id == result.lesson_id) else { return };
    crate::xapi::practised(&lesson, result, progress.profile.as_ref());
}

/// The page is going away: the lesson ends for the LRS, and the LMS session ends with the
/// session time, exit mode, a last commit, and finish.
fn finish() {
    let lesson = BRIDGE.with_borrow(|b| b.lesson.clone());
    // `terminated` once, even if the page is hidden again after coming back from the cache.
    // Not for a cmi5 session, which a reload goes on with: only its Exit ends it
    // (`crate::cmi5::exit`); its statements so far go now.
    lesson_left();
    crate::xapi::send_all_now();
    BRIDGE.with_borrow_mut(|b| {
        let passed_here = match (&lesson, b.learner) {
            (Some(l), Some(learner)) => learner.progress.with_untracked(|p| p.attempts_for(&l.info.id).any(|a| a.passed)),
            _ => false,
        };
        let Some(s) = b.scorm.as_mut() else { return };
        if s.talk.finished() {
            return;
        }
        let writes = s.talk.exit(passed_here, now());
        for (key, value) in &writes {
            call(&s.api, method(s.talk.version, ApiMethod::SetValue), &[key, value]);
        }
        call(&s.api, method(s.talk.version, ApiMethod::Commit), &[""]);
        call(&s.api, method(s.talk.version, ApiMethod::Finish), &[""]);
    });
}
