#!/usr/bin/env bash
# Checking MSG_TRUNC / MSG_CTRUNC on a received message must not pull the table of every
# constant into a program: build examples/sizecheck's two fd-passing programs (the same but
# for `truncated() || ctruncated()`), stripped release, run both, and fail if the one with
# the calls is more than 10 KB larger.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$PWD/target/sizecheck
cargo build -q --release --manifest-path examples/sizecheck/Cargo.toml --target-dir "$out"
with=$out/release/fdpass-with-flags
without=$out/release/fdpass-without-flags
"$with" && "$without"
a=$(stat -c %s "$with"); b=$(stat -c %s "$without")
echo "stripped release: with truncated()/ctruncated() $a B, without $b B, difference $((a - b)) B"
[ $((a - b)) -le 10240 ] || { echo "the flag checks cost more than 10 KB"; exit 1; }
