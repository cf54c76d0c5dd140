//! select(2): [`FdSet`], [`select_fds`] (the caller's sets, no allocation) and Python's
//! [`select()`](select()) (`alloc`).

#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

use super::{AsFileno, Wait, negative_fd, select_timeout, wait_loop};
use crate::consts::select::FD_SETSIZE;
use crate::error::{Error, Result};
use crate::sys;
use crate::sys::select::{FdMask, NFDBITS, fd_set};

/// Python's error for a descriptor select(2) cannot take (`fd >= FD_SETSIZE`).
const OUT_OF_RANGE: Error = Error::Value("filedescriptor out of range in select()");

/// A set of descriptors for select(2): C's `fd_set` (FD_SETSIZE bits, 1,024 on Linux and
/// the BSDs, so descriptors 0 to 1,023), with FD_SET / FD_CLR / FD_ISSET as methods.
///
/// It also remembers the highest descriptor inserted, which select(2) needs as `nfds`.
/// No allocation: 128 bytes on the stack.
///
/// ```
/// use bsdsock::select::FdSet;
///
/// let mut set = FdSet::new();
/// set.insert(&5)?;
/// assert!(set.contains(5) && !set.contains(6));
/// assert_eq!(
///     set.insert(&1024).unwrap_err().to_string(),
///     "filedescriptor out of range in select()"
/// );
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct FdSet {
    set: fd_set,
    /// Highest descriptor inserted + 1 (select(2)'s `nfds`); never shrinks.
    nfds: i32,
}

impl FdSet {
    /// An empty set (FD_ZERO).
    ///
    /// # Examples
    ///
    /// ```
    /// let set = bsdsock::select::FdSet::new();
    /// assert!(set.is_empty());
    /// ```
    pub const fn new() -> FdSet {
        FdSet { set: fd_set::new(), nfds: 0 }
    }

    /// Add `fd` (FD_SET).
    ///
    /// # Errors
    /// Python's: a negative descriptor is
    /// `Error::ValueNum("file descriptor cannot be a negative integer (-1)")`, one at or above
    /// `FD_SETSIZE` is `Error::Value("filedescriptor out of range in select()")`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::select::FdSet;
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let mut set = FdSet::new();
    /// set.insert(&a)?;                        // a socket, a raw i32, any AsFileno
    /// assert!(set.contains(a.fileno()));
    /// assert!(set.insert(&-1).is_err());      // "file descriptor cannot be a negative integer (-1)"
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "FD_SET")]
    pub fn insert<F: AsFileno + ?Sized>(&mut self, fd: &F) -> Result<()> {
        let fd = fd.fileno();
        if fd < 0 {
            return Err(negative_fd(fd));
        }
        if fd >= FD_SETSIZE {
            return Err(OUT_OF_RANGE);
        }
        let (word, bit) = Self::place(fd);
        self.set.fds_bits[word] |= bit;
        self.nfds = self.nfds.max(fd + 1);
        Ok(())
    }

    /// Remove `fd` (FD_CLR); descriptors outside the set's range are ignored.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut set = bsdsock::select::FdSet::new();
    /// set.insert(&0)?;
    /// set.remove(0);
    /// assert!(!set.contains(0));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "FD_CLR")]
    pub fn remove(&mut self, fd: i32) {
        if (0..FD_SETSIZE).contains(&fd) {
            let (word, bit) = Self::place(fd);
            self.set.fds_bits[word] &= !bit;
        }
    }

    /// Is `fd` in the set (FD_ISSET)? `false` for descriptors outside the set's range.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut set = bsdsock::select::FdSet::new();
    /// set.insert(&2)?;
    /// assert!(set.contains(2) && !set.contains(3));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "FD_ISSET")]
    pub fn contains(&self, fd: i32) -> bool {
        if !(0..FD_SETSIZE).contains(&fd) {
            return false;
        }
        let (word, bit) = Self::place(fd);
        self.set.fds_bits[word] & bit != 0
    }

    /// Empty the set (FD_ZERO).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut set = bsdsock::select::FdSet::new();
    /// set.insert(&1)?;
    /// set.clear();
    /// assert!(set.is_empty());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "FD_ZERO")]
    pub fn clear(&mut self) {
        *self = FdSet::new();
    }

    /// No descriptor in the set?
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::select::FdSet::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.set.fds_bits.iter().all(|&w| w == 0)
    }

    /// How many descriptors are in the set.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut set = bsdsock::select::FdSet::new();
    /// set.insert(&1)?;
    /// set.insert(&2)?;
    /// assert_eq!(set.len(), 2);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.set.fds_bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The descriptors in the set, in ascending order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut set = bsdsock::select::FdSet::new();
    /// set.insert(&5)?;
    /// set.insert(&1)?;
    /// assert_eq!(set.iter().collect::<Vec<_>>(), [1, 5]);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = i32> + '_ {
        (0..self.nfds.max(0)).filter(|&fd| self.contains(fd))
    }

    /// select(2)'s `nfds` for this set: the highest descriptor ever inserted, plus one.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut set = bsdsock::select::FdSet::new();
    /// set.insert(&5)?;
    /// assert_eq!(set.nfds(), 6);              // highest descriptor + 1, select(2)'s first argument
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn nfds(&self) -> i32 {
        self.nfds
    }

    fn place(fd: i32) -> (usize, FdMask) {
        let fd = fd as usize;
        (fd / NFDBITS, 1 << (fd % NFDBITS))
    }
}

impl Default for FdSet {
    fn default() -> Self {
        FdSet::new()
    }
}

impl fmt::Debug for FdSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl PartialEq for FdSet {
    /// The same descriptors (whatever `nfds` each remembers).
    fn eq(&self, other: &FdSet) -> bool {
        self.set.fds_bits == other.set.fds_bits
    }
}

impl Eq for FdSet {}

/// Wait until some descriptors of the three sets are ready: select(2) on sets the caller
/// owns, without allocating. On return each set holds only its ready descriptors; the result
/// is how many there are in all (0: the timeout passed, and the sets are empty).
///
/// `timeout` is in seconds: `None` waits for ever, `Some(0.0)` only looks. The wait is
/// retried after EINTR with the time left (PEP 475).
///
/// # Errors
/// * `Error::Value("timeout must be non-negative")`, `Error::Value("Invalid value NaN (not a
///   number)")`, `Error::Overflow("timestamp out of range for platform time_t")`: the
///   timeout, as in Python.
/// * `Error::Os(EBADF)` (`[Errno 9] Bad file descriptor`) if a set holds a descriptor that is
///   not open (on Linux: one below the top of the process's descriptor table), as Python
///   reports it.
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pselect.html)
///
/// # Examples
///
/// ```
/// use bsdsock::select::{FdSet, select_fds};
///
/// let (a, b) = bsdsock::socketpair_default()?;
/// b.sendall(b"x")?;
/// let (mut r, mut w, mut x) = (FdSet::new(), FdSet::new(), FdSet::new());
/// r.insert(&a)?;
/// w.insert(&a)?;
/// let n = select_fds(&mut r, &mut w, &mut x, Some(1.0))?;   // the sets now hold what is ready
/// assert_eq!(n, 2);
/// assert!(r.contains(a.fileno()) && w.contains(a.fileno()));
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "pselect")]
#[doc(alias = "select")]
pub fn select_fds(
    rset: &mut FdSet,
    wset: &mut FdSet,
    xset: &mut FdSet,
    timeout: Option<f64>,
) -> Result<usize> {
    let wait = select_timeout(timeout)?;
    select_wait(rset, wset, xset, wait)
}

fn select_wait(rset: &mut FdSet, wset: &mut FdSet, xset: &mut FdSet, wait: Wait) -> Result<usize> {
    let nfds = rset.nfds.max(wset.nfds).max(xset.nfds);
    fn some(s: &mut FdSet) -> Option<&mut fd_set> {
        if s.nfds > 0 { Some(&mut s.set) } else { None }
    }
    // select(2) leaves the sets as they were when it fails (EINTR), so each retry waits for
    // the same descriptors.
    let n = wait_loop(wait, |left| {
        let tv = left.map(|ns| {
            let usec = ns.div_ceil(1000); // round up: never shorter than asked
            ((usec / 1_000_000).min(i64::MAX as u64) as i64, (usec % 1_000_000) as i64)
        });
        sys::select::select_sets(nfds, some(rset), some(wset), some(xset), tv)
    })?;
    if n == 0 {
        // Nothing ready (or the deadline passed after EINTR, when the kernel left the sets
        // as they were): empty sets, also of any bits Linux ignores above its table.
        rset.clear();
        wset.clear();
        xset.clear();
    }
    Ok(n)
}

/// Python's `select.select(rlist, wlist, xlist, timeout)`: wait until some of the
/// descriptors are ready for reading, writing or an exceptional condition, and return the
/// ready items of each list, in list order (the items themselves, as Python returns the same
/// objects; a descriptor listed twice comes back twice).
///
/// Each list is anything iterable over [`AsFileno`] items: an array or `Vec` of `&Socket`s
/// or raw `i32` descriptors, `sockets.iter()`, …; [`EMPTY`](super::EMPTY) for none. Items
/// are moved into the result lists, so pass references (`[&a, &b]`) to keep the sockets.
///
/// `timeout` is in seconds: `None` waits for ever, `Some(0.0)` only looks. EINTR is retried
/// with the time left (PEP 475); an expired deadline returns three empty lists.
///
/// ```
/// use bsdsock::select::{select, EMPTY};
///
/// let (a, b) = bsdsock::socketpair_default()?;
/// let (r, w, x) = select([&a], [&b], EMPTY, Some(0.0))?;
/// assert!(r.is_empty() && x.is_empty());
/// assert_eq!(w.len(), 1); // b can be written to
/// b.sendall(b"x")?;
/// let (r, _, _) = select([&a, &b], EMPTY, EMPTY, Some(5.0))?;
/// assert_eq!(r[0].recv(1)?, b"x");
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// The timeout's errors as in [`select_fds`] (checked first, as Python does); then for each
/// descriptor in turn a negative one is
/// `Error::ValueNum("file descriptor cannot be a negative integer (-1)")`, one at or above
/// `FD_SETSIZE` is `Error::Value("filedescriptor out of range in select()")`; a descriptor
/// that is not open is `Error::Os(EBADF)`. ENOMEM if the lists cannot be allocated.
///
/// # References
/// [select(2)](https://man7.org/linux/man-pages/man2/select.2.html),
/// [Python](https://docs.python.org/3/library/select.html#select.select)
#[doc(alias = "pselect")]
#[cfg(feature = "alloc")]
#[allow(clippy::type_complexity)]
pub fn select<R, W, X>(
    rlist: R,
    wlist: W,
    xlist: X,
    timeout: Option<f64>,
) -> Result<(Vec<R::Item>, Vec<W::Item>, Vec<X::Item>)>
where
    R: IntoIterator,
    R::Item: AsFileno,
    W: IntoIterator,
    W::Item: AsFileno,
    X: IntoIterator,
    X::Item: AsFileno,
{
    let wait = select_timeout(timeout)?;
    let (mut r, mut w, mut x) = (FdSet::new(), FdSet::new(), FdSet::new());
    let mut rv = collect(rlist, &mut r)?;
    let mut wv = collect(wlist, &mut w)?;
    let mut xv = collect(xlist, &mut x)?;
    select_wait(&mut r, &mut w, &mut x, wait)?;
    rv.retain(|f| r.contains(f.fileno()));
    wv.retain(|f| w.contains(f.fileno()));
    xv.retain(|f| x.contains(f.fileno()));
    Ok((rv, wv, xv))
}

/// The items of `list` in a `Vec` (grown fallibly: ENOMEM, never an abort), each one's
/// descriptor added to `set`.
#[cfg(feature = "alloc")]
fn collect<I: IntoIterator>(list: I, set: &mut FdSet) -> Result<Vec<I::Item>>
where
    I::Item: AsFileno,
{
    let it = list.into_iter();
    let mut v = super::vec_with_capacity(it.size_hint().0)?;
    for f in it {
        set.insert(&f)?;
        if v.len() == v.capacity() {
            v.try_reserve(1).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        }
        v.push(f);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut s = FdSet::new();
        assert!(s.is_empty());
        assert_eq!(s.nfds(), 0);
        for fd in [0, 1, 63, 64, 65, FD_SETSIZE - 1] {
            s.insert(&fd).unwrap();
            assert!(s.contains(fd));
        }
        assert_eq!(s.len(), 6);
        assert_eq!(s.nfds(), FD_SETSIZE);
        assert!(!s.contains(2) && !s.contains(-1) && !s.contains(FD_SETSIZE));
        s.remove(63);
        s.remove(-5);
        s.remove(FD_SETSIZE + 5);
        assert!(!s.contains(63) && s.contains(64));
        let got: std::vec::Vec<i32> = s.iter().collect();
        assert_eq!(got, [0, 1, 64, 65, FD_SETSIZE - 1]);
        assert_eq!(std::format!("{s:?}"), std::format!("{{0, 1, 64, 65, {}}}", FD_SETSIZE - 1));
        s.clear();
        assert!(s.is_empty() && s.nfds() == 0);
    }

    #[test]
    fn set_errors() {
        let mut s = FdSet::new();
        assert_eq!(s.insert(&FD_SETSIZE), Err(OUT_OF_RANGE));
        assert_eq!(s.insert(&i32::MAX), Err(OUT_OF_RANGE));
        let e = s.insert(&-1).unwrap_err();
        assert_eq!(std::format!("{e}"), "file descriptor cannot be a negative integer (-1)");
        assert!(s.is_empty());
    }

    /// The bit FD_SET(3) sets, word by word: descriptor n is bit n % NFDBITS of word n /
    /// NFDBITS, whatever the byte order.
    #[test]
    fn bit_layout_matches_fd_set() {
        let mut s = FdSet::new();
        s.insert(&(NFDBITS as i32 + 3)).unwrap();
        assert_eq!(s.set.fds_bits[1], 1 << 3);
        assert!(s.set.fds_bits.iter().enumerate().all(|(i, &w)| i == 1 || w == 0));
    }
}
