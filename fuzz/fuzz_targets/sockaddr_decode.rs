//! SockAddr::decode on arbitrary bytes of any length must not panic; whatever it decodes
//! must Display, and when it encodes, decode its encoding to the same value.
#![no_main]

use bsdsock::SockAddr;
use bsdsock::sys::net::SockaddrBuf;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(a) = SockAddr::decode(data) else {
        assert!(data.is_empty());
        return;
    };
    let _ = a.family();
    let mut text = String::new();
    let _ = std::fmt::Write::write_fmt(&mut text, format_args!("{a}"));
    let mut out = SockaddrBuf::new();
    if a.encode(&mut out).is_ok() {
        assert_eq!(SockAddr::decode(out.bytes()), Some(a));
    }
});
