//! Clocks and waiting: clock_gettime(2) with CLOCK_MONOTONIC, poll(2).

use super::errno::Errno;
use super::fd::cvt;
use super::{c_int, nfds_t, pollfd, timespec};

unsafe extern "C" {
    /// clock_gettime(2)
    #[cfg_attr(target_os = "netbsd", link_name = "__clock_gettime50")]
    fn clock_gettime(clk: c_int, ts: *mut timespec) -> c_int;
    /// poll(2)
    fn poll(fds: *mut pollfd, nfds: nfds_t, timeout: c_int) -> c_int;
}

/// Nanoseconds on the monotonic clock (CLOCK_MONOTONIC); deadlines never jump with the wall
/// clock.
pub fn monotonic_ns() -> u64 {
    let mut ts = timespec { tv_sec: 0, tv_nsec: 0 };
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
pub fn poll_one(fd: c_int, events: i16, timeout_ms: c_int) -> Result<i16, Errno> {
    let mut p = [pollfd { fd, events, revents: 0 }];
    poll_fds(&mut p, timeout_ms)?;
    Ok(p[0].revents)
}
