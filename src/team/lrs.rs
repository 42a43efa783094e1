//! Connecting the dashboard to a learning record store: the connection form, a sync with its
//! progress, cancel and outcome, and the stored connection and sync point.
//!
//! The rules (which statements, what they mean, where the next sync starts) are in
//! `hookwise_core::lrs_sync`; this only fetches pages and shows what happened.
//!
//! Storage: the connection (`hookwise.team.lrs`: endpoint, credentials, activity address) in
//! sessionStorage for the tab, or in localStorage when the manager ticks "Remember on this
//! computer"; the sync point (`hookwise.team.lrs.sync`, versioned) in localStorage. The team data
//! and the sync point are saved together, only when a sync has read everything, so the stored
//! data never counts a statement twice. An interrupted sync keeps what it read on screen and
//! resumes where it stopped.

use hookwise_core::course::CourseIndex;
use hookwise_core::lrs_store::{decode_connection, decode_point, encode_connection, encode_point, Connection};
use hookwise_core::lrs_sync::{self, Sync, SyncPoint};
use hookwise_core::team::Team;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{use_team, TeamStore};
use hookwise_web::platform::now;

const CONNECTION_KEY: &str = "hookwise.team.lrs";
const POINT_KEY: &str = "hookwise.team.lrs.sync";
fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The saved connection: this tab's, else the one remembered on this computer.
fn saved_connection() -> Option<(Connection, bool)> {
    let read = |s: Option<web_sys::Storage>| s?.get_item(CONNECTION_KEY).ok()?.and_then(|t| decode_connection(&t));
    read(session()).map(|c| (c, false)).or_else(|| read(local()).map(|c| (c, true)))
}

fn save_connection(c: &Connection, remember: bool) {
    let text = encode_connection(c);
    if let Some(s) = session() {
        let _ = s.set_item(CONNECTION_KEY, &text);
    }
    if let Some(s) = local() {
        let _ = if remember { s.set_item(CONNECTION_KEY, &text) } else { s.remove_item(CONNECTION_KEY) };
    }
}

fn forget_connection() {
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.remove_item(CONNECTION_KEY);
    }
}

/// Where the last complete sync from `endpoint` ended; a garbled or foreign point means a full
/// sync (which counts nothing twice, since the data it adds to is then empty or replaced).
fn saved_point(endpoint: &str) -> SyncPoint {
    local()
        .and_then(|s| s.get_item(POINT_KEY).ok().flatten())
        .and_then(|t| decode_point(&t, endpoint))
        .unwrap_or_default()
}

fn save_point(endpoint: &str, point: &SyncPoint) -> bool {
    local().is_some_and(|s| s.set_item(POINT_KEY, &encode_point(endpoint, point)).is_ok())
}

fn clear_point() {
    if let Some(s) = local() {
        let _ = s.remove_item(POINT_KEY);
    }
}

/// A time like "6 Dec 2026, 07:15" in the manager's locale.
fn date_time(ms: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string("default", &options).into()
}

/// How a page request ended, in plain words for the manager.
enum Fetched {
    Body(Vec<u8>),
    Failed(String),
}

const UNREACHABLE: &str = "The learning record store could not be reached (the network or the store is down, or it does not allow this page to read it: see the documentation on CORS).";

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The page fetcher, `team/lrs-pages.js`, a dedicated worker.
    type Worker;
    #[wasm_bindgen(constructor, catch)]
    fn new(url: &str) -> Result<Worker, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, js_name = postMessage, catch)]
    fn post(this: &Worker, message: &wasm_bindgen::JsValue, transfer: &js_sys::Array) -> Result<(), wasm_bindgen::JsValue>;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type MessageChannel;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<MessageChannel, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn port1(this: &MessageChannel) -> wasm_bindgen::JsValue;
    #[wasm_bindgen(method, getter)]
    fn port2(this: &MessageChannel) -> wasm_bindgen::JsValue;
}

/// The fetcher's address, with the FNV-1a hash of its source, so that the address changes with
/// it (files are cached for a year; the bundle's own files carry a hash in their names). Kept
/// true by `xtask`'s `the_page_fetchers_address_names_its_source`.
const FETCHER_PATH: &str = "lrs-pages.js?c7591403d5c49aa5";

thread_local! {
    /// The page fetcher (`new_fetcher`), started by `start_fetcher` or the first sync; `None`
    /// where no worker can be started, or once it failed (pages are then fetched on the main
    /// thread, as before it).
    static FETCHER: std::cell::RefCell<Option<Option<(Worker, js_sys::Promise)>>> = const { std::cell::RefCell::new(None) };
}

/// The page fetcher, and what its error event resolves: it could not be loaded (or failed).
fn new_fetcher() -> Option<(Worker, js_sys::Promise)> {
    let worker = Worker::new(FETCHER_PATH).ok()?;
    let failed = js_sys::Promise::new(&mut |resolve, _| {
        let _ = js_sys::Reflect::set(&worker, &"onerror".into(), &resolve);
    });
    Some((worker, failed))
}

/// Starts the page fetcher before the first sync, when the manager types an address or when a
/// connection is saved: its script loads and starts in tens of milliseconds, which would
/// otherwise come before the first page.
fn start_fetcher() {
    FETCHER.with(|f| {
        f.borrow_mut().get_or_insert_with(new_fetcher);
    });
}

/// A page requested: from the fetcher (with what to ask the main thread if the fetcher fails
/// to load), or on the main thread.
enum Request {
    Fetcher(JsFuture, String, wasm_bindgen::JsValue),
    Here(Option<JsFuture>),
}

/// Starts a page request: the next page downloads while the current one is read. (Its answer is
/// listened for at once, so a request dropped by a cancel never leaves an unhandled rejection.)
fn request(url: &str, auth: &str, endpoint: &str) -> Request {
    let headers = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&headers, &"X-Experience-API-Version".into(), &lrs_sync::XAPI_VERSION.into());
    if !auth.is_empty() {
        let _ = js_sys::Reflect::set(&headers, &"Authorization".into(), &auth.into());
    }
    let headers: wasm_bindgen::JsValue = headers.into();
    let asked = FETCHER.with(|f| {
        let mut f = f.borrow_mut();
        let (worker, failed) = f.get_or_insert_with(new_fetcher).as_ref()?;
        let channel = MessageChannel::new().ok()?;
        let port = channel.port1();
        let answer = js_sys::Promise::new(&mut |resolve, _| {
            let _ = js_sys::Reflect::set(&port, &"onmessage".into(), &resolve);
        });
        // The endpoint: the fetcher asks for the page after this one on it (see lrs-pages.js).
        let message = js_sys::Array::of3(&url.into(), &headers, &endpoint.into());
        worker.post(&message, &js_sys::Array::of1(&channel.port2())).ok()?;
        // The answer, or the worker's error (it could not be loaded, even before this request),
        // ends the wait.
        Some(JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(&answer, failed))))
    });
    match asked {
        Some(answer) => Request::Fetcher(answer, url.to_string(), headers),
        None => Request::Here(fetch_here(url, &headers)),
    }
}

/// A page request on the main thread.
fn fetch_here(url: &str, headers: &wasm_bindgen::JsValue) -> Option<JsFuture> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    init.set_headers(headers);
    Some(JsFuture::from(web_sys::window()?.fetch_with_str_and_init(url, &init)))
}

/// The HTTP status and, for a 2xx answer read in full, the bytes (status 0: not reached).
async fn answer(request: Request) -> (u16, wasm_bindgen::JsValue) {
    let none = wasm_bindgen::JsValue::NULL;
    let fetch = match request {
        Request::Fetcher(reply, url, headers) => {
            let event = reply.await.unwrap_or_default();
            let data = js_sys::Reflect::get(&event, &"data".into()).unwrap_or_default();
            if data.is_array() {
                let data: js_sys::Array = data.unchecked_into();
                return (data.get(0).as_f64().unwrap_or(0.0) as u16, data.get(1));
            }
            // The fetcher could not be loaded: this page and the rest on the main thread.
            FETCHER.with(|f| *f.borrow_mut() = Some(None));
            fetch_here(&url, &headers)
        }
        Request::Here(fetch) => fetch,
    };
    let Some(Ok(response)) = (match fetch {
        Some(f) => Some(f.await),
        None => None,
    }) else {
        return (0, none);
    };
    let Ok(response) = response.dyn_into::<web_sys::Response>() else { return (0, none) };
    let status = response.status();
    if !response.ok() {
        return (status, none);
    }
    match response.array_buffer().map(JsFuture::from) {
        Ok(f) => (status, f.await.unwrap_or(none)),
        Err(_) => (status, none),
    }
}

/// The answer to a request from `request`.
async fn receive(request: Request) -> Fetched {
    let unreachable = UNREACHABLE;
    let (status, body) = answer(request).await;
    match status {
        // The bytes as they came (no round trip through a JavaScript string): the page is
        // parsed from them directly.
        200..=299 if body.is_object() => Fetched::Body(js_sys::Uint8Array::new(&body).to_vec()),
        0 | 200..=299 => Fetched::Failed(unreachable.into()),
        401 | 403 => Fetched::Failed(
            "The learning record store refused the user name and password (it answered 401 or 403). Check them and connect again.".into(),
        ),
        404 => Fetched::Failed("Nothing answers at this address (404). Check the learning record store's xAPI address: it usually ends in /xAPI/.".into()),
        s => Fetched::Failed(format!("The learning record store answered with an error ({s}). It may be down or overloaded; try again later.")),
    }
}

/// The state of the connection section.
#[derive(Clone, Copy)]
struct LrsState {
    connection: RwSignal<Option<Connection>>,
    syncing: RwSignal<bool>,
    cancel: RwSignal<bool>,
    /// Statements read and learners changed so far in this sync.
    counts: RwSignal<(usize, usize)>,
    /// The outcome of the last sync: (is a problem, sentences).
    outcome: RwSignal<Option<(bool, Vec<String>)>>,
    last_sync: RwSignal<Option<u64>>,
    /// An interrupted sync and the page it stopped at, to resume without counting twice.
    pending: StoredValue<Option<(Sync, String)>>,
    /// Where this tab's last complete sync ended: used when it could not be saved (storage
    /// full), so that the next sync in this tab is still incremental and counts nothing twice.
    point: StoredValue<Option<SyncPoint>>,
    /// A complete sync's point (and endpoint) whose team data and point are not saved yet.
    unsaved: StoredValue<Option<(String, SyncPoint)>>,
}

const NOT_SAVED: &str = "The data could not be saved in this browser (its storage may be full): it is shown here until you close this tab.";

/// Saves a complete sync's team data and point once its outcome is drawn, so that the manager
/// does not wait for megabytes to be written. Both are written in one task, so the stored data
/// and the stored point always agree: if the tab closes first, both are the previous sync's, and
/// the next sync reads again from there and counts nothing twice. Anything that could change
/// the data or the point before then saves first (`save_now`).
fn save_later(store: TeamStore, state: LrsState) {
    super::after_paint(move || save_now(store, state));
}

/// Saves what `save_later` waits to save, if anything.
fn save_now(store: TeamStore, state: LrsState) {
    store.settle();
    let Some(Some((endpoint, point))) = state.unsaved.try_get_value() else { return };
    state.unsaved.set_value(None);
    let merged = store.team.try_update_untracked(|t: &mut Team| hookwise_web::storage::save_team(t));
    // Another tab's data merged in: shown now (the sync's own drawing came before it).
    if let Some(Ok(true)) = merged {
        store.team.notify();
    }
    if !matches!(merged, Some(Ok(_))) || !save_point(&endpoint, &point) {
        state.outcome.update(|o| {
            if let Some((problem, lines)) = o {
                *problem = true;
                lines.push(NOT_SAVED.into());
            }
        });
    }
}

/// Runs (or resumes) a sync.
async fn sync(store: TeamStore, state: LrsState) {
    save_now(store, state);
    let Some(conn) = state.connection.get_untracked() else { return };
    let activity_base = if conn.activity_base.is_empty() { format!("{}/", origin()) } else { conn.activity_base.clone() };
    let (mut run, mut url) = match state.pending.get_value() {
        Some(p) => p,
        None => {
            // With no data shown, nothing can be counted twice: read everything.
            let point = if store.team.with_untracked(|t| t.learners.is_empty()) {
                SyncPoint::default()
            } else {
                state.point.get_value().unwrap_or_else(|| saved_point(&conn.endpoint))
            };
            let url = lrs_sync::statements_url(&conn.endpoint, &activity_base, point.since.as_deref());
            (Sync::new(&activity_base, &point), url)
        }
    };
    // The first page and the words file (for what people miss, read at the end) are asked for
    // at once, while the course loads: neither depends on it.
    let mut next = Some(request(&url, &conn.auth, &conn.endpoint));
    let words = super::misses::ask_quiz_key();
    let course: CourseIndex = match store.course().await {
        Ok(c) => c,
        Err(e) => {
            state.outcome.set(Some((true, vec![format!("The course could not be loaded, so statements cannot be matched to its lessons: {e}")])));
            state.syncing.set(false);
            return;
        }
    };
    // The first date written in the manager's locale loads its formats (tens of milliseconds):
    // done now, while the first page downloads, rather than when the outcome is drawn.
    let _ = date_time(0);
    state.counts.set((run.read, run.changed.len()));
    // Nothing but the progress and its counts is drawn until the end: the parts below the fold
    // wait for it too.
    store.hold.set_value(true);
    let finished = loop {
        if state.cancel.get_untracked() {
            break Err("Sync cancelled. What was read so far is shown; sync again to continue from there.".to_string());
        }
        let Some(asked) = next.take() else { break Err(UNREACHABLE.into()) };
        let body = match receive(asked).await {
            Fetched::Body(b) => b,
            Fetched::Failed(why) => break Err(format!("{why} Everything shown before is still here; sync again to continue.")),
        };
        // The next page is asked for at once from a guess at its link, checked once this page is read.
        let guess = lrs_sync::more_hint(&body).and_then(|m| lrs_sync::next_url(&conn.endpoint, m));
        next = guess.as_ref().map(|u| request(u, &conn.auth, &conn.endpoint));
        let Ok(page) = lrs_sync::read_page(&body) else {
            break Err("The learning record store sent something that is not a list of statements. Check that the address is its xAPI address. Everything shown before is still here.".into());
        };
        // `url` stays the page being read until it is applied (where a resumed sync starts).
        let following = page.more.as_deref().and_then(|m| lrs_sync::next_url(&conn.endpoint, m));
        if following != guess {
            next = following.as_ref().map(|u| request(u, &conn.auth, &conn.endpoint));
        }
        store.team.update_untracked(|t| run.apply(t, &course, page));
        state.counts.set((run.read, run.changed.len()));
        match following {
            Some(next) => url = next,
            None => break Ok(()),
        }
    };
    // What people miss, once everything is read (see `Sync::finish_with`; red flags are read
    // against the scenarios' lists in `questions.txt`), is put in after the overview and the
    // matrix are drawn (`TeamStore::owed`); until then the parts below the fold stay held.
    let key = match finished {
        Ok(()) => super::misses::quiz_key(words).await,
        Err(_) => {
            store.hold.set_value(false);
            None
        }
    };
    super::roster::apply_saved(store);
    store.team.notify();
    let mut lines = Vec::new();
    let problem = match finished {
        Ok(()) => {
            let at = now();
            let point = run.point(at);
            state.point.set_value(Some(point.clone()));
            state.pending.set_value(None);
            state.last_sync.set(Some(at));
            lines.push(format!(
                "Synced: {} new statement(s) read, {} learner(s) added or updated.",
                run.read,
                run.changed.len()
            ));
            lines.extend(run.problems.messages());
            let problem = !run.problems.is_empty();
            state.unsaved.set_value(Some((conn.endpoint.clone(), point)));
            // Put in and saved after the outcome is drawn (`save_now` settles first).
            store.owed.set_value(Some((run, key)));
            save_later(store, state);
            problem
        }
        Err(why) => {
            lines.push(why);
            lines.extend(run.problems.messages());
            state.pending.set_value(Some((run, url)));
            true
        }
    };
    state.outcome.set(Some((problem, lines)));
    state.syncing.set(false);
}

/// The "Learning record store" section.
#[component]
pub fn LrsConnect() -> impl IntoView {
    let store = use_team();
    let saved = saved_connection();
    let state = LrsState {
        connection: RwSignal::new(saved.as_ref().map(|(c, _)| c.clone())),
        syncing: RwSignal::new(false),
        cancel: RwSignal::new(false),
        counts: RwSignal::new((0, 0)),
        outcome: RwSignal::new(None),
        last_sync: RwSignal::new(saved.as_ref().map(|(c, _)| saved_point(&c.endpoint).synced_at).filter(|t| *t > 0)),
        pending: StoredValue::new(None),
        point: StoredValue::new(None),
        unsaved: StoredValue::new(None),
    };
    let endpoint = RwSignal::new(saved.as_ref().map(|(c, _)| c.endpoint.clone()).unwrap_or_default());
    let user = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let activity_base = RwSignal::new(saved.as_ref().map(|(c, _)| c.activity_base.clone()).unwrap_or_default());
    let remember = RwSignal::new(saved.as_ref().is_some_and(|(_, r)| *r));
    if saved.is_some() {
        start_fetcher();
    }
    let start = move || {
        if state.syncing.get_untracked() {
            return;
        }
        state.syncing.set(true);
        state.cancel.set(false);
        state.outcome.set(None);
        leptos::task::spawn_local(sync(store, state));
    };
    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = endpoint.get_untracked().trim().to_string();
        if given.is_empty() {
            state.outcome.set(Some((true, vec!["Enter the learning record store's xAPI address.".into()])));
            return;
        }
        // A web address, or a path on this site (a reverse proxy): never `javascript:` and the like.
        let Some(mut url) = hookwise_core::cmi5::web_url(&given, &origin()) else {
            state.outcome.set(Some((true, vec!["That is not a web address. Enter an address starting with https:// or a path on this site such as /lrs/xAPI/.".into()])));
            return;
        };
        if !url.ends_with('/') {
            url.push('/');
        }
        let (u, p) = (user.get_untracked(), password.get_untracked());
        let auth = if u.is_empty() && p.is_empty() { String::new() } else { lrs_sync::basic_auth(&u, &p) };
        let conn = Connection { endpoint: url, auth, activity_base: activity_base.get_untracked().trim().to_string() };
        save_connection(&conn, remember.get_untracked());
        password.set(String::new());
        state.pending.set_value(None);
        state.point.set_value(None);
        state.connection.set(Some(conn));
        start();
    };
    let disconnect = move |_| {
        save_now(store, state);
        forget_connection();
        clear_point();
        state.pending.set_value(None);
        state.point.set_value(None);
        state.connection.set(None);
        state.outcome.set(None);
        state.last_sync.set(None);
    };
    let form = move || {
        view! {
            <form class="lrs-form" on:submit=connect>
                <div class="field">
                    <label for="lrs-endpoint">"xAPI address"</label>
                    <input id="lrs-endpoint" type="text" inputmode="url" autocomplete="url" placeholder="https://lrs.example.com/xAPI/ or /lrs/xAPI/"
                        prop:value=move || endpoint.get() on:input=move |ev| { endpoint.set(event_target_value(&ev)); start_fetcher(); }/>
                </div>
                <div class="field">
                    <label for="lrs-user">"User name (empty behind your company's proxy)"</label>
                    <input id="lrs-user" type="text" autocomplete="username" prop:value=move || user.get() on:input=move |ev| user.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="lrs-password">"Password"</label>
                    <input id="lrs-password" type="password" autocomplete="current-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <details>
                    <summary>"Course address"</summary>
                    <div class="field">
                        <label for="lrs-activity">"Activity address the course sends (empty: this site)"</label>
                        <input id="lrs-activity" type="text" inputmode="url" placeholder=format!("{}/", origin())
                            prop:value=move || activity_base.get() on:input=move |ev| activity_base.set(event_target_value(&ev))/>
                    </div>
                </details>
                <div class="field inline">
                    <input id="lrs-remember" type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    <label for="lrs-remember">"Remember on this computer (otherwise forgotten when this tab closes)"</label>
                </div>
                <button type="submit">"Connect and sync"</button>
            </form>
        }
    };
    view! {
        <section class="lrs" aria-labelledby="lrs-heading">
            <h2 id="lrs-heading">"Learning record store"</h2>
            {move || match state.connection.get() {
                None => view! {
                    <p>"If your company records results in a learning record store (xAPI), read them here instead of importing reports."</p>
                    {form()}
                }.into_any(),
                Some(c) => view! {
                    <p>"Connected to "<strong>{c.endpoint.clone()}</strong>". "
                        {move || state.last_sync.get().map(|t| format!("Last sync: {}.", date_time(t)))}</p>
                    <div class="actions">
                        <button type="button" disabled=move || state.syncing.get() on:click=move |_| start()>
                            {move || {
                                state.syncing.track();
                                if state.pending.with_value(|p| p.is_some()) { "Resume sync" } else { "Sync now" }
                            }}
                        </button>
                        <button type="button" on:click=disconnect disabled=move || state.syncing.get()>"Disconnect"</button>
                    </div>
                }.into_any(),
            }}
            {move || state.syncing.get().then(|| {
                let (read, learners) = state.counts.get();
                view! {
                    <div class="lrs-progress">
                        <label for="lrs-progress">{format!("Syncing: {read} statement(s) read, {learners} learner(s) updated")}</label>
                        <progress id="lrs-progress"></progress>
                        <button type="button" on:click=move |_| state.cancel.set(true)>"Cancel sync"</button>
                    </div>
                }
            })}
            <div role="status" aria-live="polite">
                {move || state.outcome.get().map(|(problem, lines)| view! {
                    <div class=if problem { "notice notice-error" } else { "notice notice-ok" }>
                        {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                    </div>
                })}
            </div>
        </section>
    }
}
