// A static host for a built site, as the bench and the measuring tools use it: it serves `dir` with
// the fallback a single-page host has (an address with no file and no extension gets the site's
// index.html; a folder gets its index.html), precompressed brotli (quality 11, compressed once per
// file) when the browser accepts it and `brotli` is on, and no caching between page loads.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

export const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

/** Brotli at the quality a host precompresses with. */
export const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });

/** Serves `dir` on a free port of 127.0.0.1; resolves to `{ base, close }`. */
export async function serveSite(dir, { brotli: compress = true } = {}) {
  const cache = new Map();
  const isFile = (f) => { try { return statSync(f).isFile(); } catch { return false; } };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file = join(dir, path);
    if (!isFile(file) && isFile(join(file, 'index.html'))) file = join(file, 'index.html');
    else if (!isFile(file)) file = extname(path) ? null : join(dir, 'index.html');
    if (!file) { res.writeHead(404); res.end(); return; }
    if (!cache.has(file)) { const raw = readFileSync(file); cache.set(file, { raw, br: compress ? brotli(raw) : null }); }
    const { raw, br } = cache.get(file);
    const useBr = br && /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...(useBr ? { 'content-encoding': 'br' } : {}), 'cache-control': 'no-cache' });
    res.end(useBr ? br : raw);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}
