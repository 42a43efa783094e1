// Prints what a learner downloads on first load (html, js, wasm, css, catalogue), raw, gzip
// and brotli, and the largest lesson payload. Usage: node tests/tools/size.mjs [dist]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const files = readdirSync(dist).filter((f) => /\.(html|js|wasm|css)$/.test(f)).sort();
files.push('catalogue.json');
const rows = files.map((f) => ({ file: f, ...sizes(readFileSync(join(dist, f))) }));
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });

const lessons = readdirSync(join(dist, 'lessons')).map((f) => ({ file: `lessons/${f}`, ...sizes(readFileSync(join(dist, 'lessons', f))) }));
const largest = lessons.sort((a, b) => b.brotli - a.brotli)[0];

const pad = (s, n) => String(s).padStart(n);
const line = (r) => `${r.file.padEnd(40)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}`;
console.log(`${'first-load file'.padEnd(40)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
rows.forEach((r) => console.log(line(r)));
console.log(line({ file: 'total first load', ...total }));
if (largest) console.log(line({ ...largest, file: `largest lesson: ${largest.file}` }));
console.log(`(${lessons.length} lessons; bytes)`);

// The manager dashboard is a separate bundle, not part of a learner's first load.
try {
  const team = readdirSync(join(dist, 'team')).filter((f) => /\.(html|js|wasm|css)$/.test(f)).sort();
  const teamRows = team.map((f) => ({ file: `team/${f}`, ...sizes(readFileSync(join(dist, 'team', f))) }));
  const teamTotal = teamRows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  console.log(line({ file: 'team dashboard bundle (managers only)', ...teamTotal }));
} catch {
  console.log('(no team dashboard bundle in this build)');
}
