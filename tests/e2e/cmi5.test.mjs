// cmi5 end to end: the cmi5 package (built by `./dev package` into target/packages/cmi5/) served
// next to a small cmi5 LMS (tests/tools/cmi5-lms.mjs) that launches its AUs, serves fetch, the
// State API, the learner preferences and the statement API, checks every request against the AU
// requirements of @cmi5/requirements (failing with the requirement id), and forwards the
// statements it accepts to the real Ralph LRS (tests/tools/ralph-load.mjs, as in xapi.test.mjs).
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, launch, newPage, readJson, answer, completeQuiz, quizRegion, choicesFor, plainText, holdWasm } from './harness.mjs';
import { createLms } from '../tools/cmi5-lms.mjs';
import { startRalph, AUTH } from '../tools/ralph-load.mjs';

const PACKAGES = resolve(process.env.HOOKWISE_PACKAGES ?? 'target/packages');

let server, browser, lrs, lms, aus, lesson, au;

async function ralphStatements(registration) {
  return (await lrs.statements(1000)).filter((s) => s.context?.registration === registration);
}

async function until(what, check, timeout = 30000) {
  const start = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

/** The AUs of cmi5.xml: publisher id, moveOn, masteryScore, url. */
function readAus() {
  const xml = readFileSync(join(PACKAGES, 'cmi5', 'cmi5.xml'), 'utf8');
  return [...xml.matchAll(/<au id="([^"]+)" moveOn="([^"]+)"(?: masteryScore="([^"]+)")?[^>]*>[\s\S]*?<url>([^<]+)<\/url>/g)]
    .map(([, id, moveOn, mastery, url]) => ({ id, moveOn, masteryScore: mastery === undefined ? undefined : Number(mastery), url: url.replace(/&amp;/g, '&') }));
}

before(async () => {
  assert.ok(existsSync(join(PACKAGES, 'cmi5', 'cmi5.xml')), `no cmi5 package in ${PACKAGES}: run ./dev package`);
  lrs = await startRalph();
  lms = createLms({ forward: { port: lrs.port, auth: AUTH } });
  server = await serve(undefined, { mounts: { '/cmi5/': join(PACKAGES, 'cmi5') }, handle: lms.handle });
  browser = await launch();
  aus = readAus();
  au = aus[0];
  lesson = await readJson(`lessons/${new URLSearchParams(au.url.split('?')[1]).get('lesson')}.json`);
});
// Each test starts clean: a violation fails the test that caused it.
beforeEach(() => { if (lms) lms.violation = null; });
after(async () => {
  await browser?.close();
  await server?.close();
  await lrs?.close();
});

/** Launches `au` as the LMS does and waits for the lesson; returns the page and the session. */
async function open(context, options = {}) {
  const { url, session } = lms.launch(server.url, `/cmi5/${au.url}`, { au: au.id, masteryScore: au.masteryScore, moveOn: au.moveOn, ...options });
  const page = await newPage(context);
  page.statementRequests = 0;
  page.on('request', (r) => { if (r.url().includes('/lms/xapi/statements')) page.statementRequests++; });
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  // The AU's page shows the lesson pre-rendered; the app has started once it took it over.
  await page.locator('#prerendered').waitFor({ state: 'detached' });
  return { page, session };
}

const notice = (page) => page.locator('.lms-notice');

/** Ends the session as the learner does: "Exit this lesson" (no returnURL: the AU says so). */
async function exit(page, session) {
  await page.getByRole('button', { name: 'Exit this lesson' }).click();
  await notice(page).getByText('You can close this window').waitFor();
  await until('terminated', () => lms.verbs(session).includes('terminated'));
}

const NOT_JUDGED = 'In this mode, answers are not checked or recorded';

/**
 * Goes through the quiz of a Browse or Review launch: every question answered (right) and
 * checked, and nothing judged on the way or at the end.
 */
async function lookThrough(page) {
  const quiz = quizRegion(page);
  await quiz.getByText(NOT_JUDGED).first().waitFor();
  for (let i = 0; i < asked(); i++) {
    await quiz.getByText(`Question ${i + 1} of ${asked()}`).waitFor();
    const { pick } = await choicesFor(page, lesson);
    for (const text of pick) await quiz.getByLabel(text, { exact: true }).check();
    await quiz.getByRole('button', { name: 'Check answer' }).click();
    const next = i + 1 === asked() ? 'See your results' : 'Next question';
    await quiz.getByRole('button', { name: next }).waitFor();
    // The choices stay readable; no verdict, no correct answer, just the plain note.
    assert.equal(await quiz.locator('.live').getByText(NOT_JUDGED).count(), 1);
    for (const verdict of ['Correct.', 'Not quite.']) assert.equal(await quiz.getByText(verdict, { exact: true }).count(), 0, verdict);
    assert.equal(await quiz.getByText('The correct answer').count(), 0);
    await quiz.getByRole('button', { name: next }).click();
  }
  await quiz.getByRole('heading', { name: 'End of the quiz' }).waitFor();
  const text = await quiz.innerText();
  for (const judged of ['You scored', 'pass mark', 'Passed', 'Not passed', '(correct)', '(incorrect)', 'You need']) {
    assert.ok(!text.includes(judged), `${judged} in: ${text}`);
  }
  // Nothing of the look-through is kept in this browser either: no attempt, no quiz in progress.
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('hookwise.progress') ?? '{}'));
  assert.equal(stored.attempts?.length ?? 0, 0, JSON.stringify(stored));
  assert.equal(Object.keys(stored.in_progress ?? {}).length, 0, JSON.stringify(stored));
}
const asked = () => lesson.quiz.ask ?? lesson.quiz.questions.length;
const answeredN = (n) => Array(n).fill('answered');

test('cmi5: the package has one AU per lesson, with moveOn and masteryScore from the quiz and pass mark', async () => {
  const catalogue = await readJson('catalogue.json');
  const lessons = catalogue.parts.flatMap((p) => p.lessons);
  assert.equal(aus.length, lessons.length);
  for (const [i, l] of lessons.entries()) {
    // Each AU launches its lesson's own pre-rendered page.
    assert.equal(aus[i].url, `lesson-${l.id}.html?lesson=${l.id}`);
    assert.equal(aus[i].moveOn, 'CompletedAndPassed');
    assert.equal(aus[i].masteryScore, l.pass_mark / 100);
  }
});

test('cmi5: the AU\'s page shows its lesson before the app arrives, and the app then takes it over and reports', async () => {
  const context = await browser.newContext();
  const { url, session } = lms.launch(server.url, `/cmi5/${au.url}`, { au: au.id, masteryScore: au.masteryScore, moveOn: au.moveOn });
  const page = await newPage(context);
  const release = await holdWasm(page);
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  const first = plainText(lesson.body.find((b) => b.Paragraph).Paragraph.content);
  assert.ok(await page.getByRole('main').getByText(first, { exact: true }).first().isVisible(), 'the text, before the app');
  assert.equal(await page.getByRole('link', { name: '← All lessons' }).count(), 0, 'no site navigation in an LMS');
  release();
  await page.locator('#prerendered').waitFor({ state: 'detached' });
  await completeQuiz(page, lesson);
  await quizRegion(page).getByText('Passed. Well done.').waitFor();
  await until('passed', () => lms.verbs(session).includes('passed'));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('cmi5: a passed AU in Normal mode sends initialized, answers, completed, passed and terminated, and returns to the LMS', async () => {
  const context = await browser.newContext();
  const returnURL = `${server.url}/lms/returned`;
  const { page, session } = await open(context, { returnURL });
  // The launch parameters leave the address bar at once (the lesson parameter stays).
  assert.ok(!page.url().includes('fetch='), page.url());
  assert.ok(page.url().includes(`lesson=${lesson.id}`), page.url());
  await completeQuiz(page, lesson);
  await quizRegion(page).getByText('Passed. Well done.').waitFor();
  await page.getByRole('button', { name: 'Exit this lesson' }).click();
  // 10.2.6.0-1: to the returnURL once terminated is sent.
  await page.waitForURL(returnURL);
  await until('terminated', () => lms.verbs(session).includes('terminated'));
  lms.check();
  assert.deepEqual(lms.verbs(session), ['initialized', ...answeredN(asked()), 'completed', 'passed', 'terminated']);
  assert.equal(session.fetched, 1);
  // The LMS read the launch data and the preferences (403) before the first statement.
  const firstStatement = lms.requests.findIndex((r) => r.endsWith('/statements'));
  assert.ok(lms.requests.slice(0, firstStatement).includes('GET /lms/xapi/agents/profile'));
  const stored = await until('the statements in Ralph', async () => {
    const all = await ralphStatements(session.registration);
    return all.length === asked() + 4 && all;
  });
  const passed = stored.find((s) => s.verb.id.endsWith('/passed'));
  assert.equal(passed.result.score.scaled, 1);
  assert.equal(passed.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], au.masteryScore);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('cmi5: failed once per session, never after passed, completed and passed once per registration (relaunch)', async () => {
  const context = await browser.newContext();
  let { page, session } = await open(context);
  await completeQuiz(page, lesson, { wrongFrom: 0 });
  await quizRegion(page).getByRole('button', { name: 'Retake the quiz' }).click();
  await completeQuiz(page, lesson, { wrongFrom: 0 });
  await exit(page, session);
  lms.check();
  // completed after the first attempt; one failed for the session, at its end.
  assert.deepEqual(lms.verbs(session), ['initialized', ...answeredN(asked()), 'completed', ...answeredN(asked()), 'failed', 'terminated']);
  const registration = session.registration;
  await page.close();
  // Relaunched in the same registration: passed, but no second completed.
  ({ page, session } = await open(context, { registration }));
  await completeQuiz(page, lesson);
  await exit(page, session);
  lms.check();
  assert.deepEqual(lms.verbs(session), ['initialized', ...answeredN(asked()), 'passed', 'terminated']);
  await page.close();
  // Once more: failing now sends no failed after the passed.
  ({ page, session } = await open(context, { registration }));
  await completeQuiz(page, lesson, { wrongFrom: 0 });
  await exit(page, session);
  lms.check();
  assert.deepEqual(lms.verbs(session), ['initialized', ...answeredN(asked()), 'terminated']);
  await context.close();
});

test('cmi5: a reload goes on with the same session: one fetch, one initialized, no terminated until Exit', async () => {
  const context = await browser.newContext();
  const { page, session } = await open(context);
  await until('initialized', () => lms.verbs(session).includes('initialized'));
  await answer(page, lesson);
  await until('the answer', () => lms.verbs(session).includes('answered'));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  // The session goes on: no message that it has ended, nothing sent by the reload itself.
  await page.waitForTimeout(1000);
  assert.equal(await notice(page).count(), 0, await notice(page).allInnerTexts().then((t) => t.join(' ')));
  assert.deepEqual(lms.verbs(session), ['initialized', 'answered']);
  // The quiz goes on where it was, and is finished in the same session.
  const quiz = quizRegion(page);
  await quiz.getByRole('button', { name: asked() > 1 ? 'Next question' : 'See your results' }).click();
  for (let i = 1; i < asked(); i++) {
    await answer(page, lesson);
    await quiz.getByRole('button', { name: i + 1 === asked() ? 'See your results' : 'Next question' }).click();
  }
  await quiz.getByText('Passed. Well done.').waitFor();
  await until('passed', () => lms.verbs(session).includes('passed'));
  assert.ok(!lms.verbs(session).includes('terminated'), 'no terminated before the learner leaves');
  // A second reload after passing: still the same session, nothing judged twice.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await exit(page, session);
  lms.check();
  assert.equal(session.fetched, 1, 'one POST to fetch');
  assert.deepEqual(lms.verbs(session), ['initialized', ...answeredN(asked()), 'completed', 'passed', 'terminated']);
  // Every statement of the registration carries this one session id.
  const mine = lms.accepted.filter((s) => s.context?.registration === session.registration);
  assert.equal(mine.length, asked() + 4);
  assert.ok(mine.every((s) => s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === session.sessionId));
  // After Exit, a reload says the session has ended and sends nothing.
  await page.reload();
  await notice(page).getByText('session with your learning platform has ended').waitFor();
  assert.equal(session.fetched, 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('cmi5: leaving the page does not end the session (the LMS abandons it), and sends what was queued', async () => {
  const context = await browser.newContext();
  const { page, session } = await open(context);
  await until('initialized', () => lms.verbs(session).includes('initialized'));
  await answer(page, lesson);
  await page.goto('about:blank');
  await until('the answer', () => lms.verbs(session).includes('answered'));
  await new Promise((ok) => setTimeout(ok, 1000));
  lms.check();
  assert.deepEqual(lms.verbs(session), ['initialized', 'answered']);
  await context.close();
});

for (const mode of ['Browse', 'Review']) {
  test(`cmi5: ${mode} mode shows the lesson without judgement and sends only initialized and terminated`, async () => {
    const context = await browser.newContext();
    const { page, session } = await open(context, { mode });
    await notice(page).getByText('your answers are not recorded').waitFor();
    await lookThrough(page);
    // Again, after a reload: still the same look-through session.
    await quizRegion(page).getByRole('button', { name: 'Go through the quiz again' }).click();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    await lookThrough(page);
    await exit(page, session);
    lms.check();
    assert.equal(session.fetched, 1);
    assert.deepEqual(lms.verbs(session), ['initialized', 'terminated']);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('cmi5: an AU launched with moveOn Completed and no masteryScore (the kind for a lesson without a quiz) is judged by the lesson', async () => {
  const context = await browser.newContext();
  const { page, session } = await open(context, { moveOn: 'Completed', masteryScore: undefined });
  await completeQuiz(page, lesson);
  await exit(page, session);
  lms.check();
  assert.deepEqual(lms.verbs(session), ['initialized', ...answeredN(asked()), 'completed', 'passed', 'terminated']);
  await context.close();
});

test('cmi5: with the LRS cut, statements wait in order with a message, and arrive once it is back', async () => {
  const context = await browser.newContext();
  const { page, session } = await open(context);
  await until('initialized', () => lms.verbs(session).includes('initialized'));
  await lrs.stop();
  await answer(page, lesson);
  await notice(page).getByText('Your learning platform is not answering').waitFor();
  assert.equal(await page.evaluate(() => (sessionStorage.getItem('hookwise.cmi5.queue') ?? '').split('\n').filter(Boolean).length), 1);
  await lrs.start();
  await until('the answer after the outage', () => lms.verbs(session).includes('answered'), 45000);
  await notice(page).waitFor({ state: 'detached' });
  lms.check();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('cmi5: an LMS that answers 500 gets the statements later; one that answers 401 has ended the session', async () => {
  const context = await browser.newContext();
  const { page, session } = await open(context);
  await until('initialized', () => lms.verbs(session).includes('initialized'));
  lms.answer = 500;
  await answer(page, lesson);
  await notice(page).getByText('Your learning platform is not answering').waitFor();
  lms.answer = null;
  await until('the answer after the 500', () => lms.verbs(session).includes('answered'), 45000);
  lms.answer = 401;
  await quizRegion(page).getByRole('button', { name: 'Next question' }).click();
  await answer(page, lesson);
  await notice(page).getByText('has closed this lesson').waitFor();
  lms.answer = null;
  // The rest of the abandoned session is dropped; nothing more is sent; the lesson goes on.
  assert.equal(await page.evaluate(() => sessionStorage.getItem('hookwise.cmi5.queue')), null);
  const sent = page.statementRequests;
  await quizRegion(page).getByRole('button', { name: 'Next question' }).click();
  await answer(page, lesson);
  await page.waitForTimeout(1000);
  assert.equal(page.statementRequests, sent);
  lms.check();
  assert.deepEqual(page.errors, []);
  await context.close();
});

const FETCH_ERRORS = { 1: 'already been used or has expired', 2: 'a security check failed', 3: 'reported a problem of its own' };
for (const [code, text] of Object.entries(FETCH_ERRORS)) {
  test(`cmi5: fetch error-code ${code} is shown in plain words, nothing is sent, and the lesson works`, async () => {
    const context = await browser.newContext();
    const { page, session } = await open(context, { fetchError: code });
    await notice(page).getByText(text).waitFor();
    await completeQuiz(page, lesson);
    await quizRegion(page).getByText('Passed. Well done.').waitFor();
    assert.equal(session.fetched, 1);
    assert.equal(page.statementRequests, 0);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('cmi5 and xAPI: bad launches are refused at launch with a clear message, and nothing is sent', async () => {
  const cases = [
    [{ endpoint: 'javascript:alert(1)//' }, 'is not a web address'],
    [{ fetch: 'https://elsewhere.example/fetch' }, 'names two different sites'],
    [{ launchData: 'not json' }, 'sent settings for it that cannot be read'],
    [{ masteryScore: 1.5 }, 'not between 0 and 100%'],
    [{ masteryScore: -0.2 }, 'not between 0 and 100%'],
    [{ fetch: 'data:text/plain,{}' }, 'is not a web address'],
    [{ omit: 'actor' }, 'it has no `actor`'],
    [{ omit: 'fetch' }, 'it has no `fetch`'],
    [{ registration: 'not-a-uuid' }, 'enrolment number that is not valid'],
    [{ actor: { objectType: 'Agent', name: 'No identifier' } }, 'does not say correctly who you are'],
  ];
  for (const [options, text] of cases) {
    const context = await browser.newContext();
    const { page } = await open(context, options);
    await notice(page).getByText(text).waitFor();
    await completeQuiz(page, lesson);
    assert.equal(page.statementRequests, 0, JSON.stringify(options));
    assert.deepEqual(page.errors, []);
    await context.close();
  }
  // A returnURL that is not a web address is never followed: Exit ends the session and stays.
  {
    const context = await browser.newContext();
    const { page, session } = await open(context, { returnURL: 'javascript:alert(document.domain)' });
    await until('initialized', () => lms.verbs(session).includes('initialized'));
    await exit(page, session);
    assert.ok(page.url().startsWith(server.url), page.url());
    assert.deepEqual(page.errors, []);
    await context.close();
  }
  // The xAPI launch (endpoint, auth, actor) refuses a javascript: endpoint too.
  const context = await browser.newContext();
  const page = await newPage(context);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${server.url}/cmi5/${au.url}&` + new URLSearchParams({ endpoint: 'javascript:alert(1)//', auth: AUTH, actor: JSON.stringify({ mbox: 'mailto:a@b.example' }) }));
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await page.getByText('is not a web address').waitFor();
  await completeQuiz(page, lesson);
  assert.ok(requests.every((u) => u.startsWith(server.url)), requests.join('\n'));
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.xapi.queue')), null);
  assert.deepEqual(page.errors, []);
  await context.close();
  lms.check();
});
