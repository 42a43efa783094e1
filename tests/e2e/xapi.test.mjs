// xAPI end to end against the real Ralph LRS (PyPI ralph-malph, file-system backend), started
// on 127.0.0.1 by tests/tools/ralph-load.mjs (through ralph-lrs.py, which says why not `ralph runserver`). The app reaches it through the test server at /lrs/ (the same-origin
// reverse proxy deploy/README.md recommends: no CORS, and the CSP's connect-src 'self' holds).
// The launch passes endpoint, auth and actor as an LMS's xAPI launch does.
//
// Also: without any LMS API or LRS configuration, the app makes no request beyond its own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, newPage, readJson, answer, completeQuiz, quizRegion, DIST, scratchDir } from './harness.mjs';
import { startRalph, proxy, AUTH } from '../tools/ralph-load.mjs';

const ACTOR = { objectType: 'Agent', name: 'Ada Tester', mbox: 'mailto:ada.tester@acme-corp.com' };

let server, browser, lesson, lrs;

/** Every statement Ralph holds (the fs backend returns them newest first). */
const statements = () => lrs.statements(500);

async function until(what, check, timeout = 30000) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

before(async () => {
  lrs = await startRalph();
  server = await serve(undefined, { handle: proxy(lrs) });
  browser = await launch();
  const catalogue = await readJson('catalogue.json');
  const entries = catalogue.parts.flatMap((p) => p.lessons);
  lesson = await readJson(`lessons/${entries[1].id}.json`);
});
after(async () => {
  await browser?.close();
  await server?.close();
  await lrs?.close();
});

test('xAPI: a passed lesson reaches Ralph with the score and actor; a queued answer arrives once after an outage', async () => {
  const context = await browser.newContext();
  const page = await newPage(context);
  const launchUrl = `${server.url}/lessons/${lesson.id}?` + new URLSearchParams({
    endpoint: `${server.url}/lrs/xAPI/`,
    auth: AUTH,
    actor: JSON.stringify(ACTOR),
  });
  await page.goto(launchUrl);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  // The pre-rendered lesson shows before the app; once the app has started (it has taken the
  // static copy's place), the credentials have left the address bar.
  await page.locator('#prerendered').waitFor({ state: 'detached' });
  assert.ok(!page.url().includes('auth='), page.url());

  await completeQuiz(page, lesson);
  await quizRegion(page).getByText('Passed. Well done.').waitFor();
  const lessonActivity = `${server.url}/lessons/${lesson.id}`;
  const passed = await until('the passed statement', async () =>
    (await statements()).find((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/passed'));
  assert.equal(passed.actor.mbox, ACTOR.mbox);
  assert.equal(passed.actor.name, ACTOR.name);
  assert.equal(passed.object.id, lessonActivity);
  assert.equal(passed.result.score.raw, 100);
  assert.equal(passed.result.score.scaled, 1);
  assert.equal(passed.result.success, true);
  // The statements go out one by one, so the others may reach the LRS after "passed": wait until
  // as many as expected have arrived, then check that there are no more than that.
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  const of = (list, v) => list.filter((s) => s.verb.id === `http://adlnet.gov/expapi/verbs/${v}`);
  const all = await until('every statement of the attempt', async () => {
    const got = await statements();
    return of(got, 'initialized').length >= 1 && of(got, 'answered').length >= asked && of(got, 'completed').length >= 1 && got;
  });
  const verbs = (v) => of(all, v);
  assert.equal(verbs('initialized').length, 1);
  assert.equal(verbs('answered').length, asked);
  assert.equal(verbs('completed').length, 1);
  assert.ok(verbs('answered').every((s) => s.result.success === true && s.object.id.startsWith(`${lessonActivity}/questions/`)));

  // The LRS goes away; the next answer waits in the queue in localStorage.
  await lrs.stop();
  await quizRegion(page).getByRole('button', { name: 'Retake the quiz' }).click();
  const question = await answer(page, lesson, { right: false });
  const queued = await until('the answer in the queue', () => page.evaluate(() => {
    // One statement per line.
    const q = (localStorage.getItem('hookwise.xapi.queue') ?? '').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return q.find((s) => s.verb.id.endsWith('/answered'));
  }));
  assert.ok(queued.object.id.endsWith(`/questions/${question.id}`));
  assert.equal(queued.result.success, false);

  // Back up: the retry delivers it, exactly once, and the queue empties.
  await lrs.start();
  await until('the queue to empty', () => page.evaluate(() => localStorage.getItem('hookwise.xapi.queue') === null), 45000);
  const after = await statements();
  assert.equal(after.filter((s) => s.id === queued.id).length, 1);
  assert.equal(after.filter((s) => s.verb.id.endsWith('/answered') && s.result.success === false).length, 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('xAPI: a deployment config file (--lrs-config, read at build time) configures it without launch parameters', async () => {
  // The build's last step (policy, LRS config, page copies), run again on a copy of the site
  // with a config file.
  const site = scratchDir('site');
  cpSync(DIST, site, { recursive: true });
  const config = join(scratchDir('lrs-config'), 'lrs.json');
  writeFileSync(config, JSON.stringify({ endpoint: '/lrs/xAPI/', auth: AUTH }));
  execFileSync('cargo', ['xtask', 'site', site, '--lrs-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  assert.match(readFileSync(join(site, 'lessons', lesson.id, 'index.html'), 'utf8'), /<meta name="hookwise-lrs" content="\{&quot;endpoint&quot;:&quot;\/lrs\/xAPI\/&quot;/);
  const site_server = await serve(site, { handle: proxy(lrs) });
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${site_server.url}/lessons/${lesson.id}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  await completeQuiz(page, lesson, { wrongFrom: 0 });
  // An anonymous learner (no launch actor, no profile): an account on this site.
  const failed = await until('the failed statement from the configured site', async () =>
    (await statements()).find((s) => s.verb.id.endsWith('/failed') && s.object.id === `${site_server.url}/lessons/${lesson.id}`));
  assert.equal(failed.actor.account.homePage, `${site_server.url}/`);
  assert.equal(failed.result.score.raw, 0);
  assert.equal(failed.result.success, false);
  assert.ok(asked > 0);
  // Going back to the course (another page) ends the lesson: `terminated`, with the time spent.
  await page.getByRole('link', { name: '← All lessons' }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const terminated = await until('the terminated statement', async () =>
    (await statements()).find((s) => s.verb.id.endsWith('/terminated') && s.object.id === `${site_server.url}/lessons/${lesson.id}`));
  assert.match(terminated.result.duration, /^PT(\d+H)?(\d+M)?\d+\.\d\dS$/);
  assert.equal(terminated.actor.account.name, failed.actor.account.name, 'the same anonymous learner');
  assert.deepEqual(page.errors, []);
  await context.close();
  await site_server.close();
});

test('with no LMS and no LRS configured, the app sends nothing anywhere', async () => {
  const context = await browser.newContext();
  const page = await newPage(context);
  const requests = [];
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await completeQuiz(page, lesson);
  await quizRegion(page).getByText('Passed. Well done.').waitFor();
  await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
  await page.waitForTimeout(500);
  // The app's code, its wasm, and the worker that compiles it (app/compile-worker.js).
  const files = /^\/(index\.html|lessons\/[a-z0-9-]+(\.json)?|catalogue\.json|favicon\.svg|(app\/)?(hookwise(-app|-compile)?-[\w]+(_bg\.wasm|\.js)|(main|practice)-[\w]+\.css))$/;
  for (const r of requests) {
    const url = new URL(r.url);
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.equal(url.origin, server.url, r.url);
    assert.match(url.pathname, files);
  }
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.xapi.queue')), null);
  assert.deepEqual(page.errors, []);
  await context.close();
});
