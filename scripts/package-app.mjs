// Prepares the built app for an LMS package: node scripts/package-app.mjs <dist> <out>.
//
// An LMS serves a package from a path of its own choosing, so the hosted build's root-relative
// asset URLs ("/hookwise-….js") become relative ("./hookwise-….js"), and the Content-Security-
// Policy is computed again for the changed start-up script. The manager dashboard (team/) and
// the static-host header files are left out: they mean nothing inside an LMS.
import { cpSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) {
  console.error('usage: node scripts/package-app.mjs <dist> <out>');
  process.exit(2);
}
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${dist} has no index.html: build the app first (./dev package builds it)`);
  process.exit(1);
}
const skip = new Set(['team', '_headers', 'csp.nginx.conf']);
rmSync(out, { recursive: true, force: true });
cpSync(dist, out, { recursive: true, filter: (src) => !skip.has(resolve(src).slice(resolve(dist).length + 1).split(/[\\/]/)[0]) });

const page = join(out, 'index.html');
const html = readFileSync(page, 'utf8')
  // Attributes: href="/x" → href="./x" (not protocol-relative "//host").
  .replace(/(\s(?:href|src)=")\/(?!\/)/g, '$1./')
  // trunk's start-up script: import … from '/hookwise-….js' and module_or_path: '/…_bg.wasm'.
  .replace(/'\/(hookwise-[\w.-]+\.(?:js|wasm))'/g, "'./$1'");
writeFileSync(page, html);

const here = dirname(fileURLToPath(import.meta.url));
execFileSync(process.execPath, [join(here, 'csp.mjs')], { env: { ...process.env, TRUNK_STAGING_DIR: out, HOOKWISE_BUNDLE: '' }, stdio: 'inherit' });
for (const f of ['_headers', 'csp.nginx.conf']) rmSync(join(out, f), { force: true });
const left = readFileSync(page, 'utf8').match(/(?:href|src)="\/(?!\/)[^"]*"|'\/hookwise-[^']*'/g);
if (left) {
  console.error(`index.html still has root-relative URLs: ${left.join(', ')}`);
  process.exit(1);
}
console.log(`${out}: the app with relative URLs, ready to package`);
