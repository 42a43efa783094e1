// The manager dashboard reading a real learning record store: Ralph (file-system backend) loaded
// at test time with statements for 10,000 learners, reached through the test server at /lrs/ (the
// same-origin reverse proxy the documentation recommends). One manager's page lives through
// every test, in order, so each one also shows that nothing already shown is lost:
// first sync, incremental sync, an outage mid-sync and its resumption, a 401, a malformed
// statement, a statement of another xAPI version and one for a lesson the course lacks.
// Also: a roster puts names and teams on learners, pseudonymous ones included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serve, launch, newPage, readJson, completeQuiz, quizRegion, scratchDir } from './harness.mjs';
import { startRalph, proxy, call, generate, statement, actor, AUTH, USER, PASSWORD } from '../tools/ralph-load.mjs';

const LEARNERS = 10000;
let ralph, server, browser, page, base, lessons;
const faults = {};

before(async () => {
  ralph = await startRalph();
  const lrs = proxy(ralph, faults);
  // `pseudonymous` switches this site's organisation settings to `learner_ids: pseudonymous`.
  const organisation = await readJson('organisation.json').catch(() => ({}));
  server = await serve(undefined, {
    handle: (req, res) => {
      if (faults.noFetcher && req.url.startsWith('/team/lrs-pages.js')) {
        faults.fetcherAsked = true;
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
        return true;
      }
      if (faults.pseudonymous && req.url === '/organisation.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...organisation, pseudonymous: true }));
        return true;
      }
      return lrs(req, res);
    },
  });
  base = `${server.url}/`;
  const catalogue = await readJson('catalogue.json');
  lessons = catalogue.parts.flatMap((p) => p.lessons).map((l) => l.id);
  const started = Date.now();
  await ralph.post(generate(base, lessons, 0, LEARNERS));
  console.log(`# loaded Ralph with statements for ${LEARNERS} learners in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  browser = await launch();
  page = await newPage(await browser.newContext());
});
after(async () => {
  await browser?.close();
  await server?.close();
  await ralph?.close();
});

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const status = () => page.getByRole('region', { name: 'Learning record store' }).getByRole('status');

/** The "Learners" figure of the overview. */
async function learners() {
  return Number(await page.locator('dl.overview div').filter({ hasText: 'Learners' }).locator('dd').innerText());
}

/** The cells of the row headed `rowName` in the "What people miss" table captioned `caption`. */
async function missesCells(caption, rowName) {
  const section = page.getByRole('region', { name: 'What people miss' });
  const row = section.getByRole('table', { name: caption }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: rowName, exact: true }) });
  return (await row.getByRole('cell').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

async function syncAndWait(button = /^(Sync now|Resume sync)$/) {
  // The click clears the last outcome at once; the next one appears when the sync ends.
  await page.getByRole('button', { name: button }).click();
  await page.waitForFunction(() => document.querySelector('section.lrs [role=status]')?.innerText.trim(), null, { timeout: 300000 });
  return (await status().innerText()).replace(/\s+/g, ' ');
}

test('first sync: 10,000 learners from Ralph, with progress, then the overview and the last sync time', async () => {
  await page.goto(`${server.url}/team/`);
  const region = page.getByRole('region', { name: 'Learning record store' });
  await region.getByLabel('xAPI address').fill('/lrs/xAPI/');
  await region.getByLabel(/^User name/).fill(USER);
  await region.getByLabel('Password').fill(PASSWORD);
  const started = Date.now();
  await region.getByRole('button', { name: 'Connect and sync' }).click();
  // The progress bar with counts, and a cancel button, while it syncs.
  await region.getByRole('progressbar').waitFor();
  await region.getByRole('button', { name: 'Cancel sync' }).waitFor();
  await region.getByText('Synced:').waitFor({ timeout: 300000 });
  console.log(`# first sync of ${LEARNERS} learners from Ralph: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const text = (await status().innerText()).replace(/\s+/g, ' ');
  assert.match(text, new RegExp(`${LEARNERS} learner\\(s\\) added or updated`), text);
  assert.equal(await learners(), LEARNERS);
  assert.match(await region.innerText(), /Last sync: /);
  // The password is not kept on the page, and the connection is only for this tab.
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.team.lrs')), null);
  assert.ok(await page.evaluate(() => sessionStorage.getItem('hookwise.team.lrs')));
  // What people miss, from the statements: attempts to pass the first lesson. Of every four
  // learners, two passed at once, one after a failed attempt, one has not passed.
  const title = (await readJson(`lessons/${lessons[0]}.json`)).title;
  const misses = page.getByRole('region', { name: 'What people miss' });
  await misses.getByText(`Figures from ${LEARNERS} learners.`).waitFor();
  assert.deepEqual(await missesCells('Attempts needed to pass', title), ['7500', '1', '1.3', '5000', '2500', '0', '0', '0', '2500']);
  assert.deepEqual(page.errors, []);
});

test('incremental sync: only the 100 new statements are read', async () => {
  // Ralph's file backend compares `since` with each statement's `timestamp` (not `stored`): new
  // statements are timed after the last sync and before they are stored, as real ones are.
  await sleep(50);
  const at = new Date().toISOString();
  const fresh = [];
  for (let i = 0; i < 50; i++) fresh.push(statement(base, { actor: actor(base, i), verb: 'passed', lesson: lessons[1], score: 100, timestamp: at }));
  for (let i = LEARNERS; i < LEARNERS + 50; i++) fresh.push(statement(base, { actor: actor(base, i), verb: 'initialized', lesson: lessons[0], timestamp: at }));
  await ralph.post(fresh);
  const started = Date.now();
  const text = await syncAndWait();
  console.log(`# incremental sync of 100 statements: ${Date.now() - started} ms`);
  assert.match(text, /Synced: 100 new statement\(s\) read, 100 learner\(s\) added or updated\./, text);
  assert.equal(await learners(), LEARNERS + 50);
});

test('an outage mid-sync: the dashboard says so, keeps what it had, and resumes without counting twice', async () => {
  await sleep(1500);
  await ralph.post(generate(base, lessons, LEARNERS + 50, LEARNERS + 1050, { unit: 1 }));
  faults.requests = 0;
  faults.downAfter = 1; // the first page arrives, then the proxy answers 502
  const text = await syncAndWait();
  assert.match(text, /answered with an error \(502\)/, text);
  assert.match(text, /Everything shown before is still here/, text);
  const during = await learners();
  assert.ok(during >= LEARNERS + 50, `nothing shown is lost (${during})`);
  await page.getByRole('button', { name: 'Resume sync' }).waitFor();
  delete faults.downAfter;
  faults.down = false;
  const resumed = await syncAndWait('Resume sync');
  assert.match(resumed, /Synced:/, resumed);
  assert.equal(await learners(), LEARNERS + 1050);
  // Learner 10051 failed once then passed: two attempts, not more, although the first page was read twice.
  // Saved with its sync point just after the outcome is drawn.
  await page.waitForFunction(() => localStorage.getItem('hookwise.team')?.includes('learner10051@acme-corp.example'));
  assert.deepEqual(page.errors, []);
});

test('cancel: the sync stops, what it read is shown, and it resumes from there', async () => {
  await sleep(50);
  await ralph.post(generate(base, lessons, 30000, 30400, { unit: 0.1 }));
  faults.delayMs = 400;
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByRole('button', { name: 'Cancel sync' }).click();
  await page.waitForFunction(() => document.querySelector('section.lrs [role=status]')?.innerText.trim(), null, { timeout: 60000 });
  faults.delayMs = 0;
  const text = (await status().innerText()).replace(/\s+/g, ' ');
  assert.match(text, /Sync cancelled\. What was read so far is shown/, text);
  const resumed = await syncAndWait('Resume sync');
  assert.match(resumed, /Synced:/, resumed);
  assert.equal(await learners(), LEARNERS + 1450);
});

test('a 401: a clear message, and everything shown stays', async () => {
  faults.status = 401;
  const text = await syncAndWait();
  delete faults.status;
  assert.match(text, /refused the user name and password/, text);
  assert.equal(await learners(), LEARNERS + 1450);
});

test('a malformed statement, one of another xAPI version and one for a lesson the course lacks: each told, the rest read', async () => {
  await sleep(50);
  const now = Date.now();
  const good = statement(base, { actor: actor(base, 20001), verb: 'passed', lesson: lessons[0], score: 95, timestamp: new Date(now).toISOString() });
  const retired = statement(base, { actor: actor(base, 20002), verb: 'passed', lesson: 'a-retired-lesson', score: 95, timestamp: new Date(now + 1).toISOString() });
  await ralph.post([good, retired]);
  // Statements no conforming LRS would store, as another LRS (or a broken proxy) might send them.
  faults.rewrite = (body) => {
    const page = JSON.parse(body);
    if (page.statements.length) {
      page.statements.push({ id: 'not-even-a-statement', actor: 'someone' });
      page.statements.push({ ...page.statements[0], id: '00000000-0000-4000-8000-00000000c0de', version: '2.0.0' });
    }
    return JSON.stringify(page);
  };
  const text = await syncAndWait();
  delete faults.rewrite;
  assert.match(text, /1 statement\(s\) could not be read/, text);
  assert.match(text, /1 statement\(s\) were written for another xAPI version/, text);
  assert.match(text, /1 statement\(s\) are about lessons this course does not have \(a-retired-lesson\)/, text);
  assert.equal(await learners(), LEARNERS + 1451, 'the good statement was read');
  // A page that is not a statement list at all.
  faults.rewrite = () => '<html>Sign in to the company portal</html>';
  const bad = await syncAndWait();
  delete faults.rewrite;
  assert.match(bad, /not a list of statements/, bad);
  assert.equal(await learners(), LEARNERS + 1451);
  assert.deepEqual(page.errors, []);
});

test('a roster puts names and teams back on learners, pseudonymous ones included; a bad roster changes nothing', async () => {
  const dir = scratchDir('roster');
  const file = join(dir, 'roster.csv');
  writeFileSync(file, 'email,name,team\r\nlearner0@acme-corp.example,Ana Lima,Research\r\np-000004,"Bo Berg",Sales\r\n');
  await page.getByText(/^Roster \(/).click();
  await page.getByLabel('Choose a roster file (CSV)').setInputFiles(file);
  await page.getByText('Roster imported: 2 people, 2 of them among the learners shown.').waitFor();
  // The team filter now offers the roster's teams; Bo (known to the LRS only as p-000004) is in Sales.
  await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption('Sales');
  await page.getByRole('rowheader', { name: 'Bo Berg' }).waitFor();
  const badFile = join(dir, 'bad.csv');
  writeFileSync(badFile, 'name,team\nAna,R\n');
  await page.getByLabel('Choose a roster file (CSV)').setInputFiles(badFile);
  await page.getByText(/was not imported: its first line needs a column named "email" or "id"/).waitFor();
  assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem('hookwise.team.roster'))).people.length, 2);
  // Garbled in storage: a clear message on the next visit, and the stored text is left alone.
  await page.evaluate(() => localStorage.setItem('hookwise.team.roster', '{garbled'));
  await page.reload();
  await page.getByText(/The roster saved in this browser could not be read/).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.team.roster')), '{garbled');
  assert.deepEqual(page.errors, []);
});

test('pseudonymous learners: the LRS gets an opaque id, never the email or name; the roster puts the name back', async () => {
  faults.pseudonymous = true;
  const lessonId = lessons[1];
  const lesson = await readJson(`lessons/${lessonId}.json`);
  const learner = await newPage(await browser.newContext());
  // The learner gave their name and email in their profile: a normal deployment would send them.
  await learner.goto(`${server.url}/progress`);
  await learner.getByLabel('Name').fill('Cy Secret');
  await learner.getByLabel('Email').fill('cy.secret@acme-corp.example');
  await learner.getByRole('button', { name: 'Save my details' }).click();
  await learner.goto(`${server.url}/lessons/${lessonId}?${new URLSearchParams({ endpoint: `${server.url}/lrs/xAPI/`, auth: AUTH })}`);
  await learner.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await completeQuiz(learner, lesson);
  await quizRegion(learner).getByText('Passed. Well done.').waitFor();
  // The learner sees the id to give their manager on their progress page.
  await learner.goto(`${server.url}/progress`);
  const shown = learner.getByText('Your results are recorded under an id, not your name or email');
  const id = (await shown.locator('code').innerText()).trim();
  assert.equal(id, await learner.evaluate(() => localStorage.getItem('hookwise.xapi.learner')));
  let mine = [];
  for (let i = 0; i < 120 && !mine.some((s) => s.verb.id.endsWith('/passed')); i++) {
    await sleep(250);
    const res = await call(ralph.port, 'GET', `/xAPI/statements?limit=1000&activity=${encodeURIComponent(`${base}lessons/${lessonId}`)}`, { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3' });
    mine = JSON.parse(res.body).statements.filter((s) => s.actor.account?.name === id);
  }
  assert.ok(mine.some((s) => s.verb.id.endsWith('/passed')), 'the result reached the LRS');
  const text = JSON.stringify(mine);
  assert.ok(!text.includes('cy.secret') && !text.includes('Cy Secret'), 'no email or name in any statement');
  assert.ok(mine.every((s) => !s.actor.mbox && !s.actor.name && s.actor.account.homePage === base));
  assert.deepEqual(learner.errors, []);
  await learner.context().close();

  // The manager syncs, then imports a roster with that id.
  const synced = await syncAndWait();
  await page.getByText(/^Roster \(/).click();
  assert.match(synced, /Synced:/, synced);
  const dir = scratchDir('roster');
  writeFileSync(join(dir, 'ids.csv'), `id,name,team\n${id},Cy Secret,Travel desk\n`);
  await page.getByLabel('Choose a roster file (CSV)').setInputFiles(join(dir, 'ids.csv'));
  await page.getByText('Roster imported: 1 people, 1 of them among the learners shown.').waitFor();
  await page.getByRole('combobox', { name: 'Team', exact: true }).selectOption('Travel desk');
  await page.getByRole('rowheader', { name: 'Cy Secret' }).waitFor();
  // What people miss: Cy's first attempt, read from the LRS's `answered` statements, fills the
  // questions table as an imported report would: each question asked, in words, right at the
  // first attempt (Cy is the only learner who answered this lesson's questions).
  const questions = page.getByRole('region', { name: 'What people miss' }).getByRole('table', { name: 'Questions, most missed first' });
  const rows = questions.getByRole('row').filter({ has: page.getByRole('cell', { name: lesson.title, exact: true }) });
  await rows.first().waitFor();
  assert.equal(await rows.count(), lesson.quiz.ask ?? lesson.quiz.questions.length);
  for (const row of await rows.all()) {
    const title = (await row.getByRole('rowheader').innerText()).trim();
    assert.ok(lesson.quiz.questions.some((q) => q.title === title), `a question's words, not its id: ${title}`);
    assert.deepEqual((await row.getByRole('cell').allInnerTexts()).map((t) => t.trim()), [lesson.title, '100%', '1', '–']);
  }
  assert.deepEqual(page.errors, []);
  faults.pseudonymous = false;
});

/**
 * An `answered` statement for a red-flag exercise or mock-up, as the app sends it (the core's
 * `lms::xapi::practice_statement`): the parts the learner flagged, by index, joined by `[,]`.
 */
function practised(who, lesson, scenario, flagged, timestamp) {
  const lessonId = `${base}lessons/${lesson}`;
  return {
    id: randomUUID(),
    actor: who,
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
    object: { objectType: 'Activity', id: `${lessonId}/practice/${scenario.id}`, definition: { name: { 'en-US': scenario.title }, type: 'http://adlnet.gov/expapi/activities/simulation' } },
    timestamp,
    context: { contextActivities: { grouping: [{ objectType: 'Activity', id: `${base}course` }], parent: [{ objectType: 'Activity', id: lessonId }] } },
    result: { score: { scaled: 0.5, raw: 50, min: 0, max: 100 }, success: false, completion: true, response: flagged.join('[,]') },
  };
}

test('red flags found in practice: read from the LRS, shown with what people miss, by team and in the CSV', async () => {
  // A scenario with red flags, as the compiler lists it in questions.txt (which the dashboard reads).
  const key = await (await fetch(`${server.url}/questions.txt`)).text();
  const scenarios = [];
  let lessonId;
  for (const [kind, id, words] of key.split('\n').map((l) => l.split('\t'))) {
    if (kind === 'lesson') lessonId = id;
    if (kind === 'scenario') scenarios.push({ lesson: lessonId, id, title: words, flags: [] });
    if (kind === 'flag') scenarios.at(-1).flags.push({ id, words });
  }
  const scenario = scenarios.find((s) => s.flags.length >= 2);
  assert.ok(scenario, 'the course has a practice scenario with two red flags or more');
  const lessonTitle = (await readJson(`lessons/${scenario.lesson}.json`)).title;
  const [first, second] = scenario.flags;
  // Ana found the first red flag, then (later) both; Bo, known to the LRS by an account id only,
  // flagged none of them.
  await sleep(50);
  const now = Date.now();
  const at = (ms) => new Date(now + ms).toISOString();
  const ana = actor(base, 40000);
  const bo = actor(base, 40004);
  await ralph.post([
    practised(ana, scenario.lesson, scenario, [first.id], at(0)),
    practised(ana, scenario.lesson, scenario, [first.id, second.id], at(5)),
    practised(bo, scenario.lesson, scenario, [], at(1)),
  ]);
  const synced = await syncAndWait();
  assert.match(synced, /Synced: 3 new statement\(s\) read, 2 learner\(s\) added or updated\./, synced);
  const dir = scratchDir('roster');
  writeFileSync(join(dir, 'teams.csv'), 'email,name,team\nlearner40000@acme-corp.example,Ana Red,Red team\np-040004,Bo Blue,Blue team\n');
  const rosterInput = page.getByLabel('Choose a roster file (CSV)');
  if (!(await rosterInput.isVisible())) await page.getByText(/^Roster \(/).click();
  await rosterInput.setInputFiles(join(dir, 'teams.csv'));
  await page.getByText('Roster imported: 2 people, 2 of them among the learners shown.').waitFor();

  // With the other figures of "What people miss": each red flag's share found, in the course's words.
  const section = page.getByRole('region', { name: 'What people miss' });
  const row = (flag) => `Red flag: ${flag.words}`;
  assert.deepEqual(await missesCells('Practice', row(first)), [scenario.title, lessonTitle, '50% found it', '2']);
  assert.deepEqual(await missesCells('Practice', row(second)), [scenario.title, lessonTitle, '50% found it', '2']);
  // By team: the roster's teams.
  await section.getByLabel('Team for these figures').selectOption('Red team');
  await section.getByText('Figures from 1 learner.').waitFor();
  assert.deepEqual(await missesCells('Practice', row(second)), [scenario.title, lessonTitle, '100% found it', '1']);
  await section.getByLabel('Team for these figures').selectOption('Blue team');
  await section.getByText('Figures from 1 learner.').waitFor();
  assert.deepEqual(await missesCells('Practice', row(second)), [scenario.title, lessonTitle, '0% found it', '1']);
  // And in the CSV, for the team chosen.
  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Export these figures as CSV' }).click()]);
  const text = readFileSync(await download.path(), 'utf8');
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  const line = ['Red flag: found', lessonTitle, `${scenario.title}: ${second.words}`, '1', '0%', ''].map(q).join(',');
  assert.ok(text.split('\r\n').includes(line), `${line}\n${text}`);
  await section.getByLabel('Team for these figures').selectOption('');
  // Kept in this browser with the rest of the team data: the same after a reload.
  await page.reload();
  await section.getByRole('rowheader', { name: row(second), exact: true }).waitFor();
  assert.deepEqual(await missesCells('Practice', row(second)), [scenario.title, lessonTitle, '50% found it', '2']);
  assert.deepEqual(page.errors, []);
});

test('where the page fetcher cannot be loaded, the dashboard reads the pages itself', async () => {
  // The fetcher starts as soon as an address is typed, before any sync: here its script is
  // missing, so its failure comes before the first request.
  faults.noFetcher = true;
  try {
    const other = await newPage(await browser.newContext());
    await other.goto(`${server.url}/team/`);
    const region = other.getByRole('region', { name: 'Learning record store' });
    await region.getByLabel('xAPI address').fill('/lrs/xAPI/');
    await region.getByLabel(/^User name/).fill(USER);
    await region.getByLabel('Password').fill(PASSWORD);
    for (let i = 0; i < 100 && !faults.fetcherAsked; i++) await sleep(50);
    assert.ok(faults.fetcherAsked, 'the dashboard asked for its page fetcher once an address was typed');
    await sleep(200);
    await region.getByRole('button', { name: 'Connect and sync' }).click();
    await region.getByText('Synced:').waitFor({ timeout: 120000 });
    const text = (await region.getByRole('status').innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Synced: \d+ new statement\(s\) read, \d+ learner\(s\) added or updated\./, text);
    assert.ok(Number(await other.locator('dl.overview div').filter({ hasText: 'Learners' }).locator('dd').innerText()) >= LEARNERS);
    assert.deepEqual(other.errors, []);
    await other.context().close();
  } finally {
    faults.noFetcher = false;
  }
});
