#!/usr/bin/env bash
# Measures live reload: starts `./dev serve`, edits a lesson, and times until the served
# lesson changes; then saves a broken lesson and checks that the diagnostic is printed and
# the last good version stays up. Restores the lesson afterwards. Not part of ./dev test
# (it needs a free port and a warm build); run it by hand: tests/tools/live-reload.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-8765}
lesson=lessons/reporting.md
log=$(mktemp)
cp "$lesson" "$log.orig"
restore() { cp "$log.orig" "$lesson"; kill -- -$server 2>/dev/null; wait 2>/dev/null; }
trap restore EXIT
set -m
./dev serve --port "$port" >"$log" 2>&1 &
server=$!
set +m
url=http://127.0.0.1:$port/lessons/reporting.json
for _ in $(seq 1 600); do curl -fs "$url" >/dev/null && break; kill -0 $server 2>/dev/null || break; sleep 1; done
curl -fs "$url" >/dev/null || { echo "serve did not come up"; cat "$log"; exit 1; }
grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 | sed 's/^/serve printed: /'
sleep 3

marker="Live reload marker $(date +%s)"
start=$(date +%s.%N)
sed -i "0,/^title: .*/s//title: $marker/" "$lesson"
until curl -fs "$url" | grep -q "$marker"; do sleep 0.05; done
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "a saved lesson was served after %.1f s\n", b - a }'
# Its page carries it pre-rendered too (read before the app loads, and with JavaScript off).
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/lessons/reporting/" | grep -q "<h1>$marker</h1>" && break; sleep 0.05; done
if curl -fs "http://127.0.0.1:$port/lessons/reporting/" | grep -q "<h1>$marker</h1>"; then echo "the saved lesson's page carries it pre-rendered"; else echo "FAIL: the lesson's page is not pre-rendered again"; exit 1; fi
# And the catalogue's page lists it under its new title, pre-rendered too.
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/" | grep -q ">$marker</a></h3>" && break; sleep 0.05; done
if curl -fs "http://127.0.0.1:$port/" | grep -q ">$marker</a></h3>"; then echo "the catalogue's page lists it pre-rendered"; else echo "FAIL: the catalogue's page is not pre-rendered again"; exit 1; fi

# What a person sees: the lesson open in Chromium shows the saved title after the page reloads.
PAGE=http://127.0.0.1:$port/lessons/reporting LESSON=$lesson MARKER="$marker" node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs';
  import { launch } from './tests/e2e/harness.mjs';
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(process.env.PAGE);
  await page.getByRole('heading', { level: 1, name: process.env.MARKER }).waitFor();
  const shown = process.env.MARKER + ' again';
  const start = Date.now();
  writeFileSync(process.env.LESSON, readFileSync(process.env.LESSON, 'utf8').replace(/^title: .*/m, 'title: ' + shown));
  await page.getByRole('heading', { level: 1, name: shown }).waitFor({ timeout: 30000 });
  console.log('a saved lesson was shown in the open browser after ' + ((Date.now() - start) / 1000).toFixed(1) + ' s');
  await browser.close();
" || { echo "FAIL: the open lesson did not show the saved title"; exit 1; }
marker="$marker again"

sed -i 's/^pass_mark: .*/pass_mark: 250/' "$lesson"
for _ in $(seq 1 60); do grep -q "pass_mark. must be a whole number" "$log" && break; sleep 0.5; done
grep -A3 "error: \`pass_mark\`" "$log" | head -4
if curl -fs "$url" | grep -q "$marker"; then echo "the last good version is still served"; else echo "FAIL: the good version is gone"; exit 1; fi
