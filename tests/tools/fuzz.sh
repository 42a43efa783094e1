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
# printed. Replay one (nightly): cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# (Debian: PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none ... the same).
#
# Toolchain, first that works: (1) rustup's nightly (`cargo +nightly fuzz`, AddressSanitizer);
# (2) rustup's default (stable) toolchain with RUSTC_BOOTSTRAP=1, with AddressSanitizer when
# its runtime is there (rustup's toolchains ship it): what a fresh machine has; (3) Debian's
# rustc-web (/usr/bin/rustc) with RUSTC_BOOTSTRAP=1 and no sanitizer (Debian ships no
# sanitizer runtimes). Without ASan, libFuzzer still finds panics, arithmetic overflow (debug
# assertions are on), hangs and runaway memory: the targets are safe Rust.
# FUZZ_TOOLCHAIN=nightly, =rustup or =debian forces one (an error if it is not there).
# cargo-fuzz $FUZZ_VERSION is installed with cargo install if missing. With no compiler at all
# the run is skipped with one line (exit 0): the ONLY case that passes without fuzzing.
# FUZZ_ARGS adds libFuzzer flags, e.g. FUZZ_ARGS=-runs=0 only replays the corpus.
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
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) [[ " ${ALL_TARGETS[*]} " == *" $arg "* ]] || { echo "fuzz.sh: no target $arg (targets: ${ALL_TARGETS[*]})" >&2; exit 2; }
       targets+=("$arg") ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
if [ $long = 1 ]; then seconds=${FUZZ_SECONDS:-600}; else seconds=${FUZZ_SECONDS:-30}; fi

export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
# A panic in a target prints its backtrace; cargo-fuzz's own error (anyhow) does not.
export RUST_BACKTRACE=${RUST_BACKTRACE:-1} RUST_LIB_BACKTRACE=0
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH=$PATH:$HOME/.cargo/bin ;; esac

# --- the toolchain -------------------------------------------------------------------------
DEBIAN_BIN=${DEBIAN_BIN:-/usr/bin} # where rustc-web puts cargo and rustc
have_rustup() { command -v rustup >/dev/null 2>&1 && rustup run "$1" rustc --version >/dev/null 2>&1; }
default_tc=$(rustup default 2>/dev/null | awk '{print $1}' || true)
have_debian() { [ -x "$DEBIAN_BIN/cargo" ] && [ -x "$DEBIAN_BIN/rustc" ]; }
mode=${FUZZ_TOOLCHAIN:-}
case $mode in
  nightly) have_rustup nightly || { echo "fuzz.sh: error: FUZZ_TOOLCHAIN=nightly, but rustup has no nightly toolchain" >&2; exit 1; } ;;
  rustup) [ -n "$default_tc" ] && have_rustup "$default_tc" || { echo "fuzz.sh: error: FUZZ_TOOLCHAIN=rustup, but rustup has no default toolchain" >&2; exit 1; } ;;
  debian) have_debian || { echo "fuzz.sh: error: FUZZ_TOOLCHAIN=debian, but there is no $DEBIAN_BIN/rustc (apt-get install rustc-web cargo-web)" >&2; exit 1; } ;;
  "") if have_rustup nightly; then mode=nightly
      elif [ -n "$default_tc" ] && have_rustup "$default_tc"; then mode=rustup
      elif have_debian; then mode=debian; fi ;;
  *) echo "fuzz.sh: error: FUZZ_TOOLCHAIN must be nightly, rustup or debian" >&2; exit 2 ;;
esac
# Each toolchain builds in a target folder of its own, so that switching does not rebuild all.
# With rustup, its proxies go first on PATH (./dev may have put Debian's cargo first) and
# RUSTUP_TOOLCHAIN picks the toolchain for cargo, cargo-fuzz's own cargo calls and rustc.
case $mode in
  nightly)
    toolchain="rustup nightly ($(rustup run nightly rustc --version | awk '{print $2}')), AddressSanitizer"
    export PATH=$(dirname "$(command -v rustup)"):$PATH RUSTUP_TOOLCHAIN=nightly
    build_opts=() ;;
  rustup)
    # A stable toolchain with nightly features unlocked. rustup's toolchains ship the
    # sanitizer runtimes, so AddressSanitizer works when the runtime is there.
    export PATH=$(dirname "$(command -v rustup)"):$PATH RUSTUP_TOOLCHAIN=$default_tc RUSTC_BOOTSTRAP=1
    build_opts=(--target-dir "$ROOT/fuzz/target/rustup")
    sysroot=$(rustup run "$default_tc" rustc --print sysroot)
    if compgen -G "$sysroot/lib/rustlib/*/lib/librustc-*_rt.asan.a" >/dev/null; then sanitizer=AddressSanitizer
    else sanitizer="no sanitizer (no ASan runtime)"; build_opts+=(--sanitizer none); fi
    toolchain="rustup $default_tc ($(rustup run "$default_tc" rustc --version | awk '{print $2}')) with RUSTC_BOOTSTRAP=1, $sanitizer" ;;
  debian)
    # Debian's rustc ships no sanitizer runtimes. Its cargo and rustc go first on PATH;
    # ~/.cargo/bin stays on it for cargo-fuzz.
    toolchain="Debian rustc $("$DEBIAN_BIN/rustc" --version | awk '{print $2}') with RUSTC_BOOTSTRAP=1, no sanitizer"
    export PATH=$DEBIAN_BIN:$PATH RUSTC_BOOTSTRAP=1
    build_opts=(--sanitizer none --target-dir "$ROOT/fuzz/target/debian") ;;
  *)
    echo "fuzz.sh: skipped: no Rust compiler that can build fuzz targets (no rustup toolchain, no Debian rustc-web at $DEBIAN_BIN/rustc)"
    exit 0 ;;
esac

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
(cd fuzz && nice -n 19 cargo fuzz build "${build_opts[@]}" >"$logs/build.log" 2>&1) \
  || { tail -n 40 "$logs/build.log" >&2; echo "fuzz.sh: error: the fuzz targets did not build (log: fuzz/target/logs/build.log)" >&2; exit 1; }

passed=0 failed=0
for t in "${targets[@]}"; do
  mkdir -p "$work/$t" "fuzz/artifacts/$t"
  log=$logs/$t.log
  # New inputs go to the first corpus folder ($work), never into the committed seeds.
  # -timeout: one input taking 10 s is a hang, reported like a crash.
  # Seeds: the committed corpus, except for the lesson compiler, whose seeds are the course and
  # the compiler's fixtures, read in place (no copies to go stale).
  seeds=()
  if [ "$t" = lesson_compiler ]; then
    seeds=("$ROOT/lessons" "$ROOT"/tests/fixtures/lessons/*/)
  else
    seeds=("corpus/$t")
  fi
  if (cd fuzz && nice -n 19 cargo fuzz run "${build_opts[@]}" "$t" "$work/$t" "${seeds[@]}" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1); then
    stats=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    echo "ok - $t: ${stats:-no stats line}"
    passed=$((passed + 1))
  else
    # The fuzzer's report without its progress lines: the panic or sanitizer message, the
    # backtrace, the input's name and how to reproduce it.
    grep -vE '^#[0-9]+|NEW_FUNC' "$log" | tail -n 60 >&2
    echo "not ok - $t: the fuzzer failed (log: fuzz/target/logs/$t.log; input: fuzz/artifacts/$t/)"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
