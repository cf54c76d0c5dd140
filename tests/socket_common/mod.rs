// Shared helpers for the tests/socket_*.rs files (included with `mod`).
#![allow(dead_code)]

use bsdsock::{
    AF_INET, AF_INET6, AF_UNIX, Error, SOCK_DGRAM, SOCK_STREAM, SockAddr, Socket, consts::errno,
};

/// The kinds of connected pairs the tests run over.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Tcp4,
    Tcp6,
    Udp4,
    Udp6,
    UnixStream,
    UnixDgram,
}

pub const KINDS: [Kind; 6] =
    [Kind::Tcp4, Kind::Tcp6, Kind::Udp4, Kind::Udp6, Kind::UnixStream, Kind::UnixDgram];

impl Kind {
    pub fn is_stream(self) -> bool {
        matches!(self, Kind::Tcp4 | Kind::Tcp6 | Kind::UnixStream)
    }
}

/// Can this kernel bind ::1? Prints why not (the only allowed reason to skip).
pub fn have_ipv6() -> bool {
    let s = match bsdsock::socket(AF_INET6, SOCK_STREAM, 0) {
        Ok(s) => s,
        Err(Error::Os(e)) if e == errno::EAFNOSUPPORT => {
            eprintln!("skipping IPv6: socket(AF_INET6) gives EAFNOSUPPORT");
            return false;
        }
        Err(e) => panic!("socket(AF_INET6): {e}"),
    };
    match s.bind(("::1", 0)) {
        Ok(()) => true,
        Err(Error::Os(e)) if e == errno::EADDRNOTAVAIL || e == errno::EAFNOSUPPORT => {
            eprintln!("skipping IPv6: binding ::1 gives errno {e}");
            false
        }
        Err(e) => panic!("bind ::1: {e}"),
    }
}

/// A unique temp path for a unix socket.
pub fn temp_path(tag: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("bsdsock-{}-{tag}-{n}.sock", std::process::id()))
}

/// A TCP listener on loopback.
pub fn listener(family: i32) -> Socket {
    let s = bsdsock::socket(family, SOCK_STREAM, 0).unwrap();
    let host = if family == AF_INET { "127.0.0.1" } else { "::1" };
    s.bind((host, 0)).unwrap();
    s.listen(8).unwrap();
    s
}

/// A connected pair (a, b) of `kind`, or None if it needs IPv6 and there is none.
pub fn pair(kind: Kind) -> Option<(Socket, Socket)> {
    let v6 = matches!(kind, Kind::Tcp6 | Kind::Udp6);
    if v6 && !have_ipv6() {
        return None;
    }
    Some(match kind {
        Kind::Tcp4 | Kind::Tcp6 => {
            let fam = if v6 { AF_INET6 } else { AF_INET };
            let l = listener(fam);
            let c = bsdsock::socket(fam, SOCK_STREAM, 0).unwrap();
            c.connect(l.getsockname().unwrap()).unwrap();
            let (a, peer) = l.accept().unwrap();
            assert_eq!(peer, c.getsockname().unwrap());
            (a, c)
        }
        Kind::Udp4 | Kind::Udp6 => {
            let fam = if v6 { AF_INET6 } else { AF_INET };
            let host = if v6 { "::1" } else { "127.0.0.1" };
            let a = bsdsock::socket(fam, SOCK_DGRAM, 0).unwrap();
            let b = bsdsock::socket(fam, SOCK_DGRAM, 0).unwrap();
            a.bind((host, 0)).unwrap();
            b.bind((host, 0)).unwrap();
            a.connect(b.getsockname().unwrap()).unwrap();
            b.connect(a.getsockname().unwrap()).unwrap();
            (a, b)
        }
        Kind::UnixStream => bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap(),
        Kind::UnixDgram => bsdsock::socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap(),
    })
}

/// Wait (bounded, 5 s) until `s` is readable, so non-blocking tests need no sleep.
pub fn wait_readable(s: &Socket) {
    let mut p = [bsdsock::select::PollFd::of(s, bsdsock::select::POLLIN)];
    let r = bsdsock::select::poll_fds(&mut p, Some(5000.0));
    assert!(matches!(r, Ok(n) if n != 0), "not readable within 5 s: {r:?}");
}

pub fn inet_port(a: &SockAddr) -> u16 {
    match a {
        SockAddr::Inet(a) => a.port(),
        SockAddr::Inet6(a) => a.port(),
        _ => panic!("not an inet address: {a:?}"),
    }
}

/// The emulator when the tests run under qemu-user (the process's comm is then
/// `qemu-<arch>`, as /proc/self/comm is not emulated), else `None`.
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

/// Print `SKIP <test>: <reason>` where the test log shows it: straight to stderr, past the
/// test harness's capture (which only takes `print!`/`eprint!`).
pub fn skip_note(test: &str, reason: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().write_all(format!("SKIP {test}: {reason}\n").as_bytes());
}

/// Neither SO_RCVTIMEO nor SO_SNDTIMEO is set on `s`'s descriptor (its `struct timeval`
/// reads back as zeros), through the public getsockopt. Under a qemu-user that does not
/// emulate the options (qemu-arm 7.2 and the time64 `SO_RCVTIMEO_NEW` that a 64-bit
/// `time_t` on 32-bit musl selects) it notes that and counts them as unset.
pub fn no_kernel_timeouts(s: &Socket) -> bool {
    [bsdsock::SO_RCVTIMEO, bsdsock::SO_SNDTIMEO].into_iter().all(|opt| {
        let mut tv = [0xffu8; 32];
        let n = match s.getsockopt_into(bsdsock::SOL_SOCKET, opt, &mut tv) {
            Ok(n) => n,
            Err(Error::Os(e)) if e == errno::ENOPROTOOPT || e == errno::EOPNOTSUPP => {
                let Some(emu) = qemu_user() else { panic!("getsockopt({opt}): {}", Error::Os(e)) };
                let why = format!("{emu} does not emulate socket option {opt}: {}", Error::Os(e));
                skip_note("no_kernel_timeouts (not checked)", &why);
                return true;
            }
            Err(e) => panic!("getsockopt({opt}): {e}"),
        };
        // The fields, at the probed offsets and sizes: the padding after a 4-byte tv_usec
        // (sparc64) is whatever was in the buffer under qemu-user, which copies the fields only.
        match bsdsock::sockopt::decode_timeval(&tv[..n]) {
            Some(d) => d == std::time::Duration::ZERO,
            // qemu-user passes musl time64's SO_RCVTIMEO_NEW / SO_SNDTIMEO_NEW through as an
            // int option: 4 bytes back, not a timeval (a C program under qemu gets the same).
            None if qemu_user().is_some() => {
                let why = format!("getsockopt({opt}) gave {n} bytes, not a timeval (emulator)");
                skip_note("no_kernel_timeouts (not checked)", &why);
                true
            }
            None => panic!("getsockopt({opt}) gave {n} bytes, not a timeval"),
        }
    })
}

/// Run `f` on its own thread and return its result, or fail the test if it has not
/// returned within `secs` seconds (a call that hangs fails instead of hanging the run; the
/// stuck thread is left behind and ends with the process).
pub fn within<T: Send + 'static>(
    secs: u64,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(v) => v,
        Err(RecvTimeoutError::Timeout) => panic!("{what}: still blocked after {secs} s"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what}: the call panicked"),
    }
}

/// A bound for [`within`]: `native` seconds, four times that under qemu-user.
pub fn bound(native: u64) -> u64 {
    if qemu_user().is_some() { native * 4 } else { native }
}

/// Test-side signal FFI (no struct layouts involved): signal(3), siginterrupt(3),
/// pthread_kill(3), pthread_self(3).
#[cfg(unix)]
pub mod signals {
    use std::os::raw::c_int;
    use std::os::unix::thread::RawPthread;
    use std::sync::atomic::{AtomicUsize, Ordering};

    unsafe extern "C" {
        fn signal(sig: c_int, handler: usize) -> usize;
        fn siginterrupt(sig: c_int, flag: c_int) -> c_int;
        fn pthread_kill(thread: RawPthread, sig: c_int) -> c_int;
        fn pthread_self() -> RawPthread;
    }

    /// Signals the counting handler has seen.
    pub static HANDLED: AtomicUsize = AtomicUsize::new(0);

    extern "C" fn count(_sig: c_int) {
        HANDLED.fetch_add(1, Ordering::Relaxed);
    }

    /// SIGALRM.
    pub const SIG: c_int = bsdsock::consts::os::SIGALRM;

    /// Install the counting handler for SIGALRM, with SA_RESTART (`restart`) or without
    /// (blocking calls then fail with EINTR).
    pub fn install(restart: bool) {
        // SAFETY: `count` is an extern "C" fn(c_int) that lives for the whole program and
        // only does an atomic add (async-signal-safe); SIGALRM is a valid signal number.
        unsafe {
            assert_ne!(signal(SIG, count as extern "C" fn(c_int) as usize), usize::MAX);
            assert_eq!(siginterrupt(SIG, c_int::from(!restart)), 0);
        }
    }

    /// This thread, for [`kill`].
    pub fn me() -> RawPthread {
        // SAFETY: pthread_self has no preconditions.
        unsafe { pthread_self() }
    }

    /// Send SIGALRM to thread `t`, which must still be running (callers keep it alive).
    pub fn kill(t: RawPthread) {
        // SAFETY: the caller guarantees `t` is a live thread of this process.
        let rc = unsafe { pthread_kill(t, SIG) };
        assert!(rc == 0 || rc == 3, "pthread_kill: {rc}"); // 3: ESRCH, the thread has ended
    }
}

/// `Some((seen, reason))` when the tests run under a qemu-user that passes SO_ERROR's value
/// through from the host kernel untranslated, which is what a refused connect in timeout
/// mode reads: `seen` is the host's number for ECONNREFUSED (qemu 7.2's `do_getsockopt`
/// copies that option as a plain int; errno values from system calls are translated). A C
/// program shows the same under qemu-mips64el: `connect` fails with 146 (MIPS'
/// ECONNREFUSED), the non-blocking connect's SO_ERROR reads 111 (x86_64's). Only targets
/// whose errno numbers differ from the host's see it (MIPS, SPARC); `None` natively.
pub fn so_error_untranslated() -> Option<(i32, String)> {
    let emu = qemu_user()?;
    let port = {
        let t = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        t.bind(("127.0.0.1", 0)).unwrap();
        inet_port(&t.getsockname().unwrap())
    };
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    let direct = s.connect_ex(("127.0.0.1", port)).unwrap();
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    s.settimeout(Some(5.0)).unwrap();
    let seen = s.connect_ex(("127.0.0.1", port)).unwrap();
    (direct == errno::ECONNREFUSED && seen != direct).then(|| {
        let why = format!(
            "{emu} passes SO_ERROR's value through untranslated: a refused connect in timeout \
             mode reads {seen} (the host's ECONNREFUSED), the target's ECONNREFUSED is {direct}"
        );
        (seen, why)
    })
}
