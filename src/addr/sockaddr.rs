//! The socket-address codec: [`SockAddr`] to and from the bytes of a C `sockaddr_*`.
//!
//! SKELETON: the interface other modules build against. Encoding writes at the field offsets
//! of sys/'s structs, which build.rs checks against the target's headers, so the codec needs
//! no `unsafe` and is right on every target.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

use crate::error::{Error, Result};
use crate::sys;

/// Maximum bytes of a Unix socket path (`sizeof(sun_path)`: 108 on Linux, 104 on BSD).
pub const UNIX_PATH_MAX: usize = sys::SUN_PATH_LEN;

/// An AF_UNIX address: a filesystem path (any bytes, not necessarily UTF-8), a Linux
/// abstract name (first byte NUL, used byte for byte), or unnamed (empty).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnixAddr {
    bytes: [u8; UNIX_PATH_MAX],
    len: u8,
}

impl UnixAddr {
    /// An unnamed address (socketpair ends, unbound sockets).
    pub const fn unnamed() -> Self {
        UnixAddr { bytes: [0; UNIX_PATH_MAX], len: 0 }
    }

    /// A path or abstract name from raw bytes. A regular path may have at most
    /// `UNIX_PATH_MAX - 1` bytes (a trailing NUL must fit); an abstract name (leading NUL)
    /// `UNIX_PATH_MAX`. Longer: `AF_UNIX path too long`.
    pub fn new(path: &[u8]) -> Result<Self> {
        let max = if path.first() == Some(&0) { UNIX_PATH_MAX } else { UNIX_PATH_MAX - 1 };
        if path.len() > max {
            return Err(Error::Socket("AF_UNIX path too long"));
        }
        let mut bytes = [0; UNIX_PATH_MAX];
        bytes[..path.len()].copy_from_slice(path);
        Ok(UnixAddr { bytes, len: path.len() as u8 })
    }

    /// The address bytes: the path, or the abstract name with its leading NUL, or empty.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..(self.len as usize).min(UNIX_PATH_MAX)]
    }

    /// Is this a Linux abstract-namespace name (leading NUL)?
    pub fn is_abstract(&self) -> bool {
        self.len > 0 && self.bytes[0] == 0
    }

    /// Is this unnamed?
    pub fn is_unnamed(&self) -> bool {
        self.len == 0
    }
}

impl core::fmt::Debug for UnixAddr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "UnixAddr({:?})", self.as_bytes().escape_ascii())
    }
}

/// A socket address, decoded from what the kernel returned (getsockname, getpeername,
/// accept, recvfrom) or built to pass to it. Fixed size, no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SockAddr {
    /// AF_INET: Python's `(host, port)`.
    Inet(SocketAddrV4),
    /// AF_INET6: Python's `(host, port, flowinfo, scope_id)`.
    Inet6(SocketAddrV6),
    /// AF_UNIX: a path, an abstract name, or unnamed (Python's `''`).
    Unix(UnixAddr),
}

impl SockAddr {
    /// The address family (AF_INET, …).
    pub fn family(&self) -> i32 {
        match self {
            SockAddr::Inet(_) => crate::consts::AF_INET,
            SockAddr::Inet6(_) => crate::consts::AF_INET6,
            SockAddr::Unix(_) => crate::consts::AF_UNIX,
        }
    }

    /// Decode the bytes of a C sockaddr as the kernel returned them (`len` bytes of a
    /// sockaddr_storage). `None` for a length of 0 (Python returns `None`, B1). Never panics.
    pub fn decode(bytes: &[u8]) -> Option<SockAddr> {
        let _ = (Ipv4Addr::UNSPECIFIED, Ipv6Addr::UNSPECIFIED);
        let _ = bytes;
        None
    }

    /// Encode into a C sockaddr: fills `out` and returns the length to pass to the kernel.
    pub fn encode(&self, out: &mut sys::net::SockaddrBuf) -> Result<()> {
        let _ = out;
        Err(Error::Socket("getsockaddrarg: bad family"))
    }
}

impl From<SocketAddrV4> for SockAddr {
    fn from(a: SocketAddrV4) -> Self {
        SockAddr::Inet(a)
    }
}

impl From<SocketAddrV6> for SockAddr {
    fn from(a: SocketAddrV6) -> Self {
        SockAddr::Inet6(a)
    }
}
