// Spaced re-checks and the slow hook, end to end in the built app.
//
// Time: the app reads "now" in one place (`platform::now`, `Date.now()`), so these tests move
// the days by setting the browser's clock with Playwright's `page.clock.setFixedTime` (it fixes
// `Date` and leaves timers running). Nothing in the app reads a test switch, so a learner
// cannot shorten a delay: the release is not built any differently.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, plainText, activity, completeQuiz, focused, tabUntil } from './harness.mjs';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2027-03-01T10:00:00Z');

let server, browser, lesson, hook;
before(async () => {
  server = await serve();
  browser = await launch();
  lesson = await readJson('lessons/gifts.json');
  const scenario = lesson.practice.find((s) => activity(s).kind === 'SlowHook');
  assert.ok(scenario, 'a lesson has a slow-hook scenario');
  hook = { scenario, ...activity(scenario) };
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function fresh({ colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ colorScheme, timezoneId: 'UTC' });
  return newPage(context);
}

async function at(page, time, path) {
  await page.clock.setFixedTime(time);
  await page.goto(`${server.url}${path}`);
}

async function axe(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], label);
}

async function catalogue(page, time) {
  await at(page, time, '/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByRole('link', { name: lesson.title, exact: true }).waitFor();
}

test('a missed question comes back as a quick re-check after its due day, done by keyboard, and the notice goes', async () => {
  const page = await fresh();
  await at(page, T0, `/lessons/${lesson.id}`);
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  await completeQuiz(page, lesson, { wrongFrom: asked - 1 });

  await catalogue(page, T0);
  assert.equal(await page.getByText(/quick re-checks? due/).count(), 0, 'nothing is due the same day');

  await catalogue(page, T0 + DAY);
  await page.getByRole('link', { name: '1 quick re-check due', exact: true }).waitFor();
  await tabUntil(page, (f) => f.tag === 'a' && f.text === '1 quick re-check due');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Quick re-checks' }).waitFor();
  await page.getByText('Re-check 1 of 1').waitFor();
  const title = (await page.locator('#recheck-title').innerText()).trim();
  const question = lesson.quiz.questions.find((q) => q.title === title);
  assert.ok(question, `the re-check asks a question of the lesson: ${title}`);
  const right = question.choices.filter((c) => c.correct).map((c) => plainText(c.text));
  const multiple = question.kind === 'Multiple';
  // The options' group says what to do, in the quiz's words for this kind of question.
  const hint = { Single: 'Choose one answer.', Multiple: 'Select all that apply.', TrueFalse: 'True or false?' }[question.kind];
  await page.getByRole('group', { name: hint, exact: true }).waitFor();

  // Keyboard only: into the options, select the right ones, then check.
  let f = await tabUntil(page, (f) => f.tag === 'input');
  if (multiple) {
    while (f.tag === 'input') {
      if (right.includes(f.label) !== f.checked) await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      f = await focused(page);
    }
  } else {
    if (!f.checked) await page.keyboard.press('Space');
    for (let n = 0; n < 10 && !right.includes((f = await focused(page)).label); n++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    f = await focused(page);
  }
  assert.equal(f.text, 'Check answer');
  await page.keyboard.press('Enter');
  await page.getByText('Correct.', { exact: true }).waitFor();
  await axe(page, 're-check answered');
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Finish');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Done' }).waitFor();
  await page.getByText('You got 1 of 1 right.', { exact: false }).waitFor();

  await catalogue(page, T0 + DAY);
  assert.equal(await page.getByText(/quick re-checks? due/).count(), 0, 'the notice goes once the re-check is done');
  // Answered right, SM-2 brings it back a day later (the first repetition), then less often.
  await catalogue(page, T0 + 2 * DAY);
  await page.getByRole('link', { name: '1 quick re-check due', exact: true }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a red flag missed in a mock-up is kept with the result and comes back as a re-check: the part shown again, red flag or ordinary', async () => {
  let found;
  const catalogueJson = await readJson('catalogue.json');
  for (const entry of catalogueJson.parts.flatMap((p) => p.lessons)) {
    const l = await readJson(`lessons/${entry.id}.json`);
    const s = (l.practice ?? []).find((s) => 'Mockup' in s.activity);
    if (s) { found = { lesson: l, scenario: s }; break; }
  }
  assert.ok(found, 'the course has a mock-up');
  const parts = activity(found.scenario).parts;
  const flags = parts.map((p, i) => [p, i]).filter(([p]) => p.flag === true);
  const page = await fresh();
  await at(page, T0, `/lessons/${found.lesson.id}`);
  const area = page.getByRole('region', { name: found.scenario.title, exact: true });
  await area.getByRole('list', { name: /^Parts of the / }).waitFor();
  // The learner checks without selecting anything: every red flag is missed.
  await area.getByRole('button', { name: 'Check my red flags' }).click();
  await area.getByText('Score: 0%').waitFor();
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('hookwise.progress')));
  const result = stored.practice_results.find((r) => r.scenario === found.scenario.id);
  assert.deepEqual(result.missed, flags.map(([, i]) => i), 'the result keeps which red flags were missed');
  assert.equal(result.found, undefined);

  await catalogue(page, T0 + DAY);
  const n = flags.length;
  await page.getByRole('link', { name: `${n} quick re-check${n === 1 ? '' : 's'} due`, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Quick re-checks' }).waitFor();
  await page.getByRole('heading', { name: 'Is this part a red flag?' }).waitFor();
  await page.getByText(`From ${found.lesson.title}: ${found.scenario.title}`).waitFor();
  const shown = (await page.locator('blockquote.prompt').innerText()).trim();
  assert.ok(flags.some(([p]) => plainText(p.text) === shown), `the re-check shows a missed red flag: ${shown}`);
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Yes, a red flag');
  await page.keyboard.press('Enter');
  await page.getByText('Correct. It is a red flag.').waitFor();
  await axe(page, 'mock-up part re-checked');
  assert.deepEqual(page.errors, []);
});

test('the slow hook: messages arrive days apart, the catalogue says when, each rung is recorded, a reload resumes, and it ends with a debrief', async () => {
  const page = await fresh({ colorScheme: 'dark' });
  const region = () => page.getByRole('region', { name: hook.scenario.title, exact: true });
  const choice = (rung, kind) => plainText(hook.rungs[rung].choices.find((c) => c.kind === kind).text);
  const open = async (time) => {
    await at(page, time, `/lessons/${lesson.id}`);
    await region().waitFor();
  };
  const decide = async (rung, kind) => {
    await region().getByText(hook.rungs[rung].title, { exact: false }).first().waitFor();
    await tabUntil(page, (f) => f.tag === 'button' && f.text === choice(rung, kind));
    await page.keyboard.press('Enter');
  };

  await open(T0);
  await region().getByText(`New message from ${hook.from}`, { exact: false }).waitFor();
  await decide(0, 'GoAlong');
  const after1 = hook.rungs[1].after_days;
  await region().getByText(`${hook.from}'s next message arrives on`, { exact: false }).waitFor();

  // A reload the same day resumes: the decision is kept, and the next message is still on its way.
  await open(T0);
  await region().getByText('You went along:', { exact: false }).waitFor();
  await region().getByText(`${hook.from}'s next message arrives on`, { exact: false }).waitFor();
  await catalogue(page, T0 + (after1 - 1) * DAY);
  assert.equal(await page.getByText(`New message from ${hook.from}`).count(), 0, 'not before its day');

  await catalogue(page, T0 + after1 * DAY);
  await tabUntil(page, (f) => f.tag === 'a' && f.text === `New message from ${hook.from}`);
  await page.keyboard.press('Enter');
  await region().waitFor();
  await decide(1, 'GoAlong');
  const after2 = hook.rungs[2].after_days;
  await region().getByText(`${hook.from}'s next message arrives on`, { exact: false }).waitFor();

  const day3 = T0 + (after1 + after2) * DAY;
  await catalogue(page, day3);
  await page.getByRole('link', { name: `New message from ${hook.from}`, exact: true }).waitFor();
  await open(day3);
  await decide(2, 'Report');
  await region().getByText('You reported it.', { exact: false }).first().waitFor();
  await region().getByRole('heading', { name: 'Debrief' }).waitFor();
  await axe(page, 'slow hook ended (dark)');

  // Each rung's decision is kept, with its day.
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('hookwise.schedule')));
  const run = stored.hooks[`${lesson.id}/${hook.scenario.id}`];
  assert.deepEqual(run.decisions.map((d) => d.choice), ['go-along', 'go-along', 'report']);
  const day0 = Math.floor(T0 / DAY);
  assert.deepEqual(run.decisions.map((d) => d.day - day0), [0, after1, after1 + after2]);
  await catalogue(page, day3);
  assert.equal(await page.getByText(`New message from ${hook.from}`).count(), 0, 'nothing waits once it has ended');
  assert.deepEqual(page.errors, []);
});

test('a garbled or newer re-check record: a plain message, kept aside, and progress untouched', async () => {
  for (const [record, words] of [['{"v":1,"items":{', 'it is damaged'], ['{"v":9,"items":{}}', 'newer version of hookwise']]) {
    const context = await browser.newContext({ timezoneId: 'UTC' });
    await context.addInitScript(([record, lessonId]) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('hookwise.schedule', record);
      localStorage.setItem('hookwise.progress', JSON.stringify({ v: 3, cleared_at: 0, attempts: [{ lesson: lessonId, version: '1', hash: 'h', seed: 1, started: 1, finished: Date.now(), answers: {}, score: 100, passed: true }] }));
    }, [record, lesson.id]);
    const page = await newPage(context);
    await page.goto(`${server.url}/progress`);
    const alert = page.getByRole('alert').filter({ hasText: 'Your saved re-checks and practice messages could not be read' });
    await alert.waitFor();
    assert.match(await alert.innerText(), new RegExp(words));
    assert.doesNotMatch(await alert.innerText(), /expected|line \d|column|serde/);
    await page.getByText('Saved re-checks and practice messages that could not be read', { exact: false }).waitFor();
    const aside = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hookwise.schedule.unreadable.')).map((k) => localStorage.getItem(k)));
    assert.deepEqual(aside, [record], 'the unreadable record is kept as it was');
    await page.goto(`${server.url}/`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: lesson.title, exact: true }) });
    await card.getByText('Passed').waitFor();
    assert.deepEqual(page.errors, []);
  }
});
