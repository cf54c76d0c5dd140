//! Blocking, non-blocking and timeout modes (Python's section (c)), the module-wide default
//! timeout, and the per-call deadline loop every socket operation runs through.
//!
//! # The three modes
//!
//! As in Python, a socket's mode is its timeout value: `None` is blocking, `0.0`
//! non-blocking, a positive number of seconds is timeout mode (C1). [`setdefaulttimeout`]
//! sets the value new sockets start with (socket, socketpair, accept, fromfd, dup; C3).
//!
//! * **Blocking**: the system call blocks. EINTR is retried (PEP 475), so a signal never
//!   surfaces as an error — except from `connect`, which then waits for the connection to
//!   finish with poll(2) + SO_ERROR, as Python 3 does (C26).
//! * **Non-blocking**: the descriptor is O_NONBLOCK; a call that would block fails with
//!   [`Error::Os`]`(EAGAIN)` (C10), and `connect` with EINPROGRESS (C19).
//! * **Timeout**: every call gets its own deadline on the monotonic clock, fixed on entry
//!   (C14, 3.x). Expiry is [`Error::Timeout`] ("timed out", C13). EINTR is retried with the
//!   time left, in every mode (PEP 475, C25). poll(2) timeouts round **up** to the next
//!   millisecond (3.x, C12), so a call never gives up before its deadline.
//!
//! # How timeout mode stays cheap
//!
//! CPython 3 polls before every call in timeout mode: a request/response over a socket costs
//! poll + send + poll + recv = 4 system calls, against 2 in blocking mode. bsdsock keeps
//! Python's observable behaviour at fewer calls, per operation:
//!
//! * **Linux (AF_INET, AF_INET6, AF_UNIX): kernel timeouts.** In timeout mode the descriptor
//!   stays *blocking* and `settimeout` stores the timeout in the kernel as SO_RCVTIMEO and
//!   SO_SNDTIMEO. Then:
//!   - `recv`, `recv_into`, `recvfrom`, `recvfrom_into` and `accept` make one blocking call,
//!     which the kernel ends after the timeout with EAGAIN. **1 system call.**
//!   - `send` and `sendto` pass MSG_DONTWAIT, so they send what fits now and return the
//!     count, exactly like Python's send on its non-blocking descriptor; only if nothing
//!     fits do they poll for POLLOUT with the time left and try again. **1 system call.**
//!   - `sendall` makes one blocking send bounded by SO_SNDTIMEO (the whole buffer, usually);
//!     if that returns short, the rest goes through MSG_DONTWAIT sends and polls against the
//!     deadline fixed on entry, so the timeout caps the whole call (3.x, C21).
//!   - `connect` is one blocking connect(2) bounded by SO_SNDTIMEO: when that expires the
//!     kernel returns EINPROGRESS, which is the timeout (connect_ex gives EWOULDBLOCK, C17);
//!     an immediate failure (ECONNREFUSED) is returned as is (C16); EINTR waits for the
//!     connection with poll(POLLOUT) + getsockopt(SO_ERROR), EISCONN meaning success (C18).
//!
//!   When the kernel reports EAGAIN or EINTR, the call looks at its deadline: expired is
//!   [`Error::Timeout`]; otherwise it continues in the portable loop below with the time
//!   left. This also covers the kernel's timer granularity (SO_RCVTIMEO counts in jiffies
//!   and may fire a fraction of a tick early) and a caller's own MSG_DONTWAIT flag.
//!   A request/response in timeout mode therefore costs **2 system calls**, the same as
//!   blocking mode (recorded in bench/RESULTS-socket.md). The one clock read per call is
//!   clock_gettime through the vDSO, not a system call.
//! * **Elsewhere (and other families on Linux): try first, poll on EAGAIN.** The descriptor
//!   is O_NONBLOCK as in Python (C5), each call is tried at once and polled for only when it
//!   would block, then tried again, until the deadline. connect polls for POLLOUT after
//!   EINPROGRESS and reads SO_ERROR (C17/C18).
//!
//! Differences from CPython that follow from this, all deliberate:
//!
//! * On Linux a socket in timeout mode has O_NONBLOCK *clear* (Python sets it, C5), and
//!   SO_RCVTIMEO/SO_SNDTIMEO are set. Setting those options yourself on a socket in timeout
//!   mode changes when its calls give up.
//! * The descriptor state (O_NONBLOCK, and on Linux the kernel timeouts) belongs to the open
//!   socket, so it is shared with [`dup`](crate::Socket::dup)s and
//!   [`makefile`](crate::Socket::makefile) objects, as it is in Python. A duplicate starts in
//!   the default mode without touching that state (as in Python), and `settimeout` on either
//!   changes it for both.
//! * Python 2.7 re-arms `sendall`'s timeout for every chunk (C20); bsdsock caps the whole
//!   call (3.x, C21). Python 2.7 surfaces EINTR (C23); bsdsock retries (3.x, C25).
//!
//! # Values
//!
//! [`Socket::settimeout`](crate::Socket::settimeout) and [`setdefaulttimeout`] take
//! `Option<f64>` seconds and check them as Python 3 does: negative is
//! `Error::Value("Timeout value out of range")`, NaN is
//! `Error::Value("Invalid value NaN (not a number)")`, and a value whose nanoseconds do not
//! fit in an `i64` (about 292 years; infinity too) is
//! `Error::Overflow("timestamp out of range for platform time_t")` (C7, C8). The value is
//! kept as given, so `gettimeout` returns exactly what was set.

use core::sync::atomic::Ordering::Relaxed;

use crate::consts::errno::{EAGAIN, EINTR, EWOULDBLOCK};
use crate::error::{Error, Result};
use crate::sys;
use crate::sys::c_int;
use crate::sys::errno::Errno;

/// The mode a timeout value selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `None`: calls block.
    Blocking,
    /// `0.0`: calls fail with EAGAIN instead of blocking.
    NonBlocking,
    /// Seconds > 0, as nanoseconds rounded up (at least 1).
    Timeout(u64),
}

impl Mode {
    /// The mode for a (checked) timeout value.
    pub(crate) fn of(t: Option<f64>) -> Mode {
        match t {
            None => Mode::Blocking,
            Some(s) if s <= 0.0 => Mode::NonBlocking,
            // check() bounds s * 1e9 to i64 range; ceil and keep at least 1 ns.
            Some(s) => {
                let x = s * 1e9;
                let t = x as u64; // truncates; saturates (check() keeps it in range)
                Mode::Timeout((t + u64::from((t as f64) < x)).max(1))
            }
        }
    }
}

/// Check a timeout value as Python 3's `settimeout` does (C7, C8).
///
/// # Errors
/// NaN: `Error::Value("Invalid value NaN (not a number)")`; negative:
/// `Error::Value("Timeout value out of range")`; too large for nanoseconds in an `i64`:
/// `Error::Overflow("timestamp out of range for platform time_t")`.
pub fn check(t: Option<f64>) -> Result<Option<f64>> {
    let Some(s) = t else { return Ok(None) };
    if s.is_nan() {
        return Err(Error::Value("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(Error::Value("Timeout value out of range"));
    }
    if s * 1e9 >= 9_223_372_036_854_775_807.0 {
        return Err(Error::Overflow("timestamp out of range for platform time_t"));
    }
    Ok(Some(s))
}

/// A timeout value (`Option<f64>`) shared between threads without a lock: the bits of an
/// `f64` in an atomic word, `-1.0` standing for `None` (as CPython stores it, C2). On
/// targets without 64-bit atomics the value is kept as an `f32`.
///
/// With 64-bit atomics the [`Mode`] is kept next to it, already converted (`u64::MAX`
/// blocking, 0 non-blocking, else the nanoseconds), so a socket call reads one word instead
/// of converting the float on every call. The two words are written together by `set`; a
/// call racing a `settimeout` in another thread sees the old or the new mode, as before.
pub(crate) struct TimeoutCell(Word, #[cfg(target_has_atomic = "64")] Word);

#[cfg(target_has_atomic = "64")]
type Word = core::sync::atomic::AtomicU64;
#[cfg(not(target_has_atomic = "64"))]
type Word = core::sync::atomic::AtomicU32;

impl TimeoutCell {
    /// A cell holding `None` (blocking).
    pub(crate) const fn blocking() -> Self {
        TimeoutCell(
            Word::new(Self::encode(None)),
            #[cfg(target_has_atomic = "64")]
            Word::new(u64::MAX),
        )
    }

    #[cfg(target_has_atomic = "64")]
    const fn encode(t: Option<f64>) -> u64 {
        match t {
            Some(s) => s.to_bits(),
            None => (-1.0f64).to_bits(),
        }
    }

    #[cfg(not(target_has_atomic = "64"))]
    const fn encode(t: Option<f64>) -> u32 {
        match t {
            Some(s) => (s as f32).to_bits(),
            None => (-1.0f32).to_bits(),
        }
    }

    /// The value.
    pub(crate) fn get(&self) -> Option<f64> {
        #[cfg(target_has_atomic = "64")]
        let s = f64::from_bits(self.0.load(Relaxed));
        #[cfg(not(target_has_atomic = "64"))]
        let s = f32::from_bits(self.0.load(Relaxed)) as f64;
        if s < 0.0 { None } else { Some(s) }
    }

    /// Replace the value (already checked).
    pub(crate) fn set(&self, t: Option<f64>) {
        self.0.store(Self::encode(t), Relaxed);
        #[cfg(target_has_atomic = "64")]
        self.1.store(
            match Mode::of(t) {
                Mode::Blocking => u64::MAX,
                Mode::NonBlocking => 0,
                // Mode::of keeps Timeout at least 1 and check() keeps it below u64::MAX.
                Mode::Timeout(ns) => ns,
            },
            Relaxed,
        );
    }

    /// The mode the value selects.
    #[cfg(target_has_atomic = "64")]
    #[inline]
    pub(crate) fn mode(&self) -> Mode {
        match self.1.load(Relaxed) {
            u64::MAX => Mode::Blocking,
            0 => Mode::NonBlocking,
            ns => Mode::Timeout(ns),
        }
    }

    /// The mode the value selects.
    #[cfg(not(target_has_atomic = "64"))]
    pub(crate) fn mode(&self) -> Mode {
        Mode::of(self.get())
    }
}

static DEFAULT_TIMEOUT: TimeoutCell = TimeoutCell::blocking();

/// The timeout new sockets start with, in seconds; `None` (the initial value) means
/// blocking.
///
/// Python's `socket.getdefaulttimeout()`. Process-wide, read atomically.
pub fn getdefaulttimeout() -> Option<f64> {
    DEFAULT_TIMEOUT.get()
}

/// Set the timeout new sockets start with (socket, socketpair, accept, fromfd, dup): `None`
/// for blocking, `Some(0.0)` for non-blocking, `Some(seconds)` for timeout mode.
///
/// Python's `socket.setdefaulttimeout()`. Process-wide and atomic; sockets that already
/// exist keep their mode.
///
/// # Errors
/// The value errors of [`Socket::settimeout`](crate::Socket::settimeout) (see [`check`]).
pub fn setdefaulttimeout(timeout: Option<f64>) -> Result<()> {
    DEFAULT_TIMEOUT.set(check(timeout)?);
    Ok(())
}

/// Nanoseconds to a poll(2) timeout in milliseconds, rounded up (3.x, C12) and capped at
/// `c_int::MAX` (the deadline loop polls again if a capped wait ends early).
pub(crate) fn ceil_ms(ns: u64) -> c_int {
    let ms = ns / 1_000_000 + u64::from(ns % 1_000_000 != 0);
    ms.min(c_int::MAX as u64) as c_int
}

/// Nanoseconds to a `struct timeval` for SO_RCVTIMEO/SO_SNDTIMEO, rounded up to the next
/// microsecond and never `{0, 0}` (which the kernel reads as "no timeout").
pub(crate) fn timeval_of(ns: u64) -> (u64, u32) {
    let mut sec = ns / 1_000_000_000;
    let mut usec = ((ns % 1_000_000_000) as u32).div_ceil(1000);
    if usec == 1_000_000 {
        sec += 1;
        usec = 0;
    }
    if sec == 0 && usec == 0 {
        usec = 1;
    }
    (sec, usec)
}

/// MSG_DONTWAIT where the kernel-timeout strategy keeps the descriptor blocking (Linux);
/// elsewhere the descriptor is O_NONBLOCK in timeout mode and no flag is needed.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub(crate) const DONTWAIT: c_int = crate::consts::MSG_DONTWAIT;
/// MSG_DONTWAIT where the kernel-timeout strategy keeps the descriptor blocking (Linux);
/// elsewhere the descriptor is O_NONBLOCK in timeout mode and no flag is needed.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub(crate) const DONTWAIT: c_int = 0;

/// Which readiness an operation waits for.
#[derive(Clone, Copy)]
pub(crate) enum Wait {
    /// POLLIN: recv*, accept.
    Read,
    /// POLLOUT: send*, connect.
    Write,
}

impl Wait {
    fn events(self) -> i16 {
        match self {
            Wait::Read => crate::consts::os::POLLIN as i16,
            Wait::Write => crate::consts::os::POLLOUT as i16,
        }
    }
}

/// How the first attempt of a timeout-mode call is made.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum First {
    /// A blocking call bounded by the kernel timeout (where the socket uses them).
    Kernel,
    /// A call that never blocks (MSG_DONTWAIT, or the O_NONBLOCK descriptor).
    Now,
}

pub(crate) fn would_block(e: Errno) -> bool {
    e.0 == EAGAIN || e.0 == EWOULDBLOCK
}

/// A point on the monotonic clock, in nanoseconds.
#[derive(Clone, Copy)]
pub(crate) struct Deadline(u64);

impl Deadline {
    /// `ns` from now.
    pub(crate) fn after(ns: u64) -> Deadline {
        Deadline(sys::time::monotonic_ns().saturating_add(ns))
    }

    /// Time left, or `None` once it has passed.
    pub(crate) fn left(self) -> Option<u64> {
        let now = sys::time::monotonic_ns();
        if now >= self.0 { None } else { Some(self.0 - now) }
    }
}

/// Run one socket operation in `mode`. `op` gets extra `flags` to OR into its call
/// (DONTWAIT or 0); operations without flags (accept) ignore them.
///
/// * Blocking / non-blocking: one call, EINTR retried.
/// * Timeout: the first call as `first` says; on EAGAIN or EINTR, [`until`] the deadline.
#[inline]
pub(crate) fn run<T>(
    fd: c_int,
    mode: Mode,
    kernel: bool,
    wait: Wait,
    first: First,
    mut op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    match mode {
        Mode::Blocking | Mode::NonBlocking => loop {
            match op(0) {
                Err(e) if e.0 == EINTR => continue,
                r => return r.map_err(Error::from),
            }
        },
        Mode::Timeout(ns) => {
            let deadline = Deadline::after(ns);
            let flags = if kernel && first == First::Kernel { 0 } else { DONTWAIT };
            match op(flags) {
                Ok(v) => Ok(v),
                Err(e) if e.0 == EINTR || would_block(e) => until(fd, deadline, wait, op),
                Err(e) => Err(e.into()),
            }
        }
    }
}

/// Try `op` now (DONTWAIT); if it would block or is interrupted, [`until`] the deadline.
pub(crate) fn try_until<T>(
    fd: c_int,
    deadline: Deadline,
    wait: Wait,
    mut op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    match op(DONTWAIT) {
        Ok(v) => Ok(v),
        Err(e) if e.0 == EINTR || would_block(e) => until(fd, deadline, wait, op),
        Err(e) => Err(e.into()),
    }
}

/// The deadline loop: poll for `wait` with the time left (rounded up to ms), then try `op`
/// with DONTWAIT; EINTR and EAGAIN go round again; past the deadline is
/// [`Error::Timeout`]. Bounded by the deadline: every turn either returns or sleeps in poll.
pub(crate) fn until<T>(
    fd: c_int,
    deadline: Deadline,
    wait: Wait,
    mut op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    loop {
        poll_until(fd, deadline, wait)?;
        match op(DONTWAIT) {
            Ok(v) => return Ok(v),
            Err(e) if e.0 == EINTR || would_block(e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Wait until `fd` is ready for `wait` or the deadline passes ([`Error::Timeout`]); EINTR
/// polls again with the time left.
pub(crate) fn poll_until(fd: c_int, deadline: Deadline, wait: Wait) -> Result<()> {
    loop {
        let Some(left) = deadline.left() else { return Err(Error::Timeout) };
        match sys::time::poll_one(fd, wait.events(), ceil_ms(left)) {
            Ok(0) => continue, // the loop's head decides: expired, or a capped wait
            Ok(_) => return Ok(()),
            Err(e) if e.0 == EINTR => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Wait without a deadline (blocking-mode connect after EINTR); EINTR polls again.
pub(crate) fn poll_forever(fd: c_int, wait: Wait) -> Result<()> {
    loop {
        match sys::time::poll_one(fd, wait.events(), -1) {
            Ok(0) => continue,
            Ok(_) => return Ok(()),
            Err(e) if e.0 == EINTR => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(check(None), Ok(None));
        assert_eq!(check(Some(0.0)), Ok(Some(0.0)));
        assert_eq!(check(Some(-1.0)), Err(Error::Value("Timeout value out of range")));
        assert_eq!(check(Some(f64::NAN)), Err(Error::Value("Invalid value NaN (not a number)")));
        let over = Err(Error::Overflow("timestamp out of range for platform time_t"));
        assert_eq!(check(Some(f64::INFINITY)), over);
        assert_eq!(check(Some(1e10)), over);
        assert_eq!(check(Some(9e9)), Ok(Some(9e9)));
    }

    #[test]
    fn modes() {
        assert_eq!(Mode::of(None), Mode::Blocking);
        assert_eq!(Mode::of(Some(0.0)), Mode::NonBlocking);
        assert_eq!(Mode::of(Some(-0.0)), Mode::NonBlocking);
        assert_eq!(Mode::of(Some(1e-12)), Mode::Timeout(1));
        assert_eq!(Mode::of(Some(0.5)), Mode::Timeout(500_000_000));
        assert_eq!(Mode::of(Some(9e9)), Mode::Timeout(9_000_000_000_000_000_000));
    }

    #[test]
    fn rounding_up() {
        assert_eq!(ceil_ms(0), 0);
        assert_eq!(ceil_ms(1), 1);
        assert_eq!(ceil_ms(400_000), 1); // C12: 0.0004 s polls 1 ms (3.x), not 0 (2.7)
        assert_eq!(ceil_ms(1_000_000), 1);
        assert_eq!(ceil_ms(1_000_001), 2);
        assert_eq!(ceil_ms(u64::MAX), c_int::MAX);
        assert_eq!(timeval_of(1), (0, 1));
        assert_eq!(timeval_of(1_000), (0, 1));
        assert_eq!(timeval_of(1_001), (0, 2));
        assert_eq!(timeval_of(999_999_999), (1, 0));
        assert_eq!(timeval_of(2_500_000_000), (2, 500_000));
    }

    #[test]
    fn cell_keeps_the_value() {
        let c = TimeoutCell::blocking();
        assert_eq!(c.get(), None);
        c.set(Some(0.1));
        assert_eq!(c.get(), Some(0.1));
        c.set(Some(0.0));
        assert_eq!(c.get(), Some(0.0));
        assert_eq!(c.mode(), Mode::NonBlocking);
        c.set(None);
        assert_eq!(c.mode(), Mode::Blocking);
        for t in [Some(1e-12), Some(0.5), Some(9e9), Some(5.0), Some(0.0), None] {
            c.set(t);
            assert_eq!(c.mode(), Mode::of(t), "{t:?}");
        }
    }
}
