//! AF_QIPCRTR addresses (`struct sockaddr_qrtr`): [`QipcrtrAddr`], Python's `(node, port)`.

use core::fmt;
use core::mem::{offset_of, size_of};

use super::sockaddr::{Shape, put, put_family, rd, shape_error};
use super::{SockAddr, ToSockAddr};
use crate::consts::AF_QIPCRTR;
use crate::error::Result;
use crate::sys::sockaddr_qrtr;

/// An AF_QIPCRTR address (Qualcomm IPC router): a node and a port. Python's
/// `(node, port)`; `Display` writes that pair, e.g. `(1, 16384)`. `QRTR_NODE_BCAST` and
/// `QRTR_PORT_CTRL` are the broadcast node and the control port.
///
/// ```
/// use bsdsock::{QipcrtrAddr, SockAddr, ToSockAddr, AF_QIPCRTR};
/// let a = (1u32, 16384u32).to_sockaddr(AF_QIPCRTR).unwrap();
/// assert_eq!(a, SockAddr::Qipcrtr(QipcrtrAddr { node: 1, port: 16384 }));
/// assert_eq!(a.to_string(), "(1, 16384)");
/// ```
///
/// # References
/// `<linux/qrtr.h>` (`struct sockaddr_qrtr`)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct QipcrtrAddr {
    /// `sq_node`.
    pub node: u32,
    /// `sq_port`.
    pub port: u32,
}

impl QipcrtrAddr {
    pub(crate) fn decode(b: &[u8]) -> Self {
        QipcrtrAddr {
            node: u32::from_ne_bytes(rd(b, offset_of!(sockaddr_qrtr, sq_node))),
            port: u32::from_ne_bytes(rd(b, offset_of!(sockaddr_qrtr, sq_port))),
        }
    }

    pub(crate) fn encode(&self, b: &mut [u8]) -> usize {
        put_family(b, AF_QIPCRTR);
        put(b, offset_of!(sockaddr_qrtr, sq_node), &self.node.to_ne_bytes());
        put(b, offset_of!(sockaddr_qrtr, sq_port), &self.port.to_ne_bytes());
        size_of::<sockaddr_qrtr>()
    }
}

impl fmt::Display for QipcrtrAddr {
    /// Python's `(node, port)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.node, self.port)
    }
}

impl From<QipcrtrAddr> for SockAddr {
    fn from(a: QipcrtrAddr) -> Self {
        SockAddr::Qipcrtr(a)
    }
}

impl ToSockAddr for QipcrtrAddr {
    /// An AF_QIPCRTR address, for an AF_QIPCRTR socket.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_QIPCRTR {
            return Err(shape_error(family, Shape::Struct));
        }
        Ok(SockAddr::Qipcrtr(*self))
    }
}
