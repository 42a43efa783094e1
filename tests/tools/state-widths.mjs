// The natural width of every form of a lesson's state pieces on the catalogue (role tag, status badge,
// best score), in em of each piece's font size, for each font family, against the room the style
// sheet keeps (docs/performance.md, "fifth session"). Installed families by name; the Open Sans and
// Source Code Pro faces the Rust toolchain's documentation ships are loaded from FONT_DIR if found.
// "page" measures with the page's own font stack. Run after ./dev size:
//   node tests/tools/state-widths.mjs
//   FONTS='page|DejaVu Serif' node tests/tools/state-widths.mjs
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { serve, launch } from '../e2e/harness.mjs';
const fonts = (process.env.FONTS ?? 'page|DejaVu Sans|DejaVu Serif|DejaVu Sans Mono|DejaVu Sans Condensed|Open Sans|Source Code Pro').split('|');
const server = await serve();
const browser = await launch();
const page = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
await page.route(/_bg\.wasm$/, (r) => r.abort());
await page.goto(server.url);
const FD = process.env.FONT_DIR ?? (() => {
  try { return `${execSync('rustc --print sysroot', { encoding: 'utf8' }).trim()}/share/doc/rust/html/rustdoc/fonts/`; } catch { return ''; }
})();
for (const [family, file, weight] of [['Open Sans', 'regular', '400'], ['Open Sans', '600', '600'], ['Open Sans', '700', '700'], ['Source Code Pro', '500', '400'], ['Source Code Pro', '500', '600']]) {
  if (!FD || !existsSync(FD)) break;
  const name = readdirSync(FD).find((f) => f.startsWith(family === 'Open Sans' ? `open-sans-v17-all-charsets-${file}-` : `source-code-pro-v11-all-charsets-${file}-`));
  const b64 = readFileSync(FD + name).toString('base64');
  await page.evaluate(async ([family, b64, weight]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const face = new FontFace(family, bytes.buffer, { weight });
    await face.load();
    document.fonts.add(face);
  }, [family, b64, weight]);
}
for (const font of fonts) {
  const out = await page.evaluate((font) => {
    if (font !== "page") document.body.style.fontFamily = `"${font}"`;
    const forms = {
      '.state > .tag': ['Required for you', 'Optional'],
      '.state > .badge': ['Not started', 'In progress', 'Passed', 'Failed', 'Due again'],
      '.state > span:last-child': ['Best score: 100%'],
    };
    const res = {};
    for (const [sel, texts] of Object.entries(forms)) {
      const el = document.querySelector(sel);
      const keep = el.textContent;
      const px = parseFloat(getComputedStyle(el).fontSize);
      const room = parseFloat(getComputedStyle(el).minWidth);
      el.style.minWidth = '0';
      const widths = texts.map((t) => { el.textContent = t; return el.getBoundingClientRect().width; });
      el.textContent = keep; el.style.minWidth = '';
      res[sel] = `widest ${(Math.max(...widths) / px).toFixed(2)}em / room ${(room / px).toFixed(2)}em${Math.max(...widths) > room + 0.5 ? ' OVER' : ''}`;
    }
    return res;
  }, font);
  console.log(font, JSON.stringify(out));
}
await browser.close();
await server.close();
