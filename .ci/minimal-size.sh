#!/usr/bin/env bash
# The no_std echo server (examples/minimal, bsdsock with default-features = false) against the
# same program in C (examples/minimal/echo.c): build both, run both and talk to them, print
# the sizes, and check the bsdsock one is no larger than the C one, for glibc (dynamic) and
# for x86_64-unknown-linux-musl (static).
#
# Like for like: both stripped, smallest-size optimisation (Rust: profile `tiny` = opt-level
# z, LTO, one codegen unit, panic abort; C: gcc -Os -s), each toolchain's default linker on
# glibc (rustc: its bundled rust-lld; gcc: bfd). For musl static, musl-gcc -static makes a
# non-PIE executable, so the Rust one is linked non-PIE too (relocation-model=static), with
# rust-lld (rustc's default for musl is bfd via cc, which makes a static-pie). The other
# variants are printed for the record, unchecked.
set -uo pipefail
cd "$(dirname "$0")/.."
M=examples/minimal
out=target/minimal
mkdir -p $out
fails=0
GCCLD=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld
LLD="-C link-arg=-B$GCCLD -C link-arg=-fuse-ld=lld"

build() { # name, cargo args... -> prints path
  local dir=$1; shift
  cargo build -q --manifest-path $M/Cargo.toml --profile tiny --target-dir "$PWD/$out/$dir" "$@" >&2 || return 1
}
size_of() { stat -c %s "$1"; }

# Talk to a server binary: echo round trip, a second client, then "stop"; all bounded.
smoke() { # label, binary
  local label=$1 bin=$2 port=$(( 20000 + RANDOM % 12000 ))  # below the ephemeral range (32768-60999)
  "$bin" $port & local pid=$!
  local ok=0 i
  # Up to 10 s for the server to listen (a loaded CI machine starts it late).
  for i in $(seq 200); do
    if { exec 3<>/dev/tcp/127.0.0.1/$port; } 2>/dev/null; then ok=1; break; fi
    sleep 0.05
  done
  local got1= got2=
  if [ $ok = 1 ]; then
    printf 'hello bsdsock' >&3; IFS= read -r -t 5 -N 13 got1 <&3; exec 3>&-
    exec 3<>/dev/tcp/127.0.0.1/$port; printf 'again' >&3; IFS= read -r -t 5 -N 5 got2 <&3; exec 3>&-
    exec 3<>/dev/tcp/127.0.0.1/$port; printf 'stop' >&3; exec 3>&-
  fi
  local rc=
  for i in $(seq 100); do kill -0 $pid 2>/dev/null || { wait $pid; rc=$?; break; }; sleep 0.05; done
  if [ -z "$rc" ]; then kill $pid 2>/dev/null; wait $pid 2>/dev/null; rc=timeout; fi
  if [ "$got1" = "hello bsdsock" ] && [ "$got2" = again ] && [ "$rc" = 0 ]; then
    echo "  ok   $label: echoed two clients, stopped with exit 0"
  else
    echo "  FAIL $label: got '$got1' '$got2', exit $rc"; fails=$((fails + 1))
  fi
}

check() { # label, rust path, c path
  local r=$(size_of "$2") c=$(size_of "$3")
  if [ "$r" -le "$c" ]; then echo "  ok   $1: bsdsock $r bytes <= C $c bytes"
  else echo "  FAIL $1: bsdsock $r bytes > C $c bytes"; fails=$((fails + 1)); fi
}

echo "--- glibc, dynamic (x86_64-unknown-linux-gnu)"
build gnu || { echo "  FAIL: examples/minimal does not build"; exit 1; }
rust_gnu=$out/gnu/tiny/echo-minimal
gcc -Os -s -o $out/echo-c-glibc $M/echo.c
gcc -Os -s -Wl,-z,noseparate-code -o $out/echo-c-glibc-nsc $M/echo.c
smoke "bsdsock no_std (glibc)" $rust_gnu
smoke "C (glibc)" $out/echo-c-glibc
check "glibc dynamic, stripped" $rust_gnu $out/echo-c-glibc
echo "       for the record: C with -Wl,-z,noseparate-code (lld's default layout): $(size_of $out/echo-c-glibc-nsc) bytes"

echo "--- musl, static (x86_64-unknown-linux-musl)"
RUSTFLAGS="-C relocation-model=static $LLD" build musl-static --target x86_64-unknown-linux-musl \
  || { echo "  FAIL: examples/minimal does not build for musl"; exit 1; }
rust_musl=$out/musl-static/x86_64-unknown-linux-musl/tiny/echo-minimal
build musl-default --target x86_64-unknown-linux-musl
musl-gcc -Os -s -static -o $out/echo-c-musl $M/echo.c
musl-gcc -Os -s -static -Wl,-z,noseparate-code -o $out/echo-c-musl-nsc $M/echo.c
smoke "bsdsock no_std (musl static)" $rust_musl
smoke "C (musl static)" $out/echo-c-musl
check "musl static non-PIE, stripped" $rust_musl $out/echo-c-musl
echo "       for the record: Rust with rustc's musl defaults (static-pie, bfd): $(size_of $out/musl-default/x86_64-unknown-linux-musl/tiny/echo-minimal) bytes; C with -Wl,-z,noseparate-code: $(size_of $out/echo-c-musl-nsc) bytes"

[ $fails -eq 0 ] && echo "minimal: all checks passed" || { echo "minimal: $fails check(s) FAILED"; exit 1; }
