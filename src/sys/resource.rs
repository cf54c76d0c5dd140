//! Resource limits: getrlimit(2) / setrlimit(2) for RLIMIT_NOFILE, used by the tests that
//! exhaust descriptors (EMFILE) and by the load test that needs more than 1,024.

use super::errno::Errno;
use super::fd::cvt;
use super::{c_int, rlim_t, rlimit};
use crate::consts::os::RLIMIT_NOFILE;

unsafe extern "C" {
    /// getrlimit(2)
    #[link_name = sym!("getrlimit")]
    fn getrlimit(resource: c_int, rlim: *mut rlimit) -> c_int;
    /// setrlimit(2)
    #[link_name = sym!("setrlimit")]
    fn setrlimit(resource: c_int, rlim: *const rlimit) -> c_int;
}

/// The descriptor limit as (soft, hard); `RLIM_INFINITY` reads as the type's maximum.
/// (`rlim_t` is u64 on Linux, u32 on 32-bit glibc, i64 on FreeBSD and macOS, whose
/// RLIM_INFINITY is i64::MAX; a negative value cannot occur and would read as u64::MAX.)
#[allow(clippy::useless_conversion, irrefutable_let_patterns)]
pub fn nofile() -> Result<(u64, u64), Errno> {
    let mut r = rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: r is a valid, writable rlimit.
    cvt(unsafe { getrlimit(RLIMIT_NOFILE, &mut r) })?;
    let wide = |v: rlim_t| u64::try_from(v).unwrap_or(u64::MAX);
    Ok((wide(r.rlim_cur), wide(r.rlim_max)))
}

/// Set the descriptor limit; values above what `rlim_t` holds saturate (to RLIM_INFINITY).
///
/// # Errors
/// EPERM raising the hard limit without privilege; EINVAL when soft > hard.
pub fn set_nofile(soft: u64, hard: u64) -> Result<(), Errno> {
    let cap = |v: u64| rlim_t::try_from(v).unwrap_or(rlim_t::MAX);
    let r = rlimit { rlim_cur: cap(soft), rlim_max: cap(hard) };
    // SAFETY: r is a valid rlimit to read.
    cvt(unsafe { setrlimit(RLIMIT_NOFILE, &r) }).map(drop)
}
