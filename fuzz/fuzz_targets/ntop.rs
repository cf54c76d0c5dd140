//! inet_ntop / inet_ntoa: bsdsock's text against the C library's for the same bytes; wrong
//! lengths and families give Python's errors.
#![no_main]

#[path = "../../tests/support/c_inet.rs"]
mod c_inet;
use c_inet::c_inet_ntop;
use bsdsock::{AF_INET, AF_INET6, Error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut cbuf = [0u8; 64];
    match data.len() {
        16 => {
            let t = bsdsock::inet_ntop(AF_INET6, data).unwrap();
            let n = c_inet_ntop(AF_INET6, data, &mut cbuf).unwrap();
            assert_eq!(t.as_bytes(), &cbuf[..n], "inet_ntop6 {data:02x?}");
        }
        4 => {
            let t = bsdsock::inet_ntop(AF_INET, data).unwrap();
            let n = c_inet_ntop(AF_INET, data, &mut cbuf).unwrap();
            assert_eq!(t.as_bytes(), &cbuf[..n], "inet_ntop4 {data:02x?}");
            assert_eq!(bsdsock::inet_ntoa(data).unwrap(), t);
        }
        _ => {
            let e = Err(Error::Value("invalid length of packed IP address string"));
            assert_eq!(bsdsock::inet_ntop(AF_INET6, data), e);
            assert_eq!(bsdsock::inet_ntop(AF_INET, data), e);
            let e = Err(Error::Socket("packed IP wrong length for inet_ntoa"));
            assert_eq!(bsdsock::inet_ntoa(data), e);
        }
    }
    let fam = i32::from(data.first().copied().unwrap_or(0)) + 100;
    assert_eq!(bsdsock::inet_ntop(fam, data), Err(Error::UnknownFamily(fam)));
});
