#!/usr/bin/env bash
# Benchmark harness in quick mode (N/50, one repetition) so it cannot rot: builds the bench
# crate (fetches socket2 from crates.io), the C implementations, runs every implementation
# through every workload and the callgrind counts; writes bench/target/bench-quick.md (never
# BENCHMARKS.md). The full run is `python3 bench/run.py` (README, "Benchmarks").
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; } || true
start=$(date +%s)
python3 bench/run.py --quick
echo "bench quick mode: $(( $(date +%s) - start )) s"
