// Prepares the built app for an LMS package: node scripts/package-app.mjs <dist> <out>.
//
// An LMS launches one lesson at a time, so the package is the app bundle (dist/app/, whose page
// becomes the package's index.html) with catalogue.json and lessons/*.json. An LMS serves a
// package from a path of its own choosing, so the root-relative asset URLs ("/app/….js") become
// relative ("./app/….js"), and the Content-Security-Policy is computed again for the changed
// start-up script. The catalogue bundle, the manager dashboard (team/) and the static-host
// header files are left out: they mean nothing inside an LMS.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dist, out] = process.argv.slice(2);
if (!dist || !out) {
  console.error('usage: node scripts/package-app.mjs <dist> <out>');
  process.exit(2);
}
if (!existsSync(join(dist, 'app', 'index.html'))) {
  console.error(`${dist} has no app/index.html: build the app first (./dev package builds it)`);
  process.exit(1);
}
// The package is the app bundle (lessons; an LMS launches one per SCO) with the course data.
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'lessons'), { recursive: true });
cpSync(join(dist, 'app'), join(out, 'app'), { recursive: true });
rmSync(join(out, 'app', 'index.html'));
for (const f of ['catalogue.json', 'favicon.svg']) cpSync(join(dist, f), join(out, f));
// The organisation's reporting channels, for "Report an approach" inside the LMS too.
if (existsSync(join(dist, 'organisation.json'))) cpSync(join(dist, 'organisation.json'), join(out, 'organisation.json'));
for (const f of readdirSync(join(dist, 'lessons')).filter((f) => f.endsWith('.json'))) {
  cpSync(join(dist, 'lessons', f), join(out, 'lessons', f));
}

const page = join(out, 'index.html');
const html = readFileSync(join(dist, 'app', 'index.html'), 'utf8')
  // Attributes: href="/x" → href="./x" (not protocol-relative "//host").
  .replace(/(\s(?:href|src)=")\/(?!\/)/g, '$1./')
  // trunk's start-up script: import … from '/app/hookwise-app-….js' and module_or_path: '/app/…_bg.wasm'.
  .replace(/'\/((?:app\/)?hookwise[\w.-]*\.(?:js|wasm))'/g, "'./$1'");
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
