# zig cc (pip install ziglang) as the C compiler (for the probe) and the linker for the
# non-Linux targets; sourced by .ci/run and .ci/bsd-build.sh. The wrappers in .ci/zig/ drop
# the LLVM-style --target flags cc-rs and rustc add and call `python3 -m ziglang cc -target`.
_zig_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/zig
export CC_x86_64_unknown_freebsd=$_zig_dir/zcc-x86_64-freebsd
export CARGO_TARGET_X86_64_UNKNOWN_FREEBSD_LINKER=$_zig_dir/zcc-x86_64-freebsd
# NetBSD 11: zig ships NetBSD-current's headers (kevent renamed to __kevent100, struct kevent
# with ext[4]); its link stubs for the default 10.1 lack __kevent100, those for 11.0 match.
export CC_x86_64_unknown_netbsd=$_zig_dir/zcc-x86_64-netbsd.11.0
export CARGO_TARGET_X86_64_UNKNOWN_NETBSD_LINKER=$_zig_dir/zcc-x86_64-netbsd.11.0
export CC_x86_64_unknown_openbsd=$_zig_dir/zcc-x86_64-openbsd
export CARGO_TARGET_X86_64_UNKNOWN_OPENBSD_LINKER=$_zig_dir/zcc-x86_64-openbsd
export CC_aarch64_apple_darwin=$_zig_dir/zcc-aarch64-macos.11.0
export CARGO_TARGET_AARCH64_APPLE_DARWIN_LINKER=$_zig_dir/zcc-aarch64-macos.11.0
unset _zig_dir
# The zig binary inside the ziglang package, so the wrappers need not start python3 each time.
ZIG=$(python3 -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))' 2>/dev/null) || ZIG=
export ZIG
