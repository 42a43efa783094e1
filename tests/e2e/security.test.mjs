// The built app under its own Content-Security-Policy: a walk through the catalogue, a lesson,
// its practice and quiz, and the team page raises no policy violation; injected inline script
// does not run; and every request goes to the app's own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, newPage, readJson, completeQuiz, DIST } from './harness.mjs';

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

async function watched(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await newPage(context);
  page.console = [];
  page.on('console', (m) => { if (m.type() === 'error') page.console.push(m.text()); });
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.failed = [];
  page.on('response', (r) => { if (r.status() >= 400) page.failed.push(`${r.status()} ${r.url()}`); });
  return page;
}

test('the built pages carry a strict CSP with the start-up scripts\' hashes', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
  assert.ok(csp, 'a CSP meta tag');
  const team = readFileSync(join(DIST, 'team', 'index.html'), 'utf8');
  assert.ok(team.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`), 'the dashboard bundle has the same policy');
  // The app bundle's page, and its copy at every address it serves, carry the same policy.
  const catalogue = JSON.parse(readFileSync(join(DIST, 'catalogue.json'), 'utf8'));
  const appPages = ['app', 'certificate', 'progress', ...catalogue.parts.flatMap((p) => p.lessons.map((l) => join('lessons', l.id)))];
  for (const page of appPages) {
    const text = readFileSync(join(DIST, page, 'index.html'), 'utf8');
    assert.ok(text.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`), `${page}/index.html has the policy`);
  }
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' ('sha256-[A-Za-z0-9+/=]+' )+'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'none'", "connect-src 'self'"]) assert.ok(csp.includes(d), d);
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  assert.ok(headers.includes(`Content-Security-Policy: ${csp}; frame-ancestors 'none'`), 'the headers file ships the same policy');
});

test('a full walk-through raises no CSP violation and makes no request to another origin', async () => {
  const page = await watched(await browser.newContext());
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  for (const entry of catalogue.parts.flatMap((p) => p.lessons)) {
    await page.getByRole('link', { name: entry.title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: entry.title }).waitFor();
    await page.getByRole('link', { name: '← All lessons' }).click();
    await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  }
  const first = await readJson(`lessons/${catalogue.parts[0].lessons[0].id}.json`);
  await page.goto(`${server.url}/lessons/${first.id}`);
  await completeQuiz(page, first);
  await page.goto(`${server.url}/team`);
  await page.getByRole('heading', { level: 1, name: 'Team completion' }).waitFor();
  await page.goto(`${server.url}/certificate`);
  await page.getByRole('heading', { level: 1, name: 'Certificate' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.failed, [], 'every request succeeds');
  assert.deepEqual(page.console, []);
  assert.deepEqual(page.errors, []);
  const foreign = page.requests.filter((u) => !u.startsWith(server.url));
  assert.deepEqual(foreign, [], 'every request goes to the app\'s own origin');
});

test('injected inline script and event handlers do not run', async () => {
  const page = await watched(await browser.newContext());
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: catalogue.title }).waitFor();
  await page.evaluate(() => {
    window.__ran = [];
    const s = document.createElement('script');
    s.textContent = 'window.__ran.push("inline script")';
    document.body.append(s);
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="x" onerror="window.__ran.push(\'onerror\')">';
    document.body.append(holder);
  });
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.__ran), []);
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.some((v) => v.startsWith('script-src')), `the policy blocked them: ${violations}`);
});
