//! inet_aton: bsdsock's parser against the C library's on the same text.
#![no_main]

use bsdsock::addr::inet::aton;
#[path = "../../tests/support/c_inet.rs"]
mod c_inet;
use c_inet::c_inet_aton;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // C sees the text up to the first NUL; bsdsock rejects any NUL (Python's TypeError).
    let end = data.iter().position(|&b| b == 0);
    let text = &data[..end.unwrap_or(data.len())];
    let mut c = text.to_vec();
    c.push(0);
    assert_eq!(aton(text), c_inet_aton(&c), "inet_aton {:?}", String::from_utf8_lossy(text));
    if end.is_some() {
        assert_eq!(aton(data), None);
        assert!(matches!(bsdsock::inet_aton(data), Err(bsdsock::Error::Type(_))));
    }
});
