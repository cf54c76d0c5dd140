//! poll(2): [`PollFd`] and [`poll_fds`] over the caller's array (no allocation), and
//! Python's poll object [`Poll`] (`alloc`).

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

use super::{AsFileno, ms_arg, poll_timeout, wait_loop};
#[cfg(feature = "alloc")]
use super::{checked_fd, vec_with_capacity};
#[cfg(feature = "alloc")]
use crate::error::Error;
use crate::error::Result;
use crate::sys;
pub use crate::sys::select::PollFd;

impl PollFd {
    /// An entry asking about `events` (`POLLIN | POLLOUT`, …) on descriptor `fd`. A negative
    /// descriptor makes the entry inert: poll(2) skips it and reports nothing for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{PollFd, POLLIN};
    /// let p = PollFd::new(0, POLLIN);
    /// assert_eq!((p.fd(), p.events(), p.revents()), (0, POLLIN, 0));
    /// ```
    pub const fn new(fd: i32, events: u16) -> PollFd {
        PollFd(sys::pollfd { fd, events: events as i16, revents: 0 })
    }

    /// An entry for anything with a descriptor (a socket, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{PollFd, POLLOUT};
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// assert_eq!(PollFd::of(&a, POLLOUT).fd(), a.fileno());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn of<F: AsFileno + ?Sized>(f: &F, events: u16) -> PollFd {
        PollFd::new(f.fileno(), events)
    }

    /// The descriptor.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::select::PollFd::new(7, 0).fd(), 7);
    /// ```
    pub const fn fd(&self) -> i32 {
        self.0.fd
    }

    /// The events asked about.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{PollFd, POLLIN, POLLOUT};
    /// assert_eq!(PollFd::new(7, POLLIN | POLLOUT).events(), POLLIN | POLLOUT);
    /// ```
    pub const fn events(&self) -> u16 {
        self.0.events as u16
    }

    /// The events poll(2) reported (`POLLIN`, `POLLHUP`, `POLLNVAL`, …; 0 for none). POLLERR,
    /// POLLHUP and POLLNVAL are reported whether asked for or not.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{PollFd, POLLIN, poll_fds};
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// b.sendall(b"x")?;
    /// let mut fds = [PollFd::of(&a, POLLIN)];
    /// poll_fds(&mut fds, Some(1000.0))?;
    /// assert_ne!(fds[0].revents() & POLLIN, 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub const fn revents(&self) -> u16 {
        self.0.revents as u16
    }

    /// Change the descriptor.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut p = bsdsock::select::PollFd::new(3, bsdsock::select::POLLIN);
    /// p.set_fd(-1);                           // inert: poll(2) skips negative descriptors
    /// assert_eq!(p.fd(), -1);
    /// ```
    pub fn set_fd(&mut self, fd: i32) {
        self.0.fd = fd;
    }

    /// Change the events asked about.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{PollFd, POLLIN, POLLOUT};
    /// let mut p = PollFd::new(3, POLLIN);
    /// p.set_events(POLLOUT);
    /// assert_eq!(p.events(), POLLOUT);
    /// ```
    pub fn set_events(&mut self, events: u16) {
        self.0.events = events as i16;
    }
}

impl Default for PollFd {
    /// An inert entry (descriptor -1).
    fn default() -> Self {
        PollFd::new(-1, 0)
    }
}

impl fmt::Debug for PollFd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PollFd")
            .field("fd", &self.fd())
            .field("events", &self.events())
            .field("revents", &self.revents())
            .finish()
    }
}

impl PartialEq for PollFd {
    fn eq(&self, other: &PollFd) -> bool {
        (self.fd(), self.events(), self.revents()) == (other.fd(), other.events(), other.revents())
    }
}

impl Eq for PollFd {}

/// Wait until one of the entries has events: poll(2) on an array the caller owns, without
/// allocating. Returns how many entries have events (their [`PollFd::revents`] is non-zero);
/// 0 when the timeout passed.
///
/// `timeout_ms` is in milliseconds, as Python's `poll.poll`: `None` or a negative value
/// waits for ever, `Some(0.0)` only looks; a fraction of a millisecond rounds up. EINTR is
/// retried with the time left (PEP 475).
///
/// A descriptor that is not open is reported with `POLLNVAL`, not as an error (as Python
/// reports it).
///
/// ```
/// use bsdsock::select::{poll_fds, PollFd, POLLIN, POLLOUT};
///
/// let (a, b) = bsdsock::socketpair_default()?;
/// let mut fds = [PollFd::of(&a, POLLIN), PollFd::of(&b, POLLOUT)];
/// assert_eq!(poll_fds(&mut fds, Some(0.0))?, 1);
/// assert_eq!(fds[0].revents(), 0);
/// assert_eq!(fds[1].revents(), POLLOUT);
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// * `Error::Value("Invalid value NaN (not a number)")`,
///   `Error::Overflow("timestamp out of range for platform time_t")`, and
///   `Error::Overflow("timeout is too large")` when the whole milliseconds do not fit a C
///   `int`: the timeout, as in Python.
/// * The kernel's errno: EINVAL for more entries than the descriptor limit (RLIMIT_NOFILE).
///
/// # References
/// [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/poll.html)
#[doc(alias = "poll")]
#[doc(alias = "ppoll")]
pub fn poll_fds(fds: &mut [PollFd], timeout_ms: Option<f64>) -> Result<usize> {
    let wait = poll_timeout(timeout_ms)?;
    wait_loop(wait, |left| sys::select::poll_entries(fds, ms_arg(left)))
}

/// Python's poll object (`select.poll()`): a set of registered descriptors, each with the
/// events it is watched for, and [`poll`](Poll::poll) to wait on all of them. Made by
/// [`poll()`](poll()) or [`Poll::new`].
///
/// The entries are kept in a `Vec` sorted by descriptor, passed to poll(2) as they are
/// (nothing is copied per call). `register`, `modify` and `unregister` change only that
/// `Vec` (no system call), as in Python.
///
/// ```
/// use bsdsock::select::{poll, POLLIN};
///
/// let (a, b) = bsdsock::socketpair_default()?;
/// let mut p = poll();
/// p.register(&a, POLLIN)?;
/// assert_eq!(p.poll(Some(0.0))?, []);
/// b.sendall(b"x")?;
/// assert_eq!(p.poll(Some(5000.0))?, [(a.fileno(), POLLIN)]);
/// p.unregister(&a)?;
/// assert_eq!(p.unregister(&a).unwrap_err().to_string(), a.fileno().to_string()); // KeyError
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[cfg(feature = "alloc")]
#[derive(Debug, Default, Clone)]
pub struct Poll {
    fds: Vec<PollFd>,
}

/// Python's `select.poll()`: a new, empty [`Poll`] object.
///
/// # Examples
///
/// ```
/// use bsdsock::select::{POLLIN, poll};
///
/// let (a, b) = bsdsock::socketpair_default()?;
/// let mut p = poll();                     // Python's select.poll()
/// p.register(&a, POLLIN)?;
/// b.sendall(b"x")?;
/// assert_eq!(p.poll(Some(1000.0))?, [(a.fileno(), POLLIN)]);
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "ppoll")]
#[cfg(feature = "alloc")]
pub fn poll() -> Poll {
    Poll::new()
}

#[cfg(feature = "alloc")]
impl Poll {
    /// An empty poll object.
    ///
    /// # Examples
    ///
    /// ```
    /// let p = bsdsock::select::Poll::new();
    /// assert!(p.is_empty());
    /// ```
    pub const fn new() -> Poll {
        Poll { fds: Vec::new() }
    }

    fn find(&self, fd: i32) -> core::result::Result<usize, usize> {
        self.fds.binary_search_by_key(&fd, PollFd::fd)
    }

    /// Watch `fd` for `eventmask` (Python's `register(fd, eventmask)`; Python's default mask
    /// is `POLLIN | POLLPRI | POLLOUT`). Registering a descriptor again replaces its mask,
    /// as in Python. The descriptor need not be open (poll reports POLLNVAL for it).
    ///
    /// # Errors
    /// `Error::ValueNum("file descriptor cannot be a negative integer (-1)")`; ENOMEM if
    /// the set cannot grow.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{POLLIN, POLLOUT, Poll};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let mut p = Poll::new();
    /// p.register(&a, POLLIN)?;
    /// p.register(&a, POLLOUT)?;               // registering again replaces the mask
    /// assert_eq!(p.len(), 1);
    /// assert_eq!(p.entries()[0].events(), POLLOUT);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn register<F: AsFileno + ?Sized>(&mut self, fd: &F, eventmask: u16) -> Result<()> {
        let fd = checked_fd(fd)?;
        match self.find(fd) {
            Ok(i) => self.fds[i].set_events(eventmask),
            Err(i) => {
                self.fds.try_reserve(1).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
                self.fds.insert(i, PollFd::new(fd, eventmask));
            }
        }
        Ok(())
    }

    /// Change the mask of a registered descriptor (Python's `modify(fd, eventmask)`).
    ///
    /// # Errors
    /// `Error::Os(ENOENT)` (`[Errno 2] No such file or directory`, Python's
    /// `FileNotFoundError`) if `fd` is not registered; the negative-descriptor error of
    /// [`register`](Poll::register).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{POLLIN, POLLOUT, Poll};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let mut p = Poll::new();
    /// p.register(&a, POLLIN)?;
    /// p.modify(&a, POLLOUT)?;
    /// assert!(p.modify(&b, POLLIN).is_err());  // not registered: [Errno 2] No such file or directory
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn modify<F: AsFileno + ?Sized>(&mut self, fd: &F, eventmask: u16) -> Result<()> {
        let fd = checked_fd(fd)?;
        match self.find(fd) {
            Ok(i) => {
                self.fds[i].set_events(eventmask);
                Ok(())
            }
            Err(_) => Err(Error::Os(crate::consts::errno::ENOENT)),
        }
    }

    /// Stop watching `fd` (Python's `unregister(fd)`).
    ///
    /// # Errors
    /// `Error::Key(fd)` (Python's `KeyError: fd`, displayed as the number) if `fd` is not
    /// registered; the negative-descriptor error of [`register`](Poll::register).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{POLLIN, Poll};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let mut p = Poll::new();
    /// p.register(&a, POLLIN)?;
    /// p.unregister(&a)?;
    /// assert!(p.unregister(&a).is_err());      // Python's KeyError
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn unregister<F: AsFileno + ?Sized>(&mut self, fd: &F) -> Result<()> {
        let fd = checked_fd(fd)?;
        match self.find(fd) {
            Ok(i) => {
                self.fds.remove(i);
                Ok(())
            }
            Err(_) => Err(Error::Key(fd as i64)),
        }
    }

    /// The registered entries, in descriptor order, with the events of the last
    /// [`poll`](Poll::poll) / [`poll_ready`](Poll::poll_ready) in [`PollFd::revents`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{POLLIN, Poll};
    ///
    /// let mut p = Poll::new();
    /// p.register(&0, POLLIN)?;
    /// assert_eq!(p.entries()[0].fd(), 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn entries(&self) -> &[PollFd] {
        &self.fds
    }

    /// How many descriptors are registered.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut p = bsdsock::select::Poll::new();
    /// p.register(&0, bsdsock::select::POLLIN)?;
    /// assert_eq!(p.len(), 1);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.fds.len()
    }

    /// Is nothing registered?
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::select::Poll::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.fds.is_empty()
    }

    /// Wait for events on the registered descriptors and list them (Python's
    /// `poll(timeout)`): `(fd, events)` pairs, in descriptor order; empty when the timeout
    /// passed. `timeout_ms` as in [`poll_fds`]: milliseconds, `None` or negative for ever.
    ///
    /// # Errors
    /// The timeout and kernel errors of [`poll_fds`]; ENOMEM if the list cannot be
    /// allocated.
    ///
    /// # References
    /// [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{POLLIN, POLLOUT, Poll};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let mut p = Poll::new();
    /// p.register(&a, POLLIN)?;
    /// p.register(&b, POLLOUT)?;
    /// assert_eq!(p.poll(Some(1000.0))?, [(b.fileno(), POLLOUT)]);   // (fd, revents) pairs
    /// assert_eq!(p.poll(Some(0.0))?.len(), 1);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn poll(&mut self, timeout_ms: Option<f64>) -> Result<Vec<(i32, u16)>> {
        let n = poll_fds(&mut self.fds, timeout_ms)?;
        let mut out = vec_with_capacity(n)?;
        out.extend(self.fds.iter().filter(|p| p.revents() != 0).map(|p| (p.fd(), p.revents())));
        Ok(out)
    }

    /// [`poll`](Poll::poll) without allocating: wait, then iterate over the entries that
    /// have events.
    ///
    /// # Errors
    /// As [`poll_fds`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::{POLLOUT, Poll};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let mut p = Poll::new();
    /// p.register(&a, POLLOUT)?;
    /// let ready: Vec<(i32, u16)> = p.poll_ready(Some(1000.0))?.collect();  // no Vec inside
    /// assert_eq!(ready, [(a.fileno(), POLLOUT)]);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn poll_ready(
        &mut self,
        timeout_ms: Option<f64>,
    ) -> Result<impl Iterator<Item = (i32, u16)> + '_> {
        poll_fds(&mut self.fds, timeout_ms)?;
        Ok(self.fds.iter().filter(|p| p.revents() != 0).map(|p| (p.fd(), p.revents())))
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;
    use crate::consts::errno::ENOENT;

    #[test]
    fn registry() {
        let mut p = Poll::new();
        p.register(&7, 1).unwrap();
        p.register(&3, 4).unwrap();
        p.register(&7, 2).unwrap(); // again: replaces the mask
        assert_eq!(p.len(), 2);
        let got: std::vec::Vec<(i32, u16)> =
            p.entries().iter().map(|e| (e.fd(), e.events())).collect();
        assert_eq!(got, [(3, 4), (7, 2)]);
        p.modify(&3, 1).unwrap();
        assert_eq!(p.entries()[0].events(), 1);
        assert_eq!(p.modify(&4, 1), Err(Error::Os(ENOENT)));
        assert_eq!(p.unregister(&4), Err(Error::Key(4)));
        p.unregister(&3).unwrap();
        assert_eq!(p.unregister(&3), Err(Error::Key(3)));
        let neg = crate::select::negative_fd(-2);
        assert_eq!(p.register(&-2, 1), Err(neg));
        assert_eq!(p.modify(&-2, 1), Err(neg));
        assert_eq!(p.unregister(&-2), Err(neg));
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn entries() {
        let e = PollFd::new(5, 0xffff);
        assert_eq!((e.fd(), e.events(), e.revents()), (5, 0xffff, 0));
        let mut e = PollFd::default();
        assert_eq!(e.fd(), -1);
        e.set_fd(3);
        e.set_events(0x8001);
        assert_eq!((e.fd(), e.events()), (3, 0x8001));
        assert_eq!(std::format!("{e:?}"), "PollFd { fd: 3, events: 32769, revents: 0 }");
    }
}
