// The lesson page's main-thread tasks as Lighthouse sees them (mobile, simulated throttling, the bench's
// settings): `node tests/tools/long-tasks.mjs [RUNS]` after `./dev size` prints, per run, the score, TBT, the
// long tasks (simulated) and every observed task over 5 ms, to find which work blocks (docs/performance.md).
import { CHROMIUM_ARGS, readJson, DIST } from '../e2e/harness.mjs';
import { serveSite } from './site-server.mjs';
const server = await serveSite(DIST);
const { base } = server;
const catalogue = await readJson('catalogue.json');
const lessonId = catalogue.parts[0].lessons[0].id;
const { default: lighthouse } = await import('lighthouse');
const chromeLauncher = await import('chrome-launcher');
const chrome = await chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: CHROMIUM_ARGS });
const n = Number(process.argv[2] ?? 2);
for (let i = 0; i < n; i++) {
  const { lhr } = await lighthouse(`${base}/lessons/${lessonId}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
  const a = lhr.audits;
  console.log(`score ${Math.round(lhr.categories.performance.score*100)} TBT ${Math.round(a['total-blocking-time'].numericValue)} LCP ${Math.round(a['largest-contentful-paint'].numericValue)}`);
  console.log('long tasks (simulated):', a['long-tasks'].details.items.map((t) => `${t.url.split('/').pop()} ${Math.round(t.startTime)}+${Math.round(t.duration)}`).join(' | '));
  const mt = a['main-thread-tasks'].details.items.filter((t) => t.duration > 5);
  console.log('observed tasks >5ms:', mt.map((t) => `${Math.round(t.startTime)}+${Math.round(t.duration)}`).join(' '));
  console.log('breakdown:', a['mainthread-work-breakdown'].details.items.map((t) => `${t.group} ${Math.round(t.duration)}`).join(', '));
  console.log('bootup:', a['bootup-time'].details.items.map((t) => `${t.url.split('/').pop()} total ${Math.round(t.total)} script ${Math.round(t.scripting)} parse ${Math.round(t.scriptParseCompile)}`).join(' | '));
}
await chrome.kill(); server.close();
