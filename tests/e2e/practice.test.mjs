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
