//! Resource limits: the descriptor limit (`RLIMIT_NOFILE`) as Python's `resource` module
//! reads and sets it, for programs that serve thousands of connections.
//!
//! ```
//! use bsdsock::resource::{getrlimit_nofile, setrlimit_nofile};
//!
//! let (soft, hard) = getrlimit_nofile()?;
//! // Raise the soft limit as far as the hard limit allows (no privilege needed).
//! setrlimit_nofile(hard, hard)?;
//! assert_eq!(getrlimit_nofile()?, (hard, hard));
//! # setrlimit_nofile(soft, hard)?;
//! # Ok::<(), bsdsock::Error>(())
//! ```

use crate::error::{Error, Result};
use crate::sys;

/// The value that stands for "no limit" (C's `RLIM_INFINITY`) in [`getrlimit_nofile`] and
/// [`setrlimit_nofile`], whatever width the target's `rlim_t` has.
pub const RLIM_INFINITY: u64 = u64::MAX;

/// The descriptor limit as `(soft, hard)`: Python's
/// `resource.getrlimit(resource.RLIMIT_NOFILE)`. [`RLIM_INFINITY`] means no limit.
///
/// Corresponds to `getrlimit(RLIMIT_NOFILE)`.
///
/// # Errors
/// getrlimit(2)'s errno (none is expected).
///
/// # References
/// [getrlimit(2)](https://man7.org/linux/man-pages/man2/getrlimit.2.html)
///
/// # Examples
///
/// ```
/// let (soft, hard) = bsdsock::resource::getrlimit_nofile()?;
/// assert!(soft <= hard);
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "getrlimit")]
#[doc(alias = "RLIMIT_NOFILE")]
pub fn getrlimit_nofile() -> Result<(u64, u64)> {
    let (soft, hard) = sys::resource::nofile()?;
    let inf = c_infinity();
    let map = |v: u64| if v == inf { RLIM_INFINITY } else { v };
    Ok((map(soft), map(hard)))
}

/// The C library's RLIM_INFINITY as `sys::resource` widens it: `u64::MAX` on 64-bit Linux,
/// `u32::MAX` where `rlim_t` is 32 bits, `i64::MAX` on FreeBSD and macOS.
#[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
fn c_infinity() -> u64 {
    let v = crate::consts::os::RLIM_INFINITY as sys::rlim_t;
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// Set the descriptor limit: Python's
/// `resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))`. Any process may lower its
/// hard limit and move its soft limit up to the hard one; raising the hard limit needs
/// privilege (CAP_SYS_RESOURCE on Linux). A value the target's `rlim_t` cannot hold (on
/// targets where it is 32 bits) means [`RLIM_INFINITY`].
///
/// Corresponds to `setrlimit(RLIMIT_NOFILE)`.
///
/// # Errors
/// As Python: `Error::Value("current limit exceeds maximum limit")` when `soft > hard`
/// (EINVAL; also when the kernel refuses the value, e.g. above Linux's `fs.nr_open`) and
/// `Error::Value("not allowed to raise maximum limit")` without the privilege (EPERM);
/// other errnos as [`Error::Os`].
///
/// # References
/// [setrlimit(2)](https://man7.org/linux/man-pages/man2/setrlimit.2.html)
///
/// # Examples
///
/// ```
/// use bsdsock::resource::{getrlimit_nofile, setrlimit_nofile};
///
/// let (soft, hard) = getrlimit_nofile()?;
/// setrlimit_nofile(soft, hard)?;            // lowering or keeping needs no privilege
/// assert!(setrlimit_nofile(hard.saturating_add(1), hard).is_err());  // soft above hard
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "setrlimit")]
#[doc(alias = "RLIMIT_NOFILE")]
pub fn setrlimit_nofile(soft: u64, hard: u64) -> Result<()> {
    use crate::consts::errno::{EINVAL, EPERM};
    // Values at or above C's RLIM_INFINITY mean it (sys::resource saturates the rest).
    let inf = c_infinity();
    let map = |v: u64| if v >= inf { inf } else { v };
    match sys::resource::set_nofile(map(soft), map(hard)) {
        Ok(()) => Ok(()),
        Err(e) if e.0 == EINVAL => Err(Error::Value("current limit exceeds maximum limit")),
        Err(e) if e.0 == EPERM => Err(Error::Value("not allowed to raise maximum limit")),
        Err(e) => Err(e.into()),
    }
}
