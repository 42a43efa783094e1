// Prints what a learner downloads on first load (html, js, wasm, css, catalogue: the catalogue
// bundle), raw, gzip and brotli; the largest lesson payload; what opening the first lesson adds
// (the app bundle, once, then cached); and the manager dashboard's bundle.
// Usage: node tests/tools/size.mjs [dist]
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

const lessons = readdirSync(join(dist, 'lessons')).filter((f) => f.endsWith('.json')).map((f) => ({ file: `lessons/${f}`, ...sizes(readFileSync(join(dist, 'lessons', f))) }));
const largest = lessons.sort((a, b) => b.brotli - a.brotli)[0];

const pad = (s, n) => String(s).padStart(n);
const line = (r) => `${r.file.padEnd(40)}${pad(r.raw, 10)}${pad(r.gzip, 10)}${pad(r.brotli, 10)}`;
console.log(`${'first-load file'.padEnd(40)}${pad('raw', 10)}${pad('gzip', 10)}${pad('brotli', 10)}`);
rows.forEach((r) => console.log(line(r)));
console.log(line({ file: 'total first load', ...total }));
if (largest) console.log(line({ ...largest, file: `largest lesson: ${largest.file}` }));
console.log(`(${lessons.length} lessons; bytes)`);

// The other bundles: not part of a learner's first load.
const bundle = (sub, label, skip = () => false) => {
  try {
    const names = readdirSync(join(dist, sub)).filter((f) => /\.(html|js|wasm|css)$/.test(f) && !skip(f)).sort();
    const all = names.map((f) => ({ file: `${sub}/${f}`, ...sizes(readFileSync(join(dist, sub, f))) }));
    const sum = all.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
    console.log(line({ file: label, ...sum }));
    return sum;
  } catch {
    console.log(`(no ${sub}/ bundle in this build)`);
    return null;
  }
};
// The css is the same file as the catalogue's, already cached.
bundle('app', 'app bundle (first lesson opened; then cached)');
bundle('team', 'team dashboard bundle (managers only)');
