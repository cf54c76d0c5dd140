#!/usr/bin/env bash
# CI step of the msg branch (netlink, TIPC, ancillary data, batched datagrams): run the
# netlink example once (it must list `lo`). Its fuzz target, cmsg_parse, runs with the others
# in .ci/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "--- examples/netlink_links"
out=$(cargo run -q --example netlink_links)
echo "$out"
grep -qE '^[0-9]+: lo$' <<<"$out" || { echo "netlink_links did not list lo"; exit 1; }
