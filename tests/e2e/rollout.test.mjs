// Rolling the course out in an organisation: the learner's role (audience path) on the
// catalogue, its counts and what it requires, old progress kept and asked once, and the
// "Report an approach" hand-off to the organisation's channels (email, phone only, after a
// report rehearsal), with nothing sent by the app itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serve, launch, newPage, readJson, activity } from './harness.mjs';

let server, browser, catalogue, org, lessons;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  org = await readJson('organisation.json');
  lessons = catalogue.parts.flatMap((p) => p.lessons);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const core = () => lessons.filter((l) => l.required);
const pathLessons = (id) => {
  const extra = catalogue.paths.find((p) => p.id === id).lessons;
  return lessons.filter((l) => l.required || extra.includes(l.id));
};

async function openCatalogue(page) {
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
}

async function cardTags(page) {
  const tags = {};
  for (const l of lessons) {
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: l.title, exact: true }) });
    const text = await card.innerText();
    tags[l.id] = text.includes('Required for you') ? 'required' : text.includes('Optional') ? 'optional' : 'none';
  }
  return tags;
}

test('the course has audience paths, and every lesson is in the core or a path', () => {
  assert.ok(catalogue.paths.length >= 4, 'roles for researchers, travellers, executives and hiring managers');
  for (const l of lessons) {
    assert.ok(l.required || catalogue.paths.some((p) => p.lessons.includes(l.id)), `${l.id} is in no path`);
  }
});

test('a learner chooses a role: the counts, tags and continue follow it, and it can be changed', async () => {
  const page = await newPage(await browser.newContext());
  await openCatalogue(page);
  const role = page.getByRole('region', { name: 'Your role' });
  await role.getByRole('group', { name: 'What is your role?' }).waitFor();
  await page.getByText(`0 of ${core().length} required lessons passed (0%)`).waitFor();
  const travellers = catalogue.paths.find((p) => p.id === 'travellers');
  await role.getByLabel(travellers.title, { exact: true }).check();
  await role.getByRole('button', { name: 'Save my role' }).click();
  await role.getByText('Your role is saved.').waitFor();
  await role.getByText(`Your role: ${travellers.title}`).waitFor();
  const want = pathLessons('travellers');
  await page.getByText(`0 of ${want.length} required lessons passed (0%)`).waitFor();
  const tags = await cardTags(page);
  for (const l of lessons) assert.equal(tags[l.id], want.includes(l) ? 'required' : 'optional', l.id);
  assert.equal(await page.getByRole('link', { name: `Start: ${want[0].title}` }).count(), 1);
  // Kept across a reload; not asked again.
  await page.reload();
  await page.getByText(`Your role: ${travellers.title}`).waitFor();
  assert.equal(await page.getByRole('group', { name: 'What is your role?' }).isVisible(), false);
  // Changed to the core only.
  await page.getByText('Change your role').click();
  await page.getByLabel('None of these: the core lessons only').check();
  await page.getByRole('button', { name: 'Save my role' }).click();
  await page.getByText(`0 of ${core().length} required lessons passed (0%)`).waitFor();
  assert.deepEqual(page.errors, []);
});

test('old progress (format 2, no role) is kept, the role is asked once, and the app stores it with progress', async () => {
  const context = await browser.newContext();
  const first = core()[0];
  const v2 = {
    v: 2, cleared_at: 0, in_progress: {}, positions: {},
    attempts: [{ lesson: first.id, version: first.version, hash: first.content_hash, seed: 1, started: Date.now() - 2000, finished: Date.now() - 1000, answers: {}, score: 100, passed: true }],
    profile: { name: 'Ana Example', email: 'ana@example.com', team: 'R&D', updated: 1 },
  };
  await context.addInitScript((record) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('hookwise.progress', JSON.stringify(record));
      sessionStorage.setItem('seeded', '1');
    }
  }, v2);
  const page = await newPage(context);
  await openCatalogue(page);
  await page.getByText(`1 of ${core().length} required lessons passed`).waitFor();
  await page.getByRole('group', { name: 'What is your role?' }).waitFor();
  const hiring = catalogue.paths.find((p) => p.id === 'hiring');
  await page.getByLabel(hiring.title, { exact: true }).check();
  await page.getByRole('button', { name: 'Save my role' }).click();
  await page.getByText(`1 of ${pathLessons('hiring').length} required lessons passed`).waitFor();
  // The app bundle folds the role into stored progress; nothing else changes.
  await page.goto(`${server.url}/lessons/${first.id}`);
  await page.getByRole('heading', { level: 1, name: first.title }).waitFor();
  await page.waitForFunction(() => localStorage.getItem('hookwise.role') === null);
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('hookwise.progress')));
  assert.equal(stored.v, 4);
  assert.equal(stored.role.path, 'hiring');
  assert.equal(stored.attempts.length, 1);
  assert.equal(stored.profile.name, 'Ana Example');
  await openCatalogue(page);
  await page.getByText(`Your role: ${hiring.title}`).waitFor();
  assert.equal(await page.getByRole('group', { name: 'What is your role?' }).isVisible(), false);
  assert.deepEqual(page.errors, []);
});

test('the completion report marks the lessons of the learner\'s path as required', async () => {
  const page = await newPage(await browser.newContext({ acceptDownloads: true }));
  await openCatalogue(page);
  const executives = catalogue.paths.find((p) => p.id === 'executives');
  await page.getByLabel(executives.title, { exact: true }).check();
  await page.getByRole('button', { name: 'Save my role' }).click();
  await page.getByText('Your role is saved.').waitFor();
  await page.goto(`${server.url}/progress`);
  await page.getByLabel('Name').fill('Cy Example');
  await page.getByLabel('Email').fill('cy@example.com');
  await page.getByRole('button', { name: 'Save my details' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my report' }).click()]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const want = pathLessons('executives').map((l) => l.id);
  assert.deepEqual(report.lessons.filter((l) => l.required).map((l) => l.id), want);
  assert.deepEqual(page.errors, []);
});

/** Every request the page makes, to prove the hand-off sends nothing by itself. */
function recordRequests(page) {
  const requests = [];
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
  return requests;
}

test('Report an approach: a prefilled email, the same text to copy or download, and nothing sent', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await newPage(context);
  const requests = recordRequests(page);
  const lesson = core()[1];
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  const button = page.getByRole('button', { name: 'Report an approach' }).first();
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const panel = page.getByRole('region', { name: 'Report an approach' });
  const primary = org.channels.find((c) => (c.uses ?? []).includes('Primary'));
  assert.equal(primary.kind, 'Email', 'the shipped example reports by email first');
  const email = panel.getByRole('link', { name: `Write the email to ${primary.label}` });
  const href = await email.getAttribute('href');
  assert.ok(href.startsWith(`mailto:${primary.value}?subject=Reporting%20an%20approach&body=`), href);
  const body = decodeURIComponent(href.split('&body=')[1]);
  for (const q of ['What happened', 'When', 'Where', 'Who', 'What they asked for', 'What I shared', 'Evidence I have kept']) {
    assert.ok(body.includes(q), `the email asks "${q}"`);
  }
  assert.ok(body.includes(`"${lesson.title}"`), 'it names the lesson it started from');
  const text = await panel.getByLabel('The report, ready to fill in').inputValue();
  assert.equal(text, body, 'the text to copy is the email body');
  await panel.getByRole('button', { name: 'Copy the text' }).click();
  await panel.getByText('The report text is copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download as a text file' }).click()]);
  assert.equal(download.suggestedFilename(), 'report-an-approach.txt');
  assert.equal(readFileSync(await download.path(), 'utf8'), text);
  // Every other channel is listed, with what happens to a report.
  for (const c of org.channels.filter((c) => c !== primary)) await panel.getByText(c.label, { exact: true }).waitFor();
  await panel.getByText(org.report.seen_by).waitFor();
  // Nothing left the browser: only the app's own files were fetched.
  for (const r of requests) {
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.ok(r.url.startsWith(server.url), r.url);
  }
  assert.deepEqual(page.errors, []);
});

test('an organisation that takes reports by phone only gets a number to call', async () => {
  const page = await newPage(await browser.newContext());
  const phoneOnly = {
    ...org,
    example: false,
    channels: [{ id: 'duty', label: 'Security duty phone', kind: 'Phone', value: '+44 20 7946 0999', hours: 'any time', uses: ['Primary', 'OutOfHours', 'Abroad'] }],
  };
  await page.route('**/organisation.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(phoneOnly) }));
  const lesson = core()[0];
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await page.getByRole('button', { name: 'Report an approach' }).first().click();
  const panel = page.getByRole('region', { name: 'Report an approach' });
  const call = panel.getByRole('link', { name: 'Call Security duty phone: +44 20 7946 0999' });
  assert.equal(await call.getAttribute('href'), 'tel:+442079460999');
  assert.equal(await panel.getByRole('link', { name: /Write the email/ }).count(), 0);
  assert.match(await panel.getByLabel('The report, ready to fill in').inputValue(), /^I want to report an approach\./);
  assert.deepEqual(page.errors, []);
});

test('after a report rehearsal, the learner is shown how to send a real one', async () => {
  let lesson, scenario;
  for (const entry of lessons) {
    const l = await readJson(`lessons/${entry.id}.json`);
    const s = l.practice.find((s) => activity(s).kind === 'Report');
    if (s) {
      lesson = l;
      scenario = s;
      break;
    }
  }
  assert.ok(scenario, 'the course has a report rehearsal');
  const page = await newPage(await browser.newContext());
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  const section = page.getByRole('region', { name: scenario.title, exact: true });
  await section.getByRole('button', { name: 'Send my report' }).click();
  await section.getByRole('button', { name: 'Report an approach' }).click();
  await section.getByRole('region', { name: 'Report an approach' }).getByRole('link', { name: /Write the email to/ }).waitFor();
  assert.deepEqual(page.errors, []);
});
