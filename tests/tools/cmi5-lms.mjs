// A small cmi5 LMS for the end-to-end tests (tests/e2e/cmi5.test.mjs): it launches AUs the way
// an LMS does (cmi5 section 8), serves the fetch URL, the State API (LMS.LaunchData and the AU's
// own documents), the learner preferences agent profile and the statement API, forwards every
// statement it accepts to a real LRS (Ralph), and checks the AU against the AU requirements of
// npm's @cmi5/requirements. The first violation is kept with its requirement id and text, the
// request is refused, and `check()` throws it (`cmi5 9.3.2.0-2: The AU MUST use "Initialized"...`).
//
//   const lms = createLms({ forward: { port, auth } });
//   server = await serve(dist, { handle: lms.handle });  // answers /lms/...
//   const url = lms.launch(serverUrl, '/cmi5/index.html?lesson=x', { au, mode, masteryScore, ... });
//   ...; lms.check();
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const REQUIREMENTS = JSON.parse(readFileSync(require.resolve('@cmi5/requirements/requirements.json'), 'utf8'));

const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const CAT_CMI5 = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const CAT_MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const VERB = (v) => `http://adlnet.gov/expapi/verbs/${v}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURATION = /^P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

class Violation extends Error {
  constructor(id, detail) {
    const text = REQUIREMENTS[id]?.txt;
    if (!text) throw new Error(`the stub cites ${id}, which @cmi5/requirements does not list`);
    super(`cmi5 ${id}: ${text}${detail ? ` (${detail})` : ''}`);
    this.requirement = id;
  }
}

function body(req) {
  return new Promise((ok) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
  });
}

function send(res, status, json, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(json === undefined ? '' : JSON.stringify(json));
}

function categories(s) {
  const c = s.context?.contextActivities?.category;
  return (Array.isArray(c) ? c : c ? [c] : []).map((a) => a.id);
}

export function createLms({ forward } = {}) {
  const registrations = new Map(); // registration -> { completed, passed, failedAfter, states: Map }
  const sessions = new Map(); // token -> session
  const fetches = new Map(); // fetch key -> session
  const lms = {
    violation: null,
    /** Every request the AU made, in order: `${method} ${path}`. */
    requests: [],
    /** What the statement API answers instead of storing (401, 500), when set. */
    answer: null,
    /** Statements accepted, in order. */
    accepted: [],
  };

  function violate(id, detail) {
    const v = new Violation(id, detail);
    if (!lms.violation) lms.violation = v;
    throw v;
  }

  /**
   * Launches an AU: writes LMS.LaunchData and returns the launch URL (section 8.1). `options`:
   * au (publisher id), mode, moveOn, masteryScore, returnURL, registration (to relaunch within
   * one), fetchError (an error-code the fetch URL answers), preferences (403 or a document),
   * launchData (raw text instead of the document), actor, omit (parameter names left out of
   * the URL).
   */
  lms.launch = (origin, auUrl, options = {}) => {
    const registration = options.registration ?? randomUUID();
    if (!registrations.has(registration)) registrations.set(registration, { completed: 0, passed: 0, failedAfterPassed: false, states: new Map() });
    const actor = options.actor ?? { objectType: 'Agent', name: 'Ada Tester', account: { homePage: 'https://lms.hookwise-ci.org', name: 'ada-42' } };
    const activityId = `https://lms.hookwise-ci.org/activities/${encodeURIComponent(options.au ?? 'au')}/${registration.slice(0, 8)}`;
    const sessionId = randomUUID();
    const key = randomUUID();
    const token = Buffer.from(`${key}:${randomUUID()}`).toString('base64');
    const session = {
      key, token, registration, actor, activityId, sessionId, options,
      au: options.au ?? 'urn:hookwise:test:au',
      mode: options.mode ?? 'Normal',
      masteryScore: options.masteryScore,
      fetched: 0, launchDataRead: false, preferencesRead: false,
      verbs: [], initialized: false, terminated: false,
    };
    fetches.set(key, session);
    sessions.set(token, session);
    const data = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: 'Activity', id: session.au }] },
        extensions: { [SESSION_ID]: sessionId },
      },
      launchMode: session.mode,
      moveOn: options.moveOn ?? 'CompletedAndPassed',
      ...(options.masteryScore !== undefined ? { masteryScore: options.masteryScore } : {}),
      ...(options.returnURL ? { returnURL: options.returnURL } : {}),
    };
    registrations.get(registration).states.set(`${activityId}|LMS.LaunchData`, options.launchData ?? JSON.stringify(data));
    const params = new URLSearchParams({
      endpoint: options.endpoint ?? `${origin}/lms/xapi/`,
      fetch: options.fetch ?? `${origin}/lms/fetch/${key}`,
      actor: JSON.stringify(actor),
      registration,
      activityId,
    });
    // A broken launch: parameters the LMS leaves out.
    for (const name of [].concat(options.omit ?? [])) params.delete(name);
    return { url: `${origin}${auUrl}${auUrl.includes('?') ? '&' : '?'}${params}`, session };
  };

  /** Throws the first violation, if there was one. */
  lms.check = () => {
    if (lms.violation) throw lms.violation;
  };

  function auth(req) {
    const header = req.headers.authorization ?? '';
    const session = sessions.get(header.replace(/^Basic /, ''));
    // 8.1.2.0-5, 8.2.1.0-5: the token in the Authorization header of every xAPI request.
    if (!header.startsWith('Basic ') || !session) violate('8.2.1.0-5', `Authorization: ${header || 'none'}`);
    return session;
  }

  function sameAgent(session, text, id) {
    let agent;
    try { agent = JSON.parse(text ?? ''); } catch { agent = null; }
    if (!agent || agent.account?.name !== session.actor.account.name || agent.account?.homePage !== session.actor.account.homePage) {
      violate(id, `agent ${text}`);
    }
  }

  function checkStatement(session, s) {
    const reg = registrations.get(session.registration);
    if (typeof s.id !== 'string' || !UUID.test(s.id)) violate('9.1.0.0-1', s.id);
    if (typeof s.timestamp !== 'string') violate('9.7.0.0-1');
    if (!/(Z|[+-]00:00)$/.test(s.timestamp)) violate('9.7.0.0-2', s.timestamp);
    if (!s.actor || s.actor.account?.name !== session.actor.account.name || s.actor.account?.homePage !== session.actor.account.homePage) violate('8.1.3.0-3', JSON.stringify(s.actor));
    if (s.context?.registration !== session.registration) violate('8.1.4.0-3', s.context?.registration);
    if (s.context?.extensions?.[SESSION_ID] !== session.sessionId) violate('9.6.3.1-4');
    const grouping = s.context?.contextActivities?.grouping ?? [];
    if (![].concat(grouping).some((a) => a.id === session.au)) violate('10.2.1.0-6', 'the publisher id is missing from grouping');
    if (!session.launchDataRead) violate('10.2.1.0-4', 'a statement before LMS.LaunchData was read');
    if (!session.preferencesRead) violate('11.0.0.0-3', 'a statement before the learner preferences were read');
    const verb = s.verb?.id;
    if (session.terminated) violate('9.3.8.0-2', `${verb} after terminated`);
    if (!session.initialized && verb !== VERB('initialized')) violate('9.3.2.0-2', `${verb} first`);
    const defined = categories(s).includes(CAT_CMI5);
    if (verb === VERB('initialized')) {
      if (session.initialized) violate('9.3.2.0-3');
      session.initialized = true;
    }
    if (!defined) return;
    if (s.object?.id !== session.activityId) violate('8.1.5.0-6', s.object?.id);
    if (session.verbs.includes(verb)) violate('9.3.0.0-2', verb);
    const judged = [VERB('passed'), VERB('failed')];
    if (judged.includes(verb) && session.verbs.some((v) => judged.includes(v))) violate('9.3.0.0-3', verb);
    session.verbs.push(verb);
    const r = s.result ?? {};
    const satisfaction = [VERB('passed'), VERB('failed'), VERB('completed')].includes(verb);
    if (satisfaction && session.mode !== 'Normal') violate(session.mode === 'Browse' ? '10.2.2.0-9' : '10.2.2.0-11', verb);
    if ('score' in r && !judged.includes(verb)) violate('9.5.1.0-2', verb);
    if (r.score?.raw !== undefined && (r.score.min === undefined || r.score.max === undefined)) violate('9.5.1.0-3');
    if (verb === VERB('passed') && r.success !== true) violate('9.5.2.0-1');
    if (verb === VERB('failed') && r.success !== false) violate('9.5.2.0-2');
    if (!judged.includes(verb) && 'success' in r) violate('9.5.2.0-3', verb);
    if (verb === VERB('completed') && r.completion !== true) violate('9.5.3.0-1');
    if (verb !== VERB('completed') && 'completion' in r) violate('9.5.3.0-2', verb);
    const durations = { terminated: '9.5.4.1-1', completed: '9.5.4.1-2', passed: '9.5.4.1-3', failed: '9.5.4.1-4' };
    for (const [v, id] of Object.entries(durations)) {
      if (verb === VERB(v) && !(typeof r.duration === 'string' && DURATION.test(r.duration))) violate(id, r.duration);
    }
    const hasMoveOn = categories(s).includes(CAT_MOVEON);
    if (('success' in r || 'completion' in r) && !hasMoveOn) violate('9.6.2.2-1', verb);
    if (!('success' in r || 'completion' in r) && hasMoveOn) violate('9.6.2.2-2', verb);
    if (judged.includes(verb) && session.masteryScore !== undefined) {
      if (s.context?.extensions?.[MASTERY] !== session.masteryScore) violate('9.6.3.2-2', s.context?.extensions?.[MASTERY]);
      const scaled = r.score?.scaled;
      if (scaled !== undefined && (verb === VERB('passed')) !== (scaled >= session.masteryScore)) violate('9.5.1.0-1', `${verb} with ${scaled}`);
    }
    if (verb === VERB('completed') && ++reg.completed > 1) violate('9.3.0.0-6');
    if (verb === VERB('passed') && ++reg.passed > 1) violate('9.3.0.0-7');
    if (verb === VERB('failed') && reg.passed > 0) violate('9.3.0.0-8');
    if (verb === VERB('terminated')) session.terminated = true;
  }

  function toLrs(statement) {
    if (!forward) return Promise.resolve(204);
    return new Promise((ok) => {
      const req = request({
        host: '127.0.0.1', port: forward.port, method: 'PUT',
        path: `/xAPI/statements?statementId=${statement.id}`,
        headers: { Authorization: forward.auth, 'X-Experience-API-Version': '1.0.3', 'content-type': 'application/json' },
      }, (res) => { res.resume(); res.on('end', () => ok(res.statusCode)); });
      req.on('error', () => ok(502));
      req.end(JSON.stringify(statement));
    });
  }

  const seen = new Set();
  let lock = Promise.resolve();

  lms.handle = async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith('/lms/')) return false;
    lms.requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/lms/returned') {
      // The LMS's own page, where returnURL leads.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><title>Test LMS</title><h1>Back in the learning platform</h1>');
      return true;
    }
    const text = await body(req);
    try {
      if (url.pathname.startsWith('/lms/fetch/')) {
        const session = fetches.get(url.pathname.slice('/lms/fetch/'.length));
        // 8.2.1.0-2: a POST.
        if (req.method !== 'POST') violate('8.2.1.0-2', req.method);
        if (!session) return send(res, 200, { 'error-code': '2', 'error-text': 'unknown launch' }), true;
        session.fetched++;
        if (session.options.fetchError) return send(res, 200, { 'error-code': session.options.fetchError, 'error-text': 'test' }), true;
        // 8.2.3.0-1: one token per launch.
        if (session.fetched > 1) return send(res, 200, { 'error-code': '1', 'error-text': 'already returned' }), true;
        return send(res, 200, { 'auth-token': session.token }), true;
      }
      const session = auth(req);
      const path = url.pathname.slice('/lms/xapi/'.length);
      const reg = registrations.get(session.registration);
      if (path === 'activities/state') {
        sameAgent(session, url.searchParams.get('agent'), '8.1.3.0-3');
        if (url.searchParams.get('registration') !== session.registration) violate('8.1.4.0-3', 'state request');
        const stateId = url.searchParams.get('stateId');
        const key = `${url.searchParams.get('activityId')}|${stateId}`;
        if (stateId === 'LMS.LaunchData') {
          if (req.method !== 'GET') violate('10.2.1.0-5', req.method);
          if (url.searchParams.get('activityId') !== session.activityId) violate('8.1.5.0-6', 'LaunchData for another activity');
          session.launchDataRead = true;
        }
        if (req.method === 'GET') {
          if (!reg.states.has(key)) return send(res, 404, { error: 'no document' }), true;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(reg.states.get(key));
          return true;
        }
        if (req.method === 'PUT' || req.method === 'POST') {
          reg.states.set(key, text);
          return send(res, 204), true;
        }
        return send(res, 405, { error: req.method }), true;
      }
      if (path === 'agents/profile') {
        sameAgent(session, url.searchParams.get('agent'), '11.0.0.0-1');
        if (url.searchParams.get('profileId') === 'cmi5LearnerPreferences' && req.method === 'GET') session.preferencesRead = true;
        const prefs = session.options.preferences ?? 403;
        if (prefs === 403) return send(res, 403, { error: 'forbidden' }), true;
        return send(res, 200, prefs), true;
      }
      if (path === 'statements' && (req.method === 'PUT' || req.method === 'POST')) {
        if (lms.answer) return send(res, lms.answer, { error: 'test' }), true;
        let list;
        try { list = [].concat(JSON.parse(text)); } catch { violate('4.1.0.0-1', 'a statement that is not JSON'); }
        if (req.method === 'PUT') {
          const id = url.searchParams.get('statementId');
          if (list.length !== 1 || list[0].id !== id) violate('4.1.0.0-1', 'PUT statementId differs from the statement id');
        }
        // One statement request at a time, as they arrive: the same statement may come twice
        // at once (a retry, and the last burst of a closing page).
        const turn = lock;
        let done;
        lock = new Promise((ok) => { done = ok; });
        await turn;
        try {
          const fresh = list.filter((s) => !seen.has(s.id));
          // Checked in order, then forwarded; when the LRS is down, nothing counts as accepted
          // and the AU must send them again.
          const before = { session: { ...session, verbs: [...session.verbs] }, reg: { ...reg } };
          for (const s of fresh) checkStatement(session, s);
          for (const s of fresh) {
            const status = await toLrs(s);
            if (status >= 300 && status !== 409) {
              Object.assign(session, before.session);
              Object.assign(reg, before.reg);
              return send(res, 503, { error: 'LRS unavailable' }), true;
            }
            seen.add(s.id);
            lms.accepted.push(s);
          }
        } finally {
          done();
        }
        return send(res, req.method === 'PUT' ? 204 : 200, req.method === 'PUT' ? undefined : list.map((s) => s.id)), true;
      }
      return send(res, 404, { error: `no ${req.method} ${path}` }), true;
    } catch (e) {
      if (!(e instanceof Violation)) throw e;
      send(res, 400, { error: e.message });
      return true;
    }
  };

  /** The accepted statements of one session (by its launch), as verbs: ['initialized', ...]. */
  lms.verbs = (session) => lms.accepted
    .filter((s) => s.context?.extensions?.[SESSION_ID] === session.sessionId)
    .map((s) => s.verb.id.split('/').pop());

  return lms;
}
