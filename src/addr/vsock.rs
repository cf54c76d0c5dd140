//! AF_VSOCK addresses (`struct sockaddr_vm`): [`VsockAddr`], Python's `(cid, port)`.

use core::fmt;
use core::mem::{offset_of, size_of};

use super::sockaddr::{Shape, put, put_family, rd, shape_error};
use super::{SockAddr, ToSockAddr};
use crate::consts::AF_VSOCK;
use crate::error::Result;
use crate::sys::sockaddr_vm;

/// An AF_VSOCK address (virtual machine sockets): a context id and a port. Python's
/// `(cid, port)`; `Display` writes that pair, e.g. `(2, 1234)`.
///
/// `VMADDR_CID_ANY` / `VMADDR_PORT_ANY` (both `u32::MAX`) bind to any; `VMADDR_CID_HOST`
/// (2) is the host, `VMADDR_CID_LOCAL` (1) this machine (with the loopback transport).
/// `flags` is `svm_flags` (`VMADDR_FLAG_TO_HOST`), which Python neither shows nor sets: it
/// is kept so that an address the kernel returned encodes back byte for byte, and is 0 in
/// addresses you build with [`VsockAddr::new`] or `(cid, port)`.
///
/// ```
/// use bsdsock::{SockAddr, ToSockAddr, VsockAddr, AF_VSOCK, VMADDR_CID_HOST};
/// let a = (VMADDR_CID_HOST, 1234u32).to_sockaddr(AF_VSOCK).unwrap();
/// assert_eq!(a, SockAddr::Vsock(VsockAddr::new(2, 1234)));
/// assert_eq!(a.to_string(), "(2, 1234)");
/// ```
///
/// # References
/// [vsock(7)](https://man7.org/linux/man-pages/man7/vsock.7.html) (`struct sockaddr_vm`)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct VsockAddr {
    /// `svm_cid`: the context id.
    pub cid: u32,
    /// `svm_port`.
    pub port: u32,
    /// `svm_flags` (0 unless the kernel set it).
    pub flags: u8,
}

impl VsockAddr {
    /// `(cid, port)` with no flags.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::VsockAddr::new(2, 1234);    // VMADDR_CID_HOST, port 1234
    /// assert_eq!(a.to_string(), "(2, 1234)");
    /// ```
    pub const fn new(cid: u32, port: u32) -> Self {
        VsockAddr { cid, port, flags: 0 }
    }

    pub(crate) fn decode(b: &[u8]) -> Self {
        let [flags]: [u8; 1] = rd(b, offset_of!(sockaddr_vm, svm_flags));
        VsockAddr {
            cid: u32::from_ne_bytes(rd(b, offset_of!(sockaddr_vm, svm_cid))),
            port: u32::from_ne_bytes(rd(b, offset_of!(sockaddr_vm, svm_port))),
            flags,
        }
    }

    pub(crate) fn encode(&self, b: &mut [u8]) -> usize {
        put_family(b, AF_VSOCK);
        put(b, offset_of!(sockaddr_vm, svm_port), &self.port.to_ne_bytes());
        put(b, offset_of!(sockaddr_vm, svm_cid), &self.cid.to_ne_bytes());
        put(b, offset_of!(sockaddr_vm, svm_flags), &[self.flags]);
        size_of::<sockaddr_vm>()
    }
}

impl fmt::Display for VsockAddr {
    /// Python's `(cid, port)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {})", self.cid, self.port)
    }
}

impl From<VsockAddr> for SockAddr {
    fn from(a: VsockAddr) -> Self {
        SockAddr::Vsock(a)
    }
}

impl ToSockAddr for VsockAddr {
    /// An AF_VSOCK address, for an AF_VSOCK socket.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_VSOCK {
            return Err(shape_error(family, Shape::Struct));
        }
        Ok(SockAddr::Vsock(*self))
    }
}
