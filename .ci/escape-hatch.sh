#!/usr/bin/env bash
# The escape hatch (README, "Escape hatch"): build and test for a target with a saved marker
# file and no C compiler for it, and the three ways it can go wrong, each checked on the error
# text. Uses aarch64-unknown-linux-gnu (tests run under qemu-user); the probe's compiler is
# taken away with CC_aarch64_unknown_linux_gnu=/nonexistent (the linker stays: it is not the
# probe). Own target dir, so the build script really reruns. Exit 1 on any failed check.
set -uo pipefail
cd "$(dirname "$0")/.."
. .ci/cross-env.sh
T=aarch64-unknown-linux-gnu U=aarch64_unknown_linux_gnu
D=target/escape-hatch
mkdir -p $D
fails=0
check() { # description, log, grep pattern...
  local what=$1 log=$2; shift 2
  for pat in "$@"; do
    if ! grep -qF -- "$pat" "$log"; then
      echo "  FAIL $what: no '$pat' in the output:"; sed 's/^/    /' "$log" | grep -v rustc-cfg | tail -15
      fails=$((fails + 1)); return
    fi
  done
  echo "  ok   $what"
}
# A marker file saved by an ordinary build for the target, and one for another target.
saved() { # triple -> path of its markers.txt (builds the lib once if needed)
  cargo build -q --target "$1" --target-dir $D/src >/dev/null 2>&1
  ls -t $D/src/"$1"/debug/build/bsdsock-*/out/markers.txt | head -1
}
good=$(saved $T)
other=$(saved armv7-unknown-linux-gnueabihf)
same_abi=$(saved riscv64gc-unknown-linux-gnu)

# The fast suites (unit tests, codec, sockets, msg, netdb, errors, probe): the build from
# the saved file is what is checked here; the whole suite on this target runs in cross-test.
echo "--- 1. saved marker file, no C compiler: cargo test --target $T (fast suites)"
log=$D/1.log
timeout 1200 env "CC_$U=/nonexistent" "BSDSOCK_MARKERS_$U=$PWD/$good" \
  cargo test --target $T --target-dir $D/hatch --lib --test addr_codec --test socket_io \
  --test msg --test netdb --test socket_errors --test probe -- --nocapture >$log 2>&1
check "tests pass from the saved file" $log "test result: ok" "probe source: saved marker file"
grep -h "^test result" $log | sed 's/^/    /'
new=$(ls -t $D/hatch/$T/debug/build/bsdsock-*/out/markers.txt | head -1)
if diff <(grep -v '^#' "$good") <(grep -v '^#' "$new") >/dev/null; then
  echo "  ok   same $(grep -vc '^#' "$good") values as the compiler's probe"
else echo "  FAIL values differ from the probe's"; fails=$((fails + 1)); fi

echo "--- 2. no C compiler and no marker file"
log=$D/2.log
env "CC_$U=/nonexistent" cargo build --target $T --target-dir $D/bad >$log 2>&1
check "stops with what to install / set" $log "no C compiler for target $T" \
  "apt-get install gcc-aarch64-linux-gnu" "set CC_$U" "BSDSOCK_MARKERS_$U"

echo "--- 3. malformed marker file"
log=$D/3.log
bad=$PWD/$D/malformed.txt
awk 'NR == 7 { print "C:AF_INET=two"; next } { print }' "$good" >"$bad"
env "CC_$U=/nonexistent" "BSDSOCK_MARKERS_$U=$bad" cargo build --target $T --target-dir $D/bad >$log 2>&1
check "error names file:line" $log "$bad:7: malformed marker"

echo "--- 4. marker file from another target"
log=$D/4a.log
env "CC_$U=/nonexistent" "BSDSOCK_MARKERS_$U=$PWD/$other" cargo build --target $T --target-dir $D/bad >$log 2>&1
check "armv7 file for aarch64: build.rs names both" $log "values are for arm-linux, but the target $T is aarch64-linux"
log=$D/4b.log
# The same file without its CPU/OS markers: now the compile-time layout asserts catch it.
grep -vE '^M:(arch|os)_' "$PWD/$other" >$D/other-anon.txt
env "CC_$U=/nonexistent" "BSDSOCK_MARKERS_$U=$PWD/$D/other-anon.txt" cargo build --target $T --target-dir $D/bad >$log 2>&1
check "armv7 file without identity: layout asserts stop the build" $log "differs from sys/" "error[E0080]"
log=$D/4c.log
env "CC_$U=/nonexistent" "BSDSOCK_MARKERS_$U=$PWD/$same_abi" cargo build --target $T --target-dir $D/bad >$log 2>&1
check "riscv64 file (same layouts) for aarch64: caught by the identity check" $log "values are for riscv64-linux"

[ $fails -eq 0 ] && echo "escape hatch: all checks passed" || { echo "escape hatch: $fails check(s) FAILED"; exit 1; }
