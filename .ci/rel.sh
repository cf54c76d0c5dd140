#!/usr/bin/env bash
# Reliability checks of issue 9, called from .ci/run (or by hand):
#   bash .ci/rel.sh            ASan test suite (every test binary; doc tests run unsanitized), Miri on the pure core, each fuzz target 60 s
#   bash .ci/rel.sh asan|miri  one of them
#   bash .ci/rel.sh fuzz [S]   the fuzz targets, S seconds each (default 60)
# The signal storm, descriptor hygiene and load tests are ordinary integration tests
# (tests/signal_storm.rs, tests/fd_hygiene.rs, tests/load.rs): `cargo test` runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
secs=${2:-60}
FUZZ_TARGETS="sockaddr_family getsockopt_decode probe_markers"
t0() { date +%s; }

setup() {
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  rustup component add rust-src miri --toolchain nightly >/dev/null 2>&1
}

asan() {
  local s; s=$(t0)
  # BSDSOCK_ASAN tells tests/fd_hygiene.rs to skip its EMFILE group (ASan opens
  # descriptors of its own to report).
  BSDSOCK_ASAN=1 RUSTFLAGS=-Zsanitizer=address RUSTDOCFLAGS=-Zsanitizer=address \
    timeout 1500 cargo +nightly test -Zbuild-std --target x86_64-unknown-linux-gnu \
    --target-dir target/asan --lib --tests 2>&1 | tee target/rel-asan.log \
    | grep -E "^(test result|running|error)|FAILED|panicked|AddressSanitizer|skipped" || true
  if ! grep -q "^test result" target/rel-asan.log || grep -q "FAILED\|^error\|AddressSanitizer" target/rel-asan.log; then
    echo "ASan test run failed"; tail -60 target/rel-asan.log; exit 1
  fi
  echo "rel: ASan test suite took $(( $(t0) - s )) s"
}

miri() {
  local s; s=$(t0)
  timeout 1200 cargo +nightly miri test --lib --target-dir target/miri 2>&1 | tee target/rel-miri.log \
    | grep -E "^(test result|error)|FAILED|Undefined Behavior" || true
  if ! grep -q "^test result: ok" target/rel-miri.log; then
    echo "Miri run failed"; tail -60 target/rel-miri.log; exit 1
  fi
  echo "rel: Miri (pure core, cargo miri test --lib) took $(( $(t0) - s )) s"
}

fuzz() {
  # The decoders' fuzz targets run through the shared runner, with the others.
  FUZZ_SECS=$secs bash .ci/fuzz.sh $FUZZ_TARGETS
}

mkdir -p target
case "$what" in
  all) setup; asan; miri; fuzz ;;
  asan) setup; asan ;;
  miri) setup; miri ;;
  fuzz) setup; fuzz ;;
  *) echo "usage: $0 [all|asan|miri|fuzz [seconds]]"; exit 2 ;;
esac
