// The dashboard's page fetcher (see src/team/lrs.rs). It fetches one page of statements from the
// learning record store off the page's main thread, so that the next page downloads while the
// dashboard reads the one before (a page's bytes only move while their thread is free), and
// hands the bytes back without a copy. Asked with [url, headers, endpoint] and a port; answers
// on the port with [status, bytes]: status 0 when the store could not be reached, bytes only
// for a 2xx answer read in full. What an answer means is decided in the dashboard's code.
//
// Look-ahead: once a page asked for has arrived, the page its `more` link names is requested at
// once, before the dashboard (busy reading) asks for it, and handed over when it does ask for
// that address. The guess is the dashboard's own (lrs_sync::more_hint and next_url: the link
// from the last 4 KB, else the first; only its query, on the configured endpoint, so nothing is
// ever fetched but the endpoint's statements); a page not asked for is dropped. At most one
// page is fetched ahead of what was asked, and kept for 10 s at most.
const get = async (url, headers) => {
  try {
    const response = await fetch(url, { headers });
    return [response.status, response.ok ? await response.arrayBuffer() : null];
  } catch {
    return [0, null];
  }
};

const KEY = [34, 109, 111, 114, 101, 34]; // "more"
const NEAR = 4096;
const at = (b, i) => KEY.every((k, j) => b[i + j] === k);
const blank = (c) => c === 32 || c === 10 || c === 13 || c === 9;

/** The next page's address from a page's bytes, as lrs_sync::more_hint and next_url make it. */
function next(bytes, endpoint) {
  const b = new Uint8Array(bytes);
  let i = -1;
  for (let j = b.length - KEY.length; j >= Math.max(0, b.length - NEAR); j--) if (at(b, j)) { i = j; break; }
  for (let j = 0; i < 0 && j + KEY.length <= Math.min(b.length, NEAR); j++) if (at(b, j)) i = j;
  if (i < 0) return null;
  i += KEY.length;
  while (blank(b[i])) i++;
  if (b[i++] !== 58) return null; // :
  while (blank(b[i])) i++;
  if (b[i++] !== 34) return null; // "
  const end = b.indexOf(34, i);
  if (end < 0 || b.subarray(i, end).some((c) => c === 92 || c < 32)) return null;
  let more;
  try {
    more = new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(i, end)).trim();
  } catch {
    return null;
  }
  const q = more.indexOf('?');
  if (!more || !(q < 0 ? more : more.slice(0, q)).replace(/\/+$/, '').endsWith('statements')) return null;
  return `${endpoint.endsWith('/') ? endpoint : `${endpoint}/`}statements?${q < 0 ? '' : more.slice(q + 1)}`;
}

let ahead = null; // { url, key, answer, at }

self.onmessage = async ({ data: [url, headers, endpoint], ports: [port] }) => {
  const key = JSON.stringify(headers);
  const answer = ahead && ahead.url === url && ahead.key === key && Date.now() - ahead.at < 10000 ? ahead.answer : get(url, headers);
  ahead = null;
  const [status, body] = await answer;
  const following = body && endpoint ? next(body, endpoint) : null;
  if (following) ahead = { url: following, key, answer: get(following, headers), at: Date.now() };
  port.postMessage([status, body], body ? [body] : []);
};
