// A Chromium performance trace of a lesson page's start-up under 4x CPU throttling: `node
// tests/tools/start-trace.mjs DIR` serves DIR (`dist` after `./dev size`) and prints each main-thread task over
// 12 ms (50 ms once throttled as Lighthouse simulates it) with the trace events inside it, summed by name: what
// the task is (layout, the wasm's compilation, a timer running the app's code, a GC). See docs/performance.md.
import { throttledPage } from '../e2e/harness.mjs';
import { serveSite } from './site-server.mjs';
const DIST = process.argv[2];
const server = await serveSite(DIST, { brotli: false });
const { base } = server;
const { browser, page, cdp } = await throttledPage();
const events = [];
cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,v8.wasm,disabled-by-default-devtools.timeline,blink,loading', transferMode: 'ReportEvents' });
await page.goto(`${base}/lessons/recruitment-cycle`);
await page.getByRole('button', { name: 'Check answer' }).first().waitFor({ timeout: 60000 });
await page.waitForTimeout(1000);
await cdp.send('Tracing.end'); await done;
const main = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur > 12000);
const t0 = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
for (const t of main) {
  const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts < t.ts + t.dur && e.ph === 'X' && e !== t && e.dur > 1000);
  const agg = new Map();
  for (const e of inside) agg.set(e.name, (agg.get(e.name) ?? 0) + e.dur);
  console.log(`task at ${Math.round((t.ts - t0) / 1000)} ms, ${Math.round(t.dur / 1000)} ms:`, [...agg].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, d]) => `${n} ${Math.round(d / 1000)}`).join(', '));
}
await browser.close(); server.close();
