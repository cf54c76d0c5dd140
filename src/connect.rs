//! `create_connection`: Python's `socket.create_connection(address, timeout,
//! source_address)` ([section (f)](crate::conformance#section-f)), with the connection attempts raced as RFC 8305 (Happy
//! Eyeballs v2) does.
//!
//! # What Python 2.7 does
//!
//! `getaddrinfo(host, port, 0, SOCK_STREAM)` (a lookup error comes back at once, [F2](crate::conformance#F2)), then
//! for each result in order: `socket(af, socktype, proto)`, `settimeout(timeout)` unless the
//! timeout was left out ([F4](crate::conformance#F4)), `bind(source_address)` if one was given ([F5](crate::conformance#F5)), `connect(sa)`;
//! the first socket that connects is returned ([F6](crate::conformance#F6)). A `socket.error` (a timeout included)
//! closes that socket and moves on to the next result ([F7](crate::conformance#F7)); after the last, the last error
//! is raised as it is — a timeout stays a timeout ([F8](crate::conformance#F8)). No results at all is
//! `socket.error('getaddrinfo returns an empty list')` ([F9](crate::conformance#F9)).
//!
//! # What bsdsock adds: Happy Eyeballs
//!
//! Python waits for each attempt to fail (up to the full timeout) before it tries the next
//! address, so a first address that drops packets — the classic broken-IPv6 case — costs
//! the whole timeout. bsdsock instead starts the attempts as RFC 8305 says:
//!
//! * **Order.** When the addresses are of both families, they are interleaved: the family
//!   of the first result first, then the first address of the other family, then the
//!   second of the first family, and so on (section 4, "First Address Family Count" 1).
//!   Addresses of one family keep the resolver's order.
//! * **Staggered start.** The next attempt starts [`CONNECTION_ATTEMPT_DELAY_MS`] (250 ms)
//!   after the previous one started, or at once when an attempt fails (section 5). Earlier
//!   attempts keep running.
//! * **First success wins.** The first attempt to connect is returned; every other attempt
//!   is closed. If several finish in the same wake-up, the one started first wins.
//! * **One poll loop, no threads, no allocation.** Every attempt is a non-blocking
//!   connect(2); one poll(2) waits on all of them, on the next start time and on the
//!   attempts' deadlines; getsockopt(SO_ERROR) reads each result ([C18](crate::conformance#C18)). At most
//!   [`MAX_IN_FLIGHT`] (8) attempts are pending at once; a further address waits for a
//!   slot.
//!
//! With a single address this is exactly Python's behaviour (one attempt, its timeout).
//!
//! # Timeouts
//!
//! [`Timeout`] models Python's sentinel: [`Timeout::Default`] (argument left out: the module
//! default, [`getdefaulttimeout`](crate::getdefaulttimeout), read once on entry),
//! [`Timeout::Blocking`] (`None`) and [`Timeout::Seconds`]. The timeout applies to **each
//! attempt**, from the moment that attempt starts, as in Python (each socket gets
//! `settimeout(timeout)` before its connect): an attempt that has not connected by then
//! fails with [`Error::Timeout`]. Blocking attempts wait as long as the kernel does. A
//! timeout of `0.0` (non-blocking) makes each connect(2) once, so an attempt that does not
//! complete at once fails with `Error::Os(EINPROGRESS)`, as Python's does ([C19](crate::conformance#C19)).
//!
//! The returned socket is in the mode `timeout` asks for, exactly as after
//! [`Socket::settimeout`]: blocking, non-blocking or timeout mode (and with
//! [`Timeout::Default`], the default mode).
//!
//! # Errors
//!
//! When every attempt fails, the error of the **last address tried** (in the order above) is
//! returned, whatever the order in which the attempts ended. For a single family that is
//! Python's "last error" ([F8](crate::conformance#F8)). Errors Python does not catch in its loop — `ValueError`,
//! `OverflowError`, `TypeError` classes ([`Error::class`]) such as a bad timeout value or a
//! NUL in the source host — are returned at once ([F7](crate::conformance#F7)).
//!
//! # Limits
//!
//! [`create_connection`] considers the first [`MAX_ADDRESSES`] (32) results of getaddrinfo
//! and ignores the rest (a resolver rarely returns more than a handful for SOCK_STREAM);
//! [`create_connection_addrs`] takes any number of addresses.

use core::time::Duration;

use crate::addr::SockAddr;
use crate::addr::inet::{pton4, pton6};
use crate::consts::errno::{EALREADY, EINPROGRESS, EINTR, EISCONN};
use crate::consts::os::POLLOUT;
use crate::consts::{AF_INET, IPPROTO_TCP, SOCK_STREAM};
use crate::error::{Error, PyClass, Result};
use crate::netdb::{Port, getaddrinfo};
use crate::socket::Socket;
use crate::sys;
use crate::sys::net::SockaddrBuf;
use crate::sys::pollfd;
use crate::timeout::{self, Deadline, Mode};

/// How many addresses of a name [`create_connection`] considers (the first ones
/// getaddrinfo returns).
pub const MAX_ADDRESSES: usize = 32;

/// How many connection attempts may be pending at once.
pub const MAX_IN_FLIGHT: usize = 8;

/// RFC 8305's "Connection Attempt Delay": how long an attempt runs alone before the next
/// one starts, in milliseconds (the RFC's recommended value).
pub const CONNECTION_ATTEMPT_DELAY_MS: u64 = 250;

const DELAY_NS: u64 = CONNECTION_ATTEMPT_DELAY_MS * 1_000_000;

/// The `timeout` argument of [`create_connection`]: Python's three cases, the sentinel
/// included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Timeout {
    /// The argument left out (Python's `_GLOBAL_DEFAULT_TIMEOUT`): each socket keeps the
    /// module default timeout ([`getdefaulttimeout`](crate::getdefaulttimeout)).
    Default,
    /// `None`: blocking, even when a default timeout is set ([F4](crate::conformance#F4)).
    Blocking,
    /// Seconds: timeout mode for each attempt and the returned socket; `0.0` is
    /// non-blocking.
    Seconds(f64),
}

impl From<Option<f64>> for Timeout {
    /// `None` is [`Timeout::Blocking`], `Some(s)` is [`Timeout::Seconds`].
    fn from(t: Option<f64>) -> Self {
        t.map_or(Timeout::Blocking, Timeout::Seconds)
    }
}

impl From<f64> for Timeout {
    fn from(s: f64) -> Self {
        Timeout::Seconds(s)
    }
}

impl From<Duration> for Timeout {
    fn from(d: Duration) -> Self {
        Timeout::Seconds(d.as_secs_f64())
    }
}

impl From<Option<Duration>> for Timeout {
    /// `None` is [`Timeout::Blocking`].
    fn from(d: Option<Duration>) -> Self {
        d.map_or(Timeout::Blocking, Into::into)
    }
}

/// One address to try: getaddrinfo's `(family, socktype, proto, sockaddr)`.
#[derive(Clone, Copy)]
struct Candidate {
    family: i32,
    socktype: i32,
    proto: i32,
    addr: SockAddr,
}

/// Connect to a TCP service at `(host, port)` and return the socket: Python's
/// `socket.create_connection(address, timeout, source_address)`.
///
/// `host` is resolved with getaddrinfo(3) (`getaddrinfo(host, port, 0, SOCK_STREAM)`, [F2](crate::conformance#F2));
/// a numeric host with a numeric port (`"127.0.0.1"`, `"::1"` in strict inet_pton syntax)
/// skips the resolver and gives the one result getaddrinfo would. `port` is a number or a
/// service name (`"http"`), as for [`getaddrinfo`]. `source_address`, if given, is bound
/// before connecting ([F5](crate::conformance#F5); `("", port)` picks the source port only). The addresses are tried
/// as the [module docs](self) say: in order, raced Happy-Eyeballs style when there are
/// several, each with `timeout`.
///
/// # Errors
/// The lookup error of getaddrinfo, at once ([F2](crate::conformance#F2)); `Error::Socket("getaddrinfo returns an
/// empty list")` when there is nothing to try ([F9](crate::conformance#F9)); otherwise the error of the last address
/// tried, as it is: e.g. `Error::Os(ECONNREFUSED)`, [`Error::Timeout`] ([F8](crate::conformance#F8)). A bad timeout
/// value is `Error::Value` / `Error::Overflow` (as [`Socket::settimeout`]).
///
/// # References
/// [getaddrinfo(3)](https://man7.org/linux/man-pages/man3/getaddrinfo.3.html),
/// [connect(2)](https://man7.org/linux/man-pages/man2/connect.2.html),
/// [poll(2)](https://man7.org/linux/man-pages/man2/poll.2.html),
/// [RFC 8305](https://www.rfc-editor.org/rfc/rfc8305)
///
/// # Examples
///
/// ```
/// # let server = bsdsock::create_server(("127.0.0.1", 0), bsdsock::AF_INET, None, false, false)?;
/// # let port = server.getsockname()?.as_socket_addr().unwrap().port();
/// use bsdsock::{Timeout, create_connection};
///
/// let s = create_connection(("localhost", port), Timeout::Seconds(5.0), None)?;
/// assert_eq!(s.gettimeout(), Some(5.0));
/// // Timeout::Default: the module default (setdefaulttimeout); Timeout::Blocking: None.
/// let t = create_connection(("127.0.0.1", port), Timeout::Default, Some(("127.0.0.1", 0)))?;
/// assert!(t.getsockname()?.to_string().starts_with("('127.0.0.1', "));
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "TcpStream::connect")]
#[doc(alias = "connect_timeout")]
#[doc(alias = "happy_eyeballs")]
pub fn create_connection<'p>(
    address: (&str, impl Into<Port<'p>>),
    timeout: Timeout,
    source_address: Option<(&str, u16)>,
) -> Result<Socket> {
    connect_host(address, timeout, source_address, None)
}

/// Python 3.11's `create_connection(address, timeout, source_address, all_errors=True)`:
/// as [`create_connection`], but when every attempt fails the error is an [`ErrorGroup`]
/// holding each attempt's error in the order the attempts were made (Python's
/// `ExceptionGroup("create_connection failed", [...])`), not only the last one.
///
/// ```
/// use bsdsock::connect::{ConnectErrors, create_connection_all_errors};
/// use bsdsock::Timeout;
/// let port = {
///     let l = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
///     l.bind(("127.0.0.1", 0))?;
///     bsdsock::socket::Socket::getsockname(&l)?.as_socket_addr().unwrap().port()
/// }; // closed again: nothing listens there
/// match create_connection_all_errors(("127.0.0.1", port), Timeout::Seconds(5.0), None) {
///     Err(ConnectErrors::Group(g)) => {
///         assert_eq!(g.len(), 1);
///         assert_eq!(g.to_string(), "create_connection failed (1 sub-exception)");
///         assert!(g.errors().all(|e| e.is_errno(bsdsock::consts::errno::ECONNREFUSED)));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// [`ConnectErrors::Group`] when every attempt failed; [`ConnectErrors::One`] for what
/// Python raises outside its loop, as it is: a lookup error, `getaddrinfo returns an empty
/// list`, a bad timeout value, a ValueError-class error of an attempt.
// The group is the failure value itself (fixed size, no allocation), returned once.
///
/// # Examples
///
/// ```
/// use bsdsock::connect::ConnectErrors;
/// use bsdsock::{Timeout, create_connection_all_errors};
///
/// // A loopback port nobody listens on.
/// let probe = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
/// probe.bind(("127.0.0.1", 0))?;
/// let port = probe.getsockname()?.as_socket_addr().unwrap().port();
///
/// match create_connection_all_errors(("127.0.0.1", port), Timeout::Seconds(5.0), None) {
///     Err(ConnectErrors::Group(g)) => {
///         assert_eq!(g.len(), 1);                // one address, one attempt
///         assert!(g.last().unwrap().is_errno(bsdsock::errno::ECONNREFUSED));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[allow(clippy::result_large_err)]
pub fn create_connection_all_errors<'p>(
    address: (&str, impl Into<Port<'p>>),
    timeout: Timeout,
    source_address: Option<(&str, u16)>,
) -> core::result::Result<Socket, ConnectErrors> {
    let mut group = ErrorGroup::new();
    match connect_host(address, timeout, source_address, Some(&mut group)) {
        Ok(s) => Ok(s),
        Err(_) if group.complete => Err(ConnectErrors::Group(group)),
        Err(e) => Err(ConnectErrors::One(e)),
    }
}

/// What [`create_connection_all_errors`] returns when it does not connect.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // no allocation: the group is kept inline
pub enum ConnectErrors {
    /// An error Python raises as it is, outside the attempt loop.
    One(Error),
    /// Every attempt failed: Python's `ExceptionGroup`.
    Group(ErrorGroup),
}

impl core::fmt::Display for ConnectErrors {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ConnectErrors::One(e) => core::fmt::Display::fmt(e, f),
            ConnectErrors::Group(g) => core::fmt::Display::fmt(g, f),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ConnectErrors {}

/// Each failed attempt's error, in the order the attempts were started: Python's
/// `ExceptionGroup("create_connection failed", exceptions)`. Fixed size, no allocation: the
/// first [`MAX_ADDRESSES`] errors are kept ([`create_connection`] never makes more attempts;
/// [`total`](ErrorGroup::total) counts any beyond them).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorGroup {
    errors: [Option<Error>; MAX_ADDRESSES],
    total: usize,
    complete: bool,
}

impl ErrorGroup {
    fn new() -> Self {
        ErrorGroup { errors: [None; MAX_ADDRESSES], total: 0, complete: false }
    }

    fn record(&mut self, seq: usize, e: Error) {
        if let Some(slot) = self.errors.get_mut(seq) {
            *slot = Some(e);
        }
        self.total += 1;
    }

    /// The errors kept, in attempt order.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::connect::ConnectErrors;
    /// # let probe = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// # probe.bind(("127.0.0.1", 0))?;
    /// # let port = probe.getsockname()?.as_socket_addr().unwrap().port();
    /// let r = bsdsock::create_connection_all_errors(("127.0.0.1", port), bsdsock::Timeout::Default, None);
    /// if let Err(ConnectErrors::Group(g)) = r {
    ///     for e in g.errors() {
    ///         println!("{e}");                   // [Errno 111] Connection refused
    ///     }
    ///     assert_eq!((g.len(), g.total(), g.is_empty()), (1, 1, false));
    ///     assert!(g.last().is_some());
    /// }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Error> + '_ {
        self.errors.iter().flatten()
    }

    /// How many errors are kept (at most [`MAX_ADDRESSES`]).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::connect::ConnectErrors;
    /// # let probe = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// # probe.bind(("127.0.0.1", 0))?;
    /// # let port = probe.getsockname()?.as_socket_addr().unwrap().port();
    /// let r = bsdsock::create_connection_all_errors(("127.0.0.1", port), bsdsock::Timeout::Default, None);
    /// let Err(ConnectErrors::Group(g)) = r else { panic!("expected every attempt to fail") };
    /// assert_eq!(g.len(), 1);                    // errors kept (at most one per attempt slot)
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.errors().count()
    }

    /// No errors? (Never, for a group that was returned.)
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::connect::ConnectErrors;
    /// # let probe = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// # probe.bind(("127.0.0.1", 0))?;
    /// # let port = probe.getsockname()?.as_socket_addr().unwrap().port();
    /// let r = bsdsock::create_connection_all_errors(("127.0.0.1", port), bsdsock::Timeout::Default, None);
    /// let Err(ConnectErrors::Group(g)) = r else { panic!("expected every attempt to fail") };
    /// assert!(!g.is_empty());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many attempts failed, all of them counted.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::connect::ConnectErrors;
    /// # let probe = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// # probe.bind(("127.0.0.1", 0))?;
    /// # let port = probe.getsockname()?.as_socket_addr().unwrap().port();
    /// let r = bsdsock::create_connection_all_errors(("127.0.0.1", port), bsdsock::Timeout::Default, None);
    /// let Err(ConnectErrors::Group(g)) = r else { panic!("expected every attempt to fail") };
    /// assert_eq!(g.total(), 1);                  // attempts that failed, kept or not
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn total(&self) -> usize {
        self.total
    }

    /// The last attempt's error: what [`create_connection`] would have returned.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::connect::ConnectErrors;
    /// # let probe = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// # probe.bind(("127.0.0.1", 0))?;
    /// # let port = probe.getsockname()?.as_socket_addr().unwrap().port();
    /// let r = bsdsock::create_connection_all_errors(("127.0.0.1", port), bsdsock::Timeout::Default, None);
    /// let Err(ConnectErrors::Group(g)) = r else { panic!("expected every attempt to fail") };
    /// assert!(g.last().unwrap().is_errno(bsdsock::errno::ECONNREFUSED));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn last(&self) -> Option<&Error> {
        self.errors().last()
    }
}

impl core::fmt::Display for ErrorGroup {
    /// Python's `str()` of the group: `create_connection failed (2 sub-exceptions)`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let n = self.total;
        write!(f, "create_connection failed ({n} sub-exception{})", if n == 1 { "" } else { "s" })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ErrorGroup {}

fn connect_host<'p>(
    address: (&str, impl Into<Port<'p>>),
    timeout: Timeout,
    source_address: Option<(&str, u16)>,
    group: Option<&mut ErrorGroup>,
) -> Result<Socket> {
    let (host, port) = address;
    let port = port.into();
    if let Port::Number(p) = port {
        if let Some(c) = numeric(host, p) {
            return race(1, |_| c, timeout, source_address, group);
        }
    }
    let mut list = [None::<Candidate>; MAX_ADDRESSES];
    let mut n = 0;
    for ai in getaddrinfo(Some(host), port, 0, SOCK_STREAM, 0, 0)?.take(MAX_ADDRESSES) {
        list[n] = Some(Candidate {
            family: ai.family,
            socktype: ai.socktype,
            proto: ai.proto,
            addr: ai.sockaddr,
        });
        n += 1;
    }
    race(n, |i| list[i].unwrap_or_else(placeholder), timeout, source_address, group)
}

/// [`create_connection`] over addresses already resolved: each gets a
/// `socket(family, SOCK_STREAM, 0)` of its own family. Any number of addresses; the order
/// and racing are those of [`create_connection`].
///
/// # Errors
/// As [`create_connection`]; an empty slice is `Error::Socket("getaddrinfo returns an empty
/// list")`.
///
/// # Examples
///
/// ```
/// # let server = bsdsock::create_server(("127.0.0.1", 0), bsdsock::AF_INET, None, false, false)?;
/// # let port = server.getsockname()?.as_socket_addr().unwrap().port();
/// use bsdsock::{SockAddr, Timeout, create_connection_addrs};
///
/// let addrs = [server.getsockname()?];          // already resolved, tried in order
/// let s = create_connection_addrs(&addrs, Timeout::Blocking, None)?;
/// assert_eq!(s.getpeername()?, addrs[0]);
/// # let _: &[SockAddr] = &addrs;
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "connect_timeout")]
pub fn create_connection_addrs(
    addrs: &[SockAddr],
    timeout: Timeout,
    source_address: Option<(&str, u16)>,
) -> Result<Socket> {
    let get = |i: usize| Candidate {
        family: addrs[i].family(),
        socktype: SOCK_STREAM,
        proto: 0,
        addr: addrs[i],
    };
    race(addrs.len(), get, timeout, source_address, None)
}

/// A never-used filler for the fixed list (indices below `n` are always filled).
fn placeholder() -> Candidate {
    Candidate {
        family: AF_INET,
        socktype: SOCK_STREAM,
        proto: 0,
        addr: SockAddr::Inet(core::net::SocketAddrV4::new(core::net::Ipv4Addr::UNSPECIFIED, 0)),
    }
}

/// The single getaddrinfo result for a numeric host and port, made without the resolver.
fn numeric(host: &str, port: u16) -> Option<Candidate> {
    let addr = match pton4(host.as_bytes()) {
        Some(ip) => SockAddr::Inet(core::net::SocketAddrV4::new(ip.into(), port)),
        None => {
            let ip = pton6(host.as_bytes())?;
            SockAddr::Inet6(core::net::SocketAddrV6::new(ip.into(), port, 0, 0))
        }
    };
    Some(Candidate { family: addr.family(), socktype: SOCK_STREAM, proto: IPPROTO_TCP, addr })
}

/// The order of attempts (RFC 8305 section 4): the family of the first address, then the
/// other, alternating, each family in its own order. Two cursors over the list; no storage.
struct Interleave {
    n: usize,
    first_family: i32,
    cursor: [usize; 2],
    turn: usize,
}

impl Interleave {
    fn new(n: usize, first_family: i32, get: &impl Fn(usize) -> Candidate) -> Self {
        let mut it = Interleave { n, first_family, cursor: [0, 0], turn: 0 };
        it.skip(0, get);
        it.skip(1, get);
        it
    }

    /// Move cursor `k` (0: the first family, 1: any other) to the next address of its class.
    fn skip(&mut self, k: usize, get: &impl Fn(usize) -> Candidate) {
        while self.cursor[k] < self.n
            && (get(self.cursor[k]).family == self.first_family) != (k == 0)
        {
            self.cursor[k] += 1;
        }
    }

    /// The next index of class `k`, if any.
    fn take(&mut self, k: usize, get: &impl Fn(usize) -> Candidate) -> Option<usize> {
        let i = self.cursor[k];
        if i >= self.n {
            return None;
        }
        self.cursor[k] += 1;
        self.skip(k, get);
        Some(i)
    }

    fn next(&mut self, get: &impl Fn(usize) -> Candidate) -> Option<usize> {
        let k = self.turn;
        let i = self.take(k, get).or_else(|| self.take(1 - k, get))?;
        self.turn = 1 - k;
        Some(i)
    }

    /// No address left to try.
    fn exhausted(&self) -> bool {
        self.cursor[0] >= self.n && self.cursor[1] >= self.n
    }
}

/// A pending attempt: its socket and address, its place in the order, its deadline.
struct Attempt {
    sock: Socket,
    addr: SockaddrBuf,
    seq: usize,
    deadline: Option<Deadline>,
}

/// How one attempt started.
#[allow(clippy::large_enum_variant)] // OpenBSD's sockaddr_storage is 256 bytes; one value, returned once
enum Started {
    Connected(Socket),
    Pending(Socket, SockaddrBuf),
}

/// The error of the last attempt in the order ([F8](crate::conformance#F8)), whatever the order attempts ended in.
struct LastError<'g>(Option<(usize, Error)>, Option<&'g mut ErrorGroup>);

impl LastError<'_> {
    fn record(&mut self, seq: usize, e: Error) {
        if let Some(g) = self.1.as_deref_mut() {
            g.record(seq, e);
        }
        if self.0.is_none_or(|(s, _)| seq >= s) {
            self.0 = Some((seq, e));
        }
    }
}

/// Python does not catch these in its loop ([F7](crate::conformance#F7)): ValueError, OverflowError, TypeError.
fn is_socket_error(e: &Error) -> bool {
    matches!(e.class(), PyClass::Error | PyClass::GaiError | PyClass::HError | PyClass::Timeout)
}

/// A non-blocking socket for `c`.
fn open_nonblocking(c: &Candidate) -> Result<Socket> {
    #[cfg(bsdsock_const = "SOCK_NONBLOCK")]
    {
        crate::socket::socket(c.family, c.socktype | crate::consts::SOCK_NONBLOCK, c.proto)
    }
    #[cfg(not(bsdsock_const = "SOCK_NONBLOCK"))]
    {
        let s = crate::socket::socket(c.family, c.socktype, c.proto)?;
        s.setblocking(false)?;
        Ok(s)
    }
}

/// socket, bind, connect (non-blocking) for one candidate.
fn start(c: &Candidate, source: Option<(&str, u16)>, mode: Mode) -> Result<Started> {
    let sock = open_nonblocking(c)?;
    if let Some(src) = source {
        sock.bind(src)?;
    }
    let addr = sock.encode(c.addr)?;
    // Just created O_NONBLOCK and not shared: no need to re-check the flag.
    match sock.connect_ex_raw(&addr, false)? {
        0 => Ok(Started::Connected(sock)),
        e if e == EINPROGRESS || e == EINTR => match mode {
            // Python's connect on a non-blocking socket (C19).
            Mode::NonBlocking => Err(Error::Os(EINPROGRESS)),
            _ => Ok(Started::Pending(sock, addr)),
        },
        e => Err(Error::Os(e)),
    }
}

/// A pending attempt that poll(2) reported: its SO_ERROR, then connect(2) again to confirm
/// (EISCONN: connected; EALREADY / EINPROGRESS: still under way).
fn outcome(a: &Attempt) -> Option<Result<()>> {
    match a.sock.so_error() {
        Ok(0) | Ok(EISCONN) => {}
        Ok(e) => return Some(Err(Error::Os(e))),
        Err(e) => return Some(Err(e)),
    }
    match sys::net::connect_addr(a.sock.fileno(), &a.addr) {
        Ok(()) => Some(Ok(())),
        Err(e) if e.0 == EISCONN => Some(Ok(())),
        Err(e) if e.0 == EALREADY || e.0 == EINPROGRESS || e.0 == EINTR => None,
        Err(e) => Some(Err(e.into())),
    }
}

/// Put the winner in the mode `timeout` asks for (settimeout semantics).
fn finish(sock: Socket, t: Option<f64>) -> Result<Socket> {
    sock.settimeout(t)?;
    Ok(sock)
}

/// The attempt loop over candidates `0..n` (see the module docs).
fn race(
    n: usize,
    get: impl Fn(usize) -> Candidate,
    timeout: Timeout,
    source: Option<(&str, u16)>,
    group: Option<&mut ErrorGroup>,
) -> Result<Socket> {
    if n == 0 {
        return Err(Error::Socket("getaddrinfo returns an empty list"));
    }
    let t = match timeout {
        Timeout::Default => timeout::getdefaulttimeout(),
        Timeout::Blocking => None,
        Timeout::Seconds(s) => timeout::check(Some(s))?,
    };
    let mode = Mode::of(t);
    let mut order = Interleave::new(n, get(0).family, &get);
    let mut slots: [Option<Attempt>; MAX_IN_FLIGHT] = Default::default();
    let mut last = LastError(None, group);
    let mut seq = 0usize;
    // When the next attempt may start (monotonic ns); an attempt's failure moves it to now.
    let mut next_start = 0u64;

    loop {
        // Start attempts: when none is pending, or the delay has passed, while slots are free.
        loop {
            let pending = slots.iter().filter(|s| s.is_some()).count();
            if order.exhausted() || pending == MAX_IN_FLIGHT {
                break;
            }
            let now = sys::time::monotonic_ns();
            if pending > 0 && now < next_start {
                break;
            }
            let Some(i) = order.next(&get) else { break };
            let this = seq;
            seq += 1;
            match start(&get(i), source, mode) {
                Ok(Started::Connected(sock)) => return finish(sock, t),
                Ok(Started::Pending(sock, addr)) => {
                    let deadline = match mode {
                        Mode::Timeout(ns) => Some(Deadline::after(ns)),
                        _ => None,
                    };
                    if let Some(slot) = slots.iter_mut().find(|s| s.is_none()) {
                        *slot = Some(Attempt { sock, addr, seq: this, deadline });
                    }
                    next_start = now.saturating_add(DELAY_NS);
                }
                Err(e) if is_socket_error(&e) => {
                    last.record(this, e);
                    next_start = now;
                }
                Err(e) => return Err(e),
            }
        }

        // Nothing pending and nothing left: the last error (F8).
        if slots.iter().all(Option::is_none) {
            let Some((_, e)) = last.0 else {
                return Err(Error::Socket("getaddrinfo returns an empty list"));
            };
            if let Some(g) = last.1 {
                g.complete = true;
            }
            return Err(e);
        }

        // Wait for a result, the next start time or the nearest deadline.
        let now = sys::time::monotonic_ns();
        let mut wake: Option<u64> = None;
        let pending = slots.iter().filter(|s| s.is_some()).count();
        if !order.exhausted() && pending < MAX_IN_FLIGHT {
            wake = Some(next_start.saturating_sub(now));
        }
        for a in slots.iter().flatten() {
            if let Some(d) = a.deadline {
                let left = d.left().unwrap_or(0);
                wake = Some(wake.map_or(left, |w| w.min(left)));
            }
        }
        // Pending attempts, packed: fds[j] watches slots[at[j]].
        let mut fds = [pollfd { fd: -1, events: 0, revents: 0 }; MAX_IN_FLIGHT];
        let mut at = [0usize; MAX_IN_FLIGHT];
        let mut m = 0;
        for (k, slot) in slots.iter().enumerate() {
            if let Some(a) = slot {
                fds[m] = pollfd { fd: a.sock.fileno(), events: POLLOUT as i16, revents: 0 };
                at[m] = k;
                m += 1;
            }
        }
        // Nanosecond waits where the target has them; a wait that ends early is harmless:
        // deadlines are checked against the clock below.
        match sys::time::wait_fds(&mut fds[..m], wake) {
            Ok(_) => {}
            Err(e) if e.0 == EINTR => {
                timeout::note_interrupted();
                continue;
            }
            Err(e) => return Err(e.into()),
        }

        // Results: the first success (in start order) wins; failures free their slot.
        let mut winner: Option<usize> = None;
        for (p, &k) in fds[..m].iter().zip(at[..m].iter()) {
            let Some(a) = &slots[k] else { continue };
            if p.revents == 0 {
                continue;
            }
            let Some(result) = outcome(a) else { continue };
            match result {
                Ok(()) => {
                    if winner.is_none_or(|w| slots[w].as_ref().is_some_and(|b| a.seq < b.seq)) {
                        winner = Some(k);
                    }
                }
                Err(e) => {
                    last.record(a.seq, e);
                    slots[k] = None;
                    next_start = 0;
                }
            }
        }
        if let Some(k) = winner {
            if let Some(a) = slots[k].take() {
                // The other attempts are closed when `slots` is dropped.
                return finish(a.sock, t);
            }
        }

        // Attempts past their deadline time out (a timeout stays a timeout, F8).
        for slot in slots.iter_mut() {
            if let Some(a) = slot {
                if a.deadline.is_some_and(|d| d.left().is_none()) {
                    last.record(a.seq, Error::Timeout);
                    *slot = None;
                    next_start = 0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consts::AF_INET6;
    use core::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

    fn v4(p: u16) -> Candidate {
        let addr = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::LOCALHOST, p));
        Candidate { family: AF_INET, socktype: SOCK_STREAM, proto: 0, addr }
    }

    fn v6(p: u16) -> Candidate {
        let addr = SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, p, 0, 0));
        Candidate { family: AF_INET6, socktype: SOCK_STREAM, proto: 0, addr }
    }

    fn order(list: &[Candidate]) -> [usize; 8] {
        let get = |i: usize| list[i];
        let mut it = Interleave::new(list.len(), list[0].family, &get);
        let mut out = [usize::MAX; 8];
        for o in out.iter_mut() {
            match it.next(&get) {
                Some(i) => *o = i,
                None => break,
            }
        }
        assert!(it.exhausted());
        out
    }

    #[test]
    fn interleaves_families_first_family_first() {
        let m = usize::MAX;
        // 6 6 6 4 4 -> 6 4 6 4 6
        let l = [v6(1), v6(2), v6(3), v4(4), v4(5)];
        assert_eq!(order(&l), [0, 3, 1, 4, 2, m, m, m]);
        // 4 6 6 6 -> 4 6 6 6
        let l = [v4(1), v6(2), v6(3), v6(4)];
        assert_eq!(order(&l), [0, 1, 2, 3, m, m, m, m]);
        // one family keeps its order
        let l = [v4(1), v4(2), v4(3)];
        assert_eq!(order(&l), [0, 1, 2, m, m, m, m, m]);
        // 4 4 6 4 6 -> 4 6 4 6 4
        let l = [v4(1), v4(2), v6(3), v4(4), v6(5)];
        assert_eq!(order(&l), [0, 2, 1, 4, 3, m, m, m]);
    }

    #[test]
    fn last_error_is_the_last_in_order() {
        let mut l = LastError(None, None);
        l.record(1, Error::Timeout);
        let refused = Error::Os(crate::consts::errno::ECONNREFUSED);
        l.record(0, refused);
        assert_eq!(l.0, Some((1, Error::Timeout)));
        l.record(2, refused);
        assert_eq!(l.0, Some((2, refused)));
    }

    #[test]
    fn numeric_fast_path() {
        let c = numeric("127.0.0.1", 80).unwrap();
        assert_eq!(c.addr, SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 80)));
        assert_eq!((c.family, c.socktype, c.proto), (AF_INET, SOCK_STREAM, IPPROTO_TCP));
        assert_eq!(numeric("::1", 80).unwrap().family, AF_INET6);
        assert!(numeric("localhost", 80).is_none());
        assert!(numeric("127.1", 80).is_none()); // left to getaddrinfo (inet_aton forms)
    }
}
