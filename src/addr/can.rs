//! AF_CAN addresses (`struct sockaddr_can`): [`CanAddr`], Python's `(interface,)` for raw
//! and broadcast-manager sockets, `(interface, rx_addr, tx_addr)` for ISO-TP and
//! `(interface, name, pgn, addr)` for SAE J1939.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::mem::{offset_of, size_of};

use super::ifname::{self, IfName};
use super::sockaddr::{Shape, put, put_family, rd, shape_error};
use super::{SockAddr, ToSockAddr};
use crate::consts::AF_CAN;
use crate::error::Result;
use crate::sys::{can_addr, sockaddr_can};

/// Bytes of the `can_addr` union on this target (16 with J1939, 8 in older headers).
const UNION: usize = size_of::<can_addr>();
const UNION_OFF: usize = offset_of!(sockaddr_can, can_addr);

/// Which of Python's three tuples a [`CanAddr`] is shown as. Python picks it from the
/// socket's protocol: `CAN_ISOTP` and `CAN_J1939` sockets have their own tuples, every other
/// CAN socket (`CAN_RAW`, `CAN_BCM`) shows `(interface,)`. The socket calls that return
/// addresses set it from the socket's protocol; the codec alone cannot know it and decodes
/// as [`CanForm::Raw`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CanForm {
    /// `(interface,)`.
    #[default]
    Raw,
    /// `(interface, rx_addr, tx_addr)`.
    Isotp,
    /// `(interface, name, pgn, addr)`.
    J1939,
}

/// An AF_CAN address: an interface index and the protocol's part of the address (the
/// `can_addr` union: ISO-TP's receive and transmit CAN ids, or J1939's 64-bit NAME, PGN
/// and 8-bit address). `Display` writes Python's tuple for the [`CanForm`], e.g.
/// `('vcan0',)`, `('vcan0', 291, 1110)`.
///
/// As for [`PacketAddr`](super::PacketAddr), the kernel knows only the index; the name is
/// a label the socket calls fill in (`ioctl(SIOCGIFNAME)`), and equality and hashing use
/// the index and the union's bytes, not the label or the form.
///
/// ```
/// use bsdsock::{CanAddr, SockAddr};
/// let a = CanAddr::isotp(3, 0x123, 0x456);
/// assert_eq!((a.rx_id(), a.tx_id()), (0x123, 0x456));
/// assert_eq!(a.to_string(), "('', 291, 1110)");
/// let mut buf = [0u8; 128];
/// let n = SockAddr::Can(a).encode_bytes(&mut buf).unwrap();
/// // The bytes alone do not say which protocol: the decoded value shows `(interface,)`.
/// let Some(SockAddr::Can(d)) = SockAddr::decode(&buf[..n]) else { panic!() };
/// assert_eq!(d, a);
/// assert_eq!(d.to_string(), "('',)");
/// ```
///
/// # References
/// [SocketCAN](https://docs.kernel.org/networking/can.html) (`struct sockaddr_can`),
/// [ISO-TP](https://docs.kernel.org/networking/iso15765-2.html),
/// [J1939](https://docs.kernel.org/networking/j1939.html)
#[derive(Clone, Copy, Debug)]
pub struct CanAddr {
    /// `can_ifindex`: the interface index (0: every CAN interface).
    pub ifindex: i32,
    data: [u8; 16],
    form: CanForm,
    ifname: IfName,
}

impl CanAddr {
    /// `(interface,)` for CAN_RAW and CAN_BCM sockets: the interface index only.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::CanAddr::new(0);             // every CAN interface
    /// assert_eq!(a.to_string(), "('',)");
    /// ```
    pub const fn new(ifindex: i32) -> Self {
        CanAddr { ifindex, data: [0; 16], form: CanForm::Raw, ifname: IfName::empty() }
    }

    /// `(interface, rx_addr, tx_addr)` for CAN_ISOTP sockets (`can_addr.tp`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::CanAddr::isotp(0, 0x123, 0x456);
    /// assert_eq!((a.rx_id(), a.tx_id()), (0x123, 0x456));
    /// ```
    pub fn isotp(ifindex: i32, rx_id: u32, tx_id: u32) -> Self {
        let mut a = CanAddr::new(ifindex);
        a.form = CanForm::Isotp;
        put(&mut a.data, 0, &rx_id.to_ne_bytes());
        put(&mut a.data, 4, &tx_id.to_ne_bytes());
        a
    }

    /// `(interface, name, pgn, addr)` for CAN_J1939 sockets (`can_addr.j1939`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::CanAddr::j1939(0, 0x1234, 0xef00, 0x80);
    /// assert_eq!((a.j1939_name(), a.j1939_pgn(), a.j1939_addr()), (0x1234, 0xef00, 0x80));
    /// ```
    #[cfg(bsdsock_const = "CAN_J1939")]
    pub fn j1939(ifindex: i32, name: u64, pgn: u32, addr: u8) -> Self {
        let mut a = CanAddr::new(ifindex);
        a.form = CanForm::J1939;
        put(&mut a.data, 0, &name.to_ne_bytes());
        put(&mut a.data, 8, &pgn.to_ne_bytes());
        put(&mut a.data, 12, &[addr]);
        a
    }

    /// ISO-TP's receive CAN id (`can_addr.tp.rx_id`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::CanAddr::isotp(0, 0x7e8, 0x7e0).rx_id(), 0x7e8);
    /// ```
    pub fn rx_id(&self) -> u32 {
        u32::from_ne_bytes(rd(&self.data, 0))
    }

    /// ISO-TP's transmit CAN id (`can_addr.tp.tx_id`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::CanAddr::isotp(0, 0x7e8, 0x7e0).tx_id(), 0x7e0);
    /// ```
    pub fn tx_id(&self) -> u32 {
        u32::from_ne_bytes(rd(&self.data, 4))
    }

    /// J1939's 64-bit NAME (`can_addr.j1939.name`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::CanAddr::j1939(0, 42, 0, 0).j1939_name(), 42);
    /// ```
    pub fn j1939_name(&self) -> u64 {
        u64::from_ne_bytes(rd(&self.data, 0))
    }

    /// J1939's parameter group number (`can_addr.j1939.pgn`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::CanAddr::j1939(0, 0, 0xfeca, 0).j1939_pgn(), 0xfeca);
    /// ```
    pub fn j1939_pgn(&self) -> u32 {
        u32::from_ne_bytes(rd(&self.data, 8))
    }

    /// J1939's 8-bit address (`can_addr.j1939.addr`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::CanAddr::j1939(0, 0, 0, 0x20).j1939_addr(), 0x20);
    /// ```
    pub fn j1939_addr(&self) -> u8 {
        self.data[12]
    }

    /// Which tuple `Display` writes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{CanAddr, CanForm};
    /// assert_eq!(CanAddr::isotp(0, 1, 2).form(), CanForm::Isotp);
    /// ```
    pub fn form(&self) -> CanForm {
        self.form
    }

    /// The same address shown as `form`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{CanAddr, CanForm};
    /// // Decoded bytes do not say the protocol; the socket's protocol picks the tuple shape.
    /// let a = CanAddr::isotp(0, 1, 2).with_form(CanForm::Raw);
    /// assert_eq!(a.to_string(), "('',)");
    /// ```
    pub const fn with_form(mut self, form: CanForm) -> Self {
        self.form = form;
        self
    }

    /// The interface name, if known; empty otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::CanAddr::new(0).ifname().is_empty());
    /// ```
    pub fn ifname(&self) -> &IfName {
        &self.ifname
    }

    /// With this interface name as its label (the index is not changed).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::{CanAddr, IfName};
    /// let a = CanAddr::new(5).with_ifname(IfName::new(b"vcan0").unwrap());
    /// assert_eq!(a.to_string(), "('vcan0',)");
    /// ```
    pub const fn with_ifname(mut self, name: IfName) -> Self {
        self.ifname = name;
        self
    }

    pub(crate) fn set_ifname(&mut self, name: IfName) {
        self.ifname = name;
    }

    pub(crate) fn set_form(&mut self, form: CanForm) {
        self.form = form;
    }

    pub(crate) fn decode(b: &[u8]) -> Self {
        let mut a = CanAddr::new(i32::from_ne_bytes(rd(b, offset_of!(sockaddr_can, can_ifindex))));
        let u: [u8; 16] = rd(b, UNION_OFF);
        let n = UNION.min(16);
        a.data[..n].copy_from_slice(&u[..n]);
        a
    }

    pub(crate) fn encode(&self, b: &mut [u8]) -> usize {
        put_family(b, AF_CAN);
        put(b, offset_of!(sockaddr_can, can_ifindex), &self.ifindex.to_ne_bytes());
        put(b, UNION_OFF, &self.data[..UNION.min(16)]);
        size_of::<sockaddr_can>()
    }

    fn key(&self) -> (i32, &[u8]) {
        (self.ifindex, &self.data[..UNION.min(16)])
    }
}

impl PartialEq for CanAddr {
    /// Compares what the kernel sees: the index and the union's bytes.
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for CanAddr {}

impl Hash for CanAddr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for CanAddr {
    /// Python's tuple for the [`CanForm`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        ifname::py_repr(f, &self.ifname)?;
        match self.form {
            CanForm::Raw => f.write_str(",)"),
            CanForm::Isotp => write!(f, ", {}, {})", self.rx_id(), self.tx_id()),
            CanForm::J1939 => {
                write!(f, ", {}, {}, {})", self.j1939_name(), self.j1939_pgn(), self.j1939_addr())
            }
        }
    }
}

impl From<CanAddr> for SockAddr {
    fn from(a: CanAddr) -> Self {
        SockAddr::Can(a)
    }
}

impl ToSockAddr for CanAddr {
    /// An AF_CAN address, for an AF_CAN socket.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_CAN {
            return Err(shape_error(family, Shape::Struct));
        }
        Ok(SockAddr::Can(*self))
    }
}
