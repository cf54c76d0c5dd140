//! SockAddr::decode per family: the first input byte picks a family (UNSPEC, UNIX, INET,
//! INET6, NETLINK, TIPC, or a raw value), which is written into the sa_family field so
//! every family's decoder sees most inputs; the rest of the input is the address bytes.
//! Decode must not panic on any length; whatever decodes must Display, keep its family,
//! and, when it encodes, decode from its encoding to the same value.
#![no_main]

use bsdsock::SockAddr;
use bsdsock::sys::net::SockaddrBuf;
use bsdsock::sys::{sa_family_t, sockaddr};
use libfuzzer_sys::fuzz_target;

const FAMILIES: [i32; 6] = [
    bsdsock::AF_UNSPEC,
    bsdsock::AF_UNIX,
    bsdsock::AF_INET,
    bsdsock::AF_INET6,
    bsdsock::AF_NETLINK,
    bsdsock::AF_TIPC,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let mut bytes = rest.to_vec();
    let off = core::mem::offset_of!(sockaddr, sa_family);
    let size = core::mem::size_of::<sa_family_t>();
    let family = match FAMILIES.get(pick as usize % 8) {
        Some(&f) => Some(f),
        None => None, // 2 of 8: leave the family bytes as the input has them
    };
    if let Some(f) = family {
        if bytes.len() >= off + size {
            let v = f as sa_family_t;
            bytes[off..off + size].copy_from_slice(&v.to_ne_bytes());
        }
    }
    let Some(a) = SockAddr::decode(&bytes) else {
        assert!(bytes.is_empty());
        return;
    };
    if let Some(f) = family {
        if bytes.len() >= off + size {
            assert_eq!(a.family(), f);
        }
    }
    let text = format!("{a} {a:?}");
    assert!(!text.is_empty());
    let mut out = SockaddrBuf::new();
    if a.encode(&mut out).is_ok() {
        assert_eq!(SockAddr::decode(out.bytes()), Some(a));
    }
});
