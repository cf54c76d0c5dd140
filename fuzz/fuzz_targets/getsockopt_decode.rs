//! The getsockopt buffer decoders (bsdsock::sockopt) on arbitrary bytes: no panic on any
//! length, and what they decode is consistent (a whole int reads back as its bytes, a
//! timeval's microseconds are below one second).
#![no_main]

use bsdsock::sockopt::{decode_int, decode_linger, decode_timeval};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let v = decode_int(data);
    if data.len() == 4 {
        assert_eq!(v.to_ne_bytes(), [data[0], data[1], data[2], data[3]]);
    }
    if data.len() == 1 {
        assert_eq!(v, data[0] as i32);
    }
    if let Some((on, secs)) = decode_linger(data) {
        let _ = (on, secs);
        assert!(data.len() >= bsdsock::layout::SIZE_LINGER);
    }
    if let Some(d) = decode_timeval(data) {
        assert!(d.subsec_micros() < 1_000_000);
        assert!(data.len() >= bsdsock::layout::SIZE_TIMEVAL);
    }
});
