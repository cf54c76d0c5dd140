#!/usr/bin/env bash
# Non-Linux targets through zig cc (pip install ziglang): the probe runs against each OS's own
# headers as zig ships them, the library builds (layout asserts are compile-time, so a build
# is the layout check), the test binaries are linked (not run: no emulator for these OSes), and
# clippy is clean for each.
#   x86_64-unknown-freebsd, x86_64-unknown-netbsd, aarch64-apple-darwin: stable, rust-std
#   x86_64-unknown-openbsd: tier 3, nightly -Zbuild-std
# Prints one line per step; full logs in target/ci-<triple>.log. Exit 1 on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
. .ci/zig-env.sh
python3 -m ziglang version >/dev/null 2>&1 || pip install -q ziglang
mkdir -p target/zig-stubs
# FreeBSD's std links -lkvm -lmemstat -lprocstat -ldevstat, which zig does not ship: empty
# stand-ins satisfy the search (--as-needed drops them; a symbol really needed from one would
# still be an undefined-symbol error).
stub=target/zig-stubs/x86_64-freebsd
if [ ! -f $stub/libkvm.so ]; then
  mkdir -p $stub && echo 'void bsdsock_link_stub(void) {}' > target/zig-stubs/empty.c
  for l in kvm memstat procstat devstat; do
    "$CC_x86_64_unknown_freebsd" -shared -o $stub/lib$l.so target/zig-stubs/empty.c
  done
fi
export CARGO_TARGET_X86_64_UNKNOWN_FREEBSD_RUSTFLAGS="-L native=$PWD/$stub"
# rustc asks xcrun for a macOS SDK; zig brings its own libSystem, an empty SDKROOT will do.
mkdir -p target/zig-stubs/macos-sdk
export SDKROOT=$PWD/target/zig-stubs/macos-sdk

failed=()
run() { # label log command...
  local label=$1 log=$2; shift 2
  local t0=$(date +%s%N)
  if timeout 1200 "$@" >>"$log" 2>&1; then
    echo "  ok   $label ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
  else
    echo "  FAIL $label"; grep -E "^error|differs|panicked" "$log" | head -5; failed+=("$label")
  fi
}
for t in x86_64-unknown-freebsd x86_64-unknown-netbsd aarch64-apple-darwin x86_64-unknown-openbsd; do
  log=target/ci-$t.log; : >"$log"
  echo "--- $t"
  if [ $t = x86_64-unknown-openbsd ]; then
    cargo=(cargo +nightly); bs=(-Zbuild-std=core,alloc); bstest=(-Zbuild-std)
  else
    cargo=(cargo); bs=(); bstest=()
  fi
  run "build --no-default-features" "$log" "${cargo[@]}" build -q "${bs[@]}" --target $t --no-default-features
  run "build --features alloc" "$log" "${cargo[@]}" build -q "${bs[@]}" --target $t --no-default-features --features alloc
  run "test --no-run (link)" "$log" "${cargo[@]}" test -q --no-run "${bstest[@]}" --target $t
  case $t in *-apple-*) ;; *)  # ELF: imported symbols against the probe's renames
    .ci/check-symbols.sh $t | grep -v 'extern declarations' || failed+=("$t symbols") ;;
  esac
  run "clippy -D warnings" "$log" "${cargo[@]}" clippy -q "${bstest[@]}" --target $t --all-targets --all-features -- -D warnings
  out=$(ls -t ${CARGO_TARGET_DIR:-target}/$t/debug/build/bsdsock-*/output 2>/dev/null | head -1)
  [ -n "$out" ] && echo "  $(grep -h 'probe took' "$out" | sed 's/ (\/.*//; s/,.*(/ (/')"
  m=$(ls -t ${CARGO_TARGET_DIR:-target}/$t/debug/build/bsdsock-*/out/markers.txt 2>/dev/null | head -1)
  [ -n "$m" ] && echo "  $(grep -E '^C:' "$m" | wc -l) constants; $(grep -hE '^(C:(SOL_SOCKET|EAI_NONAME|MSG_NOSIGNAL|SO_NOSIGPIPE|SOCK_CLOEXEC)|S:sockaddr_storage|F:sockaddr_un.sun_path|O:addrinfo.ai_addr)=' "$m" | tr '\n' ' ')"
done
if [ ${#failed[@]} -ne 0 ]; then echo "non-Linux builds FAILED: ${failed[*]}"; exit 1; fi
echo "non-Linux targets: probe, build and link ok"
