// The dashboard's page fetcher (see src/team/lrs.rs). It fetches one page of statements from the
// learning record store off the page's main thread, so that the next page downloads while the
// dashboard reads the one before (a page's bytes only move while their thread is free), and
// hands the bytes back without a copy. It fetches what it is asked and nothing else; what an
// answer means is decided in the dashboard's code. Asked with [url, headers] and a port; answers
// on the port with [status, bytes]: status 0 when the store could not be reached, bytes only
// for a 2xx answer read in full.
self.onmessage = async ({ data: [url, headers], ports: [port] }) => {
  let status = 0;
  let body = null;
  try {
    const response = await fetch(url, { headers });
    status = response.status;
    if (response.ok) body = await response.arrayBuffer();
  } catch {
    status = 0;
    body = null;
  }
  port.postMessage([status, body], body ? [body] : []);
};
