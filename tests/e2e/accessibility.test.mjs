// Accessibility end to end: a whole lesson and quiz by keyboard alone, axe-core (WCAG 2.1 A
// and AA) on every learner screen in light and dark schemes, and no sideways scrolling at
// 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, answer, quizRegion, choicesFor, focused, tabUntil } from './harness.mjs';

let server, browser, catalogue, lesson;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  lesson = await readJson(`lessons/${catalogue.parts[0].lessons[0].id}.json`);
  mkdirSync('test-results', { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a whole lesson and quiz with the keyboard alone, with a visible focus ring', async () => {
  const page = await newPage(await browser.newContext());
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  const link = await tabUntil(page, (f) => f.tag === 'a' && f.text === lesson.title);
  assert.ok(link.ring, 'the focused link shows a focus ring');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();

  const quiz = quizRegion(page);
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  for (let i = 0; i < asked; i++) {
    await quiz.getByText(`Question ${i + 1} of ${asked}`).waitFor();
    const { pick } = await choicesFor(page, lesson);
    // The quiz's answers, not a practice scenario's on the way.
    let f = await tabUntil(page, (f) => f.tag === 'input' && f.scenario === '');
    assert.ok(f.ring, 'the focused answer shows a focus ring');
    if (f.type === 'radio') {
      // Arrow keys move through a radio group and select as they go.
      if (!f.checked) await page.keyboard.press('Space');
      for (let n = 0; n < 10 && !pick.includes((f = await focused(page)).label); n++) {
        await page.keyboard.press('ArrowDown');
      }
      assert.ok(pick.includes((await focused(page)).label));
      await tabUntil(page, (f) => f.text === 'Check answer', 5);
    } else {
      for (;;) {
        if (f.type !== 'checkbox') break;
        if (pick.includes(f.label) !== f.checked) await page.keyboard.press('Space');
        await page.keyboard.press('Tab');
        f = await focused(page);
      }
      assert.equal(f.text, 'Check answer');
    }
    await page.keyboard.press('Enter');
    // Feedback is announced: it appears inside a polite live region.
    await quiz.locator('[aria-live="polite"]').getByText('Correct.', { exact: true }).waitFor();
    // Focus moves to the next step by itself.
    const next = i + 1 === asked ? 'See your results' : 'Next question';
    await page.waitForFunction((name) => document.activeElement?.innerText?.trim() === name, next);
    await page.keyboard.press('Enter');
  }
  await quiz.getByText('You scored 100%').waitFor();
  assert.deepEqual(page.errors, []);
});

function passedEverything() {
  const now = Date.now();
  const attempts = catalogue.parts.flatMap((p) => p.lessons).map((l, i) => ({
    lesson: l.id, version: l.version, hash: l.content_hash, seed: i + 1,
    started: now - 60000, finished: now - 1000 + i, answers: {}, score: 100, passed: true,
  }));
  return JSON.stringify({
    v: 2, cleared_at: 0, attempts, in_progress: {}, positions: {},
    profile: { name: 'Ana Example', email: 'ana@example.com', team: 'Research', updated: now },
  });
}

/** Visits every learner screen and calls `check(page, name)` on each. */
async function everyScreen(context, check) {
  const page = await newPage(context);
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  await check(page, 'catalogue');
  if (catalogue.paths?.length) {
    await page.getByLabel(catalogue.paths[0].title, { exact: true }).check();
    await page.getByRole('button', { name: 'Save my role' }).click();
    await page.getByText('Your role is saved.').waitFor();
    await page.getByText('Change your role').click();
    await check(page, 'catalogue-with-role');
  }
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await check(page, 'lesson');
  await page.getByRole('button', { name: 'Report an approach' }).first().click();
  await page.getByRole('region', { name: 'Report an approach' }).getByLabel('The report, ready to fill in').waitFor();
  await check(page, 'report-panel');
  await page.getByRole('button', { name: 'Report an approach' }).first().click();
  await answer(page, lesson, { right: false });
  await check(page, 'quiz-feedback');
  await quizRegion(page).getByRole('button', { name: 'Next question' }).click();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  for (let i = 1; i < asked; i++) {
    await answer(page, lesson);
    await quizRegion(page).getByRole('button', { name: i + 1 === asked ? 'See your results' : 'Next question' }).click();
  }
  await quizRegion(page).getByRole('heading', { name: 'Review' }).waitFor();
  await check(page, 'review');
  await page.evaluate((record) => localStorage.setItem('hookwise.progress', record), passedEverything());
  await page.goto(`${server.url}/certificate`);
  await page.getByText('Certificate of completion').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Ana Example' }).waitFor();
  await check(page, 'certificate');
  await page.getByRole('link', { name: 'Progress' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your details and progress' }).waitFor();
  await check(page, 'progress');
  assert.deepEqual(page.errors, []);
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no WCAG 2.1 A/AA violations (${colorScheme})`, async () => {
    const context = await browser.newContext({ colorScheme });
    await everyScreen(context, async (page, name) => {
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(summary, [], `${name} (${colorScheme})`);
    });
  });
}

test('at 360×640 nothing scrolls sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  await everyScreen(context, async (page, name) => {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    await page.screenshot({ path: `test-results/narrow-${name}.png`, fullPage: true });
    assert.ok(scrollWidth <= innerWidth, `${name}: page is ${scrollWidth}px wide in a ${innerWidth}px window`);
  });
});
