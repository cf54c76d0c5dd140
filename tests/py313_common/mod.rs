// Shared helpers for the tests/py313_*.rs files (public API only).
#![allow(dead_code)]

use std::io::Write as _;

/// Print `SKIP <test>: <reason>` where the test log shows it: straight to stderr, past the
/// test harness's capture (.ci/cross-test.sh collects these lines).
pub fn skip_note(test: &str, reason: &str) {
    let _ = std::io::stderr().write_all(format!("SKIP {test}: {reason}\n").as_bytes());
}

/// The emulator when the tests run under qemu-user (the process's comm is then
/// `qemu-<arch>`), else `None`.
pub fn qemu_user() -> Option<String> {
    let comm = std::fs::read_to_string("/proc/self/comm").ok()?;
    let comm = comm.trim();
    if !comm.starts_with("qemu-") {
        return None;
    }
    // The kernel keeps 15 bytes of the name: `qemu-loongarch6` is qemu-loongarch64.
    let full = format!("qemu-{}", std::env::consts::ARCH);
    Some(if full.starts_with(comm) { full } else { comm.to_string() })
}

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
    use bsdsock::consts::errno::ECONNREFUSED;
    use bsdsock::{AF_INET, SOCK_STREAM, SockAddr};
    let emu = qemu_user()?;
    let addr = {
        let t = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        t.bind(("127.0.0.1", 0)).unwrap();
        t.getsockname().unwrap()
    };
    let SockAddr::Inet(a) = addr else { return None };
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    let direct = s.connect_ex(("127.0.0.1", a.port())).unwrap();
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    s.settimeout(Some(5.0)).unwrap();
    let seen = s.connect_ex(("127.0.0.1", a.port())).unwrap();
    (direct == ECONNREFUSED && seen != direct).then(|| {
        format!(
            "{emu} passes SO_ERROR's value through untranslated: a refused connect in timeout \
             mode reads {seen} (the host's ECONNREFUSED), the target's ECONNREFUSED is {direct}"
        )
    })
}
