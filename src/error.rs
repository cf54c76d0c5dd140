//! One error type shaped like Python's socket exceptions.
//!
//! | Python                               | [`Error`]                 | Display                                   |
//! |--------------------------------------|---------------------------|-------------------------------------------|
//! | `socket.error(errno, strerror)`      | [`Error::Os`]             | `[Errno 111] Connection refused`          |
//! | `socket.gaierror(code, gai_strerror)`| [`Error::AddrLookup`]     | `[Errno -2] Name or service not known`    |
//! | `socket.herror(h_errno, hstrerror)`  | [`Error::Host`]           | `[Errno 1] Unknown host`                  |
//! | `socket.timeout('timed out')`        | [`Error::Timeout`]        | `timed out`                               |
//! | `socket.error(msg)`                  | [`Error::Socket`]         | `AF_UNIX path too long`                   |
//! | `ValueError(msg)`                    | [`Error::Value`]          | `negative buffersize in recv`             |
//! | `OverflowError(msg)`                 | [`Error::Overflow`]       | `getsockaddrarg: port must be 0-65535.`   |
//! | `ValueError('unknown address family %d')` | [`Error::UnknownFamily`] | `unknown address family 1`         |
//! | `TypeError(msg)` (address shape)     | [`Error::Type`]           | `AF_UNIX address must be str or bytes`    |
//! | `ValueError(msg % n)`                | [`Error::ValueNum`]       | `maxevents must be greater than 0, got 0` |
//! | `KeyError(key)`                      | [`Error::Key`]            | `4`                                       |
//!
//! Python's `TypeError`s about argument shapes have no counterpart: Rust's types rule those
//! inputs out. Display never allocates: the texts come from static strings or from the C
//! library into a stack buffer (strerror_r, gai_strerror, hstrerror).

use core::fmt;

use crate::sys;

/// Every failure bsdsock reports. See the [module docs](self) for the Python class of each.
///
/// `Debug` carries the text too, so `fn main() -> bsdsock::Result<()>` and `.unwrap()`
/// print what went wrong: `Os(111, "Connection refused")`, `AddrLookup(-2, "Name or
/// service not known")`, `Timeout`, `Value("negative buffersize in recv")`.
///
/// ```
/// use bsdsock::{Error, consts::errno::ECONNREFUSED};
///
/// let e = Error::Os(ECONNREFUSED);
/// assert_eq!(format!("{e}"), format!("[Errno {ECONNREFUSED}] Connection refused"));
/// assert_eq!(format!("{e:?}"), format!("Os({ECONNREFUSED}, \"Connection refused\")"));
/// assert_eq!(format!("{:?}", Error::Timeout), "Timeout");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// An errno from a system call (Python's `socket.error(errno, strerror)`; in 3.x the
    /// matching `OSError` subclass).
    Os(i32),
    /// An address-lookup error from getaddrinfo(3) / getnameinfo(3): the `EAI_*` code
    /// (Python's `socket.gaierror`). `EAI_SYSTEM` never appears here: it becomes [`Error::Os`].
    AddrLookup(i32),
    /// A host-database error (`h_errno`) from gethostbyname_r(3) / gethostbyaddr_r(3)
    /// (Python's `socket.herror`).
    Host(i32),
    /// A timeout-mode operation ran out of time (Python's `socket.timeout('timed out')`).
    Timeout,
    /// A `socket.error` that carries only a message, e.g. `AF_UNIX path too long`.
    Socket(&'static str),
    /// An invalid argument Python reports as `ValueError`, e.g. `negative buffersize in recv`.
    Value(&'static str),
    /// An out-of-range argument Python reports as `OverflowError`, e.g.
    /// `getsockaddrarg: port must be 0-65535.`.
    Overflow(&'static str),
    /// `inet_ntop` with a family other than AF_INET / AF_INET6 (Python's
    /// `ValueError('unknown address family N')`).
    UnknownFamily(i32),
    /// An argument of the wrong shape for the socket's family, which Python reports as
    /// `TypeError` (e.g. a `(host, port)` pair given to an AF_UNIX socket:
    /// `AF_UNIX address must be str or bytes`). Rust's types rule out most of Python's.
    Type(&'static str),
    /// A `ValueError` whose message has a number in it: the text before the number, the
    /// number, the text after it. `ValueNum("maxevents must be greater than 0, got ", 0, "")`
    /// displays as `maxevents must be greater than 0, got 0`.
    ValueNum(&'static str, i64, &'static str),
    /// Python's `KeyError(key)`: a key that is not there, e.g. a descriptor that a
    /// [`select::Poll`](crate::select) object does not have registered. Displays as the key
    /// alone, as `str(KeyError(4))` does: `4`.
    Key(i64),
}

/// `Result` with bsdsock's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

/// Python's exception class for an [`Error`], as returned by [`Error::class`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PyClass {
    /// `socket.error` (`OSError` in 3.x).
    Error,
    /// `socket.gaierror`.
    GaiError,
    /// `socket.herror`.
    HError,
    /// `socket.timeout`.
    Timeout,
    /// `ValueError`.
    ValueError,
    /// `OverflowError`.
    OverflowError,
    /// `TypeError`.
    TypeError,
    /// `KeyError`.
    KeyError,
}

impl Error {
    /// The calling thread's errno as an [`Error::Os`] (errno(3)).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = bsdsock::Error::last_os_error();   // errno as it is now
    /// assert!(e.errno().is_some());
    /// ```
    pub fn last_os_error() -> Error {
        Error::Os(sys::errno::get().0)
    }

    /// The error number Python puts in `.errno`: the errno, EAI code or h_errno; `None` for
    /// timeouts and message-only errors (Python's `.errno is None`).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{Error, errno::ECONNREFUSED};
    /// assert_eq!(Error::Os(ECONNREFUSED).errno(), Some(ECONNREFUSED));
    /// assert_eq!(Error::Timeout.errno(), None);
    /// ```
    pub fn errno(&self) -> Option<i32> {
        match *self {
            Error::Os(e) | Error::AddrLookup(e) | Error::Host(e) => Some(e),
            _ => None,
        }
    }

    /// The Python exception class this error corresponds to.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{Error, PyClass};
    /// assert_eq!(Error::Timeout.class(), PyClass::Timeout);
    /// assert_eq!(Error::Value("negative buffersize in recv").class(), PyClass::ValueError);
    /// ```
    pub fn class(&self) -> PyClass {
        match self {
            Error::Os(_) | Error::Socket(_) => PyClass::Error,
            Error::AddrLookup(_) => PyClass::GaiError,
            Error::Host(_) => PyClass::HError,
            Error::Timeout => PyClass::Timeout,
            Error::Value(_) | Error::UnknownFamily(_) | Error::ValueNum(..) => PyClass::ValueError,
            Error::Overflow(_) => PyClass::OverflowError,
            Error::Type(_) => PyClass::TypeError,
            Error::Key(_) => PyClass::KeyError,
        }
    }

    /// Is this the errno `code`? (`e.is_errno(ECONNREFUSED)`)
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// a.setblocking(false)?;
    /// let err = a.recv_into(&mut [0u8; 8], 0).unwrap_err();
    /// assert!(err.is_errno(bsdsock::EAGAIN));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn is_errno(&self, code: i32) -> bool {
        matches!(*self, Error::Os(e) if e == code)
    }

    /// Is this EAGAIN / EWOULDBLOCK (a non-blocking call that would block)?
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// a.setblocking(false)?;
    /// assert!(a.recv_into(&mut [0u8; 8], 0).unwrap_err().is_would_block());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn is_would_block(&self) -> bool {
        use crate::consts::errno::{EAGAIN, EWOULDBLOCK};
        matches!(*self, Error::Os(e) if e == EAGAIN || e == EWOULDBLOCK)
    }

    /// Build the lookup error for an `EAI_*` code from getaddrinfo / getnameinfo, turning
    /// `EAI_SYSTEM` into the errno it stands for (Python [D4](crate::conformance#D4)).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{EAI_NONAME, Error};
    /// let e = Error::from_gai(EAI_NONAME);
    /// assert_eq!(e, Error::AddrLookup(EAI_NONAME));
    /// println!("{e}");                          // [Errno -2] Name or service not known
    /// ```
    pub fn from_gai(code: i32) -> Error {
        #[cfg(bsdsock_const = "EAI_SYSTEM")]
        if code == crate::consts::EAI_SYSTEM {
            return Error::last_os_error();
        }
        Error::AddrLookup(code)
    }
}

impl From<sys::errno::Errno> for Error {
    fn from(e: sys::errno::Errno) -> Self {
        Error::Os(e.0)
    }
}

/// The C library's text for a numbered error, written into `buf` where it has to be
/// copied (strerror_r); `None` when the C library knows no text for the number.
fn c_text<'b>(e: &Error, buf: &'b mut [u8; 256]) -> Option<(&'static str, i32, Option<&'b str>)> {
    Some(match *e {
        Error::Os(n) => ("Os", n, sys::errno::strerror(n, buf)),
        Error::AddrLookup(n) => ("AddrLookup", n, sys::netdb::gai_message(n)),
        Error::Host(n) => ("Host", n, sys::netdb::h_message(n)),
        _ => return None,
    })
}

/// What Display and Debug write when the C library has no text for the number.
fn unknown(name: &str, n: i32, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match name {
        "Os" => write!(f, "Unknown error {n}"),
        "AddrLookup" => f.write_str("Unknown address lookup error"),
        _ => f.write_str("Unknown resolver error"),
    }
}

impl fmt::Debug for Error {
    /// The variant with its number and the C library's text: `Os(111, "Connection
    /// refused")`. Nothing is allocated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 256];
        if let Some((name, n, text)) = c_text(self, &mut buf) {
            return match text {
                Some(t) => f.debug_tuple(name).field(&n).field(&t).finish(),
                None => {
                    write!(f, "{name}({n}, \"")?;
                    unknown(name, n, f)?;
                    f.write_str("\")")
                }
            };
        }
        match *self {
            Error::Socket(m) => f.debug_tuple("Socket").field(&m).finish(),
            Error::Value(m) => f.debug_tuple("Value").field(&m).finish(),
            Error::Overflow(m) => f.debug_tuple("Overflow").field(&m).finish(),
            Error::Type(m) => f.debug_tuple("Type").field(&m).finish(),
            Error::UnknownFamily(af) => f.debug_tuple("UnknownFamily").field(&af).finish(),
            Error::ValueNum(before, n, after) => {
                f.debug_tuple("ValueNum").field(&before).field(&n).field(&after).finish()
            }
            Error::Key(k) => f.debug_tuple("Key").field(&k).finish(),
            _ => f.write_str("Timeout"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 256];
        if let Some((name, n, text)) = c_text(self, &mut buf) {
            write!(f, "[Errno {n}] ")?;
            return match text {
                Some(t) => f.write_str(t),
                None => unknown(name, n, f),
            };
        }
        match *self {
            Error::Socket(m) | Error::Value(m) | Error::Overflow(m) | Error::Type(m) => {
                f.write_str(m)
            }
            Error::UnknownFamily(af) => write!(f, "unknown address family {af}"),
            Error::ValueNum(before, n, after) => write!(f, "{before}{n}{after}"),
            Error::Key(k) => write!(f, "{k}"),
            _ => f.write_str("timed out"),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "std")]
impl From<Error> for std::io::Error {
    /// OS errors keep their errno (so `kind()` and `raw_os_error()` work); a timeout becomes
    /// `TimedOut`, argument errors `InvalidInput`, a missing key `NotFound`, lookup errors
    /// `Other`, each carrying the bsdsock error as its source.
    fn from(e: Error) -> std::io::Error {
        use std::io::ErrorKind;
        match e {
            Error::Os(code) => std::io::Error::from_raw_os_error(code),
            Error::Timeout => std::io::Error::new(ErrorKind::TimedOut, e),
            Error::Value(_)
            | Error::Overflow(_)
            | Error::UnknownFamily(_)
            | Error::Type(_)
            | Error::ValueNum(..) => std::io::Error::new(ErrorKind::InvalidInput, e),
            Error::Key(_) => std::io::Error::new(ErrorKind::NotFound, e),
            Error::Socket(_) | Error::AddrLookup(_) | Error::Host(_) => std::io::Error::other(e),
        }
    }
}

#[cfg(feature = "std")]
impl From<std::io::Error> for Error {
    /// An io::Error with an OS code becomes [`Error::Os`]; `TimedOut` becomes
    /// [`Error::Timeout`]; one that wraps a bsdsock error gives it back; anything else is EIO.
    fn from(e: std::io::Error) -> Error {
        if let Some(code) = e.raw_os_error() {
            return Error::Os(code);
        }
        if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<Error>()) {
            return *inner;
        }
        if e.kind() == std::io::ErrorKind::TimedOut {
            return Error::Timeout;
        }
        Error::Os(crate::consts::errno::EIO)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consts::errno::*;
    use std::string::ToString;

    fn text(e: Error) -> std::string::String {
        std::format!("{e}")
    }

    #[test]
    #[cfg_attr(miri, ignore)] // strerror_r / gai_strerror are C calls
    fn os_error_text() {
        // glibc and musl share these texts.
        let want = std::format!("[Errno {ECONNREFUSED}] Connection refused");
        assert_eq!(text(Error::Os(ECONNREFUSED)), want);
        assert_eq!(Error::Os(EPIPE).errno(), Some(EPIPE));
        assert_eq!(Error::Os(EPIPE).class(), PyClass::Error);
        assert!(Error::Os(EAGAIN).is_would_block());
        assert!(Error::Os(ECONNREFUSED).is_errno(ECONNREFUSED));
    }

    #[test]
    #[cfg_attr(miri, ignore)] // strerror_r / gai_strerror are C calls
    fn os_error_unknown_code() {
        let t = text(Error::Os(99999));
        assert!(t.starts_with("[Errno 99999] "), "{}", t);
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[cfg_attr(miri, ignore)] // strerror_r / gai_strerror are C calls
    fn gai_error_text_glibc() {
        assert_eq!(
            text(Error::AddrLookup(crate::consts::EAI_NONAME)),
            std::format!("[Errno {}] Name or service not known", crate::consts::EAI_NONAME)
        );
        assert_eq!(
            text(Error::AddrLookup(crate::consts::EAI_FAMILY)),
            std::format!("[Errno {}] ai_family not supported", crate::consts::EAI_FAMILY)
        );
        assert_eq!(
            text(Error::AddrLookup(crate::consts::EAI_BADFLAGS)),
            std::format!("[Errno {}] Bad value for ai_flags", crate::consts::EAI_BADFLAGS)
        );
        let noname = crate::consts::EAI_NONAME;
        assert_eq!(Error::AddrLookup(noname).class(), PyClass::GaiError);
        assert_eq!(Error::AddrLookup(noname).errno(), Some(noname));
    }

    #[test]
    #[cfg_attr(miri, ignore)] // strerror_r / gai_strerror are C calls
    fn gai_error_text_any_libc() {
        let t = text(Error::AddrLookup(crate::consts::EAI_NONAME));
        let prefix = std::format!("[Errno {}] ", crate::consts::EAI_NONAME);
        assert!(t.starts_with(&*prefix) && t.len() > prefix.len(), "{}", t);
    }

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[cfg_attr(miri, ignore)] // strerror_r / gai_strerror are C calls
    fn host_error_text() {
        // netdb.h: # define HOST_NOT_FOUND 1 (h_errno values are not probed: one set everywhere)
        let host_not_found = 1;
        let want = std::format!("[Errno {host_not_found}] Unknown host");
        assert_eq!(text(Error::Host(host_not_found)), want);
        assert_eq!(Error::Host(host_not_found).class(), PyClass::HError);
    }

    #[test]
    #[cfg_attr(miri, ignore)] // strerror_r is a C call
    fn debug_carries_the_text() {
        let d = |e: Error| std::format!("{e:?}");
        assert_eq!(
            d(Error::Os(ECONNREFUSED)),
            std::format!("Os({ECONNREFUSED}, \"Connection refused\")")
        );
        assert!(d(Error::Os(99999)).starts_with("Os(99999, \""), "{}", d(Error::Os(99999)));
        assert_eq!(d(Error::Timeout), "Timeout");
        assert_eq!(d(Error::Value("x \"y\"")), "Value(\"x \\\"y\\\"\")");
        assert_eq!(d(Error::UnknownFamily(7)), "UnknownFamily(7)");
        assert_eq!(d(Error::ValueNum("got ", -2, "")), "ValueNum(\"got \", -2, \"\")");
        assert_eq!(d(Error::Key(4)), "Key(4)");
        let t = d(Error::AddrLookup(crate::consts::EAI_NONAME));
        assert!(
            t.starts_with(&*std::format!("AddrLookup({}, \"", crate::consts::EAI_NONAME)),
            "{t}"
        );
    }

    #[test]
    fn timeout_text() {
        assert_eq!(text(Error::Timeout), "timed out");
        assert_eq!(Error::Timeout.errno(), None);
        assert_eq!(Error::Timeout.class(), PyClass::Timeout);
    }

    #[test]
    fn message_errors() {
        assert_eq!(text(Error::Socket("AF_UNIX path too long")), "AF_UNIX path too long");
        assert_eq!(Error::Socket("x").class(), PyClass::Error);
        assert_eq!(Error::Socket("x").errno(), None);
        assert_eq!(
            text(Error::Value("negative buffersize in recv")),
            "negative buffersize in recv"
        );
        assert_eq!(Error::Value("x").class(), PyClass::ValueError);
        assert_eq!(
            text(Error::Overflow("getsockaddrarg: port must be 0-65535.")),
            "getsockaddrarg: port must be 0-65535."
        );
        assert_eq!(Error::Overflow("x").class(), PyClass::OverflowError);
        assert_eq!(text(Error::UnknownFamily(1)), "unknown address family 1");
        assert_eq!(Error::UnknownFamily(1).class(), PyClass::ValueError);
        let e = Error::ValueNum("file descriptor cannot be a negative integer (", -1, ")");
        assert_eq!(text(e), "file descriptor cannot be a negative integer (-1)");
        assert_eq!(e.class(), PyClass::ValueError);
        assert_eq!(e.errno(), None);
        assert_eq!(text(Error::Key(4)), "4");
        assert_eq!(Error::Key(4).class(), PyClass::KeyError);
        assert_eq!(Error::Key(4).errno(), None);
    }

    #[test]
    #[cfg(feature = "std")]
    fn into_io_error_kinds() {
        use std::io::ErrorKind;
        let k = |e: Error| std::io::Error::from(e).kind();
        assert_eq!(k(Error::Os(ECONNREFUSED)), ErrorKind::ConnectionRefused);
        assert_eq!(k(Error::Os(EAGAIN)), ErrorKind::WouldBlock);
        assert_eq!(k(Error::Os(EPIPE)), ErrorKind::BrokenPipe);
        assert_eq!(k(Error::Os(EADDRINUSE)), ErrorKind::AddrInUse);
        assert_eq!(k(Error::Timeout), ErrorKind::TimedOut);
        assert_eq!(k(Error::Value("x")), ErrorKind::InvalidInput);
        assert_eq!(k(Error::Overflow("x")), ErrorKind::InvalidInput);
        assert_eq!(k(Error::AddrLookup(crate::consts::EAI_NONAME)), ErrorKind::Other);
        assert_eq!(k(Error::ValueNum("x", 1, "")), ErrorKind::InvalidInput);
        assert_eq!(k(Error::Key(3)), ErrorKind::NotFound);
        assert_eq!(Error::from(std::io::Error::from(Error::Key(3))), Error::Key(3));
        assert_eq!(
            std::io::Error::from(Error::Os(ECONNREFUSED)).raw_os_error(),
            Some(ECONNREFUSED)
        );
        // And back.
        assert_eq!(Error::from(std::io::Error::from(Error::Timeout)), Error::Timeout);
        assert_eq!(Error::from(std::io::Error::from(Error::Os(EPIPE))), Error::Os(EPIPE));
        let gai = Error::AddrLookup(crate::consts::EAI_NONAME);
        assert_eq!(Error::from(std::io::Error::from(gai)), gai);
        let t = std::io::Error::from(Error::Timeout).to_string();
        assert_eq!(t, "timed out");
    }
}
