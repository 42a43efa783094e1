// The learner's experience end to end, in headless Chromium on the built app: completing,
// failing and retaking a lesson; reloading mid-quiz; two tabs; garbled and full storage;
// keyboard only; and the backup round trip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, readJson, answer, completeQuiz, cardText, quizRegion, choicesFor } from './harness.mjs';

let server, browser, catalogue, lessons;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  const entries = catalogue.parts.flatMap((p) => p.lessons);
  lessons = await Promise.all(entries.slice(0, 3).map((l) => readJson(`lessons/${l.id}.json`)));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openLesson(page, lesson) {
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
}

async function openCatalogue(page) {
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
}

test('complete a lesson with feedback; it shows as passed with its score', async () => {
  const page = await newPage(await browser.newContext());
  const [lesson] = lessons;
  await openLesson(page, lesson);
  const quiz = quizRegion(page);
  // The first answer shows its explanation straight away.
  const q = await answer(page, lesson);
  assert.ok((await quiz.innerText()).includes('Correct.'));
  await quiz.getByRole('button', { name: 'Next question' }).click();
  // Finish the rest correctly.
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  for (let i = 1; i < asked; i++) {
    await answer(page, lesson);
    await quiz.getByRole('button', { name: i + 1 === asked ? 'See your results' : 'Next question' }).click();
  }
  await quiz.getByText('You scored 100%').waitFor();
  await quiz.getByText('Passed. Well done.').waitFor();
  // The review lists every question with "your answer" beside "correct answer".
  assert.equal(await quiz.getByRole('term').filter({ hasText: 'Your answer' }).count(), asked);
  assert.equal(await quiz.getByRole('term').filter({ hasText: 'Correct answer' }).count(), asked);
  assert.ok((await quiz.innerText()).includes(q.title));
  await openCatalogue(page);
  const card = await cardText(page, lesson.title);
  assert.match(card, /Passed/);
  assert.match(card, /Best score: 100%/);
  assert.deepEqual(page.errors, []);
});

test('fail a lesson, see "not passed", retake it and pass', async () => {
  const page = await newPage(await browser.newContext());
  const lesson = lessons[1];
  await openLesson(page, lesson);
  await completeQuiz(page, lesson, { wrongFrom: 0 });
  const quiz = quizRegion(page);
  await quiz.getByText('You scored 0%').waitFor();
  await quiz.getByText('Not passed yet.', { exact: false }).waitFor();
  // The review shows the wrong answer next to the correct one.
  assert.ok(await quiz.getByText('(incorrect)').count() > 0);
  await openCatalogue(page);
  assert.match(await cardText(page, lesson.title), /Failed/);
  await openLesson(page, lesson);
  await completeQuiz(page, lesson);
  await quiz.getByText('Passed. Well done.').waitFor();
  await openCatalogue(page);
  const card = await cardText(page, lesson.title);
  assert.match(card, /Passed/);
  assert.match(card, /Best score: 100%/);
});

test('option order varies between attempts', async () => {
  const context = await browser.newContext();
  const lesson = lessons[0];
  const orders = new Set();
  for (let i = 0; i < 4; i++) {
    const page = await newPage(context);
    await openLesson(page, lesson);
    // The pre-rendered text shows before the app; the quiz comes with the app.
    const quiz = quizRegion(page);
    await quiz.getByRole('heading', { level: 3 }).first().waitFor();
    orders.add((await quiz.locator('label').allInnerTexts()).join('|'));
    await page.close();
  }
  assert.ok(orders.size > 1, 'four fresh attempts all showed the same order');
});

test('reloading mid-quiz brings back the same question and the answers so far', async () => {
  const page = await newPage(await browser.newContext());
  const lesson = lessons[0];
  await openLesson(page, lesson);
  const quiz = quizRegion(page);
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  await answer(page, lesson);
  await quiz.getByRole('button', { name: 'Next question' }).click();
  const second = await answer(page, lesson, { right: false });
  await quiz.getByText(`Question 2 of ${asked}`).waitFor();
  await page.reload();
  await quiz.getByText(`Question 2 of ${asked}`).waitFor();
  assert.equal(await quiz.getByRole('heading', { level: 3 }).first().innerText(), second.title);
  // The given answer is still selected, and its feedback is shown.
  await quiz.getByText('Not quite.', { exact: true }).waitFor();
  const { pick } = await choicesFor(page, lesson, { right: false });
  assert.ok(await quiz.getByLabel(pick[0], { exact: true }).isChecked());
  await quiz.getByRole('button', { name: 'Next question' }).click();
  await quiz.getByText(`Question 3 of ${asked}`).waitFor();
});

test('two tabs each pass a lesson; both are recorded', async () => {
  const context = await browser.newContext();
  const a = await newPage(context);
  const b = await newPage(context);
  await openLesson(a, lessons[0]);
  await openLesson(b, lessons[1]);
  // Interleave the two tabs' answers, so each writes while the other has stale memory.
  const asked0 = lessons[0].quiz.ask ?? lessons[0].quiz.questions.length;
  const asked1 = lessons[1].quiz.ask ?? lessons[1].quiz.questions.length;
  for (let i = 0; i < Math.max(asked0, asked1); i++) {
    for (const [page, lesson, asked] of [[a, lessons[0], asked0], [b, lessons[1], asked1]]) {
      if (i >= asked) continue;
      // A background tab gets no animation frames; a person would switch to it first.
      await page.bringToFront();
      await answer(page, lesson);
      await quizRegion(page).getByRole('button', { name: i + 1 === asked ? 'See your results' : 'Next question' }).click();
    }
  }
  await quizRegion(a).getByText('Passed. Well done.').waitFor();
  await quizRegion(b).getByText('Passed. Well done.').waitFor();
  for (const page of [a, b]) {
    await openCatalogue(page);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
    assert.match(await cardText(page, lessons[0].title), /Passed/);
    assert.match(await cardText(page, lessons[1].title), /Passed/);
  }
});

for (const [label, value, says] of [
  ['garbled JSON', '{"v":2,"attempts":[{"lesson":', 'not valid JSON'],
  ['a record from a future version', '{"v":99,"everything":"new"}', 'newer version of hookwise'],
]) {
  test(`${label} in storage: the app starts, says so, and keeps the value`, async () => {
    const page = await newPage(await browser.newContext());
    await openCatalogue(page);
    await page.evaluate((v) => localStorage.setItem('hookwise.progress', v), value);
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.getByText('Your saved progress could not be read', { exact: false }).waitFor();
    assert.match(await alert.innerText(), new RegExp(says));
    await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
    const kept = await page.evaluate(() => Object.keys(localStorage)
      .filter((k) => k.startsWith('hookwise.progress.unreadable.'))
      .map((k) => localStorage.getItem(k)));
    assert.deepEqual(kept, [value]);
    // The app goes on working and saves new progress.
    await openLesson(page, lessons[0]);
    await answer(page, lessons[0]);
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('hookwise.progress')));
    assert.equal(saved.v, 4, "saved as progress format 4");
    assert.deepEqual(page.errors, []);
  });
}

test('full storage: a clear message, progress kept in memory and saved on the next write', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (window.__storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  const page = await newPage(context);
  const lesson = lessons[0];
  await openLesson(page, lesson);
  const quiz = quizRegion(page);
  await page.evaluate(() => { window.__storageFull = true; });
  const first = await answer(page, lesson);
  await page.getByRole('alert').getByText('did not let hookwise save', { exact: false }).waitFor();
  // The learner keeps going: the answer and its feedback are still here.
  await quiz.getByText('Correct.', { exact: true }).waitFor();
  await page.evaluate(() => { window.__storageFull = false; });
  await quiz.getByRole('button', { name: 'Next question' }).click();
  await answer(page, lesson);
  assert.equal(await page.getByRole('alert').count(), 0, 'the notice goes once saving works again');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('hookwise.progress')));
  const progress = saved.in_progress[lesson.id];
  assert.equal(progress.checked.length, 2);
  assert.ok(progress.checked.includes(first.id), 'the answer given while storage was full was saved later');
});

test('backup round trip: export, reset, import restores the catalogue; a wrong file changes nothing', async () => {
  const page = await newPage(await browser.newContext({ acceptDownloads: true }));
  const lesson = lessons[0];
  await openLesson(page, lesson);
  await completeQuiz(page, lesson);
  await openCatalogue(page);
  const titles = catalogue.parts.flatMap((p) => p.lessons.map((l) => l.title));
  const before = await Promise.all(titles.map((t) => cardText(page, t)));
  assert.match(before[0], /Passed/);

  // Backup, reset and import are on "Your details and progress", linked from the catalogue.
  await page.getByRole('link', { name: 'Send your results, back up or reset your progress' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your details and progress' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export my progress' }).click(),
  ]);
  const file = await download.path();

  await page.getByRole('button', { name: 'Reset my progress' }).click();
  await page.getByRole('button', { name: 'Yes, delete my progress' }).click();
  await page.getByText('Your progress was reset.').waitFor();
  await openCatalogue(page);
  assert.match(await cardText(page, titles[0]), /Not started/);

  await page.goto(`${server.url}/progress`);
  const input = page.getByLabel('Import progress from a backup file');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('meeting notes, not a backup') });
  await page.getByText('notes.txt was not imported: it is not valid JSON', { exact: false }).waitFor();
  await input.setInputFiles({ name: 'report.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"Ana","lessons":[]}') });
  await page.getByText('report.json was not imported: it is not a hookwise progress backup', { exact: false }).waitFor();
  await openCatalogue(page);
  assert.match(await cardText(page, titles[0]), /Not started/, 'a refused file changes nothing');

  await page.goto(`${server.url}/progress`);
  await page.getByLabel('Import progress from a backup file').setInputFiles(file);
  await page.getByText('was imported', { exact: false }).waitFor();
  await openCatalogue(page);
  const after = await Promise.all(titles.map((t) => cardText(page, t)));
  assert.deepEqual(after, before);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  assert.deepEqual(await Promise.all(titles.map((t) => cardText(page, t))), before, 'and it survives a reload');
});
