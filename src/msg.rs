//! Scatter/gather messages with ancillary data — Python 3.3's `sendmsg`, `recvmsg` and
//! `recvmsg_into` — and, on Linux, batched datagrams (`sendmmsg` / `recvmmsg`), as methods
//! of [`Socket`].
//!
//! Allocation-free at the core: buffers are the caller's slices (at most [`MAX_IOV`] = 64
//! per call; the `iovec` array is on the stack — the kernel's own limit, UIO_MAXIOV, is
//! 1024), control messages are built with [`CmsgBuilder`](crate::cmsg::CmsgBuilder) into
//! a caller's buffer and read back with [`CmsgIter`], and the batched calls use fixed stack
//! arrays of [`MMSG_CHUNK`] = 64 headers, addresses and iovecs per system call.
//!
//! # Received descriptors are owned
//!
//! [`Socket::recvmsg_into`] returns a [`RecvMsg`] that borrows the control buffer the
//! kernel filled. Every descriptor an `SCM_RIGHTS` message brought is close-on-exec
//! (`MSG_CMSG_CLOEXEC` is always passed where the target has it; elsewhere FD_CLOEXEC is
//! set right after the call) and *owned* by the `RecvMsg`: take them with
//! [`RecvMsg::take_fd`] / [`RecvMsg::fds`] as [`Fd`] values, and whatever is not taken is
//! closed when the `RecvMsg` is dropped, so a caller that ignores the control data leaks
//! nothing. A taken descriptor's slot in the control buffer reads `-1` afterwards.
//!
//! The same holds for every other control message that installs a descriptor: on Linux
//! 6.5 and later a socket with `SO_PASSPIDFD` set receives an `SCM_PIDFD` message (a pidfd
//! of the sender) with every message; take it with [`RecvMsg::take_pidfd`], or it is closed
//! with the `RecvMsg`. [`RecvMsg::fds`] and `recv_fds` give only `SCM_RIGHTS` descriptors,
//! as Python's `recv_fds` does.
//!
//! # Timeouts
//!
//! Every call runs in the socket's mode through the same machinery as `recv` / `send`
//! ([`crate::timeout`]): MSG_DONTWAIT in non-blocking and timeout mode, waits in poll(2)
//! with the time left, EINTR retried; `sendmmsg` fixes one deadline for the whole call.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use crate::addr::{SockAddr, ToSockAddr};
use crate::cmsg::CmsgIter;
use crate::error::{Error, Result};
use crate::socket::Socket;
use crate::sys;
use crate::sys::net::SockaddrBuf;
use crate::timeout::Dir;
#[cfg(target_os = "linux")]
use crate::timeout::{self, Plan};

pub use crate::sys::fd::Fd;
pub use crate::sys::msg::{MAX_IOV, MMSG_CHUNK};

const _: () = assert!(MAX_IOV == 64, "update TOO_MANY_BUFFERS");

/// The error for more than [`MAX_IOV`] buffers.
pub const TOO_MANY_BUFFERS: Error =
    Error::Value("too many buffers for one message (at most 64 per sendmsg/recvmsg)");

/// Passed to every recvmsg so received descriptors are close-on-exec atomically.
#[cfg(bsdsock_const = "MSG_CMSG_CLOEXEC")]
const RECV_CLOEXEC: i32 = crate::consts::MSG_CMSG_CLOEXEC;
#[cfg(not(bsdsock_const = "MSG_CMSG_CLOEXEC"))]
const RECV_CLOEXEC: i32 = 0;

const INT: usize = core::mem::size_of::<sys::c_int>();

/// MSG_TRUNC where the target has it (a flag that cannot be set where it does not).
#[cfg(bsdsock_const = "MSG_TRUNC")]
const TRUNC: i32 = crate::consts::MSG_TRUNC;
#[cfg(not(bsdsock_const = "MSG_TRUNC"))]
const TRUNC: i32 = 0;
/// MSG_CTRUNC where the target has it.
#[cfg(bsdsock_const = "MSG_CTRUNC")]
const CTRUNC: i32 = crate::consts::MSG_CTRUNC;
#[cfg(not(bsdsock_const = "MSG_CTRUNC"))]
const CTRUNC: i32 = 0;

/// Byte offsets of every descriptor slot of the messages in `buf` that `is_kind` accepts.
fn slots(buf: &[u8], is_kind: fn(i32, i32) -> bool) -> impl Iterator<Item = usize> + '_ {
    let base = buf.as_ptr() as usize;
    CmsgIter::new(buf).filter(move |m| is_kind(m.level, m.kind)).flat_map(move |m| {
        let off = m.data.as_ptr() as usize - base;
        (0..m.data.len() / INT).map(move |i| off + i * INT)
    })
}

/// Byte offsets of every descriptor slot of the `SCM_RIGHTS` messages in `buf`.
fn fd_slots(buf: &[u8]) -> impl Iterator<Item = usize> + '_ {
    slots(buf, is_rights)
}

/// Byte offsets of every descriptor the kernel installed for the messages in `buf`:
/// `SCM_RIGHTS`'s and `SCM_PIDFD`'s (Linux 6.5, with SO_PASSPIDFD on the receiver).
fn owned_slots(buf: &[u8]) -> impl Iterator<Item = usize> + '_ {
    slots(buf, carries_fds)
}

fn is_rights(level: i32, kind: i32) -> bool {
    #[cfg(bsdsock_const = "SCM_RIGHTS")]
    {
        level == crate::consts::SOL_SOCKET && kind == crate::consts::SCM_RIGHTS
    }
    #[cfg(not(bsdsock_const = "SCM_RIGHTS"))]
    {
        let _ = (level, kind);
        false
    }
}

fn is_pidfd(level: i32, kind: i32) -> bool {
    #[cfg(bsdsock_const = "SCM_PIDFD")]
    {
        level == crate::consts::SOL_SOCKET && kind == crate::consts::SCM_PIDFD
    }
    #[cfg(not(bsdsock_const = "SCM_PIDFD"))]
    {
        let _ = (level, kind);
        false
    }
}

/// Whether a control message of this level and type brings descriptors into the process.
fn carries_fds(level: i32, kind: i32) -> bool {
    is_rights(level, kind) || is_pidfd(level, kind)
}

fn read_fd(buf: &[u8], off: usize) -> i32 {
    let mut b = [0u8; INT];
    if let Some(s) = buf.get(off..off + INT) {
        b.copy_from_slice(s);
        i32::from_ne_bytes(b)
    } else {
        -1
    }
}

/// What [`Socket::recvmsg_into`] received besides the data: Python's `(nbytes, ancdata,
/// msg_flags, address)`, with the control bytes left in the caller's buffer and the
/// descriptors they carry owned (see the [module docs](self)).
#[derive(Debug)]
pub struct RecvMsg<'c> {
    nbytes: usize,
    flags: i32,
    address: Option<SockAddr>,
    control: &'c mut [u8],
}

impl<'c> RecvMsg<'c> {
    /// Bytes received into the buffers.
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// a.sendmsg(&[b"hello, ", b"world"], &[], 0)?;
    /// let (mut x, mut y) = ([0u8; 7], [0u8; 16]);
    /// let r = b.recvmsg_into(&mut [&mut x, &mut y], &mut [], 0)?;   // scatter
    /// assert_eq!(r.nbytes(), 12);
    /// drop(r);
    /// assert_eq!((&x, &y[..5]), (b"hello, ", &b"world"[..]));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn nbytes(&self) -> usize {
        self.nbytes
    }

    /// `msg_flags` as the kernel set it (MSG_TRUNC, MSG_CTRUNC, MSG_EOR, …).
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// a.send(b"a datagram longer than the buffer")?;
    /// let mut buf = [0u8; 4];
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut [], 0)?;
    /// assert_ne!(r.flags() & bsdsock::MSG_TRUNC, 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn flags(&self) -> i32 {
        self.flags
    }

    /// MSG_TRUNC: the datagram was longer than the buffers; the rest is lost.
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// a.send(b"a datagram longer than the buffer")?;
    /// let mut buf = [0u8; 4];
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut [], 0)?;
    /// assert!(r.truncated());                    // the rest of the datagram is gone
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "MSG_TRUNC")]
    pub fn truncated(&self) -> bool {
        self.flags & TRUNC != 0
    }

    /// MSG_CTRUNC: control data did not fit the control buffer; the kernel closed the
    /// descriptors that did not fit, and [`cmsgs`](RecvMsg::cmsgs) has what did.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut ctl[..0], 0)?;  // no room for the fd
    /// assert!(r.ctruncated());                    // the kernel closed the descriptor it could not pass
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "MSG_CTRUNC")]
    pub fn ctruncated(&self) -> bool {
        self.flags & CTRUNC != 0
    }

    /// The sender's address; `None` when the kernel gives none (a connected stream, an
    /// unbound unix sender, [B1](crate::conformance#B1)).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_DGRAM};
    ///
    /// let (a, b) = (bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?, bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?);
    /// a.bind(("127.0.0.1", 0))?;
    /// b.bind(("127.0.0.1", 0))?;
    /// b.sendto(b"ping", a.getsockname()?)?;
    /// let mut buf = [0u8; 16];
    /// let r = a.recvmsg_into(&mut [&mut buf], &mut [], 0)?;
    /// assert_eq!(r.address(), Some(&b.getsockname()?));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn address(&self) -> Option<&SockAddr> {
        self.address.as_ref()
    }

    /// The control bytes the kernel filled (`msg_controllen` of them).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// assert!(!r.control().is_empty());           // the raw control bytes (one SCM_RIGHTS message)
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn control(&self) -> &[u8] {
        self.control
    }

    /// The control messages (Python's `ancdata` list of `(level, type, data)`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// let m = r.cmsgs().next().unwrap();
    /// assert_eq!((m.level, m.kind, m.rights().count()), (bsdsock::SOL_SOCKET, bsdsock::SCM_RIGHTS, 1));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn cmsgs(&self) -> CmsgIter<'_> {
        CmsgIter::new(self.control)
    }

    /// `(pid, uid, gid)` of the first `SCM_CREDENTIALS` message (Linux, with SO_PASSCRED on
    /// the receiver).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use bsdsock::{SOL_SOCKET, SO_PASSCRED};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// b.setsockopt(SOL_SOCKET, SO_PASSCRED, 1)?;  // the kernel attaches the sender's credentials
    /// a.send(b"who am I")?;
    /// let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// let (pid, _uid, _gid) = r.credentials().unwrap();
    /// assert_eq!(pid as u32, std::process::id());
    /// # }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "SCM_CREDENTIALS")]
    #[cfg(bsdsock_const = "SCM_CREDENTIALS")]
    pub fn credentials(&self) -> Option<(i32, u32, u32)> {
        self.cmsgs().find_map(|m| m.credentials())
    }

    /// How many received descriptors are still owned here (not yet taken).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// assert_eq!(r.fd_count(), 1);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fd_count(&self) -> usize {
        fd_slots(self.control).filter(|&o| read_fd(self.control, o) >= 0).count()
    }

    /// Take the next received descriptor (in message order). The caller owns it from now
    /// on; its slot in the control bytes reads `-1`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let mut r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// let fd = r.take_fd().unwrap();              // owned and close-on-exec; r no longer closes it
    /// assert!(r.take_fd().is_none());
    /// # drop(fd);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "SCM_RIGHTS")]
    pub fn take_fd(&mut self) -> Option<Fd> {
        let slot = fd_slots(self.control).find(|&o| read_fd(self.control, o) >= 0)?;
        Some(self.take_slot(slot))
    }

    /// Take every received descriptor, in order.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let mut r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// let fds: Vec<bsdsock::Fd> = r.fds().collect();   // every descriptor, owned
    /// assert_eq!(fds.len(), 1);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fds(&mut self) -> impl Iterator<Item = Fd> + '_ {
        core::iter::from_fn(move || self.take_fd())
    }

    /// Take the process descriptor of an `SCM_PIDFD` message: a pidfd of the sending
    /// process, which Linux (6.5 and later) sends with every message to a socket that has
    /// `SO_PASSPIDFD` set. The caller owns it from now on; untaken, it is closed with the
    /// `RecvMsg`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_UNIX, SO_PASSPIDFD, SOCK_DGRAM, SOL_SOCKET, socketpair};
    /// let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
    /// if b.setsockopt(SOL_SOCKET, SO_PASSPIDFD, 1).is_ok() {
    ///     // Linux 6.5 and later: every message brings a pidfd of its sender.
    ///     a.send(b"hi")?;
    ///     let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    ///     let mut r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    ///     let pidfd = r.take_pidfd().expect("the sender's pidfd"); // owned from here
    ///     assert!(r.take_pidfd().is_none());
    ///     drop(pidfd);
    /// }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(bsdsock_const = "SCM_PIDFD")]
    pub fn take_pidfd(&mut self) -> Option<Fd> {
        let slot = slots(self.control, is_pidfd).find(|&o| read_fd(self.control, o) >= 0)?;
        Some(self.take_slot(slot))
    }

    fn take_slot(&mut self, slot: usize) -> Fd {
        let fd = read_fd(self.control, slot);
        self.control[slot..slot + INT].copy_from_slice(&(-1i32).to_ne_bytes());
        sys::msg::adopt_received(fd)
    }

    /// Close every descriptor not taken yet, those of `SCM_RIGHTS` and of `SCM_PIDFD`
    /// messages alike (what dropping does).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    /// # let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// # let mut anc = [0u8; cmsg_space(4)];
    /// # let mut cb = CmsgBuilder::new(&mut anc);
    /// # cb.rights(&[a.fileno()])?;
    /// # let n = cb.len();
    /// # a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    /// # let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    /// let mut r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// r.close_fds();                              // what dropping `r` also does
    /// assert!(r.take_fd().is_none());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn close_fds(&mut self) {
        loop {
            let next = owned_slots(self.control).find(|&o| read_fd(self.control, o) >= 0);
            let Some(slot) = next else { break };
            drop(self.take_slot(slot));
        }
    }
}

impl Drop for RecvMsg<'_> {
    fn drop(&mut self) {
        self.close_fds();
    }
}

/// One datagram's result in [`Socket::recvmmsg`]: its length, `msg_flags` and sender.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecvMeta {
    /// Bytes received into the datagram's buffer.
    pub len: usize,
    /// `msg_flags` (MSG_TRUNC when the datagram did not fit).
    pub flags: i32,
    /// The sender (`None` if the kernel gave no address).
    pub addr: Option<SockAddr>,
}

impl RecvMeta {
    /// An empty entry, to build arrays: `[RecvMeta::EMPTY; 32]`.
    pub const EMPTY: RecvMeta = RecvMeta { len: 0, flags: 0, addr: None };

    /// MSG_TRUNC: the datagram was longer than its buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use bsdsock::RecvMeta;
    ///
    /// let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// a.send(b"longer than four")?;
    /// let mut buf = [0u8; 4];
    /// let mut meta = [RecvMeta::EMPTY; 1];
    /// assert_eq!(b.recvmmsg(&mut [&mut buf], &mut meta, 0)?, 1);
    /// assert!(meta[0].truncated());
    /// # }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn truncated(&self) -> bool {
        self.flags & TRUNC != 0
    }
}

impl Default for RecvMeta {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl Socket {
    /// Send `buffers` as one message with control data `ancdata`: Python 3's
    /// `sendmsg(buffers, ancdata, flags)` on a connected socket. Returns the bytes sent.
    ///
    /// Build `ancdata` with [`CmsgBuilder`](crate::cmsg::CmsgBuilder) (`rights` for
    /// SCM_RIGHTS, `credentials` for SCM_CREDENTIALS); pass `&[]` for none. Allocates
    /// nothing.
    ///
    /// Corresponds to `sendmsg(2)` with MSG_NOSIGNAL added.
    ///
    /// # Errors
    /// [`TOO_MANY_BUFFERS`] for more than [`MAX_IOV`] buffers; otherwise as
    /// [`send_flags`](Socket::send_flags), e.g. `Error::Os(EINVAL)` for malformed control
    /// data, `Error::Os(EPERM)` for credentials the kernel refuses.
    ///
    /// # References
    /// [sendmsg(2)](https://man7.org/linux/man-pages/man2/sendmsg.2.html),
    /// [cmsg(3)](https://man7.org/linux/man-pages/man3/cmsg.3.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// assert_eq!(a.sendmsg(&[b"gather ", b"me"], &[], 0)?, 9);   // no control data
    ///
    /// let mut anc = [0u8; cmsg_space(4)];                 // one descriptor
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.rights(&[a.fileno()])?;
    /// let n = cb.len();
    /// a.sendmsg(&[b"with an fd"], &anc[..n], 0)?;
    /// # let _ = b;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "send_vectored")]
    #[doc(alias = "write_vectored")]
    pub fn sendmsg(&self, buffers: &[&[u8]], ancdata: &[u8], flags: i32) -> Result<usize> {
        self.sendmsg_impl(buffers, ancdata, flags, None)
    }

    /// Python 3's `sendmsg(buffers, ancdata, flags, address)`: [`sendmsg`](Socket::sendmsg)
    /// to `address` (resolved as [`sendto`](Socket::sendto) does).
    ///
    /// # Errors
    /// Address errors; otherwise as [`sendmsg`](Socket::sendmsg).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_DGRAM};
    ///
    /// let rx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// rx.bind(("127.0.0.1", 0))?;
    /// let tx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// assert_eq!(tx.sendmsg_to(&[b"one ", b"datagram"], &[], 0, rx.getsockname()?)?, 12);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "sendmsg")]
    pub fn sendmsg_to<A: ToSockAddr>(
        &self,
        buffers: &[&[u8]],
        ancdata: &[u8],
        flags: i32,
        address: A,
    ) -> Result<usize> {
        let addr = self.encode(address)?;
        self.sendmsg_impl(buffers, ancdata, flags, Some(&addr))
    }

    fn sendmsg_impl(
        &self,
        buffers: &[&[u8]],
        ancdata: &[u8],
        flags: i32,
        addr: Option<&SockaddrBuf>,
    ) -> Result<usize> {
        if buffers.len() > MAX_IOV {
            return Err(TOO_MANY_BUFFERS);
        }
        let fd = self.raw();
        self.io(Dir::Write, flags, |fl| {
            sys::msg::sendmsg_slices(fd, buffers, ancdata, addr, flags | fl)
        })
    }

    /// Receive one message into `buffers` (filled in order) and its control data into
    /// `ancbuf`: Python 3's `recvmsg_into(buffers, ancbufsize, flags)`, with the ancillary
    /// buffer supplied by the caller (size it with [`cmsg_space`](crate::cmsg::cmsg_space)
    /// per expected message). Allocates nothing.
    ///
    /// Corresponds to `recvmsg(2)` with MSG_CMSG_CLOEXEC added (where the target has it).
    /// The result owns the descriptors received (module docs).
    ///
    /// # Errors
    /// [`TOO_MANY_BUFFERS`] for more than [`MAX_IOV`] buffers; otherwise as
    /// [`recv_into_flags`](Socket::recv_into_flags).
    ///
    /// # References
    /// [recvmsg(2)](https://man7.org/linux/man-pages/man2/recvmsg.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// let mut anc = [0u8; cmsg_space(4)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.rights(&[a.fileno()])?;
    /// let n = cb.len();
    /// a.sendmsg(&[b"hello"], &anc[..n], 0)?;
    ///
    /// let (mut buf, mut ctl) = ([0u8; 64], [0u8; 64]);
    /// let mut r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    /// assert_eq!((r.nbytes(), r.truncated(), r.ctruncated()), (5, false, false));
    /// let fd = r.take_fd().unwrap();              // owned, close-on-exec
    /// # drop(fd);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recvmsg")]
    #[doc(alias = "recv_vectored")]
    #[doc(alias = "recv_vectored_with_flags")]
    pub fn recvmsg_into<'c>(
        &self,
        buffers: &mut [&mut [u8]],
        ancbuf: &'c mut [u8],
        flags: i32,
    ) -> Result<RecvMsg<'c>> {
        if buffers.len() > MAX_IOV {
            return Err(TOO_MANY_BUFFERS);
        }
        let fd = self.raw();
        let mut from = SockaddrBuf::new();
        let out = {
            let anc = &mut *ancbuf;
            self.io(Dir::Read, flags, |fl| {
                sys::msg::recvmsg_slices(fd, buffers, anc, &mut from, flags | fl | RECV_CLOEXEC)
            })?
        };
        let control = &mut ancbuf[..out.controllen];
        #[cfg(not(bsdsock_const = "MSG_CMSG_CLOEXEC"))]
        for slot in owned_slots(control) {
            let _ = sys::fd::set_cloexec(read_fd(control, slot));
        }
        Ok(RecvMsg { nbytes: out.nbytes, flags: out.flags, address: self.decode(&from), control })
    }

    /// Python 3's `recvmsg(bufsize, ancbufsize, flags)`: up to `bufsize` bytes in a new
    /// vector (cut to what arrived), the rest as in [`recvmsg_into`](Socket::recvmsg_into).
    /// The `bufsize` bytes are reserved, not filled: only what arrives is written.
    ///
    /// # Errors
    /// As `recvmsg_into`; `Error::Os(ENOMEM)` if the buffer cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0)?;
    /// a.sendmsg(&[b"hello"], &[], 0)?;
    /// let mut ctl = [0u8; 64];
    /// let (data, r) = b.recvmsg(1024, &mut ctl, 0)?;   // Python's recvmsg(bufsize, ancbufsize)
    /// assert_eq!((&data[..], r.fd_count()), (&b"hello"[..], 0));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recv_vectored")]
    #[cfg(feature = "alloc")]
    pub fn recvmsg<'c>(
        &self,
        bufsize: usize,
        ancbuf: &'c mut [u8],
        flags: i32,
    ) -> Result<(Vec<u8>, RecvMsg<'c>)> {
        let mut v = Vec::new();
        v.try_reserve_exact(bufsize).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        let fd = self.raw();
        let mut from = SockaddrBuf::new();
        let out = {
            let anc = &mut *ancbuf;
            self.io(Dir::Read, flags, |fl| {
                sys::msg::recvmsg_spare(
                    fd,
                    &mut v,
                    bufsize,
                    anc,
                    &mut from,
                    flags | fl | RECV_CLOEXEC,
                )
            })?
        };
        let control = &mut ancbuf[..out.controllen];
        #[cfg(not(bsdsock_const = "MSG_CMSG_CLOEXEC"))]
        for slot in owned_slots(control) {
            let _ = sys::fd::set_cloexec(read_fd(control, slot));
        }
        if v.len() < v.capacity() / 2 {
            v.shrink_to_fit();
        }
        let r =
            RecvMsg { nbytes: out.nbytes, flags: out.flags, address: self.decode(&from), control };
        Ok((v, r))
    }

    /// Send many datagrams, `(data, address)` each (`None`: the connected peer), in as few
    /// system calls as [`MMSG_CHUNK`] allows. Returns how many were sent, in order.
    ///
    /// An empty `msgs` returns `Ok(0)` without a system call. If a later system call fails
    /// (or an address does not encode) after some datagrams went out, the count so far is
    /// returned and the error is left for the next call, as sendmmsg(2) itself does. In
    /// timeout mode the timeout caps the whole call. Allocates nothing.
    ///
    /// Corresponds to `sendmmsg(2)` (Linux) with MSG_NOSIGNAL added.
    ///
    /// # Errors
    /// As [`sendto_flags`](Socket::sendto_flags), when nothing was sent.
    ///
    /// # References
    /// [sendmmsg(2)](https://man7.org/linux/man-pages/man2/sendmmsg.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_DGRAM};
    ///
    /// let rx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// rx.bind(("127.0.0.1", 0))?;
    /// let to = rx.getsockname()?;
    /// let tx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// let msgs: [(&[u8], _); 3] = [(b"one", Some(&to)), (b"two", Some(&to)), (b"three", Some(&to))];
    /// assert_eq!(tx.sendmmsg(&msgs, 0)?, 3);      // three datagrams, one system call
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(target_os = "linux")]
    pub fn sendmmsg(&self, msgs: &[(&[u8], Option<&SockAddr>)], flags: i32) -> Result<usize> {
        let fd = self.raw();
        let cell = self.cell();
        let plan = Plan::of(cell.mode()); // one deadline for the whole call
        let mut sent = 0;
        for chunk in msgs.chunks(MMSG_CHUNK) {
            let mut datas: [&[u8]; MMSG_CHUNK] = [&[]; MMSG_CHUNK];
            let mut addrs = [SockaddrBuf::new(); MMSG_CHUNK];
            let mut n = chunk.len();
            let mut bad = None;
            for (i, (d, a)) in chunk.iter().enumerate() {
                datas[i] = d;
                // No let-chain: the crate builds on its declared rust-version (1.85).
                if let Some(Err(e)) = a.as_ref().map(|a| a.encode(&mut addrs[i])) {
                    n = i;
                    bad = Some(e);
                    break;
                }
            }
            let r = if n == 0 {
                Ok(0)
            } else {
                let op = |fl| sys::msg::sendmmsg_slices(fd, &datas[..n], &addrs[..n], flags | fl);
                timeout::run(fd, cell, Dir::Write, flags, plan, op)
            };
            let k = match r {
                Ok(k) => k,
                Err(e) if sent == 0 => return Err(e),
                Err(_) => return Ok(sent),
            };
            sent += k;
            if let Some(e) = bad {
                return if sent == 0 { Err(e) } else { Ok(sent) };
            }
            if k < chunk.len() {
                break;
            }
        }
        Ok(sent)
    }

    /// Receive up to `min(bufs.len(), meta.len())` datagrams, datagram `i` into `bufs[i]`
    /// with its length, flags and sender in `meta[i]`. Returns how many arrived (at least 1
    /// unless an error is returned).
    ///
    /// It waits, as `recv` does in the socket's mode, for the *first* datagram only
    /// (`MSG_WAITFORONE`), then takes whatever else is already queued, [`MMSG_CHUNK`] per
    /// system call, without waiting. With zero buffers or zero `meta` entries it returns
    /// `Ok(0)` at once, without a system call (rather than the kernel's behaviour for
    /// `vlen` 0). Allocates nothing.
    ///
    /// Corresponds to `recvmmsg(2)` (Linux) with MSG_WAITFORONE.
    ///
    /// # Errors
    /// As [`recvfrom_into_flags`](Socket::recvfrom_into_flags), when nothing arrived.
    ///
    /// # References
    /// [recvmmsg(2)](https://man7.org/linux/man-pages/man2/recvmmsg.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, RecvMeta, SOCK_DGRAM};
    ///
    /// let rx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// rx.bind(("127.0.0.1", 0))?;
    /// let tx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// for d in [&b"one"[..], b"two", b"three"] {
    ///     tx.sendto(d, rx.getsockname()?)?;
    /// }
    /// let mut bufs = [[0u8; 64]; 8];
    /// let mut views: Vec<&mut [u8]> = bufs.iter_mut().map(|b| &mut b[..]).collect();
    /// let mut meta = [RecvMeta::EMPTY; 8];
    /// let n = rx.recvmmsg(&mut views, &mut meta, 0)?;   // waits for the first datagram only
    /// assert!(n >= 1);
    /// assert_eq!(&views[0][..meta[0].len], b"one");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(target_os = "linux")]
    pub fn recvmmsg(
        &self,
        bufs: &mut [&mut [u8]],
        meta: &mut [RecvMeta],
        flags: i32,
    ) -> Result<usize> {
        let total = bufs.len().min(meta.len());
        let fd = self.raw();
        let mut got = 0;
        while got < total {
            let n = (total - got).min(MMSG_CHUNK);
            let mut names = [SockaddrBuf::new(); MMSG_CHUNK];
            let mut out = [(0usize, 0i32); MMSG_CHUNK];
            let chunk = &mut bufs[got..got + n];
            let r = if got == 0 {
                let wait = crate::consts::MSG_WAITFORONE;
                self.io(Dir::Read, flags, |fl| {
                    sys::msg::recvmmsg_slices(fd, chunk, &mut names, &mut out, flags | fl | wait)
                })
            } else {
                let fl = flags | crate::consts::MSG_DONTWAIT;
                sys::msg::recvmmsg_slices(fd, chunk, &mut names, &mut out, fl).map_err(Error::from)
            };
            let k = match r {
                Ok(k) => k.min(n),
                Err(e) if got == 0 => return Err(e),
                Err(_) => break,
            };
            for i in 0..k {
                meta[got + i] =
                    RecvMeta { len: out[i].0, flags: out[i].1, addr: self.decode(&names[i]) };
            }
            got += k;
            if k < n {
                break;
            }
        }
        Ok(got)
    }
}
