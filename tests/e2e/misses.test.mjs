// "What people miss" end to end: a learner's real report carries their first-attempt answers;
// a manager imports generated reports (format 2, and an old format 1 one) and reads, by role and
// visible text, the share right at the first attempt, the most chosen wrong option in words,
// attempts needed to pass, the team filter and the CSV; axe finds nothing, light and dark, and
// nothing scrolls sideways at 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, completeQuiz, plainText, DIST, scratchDir } from './harness.mjs';
import { makeReportObject, loadLessons, rng, seal } from '../tools/reports.mjs';

let server, browser, catalogue, lessons, lesson, question, wrong, files;
const letter = (i) => String.fromCharCode(97 + i);

before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
  lessons = loadLessons(DIST, catalogue);
  lesson = lessons[catalogue.parts[0].lessons[0].id];
  question = lesson.quiz.questions[0];
  wrong = question.choices.findIndex((c) => !c.correct);
  // Ten learners answer every question right at the first attempt, except `question`: six in
  // Research right at once, four in Sales wrong (with the first wrong option), passing at the
  // second attempt. An eleventh report is format 1: it counts in the matrix, not here.
  const dir = scratchDir('misses');
  const random = rng(5);
  const right = (lessonId, q) => ({ right: true, chosen: q.choices.flatMap((c, i) => (c.correct ? [i] : [])) });
  files = [];
  for (let i = 0; i < 10; i++) {
    const sales = i >= 6;
    const r = makeReportObject(i, random, catalogue, Date.now(), { lessons, answer: right });
    r.learner.team = sales ? 'Sales' : 'Research';
    const l = r.lessons[0];
    // The fields in the order hookwise writes them: the checksum covers that order.
    delete l.attempts_to_pass;
    delete l.first_attempt;
    Object.assign(l, { status: 'passed', best_score: 100, attempts: sales ? 2 : 1, passed_at: Date.now() - 1000, attempts_to_pass: sales ? 2 : 1 });
    const answers = lesson.quiz.questions.slice(0, lesson.quiz.ask ?? lesson.quiz.questions.length).map((q) => {
      const a = q === question && sales ? { right: false, chosen: [wrong] } : right(lesson.id, q);
      return `${q.id}:${a.right ? '+' : '-'}${a.chosen.map(letter).join('')}`;
    });
    if (!answers.some((a) => a.startsWith(`${question.id}:`))) throw new Error('the first question is asked');
    l.first_attempt = answers.join(' ');
    const path = join(dir, `r${i}.json`);
    writeFileSync(path, JSON.stringify(seal(r), null, 2));
    files.push(path);
  }
  const old = join(dir, 'old.json');
  writeFileSync(old, JSON.stringify(makeReportObject(10, random, catalogue)));
  files.push(old);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function dashboard(options = {}) {
  const page = await newPage(await browser.newContext({ acceptDownloads: true, ...options }));
  await page.goto(`${server.url}/team`);
  await page.getByLabel('Choose report files (or drop them here)').setInputFiles(files);
  await page.getByText('Imported 11 report(s)', { exact: false }).waitFor();
  const section = page.getByRole('region', { name: 'What people miss' });
  await section.getByText('Figures from 10 learners.').waitFor();
  return { page, section };
}

async function cells(section, caption, rowName) {
  const table = section.getByRole('table', { name: caption });
  const row = table.getByRole('row').filter({ has: section.page().getByRole('rowheader', { name: rowName, exact: true }) });
  // Reading cells does not wait: wait for the row itself, as a person would look for it.
  await row.waitFor();
  return (await row.getByRole('cell').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

test('a learner\'s report carries the first attempt\'s answers, which the dashboard shows', async () => {
  const page = await newPage(await browser.newContext({ acceptDownloads: true }));
  await page.goto(`${server.url}/lessons/${lesson.id}`);
  await completeQuiz(page, lesson, { wrongFrom: 0 });
  // A mock-up: the learner finds the first red flag only; the report carries each flag found
  // or missed, and the dashboard shows per red flag the share who found it.
  const mockLesson = Object.values(lessons).find((l) => (l.practice ?? []).some((s) => 'Mockup' in s.activity));
  const mock = mockLesson.practice.find((s) => 'Mockup' in s.activity);
  const flags = mock.activity.Mockup.parts.map((p, i) => ({ i, text: plainText(p.text), flag: p.flag })).filter((p) => p.flag === true);
  await page.goto(`${server.url}/lessons/${mockLesson.id}`);
  const area = page.getByRole('region', { name: mock.title, exact: true });
  await area.getByRole('list', { name: /^Parts of the / }).waitFor();
  await area.getByRole('button', { name: new RegExp(`${flags[0].text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
  await area.getByRole('button', { name: 'Check my red flags' }).click();
  await area.getByText('Score: ', { exact: false }).waitFor();
  await page.goto(`${server.url}/progress`);
  await page.getByLabel('Name').fill('Cy Example');
  await page.getByLabel('Team').fill('Legal');
  await page.getByRole('button', { name: 'Save my details' }).click();
  await page.getByText('your answers at your first try of each quiz', { exact: false }).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my report' }).click()]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(report.v, 2);
  const l = report.lessons.find((x) => x.id === lesson.id);
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  const answers = l.first_attempt.split(' ');
  assert.equal(answers.length, asked);
  for (const a of answers) {
    const [id, mark] = a.split(':');
    const q = lesson.quiz.questions.find((x) => x.id === id);
    // The harness answers wrong with the first wrong option in authored order.
    assert.equal(mark, `-${letter(q.choices.findIndex((c) => !c.correct))}`, a);
  }
  assert.equal(l.attempts_to_pass, undefined, 'not passed');
  const manager = await newPage(await browser.newContext());
  await manager.goto(`${server.url}/team`);
  await manager.getByLabel('Choose report files (or drop them here)').setInputFiles(await download.path());
  const section = manager.getByRole('region', { name: 'What people miss' });
  await section.getByText('Figures from 1 learner.').waitFor();
  const q = lesson.quiz.questions.find((x) => x.id === answers[0].split(':')[0]);
  const w = q.choices.findIndex((c) => !c.correct);
  assert.deepEqual(await cells(section, 'Questions, most missed first', q.title), [lesson.title, '0%', '1', `${letter(w)}) ${plainText(q.choices[w].text)} (1 of 1)`]);
  assert.deepEqual(await cells(section, 'Practice', `Red flag: ${flags[0].text}`), [mock.title, mockLesson.title, '100% found it', '1']);
  assert.deepEqual(await cells(section, 'Practice', `Red flag: ${flags[1].text}`), [mock.title, mockLesson.title, '0% found it', '1']);
  assert.deepEqual(manager.errors, []);
});

test('shares, the most chosen wrong option in words, attempts, the team filter and the CSV', async () => {
  const { page, section } = await dashboard();
  const option = `${letter(wrong)}) ${plainText(question.choices[wrong].text)}`;
  assert.deepEqual(await cells(section, 'Questions, most missed first', question.title), [lesson.title, '60%', '10', `${option} (4 of 4)`]);
  // Most missed first.
  const first = section.getByRole('table', { name: 'Questions, most missed first' }).getByRole('rowheader').first();
  assert.equal((await first.innerText()).trim(), question.title);
  assert.deepEqual(await cells(section, 'Attempts needed to pass', lesson.title), ['10', '1', '1.4', '6', '4', '0', '0', '0', '0']);
  await section.getByRole('img', { name: 'Right at the first attempt: the most missed questions' }).waitFor();
  await section.getByText('No practice results in these reports yet.').waitFor();

  await section.getByLabel('Team for these figures').selectOption('Sales');
  await section.getByText('Figures from 4 learners.').waitFor();
  assert.deepEqual(await cells(section, 'Questions, most missed first', question.title), [lesson.title, '0%', '4', `${option} (4 of 4)`]);
  assert.deepEqual(await cells(section, 'Attempts needed to pass', lesson.title), ['4', '2', '2.0', '0', '4', '0', '0', '0', '0']);

  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Export these figures as CSV' }).click()]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF"Kind","Lesson","Item","Learners","Share","Detail"\r\n'), text.slice(0, 200));
  const q = (s) => `"${s.replace(/"/g, '""')}"`;
  const line = ['Question: right at first attempt', lesson.title, question.title, '4', '0%', `Most chosen wrong: ${option} (4)`].map(q).join(',');
  assert.ok(text.split('\r\n').includes(line), `${line}\n${text}`);

  await section.getByLabel('Team for these figures').selectOption('Research');
  await section.getByText('Figures from 6 learners.').waitFor();
  assert.deepEqual((await cells(section, 'Questions, most missed first', question.title)).slice(1, 4), ['100%', '6', '–']);
  assert.deepEqual(page.errors, []);
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core: "What people miss" has no WCAG 2.1 A/AA violations (${colorScheme})`, async () => {
    const { page } = await dashboard({ colorScheme });
    const result = await new AxeBuilder({ page }).include('section.misses').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  });
}

test('at 360 px the section does not scroll the page sideways; its tables scroll by keyboard', async () => {
  const { page, section } = await dashboard({ viewport: { width: 360, height: 640 } });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth}px wide in a ${innerWidth}px window`);
  const region = section.getByRole('region', { name: 'Questions, most missed first' });
  await region.focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.activeElement?.scrollLeft > 0);
});
