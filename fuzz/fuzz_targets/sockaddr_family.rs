//! SockAddr::decode per family: the first input byte picks a family (UNSPEC, UNIX, INET,
//! INET6, NETLINK, TIPC, and Python 3.13's PACKET, VSOCK, CAN, ALG, QIPCRTR, or a raw
//! value), which is written into the sa_family field so every family's decoder sees most
//! inputs; the rest of the input is the address bytes. Decode must not panic on any length;
//! whatever decodes must Display, keep its family, and, when it encodes, decode from its
//! encoding to the same value. Public API only (`SockAddr::encode_bytes`).
#![no_main]

use bsdsock::SockAddr;
use bsdsock::addr::sockaddr::{FAMILY_OFF, FAMILY_SIZE};
use libfuzzer_sys::fuzz_target;

/// The families by name; a name this target lacks falls through to the raw case.
const FAMILIES: [&str; 11] = [
    "AF_UNSPEC",
    "AF_UNIX",
    "AF_INET",
    "AF_INET6",
    "AF_NETLINK",
    "AF_TIPC",
    "AF_PACKET",
    "AF_VSOCK",
    "AF_CAN",
    "AF_ALG",
    "AF_QIPCRTR",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let mut bytes = rest.to_vec();
    // 2 of 13: leave the family bytes as the input has them.
    let family = FAMILIES.get(pick as usize % 13).and_then(|n| bsdsock::constant(n));
    if let Some(f) = family {
        if bytes.len() >= FAMILY_OFF + FAMILY_SIZE {
            let v = (f as u16).to_ne_bytes();
            let v = if FAMILY_SIZE == 1 { &v[..1] } else { &v[..] };
            bytes[FAMILY_OFF..FAMILY_OFF + FAMILY_SIZE].copy_from_slice(v);
        }
    }
    let Some(a) = SockAddr::decode(&bytes) else {
        assert!(bytes.is_empty());
        return;
    };
    if let Some(f) = family {
        if bytes.len() >= FAMILY_OFF + FAMILY_SIZE {
            assert_eq!(a.family() as i64, f);
        }
    }
    let text = format!("{a} {a:?}");
    assert!(!text.is_empty());
    let mut out = [0u8; 256];
    if let Ok(n) = a.encode_bytes(&mut out) {
        assert_eq!(SockAddr::decode(&out[..n]), Some(a));
    }
});
