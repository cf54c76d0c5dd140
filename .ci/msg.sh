#!/usr/bin/env bash
# CI step of the msg branch (netlink, TIPC, ancillary data, batched datagrams): run the
# netlink example once (it must list `lo`), then fuzz the control-message parser for 60 s.
# Called from .ci/run; adds about 60 s of fuzzing plus the fuzz build (~40 s fresh).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- examples/netlink_links"
out=$(cargo run -q --example netlink_links)
echo "$out"
grep -qE '^[0-9]+: lo$' <<<"$out" || { echo "netlink_links did not list lo"; exit 1; }

echo "--- fuzz: cmsg_parse, 60 s"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
(cd fuzz && cargo +nightly fuzz run cmsg_parse -- -max_total_time=60) 2>&1 | tail -5
