// The dashboard's learning-record-store figures alone (the last part of `./dev bench`), for when
// the whole bench (Lighthouse, interaction, imports) is more than is needed. Needs a release
// build in dist/ (`./dev size`) and Ralph's virtualenv:
//   HOOKWISE_PY=$PWD/target/.hookwise/venv/bin/python node tests/tools/bench-dashboard.mjs
// Exits non-zero when a budget is broken, as bench.mjs does.
import { launch, readJson } from '../e2e/harness.mjs';
import { benchLrs } from './ralph-bench.mjs';

const broken = [];
const check = (ok, what) => { if (!ok) broken.push(what); return ok ? 'ok' : 'OVER BUDGET'; };
const browser = await launch();
try {
  await benchLrs(browser, await readJson('catalogue.json'), check);
} finally {
  await browser.close();
}
if (broken.length) {
  console.log(`\nBudgets broken: ${broken.join('; ')}`);
  process.exit(1);
}
console.log('\nAll dashboard budgets met.');
