// Prints the timeline of one timed sync from a browser trace written by the dashboard bench
// (`HOOKWISE_BENCH_TRACE=/tmp/t HOOKWISE_BENCH_SKIP_RALPH=1 node tests/tools/bench-dashboard.mjs`,
// then `node tests/tools/lrs-timeline.mjs /tmp/t-1.json`): times in ms from the click, for each
// request (sent, first byte, last byte, on which thread), the main thread's tasks over 5 ms and
// its busy and idle time between page arrivals, and the end (last page to the overview shown).
import { readFile } from 'node:fs/promises';

const file = process.argv[2];
if (!file) throw new Error('usage: node tests/tools/lrs-timeline.mjs TRACE.json');
const trace = JSON.parse(await readFile(file, 'utf8'));
const events = Array.isArray(trace) ? trace : trace.traceEvents;
const threads = new Map();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const thread = (e) => threads.get(`${e.pid}:${e.tid}`) ?? '?';
const click = events.find((e) => e.name === 'bench-click');
const done = events.find((e) => e.name === 'bench-done');
if (!click || !done) throw new Error('no bench-click/bench-done marks in this trace');
const main = `${click.pid}:${click.tid}`;
const t = (us) => (us - click.ts) / 1000;
const f = (ms) => ms.toFixed(0).padStart(6);

// Requests.
const requests = new Map();
for (const e of events) {
  const id = e.args?.data?.requestId;
  if (!id || !e.name.startsWith('Resource')) continue;
  const r = requests.get(id) ?? { id, thread: thread(e) };
  if (e.name === 'ResourceSendRequest') { r.sent = t(e.ts); r.url = e.args.data.url; }
  if (e.name === 'ResourceReceiveResponse') r.head = t(e.ts);
  if (e.name === 'ResourceFinish') { r.end = t(e.ts); r.bytes = e.args.data.decodedBodyLength; }
  requests.set(id, r);
}
const list = [...requests.values()].filter((r) => r.end >= 0 && r.end <= t(done.ts) + 1).sort((a, b) => a.end - b.end);

// Main-thread top-level tasks.
const tasks = events
  .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.name === 'RunTask' && e.ts + e.dur >= click.ts && e.ts <= done.ts)
  .map((e) => ({ start: t(e.ts), end: t(e.ts + e.dur), ms: e.dur / 1000 }));
const busy = (a, b) => tasks.reduce((n, k) => n + Math.max(0, Math.min(b, k.end) - Math.max(a, k.start)), 0);

console.log(`click to overview: ${t(done.ts).toFixed(0)} ms; main thread busy ${busy(0, t(done.ts)).toFixed(0)} ms\n`);
console.log('request                               thread              sent  head   end  bytes     main busy since last');
let last = 0;
for (const r of list) {
  const name = (r.url ?? '').replace(/^https?:\/\/[^/]+/, '').slice(0, 36).padEnd(36);
  console.log(`${name}  ${r.thread.slice(0, 16).padEnd(16)} ${f(r.sent ?? NaN)}${f(r.head ?? NaN)}${f(r.end)} ${String(r.bytes).padStart(8)}  ${f(busy(last, r.end))}`);
  last = r.end;
}
console.log(`(to the overview shown: main busy ${busy(last, t(done.ts)).toFixed(0)} ms of ${(t(done.ts) - last).toFixed(0)})\n`);
console.log('main-thread tasks over 5 ms (start, length):');
console.log(tasks.filter((k) => k.ms > 5).map((k) => `${k.start.toFixed(0)}+${k.ms.toFixed(0)}`).join('  '));
