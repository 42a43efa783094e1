// The SCORM packages end to end: each package (built by `./dev package` into target/packages/)
// is served under a host page whose LMS side is the real scorm-again run-time, as an LMS would
// frame it. The learner completes a lesson in the frame; scorm-again's data must then hold the
// status and score. Reloading with only the LMS's data (a fresh browser profile, so nothing in
// localStorage) must bring back the quiz in progress from suspend_data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, answer, completeQuiz, quizRegion, plainText, holdWasm } from './harness.mjs';

const PACKAGES = resolve(process.env.HOOKWISE_PACKAGES ?? 'target/packages');
const SCORM_AGAIN = resolve('node_modules/scorm-again/dist');

const EDITIONS = {
  '1.2': { dir: 'scorm12', script: 'scorm12.min.js', global: 'API', ctor: 'Scorm12API' },
  '2004': { dir: 'scorm2004', script: 'scorm2004.min.js', global: 'API_1484_11', ctor: 'Scorm2004API' },
};

let server, browser, lesson;

/** The launch URL an LMS builds from the manifest: the SCO's href plus its item's parameters. */
function launchUrl(edition, lessonId, dir = EDITIONS[edition].dir) {
  const manifest = readFileSync(join(PACKAGES, dir, 'imsmanifest.xml'), 'utf8');
  const item = [...manifest.matchAll(/<item\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`identifierref="res-${lessonId}"`));
  assert.ok(item, `the ${edition} manifest has an item for ${lessonId}`);
  const parameters = item.match(/parameters="([^"]*)"/)[1].replace(/&amp;/g, '&');
  const resource = manifest.match(new RegExp(`<resource\\b[^>]*identifier="res-${lessonId}"[^>]*>`))[0];
  const href = resource.match(/href="([^"]*)"/)[1];
  return `/${dir}/${href}${parameters}`;
}

function hostPage(edition, lessonId, dir) {
  const e = EDITIONS[edition];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="/scorm-again/${e.script}"></script>
<script>
  window.${e.global} = new ${e.ctor}({ logLevel: 5 });
  if (window.__LMS_STATE__) window.${e.global}.loadFromJSON(window.__LMS_STATE__);
  window.lms = { commits: 0, finished: 0, sets: [] };
  // Every value set, in order (to check that the score comes before the status).
  window.${e.global}.on('${edition === '1.2' ? 'LMSSetValue' : 'SetValue'}.cmi.*', (element, value) => { window.lms.sets.push([element, String(value)]); });
  // An LMS whose launch mode element is absent (empty) or in review mode.
  if ('__LMS_MODE__' in window) {
    const api = window.${e.global};
    const get = api.${edition === '1.2' ? 'LMSGetValue' : 'GetValue'}.bind(api);
    api.${edition === '1.2' ? 'LMSGetValue' : 'GetValue'} = (element) => element === '${edition === '1.2' ? 'cmi.core.lesson_mode' : 'cmi.mode'}' ? window.__LMS_MODE__ : get(element);
  }
  window.${e.global}.on('${edition === '1.2' ? 'LMSCommit' : 'Commit'}', () => { window.lms.commits++; });
  window.${e.global}.on('${edition === '1.2' ? 'LMSFinish' : 'Terminate'}', () => { window.lms.finished++; });
</script></head>
<body><iframe title="Lesson" src="${launchUrl(edition, lessonId, dir ?? undefined)}" style="width:100%;height:95vh;border:0"></iframe></body></html>`;
}

before(async () => {
  for (const e of Object.values(EDITIONS)) {
    assert.ok(existsSync(join(PACKAGES, e.dir, 'imsmanifest.xml')), `no package in ${join(PACKAGES, e.dir)}: run ./dev package`);
  }
  const mounts = { '/scorm-again/': SCORM_AGAIN };
  for (const e of Object.values(EDITIONS)) mounts[`/${e.dir}/`] = join(PACKAGES, e.dir);
  mounts['/single-sco/'] = join(PACKAGES, 'single-sco');
  server = await serve(undefined, {
    mounts,
    handle: (req, res) => {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname !== '/host.html') return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(url.searchParams.get('scorm'), url.searchParams.get('lesson'), url.searchParams.get('dir')));
      return true;
    },
  });
  browser = await launch();
  const catalogue = await readJson('catalogue.json');
  const entries = catalogue.parts.flatMap((p) => p.lessons);
  lesson = await readJson(`lessons/${entries[0].id}.json`);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openInLms(context, edition, state, mode, dir) {
  if (state) await context.addInitScript((s) => { window.__LMS_STATE__ = s; }, state);
  if (mode !== undefined) await context.addInitScript((m) => { window.__LMS_MODE__ = m; }, mode);
  const page = await newPage(context);
  await page.goto(`${server.url}/host.html?scorm=${edition}&lesson=${lesson.id}${dir ? `&dir=${dir}` : ''}`);
  const frame = page.frameLocator('iframe[title="Lesson"]');
  await frame.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  // The SCO's page shows the lesson pre-rendered; the app has started once it took it over.
  await frame.locator('#prerendered').waitFor({ state: 'detached' });
  return { page, frame };
}

/** The LMS's data, as scorm-again would commit it to its server (write-only elements too). */
async function cmi(page, edition, path) {
  const data = await page.evaluate(`JSON.parse(JSON.stringify(window.${EDITIONS[edition].global}.cmi))`);
  return path.split('.').reduce((v, k) => v?.[k], data);
}
const interactions = async (page, edition) => Object.values((await cmi(page, edition, 'interactions')) ?? {}).filter((i) => i && typeof i === 'object' && 'id' in i);

for (const edition of Object.keys(EDITIONS)) {
  test(`SCORM ${edition}: passing a lesson leaves passed and the score in the LMS`, async () => {
    const context = await browser.newContext();
    const { page, frame } = await openInLms(context, edition);
    // Launched by an LMS: no site navigation, and no "opened outside your platform" notice.
    assert.equal(await frame.getByRole('link', { name: '← All lessons' }).count(), 0);
    assert.equal(await frame.getByText('opened outside your learning platform').count(), 0);
    if (edition === '1.2') assert.equal(await cmi(page, edition, 'core.lesson_status'), 'incomplete');
    else assert.equal(await cmi(page, edition, 'completion_status'), 'incomplete');

    await completeQuiz(frame, lesson);
    await quizRegion(frame).getByText('Passed. Well done.').waitFor();
    const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
    if (edition === '1.2') {
      assert.equal(await cmi(page, edition, 'core.lesson_status'), 'passed');
      assert.equal(await cmi(page, edition, 'core.score.raw'), '100');
      assert.equal(await cmi(page, edition, 'core.score.max'), '100');
      assert.equal(await cmi(page, edition, 'core.score.min'), '0');
    } else {
      assert.equal(await cmi(page, edition, 'completion_status'), 'completed');
      assert.equal(await cmi(page, edition, 'success_status'), 'passed');
      assert.equal(await cmi(page, edition, 'score.raw'), '100');
      assert.equal(await cmi(page, edition, 'score.scaled'), '1');
    }
    // One interaction per question answered, each correct.
    const answered = await interactions(page, edition);
    assert.equal(answered.length, asked, JSON.stringify(await cmi(page, edition, 'interactions')));
    assert.deepEqual(new Set(answered.map((i) => i.result)), new Set(['correct']));
    assert.ok(answered.every((i) => i.id.startsWith(`${lesson.id}.`)));
    assert.equal(await cmi(page, edition, 'suspend_data'), '');
    assert.ok((await page.evaluate('window.lms.commits')) >= asked, 'commits after each answer');

    // Leaving the lesson finishes the session with a session time and a normal exit.
    await frame.locator('body').evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    assert.equal(await page.evaluate('window.lms.finished'), 1);
    if (edition === '1.2') {
      assert.match(await cmi(page, edition, 'core.session_time'), /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
      assert.equal(await cmi(page, edition, 'core.exit'), '');
    } else {
      assert.match(await cmi(page, edition, 'session_time'), /^PT/);
      assert.equal(await cmi(page, edition, 'exit'), 'normal');
    }
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test(`SCORM ${edition}: reloading resumes the quiz in progress from suspend_data`, async () => {
    let context = await browser.newContext();
    let { page, frame } = await openInLms(context, edition);
    const first = await answer(frame, lesson);
    await quizRegion(frame).getByRole('button', { name: 'Next question' }).click();
    const second = await answer(frame, lesson, { right: false });
    const suspend = await cmi(page, edition, 'suspend_data');
    assert.ok(suspend.length > 0 && suspend.length <= 4096, `suspend_data of ${suspend.length} characters`);
    const status = edition === '1.2' ? await cmi(page, edition, 'core.lesson_status') : await cmi(page, edition, 'completion_status');
    assert.equal(status, 'incomplete');
    // The LMS keeps its data; the browser profile is new, so localStorage is empty.
    await frame.locator('body').evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    const exit = edition === '1.2' ? await cmi(page, edition, 'core.exit') : await cmi(page, edition, 'exit');
    assert.equal(exit, 'suspend');
    await context.close();

    const state = edition === '1.2'
      ? { suspend_data: suspend, core: { lesson_status: 'incomplete', entry: 'resume' } }
      : { suspend_data: suspend, completion_status: 'incomplete', entry: 'resume' };
    context = await browser.newContext();
    ({ page, frame } = await openInLms(context, edition, state));
    assert.equal(await frame.locator('body').evaluate(() => localStorage.getItem('hookwise.progress') !== null), true);
    const quiz = quizRegion(frame);
    // The second question is back, answered and checked, with its feedback.
    await quiz.getByText(`Question 2 of`).waitFor();
    assert.equal((await quiz.getByRole('heading', { level: 3 }).innerText()).trim(), second.title);
    await quiz.getByText('Not quite.', { exact: true }).waitFor();
    assert.ok(await quiz.getByRole('button', { name: 'Next question' }).isVisible());
    assert.notEqual(first.title, second.title);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

for (const edition of Object.keys(EDITIONS)) {
  const status = edition === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status';
  const raw = edition === '1.2' ? 'cmi.core.score.raw' : 'cmi.score.raw';
  test(`SCORM ${edition} quirks: the score is set before the status, and an LMS without a launch mode is the normal mode`, async () => {
    const context = await browser.newContext();
    const { page, frame } = await openInLms(context, edition, undefined, '');
    await completeQuiz(frame, lesson);
    await quizRegion(frame).getByText('Passed. Well done.').waitFor();
    const sets = await page.evaluate('window.lms.sets');
    const passedAt = sets.findIndex(([k, v]) => k === status && v === 'passed');
    const scoreAt = sets.findIndex(([k, v]) => k === raw && v === '100');
    assert.ok(passedAt > 0 && scoreAt >= 0 && scoreAt < passedAt, JSON.stringify(sets));
    assert.equal(await cmi(page, edition, edition === '1.2' ? 'core.lesson_status' : 'success_status'), 'passed');
    assert.deepEqual(page.errors, []);
    await context.close();
  });

  test(`SCORM ${edition} quirks: in review mode the lesson works and the LMS's result is left alone`, async () => {
    const context = await browser.newContext();
    const { page, frame } = await openInLms(context, edition, undefined, 'review');
    await completeQuiz(frame, lesson);
    await quizRegion(frame).getByText('Passed. Well done.').waitFor();
    const sets = await page.evaluate('window.lms.sets');
    assert.ok(!sets.some(([k]) => k === status || k === raw || k.startsWith('cmi.interactions.')), JSON.stringify(sets));
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

/** The languages a manifest declares in LOM (`<language>`) and its LOM strings' languages. */
function languages(manifest) {
  return {
    declared: [...manifest.matchAll(/<language>([^<]*)<\/language>/g)].map((m) => m[1]),
    strings: [...manifest.matchAll(/<string language="([^"]*)"/g)].map((m) => m[1]),
  };
}

test('SCORM 2004 quirk: each package declares exactly one language, the course\'s, and still launches and records', async () => {
  const course = await readJson('catalogue.json');
  assert.equal(course.language, 'en', 'COURSE.md says language: en');
  const dirs = ['scorm2004', `single-sco/scorm2004-${lesson.id}`];
  for (const dir of dirs) {
    const manifest = readFileSync(join(PACKAGES, dir, 'imsmanifest.xml'), 'utf8');
    assert.match(manifest, /<schemaversion>2004 4th Edition<\/schemaversion>\s*<lom xmlns="http:\/\/ltsc\.ieee\.org\/xsd\/LOM">/);
    assert.deepEqual(languages(manifest), { declared: [course.language], strings: [course.language] }, dir);
    const context = await browser.newContext();
    const { page, frame } = await openInLms(context, '2004', undefined, undefined, dir);
    await completeQuiz(frame, lesson);
    await quizRegion(frame).getByText('Passed. Well done.').waitFor();
    assert.equal(await cmi(page, '2004', 'success_status'), 'passed', dir);
    assert.equal(await cmi(page, '2004', 'completion_status'), 'completed', dir);
    assert.deepEqual(page.errors, []);
    await context.close();
  }
  // SCORM 1.2 has no LOM of this kind: its metadata is unchanged.
  assert.deepEqual(languages(readFileSync(join(PACKAGES, 'scorm12', 'imsmanifest.xml'), 'utf8')).declared, []);
});

for (const edition of Object.keys(EDITIONS)) {
  test(`SCORM ${edition} single-SCO package: one SCO, its lesson passed in the LMS`, async () => {
    const dir = `single-sco/${EDITIONS[edition].dir}-${lesson.id}`;
    const manifest = readFileSync(join(PACKAGES, dir, 'imsmanifest.xml'), 'utf8');
    assert.equal(manifest.match(/scormtype="sco"/gi)?.length, 1);
    const context = await browser.newContext();
    const { page, frame } = await openInLms(context, edition, undefined, undefined, dir);
    await completeQuiz(frame, lesson);
    await quizRegion(frame).getByText('Passed. Well done.').waitFor();
    assert.equal(await cmi(page, edition, edition === '1.2' ? 'core.lesson_status' : 'success_status'), 'passed');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

for (const edition of Object.keys(EDITIONS)) {
  test(`SCORM ${edition}: the SCO's own page shows its lesson before the app arrives, then the app takes it over and reports`, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await newPage(context);
    const release = await holdWasm(page);
    await page.goto(`${server.url}/host.html?scorm=${edition}&lesson=${lesson.id}`);
    const frame = page.frameLocator('iframe[title="Lesson"]');
    await frame.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    const first = plainText(lesson.body.find((b) => b.Paragraph).Paragraph.content);
    assert.ok(await frame.getByRole('main').getByText(first, { exact: true }).first().isVisible(), 'the text, before the app');
    assert.equal(await frame.getByRole('link', { name: '← All lessons' }).count(), 0, 'no site navigation in an LMS');
    assert.equal(await frame.locator('#prerendered').count(), 1);
    release();
    await frame.locator('#prerendered').waitFor({ state: 'detached' });
    assert.equal(await frame.locator('h1').count(), 1, 'one title');
    await completeQuiz(frame, lesson);
    await quizRegion(frame).getByText('Passed. Well done.').waitFor();
    assert.equal(await cmi(page, edition, edition === '1.2' ? 'core.lesson_status' : 'success_status'), 'passed');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

test('a lesson page launched for another lesson, or for none, shows no stale text: the app draws what the launch names', async () => {
  const [other] = (await readJson('catalogue.json')).parts.flatMap((p) => p.lessons).filter((l) => l.id !== lesson.id);
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${server.url}/scorm12/lesson-${lesson.id}.html?lesson=${other.id}`);
  await page.getByRole('heading', { level: 1, name: other.title }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1, name: lesson.title }).count(), 0);
  assert.equal(await page.locator('#prerendered').count(), 0);
  // A launch parameter the app refuses: its plain message, not the page's lesson left inert.
  await page.goto(`${server.url}/scorm12/lesson-${lesson.id}.html?lesson=${encodeURIComponent('../<b>x')}`);
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.equal(await page.getByRole('heading', { level: 1, name: lesson.title }).count(), 0);
  assert.equal(await page.locator('#prerendered').count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('opened from the package without an LMS, the lesson works and says results stay in this browser', async () => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 360, height: 640 } });
  const page = await newPage(context);
  const requests = [];
  page.on('request', (r) => requests.push({ method: r.method(), url: r.url() }));
  await page.goto(`${server.url}${launchUrl('1.2', lesson.id)}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await page.getByText('opened outside your learning platform').waitFor();
  // The one-lesson shell is as accessible as the app: axe-core, dark scheme, 360 px.
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(axe.violations.map((v) => v.id), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
  await completeQuiz(page, lesson);
  await quizRegion(page).getByText('Passed. Well done.').waitFor();
  // The organisation's reporting channels come with the package.
  await page.getByRole('button', { name: 'Report an approach' }).first().click();
  await page.getByRole('region', { name: 'Report an approach' }).getByRole('link', { name: /^Write the email to / }).waitFor();
  // Only the package's own files were requested, all with GET.
  for (const r of requests) {
    assert.equal(r.method, 'GET', `${r.method} ${r.url}`);
    assert.ok(r.url.startsWith(`${server.url}/scorm12/`), r.url);
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

/** The first lesson whose text links to another lesson, that link, and its target. */
async function lessonWithALessonLink() {
  const catalogue = await readJson('catalogue.json');
  const entries = catalogue.parts.flatMap((p) => p.lessons);
  const find = (value) => {
    if (Array.isArray(value)) return value.map(find).find(Boolean) ?? null;
    if (value && typeof value === 'object') {
      if (value.Link?.href?.startsWith('/lessons/')) return value.Link;
      return Object.values(value).map(find).find(Boolean) ?? null;
    }
    return null;
  };
  for (const entry of entries) {
    const lesson = await readJson(`lessons/${entry.id}.json`);
    const link = find(lesson.body);
    if (link) {
      const id = link.href.slice('/lessons/'.length).split('#')[0];
      return { lesson, link, target: entries.find((t) => t.id === id) };
    }
  }
  return null;
}

test('inside the package, a link to another lesson opens that lesson\'s own pre-rendered page from the package, outside the LMS launch', async () => {
  const found = await lessonWithALessonLink();
  assert.ok(found, 'some lesson links to another');
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${server.url}/host.html?scorm=1.2&lesson=${found.lesson.id}`);
  const frame = page.frameLocator('iframe[title="Lesson"]');
  await frame.getByRole('heading', { level: 1, name: found.lesson.title }).waitFor();
  const link = frame.getByRole('link', { name: /\(opens in a new tab\)$/ }).first();
  const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await popup.getByRole('heading', { level: 1, name: found.target.title }).waitFor();
  await popup.getByText('opened outside your learning platform').waitFor();
  assert.ok(popup.url().startsWith(`${server.url}/scorm12/lesson-${found.target.id}.html?lesson=${found.target.id}`), popup.url());
  // The lesson's own pre-rendered page, taken over by the app.
  await popup.locator('#prerendered').waitFor({ state: 'detached' });
  assert.equal(await popup.locator('.lesson-body').count(), 1, 'one copy of the text');
  assert.deepEqual(page.errors, []);
  await context.close();
});
