//! AF_NETLINK on the socket object (A32–A34, B9): `(pid, groups)` addresses both ways, an
//! RTM_GETLINK dump that finds `lo` (the parser of examples/netlink_links.rs), and
//! EPROTONOSUPPORT for a protocol the kernel lacks. Linux with <linux/netlink.h> only.
#![cfg(bsdsock_have = "linux_netlink_h")]

#[path = "../examples/netlink_links.rs"]
#[allow(dead_code)]
mod netlink_links;

use bsdsock::consts::errno::EPROTONOSUPPORT;
use bsdsock::{AF_NETLINK, Error, NETLINK_ROUTE, SOCK_DGRAM, SOCK_RAW, SockAddr};

#[test]
#[cfg_attr(miri, ignore)]
fn bind_zero_gives_a_kernel_assigned_pid() {
    // B9: after bind((0, 0)) the pid is the kernel's choice (> 0) and groups is 0.
    let s = bsdsock::socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE).unwrap();
    s.bind((0u32, 0u32)).unwrap();
    match s.getsockname().unwrap() {
        SockAddr::Netlink { pid, groups } => {
            assert!(pid > 0, "pid {pid}");
            assert_eq!(groups, 0);
            assert_eq!(s.getsockname().unwrap().to_string(), format!("({pid}, 0)"));
        }
        other => panic!("not a netlink address: {other:?}"),
    }
    assert_eq!(s.family(), AF_NETLINK);
    assert_eq!(s.proto(), NETLINK_ROUTE);
}

#[test]
#[cfg_attr(miri, ignore)]
fn dump_finds_lo_and_replies_come_from_the_kernel() {
    let links = netlink_links::rt::list_links().unwrap();
    assert!(links.iter().any(|(_, name)| name == "lo"), "links: {links:?}");
    assert!(links.iter().all(|&(index, _)| index > 0));
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendto_and_recvfrom_carry_netlink_addresses() {
    // The same request by hand: sendto a SockAddr::Netlink, recvfrom gives (0, 0).
    let s = bsdsock::socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE).unwrap();
    s.settimeout(Some(5.0)).unwrap();
    let req = netlink_links::rt::request(7);
    let kernel = SockAddr::Netlink { pid: 0, groups: 0 };
    assert_eq!(s.sendto(&req, kernel).unwrap(), req.len());
    let mut buf = vec![0u8; 32 * 1024];
    let (n, from) = s.recvfrom_into(&mut buf, 0).unwrap();
    assert_eq!(from, Some(kernel));
    assert!(n > 0);
    // sendto auto-bound the socket: it now has a pid.
    assert!(matches!(s.getsockname().unwrap(), SockAddr::Netlink { pid, .. } if pid > 0));
}

#[test]
#[cfg_attr(miri, ignore)]
fn an_unsupported_protocol_is_eprotonosupport() {
    // MAX_LINKS is 32: protocols 32 and up (and negative ones) are rejected before any
    // module lookup. (qemu-user rejects every protocol but NETLINK_ROUTE the same way.)
    for proto in [32, 1000, -1] {
        match bsdsock::socket(AF_NETLINK, SOCK_RAW, proto) {
            Err(e) => assert_eq!(e, Error::Os(EPROTONOSUPPORT), "protocol {proto}"),
            Ok(_) => panic!("protocol {proto} accepted"),
        }
    }
    let e = bsdsock::socket(AF_NETLINK, SOCK_RAW, 32).unwrap_err();
    assert_eq!(e.to_string(), format!("[Errno {EPROTONOSUPPORT}] Protocol not supported"));
}

#[test]
#[cfg_attr(miri, ignore)]
fn parser_survives_bad_lengths() {
    use netlink_links::rt::parse;
    // Lengths shorter than a header, longer than the buffer, and garbage: no panic, no
    // links, the walk ends.
    let mut b = netlink_links::rt::request(1);
    assert!(parse(&b, 1).links.is_empty());
    b[..4].copy_from_slice(&1000u32.to_ne_bytes());
    assert!(!parse(&b, 1).done);
    b[..4].copy_from_slice(&3u32.to_ne_bytes());
    assert!(!parse(&b, 1).done);
    for n in 0..b.len() {
        let _ = parse(&b[..n], 1);
    }
}
