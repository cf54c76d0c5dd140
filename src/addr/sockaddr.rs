//! The socket-address codec: [`SockAddr`] to and from the bytes of a C `sockaddr_*`.
//!
//! Encoding and decoding read and write at the field offsets of sys/'s structs, which
//! build.rs checks against the target's headers, so the codec needs no `unsafe` and is right
//! on every target (BSD `sa_len`, one-byte `sa_family_t`, big-endian hosts).
//!
//! Panic contract: [`SockAddr::decode`] takes any bytes of any length and never panics. A
//! short buffer reads as if zero-filled, as CPython's zeroed `sockaddr_storage` does; a
//! family it has no variant for becomes [`SockAddr::Unknown`] with the raw bytes ([B12](crate::conformance#B12)).

use core::fmt;
use core::mem::{offset_of, size_of};
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::consts::{AF_INET, AF_INET6, AF_UNIX};
use crate::error::{Error, Result};
use crate::sys;

#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
pub use super::alg::AlgAddr;
#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
pub use super::can::{CanAddr, CanForm};
#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
pub use super::packet::PacketAddr;
#[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
pub use super::qipcrtr::QipcrtrAddr;
#[cfg(bsdsock_have = "linux_tipc_h")]
pub use super::tipc::TipcAddr;
pub use super::unix::{UNIX_PATH_MAX, UnixAddr};
#[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
pub use super::vsock::VsockAddr;

/// Offset of the family field in every `sockaddr_*` (1 on BSD, after `sa_len`; else 0).
pub const FAMILY_OFF: usize = offset_of!(sys::sockaddr, sa_family);
/// Size of the family field (`sizeof(sa_family_t)`: 2, or 1 on BSD).
pub const FAMILY_SIZE: usize = size_of::<sys::sa_family_t>();
/// Offset of the bytes after the family field (`sa_data`).
pub const RAW_DATA_OFF: usize = FAMILY_OFF + size_of::<sys::sa_family_t>();
/// Capacity of [`SockAddr::Unknown`]'s data: the rest of a `sockaddr_storage`.
pub const RAW_DATA_MAX: usize = sys::SOCKADDR_STORAGE_SIZE - RAW_DATA_OFF;

/// A socket address, decoded from what the kernel returned (getsockname, getpeername,
/// accept, recvfrom) or built to pass to it. Fixed size, no allocation.
///
/// `Display` writes Python's repr of the address ([section (b)](crate::conformance#section-b)): `('127.0.0.1', 80)`,
/// `('::1', 80, 0, 0)` (no `%zone`, as 3.7+), `'/tmp/sock'`, `(pid, groups)`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SockAddr {
    /// AF_INET: Python's `(host, port)`.
    Inet(SocketAddrV4),
    /// AF_INET6: Python's `(host, port, flowinfo, scope_id)`.
    Inet6(SocketAddrV6),
    /// AF_UNIX: a path, an abstract name, or unnamed (Python's `''`).
    Unix(UnixAddr),
    /// AF_NETLINK: Python's `(pid, groups)` ([B9](crate::conformance#B9)).
    #[cfg(bsdsock_have = "linux_netlink_h")]
    Netlink {
        /// `nl_pid`: the port id (0 is the kernel).
        pid: u32,
        /// `nl_groups`: the multicast group mask.
        groups: u32,
    },
    /// AF_TIPC: Python's 5-tuple ([B10](crate::conformance#B10)).
    #[cfg(bsdsock_have = "linux_tipc_h")]
    Tipc(TipcAddr),
    /// AF_PACKET: Python's `(ifname, proto, pkttype, hatype, addr)` (Linux).
    #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
    Packet(PacketAddr),
    /// AF_VSOCK: Python's `(cid, port)` (Linux).
    #[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
    Vsock(VsockAddr),
    /// AF_CAN: Python's `(interface,)`, `(interface, rx_addr, tx_addr)` or
    /// `(interface, name, pgn, addr)` (Linux).
    #[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
    Can(CanAddr),
    /// AF_ALG: Python's `(type, name, feat, mask)` (Linux).
    #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
    Alg(AlgAddr),
    /// AF_QIPCRTR: Python's `(node, port)` (Linux).
    #[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
    Qipcrtr(QipcrtrAddr),
    /// Any other family: the raw bytes after the family field (Python's
    /// `(sa_family, sa_data)`, [B12](crate::conformance#B12)). Only the first `len` bytes of `data` are the address.
    Unknown {
        /// `sa_family`.
        family: i32,
        /// The bytes after the family field.
        data: [u8; RAW_DATA_MAX],
        /// How many bytes of `data` are in use (clamped to `RAW_DATA_MAX` when read).
        len: u8,
    },
}

impl SockAddr {
    /// The address family (AF_INET, …).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::SockAddr::from(std::net::SocketAddr::from(([127, 0, 0, 1], 80)));
    /// assert_eq!(a.family(), bsdsock::AF_INET);
    /// ```
    pub fn family(&self) -> i32 {
        match self {
            SockAddr::Inet(_) => AF_INET,
            SockAddr::Inet6(_) => AF_INET6,
            SockAddr::Unix(_) => AF_UNIX,
            #[cfg(bsdsock_have = "linux_netlink_h")]
            SockAddr::Netlink { .. } => crate::consts::AF_NETLINK,
            #[cfg(bsdsock_have = "linux_tipc_h")]
            SockAddr::Tipc(_) => crate::consts::AF_TIPC,
            #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
            SockAddr::Packet(_) => crate::consts::AF_PACKET,
            #[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
            SockAddr::Vsock(_) => crate::consts::AF_VSOCK,
            #[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
            SockAddr::Can(_) => crate::consts::AF_CAN,
            #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
            SockAddr::Alg(_) => crate::consts::AF_ALG,
            #[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
            SockAddr::Qipcrtr(_) => crate::consts::AF_QIPCRTR,
            SockAddr::Unknown { family, .. } => *family,
        }
    }

    /// An [`SockAddr::Unknown`] from a family and its raw bytes.
    ///
    /// # Errors
    /// `Error::Value("sockaddr data too long")` when `data` is longer than `RAW_DATA_MAX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::SockAddr;
    /// let a = SockAddr::from_raw(12345, b"raw bytes")?;   // a family bsdsock has no variant for
    /// assert_eq!((a.family(), a.raw_data()), (12345, Some(&b"raw bytes"[..])));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn from_raw(family: i32, data: &[u8]) -> Result<SockAddr> {
        if data.len() > RAW_DATA_MAX {
            return Err(Error::Value("sockaddr data too long"));
        }
        let mut d = [0; RAW_DATA_MAX];
        d[..data.len()].copy_from_slice(data);
        Ok(SockAddr::Unknown { family, data: d, len: data.len() as u8 })
    }

    /// The raw bytes of an [`SockAddr::Unknown`].
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::SockAddr::from_raw(99, &[1, 2, 3])?;
    /// assert_eq!(a.raw_data(), Some(&[1u8, 2, 3][..]));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn raw_data(&self) -> Option<&[u8]> {
        match self {
            SockAddr::Unknown { data, len, .. } => Some(&data[..(*len as usize).min(RAW_DATA_MAX)]),
            _ => None,
        }
    }

    /// The IP address and port of an INET / INET6 address.
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_DGRAM, 0)?;
    /// s.bind(("127.0.0.1", 0))?;
    /// let std_addr: std::net::SocketAddr = s.getsockname()?.as_socket_addr().unwrap();
    /// assert!(std_addr.ip().is_loopback());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn as_socket_addr(&self) -> Option<SocketAddr> {
        match *self {
            SockAddr::Inet(a) => Some(SocketAddr::V4(a)),
            SockAddr::Inet6(a) => Some(SocketAddr::V6(a)),
            _ => None,
        }
    }

    /// The Unix address of an AF_UNIX address.
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let name = a.getsockname()?;
    /// assert!(name.as_unix().unwrap().is_unnamed());   // socketpair ends have no name
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn as_unix(&self) -> Option<&UnixAddr> {
        match self {
            SockAddr::Unix(u) => Some(u),
            _ => None,
        }
    }

    /// Decode the bytes of a C sockaddr as the kernel returned them (the first `len` bytes
    /// of a sockaddr_storage). `None` for a length of 0 (Python returns `None`, [B1](crate::conformance#B1)).
    ///
    /// Never panics and never fails otherwise: bytes past a `sockaddr_storage` are ignored,
    /// missing bytes read as zero (as CPython's zeroed storage), and a family without its own
    /// variant is [`SockAddr::Unknown`]. A BSD `sa_len` byte is ignored.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::SockAddr;
    /// let a = SockAddr::from(std::net::SocketAddr::from(([10, 0, 0, 1], 8080)));
    /// let mut buf = [0u8; 128];
    /// let n = a.encode_bytes(&mut buf)?;
    /// assert_eq!(SockAddr::decode(&buf[..n]), Some(a));   // any bytes: never panics
    /// assert_eq!(SockAddr::decode(&[]), None);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn decode(bytes: &[u8]) -> Option<SockAddr> {
        if bytes.is_empty() {
            return None;
        }
        let b = &bytes[..bytes.len().min(sys::SOCKADDR_STORAGE_SIZE)];
        let family = read_family(b);
        if family == AF_INET {
            let port = u16::from_be_bytes(rd(b, offset_of!(sys::sockaddr_in, sin_port)));
            let ip: [u8; 4] = rd(b, offset_of!(sys::sockaddr_in, sin_addr));
            return Some(SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::from(ip), port)));
        }
        if family == AF_INET6 {
            let port = u16::from_be_bytes(rd(b, offset_of!(sys::sockaddr_in6, sin6_port)));
            let flow = u32::from_be_bytes(rd(b, offset_of!(sys::sockaddr_in6, sin6_flowinfo)));
            let ip: [u8; 16] = rd(b, offset_of!(sys::sockaddr_in6, sin6_addr));
            let scope = u32::from_ne_bytes(rd(b, offset_of!(sys::sockaddr_in6, sin6_scope_id)));
            return Some(SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::from(ip), port, flow, scope)));
        }
        if family == AF_UNIX {
            let path = b.get(offset_of!(sys::sockaddr_un, sun_path)..).unwrap_or(&[]);
            let path = &path[..path.len().min(UNIX_PATH_MAX)];
            // B5/B6: a leading NUL (or nothing) is taken byte for byte; a path stops at NUL.
            let path = if path.first() == Some(&0) || path.is_empty() {
                path
            } else {
                &path[..path.iter().position(|&c| c == 0).unwrap_or(path.len())]
            };
            return Some(SockAddr::Unix(UnixAddr::from_raw(path)));
        }
        #[cfg(bsdsock_have = "linux_netlink_h")]
        if family == crate::consts::AF_NETLINK {
            let pid = u32::from_ne_bytes(rd(b, offset_of!(sys::sockaddr_nl, nl_pid)));
            let groups = u32::from_ne_bytes(rd(b, offset_of!(sys::sockaddr_nl, nl_groups)));
            return Some(SockAddr::Netlink { pid, groups });
        }
        #[cfg(bsdsock_have = "linux_tipc_h")]
        if family == crate::consts::AF_TIPC {
            let [ty]: [u8; 1] = rd(b, offset_of!(sys::sockaddr_tipc, addrtype));
            let [scope]: [u8; 1] = rd(b, offset_of!(sys::sockaddr_tipc, scope));
            let off = offset_of!(sys::sockaddr_tipc, addr);
            let w = [
                u32::from_ne_bytes(rd(b, off)),
                u32::from_ne_bytes(rd(b, off + 4)),
                u32::from_ne_bytes(rd(b, off + 8)),
            ];
            return Some(SockAddr::Tipc(TipcAddr::from_words(ty, scope, w)));
        }
        #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
        if family == crate::consts::AF_PACKET {
            return Some(SockAddr::Packet(PacketAddr::decode(b)));
        }
        #[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
        if family == crate::consts::AF_VSOCK {
            return Some(SockAddr::Vsock(VsockAddr::decode(b)));
        }
        #[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
        if family == crate::consts::AF_CAN {
            return Some(SockAddr::Can(CanAddr::decode(b)));
        }
        #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
        if family == crate::consts::AF_ALG {
            return Some(SockAddr::Alg(AlgAddr::decode(b)));
        }
        #[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
        if family == crate::consts::AF_QIPCRTR {
            return Some(SockAddr::Qipcrtr(QipcrtrAddr::decode(b)));
        }
        let data = b.get(RAW_DATA_OFF..).unwrap_or(&[]);
        let mut d = [0; RAW_DATA_MAX];
        let n = data.len().min(RAW_DATA_MAX);
        d[..n].copy_from_slice(&data[..n]);
        Some(SockAddr::Unknown { family, data: d, len: n as u8 })
    }

    /// Encode into a C sockaddr in `out` (bytes and length to pass to the kernel). The
    /// length is that of the family's struct ([A18](crate::conformance#A18), [A24](crate::conformance#A24), [A34](crate::conformance#A34)), or for AF_UNIX the family
    /// field plus the path without a trailing NUL ([A29](crate::conformance#A29)). On BSD the `sa_len` byte is set.
    ///
    /// # Errors
    /// `Error::Type("Invalid address type")` for a TIPC address of another type ([A41](crate::conformance#A41));
    /// `getsockaddrarg: bad family` for an [`SockAddr::Unknown`] whose family does not fit
    /// `sa_family_t`.
    pub fn encode(&self, out: &mut sys::net::SockaddrBuf) -> Result<()> {
        *out = sys::net::SockaddrBuf::new();
        let b = out.storage.as_bytes_mut();
        let len = match self {
            SockAddr::Inet(a) => {
                put_family(b, AF_INET);
                put(b, offset_of!(sys::sockaddr_in, sin_port), &a.port().to_be_bytes());
                put(b, offset_of!(sys::sockaddr_in, sin_addr), &a.ip().octets());
                size_of::<sys::sockaddr_in>()
            }
            SockAddr::Inet6(a) => {
                put_family(b, AF_INET6);
                put(b, offset_of!(sys::sockaddr_in6, sin6_port), &a.port().to_be_bytes());
                put(b, offset_of!(sys::sockaddr_in6, sin6_flowinfo), &a.flowinfo().to_be_bytes());
                put(b, offset_of!(sys::sockaddr_in6, sin6_addr), &a.ip().octets());
                put(b, offset_of!(sys::sockaddr_in6, sin6_scope_id), &a.scope_id().to_ne_bytes());
                size_of::<sys::sockaddr_in6>()
            }
            SockAddr::Unix(u) => {
                put_family(b, AF_UNIX);
                let off = offset_of!(sys::sockaddr_un, sun_path);
                put(b, off, u.as_bytes());
                off + u.as_bytes().len()
            }
            #[cfg(bsdsock_have = "linux_netlink_h")]
            SockAddr::Netlink { pid, groups } => {
                put_family(b, crate::consts::AF_NETLINK);
                put(b, offset_of!(sys::sockaddr_nl, nl_pid), &pid.to_ne_bytes());
                put(b, offset_of!(sys::sockaddr_nl, nl_groups), &groups.to_ne_bytes());
                size_of::<sys::sockaddr_nl>()
            }
            #[cfg(bsdsock_have = "linux_tipc_h")]
            SockAddr::Tipc(t) => {
                let w = t.words()?;
                put_family(b, crate::consts::AF_TIPC);
                put(b, offset_of!(sys::sockaddr_tipc, addrtype), &[t.addr_type]);
                put(b, offset_of!(sys::sockaddr_tipc, scope), &[t.scope]);
                let off = offset_of!(sys::sockaddr_tipc, addr);
                for (i, word) in w.iter().enumerate() {
                    put(b, off + 4 * i, &word.to_ne_bytes());
                }
                size_of::<sys::sockaddr_tipc>()
            }
            #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
            SockAddr::Packet(a) => a.encode(b),
            #[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
            SockAddr::Vsock(a) => a.encode(b),
            #[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
            SockAddr::Can(a) => a.encode(b),
            #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
            SockAddr::Alg(a) => a.encode(b),
            #[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
            SockAddr::Qipcrtr(a) => a.encode(b),
            SockAddr::Unknown { family, data, len } => {
                if *family < 0 || *family as u64 > max_family() {
                    return Err(Error::Socket("getsockaddrarg: bad family"));
                }
                put_family(b, *family);
                let n = (*len as usize).min(RAW_DATA_MAX);
                put(b, RAW_DATA_OFF, &data[..n]);
                RAW_DATA_OFF + n
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

impl SockAddr {
    /// Encode into `out` and return the length: the bytes of the C `struct sockaddr_*`
    /// that [`encode`](SockAddr::encode) gives the kernel (family field, `sa_len` on BSD,
    /// every field at the offset the target's headers put it). Pure: no system call, no
    /// allocation; for building messages by hand, comparing bytes, and tests.
    ///
    /// ```
    /// use bsdsock::SockAddr;
    /// let a: SockAddr = "127.0.0.1:80".parse::<std::net::SocketAddr>().unwrap().into();
    /// let mut buf = [0u8; 128];
    /// let n = a.encode_bytes(&mut buf).unwrap();
    /// assert_eq!(n, 16); // sizeof(struct sockaddr_in)
    /// assert_eq!(SockAddr::decode(&buf[..n]), Some(a));
    /// ```
    ///
    /// # Errors
    /// As [`encode`](SockAddr::encode); `Error::Value("buffer too small for the address")`
    /// when `out` is shorter than the encoding (128 bytes always suffice, 256 on OpenBSD).
    pub fn encode_bytes(&self, out: &mut [u8]) -> Result<usize> {
        let mut buf = sys::net::SockaddrBuf::new();
        self.encode(&mut buf)?;
        let b = buf.bytes();
        let dst = out.get_mut(..b.len()).ok_or(Error::Value("buffer too small for the address"))?;
        dst.copy_from_slice(b);
        Ok(b.len())
    }
}

fn max_family() -> u64 {
    if size_of::<sys::sa_family_t>() == 1 { u8::MAX as u64 } else { u16::MAX as u64 }
}

/// The family field of possibly short bytes (missing bytes read as zero).
fn read_family(b: &[u8]) -> i32 {
    if size_of::<sys::sa_family_t>() == 1 {
        let [f]: [u8; 1] = rd(b, FAMILY_OFF);
        f as i32
    } else {
        u16::from_ne_bytes(rd(b, FAMILY_OFF)) as i32
    }
}

/// `N` bytes at `off`; bytes beyond `b` read as zero. Never panics.
pub(super) fn rd<const N: usize>(b: &[u8], off: usize) -> [u8; N] {
    let mut out = [0; N];
    let src = b.get(off..).unwrap_or(&[]);
    let n = src.len().min(N);
    out[..n].copy_from_slice(&src[..n]);
    out
}

pub(super) fn put(b: &mut [u8], off: usize, data: &[u8]) {
    if let Some(dst) = off.checked_add(data.len()).and_then(|end| b.get_mut(off..end)) {
        dst.copy_from_slice(data);
    }
}

pub(super) fn put_family(b: &mut [u8], family: i32) {
    match size_of::<sys::sa_family_t>() {
        1 => put(b, FAMILY_OFF, &[family as u8]),
        _ => put(b, FAMILY_OFF, &(family as u16).to_ne_bytes()),
    }
}

/// Python's repr of a byte string: `'abc'`, `'\x00name'`, `"it's"`. No allocation.
pub(crate) fn py_repr_bytes(f: &mut fmt::Formatter<'_>, s: &[u8]) -> fmt::Result {
    use fmt::Write;
    let quote = if s.contains(&b'\'') && !s.contains(&b'"') { '"' } else { '\'' };
    f.write_char(quote)?;
    for &c in s {
        match c {
            b'\\' => f.write_str("\\\\")?,
            b'\t' => f.write_str("\\t")?,
            b'\n' => f.write_str("\\n")?,
            b'\r' => f.write_str("\\r")?,
            c if c as char == quote => write!(f, "\\{quote}")?,
            0x20..=0x7e => f.write_char(c as char)?,
            c => write!(f, "\\x{c:02x}")?,
        }
    }
    f.write_char(quote)
}

/// Python's repr of an AF_INET address, `('a.b.c.d', port)`, built in a stack buffer.
struct InetText {
    buf: [u8; 32],
    len: usize,
}

impl InetText {
    fn new(a: &SocketAddrV4) -> Self {
        let mut t = InetText { buf: [0; 32], len: 0 };
        t.push(b"('");
        t.push(super::inet::ntop4(&a.ip().octets()).as_bytes());
        t.push(b"', ");
        t.push_dec(u32::from(a.port()));
        t.push(b")");
        t
    }

    /// At most 2 + 15 + 3 + 5 + 1 = 26 bytes are ever pushed, so the slices stay in bounds.
    fn push(&mut self, s: &[u8]) {
        if let Some(d) = self.buf.get_mut(self.len..self.len + s.len()) {
            d.copy_from_slice(s);
            self.len += s.len();
        }
    }

    /// Decimal digits of `v` (at most 5: a port).
    fn push_dec(&mut self, mut v: u32) {
        let mut d = [0u8; 5];
        let mut i = d.len();
        loop {
            i -= 1;
            d[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 || i == 0 {
                break;
            }
        }
        self.push(&d[i..]);
    }

    fn as_str(&self) -> &str {
        // Only ASCII digits and punctuation are pushed.
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Display for SockAddr {
    /// Python's repr of the address tuple ([section (b)](crate::conformance#section-b)).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The commonest address gets its text without core::fmt's per-octet machinery
            // (about 1,000 instructions less: BENCHMARKS.md, sockaddr_text).
            SockAddr::Inet(a) => f.write_str(InetText::new(a).as_str()),
            // B4 (3.7+): the host text has no %zone; the scope is the 4th item.
            SockAddr::Inet6(a) => write!(
                f,
                "('{}', {}, {}, {})",
                super::inet::ntop6(&a.ip().octets()),
                a.port(),
                a.flowinfo(),
                a.scope_id()
            ),
            SockAddr::Unix(u) => fmt::Display::fmt(u, f),
            #[cfg(bsdsock_have = "linux_netlink_h")]
            SockAddr::Netlink { pid, groups } => write!(f, "({pid}, {groups})"),
            #[cfg(bsdsock_have = "linux_tipc_h")]
            SockAddr::Tipc(t) => fmt::Display::fmt(t, f),
            #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
            SockAddr::Packet(a) => fmt::Display::fmt(a, f),
            #[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
            SockAddr::Vsock(a) => fmt::Display::fmt(a, f),
            #[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
            SockAddr::Can(a) => fmt::Display::fmt(a, f),
            #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
            SockAddr::Alg(a) => fmt::Display::fmt(a, f),
            #[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
            SockAddr::Qipcrtr(a) => fmt::Display::fmt(a, f),
            SockAddr::Unknown { family, .. } => {
                write!(f, "({family}, ")?;
                py_repr_bytes(f, self.raw_data().unwrap_or(&[]))?;
                f.write_str(")")
            }
        }
    }
}

/// What kind of Rust value was given as an address, for the wrong-shape error text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `&str`, `Path`, `OsStr`: Python's `str`.
    Str,
    /// `&[u8]`: Python's `bytes`.
    Bytes,
    /// `(u32, u32)`: a pair of ints.
    IntPair,
    /// `(&str, u16)`.
    HostPair,
    /// `(&str, u16, u32, u32)`.
    HostQuad,
    /// [`TipcAddr`]: a 5-tuple of ints (only where <linux/tipc.h> exists).
    #[cfg(bsdsock_have = "linux_tipc_h")]
    Tipc,
    /// Another family's address type ([`PacketAddr`], [`CanAddr`], …) or tuple of another
    /// shape.
    #[allow(dead_code)]
    Struct,
}

/// The error Python 3 raises for an address of the wrong shape for `family` ([A4](crate::conformance#A4), [A19](crate::conformance#A19), [A25](crate::conformance#A25),
/// [A32](crate::conformance#A32), [A35](crate::conformance#A35), [A2](crate::conformance#A2)), with the method name left out.
pub(crate) fn shape_error(family: i32, shape: Shape) -> Error {
    use Shape::*;
    let msg = if family == AF_INET {
        match shape {
            Str => "AF_INET address must be tuple, not str",
            Bytes => "AF_INET address must be tuple, not bytes",
            IntPair => "str, bytes or bytearray expected, not int",
            _ => "AF_INET address must be a pair (host, port)",
        }
    } else if family == AF_INET6 {
        match shape {
            Str => "AF_INET6 address must be tuple, not str",
            Bytes => "AF_INET6 address must be tuple, not bytes",
            IntPair => "str, bytes or bytearray expected, not int",
            _ => "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])",
        }
    } else if family == AF_UNIX {
        "a bytes-like object is required, not 'tuple'"
    } else if is_netlink(family) {
        match shape {
            Str => "AF_NETLINK address must be tuple, not str",
            Bytes => "AF_NETLINK address must be tuple, not bytes",
            _ => "AF_NETLINK address must be a pair (pid, groups)",
        }
    } else if is_tipc(family) {
        match shape {
            Str => "AF_TIPC address must be tuple, not str",
            Bytes => "AF_TIPC address must be tuple, not bytes",
            _ => "Invalid TIPC address format",
        }
    } else if is_rds(family) {
        // RDS sockets take AF_INET addresses (CPython falls through to AF_INET).
        return shape_error(AF_INET, shape);
    } else if is_packet(family) {
        match shape {
            Str => "AF_PACKET address must be tuple, not str",
            Bytes => "AF_PACKET address must be tuple, not bytes",
            _ => "AF_PACKET address must be a tuple of two to five elements",
        }
    } else if is_vsock(family) {
        match shape {
            Str => "getsockaddrarg: AF_VSOCK address must be tuple, not str",
            Bytes => "getsockaddrarg: AF_VSOCK address must be tuple, not bytes",
            HostPair | HostQuad => "'str' object cannot be interpreted as an integer",
            _ => "AF_VSOCK address must be a pair (cid, port)",
        }
    } else if is_qipcrtr(family) {
        match shape {
            Str => "getsockaddrarg: AF_QIPCRTR address must be tuple, not str",
            Bytes => "getsockaddrarg: AF_QIPCRTR address must be tuple, not bytes",
            HostPair | HostQuad => "'str' object cannot be interpreted as an integer",
            _ => "AF_QIPCRTR address must be a pair (node, port)",
        }
    } else if is_can(family) {
        match shape {
            Str => "AF_CAN address must be tuple, not str",
            Bytes => "AF_CAN address must be tuple, not bytes",
            _ => "AF_CAN address must be a tuple (interface, )",
        }
    } else if is_alg(family) {
        match shape {
            Str => "AF_ALG address must be tuple, not str",
            Bytes => "AF_ALG address must be tuple, not bytes",
            _ => "AF_ALG address must be a tuple (type, name[, feat[, mask]])",
        }
    } else {
        return Error::Socket("getsockaddrarg: bad family");
    };
    Error::Type(msg)
}

/// `is_x(family)`: is `family` the target's `AF_X`? False where the headers lack it. A
/// compare with the probed constant: no lookup in the constants table (which a program
/// then need not link).
macro_rules! family_tests {
    ($($fn:ident $name:ident $cfg:literal;)*) => {$(
        #[allow(dead_code)]
        pub(crate) fn $fn(family: i32) -> bool {
            #[cfg(bsdsock_const = $cfg)]
            if family == crate::consts::$name {
                return true;
            }
            let _ = family;
            false
        }
    )*};
}

family_tests! {
    is_rds AF_RDS "AF_RDS";
    is_packet AF_PACKET "AF_PACKET";
    is_vsock AF_VSOCK "AF_VSOCK";
    is_qipcrtr AF_QIPCRTR "AF_QIPCRTR";
    is_can AF_CAN "AF_CAN";
    is_alg AF_ALG "AF_ALG";
}

fn is_netlink(family: i32) -> bool {
    #[cfg(bsdsock_have = "linux_netlink_h")]
    if family == crate::consts::AF_NETLINK {
        return true;
    }
    let _ = family;
    false
}

fn is_tipc(family: i32) -> bool {
    #[cfg(bsdsock_have = "linux_tipc_h")]
    if family == crate::consts::AF_TIPC {
        return true;
    }
    let _ = family;
    false
}

/// Address arguments, as Python's `bind`, `connect` and `sendto` take them, resolved against
/// the socket's family ([A1](crate::conformance#A1)): `(host, port)` and `(host, port, flowinfo, scope_id)` for
/// AF_INET / AF_INET6 with the host as `&str` or `String` (see the crate's `netdb` module
/// for how host text is resolved), a path (`str`, `String`, `[u8]`, `Vec<u8>`, `Path`,
/// `PathBuf`, `OsStr`, [`UnixAddr`]) for AF_UNIX, `(pid, groups)` for AF_NETLINK,
/// [`TipcAddr`] for AF_TIPC, any [`SockAddr`], and `core::net` addresses (`SocketAddr`,
/// `(IpAddr, u16)`, `(Ipv4Addr, u16)`, `(Ipv6Addr, u16)`). References to any of these work
/// too.
///
/// ```
/// use bsdsock::{AF_INET, ToSockAddr};
/// use std::net::Ipv4Addr;
///
/// let a = ("127.0.0.1", 8080).to_sockaddr(AF_INET)?;
/// let b = (Ipv4Addr::LOCALHOST, 8080).to_sockaddr(AF_INET)?;
/// assert_eq!(a, b);
/// assert_eq!(a.to_string(), "('127.0.0.1', 8080)");
/// # #[cfg(feature = "alloc")] {
/// let host = String::from("127.0.0.1");        // owned forms need the `alloc` feature
/// assert_eq!((host, 8080).to_sockaddr(AF_INET)?, a);
/// # }
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// A value of the wrong shape for the family is `Error::Type` with Python 3's text (without
/// the method name), e.g. `AF_INET address must be tuple, not str`; a family with no
/// address format is `getsockaddrarg: bad family` ([A2](crate::conformance#A2)). [`SockAddr`] and `core::net`
/// addresses are taken as they are, whatever the family (the kernel judges them).
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

impl ToSockAddr for SocketAddr {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok((*self).into())
    }
}

impl ToSockAddr for (core::net::IpAddr, u16) {
    /// An IP address and port, taken as they are (like [`SocketAddr`]).
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SocketAddr::new(self.0, self.1).into())
    }
}

impl ToSockAddr for (Ipv4Addr, u16) {
    /// An IPv4 address and port, taken as they are (like [`SocketAddrV4`]).
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SockAddr::Inet(SocketAddrV4::new(self.0, self.1)))
    }
}

impl ToSockAddr for (Ipv6Addr, u16) {
    /// An IPv6 address and port (flowinfo and scope 0), taken as they are.
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SockAddr::Inet6(SocketAddrV6::new(self.0, self.1, 0, 0)))
    }
}

#[cfg(feature = "alloc")]
impl ToSockAddr for alloc::string::String {
    /// An AF_UNIX path, as for `str`.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        self.as_str().to_sockaddr(family)
    }
}

#[cfg(feature = "alloc")]
impl ToSockAddr for alloc::vec::Vec<u8> {
    /// An AF_UNIX path or abstract name, byte for byte, as for `[u8]`.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        self[..].to_sockaddr(family)
    }
}

#[cfg(feature = "std")]
impl ToSockAddr for std::path::PathBuf {
    /// An AF_UNIX path, as for [`Path`](std::path::Path).
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        self.as_path().to_sockaddr(family)
    }
}

impl ToSockAddr for str {
    /// An AF_UNIX path (UTF-8); use `[u8]` for any bytes.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_UNIX {
            return Err(shape_error(family, Shape::Str));
        }
        UnixAddr::new(self.as_bytes()).map(SockAddr::Unix)
    }
}

impl ToSockAddr for [u8] {
    /// An AF_UNIX path or abstract name, byte for byte.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_UNIX {
            return Err(shape_error(family, Shape::Bytes));
        }
        UnixAddr::new(self).map(SockAddr::Unix)
    }
}

impl<const N: usize> ToSockAddr for [u8; N] {
    /// An AF_UNIX path or abstract name, byte for byte (`b"\0name"`).
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        self[..].to_sockaddr(family)
    }
}

#[cfg(feature = "std")]
impl ToSockAddr for std::path::Path {
    /// An AF_UNIX path (its bytes, not necessarily UTF-8).
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        self.as_os_str().to_sockaddr(family)
    }
}

#[cfg(feature = "std")]
impl ToSockAddr for std::ffi::OsStr {
    /// An AF_UNIX path (its bytes, not necessarily UTF-8).
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        use std::os::unix::ffi::OsStrExt;
        if family != AF_UNIX {
            return Err(shape_error(family, Shape::Str));
        }
        UnixAddr::new(self.as_bytes()).map(SockAddr::Unix)
    }
}

impl ToSockAddr for UnixAddr {
    fn to_sockaddr(&self, _family: i32) -> Result<SockAddr> {
        Ok(SockAddr::Unix(*self))
    }
}

impl ToSockAddr for (u32, u32) {
    /// A pair of integers, read by the socket's family as Python does: AF_NETLINK
    /// `(pid, groups)` ([A32](crate::conformance#A32)–[A34](crate::conformance#A34)), AF_VSOCK `(cid, port)`, AF_QIPCRTR `(node, port)`. Any
    /// values, no range check.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        #[cfg(bsdsock_have = "linux_netlink_h")]
        if family == crate::consts::AF_NETLINK {
            return Ok(SockAddr::Netlink { pid: self.0, groups: self.1 });
        }
        #[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
        if family == crate::consts::AF_VSOCK {
            return Ok(SockAddr::Vsock(VsockAddr::new(self.0, self.1)));
        }
        #[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
        if family == crate::consts::AF_QIPCRTR {
            return Ok(SockAddr::Qipcrtr(QipcrtrAddr { node: self.0, port: self.1 }));
        }
        Err(shape_error(family, Shape::IntPair))
    }
}

#[cfg(bsdsock_have = "linux_tipc_h")]
impl ToSockAddr for TipcAddr {
    /// AF_TIPC ([A35](crate::conformance#A35)–[A41](crate::conformance#A41)). The address type is checked when the address is encoded.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != crate::consts::AF_TIPC {
            return Err(shape_error(family, Shape::Tipc));
        }
        if self.words().is_err() {
            return Err(Error::Type("Invalid address type"));
        }
        Ok(SockAddr::Tipc(*self))
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

impl From<SocketAddr> for SockAddr {
    fn from(a: SocketAddr) -> Self {
        match a {
            SocketAddr::V4(a) => SockAddr::Inet(a),
            SocketAddr::V6(a) => SockAddr::Inet6(a),
        }
    }
}

impl From<UnixAddr> for SockAddr {
    fn from(a: UnixAddr) -> Self {
        SockAddr::Unix(a)
    }
}

#[cfg(bsdsock_have = "linux_tipc_h")]
impl From<TipcAddr> for SockAddr {
    fn from(a: TipcAddr) -> Self {
        SockAddr::Tipc(a)
    }
}

impl TryFrom<SockAddr> for SocketAddr {
    type Error = Error;
    /// INET and INET6 addresses; any other family is `unsupported address family`.
    fn try_from(a: SockAddr) -> Result<SocketAddr> {
        a.as_socket_addr().ok_or(Error::Socket("unsupported address family"))
    }
}

impl TryFrom<SockAddr> for SocketAddrV4 {
    type Error = Error;
    /// INET addresses; any other family is `address family mismatched`.
    fn try_from(a: SockAddr) -> Result<SocketAddrV4> {
        match a {
            SockAddr::Inet(a) => Ok(a),
            _ => Err(Error::Socket("address family mismatched")),
        }
    }
}

impl TryFrom<SockAddr> for SocketAddrV6 {
    type Error = Error;
    /// INET6 addresses; any other family is `address family mismatched`.
    fn try_from(a: SockAddr) -> Result<SocketAddrV6> {
        match a {
            SockAddr::Inet6(a) => Ok(a),
            _ => Err(Error::Socket("address family mismatched")),
        }
    }
}

#[cfg(feature = "std")]
impl TryFrom<&std::os::unix::net::SocketAddr> for SockAddr {
    type Error = Error;
    /// A std unix address (path, Linux abstract name, or unnamed).
    fn try_from(a: &std::os::unix::net::SocketAddr) -> Result<SockAddr> {
        UnixAddr::try_from(a).map(SockAddr::Unix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    fn enc(a: &SockAddr) -> sys::net::SockaddrBuf {
        let mut b = sys::net::SockaddrBuf::new();
        a.encode(&mut b).unwrap();
        b
    }

    #[test]
    fn decode_never_panics_on_any_length() {
        // Every length 0..=300 of several fill patterns and every family byte value (under
        // Miri, which runs ~1000x slower: the families below 32, where every known one is,
        // and every 16th above).
        let mut buf = [0u8; 300];
        let mut seed = 0x9e37_79b9_u32;
        for fam in (0..=255u16).filter(|&f| !cfg!(miri) || f < 32 || f % 16 == 0) {
            for len in [0usize, 1, 2, 3, 4, 7, 8, 15, 16, 27, 28, 109, 110, 111, 128, 129, 300] {
                for x in buf.iter_mut() {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    *x = seed as u8;
                }
                buf[FAMILY_OFF..RAW_DATA_OFF]
                    .copy_from_slice(&fam.to_ne_bytes()[..RAW_DATA_OFF - FAMILY_OFF]);
                if let Some(a) = SockAddr::decode(&buf[..len]) {
                    let _ = format!("{a}");
                    let mut out = sys::net::SockaddrBuf::new();
                    let _ = a.encode(&mut out);
                }
            }
        }
    }

    #[test]
    fn repr_bytes() {
        struct R<'a>(&'a [u8]);
        impl fmt::Display for R<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                py_repr_bytes(f, self.0)
            }
        }
        assert_eq!(format!("{}", R(b"/tmp/s")), "'/tmp/s'");
        assert_eq!(format!("{}", R(b"\0py\0\xff")), "'\\x00py\\x00\\xff'");
        assert_eq!(format!("{}", R(b"it's")), "\"it's\"");
        assert_eq!(format!("{}", R(b"a'\"")), "'a\\'\"'");
        assert_eq!(format!("{}", R(b"")), "''");
        assert_eq!(format!("{}", R(b"\t\\")), "'\\t\\\\'");
    }

    #[test]
    fn short_inet_reads_zero_filled() {
        let a = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::new(1, 2, 3, 4), 0x1234));
        let b = enc(&a);
        // Cut after the port: the address reads as 0.0.0.0.
        let cut = offset_of!(sys::sockaddr_in, sin_addr);
        assert_eq!(
            SockAddr::decode(&b.bytes()[..cut]),
            Some(SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0x1234)))
        );
    }
}
