//! ntop -> pton round trip: any 16 (or 4) bytes, formatted and parsed back, give the same
//! bytes; any text pton accepts formats to text that parses to the same bytes.
#![no_main]

use bsdsock::addr::inet::{ntop4, ntop6, pton4, pton6};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = <[u8; 16]>::try_from(data) {
        assert_eq!(pton6(ntop6(&a).as_bytes()), Some(a), "{a:02x?} -> {}", ntop6(&a));
    }
    if let Ok(a) = <[u8; 4]>::try_from(data) {
        assert_eq!(pton4(ntop4(&a).as_bytes()), Some(a));
    }
    if let Some(a) = pton6(data) {
        assert_eq!(pton6(ntop6(&a).as_bytes()), Some(a));
    }
    if let Some(a) = pton4(data) {
        assert_eq!(ntop4(&a).as_bytes(), data, "pton4 accepts only the canonical form");
    }
});
