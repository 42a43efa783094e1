#!/usr/bin/env bash
# Fuzzes hookwise's parsers of untrusted input with cargo-fuzz (libFuzzer); see fuzz/README.md.
#
#   tests/tools/fuzz.sh            short run for the test suite: replay fuzz/corpus/<target>,
#                                  then fuzz each target for 30 s (FUZZ_SECONDS=N to change)
#   tests/tools/fuzz.sh --long     local run: 10 minutes per target, one target at a time; new
#                                  inputs are kept in fuzz/target/corpus/<target> between runs
#   tests/tools/fuzz.sh --long lesson_compiler     only the targets named
#
# Targets: lesson_compiler, report_import, backup_import. A crash or timeout fails the run; the
# input that caused it is left in fuzz/artifacts/<target>/ and the end of the fuzzer's log is
# printed. Replay one with: cargo fuzz run <target> fuzz/artifacts/<target>/<file>
#
# Toolchain, first that works: rustup's nightly (`cargo +nightly fuzz`, with AddressSanitizer);
# else Debian's rustc (/usr/bin/rustc, from rustc-web) with RUSTC_BOOTSTRAP=1 and no sanitizer
# (Debian ships no sanitizer runtimes; Rust code is memory-safe, so panics, overflows in debug
# assertions, hangs and runaway memory are what is found). cargo-fuzz $FUZZ_VERSION is installed
# with cargo install if missing. With neither compiler the run is skipped with one line (exit 0):
# that is the ONLY case that passes without fuzzing.
# Work is niced and cargo builds with one job (CARGO_BUILD_JOBS to change).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FUZZ_VERSION=0.13.2
ALL_TARGETS=(lesson_compiler report_import backup_import)

long=0
targets=()
for arg in "$@"; do
  case $arg in
    --long) long=1 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) [[ " ${ALL_TARGETS[*]} " == *" $arg "* ]] || { echo "fuzz.sh: no target $arg (targets: ${ALL_TARGETS[*]})" >&2; exit 2; }
       targets+=("$arg") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
if [ $long = 1 ]; then seconds=${FUZZ_SECONDS:-600}; else seconds=${FUZZ_SECONDS:-30}; fi

export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH=$PATH:$HOME/.cargo/bin ;; esac

# --- the toolchain -------------------------------------------------------------------------
fuzz_cmd=()
if command -v rustup >/dev/null 2>&1 && rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain="rustup nightly ($(rustup run nightly rustc --version | awk '{print $2, $4}' | tr -d ')')), AddressSanitizer"
  fuzz_cmd=(cargo +nightly fuzz)
  sanitizer=()
elif [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ]; then
  toolchain="Debian rustc $(/usr/bin/rustc --version | awk '{print $2}') with RUSTC_BOOTSTRAP=1, no sanitizer"
  # Debian's cargo and rustc first; ~/.cargo/bin stays on PATH for cargo-fuzz.
  export PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1
  fuzz_cmd=(cargo fuzz)
  sanitizer=(--sanitizer none)
else
  echo "fuzz.sh: skipped: no nightly-capable Rust compiler (neither rustup's nightly toolchain nor Debian's rustc-web at /usr/bin/rustc)"
  exit 0
fi

found=$(cargo fuzz --version 2>/dev/null | awk '{print $2}' || true)
if [ "$found" != "$FUZZ_VERSION" ]; then
  echo "fuzz.sh: installing cargo-fuzz $FUZZ_VERSION${found:+ (found $found)} with cargo install (a minute or two, once)" >&2
  nice -n 19 cargo install -q cargo-fuzz --version "$FUZZ_VERSION" --locked \
    || { echo "fuzz.sh: error: cargo install cargo-fuzz $FUZZ_VERSION failed" >&2; exit 1; }
fi

# --- build and run -------------------------------------------------------------------------
logs=$ROOT/fuzz/target/logs
mkdir -p "$logs"
if [ $long = 1 ]; then
  work=$ROOT/fuzz/target/corpus
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
echo "fuzz.sh: $toolchain; ${#targets[@]} target(s), ${seconds} s each" >&2
echo "fuzz.sh: building the fuzz targets (first build: a few minutes)" >&2
(cd fuzz && nice -n 19 "${fuzz_cmd[@]}" build "${sanitizer[@]}" >"$logs/build.log" 2>&1) \
  || { tail -n 40 "$logs/build.log" >&2; echo "fuzz.sh: error: the fuzz targets did not build (log: fuzz/target/logs/build.log)" >&2; exit 1; }

passed=0 failed=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "fuzz/artifacts/$t"
  log=$logs/$t.log
  # New inputs go to the first corpus folder ($work), never into the committed seeds.
  # -timeout: one input taking 10 s is a hang, reported like a crash.
  if (cd fuzz && nice -n 19 "${fuzz_cmd[@]}" run "${sanitizer[@]}" "$t" "$work/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1); then
    stats=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    echo "ok - $t: ${stats:-no stats line}"
    passed=$((passed + 1))
  else
    tail -n 40 "$log" >&2
    echo "not ok - $t: the fuzzer failed (log: fuzz/target/logs/$t.log; input: fuzz/artifacts/$t/)"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
