#!/usr/bin/env bash
# Supply-chain check of the dependency tree with cargo-deny (configuration: deny.toml):
# licenses on the allow list only, no `*` version requirements, crates.io as the only source.
#
#   tests/tools/deny.sh             install cargo-deny $DENY_VERSION if needed, then check
#
# It runs `cargo deny --workspace check licenses bans sources` on the root workspace (all three
# crates) and on the fuzz/ workspace. These checks need no network once the crates are
# downloaded; the `advisories` check fetches the RustSec database from GitHub and is left out.
# Only errors are printed; `cargo deny --workspace check bans` also shows the duplicate-version
# warnings. Exits non-zero when a check fails or cargo-deny cannot be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
DENY_VERSION=0.20.2
# cargo install puts tools in ~/.cargo/bin; keep whatever cargo is first on PATH.
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH=$PATH:$HOME/.cargo/bin ;; esac

found=$(cargo deny --version 2>/dev/null | awk '{print $2}' || true)
if [ "$found" != "$DENY_VERSION" ]; then
  echo "deny.sh: installing cargo-deny $DENY_VERSION${found:+ (found $found)} with cargo install (several minutes, once)" >&2
  cargo install -q cargo-deny --version "$DENY_VERSION" --locked \
    || { echo "deny.sh: error: cargo install cargo-deny $DENY_VERSION failed" >&2; exit 1; }
fi
status=0
for manifest in Cargo.toml fuzz/Cargo.toml; do
  echo "deny.sh: $manifest" >&2
  cargo deny --log-level error --manifest-path "$manifest" --workspace check licenses bans sources || status=1
done
exit $status
