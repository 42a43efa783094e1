// The dashboard's page fetcher (team/lrs-pages.js, a worker with no wasm) guesses the next page's
// address with its own copy of the core's lrs_sync::more_hint and next_url. The copy is held to
// the same list of cases as the core (tests/fixtures/next-page.json; the core's test
// `the_fetchers_guess_and_the_cores_agree_on_every_case`), so the two cannot drift apart unseen.
// No browser: the worker's source runs here with a stand-in for its global scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const source = readFileSync(new URL('team/lrs-pages.js', root), 'utf8');
const { cases } = JSON.parse(readFileSync(new URL('tests/fixtures/next-page.json', root), 'utf8'));
// eslint-disable-next-line no-new-func
const next = new Function('self', 'fetch', `${source}\nreturn next;`)({}, () => { throw new Error('no fetch here'); });

test('the page fetcher guesses the next page as the core does, case by case', () => {
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    const page = c.page.replaceAll('{pad}', 'x'.repeat(c.pad ?? 0));
    const bytes = new TextEncoder().encode(page);
    assert.equal(next(bytes.buffer, c.endpoint), c.next, c.why);
  }
});
