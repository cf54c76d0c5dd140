//! AF_PACKET addresses (`struct sockaddr_ll`): [`PacketAddr`], Python's
//! `(ifname, proto, pkttype, hatype, addr)`.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::mem::{offset_of, size_of};

use super::ifname::{self, IfName};
use super::sockaddr::{Shape, put, put_family, rd, shape_error};
use super::{SockAddr, ToSockAddr};
use crate::consts::AF_PACKET;
use crate::error::{Error, Result};
use crate::sys::sockaddr_ll;

/// The longest hardware address a [`PacketAddr`] keeps: `MAX_ADDR_LEN` (32), what the
/// kernel may report for links with long addresses (InfiniBand: 20 bytes). Addresses you
/// build are at most 8 bytes, the size of `sll_addr`, as in Python.
pub const PACKET_ADDR_MAX: usize = 32;

/// The longest hardware address accepted when building one (`sizeof(sll_addr)`).
const BUILD_ADDR_MAX: usize = 8;

/// An AF_PACKET address: the interface, the EtherType, the packet type, the hardware
/// (ARPHRD_*) type and the hardware address. Python's
/// `(ifname, proto, pkttype, hatype, addr)`; `Display` writes that tuple, e.g.
/// `('lo', 2048, 0, 772, b'\x00\x00\x00\x00\x00\x00')`.
///
/// The kernel identifies the interface by index (`sll_ifindex`). The name is a label looked
/// up from the index: the socket calls that return addresses (`getsockname`, `recvfrom`,
/// `recvmsg_into`, …) fill it in with `ioctl(SIOCGIFNAME)` as Python does, and
/// [`PacketAddr::from_name`] sets it; a value from [`SockAddr::decode`] alone has an empty
/// name (Python's `''`, also what it shows for an index it cannot name). Equality and
/// hashing use the index, not the label.
///
/// `protocol` is in host byte order (Python's `proto`, e.g. `ETH_P_IP` = 0x0800); the codec
/// stores it in network order in `sll_protocol`.
///
/// ```
/// use bsdsock::{PacketAddr, SockAddr, ETH_P_IP};
/// let a = PacketAddr::new(1, ETH_P_IP as u16).with_addr(&[2, 0, 0, 0, 0, 1]).unwrap();
/// let mut buf = [0u8; 128];
/// let n = SockAddr::Packet(a).encode_bytes(&mut buf).unwrap();
/// assert_eq!(SockAddr::decode(&buf[..n]), Some(SockAddr::Packet(a)));
/// assert_eq!(a.to_string(), "('', 2048, 0, 0, b'\\x02\\x00\\x00\\x00\\x00\\x01')");
/// ```
///
/// # References
/// [packet(7)](https://man7.org/linux/man-pages/man7/packet.7.html) (`struct sockaddr_ll`)
#[derive(Clone, Copy, Debug)]
pub struct PacketAddr {
    /// `sll_ifindex`: the interface index (0: any interface).
    pub ifindex: i32,
    /// `sll_protocol` in host byte order: the EtherType (`ETH_P_*`).
    pub protocol: u16,
    /// `sll_pkttype`: `PACKET_HOST` (0), `PACKET_BROADCAST`, `PACKET_OUTGOING`, …
    pub pkttype: u8,
    /// `sll_hatype`: the ARPHRD_* hardware type (772 for loopback, 1 for Ethernet).
    pub hatype: u16,
    addr: [u8; PACKET_ADDR_MAX],
    addr_len: u8,
    ifname: IfName,
}

impl PacketAddr {
    /// An address on interface `ifindex` for EtherType `protocol`, with Python's defaults:
    /// packet type `PACKET_HOST` (0), hardware type 0, no hardware address.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{ETH_P_IP, PacketAddr};
    /// let a = PacketAddr::new(1, ETH_P_IP as u16);     // interface index 1, IPv4 frames
    /// assert_eq!((a.ifindex, a.pkttype, a.hatype, a.addr()), (1, 0, 0, &[][..]));
    /// ```
    pub const fn new(ifindex: i32, protocol: u16) -> Self {
        PacketAddr {
            ifindex,
            protocol,
            pkttype: 0,
            hatype: 0,
            addr: [0; PACKET_ADDR_MAX],
            addr_len: 0,
            ifname: IfName::empty(),
        }
    }

    /// With this packet type (`sll_pkttype`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::PacketAddr::new(1, 0x0800).with_pkttype(1);   // PACKET_BROADCAST
    /// assert_eq!(a.pkttype, 1);
    /// ```
    pub const fn with_pkttype(mut self, pkttype: u8) -> Self {
        self.pkttype = pkttype;
        self
    }

    /// With this hardware type (`sll_hatype`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::PacketAddr::new(1, 0x0800).with_hatype(772);  // ARPHRD_LOOPBACK
    /// assert_eq!(a.hatype, 772);
    /// ```
    pub const fn with_hatype(mut self, hatype: u16) -> Self {
        self.hatype = hatype;
        self
    }

    /// With this hardware address (`sll_addr`, `sll_halen`).
    ///
    /// # Errors
    /// More than 8 bytes: `Error::Value("Hardware address must be 8 bytes or less")`
    /// (Python's ValueError).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::PacketAddr;
    /// let a = PacketAddr::new(1, 0x0800).with_addr(&[2, 0, 0, 0, 0, 1])?;
    /// assert_eq!(a.addr(), [2, 0, 0, 0, 0, 1]);
    /// assert!(PacketAddr::new(1, 0x0800).with_addr(&[0; 9]).is_err());  // more than 8 bytes
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn with_addr(mut self, addr: &[u8]) -> Result<Self> {
        if addr.len() > BUILD_ADDR_MAX {
            return Err(Error::Value("Hardware address must be 8 bytes or less"));
        }
        self.addr = [0; PACKET_ADDR_MAX];
        self.addr[..addr.len()].copy_from_slice(addr);
        self.addr_len = addr.len() as u8;
        Ok(self)
    }

    /// With this interface name as its label (the index is not changed).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{IfName, PacketAddr};
    /// let a = PacketAddr::new(1, 0x0800).with_ifname(IfName::new(b"lo").unwrap());
    /// assert_eq!(a.to_string(), "('lo', 2048, 0, 0, b'')");
    /// ```
    pub const fn with_ifname(mut self, name: IfName) -> Self {
        self.ifname = name;
        self
    }

    /// The hardware address (`sll_halen` bytes of `sll_addr`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::PacketAddr::new(1, 0x0800).with_addr(&[0xaa, 0xbb])?;
    /// assert_eq!(a.addr(), [0xaa, 0xbb]);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn addr(&self) -> &[u8] {
        &self.addr[..(self.addr_len as usize).min(PACKET_ADDR_MAX)]
    }

    /// The interface name, if known (see the type docs); empty otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::PacketAddr::from_name("lo", 0x0800)?;
    /// assert_eq!(a.ifname().as_bytes(), b"lo");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn ifname(&self) -> &IfName {
        &self.ifname
    }

    /// Decode the bytes of a `sockaddr_ll` (missing bytes read as zero).
    pub(crate) fn decode(b: &[u8]) -> Self {
        let [halen]: [u8; 1] = rd(b, offset_of!(sockaddr_ll, sll_halen));
        let n = (halen as usize).min(PACKET_ADDR_MAX);
        let full: [u8; PACKET_ADDR_MAX] = rd(b, offset_of!(sockaddr_ll, sll_addr));
        let mut addr = [0; PACKET_ADDR_MAX];
        addr[..n].copy_from_slice(&full[..n]);
        let [pkttype]: [u8; 1] = rd(b, offset_of!(sockaddr_ll, sll_pkttype));
        PacketAddr {
            ifindex: i32::from_ne_bytes(rd(b, offset_of!(sockaddr_ll, sll_ifindex))),
            protocol: u16::from_be_bytes(rd(b, offset_of!(sockaddr_ll, sll_protocol))),
            pkttype,
            hatype: u16::from_ne_bytes(rd(b, offset_of!(sockaddr_ll, sll_hatype))),
            addr,
            addr_len: n as u8,
            ifname: IfName::empty(),
        }
    }

    /// Encode into `b` (a zeroed sockaddr_storage); returns the length:
    /// `sizeof(struct sockaddr_ll)`, or more for a hardware address longer than `sll_addr`.
    pub(crate) fn encode(&self, b: &mut [u8]) -> usize {
        put_family(b, AF_PACKET);
        put(b, offset_of!(sockaddr_ll, sll_protocol), &self.protocol.to_be_bytes());
        put(b, offset_of!(sockaddr_ll, sll_ifindex), &self.ifindex.to_ne_bytes());
        put(b, offset_of!(sockaddr_ll, sll_hatype), &self.hatype.to_ne_bytes());
        put(b, offset_of!(sockaddr_ll, sll_pkttype), &[self.pkttype]);
        put(b, offset_of!(sockaddr_ll, sll_halen), &[self.addr_len]);
        let off = offset_of!(sockaddr_ll, sll_addr);
        put(b, off, self.addr());
        size_of::<sockaddr_ll>().max(off + self.addr().len())
    }

    /// Set the interface name found for the index (the socket layer, after a decode).
    pub(crate) fn set_ifname(&mut self, name: IfName) {
        self.ifname = name;
    }

    fn key(&self) -> (i32, u16, u8, u16, &[u8]) {
        (self.ifindex, self.protocol, self.pkttype, self.hatype, self.addr())
    }
}

impl PartialEq for PacketAddr {
    /// Compares what the kernel sees: index, protocol, types and hardware address (not the
    /// name label).
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for PacketAddr {}

impl Hash for PacketAddr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for PacketAddr {
    /// Python's `(ifname, proto, pkttype, hatype, addr)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        ifname::py_repr(f, &self.ifname)?;
        write!(f, ", {}, {}, {}, b", self.protocol, self.pkttype, self.hatype)?;
        super::sockaddr::py_repr_bytes(f, self.addr())?;
        f.write_str(")")
    }
}

impl From<PacketAddr> for SockAddr {
    fn from(a: PacketAddr) -> Self {
        SockAddr::Packet(a)
    }
}

impl ToSockAddr for PacketAddr {
    /// An AF_PACKET address, for an AF_PACKET socket.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_PACKET {
            return Err(shape_error(family, Shape::Struct));
        }
        Ok(SockAddr::Packet(*self))
    }
}
