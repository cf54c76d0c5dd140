#!/usr/bin/env bash
# Run `cargo test` for each Linux target given (default: all eight) under its qemu-user runner
# or the cross loader (.ci/cross-env.sh), printing only each target's `test result:` lines,
# failures and the elapsed time. Full logs: target/ci-<triple>.log. Exit 1 if any target fails.
set -uo pipefail
cd "$(dirname "$0")/.."
. .ci/cross-env.sh
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(x86_64-unknown-linux-gnu x86_64-unknown-linux-musl i686-unknown-linux-gnu
           aarch64-unknown-linux-gnu armv7-unknown-linux-gnueabihf riscv64gc-unknown-linux-gnu
           powerpc64le-unknown-linux-gnu s390x-unknown-linux-gnu)
fi
mkdir -p target
failed=()
for t in "${targets[@]}"; do
  log="target/ci-$t.log"
  t0=$(date +%s%N)
  timeout 1200 cargo test --target "$t" >"$log" 2>&1
  rc=$?
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  passed=$(grep -h "^test result" "$log" | sed -E "s/.* ([0-9]+) passed.*/\1/" | awk "{s+=\$1} END {print s+0}")
  skipped=$(grep -c "^SKIP" "$log" || true)
  echo "--- $t: rc=$rc, ${passed:-0} passed, $skipped skip notes, $(( ms / 1000 )).$(( ms % 1000 / 100 )) s"
  # Skip notes, and the summary lines of the binaries that ran tests.
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
