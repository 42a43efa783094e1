#!/usr/bin/env bash
# A missing or wrong tool gets one line saying what to install: no stack trace, no hang.
# Run from the repository root (./dev test runs it).
set -uo pipefail
fail=0
expect() { # description, expected text, command...
  local what=$1 want=$2; shift 2
  local out status
  out=$(timeout 120 "$@" 2>&1 </dev/null); status=$?
  local last; last=$(printf '%s\n' "$out" | tail -n 1)
  if [ $status -ne 0 ] && [[ $last == *"$want"* ]] && ! grep -qiE 'backtrace|panicked|Traceback' <<<"$out"; then
    echo "ok - $what: $last"
  else
    echo "not ok - $what (status $status): $out"; fail=1
  fi
}
expect "no node" "no node (/nonexistent/node): install Node.js 18 or newer" env HOOKWISE_NODE=/nonexistent/node ./dev setup
expect "no chromium" "no chromium at /nonexistent/chromium: install Chromium" env CHROMIUM=/nonexistent/chromium CHROMEDRIVER=/nonexistent/chromedriver ./dev setup
expect "no python" "no python3 (/nonexistent/python3): install Python 3.9 or newer" env HOOKWISE_PYTHON=/nonexistent/python3 ./dev setup
# A wasm-bindgen pin in Trunk.toml that differs from Cargo.lock.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r dev Cargo.toml Cargo.lock Trunk.toml package.json package-lock.json "$tmp"/
mkdir -p "$tmp/target"; cp -r target/.hookwise "$tmp/target/" 2>/dev/null || true
sed -i 's/^wasm_bindgen = "[^"]*"/wasm_bindgen = "0.2.1"/' "$tmp/Trunk.toml"
expect "wasm-bindgen pin differs from Cargo.lock" "must equal Cargo.lock's wasm-bindgen" "$tmp/dev" setup
exit $fail
