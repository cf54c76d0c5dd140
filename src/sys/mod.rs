//! The FFI layer: the only place with `extern "C"`, raw `#[repr(C)]` structs, errno access
//! and the compile-time layout assertions.
//!
//! Every declaration is written by hand and names its man page. Every struct is checked at
//! compile time against the sizes, alignments and field offsets the build-time probe read
//! from the target's own headers (`layout.rs`), so a wrong declaration on any target is a
//! build error, never memory corruption. The C integer types (`socklen_t`, `sa_family_t`,
//! `time_t`, …) are themselves generated from the probe.
//!
//! Above this module nothing needs `unsafe`: the safe wrappers here take slices and return
//! `Result<_, Error>`.

#![allow(non_camel_case_types, missing_docs, clippy::missing_safety_doc)]

// `sym!("name")`: the symbol the target's headers bind C function `name` to, read by the
// build-time probe. Every declaration in an `extern` block below links through it
// (`#[link_name = sym!("clock_gettime")]`), so a header's renaming (64-bit time_t on 32-bit
// targets, NetBSD's versioned symbols) is followed, never assumed.
include!(concat!(env!("OUT_DIR"), "/symbols.rs"));

pub mod errno;
pub mod families;
pub mod fd;
pub mod file;
pub mod iface;
#[cfg(test)]
pub mod inet;
mod layout_check;
pub mod msg;
pub mod net;
pub mod netdb;
#[cfg(all(bsdsock_odd_alloc, feature = "std"))]
mod odd_alloc;
#[cfg(feature = "alloc")]
pub(crate) mod once_arc;
pub mod resource;
pub mod select;
#[cfg(target_os = "linux")]
#[allow(dead_code)] // its structs are checked against the probe; nothing calls it now
pub mod signal;
#[cfg(feature = "std")]
pub mod std_fd;
pub mod time;

#[cfg(test)]
mod port_tests;

pub use families::*;

// The C types sys/ files import from here; which of them a target uses varies.
#[allow(unused_imports)]
pub use core::ffi::{c_char, c_int, c_long, c_short, c_uint, c_ulong, c_ushort, c_void};

pub use crate::layout;
#[allow(unused_imports)]
pub use layout::{
    gid_t, in_addr_t, in_port_t, nfds_t, pid_t, rlim_t, sa_family_t, socklen_t, time_t, uid_t,
};

/// `struct sockaddr`: the generic address header. BSDs carry a length byte first.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr {
    #[cfg(bsdsock_sa_len)]
    pub sa_len: u8,
    pub sa_family: sa_family_t,
    pub sa_data: [c_char; 14],
}

/// `struct sockaddr_storage`: big and aligned enough for every address family (128 bytes;
/// 256 on OpenBSD).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_storage {
    #[cfg(bsdsock_sa_len)]
    pub ss_len: u8,
    pub ss_family: sa_family_t,
    #[cfg(not(bsdsock_sa_len))]
    __ss_padding: [u8; 128 - core::mem::size_of::<sa_family_t>() - core::mem::size_of::<c_ulong>()],
    #[cfg(not(bsdsock_sa_len))]
    __ss_align: c_ulong,
    #[cfg(bsdsock_sa_len)]
    __ss_pad1: [u8; 6],
    #[cfg(bsdsock_sa_len)]
    __ss_align: i64,
    #[cfg(bsdsock_sa_len)]
    __ss_pad2: [u8; SS_PAD2],
}

/// The tail of a BSD `sockaddr_storage`: 128 bytes in all (FreeBSD, NetBSD, DragonFly,
/// macOS), but 256 on OpenBSD, whose `__ss_pad3` is 240 bytes.
#[cfg(all(bsdsock_sa_len, target_os = "openbsd"))]
const SS_PAD2: usize = 240;
/// The tail of a BSD `sockaddr_storage`: 128 bytes in all (FreeBSD, NetBSD, DragonFly,
/// macOS), but 256 on OpenBSD, whose `__ss_pad3` is 240 bytes.
#[cfg(all(bsdsock_sa_len, not(target_os = "openbsd")))]
const SS_PAD2: usize = 112;

impl sockaddr_storage {
    /// An all-zero storage.
    pub const fn zeroed() -> Self {
        // SAFETY: sockaddr_storage is plain integers and byte arrays; all-zero is valid.
        unsafe { core::mem::zeroed() }
    }

    /// The storage as bytes, for the codec to read.
    pub fn as_bytes(&self) -> &[u8; core::mem::size_of::<sockaddr_storage>()] {
        // SAFETY: the struct is repr(C), has no padding bytes that could be uninit once
        // created through `zeroed()` or written by the kernel into zeroed memory, and the
        // array has the same size; alignment of u8 is 1.
        unsafe { &*(self as *const Self as *const [u8; core::mem::size_of::<sockaddr_storage>()]) }
    }

    /// The storage as mutable bytes, for the codec to write.
    pub fn as_bytes_mut(&mut self) -> &mut [u8; core::mem::size_of::<sockaddr_storage>()] {
        // SAFETY: as in `as_bytes`; every byte pattern is a valid sockaddr_storage.
        unsafe { &mut *(self as *mut Self as *mut [u8; core::mem::size_of::<sockaddr_storage>()]) }
    }

    pub(crate) fn as_ptr(&self) -> *const sockaddr {
        self as *const Self as *const sockaddr
    }

    pub(crate) fn as_mut_ptr(&mut self) -> *mut sockaddr {
        self as *mut Self as *mut sockaddr
    }
}

/// Size of `struct sockaddr_storage` on this target.
pub const SOCKADDR_STORAGE_SIZE: usize = core::mem::size_of::<sockaddr_storage>();

/// `struct in_addr`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct in_addr {
    pub s_addr: in_addr_t,
}

/// `struct in6_addr` (a union of byte, u16 and u32 arrays in C, hence the alignment).
#[repr(C, align(4))]
#[derive(Clone, Copy)]
pub struct in6_addr {
    pub s6_addr: [u8; 16],
}

/// `struct sockaddr_in`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_in {
    #[cfg(bsdsock_sa_len)]
    pub sin_len: u8,
    pub sin_family: sa_family_t,
    pub sin_port: in_port_t,
    pub sin_addr: in_addr,
    pub sin_zero: [u8; 8],
}

/// `struct sockaddr_in6`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_in6 {
    #[cfg(bsdsock_sa_len)]
    pub sin6_len: u8,
    pub sin6_family: sa_family_t,
    pub sin6_port: in_port_t,
    pub sin6_flowinfo: u32,
    pub sin6_addr: in6_addr,
    pub sin6_scope_id: u32,
}

/// Length of `sun_path`: 108 on Linux, 104 on the BSDs and macOS.
#[cfg(bsdsock_sa_len)]
pub const SUN_PATH_LEN: usize = 104;
/// Length of `sun_path`: 108 on Linux, 104 on the BSDs and macOS.
#[cfg(not(bsdsock_sa_len))]
pub const SUN_PATH_LEN: usize = 108;

/// `struct sockaddr_un`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_un {
    #[cfg(bsdsock_sa_len)]
    pub sun_len: u8,
    pub sun_family: sa_family_t,
    pub sun_path: [c_char; SUN_PATH_LEN],
}

/// `struct sockaddr_nl` (`<linux/netlink.h>`).
#[cfg(bsdsock_have = "linux_netlink_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_nl {
    pub nl_family: sa_family_t,
    pub nl_pad: u16,
    pub nl_pid: u32,
    pub nl_groups: u32,
}

/// `struct nlmsghdr` (`<linux/netlink.h>`).
#[cfg(bsdsock_have = "linux_netlink_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct nlmsghdr {
    pub nlmsg_len: u32,
    pub nlmsg_type: u16,
    pub nlmsg_flags: u16,
    pub nlmsg_seq: u32,
    pub nlmsg_pid: u32,
}

/// `struct nlmsgerr` (`<linux/netlink.h>`).
#[cfg(bsdsock_have = "linux_netlink_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct nlmsgerr {
    pub error: c_int,
    pub msg: nlmsghdr,
}

/// `struct rtgenmsg` (`<linux/rtnetlink.h>`).
#[cfg(bsdsock_have = "linux_rtnetlink_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rtgenmsg {
    pub rtgen_family: u8,
}

/// `struct ifinfomsg` (`<linux/rtnetlink.h>`).
#[cfg(bsdsock_have = "linux_rtnetlink_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ifinfomsg {
    pub ifi_family: u8,
    pub __ifi_pad: u8,
    pub ifi_type: u16,
    pub ifi_index: c_int,
    pub ifi_flags: c_uint,
    pub ifi_change: c_uint,
}

/// `struct rtattr` (`<linux/rtnetlink.h>`).
#[cfg(bsdsock_have = "linux_rtnetlink_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rtattr {
    pub rta_len: u16,
    pub rta_type: u16,
}

/// `struct sockaddr_tipc` (`<linux/tipc.h>`). The C `addr` member is a union of
/// `{ref, node}`, `{type, lower, upper}` and `{{type, instance}, domain}`: three u32 words,
/// whose offsets `layout_check` asserts against the probe.
#[cfg(bsdsock_have = "linux_tipc_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_tipc {
    pub family: c_ushort,
    pub addrtype: u8,
    pub scope: i8,
    pub addr: [u32; 3],
}

/// `struct addrinfo`. Linux and OpenBSD put `ai_addr` before `ai_canonname`; FreeBSD,
/// NetBSD and macOS the other way round (the layout assertions check which).
#[repr(C)]
pub struct addrinfo {
    pub ai_flags: c_int,
    pub ai_family: c_int,
    pub ai_socktype: c_int,
    pub ai_protocol: c_int,
    pub ai_addrlen: socklen_t,
    #[cfg(any(
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "dragonfly",
        target_vendor = "apple"
    ))]
    pub ai_canonname: *mut c_char,
    pub ai_addr: *mut sockaddr,
    #[cfg(not(any(
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "dragonfly",
        target_vendor = "apple"
    )))]
    pub ai_canonname: *mut c_char,
    pub ai_next: *mut addrinfo,
}

/// `struct hostent`.
#[repr(C)]
pub struct hostent {
    pub h_name: *mut c_char,
    pub h_aliases: *mut *mut c_char,
    pub h_addrtype: c_int,
    pub h_length: c_int,
    pub h_addr_list: *mut *mut c_char,
}

/// `struct servent`.
#[repr(C)]
pub struct servent {
    pub s_name: *mut c_char,
    pub s_aliases: *mut *mut c_char,
    pub s_port: c_int,
    pub s_proto: *mut c_char,
}

/// `struct protoent`.
#[repr(C)]
pub struct protoent {
    pub p_name: *mut c_char,
    pub p_aliases: *mut *mut c_char,
    pub p_proto: c_int,
}

/// `struct pollfd`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct pollfd {
    pub fd: c_int,
    pub events: c_short,
    pub revents: c_short,
}

/// `struct timeval`. The field types and any padding follow the probe: 32-bit glibc with
/// `_TIME_BITS=64` has a 64-bit `tv_usec` (not `suseconds_t`), musl 1.2 a 64-bit `time_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct timeval {
    pub tv_sec: time_t,
    _pad1: [u8; TV_PAD1],
    pub tv_usec: layout::tv_usec_t,
    _pad2: [u8; TV_PAD2],
}

const TV_PAD1: usize = layout::OFFSET_TIMEVAL__TV_USEC - core::mem::size_of::<time_t>();
const TV_PAD2: usize = layout::SIZE_TIMEVAL
    - layout::OFFSET_TIMEVAL__TV_USEC
    - core::mem::size_of::<layout::tv_usec_t>();

impl timeval {
    pub const fn new(tv_sec: time_t, tv_usec: layout::tv_usec_t) -> Self {
        timeval { tv_sec, _pad1: [0; TV_PAD1], tv_usec, _pad2: [0; TV_PAD2] }
    }
}

/// `struct timespec`. With a 64-bit `time_t` on a 32-bit target, `tv_nsec` stays a 32-bit
/// `long` next to 32 bits of padding, on the side the byte order says (glibc, musl); the
/// probe's offsets place it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct timespec {
    pub tv_sec: time_t,
    _pad1: [u8; TS_PAD1],
    pub tv_nsec: layout::tv_nsec_t,
    _pad2: [u8; TS_PAD2],
}

const TS_PAD1: usize = layout::OFFSET_TIMESPEC__TV_NSEC - core::mem::size_of::<time_t>();
const TS_PAD2: usize = layout::SIZE_TIMESPEC
    - layout::OFFSET_TIMESPEC__TV_NSEC
    - core::mem::size_of::<layout::tv_nsec_t>();

impl timespec {
    pub const fn new(tv_sec: time_t, tv_nsec: layout::tv_nsec_t) -> Self {
        timespec { tv_sec, _pad1: [0; TS_PAD1], tv_nsec, _pad2: [0; TS_PAD2] }
    }
}

/// `struct rlimit`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct rlimit {
    pub rlim_cur: rlim_t,
    pub rlim_max: rlim_t,
}

/// `struct itimerval`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct itimerval {
    pub it_interval: timeval,
    pub it_value: timeval,
}

#[cfg(target_os = "linux")]
pub use signal::{sigaction, sigset_t};

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use select::epoll_event;
pub use select::fd_set;
#[cfg(any(
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_vendor = "apple"
))]
pub use select::kevent;

/// `struct linger`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct linger {
    pub l_onoff: c_int,
    pub l_linger: c_int,
}

/// `struct iovec`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct iovec {
    pub iov_base: *mut c_void,
    pub iov_len: usize,
}

/// `struct msghdr`. glibc uses `size_t` for the iov and control lengths; musl on 64-bit uses
/// `int`/`socklen_t` plus explicit padding (on the side endianness says); the BSDs `int` and
/// `socklen_t`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct msghdr {
    pub msg_name: *mut c_void,
    pub msg_namelen: socklen_t,
    pub msg_iov: *mut iovec,
    #[cfg(all(target_env = "musl", target_pointer_width = "64", target_endian = "big"))]
    __pad1: c_int,
    pub msg_iovlen: MsgLen,
    #[cfg(all(target_env = "musl", target_pointer_width = "64", target_endian = "little"))]
    __pad1: c_int,
    pub msg_control: *mut c_void,
    #[cfg(all(target_env = "musl", target_pointer_width = "64", target_endian = "big"))]
    __pad2: c_int,
    pub msg_controllen: CtlLen,
    #[cfg(all(target_env = "musl", target_pointer_width = "64", target_endian = "little"))]
    __pad2: c_int,
    pub msg_flags: c_int,
}

/// The C type of `msghdr.msg_iovlen` on this target.
#[cfg(all(target_os = "linux", not(target_env = "musl")))]
pub type MsgLen = usize;
/// The C type of `msghdr.msg_iovlen` on this target.
#[cfg(not(all(target_os = "linux", not(target_env = "musl"))))]
pub type MsgLen = c_int;
/// The C type of `msghdr.msg_controllen` and `cmsghdr.cmsg_len` on this target.
#[cfg(all(target_os = "linux", not(target_env = "musl")))]
pub type CtlLen = usize;
/// The C type of `msghdr.msg_controllen` and `cmsghdr.cmsg_len` on this target.
#[cfg(not(all(target_os = "linux", not(target_env = "musl"))))]
pub type CtlLen = socklen_t;

impl msghdr {
    /// An all-zero header.
    pub const fn zeroed() -> Self {
        // SAFETY: pointers may be null and integers zero; all-zero is a valid msghdr.
        unsafe { core::mem::zeroed() }
    }
}

/// `struct cmsghdr`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct cmsghdr {
    #[cfg(all(target_env = "musl", target_pointer_width = "64", target_endian = "big"))]
    __pad1: c_int,
    pub cmsg_len: CtlLen,
    #[cfg(all(target_env = "musl", target_pointer_width = "64", target_endian = "little"))]
    __pad1: c_int,
    pub cmsg_level: c_int,
    pub cmsg_type: c_int,
}

/// `struct mmsghdr` (Linux sendmmsg(2) / recvmmsg(2)).
#[cfg(target_os = "linux")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct mmsghdr {
    pub msg_hdr: msghdr,
    pub msg_len: c_uint,
}

/// `struct ucred` (Linux SCM_CREDENTIALS, SO_PEERCRED).
#[cfg(target_os = "linux")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ucred {
    pub pid: pid_t,
    pub uid: uid_t,
    pub gid: gid_t,
}

/// `struct ip_mreq`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ip_mreq {
    pub imr_multiaddr: in_addr,
    pub imr_interface: in_addr,
}

/// `struct ipv6_mreq`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ipv6_mreq {
    pub ipv6mr_multiaddr: in6_addr,
    pub ipv6mr_interface: c_uint,
}

/// Where the data of a control message starts: `CMSG_LEN(0)`.
pub const CMSG_HDR_LEN: usize = layout::CMSG_LEN_0 as usize;
/// The alignment the CMSG_* macros round to: `CMSG_SPACE(1) - CMSG_LEN(0)`.
pub const CMSG_ALIGN_TO: usize = (layout::CMSG_SPACE_1 - layout::CMSG_LEN_0) as usize;
