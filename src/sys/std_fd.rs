//! `std::os::fd` glue for [`Fd`]: borrowing, and moving ownership to and from `OwnedFd`.
//!
//! It also holds `FromRawFd for Socket`, the one trait impl above sys/ whose body must call
//! an `unsafe fn` (the trait method is itself `unsafe`), so that every `unsafe` block of the
//! crate stays in sys/.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};

use super::fd::Fd;

impl Fd {
    /// Borrow as a `BorrowedFd` for as long as `self` lives.
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        // SAFETY: Fd's invariant: the descriptor stays open while self lives.
        unsafe { BorrowedFd::borrow_raw(self.raw()) }
    }
}

impl From<OwnedFd> for Fd {
    fn from(fd: OwnedFd) -> Fd {
        // SAFETY: OwnedFd owned this open descriptor, and into_raw_fd gives that ownership up.
        unsafe { Fd::from_raw(fd.into_raw_fd()) }
    }
}

impl From<Fd> for OwnedFd {
    fn from(fd: Fd) -> OwnedFd {
        // SAFETY: Fd owned this open descriptor, and into_raw gives that ownership up.
        unsafe { OwnedFd::from_raw_fd(fd.into_raw()) }
    }
}

impl AsFd for Fd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        Fd::as_fd(self)
    }
}

impl AsRawFd for Fd {
    fn as_raw_fd(&self) -> RawFd {
        self.raw()
    }
}

impl FromRawFd for crate::socket::Socket {
    /// Take ownership of `fd` (family, type and protocol are read from the kernel; the mode
    /// follows the descriptor's O_NONBLOCK flag, see `From<OwnedFd> for Socket`).
    ///
    /// # Safety
    /// `fd` must be an open socket descriptor that nothing else owns or will close.
    unsafe fn from_raw_fd(fd: RawFd) -> Self {
        // SAFETY: the caller guarantees fd is open and owned by nobody else.
        let owned = unsafe { OwnedFd::from_raw_fd(fd) };
        crate::socket::Socket::from(owned)
    }
}
