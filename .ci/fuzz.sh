#!/usr/bin/env bash
# Run the named cargo-fuzz targets for FUZZ_SECS seconds each (default 60), starting from the
# committed seeds (fuzz/seeds/<target>); fail on any crash, leak or disagreement.
# Usage: bash .ci/fuzz.sh target...
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${FUZZ_SECS:-60}
rustup component add rust-src --toolchain nightly >/dev/null 2>&1 || true
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
mkdir -p target
for t in "$@"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/seeds/$t"
  if ! cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- -max_total_time="$secs" \
       > "target/ci-fuzz-$t.log" 2>&1; then
    echo "fuzz target $t failed"; tail -60 "target/ci-fuzz-$t.log"; exit 1
  fi
  echo "fuzz $t: $(grep -E '^Done [0-9]+ runs' "target/ci-fuzz-$t.log" | tail -1)"
done
