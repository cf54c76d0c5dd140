#!/usr/bin/env bash
# Symbol renames: a <header> may bind a C name to another symbol (NetBSD:
# `int socket(int, int, int) __RENAME(__socket30)`; 64-bit time_t: `__clock_gettime50`; glibc:
# `strerror_r` is `__xpg_strerror_r` outside _GNU_SOURCE, `__clock_gettime64` with _TIME_BITS=64).
# A hand-written `extern "C"` declaration must link to that symbol, or it gets the old ABI.
# This lists the renames in the target's headers (zig cc -E: `name(...) __asm("symbol")`) and
# fails if a linked test binary still imports a renamed name.
# Usage: .ci/check-renames.sh <rust-triple> <C compiler>   (after cargo test [--no-run])
set -uo pipefail
cd "$(dirname "$0")/.."
t=$1 cc=$2
mkdir -p target/zig-stubs
src=target/zig-stubs/renames.c
printf '%s\n' '#define _NETBSD_SOURCE 1' '#define _BSD_SOURCE 1' '#include <sys/types.h>' \
  '#include <sys/socket.h>' '#include <sys/time.h>' '#include <time.h>' '#include <poll.h>' \
  '#include <netdb.h>' '#include <unistd.h>' '#include <fcntl.h>' '#include <string.h>' \
  '#include <arpa/inet.h>' '#include <signal.h>' '#include <sys/resource.h>' \
  '#include <sys/ioctl.h>' '#include <sys/uio.h>' '#include <sys/un.h>' >$src
if ! "$cc" -E -P $src >target/zig-stubs/renames-$t.i 2>/dev/null; then
  echo "  FAIL $t: $cc -E $src failed"; exit 1
fi
tr '\n' ' ' <target/zig-stubs/renames-$t.i | sed 's/"" *"/"/g' \
  | grep -oE '\b[A-Za-z_][A-Za-z0-9_]*\s*\([^;()]*(\([^;()]*\)[^;()]*)*\)\s*__asm(__)?\s*\(\s*"[^"]+"\s*\)' \
  | sed -E 's/^([A-Za-z0-9_]+)\s*\(.*__asm(__)?\s*\(\s*"([^"]+)".*/\1 \3/' \
  | awk '$1 != $2' | sort -u >target/zig-stubs/renames-$t.txt
imports=$(for b in target/$t/debug/deps/*; do
  case $b in *.d|*.rlib|*.rmeta|*.o) continue ;; esac
  [ -x "$b" ] && readelf --dyn-syms -W "$b" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "UND") { print $(i + 1); break } }'
done | sed 's/@.*//' | sort -u)
n=$(wc -l <target/zig-stubs/renames-$t.txt)
if [ -z "$imports" ]; then
  # Static binaries (musl) import nothing: fine when the headers rename nothing.
  if [ "$n" -eq 0 ]; then echo "  ok   symbol renames: none in the headers"; exit 0; fi
  echo "  FAIL $t: $n renames in the headers, but no dynamically linked binary to check"; exit 1
fi
bad=0
while read -r name sym; do
  if grep -qx "$name" <<<"$imports"; then
    echo "  FAIL $t: a binary imports '$name', which the headers rename to '$sym'"; bad=1
  fi
done <target/zig-stubs/renames-$t.txt
used=$(while read -r name sym; do grep -qx "$sym" <<<"$imports" && echo "$sym"; done \
  <target/zig-stubs/renames-$t.txt | tr '\n' ' ')
[ $bad = 0 ] && echo "  ok   symbol renames: $n in the headers, none bypassed${used:+; linked: $used}"
exit $bad
