//! Descriptor operations: close(2), fcntl(2) flags, dup with close-on-exec.

use super::c_int;
use super::errno::{self, Errno};
use crate::consts::os::{F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, O_NONBLOCK};

unsafe extern "C" {
    /// close(2)
    fn close(fd: c_int) -> c_int;
    /// fcntl(2)
    fn fcntl(fd: c_int, cmd: c_int, ...) -> c_int;
}

/// Map a C return value: -1 means errno.
#[inline]
pub fn cvt(rc: c_int) -> Result<c_int, Errno> {
    if rc == -1 { Err(errno::get()) } else { Ok(rc) }
}

/// Map a C `ssize_t` return value: -1 means errno.
#[inline]
pub fn cvt_size(rc: isize) -> Result<usize, Errno> {
    if rc < 0 { Err(errno::get()) } else { Ok(rc as usize) }
}

/// close(2). The descriptor is gone whatever it returns (Linux, POSIX 2024), so EINTR is not
/// retried: a retry could close a descriptor another thread just opened.
pub fn close_fd(fd: c_int) -> Result<(), Errno> {
    // SAFETY: close takes any integer; an invalid one gives EBADF.
    cvt(unsafe { close(fd) }).map(drop)
}

/// `fcntl(fd, F_DUPFD_CLOEXEC, 0)`: a new descriptor for the same open file, close-on-exec.
pub fn dup_cloexec(fd: c_int) -> Result<c_int, Errno> {
    #[cfg(bsdsock_const = "F_DUPFD_CLOEXEC")]
    {
        // SAFETY: fcntl with F_DUPFD_CLOEXEC takes one int argument.
        cvt(unsafe { fcntl(fd, crate::consts::os::F_DUPFD_CLOEXEC, 0 as c_int) })
    }
    #[cfg(not(bsdsock_const = "F_DUPFD_CLOEXEC"))]
    {
        // SAFETY: F_DUPFD takes one int argument.
        let new = cvt(unsafe { fcntl(fd, crate::consts::os::F_DUPFD, 0 as c_int) })?;
        set_cloexec(new).inspect_err(|_| {
            let _ = close_fd(new);
        })?;
        Ok(new)
    }
}

/// Set FD_CLOEXEC (where a creation flag could not).
pub fn set_cloexec(fd: c_int) -> Result<(), Errno> {
    // SAFETY: F_GETFD takes no argument.
    let flags = cvt(unsafe { fcntl(fd, F_GETFD) })?;
    if flags & FD_CLOEXEC == 0 {
        // SAFETY: F_SETFD takes one int argument.
        cvt(unsafe { fcntl(fd, F_SETFD, flags | FD_CLOEXEC) })?;
    }
    Ok(())
}

/// Is FD_CLOEXEC set?
pub fn is_cloexec(fd: c_int) -> Result<bool, Errno> {
    // SAFETY: F_GETFD takes no argument.
    Ok(cvt(unsafe { fcntl(fd, F_GETFD) })? & FD_CLOEXEC != 0)
}

/// Is O_NONBLOCK set?
pub fn is_nonblocking(fd: c_int) -> Result<bool, Errno> {
    // SAFETY: F_GETFL takes no argument.
    Ok(cvt(unsafe { fcntl(fd, F_GETFL) })? & O_NONBLOCK != 0)
}

/// Set or clear O_NONBLOCK with F_GETFL / F_SETFL, skipping the write when nothing changes.
pub fn set_nonblocking(fd: c_int, on: bool) -> Result<(), Errno> {
    // SAFETY: F_GETFL takes no argument.
    let flags = cvt(unsafe { fcntl(fd, F_GETFL) })?;
    let new = if on { flags | O_NONBLOCK } else { flags & !O_NONBLOCK };
    if new != flags {
        // SAFETY: F_SETFL takes one int argument.
        cvt(unsafe { fcntl(fd, F_SETFL, new) })?;
    }
    Ok(())
}

/// An open descriptor that this value owns: closed on drop, exactly once.
///
/// Invariant: `0` holds a descriptor that is open for as long as the `Fd` lives and that
/// nothing else closes. Only sys/ can build one from a raw integer (from a call that just
/// created the descriptor, or through `unsafe fn from_raw`), which is what lets
/// `as_fd` hand out a `BorrowedFd` safely.
#[derive(Debug)]
pub struct Fd(c_int);

impl Fd {
    /// Take ownership of a descriptor that a sys/ call just created.
    pub(in crate::sys) fn adopt(fd: c_int) -> Fd {
        Fd(fd)
    }

    /// Take ownership of `fd`.
    ///
    /// # Safety
    /// `fd` must be an open descriptor that nothing else owns or will close.
    pub unsafe fn from_raw(fd: c_int) -> Fd {
        Fd(fd)
    }

    /// The descriptor number.
    #[inline]
    pub fn raw(&self) -> c_int {
        self.0
    }

    /// Give up ownership without closing.
    pub fn into_raw(self) -> c_int {
        let fd = self.0;
        core::mem::forget(self);
        fd
    }

    /// close(2), reporting its error (the descriptor is gone either way).
    pub fn close(self) -> Result<(), Errno> {
        close_fd(self.into_raw())
    }

    /// A close-on-exec duplicate (`fcntl(F_DUPFD_CLOEXEC)`).
    pub fn try_clone(&self) -> Result<Fd, Errno> {
        dup_cloexec(self.0).map(Fd)
    }
}

impl Drop for Fd {
    fn drop(&mut self) {
        let _ = close_fd(self.0);
    }
}

/// A close-on-exec duplicate of any descriptor number (fromfd). Sound for any integer: a
/// bad one gives EBADF, and the result is a new descriptor that only the caller owns.
pub fn dup_owned(fd: c_int) -> Result<Fd, Errno> {
    dup_cloexec(fd).map(Fd)
}

/// Set (`on`) or clear FD_CLOEXEC, skipping the write when nothing changes.
pub fn set_cloexec_flag(fd: c_int, on: bool) -> Result<(), Errno> {
    // SAFETY: F_GETFD takes no argument.
    let flags = cvt(unsafe { fcntl(fd, F_GETFD) })?;
    let new = if on { flags | FD_CLOEXEC } else { flags & !FD_CLOEXEC };
    if new != flags {
        // SAFETY: F_SETFD takes one int argument.
        cvt(unsafe { fcntl(fd, F_SETFD, new) })?;
    }
    Ok(())
}
