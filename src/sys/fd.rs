//! Descriptor operations: close(2), fcntl(2) flags, dup with close-on-exec.

use super::c_int;
use super::errno::{self, Errno};
use crate::consts::os::{F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, O_NONBLOCK};

unsafe extern "C" {
    /// close(2)
    #[link_name = sym!("close")]
    fn close(fd: c_int) -> c_int;
    /// fcntl(2)
    #[link_name = sym!("fcntl")]
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
#[allow(dead_code)] // used only where the target lacks a *_CLOEXEC creation flag
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
/// What [`Socket::detach`](crate::Socket::detach), [`dup`](crate::dup),
/// [`recv_fds`](crate::recv_fds) and [`RecvMsg::fds`](crate::RecvMsg::fds) return, and what
/// [`close`](crate::close) and `Epoll::fromfd` take: the owned counterpart of Python's
/// descriptor numbers. With the `std` feature it converts to and from
/// `std::os::fd::OwnedFd` and is `AsFd` / `AsRawFd`.
///
/// ```
/// let (a, _b) = bsdsock::socketpair_default()?;
/// let fd: bsdsock::Fd = a.detach();
/// let copy = fd.try_clone()?;
/// assert_ne!(copy.raw(), fd.raw());
/// fd.close()?; // or drop it
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// Invariant: it holds a descriptor that is open for as long as the `Fd` lives and that
/// nothing else closes. Safe code gets one only from a call that just created the
/// descriptor or from another owner (`OwnedFd`); a bare number needs the `unsafe`
/// [`from_raw`](Fd::from_raw), which states that promise where it is made.
#[derive(Debug)]
pub struct Fd(c_int);

impl Fd {
    /// Take ownership of a descriptor that a sys/ call just created.
    pub(in crate::sys) fn adopt(fd: c_int) -> Fd {
        Fd(fd)
    }

    /// Take ownership of descriptor `fd`.
    ///
    /// ```
    /// use std::os::fd::IntoRawFd;
    /// let f = std::fs::File::open("/dev/null").unwrap();
    /// // SAFETY: into_raw_fd gave up the File's ownership; nothing else will close it.
    /// let fd = unsafe { bsdsock::Fd::from_raw(f.into_raw_fd()) };
    /// bsdsock::close(fd)?;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    ///
    /// # Safety
    /// `fd` must be an open descriptor that nothing else owns or will close.
    pub unsafe fn from_raw(fd: c_int) -> Fd {
        Fd(fd)
    }

    /// The descriptor number (Python's `fileno()`); valid while the `Fd` lives.
    #[inline]
    pub fn raw(&self) -> c_int {
        self.0
    }

    /// Give up ownership without closing, and return the number (the caller now closes it).
    pub fn into_raw(self) -> c_int {
        let fd = self.0;
        core::mem::forget(self);
        fd
    }

    /// close(2), reporting its error (the descriptor is gone either way).
    ///
    /// # Errors
    /// The errno of close(2), e.g. `Error::Os(EIO)`.
    pub fn close(self) -> crate::error::Result<()> {
        Ok(close_fd(self.into_raw())?)
    }

    /// A close-on-exec duplicate (`fcntl(F_DUPFD_CLOEXEC)`), owned by the result.
    ///
    /// # Errors
    /// The errno of fcntl(2), e.g. `Error::Os(EMFILE)`.
    pub fn try_clone(&self) -> crate::error::Result<Fd> {
        Ok(dup_cloexec(self.0).map(Fd)?)
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
