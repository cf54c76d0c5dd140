//! B11/B12: every address the socket layer returns (getsockname, getpeername, accept,
//! recvfrom, recvmsg, recvmmsg) goes through the same `SockAddr::decode`, which never fails
//! on non-empty bytes: a family the codec has no variant for comes back as
//! `SockAddr::Unknown { family, raw bytes }` (tests/addr_codec.rs::unknown_family_keeps_raw_bytes;
//! no family without a variant gives addresses on Linux without extra modules, so that case
//! is codec-only here). Live: AF_PACKET, which used to be such a family and now has its own
//! variant (tests/py313_families.rs has the frame exchange); it needs CAP_NET_RAW, and without
//! it the test prints the kernel's error and skips.
#![cfg(all(target_os = "linux", bsdsock_const = "AF_PACKET"))]

use bsdsock::consts::errno::{EACCES, EAFNOSUPPORT, EPERM};
use bsdsock::{AF_PACKET, Error, SOCK_DGRAM, SockAddr};

#[test]
#[cfg_attr(miri, ignore)]
fn af_packet_getsockname_decodes_and_encodes_back_to_the_kernels_bytes() {
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
    // Python 3.13's repr of an unbound packet socket's name: ('', 0, 0, 0, b'').
    #[cfg(bsdsock_have = "linux_if_packet_h")]
    {
        let SockAddr::Packet(p) = a else { panic!("decoded as {a:?}") };
        assert_eq!((p.ifindex, p.protocol), (0, 0));
        assert_eq!(a.to_string(), "('', 0, 0, 0, b'')");
    }
    // And it encodes back to the same value (bind with it is what Python would do).
    let mut buf = [0u8; 256];
    let n = a.encode_bytes(&mut buf).unwrap();
    assert_eq!(SockAddr::decode(&buf[..n]), Some(a));
}
