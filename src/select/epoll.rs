//! epoll(7) (Linux): Python's `select.epoll` object as [`Epoll`], its events as
//! [`EpollEvent`].

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

use super::{AsFileno, Wait, checked_fd, epoll_timeout, ms_arg, wait_loop};
#[cfg(feature = "alloc")]
use super::{epoll_maxevents, vec_with_capacity};
use crate::consts::select::EPOLL_CLOEXEC;
use crate::error::{Error, Result};
use crate::sys;
use crate::sys::fd::Fd;
pub use crate::sys::select::EpollEvent;
use crate::sys::select::{data_of_fd, epoll_event, fd_of_data};

impl EpollEvent {
    /// An event for descriptor `fd` with `events`, as epoll_wait(2) would report it.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::EpollEvent;
    /// let e = EpollEvent::new(3, bsdsock::select::EPOLLIN);
    /// assert_eq!((e.fd(), e.events()), (3, bsdsock::select::EPOLLIN));
    /// ```
    pub const fn new(fd: i32, events: u32) -> EpollEvent {
        EpollEvent(epoll_event { events, data: data_of_fd(fd) })
    }

    /// The descriptor the event is for (the `data.fd` that [`Epoll::register`] stored).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::select::EpollEvent::new(9, 0).fd(), 9);
    /// ```
    pub const fn fd(&self) -> i32 {
        fd_of_data(self.0.data)
    }

    /// The events (`EPOLLIN`, `EPOLLOUT`, `EPOLLHUP`, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{EPOLLOUT, EpollEvent};
    /// assert_eq!(EpollEvent::new(9, EPOLLOUT).events(), EPOLLOUT);
    /// ```
    pub const fn events(&self) -> u32 {
        self.0.events
    }

    /// The whole `data` word of `struct epoll_event` (for an epoll set that another
    /// program filled, [`Epoll::fromfd`]): the descriptor in its first four bytes for sets
    /// filled by [`Epoll::register`].
    ///
    /// # Examples
    ///
    /// ```
    /// let e = bsdsock::select::EpollEvent::new(9, 0);
    /// let first4: [u8; 4] = e.data().to_ne_bytes()[..4].try_into().unwrap();
    /// assert_eq!(i32::from_ne_bytes(first4), 9);   // C's `ev.data.fd`, on any byte order
    /// ```
    pub const fn data(&self) -> u64 {
        self.0.data
    }
}

impl Default for EpollEvent {
    /// An empty event (all zero), to fill a buffer for [`Epoll::poll_into`].
    fn default() -> Self {
        EpollEvent(epoll_event { events: 0, data: 0 })
    }
}

impl fmt::Debug for EpollEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EpollEvent")
            .field("fd", &self.fd())
            .field("events", &self.events())
            .finish()
    }
}

impl PartialEq for EpollEvent {
    fn eq(&self, other: &EpollEvent) -> bool {
        (self.events(), self.data()) == (other.events(), other.data())
    }
}

impl Eq for EpollEvent {}

/// An epoll instance: Python's `select.epoll` object (Linux).
///
/// It owns its epoll descriptor (close-on-exec), closed on drop or by
/// [`close`](Epoll::close). `&Epoll` may be shared between threads: several threads may
/// wait in [`poll_into`](Epoll::poll_into) at once, and register and unregister while
/// others wait, as the kernel allows.
///
/// Events carry the registered descriptor (`data.fd`, as in Python), so a server keeps its
/// connections in a table indexed by descriptor:
///
/// ```
/// # #[cfg(target_os = "linux")] {
/// use bsdsock::select::{Epoll, EpollEvent, EPOLLIN, EPOLLET};
///
/// let (a, b) = bsdsock::socketpair_default()?;
/// let ep = Epoll::new()?;
/// ep.register(&a, EPOLLIN | EPOLLET)?;
/// b.sendall(b"hello")?;
/// let mut events = [EpollEvent::default(); 8];
/// let n = ep.poll_into(Some(5.0), &mut events)?;
/// assert_eq!(n, 1);
/// assert_eq!((events[0].fd(), events[0].events()), (a.fileno(), EPOLLIN));
/// // Edge-triggered: no new event until more data arrives.
/// assert_eq!(ep.poll_into(Some(0.0), &mut events)?, 0);
/// # }
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub struct Epoll {
    fd: Fd,
}

/// Python's `select.epoll(sizehint=-1, flags=0)`: a new epoll instance.
///
/// `sizehint` is ignored by the kernel but checked as Python does; `flags` may be 0 or
/// `EPOLL_CLOEXEC` (the descriptor is close-on-exec either way, PEP 446).
///
/// # Errors
/// `Error::Value("negative sizehint")` for a `sizehint` other than -1 or a positive number;
/// `Error::Socket("invalid flags")` (Python's `OSError: invalid flags`) for other flags;
/// the errors of [`Epoll::new`].
///
/// # Examples
///
/// ```
/// let ep = bsdsock::select::epoll(-1, 0)?;  // Python's select.epoll(sizehint=-1, flags=0)
/// assert!(ep.fileno() >= 0);
/// assert!(bsdsock::select::epoll(0, 0).is_err());   // "negative sizehint"
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "epoll_create1")]
pub fn epoll(sizehint: i32, flags: i32) -> Result<Epoll> {
    if sizehint == 0 || sizehint < -1 {
        return Err(Error::Value("negative sizehint"));
    }
    if flags != 0 && flags != EPOLL_CLOEXEC {
        return Err(Error::Socket("invalid flags"));
    }
    Epoll::new()
}

impl Epoll {
    /// A new epoll instance, close-on-exec.
    ///
    /// Corresponds to `epoll_create1(EPOLL_CLOEXEC)`.
    ///
    /// # Errors
    /// EMFILE / ENFILE at the descriptor limits, ENOMEM.
    ///
    /// # References
    /// [epoll_create1(2)](https://man7.org/linux/man-pages/man2/epoll_create1.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// let ep = bsdsock::select::Epoll::new()?;   // epoll_create1(EPOLL_CLOEXEC)
    /// # let _ = ep;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "epoll_create1")]
    pub fn new() -> Result<Epoll> {
        Ok(Epoll { fd: sys::select::create()? })
    }

    /// Adopt an epoll descriptor (Python's `epoll.fromfd(fd)`), which the `Epoll` then owns
    /// and closes. The descriptor is not checked: calls on one that is not an epoll instance
    /// fail with EINVAL, as in Python. (With `std`, `Epoll::from(OwnedFd)` and `unsafe`
    /// `FromRawFd::from_raw_fd` do the same.)
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use bsdsock::select::Epoll;
    ///
    /// let ep = Epoll::new()?;
    /// let fd = bsdsock::dup(&ep)?;             // an owned duplicate (AsDescriptor: std)
    /// let again = Epoll::fromfd(fd);           // the same epoll instance
    /// # let _ = again;
    /// # }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fromfd(fd: Fd) -> Epoll {
        Epoll { fd }
    }

    /// The epoll descriptor (Python's `fileno()`); the `Epoll` still owns it.
    ///
    /// # Examples
    ///
    /// ```
    /// let ep = bsdsock::select::Epoll::new()?;
    /// assert!(ep.fileno() >= 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fileno(&self) -> i32 {
        self.fd.raw()
    }

    /// Close the epoll descriptor (Python's `close()`), reporting close(2)'s error.
    ///
    /// It consumes the object, so Python's `ValueError: I/O operation on closed epoll
    /// object` — using the object after `close` — is a compile-time error here:
    ///
    /// ```compile_fail,E0382
    /// let ep = bsdsock::select::Epoll::new()?;
    /// ep.close()?;
    /// ep.poll_into(Some(0.0), &mut [Default::default()])?; // error: use of moved value
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    ///
    /// Corresponds to close(2).
    ///
    /// # Errors
    /// close(2)'s errno (the descriptor is closed either way).
    ///
    /// # References
    /// [close(2)](https://man7.org/linux/man-pages/man2/close.2.html)
    pub fn close(self) -> Result<()> {
        self.fd.close().map_err(Error::from)
    }

    /// Watch `fd` for `eventmask` (Python's `register(fd, eventmask)`; Python's default mask
    /// is `EPOLLIN | EPOLLPRI | EPOLLOUT`). Add `EPOLLET` for edge-triggered,
    /// `EPOLLONESHOT` to disarm after one event (re-arm with [`modify`](Epoll::modify)),
    /// `EPOLLEXCLUSIVE` so that only one of several epoll sets waiting on the same file is
    /// woken. Events report `fd` as [`EpollEvent::fd`].
    ///
    /// Corresponds to `epoll_ctl(EPOLL_CTL_ADD)`.
    ///
    /// # Errors
    /// `Error::Os(EEXIST)` (`[Errno 17] File exists`, Python's `FileExistsError`) if `fd` is
    /// already registered; `Error::Os(EBADF)` if it is not open; `Error::Os(EPERM)` for a
    /// file epoll cannot watch (a regular file); `Error::Os(EINVAL)` for the epoll
    /// descriptor itself or a mask the kernel refuses;
    /// `Error::ValueNum("file descriptor cannot be a negative integer (-1)")`.
    ///
    /// # References
    /// [epoll_ctl(2)](https://man7.org/linux/man-pages/man2/epoll_ctl.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{EPOLLIN, Epoll};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let ep = Epoll::new()?;
    /// ep.register(&a, EPOLLIN)?;
    /// assert!(ep.register(&a, EPOLLIN).is_err());   // [Errno 17] File exists
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "epoll_ctl")]
    #[doc(alias = "EPOLL_CTL_ADD")]
    pub fn register<F: AsFileno + ?Sized>(&self, fd: &F, eventmask: u32) -> Result<()> {
        let fd = checked_fd(fd)?;
        sys::select::add(&self.fd, fd, eventmask, data_of_fd(fd)).map_err(Error::from)
    }

    /// Change the mask of a registered descriptor (Python's `modify(fd, eventmask)`).
    ///
    /// Corresponds to `epoll_ctl(EPOLL_CTL_MOD)`.
    ///
    /// # Errors
    /// `Error::Os(ENOENT)` (`[Errno 2] No such file or directory`, Python's
    /// `FileNotFoundError`) if `fd` is not registered; the other errors of
    /// [`register`](Epoll::register).
    ///
    /// # References
    /// [epoll_ctl(2)](https://man7.org/linux/man-pages/man2/epoll_ctl.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{EPOLLIN, EPOLLOUT, Epoll};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let ep = Epoll::new()?;
    /// ep.register(&a, EPOLLIN)?;
    /// ep.modify(&a, EPOLLOUT)?;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "epoll_ctl")]
    #[doc(alias = "EPOLL_CTL_MOD")]
    pub fn modify<F: AsFileno + ?Sized>(&self, fd: &F, eventmask: u32) -> Result<()> {
        let fd = checked_fd(fd)?;
        sys::select::modify(&self.fd, fd, eventmask, data_of_fd(fd)).map_err(Error::from)
    }

    /// Stop watching `fd` (Python's `unregister(fd)`). (Closing a descriptor removes it
    /// too, once no other descriptor refers to the same open file.)
    ///
    /// Corresponds to `epoll_ctl(EPOLL_CTL_DEL)`.
    ///
    /// # Errors
    /// `Error::Os(ENOENT)` (`[Errno 2] No such file or directory`) if `fd` is not registered;
    /// `Error::Os(EBADF)` if it is not open; the negative-descriptor error.
    ///
    /// # References
    /// [epoll_ctl(2)](https://man7.org/linux/man-pages/man2/epoll_ctl.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{EPOLLIN, Epoll};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let ep = Epoll::new()?;
    /// ep.register(&a, EPOLLIN)?;
    /// ep.unregister(&a)?;
    /// assert!(ep.unregister(&a).is_err());   // [Errno 2] No such file or directory
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "epoll_ctl")]
    #[doc(alias = "EPOLL_CTL_DEL")]
    pub fn unregister<F: AsFileno + ?Sized>(&self, fd: &F) -> Result<()> {
        let fd = checked_fd(fd)?;
        sys::select::delete(&self.fd, fd).map_err(Error::from)
    }

    /// Wait for events and write them to `events` (at most `events.len()` of them), without
    /// allocating; returns how many were written (0 when the timeout passed). Python's
    /// `poll(timeout, maxevents=len(events))`.
    ///
    /// `timeout` is in seconds: `None` or a negative value waits for ever, `Some(0.0)` only
    /// looks. EINTR is retried with the time left (PEP 475). A positive timeout waits with
    /// nanosecond resolution (epoll_pwait2(2)) where the kernel has it, else in whole
    /// milliseconds rounded up (epoll_wait(2)).
    ///
    /// # Errors
    /// * `Error::ValueNum("maxevents must be greater than 0, got 0")` for an empty `events`.
    /// * `Error::Value("Invalid value NaN (not a number)")`,
    ///   `Error::Overflow("timestamp out of range for platform time_t")`, and
    ///   `Error::Overflow("timeout is too large")` when the whole milliseconds do not fit a C
    ///   `int` (about 24.8 days): the timeout, as in Python.
    /// * `Error::Os(EINVAL)` if the descriptor is not an epoll instance ([`fromfd`](Epoll::fromfd)).
    ///
    /// # References
    /// [epoll_wait(2)](https://man7.org/linux/man-pages/man2/epoll_wait.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{EPOLLIN, Epoll, EpollEvent};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let ep = Epoll::new()?;
    /// ep.register(&a, EPOLLIN)?;
    /// b.sendall(b"x")?;
    /// let mut events = [EpollEvent::default(); 16];
    /// let n = ep.poll_into(Some(1.0), &mut events)?;   // seconds, as Python's epoll.poll
    /// assert_eq!((n, events[0].fd()), (1, a.fileno()));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "epoll_wait")]
    #[doc(alias = "epoll_pwait2")]
    pub fn poll_into(&self, timeout: Option<f64>, events: &mut [EpollEvent]) -> Result<usize> {
        if events.is_empty() {
            return Err(Error::ValueNum("maxevents must be greater than 0, got ", 0, ""));
        }
        let wait = epoll_timeout(timeout)?;
        self.wait(wait, events)
    }

    fn wait(&self, wait: Wait, events: &mut [EpollEvent]) -> Result<usize> {
        wait_loop(wait, |left| {
            if let Some(ns) = left.filter(|&ns| ns > 0) {
                if let Some(r) = sys::select::wait_ns(&self.fd, events, ns) {
                    return r;
                }
            }
            sys::select::wait_ms(&self.fd, events, ms_arg(left))
        })
    }

    /// Python's `poll(timeout, maxevents)`: wait for events and list them as `(fd, events)`
    /// pairs (empty when the timeout passed). `maxevents` -1 means `FD_SETSIZE - 1`, as in
    /// Python; `timeout` as in [`poll_into`](Epoll::poll_into).
    ///
    /// # Errors
    /// `Error::ValueNum("maxevents must be greater than 0, got N")` for 0 or below -1; the
    /// errors of [`poll_into`](Epoll::poll_into); ENOMEM if the buffer cannot be allocated.
    ///
    /// # References
    /// [epoll_wait(2)](https://man7.org/linux/man-pages/man2/epoll_wait.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{EPOLLIN, Epoll};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let ep = Epoll::new()?;
    /// ep.register(&a, EPOLLIN)?;
    /// b.sendall(b"x")?;
    /// assert_eq!(ep.poll(Some(1.0), -1)?, [(a.fileno(), EPOLLIN)]);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "epoll_wait")]
    #[doc(alias = "epoll_pwait2")]
    #[cfg(feature = "alloc")]
    pub fn poll(&self, timeout: Option<f64>, maxevents: i32) -> Result<Vec<(i32, u32)>> {
        let wait = epoll_timeout(timeout)?;
        let max = epoll_maxevents(maxevents)?.min(sys::select::MAX_EVENTS);
        let mut buf: Vec<EpollEvent> = vec_with_capacity(max)?;
        buf.resize(max, EpollEvent::default());
        let n = self.wait(wait, &mut buf)?;
        let mut out = vec_with_capacity(n)?;
        out.extend(buf[..n].iter().map(|e| (e.fd(), e.events())));
        Ok(out)
    }
}

impl fmt::Debug for Epoll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Epoll").field("fd", &self.fileno()).finish()
    }
}

impl AsFileno for Epoll {
    fn fileno(&self) -> i32 {
        Epoll::fileno(self)
    }
}

#[cfg(feature = "std")]
mod std_impls {
    use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};

    use super::Epoll;
    use crate::sys::fd::Fd;

    impl AsFd for Epoll {
        fn as_fd(&self) -> BorrowedFd<'_> {
            self.fd.as_fd()
        }
    }

    impl AsRawFd for Epoll {
        fn as_raw_fd(&self) -> RawFd {
            self.fileno()
        }
    }

    impl IntoRawFd for Epoll {
        fn into_raw_fd(self) -> RawFd {
            self.fd.into_raw()
        }
    }

    impl From<OwnedFd> for Epoll {
        /// Adopt an epoll descriptor ([`Epoll::fromfd`]).
        fn from(fd: OwnedFd) -> Epoll {
            Epoll::fromfd(Fd::from(fd))
        }
    }

    impl From<Epoll> for OwnedFd {
        fn from(ep: Epoll) -> OwnedFd {
            OwnedFd::from(ep.fd)
        }
    }
}
