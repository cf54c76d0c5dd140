//! Clocks and waiting: clock_gettime(2) with CLOCK_MONOTONIC, poll(2), and ppoll(2) where
//! the target's headers declare it (Linux, Android, FreeBSD, NetBSD, OpenBSD) for waits with
//! nanosecond resolution.

use super::errno::Errno;
use super::fd::cvt;
use super::{c_int, nfds_t, pollfd, timespec};

/// Waits have nanosecond resolution on this target (ppoll), not milliseconds (poll).
#[allow(dead_code)]
pub const NS_WAITS: bool = cfg!(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
));

unsafe extern "C" {
    /// clock_gettime(2)
    #[link_name = sym!("clock_gettime")]
    fn clock_gettime(clk: c_int, ts: *mut timespec) -> c_int;
    /// poll(2)
    #[link_name = sym!("poll")]
    fn poll(fds: *mut pollfd, nfds: nfds_t, timeout: c_int) -> c_int;
}

// The targets whose <poll.h> declares ppoll: glibc (under _GNU_SOURCE; the symbol is always
// there), musl, bionic, FreeBSD (POSIX 2024 visibility, its default), NetBSD 10 and later, and
// OpenBSD. macOS has none: waits there round up to the next millisecond.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd"
))]
unsafe extern "C" {
    /// ppoll(2): poll(2) with a `struct timespec` timeout (and a signal mask, always null
    /// here: the thread's mask is left alone).
    #[link_name = sym!("ppoll")]
    fn ppoll(
        fds: *mut pollfd,
        nfds: nfds_t,
        timeout: *const timespec,
        sigmask: *const core::ffi::c_void,
    ) -> c_int;
}

/// Nanoseconds on the monotonic clock (CLOCK_MONOTONIC); deadlines never jump with the wall
/// clock.
pub fn monotonic_ns() -> u64 {
    let mut ts = timespec::new(0, 0);
    // SAFETY: ts is a valid timespec to write; CLOCK_MONOTONIC exists on every target.
    let rc = unsafe { clock_gettime(crate::consts::os::CLOCK_MONOTONIC, &mut ts) };
    if rc != 0 {
        return 0;
    }
    (ts.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(ts.tv_nsec as u64)
}

/// poll(2) on `fds`; `timeout_ms` < 0 waits forever. Returns how many entries have events.
pub fn poll_fds(fds: &mut [pollfd], timeout_ms: c_int) -> Result<usize, Errno> {
    // SAFETY: fds is a valid, writable array of fds.len() pollfd structs.
    cvt(unsafe { poll(fds.as_mut_ptr(), fds.len() as nfds_t, timeout_ms) }).map(|n| n as usize)
}

/// poll(2) one descriptor for `events`; returns revents (0 on timeout).
#[cfg(test)]
pub fn poll_one(fd: c_int, events: i16, timeout_ms: c_int) -> Result<i16, Errno> {
    let mut p = [pollfd { fd, events, revents: 0 }];
    poll_fds(&mut p, timeout_ms)?;
    Ok(p[0].revents)
}

/// Nanoseconds to a poll(2) timeout in milliseconds, rounded up (never shorter than asked)
/// and capped at `c_int::MAX` (a capped wait ends early; callers check their clock).
#[allow(dead_code)] // used where the target has no ppoll
pub fn ceil_ms(ns: u64) -> c_int {
    let ms = ns / 1_000_000 + u64::from(ns % 1_000_000 != 0);
    ms.min(c_int::MAX as u64) as c_int
}

/// Wait until one of `fds` has events or `timeout_ns` nanoseconds pass (`None`: no limit).
/// ppoll(2) with the exact nanoseconds where the target has it, else poll(2) with the time
/// rounded up to the next millisecond. Returns how many entries have events (0: the time
/// passed, or a wait longer than the primitive's range ended early; the caller re-checks its
/// clock either way).
pub fn wait_fds(fds: &mut [pollfd], timeout_ns: Option<u64>) -> Result<usize, Errno> {
    #[cfg(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd"
    ))]
    {
        let ts = timeout_ns.map(|ns| {
            let sec = ns / 1_000_000_000;
            timespec::new(
                super::time_t::try_from(sec).unwrap_or(super::time_t::MAX),
                (ns % 1_000_000_000) as _,
            )
        });
        let tp = match &ts {
            Some(t) => t as *const timespec,
            None => core::ptr::null(),
        };
        // SAFETY: fds is a valid, writable array of fds.len() pollfd structs; tp is null or
        // points at a valid timespec with tv_nsec below 1e9 that outlives the call; a null
        // signal mask leaves the thread's mask unchanged.
        cvt(unsafe { ppoll(fds.as_mut_ptr(), fds.len() as nfds_t, tp, core::ptr::null()) })
            .map(|n| n as usize)
    }
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd"
    )))]
    {
        poll_fds(fds, timeout_ns.map_or(-1, ceil_ms))
    }
}

/// [`wait_fds`] on one descriptor for `events`; returns revents (0: the time passed).
#[inline]
pub fn wait_one(fd: c_int, events: i16, timeout_ns: Option<u64>) -> Result<i16, Errno> {
    let mut p = [pollfd { fd, events, revents: 0 }];
    wait_fds(&mut p, timeout_ns)?;
    Ok(p[0].revents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_timeouts_round_up() {
        assert_eq!(ceil_ms(0), 0);
        assert_eq!(ceil_ms(1), 1);
        assert_eq!(ceil_ms(400_000), 1); // C12: 0.0004 s polls 1 ms (3.x), not 0 (2.7)
        assert_eq!(ceil_ms(1_000_000), 1);
        assert_eq!(ceil_ms(1_000_001), 2);
        assert_eq!(ceil_ms(u64::MAX), c_int::MAX);
    }

    #[test]
    #[cfg_attr(miri, ignore)] // calls ppoll(2) and clock_gettime(3)
    fn waits_are_never_short() {
        // A descriptor that never becomes ready: the read end of a socketpair nobody writes.
        let [a, _b] = super::super::net::new_socketpair(
            crate::consts::AF_UNIX,
            crate::consts::SOCK_STREAM,
            0,
        )
        .unwrap();
        for ns in [0, 1, 999, 1_000_000, 1_500_000, 20_000_000] {
            let start = monotonic_ns();
            let r = wait_one(a, crate::consts::os::POLLIN as i16, Some(ns));
            assert_eq!(r, Ok(0));
            assert!(monotonic_ns() - start >= ns, "{ns} ns wait ended early");
        }
        let _ = super::super::fd::close_fd(a);
        let _ = super::super::fd::close_fd(_b);
    }
}
