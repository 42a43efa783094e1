//! The app as a cmi5 assignable unit: the browser side of `hookwise_core::cmi5`, which holds
//! every rule. This module reads the launch, POSTs once to `fetch` (the token is kept for the
//! tab, so a reload does not fetch again), reads `LMS.LaunchData`, the learner preferences and
//! the AU's own record, and hands the statements the core writes to `xapi`'s queue (kept in
//! sessionStorage: without the session's token, statements of a closed tab could never be
//! sent). Problems are shown to the learner as one plain message; the lesson stays usable.
//!
//! Leaving the page does not end the session: a reload goes on with the same session (its
//! token, its session id, where it was: `Session::kept` in sessionStorage), without a second
//! `initialized`. Only the learner's "Exit this lesson" sends `terminated` (and then follows
//! `returnURL`). A tab closed without it leaves the session open, and the LMS abandons it
//! (9.3.6), which the specification allows; everything already recorded stays recorded.

use std::cell::RefCell;
use std::rc::Rc;

use hookwise_core::cmi5::{self, Event, Launch, Phase, Record, Session, Stamp};
use hookwise_core::lesson::Lesson;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const LAUNCH_KEY: &str = "hookwise.cmi5.launch";
const TOKEN_KEY: &str = "hookwise.cmi5.token";
const PHASE_KEY: &str = "hookwise.cmi5.phase";

enum State {
    Off,
    /// Waiting for the token and the launch data; events wait with their time.
    Starting(Vec<(Event, String, u64)>),
    Ready(Box<Session>),
    Failed,
}

struct Cmi5 {
    state: State,
    launch: Option<Launch>,
    token: String,
    lesson: Option<Rc<Lesson>>,
}

thread_local! {
    static CMI5: RefCell<Cmi5> = const { RefCell::new(Cmi5 { state: State::Off, launch: None, token: String::new(), lesson: None }) };
    // False once a Browse or Review launch is known (`Mode::judges`).
    static JUDGING: ArcRwSignal<bool> = ArcRwSignal::new(true);
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// True when cmi5 launched this page (even if the launch then failed).
pub fn launched() -> bool {
    CMI5.with_borrow(|c| !matches!(c.state, State::Off))
}

/// Whether the lesson shows right or wrong, a score and passed or not: not in a cmi5 Browse
/// or Review launch (the core's `Mode::judges`). Reactive: the mode is known once the launch
/// data has come.
pub fn judging() -> bool {
    JUDGING.with(|j| j.get())
}

/// Reads a cmi5 launch from the address, if there is one, and starts the session. Returns
/// whether this page is a cmi5 launch. A new launch (one with parameters) replaces anything
/// this tab held of an earlier one, whose unsent statements can no longer be sent.
pub fn start() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let search = window.location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return false };
    let store = session_storage();
    let launch = match cmi5::read_launch(|k| params.get(k), &origin()) {
        Some(result) => {
            if let Some(s) = &store {
                for key in [TOKEN_KEY, PHASE_KEY, crate::xapi::SESSION_QUEUE_KEY] {
                    let _ = s.remove_item(key);
                }
                // The launch's parameters, read again on a reload of this tab.
                let _ = s.set_item(LAUNCH_KEY, &search);
            }
            strip(&window, &params);
            match result {
                Ok(launch) => launch,
                Err(e) => {
                    CMI5.with_borrow_mut(|c| c.state = State::Failed);
                    crate::notice::tell(Some(e.message()));
                    return true;
                }
            }
        }
        None => {
            // A reload of this tab's launch. Another lesson opened in the tab is not the AU
            // that was launched: it records nothing under that AU's session.
            let kept = store.as_ref().and_then(|s| s.get_item(LAUNCH_KEY).ok().flatten()).unwrap_or_default();
            let Ok(kept) = web_sys::UrlSearchParams::new_with_str(&kept) else { return false };
            if kept.get("lesson") != params.get("lesson") {
                return false;
            }
            match cmi5::read_launch(|k| kept.get(k), &origin()) {
                Some(Ok(launch)) => launch,
                _ => return false,
            }
        }
    };
    CMI5.with_borrow_mut(|c| {
        c.state = State::Starting(Vec::new());
        c.launch = Some(launch.clone());
    });
    wasm_bindgen_futures::spawn_local(connect(launch));
    true
}

/// Removes the launch parameters from the address bar and history.
fn strip(window: &web_sys::Window, params: &web_sys::UrlSearchParams) {
    for key in cmi5::PARAMETERS {
        params.delete(key);
    }
    let location = window.location();
    let rest: String = params.to_string().into();
    let path = location.pathname().unwrap_or_default();
    let url = if rest.is_empty() { path } else { format!("{path}?{rest}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// An HTTP request; the status and the body text, or `None` when there was no answer.
async fn request(method: &str, url: &str, auth: Option<&str>, body: Option<&str>) -> Option<(u16, String)> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().ok()?;
    // xAPI requests only: the POST to `fetch` stays a simple request (no CORS preflight).
    if let Some(a) = auth {
        let _ = headers.set("X-Experience-API-Version", "1.0.3");
        let _ = headers.set("Authorization", a);
    }
    if let Some(b) = body {
        let _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(b));
    }
    init.set_headers(&headers);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.ok()?.dyn_into().ok()?;
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string().unwrap_or_default();
    Some((response.status(), text))
}

async fn connect(launch: Launch) {
    let store = session_storage();
    // 8.2.1.0-2: one POST to fetch per session; a reload uses the kept token.
    let kept = store.as_ref().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    let token = match kept {
        Some(t) => t,
        None => {
            let answer = request("POST", &launch.fetch, None, None).await;
            let token = match answer {
                Some((status, body)) => cmi5::read_fetch(status, &body),
                None => Err(cmi5::FetchError::Unreachable),
            };
            match token {
                Ok(t) => {
                    if let Some(s) = &store {
                        let _ = s.set_item(TOKEN_KEY, &t);
                    }
                    t
                }
                Err(e) => return fail(e.message()),
            }
        }
    };
    let auth = cmi5::authorization(&token);
    // 10.2.1.0-4: the launch data before any statement; 11.0.0.0-3: the preferences too (any
    // answer will do, 403 included: 11.0.0.0-2); then this AU's own record.
    let data = match request("GET", &cmi5::state_url(&launch, cmi5::LAUNCH_DATA), Some(&auth), None).await {
        Some((200, text)) => cmi5::read_launch_data(&text, &origin()),
        Some((401 | 403, _)) => return fail(cmi5::FetchError::Security.message()),
        Some(_) => Err(cmi5::DataError::NotJson),
        None => return fail(cmi5::FetchError::Unreachable.message()),
    };
    let data = match data {
        Ok(d) => d,
        Err(e) => return fail(e.message()),
    };
    let _ = request("GET", &cmi5::preferences_url(&launch), Some(&auth), None).await;
    let record = match request("GET", &cmi5::state_url(&launch, cmi5::STATE_ID), Some(&auth), None).await {
        Some((200, text)) => Record::read(&text),
        _ => Record::default(),
    };
    let mut session = Session::new(launch, data, record);
    if let Some(kept) = store.as_ref().and_then(|s| s.get_item(PHASE_KEY).ok().flatten()) {
        // A reload of this session: it goes on where it was.
        session.resume(&kept);
    }
    if session.phase == Phase::Ended {
        crate::notice::tell(Some("This lesson's session with your learning platform has ended, so your answers are no longer recorded. To record a result, open the lesson again from your learning platform.".into()));
    } else if !session.records() {
        // 10.2.2.0-2/3: Browse and Review record nothing.
        crate::notice::tell(Some("You opened this lesson to look through it: your answers are not recorded.".into()));
    }
    JUDGING.with(|j| j.set(session.judges()));
    crate::xapi::start_cmi5(session.launch.endpoint.clone(), auth);
    let pending = CMI5.with_borrow_mut(|c| {
        c.token = token;
        match std::mem::replace(&mut c.state, State::Ready(Box::new(session))) {
            State::Starting(p) => p,
            _ => Vec::new(),
        }
    });
    for (event, timestamp, now) in pending {
        handle(&event, &timestamp, now);
    }
}

fn fail(message: String) {
    CMI5.with_borrow_mut(|c| c.state = State::Failed);
    crate::notice::tell(Some(message));
}

/// Something happened in the lesson (see `Event`).
pub fn event(lesson: &Rc<Lesson>, event: Event) {
    follow_refusal();
    let waiting = CMI5.with_borrow_mut(|c| {
        if matches!(event, Event::Opened) {
            c.lesson = Some(lesson.clone());
        }
        match &mut c.state {
            State::Starting(pending) => {
                pending.push((event.clone(), crate::xapi::timestamp(), hookwise_web::platform::now()));
                true
            }
            _ => false,
        }
    });
    if !waiting {
        handle(&event, &crate::xapi::timestamp(), hookwise_web::platform::now());
    }
}

/// The statement API refused the session's token (`xapi::session_refused`): the LMS has ended
/// (abandoned) the session, and nothing more of it is sent.
fn follow_refusal() {
    if crate::xapi::session_refused() {
        CMI5.with_borrow_mut(|c| c.state = State::Failed);
    }
}

fn handle(event: &Event, timestamp: &str, now: u64) {
    let out = CMI5.with_borrow_mut(|c| {
        let lesson = c.lesson.clone()?;
        let State::Ready(session) = &mut c.state else { return None };
        let before = session.record.clone();
        let mut ids = crate::xapi::uuid;
        let statements = session.on(&lesson, event, &mut Stamp { ids: &mut ids, timestamp, now });
        if let Some(s) = session_storage() {
            let _ = s.set_item(PHASE_KEY, &session.kept());
        }
        let record = (session.record != before).then(|| (cmi5::state_url(&session.launch, cmi5::STATE_ID), session.record.write()));
        Some((statements, record, cmi5::authorization(&c.token)))
    });
    let Some((statements, record, auth)) = out else { return };
    for s in statements {
        crate::xapi::enqueue(s);
    }
    if let Some((url, doc)) = record {
        // The record for later sessions of this registration (9.3.0.0-6/7/8).
        wasm_bindgen_futures::spawn_local(async move {
            let _ = request("PUT", &url, Some(&auth), Some(&doc)).await;
        });
    }
}

/// The learner chose to leave: the session ends (`terminated`), and once the statements have
/// gone (or after a few seconds, queued), the page goes to the LMS's `returnURL` (10.2.6.0-1).
/// The only way a session ends from this side: leaving the page keeps it for a reload.
pub fn exit() {
    follow_refusal();
    if let Some(lesson) = CMI5.with_borrow(|c| c.lesson.clone()) {
        event(&lesson, Event::Closed);
    }
    let target = CMI5.with_borrow(|c| match &c.state {
        State::Ready(s) => s.data.return_url.clone(),
        _ => None,
    });
    let Some(target) = target else {
        crate::notice::tell(Some("You have finished this lesson. You can close this window.".into()));
        return;
    };
    go_when_sent(target, 30);
}

/// Goes to `target` once nothing waits to be sent, checking every 100 ms, `tries` times.
fn go_when_sent(target: String, tries: u32) {
    let Some(window) = web_sys::window() else { return };
    if tries == 0 || crate::xapi::pending() == 0 {
        let _ = window.location().assign(&target);
        return;
    }
    let again = wasm_bindgen::closure::Closure::once_into_js(move || go_when_sent(target, tries - 1));
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), 100);
}

