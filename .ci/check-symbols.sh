#!/usr/bin/env bash
# C symbols come from the headers: a <header> may bind a C name to another symbol (musl 1.2
# and glibc with _TIME_BITS=64 on 32-bit targets: clock_gettime -> __clock_gettime64;
# glibc with _FILE_OFFSET_BITS=64: getrlimit -> getrlimit64; NetBSD: socket -> __socket30),
# and a declaration that links the plain name gets the old ABI. bsdsock's build-time probe
# reads the symbol of every C function sys/ declares, and each declaration links through it:
# `#[link_name = sym!("name")]`.
#
# Usage: .ci/check-symbols.sh [<rust-triple>...]
#   Always: every fn/static in every `extern` block of src/ is in src/sys/ and carries
#   `#[link_name = sym!("...")]` (a declaration without one would link a plain name).
#   Per triple given (after a build for it, in $CARGO_TARGET_DIR or target/): the probe's
#   renames for that target, and no bsdsock object (its rlib) referencing a plain name that
#   the headers renamed.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
td=${CARGO_TARGET_DIR:-target}
report=$(find src -name '*.rs' | sort | xargs awk '
  FNR == 1 { depth = -1; attr = "" }
  depth < 0 && /extern "C" *\{/ {
    if (FILENAME !~ /^src\/sys\//) { printf "FAIL %s:%d: extern block outside src/sys/\n", FILENAME, FNR }
    depth = 0
  }
  depth >= 0 {
    line = $0
    if (depth == 1 && match(line, /^[ \t]*(pub(\([a-z]+\))? )?(unsafe )?(safe )?(fn|static) [A-Za-z0-9_]+/)) {
      name = line; sub(/^[ \t]*(pub(\([a-z]+\))? )?(unsafe )?(safe )?(fn|static) /, "", name); sub(/[^A-Za-z0-9_].*/, "", name)
      n++
      if (attr !~ /#\[link_name = sym!\("[A-Za-z0-9_]+"\)\]/) {
        printf "FAIL %s:%d: `%s` has no #[link_name = sym!(\"...\")]\n", FILENAME, FNR, name
      }
      attr = ""
    } else if (depth == 1 && line ~ /^[ \t]*(#\[|\/\/\/)/) {
      attr = attr line
    } else if (depth == 1 && line !~ /^[ \t]*$/ && line !~ /^[ \t]*\/\//) {
      attr = ""
    }
    o = gsub(/\{/, "{", line); c = gsub(/\}/, "}", line)
    depth += o - c
    if (depth <= 0 && (o + c) > 0) depth = -1
  }
  END { printf "DECLS %d\n", n }')
decls=$(sed -n 's/^DECLS //p' <<<"$report")
if grep -q '^FAIL' <<<"$report"; then
  grep '^FAIL' <<<"$report" | sed 's/^/  /'; bad=1
else
  echo "  ok   extern declarations: $decls, each linked through sym!() (the probed symbol)"
fi

for t in "$@"; do
  m=$(ls -t "$td"/$t/debug/build/bsdsock-*/out/markers.txt 2>/dev/null | head -1)
  if [ -z "$m" ]; then echo "  FAIL $t: no markers.txt (build for $t first)"; bad=1; continue; fi
  nsym=$(grep -c '^L:' "$m")
  renames=$(grep '^L:' "$m" | sed 's/^L://' | awk -F= '$1 != $2 && "_" $1 != $2 { print $1 " " $2 }')
  shown=$(awk 'NF { printf "%s%s->%s", sep, $1, $2; sep = ", " }' <<<"$renames")
  # bsdsock's own objects (the rlib), not the test binaries: those also hold Rust std's
  # calls, which keep the target's default ABI (std on i686 calls the 32-bit clock_gettime).
  rlib=$(ls -t "$td"/$t/debug/deps/libbsdsock-*.rlib 2>/dev/null | head -1)
  imports=$([ -n "$rlib" ] && readelf -sW "$rlib" 2>/dev/null \
    | awk '$7 == "UND" && $8 != "" { print $8 }' | sed 's/@.*//' | sort -u)
  tbad=0
  while read -r name sym; do
    [ -n "$name" ] || continue
    if grep -qx "$name" <<<"$imports"; then
      echo "  FAIL $t: bsdsock references '$name', which the headers bind to '$sym'"; tbad=1
    elif ! grep -qx "$sym" <<<"$imports"; then
      : # not called in this build (a cfg'd-out path)
    fi
  done <<<"$renames"
  used=$(while read -r name sym; do [ -n "$name" ] && grep -qx "$sym" <<<"$imports" && echo "$sym"; done <<<"$renames" | wc -l)
  if [ -z "$imports" ]; then echo "  FAIL $t: no undefined symbols read from ${rlib:-libbsdsock-*.rlib}"; tbad=1; fi
  [ $tbad = 0 ] && echo "  ok   $t: $nsym probed symbols; renamed by the headers: ${shown:-none}; bsdsock references $used renamed symbol(s) and no plain name of one"
  [ $tbad = 0 ] || bad=1
done
exit $bad
