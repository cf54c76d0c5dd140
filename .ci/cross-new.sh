#!/usr/bin/env bash
# The targets beyond the core eight, under qemu-user (or just built where noted), within
# CI's budget: the whole suite where the build is cheap (rustup ships rust-std), the fast
# suites (unit, codec, socket, msg, netdb, errors, probe) where std is built from source
# (nightly -Zbuild-std). Installs what is missing first. See README "Supported targets".
#   .ci/cross-new.sh            the matrix below
#   .ci/cross-new.sh T[:fast]   only those (passed to .ci/cross-test.sh)
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=0
for c in mipsel-linux-gnu-gcc mips64el-linux-gnuabi64-gcc powerpc-linux-gnu-gcc \
         powerpc64-linux-gnu-gcc sparc64-linux-gnu-gcc qemu-mipsel qemu-mips64el qemu-ppc \
         qemu-ppc64 qemu-sparc64 qemu-loongarch64; do
  command -v "$c" >/dev/null || need=1
done
if [ "$need" = 1 ]; then
  apt-get update -qq
  apt-get install -y -qq qemu-user gcc-mipsel-linux-gnu gcc-mips64el-linux-gnuabi64 \
    gcc-powerpc-linux-gnu gcc-powerpc64-linux-gnu gcc-sparc64-linux-gnu >/dev/null
fi
rustup target add powerpc-unknown-linux-gnu powerpc64-unknown-linux-gnu \
  aarch64-unknown-linux-musl >/dev/null 2>&1
rustup component add rust-src --toolchain nightly >/dev/null 2>&1 || true
python3 -m ziglang version >/dev/null 2>&1 || pip install -q --root-user-action=ignore ziglang \
  || pip install -q --root-user-action=ignore --break-system-packages ziglang
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(powerpc-unknown-linux-gnu powerpc64-unknown-linux-gnu aarch64-unknown-linux-musl
           mipsel-unknown-linux-gnu:fast mips64el-unknown-linux-gnuabi64:fast
           sparc64-unknown-linux-gnu:fast loongarch64-unknown-linux-musl:fast)
fi
exec .ci/cross-test.sh "${targets[@]}"
