//! Network interfaces: Python 3's `if_nameindex()`, `if_nametoindex(name)` and
//! `if_indextoname(index)`, and the interface-name forms of the Linux address families
//! (AF_PACKET's `(ifname, proto)`, AF_CAN's `(interface,)` and `(interface, rx, tx)`).
//!
//! Names are [`IfName`]s: at most 15 bytes, no NUL, kept in a fixed buffer. A longer name
//! is never cut to fit (Python's AF_PACKET and `if_nametoindex` cut or pass it to the C
//! library, which then finds no interface): it is the same "no such interface" error at once.

use crate::addr::{IfName, SockAddr};
use crate::error::{Error, Result};
use crate::sys;

/// The interfaces of this machine, as `(index, name)`: Python's `socket.if_nameindex()`.
///
/// An iterator over the array if_nameindex(3) returned, which it owns and frees when
/// dropped; it allocates nothing itself. `collect()` it for Python's list.
///
/// ```
/// let all: Vec<(u32, bsdsock::IfName)> = bsdsock::if_nameindex()?.collect();
/// assert!(all.iter().all(|(i, name)| *i > 0 && !name.is_empty()));
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[derive(Debug)]
pub struct IfNameIndex(sys::iface::NameIndexList);

impl Iterator for IfNameIndex {
    type Item = (u32, IfName);

    fn next(&mut self) -> Option<(u32, IfName)> {
        self.0.next()
    }
}

/// Every interface's index and name: Python's `socket.if_nameindex()`.
///
/// Corresponds to if_nameindex(3) (freed with if_freenameindex(3) when the iterator is
/// dropped). On Linux the C library asks the kernel over netlink.
///
/// # Errors
/// The errno of if_nameindex(3), e.g. `Error::Os(EMFILE)`.
///
/// # References
/// [if_nameindex(3)](https://man7.org/linux/man-pages/man3/if_nameindex.3.html),
/// [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/if_nameindex.html)
///
/// # Examples
///
/// ```
/// let lo = bsdsock::if_nameindex()?.find(|(_, name)| name.as_bytes() == b"lo");
/// # #[cfg(target_os = "linux")]
/// assert!(lo.is_some());
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn if_nameindex() -> Result<IfNameIndex> {
    Ok(IfNameIndex(sys::iface::NameIndexList::new()?))
}

/// The index of the interface called `name`: Python's `socket.if_nametoindex(name)`.
///
/// Corresponds to if_nametoindex(3).
///
/// ```
/// let lo = bsdsock::if_nametoindex("lo")?;
/// assert_eq!(bsdsock::if_indextoname(lo)?.as_str(), Some("lo"));
/// assert_eq!(
///     bsdsock::if_nametoindex("no-such-if0").unwrap_err().to_string(),
///     "no interface with this name"
/// );
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// A NUL in `name`: `Error::Value("embedded null byte")`; no such interface (an unknown
/// name, the empty name, or one of 16 bytes or more, which cannot name one):
/// `Error::Socket("no interface with this name")` — both Python's texts.
///
/// # References
/// [if_nametoindex(3)](https://man7.org/linux/man-pages/man3/if_nametoindex.3.html)
pub fn if_nametoindex(name: &str) -> Result<u32> {
    if name.as_bytes().contains(&0) {
        return Err(Error::Value("embedded null byte"));
    }
    let no = Error::Socket("no interface with this name");
    let n = IfName::new(name.as_bytes()).ok_or(no)?;
    sys::iface::name_to_index(&n).map_err(|_| no)
}

/// The name of interface `index`: Python's `socket.if_indextoname(index)`.
///
/// Corresponds to if_indextoname(3).
///
/// # Errors
/// No interface with that index, 0 included: `Error::Os(ENXIO)`, `[Errno 6] No such device
/// or address` (Python's OSError). Python's OverflowErrors for negative or too large
/// indexes cannot happen with a `u32`.
///
/// # References
/// [if_indextoname(3)](https://man7.org/linux/man-pages/man3/if_indextoname.3.html)
///
/// # Examples
///
/// ```
/// # #[cfg(target_os = "linux")] {
/// let i = bsdsock::if_nametoindex("lo")?;
/// assert_eq!(bsdsock::if_indextoname(i)?.as_str(), Some("lo"));
/// # }
/// assert!(bsdsock::if_indextoname(0).is_err());   // [Errno 6] No such device or address
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn if_indextoname(index: u32) -> Result<IfName> {
    Ok(sys::iface::index_to_name(index)?)
}

/// The index of interface `name` for an address, or the errno a lookup on a socket gives
/// (Python's `ioctl(SIOCGIFINDEX)`): ENODEV for an unknown name, and for a name too long
/// to be one.
#[allow(dead_code)]
fn address_ifindex(name: &[u8]) -> Result<(i32, IfName)> {
    let n = IfName::new(name).ok_or(Error::Os(crate::consts::errno::ENODEV))?;
    let i = sys::iface::name_to_index(&n)?;
    Ok((i as i32, n))
}

#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
mod packet {
    use super::*;
    use crate::addr::PacketAddr;

    impl PacketAddr {
        /// Python's `(ifname, proto)` for AF_PACKET: the interface's index is looked up
        /// (if_nametoindex(3)) and the name kept as its label. Add the other fields with
        /// [`with_pkttype`](PacketAddr::with_pkttype), [`with_hatype`](PacketAddr::with_hatype)
        /// and [`with_addr`](PacketAddr::with_addr).
        ///
        /// ```
        /// use bsdsock::{PacketAddr, ETH_P_ALL};
        /// let a = PacketAddr::from_name("lo", ETH_P_ALL as u16)?;
        /// assert_eq!(a.ifindex as u32, bsdsock::if_nametoindex("lo")?);
        /// assert_eq!(a.to_string(), "('lo', 3, 0, 0, b'')");
        /// # Ok::<(), bsdsock::Error>(())
        /// ```
        ///
        /// # Errors
        /// A NUL in `ifname`: `Error::Value("embedded null character")`; no such interface
        /// (a name of 16 bytes or more included): `Error::Os(ENODEV)`, `[Errno 19] No such
        /// device`, as Python's.
        pub fn from_name(ifname: &str, protocol: u16) -> Result<PacketAddr> {
            if ifname.as_bytes().contains(&0) {
                return Err(Error::Value("embedded null character"));
            }
            let (i, n) = address_ifindex(ifname.as_bytes())?;
            Ok(PacketAddr::new(i, protocol).with_ifname(n))
        }
    }

    /// `(ifname, proto)` on an AF_PACKET socket (see [`PacketAddr::from_name`]).
    pub(crate) fn pair(ifname: &str, protocol: u16) -> Result<SockAddr> {
        PacketAddr::from_name(ifname, protocol).map(SockAddr::Packet)
    }
}

#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
mod can {
    use super::*;
    use crate::addr::{CanAddr, ToSockAddr};
    use crate::consts::AF_CAN;

    /// Python's interface rules for AF_CAN addresses: `""` is index 0 (every CAN
    /// interface), a name is looked up, 16 bytes or more is too long.
    fn can_ifindex(ifname: &str) -> Result<(i32, IfName)> {
        let b = ifname.as_bytes();
        if b.contains(&0) {
            return Err(Error::Value("embedded null byte"));
        }
        if b.is_empty() {
            return Ok((0, IfName::empty()));
        }
        if b.len() > IfName::MAX_LEN {
            return Err(Error::Socket("AF_CAN interface name too long"));
        }
        address_ifindex(b)
    }

    impl CanAddr {
        /// Python's `(interface,)` for CAN_RAW and CAN_BCM sockets: `""` means every CAN
        /// interface (index 0), any other name is looked up (if_nametoindex(3)).
        ///
        /// # Errors
        /// A NUL: `Error::Value("embedded null byte")`; 16 bytes or more:
        /// `Error::Socket("AF_CAN interface name too long")`; no such interface:
        /// `Error::Os(ENODEV)` — Python's texts.
        ///
        /// # Examples
        ///
        /// ```
        /// let a = bsdsock::CanAddr::from_name("")?;    // "" is every CAN interface; no lookup
        /// assert_eq!(a.ifindex, 0);
        /// assert!(bsdsock::CanAddr::from_name("no-such-can0").is_err());
        /// # Ok::<(), bsdsock::Error>(())
        /// ```
        pub fn from_name(ifname: &str) -> Result<CanAddr> {
            let (i, n) = can_ifindex(ifname)?;
            Ok(CanAddr::new(i).with_ifname(n))
        }

        /// Python's `(interface, rx_addr, tx_addr)` for CAN_ISOTP sockets.
        ///
        /// # Errors
        /// As [`CanAddr::from_name`].
        ///
        /// # Examples
        ///
        /// ```
        /// let a = bsdsock::CanAddr::isotp_from_name("", 0x7e8, 0x7e0)?;
        /// assert_eq!((a.rx_id(), a.tx_id()), (0x7e8, 0x7e0));
        /// # Ok::<(), bsdsock::Error>(())
        /// ```
        pub fn isotp_from_name(ifname: &str, rx_id: u32, tx_id: u32) -> Result<CanAddr> {
            let (i, n) = can_ifindex(ifname)?;
            Ok(CanAddr::isotp(i, rx_id, tx_id).with_ifname(n))
        }

        /// Python's `(interface, name, pgn, addr)` for CAN_J1939 sockets.
        ///
        /// # Errors
        /// As [`CanAddr::from_name`].
        ///
        /// # Examples
        ///
        /// ```
        /// let a = bsdsock::CanAddr::j1939_from_name("", 1, 0xef00, 0x80)?;
        /// assert_eq!(a.j1939_pgn(), 0xef00);
        /// # Ok::<(), bsdsock::Error>(())
        /// ```
        #[cfg(bsdsock_const = "CAN_J1939")]
        pub fn j1939_from_name(ifname: &str, name: u64, pgn: u32, addr: u8) -> Result<CanAddr> {
            let (i, n) = can_ifindex(ifname)?;
            Ok(CanAddr::j1939(i, name, pgn, addr).with_ifname(n))
        }
    }

    impl ToSockAddr for (&str,) {
        /// AF_CAN `(interface,)` ([`CanAddr::from_name`]).
        fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
            if family != AF_CAN {
                return Err(crate::addr::sockaddr::shape_error(
                    family,
                    crate::addr::sockaddr::Shape::Struct,
                ));
            }
            CanAddr::from_name(self.0).map(SockAddr::Can)
        }
    }

    impl ToSockAddr for (&str, u32, u32) {
        /// AF_CAN ISO-TP `(interface, rx_addr, tx_addr)` ([`CanAddr::isotp_from_name`]).
        fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
            if family != AF_CAN {
                return Err(crate::addr::sockaddr::shape_error(
                    family,
                    crate::addr::sockaddr::Shape::Struct,
                ));
            }
            CanAddr::isotp_from_name(self.0, self.1, self.2).map(SockAddr::Can)
        }
    }
}

/// `(text, number)` for the families that read it as something other than `(host, port)`:
/// AF_PACKET's `(ifname, proto)`. `None` for every other family.
pub(crate) fn text_pair(text: &str, number: u16, family: i32) -> Option<Result<SockAddr>> {
    #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
    if family == crate::consts::AF_PACKET {
        return Some(packet::pair(text, number));
    }
    let _ = (text, number, family);
    None
}

/// Fill in what the kernel's bytes do not say about an address a socket returned, as
/// Python's `makesockaddr` does: the interface name of AF_PACKET and AF_CAN addresses
/// (`ioctl(fd, SIOCGIFNAME)`, one system call, only for a non-zero index), and which tuple
/// an AF_CAN address is shown as (from the socket's protocol).
#[inline]
pub(crate) fn complete(addr: &mut Option<SockAddr>, fd: i32, proto: i32) {
    match addr {
        #[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
        Some(SockAddr::Packet(a)) => {
            if let Some(n) = sys::iface::socket_ifname(fd, a.ifindex) {
                a.set_ifname(n);
            }
        }
        #[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
        Some(SockAddr::Can(a)) => {
            use crate::addr::CanForm;
            #[cfg(bsdsock_const = "CAN_ISOTP")]
            if proto == crate::consts::CAN_ISOTP {
                a.set_form(CanForm::Isotp);
            }
            #[cfg(bsdsock_const = "CAN_J1939")]
            if proto == crate::consts::CAN_J1939 {
                a.set_form(CanForm::J1939);
            }
            if let Some(n) = sys::iface::socket_ifname(fd, a.ifindex) {
                a.set_ifname(n);
            }
        }
        _ => {}
    }
    let _ = (fd, proto);
}
