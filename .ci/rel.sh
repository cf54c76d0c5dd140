#!/usr/bin/env bash
# Reliability checks of issue 9, called from .ci/run (or by hand):
#   bash .ci/rel.sh            ASan test suite, Miri on the pure core, each fuzz target 60 s
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
    --target-dir target/asan 2>&1 | tee target/rel-asan.log \
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
  command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
  local s; s=$(t0)
  for t in $FUZZ_TARGETS; do
    mkdir -p "target/fuzz-corpus/$t"
    # New inputs go to the first (scratch) directory; the committed seeds stay as they are.
    if ! (cd fuzz && timeout $((secs + 120)) cargo +nightly fuzz run -O "$t" \
          "../target/fuzz-corpus/$t" "seeds/$t" -- -max_total_time="$secs" \
          >"../target/rel-fuzz-$t.log" 2>&1); then
      echo "fuzz target $t failed"; tail -40 "target/rel-fuzz-$t.log"; exit 1
    fi
    echo "rel: fuzz $t: $(grep -E '^Done [0-9]+ runs' "target/rel-fuzz-$t.log" | tail -1)"
  done
  echo "rel: fuzzing took $(( $(t0) - s )) s"
}

mkdir -p target
case "$what" in
  all) setup; asan; miri; fuzz ;;
  asan) setup; asan ;;
  miri) setup; miri ;;
  fuzz) setup; fuzz ;;
  *) echo "usage: $0 [all|asan|miri|fuzz [seconds]]"; exit 2 ;;
esac
