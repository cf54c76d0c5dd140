//! The AF_INET text form (Python's repr of the address tuple) is built without core::fmt for
//! speed; it must stay byte-for-byte what `format!("('{}', {})", ip, port)` gives.
use bsdsock::SockAddr;
use std::net::{Ipv4Addr, SocketAddrV4};

#[test]
fn inet_display_matches_fmt_reference() {
    let mut x: u32 = 0x9e37_79b9;
    let mut cases: Vec<(u32, u16)> = vec![
        (0, 0),
        (u32::MAX, u16::MAX),
        (0x7f00_0001, 8080),
        (0x0a00_0001, 9),
        (0x6400_0a09, 10),
        (0x0102_0304, 65535),
    ];
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        cases.push((x, (x >> 7) as u16));
    }
    for (ip, port) in cases {
        let a = SocketAddrV4::new(Ipv4Addr::from(ip), port);
        let want = format!("('{}', {})", a.ip(), a.port());
        assert_eq!(SockAddr::Inet(a).to_string(), want);
        // Width and other flags are ignored, as with write! before.
        assert_eq!(format!("{:>40}", SockAddr::Inet(a)), want);
    }
}
