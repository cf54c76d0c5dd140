#!/usr/bin/env bash
# Run `cargo test` for each Linux target given (default: the eight core targets) under its
# qemu-user runner or the cross loader (.ci/cross-env.sh), printing only each target's
# `test result:` lines, skip notes, failures and the elapsed time (build included). Full
# logs: target/ci-<triple>.log. Exit 1 if any target fails.
#
# A target may carry a suite after a colon: `sparc64-unknown-linux-gnu:fast` runs the fast
# suites only (FAST below: unit tests, the codec, sockets, msg, netdb, errors, the probe),
# `:tests` every test binary without the doc tests, `:all` (the default) the whole suite.
# Targets without a rustup rust-std (tier 3, or none published for this host) build with
# nightly and -Zbuild-std.
set -uo pipefail
cd "$(dirname "$0")/.."
. .ci/cross-env.sh
. .ci/zig-env.sh
FAST=(--lib --test addr_codec --test socket_io --test msg --test netdb --test socket_errors
      --test probe)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # x86_64-unknown-linux-gnu is the host: .ci/run's own `cargo test` runs its whole suite.
  targets=(x86_64-unknown-linux-musl:tests
           i686-unknown-linux-gnu:tests aarch64-unknown-linux-gnu:tests
           armv7-unknown-linux-gnueabihf:fast riscv64gc-unknown-linux-gnu:fast
           powerpc64le-unknown-linux-gnu:fast s390x-unknown-linux-gnu)
fi
mkdir -p target
failed=()
for spec in "${targets[@]}"; do
  t=${spec%%:*} suite=all
  [ "$spec" != "$t" ] && suite=${spec#*:}
  log="target/ci-$t.log"
  cargo=(cargo)
  case $t in
    mipsel-*|mips64el-*|sparc64-*|loongarch64-*|armv7-unknown-linux-musleabihf)
      # std built from source takes the dev profile: at opt-level 0 the tests spend minutes
      # in std's formatting under qemu (sparc64: one unit test 31 s, 1 s with std at 2).
      cargo=(cargo +nightly -Zbuild-std --config 'profile.dev.package."*".opt-level=2') ;;
  esac
  args=()
  [ "$suite" = fast ] && args=("${FAST[@]}")
  # `:tests`: every test binary, no doc tests (the host's `cargo test` and s390x, the
  # big-endian core target, run those; compiling ~300 examples per target is CI time).
  [ "$suite" = tests ] && args=(--lib --tests)
  # Doc tests read SO_ERROR in one example, which qemu-user does not translate on MIPS and
  # SPARC (tests/socket_common: so_error_untranslated): there the whole suite is every test
  # binary, without the doc tests.
  case "$suite:$t" in all:mips*|all:sparc*) args=(--lib --tests) ;; esac
  # The differential tests' 1,000,000 inputs per test take minutes under qemu on the
  # targets outside the core eight: 100,000 there unless BSDSOCK_DIFF_N says otherwise.
  diff_n=${BSDSOCK_DIFF_N:-}
  case $t in
    powerpc-*|powerpc64-*|mips*|sparc*|loongarch*|*-musleabihf|aarch64-unknown-linux-musl)
      diff_n=${BSDSOCK_DIFF_N:-100000} ;;
  esac
  t0=$(date +%s%N)
  # CPU seconds too (user + system, children included): on a shared machine the wall time
  # says little about what the step costs on CI's idle 2 cores.
  /usr/bin/time -f "%U %S" -o "target/ci-$t.cpu" \
    env ${diff_n:+BSDSOCK_DIFF_N=$diff_n} timeout 1500 "${cargo[@]}" test --target "$t" --no-fail-fast "${args[@]}" >"$log" 2>&1
  rc=$?
  # qemu-loongarch64 7.2 now and then refuses a test process memory: `memory allocation of
  # 2128 bytes failed`, then abort, in about one whole-suite run in four, in a different
  # test binary each time (the library's, addr_codec, ...), with one test thread or many,
  # PIE or not; the same binaries pass alone dozens of times, and no other target shows it.
  # There, the binaries that died that way are run again (at most twice), said in the
  # summary; any other failure stands.
  retry=
  for attempt in 1 2; do
    [ $rc -ne 0 ] && [ "${t%%-*}" = loongarch64 ] || break
    grep -q "^memory allocation of [0-9]* bytes failed" "$log" || break
    # cargo's closing list of the test targets that failed: `--lib`, `--test addr_codec`.
    again=$(sed -n '/^error: [0-9]* targets\{0,1\} failed:/,$p' "$log" | sed -n 's/^ *`\(--lib\|--test [A-Za-z0-9_-]*\)`$/\1/p')
    [ -n "$again" ] || break
    retry="$retry (rerun of $(echo $again | tr -d -) after qemu-loongarch64 refused memory: $(grep -m1 "^memory allocation of" "$log"))"
    mv "$log" "$log.$attempt"
    # shellcheck disable=SC2086
    env ${diff_n:+BSDSOCK_DIFF_N=$diff_n} timeout 1500 "${cargo[@]}" test --target "$t" --no-fail-fast $again >"$log" 2>&1
    rc=$?
    # The counts below add the first run's binaries that passed.
    grep -h "^test result\|^SKIP" "$log.$attempt" >>"$log"
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  cpu=$(tail -1 "target/ci-$t.cpu" 2>/dev/null | awk '{printf "%.0f", $1 + $2}')
  passed=$(grep -h "^test result" "$log" | sed -E "s/.* ([0-9]+) passed.*/\1/" | awk "{s+=\$1} END {print s+0}")
  skipped=$(grep -c "^SKIP" "$log" || true)
  echo "--- $t ($suite): rc=$rc, ${passed:-0} passed, $skipped skip notes, $(( ms / 1000 )).$(( ms % 1000 / 100 )) s wall, ${cpu:-?} s CPU$retry"
  # Skip notes, and the `test result:` lines folded into one: passed per test binary.
  grep -E "^SKIP" "$log" | sed 's/^/  /'
  echo "  test result: $(grep -h "^test result" "$log" | sed -E 's/^test result: ([A-Za-z]+)\. ([0-9]+) passed; ([0-9]+) failed; ([0-9]+) ignored.*/\1 \2\/\3\/\4/' | tr '\n' ' ')(status passed/failed/ignored per binary)"
  # The symbols the probe read from the headers, against what the test binaries import.
  [ $rc -eq 0 ] && { .ci/check-symbols.sh "$t" | grep -v 'extern declarations' || rc=1; }
  if [ $rc -ne 0 ] || ! grep -q "^test result" "$log"; then
    failed+=("$t")
    # The panic message of each failed test, or the build error.
    grep -E -A4 "^---- .* stdout ----|^error(\[|:)" "$log" | grep -v "^stack backtrace" | head -40
  fi
done
if [ ${#failed[@]} -ne 0 ]; then echo "cross tests FAILED for: ${failed[*]}"; exit 1; fi
echo "cross tests passed for ${#targets[@]} targets"
