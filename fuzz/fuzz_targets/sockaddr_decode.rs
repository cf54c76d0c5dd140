//! SockAddr::decode on arbitrary bytes of any length must not panic; whatever it decodes
//! must Display, and when it encodes, decode its encoding to the same value.
#![no_main]

use bsdsock::SockAddr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(a) = SockAddr::decode(data) else {
        assert!(data.is_empty());
        return;
    };
    let _ = a.family();
    let mut text = String::new();
    let _ = std::fmt::Write::write_fmt(&mut text, format_args!("{a}"));
    let mut out = [0u8; 256];
    if let Ok(n) = a.encode_bytes(&mut out) {
        assert_eq!(SockAddr::decode(&out[..n]), Some(a));
    }
});
