// Why a page's LCP is what it is: Lighthouse mobile (the bench's settings) on one page of a built
// site, N runs, each printing the figures, the LCP element and its phases, the paint as the
// unthrottled run saw it ("observed") and when each request started and ended. Lighthouse's
// simulated LCP counts every request that ended before the observed paint as one the paint waited
// on (docs/performance.md, "fifth session"). Not a bench: it checks nothing.
//   node tests/tools/lcp-runs.mjs                      the catalogue of dist/, 3 runs
//   DIR=some/site PAGE=/lessons/gifts N=5 node tests/tools/lcp-runs.mjs
//   SAVE=prefix ...                                    also writes each run's report as prefix-<i>.json
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS } from '../e2e/harness.mjs';
import { serveSite } from './site-server.mjs';
const DIR = resolve(process.env.DIR ?? 'dist');
const N = +(process.env.N ?? 3);
const PAGE = process.env.PAGE ?? '/';
const server = await serveSite(DIR);
const { base } = server;
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
