#!/usr/bin/env bash
# 32-bit targets whose C headers rename functions for 64-bit time_t / off_t / rlim_t, where
# linking the plain name silently gets the 32-bit ABI (the layout assertions cannot see it):
#   musl    armv7-unknown-linux-musleabihf: musl 1.2 (zig cc's headers and libc), time_t is
#           64-bit and clock_gettime is __clock_gettime64, ppoll __ppoll_time64, ...; nightly
#           -Zbuild-std (no rust-std for it from rustup here), tests under qemu-arm.
#   glibc   i686-unknown-linux-gnu with CFLAGS -D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64 (what
#           Debian's armhf/i386 move to): getrlimit is getrlimit64, setsockopt
#           __setsockopt64, ...; tests natively through the cross loader.
# Each builds, checks the probed symbols against what its test binaries import
# (.ci/check-symbols.sh), and runs the suites below: the library's unit tests (they call
# sys/ directly), the fast suites, the symbol/layout checks, and the integration tests that
# pass time values, option buffers and descriptors through the renamed calls. Every test
# binary run is under `timeout`. Usage: .ci/time64.sh [musl] [glibc] (default both).
# Logs: target/ci-time64-*.log.
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=$PWD/target/time64
# The fast suites every added target runs (.ci/cross-test.sh's FAST), and the suites that
# pass time values, option buffers and descriptors through the renamed calls.
SUITES=(--lib --test addr_codec --test socket_io --test msg --test netdb --test socket_errors
        --test probe --test symbols --test io_safety --test sockopt --test timeout_deadlines
        --test select --test fd_hygiene --test connect)
# Idempotent setup (the lead's .ci/run installs most of it).
python3 -m ziglang version >/dev/null 2>&1 || pip install -q ziglang
rustup component add rust-src --toolchain nightly >/dev/null 2>&1 || true
rustup target add i686-unknown-linux-gnu >/dev/null 2>&1 || true
if ! command -v qemu-arm >/dev/null || ! command -v i686-linux-gnu-gcc >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user gcc-i686-linux-gnu >/dev/null
fi
. .ci/zig-env.sh
z=$PWD/.ci/zig
export CC_armv7_unknown_linux_musleabihf=$z/zcc-arm-linux-musleabihf
export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_MUSLEABIHF_LINKER=$z/zcc-arm-linux-musleabihf
# zig brings musl's crt1.o and libc.a; there is no rustc copy to use with -Zbuild-std.
export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_MUSLEABIHF_RUSTFLAGS="-C link-self-contained=no"
export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_MUSLEABIHF_RUNNER="timeout 600 qemu-arm"
export CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_LINKER=i686-linux-gnu-gcc
export CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_RUNNER="timeout 600 /usr/i686-linux-gnu/lib/ld-linux.so.2 --library-path /usr/i686-linux-gnu/lib"
export CFLAGS_i686_unknown_linux_gnu="-D_TIME_BITS=64 -D_FILE_OFFSET_BITS=64"

configs=("$@"); [ ${#configs[@]} -eq 0 ] && configs=(musl glibc)
failed=()
for c in "${configs[@]}"; do
  case $c in
    musl) t=armv7-unknown-linux-musleabihf; cargo=(cargo +nightly -Zbuild-std) ;;
    glibc) t=i686-unknown-linux-gnu; cargo=(cargo) ;;
    *) echo "unknown config $c (musl|glibc)"; exit 2 ;;
  esac
  log=target/ci-time64-$c.log; mkdir -p target; : >"$log"
  t0=$(date +%s)
  timeout 1500 "${cargo[@]}" test --target $t --no-run "${SUITES[@]}" >>"$log" 2>&1
  rc=$?; t1=$(date +%s)
  echo "--- $c ($t): build rc=$rc, $((t1 - t0)) s"
  if [ $rc -ne 0 ]; then grep -E "^error" -A5 "$log" | head -20; failed+=("$c build"); continue; fi
  m=$(ls -t "$CARGO_TARGET_DIR"/$t/debug/build/bsdsock-*/out/markers.txt | head -1)
  echo "  time_t $(sed -n 's/^T:time_t=//p' "$m") bytes, off_t $(sed -n 's/^T:off_t=//p' "$m"), rlim_t $(sed -n 's/^T:rlim_t=//p' "$m"), timeval $(sed -n 's/^S:timeval=//p' "$m"), timespec $(sed -n 's/^S:timespec=//p' "$m")"
  .ci/check-symbols.sh $t | grep -v 'extern declarations' || failed+=("$c symbols")
  timeout 1500 "${cargo[@]}" test --target $t --no-fail-fast "${SUITES[@]}" >>"$log" 2>&1
  rc=$?; t2=$(date +%s)
  passed=$(grep -h "^test result" "$log" | sed -E "s/.* ([0-9]+) passed.*/\1/" | awk '{s+=$1} END {print s+0}')
  echo "  tests rc=$rc: $passed passed in $(grep -c '^test result' "$log") binaries, $((t2 - t1)) s (total $((t2 - t0)) s)"
  grep -E "^SKIP" "$log" | sort -u | sed 's/^/  /'
  if [ $rc -ne 0 ]; then
    grep -E -A6 "^---- .* stdout ----|^error(\[|:)" "$log" | head -40; failed+=("$c tests")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then echo "time64 FAILED: ${failed[*]}"; exit 1; fi
echo "time64: ${configs[*]} ok"
