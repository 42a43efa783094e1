// A CPU profile of a lesson page's start-up under 4x CPU throttling, grouped into tasks, with each long task's
// heaviest functions: `node tests/tools/start-profile.mjs DIR [LESSON] [TOP]` serves DIR, a copy of `dist/` (see
// docs/performance.md: for function names, put in DIR/app/ the output of
// `wasm-bindgen --target web --no-typescript --out-name <the bundle's name> target/wasm32-unknown-unknown/release/hookwise-app.wasm`,
// which keeps the names wasm-opt strips; its timings are slower than the release's, its proportions close).
import { throttledPage } from '../e2e/harness.mjs';
import { serveSite } from './site-server.mjs';
const DIST = process.argv[2];
const server = await serveSite(DIST, { brotli: false });
const { base } = server;
const { browser, page, cdp } = await throttledPage();
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await page.addInitScript(() => { window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); });
await cdp.send('Profiler.start');
await page.goto(`${base}/lessons/${process.argv[3] ?? 'recruitment-cycle'}`);
await page.getByRole('button', { name: 'Check answer' }).first().waitFor({ timeout: 60000 });
await page.waitForTimeout(1500);
const { profile } = await cdp.send('Profiler.stop');
console.log('longtasks', JSON.stringify(await page.evaluate(() => window.__lt)));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const stack = (id) => { const s = []; while (id != null) { const n = nodes.get(id); s.push(n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`); id = parent.get(id); } return s.reverse(); };
// group samples into tasks: consecutive non-idle samples
let t = profile.startTime; const tasks = []; let cur = null;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i];
  const name = nodes.get(id).callFrame.functionName;
  const idle = name === '(idle)' || name === '(program)' && false;
  if (idle) { if (cur) { tasks.push(cur); cur = null; } return; }
  if (!cur) cur = { start: t, end: t, samples: [] };
  cur.end = t; cur.samples.push([profile.timeDeltas[i], stack(id)]);
});
if (cur) tasks.push(cur);
const top = Number(process.argv[4] ?? 25);
for (const task of tasks.filter((x) => x.end - x.start > 8000)) {
  console.log(`\n== task at ${Math.round((task.start - profile.startTime) / 1000)} ms, ${Math.round((task.end - task.start) / 1000)} ms`);
  const incl = new Map(); const self = new Map();
  for (const [dt, s] of task.samples) {
    for (const f of new Set(s)) incl.set(f, (incl.get(f) ?? 0) + dt);
    const leaf = s[s.length - 1]; self.set(leaf, (self.get(leaf) ?? 0) + dt);
  }
  console.log('inclusive:', [...incl].sort((a, b) => b[1] - a[1]).slice(0, top).map(([f, d]) => `${(d / 1000).toFixed(1)} ${f.slice(0, 110)}`).join('\n  '));
  console.log('self:', [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([f, d]) => `${(d / 1000).toFixed(1)} ${f.slice(0, 110)}`).join('\n  '));
}
await browser.close(); server.close();
