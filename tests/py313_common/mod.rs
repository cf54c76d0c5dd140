// Shared helpers for the tests/py313_*.rs files (public API only).
#![allow(dead_code)]

// The emulator checks and skip notes are the socket tests' own.
#[path = "../socket_common/mod.rs"]
mod socket_common;
pub use socket_common::{qemu_user, skip_note};

/// How many descriptors this process has open (Linux: /proc/self/fd).
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

/// A unique path in the temp directory.
pub fn temp_path(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("bsdsock-py313-{}-{tag}-{n}", std::process::id()))
}

/// How many of this process's descriptors refer to the same open file as `fd` (Linux: the
/// /proc/self/fd links, e.g. `socket:[1234]`). Unlike a count of all descriptors, other
/// tests running at the same time do not change it.
pub fn same_file_fds(fd: i32) -> usize {
    let Ok(target) = std::fs::read_link(format!("/proc/self/fd/{fd}")) else { return 0 };
    let Ok(dir) = std::fs::read_dir("/proc/self/fd") else { return 0 };
    dir.filter_map(|e| std::fs::read_link(e.ok()?.path()).ok()).filter(|t| *t == target).count()
}

/// `Some(reason)` when the tests run under a qemu-user that passes SO_ERROR's value through
/// from the host kernel untranslated (qemu 7.2's `do_getsockopt` copies it as a plain int):
/// a refused connect in timeout mode then reads the host's ECONNREFUSED (111 on x86_64)
/// instead of the target's (146 on MIPS, 61 on SPARC). `None` natively.
pub fn so_error_untranslated() -> Option<String> {
    socket_common::so_error_untranslated().map(|(_, why)| why)
}
