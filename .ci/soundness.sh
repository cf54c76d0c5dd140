#!/usr/bin/env bash
# Soundness runs. Usage: .ci/soundness.sh odd-alloc
#
# odd-alloc: the whole test suite (unit and integration tests; doctests left out for time)
# under a global allocator that hands out minimally aligned blocks (src/sys/odd_alloc.rs):
# every byte buffer starts at an odd address, so code that stores or reads pointers or
# integers in a byte buffer trips Rust's debug "misaligned pointer dereference" check
# instead of passing by luck of malloc's 16-byte alignment. Separate target dir: the cfg
# changes every crate's flags.
set -euo pipefail
cd "$(dirname "$0")/.."

odd_alloc() {
  local log=target/odd-alloc.log t0=$SECONDS
  echo "--- cargo test --lib --tests (RUSTFLAGS=--cfg bsdsock_odd_alloc)"
  RUSTFLAGS="${RUSTFLAGS:-} --cfg bsdsock_odd_alloc" \
    cargo test --no-fail-fast --lib --tests --target-dir target/odd-alloc 2>&1 | tee "$log" \
    | grep -E "^(test result|error)|FAILED|panicked|misaligned|SIGABRT|signal:" \
    | grep -v "^test result: ok" || true
  if grep -qE "^error|FAILED|panicked|test result: FAILED|misaligned|SIGABRT|signal:" "$log"; then
    echo "odd-alloc run failed ($((SECONDS - t0)) s); see $log"; exit 1
  fi
  echo "  $(grep -c '^test result: ok' "$log") test binaries passed," \
       "$(grep -h '^test result' "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s}') tests," \
       "$((SECONDS - t0)) s"
}

case "${1:-}" in
  odd-alloc) odd_alloc ;;
  *) echo "usage: $0 odd-alloc" >&2; exit 2 ;;
esac
