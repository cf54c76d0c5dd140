//! Blocking, non-blocking and timeout modes ([Python's section (c)](crate::conformance#section-c)), the module-wide default
//! timeout, and the per-call loop every socket operation runs through.
//!
//! # The three modes
//!
//! As in Python, a socket's mode is its timeout value: `None` is blocking, `0.0`
//! non-blocking, a positive number of seconds is timeout mode ([C1](crate::conformance#C1)). [`setdefaulttimeout`]
//! sets the value new sockets start with (socket, socketpair, accept, fromfd; [C3](crate::conformance#C3));
//! [`dup`](crate::Socket::dup) copies the original's timeout, as Python 3's does.
//!
//! * **Blocking**: the system call blocks. EINTR is retried (PEP 475), so a signal never
//!   surfaces as an error.
//! * **Non-blocking**: a call that would block fails with [`Error::Os`]`(EAGAIN)` ([C10](crate::conformance#C10)), and
//!   `connect` with EINPROGRESS ([C19](crate::conformance#C19)).
//! * **Timeout**: every call gets its own deadline on the monotonic clock, fixed on entry
//!   ([C14](crate::conformance#C14), 3.x). Expiry is [`Error::Timeout`] ("timed out", [C13](crate::conformance#C13)). EINTR is retried with the
//!   time left (PEP 475, [C25](crate::conformance#C25)).
//!
//! # The timeout lives in the object, not in the descriptor
//!
//! A descriptor's flags and options belong to the *open file description*, which every
//! [`dup`](crate::Socket::dup), [`fromfd`](crate::fromfd), std handoff (`into_raw_fd`,
//! `From<Socket> for TcpStream`, …), forked child, SCM_RIGHTS receiver and
//! [`makefile`](crate::Socket::makefile) object shares, and which a listener passes on to
//! the sockets it accepts (options). So bsdsock does what Python does: the timeout is kept
//! in the `Socket` value, and the descriptor gets only what Python puts there — O_NONBLOCK,
//! set in non-blocking and timeout mode and cleared in blocking mode ([C5](crate::conformance#C5)), by
//! [`settimeout`](crate::Socket::settimeout) and when a socket is made. Kernel timeouts
//! (SO_RCVTIMEO / SO_SNDTIMEO) are never set.
//!
//! Every call stays correct when another holder of the same description changes its flags
//! or options under it:
//!
//! * **Timeout and non-blocking mode never block past their deadline**, even when someone
//!   else cleared O_NONBLOCK: every call that takes flags (recv, recv_into, recvfrom,
//!   recvfrom_into, send, sendto, sendall, sendmsg, recvmsg, sendmmsg, recvmmsg) passes
//!   MSG_DONTWAIT, so the kernel never puts it to sleep; it waits only in poll(2) for
//!   readiness, with the time left. The calls without a flags argument — `accept` and
//!   `connect` — cannot do that: `accept` polls first (also in non-blocking mode, where the
//!   poll has a zero timeout) and then relies on O_NONBLOCK; `connect` re-asserts O_NONBLOCK
//!   on the description if someone cleared it (one F_GETFL per connect) and then relies on
//!   it. A race remains there: another holder clearing O_NONBLOCK between that check (or the
//!   poll) and the call, while a third takes the pending connection, can make that one
//!   accept or connect block.
//! * **Blocking mode never surfaces EAGAIN caused by someone else**: when a blocking call
//!   fails with EAGAIN / EWOULDBLOCK — another holder set O_NONBLOCK, or a kernel timeout
//!   (SO_RCVTIMEO, e.g. from a std socket's `set_read_timeout`) expired — it waits for
//!   readiness with poll(2), without a time limit, and tries again. The normal path makes no
//!   extra system call. This is a **deliberate difference from CPython**, which raises
//!   `[Errno 11]` from a "blocking" socket in that situation: a blocking call here blocks
//!   until it has a result, as its mode says. Two exceptions keep EAGAIN, because there is
//!   nothing to wait for: a caller's own MSG_DONTWAIT flag, and an AF_UNIX `connect` to a full
//!   backlog on a description someone else made non-blocking.
//! * A call already running keeps the deadline it fixed on entry; `settimeout` (here or on
//!   another holder) applies from the next call on.
//!
//! What each holder of a shared description sees:
//!
//! | holder | sees |
//! |---|---|
//! | `dup()` | a new `Socket` with a copy of the original's timeout; the descriptor's O_NONBLOCK set to match it |
//! | `fromfd()` | the default timeout; O_NONBLOCK set to match it (CPython leaves the flag alone when the default is `None`) |
//! | `accept()` | the default timeout (not the listener's, [C4](crate::conformance#C4)); the new descriptor is created non-blocking exactly when that is not `None` (accept4 with SOCK_NONBLOCK) |
//! | `makefile()` | *the same* mode as its socket, live: a later `settimeout` on either applies to both, also after the socket was dropped |
//! | a std type (`From<Socket>`, `into_raw_fd`) | the descriptor as the mode left it: O_NONBLOCK in non-blocking and timeout mode (as CPython's `detach()` leaves it), clear in blocking mode; no kernel timeouts |
//! | a `Socket` adopted from std (`From<TcpStream>`, …) | blocking, or non-blocking if the descriptor is O_NONBLOCK; kernel timeouts that std set stay in the descriptor, and bsdsock's calls ignore them (blocking calls keep waiting, timeout-mode calls use their own deadline) |
//! | another process, SCM_RIGHTS receiver | O_NONBLOCK as the last `settimeout` of any holder left it |
//!
//! `settimeout` from several threads at once on one socket (or on a socket and its
//! `makefile` object) is serialised by a small per-socket spin lock held across the
//! fcntl(2) and the store of the value, so once the calls have returned the value that
//! `gettimeout` reports and the descriptor's flag agree (the last writer wins both). Socket
//! calls never take that lock: they read the mode with one atomic load.
//!
//! # Deadlines
//!
//! A deadline is fixed on entry on the monotonic clock (clock_gettime through the vDSO, no
//! system call). Waits use ppoll(2) with nanosecond resolution on Linux, Android, FreeBSD,
//! NetBSD and OpenBSD, and poll(2) with the time rounded **up** to the next millisecond
//! elsewhere (macOS; 3.x rounding, [C12](crate::conformance#C12)). A wait that returns with nothing ready re-reads the
//! clock: a call never gives up before its deadline, and EINTR recomputes the time left.
//! It always looks at least once, so a call whose descriptor is ready succeeds however
//! small its timeout (as CPython's first poll, which gets the whole timeout).
//! The kernel may end a long poll late by a slack proportional to its length (Linux: 0.1 %
//! of it, 0.5 % when niced, up to 100 ms), so a wait of more than 2 ms first sleeps to
//! 1/128 of the time left before the deadline and then waits again for the rest (one more
//! wakeup per factor of 128, only when the wait runs that long). On an idle machine a
//! timeout then fires within the timer slack (50 µs by default) of its deadline, whatever
//! its length; the example `deadline_lateness` measures it.
//!
//! [`sendall`](crate::Socket::sendall) fixes one deadline for the whole call (3.x, [C21](crate::conformance#C21)), on
//! every family; recv with MSG_WAITALL in timeout mode returns what has arrived when the
//! kernel would otherwise wait for more (as on CPython's O_NONBLOCK descriptor).
//!
//! # How timeout mode stays cheap
//!
//! CPython 3 polls before every call in timeout mode: a request/response costs 4 system
//! calls per side (poll, send, poll, recv) against 2 in blocking mode. "Try first, poll on
//! EAGAIN" costs 1 per call when data is already waiting, but 4 per round trip in a
//! ping-pong (the recv fails first). bsdsock chooses per socket and per direction: a call
//! tries first, unless the last call of that direction had to wait, in which case it polls
//! first. A ping-pong then costs 3 per round trip and side (send; poll, recv), a socket with
//! data waiting 1 per call. To notice when waiting stops, a poll-first call tries first
//! instead about once in 64 calls (chosen from the clock reading the deadline already
//! takes, so the choice costs no store). The hint is a pair of relaxed atomic flags in the
//! socket; a lost update costs at most one extra system call, never correctness.
//!
//! # Other differences from CPython, all deliberate
//!
//! * Python 2.7 re-arms `sendall`'s timeout for every chunk ([C20](crate::conformance#C20)); bsdsock caps the whole
//!   call (3.x, [C21](crate::conformance#C21)). Python 2.7 surfaces EINTR ([C23](crate::conformance#C23)); bsdsock retries (3.x, [C25](crate::conformance#C25)).
//! * `connect` reports success only for a connected socket: after a wait it reads SO_ERROR
//!   and then repeats connect(2), which says EISCONN once connected; after EINTR in blocking
//!   mode it repeats connect(2) at once, which waits for a TCP connection under way and
//!   starts an AF_UNIX one again (CPython trusts poll + SO_ERROR, which report "writable,
//!   no error" for an AF_UNIX connect that a signal cut short).
//! * Non-blocking `accept` polls (zero timeout) before accept(2): one system call more per
//!   accepted connection than CPython, the price of never blocking when another holder
//!   cleared O_NONBLOCK.
//!
//! # Values
//!
//! [`Socket::settimeout`](crate::Socket::settimeout) and [`setdefaulttimeout`] take
//! `Option<f64>` seconds and check them as Python 3 does: negative is
//! `Error::Value("Timeout value out of range")`, NaN is
//! `Error::Value("Invalid value NaN (not a number)")`, and a value whose nanoseconds do not
//! fit in an `i64` (about 292 years; infinity too) is
//! `Error::Overflow("timestamp out of range for platform time_t")` ([C7](crate::conformance#C7), [C8](crate::conformance#C8)). The value is
//! kept exactly as given on every target, so `gettimeout` returns the bits that were set
//! (where the target has no 64-bit atomics, behind a sequence lock of 32-bit words). Any
//! positive value is timeout mode, however small (`5e-324` waits at least 1 ns).

use core::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use core::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, fence};

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

    /// One word: `u64::MAX` blocking, 0 non-blocking, else the nanoseconds (which
    /// [`check`] keeps below `u64::MAX`).
    fn word(self) -> u64 {
        match self {
            Mode::Blocking => u64::MAX,
            Mode::NonBlocking => 0,
            Mode::Timeout(ns) => ns,
        }
    }

    fn from_word(w: u64) -> Mode {
        match w {
            u64::MAX => Mode::Blocking,
            0 => Mode::NonBlocking,
            ns => Mode::Timeout(ns),
        }
    }
}

/// Check a timeout value as Python 3's `settimeout` does ([C7](crate::conformance#C7), [C8](crate::conformance#C8)).
///
/// # Errors
/// NaN: `Error::Value("Invalid value NaN (not a number)")`; negative:
/// `Error::Value("Timeout value out of range")`; too large for nanoseconds in an `i64`:
/// `Error::Overflow("timestamp out of range for platform time_t")`.
///
/// # Examples
///
/// ```
/// use bsdsock::timeout::check;
/// assert_eq!(check(Some(1.5))?, Some(1.5));
/// assert!(check(Some(-1.0)).is_err());      // "Timeout value out of range"
/// assert!(check(Some(f64::NAN)).is_err());  // "Invalid value NaN (not a number)"
/// # Ok::<(), bsdsock::Error>(())
/// ```
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

/// A 64-bit word behind a sequence lock of 32-bit atomics, for targets without 64-bit
/// atomics (powerpc, mips, armv5, …). Readers never block writers and never see a torn
/// value; writers must be serialised by the caller (the cell's lock does that). Compiled on
/// every target so its tests run natively.
#[cfg_attr(target_has_atomic = "64", allow(dead_code))]
pub(crate) struct SeqLock64 {
    seq: AtomicU32,
    hi: AtomicU32,
    lo: AtomicU32,
}

#[cfg_attr(target_has_atomic = "64", allow(dead_code))]
impl SeqLock64 {
    pub(crate) const fn new(v: u64) -> Self {
        SeqLock64 {
            seq: AtomicU32::new(0),
            hi: AtomicU32::new((v >> 32) as u32),
            lo: AtomicU32::new(v as u32),
        }
    }

    /// The value: retried while a write is in progress or happened during the read.
    pub(crate) fn load(&self) -> u64 {
        loop {
            let s1 = self.seq.load(Acquire);
            if s1 & 1 == 0 {
                let hi = self.hi.load(Relaxed);
                let lo = self.lo.load(Relaxed);
                fence(Acquire);
                if self.seq.load(Relaxed) == s1 {
                    return (u64::from(hi) << 32) | u64::from(lo);
                }
            }
            core::hint::spin_loop();
        }
    }

    /// Replace the value. One writer at a time (the caller serialises writers).
    pub(crate) fn store(&self, v: u64) {
        let s = self.seq.load(Relaxed);
        self.seq.store(s.wrapping_add(1), Relaxed);
        fence(Release);
        self.hi.store((v >> 32) as u32, Relaxed);
        self.lo.store(v as u32, Relaxed);
        self.seq.store(s.wrapping_add(2), Release);
    }
}

/// A 64-bit word readable with one atomic load: `AtomicU64` where the target has it, else a
/// [`SeqLock64`] (the cfg `bsdsock_seqlock` forces the latter, to test it natively).
#[cfg(all(target_has_atomic = "64", not(bsdsock_seqlock)))]
struct Word64(core::sync::atomic::AtomicU64);

#[cfg(all(target_has_atomic = "64", not(bsdsock_seqlock)))]
impl Word64 {
    const fn new(v: u64) -> Self {
        Word64(core::sync::atomic::AtomicU64::new(v))
    }
    #[inline]
    fn load(&self) -> u64 {
        self.0.load(Relaxed)
    }
    fn store(&self, v: u64) {
        self.0.store(v, Relaxed)
    }
}

#[cfg(any(not(target_has_atomic = "64"), bsdsock_seqlock))]
type Word64 = SeqLock64;

/// `None` as CPython stores it ([C2](crate::conformance#C2)): the bits of -1.0.
const NONE_BITS: u64 = 0xBFF0_0000_0000_0000;
const _: () = assert!(NONE_BITS == (-1.0f64).to_bits());

/// A socket's mode, shared between threads without a lock on the read side: the exact `f64`
/// bits of the timeout (`gettimeout`), the [`Mode`] already converted (what each call reads),
/// the per-direction poll-first hints, and the lock that serialises writers (`settimeout`
/// and the descriptor flag it sets, see the module docs).
pub(crate) struct TimeoutCell {
    lock: AtomicBool,
    value: Word64,
    mode: Word64,
    /// Per direction (read, write): the last call had to wait, so poll first.
    poll_first: [AtomicBool; 2],
}

impl TimeoutCell {
    /// A cell holding `None` (blocking).
    pub(crate) const fn blocking() -> Self {
        TimeoutCell {
            lock: AtomicBool::new(false),
            value: Word64::new(NONE_BITS),
            mode: Word64::new(u64::MAX),
            poll_first: [AtomicBool::new(false), AtomicBool::new(false)],
        }
    }

    /// A cell holding `t` (already checked).
    pub(crate) fn new(t: Option<f64>) -> Self {
        let c = Self::blocking();
        c.value.store(encode(t));
        c.mode.store(Mode::of(t).word());
        c
    }

    /// The value (`gettimeout`).
    pub(crate) fn get(&self) -> Option<f64> {
        decode(self.value.load())
    }

    /// The mode the value selects: one atomic load (with 64-bit atomics).
    #[inline]
    pub(crate) fn mode(&self) -> Mode {
        Mode::from_word(self.mode.load())
    }

    /// Take the writer lock (a spin lock: held only across one fcntl(2) and two stores).
    pub(crate) fn lock(&self) -> CellGuard<'_> {
        #[allow(unused_mut, unused_variables)]
        let mut spins = 0u32;
        while self.lock.compare_exchange_weak(false, true, Acquire, Relaxed).is_err() {
            #[cfg(feature = "std")]
            {
                spins = spins.wrapping_add(1);
                if spins % 64 == 0 {
                    std::thread::yield_now();
                    continue;
                }
            }
            core::hint::spin_loop();
        }
        CellGuard(self)
    }

    #[inline]
    fn poll_first(&self, dir: Dir) -> &AtomicBool {
        &self.poll_first[dir as usize]
    }

    /// Record what a call that tried first saw: it had to wait, or it did not.
    #[inline]
    fn tried(&self, dir: Dir, had_to_wait: bool) {
        let h = self.poll_first(dir);
        if h.load(Relaxed) != had_to_wait {
            h.store(had_to_wait, Relaxed);
        }
    }
}

/// The writer lock of a [`TimeoutCell`], released on drop.
pub(crate) struct CellGuard<'a>(&'a TimeoutCell);

impl CellGuard<'_> {
    /// Replace the value (already checked) and the mode.
    pub(crate) fn store(&self, t: Option<f64>) {
        self.0.value.store(encode(t));
        self.0.mode.store(Mode::of(t).word());
    }
}

impl Drop for CellGuard<'_> {
    fn drop(&mut self) {
        self.0.lock.store(false, Release);
    }
}

fn encode(t: Option<f64>) -> u64 {
    match t {
        Some(s) => s.to_bits(),
        None => NONE_BITS,
    }
}

fn decode(bits: u64) -> Option<f64> {
    let s = f64::from_bits(bits);
    if s < 0.0 { None } else { Some(s) }
}

static DEFAULT_TIMEOUT: TimeoutCell = TimeoutCell::blocking();

/// The timeout new sockets start with, in seconds; `None` (the initial value) means
/// blocking.
///
/// Python's `socket.getdefaulttimeout()`. Process-wide, read atomically.
///
/// # Examples
///
/// ```rust,standalone_crate
/// assert_eq!(bsdsock::getdefaulttimeout(), None);   // until setdefaulttimeout is called
/// ```
pub fn getdefaulttimeout() -> Option<f64> {
    DEFAULT_TIMEOUT.get()
}

/// Set the timeout new sockets start with (socket, socketpair, accept, fromfd): `None` for
/// blocking, `Some(0.0)` for non-blocking, `Some(seconds)` for timeout mode.
///
/// Python's `socket.setdefaulttimeout()`. Process-wide and atomic; sockets that already
/// exist keep their mode.
///
/// # Errors
/// The value errors of [`Socket::settimeout`](crate::Socket::settimeout) (see [`check`]).
///
/// # Examples
///
/// ```rust,standalone_crate
/// bsdsock::setdefaulttimeout(Some(10.0))?;        // process-wide, for every new socket
/// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
/// assert_eq!(s.gettimeout(), Some(10.0));
/// bsdsock::setdefaulttimeout(None)?;
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn setdefaulttimeout(timeout: Option<f64>) -> Result<()> {
    let t = check(timeout)?;
    DEFAULT_TIMEOUT.lock().store(t);
    Ok(())
}

static INTERRUPTED: AtomicUsize = AtomicUsize::new(0);

/// How many system calls made by bsdsock in this process failed with EINTR (a signal
/// arrived while they waited) and were resumed, with the time left in timeout mode.
///
/// Diagnostics: it shows that signals reached socket calls and were absorbed (PEP 475), and
/// it is how the crate's signal tests check that their signals hit the calls they aim at.
/// Counted with a relaxed atomic add on the EINTR path only; the normal path pays nothing.
///
/// # Examples
///
/// ```
/// let before = bsdsock::timeout::interrupted_calls();
/// assert!(bsdsock::timeout::interrupted_calls() >= before);  // only grows
/// ```
pub fn interrupted_calls() -> usize {
    INTERRUPTED.load(Relaxed)
}

#[inline(never)]
#[cold]
fn interrupted() {
    INTERRUPTED.fetch_add(1, Relaxed);
}

/// MSG_DONTWAIT: passed by every flag-taking call in non-blocking and timeout mode.
#[cfg(bsdsock_const = "MSG_DONTWAIT")]
pub(crate) const DONTWAIT: c_int = crate::consts::MSG_DONTWAIT;
/// MSG_DONTWAIT: passed by every flag-taking call in non-blocking and timeout mode (absent
/// from this target's headers: those calls rely on O_NONBLOCK).
#[cfg(not(bsdsock_const = "MSG_DONTWAIT"))]
pub(crate) const DONTWAIT: c_int = 0;

/// Which readiness a call waits for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Dir {
    /// POLLIN: recv*, accept.
    Read = 0,
    /// POLLOUT: send*, connect.
    Write = 1,
}

impl Dir {
    fn events(self) -> i16 {
        match self {
            Dir::Read => crate::consts::os::POLLIN as i16,
            Dir::Write => crate::consts::os::POLLOUT as i16,
        }
    }
}

pub(crate) fn would_block(e: Errno) -> bool {
    e.0 == EAGAIN || e.0 == EWOULDBLOCK
}

/// A point on the monotonic clock, in nanoseconds.
#[derive(Clone, Copy, Debug)]
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

    /// Whether a poll-first call tries first this time (about 1 in 64), decided from the
    /// clock reading that fixed the deadline: a multiplicative hash of the nanoseconds, so
    /// coarse clocks (µs, ms steps) still spread the choice.
    fn probe(self) -> bool {
        probe_at(self.0)
    }
}

fn probe_at(ns: u64) -> bool {
    ns.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58 == 0
}

/// How a call proceeds, fixed on entry: blocking, non-blocking, or until a deadline.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Plan {
    Blocking,
    NonBlocking,
    Until(Deadline),
}

impl Plan {
    /// The plan for `mode`, fixing the deadline now.
    #[inline]
    pub(crate) fn of(mode: Mode) -> Plan {
        match mode {
            Mode::Blocking => Plan::Blocking,
            Mode::NonBlocking => Plan::NonBlocking,
            Mode::Timeout(ns) => Plan::Until(Deadline::after(ns)),
        }
    }
}

/// Wait until `fd` is ready for `dir`, or the deadline passes ([`Error::Timeout`]); `None`
/// waits without a limit. It always looks at least once (with a zero wait if the deadline
/// has already passed), so a call whose descriptor is ready succeeds however small its
/// timeout, as CPython's first poll does. A wait that ends with nothing ready re-reads the
/// clock (never early); EINTR waits again with the time left.
pub(crate) fn wait(fd: c_int, dir: Dir, deadline: Option<Deadline>) -> Result<()> {
    wait_known(fd, dir, deadline, None)
}

/// [`wait`], with the time left already known for the first turn (`known`: the deadline
/// was fixed just now, so the clock need not be read again).
fn wait_known(
    fd: c_int,
    dir: Dir,
    deadline: Option<Deadline>,
    mut known: Option<u64>,
) -> Result<()> {
    loop {
        let left =
            deadline.map(|d| wait_span(known.take().unwrap_or_else(|| d.left().unwrap_or(0))));
        match sys::time::wait_one(fd, dir.events(), left) {
            // Nothing ready: time out only once the clock says so (never early).
            Ok(0) => {
                if deadline.is_some_and(|d| d.left().is_none()) {
                    return Err(Error::Timeout);
                }
            }
            Ok(_) => return Ok(()),
            Err(e) if e.0 == EINTR => interrupted(),
            Err(e) => return Err(e.into()),
        }
    }
}

/// How long to wait when `left` nanoseconds remain. The kernel lets a poll(2) wait end late
/// by a slack proportional to its length (Linux: 0.1 %, 0.5 % for a niced process, up to
/// 100 ms), so a long wait first sleeps to 1/128 before the deadline, which that slack
/// cannot overshoot, and the loop then waits for the rest: 2 ms or more left costs one wait
/// more per factor of 128, and the timeout fires within the timer slack (50 µs by default)
/// of its deadline instead of up to 100 ms after it.
fn wait_span(left: u64) -> u64 {
    if left > 2_000_000 { left - left / 128 } else { left }
}

/// Is `fd` ready for `dir` right now? (A poll with a zero timeout.)
fn ready_now(fd: c_int, dir: Dir) -> Result<bool> {
    loop {
        match sys::time::wait_one(fd, dir.events(), Some(0)) {
            Ok(r) => return Ok(r != 0),
            Err(e) if e.0 == EINTR => interrupted(),
            Err(e) => return Err(e.into()),
        }
    }
}

/// Run one flag-taking socket call (`op(extra_flags)`) in the cell's current mode. `flags`
/// are the caller's own flags (a caller's MSG_DONTWAIT keeps EAGAIN in blocking mode).
#[inline(always)]
pub(crate) fn call<T>(
    fd: c_int,
    cell: &TimeoutCell,
    dir: Dir,
    flags: c_int,
    mut op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    // The fast path, inlined into the caller: one try in blocking and non-blocking mode,
    // and its success returned at once. Everything else (timeout mode, EINTR, a blocking
    // call that met someone else's O_NONBLOCK) is outlined in `call_rest`, so the common
    // call carries no wait loop, clock or register spills.
    let (first, plan) = match cell.mode() {
        Mode::Blocking => (op(0), Plan::Blocking),
        Mode::NonBlocking => (op(DONTWAIT), Plan::NonBlocking),
        Mode::Timeout(ns) => return call_timeout(fd, cell, dir, ns, op),
    };
    match first {
        Ok(v) => Ok(v),
        Err(e) => call_rest(fd, cell, dir, flags, plan, e, op),
    }
}

/// [`call`] in timeout mode (outlined).
#[inline(never)]
fn call_timeout<T>(
    fd: c_int,
    cell: &TimeoutCell,
    dir: Dir,
    ns: u64,
    op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    until(fd, cell, dir, Deadline::after(ns), Some(ns), op)
}

/// [`call`] after its first try in blocking or non-blocking mode failed with `e`: what
/// [`run`] does with that error, then [`run`] again for the retry.
#[cold]
#[inline(never)]
fn call_rest<T>(
    fd: c_int,
    cell: &TimeoutCell,
    dir: Dir,
    flags: c_int,
    plan: Plan,
    e: Errno,
    op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    if e.0 == EINTR {
        interrupted();
    } else if matches!(plan, Plan::Blocking) && would_block(e) && flags & DONTWAIT == 0 {
        wait(fd, dir, None)?;
    } else {
        return Err(e.into());
    }
    run(fd, cell, dir, flags, plan, op)
}

/// Run one flag-taking socket call under `plan` (one deadline can span several calls:
/// sendall, sendmmsg).
///
/// * Blocking: the call as is; EINTR retried; EAGAIN (someone else's O_NONBLOCK or kernel
///   timeout) waits for readiness and retries, unless the caller passed MSG_DONTWAIT.
/// * Non-blocking: the call with MSG_DONTWAIT; EINTR retried.
/// * Until a deadline: MSG_DONTWAIT, tried first or polled first as the cell's hint says;
///   EAGAIN waits with the time left; EINTR retried.
#[inline]
pub(crate) fn run<T>(
    fd: c_int,
    cell: &TimeoutCell,
    dir: Dir,
    flags: c_int,
    plan: Plan,
    mut op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    match plan {
        Plan::Blocking => loop {
            match op(0) {
                Ok(v) => return Ok(v),
                Err(e) if e.0 == EINTR => interrupted(),
                Err(e) if would_block(e) && flags & DONTWAIT == 0 => wait(fd, dir, None)?,
                Err(e) => return Err(e.into()),
            }
        },
        Plan::NonBlocking => loop {
            match op(DONTWAIT) {
                Err(e) if e.0 == EINTR => interrupted(),
                r => return r.map_err(Error::from),
            }
        },
        Plan::Until(deadline) => until(fd, cell, dir, deadline, None, op),
    }
}

/// The timeout-mode turn of [`run`]: MSG_DONTWAIT, tried first or polled first as the
/// cell's hint says; EAGAIN waits with the time left; EINTR retried. `fresh`: the deadline
/// was fixed just now, this many nanoseconds ahead.
#[inline]
fn until<T>(
    fd: c_int,
    cell: &TimeoutCell,
    dir: Dir,
    deadline: Deadline,
    fresh: Option<u64>,
    mut op: impl FnMut(c_int) -> core::result::Result<T, Errno>,
) -> Result<T> {
    let tried_first = !cell.poll_first(dir).load(Relaxed) || deadline.probe();
    if !tried_first {
        wait_known(fd, dir, Some(deadline), fresh)?;
    }
    let mut waited = false;
    loop {
        match op(DONTWAIT) {
            Ok(v) => {
                if tried_first && !waited {
                    cell.tried(dir, false);
                }
                return Ok(v);
            }
            Err(e) if e.0 == EINTR => interrupted(),
            Err(e) if would_block(e) => {
                if tried_first && !waited {
                    cell.tried(dir, true);
                }
                waited = true;
                wait(fd, dir, Some(deadline))?;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Run a socket call that has no flags argument (accept) in the cell's current mode. It
/// cannot pass MSG_DONTWAIT, so in non-blocking and timeout mode it polls first (zero
/// timeout in non-blocking mode: not ready is EAGAIN) and then relies on O_NONBLOCK.
pub(crate) fn call_noflags<T>(
    fd: c_int,
    cell: &TimeoutCell,
    dir: Dir,
    mut op: impl FnMut() -> core::result::Result<T, Errno>,
) -> Result<T> {
    match Plan::of(cell.mode()) {
        Plan::Blocking => run(fd, cell, dir, 0, Plan::Blocking, |_| op()),
        Plan::NonBlocking => {
            if !ready_now(fd, dir)? {
                return Err(Error::Os(EAGAIN));
            }
            run(fd, cell, dir, 0, Plan::NonBlocking, |_| op())
        }
        Plan::Until(deadline) => loop {
            wait(fd, dir, Some(deadline))?;
            match op() {
                Ok(v) => return Ok(v),
                Err(e) if e.0 == EINTR => interrupted(),
                Err(e) if would_block(e) => {} // someone else took it: wait again
                Err(e) => return Err(e.into()),
            }
        },
    }
}

/// Send all of a buffer of `len` bytes with `op(offset, extra_flags)` (one send of the rest
/// from `offset`), under one plan fixed on entry: in timeout mode one deadline caps the whole
/// call, checked before every send after the first (3.x, [C21](crate::conformance#C21)). At least one call is made
/// (an empty datagram is sent). `sent` counts the bytes that went out, also when an error
/// is returned.
pub(crate) fn send_all(
    fd: c_int,
    cell: &TimeoutCell,
    flags: c_int,
    len: usize,
    sent: &mut usize,
    mut op: impl FnMut(usize, c_int) -> core::result::Result<usize, Errno>,
) -> Result<()> {
    let plan = Plan::of(cell.mode());
    loop {
        let off = *sent;
        let n = run(fd, cell, Dir::Write, flags, plan, |fl| op(off, fl))?;
        *sent += n;
        if *sent >= len {
            return Ok(());
        }
        if let Plan::Until(d) = plan {
            if d.left().is_none() {
                return Err(Error::Timeout);
            }
        }
    }
}

/// Note an EINTR seen outside [`run`] (connect).
pub(crate) fn note_interrupted() {
    interrupted();
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
        assert_eq!(check(Some(5e-324)), Ok(Some(5e-324)));
    }

    #[test]
    fn modes() {
        assert_eq!(Mode::of(None), Mode::Blocking);
        assert_eq!(Mode::of(Some(0.0)), Mode::NonBlocking);
        assert_eq!(Mode::of(Some(-0.0)), Mode::NonBlocking);
        assert_eq!(Mode::of(Some(1e-12)), Mode::Timeout(1));
        assert_eq!(Mode::of(Some(5e-324)), Mode::Timeout(1));
        assert_eq!(Mode::of(Some(1e-9)), Mode::Timeout(1));
        assert_eq!(Mode::of(Some(0.5)), Mode::Timeout(500_000_000));
        assert_eq!(Mode::of(Some(1e9)), Mode::Timeout(1_000_000_000_000_000_000));
        assert_eq!(Mode::of(Some(9e9)), Mode::Timeout(9_000_000_000_000_000_000));
        for m in [Mode::Blocking, Mode::NonBlocking, Mode::Timeout(1), Mode::Timeout(9e18 as u64)] {
            assert_eq!(Mode::from_word(m.word()), m);
        }
    }

    #[test]
    fn cell_keeps_the_exact_value() {
        let c = TimeoutCell::blocking();
        assert_eq!(c.get(), None);
        assert_eq!(c.mode(), Mode::Blocking);
        for t in [Some(0.1), Some(1e-50), Some(5e-324), Some(0.0), Some(1e9), Some(9e9), None] {
            c.lock().store(t);
            assert_eq!(c.get().map(f64::to_bits), t.map(f64::to_bits), "{t:?}");
            assert_eq!(c.mode(), Mode::of(t), "{t:?}");
            let d = TimeoutCell::new(t);
            assert_eq!(d.get().map(f64::to_bits), t.map(f64::to_bits));
        }
        c.lock().store(Some(1e-50));
        assert_eq!(c.mode(), Mode::Timeout(1), "1e-50 is timeout mode, not non-blocking");
    }

    #[test]
    fn seqlock_round_trips_and_never_tears() {
        let s = SeqLock64::new(0x0123_4567_89ab_cdef);
        assert_eq!(s.load(), 0x0123_4567_89ab_cdef);
        for v in [0, u64::MAX, NONE_BITS, 0.1f64.to_bits(), 1 << 32, (1 << 32) - 1] {
            s.store(v);
            assert_eq!(s.load(), v);
        }
        // One writer storing words whose halves agree (hi == !lo), readers checking that
        // they never see halves of two different words.
        let s = std::sync::Arc::new(SeqLock64::new(0xffff_ffff_0000_0000));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let readers: std::vec::Vec<_> = (0..2)
            .map(|_| {
                let (s, stop) = (s.clone(), stop.clone());
                std::thread::spawn(move || {
                    let mut n = 0u64;
                    while !stop.load(Relaxed) || n < 1000 {
                        let v = s.load();
                        assert_eq!((v >> 32) as u32, !(v as u32), "torn read {v:#x}");
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        // Miri interprets every step: fewer rounds there, same interleavings.
        for k in 0..if cfg!(miri) { 500 } else { 200_000u32 } {
            s.store((u64::from(!k) << 32) | u64::from(k));
        }
        stop.store(true, Relaxed);
        for r in readers {
            assert!(r.join().unwrap() >= 1000);
        }
    }

    #[test]
    fn writers_are_serialised() {
        // Two threads storing different values under the lock; the value and the mode
        // always agree afterwards and in between.
        let c = std::sync::Arc::new(TimeoutCell::blocking());
        let ts: std::vec::Vec<_> = [Some(0.2), None]
            .into_iter()
            .map(|t| {
                let c = c.clone();
                std::thread::spawn(move || {
                    // Miri interprets every step: fewer rounds there, same interleavings.
                    for _ in 0..if cfg!(miri) { 200 } else { 20_000 } {
                        let g = c.lock();
                        g.store(t);
                        assert_eq!(c.get(), t);
                        assert_eq!(c.mode(), Mode::of(t));
                    }
                })
            })
            .collect();
        for t in ts {
            t.join().unwrap();
        }
        assert_eq!(c.mode(), Mode::of(c.get()));
    }

    #[test]
    fn probe_is_rare_on_fine_and_coarse_clocks() {
        for step in [1u64, 7, 1000, 1_000_000, 4_000_000] {
            let hits = (0..64_000u64).filter(|&i| probe_at(1_000_000_007 + i * step)).count();
            assert!((400..=2200).contains(&hits), "step {step}: {hits} probes in 64000");
        }
    }

    #[test]
    fn long_waits_stop_short_of_the_deadline() {
        assert_eq!(wait_span(0), 0);
        assert_eq!(wait_span(2_000_000), 2_000_000);
        assert_eq!(wait_span(20_000_000_000), 20_000_000_000 - 156_250_000);
        // Even a 0.5 % late wake-up of the first part ends before the deadline.
        for left in [2_000_001u64, 100_000_000, 5_000_000_000, 1 << 62] {
            let w = wait_span(left);
            assert!(w < left && w + w / 200 < left, "{left}");
        }
    }

    #[test]
    fn deadlines_never_report_time_left_after_passing() {
        let d = Deadline::after(0);
        assert_eq!(d.left(), None);
        let d = Deadline::after(u64::MAX);
        assert!(d.left().is_some());
    }
}
