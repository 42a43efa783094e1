// Ralph (the real LRS the xAPI tests use) for the dashboard's LRS tests and the bench: started on
// a free port with a credentials file, loaded with generated statements in batches, and reached
// through a same-origin proxy (/lrs/ → Ralph) that a test can break on purpose (an outage, a 401,
// a statement changed on its way).
//
// Statements are generated at run time, in the form hookwise sends (crates/hookwise-core/src/
// lms.rs): nothing generated is ever committed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';

export const USER = 'hookwise';
export const PASSWORD = 'a-test-only-password';
export const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const VERBS = 'http://adlnet.gov/expapi/verbs/';

export function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export function call(port, method, path, headers = {}, body) {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    if (body) req.end(body); else req.end();
  });
}

/**
 * Ralph on a free port (file-system backend, in a temporary folder); `pageSize` is its largest page.
 * `stop()` and `start()` take it down and bring it back on the same port with the same statements
 * (an outage); `close()` stops it and removes its folder.
 */
export async function startRalph({ pageSize = 1000 } = {}) {
  const py = process.env.HOOKWISE_PY;
  if (!py) throw new Error('HOOKWISE_PY is not set: run through ./dev, which installs Ralph');
  const home = mkdtempSync(join(tmpdir(), 'hookwise-ralph-'));
  const env = {
    ...process.env,
    RALPH_APP_DIR: join(home, 'app'),
    RALPH_AUTH_FILE: join(home, 'auth.json'),
    RALPH_RUNSERVER_BACKEND: 'fs',
    RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT: String(pageSize),
  };
  writeFileSync(join(home, 'auth.json'), '[]');
  execFileSync(join(dirname(py), 'ralph'), ['auth', '-u', USER, '-p', PASSWORD, '-s', 'all', '-M', 'mailto:lrs@hookwise-ci.org', '-w'], { env, stdio: 'ignore' });
  const port = await freePort();
  let proc = null;
  const ralph = {
    port,
    start: async () => {
      proc = spawn(py, ['tests/tools/ralph-lrs.py', '127.0.0.1', String(port), join(home, 'data')], { env, stdio: process.env.HOOKWISE_DEBUG_LRS ? 'inherit' : 'ignore' });
      for (let i = 0; i < 150; i++) {
        if ((await call(port, 'GET', '/__heartbeat__').catch(() => null))?.status === 200) return;
        await new Promise((ok) => setTimeout(ok, 200));
      }
      throw new Error('Ralph did not start within 30 s');
    },
    stop: async () => {
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((ok) => proc.once('exit', ok));
      proc.kill('SIGTERM');
      await exited;
    },
    close: async () => {
      await ralph.stop();
      rmSync(home, { recursive: true, force: true });
    },
    /** Posts statements in batches; throws on a refused batch. */
    post: async (statements, batch = 1000) => {
      for (let i = 0; i < statements.length; i += batch) {
        const body = JSON.stringify(statements.slice(i, i + batch));
        const res = await call(port, 'POST', '/xAPI/statements', { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' }, body);
        if (res.status !== 200) throw new Error(`Ralph refused a batch (${res.status}): ${res.body.toString().slice(0, 500)}`);
      }
    },
    /** Every statement Ralph holds, up to `limit` (the file backend returns them newest first). */
    statements: async (limit = 1000) => {
      const res = await call(port, 'GET', `/xAPI/statements?limit=${limit}`, { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3' });
      if (res.status !== 200) throw new Error(`Ralph answered ${res.status}: ${res.body.toString().slice(0, 500)}`);
      return JSON.parse(res.body).statements;
    },
  };
  await ralph.start();
  return ralph;
}

/**
 * The proxy /lrs/… → Ralph, as a company's reverse proxy. `faults` changes it while a test runs:
 * `down` (502, as a proxy answers when the LRS is gone), `downAfter` (requests served before it
 * goes down), `status` (answer this status instead), `rewrite(body)` (change a statement page),
 * `delayMs` (answer each request that much later).
 */
export function proxy(ralph, faults = {}) {
  const handle = (req, res) => {
    if (!req.url.startsWith('/lrs/')) return false;
    if (faults.delayMs && !req.delayed) {
      req.delayed = true;
      setTimeout(() => handle(req, res), faults.delayMs);
      return true;
    }
    faults.requests = (faults.requests ?? 0) + 1;
    if (faults.downAfter !== undefined && faults.requests > faults.downAfter) faults.down = true;
    if (faults.down) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
      return true;
    }
    if (faults.status) {
      res.writeHead(faults.status, { 'content-type': 'application/json' });
      res.end('{"detail":"Invalid authentication credentials"}');
      return true;
    }
    const up = request({ host: '127.0.0.1', port: ralph.port, method: req.method, path: req.url.slice(4), headers: req.headers }, (r) => {
      if (!faults.rewrite || req.method !== 'GET') {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
        return;
      }
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const body = faults.rewrite(Buffer.concat(chunks).toString());
        const headers = { ...r.headers, 'content-length': Buffer.byteLength(body) };
        res.writeHead(r.statusCode, headers);
        res.end(body);
      });
    });
    up.on('error', () => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('bad gateway');
    });
    req.pipe(up);
    return true;
  };
  return handle;
}

/** A statement as hookwise sends it (lms.rs): `base` is the activity base, ending with `/`. */
export function statement(base, { actor, verb, lesson, question, score, success, response, timestamp }) {
  const lessonId = `${base}lessons/${lesson}`;
  const s = {
    id: randomUUID(),
    actor,
    verb: { id: `${VERBS}${verb}`, display: { 'en-US': verb } },
    object: question
      ? { objectType: 'Activity', id: `${lessonId}/questions/${question}`, definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', interactionType: 'choice' } }
      : { objectType: 'Activity', id: lessonId, definition: { name: { 'en-US': lesson }, type: 'http://adlnet.gov/expapi/activities/lesson' } },
    timestamp,
    context: { contextActivities: { grouping: [{ objectType: 'Activity', id: `${base}course` }], ...(question ? { parent: [{ objectType: 'Activity', id: lessonId }] } : {}) } },
  };
  if (verb === 'passed' || verb === 'failed') {
    s.result = { score: { scaled: score / 100, raw: score, min: 0, max: 100 }, success: verb === 'passed', completion: true, duration: 'PT2M0.00S' };
  }
  if (verb === 'answered') s.result = { success, response };
  return s;
}

/** Learner `i`: an email, or (every fifth) a pseudonymous account on `base`. */
export function actor(base, i) {
  return i % 5 === 4
    ? { objectType: 'Agent', account: { homePage: base, name: `p-${String(i).padStart(6, '0')}` } }
    : { objectType: 'Agent', name: `Learner ${i}`, mbox: `mailto:learner${i}@acme-corp.example` };
}

/**
 * Statements for learners `from`..`to`: each opened the first lesson; three in four passed it
 * (one in four of those after a failed attempt), the others failed. Times are before `now`, up to
 * 300 `unit`s (minutes by default) earlier.
 */
export function generate(base, lessons, from, to, { now = Date.now(), unit = 60000 } = {}) {
  const out = [];
  for (let i = from; i < to; i++) {
    const who = actor(base, i);
    const at = (ago) => new Date(Math.round(now - ago * unit - ((i % 1000) * unit) / 1000)).toISOString();
    out.push(statement(base, { actor: who, verb: 'initialized', lesson: lessons[0], timestamp: at(300) }));
    if (i % 4 === 1) out.push(statement(base, { actor: who, verb: 'failed', lesson: lessons[0], score: 40, timestamp: at(200) }));
    const passed = i % 4 !== 3;
    out.push(statement(base, { actor: who, verb: passed ? 'passed' : 'failed', lesson: lessons[0], score: passed ? 90 : 50, timestamp: at(100) }));
  }
  return out;
}
