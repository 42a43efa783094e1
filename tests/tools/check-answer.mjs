// "Check answer" to its feedback painted, at 4x CPU throttling: `./dev bench`'s interaction
// figure (bench.mjs calls `timeCheckAnswer`). Alone, to compare two builds in turns:
//   HOOKWISE_DIST=<a built dist/> node tests/tools/check-answer.mjs [runs, 5 by default]
// HOOKWISE_TRACE=1 also prints, per run, the page thread's time by trace event (for example
// `wasm.CompileLazy`: code the click runs for the first time, compiled then).
import { launch, readJson, plainText, DIST } from '../e2e/harness.mjs';
import { serveSite } from './site-server.mjs';

/** The time from a click on "Check answer" (a right answer chosen in a fresh attempt) to the
 * feedback painted, in `runs` fresh browser contexts, sorted. */
export async function timeCheckAnswer(browser, base, lessonId, runs = 5) {
  const lesson = await readJson(`lessons/${lessonId}.json`);
  const timings = [];
  for (let run = 0; run < runs; run++) {
    // A fresh browser profile each run, so each run starts the quiz afresh.
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${base}/lessons/${lessonId}`);
    await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    const quiz = page.getByRole('region', { name: 'Quiz' });
    const title = (await quiz.getByRole('heading', { level: 3 }).first().innerText()).trim();
    const q = lesson.quiz.questions.find((x) => x.title === title);
    for (const c of q.choices.filter((c) => c.correct)) await quiz.getByLabel(plainText(c.text), { exact: true }).check();
    // As tests/tools/start-trace.mjs collects a trace.
    const events = [];
    cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
    if (process.env.HOOKWISE_TRACE) await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,v8.wasm', transferMode: 'ReportEvents' });
    const ms = await page.evaluate(() => new Promise((done) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.innerText.trim() === 'Check answer');
      const start = performance.now();
      const observer = new MutationObserver(() => {
        if (document.querySelector('.feedback')) {
          observer.disconnect();
          requestAnimationFrame(() => done(performance.now() - start));
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      button.click();
    }));
    timings.push(ms);
    if (process.env.HOOKWISE_TRACE) await printTrace(cdp, events, run, ms);
    await context.close();
  }
  return timings.sort((a, b) => a - b);
}

/** The page thread's time by trace event name, largest first (nested events each count). */
async function printTrace(cdp, events, run, ms) {
  const ended = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await ended;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'EventDispatch'));
  const by = new Map();
  for (const e of events) if (e.ph === 'X' && e.dur && main && e.pid === main.pid && e.tid === main.tid) by.set(e.name, (by.get(e.name) ?? 0) + e.dur / 1000);
  console.log(`run ${run + 1}: ${ms.toFixed(1)} ms; ${[...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([n, d]) => `${n} ${d.toFixed(1)}`).join(' | ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await serveSite(DIST);
  const browser = await launch();
  const catalogue = await readJson('catalogue.json');
  const timings = await timeCheckAnswer(browser, server.base, catalogue.parts[0].lessons[0].id, Number(process.argv[2] ?? 5));
  console.log(`${DIST}: median ${timings[Math.floor(timings.length / 2)].toFixed(1)} ms (runs: ${timings.map((t) => t.toFixed(1)).join(', ')})`);
  await browser.close();
  await server.close();
}
