//! Descriptors: Python 3's `socket.close(fd)`, `socket.dup(fd)`, `send_fds` / `recv_fds`
//! (descriptor passing over AF_UNIX), and `CMSG_LEN` / `CMSG_SPACE` that fail instead of
//! saturating.
//!
//! # Ownership (I/O safety)
//!
//! Python hands descriptors around as integers. A safe Rust function that closes, duplicates
//! or sends an arbitrary integer could act on a descriptor that another part of the program
//! owns (a `File`, a `TcpStream`): closing it makes that owner's next call hit whatever the
//! number names next, and std aborts on such "IO Safety violations". So the functions here
//! take descriptors as values that prove ownership or a live borrow:
//!
//! * [`close`] takes an owned [`Fd`] (from [`recv_fds`], [`dup`], [`Socket::detach`], or
//!   `Fd::from(OwnedFd)`); to close a raw number you own, `close(unsafe { Fd::from_raw(n) })`
//!   states that promise where it is made.
//! * [`dup`], [`send_fds`] and `Socket::sendfile` borrow through [`AsDescriptor`]: an
//!   [`Fd`] or a [`Socket`] (or a reference to one), and with the `std` feature anything
//!   that is `AsFd` (`&File`, `BorrowedFd`, `OwnedFd`, std sockets).

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::addr::{SockAddr, ToSockAddr};
use crate::cmsg::{CmsgBuilder, cmsg_len, cmsg_space};
use crate::error::{Error, Result};
use crate::msg::Fd;
use crate::socket::Socket;

mod sealed {
    pub trait Sealed {}
}

/// A descriptor a call may use for its duration, without taking it over: [`Fd`],
/// [`Socket`] and references to them; with the `std` feature, anything that is
/// `std::os::fd::AsFd` (`&File`, `BorrowedFd<'_>`, `OwnedFd`, `TcpStream`, …, and `Fd` and
/// `Socket` themselves).
///
/// Sealed: only these types implement it, so a value of one of them is proof that the
/// descriptor is open and owned or borrowed for as long as the call lasts.
pub trait AsDescriptor: sealed::Sealed {
    /// The descriptor number (valid while `self` is borrowed).
    fn as_descriptor(&self) -> i32;
}

#[cfg(not(feature = "std"))]
mod no_std_impls {
    use super::{AsDescriptor, Fd, Socket, sealed::Sealed};

    impl Sealed for Fd {}
    impl AsDescriptor for Fd {
        fn as_descriptor(&self) -> i32 {
            self.raw()
        }
    }
    impl Sealed for Socket {}
    impl AsDescriptor for Socket {
        fn as_descriptor(&self) -> i32 {
            self.fileno()
        }
    }
    impl<T: AsDescriptor + ?Sized> Sealed for &T {}
    impl<T: AsDescriptor + ?Sized> AsDescriptor for &T {
        fn as_descriptor(&self) -> i32 {
            (**self).as_descriptor()
        }
    }
}

#[cfg(feature = "std")]
mod std_impls {
    use std::os::fd::{AsFd, AsRawFd};

    use super::{AsDescriptor, sealed::Sealed};

    impl<T: AsFd + ?Sized> Sealed for T {}
    impl<T: AsFd + ?Sized> AsDescriptor for T {
        fn as_descriptor(&self) -> i32 {
            self.as_fd().as_raw_fd()
        }
    }
}

/// Close a descriptor and report close(2)'s error: Python's `socket.close(fd)`.
///
/// Takes the descriptor by value (see the [module docs](self) for why not a raw number).
/// The descriptor is released even when an error is returned; EINTR is not retried.
///
/// ```
/// let (a, _b) = bsdsock::socketpair_default()?;
/// let fd = a.detach();
/// bsdsock::close(fd)?;
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// The errno of close(2), e.g. `Error::Os(EIO)`.
///
/// # References
/// [close(2)](https://man7.org/linux/man-pages/man2/close.2.html)
pub fn close(fd: Fd) -> Result<()> {
    Ok(fd.close()?)
}

/// A new descriptor for the same open file, close-on-exec: Python's `socket.dup(fd)`.
///
/// Corresponds to `fcntl(fd, F_DUPFD_CLOEXEC, 0)`. The result is owned (closed on drop).
///
/// ```
/// let (a, _b) = bsdsock::socketpair_default()?;
/// let d = bsdsock::dup(&a)?;
/// assert_ne!(d.raw(), a.fileno());
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// The errno of fcntl(2), e.g. `Error::Os(EMFILE)`.
///
/// # References
/// [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html)
#[doc(alias = "try_clone")]
#[doc(alias = "F_DUPFD_CLOEXEC")]
pub fn dup(fd: impl AsDescriptor) -> Result<Fd> {
    Ok(crate::sys::fd::dup_owned(fd.as_descriptor())?)
}

/// What C calls SOCKLEN_T_LIMIT in CPython: the largest control-message size it accepts.
const SOCKLEN_T_LIMIT: usize = i32::MAX as usize;

/// `CMSG_LEN(length)`: the `cmsg_len` of a control message with `length` data bytes —
/// Python's `socket.CMSG_LEN(length)`.
///
/// Unlike [`cmsg_len`], which saturates, this fails as Python does when the result would
/// not fit a C `int` (CPython's limit for ancillary data).
///
/// ```
/// use bsdsock::{CMSG_LEN, Error};
/// assert_eq!(CMSG_LEN(4)?, bsdsock::cmsg::cmsg_len(4));
/// assert_eq!(CMSG_LEN(usize::MAX), Err(Error::Overflow("CMSG_LEN() argument out of range")));
/// # Ok::<(), Error>(())
/// ```
///
/// # Errors
/// `Error::Overflow("CMSG_LEN() argument out of range")` (Python's OverflowError).
///
/// # References
/// [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html)
#[allow(non_snake_case)]
pub fn CMSG_LEN(length: usize) -> Result<usize> {
    const E: Error = Error::Overflow("CMSG_LEN() argument out of range");
    if length > SOCKLEN_T_LIMIT - cmsg_len(0) {
        return Err(E);
    }
    let n = cmsg_len(length);
    if n > SOCKLEN_T_LIMIT { Err(E) } else { Ok(n) }
}

/// `CMSG_SPACE(length)`: the buffer bytes a control message with `length` data bytes takes,
/// trailing padding included — Python's `socket.CMSG_SPACE(length)`.
///
/// Unlike [`cmsg_space`], which saturates, this fails as Python does when the result would
/// not fit a C `int`.
///
/// # Errors
/// `Error::Overflow("CMSG_SPACE() argument out of range")` (Python's OverflowError).
///
/// # References
/// [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html)
///
/// # Examples
///
/// ```
/// use bsdsock::{CMSG_LEN, CMSG_SPACE};
/// assert!(CMSG_SPACE(4)? >= CMSG_LEN(4)?);     // padded to the next message's alignment
/// assert!(CMSG_SPACE(usize::MAX).is_err());   // "CMSG_SPACE() argument out of range"
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[allow(non_snake_case)]
pub fn CMSG_SPACE(length: usize) -> Result<usize> {
    const E: Error = Error::Overflow("CMSG_SPACE() argument out of range");
    if length > SOCKLEN_T_LIMIT - cmsg_space(1) {
        return Err(E);
    }
    let n = cmsg_space(length);
    if n > SOCKLEN_T_LIMIT { Err(E) } else { Ok(n) }
}

/// The most descriptors one message carries: Linux's SCM_MAX_FD (253).
pub const MAX_FDS: usize = 253;

const INT: usize = core::mem::size_of::<i32>();
const CONTROL_MAX: usize = cmsg_space(MAX_FDS * INT);

/// Send `buffers` and the descriptors `fds` over a connected AF_UNIX socket: Python's
/// `socket.send_fds(sock, buffers, fds, flags)`. Returns the bytes of `buffers` sent.
///
/// One `sendmsg(2)` with an `SCM_RIGHTS` control message (none when `fds` is empty), in
/// the socket's mode like [`Socket::sendmsg`]. The receiver gets its own descriptors for
/// the same open files; `fds` stay open here. Allocates nothing (the control message is
/// built on the stack).
///
/// Python 3.13's `send_fds` ignores its `flags` and `address` arguments (it calls
/// `sendmsg(buffers, ancdata)`); bsdsock passes `flags` on, and [`send_fds_to`] takes the
/// address.
///
/// # Errors
/// More than [`MAX_FDS`] descriptors: `Error::Os(EINVAL)`, `[Errno 22] Invalid argument`,
/// what the kernel (and so Python) reports; otherwise as [`Socket::sendmsg`].
///
/// # References
/// [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html) (SCM_RIGHTS),
/// [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html)
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use bsdsock::{recv_fds, send_fds, socketpair_default};
///
/// let (a, b) = socketpair_default()?;
/// let (x, _y) = socketpair_default()?;
/// send_fds(&a, &[b"here"], &[&x], 0)?;          // any AsDescriptor: &Socket, &File, BorrowedFd…
/// let (msg, fds, _flags, _addr) = recv_fds(&b, 16, 1, 0)?;
/// assert_eq!((&msg[..], fds.len()), (&b"here"[..], 1));
/// # }
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "SCM_RIGHTS")]
#[doc(alias = "sendmsg")]
#[cfg(bsdsock_const = "SCM_RIGHTS")]
pub fn send_fds<F: AsDescriptor>(
    sock: &Socket,
    buffers: &[&[u8]],
    fds: &[F],
    flags: i32,
) -> Result<usize> {
    with_rights(fds, |control| sock.sendmsg(buffers, control, flags))
}

/// [`send_fds`] to `address` (an unconnected AF_UNIX datagram socket): Python's
/// `send_fds(sock, buffers, fds, flags, address)`, which 3.13 does not actually pass on.
///
/// # Errors
/// As [`send_fds`]; address errors as [`Socket::sendto`].
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "std")] {
/// use bsdsock::{AF_UNIX, SOCK_DGRAM, recv_fds, send_fds_to, socketpair};
///
/// let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
/// let dir = std::env::temp_dir().join(format!("bsdsock-doc-{}.sock", std::process::id()));
/// let rx = bsdsock::socket(AF_UNIX, SOCK_DGRAM, 0)?;
/// rx.bind(dir.as_path())?;
/// send_fds_to(&a, &[b"fd"], &[&b], 0, dir.as_path())?;
/// let (_msg, fds, _flags, from) = recv_fds(&rx, 16, 1, 0)?;
/// assert_eq!(fds.len(), 1);
/// # let _ = from;
/// # std::fs::remove_file(&dir).unwrap();
/// # }
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[cfg(bsdsock_const = "SCM_RIGHTS")]
pub fn send_fds_to<F: AsDescriptor, A: ToSockAddr>(
    sock: &Socket,
    buffers: &[&[u8]],
    fds: &[F],
    flags: i32,
    address: A,
) -> Result<usize> {
    with_rights(fds, |control| sock.sendmsg_to(buffers, control, flags, address))
}

/// Build the SCM_RIGHTS message for `fds` on the stack and run `send` with it.
#[cfg(bsdsock_const = "SCM_RIGHTS")]
fn with_rights<F: AsDescriptor>(
    fds: &[F],
    send: impl FnOnce(&[u8]) -> Result<usize>,
) -> Result<usize> {
    if fds.len() > MAX_FDS {
        return Err(Error::Os(crate::consts::errno::EINVAL));
    }
    if fds.is_empty() {
        return send(&[]);
    }
    let mut raw = [0i32; MAX_FDS];
    for (r, f) in raw.iter_mut().zip(fds) {
        *r = f.as_descriptor();
    }
    let mut buf = [0u8; CONTROL_MAX];
    let mut b = CmsgBuilder::new(&mut buf);
    b.rights(&raw[..fds.len()])?;
    let n = b.len();
    send(&buf[..n])
}

/// What [`recv_fds_into`] received besides the data: Python's `(msg, fds, flags, addr)`
/// without the two buffers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecvFds {
    /// Bytes received into the buffer.
    pub nbytes: usize,
    /// Descriptors received: the first `nfds` slots of the caller's array.
    pub nfds: usize,
    /// `msg_flags`: MSG_CTRUNC when more descriptors came than there were slots (the kernel
    /// closed the rest), MSG_TRUNC for a datagram longer than the buffer.
    pub flags: i32,
    /// The sender, when the kernel gives one.
    pub address: Option<SockAddr>,
}

/// Receive data into `buf` and up to `fds.len()` descriptors into `fds`: Python's
/// `socket.recv_fds(sock, bufsize, maxfds, flags)` with the caller's buffers (no
/// allocation). Slots `fds[..nfds]` are filled with owned, close-on-exec descriptors; the
/// other slots are left as they were.
///
/// One `recvmsg(2)` with a control buffer of `CMSG_LEN(maxfds * sizeof(int))` bytes, as
/// Python's, in the socket's mode like [`Socket::recvmsg_into`]. A message never carries
/// more than [`MAX_FDS`] (253), so slots past that are never filled. With no slots
/// (Python's `maxfds=0`) the data is received and any descriptors sent with it are closed by
/// the kernel, which sets MSG_CTRUNC, as in Python.
///
/// ```
/// use bsdsock::{Fd, recv_fds_into, send_fds, socketpair_default};
/// let (a, b) = socketpair_default()?;
/// send_fds(&a, &[b"one"], &[&a], 0)?;
/// let (mut buf, mut fds) = ([0u8; 8], [const { None::<Fd> }; 2]);
/// let r = recv_fds_into(&b, &mut buf, &mut fds, 0)?;
/// assert_eq!((&buf[..r.nbytes], r.nfds, r.flags), (&b"one"[..], 1, 0));
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// As [`Socket::recvmsg_into`].
///
/// # References
/// [unix(7)](https://man7.org/linux/man-pages/man7/unix.7.html) (SCM_RIGHTS),
/// [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
#[doc(alias = "SCM_RIGHTS")]
#[doc(alias = "recvmsg")]
pub fn recv_fds_into(
    sock: &Socket,
    buf: &mut [u8],
    fds: &mut [Option<Fd>],
    flags: i32,
) -> Result<RecvFds> {
    let maxfds = fds.len().min(MAX_FDS);
    let mut control = [0u8; CONTROL_MAX];
    let clen = cmsg_len(maxfds * INT).min(CONTROL_MAX);
    let mut r = sock.recvmsg_into(&mut [buf], &mut control[..clen], flags)?;
    let mut nfds = 0;
    for (slot, fd) in fds.iter_mut().zip(r.fds()) {
        *slot = Some(fd);
        nfds += 1;
    }
    // The kernel echoes MSG_CMSG_CLOEXEC, which recvmsg_into adds, in msg_flags; Python
    // does not pass it, so its flags never show it.
    #[cfg(bsdsock_const = "MSG_CMSG_CLOEXEC")]
    let added = crate::consts::MSG_CMSG_CLOEXEC & !flags;
    #[cfg(not(bsdsock_const = "MSG_CMSG_CLOEXEC"))]
    let added = 0;
    let msg_flags = r.flags() & !added;
    Ok(RecvFds { nbytes: r.nbytes(), nfds, flags: msg_flags, address: r.address().copied() })
}

/// Python's `socket.recv_fds(sock, bufsize, maxfds, flags)`: up to `bufsize` bytes and up
/// to `maxfds` descriptors, as `(data, fds, msg_flags, address)`. See [`recv_fds_into`].
///
/// ```
/// use bsdsock::{recv_fds, send_fds, socketpair_default};
/// let (a, b) = socketpair_default()?;
/// let (x, _y) = socketpair_default()?;
/// send_fds(&a, &[b"here"], &[&x], 0)?;
/// let (data, fds, _flags, _addr) = recv_fds(&b, 16, 4, 0)?;
/// assert_eq!((&data[..], fds.len()), (&b"here"[..], 1));
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// As [`recv_fds_into`]; `Error::Os(ENOMEM)` if the buffers cannot be allocated.
#[doc(alias = "SCM_RIGHTS")]
#[doc(alias = "recvmsg")]
#[cfg(feature = "alloc")]
#[allow(clippy::type_complexity)]
pub fn recv_fds(
    sock: &Socket,
    bufsize: usize,
    maxfds: usize,
    flags: i32,
) -> Result<(Vec<u8>, Vec<Fd>, i32, Option<SockAddr>)> {
    let nomem = Error::Os(crate::consts::errno::ENOMEM);
    let mut data = Vec::new();
    data.try_reserve_exact(bufsize).map_err(|_| nomem)?;
    data.resize(bufsize, 0);
    let maxfds = maxfds.min(MAX_FDS);
    let mut slots: [Option<Fd>; MAX_FDS] = [const { None }; MAX_FDS];
    let r = recv_fds_into(sock, &mut data, &mut slots[..maxfds], flags)?;
    data.truncate(r.nbytes);
    let mut fds = Vec::new();
    fds.try_reserve_exact(r.nfds).map_err(|_| nomem)?;
    fds.extend(slots.iter_mut().take(r.nfds).filter_map(Option::take));
    Ok((data, fds, r.flags, r.address))
}
