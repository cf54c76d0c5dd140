#!/usr/bin/env bash
# The feature tiers: the core (no features) and `alloc` build and pass their tests too.
# Integration tests and examples that need a feature name it in Cargo.toml
# (required-features), so cargo skips them in a tier that lacks it.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in "--no-default-features" "--no-default-features --features alloc"; do
  echo "--- cargo test $f"
  # shellcheck disable=SC2086
  cargo test $f --target-dir target/features 2>&1 | tee target/features.log \
    | grep -E "^(test result|error)|FAILED|panicked" | grep -v "^test result: ok" || true
  if grep -qE "^error|FAILED|panicked|test result: FAILED" target/features.log; then
    echo "cargo test $f failed"; exit 1
  fi
  echo "  $(grep -c '^test result: ok' target/features.log) test binaries passed," \
       "$(grep -h '^test result' target/features.log | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s}') tests"
done
