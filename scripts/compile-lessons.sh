#!/usr/bin/env bash
# Trunk's pre-build hook: compiles lessons/ into the staged site (catalogue.json and
# lessons/<id>.json). On an authoring error it prints the diagnostics and fails the build,
# so `trunk serve` keeps serving the last good version.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${TRUNK_STAGING_DIR:?this script runs as trunk\'s pre_build hook}
# The team dashboard bundle (team/index.html) needs no lessons.
[ -n "${HOOKWISE_BUNDLE:-}" ] && exit 0
# Under ./dev serve, a change to the app's code also rebuilds the app bundle (lessons, quiz),
# which this build then copies into the site.
if [ "${HOOKWISE_LIVE_RELOAD:-}" = 1 ] && [ -n "$(find src crates/hookwise-core/src style app/index.html -newer target/app-dist/index.html -print -quit 2>/dev/null)" ]; then
  bash scripts/build-app.sh --no-opt
fi
# The hook compiles natively: the wasm build's build-std setting must not apply here.
# HOOKWISE_LESSONS builds another course folder (used to compare bundle sizes).
env -u CARGO_UNSTABLE_BUILD_STD cargo run -q -p hookwise-content --bin hookwise -- build "${HOOKWISE_LESSONS:-lessons}" --out "$out"
