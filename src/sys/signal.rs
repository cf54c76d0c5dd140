//! Signals for the reliability tests: sigaction(2) without SA_RESTART, setitimer(2),
//! sigemptyset(3). Linux only (the struct layouts below are Linux's; the probe checks them).
//!
//! [`start_alarm_storm`] makes the process receive SIGALRM every `interval_us` microseconds,
//! with a handler installed *without* `SA_RESTART`, so every blocking system call of every
//! thread can fail with EINTR: the tests use it to show that no EINTR leaks out of bsdsock.

use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::errno::Errno;
use super::fd::cvt;
use super::{c_int, c_ulong, itimerval, timeval};
use crate::consts::errno::EBUSY;
use crate::consts::os::{ITIMER_REAL, SIGALRM};

/// `sigset_t`: 1024 signal bits on glibc and musl.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigset_t {
    __val: [c_ulong; 128 / core::mem::size_of::<c_ulong>()],
}

/// `struct sigaction` (glibc and musl, every Linux architecture but glibc's s390x, MIPS and
/// SPARC64; musl uses this one on every architecture and converts for the kernel). The
/// handler is a union of `sa_handler` / `sa_sigaction` in C; an address here, since
/// `SIG_DFL` is 0.
#[cfg(not(all(
    any(
        target_arch = "s390x",
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        target_arch = "sparc64"
    ),
    target_env = "gnu"
)))]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigaction {
    pub sa_handler: usize,
    pub sa_mask: sigset_t,
    pub sa_flags: c_int,
    pub sa_restorer: usize,
}

/// `struct sigaction` (glibc on s390x: the mask comes last).
#[cfg(all(target_arch = "s390x", target_env = "gnu"))]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigaction {
    pub sa_handler: usize,
    __glibc_reserved0: c_int,
    pub sa_flags: c_int,
    pub sa_restorer: usize,
    pub sa_mask: sigset_t,
}

/// `struct sigaction` (glibc on MIPS, bits/sigaction.h: `int sa_flags;` first, then the
/// handler, the mask and the restorer; `#if _MIPS_SZPTR < 64` adds `int sa_resv[1];`).
#[cfg(all(
    any(
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6"
    ),
    target_env = "gnu"
))]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigaction {
    pub sa_flags: c_int,
    pub sa_handler: usize,
    pub sa_mask: sigset_t,
    pub sa_restorer: usize,
    #[cfg(target_pointer_width = "32")]
    sa_resv: [c_int; 1],
}

/// `struct sigaction` (glibc on SPARC64, bits/sigaction.h: `#if __WORDSIZE == 64`
/// puts `int __glibc_reserved0;` between the mask and `sa_flags`).
#[cfg(all(target_arch = "sparc64", target_env = "gnu"))]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sigaction {
    pub sa_handler: usize,
    pub sa_mask: sigset_t,
    __glibc_reserved0: c_int,
    pub sa_flags: c_int,
    pub sa_restorer: usize,
}

unsafe extern "C" {
    /// sigaction(2)
    #[link_name = sym!("sigaction")]
    fn sigaction(sig: c_int, act: *const sigaction, old: *mut sigaction) -> c_int;
    /// sigemptyset(3)
    #[link_name = sym!("sigemptyset")]
    fn sigemptyset(set: *mut sigset_t) -> c_int;
    /// setitimer(2)
    #[link_name = sym!("setitimer")]
    fn setitimer(which: c_int, new: *const itimerval, old: *mut itimerval) -> c_int;
}

static DELIVERED: AtomicUsize = AtomicUsize::new(0);
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The SIGALRM handler: counts, nothing else (an atomic add is async-signal-safe).
extern "C" fn count_alarm(_sig: c_int) {
    DELIVERED.fetch_add(1, Ordering::Relaxed);
}

fn arm(interval_us: u32) -> Result<(), Errno> {
    let tv = timeval::new((interval_us / 1_000_000) as _, (interval_us % 1_000_000) as _);
    let it = itimerval { it_interval: tv, it_value: tv };
    // SAFETY: `it` is a valid itimerval to read; a null old value is allowed.
    cvt(unsafe { setitimer(ITIMER_REAL, &it, core::ptr::null_mut()) }).map(drop)
}

/// A running SIGALRM storm: stops when dropped (or by [`AlarmStorm::stop`]).
///
/// The counting handler stays installed after the storm (it costs nothing): restoring
/// SIGALRM's default action, which terminates the process, would race with a signal still
/// in flight when the timer stops.
#[derive(Debug)]
pub struct AlarmStorm {
    start: usize,
}

/// Start a storm: install a counting SIGALRM handler without `SA_RESTART` (sigaction(2)) and
/// arm `ITIMER_REAL` to fire every `interval_us` microseconds (setitimer(2)).
///
/// # Errors
/// `EBUSY` while another storm runs; `EINVAL` for an interval of 0; the errno of
/// sigaction(2) or setitimer(2).
pub fn start_alarm_storm(interval_us: u32) -> Result<AlarmStorm, Errno> {
    if interval_us == 0 {
        return Err(Errno(crate::consts::errno::EINVAL));
    }
    if ACTIVE.compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire).is_err() {
        return Err(Errno(EBUSY));
    }
    let r = install().and_then(|()| arm(interval_us));
    if let Err(e) = r {
        ACTIVE.store(false, Ordering::Release);
        return Err(e);
    }
    Ok(AlarmStorm { start: DELIVERED.load(Ordering::Relaxed) })
}

fn install() -> Result<(), Errno> {
    let handler: extern "C" fn(c_int) = count_alarm;
    // SAFETY: all-zero is a valid sigaction (integers and an empty-or-garbage mask that
    // sigemptyset overwrites next).
    let mut act: sigaction = unsafe { core::mem::zeroed() };
    // SAFETY: act.sa_mask is a valid, writable sigset_t.
    cvt(unsafe { sigemptyset(&mut act.sa_mask) })?;
    act.sa_handler = handler as usize;
    act.sa_flags = 0; // no SA_RESTART: blocking calls fail with EINTR
    // SAFETY: act is a valid sigaction whose handler is an extern "C" fn(c_int) that lives
    // for the whole program; a null old action is allowed.
    cvt(unsafe { sigaction(SIGALRM, &act, core::ptr::null_mut()) }).map(drop)
}

impl AlarmStorm {
    /// Signals delivered since this storm started.
    pub fn count(&self) -> usize {
        DELIVERED.load(Ordering::Relaxed).wrapping_sub(self.start)
    }

    /// Stop the timer and return how many signals were delivered.
    pub fn stop(self) -> usize {
        let _ = arm_off();
        self.count()
    }
}

fn arm_off() -> Result<(), Errno> {
    let zero = timeval::new(0, 0);
    let it = itimerval { it_interval: zero, it_value: zero };
    // SAFETY: `it` is a valid itimerval to read; a null old value is allowed.
    cvt(unsafe { setitimer(ITIMER_REAL, &it, core::ptr::null_mut()) }).map(drop)
}

impl Drop for AlarmStorm {
    fn drop(&mut self) {
        let _ = arm_off();
        ACTIVE.store(false, Ordering::Release);
    }
}
