#!/usr/bin/env bash
# Python 3.13's additions, end to end: run the four examples (dual-stack create_server echo,
# fd passing, sendfile file server, and the AF_PACKET sniffer on lo, which needs root or
# CAP_NET_RAW and says so when it cannot run). Each must exit 0 and print what it checked.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --examples
for ex in create_server_echo fd_passing sendfile_server; do
  echo "--- $ex"
  timeout 60 cargo run -q --example "$ex"
done
echo "--- packet_sniffer"
if [ "$(id -u)" = 0 ]; then
  timeout 60 cargo run -q --example packet_sniffer -- lo 6
else
  echo "SKIP packet_sniffer: needs root (CAP_NET_RAW) for AF_PACKET"
fi
