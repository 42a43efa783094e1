// The pre-rendered catalogue (issue 19): `/` carries the whole list of parts and lessons as HTML
// written at build time (`hookwise_core::catalogue_page`), so it reads with JavaScript off; with
// JavaScript on, the first load's enhancer fills in the learner's own pieces in place (no second
// copy, nothing moves); and what it shows is what the same core functions wrote into the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { serve, launch, newPage, readJson, quizRegion, completeQuiz, answer, cardText, activity, plainText, DIST, watchLayoutShifts, layoutShift, holdWasm } from './harness.mjs';

let server, browser, catalogue, lessons;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  lessons = catalogue.parts.flatMap((p) => p.lessons);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('with JavaScript off, the catalogue reads: its title, parts, and every lesson with its summary, topic and minutes', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await newPage(context);
  page.beforeLearner = true;
  // The page and its style sheet only: the catalogue JSON and the code are refused.
  await page.route('**/*', (route) => (['document', 'stylesheet'].includes(route.request().resourceType()) ? route.continue() : route.abort()));
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor({ timeout: 5000 });
  const main = page.getByRole('main');
  for (const part of catalogue.parts) {
    assert.ok(await main.getByRole('heading', { level: 2, name: part.title, exact: true }).isVisible(), part.title);
  }
  for (const lesson of lessons) {
    const link = main.getByRole('link', { name: lesson.title, exact: true });
    assert.equal(await link.getAttribute('href'), `/lessons/${lesson.id}`, lesson.id);
    const card = await cardText(page, lesson.title);
    for (const text of [lesson.summary, lesson.topic, `${lesson.minutes} min`, 'Not started']) assert.ok(card.includes(text), `${lesson.id}: ${text} in ${card}`);
  }
  assert.ok(await page.getByText(/^0 of \d+ required lessons passed \(0%\)$/).isVisible());
  assert.ok(await page.getByRole('link', { name: /^Start: / }).isVisible(), 'where to start');
  assert.equal(await page.getByText('hookwise needs JavaScript').count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the catalogue page carries no inline script and every lesson title escaped', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const body = html.slice(html.indexOf('<body>'));
  assert.doesNotMatch(body, /<script/, 'the only scripts are the start-up ones in the head');
  const esc = (t) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
  for (const lesson of lessons) assert.ok(body.includes(`>${esc(lesson.title)}</a></h3>`), lesson.id);
});

/** Where the catalogue's headings, overall line and each lesson card are on the page. */
function layout(page) {
  return page.evaluate(() => ['h1', '.overall', '#waiting', '.part h2', '.lesson-card', '.your-details'].flatMap((sel) => {
    const all = [...document.querySelectorAll(sel)];
    if (!all.length) return [`${sel}: none`];
    return all.map((e, i) => {
      const r = e.getBoundingClientRect();
      return `${sel} ${i + 1} (${e.querySelector('h2, h3')?.textContent ?? ''}): ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`;
    });
  }));
}

/** A returning learner: one lesson passed (best score 100%), another begun. */
async function returningLearner(context) {
  const page = await newPage(context);
  const [first, second] = await Promise.all(lessons.slice(0, 2).map((l) => readJson(`lessons/${l.id}.json`)));
  await page.goto(`${server.url}/lessons/${first.id}`);
  await completeQuiz(page, first);
  await page.goto(`${server.url}/lessons/${second.id}`);
  await quizRegion(page).getByRole('button', { name: 'Check answer' }).waitFor();
  await answer(page, second);
  await page.close();
  return [first, second];
}

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2027-03-01T10:00:00Z');

/**
 * A returning learner (as above) who has also chosen a role, missed a quiz question (a quick
 * re-check due a day later) and gone along with a slow hook's first message (the next one waits),
 * as a learner does it, the days moved with the browser's clock (see `rechecks.test.mjs`).
 * Returns the time at which both wait on the catalogue, the role's title and the sender.
 */
async function waitingLearner(context) {
  const lessonsRead = await returningLearner(context);
  const gifts = await readJson('lessons/gifts.json');
  const scenario = gifts.practice.find((s) => activity(s).kind === 'SlowHook');
  const hook = activity(scenario);
  const page = await newPage(context);
  await page.clock.setFixedTime(T0);
  await page.goto(server.url);
  const role = catalogue.paths[0];
  const region = page.getByRole('region', { name: 'Your role' });
  await region.getByLabel(role.title, { exact: true }).check();
  await region.getByRole('button', { name: 'Save my role' }).click();
  await region.getByText('Your role is saved.').waitFor();
  await page.goto(`${server.url}/lessons/${gifts.id}`);
  const asked = gifts.quiz.ask ?? gifts.quiz.questions.length;
  await completeQuiz(page, gifts, { wrongFrom: asked - 1 });
  const area = page.getByRole('region', { name: scenario.title, exact: true });
  await area.getByText(`New message from ${hook.from}`, { exact: false }).waitFor();
  const goAlong = plainText(hook.rungs[0].choices.find((c) => c.kind === 'GoAlong').text);
  await area.getByRole('button', { name: goAlong, exact: true }).click();
  await area.getByText(`${hook.from}'s next message arrives on`, { exact: false }).waitFor();
  await page.close();
  return { lessonsRead, at: T0 + Math.max(1, hook.rungs[1].after_days) * DAY, role: role.title, from: hook.from };
}

for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) for (const waits of [false, true]) {
  const who = waits ? 'with a chosen role, a re-check due and a message waiting' : 'with progress';
  test(`a returning learner's status, best score, tags and "continue" fill in at ${viewport.width} px (${who}): one copy, nothing moves`, async () => {
    // The learner with things waiting is seen in dark mode at 360 px, in light mode at 1280 px.
    const colorScheme = waits && viewport.width === 360 ? 'dark' : 'light';
    const context = await browser.newContext({ viewport, timezoneId: 'UTC', colorScheme });
    const learner = waits ? await waitingLearner(context) : null;
    const [first, second] = learner ? learner.lessonsRead : await returningLearner(context);
    await watchLayoutShifts(context);
    const page = await newPage(context);
    page.beforeLearner = true;
    if (learner) await page.clock.setFixedTime(learner.at);
    // Hold the catalogue's code back, to see the pre-rendered page alone first.
    const release = await holdWasm(page);
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
    assert.ok((await cardText(page, first.title)).includes('Not started'), 'before the code: the new learner\'s page');
    const before = await layout(page);
    release();
    if (learner) {
      await page.getByRole('link', { name: /^\d+ quick re-checks? due$/ }).waitFor();
      await page.getByRole('link', { name: `New message from ${learner.from}`, exact: true }).waitFor();
      await page.getByText(`Your role: ${learner.role}`).waitFor();
      assert.equal(await page.getByRole('group', { name: 'What is your role?' }).isVisible(), false, 'the picker folded');
    } else {
      await page.getByRole('link', { name: `Continue where you left off: ${second.title}`, exact: true }).waitFor();
    }
    await page.locator('html[data-learner=shown]').waitFor({ state: 'attached' });
    const card = await cardText(page, first.title);
    assert.match(card, /Passed/);
    assert.match(card, /Best score: 100%/);
    assert.match(await cardText(page, second.title), /In progress/);
    if (catalogue.paths?.length) assert.match(card, /Required for you|Optional/);
    assert.equal(await page.locator('h1').count(), 1, 'one title');
    assert.equal(await page.locator('.lesson-card').count(), lessons.length, 'one copy of the list');
    assert.deepEqual(await layout(page), before, 'the headings, overall line and every card stay where they were');
    const shifts = await layoutShift(page);
    assert.equal(shifts, 0, `layout shift ${shifts}`);
    if (learner) {
      // The notices, the folded picker and the empty rooms: nothing for axe, nothing empty to focus.
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], colorScheme);
      assert.equal(await page.locator('#waiting p:empty').count(), 0, 'both lines hold a notice');
    }
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
  test(`garbled stored progress at ${viewport.width} px: the alert is announced and reached by keyboard, and moves nothing`, async () => {
    const context = await browser.newContext({ viewport });
    const [first] = await returningLearner(context);
    const garbled = '{"v":4,"attempts":[{"lesson":';
    await watchLayoutShifts(context);
    const page = await newPage(context);
    page.beforeLearner = true;
    await page.goto(server.url);
    await page.getByRole('link', { name: /^Continue where you left off: / }).waitFor();
    await page.evaluate((v) => localStorage.setItem('hookwise.progress', v), garbled);
    const release = await holdWasm(page);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
    const before = await layout(page);
    release();
    const alert = page.getByRole('alert');
    await alert.getByText('Your saved progress could not be read', { exact: false }).waitFor();
    await page.locator('html[data-learner=shown]').waitFor({ state: 'attached' });
    assert.match(await cardText(page, first.title), /Not started/, 'the garbled record is not read');
    assert.deepEqual(await layout(page), before, 'the alert moves nothing');
    assert.equal(await layoutShift(page), 0, 'no layout shift');
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(result.violations.map((v) => v.id), [], 'axe, with the alert shown');
    const box = await alert.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `the alert is on screen: ${JSON.stringify(box)}`);
    // From the top of the page, the keyboard reaches "Dismiss" before the course (after the header's links).
    await page.keyboard.press('Tab');
    const reached = [];
    for (let i = 0; i < 8 && reached.at(-1) !== 'Dismiss'; i++) {
      reached.push(await page.evaluate(() => document.activeElement.textContent.trim()));
      if (reached.at(-1) !== 'Dismiss') await page.keyboard.press('Tab');
    }
    assert.equal(reached.at(-1), 'Dismiss', reached.join(' | '));
    await page.keyboard.press('Enter');
    await alert.waitFor({ state: 'detached' });
    assert.deepEqual(await layout(page), before, 'nor does its dismissal');
    // Gone, it leaves nothing over the foot of the screen to catch a click meant for the page.
    const caught = await page.evaluate(() => [4, 12].some((up) => document.elementFromPoint(innerWidth / 2, innerHeight - up)?.closest('#storage-notice')));
    assert.equal(caught, false, 'a click at the foot of the screen reaches the page');
    assert.deepEqual(page.errors, []);
    await context.close();
  });
}

/** The text and element outline of the catalogue's `<main>`. */
function drawn(page) {
  return page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      text: main.innerText.trim(),
      outline: [...main.querySelectorAll('*')].map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}[${e.getAttribute('role') ?? ''}]`),
    };
  });
}

test("one renderer's truth: the enhancer draws each learner piece as the build drew it", async () => {
  const off = await browser.newContext({ javaScriptEnabled: false });
  const on = await browser.newContext();
  const staticPage = await newPage(off);
  staticPage.beforeLearner = true;
  await staticPage.goto(server.url);
  const expected = await drawn(staticPage);
  const page = await newPage(on);
  page.beforeLearner = true;
  // Hold the code back, empty every piece the enhancer fills, then let it draw them all.
  const release = await holdWasm(page);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  const emptied = await page.evaluate(() => {
    const pieces = document.querySelectorAll('#overall, #waiting, #role-choice, .state');
    for (const e of pieces) e.replaceChildren();
    return pieces.length;
  });
  assert.ok(emptied >= lessons.length + 2, `${emptied} pieces`);
  release();
  await page.waitForFunction(() => document.querySelector('#overall').textContent.includes('required lessons passed')
    && [...document.querySelectorAll('.state')].every((e) => e.children.length > 0));
  await page.waitForTimeout(200);
  assert.deepEqual(await drawn(page), expected);
  assert.deepEqual(page.errors, []);
  await off.close();
  await on.close();
});
