#!/usr/bin/env bash
# Build and test on exactly the rust-version Cargo.toml declares (the MSRV), so the
# declaration stays true.
set -euo pipefail
cd "$(dirname "$0")/.."
v=$(sed -nE 's/^rust-version *= *"([0-9.]+)".*/\1/p' Cargo.toml)
[ -n "$v" ] || { echo "no rust-version in Cargo.toml"; exit 1; }
case $v in *.*.*) ;; *) v="$v.0" ;; esac
rustup toolchain list | grep -q "^$v-" || rustup toolchain install "$v" --profile minimal >/dev/null
echo "--- cargo +$v test (declared rust-version $v)"
cargo "+$v" test --target-dir target/msrv 2>&1 | tee target/msrv.log \
  | grep -E "^(error|warning: unused)|FAILED|panicked" || true
if ! grep -q "^test result" target/msrv.log || grep -qE "^error|FAILED|test result: FAILED" target/msrv.log; then
  echo "MSRV $v: build or tests failed"; tail -40 target/msrv.log; exit 1
fi
echo "MSRV $v: $(grep -c '^test result: ok' target/msrv.log) test binaries passed," \
     "$(grep -h '^test result' target/msrv.log | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s}') tests"
