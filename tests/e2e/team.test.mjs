// The team path end to end: two learners (two browser contexts) complete different lessons
// and download their reports; a manager imports them and sees the matrix, the charts and the
// CSV; bad files are refused one by one without losing anything; hostile text stays inert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, completeQuiz } from './harness.mjs';

let server, browser, catalogue, lessons, reports;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  const entries = catalogue.parts.flatMap((p) => p.lessons);
  lessons = await Promise.all(entries.slice(0, 2).map((l) => readJson(`lessons/${l.id}.json`)));
  reports = {
    ana: await learnerReport({ name: 'Ana Example', email: 'ana@example.com', team: 'Research' }, lessons[0], Infinity),
    bo: await learnerReport({ name: 'Bo Example', email: 'bo@example.com', team: 'Sales' }, lessons[1], 0),
  };
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A learner enters their details, takes one lesson (right answers until `wrongFrom`) and downloads their report. */
async function learnerReport(profile, lesson, wrongFrom) {
  const page = await newPage(await browser.newContext({ acceptDownloads: true }));
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await completeQuiz(page, lesson, { wrongFrom });
  await page.goto(`${server.url}/progress`);
  await page.getByLabel('Name').fill(profile.name);
  await page.getByLabel('Email').fill(profile.email);
  await page.getByLabel('Team').fill(profile.team);
  await page.getByRole('button', { name: 'Save my details' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download my report' }).click(),
  ]);
  const path = await download.path();
  return { path, name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

async function manager(options = {}) {
  const page = await newPage(await browser.newContext({ acceptDownloads: true, ...options }));
  await page.goto(`${server.url}/team`);
  await page.getByRole('heading', { level: 1, name: 'Team completion' }).waitFor();
  return page;
}

const picker = (page) => page.getByLabel('Choose report files (or drop them here)');

async function rowText(page, name) {
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name, exact: true }) });
  return (await row.getByRole('cell').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

test('a manager imports two reports: matrix, charts and CSV are right', async () => {
  const page = await manager();
  await picker(page).setInputFiles([reports.ana.path, reports.bo.path]);
  await page.getByText('Imported 2 report(s): 2 new learner(s)', { exact: false }).waitFor();
  const lessonCount = catalogue.parts.flatMap((p) => p.lessons).length;
  // Cells: team, score, then one per lesson in course order.
  const ana = await rowText(page, 'Ana Example');
  assert.equal(ana[0], 'Research');
  assert.equal(ana[2], 'Passed 100%');
  assert.equal(ana[3], 'Not started');
  assert.equal(ana.length, 2 + lessonCount);
  const bo = await rowText(page, 'Bo Example');
  assert.equal(bo[0], 'Sales');
  assert.equal(bo[2], 'Not started');
  assert.equal(bo[3], 'Failed 0%');
  // The overview.
  const overview = await page.locator('dl.overview').innerText();
  assert.match(overview, /Learners\s+2/);
  assert.match(overview, /Completed\s+0 \(0%\)/);
  assert.match(overview, /Overdue\s+2/);
  // Bar heights: lesson 1 was passed by one learner of two (half of 160), lesson 2 by none.
  const chart = page.getByRole('img', { name: 'Completion per lesson' });
  const height = (title) => chart.locator(`rect[data-label="${title}"]`).getAttribute('height');
  assert.equal(await height(lessons[0].title), '80.00');
  assert.equal(await height(lessons[1].title), '0.00');
  // Learner scores average the best scores over the required lessons: Ana 100/n, Bo 0.
  const required = catalogue.parts.flatMap((p) => p.lessons).filter((l) => l.required).length;
  const anaBand = Math.min(9, Math.floor(Math.round(100 / required) / 10));
  const scores = page.getByRole('img', { name: 'Score distribution' });
  const band = (i) => scores.locator('rect').nth(i).getAttribute('data-value');
  assert.equal(await band(0), anaBand === 0 ? '2' : '1');
  assert.equal(await band(anaBand), anaBand === 0 ? '2' : '1');
  // Filter by team, and sort.
  await page.getByLabel('Team', { exact: true }).selectOption('Sales');
  assert.equal(await page.getByRole('button', { name: 'Ana Example' }).count(), 0);
  await page.getByLabel('Team', { exact: true }).selectOption('');
  // Sorted by name, ascending, at first; one click on the column reverses it.
  assert.equal(await page.getByRole('columnheader', { name: 'Learner' }).getAttribute('aria-sort'), 'ascending');
  await page.getByRole('button', { name: 'Learner', exact: true }).click();
  assert.equal(await page.getByRole('columnheader', { name: 'Learner' }).getAttribute('aria-sort'), 'descending');
  const first = await page.locator('table.matrix tbody tr').first().getByRole('rowheader').innerText();
  assert.equal(first, 'Bo Example', 'sorted by name, descending');
  // The detail view.
  await page.getByRole('button', { name: 'Ana Example', exact: true }).click();
  const detail = page.getByRole('region', { name: 'Ana Example' });
  await detail.getByText('ana@example.com', { exact: false }).waitFor();
  // CSV.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split('\r\n');
  assert.equal(lines.length, 3);
  assert.ok(lines[0].startsWith('"Name","Email","Team","Score","Completed",'));
  assert.ok(lines.some((l) => l.startsWith('"Ana Example","ana@example.com","Research",') && l.includes('"Passed (100%)"')));
  assert.ok(lines.some((l) => l.startsWith('"Bo Example","bo@example.com","Sales",') && l.includes('"Failed (0%)"')));
  // The import survives a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Ana Example', exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('bad files are refused one by one; good ones import and nothing earlier is lost', async () => {
  const page = await manager();
  await picker(page).setInputFiles([reports.ana.path]);
  await page.getByText('Imported 1 report(s)', { exact: false }).waitFor();
  const good = reports.bo.text;
  const files = [
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Hi, here are my notes') },
    { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"quiz":[1,2,3]}') },
    { name: 'future.json', mimeType: 'application/json', buffer: Buffer.from(good.replace('"v": 2,', '"v": 3,')) },
    { name: 'truncated.json', mimeType: 'application/json', buffer: Buffer.from(good.slice(0, good.length / 2)) },
    { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(1024 * 1024 + 10, 32) },
    { name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(good.replace('"attempts": 1', '"attempts": 9')) },
    { name: 'bo.json', mimeType: 'application/json', buffer: Buffer.from(good) },
  ];
  await picker(page).setInputFiles(files);
  const errors = page.locator('ul.import-errors');
  await errors.waitFor();
  const text = await errors.innerText();
  const expect = {
    'notes.txt': 'it is not valid JSON',
    'other.json': 'it is not a hookwise completion report',
    'future.json': 'it comes from a newer version of hookwise',
    'truncated.json': 'it is not valid JSON',
    'huge.json': 'too large for a completion report',
    'edited.json': 'its checksum does not match its content',
  };
  for (const [name, reason] of Object.entries(expect)) {
    assert.ok(text.split('\n').some((line) => line.startsWith(`${name}:`) && line.includes(reason)), `${name}: ${reason}\n${text}`);
  }
  await page.getByText('Imported 1 report(s): 1 new learner(s)', { exact: false }).waitFor();
  await page.getByRole('button', { name: 'Ana Example', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Bo Example', exact: true }).waitFor();
});

test('hostile names render as text and are neutralised in the CSV', async () => {
  const hostile = await learnerReport(
    { name: '<img src=x onerror="window.__pwned=1">', email: 'eve@example.com', team: '=HYPERLINK("http://evil.example","click")' },
    lessons[0], Infinity,
  );
  const page = await manager();
  await picker(page).setInputFiles([hostile.path]);
  await page.getByText('Imported 1 report(s)', { exact: false }).waitFor();
  await page.getByRole('button', { name: '<img src=x onerror="window.__pwned=1">', exact: true }).waitFor();
  assert.equal(await page.locator('table.matrix img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.includes('"\'=HYPERLINK(""http://evil.example"",""click"")"'), csv);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core: the dashboard with data has no WCAG 2.1 A/AA violations (${colorScheme})`, async () => {
    const page = await manager({ colorScheme });
    await picker(page).setInputFiles([reports.ana.path, reports.bo.path]);
    await page.getByText('Imported 2 report(s)', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Ana Example', exact: true }).click();
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  });
}

test('the dashboard exports all reports as one file, which another browser imports', async () => {
  const page = await manager();
  await picker(page).setInputFiles([reports.ana.path, reports.bo.path]);
  await page.getByText('Imported 2 report(s)', { exact: false }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export all reports as one file' }).click()]);
  const other = await manager();
  await picker(other).setInputFiles(await download.path());
  await other.getByText('Imported 2 report(s): 2 new learner(s)', { exact: false }).waitFor();
  assert.deepEqual(await rowText(other, 'Ana Example'), await rowText(page, 'Ana Example'));
});
