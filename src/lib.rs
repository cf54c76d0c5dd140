#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
// The crate's front page is README.md. Its links to files in the package are written as
// reference links; the definitions below come first, so rustdoc uses these (pages of the
// docs) and GitHub or crates.io use the README's own (the files).
//! [conformance]: crate::conformance
//! [constants-table]: crate::consts#which-targets-define-which-constants
//! [timeout-docs]: crate::timeout
//! [conformance-f]: crate::conformance#section-f
#![doc = include_str!("../README.md")]
//!
//! ## More on the crate
//!
//! ### Python 3 additions
//!
//! Beyond 2.7, the parts of Python 3.13's module that Linux users reach for:
//! [`create_server`], [`has_dualstack_ipv6`], [`send_fds`] / [`recv_fds`],
//! [`if_nameindex`] and friends, [`sethostname`], [`close`] / [`dup`] (on owned or borrowed
//! descriptors, never bare numbers: see [`fds`]), [`CMSG_LEN`] / [`CMSG_SPACE`],
//! [`create_connection_all_errors`], the socket methods [`Socket::sendfile`],
//! [`Socket::getblocking`], [`Socket::get_inheritable`] / [`Socket::set_inheritable`],
//! [`Socket::detach`], and on Linux the AF_PACKET, AF_VSOCK, AF_CAN, AF_ALG and AF_QIPCRTR
//! address families as [`SockAddr`] variants.
//!
//! ### No-panic contract
//!
//! No safe function of bsdsock panics, aborts or reads out of bounds, whatever its input:
//! arguments (families, types, sizes, option buffers, descriptor numbers), address text and
//! bytes, timeouts (negative, NaN, infinite, huge), and bytes that come from the kernel or a
//! peer (sockaddrs of any length, control messages with lying lengths, getsockopt buffers).
//! Decoders check a length once and then index nothing they have not checked (as smoltcp's
//! `wire` does); a value too large to allocate is `Error::Os(ENOMEM)`, never an abort; a
//! value that does not fit is an error, never a silent truncation. Every failure is an
//! [`Error`]. A panic on any input is a bug. `docs/BAD_INPUTS.md` in the package lists over
//! 100 such inputs with the error each gives and the test that checks it, and every decoder
//! of untrusted bytes has a cargo-fuzz target.
//!
//! Signals: a signal handler installed without `SA_RESTART` does not make a call fail: EINTR
//! is retried (with the time left in timeout mode), and sends never raise SIGPIPE.
//!
//! ## Memory the C library fills, and descriptor ownership
//!
//! Memory that the C library or the kernel writes is read back only as it was written:
//! structs come from C's own allocations (getaddrinfo(3), if_nameindex(3)) or are decoded
//! byte by byte (sockaddrs, control messages, getsockopt values), never by casting a byte
//! buffer to a struct pointer. The reentrant lookups (`gethostbyname_r` and the others) get
//! scratch space aligned as malloc(3) aligns, because the C library stores pointer arrays
//! in it. The C library is never handed a value it could read past: getnameinfo(3) gets
//! only a whole `sockaddr_in` or `sockaddr_in6`, and names go to C NUL-terminated inside
//! their buffer.
//!
//! I/O safety, as std defines it: no safe function closes a descriptor, or changes the
//! flags or options of one, unless it owns it ([`Socket`], [`Fd`], `OwnedFd`) or borrows
//! it through a typed value (`&Socket`, `BorrowedFd`, [`AsDescriptor`]). The functions
//! that take a descriptor *number*, as Python's do ([`fromfd`], the `select` calls, the
//! descriptors given to [`cmsg::CmsgBuilder::rights`]), only duplicate or wait on it: a
//! wrong number is an `Error::Os(EBADF)` or a new descriptor the caller owns, never an
//! effect on someone else's. Every descriptor the kernel installs in the process by a
//! received control message is owned from the moment the call returns: `SCM_RIGHTS`
//! descriptors and, on Linux, the `SCM_PIDFD` one that a socket with `SO_PASSPIDFD` gets
//! with each message (see [`msg`]); whatever the caller does not take is closed.

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod addr;
pub mod cmsg;
pub mod conformance;
pub mod connect;
pub mod consts;
pub mod error;
pub mod fds;
#[cfg(feature = "alloc")]
pub mod file;
pub mod hostname;
pub mod interfaces;
pub mod msg;
pub mod resource;
pub mod select;
pub mod server;
pub mod socket;
mod socket3;
pub mod sockopt;
#[cfg(feature = "std")]
mod std_impls;
#[doc(hidden)]
pub mod sys;
pub mod timeout;

#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
pub use addr::AlgAddr;
#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
pub use addr::PacketAddr;
#[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
pub use addr::QipcrtrAddr;
#[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
pub use addr::VsockAddr;
pub use addr::inet::{
    AddrText, Packed, htonl, htons, inet_aton, inet_ntoa, inet_ntop, inet_pton, ntohl, ntohs,
};
#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
pub use addr::{CanAddr, CanForm};
pub use addr::{IfName, SockAddr, ToSockAddr, UnixAddr};
pub use consts::errno::{EAGAIN, EBADF, EWOULDBLOCK};
pub use consts::*;
pub use error::{Error, PyClass, Result};

mod ne;
pub mod netdb;
#[cfg(bsdsock_have = "linux_tipc_h")]
pub use addr::TipcAddr;
pub use connect::{
    Timeout, create_connection, create_connection_addrs, create_connection_all_errors,
};
#[cfg(feature = "alloc")]
pub use file::SocketFile;
pub use msg::{Fd, RecvMeta, RecvMsg};
pub use netdb::{
    AddrInfo, AddrInfoIter, CanonName, HostName, NameInfoAddr, Port, ServName, StackStr,
    getaddrinfo, gethostbyname, gethostname, getnameinfo, getprotobyname, getservbyname,
    getservbyport,
};
#[cfg(feature = "alloc")]
pub use netdb::{HostEntry, getaddrinfo_vec, getfqdn, gethostbyaddr, gethostbyname_ex};
pub use socket::{Socket, SocketType, fromfd, has_ipv6, socket, socketpair, socketpair_default};
pub use timeout::{getdefaulttimeout, setdefaulttimeout};
// Python 3.13's module functions.
#[cfg(feature = "alloc")]
pub use fds::recv_fds;
pub use fds::{AsDescriptor, CMSG_LEN, CMSG_SPACE, RecvFds, close, dup, recv_fds_into};
#[cfg(bsdsock_const = "SCM_RIGHTS")]
pub use fds::{send_fds, send_fds_to};
pub use hostname::sethostname;
pub use interfaces::{IfNameIndex, if_indextoname, if_nameindex, if_nametoindex};
pub use server::{create_server, has_dualstack_ipv6};
