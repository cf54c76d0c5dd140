//! Waiting for I/O on many descriptors: Python's `select` module — [`select()`](select()),
//! [`poll`](Poll) objects, `epoll` (`Epoll`) on Linux and `kqueue` (`Kqueue`) on FreeBSD,
//! NetBSD, OpenBSD and macOS — with the same behaviour and error texts as CPython 3.13.
//!
//! | Python | bsdsock, no allocation (caller's buffers) | bsdsock, `alloc` (Python's shapes) | C call |
//! |---|---|---|---|
//! | `select.select(r, w, x, timeout)` | [`select_fds`] over [`FdSet`]s | [`select()`](select()) → `(Vec<R>, Vec<W>, Vec<X>)` | select(2) |
//! | `select.poll()` and its methods | [`poll_fds`] over `&mut [`[`PollFd`]`]` | [`Poll`] (register / modify / unregister / poll) | poll(2) |
//! | `select.epoll()` and its methods (Linux) | `Epoll`, `Epoll::poll_into` into `&mut [EpollEvent]` | `Epoll::poll` → `Vec<(fd, events)>` | epoll_create1(2), epoll_ctl(2), epoll_wait(2) / epoll_pwait2(2) |
//! | `select.kqueue()`, `select.kevent` (BSD, macOS) | `Kqueue`, `Kqueue::control_into`, `Kevent` | `Kqueue::control` → `Vec<Kevent>` | kqueue(2), kevent(2) |
//!
//! The constants — `POLLIN` … `POLLRDHUP`, `EPOLLIN` … `EPOLLEXCLUSIVE`, `EPOLL_CLOEXEC`,
//! `KQ_FILTER_*`, `KQ_EV_*`, `KQ_NOTE_*`, `FD_SETSIZE`, `PIPE_BUF` — are re-exported here from
//! [`consts::os`](crate::consts::os) and [`consts::select`](crate::consts::select), read from
//! the target's headers at build time. As in Python, a name the target does not define is
//! absent (`POLLRDHUP` is Linux-only, `EPOLL*` Linux-only, `KQ_*` BSD-only).
//!
//! # Descriptors
//!
//! Every function takes anything that has a descriptor: an [`AsFileno`] value — a
//! [`Socket`](crate::Socket), an `Epoll` or `Kqueue`, a raw `i32` (Python's integer
//! descriptors), and with `std` a `BorrowedFd`, `OwnedFd`, `File` or std socket — or a
//! reference to one.
//!
//! **The rule this module follows (I/O safety):** a safe function here never closes, reads,
//! writes, or changes the flags of a descriptor that it does not own. Asking the kernel
//! about a descriptor's readiness does none of that, so [`select()`](select()), [`poll_fds`],
//! [`Poll`], `Epoll::register` and kqueue's filters take raw descriptor numbers, as Python
//! does: a stale or wrong number can only give a wrong *answer* (EBADF, POLLNVAL, an event
//! for whatever that number now is), never harm a descriptor someone else owns. Registering
//! a descriptor with an epoll or kqueue instance makes the kernel watch the open file behind
//! it; that changes nothing about the file. The epoll and kqueue descriptors themselves *are*
//! owned — by the `Epoll` / `Kqueue` value, which closes them on drop or `close` — so
//! adopting one (`Epoll::fromfd`, Python's `epoll.fromfd`)
//! takes an owned [`Fd`](crate::Fd) (or, with `std`, an `OwnedFd`, or `unsafe`
//! `FromRawFd::from_raw_fd`), never a bare integer.
//!
//! # Timeouts and signals
//!
//! Timeouts are Python's: seconds as `f64` for `select`, `epoll.poll` and `kqueue.control`,
//! milliseconds as `f64` for `poll.poll`; `None` waits for ever. Each call fixes its deadline
//! on entry on the monotonic clock. A signal handler that interrupts the wait (EINTR) does not
//! end the call: it waits again for the time left, and returns "nothing ready" once the
//! deadline has passed (PEP 475, as in Python 3). A wait never ends before its deadline:
//! when the kernel reports nothing ready while time is left (a wait primitive's range or
//! rounding), the call waits again.
//!
//! Bad values give Python's exceptions and texts: `NaN` is
//! [`Error::Value`]`("Invalid value NaN (not a number)")`, a value whose nanoseconds do not
//! fit an `i64` (about 292 years, and ±∞) is
//! [`Error::Overflow`]`("timestamp out of range for platform time_t")`; see each function for
//! what a negative value means there.
//!
//! # Example: an echo server on epoll (Linux)
//!
//! ```
//! # #[cfg(target_os = "linux")] {
//! use bsdsock::select::{Epoll, EpollEvent, EPOLLIN};
//! use bsdsock::{socket, AF_INET, SOCK_STREAM};
//!
//! let listener = socket(AF_INET, SOCK_STREAM, 0)?;
//! listener.bind(("127.0.0.1", 0))?;
//! listener.listen(16)?;
//! let client = socket(AF_INET, SOCK_STREAM, 0)?;
//! client.connect(listener.getsockname()?)?;
//! client.sendall(b"ping")?;
//!
//! let ep = Epoll::new()?;
//! ep.register(&listener, EPOLLIN)?;
//! let mut events = [EpollEvent::default(); 16];
//! let mut conns = Vec::new();
//! let mut echoed = 0;
//! while echoed < 4 {
//!     let n = ep.poll_into(Some(5.0), &mut events)?;
//!     for ev in &events[..n] {
//!         if ev.fd() == listener.fileno() {
//!             let (conn, _) = listener.accept()?;
//!             ep.register(&conn, EPOLLIN)?;
//!             conns.push(conn);
//!         } else if let Some(conn) = conns.iter().find(|c| c.fileno() == ev.fd()) {
//!             let mut buf = [0u8; 1024];
//!             let k = conn.recv_into(&mut buf, 0)?;
//!             conn.sendall(&buf[..k])?;
//!             echoed += k;
//!         }
//!     }
//! }
//! let mut buf = [0u8; 4];
//! assert_eq!(client.recv_into(&mut buf, 0)?, 4);
//! assert_eq!(&buf, b"ping");
//! # }
//! # Ok::<(), bsdsock::Error>(())
//! ```
//!
//! # Differences from Python, all deliberate
//!
//! * **No closed state.** `epoll.close()` and `kqueue.close()` consume the object, as
//!   [`Socket::close`](crate::Socket::close) does, so Python's `ValueError: I/O operation on
//!   closed epoll object` cannot happen: using an epoll object after `close` does not compile
//!   (see `Epoll::close`). There is no `closed` attribute.
//! * **Results.** [`select()`](select()) returns the ready items of the lists it was given,
//!   moved into `Vec`s (pass `&socket`s to keep the sockets), as Python returns the same
//!   objects. [`Poll::poll`] lists descriptors in
//!   ascending order (Python: registration order). Events are `u16` (poll, Python's
//!   `unsigned short`) and `u32` (epoll); out-of-range masks, which Python rejects at run
//!   time, do not type-check.
//! * **select(2) on Linux** ignores set bits above the process's descriptor table and
//!   leaves them set, so CPython reports a number that was never opened (above the table) as
//!   ready. bsdsock returns empty sets when select(2) says nothing is ready; with other
//!   descriptors ready the kernel's answer is returned as it is.
//! * **kqueue.control** applies the change list once: after EINTR it waits again without
//!   re-applying it (CPython re-applies it, so an `EV_DELETE` can fail the second time). A
//!   NaN or out-of-range timeout gives the texts above (CPython 3.13 reports a `TypeError`
//!   there).
//! * **epoll.poll** with a positive timeout waits with nanosecond resolution where the
//!   kernel has epoll_pwait2(2) (CPython rounds up to milliseconds for epoll_wait(2)).

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::consts::errno::EINTR;
use crate::error::{Error, Result};
use crate::sys::c_int;
use crate::sys::errno::Errno;
use crate::timeout::Deadline;

#[cfg(any(target_os = "linux", target_os = "android"))]
mod epoll;
mod fdset;
#[cfg(any(
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_vendor = "apple"
))]
mod kqueue;
mod poll;

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use epoll::{Epoll, EpollEvent, epoll};
#[cfg(feature = "alloc")]
pub use fdset::select;
pub use fdset::{FdSet, select_fds};
#[cfg(any(
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_vendor = "apple"
))]
pub use kqueue::{Kevent, Kqueue, kqueue};
#[cfg(feature = "alloc")]
pub use poll::{Poll, poll};
pub use poll::{PollFd, poll_fds};

#[cfg(bsdsock_const = "POLLMSG")]
pub use crate::consts::os::POLLMSG;
#[cfg(bsdsock_const = "POLLRDBAND")]
pub use crate::consts::os::POLLRDBAND;
#[cfg(bsdsock_const = "POLLRDHUP")]
pub use crate::consts::os::POLLRDHUP;
#[cfg(bsdsock_const = "POLLRDNORM")]
pub use crate::consts::os::POLLRDNORM;
#[cfg(bsdsock_const = "POLLWRBAND")]
pub use crate::consts::os::POLLWRBAND;
#[cfg(bsdsock_const = "POLLWRNORM")]
pub use crate::consts::os::POLLWRNORM;
pub use crate::consts::os::{POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI};
pub use crate::consts::select::*;

/// Anything with a descriptor: Python's "an integer, or an object with a `fileno()` method".
///
/// Implemented for `i32` (a raw descriptor number), [`Socket`](crate::Socket),
/// [`SocketFile`](crate::SocketFile), [`Fd`](crate::Fd), `Epoll`, `Kqueue`, references to
/// any of them, `&dyn AsFileno`, and with `std` for `BorrowedFd`, `OwnedFd`, `File`, the
/// std sockets and the standard streams. The functions of this module only ask the kernel
/// about the descriptor's readiness (see the [module docs](self)).
pub trait AsFileno {
    /// The descriptor number (Python's `fileno()`).
    fn fileno(&self) -> i32;
}

impl AsFileno for i32 {
    fn fileno(&self) -> i32 {
        *self
    }
}

impl<T: AsFileno + ?Sized> AsFileno for &T {
    fn fileno(&self) -> i32 {
        (**self).fileno()
    }
}

impl<T: AsFileno + ?Sized> AsFileno for &mut T {
    fn fileno(&self) -> i32 {
        (**self).fileno()
    }
}

impl AsFileno for crate::Socket {
    fn fileno(&self) -> i32 {
        crate::Socket::fileno(self)
    }
}

impl AsFileno for crate::Fd {
    fn fileno(&self) -> i32 {
        self.raw()
    }
}

#[cfg(feature = "alloc")]
impl AsFileno for crate::SocketFile {
    /// The file's descriptor; -1 once the file is closed (which every call here rejects).
    fn fileno(&self) -> i32 {
        crate::SocketFile::fileno(self)
    }
}

#[cfg(feature = "std")]
mod std_fileno {
    use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

    use super::AsFileno;

    macro_rules! via_as_raw_fd {
        ($($t:ty),*) => {$(
            impl AsFileno for $t {
                fn fileno(&self) -> i32 {
                    self.as_raw_fd()
                }
            }
        )*};
    }

    via_as_raw_fd!(
        BorrowedFd<'_>,
        OwnedFd,
        std::fs::File,
        std::net::TcpStream,
        std::net::TcpListener,
        std::net::UdpSocket,
        std::os::unix::net::UnixStream,
        std::os::unix::net::UnixListener,
        std::os::unix::net::UnixDatagram,
        std::io::Stdin,
        std::io::Stdout,
        std::io::Stderr
    );
}

/// An empty list of descriptors, for the lists of [`select()`](select()) that have none
/// (Python's `[]`).
pub const EMPTY: [i32; 0] = [];

/// Python's `ValueError` for a negative descriptor number, with the number in the text.
pub(crate) fn negative_fd(fd: i32) -> Error {
    Error::ValueNum("file descriptor cannot be a negative integer (", fd as i64, ")")
}

/// `fd`'s number, or Python's error for a negative one.
#[cfg_attr(
    not(any(feature = "alloc", target_os = "linux", target_os = "android")),
    allow(dead_code)
)]
pub(crate) fn checked_fd<F: AsFileno + ?Sized>(f: &F) -> Result<i32> {
    let fd = f.fileno();
    if fd < 0 { Err(negative_fd(fd)) } else { Ok(fd) }
}

// ---- timeouts: CPython's pytime conversions, then the PEP 475 wait loop ----

const NAN: Error = Error::Value("Invalid value NaN (not a number)");
const TIME_T: Error = Error::Overflow("timestamp out of range for platform time_t");
const TOO_LARGE: Error = Error::Overflow("timeout is too large");
const NS_PER_MS: i64 = 1_000_000;

/// `value` units of `unit_ns` nanoseconds as nanoseconds, rounded away from zero (CPython's
/// `_PyTime_FromDouble` with `_PyTime_ROUND_TIMEOUT`): NaN and values outside `i64` are
/// Python's errors.
fn to_ns(value: f64, unit_ns: f64) -> Result<i64> {
    if value.is_nan() {
        return Err(NAN);
    }
    let d = value * unit_ns;
    // [i64::MIN, i64::MAX]: -2^63 <= d < 2^63 (infinities fail too). Near the bounds every
    // f64 is a whole number, so checking before rounding is the same as after.
    if !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&d) {
        return Err(TIME_T);
    }
    // Round away from zero (no `ceil` in core): a fraction has |d| < 2^53, so +-1 fits.
    let t = d as i64;
    Ok(if t as f64 == d {
        t
    } else if d > 0.0 {
        t + 1
    } else {
        t - 1
    })
}

/// Whole milliseconds of `ns`, rounded up (`away` false: CPython's ROUND_CEILING) or away
/// from zero (`away` true: ROUND_TIMEOUT).
fn to_ms(ns: i64, away: bool) -> i64 {
    let q = ns / NS_PER_MS;
    let r = ns % NS_PER_MS;
    if r > 0 {
        q + 1
    } else if r < 0 && away {
        q - 1
    } else {
        q
    }
}

/// How long a call may wait: for ever (`None`) or nanoseconds.
pub(crate) type Wait = Option<u64>;

/// `select.select`'s timeout in seconds: negative is Python's `ValueError`.
pub(crate) fn select_timeout(timeout: Option<f64>) -> Result<Wait> {
    let Some(s) = timeout else { return Ok(None) };
    let ns = to_ns(s, 1e9)?;
    if ns < 0 {
        return Err(Error::Value("timeout must be non-negative"));
    }
    Ok(Some(ns as u64))
}

/// `poll.poll`'s timeout in milliseconds: negative waits for ever; the whole milliseconds
/// (rounded up) must fit a C `int`.
pub(crate) fn poll_timeout(timeout_ms: Option<f64>) -> Result<Wait> {
    let Some(ms) = timeout_ms else { return Ok(None) };
    let ns = to_ns(ms, 1e6)?;
    let whole = to_ms(ns, true);
    if whole < c_int::MIN as i64 || whole > c_int::MAX as i64 {
        return Err(TOO_LARGE);
    }
    Ok(if ns < 0 { None } else { Some(ns as u64) })
}

/// `epoll.poll`'s timeout in seconds: the whole milliseconds (rounded toward +∞) must fit a
/// C `int`; a negative value waits for ever, unless it rounds to 0 ms (above -0.001 s),
/// which CPython passes to epoll_wait(2) as 0.
#[cfg_attr(not(any(target_os = "linux", target_os = "android", test)), allow(dead_code))]
pub(crate) fn epoll_timeout(timeout: Option<f64>) -> Result<Wait> {
    let Some(s) = timeout else { return Ok(None) };
    let ns = to_ns(s, 1e9)?;
    let whole = to_ms(ns, false);
    if whole < c_int::MIN as i64 || whole > c_int::MAX as i64 {
        return Err(TOO_LARGE);
    }
    Ok(if whole < 0 { None } else { Some(ns.max(0) as u64) })
}

/// `kqueue.control`'s timeout in seconds: negative is Python's `ValueError`.
#[cfg_attr(
    not(any(
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_vendor = "apple",
        test
    )),
    allow(dead_code)
)]
pub(crate) fn kqueue_timeout(timeout: Option<f64>) -> Result<Wait> {
    let Some(s) = timeout else { return Ok(None) };
    let ns = to_ns(s, 1e9)?;
    if ns < 0 {
        return Err(Error::Value("timeout must be positive or None"));
    }
    Ok(Some(ns as u64))
}

/// A wait in whole milliseconds for poll(2) / epoll_wait(2): the nanoseconds rounded up and
/// capped at `c_int::MAX` (the caller's loop waits again after a capped wait); -1 for ever.
pub(crate) fn ms_arg(wait: Wait) -> c_int {
    match wait {
        None => -1,
        Some(ns) => {
            let ms = ns / 1_000_000 + u64::from(ns % 1_000_000 != 0);
            ms.min(c_int::MAX as u64) as c_int
        }
    }
}

/// Run one waiting system call under PEP 475. `call(wait)` waits at most `wait` and returns
/// how many descriptors (or events) are ready. The deadline is fixed on entry; EINTR, or
/// "nothing ready" while time is left, calls again with the time left; once the deadline
/// has passed the answer is 0 (nothing ready). A zero timeout is one call (repeated only
/// after EINTR).
pub(crate) fn wait_loop(
    wait: Wait,
    mut call: impl FnMut(Wait) -> core::result::Result<usize, Errno>,
) -> Result<usize> {
    let deadline = match wait {
        Some(ns) if ns > 0 => Some(Deadline::after(ns)),
        _ => None,
    };
    let mut left = wait;
    loop {
        match call(left) {
            Ok(n) if n > 0 => return Ok(n),
            Ok(_) if deadline.is_none() => return Ok(0),
            Ok(_) => {}
            Err(e) if e.0 == EINTR => {
                if deadline.is_none() {
                    continue; // for ever, or a zero timeout: the same call again
                }
            }
            Err(e) => return Err(e.into()),
        }
        match deadline.and_then(Deadline::left) {
            Some(ns) => left = Some(ns),
            None => return Ok(0),
        }
    }
}

/// Python's `maxevents` / `max_events` argument for the `Vec` forms: `-1` (epoll) means
/// `FD_SETSIZE - 1`, anything else must be positive.
#[cfg(feature = "alloc")]
#[cfg_attr(not(any(target_os = "linux", target_os = "android")), allow(dead_code))]
pub(crate) fn epoll_maxevents(maxevents: i32) -> Result<usize> {
    match maxevents {
        -1 => Ok(crate::consts::select::FD_SETSIZE as usize - 1),
        n if n <= 0 => Err(Error::ValueNum("maxevents must be greater than 0, got ", n as i64, "")),
        n => Ok(n as usize),
    }
}

/// An empty `Vec` with room for `n` items (fallible: a size the allocator refuses is
/// ENOMEM, not an abort).
#[cfg(feature = "alloc")]
pub(crate) fn vec_with_capacity<T>(n: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEG: Error = Error::Value("timeout must be non-negative");

    #[test]
    fn select_timeouts() {
        assert_eq!(select_timeout(None), Ok(None));
        assert_eq!(select_timeout(Some(0.0)), Ok(Some(0)));
        assert_eq!(select_timeout(Some(-0.0)), Ok(Some(0)));
        assert_eq!(select_timeout(Some(1e-10)), Ok(Some(1))); // rounds up, never to 0
        assert_eq!(select_timeout(Some(1.5)), Ok(Some(1_500_000_000)));
        assert_eq!(select_timeout(Some(-1.0)), Err(NEG));
        assert_eq!(select_timeout(Some(-1e-12)), Err(NEG));
        assert_eq!(select_timeout(Some(f64::NAN)), Err(NAN));
        assert_eq!(select_timeout(Some(f64::INFINITY)), Err(TIME_T));
        assert_eq!(select_timeout(Some(f64::NEG_INFINITY)), Err(TIME_T));
        assert_eq!(select_timeout(Some(-1e300)), Err(TIME_T));
        assert_eq!(select_timeout(Some(1e10)), Err(TIME_T));
        assert_eq!(select_timeout(Some(9.2e9)), Ok(Some(9_200_000_000_000_000_000)));
    }

    #[test]
    fn poll_timeouts() {
        assert_eq!(poll_timeout(None), Ok(None));
        assert_eq!(poll_timeout(Some(-1.0)), Ok(None));
        assert_eq!(poll_timeout(Some(-0.5)), Ok(None));
        assert_eq!(poll_timeout(Some(0.0)), Ok(Some(0)));
        assert_eq!(poll_timeout(Some(0.5)), Ok(Some(500_000)));
        assert_eq!(poll_timeout(Some(2147483647.0)), Ok(Some(2_147_483_647_000_000)));
        assert_eq!(poll_timeout(Some(2147483646.5)), Ok(Some(2_147_483_646_500_000)));
        assert_eq!(poll_timeout(Some(2147483647.5)), Err(TOO_LARGE));
        assert_eq!(poll_timeout(Some(-2147483649.0)), Err(TOO_LARGE));
        assert_eq!(poll_timeout(Some(-2147483648.0)), Ok(None));
        assert_eq!(poll_timeout(Some(9.2e12)), Err(TOO_LARGE));
        assert_eq!(poll_timeout(Some(9.3e12)), Err(TIME_T));
        assert_eq!(poll_timeout(Some(f64::INFINITY)), Err(TIME_T));
        assert_eq!(poll_timeout(Some(f64::NEG_INFINITY)), Err(TIME_T));
        assert_eq!(poll_timeout(Some(f64::NAN)), Err(NAN));
    }

    #[test]
    fn epoll_timeouts() {
        assert_eq!(epoll_timeout(None), Ok(None));
        assert_eq!(epoll_timeout(Some(-1.0)), Ok(None));
        assert_eq!(epoll_timeout(Some(-5.0)), Ok(None));
        assert_eq!(epoll_timeout(Some(-0.0004)), Ok(Some(0))); // ceil(-0.4 ms) = 0 ms
        assert_eq!(epoll_timeout(Some(0.0)), Ok(Some(0)));
        assert_eq!(epoll_timeout(Some(1e-9)), Ok(Some(1)));
        assert_eq!(epoll_timeout(Some(2147483.647)), Ok(Some(2_147_483_647_000_000)));
        assert_eq!(epoll_timeout(Some(2147483.648)), Err(TOO_LARGE));
        assert_eq!(epoll_timeout(Some(1e10)), Err(TIME_T));
        assert_eq!(epoll_timeout(Some(-1e300)), Err(TIME_T));
        assert_eq!(epoll_timeout(Some(f64::NAN)), Err(NAN));
    }

    #[test]
    fn kqueue_timeouts() {
        let neg = Err(Error::Value("timeout must be positive or None"));
        assert_eq!(kqueue_timeout(None), Ok(None));
        assert_eq!(kqueue_timeout(Some(0.0)), Ok(Some(0)));
        assert_eq!(kqueue_timeout(Some(-0.0)), Ok(Some(0)));
        assert_eq!(kqueue_timeout(Some(2.5)), Ok(Some(2_500_000_000)));
        assert_eq!(kqueue_timeout(Some(-1.0)), neg);
        assert_eq!(kqueue_timeout(Some(-1e-9)), neg);
        assert_eq!(kqueue_timeout(Some(f64::NAN)), Err(NAN));
        assert_eq!(kqueue_timeout(Some(f64::INFINITY)), Err(TIME_T));
    }

    #[test]
    fn milliseconds() {
        assert_eq!(to_ms(0, true), 0);
        assert_eq!(to_ms(1, false), 1);
        assert_eq!(to_ms(-1, false), 0);
        assert_eq!(to_ms(-1, true), -1);
        assert_eq!(to_ms(-1_000_000, true), -1);
        assert_eq!(to_ms(2_000_001, true), 3);
        assert_eq!(ms_arg(None), -1);
        assert_eq!(ms_arg(Some(0)), 0);
        assert_eq!(ms_arg(Some(1)), 1);
        assert_eq!(ms_arg(Some(1_000_000)), 1);
        assert_eq!(ms_arg(Some(1_000_001)), 2);
        assert_eq!(ms_arg(Some(u64::MAX)), c_int::MAX);
    }

    #[test]
    #[cfg(feature = "alloc")]
    fn maxevents() {
        let fd_setsize = crate::consts::select::FD_SETSIZE as usize;
        assert_eq!(epoll_maxevents(-1), Ok(fd_setsize - 1));
        assert_eq!(epoll_maxevents(1), Ok(1));
        for bad in [0, -2, i32::MIN] {
            let want = std::format!("maxevents must be greater than 0, got {bad}");
            assert_eq!(std::format!("{}", epoll_maxevents(bad).unwrap_err()), want);
        }
    }

    #[test]
    fn negative_descriptors() {
        assert_eq!(checked_fd(&3), Ok(3));
        let e = checked_fd(&-3).unwrap_err();
        assert_eq!(std::format!("{e}"), "file descriptor cannot be a negative integer (-3)");
    }

    /// The loop's decisions with a scripted system call (no clock involved for these).
    #[test]
    fn wait_loop_retries_eintr() {
        let mut calls = 0;
        let r = wait_loop(None, |w| {
            calls += 1;
            assert_eq!(w, None);
            if calls < 3 { Err(Errno(EINTR)) } else { Ok(2) }
        });
        assert_eq!((r, calls), (Ok(2), 3));
        let mut calls = 0;
        let r = wait_loop(Some(0), |w| {
            calls += 1;
            assert_eq!(w, Some(0));
            if calls < 2 { Err(Errno(EINTR)) } else { Ok(0) }
        });
        assert_eq!((r, calls), (Ok(0), 2));
        let r = wait_loop(Some(0), |_| Err(Errno(crate::consts::errno::EBADF)));
        assert_eq!(r, Err(Error::Os(crate::consts::errno::EBADF)));
    }

    #[test]
    #[cfg_attr(miri, ignore)] // reads the monotonic clock
    fn wait_loop_waits_out_the_deadline() {
        // A call that reports "nothing ready" before the deadline is called again until the
        // deadline has passed.
        const WAIT: u64 = 50_000_000;
        let start = crate::sys::time::monotonic_ns();
        let mut calls = 0u32;
        let mut first_returned = 0;
        let r = wait_loop(Some(WAIT), |w| {
            calls += 1;
            if calls == 1 {
                first_returned = crate::sys::time::monotonic_ns();
            }
            assert!(w.is_some_and(|ns| ns <= WAIT));
            Ok(0)
        });
        assert_eq!(r, Ok(0));
        assert!(crate::sys::time::monotonic_ns() - start >= WAIT);
        // The deadline is at least WAIT after `start`. Only when the first call returned
        // before that must there be a second (a loaded emulator can take longer than WAIT
        // for one call).
        if first_returned - start < WAIT {
            assert!(calls >= 2, "one call, returned {} ns after the start", first_returned - start);
        }
    }
}
