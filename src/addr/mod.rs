//! The pure core for addresses: text parsers and formatters (`inet`), and the socket-address
//! codec per family (`sockaddr`, with `unix`, `tipc`, and on Linux `packet`, `vsock`, `can`,
//! `alg`, `qipcrtr`). No system calls, no allocation, no
//! `unsafe`: this is the surface users fuzz.
//!
//! Panic contract: every function here takes arbitrary bytes and lengths and returns a value
//! or an error; none panics, whatever the input (smoltcp's rule: check the length once,
//! then index only within it).

#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
pub mod alg;
#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
pub mod can;
pub mod ifname;
pub mod inet;
#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
pub mod packet;
#[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
pub mod qipcrtr;
pub mod sockaddr;
#[cfg(bsdsock_have = "linux_tipc_h")]
pub mod tipc;
pub mod unix;
#[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
pub mod vsock;

pub use ifname::IfName;
#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
pub use sockaddr::AlgAddr;
#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
pub use sockaddr::PacketAddr;
#[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
pub use sockaddr::QipcrtrAddr;
#[cfg(bsdsock_have = "linux_tipc_h")]
pub use sockaddr::TipcAddr;
#[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
pub use sockaddr::VsockAddr;
#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
pub use sockaddr::{CanAddr, CanForm};
pub use sockaddr::{SockAddr, ToSockAddr, UnixAddr};
