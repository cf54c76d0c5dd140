//! The socket-address codec: [`SockAddr`] to and from the bytes of a C `sockaddr_*`.
//!
//! SKELETON: the interface other modules build against. Encoding writes at the field offsets
//! of sys/'s structs, which build.rs checks against the target's headers, so the codec needs
//! no `unsafe` and is right on every target.

use core::mem::{offset_of, size_of};
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
        if bytes.is_empty() {
            return None;
        }
        let fam_off = offset_of!(sys::sockaddr, sa_family);
        let family = read_uint(bytes, fam_off, size_of::<sys::sa_family_t>())? as i32;
        if family == crate::consts::AF_INET {
            let port = read_be16(bytes, offset_of!(sys::sockaddr_in, sin_port))?;
            let ip = read_array::<4>(bytes, offset_of!(sys::sockaddr_in, sin_addr))?;
            return Some(SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::from(ip), port)));
        }
        if family == crate::consts::AF_INET6 {
            let port = read_be16(bytes, offset_of!(sys::sockaddr_in6, sin6_port))?;
            let flow = read_array::<4>(bytes, offset_of!(sys::sockaddr_in6, sin6_flowinfo))?;
            let ip = read_array::<16>(bytes, offset_of!(sys::sockaddr_in6, sin6_addr))?;
            let scope = read_array::<4>(bytes, offset_of!(sys::sockaddr_in6, sin6_scope_id))?;
            return Some(SockAddr::Inet6(SocketAddrV6::new(
                Ipv6Addr::from(ip),
                port,
                u32::from_be_bytes(flow),
                u32::from_ne_bytes(scope),
            )));
        }
        if family == crate::consts::AF_UNIX {
            let off = offset_of!(sys::sockaddr_un, sun_path);
            let path = bytes.get(off..).unwrap_or(&[]);
            let path = &path[..path.len().min(UNIX_PATH_MAX)];
            // B5/B6: a leading NUL (or nothing) is taken byte for byte; a path stops at NUL.
            let path = if path.first() == Some(&0) || path.is_empty() {
                path
            } else {
                &path[..path.iter().position(|&b| b == 0).unwrap_or(path.len())]
            };
            return UnixAddr::new(path).ok().map(SockAddr::Unix);
        }
        None
    }

    /// Encode into a C sockaddr in `out` (bytes and length to pass to the kernel).
    pub fn encode(&self, out: &mut sys::net::SockaddrBuf) -> Result<()> {
        *out = sys::net::SockaddrBuf::new();
        let b = out.storage.as_bytes_mut();
        let len = match self {
            SockAddr::Inet(a) => {
                put_family(b, crate::consts::AF_INET);
                put(b, offset_of!(sys::sockaddr_in, sin_port), &a.port().to_be_bytes());
                put(b, offset_of!(sys::sockaddr_in, sin_addr), &a.ip().octets());
                size_of::<sys::sockaddr_in>()
            }
            SockAddr::Inet6(a) => {
                put_family(b, crate::consts::AF_INET6);
                put(b, offset_of!(sys::sockaddr_in6, sin6_port), &a.port().to_be_bytes());
                put(b, offset_of!(sys::sockaddr_in6, sin6_flowinfo), &a.flowinfo().to_be_bytes());
                put(b, offset_of!(sys::sockaddr_in6, sin6_addr), &a.ip().octets());
                put(b, offset_of!(sys::sockaddr_in6, sin6_scope_id), &a.scope_id().to_ne_bytes());
                size_of::<sys::sockaddr_in6>()
            }
            SockAddr::Unix(u) => {
                put_family(b, crate::consts::AF_UNIX);
                let off = offset_of!(sys::sockaddr_un, sun_path);
                put(b, off, u.as_bytes());
                // A29: family plus the path, without a trailing NUL.
                off + u.as_bytes().len()
            }
        };
        #[cfg(bsdsock_sa_len)]
        {
            b[0] = len as u8;
        }
        out.len = len as sys::socklen_t;
        Ok(())
    }
}

/// Address arguments, as Python's `bind`, `connect` and `sendto` take them, resolved against
/// the socket's family (A1): `(host, port)` and `(host, port, flowinfo, scope_id)` for
/// AF_INET / AF_INET6, a path for AF_UNIX, any [`SockAddr`], and `core::net` addresses.
pub trait ToSockAddr {
    /// The address for a socket of `family`, or the error Python raises for it.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr>;
}

impl ToSockAddr for SockAddr {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(*self)
    }
}

impl<T: ToSockAddr + ?Sized> ToSockAddr for &T {
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        (**self).to_sockaddr(family)
    }
}

impl ToSockAddr for SocketAddrV4 {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SockAddr::Inet(*self))
    }
}

impl ToSockAddr for SocketAddrV6 {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SockAddr::Inet6(*self))
    }
}

impl ToSockAddr for core::net::SocketAddr {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(match *self {
            core::net::SocketAddr::V4(a) => SockAddr::Inet(a),
            core::net::SocketAddr::V6(a) => SockAddr::Inet6(a),
        })
    }
}

impl ToSockAddr for (&str, u16) {
    /// SKELETON: numeric hosts only; `""`, `"<broadcast>"` and names come with the resolver.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        let (host, port) = *self;
        if family == crate::consts::AF_INET {
            if let Some(ip) = super::inet::pton4(host.as_bytes()) {
                return Ok(SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::from(ip), port)));
            }
        } else if family == crate::consts::AF_INET6 {
            if let Some(ip) = super::inet::pton6(host.as_bytes()) {
                return Ok(SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::from(ip), port, 0, 0)));
            }
        }
        Err(Error::AddrLookup(crate::consts::EAI_NONAME))
    }
}

impl ToSockAddr for str {
    /// An AF_UNIX path (UTF-8); use `[u8]` for any bytes.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        self.as_bytes().to_sockaddr(family)
    }
}

impl ToSockAddr for [u8] {
    /// An AF_UNIX path or abstract name, byte for byte.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != crate::consts::AF_UNIX {
            return Err(Error::Type("a path is an AF_UNIX address"));
        }
        UnixAddr::new(self).map(SockAddr::Unix)
    }
}

impl ToSockAddr for UnixAddr {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SockAddr::Unix(*self))
    }
}

fn read_uint(b: &[u8], off: usize, size: usize) -> Option<u64> {
    let s = b.get(off..off.checked_add(size)?)?;
    Some(match size {
        1 => s[0] as u64,
        2 => u16::from_ne_bytes([s[0], s[1]]) as u64,
        4 => u32::from_ne_bytes([s[0], s[1], s[2], s[3]]) as u64,
        _ => return None,
    })
}

fn read_array<const N: usize>(b: &[u8], off: usize) -> Option<[u8; N]> {
    b.get(off..off.checked_add(N)?)?.try_into().ok()
}

fn read_be16(b: &[u8], off: usize) -> Option<u16> {
    read_array::<2>(b, off).map(u16::from_be_bytes)
}

fn put(b: &mut [u8], off: usize, data: &[u8]) {
    if let Some(dst) = b.get_mut(off..off + data.len()) {
        dst.copy_from_slice(data);
    }
}

fn put_family(b: &mut [u8], family: i32) {
    let off = offset_of!(sys::sockaddr, sa_family);
    match size_of::<sys::sa_family_t>() {
        1 => put(b, off, &[family as u8]),
        _ => put(b, off, &(family as u16).to_ne_bytes()),
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
