//! inet_pton(AF_INET): bsdsock's parser against the C library's on the same text.
#![no_main]

use bsdsock::addr::inet::pton4;
#[path = "../../tests/support/c_inet.rs"]
mod c_inet;
use c_inet::c_inet_pton;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let end = data.iter().position(|&b| b == 0);
    let text = &data[..end.unwrap_or(data.len())];
    let mut c = text.to_vec();
    c.push(0);
    let want = c_inet_pton(bsdsock::AF_INET, &c).unwrap().map(|b| [b[0], b[1], b[2], b[3]]);
    assert_eq!(pton4(text), want, "inet_pton4 {:?}", String::from_utf8_lossy(text));
    if end.is_some() {
        assert_eq!(pton4(data), None);
        assert!(matches!(bsdsock::inet_pton(bsdsock::AF_INET, data), Err(bsdsock::Error::Type(_))));
    }
});
