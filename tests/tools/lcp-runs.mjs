// Why a page's LCP is what it is: Lighthouse mobile (the bench's settings) on one page of a built
// site, N runs, each printing the figures, the LCP element and its phases, the paint as the
// unthrottled run saw it ("observed") and when each request started and ended. Lighthouse's
// simulated LCP counts every request that ended before the observed paint as one the paint waited
// on (docs/performance.md, "fifth session"). Not a bench: it checks nothing.
//   node tests/tools/lcp-runs.mjs                      the catalogue of dist/, 3 runs
//   DIR=some/site PAGE=/lessons/gifts N=5 node tests/tools/lcp-runs.mjs
//   SAVE=prefix ...                                    also writes each run's report as prefix-<i>.json
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { CHROMIUM_ARGS } from '../e2e/harness.mjs';
const DIR = resolve(process.env.DIR ?? 'dist');
const N = +(process.env.N ?? 3);
const PAGE = process.env.PAGE ?? '/';
const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const cache = new Map();
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  let file = join(DIR, path);
  const isFile = (f) => { try { return statSync(f).isFile(); } catch { return false; } };
  if (!isFile(file) && isFile(join(file, 'index.html'))) file = join(file, 'index.html');
  else if (!isFile(file)) file = extname(path) ? null : join(DIR, 'index.html');
  if (!file) { res.writeHead(404); res.end(); return; }
  if (!cache.has(file)) { const raw = readFileSync(file); cache.set(file, { raw, br: brotli(raw) }); }
  const { raw, br } = cache.get(file);
  const useBr = /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...(useBr ? { 'content-encoding': 'br' } : {}), 'cache-control': 'no-cache' });
  res.end(useBr ? br : raw);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
const { default: lighthouse } = await import('lighthouse');
const chromeLauncher = await import('chrome-launcher');
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium', chromeFlags: CHROMIUM_ARGS });
const rows = [];
for (let i = 0; i < N; i++) {
  const { lhr } = await lighthouse(base + PAGE, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
  if (process.env.SAVE) writeFileSync(`${process.env.SAVE}-${i}.json`, JSON.stringify(lhr));
  const a = lhr.audits;
  const m = a.metrics.details.items[0];
  const el = a['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  const phases = a['largest-contentful-paint-element']?.details?.items?.[1]?.items?.map((p) => `${p.phase}=${Math.round(p.timing)}`).join(' ');
  console.log(`run ${i}: perf ${Math.round(lhr.categories.performance.score * 100)} LCP ${Math.round(a['largest-contentful-paint'].numericValue)} FCP ${Math.round(a['first-contentful-paint'].numericValue)} TBT ${Math.round(a['total-blocking-time'].numericValue)} CLS ${a['cumulative-layout-shift'].numericValue.toFixed(3)} | observed FCP ${Math.round(m.observedFirstContentfulPaint)} LCP ${Math.round(m.observedLargestContentfulPaint)} DCL ${Math.round(m.observedDomContentLoaded)} load ${Math.round(m.observedLoad)}`);
  console.log(`   LCP element: ${el?.selector} "${(el?.nodeLabel ?? '').slice(0, 50)}" ${phases}`);
  { const net = a["network-requests"].details.items.map((r) => `${r.url.replace(base, "").slice(0, 14)} ${Math.round(r.networkRequestTime)}-${Math.round(r.networkEndTime)}`).join(", "); console.log(`   ${net}`); }
  rows.push(lhr);
}
const med = (f) => rows.map(f).sort((x, y) => x - y)[Math.floor(rows.length / 2)];
console.log(`median LCP ${Math.round(med((l) => l.audits['largest-contentful-paint'].numericValue))} TBT ${Math.round(med((l) => l.audits['total-blocking-time'].numericValue))}`);
await chrome.kill();
server.close();
