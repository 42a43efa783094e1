// trunk's post-build hook, after csp.mjs: gives every address of the app bundle its own copy of
// app/index.html (lessons/<id>/index.html for each lesson in catalogue.json, certificate/ and
// progress/), so that any static host serves the right bundle for a deep link or a reload
// without rewrite rules. `/` stays the small catalogue bundle (index.html).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('app-pages.mjs runs as trunk\'s post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
if (process.env.HOOKWISE_BUNDLE) process.exit(0);
const app = join(dir, 'app', 'index.html');
if (!existsSync(app)) {
  console.error(`${app} is missing: build the app bundle first (./dev builds it into target/app-dist)`);
  process.exit(1);
}
const html = readFileSync(app);
const catalogue = JSON.parse(readFileSync(join(dir, 'catalogue.json'), 'utf8'));
const ids = catalogue.parts.flatMap((p) => p.lessons.map((l) => l.id));
const routes = ['certificate', 'progress', ...ids.map((id) => join('lessons', id))];
for (const route of routes) {
  mkdirSync(join(dir, route), { recursive: true });
  writeFileSync(join(dir, route, 'index.html'), html);
}
