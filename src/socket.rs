//! The socket object and the functions that make one: Python's `socket.socket`,
//! `socketpair`, `fromfd`, with every method of the reference under Python's name.
//!
//! Each method is one system call where C makes one (see [`crate::timeout`] for what timeout
//! mode adds); the `*_into`, `send*` methods allocate nothing. Python's optional arguments
//! become separate methods: `recv(n)` / `recv_flags(n, flags)`, `sendto(data, addr)` /
//! `sendto_flags(data, flags, addr)`, and so on.
//!
//! Ownership replaces Python's reference counting: [`Socket::close`]
//! consumes the socket and reports close(2)'s error, `Drop` closes silently, so there is no
//! "closed socket" state and no `EBADF` from a closed wrapper ([D12](crate::conformance#D12), [I12](crate::conformance#I12)).
//!
//! Hygiene, on every target: every descriptor is close-on-exec (socket, socketpair, accept,
//! fromfd, dup, makefile; PEP 446), and no send raises SIGPIPE — MSG_NOSIGNAL is passed
//! (SO_NOSIGPIPE where the flag is missing), so writing to a closed peer is
//! `Error::Os(EPIPE)` ([I27](crate::conformance#I27)) and the process lives.
//!
//! `ioctl`: the reference's `socket.ioctl` exists on Windows only (WSAIoctl) and is not
//! provided; on Unix use fcntl/ioctl on [`Socket::fileno`].

#[cfg(feature = "alloc")]
use alloc::sync::Arc;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;
use core::fmt;

use crate::addr::{SockAddr, ToSockAddr, UnixAddr};
use crate::consts::errno::{EALREADY, EINPROGRESS, EINTR, EISCONN, EWOULDBLOCK};
use crate::consts::{AF_UNIX, SO_ERROR, SO_TYPE, SOL_SOCKET};
use crate::error::{Error, Result};
use crate::sys;
use crate::sys::fd::Fd;
use crate::sys::net::SockaddrBuf;
use crate::timeout::{self, Deadline, Dir, Mode, TimeoutCell};

/// A socket: Python's `socket.socket` object (Python's `socket.SocketType`).
///
/// Shareable between threads (`&Socket` does I/O; the timeout is an atomic value). Closed on
/// drop; [`close`](Socket::close) to see close(2)'s error.
pub struct Socket {
    fd: Fd,
    family: i32,
    type_: i32,
    proto: i32,
    /// The mode, while no `makefile` object shares it.
    timeout: TimeoutCell,
    /// The mode shared with `makefile` objects, once one was made (then `timeout` is unused).
    #[cfg(feature = "alloc")]
    shared: sys::once_arc::OnceArc<TimeoutCell>,
}

/// Python's `socket.SocketType`: the type of socket objects.
pub type SocketType = Socket;

/// Python's `socket.has_ipv6`: IPv6 support was compiled in (always, here). It says nothing
/// about whether the running kernel has IPv6 ([I33](crate::conformance#I33)).
#[allow(non_upper_case_globals)]
pub const has_ipv6: bool = true;

/// `type` without SOCK_NONBLOCK / SOCK_CLOEXEC (what Python 3 reports, [I2](crate::conformance#I2)), and whether
/// SOCK_NONBLOCK was in it.
fn split_type(ty: i32) -> (i32, bool) {
    #[allow(unused_mut)]
    let mut flags = 0;
    #[cfg(bsdsock_const = "SOCK_CLOEXEC")]
    {
        flags |= crate::consts::SOCK_CLOEXEC;
    }
    #[cfg(bsdsock_const = "SOCK_NONBLOCK")]
    {
        flags |= crate::consts::SOCK_NONBLOCK;
        (ty & !flags, ty & crate::consts::SOCK_NONBLOCK != 0)
    }
    #[cfg(not(bsdsock_const = "SOCK_NONBLOCK"))]
    {
        (ty & !flags, false)
    }
}

/// Create a socket: Python's `socket.socket(family, type, proto)`.
///
/// Corresponds to `socket(2)` with SOCK_CLOEXEC (close-on-exec, PEP 446). The socket starts
/// in the default mode ([`getdefaulttimeout`](crate::getdefaulttimeout), [C3](crate::conformance#C3)); SOCK_NONBLOCK
/// in `type_` makes it non-blocking (timeout 0.0) and is cleared from
/// [`type_`](Socket::type_), as in Python 3 ([I2](crate::conformance#I2)).
///
/// # Errors
/// The kernel's errno: EAFNOSUPPORT (97) for an unknown family, EINVAL for a bad type ([I1](crate::conformance#I1)).
///
/// # References
/// [socket(2)](https://man7.org/linux/man-pages/man2/socket.2.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/socket.html)
///
/// # Examples
///
/// ```
/// use bsdsock::{AF_INET, SOCK_STREAM};
///
/// let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
/// assert_eq!((s.family(), s.type_()), (AF_INET, SOCK_STREAM));
/// assert_eq!(s.gettimeout(), None);          // blocking, unless setdefaulttimeout says otherwise
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "socket2::Socket::new")]
pub fn socket(family: i32, type_: i32, proto: i32) -> Result<Socket> {
    let (ty, nonblock) = split_type(type_);
    let t = if nonblock { Some(0.0) } else { timeout::getdefaulttimeout() };
    let fd = sys::net::socket_owned(family, with_nonblock(type_, t.is_some()), proto)?;
    if !HAVE_SOCK_NONBLOCK && t.is_some() {
        sys::fd::set_nonblocking(fd.raw(), true)?;
    }
    Ok(Socket::from_parts(fd, family, ty, proto, t))
}

/// Whether socket(2), socketpair(2) and accept4(2) take SOCK_NONBLOCK on this target.
const HAVE_SOCK_NONBLOCK: bool = cfg!(bsdsock_const = "SOCK_NONBLOCK");

/// `ty` with SOCK_NONBLOCK added when `nonblock` (where the target has the flag), so a socket
/// whose mode starts non-blocking or timeout is created O_NONBLOCK without an fcntl.
fn with_nonblock(ty: i32, nonblock: bool) -> i32 {
    #[cfg(bsdsock_const = "SOCK_NONBLOCK")]
    if nonblock {
        return ty | crate::consts::SOCK_NONBLOCK;
    }
    let _ = nonblock;
    ty
}

/// A connected pair of sockets: Python's `socket.socketpair(family, type, proto)`.
///
/// Corresponds to `socketpair(2)` with SOCK_CLOEXEC. Both take the default timeout ([C3](crate::conformance#C3)).
///
/// # Errors
/// The kernel's errno, e.g. EOPNOTSUPP (95) for AF_INET on Linux ([I17](crate::conformance#I17)).
///
/// # References
/// [socketpair(2)](https://man7.org/linux/man-pages/man2/socketpair.2.html)
///
/// # Examples
///
/// ```
/// use bsdsock::{AF_UNIX, SOCK_DGRAM};
///
/// let (a, b) = bsdsock::socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
/// a.send(b"ping")?;
/// let mut buf = [0u8; 16];
/// assert_eq!(b.recv_into(&mut buf, 0)?, 4);  // one datagram
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "pair")]
#[doc(alias = "UnixStream::pair")]
pub fn socketpair(family: i32, type_: i32, proto: i32) -> Result<(Socket, Socket)> {
    let (ty, nonblock) = split_type(type_);
    let t = if nonblock { Some(0.0) } else { timeout::getdefaulttimeout() };
    let [a, b] = sys::net::socketpair_owned(family, with_nonblock(type_, t.is_some()), proto)?;
    if !HAVE_SOCK_NONBLOCK && t.is_some() {
        sys::fd::set_nonblocking(a.raw(), true)?;
        sys::fd::set_nonblocking(b.raw(), true)?;
    }
    Ok((Socket::from_parts(a, family, ty, proto, t), Socket::from_parts(b, family, ty, proto, t)))
}

/// Python's `socket.socketpair()` with its defaults: AF_UNIX, SOCK_STREAM, protocol 0.
///
/// # Errors
/// As [`socketpair`].
///
/// # Examples
///
/// ```
/// let (a, b) = bsdsock::socketpair_default()?;  // AF_UNIX, SOCK_STREAM
/// a.sendall(b"hello")?;
/// let mut buf = [0u8; 5];
/// assert_eq!(b.recv_into(&mut buf, 0)?, 5);
/// assert_eq!(&buf, b"hello");
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn socketpair_default() -> Result<(Socket, Socket)> {
    socketpair(AF_UNIX, crate::consts::SOCK_STREAM, 0)
}

/// A socket on a duplicate of descriptor `fd`: Python's `socket.fromfd(fd, family, type,
/// proto)`. `fd` itself stays open and is not owned by the result.
///
/// Corresponds to `fcntl(fd, F_DUPFD_CLOEXEC, 0)` (close-on-exec) after a
/// `getsockopt(SO_TYPE)` that checks `fd` is a socket, so a descriptor that is not one fails
/// at once. The family, type and protocol are taken as given (as in Python 2.7). The new
/// socket takes the default timeout ([C3](crate::conformance#C3), [I16](crate::conformance#I16)), and the shared descriptor's O_NONBLOCK is set
/// to match it — also when the default is `None`, where CPython leaves the flag as it finds
/// it (see [`crate::timeout`]).
///
/// # Errors
/// `Error::Os(ENOTSOCK)` if `fd` is not a socket, `Error::Os(EBADF)` if it is not open.
///
/// # References
/// [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html),
/// [getsockopt(2)](https://man7.org/linux/man-pages/man2/getsockopt.2.html)
///
/// # Examples
///
/// ```
/// use bsdsock::{AF_INET, SOCK_DGRAM};
///
/// let s = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
/// let t = bsdsock::fromfd(s.fileno(), AF_INET, SOCK_DGRAM, 0)?;  // a dup: its own descriptor
/// assert_ne!(t.fileno(), s.fileno());
/// t.bind(("127.0.0.1", 0))?;                      // one socket, two descriptors
/// assert_eq!(s.getsockname()?, t.getsockname()?);
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "from_raw_fd")]
#[doc(alias = "FromRawFd")]
pub fn fromfd(fd: i32, family: i32, type_: i32, proto: i32) -> Result<Socket> {
    int_opt(fd, SOL_SOCKET, SO_TYPE)?;
    let new = sys::fd::dup_owned(fd)?;
    let (ty, _) = split_type(type_);
    let t = timeout::getdefaulttimeout();
    sys::fd::set_nonblocking(new.raw(), t.is_some())?;
    Ok(Socket::from_parts(new, family, ty, proto, t))
}

impl Socket {
    /// A socket on `fd` whose descriptor state already matches the timeout `t`.
    fn from_parts(fd: Fd, family: i32, type_: i32, proto: i32, t: Option<f64>) -> Socket {
        Socket {
            fd,
            family,
            type_,
            proto,
            timeout: TimeoutCell::new(t),
            #[cfg(feature = "alloc")]
            shared: sys::once_arc::OnceArc::new(),
        }
    }

    #[inline]
    pub(crate) fn raw(&self) -> i32 {
        self.fd.raw()
    }

    /// The cell that holds this socket's mode: its own, or the one it shares with its
    /// `makefile` objects.
    #[inline]
    pub(crate) fn cell(&self) -> &TimeoutCell {
        #[cfg(feature = "alloc")]
        if let Some(c) = self.shared.get() {
            return c;
        }
        &self.timeout
    }

    #[inline]
    pub(crate) fn mode(&self) -> Mode {
        self.cell().mode()
    }

    /// Run a flag-taking call (`op(extra_flags)`) in the socket's mode; `flags` are the
    /// caller's (see [`timeout::call`]).
    #[inline(always)]
    pub(crate) fn io<T>(
        &self,
        dir: Dir,
        flags: i32,
        op: impl FnMut(i32) -> core::result::Result<T, sys::errno::Errno>,
    ) -> Result<T> {
        timeout::call(self.raw(), self.cell(), dir, flags, op)
    }

    pub(crate) fn encode<A: ToSockAddr>(&self, address: A) -> Result<SockaddrBuf> {
        let sa = address.to_sockaddr(self.family)?;
        let mut buf = SockaddrBuf::new();
        sa.encode(&mut buf)?;
        Ok(buf)
    }

    /// An address the kernel returned for this socket ([B1](crate::conformance#B1): no bytes → `None`), completed
    /// as Python's makesockaddr does (interface names, the AF_CAN tuple for the protocol).
    pub(crate) fn decode(&self, buf: &SockaddrBuf) -> Option<SockAddr> {
        let mut a = SockAddr::decode(buf.bytes());
        crate::interfaces::complete(&mut a, self.raw(), self.proto);
        a
    }

    /// An address that must be there (getsockname, getpeername, accept): an AF_UNIX socket
    /// with no address bytes is unnamed (Python's `''`).
    fn decode_required(&self, buf: &SockaddrBuf) -> Result<SockAddr> {
        match self.decode(buf) {
            Some(a) => Ok(a),
            None if self.family == AF_UNIX => Ok(SockAddr::Unix(UnixAddr::unnamed())),
            // AF_ALG operation sockets have no name (Python's accept gives None).
            None if crate::addr::sockaddr::is_alg(self.family) => {
                SockAddr::from_raw(self.family, &[])
            }
            None => Err(Error::Socket("unsupported address family")),
        }
    }

    /// Accept a connection: Python's `accept()`, returning `(conn, address)`.
    ///
    /// Corresponds to `accept4(2)` with SOCK_CLOEXEC (`accept(2)` + fcntl on macOS). The new
    /// socket has the listener's family, type and protocol and takes the *default* timeout,
    /// not the listener's ([C3](crate::conformance#C3), [C4](crate::conformance#C4)): from a non-blocking listener you get a blocking
    /// connection. Its descriptor is created O_NONBLOCK exactly when that default is not
    /// `None` (SOCK_NONBLOCK), so no fcntl follows. accept(2) has no per-call "do not wait"
    /// flag: in timeout and non-blocking mode it polls first ([`crate::timeout`]).
    ///
    /// On an AF_ALG socket the call asks for no address (the kernel has none for the
    /// operation socket it makes, where Python returns `None`), and the address returned is
    /// an empty [`SockAddr::Unknown`] of family AF_ALG.
    ///
    /// # Errors
    /// `Error::Os(EINVAL)` on a socket that is not listening ([I31](crate::conformance#I31)); EAGAIN in non-blocking
    /// mode with no connection waiting; [`Error::Timeout`] in timeout mode.
    ///
    /// # References
    /// [accept(2)](https://man7.org/linux/man-pages/man2/accept.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_STREAM};
    ///
    /// let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// listener.bind(("127.0.0.1", 0))?;
    /// listener.listen(1)?;
    /// let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// client.connect(listener.getsockname()?)?;
    ///
    /// let (conn, peer) = listener.accept()?;
    /// assert_eq!(peer, client.getsockname()?);
    /// assert_eq!(conn.getpeername()?, peer);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "accept4")]
    #[doc(alias = "TcpListener::accept")]
    pub fn accept(&self) -> Result<(Socket, SockAddr)> {
        let mut peer = SockaddrBuf::new();
        let t = timeout::getdefaulttimeout();
        let fd = timeout::call_noflags(self.raw(), self.cell(), Dir::Read, || {
            crate::socket3::accept_fd(&self.fd, self.family, &mut peer, t.is_some())
        })?;
        let conn = Socket::from_parts(fd, self.family, self.type_, self.proto, t);
        let addr = conn.decode_required(&peer)?;
        Ok((conn, addr))
    }

    /// Accept a connection without asking for the peer's address: `accept()` minus the
    /// address, for servers that never look at it.
    ///
    /// Corresponds to `accept4(fd, NULL, NULL, SOCK_CLOEXEC)` (`accept(2)` + fcntl on
    /// macOS). Everything else is as in [`accept`](Socket::accept): the new socket has the
    /// listener's family, type and protocol and takes the default timeout; the listener's
    /// mode decides how the call waits. No address is decoded, so a program that only calls
    /// this one carries none of the address decoders.
    ///
    /// # Errors
    /// As [`accept`](Socket::accept).
    ///
    /// # Example
    /// ```
    /// use bsdsock::{AF_INET, SOCK_STREAM, socket};
    /// let listener = socket(AF_INET, SOCK_STREAM, 0)?;
    /// listener.bind(("127.0.0.1", 0))?;
    /// listener.listen(1)?;
    /// let client = socket(AF_INET, SOCK_STREAM, 0)?;
    /// client.connect(listener.getsockname()?)?;
    /// let conn = listener.accept_conn()?;
    /// client.sendall(b"hi")?;
    /// let mut buf = [0u8; 2];
    /// assert_eq!(conn.recv_into(&mut buf, 0)?, 2);
    /// assert_eq!(&buf, b"hi");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    ///
    /// # References
    /// [accept(2)](https://man7.org/linux/man-pages/man2/accept.2.html)
    #[doc(alias = "accept4")]
    pub fn accept_conn(&self) -> Result<Socket> {
        let t = timeout::getdefaulttimeout();
        let fd = timeout::call_noflags(self.raw(), self.cell(), Dir::Read, || {
            sys::net::accept_owned(&self.fd, None, t.is_some())
        })?;
        Ok(Socket::from_parts(fd, self.family, self.type_, self.proto, t))
    }

    /// Bind to `address`: Python's `bind(address)`.
    ///
    /// Corresponds to `bind(2)`. The address is resolved against the socket's family
    /// ([`ToSockAddr`]).
    ///
    /// # Errors
    /// Address errors from [`ToSockAddr`]; the kernel's errno, e.g. EADDRINUSE (98).
    ///
    /// # References
    /// [bind(2)](https://man7.org/linux/man-pages/man2/bind.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_DGRAM};
    ///
    /// let s = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// s.bind(("127.0.0.1", 0))?;                   // port 0: the kernel picks one
    /// let addr = s.getsockname()?.as_socket_addr().unwrap();
    /// assert!(addr.ip().is_loopback() && addr.port() != 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "TcpListener::bind")]
    pub fn bind<A: ToSockAddr>(&self, address: A) -> Result<()> {
        let buf = self.encode(address)?;
        sys::net::bind_addr(self.raw(), &buf)?;
        Ok(())
    }

    /// Close the socket and report close(2)'s error: Python's `close()`.
    ///
    /// Consumes the socket, so no call can follow ([D12](crate::conformance#D12)). Dropping a socket closes it too,
    /// ignoring the error. The descriptor is released even when an error is returned; EINTR
    /// is not retried (the descriptor may already be reused).
    ///
    /// # References
    /// [close(2)](https://man7.org/linux/man-pages/man2/close.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// s.close()?;            // close(2)'s error, if any; `s` is gone, so no use after close
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn close(self) -> Result<()> {
        self.fd.close().map_err(Error::from)
    }

    /// Connect to `address`: Python's `connect(address)`.
    ///
    /// Corresponds to `connect(2)`. Blocking mode: a blocking call; if a signal interrupts
    /// it, it is repeated, which waits for the connection already under way (3.x, [C26](crate::conformance#C26)).
    /// Non-blocking: `Error::Os(EINPROGRESS)` while connecting ([C19](crate::conformance#C19)). Timeout mode: an
    /// immediate failure such as ECONNREFUSED is returned as is ([C16](crate::conformance#C16)); otherwise it waits
    /// for the connection with the time left, and expiry is [`Error::Timeout`] ([C17](crate::conformance#C17)); an AF_UNIX
    /// listener whose backlog is full is Python's immediate `Error::Os(EAGAIN)`.
    ///
    /// Success is reported only for a connected socket: after a wait or an interruption,
    /// SO_ERROR gives a failure, and a repeated connect(2) confirms the connection (EISCONN;
    /// [C18](crate::conformance#C18)). connect(2) has no per-call "do not wait" flag, so in non-blocking and timeout
    /// mode the descriptor's O_NONBLOCK is checked first and set again if another holder
    /// cleared it ([`crate::timeout`]).
    ///
    /// # Errors
    /// Address errors; the kernel's errno, e.g. ECONNREFUSED (111); [`Error::Timeout`].
    ///
    /// # References
    /// [connect(2)](https://man7.org/linux/man-pages/man2/connect.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    ///
    /// let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// client.settimeout(Some(5.0))?;
    /// client.connect(listener.getsockname()?)?;    // any ToSockAddr: ("127.0.0.1", port), SocketAddr…
    /// assert_eq!(client.getpeername()?, listener.getsockname()?);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "TcpStream::connect")]
    pub fn connect<A: ToSockAddr>(&self, address: A) -> Result<()> {
        let buf = self.encode(address)?;
        match self.connect_raw(&buf, true)? {
            0 => Ok(()),
            e => Err(Error::Os(e)),
        }
    }

    /// Like [`connect`](Socket::connect), but the kernel's error comes back as a number: 0 on
    /// success, else the errno — 111 refused, 115 (EINPROGRESS) non-blocking, EWOULDBLOCK
    /// (11) on timeout ([C17](crate::conformance#C17), [I32](crate::conformance#I32)). Python's `connect_ex(address)`.
    ///
    /// # Errors
    /// Only what is not an errno of connect(2): address and lookup errors stay errors ([I32](crate::conformance#I32)).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_STREAM};
    /// use bsdsock::errno::ECONNREFUSED;
    ///
    /// // A loopback port nobody listens on.
    /// let probe = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// probe.bind(("127.0.0.1", 0))?;
    /// let addr = probe.getsockname()?;
    ///
    /// let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// assert_eq!(s.connect_ex(addr)?, ECONNREFUSED);   // the errno, not an Err
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "connect")]
    pub fn connect_ex<A: ToSockAddr>(&self, address: A) -> Result<i32> {
        let buf = self.encode(address)?;
        self.connect_ex_raw(&buf, true)
    }

    /// connect_ex on an encoded address; `check_flag`: re-assert O_NONBLOCK first in
    /// non-blocking and timeout mode (not needed on a socket just created non-blocking).
    pub(crate) fn connect_ex_raw(&self, addr: &SockaddrBuf, check_flag: bool) -> Result<i32> {
        match self.connect_raw(addr, check_flag) {
            Ok(e) => Ok(e),
            Err(Error::Timeout) => Ok(EWOULDBLOCK),
            Err(Error::Os(e)) => Ok(e),
            Err(e) => Err(e),
        }
    }

    /// connect(2) in the socket's mode; Ok(errno or 0), Err for timeouts and wait failures.
    fn connect_raw(&self, addr: &SockaddrBuf, check_flag: bool) -> Result<i32> {
        let fd = self.raw();
        let connect = || errno_of(sys::net::connect_addr(fd, addr));
        let deadline = match self.mode() {
            Mode::Blocking => None,
            Mode::NonBlocking => {
                if check_flag {
                    sys::fd::set_nonblocking(fd, true)?;
                }
                // Python 3 returns even EINTR as is here (C26).
                return Ok(connect());
            }
            Mode::Timeout(ns) => {
                let d = Deadline::after(ns);
                if check_flag {
                    sys::fd::set_nonblocking(fd, true)?;
                }
                Some(d)
            }
        };
        // `started`: our connect is under way, so EISCONN means it succeeded and EALREADY
        // that it is still going on (before that, both are errors of this call).
        let mut started = false;
        loop {
            match connect() {
                0 => return Ok(0),
                EISCONN if started => return Ok(0),
                // Blocking mode: repeat the call. It waits for a TCP connection under way
                // (Linux) or reports EALREADY (BSD); an AF_UNIX connect starts again.
                EINTR if deadline.is_none() => {
                    timeout::note_interrupted();
                    started = true;
                }
                e if e == EINPROGRESS || e == EINTR || (started && e == EALREADY) => {
                    if e == EINTR {
                        timeout::note_interrupted();
                    }
                    started = true;
                    timeout::wait(fd, Dir::Write, deadline)?;
                    match self.so_error()? {
                        0 | EISCONN => {} // confirm with connect(2) again
                        e => return Ok(e),
                    }
                }
                e => return Ok(e),
            }
        }
    }

    /// getsockopt(SO_ERROR): the result of a connection attempt (and clears it).
    pub(crate) fn so_error(&self) -> Result<i32> {
        int_opt(self.raw(), SOL_SOCKET, SO_ERROR)
    }

    /// The descriptor number: Python's `fileno()`. The socket still owns it.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_DGRAM, 0)?;
    /// assert!(s.fileno() >= 0);   // borrowed: the Socket still owns and closes it
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "as_raw_fd")]
    #[doc(alias = "AsRawFd")]
    pub fn fileno(&self) -> i32 {
        self.raw()
    }

    /// The peer's address: Python's `getpeername()`.
    ///
    /// Corresponds to `getpeername(2)`.
    ///
    /// # Errors
    /// `Error::Os(ENOTCONN)` (107) on an unconnected socket.
    ///
    /// # References
    /// [getpeername(2)](https://man7.org/linux/man-pages/man2/getpeername.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// assert_eq!(client.getpeername()?, listener.getsockname()?);
    /// assert_eq!(server.getpeername()?, client.getsockname()?);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "peer_addr")]
    pub fn getpeername(&self) -> Result<SockAddr> {
        let mut buf = SockaddrBuf::new();
        sys::net::peername(self.raw(), &mut buf)?;
        self.decode_required(&buf)
    }

    /// The socket's own address: Python's `getsockname()`.
    ///
    /// Corresponds to `getsockname(2)`.
    ///
    /// # References
    /// [getsockname(2)](https://man7.org/linux/man-pages/man2/getsockname.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_STREAM};
    ///
    /// let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// assert_eq!(s.getsockname()?.to_string(), "('0.0.0.0', 0)");  // Python's repr
    /// s.bind(("127.0.0.1", 0))?;
    /// assert!(s.getsockname()?.to_string().starts_with("('127.0.0.1', "));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "local_addr")]
    pub fn getsockname(&self) -> Result<SockAddr> {
        let mut buf = SockaddrBuf::new();
        sys::net::sockname(self.raw(), &mut buf)?;
        self.decode_required(&buf)
    }

    /// An integer option: Python's `getsockopt(level, optname)` ([I6](crate::conformance#I6)).
    ///
    /// Corresponds to `getsockopt(2)` with an `int` buffer.
    ///
    /// # Errors
    /// The kernel's errno, e.g. ENOPROTOOPT (92) for an unknown option ([I7](crate::conformance#I7)).
    ///
    /// # References
    /// [getsockopt(2)](https://man7.org/linux/man-pages/man2/getsockopt.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, SO_TYPE};
    ///
    /// let s = bsdsock::socket(bsdsock::AF_INET, SOCK_STREAM, 0)?;
    /// assert_eq!(s.getsockopt(SOL_SOCKET, SO_TYPE)?, SOCK_STREAM);
    /// s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    /// assert_ne!(s.getsockopt(SOL_SOCKET, SO_REUSEADDR)?, 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn getsockopt(&self, level: i32, optname: i32) -> Result<i32> {
        int_opt(self.raw(), level, optname)
    }

    /// An option's raw bytes into `buf`: Python's `getsockopt(level, optname, buflen)` with
    /// `buflen = buf.len()`. Returns how many bytes the kernel wrote ([I6](crate::conformance#I6)). Allocates nothing.
    ///
    /// Corresponds to `getsockopt(2)`.
    ///
    /// # Errors
    /// `Error::Socket("getsockopt buflen out of range")` unless `1 <= buf.len() <= 1024`
    /// (Python treats buflen 0 as the integer form; here that is [`getsockopt`]); the
    /// kernel's errno.
    ///
    /// [`getsockopt`]: Socket::getsockopt
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{SOL_SOCKET, SO_LINGER, sockopt};
    ///
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// s.setsockopt_bytes(SOL_SOCKET, SO_LINGER, &sockopt::linger(true, 5))?;
    /// let mut buf = [0u8; 16];
    /// let n = s.getsockopt_into(SOL_SOCKET, SO_LINGER, &mut buf)?;
    /// assert_eq!(sockopt::decode_linger(&buf[..n]), Some((1, 5)));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "getsockopt")]
    pub fn getsockopt_into(&self, level: i32, optname: i32, buf: &mut [u8]) -> Result<usize> {
        if buf.is_empty() || buf.len() > 1024 {
            return Err(Error::Socket("getsockopt buflen out of range"));
        }
        Ok(sys::net::getsockopt_buf(self.raw(), level, optname, buf)?)
    }

    /// An option's raw bytes, cut to the length the kernel reports: Python's
    /// `getsockopt(level, optname, buflen)` ([I6](crate::conformance#I6)).
    ///
    /// # Errors
    /// As [`getsockopt_into`](Socket::getsockopt_into).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{SOL_SOCKET, SO_LINGER, sockopt};
    ///
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// let bytes = s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 16)?;  // Python's getsockopt(l, o, buflen)
    /// assert_eq!(sockopt::decode_linger(&bytes), Some((0, 0)));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "getsockopt")]
    #[cfg(feature = "alloc")]
    pub fn getsockopt_bytes(&self, level: i32, optname: i32, buflen: usize) -> Result<Vec<u8>> {
        if buflen == 0 || buflen > 1024 {
            return Err(Error::Socket("getsockopt buflen out of range"));
        }
        let mut v = alloc::vec![0u8; buflen];
        let n = self.getsockopt_into(level, optname, &mut v)?;
        v.truncate(n);
        Ok(v)
    }

    /// Listen for connections: Python's `listen(backlog)`. A negative backlog is raised to 0
    /// ([I10](crate::conformance#I10)).
    ///
    /// Corresponds to `listen(2)`.
    ///
    /// # References
    /// [listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_STREAM};
    ///
    /// let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// s.bind(("127.0.0.1", 0))?;
    /// s.listen(128)?;
    /// let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// c.connect(s.getsockname()?)?;   // queued in the backlog until accepted
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn listen(&self, backlog: i32) -> Result<()> {
        Ok(sys::net::listen_fd(self.raw(), backlog.max(0))?)
    }

    /// Receive up to `bufsize` bytes: Python's `recv(bufsize)`. An empty result means the
    /// peer closed ([I19](crate::conformance#I19)).
    ///
    /// # Errors
    /// As [`recv_into_flags`](Socket::recv_into_flags); `Error::Os(ENOMEM)` if the buffer
    /// cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// client.sendall(b"hello")?;
    /// assert_eq!(server.recv(1024)?, b"hello");   // at most 1024 bytes, what has arrived
    /// client.shutdown(bsdsock::SHUT_WR)?;
    /// assert_eq!(server.recv(1024)?, b"");        // empty: the peer closed its side
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "read")]
    #[cfg(feature = "alloc")]
    pub fn recv(&self, bufsize: usize) -> Result<Vec<u8>> {
        self.recv_flags(bufsize, 0)
    }

    /// Python's `recv(bufsize, flags)`. Reserves `bufsize` bytes, receives into them, and
    /// returns what arrived (shrunk if that is less than half, [I20](crate::conformance#I20)). The reserved space is
    /// neither zero-filled nor otherwise touched, so asking for 2 GiB when 5 bytes are waiting
    /// costs the 5 bytes (the allocator still has to grant the reservation: ENOMEM if it
    /// cannot). `bufsize` 0 returns an empty vector at once without a system call (3.x, [I19](crate::conformance#I19)).
    ///
    /// # Errors
    /// As [`recv`](Socket::recv).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// client.sendall(b"hello")?;
    /// assert_eq!(server.recv_flags(5, bsdsock::MSG_PEEK)?, b"hello");  // still queued
    /// assert_eq!(server.recv(5)?, b"hello");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recv")]
    #[doc(alias = "peek")]
    #[doc(alias = "MSG_PEEK")]
    #[cfg(feature = "alloc")]
    pub fn recv_flags(&self, bufsize: usize, flags: i32) -> Result<Vec<u8>> {
        let mut v = alloc_buf(bufsize)?;
        if bufsize > 0 {
            self.recv_append(&mut v, bufsize, flags)?;
        }
        finish_buf(&mut v);
        Ok(v)
    }

    /// Receive up to `max` bytes at the end of `v` (reserving them, not filling them); the
    /// count received. The file object's reads go through here.
    #[cfg(feature = "alloc")]
    pub(crate) fn recv_append(&self, v: &mut Vec<u8>, max: usize, flags: i32) -> Result<usize> {
        v.try_reserve(max).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        let fd = self.raw();
        self.io(Dir::Read, flags, |fl| sys::net::recv_spare(fd, v, max, flags | fl))
    }

    /// Receive into `buf`: Python's `recv_into(buffer, nbytes)`. `nbytes` 0 means
    /// `buf.len()` ([I21](crate::conformance#I21)). Returns the count received. Allocates nothing.
    ///
    /// # Errors
    /// As [`recv_into_flags`](Socket::recv_into_flags).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// client.sendall(b"hello, world")?;
    /// let mut buf = [0u8; 64];
    /// let n = server.recv_into(&mut buf, 5)?;      // nbytes 0 means the whole buffer
    /// assert_eq!(&buf[..n], b"hello");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recv")]
    #[doc(alias = "read")]
    #[inline]
    pub fn recv_into(&self, buf: &mut [u8], nbytes: usize) -> Result<usize> {
        self.recv_into_flags(buf, nbytes, 0)
    }

    /// Python's `recv_into(buffer, nbytes, flags)`.
    ///
    /// Corresponds to `recv(2)`: one call in blocking and non-blocking mode and, in timeout
    /// mode, one call when data is waiting ([`crate::timeout`]). Receiving 0 bytes returns 0
    /// at once without a system call (3.x, [I19](crate::conformance#I19)). In timeout mode MSG_WAITALL returns what
    /// has arrived when more would mean waiting, as on CPython's O_NONBLOCK descriptor.
    ///
    /// # Errors
    /// `Error::Value("buffer too small for requested bytes")` if `nbytes > buf.len()`
    /// ([I22](crate::conformance#I22)); `Error::Os(EAGAIN)` in non-blocking mode with nothing to read;
    /// [`Error::Timeout`]; the kernel's errno.
    ///
    /// # References
    /// [recv(2)](https://man7.org/linux/man-pages/man2/recv.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// client.sendall(b"hello")?;
    /// let mut buf = [0u8; 8];
    /// let n = server.recv_into_flags(&mut buf, 0, bsdsock::MSG_PEEK)?;
    /// assert_eq!(&buf[..n], b"hello");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recv")]
    #[doc(alias = "peek")]
    #[doc(alias = "MSG_PEEK")]
    #[inline]
    pub fn recv_into_flags(&self, buf: &mut [u8], nbytes: usize, flags: i32) -> Result<usize> {
        let n = match nbytes {
            0 => buf.len(),
            n if n > buf.len() => {
                return Err(Error::Value("buffer too small for requested bytes"));
            }
            n => n,
        };
        if n == 0 {
            return Ok(0);
        }
        let buf = &mut buf[..n];
        let fd = self.raw();
        self.io(Dir::Read, flags, |fl| sys::net::recv_buf(fd, buf, flags | fl))
    }

    /// Receive a message and its sender: Python's `recvfrom(bufsize)`. The address is `None`
    /// when the kernel gives none (a connected TCP socket, an unbound unix sender; [B1](crate::conformance#B1)).
    ///
    /// # Errors
    /// As [`recvfrom_into_flags`](Socket::recvfrom_into_flags).
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
    /// let (data, from) = a.recvfrom(1500)?;
    /// assert_eq!((&data[..], from), (&b"ping"[..], Some(b.getsockname()?)));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recv_from")]
    #[cfg(feature = "alloc")]
    pub fn recvfrom(&self, bufsize: usize) -> Result<(Vec<u8>, Option<SockAddr>)> {
        self.recvfrom_flags(bufsize, 0)
    }

    /// Python's `recvfrom(bufsize, flags)`. Unlike `recv`, a `bufsize` of 0 still makes the
    /// call (it consumes a datagram and reports its sender).
    ///
    /// # Errors
    /// As [`recvfrom_into_flags`](Socket::recvfrom_into_flags).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, MSG_PEEK, SOCK_DGRAM};
    ///
    /// let (a, b) = (bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?, bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?);
    /// a.bind(("127.0.0.1", 0))?;
    /// b.sendto(b"ping", a.getsockname()?)?;
    /// let (data, _from) = a.recvfrom_flags(1500, MSG_PEEK)?;   // the datagram stays queued
    /// assert_eq!(data, b"ping");
    /// assert_eq!(a.recvfrom(1500)?.0, b"ping");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recvfrom")]
    #[doc(alias = "recv_from")]
    #[doc(alias = "peek_from")]
    #[cfg(feature = "alloc")]
    pub fn recvfrom_flags(
        &self,
        bufsize: usize,
        flags: i32,
    ) -> Result<(Vec<u8>, Option<SockAddr>)> {
        let mut v = alloc_buf(bufsize)?;
        let fd = self.raw();
        let mut from = SockaddrBuf::new();
        self.io(Dir::Read, flags, |fl| {
            sys::net::recvfrom_spare(fd, &mut v, bufsize, flags | fl, &mut from)
        })?;
        finish_buf(&mut v);
        Ok((v, self.decode(&from)))
    }

    /// Receive into `buf` and report the sender: Python's `recvfrom_into(buffer, nbytes)`
    /// (`nbytes` 0 means `buf.len()`). Allocates nothing.
    ///
    /// # Errors
    /// As [`recvfrom_into_flags`](Socket::recvfrom_into_flags).
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
    /// let mut buf = [0u8; 1500];
    /// let (n, from) = a.recvfrom_into(&mut buf, 0)?;   // no allocation
    /// assert_eq!((&buf[..n], from), (&b"ping"[..], Some(b.getsockname()?)));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recvfrom")]
    #[doc(alias = "recv_from")]
    pub fn recvfrom_into(
        &self,
        buf: &mut [u8],
        nbytes: usize,
    ) -> Result<(usize, Option<SockAddr>)> {
        self.recvfrom_into_flags(buf, nbytes, 0)
    }

    /// Python's `recvfrom_into(buffer, nbytes, flags)`.
    ///
    /// Corresponds to `recvfrom(2)`.
    ///
    /// # Errors
    /// `Error::Value("nbytes is greater than the length of the buffer")` if
    /// `nbytes > buf.len()` ([I23](crate::conformance#I23)); otherwise as [`recv_into_flags`](Socket::recv_into_flags).
    ///
    /// # References
    /// [recvfrom(2)](https://man7.org/linux/man-pages/man2/recvfrom.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, MSG_PEEK, SOCK_DGRAM};
    ///
    /// let (a, b) = (bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?, bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?);
    /// a.bind(("127.0.0.1", 0))?;
    /// b.sendto(b"ping", a.getsockname()?)?;
    /// let mut buf = [0u8; 1500];
    /// let (n, _from) = a.recvfrom_into_flags(&mut buf, 0, MSG_PEEK)?;
    /// assert_eq!(&buf[..n], b"ping");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "recvfrom")]
    #[doc(alias = "recv_from")]
    #[doc(alias = "peek_from")]
    pub fn recvfrom_into_flags(
        &self,
        buf: &mut [u8],
        nbytes: usize,
        flags: i32,
    ) -> Result<(usize, Option<SockAddr>)> {
        let n = match nbytes {
            0 => buf.len(),
            n if n > buf.len() => {
                return Err(Error::Value("nbytes is greater than the length of the buffer"));
            }
            n => n,
        };
        let buf = &mut buf[..n];
        let fd = self.raw();
        let mut from = SockaddrBuf::new();
        let got =
            self.io(Dir::Read, flags, |fl| sys::net::recvfrom_buf(fd, buf, flags | fl, &mut from))?;
        Ok((got, self.decode(&from)))
    }

    /// Send `data`, perhaps only part of it: Python's `send(data)`. Returns the count sent
    /// ([I25](crate::conformance#I25)). Allocates nothing.
    ///
    /// # Errors
    /// As [`send_flags`](Socket::send_flags).
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let n = a.send(b"hello")?;                   // may send less than asked: see sendall
    /// let mut buf = [0u8; 8];
    /// assert_eq!(b.recv_into(&mut buf, 0)?, n);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "write")]
    #[inline]
    pub fn send(&self, data: &[u8]) -> Result<usize> {
        self.send_flags(data, 0)
    }

    /// Python's `send(data, flags)`.
    ///
    /// Corresponds to `send(2)` with MSG_NOSIGNAL added (no SIGPIPE). In timeout mode it
    /// sends what fits now (MSG_DONTWAIT) and waits only when nothing does.
    ///
    /// # Errors
    /// `Error::Os(EPIPE)` after the peer closed ([I27](crate::conformance#I27)); EAGAIN in non-blocking mode;
    /// [`Error::Timeout`]; the kernel's errno.
    ///
    /// # References
    /// [send(2)](https://man7.org/linux/man-pages/man2/send.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{EAGAIN, Error, MSG_DONTWAIT};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// assert_eq!(a.send_flags(b"x", MSG_DONTWAIT)?, 1);
    /// // Fill the buffer: a non-blocking send then fails with EAGAIN instead of waiting.
    /// let chunk = [0u8; 65536];
    /// let err = loop {
    ///     match a.send_flags(&chunk, MSG_DONTWAIT) {
    ///         Ok(_) => continue,
    ///         Err(e) => break e,
    ///     }
    /// };
    /// assert_eq!(err, Error::Os(EAGAIN));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "send")]
    #[doc(alias = "send_with_flags")]
    #[inline]
    pub fn send_flags(&self, data: &[u8], flags: i32) -> Result<usize> {
        let fd = self.raw();
        self.io(Dir::Write, flags, |fl| sys::net::send_buf(fd, data, flags | fl))
    }

    /// Send all of `data`: Python's `sendall(data)`. Allocates nothing.
    ///
    /// # Errors
    /// As [`sendall_flags`](Socket::sendall_flags).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let data = [7u8; 100_000];
    /// let reader = std::thread::spawn(move || {
    ///     let mut buf = [0u8; 8192];
    ///     let mut total = 0;
    ///     while total < 100_000 {
    ///         total += server.recv_into(&mut buf, 0).unwrap();
    ///     }
    ///     total
    /// });
    /// client.sendall(&data)?;                       // every byte, or an error
    /// assert_eq!(reader.join().unwrap(), 100_000);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "write_all")]
    #[doc(alias = "send")]
    pub fn sendall(&self, data: &[u8]) -> Result<()> {
        self.sendall_flags(data, 0)
    }

    /// Python's `sendall(data, flags)`: `send(2)` until every byte is sent (at least one
    /// call, so an empty datagram is sent). EINTR is retried. In timeout mode the timeout
    /// caps the whole call (3.x, [C21](crate::conformance#C21)), not each send (2.7, [C20](crate::conformance#C20)), on every family. On error
    /// some data may have been sent.
    ///
    /// # Errors
    /// As [`send_flags`](Socket::send_flags).
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// a.sendall_flags(b"hello", 0)?;
    /// let mut buf = [0u8; 5];
    /// assert_eq!(b.recv_into(&mut buf, 0)?, 5);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "send")]
    #[doc(alias = "write_all")]
    pub fn sendall_flags(&self, data: &[u8], flags: i32) -> Result<()> {
        let mut sent = 0;
        self.sendall_progress(data, flags, &mut sent)
    }

    /// sendall that counts in `sent` the bytes that went out, also when it fails.
    pub(crate) fn sendall_progress(&self, data: &[u8], flags: i32, sent: &mut usize) -> Result<()> {
        let fd = self.raw();
        timeout::send_all(fd, self.cell(), flags, data.len(), sent, |off, fl| {
            sys::net::send_buf(fd, data.get(off..).unwrap_or(&[]), flags | fl)
        })
    }

    /// Send `data` to `address`: Python's `sendto(data, address)`. Returns the count sent.
    /// Allocates nothing.
    ///
    /// # Errors
    /// As [`sendto_flags`](Socket::sendto_flags).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_DGRAM};
    ///
    /// let rx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// rx.bind(("127.0.0.1", 0))?;
    /// let tx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// assert_eq!(tx.sendto(b"ping", rx.getsockname()?)?, 4);  // or ("127.0.0.1", port)
    /// let mut buf = [0u8; 16];
    /// assert_eq!(rx.recv_into(&mut buf, 0)?, 4);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "send_to")]
    pub fn sendto<A: ToSockAddr>(&self, data: &[u8], address: A) -> Result<usize> {
        self.sendto_flags(data, 0, address)
    }

    /// Python's `sendto(data, flags, address)` (flags in the middle, as in Python, [I28](crate::conformance#I28)).
    ///
    /// Corresponds to `sendto(2)` with MSG_NOSIGNAL added.
    ///
    /// # Errors
    /// Address errors; otherwise as [`send_flags`](Socket::send_flags).
    ///
    /// # References
    /// [sendto(2)](https://man7.org/linux/man-pages/man2/sendto.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, SOCK_DGRAM};
    ///
    /// let rx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// rx.bind(("127.0.0.1", 0))?;
    /// let port = rx.getsockname()?.as_socket_addr().unwrap().port();
    /// let tx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    /// assert_eq!(tx.sendto_flags(b"ping", 0, ("127.0.0.1", port))?, 4);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "sendto")]
    #[doc(alias = "send_to")]
    #[doc(alias = "send_to_with_flags")]
    pub fn sendto_flags<A: ToSockAddr>(
        &self,
        data: &[u8],
        flags: i32,
        address: A,
    ) -> Result<usize> {
        let addr = self.encode(address)?;
        let fd = self.raw();
        self.io(Dir::Write, flags, |fl| sys::net::sendto_buf(fd, data, flags | fl, &addr))
    }

    /// Python's `setblocking(flag)`: `true` is `settimeout(None)`, `false` is
    /// `settimeout(Some(0.0))` ([C6](crate::conformance#C6)).
    ///
    /// # Errors
    /// The errno of fcntl(2).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{EAGAIN, Error};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// a.setblocking(false)?;                     // Python's settimeout(0.0)
    /// assert_eq!(a.gettimeout(), Some(0.0));
    /// let mut buf = [0u8; 8];
    /// assert_eq!(a.recv_into(&mut buf, 0), Err(Error::Os(EAGAIN)));  // nothing there yet
    /// a.setblocking(true)?;                      // settimeout(None)
    /// assert_eq!(a.gettimeout(), None);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "set_nonblocking")]
    #[doc(alias = "O_NONBLOCK")]
    #[doc(alias = "fcntl")]
    pub fn setblocking(&self, flag: bool) -> Result<()> {
        self.settimeout(if flag { None } else { Some(0.0) })
    }

    /// Set the mode: `None` blocking, `Some(0.0)` non-blocking, `Some(seconds)` timeout mode:
    /// Python's `settimeout(value)`. See [`crate::timeout`] for what each mode does.
    ///
    /// The timeout is kept in the socket (exactly the value given); the descriptor gets
    /// only O_NONBLOCK, set for non-blocking and timeout mode and cleared for blocking mode,
    /// as in Python ([C5](crate::conformance#C5)). Calls already running keep their deadline. Concurrent calls from
    /// several threads leave the value and the flag in agreement (the last one wins both).
    /// A `makefile` object of this socket follows the new mode too.
    ///
    /// Corresponds to `fcntl(F_GETFL)` and, if the flag changes, `fcntl(F_SETFL)`.
    ///
    /// # Errors
    /// `Error::Value("Timeout value out of range")` for a negative value ([C7](crate::conformance#C7)),
    /// `Error::Value("Invalid value NaN (not a number)")` for NaN and
    /// `Error::Overflow("timestamp out of range for platform time_t")` for a value too large
    /// (3.x texts, [C8](crate::conformance#C8)); the errno of fcntl (the mode is then unchanged).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::Error;
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// a.settimeout(Some(0.05))?;                 // seconds; None: blocking; Some(0.0): non-blocking
    /// let mut buf = [0u8; 8];
    /// assert_eq!(a.recv_into(&mut buf, 0), Err(Error::Timeout));   // "timed out"
    /// assert!(a.settimeout(Some(-1.0)).is_err());  // Python's ValueError
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "set_read_timeout")]
    #[doc(alias = "set_write_timeout")]
    #[doc(alias = "O_NONBLOCK")]
    pub fn settimeout(&self, timeout: Option<f64>) -> Result<()> {
        let t = timeout::check(timeout)?;
        let fd = self.raw();
        let apply = |g: timeout::CellGuard<'_>| -> Result<()> {
            sys::fd::set_nonblocking(fd, t.is_some())?;
            g.store(t);
            Ok(())
        };
        #[cfg(feature = "alloc")]
        if let Some(c) = self.shared.get() {
            return apply(c.lock());
        }
        let g = self.timeout.lock();
        // A makefile() may have moved the mode to a shared cell while we waited for the
        // lock (it publishes under this lock).
        #[cfg(feature = "alloc")]
        if let Some(c) = self.shared.get() {
            drop(g);
            return apply(c.lock());
        }
        apply(g)
    }

    /// [`settimeout`](Socket::settimeout) with a `Duration` (`None` blocking, zero
    /// non-blocking).
    ///
    /// # Errors
    /// As `settimeout` (a `Duration` cannot be negative or NaN).
    ///
    /// # Examples
    ///
    /// ```
    /// use core::time::Duration;
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// a.settimeout_duration(Some(Duration::from_millis(250)))?;
    /// assert_eq!(a.gettimeout(), Some(0.25));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "set_read_timeout")]
    #[doc(alias = "set_write_timeout")]
    #[doc(alias = "settimeout")]
    pub fn settimeout_duration(&self, timeout: Option<core::time::Duration>) -> Result<()> {
        self.settimeout(timeout.map(|d| d.as_secs_f64()))
    }

    /// The timeout: `None` blocking, `Some(0.0)` non-blocking, else seconds — exactly the
    /// value last set (Python's `gettimeout()`, [C1](crate::conformance#C1)).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// assert_eq!(s.gettimeout(), None);          // blocking (the module default)
    /// s.settimeout(Some(2.5))?;
    /// assert_eq!(s.gettimeout(), Some(2.5));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "read_timeout")]
    #[doc(alias = "write_timeout")]
    pub fn gettimeout(&self) -> Option<f64> {
        self.cell().get()
    }

    /// Whether the descriptor itself is O_NONBLOCK: the flag the open file description
    /// shares with every duplicate (Python's `os.get_blocking(fileno)`, negated). bsdsock
    /// keeps it as Python does — set in non-blocking and timeout mode, clear in blocking
    /// mode — unless another holder of the description changed it since.
    ///
    /// Corresponds to `fcntl(F_GETFL)`.
    ///
    /// # Errors
    /// The errno of fcntl(2).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// assert!(!s.fd_nonblocking()?);
    /// s.settimeout(Some(1.0))?;                  // timeout mode puts O_NONBLOCK on the descriptor
    /// assert!(s.fd_nonblocking()?);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "nonblocking")]
    #[doc(alias = "O_NONBLOCK")]
    #[doc(alias = "get_blocking")]
    pub fn fd_nonblocking(&self) -> Result<bool> {
        Ok(sys::fd::is_nonblocking(self.raw())?)
    }

    /// Set an integer option: Python's `setsockopt(level, optname, value)` with an int.
    ///
    /// Corresponds to `setsockopt(2)` with an `int`.
    ///
    /// # References
    /// [setsockopt(2)](https://man7.org/linux/man-pages/man2/setsockopt.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{IPPROTO_TCP, SOL_SOCKET, SO_REUSEADDR, TCP_NODELAY};
    ///
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    /// s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)?;
    /// assert_ne!(s.getsockopt(IPPROTO_TCP, TCP_NODELAY)?, 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn setsockopt(&self, level: i32, optname: i32, value: i32) -> Result<()> {
        Ok(sys::net::set_int_opt(self.raw(), level, optname, value)?)
    }

    /// Set an option from raw bytes: Python's `setsockopt(level, optname, buffer)` ([I5](crate::conformance#I5)).
    ///
    /// Corresponds to `setsockopt(2)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{SOL_SOCKET, SO_LINGER, sockopt};
    ///
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// s.setsockopt_bytes(SOL_SOCKET, SO_LINGER, &sockopt::linger(true, 0))?;  // RST on close
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "setsockopt")]
    pub fn setsockopt_bytes(&self, level: i32, optname: i32, value: &[u8]) -> Result<()> {
        Ok(sys::net::setsockopt_buf(self.raw(), level, optname, value)?)
    }

    /// Shut down reading (SHUT_RD), writing (SHUT_WR) or both (SHUT_RDWR): Python's
    /// `shutdown(how)`.
    ///
    /// Corresponds to `shutdown(2)`.
    ///
    /// # Errors
    /// `Error::Os(EINVAL)` for another `how`, ENOTCONN (107) when not connected ([I11](crate::conformance#I11)).
    ///
    /// # References
    /// [shutdown(2)](https://man7.org/linux/man-pages/man2/shutdown.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// a.shutdown(bsdsock::SHUT_WR)?;             // the peer reads end of file
    /// let mut buf = [0u8; 8];
    /// assert_eq!(b.recv_into(&mut buf, 0)?, 0);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "Shutdown")]
    pub fn shutdown(&self, how: i32) -> Result<()> {
        Ok(sys::net::shutdown_fd(self.raw(), how)?)
    }

    /// The address family given at creation: Python's `family`.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// assert_eq!(s.family(), bsdsock::AF_INET);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "domain")]
    pub fn family(&self) -> i32 {
        self.family
    }

    /// The socket type, without SOCK_NONBLOCK / SOCK_CLOEXEC (3.x, [I2](crate::conformance#I2)): Python's `type`.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_DGRAM, 0)?;
    /// assert_eq!(s.type_(), bsdsock::SOCK_DGRAM);  // without SOCK_CLOEXEC / SOCK_NONBLOCK, as Python 3
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "type")]
    #[doc(alias = "SO_TYPE")]
    pub fn type_(&self) -> i32 {
        self.type_
    }

    /// The protocol given at creation: Python's `proto`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{AF_INET, IPPROTO_TCP, SOCK_STREAM};
    ///
    /// let s = bsdsock::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)?;
    /// assert_eq!(s.proto(), IPPROTO_TCP);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "protocol")]
    #[doc(alias = "SO_PROTOCOL")]
    pub fn proto(&self) -> i32 {
        self.proto
    }

    /// A new socket on a duplicate descriptor, with this socket's timeout: Python 3's
    /// `dup()` ([I16](crate::conformance#I16); 2.7's wrapper `dup` shared one descriptor, [I15](crate::conformance#I15)). Same family, type and
    /// protocol.
    ///
    /// Corresponds to `fcntl(F_DUPFD_CLOEXEC)` (close-on-exec), then `settimeout` with the
    /// copied value, as Python 3 does: both descriptors share one open socket, whose
    /// O_NONBLOCK flag then matches the copy's mode. From then on the two modes are
    /// independent ([`crate::timeout`]).
    ///
    /// # References
    /// [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// a.settimeout(Some(3.0))?;
    /// let a2 = a.dup()?;                          // new descriptor, same socket, same timeout
    /// assert_eq!(a2.gettimeout(), Some(3.0));
    /// drop(a);
    /// a2.sendall(b"still open")?;
    /// let mut buf = [0u8; 16];
    /// assert_eq!(b.recv_into(&mut buf, 0)?, 10);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "try_clone")]
    #[doc(alias = "F_DUPFD_CLOEXEC")]
    #[doc(alias = "fcntl")]
    pub fn dup(&self) -> Result<Socket> {
        let fd = self.fd.try_clone()?;
        let t = self.gettimeout();
        sys::fd::set_nonblocking(fd.raw(), t.is_some())?;
        Ok(Socket::from_parts(fd, self.family, self.type_, self.proto, t))
    }

    /// The cell shared with `makefile` objects, made from this socket's own on first use.
    #[cfg(feature = "alloc")]
    fn shared_cell(&self) -> Arc<TimeoutCell> {
        if let Some(a) = self.shared.get_arc() {
            return a;
        }
        // Under the lock, so no settimeout stores into the old cell after the copy.
        let g = self.timeout.lock();
        if let Some(a) = self.shared.get_arc() {
            return a;
        }
        let a = self.shared.publish(Arc::new(TimeoutCell::new(self.timeout.get())));
        drop(g);
        a
    }

    /// A duplicate that shares this socket's mode, live (makefile).
    #[cfg(feature = "alloc")]
    pub(crate) fn dup_shared(&self) -> Result<Socket> {
        let fd = self.fd.try_clone()?;
        Ok(Socket {
            fd,
            family: self.family,
            type_: self.type_,
            proto: self.proto,
            timeout: TimeoutCell::blocking(),
            shared: sys::once_arc::OnceArc::with(self.shared_cell()),
        })
    }

    /// Adopt a descriptor of unknown origin (std conversions): family, type and protocol from
    /// the kernel, mode from O_NONBLOCK (non-blocking if set, else blocking), so the
    /// descriptor state matches the mode without a change.
    #[cfg(feature = "std")]
    pub(crate) fn adopt(fd: Fd) -> Socket {
        let raw = fd.raw();
        let type_ = int_opt(raw, SOL_SOCKET, SO_TYPE).unwrap_or(0);
        #[cfg(bsdsock_const = "SO_PROTOCOL")]
        let proto = int_opt(raw, SOL_SOCKET, crate::consts::SO_PROTOCOL).unwrap_or(0);
        #[cfg(not(bsdsock_const = "SO_PROTOCOL"))]
        let proto = 0;
        let mut buf = SockaddrBuf::new();
        let family = match sys::net::sockname(raw, &mut buf) {
            Ok(()) => raw_family(&buf),
            Err(_) => 0,
        };
        let t = if sys::fd::is_nonblocking(raw).unwrap_or(false) { Some(0.0) } else { None };
        Socket::from_parts(fd, family, type_, proto, t)
    }

    /// Give up the descriptor (IntoRawFd / Into<OwnedFd>, detach).
    pub(crate) fn into_fd(self) -> Fd {
        self.fd
    }

    #[cfg(feature = "std")]
    pub(crate) fn fd(&self) -> &Fd {
        &self.fd
    }

    /// Make a file object: Python's `makefile(mode, bufsize)`. See [`crate::file`].
    ///
    /// The file works on its own duplicate descriptor (close-on-exec), so closing or dropping
    /// either leaves the other open (as Python's file keeps the connection open), and it
    /// reads and writes in this socket's *current* mode: a later `settimeout` on the socket
    /// applies to the file, also after the socket itself is gone (both Pythons' files call
    /// the socket's own recv/send). The first `makefile` moves the socket's mode into a small
    /// shared allocation; sockets that never make a file allocate nothing. `mode` is kept
    /// but does not restrict anything ([E1](crate::conformance#E1)); `bufsize` < 0 is the default 8192, 0 unbuffered,
    /// 1 line-buffered writes, n > 1 both sizes ([E3](crate::conformance#E3)-E6).
    ///
    /// # Errors
    /// The errno of the dup.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut file = server.makefile("rwb", -1)?;  // buffered, like Python's socket.makefile
    /// client.sendall(b"first line\nsecond line\n")?;
    /// assert_eq!(file.readline(None)?, b"first line\n");
    /// file.write(b"reply\n")?;
    /// file.flush()?;
    /// let mut buf = [0u8; 16];
    /// assert_eq!(client.recv_into(&mut buf, 0)?, 6);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "BufReader")]
    #[doc(alias = "BufWriter")]
    #[cfg(feature = "alloc")]
    pub fn makefile(&self, mode: &str, bufsize: isize) -> Result<crate::file::SocketFile> {
        Ok(crate::file::SocketFile::new(self.dup_shared()?, mode, bufsize))
    }
}

/// The errno of a failed call, 0 on success.
fn errno_of<T>(r: core::result::Result<T, sys::errno::Errno>) -> i32 {
    match r {
        Ok(_) => 0,
        Err(e) => e.0,
    }
}

/// The sa_family of an address the kernel returned.
#[cfg(feature = "std")]
fn raw_family(buf: &SockaddrBuf) -> i32 {
    let off = core::mem::offset_of!(sys::sockaddr, sa_family);
    let b = buf.bytes();
    match core::mem::size_of::<sys::sa_family_t>() {
        1 => b.get(off).map_or(0, |&x| x as i32),
        _ => b.get(off..off + 2).map_or(0, |s| u16::from_ne_bytes([s[0], s[1]]) as i32),
    }
}

/// An empty vector with room for `n` bytes (reserved, not filled); ENOMEM if the allocator
/// refuses.
#[cfg(feature = "alloc")]
fn alloc_buf(n: usize) -> Result<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
    Ok(v)
}

/// Give back the reserved space when less than half of it was used ([I20](crate::conformance#I20)).
#[cfg(feature = "alloc")]
fn finish_buf(v: &mut Vec<u8>) {
    if v.len() < v.capacity() / 2 {
        v.shrink_to_fit();
    }
}

impl fmt::Debug for Socket {
    /// Python's C-level repr ([I4](crate::conformance#I4)): `<socket object, fd=3, family=2, type=1, protocol=0>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<socket object, fd={}, family={}, type={}, protocol={}>",
            self.raw(),
            self.family,
            self.type_,
            self.proto
        )
    }
}

/// getsockopt(2) of an `int` option on a raw descriptor, decoded as the kernel wrote it
/// ([`crate::sockopt::decode_int`]).
fn int_opt(fd: i32, level: i32, optname: i32) -> Result<i32> {
    let mut b = [0u8; core::mem::size_of::<i32>()];
    let n = sys::net::getsockopt_buf(fd, level, optname, &mut b)?;
    Ok(crate::sockopt::decode_int(&b[..n]))
}
