//! Python 3's `socket.sethostname(name)`.

use crate::error::{Error, Result};
use crate::sys;

/// Set this machine's host name: Python's `socket.sethostname(name)`.
///
/// Corresponds to sethostname(2), which takes the name and its length (no NUL). On Linux
/// it changes the name of the caller's UTS namespace and needs CAP_SYS_ADMIN there.
///
/// ```no_run
/// bsdsock::sethostname("build-07")?;
/// assert_eq!(bsdsock::gethostname()?.as_str(), "build-07");
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// A NUL in `name`: `Error::Value("embedded null byte")` (Python's ValueError for a str);
/// the kernel's errno: EPERM without the privilege, EINVAL for a name longer than the
/// kernel's limit (64 bytes on Linux: `[Errno 22] Invalid argument`, as Python).
///
/// # References
/// [sethostname(2)](https://man7.org/linux/man-pages/man2/sethostname.2.html)
pub fn sethostname(name: &str) -> Result<()> {
    if name.as_bytes().contains(&0) {
        return Err(Error::Value("embedded null byte"));
    }
    Ok(sys::iface::set_hostname(name.as_bytes())?)
}
