// Shared set-up for the end-to-end tests: a static server for dist/ (as a real host serves
// it, with the single-page fallback), headless Chromium through playwright-core, and helpers
// that answer quizzes the way a person does: by reading the question and clicking labels.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const DIST = resolve(process.env.HOOKWISE_DIST ?? 'dist');

const scratch = [];
/** A new folder under the system's temporary folder (`hookwise-<name>-…`), removed when this
 * test file's process exits, whether its tests passed or not. */
export function scratchDir(name) {
  if (!scratch.length) process.once('exit', () => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const dir = mkdtempSync(join(tmpdir(), `hookwise-${name}-`));
  scratch.push(dir);
  return dir;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves `root` on 127.0.0.1 at a free port; unknown paths without a file extension get
 * index.html. `mounts` serves other folders under a path prefix ({ '/pkg/': dir }), as they
 * are, without the fallback; `handle(req, res)` may answer a request first (returns true).
 */
export async function serve(root = DIST, { headers = {}, mounts = {}, handle } = {}) {
  const server = createServer(async (req, res) => {
    if (handle && (await handle(req, res))) return;
    const url = new URL(req.url, 'http://localhost');
    const mount = Object.keys(mounts).find((prefix) => url.pathname.startsWith(prefix));
    if (mount) {
      const rel = normalize(decodeURIComponent(url.pathname.slice(mount.length))).replace(/^(\.\.[/\\])+/, '');
      try {
        const body = await readFile(join(mounts[mount], rel));
        res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    } catch {
      if (extname(path) !== '') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      file = join(root, 'index.html');
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A new page whose uncaught errors fail the test. */
export async function newPage(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // The catalogue arrives pre-rendered for a new learner; its code then fills in the learner's
  // own state and marks the page (`data-learner`). Going to it waits for that, as a learner
  // would, unless a test looks at the page before (`page.beforeLearner = true`, or JavaScript off).
  for (const name of ['goto', 'reload']) {
    const go = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await go(...args);
      if (!page.beforeLearner && (await page.evaluate(() => !!document.getElementById('overall')))) {
        await page.waitForSelector('html[data-learner]', { state: 'attached', timeout: 15000 });
      }
      return response;
    };
  }
  return page;
}

export async function readJson(path) {
  return JSON.parse(await readFile(join(DIST, path), 'utf8'));
}

/** The plain text of lesson-model inlines, as a screen reader would read a label. */
export function plainText(inlines) {
  return inlines.map((inline) => {
    if (inline === 'Break') return ' ';
    const [kind, i] = Object.entries(inline)[0];
    switch (kind) {
      case 'Text': case 'Code': return i.text;
      case 'Strong': case 'Emph': case 'Link': return plainText(i.content);
      case 'Image': return i.alt;
      default: return '';
    }
  }).join('');
}

/** The kind of a practice activity (`Conversation`, `RedFlags`, `Report`) and its data. */
export function activity(scenario) {
  const [kind, data] = Object.entries(scenario.activity)[0];
  return { kind, ...data };
}

export function quizRegion(page) {
  return page.getByRole('region', { name: 'Quiz' });
}

/** Which choices to select for the question shown: the right ones, or a wrong answer. */
export async function choicesFor(page, lesson, { right = true } = {}) {
  const quiz = quizRegion(page);
  const title = (await quiz.getByRole('heading', { level: 3 }).first().innerText()).trim();
  const question = lesson.quiz.questions.find((q) => q.title === title);
  if (!question) throw new Error(`no question titled ${JSON.stringify(title)} in ${lesson.id}`);
  const labels = question.choices.map((c) => ({ text: plainText(c.text), correct: c.correct }));
  if (right) return { question, pick: labels.filter((c) => c.correct).map((c) => c.text) };
  const wrong = labels.find((c) => !c.correct);
  return { question, pick: [wrong ? wrong.text : labels[0].text] };
}

/** Answers the question on screen and checks it; returns the question answered. */
export async function answer(page, lesson, { right = true } = {}) {
  const quiz = quizRegion(page);
  const { question, pick } = await choicesFor(page, lesson, { right });
  for (const text of pick) await quiz.getByLabel(text, { exact: true }).check();
  await quiz.getByRole('button', { name: 'Check answer' }).click();
  await quiz.getByText(right ? 'Correct.' : 'Not quite.', { exact: true }).waitFor();
  return question;
}

/** Answers every question (right, or wrong from question `wrongFrom` on) and opens the result. */
export async function completeQuiz(page, lesson, { wrongFrom = Infinity } = {}) {
  const quiz = quizRegion(page);
  const asked = lesson.quiz.ask ?? lesson.quiz.questions.length;
  for (let i = 0; i < asked; i++) {
    await quiz.getByText(`Question ${i + 1} of ${asked}`).waitFor();
    await answer(page, lesson, { right: i < wrongFrom });
    const next = i + 1 === asked ? 'See your results' : 'Next question';
    await quiz.getByRole('button', { name: next }).click();
  }
  await quiz.getByRole('heading', { name: 'Your result' }).waitFor();
}

/** The status text shown for a lesson card in the catalogue. */
export async function cardText(page, title) {
  const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });
  return (await card.innerText()).replace(/\s+/g, ' ');
}

/** What has keyboard focus: its tag, text, label, state, and whether it shows a focus ring. */
export function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute('type'),
      text: (el.innerText || '').trim(),
      label: el.labels?.[0]?.innerText.trim() ?? '',
      checked: el.checked ?? false,
      name: el.getAttribute('name') ?? '',
      scenario: el.closest('section.scenario')?.querySelector('h3')?.innerText ?? '',
      ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
export async function tabUntil(page, predicate, limit = 400) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (predicate(f)) return f;
  }
  throw new Error('Tab never reached the element');
}

/**
 * Holds back every wasm file `page` asks for until the returned `release()` is called, so that the
 * pre-rendered page is seen alone first.
 */
export async function holdWasm(page) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  return release;
}

/** Records, in every page `context` opens, each layout shift not caused by input; `layoutShift(page)` sums them. */
export async function watchLayoutShifts(context) {
  await context.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** The sum of the layout shifts `watchLayoutShifts` recorded in `page`. */
export function layoutShift(page) {
  return page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0));
}

/**
 * A phone-sized page (412 x 823, as Lighthouse's mobile run) in a new browser, its CPU slowed
 * `rate` times, with its DevTools session: for the tools that trace or profile a page's start-up.
 */
export async function throttledPage(rate = 4) {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return { browser, page, cdp };
}
