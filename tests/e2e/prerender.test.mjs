// Pre-rendered lesson pages (issue 19): each lesson's page carries the lesson as HTML rendered at
// build time (`hookwise_core::render`), so it reads with JavaScript off; with JavaScript on, the
// app takes the static copy's place without a second copy; and, for every real lesson, the static
// page and the app's own drawing of the lesson (served without a pre-rendered copy) have the same
// text and the same elements, so the two renderers never drift.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, newPage, readJson, plainText, quizRegion, completeQuiz, DIST, watchLayoutShifts, layoutShift, holdWasm } from './harness.mjs';

let server, browser, catalogue, lessons;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  lessons = await Promise.all(catalogue.parts.flatMap((p) => p.lessons).map((l) => readJson(`lessons/${l.id}.json`)));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The lesson body's section headings (level 2), as the model holds them. */
function sectionHeadings(lesson) {
  return lesson.body.filter((b) => b.Heading && b.Heading.level <= 2).map((b) => plainText(b.Heading.content));
}

/** The first paragraph of the lesson body. */
function firstParagraph(lesson) {
  return plainText(lesson.body.find((b) => b.Paragraph).Paragraph.content);
}

test('with JavaScript off, a lesson reads: its title, headings, text, callouts, sources and quiz questions', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await newPage(context);
  // The page and its style sheets only: every other request (the preloaded lesson JSON, the
  // app's code) is refused, and the lesson still reads.
  await page.route('**/*', (route) => (['document', 'stylesheet'].includes(route.request().resourceType()) ? route.continue() : route.abort()));
  const lesson = lessons.find((l) => l.quiz.questions.length > 0 && l.body.some((b) => b.Callout)) ?? lessons[0];
  await page.goto(`${server.url}/lessons/${lesson.id}/`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor({ timeout: 5000 });
  const main = page.getByRole('main');
  for (const heading of sectionHeadings(lesson)) {
    assert.ok(await main.getByRole('heading', { level: 2, name: heading, exact: true }).first().isVisible(), `heading ${heading}`);
  }
  assert.ok(await main.getByText(firstParagraph(lesson), { exact: true }).first().isVisible(), 'the first paragraph');
  const callouts = lesson.body.filter((b) => b.Callout).length;
  assert.equal(await main.getByRole('note').count(), callouts, 'every callout, as a note');
  const sources = main.getByRole('region', { name: 'Sources' });
  for (const source of lesson.sources) assert.ok(await sources.getByText(source.title, { exact: true }).isVisible(), source.title);
  // The quiz can be read, and says plainly what needs JavaScript.
  const quiz = quizRegion(page);
  assert.ok(await quiz.getByText('Answering needs JavaScript', { exact: false }).isVisible());
  for (const q of lesson.quiz.questions) assert.ok(await quiz.getByRole('heading', { level: 3, name: q.title, exact: true }).isVisible(), q.title);
  assert.equal(await page.getByRole('button').count(), 0, 'nothing to press that would do nothing');
  assert.equal(await page.getByText('hookwise needs JavaScript').count(), 0, 'no "needs JavaScript" over a page that reads');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('every lesson page carries its own lesson, escaped, with no inline script', () => {
  for (const lesson of lessons) {
    const html = readFileSync(join(DIST, 'lessons', lesson.id, 'index.html'), 'utf8');
    const body = html.slice(html.indexOf('<body>'));
    assert.ok(body.includes('<div id="prerendered">'), lesson.id);
    assert.ok(body.includes(`<h1>${lesson.title.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')}</h1>`), lesson.id);
    assert.doesNotMatch(body, /<script/, `${lesson.id}: the page's only scripts are the start-up ones in its head`);
  }
});

/** The parts of a pre-rendered page the app takes over in place, as its own nodes. */
const TAKEN_OVER = ['header.site-header', 'header.site-header a', 'h1', '.meta', '.meta > span:nth-child(-n+3)', 'nav.toc', 'nav.toc li', '.lesson-body > *', 'section.sources', 'section.sources li'];

/** Where the lesson's title, meta line, contents and text are on the page. */
function layout(page) {
  return page.evaluate(() => ['h1', '.meta', 'nav.toc', '.lesson-body', '.lesson-body > :first-child'].map((sel) => {
    const e = document.querySelector(sel);
    if (!e) return `${sel}: none`;
    const r = e.getBoundingClientRect();
    return `${sel}: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  }));
}

for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
  test(`with JavaScript on, the app takes the place of the static copy at ${viewport.width} px: one copy, nothing moves, the quiz answers`, async () => {
    const context = await browser.newContext({ viewport });
    await watchLayoutShifts(context);
    const page = await newPage(context);
    // Hold the app's code back, to see the static copy alone first.
    const release = await holdWasm(page);
    const lesson = lessons[0];
    // The page's address with and without the folder's slash, as static hosts serve it.
    await page.goto(`${server.url}/lessons/${lesson.id}${viewport.width === 360 ? '/' : ''}`);
    await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    assert.equal(await page.locator('#prerendered').count(), 1, 'the static copy shows first');
    const before = await layout(page);
    // Mark the static page's own nodes (header, title, meta line, contents, text, sources), to
    // find them again in the app's page.
    const marked = await page.evaluate((parts) => [...document.querySelectorAll(parts.map((p) => `#prerendered ${p}`).join(','))].map((e) => { e.__static = true; return e.tagName; }), TAKEN_OVER);
    assert.ok(marked.includes('HEADER') && marked.includes('H1') && marked.includes('SECTION'), `header, title and sources marked: ${marked}`);
    release();
    const quiz = quizRegion(page);
    await quiz.getByRole('button', { name: 'Check answer' }).waitFor();
    assert.equal(await page.locator('#prerendered').count(), 0, 'the page is the app\'s now');
    assert.equal(await page.locator('h1').count(), 1, 'one title');
    assert.equal(await page.locator('.lesson-body').count(), 1, 'one copy of the text');
    assert.equal(await page.locator('header.site-header').count(), 1, 'one header');
    assert.equal(await page.locator('section.sources').count(), 1, 'one list of sources');
    const kept = await page.evaluate((parts) => [...document.querySelectorAll(parts.join(','))].map((e) => e.__static === true), TAKEN_OVER);
    assert.equal(kept.length, marked.length);
    assert.ok(kept.every(Boolean), 'the header, title, meta line, contents, text and sources are the static page\'s own nodes, taken over in place: the app drew no second copy');
    assert.ok(await page.getByText('Not started', { exact: true }).first().isVisible(), "the learner's status, which only the app knows");
    assert.deepEqual(await layout(page), before, 'the title, meta line, contents and text stay where they were');
    const shifts = await layoutShift(page);
    assert.equal(shifts, 0, `layout shift ${shifts}`);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
  test(`a returning learner at ${viewport.width} px: the status, best score and "Continue reading" fill the room the static page keeps, nothing moves`, async () => {
    const context = await browser.newContext({ viewport });
    await watchLayoutShifts(context);
    // A lesson with contents (three sections or more) and a quiz, passed, read up to a section.
    const lesson = lessons.find((l) => l.quiz.questions.length > 0 && l.body.filter((b) => b.Heading?.level === 2).length >= 3);
    const headings = lesson.body.filter((b) => b.Heading?.level === 2).map((b) => b.Heading);
    const first = await newPage(context);
    await first.goto(`${server.url}/lessons/${lesson.id}`);
    await completeQuiz(first, lesson);
    await quizRegion(first).getByText('Passed. Well done.').waitFor();
    const at = headings[1];
    await first.evaluate((id) => document.getElementById(id).scrollIntoView(), at.anchor);
    await first.waitForFunction((id) => (localStorage.getItem('hookwise.progress') ?? '').includes(`"anchor":"${id}"`), at.anchor);
    await first.close();

    // Back later: the static copy first (the app held back), then the app with the learner's state.
    const page = await newPage(context);
    const release = await holdWasm(page);
    await page.goto(`${server.url}/lessons/${lesson.id}`);
    await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    assert.equal(await page.locator('#prerendered').count(), 1, 'the static copy shows first');
    const before = await layout(page);
    release();
    const resume = page.getByRole('link', { name: `Continue reading at “${plainText(at.content)}”` });
    await resume.waitFor();
    assert.equal(await page.locator('#prerendered').count(), 0, 'the page is the app\'s now');
    assert.ok(await page.getByText('Best score: 100%', { exact: true }).isVisible(), 'the best score');
    assert.ok(await page.locator('.meta').getByText('Passed', { exact: true }).isVisible(), 'the status');
    assert.deepEqual(await layout(page), before, 'the title, meta line, contents and text stay where they were');
    const shifts = await layoutShift(page);
    assert.equal(shifts, 0, `layout shift ${shifts}`);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

// The app's wasm compiles in a worker, off the page's main thread, and the page starts the app from
// the module it hands back (xtask/src/pages.rs, `compile_off_thread`; docs/performance.md, sixth
// session). Where the worker cannot start, or cannot compile (a host that serves the wasm with
// another type), the page loads the wasm itself: the lesson still becomes interactive.
for (const [how, breakIt] of [
  ['the worker compiles it', null],
  ['the worker cannot start', (page) => page.route(/hookwise-compile-[0-9a-f]+\.js$/, (route) => route.abort())],
  ['the worker cannot compile it', (page) => page.route(/_bg\.wasm$/, async (route) => route.fulfill({ response: await route.fetch(), headers: { 'content-type': 'application/octet-stream' } }))],
]) {
  test(`the lesson's quiz answers when ${how}`, async () => {
    const context = await browser.newContext();
    const page = await newPage(context);
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    let wasmRequests = 0;
    page.on('request', (r) => { if (/_bg\.wasm$/.test(r.url())) wasmRequests += 1; });
    await breakIt?.(page);
    const lesson = lessons.find((l) => l.quiz.questions.length > 0);
    await page.goto(`${server.url}/lessons/${lesson.id}`);
    await completeQuiz(page, lesson);
    await quizRegion(page).getByText('Passed. Well done.').waitFor();
    assert.equal(await page.locator('#prerendered').count(), 0, 'the page is the app\'s');
    if (!breakIt) assert.ok(workers.some((u) => /\/app\/hookwise-compile-[0-9a-f]{16}\.js$/.test(u)), `the compile worker started: ${workers}`);
    // Asked for once by the worker, or by the page alone; twice when the worker's try failed.
    assert.equal(wasmRequests, how.includes('cannot compile') ? 2 : 1);
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

/** The first link to another lesson in a lesson's text, if any: [its text, the lesson it opens]. */
function lessonLink(blocks) {
  const inline = (i) => {
    if (i.Link?.href.startsWith('/lessons/')) return [plainText(i.Link.content), i.Link.href.slice('/lessons/'.length)];
    return [...(i.Strong?.content ?? []), ...(i.Emph?.content ?? [])].map(inline).find(Boolean);
  };
  const block = (b) => (b.Paragraph?.content ?? []).map(inline).find(Boolean)
    ?? [...(b.Callout?.content ?? []), ...(b.Quote?.content ?? []), ...(b.List?.items.flat() ?? [])].map(block).find(Boolean);
  return blocks.map(block).find(Boolean);
}

test('on a pre-rendered page taken over by the app, a link to another lesson loads that lesson\'s own pre-rendered page', async () => {
  const lesson = lessons.find((l) => lessonLink(l.body));
  const [text, target] = lessonLink(lesson.body);
  const other = lessons.find((l) => l.id === target);
  const context = await browser.newContext();
  const page = await newPage(context);
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await quizRegion(page).getByRole('button', { name: 'Check answer' }).waitFor();
  await page.evaluate(() => { window.__before = true; });
  const served = page.waitForResponse((r) => new URL(r.url()).pathname === `/lessons/${target}` && r.request().resourceType() === 'document');
  await page.getByRole('main').getByRole('link', { name: text, exact: true }).first().click();
  const html = await (await served).text();
  assert.ok(html.includes('<div id="prerendered">'), 'the page served is the pre-rendered one');
  await page.getByRole('heading', { level: 1, name: other.title }).waitFor();
  assert.equal(await page.evaluate(() => window.__before), undefined, 'an ordinary page load');
  await quizRegion(page).getByRole('button', { name: 'Check answer' }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

/** The text and the element outline (tag, class, id, role) of a page's lesson article. */
async function drawn(page, lesson) {
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor({ timeout: 10000 });
  return page.evaluate(() => {
    const article = document.querySelector('article.lesson');
    const outline = (root) => [...root.querySelectorAll('*')].map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}[${e.getAttribute('role') ?? ''}]`);
    const text = (sel) => [...article.querySelectorAll(sel)].map((e) => e.innerText.trim());
    return {
      title: text('h1'),
      meta: [...article.querySelectorAll('.meta > span')].slice(0, 3).map((e) => e.innerText.trim()),
      toc: text('nav.toc'),
      body: text('.lesson-body'),
      bodyOutline: outline(article.querySelector('.lesson-body')),
      sources: text('section.sources'),
    };
  });
}

test('one renderer\'s truth: for every lesson, the static page and the app\'s own drawing have the same text and elements', async () => {
  const appPage = readFileSync(join(DIST, 'app', 'index.html'), 'utf8');
  assert.ok(!appPage.includes('id="prerendered"'), 'the app page itself has no pre-rendered lesson');
  const off = await browser.newContext({ javaScriptEnabled: false });
  const on = await browser.newContext();
  // The app, served at the lesson's address without the pre-rendered copy: it draws the lesson itself.
  await on.route(/\/lessons\/[a-z0-9-]+\/?$/, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: appPage }));
  const staticPage = await newPage(off);
  const appDrawn = await newPage(on);
  for (const lesson of lessons) {
    await staticPage.goto(`${server.url}/lessons/${lesson.id}/`);
    const expected = await drawn(staticPage, lesson);
    await appDrawn.goto(`${server.url}/lessons/${lesson.id}`);
    await quizRegion(appDrawn).waitFor();
    assert.equal(await appDrawn.locator('#prerendered').count(), 0, 'the app drew this one itself');
    const actual = await drawn(appDrawn, lesson);
    assert.deepEqual(actual, expected, lesson.id);
  }
  assert.deepEqual(appDrawn.errors, []);
  await off.close();
  await on.close();
});
