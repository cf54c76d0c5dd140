//! The sockaddr decoder on arbitrary bytes (any family, any length): never panics, and what it
//! decodes encodes back to bytes that decode to the same address.
#![no_main]

use bsdsock::SockAddr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(a) = SockAddr::decode(data) {
        let mut buf = bsdsock::sys::net::SockaddrBuf::new();
        a.encode(&mut buf).unwrap();
        assert_eq!(SockAddr::decode(buf.bytes()), Some(a));
    }
});
