#!/usr/bin/env bash
# The epoll echo example (examples/epoll_echo.rs) at a CI-sized count: N concurrent loopback
# connections, every byte verified, starting from a soft descriptor limit of 1,024 so the
# RLIMIT_NOFILE raise is exercised. The full run is `cargo run --release --example
# epoll_echo` (10,000 connections; README, "The select module").
#   bash .ci/epoll-echo.sh [N] [M]     (default 3000 connections x 5 messages)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000} m=${2:-5}
cargo build -q --release --example epoll_echo
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 1024 ]; then ulimit -Sn 1024; fi
out=$(timeout 600 target/release/examples/epoll_echo "$n" "$m") || { echo "$out"; exit 1; }
echo "$out"
grep -q "^epoll_echo: ok: " <<<"$out"
