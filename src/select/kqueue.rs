//! kqueue(2) (FreeBSD, NetBSD, OpenBSD, macOS): Python's `select.kqueue` object as
//! [`Kqueue`] and `select.kevent` as [`Kevent`].

// The C field types behind these casts differ per BSD (short or uint32_t, int64_t or
// intptr_t); on each target some of the casts are to the same type.
#![allow(clippy::unnecessary_cast)]

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "alloc")]
use super::vec_with_capacity;
use super::{AsFileno, kqueue_timeout, wait_loop};
use crate::error::{Error, Result};
use crate::sys;
use crate::sys::fd::Fd;
pub use crate::sys::select::Kevent;
use crate::sys::select::{KData, KFilter, KFlags, kevent};

impl Kevent {
    /// Python's `select.kevent(ident, filter, flags, fflags, data, udata)`: an event to
    /// register (a change) or one the kernel reported. Python's defaults are
    /// `filter=KQ_FILTER_READ, flags=KQ_EV_ADD, fflags=0, data=0, udata=0`; for a descriptor,
    /// `ident` is its number (`sock.fileno() as usize`, or [`Kevent::fd`]).
    ///
    /// `filter` and `flags` are `short` / `unsigned short` in C, except on NetBSD (32-bit
    /// fields); every `KQ_FILTER_*` and `KQ_EV_*` value fits these types everywhere.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{KQ_EV_ADD, KQ_FILTER_READ, Kevent};
    /// let e = Kevent::new(3, KQ_FILTER_READ as i16, KQ_EV_ADD as u16, 0, 0, 7);
    /// assert_eq!((e.ident(), e.udata()), (3, 7));
    /// ```
    pub const fn new(
        ident: usize,
        filter: i16,
        flags: u16,
        fflags: u32,
        data: i64,
        udata: usize,
    ) -> Kevent {
        let mut e = kevent::zeroed();
        e.ident = ident;
        e.filter = filter as KFilter;
        e.flags = flags as KFlags;
        e.fflags = fflags;
        e.data = data as KData;
        e.udata = udata;
        Kevent(e)
    }

    /// A change for a descriptor: `Kevent::new(fd, filter, flags, 0, 0, 0)` (Python's
    /// `kevent(sock, filter, flags)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{KQ_EV_ADD, KQ_FILTER_READ, Kevent};
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let e = Kevent::fd(&a, KQ_FILTER_READ as i16, KQ_EV_ADD as u16);
    /// assert_eq!(e.ident(), a.fileno() as usize);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fd<F: AsFileno + ?Sized>(fd: &F, filter: i16, flags: u16) -> Kevent {
        Kevent::new(fd.fileno() as usize, filter, flags, 0, 0, 0)
    }

    /// The identifier (a descriptor, a signal number, a timer id, …).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::select::Kevent::new(9, 0, 0, 0, 0, 0).ident(), 9);
    /// ```
    pub const fn ident(&self) -> usize {
        self.0.ident
    }

    /// The filter (`KQ_FILTER_READ`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{KQ_FILTER_WRITE, Kevent};
    /// assert_eq!(Kevent::new(9, KQ_FILTER_WRITE as i16, 0, 0, 0, 0).filter(), KQ_FILTER_WRITE as i16);
    /// ```
    pub const fn filter(&self) -> i16 {
        self.0.filter as i16
    }

    /// The flags (`KQ_EV_ADD`, `KQ_EV_EOF`, `KQ_EV_ERROR`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{KQ_EV_ADD, Kevent};
    /// assert_eq!(Kevent::new(9, 0, KQ_EV_ADD as u16, 0, 0, 0).flags(), KQ_EV_ADD as u16);
    /// ```
    pub const fn flags(&self) -> u16 {
        self.0.flags as u16
    }

    /// The filter's flags (`KQ_NOTE_*`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::select::Kevent::new(9, 0, 0, 5, 0, 0).fflags(), 5);
    /// ```
    pub const fn fflags(&self) -> u32 {
        self.0.fflags
    }

    /// The filter's data (bytes readable, buffer space, an errno with `KQ_EV_ERROR`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::select::Kevent::new(9, 0, 0, 0, 42, 0).data(), 42);
    /// ```
    pub const fn data(&self) -> i64 {
        self.0.data as i64
    }

    /// The caller's value, passed through unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::select::Kevent::new(9, 0, 0, 0, 0, 11).udata(), 11);
    /// ```
    pub const fn udata(&self) -> usize {
        self.0.udata
    }
}

impl Default for Kevent {
    fn default() -> Self {
        Kevent(kevent::zeroed())
    }
}

impl fmt::Debug for Kevent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kevent")
            .field("ident", &self.ident())
            .field("filter", &self.filter())
            .field("flags", &self.flags())
            .field("fflags", &self.fflags())
            .field("data", &self.data())
            .field("udata", &self.udata())
            .finish()
    }
}

impl PartialEq for Kevent {
    /// Python's `kevent` equality: all six fields.
    fn eq(&self, o: &Kevent) -> bool {
        (self.ident(), self.filter(), self.flags(), self.fflags(), self.data(), self.udata())
            == (o.ident(), o.filter(), o.flags(), o.fflags(), o.data(), o.udata())
    }
}

impl Eq for Kevent {}

/// A kernel event queue: Python's `select.kqueue` object (FreeBSD, NetBSD, OpenBSD, macOS).
///
/// It owns its kqueue descriptor (close-on-exec), closed on drop or by
/// [`close`](Kqueue::close). Events on descriptors are removed by the kernel when the
/// descriptor is closed.
pub struct Kqueue {
    fd: Fd,
}

/// Python's `select.kqueue()`: a new kernel event queue ([`Kqueue::new`]).
///
/// # Errors
/// As [`Kqueue::new`].
///
/// # Examples
///
/// ```
/// let kq = bsdsock::select::kqueue()?;       // Python's select.kqueue()
/// assert!(kq.fileno() >= 0);
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn kqueue() -> Result<Kqueue> {
    Kqueue::new()
}

impl Kqueue {
    /// A new kernel event queue, close-on-exec.
    ///
    /// Corresponds to `kqueue()` followed by `fcntl(F_SETFD, FD_CLOEXEC)`.
    ///
    /// # Errors
    /// EMFILE / ENFILE at the descriptor limits, ENOMEM.
    ///
    /// # References
    /// [kqueue(2)](https://man.freebsd.org/cgi/man.cgi?query=kqueue&sektion=2)
    ///
    /// # Examples
    ///
    /// ```
    /// let kq = bsdsock::select::Kqueue::new()?;  // close-on-exec
    /// # let _ = kq;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn new() -> Result<Kqueue> {
        Ok(Kqueue { fd: sys::select::create()? })
    }

    /// Adopt a kqueue descriptor (Python's `kqueue.fromfd(fd)`), which the `Kqueue` then
    /// owns and closes. (With `std`, `Kqueue::from(OwnedFd)` and `unsafe`
    /// `FromRawFd::from_raw_fd` do the same.)
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use bsdsock::select::Kqueue;
    /// let kq = Kqueue::new()?;
    /// let again = Kqueue::fromfd(bsdsock::dup(&kq)?);   // owns a duplicate of the descriptor
    /// # let _ = again;
    /// # }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fromfd(fd: Fd) -> Kqueue {
        Kqueue { fd }
    }

    /// The kqueue descriptor (Python's `fileno()`); the `Kqueue` still owns it.
    ///
    /// # Examples
    ///
    /// ```
    /// let kq = bsdsock::select::Kqueue::new()?;
    /// assert!(kq.fileno() >= 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fileno(&self) -> i32 {
        self.fd.raw()
    }

    /// Close the kqueue descriptor (Python's `close()`), reporting close(2)'s error. It
    /// consumes the object, so using it afterwards (Python's `ValueError: I/O operation on
    /// closed kqueue object`) does not compile.
    ///
    /// Corresponds to close(2).
    ///
    /// # Errors
    /// close(2)'s errno (the descriptor is closed either way).
    ///
    /// # References
    /// [close(2)](https://man7.org/linux/man-pages/man2/close.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// bsdsock::select::Kqueue::new()?.close()?;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn close(self) -> Result<()> {
        self.fd.close().map_err(Error::from)
    }

    /// Apply `changes` and wait for events into `events` (Python's
    /// `control(changelist, max_events=len(events), timeout)`), without allocating; returns
    /// how many events were written (0 when the timeout passed, or when `events` is empty:
    /// then the changes are applied and the call does not wait).
    ///
    /// `timeout` is in seconds, `None` waits for ever. After EINTR the call waits again for
    /// the time left without applying `changes` a second time (the kernel applied them
    /// before it began to wait).
    ///
    /// # Errors
    /// `Error::Value("timeout must be positive or None")` for a negative timeout;
    /// `Error::Value("Invalid value NaN (not a number)")`,
    /// `Error::Overflow("timestamp out of range for platform time_t")`; the kernel's errno
    /// for a change it cannot apply when `events` has no room to report it (EBADF, ENOENT
    /// for an `EV_DELETE` of something not registered, …).
    ///
    /// # References
    /// [kevent(2)](https://man.freebsd.org/cgi/man.cgi?query=kevent&sektion=2)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{KQ_EV_ADD, KQ_FILTER_READ, Kevent, Kqueue};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let kq = Kqueue::new()?;
    /// b.sendall(b"x")?;
    /// let changes = [Kevent::fd(&a, KQ_FILTER_READ as i16, KQ_EV_ADD as u16)];
    /// let mut events = [Kevent::new(0, 0, 0, 0, 0, 0); 8];
    /// let n = kq.control_into(&changes, &mut events, Some(1.0))?;   // no allocation
    /// assert_eq!((n, events[0].ident()), (1, a.fileno() as usize));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "kevent")]
    pub fn control_into(
        &self,
        changes: &[Kevent],
        events: &mut [Kevent],
        timeout: Option<f64>,
    ) -> Result<usize> {
        let mut wait = kqueue_timeout(timeout)?;
        if events.is_empty() {
            wait = Some(0); // kevent(2) does not wait without room for an event
        }
        let mut pending = changes;
        wait_loop(wait, |left| {
            let r = sys::select::control(&self.fd, pending, events, left);
            // Applied (or reported in `events`): never again, also not after EINTR.
            pending = &[];
            r
        })
    }

    /// Python's `control(changelist, max_events, timeout)`: apply `changes`, wait for at
    /// most `max_events` events and return them.
    ///
    /// # Errors
    /// `Error::ValueNum("Length of eventlist must be 0 or positive, got -1")` for a negative
    /// `max_events`; the errors of [`control_into`](Kqueue::control_into); ENOMEM if the
    /// list cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{KQ_EV_ADD, KQ_FILTER_READ, Kevent, Kqueue};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let kq = Kqueue::new()?;
    /// kq.control(&[Kevent::fd(&a, KQ_FILTER_READ as i16, KQ_EV_ADD as u16)], 0, None)?;  // register
    /// b.sendall(b"x")?;
    /// let ready = kq.control(&[], 4, Some(1.0))?;
    /// assert_eq!(ready[0].ident(), a.fileno() as usize);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "kevent")]
    #[cfg(feature = "alloc")]
    pub fn control(
        &self,
        changes: &[Kevent],
        max_events: i32,
        timeout: Option<f64>,
    ) -> Result<Vec<Kevent>> {
        if max_events < 0 {
            return Err(Error::ValueNum(
                "Length of eventlist must be 0 or positive, got ",
                max_events as i64,
                "",
            ));
        }
        let mut buf: Vec<Kevent> = vec_with_capacity(max_events as usize)?;
        buf.resize(max_events as usize, Kevent::default());
        let n = self.control_into(changes, &mut buf, timeout)?;
        buf.truncate(n);
        Ok(buf)
    }
}

impl fmt::Debug for Kqueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kqueue").field("fd", &self.fileno()).finish()
    }
}

impl AsFileno for Kqueue {
    fn fileno(&self) -> i32 {
        Kqueue::fileno(self)
    }
}

#[cfg(feature = "std")]
mod std_impls {
    use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};

    use super::Kqueue;
    use crate::sys::fd::Fd;

    impl AsFd for Kqueue {
        fn as_fd(&self) -> BorrowedFd<'_> {
            self.fd.as_fd()
        }
    }

    impl AsRawFd for Kqueue {
        fn as_raw_fd(&self) -> RawFd {
            self.fileno()
        }
    }

    impl IntoRawFd for Kqueue {
        fn into_raw_fd(self) -> RawFd {
            self.fd.into_raw()
        }
    }

    impl From<OwnedFd> for Kqueue {
        /// Adopt a kqueue descriptor ([`Kqueue::fromfd`]).
        fn from(fd: OwnedFd) -> Kqueue {
            Kqueue::fromfd(Fd::from(fd))
        }
    }

    impl From<Kqueue> for OwnedFd {
        fn from(kq: Kqueue) -> OwnedFd {
            OwnedFd::from(kq.fd)
        }
    }
}
