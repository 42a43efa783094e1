// The built app opens in Chromium and shows the course: every lesson title in the catalogue,
// a lesson by its address, and a not-found page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, readJson } from './harness.mjs';

let server, browser, catalogue;
before(async () => {
  server = await serve();
  browser = await launch();
  catalogue = await readJson('catalogue.json');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the catalogue shows every lesson title', async () => {
  const page = await newPage(await browser.newContext());
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  const titles = catalogue.parts.flatMap((p) => p.lessons.map((l) => l.title));
  assert.ok(titles.length >= 1);
  for (const title of titles) {
    assert.equal(await page.getByRole('link', { name: title, exact: true }).count(), 1, title);
  }
  assert.deepEqual(page.errors, []);
});

test('a lesson opens by its address, and unknown addresses say so', async () => {
  const page = await newPage(await browser.newContext());
  const first = catalogue.parts[0].lessons[0];
  await page.goto(`${server.url}/lessons/${first.id}`);
  await page.getByRole('heading', { level: 1, name: first.title }).waitFor();
  await page.getByRole('region', { name: 'Quiz' }).waitFor();
  await page.goto(`${server.url}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await page.goto(`${server.url}/lessons/no-such-lesson`);
  await page.getByRole('heading', { name: 'Lesson not found' }).waitFor();
  await page.goto(`${server.url}/team`);
  await page.getByRole('heading', { level: 1, name: 'Team completion' }).waitFor();
  assert.deepEqual(page.errors, []);
});
