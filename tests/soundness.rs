//! Memory the C library fills, read back soundly: the reentrant `*_r` lookups get scratch
//! space aligned for the pointer arrays they store in it, and getnameinfo never hands the C
//! library an address it would read past.
//!
//! This binary runs under a global allocator that returns minimally aligned blocks (every
//! byte buffer at an odd address; the crate's own test allocator, included from its source),
//! so a byte buffer used as C scratch space shows up here as Rust's "misaligned pointer
//! dereference" abort in a debug build. Under `--cfg bsdsock_odd_alloc` the crate installs
//! the same allocator itself and this binary leaves it to the crate.
#![cfg(not(miri))]

#[cfg(not(bsdsock_odd_alloc))]
#[path = "../src/sys/odd_alloc.rs"]
mod odd_alloc;

#[cfg(not(bsdsock_odd_alloc))]
#[global_allocator]
static ODD: odd_alloc::OddAlloc = odd_alloc::OddAlloc;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddrV6};

use bsdsock::{
    AF_INET, AF_UNIX, EAI_FAMILY, Error, NI_NUMERICHOST, NI_NUMERICSERV, SockAddr, UnixAddr,
    getfqdn, gethostbyaddr, gethostbyname_ex, getnameinfo, getprotobyname, getservbyname,
    getservbyport,
};

const NOT_A_TUPLE: Error = Error::Type("getnameinfo() argument 1 must be a tuple");

#[test]
fn the_allocator_hands_out_odd_byte_buffers() {
    let v: Vec<u8> = Vec::with_capacity(64);
    assert_eq!(v.as_ptr() as usize % 2, 1, "the odd allocator is not installed");
    let w: Vec<u32> = Vec::with_capacity(4);
    assert_eq!(w.as_ptr() as usize % 8, 4, "4-aligned blocks should not be 8-aligned");
}

/// glibc's numeric-host path stores `h_addr_list` at the start of the scratch buffer as it
/// is; with a byte buffer at an odd address the crate aborted here ("misaligned pointer
/// dereference" in its `h_addr_list` walk).
#[test]
fn host_entries_with_odd_allocations() {
    for _ in 0..8 {
        let (name, aliases, addrs) = gethostbyname_ex("127.0.0.1").unwrap();
        assert_eq!(name, "127.0.0.1");
        // glibc gives a numeric host no aliases; musl lists the name itself (CPython shows
        // whatever the C library says).
        assert!(aliases.is_empty() || aliases == ["127.0.0.1"], "{aliases:?}");
        assert_eq!(addrs, [IpAddr::V4(Ipv4Addr::LOCALHOST)]);

        let (_, _, addrs) = gethostbyaddr("127.0.0.1").unwrap();
        assert!(addrs.contains(&IpAddr::V4(Ipv4Addr::LOCALHOST)), "{addrs:?}");

        let (_, _, addrs) = gethostbyname_ex("localhost").unwrap();
        assert!(addrs.contains(&IpAddr::V4(Ipv4Addr::LOCALHOST)), "{addrs:?}");

        assert!(!getfqdn("127.0.0.1").unwrap().is_empty());
    }
}

#[test]
fn service_and_protocol_entries_with_odd_allocations() {
    if std::fs::metadata("/etc/services").is_err() || std::fs::metadata("/etc/protocols").is_err() {
        println!("skipped: no /etc/services or /etc/protocols here");
        return;
    }
    assert_eq!(getservbyname("http", Some("tcp")).unwrap(), 80);
    assert_eq!(getservbyport(80, Some("tcp")).unwrap().as_str(), "http");
    assert_eq!(getprotobyname("tcp").unwrap(), 6);
}

/// glibc strlen()s an AF_UNIX `sun_path`; 126 bytes without a NUL made it read past the
/// address (the result was `name is not UTF-8`, from whatever followed). Python's
/// getnameinfo takes only (host, port[, flowinfo, scope_id]) tuples.
#[test]
fn getnameinfo_takes_only_inet_addresses() {
    let unterminated = SockAddr::from_raw(AF_UNIX, &[b'a'; 126]).unwrap();
    assert_eq!(getnameinfo(unterminated, 0).map(|_| ()), Err(NOT_A_TUPLE));
    let path = SockAddr::Unix(UnixAddr::new(b"/tmp/x").unwrap());
    assert_eq!(getnameinfo(path, 0).map(|_| ()), Err(NOT_A_TUPLE));
    // A raw AF_INET address is not a tuple either (and need not be a whole sockaddr_in).
    let raw_inet = SockAddr::from_raw(AF_INET, &[0; 2]).unwrap();
    assert_eq!(getnameinfo(raw_inet, 0).map(|_| ()), Err(NOT_A_TUPLE));
    assert_eq!(NOT_A_TUPLE.to_string(), "getnameinfo() argument 1 must be a tuple");
    // The EAI code the C layer would give is not what the safe API reports.
    assert_ne!(getnameinfo(path, 0).map(|_| ()), Err(Error::AddrLookup(EAI_FAMILY)));
}

#[test]
fn getnameinfo_inet_addresses_as_tuples() {
    let flags = NI_NUMERICHOST | NI_NUMERICSERV;
    let v4: SockAddr = "127.0.0.1:80".parse::<std::net::SocketAddr>().unwrap().into();
    let (h, s) = getnameinfo(v4, flags).unwrap();
    assert_eq!((h.as_str(), s.as_str()), ("127.0.0.1", "80"));
    let v6 = SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0, 0));
    let (h, s) = getnameinfo(v6, flags).unwrap();
    assert_eq!((h.as_str(), s.as_str()), ("::1", "80"));
    // The tuple form's flowinfo range applies to an address too.
    let big_flow = SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0x10_0000, 0));
    assert_eq!(
        getnameinfo(big_flow, flags).map(|_| ()),
        Err(Error::Overflow("getsockaddrarg: flowinfo must be 0-1048575."))
    );
}

/// Found by the `sockopt_encode` fuzz target: rounding the largest duration up to the next
/// microsecond overflowed the seconds (a panic in debug builds, 0 seconds in release).
#[test]
fn timeval_of_the_largest_duration_is_the_overflow_error() {
    use bsdsock::sockopt::{decode_timeval, timeval};
    use std::time::Duration;
    let range = Err(Error::Overflow("timestamp out of range for platform time_t"));
    assert_eq!(timeval(Duration::new(u64::MAX, 999_999_999)), range);
    assert_eq!(timeval(Duration::MAX), range);
    let t = timeval(Duration::new(5, 999_999_999)).unwrap();
    assert_eq!(decode_timeval(&t), Some(Duration::from_secs(6)));
}

/// Control data in a buffer at every offset from 0 to 7 (a heap buffer at an odd address
/// too): the kernel writes `cmsghdr`s wherever the buffer starts, and the crate reads them
/// byte by byte, so descriptors and credentials come out whole and owned at any alignment.
#[test]
fn control_messages_at_any_buffer_alignment() {
    use bsdsock::{AF_UNIX, SOCK_DGRAM, send_fds, socketpair};
    let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    #[cfg(bsdsock_const = "SO_PASSCRED")]
    b.setsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_PASSCRED, 1).unwrap();
    let (x, _y) = socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    let mut heap = vec![0u8; 256 + 8];
    assert_eq!(heap.as_ptr() as usize % 2, 1);
    for off in 0..8 {
        send_fds(&a, &[b"m"], &[&x], 0).unwrap();
        let mut data = [0u8; 4];
        let mut r = b.recvmsg_into(&mut [&mut data], &mut heap[off..], 0).unwrap();
        assert_eq!((r.nbytes(), r.ctruncated()), (1, false), "offset {off}");
        #[cfg(bsdsock_const = "SCM_CREDENTIALS")]
        assert_eq!(r.credentials().map(|c| c.0), Some(std::process::id() as i32));
        assert_eq!(r.fd_count(), 1, "offset {off}");
        let fd = r.take_fd().unwrap();
        assert!(fd.raw() >= 0);
    }
}
