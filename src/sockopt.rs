//! The C structs of socket options as bytes: encoders for what
//! [`Socket::setsockopt_bytes`] takes (`struct ip_mreq`, `ip_mreqn`, `ipv6_mreq`,
//! `group_req`, `linger`, `timeval`) and decoders for what [`Socket::getsockopt_into`] and
//! [`Socket::getsockopt_bytes`] return (`int`, `struct linger`, `struct timeval`), each
//! with the sizes and offsets the build-time probe read from the target's headers — what a
//! Python program packs by hand with `struct.pack`.
//!
//! ```
//! use bsdsock::{AF_INET, IPPROTO_IP, IP_ADD_MEMBERSHIP, SOCK_DGRAM, SOL_SOCKET, SO_LINGER};
//! use bsdsock::sockopt;
//! use std::net::Ipv4Addr;
//!
//! let s = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
//! // Python: struct.pack("4s4s", inet_aton("239.1.2.3"), inet_aton("127.0.0.1"))
//! let mreq = sockopt::ip_mreq(Ipv4Addr::new(239, 1, 2, 3), Ipv4Addr::LOCALHOST);
//! s.setsockopt_bytes(IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq)?;
//!
//! let t = bsdsock::socket(AF_INET, bsdsock::SOCK_STREAM, 0)?;
//! t.setsockopt_bytes(SOL_SOCKET, SO_LINGER, &sockopt::linger(true, 5))?;
//! let mut buf = [0u8; 64];
//! let n = t.getsockopt_into(SOL_SOCKET, SO_LINGER, &mut buf)?;
//! assert_eq!(sockopt::decode_linger(&buf[..n]), Some((1, 5)));
//! # Ok::<(), bsdsock::Error>(())
//! ```
//!
//! Pure code: no unsafe, no allocation, no system call. Encoders return a fixed-size array
//! (the struct's size on this target). Decoders take bytes from the kernel, or from
//! anywhere: a slice of any length, checked once, never a panic; a buffer too short for the
//! type is `None` (fuzzed by the crate's `getsockopt_decode` fuzz target).
//!
//! [`Socket::setsockopt_bytes`]: crate::Socket::setsockopt_bytes
//! [`Socket::getsockopt_into`]: crate::Socket::getsockopt_into
//! [`Socket::getsockopt_bytes`]: crate::Socket::getsockopt_bytes

use core::net::{Ipv4Addr, Ipv6Addr};
use core::time::Duration;

use crate::error::{Error, Result};
use crate::ne::{read_ne_signed, write_ne};
use crate::sys::layout::{
    FSIZE_IPV6_MREQ__IPV6MR_INTERFACE, FSIZE_LINGER__L_LINGER, FSIZE_LINGER__L_ONOFF,
    FSIZE_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_USEC, OFFSET_IP_MREQ__IMR_INTERFACE,
    OFFSET_IP_MREQ__IMR_MULTIADDR, OFFSET_IPV6_MREQ__IPV6MR_INTERFACE,
    OFFSET_IPV6_MREQ__IPV6MR_MULTIADDR, OFFSET_LINGER__L_LINGER, OFFSET_LINGER__L_ONOFF,
    OFFSET_TIMEVAL__TV_SEC, OFFSET_TIMEVAL__TV_USEC, SIZE_IP_MREQ, SIZE_IPV6_MREQ, SIZE_LINGER,
    SIZE_TIMEVAL,
};

/// Copy `src` into `b` at `off` (offsets and sizes come from the probe and fit).
fn put(b: &mut [u8], off: usize, src: &[u8]) {
    if let Some(dst) = off.checked_add(src.len()).and_then(|end| b.get_mut(off..end)) {
        dst.copy_from_slice(src);
    }
}

/// `struct ip_mreq` for IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP: the group and the address
/// of the local interface (`0.0.0.0`: the kernel chooses).
///
/// # Examples
///
/// ```
/// use bsdsock::{AF_INET, IPPROTO_IP, IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP, SOCK_DGRAM};
/// use std::net::Ipv4Addr;
///
/// let s = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
/// // Python: s.setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, inet_aton(group) + inet_aton(iface))
/// let mreq = bsdsock::sockopt::ip_mreq(Ipv4Addr::new(239, 1, 2, 3), Ipv4Addr::LOCALHOST);
/// s.setsockopt_bytes(IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq)?;
/// s.setsockopt_bytes(IPPROTO_IP, IP_DROP_MEMBERSHIP, &mreq)?;
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "IP_ADD_MEMBERSHIP")]
#[doc(alias = "IP_DROP_MEMBERSHIP")]
pub fn ip_mreq(multiaddr: Ipv4Addr, interface: Ipv4Addr) -> [u8; SIZE_IP_MREQ] {
    let mut b = [0u8; SIZE_IP_MREQ];
    put(&mut b, OFFSET_IP_MREQ__IMR_MULTIADDR, &multiaddr.octets());
    put(&mut b, OFFSET_IP_MREQ__IMR_INTERFACE, &interface.octets());
    b
}

#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
const IP_MREQN_SIZE: usize = crate::sys::layout::IP_MREQN_SIZE as usize;

/// `struct ip_mreqn` (Linux, FreeBSD) for IP_ADD_MEMBERSHIP and IP_MULTICAST_IF: the group,
/// a local address and an interface index (0: any; see `if_nametoindex`).
///
/// ```no_run
/// # #[cfg(target_os = "linux")] {
/// use bsdsock::{AF_INET, IPPROTO_IP, IP_MULTICAST_IF, SOCK_DGRAM};
/// use std::net::Ipv4Addr;
///
/// let s = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
/// // Send multicast out of the interface with index 1 (loopback, usually).
/// let mreqn = bsdsock::sockopt::ip_mreqn(Ipv4Addr::UNSPECIFIED, Ipv4Addr::UNSPECIFIED, 1);
/// s.setsockopt_bytes(IPPROTO_IP, IP_MULTICAST_IF, &mreqn)?;
/// # }
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub fn ip_mreqn(multiaddr: Ipv4Addr, address: Ipv4Addr, ifindex: i32) -> [u8; IP_MREQN_SIZE] {
    use crate::sys::layout::{
        IP_MREQN_ADDRESS, IP_MREQN_IFINDEX, IP_MREQN_IFINDEX_SIZE, IP_MREQN_MULTIADDR,
    };
    let mut b = [0u8; IP_MREQN_SIZE];
    put(&mut b, IP_MREQN_MULTIADDR as usize, &multiaddr.octets());
    put(&mut b, IP_MREQN_ADDRESS as usize, &address.octets());
    write_ne(&mut b, IP_MREQN_IFINDEX as usize, IP_MREQN_IFINDEX_SIZE as usize, ifindex as u64);
    b
}

/// `struct ipv6_mreq` for IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP (IPV6_ADD_MEMBERSHIP): the
/// group and an interface index (0: the kernel chooses).
///
/// # Examples
///
/// ```
/// use std::net::Ipv6Addr;
///
/// let group = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 1, 3);
/// let mreq = bsdsock::sockopt::ipv6_mreq(group, 1);  // for IPV6_JOIN_GROUP on interface 1
/// assert_eq!(&mreq[..16], &group.octets());
/// ```
#[doc(alias = "IPV6_JOIN_GROUP")]
#[doc(alias = "IPV6_ADD_MEMBERSHIP")]
pub fn ipv6_mreq(multiaddr: Ipv6Addr, interface: u32) -> [u8; SIZE_IPV6_MREQ] {
    let mut b = [0u8; SIZE_IPV6_MREQ];
    put(&mut b, OFFSET_IPV6_MREQ__IPV6MR_MULTIADDR, &multiaddr.octets());
    write_ne(
        &mut b,
        OFFSET_IPV6_MREQ__IPV6MR_INTERFACE,
        FSIZE_IPV6_MREQ__IPV6MR_INTERFACE,
        interface as u64,
    );
    b
}

#[cfg(bsdsock_const = "MCAST_JOIN_GROUP")]
const GROUP_REQ_SIZE: usize = crate::sys::layout::GROUP_REQ_SIZE as usize;

/// `struct group_req` (RFC 3678) for MCAST_JOIN_GROUP / MCAST_LEAVE_GROUP, for IPv4 and
/// IPv6 groups alike: an interface index and the group's address (the port is ignored).
///
/// # Errors
/// `Error::Value("group_req needs an AF_INET or AF_INET6 group")` for any other address.
///
/// # Examples
///
/// ```
/// use bsdsock::SockAddr;
/// use std::net::{Ipv4Addr, SocketAddrV4};
///
/// let group = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::new(239, 1, 2, 3), 0));
/// let req = bsdsock::sockopt::group_req(1, &group)?;   // for MCAST_JOIN_GROUP
/// assert!(!req.is_empty());
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[cfg(bsdsock_const = "MCAST_JOIN_GROUP")]
#[doc(alias = "MCAST_JOIN_GROUP")]
pub fn group_req(interface: u32, group: &crate::SockAddr) -> Result<[u8; GROUP_REQ_SIZE]> {
    use crate::sys::layout::{GROUP_REQ_GROUP, GROUP_REQ_INTERFACE, GROUP_REQ_INTERFACE_SIZE};
    if !matches!(group, crate::SockAddr::Inet(_) | crate::SockAddr::Inet6(_)) {
        return Err(Error::Value("group_req needs an AF_INET or AF_INET6 group"));
    }
    let mut sa = crate::sys::net::SockaddrBuf::new();
    group.encode(&mut sa)?;
    let mut b = [0u8; GROUP_REQ_SIZE];
    write_ne(
        &mut b,
        GROUP_REQ_INTERFACE as usize,
        GROUP_REQ_INTERFACE_SIZE as usize,
        interface as u64,
    );
    put(&mut b, GROUP_REQ_GROUP as usize, sa.bytes());
    Ok(b)
}

/// `struct linger` for SO_LINGER: `(l_onoff, l_linger)`, what [`decode_linger`] reads back.
///
/// # Examples
///
/// ```
/// use bsdsock::{SOL_SOCKET, SO_LINGER, sockopt};
///
/// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
/// s.setsockopt_bytes(SOL_SOCKET, SO_LINGER, &sockopt::linger(true, 7))?;
/// let mut back = [0u8; 16];
/// let n = s.getsockopt_into(SOL_SOCKET, SO_LINGER, &mut back)?;
/// assert_eq!(sockopt::decode_linger(&back[..n]), Some((1, 7)));
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "SO_LINGER")]
pub fn linger(onoff: bool, seconds: i32) -> [u8; SIZE_LINGER] {
    let mut b = [0u8; SIZE_LINGER];
    write_ne(&mut b, OFFSET_LINGER__L_ONOFF, FSIZE_LINGER__L_ONOFF, onoff as u64);
    write_ne(&mut b, OFFSET_LINGER__L_LINGER, FSIZE_LINGER__L_LINGER, seconds as i64 as u64);
    b
}

/// `struct timeval` for SO_RCVTIMEO / SO_SNDTIMEO and the like, rounded up to the next
/// microsecond, what [`decode_timeval`] reads back.
///
/// These options set kernel timeouts on the open socket, which every duplicate of the
/// descriptor shares; a [`Socket`](crate::Socket)'s own timeout is
/// [`settimeout`](crate::Socket::settimeout).
///
/// # Errors
/// `Error::Overflow("timestamp out of range for platform time_t")` if the seconds do not fit
/// the target's `time_t`.
///
/// # Examples
///
/// ```
/// use bsdsock::{SOL_SOCKET, SO_RCVTIMEO, sockopt};
/// use core::time::Duration;
///
/// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_DGRAM, 0)?;
/// let tv = sockopt::timeval(Duration::from_millis(1500))?;
/// assert_eq!(sockopt::decode_timeval(&tv), Some(Duration::from_millis(1500)));
/// // A kernel timeout on the descriptor (bsdsock's own settimeout does not use these).
/// s.setsockopt_bytes(SOL_SOCKET, SO_RCVTIMEO, &tv)?;
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "SO_RCVTIMEO")]
#[doc(alias = "SO_SNDTIMEO")]
pub fn timeval(d: Duration) -> Result<[u8; SIZE_TIMEVAL]> {
    let mut sec = d.as_secs();
    let mut usec = d.subsec_nanos().div_ceil(1000);
    if usec == 1_000_000 {
        sec = sec.saturating_add(1); // u64::MAX seconds stays out of range below
        usec = 0;
    }
    let max = (1u64 << (8 * FSIZE_TIMEVAL__TV_SEC as u32 - 1)) - 1;
    if sec > max {
        return Err(Error::Overflow("timestamp out of range for platform time_t"));
    }
    let mut b = [0u8; SIZE_TIMEVAL];
    write_ne(&mut b, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC, sec);
    write_ne(&mut b, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, usec as u64);
    Ok(b)
}

/// An `int` option as the kernel wrote it: one byte is an unsigned char option (some BSD
/// IP options, e.g. IP_MULTICAST_TTL), otherwise up to `sizeof(int)` native-endian bytes,
/// zero-filled if fewer were written (what a zeroed C `int` would hold); bytes past
/// `sizeof(int)` are ignored. Never fails: getsockopt's int form always gives a number.
///
/// # Examples
///
/// ```
/// use bsdsock::sockopt::decode_int;
/// assert_eq!(decode_int(&5i32.to_ne_bytes()), 5);
/// assert_eq!(decode_int(&[1]), 1);          // one byte: some IP options write a single byte
/// ```
pub fn decode_int(bytes: &[u8]) -> i32 {
    if let [one] = bytes {
        return *one as i32;
    }
    let mut b = [0u8; 4];
    let n = bytes.len().min(4);
    b[..n].copy_from_slice(&bytes[..n]);
    i32::from_ne_bytes(b)
}

/// A `struct linger` (SO_LINGER) as `(l_onoff, l_linger)`; `None` if `bytes` is shorter
/// than the struct.
///
/// # Examples
///
/// ```
/// use bsdsock::sockopt::{decode_linger, linger};
/// assert_eq!(decode_linger(&linger(true, 30)), Some((1, 30)));
/// assert_eq!(decode_linger(&[0; 2]), None);    // too short
/// ```
pub fn decode_linger(bytes: &[u8]) -> Option<(i32, i32)> {
    if bytes.len() < SIZE_LINGER {
        return None;
    }
    let on = read_ne_signed(bytes, OFFSET_LINGER__L_ONOFF, FSIZE_LINGER__L_ONOFF)?;
    let secs = read_ne_signed(bytes, OFFSET_LINGER__L_LINGER, FSIZE_LINGER__L_LINGER)?;
    Some((i32::try_from(on).ok()?, i32::try_from(secs).ok()?))
}

/// A `struct timeval` (SO_RCVTIMEO, SO_SNDTIMEO) as a duration; `None` if `bytes` is shorter
/// than the struct, or it holds a negative time or microseconds outside `0..1_000_000`
/// (the kernel never writes one).
///
/// # Examples
///
/// ```
/// use bsdsock::sockopt::{decode_timeval, timeval};
/// use core::time::Duration;
/// assert_eq!(decode_timeval(&timeval(Duration::from_secs(2))?), Some(Duration::from_secs(2)));
/// assert_eq!(decode_timeval(&[]), None);
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn decode_timeval(bytes: &[u8]) -> Option<Duration> {
    if bytes.len() < SIZE_TIMEVAL {
        return None;
    }
    let sec = read_ne_signed(bytes, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC)?;
    let usec = read_ne_signed(bytes, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC)?;
    if sec < 0 || !(0..1_000_000).contains(&usec) {
        return None;
    }
    Some(Duration::new(sec as u64, usec as u32 * 1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(decode_int(&[]), 0);
        assert_eq!(decode_int(&[200]), 200);
        assert_eq!(decode_int(&7i32.to_ne_bytes()), 7);
        assert_eq!(decode_int(&(-1i32).to_ne_bytes()), -1);
        let mut long = [0u8; 9];
        long[..4].copy_from_slice(&5i32.to_ne_bytes());
        assert_eq!(decode_int(&long), 5);
    }

    #[test]
    fn linger_and_timeval_need_the_whole_struct() {
        let mut l = [0u8; SIZE_LINGER];
        l[OFFSET_LINGER__L_ONOFF..][..4].copy_from_slice(&1i32.to_ne_bytes());
        l[OFFSET_LINGER__L_LINGER..][..4].copy_from_slice(&30i32.to_ne_bytes());
        assert_eq!(decode_linger(&l), Some((1, 30)));
        assert_eq!(decode_linger(&l[..SIZE_LINGER - 1]), None);
        assert_eq!(decode_linger(&[]), None);

        let mut t = [0u8; SIZE_TIMEVAL];
        let put = |t: &mut [u8], off: usize, size: usize, v: i64| {
            t[off..off + size].copy_from_slice(&v.to_ne_bytes()[..size]);
            if cfg!(target_endian = "big") {
                t[off..off + size].copy_from_slice(&v.to_be_bytes()[8 - size..]);
            }
        };
        put(&mut t, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC, 2);
        put(&mut t, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, 500_000);
        assert_eq!(decode_timeval(&t), Some(Duration::from_millis(2500)));
        assert_eq!(decode_timeval(&t[..SIZE_TIMEVAL - 1]), None);
        put(&mut t, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, 1_000_000);
        assert_eq!(decode_timeval(&t), None);
        put(&mut t, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, 0);
        put(&mut t, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC, -1);
        assert_eq!(decode_timeval(&t), None);
    }

    #[test]
    fn encoders_round_trip_through_the_decoders() {
        assert_eq!(decode_linger(&linger(true, 30)), Some((1, 30)));
        assert_eq!(decode_linger(&linger(false, -1)), Some((0, -1)));
        let t = timeval(Duration::from_nanos(2_500_000_001)).unwrap();
        assert_eq!(decode_timeval(&t), Some(Duration::from_micros(2_500_001)));
        let t = timeval(Duration::from_nanos(999_999_999)).unwrap();
        assert_eq!(decode_timeval(&t), Some(Duration::from_secs(1)));
        let big = timeval(Duration::from_secs(u64::MAX));
        assert_eq!(big, Err(Error::Overflow("timestamp out of range for platform time_t")));
        let m = ip_mreq(Ipv4Addr::new(239, 1, 2, 3), Ipv4Addr::new(127, 0, 0, 1));
        assert_eq!(m[OFFSET_IP_MREQ__IMR_MULTIADDR..][..4], [239, 1, 2, 3]);
        assert_eq!(m[OFFSET_IP_MREQ__IMR_INTERFACE..][..4], [127, 0, 0, 1]);
        let m6 = ipv6_mreq(Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1), 7);
        assert_eq!(m6[OFFSET_IPV6_MREQ__IPV6MR_MULTIADDR], 0xff);
        assert_eq!(
            crate::ne::read_ne(
                &m6,
                OFFSET_IPV6_MREQ__IPV6MR_INTERFACE,
                FSIZE_IPV6_MREQ__IPV6MR_INTERFACE
            ),
            Some(7)
        );
    }

    #[test]
    fn any_length_any_bytes() {
        for len in 0..40 {
            for fill in [0u8, 0x7f, 0x80, 0xff] {
                let b = [fill; 40];
                let _ = decode_int(&b[..len]);
                let _ = decode_linger(&b[..len]);
                let _ = decode_timeval(&b[..len]);
            }
        }
    }
}
