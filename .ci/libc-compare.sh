#!/usr/bin/env bash
# The libc crate against the probe: for each target CI probes, every constant both define,
# the disagreements with the header line that decides each (tools/libc-compare/compare.py).
# Fails if bsdsock disagrees with a header line that is a plain number (a bug of ours).
# Reuses the probe tables and std builds of the test steps when they ran before
# (LC_TARGET_DIR=<dir> builds elsewhere, e.g. while tests run in target/).
#   .ci/libc-compare.sh [triple...]      (default: every target below)
# Writes target/libc-compare.md (the rows of docs/TARGETS.md's table) and prints a summary.
set -uo pipefail
cd "$(dirname "$0")/.."
. .ci/cross-env.sh
. .ci/zig-env.sh
mkdir -p target/zig-stubs/macos-sdk
export SDKROOT=$PWD/target/zig-stubs/macos-sdk
z=.ci/zig
declare -A CC=(
  [x86_64-unknown-linux-gnu]=cc [x86_64-unknown-linux-musl]=musl-gcc
  [i686-unknown-linux-gnu]=i686-linux-gnu-gcc [aarch64-unknown-linux-gnu]=aarch64-linux-gnu-gcc
  [armv7-unknown-linux-gnueabihf]=arm-linux-gnueabihf-gcc
  [riscv64gc-unknown-linux-gnu]=riscv64-linux-gnu-gcc
  [powerpc64le-unknown-linux-gnu]=powerpc64le-linux-gnu-gcc
  [s390x-unknown-linux-gnu]=s390x-linux-gnu-gcc
  [powerpc-unknown-linux-gnu]=powerpc-linux-gnu-gcc
  [powerpc64-unknown-linux-gnu]=powerpc64-linux-gnu-gcc
  [mipsel-unknown-linux-gnu]=mipsel-linux-gnu-gcc
  [mips64el-unknown-linux-gnuabi64]=mips64el-linux-gnuabi64-gcc
  [sparc64-unknown-linux-gnu]=sparc64-linux-gnu-gcc
  [aarch64-unknown-linux-musl]=$z/zcc-aarch64-linux-musl
  [loongarch64-unknown-linux-musl]=$z/zcc-loongarch64-linux-musl
  [armv7-unknown-linux-musleabihf]=$z/zcc-arm-linux-musleabihf
  [x86_64-unknown-freebsd]=$z/zcc-x86_64-freebsd
  [x86_64-unknown-netbsd]=$z/zcc-x86_64-netbsd.11.0
  [x86_64-unknown-openbsd]=$z/zcc-x86_64-openbsd
  [aarch64-apple-darwin]=$z/zcc-aarch64-macos.11.0
)
ORDER=(x86_64-unknown-linux-gnu x86_64-unknown-linux-musl i686-unknown-linux-gnu
       aarch64-unknown-linux-gnu armv7-unknown-linux-gnueabihf riscv64gc-unknown-linux-gnu
       powerpc64le-unknown-linux-gnu s390x-unknown-linux-gnu powerpc-unknown-linux-gnu
       powerpc64-unknown-linux-gnu mipsel-unknown-linux-gnu mips64el-unknown-linux-gnuabi64
       sparc64-unknown-linux-gnu aarch64-unknown-linux-musl loongarch64-unknown-linux-musl
       armv7-unknown-linux-musleabihf x86_64-unknown-freebsd x86_64-unknown-netbsd
       x86_64-unknown-openbsd aarch64-apple-darwin)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ORDER[@]}")
: >target/libc-compare.md
failed=()
for t in "${targets[@]}"; do
  nightly=()
  case $t in
    mipsel-*|mips64el-*|sparc64-*|loongarch64-*|armv7-unknown-linux-musleabihf|*-openbsd)
      nightly=(--nightly) ;;
  esac
  t0=$(date +%s)
  python3 tools/libc-compare/compare.py "$t" "${CC[$t]}" "${nightly[@]}" --reuse ${LC_TARGET_DIR:+--target-dir "$LC_TARGET_DIR"} \
    --md "target/libc-compare-$t.md" --json "target/libc-compare-$t.json" \
    >"target/libc-compare-$t.log" 2>&1
  rc=$?
  head -1 "target/libc-compare-$t.log" | sed "s/\$/ ($(( $(date +%s) - t0 )) s)/"
  [ $rc -ne 0 ] && { failed+=("$t"); tail -5 "target/libc-compare-$t.log"; }
  cat "target/libc-compare-$t.md" >>target/libc-compare.md 2>/dev/null
done
if [ ${#failed[@]} -ne 0 ]; then echo "libc comparison FAILED for: ${failed[*]}"; exit 1; fi
