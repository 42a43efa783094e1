// Run by csp.mjs (trunk's post-build hook) once the pages carry their policy: gives every address of the app bundle its own copy of
// app/index.html (lessons/<id>/index.html for each lesson in catalogue.json, certificate/,
// progress/ and rechecks/), so that any static host serves the right bundle for a deep link or a reload
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
const html = readFileSync(app, 'utf8');
const catalogue = JSON.parse(readFileSync(join(dir, 'catalogue.json'), 'utf8'));
const ids = catalogue.parts.flatMap((p) => p.lessons.map((l) => l.id));
const write = (route, page) => {
  mkdirSync(join(dir, route), { recursive: true });
  writeFileSync(join(dir, route, 'index.html'), page);
};
write('certificate', html);
write('progress', html);
write('rechecks', html);
// A lesson's page also preloads its lesson JSON, so it downloads alongside the wasm instead of
// after it (the lesson text is the page's largest paint).
const anchor = '<link rel="preload" href="/catalogue.json" as="fetch" crossorigin="anonymous">';
if (!html.includes(anchor)) {
  console.error(`app/index.html no longer has ${anchor}; update scripts/app-pages.mjs`);
  process.exit(1);
}
for (const id of ids) {
  write(join('lessons', id), html.replace(anchor, `${anchor}\n  <link rel="preload" href="/lessons/${id}.json" as="fetch" crossorigin="anonymous">`));
}
