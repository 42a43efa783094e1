#!/usr/bin/env bash
# Builds the app bundle (lessons, certificate, progress; see src/learn/app.rs) into target/app-dist,
# which the catalogue's build copies into dist/app/. `--no-opt` skips wasm-opt (for ./dev serve,
# where a rebuild must take seconds). Run by ./dev (with its toolchain environment) and, under
# ./dev serve, by the pre-build hook when the app's code changed.
set -euo pipefail
cd "$(dirname "$0")/.."
page=app/index.html
if [ "${1:-}" = --no-opt ]; then
  page=app/.serve.html
  sed 's/data-wasm-opt="z"/data-wasm-opt="0"/' app/index.html > "$page"
fi
HOOKWISE_BUNDLE=app trunk build "$page" --release --dist target/app-dist --public-url /app/ >&2
if [ -f target/app-dist/.serve.html ]; then mv -f target/app-dist/.serve.html target/app-dist/index.html; fi
