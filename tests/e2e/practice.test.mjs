// Practice scenarios end to end, by keyboard alone: a branching conversation, a red-flag
// exercise and a report rehearsal, with their scores and explanations; and axe-core on each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { serve, launch, newPage, readJson, plainText, activity, DIST, focused, tabUntil } from './harness.mjs';

let server, browser;
const byKind = {};
before(async () => {
  server = await serve();
  browser = await launch();
  for (const file of readdirSync(join(DIST, 'lessons')).filter((f) => f.endsWith('.json'))) {
    const lesson = await readJson(`lessons/${file}`);
    for (const scenario of lesson.practice ?? []) {
      byKind[activity(scenario).kind] ??= { lesson, scenario };
    }
  }
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(page, kind) {
  const found = byKind[kind];
  assert.ok(found, `the course has a ${kind} scenario`);
  await page.goto(`${server.url}/lessons/${found.lesson.id}`);
  await page.getByRole('heading', { level: 1, name: found.lesson.title }).waitFor();
  return found;
}

function region(page, scenario) {
  return page.getByRole('region', { name: scenario.title, exact: true });
}

async function axe(page, label) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], label);
}

for (const colorScheme of ['light', 'dark']) {
  test(`a branching conversation by keyboard: safe replies reach a good ending, scored 100% (${colorScheme})`, async () => {
    const page = await newPage(await browser.newContext({ colorScheme }));
    const { scenario } = await open(page, 'Conversation');
    const steps = activity(scenario).steps;
    const area = region(page, scenario);
    let step = 0;
    let replies = 0;
    while (!steps[step].ending) {
      const safe = steps[step].replies.find((r) => r.safe);
      const text = plainText(safe.text);
      await tabUntil(page, (f) => f.tag === 'button' && f.text === text);
      await page.keyboard.press('Enter');
      // The explanation of the chosen reply appears in the conversation.
      await area.getByText(plainText(safe.feedback), { exact: false }).first().waitFor();
      replies += 1;
      step = safe.next;
    }
    assert.equal(steps[step].ending, 'Good');
    await area.getByText('Good outcome', { exact: false }).waitFor();
    await area.getByText('Score: 100%').waitFor();
    await area.getByText(`You chose the safe reply ${replies} of ${replies} times.`).waitFor();
    await axe(page, `conversation (${colorScheme})`);
    assert.deepEqual(page.errors, []);
  });

  test(`a red-flag exercise by keyboard, scored with explanations (${colorScheme})`, async () => {
    const page = await newPage(await browser.newContext({ colorScheme }));
    const { scenario } = await open(page, 'RedFlags');
    const items = activity(scenario).items.map((c) => ({ text: plainText(c.text), flag: c.correct, feedback: plainText(c.feedback) }));
    const area = region(page, scenario);
    let f = await tabUntil(page, (f) => f.type === 'checkbox' && f.scenario === scenario.title);
    // Mark every red flag but the last, and one harmless part: a realistic, imperfect answer.
    const flags = items.filter((i) => i.flag);
    const missed = flags[flags.length - 1];
    const harmless = items.find((i) => !i.flag);
    while (f.type === 'checkbox') {
      const item = items.find((i) => i.text === f.label);
      const want = (item.flag && item !== missed) || item === harmless;
      if (want !== f.checked) await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      f = await focused(page);
    }
    assert.equal(f.text, 'Check my red flags');
    await page.keyboard.press('Enter');
    const found = flags.length - 1;
    const expected = Math.floor(Math.max(0, found - 1) * 100 / flags.length);
    await area.getByText(`Score: ${expected}%`).waitFor();
    await area.getByText(`You found ${found} of ${flags.length} red flags and marked 1 harmless part(s).`).waitFor();
    await area.getByText('Red flag you missed.', { exact: false }).waitFor();
    for (const item of items) await area.getByText(item.feedback, { exact: false }).first().waitFor();
    await axe(page, `red flags (${colorScheme})`);
    assert.deepEqual(page.errors, []);
  });

  test(`a report rehearsal by keyboard, scored with explanations (${colorScheme})`, async () => {
    const page = await newPage(await browser.newContext({ colorScheme }));
    const { scenario } = await open(page, 'Report');
    const steps = activity(scenario).steps.map((s) => ({
      multiple: s.kind === 'Multiple',
      right: s.choices.filter((c) => c.correct).map((c) => plainText(c.text)),
      feedback: s.choices.filter((c) => c.correct).map((c) => plainText(c.feedback)),
    }));
    const area = region(page, scenario);
    let f = await tabUntil(page, (f) => f.tag === 'input' && f.scenario === scenario.title);
    for (const step of steps) {
      if (step.multiple) {
        const group = f.name;
        while (f.name === group) {
          if (step.right.includes(f.label) !== f.checked) await page.keyboard.press('Space');
          await page.keyboard.press('Tab');
          f = await focused(page);
        }
      } else {
        if (!f.checked) await page.keyboard.press('Space');
        for (let n = 0; n < 10 && !step.right.includes((f = await focused(page)).label); n++) await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Tab');
        f = await focused(page);
      }
    }
    assert.equal(f.text, 'Send my report');
    await page.keyboard.press('Enter');
    await area.getByText('Score: 100%').waitFor();
    await area.getByText(`${steps.length} of ${steps.length} parts of your report were right.`).waitFor();
    for (const step of steps) for (const text of step.feedback) await area.getByText(text, { exact: false }).first().waitFor();
    await axe(page, `report (${colorScheme})`);
    assert.deepEqual(page.errors, []);
  });
}

// --- Mock-ups (issue 17): profile, message thread, email, invitation -------------------------

const mockups = {};
before(async () => {
  for (const file of readdirSync(join(DIST, 'lessons')).filter((f) => f.endsWith('.json'))) {
    const lesson = await readJson(`lessons/${file}`);
    for (const scenario of lesson.practice ?? []) {
      const [outer, data] = Object.entries(scenario.activity)[0];
      if (outer === 'Mockup') mockups[data.kind] ??= { lesson, scenario };
    }
  }
});

/** An accessible name that ends with `text` (the part's label comes first). */
const endsWith = (text) => new RegExp(`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The selectable parts of a mock-up, as the learner sees them. */
function partsOf(scenario) {
  return activity(scenario).parts.map((p) => ({ text: plainText(p.text), flag: p.flag, feedback: plainText(p.feedback ?? []) }));
}

async function openMockup(page, kind) {
  const found = mockups[kind];
  assert.ok(found, `the course has a ${kind} mock-up`);
  await page.goto(`${server.url}/lessons/${found.lesson.id}`);
  await page.getByRole('heading', { level: 1, name: found.lesson.title }).waitFor();
  await region(page, found.scenario).getByRole('list', { name: /^Parts of the / }).waitFor();
  return found;
}

test('the course has a mock-up of every kind, each a labelled list of toggles named by what they show', async () => {
  const page = await newPage(await browser.newContext());
  for (const [kind, what] of [['Profile', 'profile'], ['Thread', 'message thread'], ['Email', 'email'], ['Invitation', 'invitation']]) {
    const { scenario } = await openMockup(page, kind);
    const area = region(page, scenario);
    const list = area.getByRole('list', { name: `Parts of the ${what}: press each one that is a red flag` });
    const parts = partsOf(scenario);
    const selectable = parts.filter((p) => p.flag !== undefined && p.flag !== null);
    assert.equal(await list.getByRole('button', { pressed: false }).count(), selectable.length, kind);
    for (const part of selectable) {
      assert.equal(await list.getByRole('button', { name: endsWith(part.text), pressed: false }).count(), 1, `${kind}: a toggle named "${part.text}"`);
    }
    for (const part of parts.filter((p) => p.flag === undefined || p.flag === null)) {
      assert.equal(await list.getByRole('button', { name: endsWith(part.text) }).count(), 0, `${kind}: "${part.text}" is a fixed detail`);
      await list.getByText(part.text, { exact: true }).waitFor();
    }
    // The kind is a label inside the scenario's own card.
    assert.equal(await area.locator('.kind-label').count(), 1);
  }
  assert.deepEqual(page.errors, []);
});

for (const colorScheme of ['light', 'dark']) {
  test(`a mock-up by keyboard alone: every part explained after Check, at 360 px (${colorScheme})`, async () => {
    const page = await newPage(await browser.newContext({ colorScheme, viewport: { width: 360, height: 740 } }));
    const { scenario } = await openMockup(page, colorScheme === 'light' ? 'Email' : 'Profile');
    const area = region(page, scenario);
    const parts = partsOf(scenario).filter((p) => p.flag === true || p.flag === false);
    const flags = parts.filter((p) => p.flag);
    const missed = flags[flags.length - 1];
    const ordinary = parts.find((p) => !p.flag);
    const pressed = () => page.evaluate(() => document.activeElement.getAttribute('aria-pressed'));
    await tabUntil(page, (f) => f.tag === 'button' && f.scenario === scenario.title && f.ring);
    for (const part of parts) {
      const name = await page.evaluate(() => document.activeElement.innerText);
      assert.ok(name.includes(part.text), `focus is on "${part.text}", not "${name}"`);
      assert.equal(await pressed(), 'false');
      if ((part.flag && part !== missed) || part === ordinary) {
        await page.keyboard.press(part === ordinary ? 'Enter' : 'Space');
        assert.equal(await pressed(), 'true', 'the toggle shows its state');
      }
      await page.keyboard.press('Tab');
    }
    assert.equal((await focused(page)).text, 'Check my red flags');
    await page.keyboard.press('Enter');
    const found = flags.length - 1;
    const expected = Math.floor(Math.max(0, found - 1) * 100 / flags.length);
    await area.getByText(`Score: ${expected}%`).waitFor();
    await area.getByText(`You found ${found} of ${flags.length} red flags, missed 1, and selected 1 ordinary part.`).waitFor();
    await area.getByText('Red flag you missed.').waitFor();
    await area.getByText('Not a red flag, but you selected it.').waitFor();
    assert.equal(await area.getByText('Red flag, and you spotted it.').count(), found);
    for (const part of parts) await area.getByText(part.feedback, { exact: false }).first().waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'nothing is wider than 360 px');
    await axe(page, `mock-up (${colorScheme})`);
    assert.deepEqual(page.errors, []);
  });
}

test('a half-done mock-up and a half-done conversation resume after a reload', async () => {
  const page = await newPage(await browser.newContext());
  const { scenario } = await openMockup(page, 'Thread');
  const area = region(page, scenario);
  const flags = partsOf(scenario).filter((p) => p.flag === true);
  await area.getByRole('button', { name: flags[0].text }).click();
  await area.getByRole('button', { name: flags[1].text }).click();
  await page.reload();
  await area.getByRole('button', { name: flags[0].text, pressed: true }).waitFor();
  await area.getByRole('button', { name: flags[1].text, pressed: true }).waitFor();
  assert.equal(await area.getByRole('button', { pressed: true }).count(), 2);

  const { scenario: talk } = await open(page, 'Conversation');
  const steps = activity(talk).steps;
  // A reply that leads on (not to an ending, which would finish the conversation).
  const first = steps[0].replies.find((r) => !steps[r.next].ending);
  const talkArea = region(page, talk);
  await talkArea.getByRole('button', { name: plainText(first.text) }).click();
  await talkArea.getByText(plainText(first.feedback), { exact: false }).first().waitFor();
  await page.reload();
  await talkArea.getByText(plainText(first.feedback), { exact: false }).first().waitFor();
  assert.deepEqual(page.errors, []);
});

test('a finished mock-up is kept: shown in the lesson and on /progress', async () => {
  const page = await newPage(await browser.newContext());
  const { lesson, scenario } = await openMockup(page, 'Invitation');
  const area = region(page, scenario);
  for (const part of partsOf(scenario).filter((p) => p.flag === true)) await area.getByRole('button', { name: part.text }).click();
  await area.getByRole('button', { name: 'Check my red flags' }).click();
  await area.getByText('Score: 100%').waitFor();
  await page.reload();
  await area.getByText('Your last result: 100%.').waitFor();
  await page.goto(`${server.url}/progress`);
  const table = page.getByRole('table', { name: 'Your latest result in each practice scenario' });
  await table.getByRole('row', { name: `${lesson.title} ${scenario.title} 100%.` }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a finished practice scenario is sent to the LRS as answered with its result, and nothing is sent without one', async () => {
  const received = [];
  const lrsServer = await serve(undefined, {
    handle: (req, res) => {
      if (!req.url.startsWith('/lrs/')) return false;
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'PUT') received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(req.method === 'PUT' ? 204 : 200, { 'content-type': 'application/json' });
        res.end(req.method === 'PUT' ? undefined : '[]');
      });
      return true;
    },
  });
  try {
    const { lesson, scenario } = mockups.Thread;
    const talk = lesson.practice.find((s) => 'Conversation' in s.activity);
    assert.ok(talk, `${lesson.id} also has a conversation`);
    const finish = async (page) => {
      const area = region(page, scenario);
      for (const part of partsOf(scenario).filter((p) => p.flag === true)) await area.getByRole('button', { name: part.text }).click();
      await area.getByRole('button', { name: 'Check my red flags' }).click();
      await area.getByText('Score: 100%').waitFor();
      // The conversation, reported at once: the first safe reply that ends it.
      const steps = activity(talk).steps;
      const talkArea = region(page, talk);
      let step = 0;
      while (!steps[step].ending) {
        const safe = steps[step].replies.find((r) => r.safe);
        await talkArea.getByRole('button', { name: plainText(safe.text) }).click();
        step = safe.next;
      }
      await talkArea.getByText('You reported before doing anything for them.', { exact: true }).waitFor();
    };

    // No LRS configured: the learner's work is kept, and no statement leaves.
    const quiet = await newPage(await browser.newContext());
    await quiet.goto(`${lrsServer.url}/lessons/${lesson.id}`);
    await finish(quiet);
    await new Promise((ok) => setTimeout(ok, 1000));
    assert.deepEqual(received, []);

    const page = await newPage(await browser.newContext());
    await page.goto(`${lrsServer.url}/lessons/${lesson.id}?` + new URLSearchParams({
      endpoint: `${lrsServer.url}/lrs/xAPI/`,
      auth: 'Basic dGVzdDp0ZXN0',
      actor: JSON.stringify({ objectType: 'Agent', name: 'Ada Tester', mbox: 'mailto:ada.tester@example.com' }),
    }));
    await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    await finish(page);
    const practice = (id) => received.find((s) => s.object.id.endsWith(`/lessons/${lesson.id}/practice/${id}`));
    for (let i = 0; i < 100 && !(practice(scenario.id) && practice(talk.id)); i++) await new Promise((ok) => setTimeout(ok, 200));
    const mock = practice(scenario.id);
    assert.equal(mock?.verb.id, 'http://adlnet.gov/expapi/verbs/answered');
    assert.equal(mock.result.score.raw, 100);
    assert.equal(mock.object.definition.name['en-US'], scenario.title);
    const conversation = practice(talk.id);
    assert.equal(conversation?.result.response, 'before-task');
    assert.equal(received.filter((s) => s.object.id.includes('/practice/')).length, 2, 'each once');
    assert.deepEqual(page.errors, []);
  } finally {
    await lrsServer.close();
  }
});
