// The lesson page's main-thread tasks as Lighthouse sees them (mobile, simulated throttling, the bench's
// settings): `node tests/tools/long-tasks.mjs [RUNS]` after `./dev size` prints, per run, the score, TBT, the
// long tasks (simulated) and every observed task over 5 ms, to find which work blocks (docs/performance.md).
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { CHROMIUM_ARGS, readJson, DIST } from '../e2e/harness.mjs';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const cache = new Map();
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  let file = join(DIST, path);
  const isFile = (f) => { try { return statSync(f).isFile(); } catch { return false; } };
  if (!isFile(file) && isFile(join(file, 'index.html'))) file = join(file, 'index.html');
  else if (!isFile(file)) file = extname(path) ? null : join(DIST, 'index.html');
  if (!file) { res.writeHead(404); res.end(); return; }
  if (!cache.has(file)) { const raw = readFileSync(file); cache.set(file, { raw, br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) }); }
  const { raw, br } = cache.get(file);
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'br', 'cache-control': 'no-cache' });
  res.end(br);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
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
