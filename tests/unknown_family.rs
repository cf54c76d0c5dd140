//! B12: an address of a family the codec has no variant for comes back from the socket
//! layer as `SockAddr::Unknown { family, raw bytes }`, never as an error. Every address the
//! socket layer returns (getsockname, getpeername, accept, recvfrom, recvmsg, recvmmsg)
//! goes through the same `SockAddr::decode`, which never fails on non-empty bytes
//! (tests/addr_codec.rs::unknown_family_keeps_raw_bytes). Live: AF_PACKET (sockaddr_ll),
//! which needs CAP_NET_RAW; without it the test prints the kernel's error and skips.
#![cfg(all(target_os = "linux", bsdsock_const = "AF_PACKET"))]

use bsdsock::consts::errno::{EACCES, EAFNOSUPPORT, EPERM};
use bsdsock::{AF_PACKET, Error, SOCK_DGRAM, SockAddr};

#[test]
#[cfg_attr(miri, ignore)]
fn af_packet_getsockname_is_unknown_with_raw_bytes() {
    // Protocol 0: the socket receives nothing; it only has an address.
    let s = match bsdsock::socket(AF_PACKET, SOCK_DGRAM, 0) {
        Ok(s) => s,
        Err(e @ Error::Os(EPERM | EACCES | EAFNOSUPPORT)) => {
            eprintln!("skipping: socket(AF_PACKET, SOCK_DGRAM, 0): {e} (needs CAP_NET_RAW)");
            return;
        }
        Err(e) => panic!("socket(AF_PACKET): {e:?}"),
    };
    let a = s.getsockname().unwrap();
    assert_eq!(a.family(), AF_PACKET);
    let SockAddr::Unknown { family, .. } = a else { panic!("decoded as {a:?}") };
    assert_eq!(family, AF_PACKET);
    let raw = a.raw_data().unwrap();
    // sockaddr_ll after the family: protocol(2) ifindex(4) hatype(2) pkttype(1) halen(1)...
    assert!(raw.len() >= 10, "raw {raw:?}");
    assert_eq!(&raw[..2], &[0, 0], "protocol 0");
    // Python's repr: (17, '...').
    assert!(a.to_string().starts_with(&format!("({AF_PACKET}, '")), "{a}");
    // And it encodes back to the same bytes (bind with it is what Python would do).
    let mut buf = bsdsock::sys::net::SockaddrBuf::new();
    a.encode(&mut buf).unwrap();
    assert_eq!(SockAddr::decode(buf.bytes()), Some(a));
}
