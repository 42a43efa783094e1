// Progress is never lost, end to end in headless Chromium on the built app: imports only add
// (a later reset time, another course's backup, unknown lessons), persistent storage and the
// one-line notice when it is missing (refused, a private window, a browser that evicts), the
// backup reminder a week after a pass, what is kept aside (unreadable progress, a statement an
// LRS refused) listed with download and delete, the manager's imports under the same rules and
// across two tabs, and axe on every new element in light and dark.
//
// Browser facts that cannot be produced for real in a test are stubbed with an init script:
// - `navigator.storage.persist()` answers what the test says (headless Chromium refuses it);
// - a private window: `navigator.storage.estimate()` reports a quota of 50 MB (what a private
//   window with in-memory storage offers in browsers that cap it; hookwise takes a quota under
//   120 MB as a private window, see hookwise-core `safekeeping`);
// - an evicting browser: the context's user agent is Safari's;
// - a week later: `Date.now()` is shifted by eight days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, answer, completeQuiz, cardText } from './harness.mjs';

let server, browser, catalogue, entries, lessons;
before(async () => {
  // A stand-in LRS that refuses every statement, as a strict LRS refuses a malformed one.
  server = await serve(undefined, {
    handle: (req, res) => {
      if (!req.url.startsWith('/refusing-lrs/')) return false;
      req.resume();
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":"refused"}');
      return true;
    },
  });
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  entries = catalogue.parts.flatMap((p) => p.lessons);
  lessons = await Promise.all(entries.slice(0, 2).map((l) => readJson(`lessons/${l.id}.json`)));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const DAY = 24 * 60 * 60 * 1000;

/** A backup file as hookwise writes it (backup 2), with passed attempts for `lessonIds`. */
function backupFile({ title = catalogue.title, lessonIds, finished, clearedAt = 0, profile, v = 2 }) {
  const progress = {
    v: 3,
    cleared_at: clearedAt,
    attempts: lessonIds.map((lesson, i) => ({
      lesson, version: '1', hash: 'h', seed: 1000 + i, started: finished - 60000, finished, answers: {}, score: 100, passed: true,
    })),
    in_progress: {},
    positions: {},
    ...(profile ? { profile: { ...profile, updated: finished } } : {}),
  };
  const backup = v === 2
    ? { format: 'hookwise-progress-backup', v: 2, course: { title, version: catalogue.version }, exported_at: finished, progress }
    : { format: 'hookwise-progress-backup', exported_at: finished, course_version: catalogue.version, progress };
  return { name: 'hookwise-progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) };
}

async function openCatalogue(page) {
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
}

async function openProgress(page) {
  await page.goto(`${server.url}/progress`);
  await page.getByRole('heading', { level: 1, name: 'Your details and progress' }).waitFor();
}

const importInput = (page) => page.getByLabel('Import progress from a backup file');
const stored = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('hookwise.progress')));

async function passFirstLesson(page) {
  await page.goto(`${server.url}/lessons/${lessons[0].id}`);
  await page.getByRole('heading', { level: 1, name: lessons[0].title }).waitFor();
  await completeQuiz(page, lessons[0]);
}

test('an import with a later reset time adds to what is here and hides nothing', async () => {
  const page = await newPage(await browser.newContext());
  await passFirstLesson(page);
  await openProgress(page);
  await page.getByLabel('Name').fill('Ana Here');
  await page.getByRole('button', { name: 'Save my details' }).click();
  const here = await stored(page);
  const passedAt = here.attempts[0].finished;

  // A backup from a browser where the learner pressed "reset" after this browser's pass.
  const later = passedAt + 60000;
  await importInput(page).setInputFiles(backupFile({
    lessonIds: [entries[1].id], finished: later + 60000, clearedAt: later, profile: { name: 'Someone Else', email: 'ana@example.com', team: 'R&D' },
  }));
  await page.getByText('was imported: 1 quiz attempt added. Nothing that was already here was removed.', { exact: false }).waitFor();

  await openCatalogue(page);
  assert.match(await cardText(page, entries[0].title), /Passed/, 'the pass here is not hidden by the later reset time');
  assert.match(await cardText(page, entries[1].title), /Passed/, 'the backup\'s pass is added');
  const after = await stored(page);
  assert.equal(after.attempts.length, 2);
  assert.ok(after.cleared_at <= passedAt, 'the reset time was not raised');
  assert.equal(after.profile.name, 'Ana Here', 'the name here is kept');
  assert.equal(after.profile.email, 'ana@example.com', 'an empty field is filled from the backup');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  assert.match(await cardText(page, entries[0].title), /Passed/);
  assert.deepEqual(page.errors, []);
});

test('another course\'s backup is named and stored only when the learner confirms', async () => {
  const page = await newPage(await browser.newContext());
  await openProgress(page);
  const file = backupFile({ title: 'Fire safety basics', lessonIds: [entries[1].id, 'extinguishers'], finished: Date.now() - DAY });

  await importInput(page).setInputFiles(file);
  const question = page.getByRole('group', { name: /This backup is from 'Fire safety basics', not from this course/ });
  await question.waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.progress')), null, 'nothing is stored before the answer');
  await question.getByRole('button', { name: "Don't import it" }).click();
  await page.getByText('The backup was not imported. Nothing was changed.').waitFor();
  await openCatalogue(page);
  assert.match(await cardText(page, entries[1].title), /Not started/);

  await openProgress(page);
  await importInput(page).setInputFiles(file);
  await page.getByRole('group', { name: /not from this course/ }).getByRole('button', { name: 'Import it anyway' }).click();
  await page.getByText('was imported: 1 quiz attempt added', { exact: false }).waitFor();
  await page.getByText('Its records for 1 lesson this course does not have were not kept.', { exact: false }).waitFor();
  const progress = await stored(page);
  assert.deepEqual(progress.attempts.map((a) => a.lesson), [entries[1].id], 'the unknown lesson\'s record is not kept');
  await openCatalogue(page);
  assert.match(await cardText(page, entries[1].title), /Passed/);
  assert.deepEqual(page.errors, []);
});

test('a backup of this course with unknown lesson ids keeps only what this course has', async () => {
  const page = await newPage(await browser.newContext());
  await openProgress(page);
  await importInput(page).setInputFiles(backupFile({ lessonIds: ['retired-lesson', 'renamed-lesson'], finished: Date.now() - DAY }));
  await page.getByText('Nothing from hookwise-progress.json was imported: its records are for 2 lessons this course does not have', { exact: false }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.progress')), null);

  // An older backup (no course named, backup 1) with a mix: the known lesson comes in.
  await importInput(page).setInputFiles(backupFile({ v: 1, lessonIds: [entries[0].id, 'retired-lesson'], finished: Date.now() - DAY }));
  await page.getByText('1 quiz attempt added', { exact: false }).waitFor();
  await page.getByText('Its records for 1 lesson this course does not have were not kept.', { exact: false }).waitFor();
  assert.deepEqual((await stored(page)).attempts.map((a) => a.lesson), [entries[0].id]);
  assert.deepEqual(page.errors, []);
});

/** A context whose browser answers `persist()` with `granted`, reports `quota`, and counts calls. */
async function storageContext({ granted = false, quota = 10 * 1024 ** 3, userAgent } = {}) {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  await context.addInitScript(({ granted, quota }) => {
    const storage = navigator.storage;
    storage.persist = async () => {
      localStorage.setItem('test.persist.calls', String(Number(localStorage.getItem('test.persist.calls') ?? 0) + 1));
      return granted;
    };
    storage.persisted = async () => false;
    storage.estimate = async () => ({ quota, usage: 0 });
  }, { granted, quota });
  return context;
}

const RISK = {
  refused: "Your browser did not agree to keep hookwise's data for good",
  private: 'This looks like a private window',
  evicts: "This browser deletes a site's saved data after seven days without a visit",
};

test('persistence is asked at the first saved answer; refused, /progress says so in one line and offers a backup', async () => {
  const page = await newPage(await storageContext({ granted: false }));
  await openProgress(page);
  for (const line of Object.values(RISK)) assert.equal(await page.getByText(line, { exact: false }).count(), 0, 'nothing to say before asking');
  assert.equal(await page.evaluate(() => localStorage.getItem('test.persist.calls')), null, 'not asked before an answer');

  await page.goto(`${server.url}/lessons/${lessons[0].id}`);
  await answer(page, lessons[0]);
  await page.waitForFunction(() => localStorage.getItem('hookwise.storage.persist') === 'refused');
  assert.equal(await page.evaluate(() => localStorage.getItem('test.persist.calls')), '1');

  await openProgress(page);
  const line = page.getByText(RISK.refused, { exact: false });
  await line.waitFor();
  assert.match(await line.innerText(), /Export a backup below/);
  assert.equal(await page.locator('.storage-risk').count(), 1, 'one line');
  await page.getByRole('button', { name: 'Export my progress' }).waitFor();

  // Granted: nothing to say.
  const granted = await newPage(await storageContext({ granted: true }));
  await granted.goto(`${server.url}/lessons/${lessons[0].id}`);
  await answer(granted, lessons[0]);
  await granted.waitForFunction(() => localStorage.getItem('hookwise.storage.persist') === 'granted');
  await openProgress(granted);
  await granted.getByRole('button', { name: 'Export my progress' }).waitFor();
  await granted.waitForTimeout(300);
  assert.equal(await granted.locator('.storage-risk').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('a private window and a browser that evicts unused sites each get their one line', async () => {
  const privateWindow = await newPage(await storageContext({ quota: 50 * 1024 * 1024 }));
  await openProgress(privateWindow);
  await privateWindow.getByText(RISK.private, { exact: false }).waitFor();
  assert.match(await privateWindow.locator('.storage-risk').innerText(), /deleted when you close it/);

  const safari = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
  const evicting = await newPage(await storageContext({ userAgent: safari }));
  await openProgress(evicting);
  await evicting.getByText(RISK.evicts, { exact: false }).waitFor();
  assert.deepEqual([...privateWindow.errors, ...evicting.errors], []);
});

async function openSecondLesson(page) {
  await page.goto(`${server.url}/lessons/${lessons[1].id}`);
  await page.getByRole('heading', { level: 1, name: lessons[1].title }).waitFor();
}

test('a week after a pass with no backup, a gentle reminder; dismissed, it stays away; a backup ends it', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await newPage(context);
  await passFirstLesson(page);
  await openSecondLesson(page);
  const reminder = page.getByRole('complementary', { name: 'Backup reminder' });
  assert.equal(await reminder.count(), 0, 'not on the day of the pass');

  await context.addInitScript(() => {
    const now = Date.now.bind(Date);
    Date.now = () => now() + 8 * 24 * 60 * 60 * 1000;
  });
  await openSecondLesson(page);
  await reminder.waitFor();
  assert.match(await reminder.innerText(), /your progress lives only in this browser/);
  await reminder.getByRole('button', { name: 'Not now' }).click();
  assert.equal(await reminder.count(), 0);
  await openSecondLesson(page);
  assert.equal(await reminder.count(), 0, 'a dismissed reminder stays away');

  // Back again, and this time the learner follows it and makes a backup.
  await page.evaluate(() => localStorage.removeItem('hookwise.backup.reminder_dismissed_at'));
  await openSecondLesson(page);
  await reminder.getByRole('link', { name: 'Back up my progress' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your details and progress' }).waitFor();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export my progress' }).click()]);
  await openSecondLesson(page);
  await page.waitForTimeout(300);
  assert.equal(await reminder.count(), 0, 'no reminder once there is a backup');
  assert.deepEqual(page.errors, []);
});

const keptAside = (page) => page.getByRole('region', { name: 'Kept aside' });

test('a statement the LRS refused is kept aside and listed on /progress, to download and delete on purpose', async () => {
  const page = await newPage(await browser.newContext({ acceptDownloads: true }));
  await page.goto(`${server.url}/lessons/${lessons[0].id}?endpoint=${encodeURIComponent(`${server.url}/refusing-lrs/`)}`);
  await page.getByRole('heading', { level: 1, name: lessons[0].title }).waitFor();
  // `initialized` goes out at once and is refused (400).
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('hookwise.xapi.refused.')));
  assert.equal(await page.evaluate(() => localStorage.getItem('hookwise.xapi.queue')), null, 'it left the queue');

  // Leaving the lesson sends `terminated`, refused too.
  await page.getByRole('link', { name: 'Progress' }).click();
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('hookwise.xapi.refused.')).length === 2);
  await page.reload();
  const items = keptAside(page).getByRole('listitem').filter({ hasText: 'A learning record your learning record store refused' });
  await items.nth(1).waitFor();
  assert.equal(await items.count(), 2);
  const verbs = [];
  for (const i of [0, 1]) {
    const [download] = await Promise.all([page.waitForEvent('download'), items.nth(i).getByRole('button', { name: 'Download' }).click()]);
    assert.match(download.suggestedFilename(), /^hookwise-refused-record-\d+\.json$/);
    verbs.push(JSON.parse(readFileSync(await download.path(), 'utf8')).verb.id.split('/').pop());
  }
  assert.deepEqual(verbs.sort(), ['initialized', 'terminated']);

  for (const left of [1, 0]) {
    await items.first().getByRole('button', { name: 'Delete' }).click();
    await keptAside(page).getByRole('group', { name: /^Delete “A learning record your learning record store refused, .*” from this browser for good\?$/ })
      .getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForFunction((n) => Object.keys(localStorage).filter((k) => k.startsWith('hookwise.xapi.refused.')).length === n, left);
  }
  await keptAside(page).getByText('Nothing is kept aside in this browser.').waitFor();
  assert.deepEqual(page.errors, []);
});

test('unreadable progress is listed as kept aside, downloads as it was, and is deleted only on purpose', async () => {
  const page = await newPage(await browser.newContext({ acceptDownloads: true }));
  await openCatalogue(page);
  const garbled = '{"v":3,"attempts":[{"lesson":';
  await page.evaluate((v) => localStorage.setItem('hookwise.progress', v), garbled);
  await openProgress(page);
  await page.getByRole('alert').getByText('Your saved progress could not be read', { exact: false }).waitFor();
  const item = keptAside(page).getByRole('listitem').filter({ hasText: 'Saved progress that could not be read' });
  await item.waitFor();
  assert.match(await item.innerText(), /\(\d+ bytes\)/);
  const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(readFileSync(await download.path(), 'utf8'), garbled);
  await item.getByRole('button', { name: 'Delete' }).click();
  const question = keptAside(page).getByRole('group', { name: /for good\?$/ });
  // Focus moves on the next animation frame: wait for it rather than race it.
  await page.waitForFunction(() => document.activeElement?.innerText === 'Cancel', null, { timeout: 5000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement.innerText), 'Cancel', 'focus goes to the safe choice');
  await question.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await question.count(), 0);
  await page.reload();
  await item.waitFor();
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hookwise.progress.unreadable.')).length), 1, 'cancel keeps it');
  assert.deepEqual(page.errors, []);
});

// --- the manager's imports ----------------------------------------------------------------------

/** FNV-1a 64 as hookwise-core `hash` computes it. */
function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** A completion report as hookwise writes it (format 1, with its checksum). */
function reportFile(name, { title = catalogue.title, extraLesson } = {}) {
  const at = Date.now() - DAY;
  const lesson = (id, t) => ({
    id, title: t, required: true, status: 'passed', best_score: 90, pass_mark: 80, attempts: 1, passed_at: at, version: '1', content_hash: 'h',
  });
  const wire = {
    format: 'hookwise-completion-report',
    v: 1,
    learner: { name, email: `${name.toLowerCase()}@example.com`, team: 'Research' },
    course: { title, version: catalogue.version },
    generated_at: at,
    lessons: [lesson(entries[0].id, entries[0].title), ...(extraLesson ? [lesson(extraLesson, 'Retired lesson')] : [])],
  };
  wire.checksum = `fnv1a64:${fnv1a64(JSON.stringify(wire))}`;
  return { name: `${name}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(wire, null, 2)) };
}

async function dashboard(context) {
  const page = await newPage(context);
  await page.goto(`${server.url}/team/`);
  await page.getByRole('heading', { level: 1, name: 'Team completion' }).waitFor();
  return page;
}

const picker = (page) => page.getByLabel('Choose report files (or drop them here)');
const learnerButton = (page, name) => page.getByRole('button', { name, exact: true });

test('two dashboard tabs import different reports: both keep both', async () => {
  const context = await browser.newContext();
  const tabA = await dashboard(context);
  const tabB = await dashboard(context);
  await picker(tabA).setInputFiles(reportFile('Ana'));
  await tabA.getByText('Imported 1 report(s)', { exact: false }).waitFor();
  await picker(tabB).setInputFiles(reportFile('Bo'));
  await tabB.getByText('Imported 1 report(s)', { exact: false }).waitFor();
  // Tab B saved Ana's report with its own; tab A hears of Bo's and says so.
  await learnerButton(tabB, 'Ana').waitFor();
  await tabA.getByText('Another tab imported reports: they are included here.').waitFor();
  await learnerButton(tabA, 'Bo').waitFor();
  await learnerButton(tabA, 'Ana').waitFor();
  for (const tab of [tabA, tabB]) {
    await tab.reload();
    await learnerButton(tab, 'Ana').waitFor();
    await learnerButton(tab, 'Bo').waitFor();
  }
  // Clearing in one tab clears the other, which says so.
  await tabA.getByRole('button', { name: 'Clear imported data' }).click();
  await tabA.getByRole('button', { name: 'Yes, clear the data' }).click();
  await tabB.getByText('Another tab cleared the imported data, so it is cleared here too.').waitFor();
  assert.equal(await learnerButton(tabB, 'Ana').count(), 0);
  assert.deepEqual([...tabA.errors, ...tabB.errors], []);
});

test('the manager\'s imports follow the same rules: another course is named and held; unknown lessons are dropped; sizes are real', async () => {
  const page = await dashboard(await browser.newContext());
  await picker(page).setInputFiles([reportFile('Cy', { extraLesson: 'retired-lesson' }), reportFile('Dee', { title: 'Fire safety basics' })]);
  await page.getByText('Imported 1 report(s)', { exact: false }).waitFor();
  await page.getByText('Results for 1 lesson(s) this course does not have were not kept.').waitFor();
  const held = page.getByRole('group', { name: /1 report\(s\) are from 'Fire safety basics', not from this course/ });
  await held.waitFor();
  await learnerButton(page, 'Cy').waitFor();
  assert.equal(await learnerButton(page, 'Dee').count(), 0, 'nothing from another course before the answer');
  // Saved just after the import is drawn.
  await page.waitForFunction(() => localStorage.getItem('hookwise.team'));
  const saved = await page.evaluate(() => localStorage.getItem('hookwise.team'));
  assert.ok(!saved.includes('retired-lesson') && !saved.includes('Dee'));
  await held.getByRole('button', { name: 'Import them anyway' }).click();
  await learnerButton(page, 'Dee').waitFor();

  // Plain words and the file's real size.
  const big = Buffer.alloc(1536 * 1024, 0x20);
  await picker(page).setInputFiles([
    { name: 'big.json', mimeType: 'application/json', buffer: big },
    { name: 'list.json', mimeType: 'application/json', buffer: Buffer.from('[1,2,3]') },
    { name: 'shape.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"hookwise-completion-report","v":1,"learner":[]}') },
  ]);
  const errors = page.locator('.import-errors');
  await errors.waitFor();
  const text = await errors.innerText();
  assert.match(text, /big\.json: the file is 1\.5 MB, too large for a completion report \(the limit is 1 MB\)/);
  assert.match(text, /list\.json: it is not a hookwise completion report/);
  assert.match(text, /shape\.json: it is not in the completion report format \(some of its parts are missing/);
  assert.doesNotMatch(text, /expected|line 1|column|invalid type|sequence/);
  assert.deepEqual(page.errors, []);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds nothing on the new elements (${colorScheme})`, async () => {
    const check = async (page, name, include) => {
      const result = await new AxeBuilder({ page }).include(include).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(summary, [], `${name} (${colorScheme})`);
    };
    const learner = await browser.newContext({ colorScheme });
    await learner.addInitScript(() => {
      navigator.storage.estimate = async () => ({ quota: 50 * 1024 * 1024, usage: 0 });
    });
    const page = await newPage(learner);
    await passFirstLesson(page);
    await page.evaluate(() => {
      localStorage.setItem('hookwise.progress.unreadable.1700000000000', '{"v":');
      localStorage.setItem('hookwise.xapi.refused.1700000000001.abc', '{"id":"abc"}');
    });
    await learner.addInitScript(() => {
      const now = Date.now.bind(Date);
      Date.now = () => now() + 8 * 24 * 60 * 60 * 1000;
    });
    await openSecondLesson(page);
    const reminder = page.getByRole('complementary', { name: 'Backup reminder' });
    await reminder.waitFor();
    await check(page, 'backup reminder', '.backup-reminder');
    await openProgress(page);
    await page.getByText(RISK.private, { exact: false }).waitFor();
    await importInput(page).setInputFiles(backupFile({ title: 'Fire safety basics', lessonIds: [entries[1].id], finished: Date.now() - DAY }));
    await page.getByRole('group', { name: /not from this course/ }).waitFor();
    await keptAside(page).getByRole('listitem').first().getByRole('button', { name: 'Delete' }).click();
    await check(page, 'progress page: risk line, other-course question, kept aside', '.your-details');

    const manager = await browser.newContext({ colorScheme });
    const tabA = await dashboard(manager);
    const tabB = await dashboard(manager);
    await picker(tabA).setInputFiles([reportFile('Ana'), reportFile('Dee', { title: 'Fire safety basics', extraLesson: 'retired-lesson' })]);
    await tabA.getByRole('group', { name: /not from this course/ }).waitFor();
    await tabB.getByText('Another tab imported reports: they are included here.').waitFor();
    await check(tabA, 'dashboard: held reports', '.import');
    await check(tabB, 'dashboard: another tab\'s notice', 'main');
  });
}
