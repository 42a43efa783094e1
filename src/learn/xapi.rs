//! Sends xAPI statements to a learning record store, when one is configured, through a queue
//! in localStorage (`hookwise.xapi.queue`, one statement per line): a statement is queued first and removed only once the LRS has stored it,
//! so an unreachable LRS loses nothing. Each statement has its UUID from the moment it is
//! queued and is sent with `PUT ?statementId=`, so a retry can never store it twice.
//!
//! A statement the LRS refuses (400, 413) cannot be sent again, but it is not dropped: it is
//! kept aside under `hookwise.xapi.refused.<time>.<id>`, listed on `/progress`.
//!
//! Configuration, in order: launch parameters (`endpoint`, `auth`, `actor`, `registration`, as
//! an LMS or launcher passes them; kept for this tab's session and removed from the address
//! bar), else the deployment's `<meta name="hookwise-lrs">` (written at build time from
//! `--lrs-config`, see README). Without either, nothing here runs and nothing is sent.

use std::cell::RefCell;

use hookwise_core::lesson::Lesson;
use hookwise_core::lms::{self, XapiContext};
use hookwise_core::progress::{Attempt, Profile};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const QUEUE_KEY: &str = "hookwise.xapi.queue";
const LEARNER_KEY: &str = "hookwise.xapi.learner";
/// The queue of a cmi5 session, in sessionStorage (see `crate::cmi5`).
pub const SESSION_QUEUE_KEY: &str = "hookwise.cmi5.queue";

#[derive(Clone, Debug, PartialEq)]
struct Config {
    /// Ends with `/`; statements go to `{endpoint}statements`.
    endpoint: String,
    auth: Option<String>,
    /// The launch's actor, as clean JSON (`lms::parse_actor`).
    actor: Option<String>,
    registration: Option<String>,
    activity_base: Option<String>,
    /// A cmi5 session: statements come ready-made from `crate::cmi5`, queued for the tab.
    cmi5: bool,
}

#[derive(Default)]
struct Sender {
    config: Option<Config>,
    /// Statements that could not be queued in storage (it is full); sent from memory.
    unstored: Vec<String>,
    sending: bool,
    failures: u32,
    retry_pending: bool,
    /// Whether the deployment is pseudonymous (`learner_ids` in ORGANISATION.md): unknown until
    /// organisation.json has loaded. Meanwhile statements wait here with a placeholder actor.
    pseudonymous: Option<bool>,
    waiting: Vec<(String, Option<Profile>)>,
    /// A cmi5 session's token was refused: the LMS has ended (abandoned) the session.
    refused: bool,
}

/// True once the statement API has refused a cmi5 session's token (`cmi5` stops the session).
pub fn session_refused() -> bool {
    SENDER.with_borrow(|s| s.refused)
}

/// Stands in for the actor while the deployment's setting loads (never sent).
const PENDING_ACTOR: &str = "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"hookwise:pending\",\"name\":\"pending\"}}";

thread_local! {
    static SENDER: RefCell<Sender> = RefCell::new(Sender::default());
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn config_from(get: impl Fn(&str) -> Option<String>) -> Option<Config> {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let given = get("endpoint").filter(|e| !e.trim().is_empty())?;
    // Only a web address: a `javascript:` or `data:` endpoint is refused at launch.
    let Some(mut endpoint) = hookwise_core::cmi5::web_url(&given, &origin) else {
        crate::notice::tell(Some("This lesson cannot send your result: the address it was given for recording results is not a web address. Tell your learning platform's administrator. You can still read the lesson and take the quiz.".into()));
        return None;
    };
    if !endpoint.ends_with('/') {
        endpoint.push('/');
    }
    let actor = get("actor").and_then(|a| lms::parse_actor(&a));
    Some(Config {
        endpoint,
        auth: get("auth").filter(|a| !a.is_empty()),
        actor,
        registration: get("registration").filter(|r| !r.is_empty()),
        activity_base: get("activity_base").filter(|a| !a.is_empty()),
        cmi5: false,
    })
}

fn launch_config() -> Option<Config> {
    let search = hookwise_web::launch::remembered()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    config_from(|k| params.get(k))
}

/// Reads the configuration (see the module comment) and starts sending anything queued.
pub fn configure() {
    hookwise_web::launch::remember();
    let Some(config) = launch_config().or_else(deployment_config) else { return };
    SENDER.with_borrow_mut(|s| s.config = Some(config));
    let handle = leptos::prelude::window_event_listener_untyped("online", |_| flush());
    std::mem::forget(handle);
    // Not Leptos's spawner: this runs before the app is mounted.
    wasm_bindgen_futures::spawn_local(async {
        let pseudonymous = hookwise_web::fetch::organisation().await.ok().flatten().is_some_and(|o| o.pseudonymous);
        let waiting = SENDER.with_borrow_mut(|s| {
            s.pseudonymous = Some(pseudonymous);
            std::mem::take(&mut s.waiting)
        });
        let Some(config) = SENDER.with_borrow(|s| s.config.clone()) else { return };
        for (statement, profile) in waiting {
            enqueue(statement.replacen(PENDING_ACTOR, &context(&config, profile.as_ref()).actor, 1));
        }
    });
    flush();
}

fn deployment_config() -> Option<Config> {
    let document = web_sys::window()?.document()?;
    let meta = document.query_selector("meta[name=\"hookwise-lrs\"]").ok()??;
    // The same keys as the launch parameters (the build allows endpoint, auth, activity_base: xtask/src/csp.rs).
    let keys = lms::parse_settings(&meta.get_attribute("content")?)?;
    config_from(|k| keys.get(k).cloned())
}

pub fn configured() -> bool {
    SENDER.with_borrow(|s| s.config.is_some())
}

/// The learner as the LRS knows them: the launch's actor, else the email in their profile,
/// else an anonymous id kept in this browser.
fn context(config: &Config, profile: Option<&Profile>) -> XapiContext {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let actor = if SENDER.with_borrow(|s| s.pseudonymous == Some(true)) {
        // Never an email or a name: the LMS's account, else the id kept in this browser.
        hookwise_core::lrs_sync::pseudonymous_actor(config.actor.as_deref())
    } else {
        config.actor.clone().or_else(|| profile.and_then(|p| lms::agent_from_email(&p.name, &p.email)))
    };
    let actor = actor.unwrap_or_else(|| lms::agent_from_account(&format!("{origin}/"), &local_learner_id()));
    let activity_base = config.activity_base.clone().unwrap_or_else(|| format!("{origin}/"));
    let activity_base = if activity_base.ends_with('/') { activity_base } else { format!("{activity_base}/") };
    XapiContext { actor, activity_base, registration: config.registration.clone() }
}

/// The random id this browser's statements carry when nothing else names the learner.
fn local_learner_id() -> String {
    let store = local();
    store.as_ref().and_then(|s| s.get_item(LEARNER_KEY).ok().flatten()).unwrap_or_else(|| {
        let id = uuid();
        if let Some(s) = &store {
            let _ = s.set_item(LEARNER_KEY, &id);
        }
        id
    })
}

/// In a pseudonymous deployment where no LMS names the learner, the id their statements carry,
/// for them to give their manager (whose roster maps it to their name).
pub async fn pseudonymous_id() -> Option<String> {
    let config = SENDER.with_borrow(|s| s.config.clone()).filter(|c| !c.cmi5)?;
    let org = hookwise_web::fetch::organisation().await.ok().flatten()?;
    (org.pseudonymous && hookwise_core::lrs_sync::pseudonymous_actor(config.actor.as_deref()).is_none()).then(local_learner_id)
}

pub(crate) fn uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let hi = u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
    let lo = u64::from_le_bytes(bytes[8..].try_into().unwrap_or_default());
    lms::uuid_v4(hi, lo)
}

pub(crate) fn timestamp() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Builds a statement with a fresh id and time, queues it and starts sending.
fn send(profile: Option<&Profile>, build: impl FnOnce(&XapiContext, &str, &str) -> String) {
    let Some(config) = SENDER.with_borrow(|s| s.config.clone()).filter(|c| !c.cmi5) else { return };
    if SENDER.with_borrow(|s| s.pseudonymous.is_none()) {
        let mut ctx = context(&config, None);
        ctx.actor = PENDING_ACTOR.to_string();
        let statement = build(&ctx, &uuid(), &timestamp());
        SENDER.with_borrow_mut(|s| s.waiting.push((statement, profile.cloned())));
        return;
    }
    enqueue(build(&context(&config, profile), &uuid(), &timestamp()));
}

/// Sends a cmi5 session's statements to `endpoint` with the session's `auth`.
pub fn start_cmi5(endpoint: String, auth: String) {
    let config = Config { endpoint, auth: Some(auth), actor: None, registration: None, activity_base: None, cmi5: true };
    SENDER.with_borrow_mut(|s| s.config = Some(config));
    let handle = leptos::prelude::window_event_listener_untyped("online", |_| flush());
    std::mem::forget(handle);
    flush();
}

/// Queues a statement and starts sending.
pub fn enqueue(statement: String) {
    let mut queue = read_queue();
    queue.push(statement.clone());
    if !write_queue(&queue) {
        SENDER.with_borrow_mut(|s| s.unstored.push(statement));
    }
    flush();
}

pub fn lesson_event(lesson: &Lesson, verb: &str, duration_ms: Option<u64>, profile: Option<&Profile>) {
    send(profile, |ctx, id, at| lms::lesson_statement(ctx, id, at, verb, lesson, duration_ms));
}

pub fn answered(lesson: &Lesson, question: usize, chosen: &[usize], profile: Option<&Profile>) {
    send(profile, |ctx, id, at| lms::answered_statement(ctx, id, at, lesson, &lesson.quiz.questions[question], chosen));
}

/// A finished practice scenario (nothing is sent when no LRS is configured).
pub fn practised(lesson: &Lesson, result: &hookwise_core::progress::PracticeResult, profile: Option<&Profile>) {
    send(profile, |ctx, id, at| lms::practice_statement(ctx, id, at, lesson, result));
}

pub fn finished(lesson: &Lesson, attempt: &Attempt, profile: Option<&Profile>) {
    send(profile, |ctx, id, at| lms::result_statement(ctx, id, at, lesson, attempt));
    send(profile, |ctx, id, at| lms::lesson_statement(ctx, id, at, lms::VERB_COMPLETED, lesson, None));
}

// --- the queue ----------------------------------------------------------------------------------

/// Where the queue is kept: localStorage, or sessionStorage for a cmi5 session.
fn queue_store() -> Option<(web_sys::Storage, &'static str)> {
    if SENDER.with_borrow(|s| s.config.as_ref().is_some_and(|c| c.cmi5)) {
        return session().map(|s| (s, SESSION_QUEUE_KEY));
    }
    local().map(|s| (s, QUEUE_KEY))
}

/// How many statements wait to be sent.
pub fn pending() -> usize {
    read_queue().len() + SENDER.with_borrow(|s| s.unstored.len())
}

/// The queue: one statement per line (statements are written without raw newlines).
fn read_queue() -> Vec<String> {
    let Some((store, key)) = queue_store() else { return Vec::new() };
    let Ok(Some(text)) = store.get_item(key) else { return Vec::new() };
    let (good, bad): (Vec<&str>, Vec<&str>) = text.lines().filter(|l| !l.is_empty()).partition(|l| lms::statement_id(l).is_some());
    if !bad.is_empty() {
        // Never destroy data: keep what could not be read, and go on with the rest.
        let _ = store.set_item(&format!("{}{}", hookwise_core::safekeeping::UNREADABLE_QUEUE_PREFIX, hookwise_web::platform::now()), &bad.join("\n"));
        write_queue(&good.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    }
    good.into_iter().map(str::to_string).collect()
}

fn write_queue(queue: &[String]) -> bool {
    let Some((store, key)) = queue_store() else { return false };
    if queue.is_empty() {
        return store.remove_item(key).is_ok();
    }
    store.set_item(key, &queue.join("\n")).is_ok()
}

fn id_of(statement: &str) -> String {
    lms::statement_id(statement).unwrap_or_default().to_string()
}

/// Removes a delivered statement (by id) from storage and memory.
fn delivered(id: &str) {
    let mut queue = read_queue();
    let before = queue.len();
    queue.retain(|s| id_of(s) != id);
    if queue.len() != before {
        write_queue(&queue);
    }
    SENDER.with_borrow_mut(|s| s.unstored.retain(|st| id_of(st) != id));
}

fn next_statement() -> Option<String> {
    read_queue().into_iter().next().or_else(|| SENDER.with_borrow(|s| s.unstored.first().cloned()))
}

enum Sent {
    Stored,
    /// The LRS refused the statement itself; retrying cannot help.
    Rejected(u16),
    /// Unreachable, or a server error: try again later.
    Later,
    /// The credentials were refused (401, 403): for cmi5, the LMS has ended the session.
    Refused,
}

async fn put(config: &Config, statement: &str) -> Sent {
    let Some(window) = web_sys::window() else { return Sent::Later };
    let url = format!("{}statements?statementId={}", config.endpoint, id_of(statement));
    let headers = web_sys::Headers::new().ok();
    if let Some(h) = &headers {
        let _ = h.set("Content-Type", "application/json");
        let _ = h.set("X-Experience-API-Version", "1.0.3");
        if let Some(auth) = &config.auth {
            let _ = h.set("Authorization", auth);
        }
    }
    let init = web_sys::RequestInit::new();
    init.set_method("PUT");
    // Lets the last statements (terminated) go out while the page unloads.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    if let Some(h) = &headers {
        init.set_headers(h);
    }
    init.set_body(&JsValue::from_str(statement));
    let Ok(response) = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await else { return Sent::Later };
    let Ok(response) = response.dyn_into::<web_sys::Response>() else { return Sent::Later };
    match response.status() {
        200..=299 => Sent::Stored,
        // "A statement with this id already exists": an earlier try got through.
        409 => Sent::Stored,
        s @ (400 | 413) => Sent::Rejected(s),
        401 | 403 => Sent::Refused,
        _ => Sent::Later,
    }
}

/// Sends queued statements in order, one at a time. On failure, tries again after a growing
/// delay (1 s, 2 s, 4 s … at most 15 s), and whenever the browser comes back online.
pub fn flush() {
    let Some(config) = SENDER.with_borrow_mut(|s| {
        if s.sending || s.config.is_none() {
            return None;
        }
        s.sending = true;
        s.config.clone()
    }) else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let mut failed = false;
        while let Some(statement) = next_statement() {
            match put(&config, &statement).await {
                Sent::Stored => delivered(&id_of(&statement)),
                Sent::Rejected(status) => {
                    // Retrying cannot help, but the record is the learner's: keep it aside
                    // (listed on /progress to download or delete) before it leaves the queue.
                    let id = id_of(&statement);
                    let key = format!("{}{}.{id}", hookwise_core::safekeeping::REFUSED_STATEMENT_PREFIX, hookwise_web::platform::now());
                    let kept = local().is_some_and(|s| s.set_item(&key, &statement).is_ok());
                    web_sys::console::warn_1(
                        &format!("hookwise: the learning record store refused a statement ({status}); {}", if kept { "it was kept aside" } else { "there was no room to keep it" }).into(),
                    );
                    delivered(&id);
                }
                Sent::Later => {
                    failed = true;
                    break;
                }
                Sent::Refused if config.cmi5 => {
                    // Nothing more of this session can be sent: drop it, stop, and say so.
                    write_queue(&[]);
                    SENDER.with_borrow_mut(|s| {
                        s.unstored.clear();
                        s.config = None;
                    });
                    SENDER.with_borrow_mut(|s| s.refused = true);
                    crate::notice::tell(Some("Your learning platform has closed this lesson's session, so your result can no longer be recorded here. Open the lesson again from your learning platform.".into()));
                    break;
                }
                Sent::Refused => {
                    crate::notice::tell(Some("Your result could not be sent: the learning record store refused this lesson's credentials. It stays saved in this browser; tell your learning platform's administrator.".into()));
                    failed = true;
                    break;
                }
            }
        }
        // An outage is said once, and unsaid when statements go through again.
        if config.cmi5 {
            crate::notice::outage(failed);
        }
        let delay = SENDER.with_borrow_mut(|s| {
            s.sending = false;
            if failed {
                s.failures += 1;
                if !s.retry_pending {
                    s.retry_pending = true;
                    return Some(1000 * (1u32 << s.failures.min(4).saturating_sub(1)).min(15));
                }
            } else {
                s.failures = 0;
            }
            None
        });
        if let Some(ms) = delay {
            retry_after(ms as i32);
        }
    });
}

/// The page is going away during a cmi5 session: everything still queued goes at once, in
/// order, in one request that outlives the page (a one-at-a-time flush would stop with it).
/// The statements stay queued; their ids make a later second delivery harmless.
pub fn send_all_now() {
    let Some(config) = SENDER.with_borrow(|s| s.config.clone()).filter(|c| c.cmi5) else { return };
    let queue = read_queue();
    let (Some(window), false) = (web_sys::window(), queue.is_empty()) else { return };
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    if let Ok(h) = web_sys::Headers::new() {
        let _ = h.set("Content-Type", "application/json");
        let _ = h.set("X-Experience-API-Version", "1.0.3");
        if let Some(auth) = &config.auth {
            let _ = h.set("Authorization", auth);
        }
        init.set_headers(&h);
    }
    init.set_body(&JsValue::from_str(&format!("[{}]", queue.join(","))));
    let _ = window.fetch_with_str_and_init(&format!("{}statements", config.endpoint), &init);
}

fn retry_after(ms: i32) {
    let Some(window) = web_sys::window() else { return };
    let callback = wasm_bindgen::closure::Closure::once_into_js(|| {
        SENDER.with_borrow_mut(|s| s.retry_pending = false);
        flush();
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}
