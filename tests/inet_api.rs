//! The address-text functions by example: Python 2.7's documented results (python-semantics.md
//! section h) and every bad input of issue 4 with its exact error. Pure Rust, no FFI.

use bsdsock::addr::inet::{aton, ntop4, ntop6, pton4, pton6};
use bsdsock::consts::errno::EAFNOSUPPORT;
use bsdsock::{
    AF_INET, AF_INET6, AF_UNIX, AddrText, Error, Packed, htonl, htons, inet_aton, inet_ntoa,
    inet_ntop, inet_pton, ntohl, ntohs,
};

const ATON: Error = Error::Socket("illegal IP address string passed to inet_aton");
const PTON: Error = Error::Socket("illegal IP address string passed to inet_pton");
const ATON_NUL: Error =
    Error::Type("inet_aton() argument 1 must be string without null bytes, not str");
const PTON_NUL: Error =
    Error::Type("inet_pton() argument 2 must be string without null bytes, not str");
const NTOA_LEN: Error = Error::Socket("packed IP wrong length for inet_ntoa");
const NTOP_LEN: Error = Error::Value("invalid length of packed IP address string");

fn v6(text: &str) -> [u8; 16] {
    match inet_pton(AF_INET6, text) {
        Ok(Packed::V6(b)) => b,
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn aton_classic_forms() {
    assert_eq!(inet_aton("127.1"), Ok([127, 0, 0, 1]));
    assert_eq!(inet_aton("0x7f.1"), Ok([127, 0, 0, 1]));
    assert_eq!(inet_aton("127.0.0.010"), Ok([127, 0, 0, 8]));
    assert_eq!(inet_aton("4294967295"), Ok([255; 4]));
    assert_eq!(inet_aton("0xffffffff"), Ok([255; 4]));
    assert_eq!(inet_aton("037777777777"), Ok([255; 4]));
    assert_eq!(inet_aton("1.2.65535"), Ok([1, 2, 255, 255]));
    assert_eq!(inet_aton("1.16777215"), Ok([1, 255, 255, 255]));
    assert_eq!(inet_aton("0X0A.0.0.1"), Ok([10, 0, 0, 1]));
    assert_eq!(inet_aton(b"1.2.3.4".as_slice()), Ok([1, 2, 3, 4]));
    // text after ASCII whitespace is ignored, as glibc does
    assert_eq!(inet_aton("1.2.3.4 trailing"), Ok([1, 2, 3, 4]));
    for ws in [" ", "\t", "\n", "\x0b", "\x0c", "\r"] {
        assert_eq!(inet_aton(format!("1.2.3.4{ws}x")), Ok([1, 2, 3, 4]), "{ws:?}");
    }
    assert_eq!(inet_aton("1.2.3.4 \u{e9}"), Ok([1, 2, 3, 4]));
    // 200 zeros are one octal 0 (glibc accepts it)
    assert_eq!(inet_aton("0".repeat(200)), Ok([0; 4]));
}

#[test]
fn aton_bad_inputs() {
    for bad in [
        "",
        "1.2.3.4.5",
        "256.1.1.1",
        "0x100000000",
        "4294967296",
        "1.2.3.256",
        "1.2.65536",
        "1.16777216",
        "1.2.3.",
        ".1.2.3",
        "1..2",
        "0x",
        "0x.1",
        "08",
        "1.2.3.4x",
        " 1.2.3.4",
        "+1",
        "-1",
        "1.2.3.4\u{a0}x",
        "１.2.3.4",
        ":",
    ] {
        assert_eq!(inet_aton(bad), Err(ATON), "{bad:?}");
        assert_eq!(aton(bad.as_bytes()), None, "{bad:?}");
    }
    // a 200-byte string (a number far beyond 32 bits)
    assert_eq!(inet_aton("1".repeat(200)), Err(ATON));
    assert_eq!(inet_aton("1.2.".repeat(50)), Err(ATON));
    // non-ASCII bytes
    assert_eq!(inet_aton(b"1.2.3.\xff".as_slice()), Err(ATON));
    assert_eq!(inet_aton(b"\x80".as_slice()), Err(ATON));
    // embedded NUL: Python 2.7's TypeError, also in the ignored trailing text
    assert_eq!(inet_aton("1.2.3.4\0"), Err(ATON_NUL));
    assert_eq!(inet_aton("1.2\0.3.4"), Err(ATON_NUL));
    assert_eq!(inet_aton("1.2.3.4 x\0"), Err(ATON_NUL));
    assert_eq!(inet_aton("\0"), Err(ATON_NUL));
}

#[test]
fn ntoa() {
    assert_eq!(inet_ntoa([127, 0, 0, 1]).unwrap(), "127.0.0.1");
    assert_eq!(inet_ntoa(b"abcd").unwrap(), "97.98.99.100");
    assert_eq!(inet_ntoa([255; 4]).unwrap().as_str(), "255.255.255.255");
    assert_eq!(inet_ntoa([0; 4]).unwrap().as_bytes(), b"0.0.0.0");
    for n in [0, 3, 5, 15, 16, 17] {
        assert_eq!(inet_ntoa(vec![1u8; n]), Err(NTOA_LEN), "{n} bytes");
    }
}

#[test]
fn pton4_strict() {
    assert_eq!(inet_pton(AF_INET, "1.2.3.4"), Ok(Packed::V4([1, 2, 3, 4])));
    assert_eq!(inet_pton(AF_INET, "255.255.255.255"), Ok(Packed::V4([255; 4])));
    assert_eq!(inet_pton(AF_INET, "0.0.0.0").unwrap().len(), 4);
    for bad in [
        "",
        "127.1",
        "01.2.3.4",
        "1.2.3.04",
        "00.1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.256",
        "0x1.2.3.4",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1.2.3.",
        "1..2.3",
        "1.2.3.4 trailing",
        "1000.1.1.1",
        "+1.2.3.4",
        "１.2.3.4",
    ] {
        assert_eq!(inet_pton(AF_INET, bad), Err(PTON), "{bad:?}");
        assert_eq!(pton4(bad.as_bytes()), None, "{bad:?}");
    }
    assert_eq!(inet_pton(AF_INET, "1".repeat(200)), Err(PTON));
    assert_eq!(inet_pton(AF_INET, b"1.2.3.\xc4".as_slice()), Err(PTON));
    assert_eq!(inet_pton(AF_INET, "1.2.3.4\0"), Err(PTON_NUL));
    assert_eq!(inet_pton(AF_INET, "\0"), Err(PTON_NUL));
}

#[test]
fn pton6_forms() {
    assert_eq!(v6("::"), [0; 16]);
    assert_eq!(v6("::1"), {
        let mut a = [0; 16];
        a[15] = 1;
        a
    });
    let mut mapped = [0u8; 16];
    mapped[10..].copy_from_slice(&[0xff, 0xff, 1, 2, 3, 4]);
    assert_eq!(v6("::ffff:1.2.3.4"), mapped);
    assert_eq!(v6("::FFFF:1.2.3.4"), mapped);
    assert_eq!(v6("0:0:0:0:0:ffff:1.2.3.4"), mapped);
    assert_eq!(v6("1:2:3:4:5:6:7:8"), [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    assert_eq!(v6("1:2:3:4:5:6:7::"), [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]);
    assert_eq!(v6("1:2:3:4:5:6:1.2.3.4"), [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]);
    assert_eq!(v6("2001:DB8::"), {
        let mut a = [0; 16];
        a[..4].copy_from_slice(&[0x20, 1, 0xd, 0xb8]);
        a
    });
    assert_eq!(inet_pton(AF_INET6, "::").unwrap().len(), 16);
}

#[test]
fn pton6_bad_inputs() {
    for bad in [
        "",
        ":",
        ":::",
        "1::2::3",
        "::1::",
        "1:2:3:4:5:6:7:8:9",     // nine groups
        "1:2:3:4:5:6:7:8::",     // "::" for no group
        "1:2:3:4:5:6:7::8",      // ditto
        "::1:2:3:4:5:6:7:8",     // ditto
        "1:2:3:4:5:6:7",         // seven groups, no "::"
        "12345::",               // 5-digit hex group
        "::00000",               // ditto, zeros
        "1.2.3.4::",             // IPv4 tail before the last group
        "::1.2.3.4:1",           // ditto
        "1:2:3:4:5:6:7:1.2.3.4", // IPv4 tail leaves no room
        "::01.2.3.4",            // tail is strict
        "::256.1.1.1",
        "::1.2.3",
        "1.2.3.4",
        ":1::",
        "1:",
        "1::2:",
        "::g",
        " ::1",
        "::1 ",
        "::1%eth0",
        "[::1]",
    ] {
        assert_eq!(inet_pton(AF_INET6, bad), Err(PTON), "{bad:?}");
        assert_eq!(pton6(bad.as_bytes()), None, "{bad:?}");
    }
    // a 200-byte string
    assert_eq!(inet_pton(AF_INET6, "0".repeat(200)), Err(PTON));
    assert_eq!(inet_pton(AF_INET6, "1:".repeat(100)), Err(PTON));
    assert_eq!(inet_pton(AF_INET6, "::".to_string() + &"0:".repeat(99)), Err(PTON));
    // non-ASCII bytes
    assert_eq!(inet_pton(AF_INET6, b"::\xff".as_slice()), Err(PTON));
    assert_eq!(inet_pton(AF_INET6, "::１"), Err(PTON));
    // embedded NUL
    assert_eq!(inet_pton(AF_INET6, "::1\0"), Err(PTON_NUL));
    assert_eq!(inet_pton(AF_INET6, ":\0:"), Err(PTON_NUL));
}

#[test]
fn pton_other_family() {
    assert_eq!(inet_pton(AF_UNIX, "1.2.3.4"), Err(Error::Os(EAFNOSUPPORT)));
    assert_eq!(inet_pton(12345, ""), Err(Error::Os(EAFNOSUPPORT)));
    assert_eq!(inet_pton(-1, "1.2.3.4\0"), Err(PTON_NUL));
}

#[test]
fn ntop6_text() {
    let cases = [
        ("::", "::"),
        ("::1", "::1"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        ("::1.2.3.4", "::1.2.3.4"),
        ("::0.0.1.0", "::100"),
        ("::1.0.0.0", "::1.0.0.0"),
        ("::ffff:0.0.0.0", "::ffff:0.0.0.0"),
        ("::fffe:1.2.3.4", "::fffe:102:304"),
        ("0:0:0:0:1:ffff:1.2.3.4", "::1:ffff:102:304"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:0:1::", "2001:db8:0:0:1::"),
        ("2001:db8:0:0:1:0:0:0", "2001:db8:0:0:1::"),
        ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
        ("1:0:0:2:0:0:0:4", "1:0:0:2::4"),
        ("1::", "1::"),
        ("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "abcd:ef01:2345:6789:abcd:ef01:2345:6789"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("fe80::0:0:1", "fe80::1"),
    ];
    for (input, want) in cases {
        let t = inet_ntop(AF_INET6, v6(input)).unwrap();
        assert_eq!(t, want, "{input}");
        assert_eq!(ntop6(&v6(input)).as_str(), want);
    }
}

#[test]
fn ntop_lengths_and_families() {
    assert_eq!(inet_ntop(AF_INET, [10, 0, 0, 255]).unwrap(), "10.0.0.255");
    for n in [0, 3, 5, 15, 16, 17] {
        assert_eq!(inet_ntop(AF_INET, vec![0u8; n]), Err(NTOP_LEN), "AF_INET, {n} bytes");
    }
    for n in [0, 3, 4, 5, 15, 17] {
        assert_eq!(inet_ntop(AF_INET6, vec![0u8; n]), Err(NTOP_LEN), "AF_INET6, {n} bytes");
    }
    assert_eq!(inet_ntop(AF_UNIX, [0u8; 4]), Err(Error::UnknownFamily(AF_UNIX)));
    assert_eq!(inet_ntop(AF_UNIX, [0u8; 4]).unwrap_err().to_string(), "unknown address family 1");
}

#[test]
fn addr_text_and_packed_types() {
    let t: AddrText = ntop4(&[192, 168, 0, 1]);
    assert_eq!(t.len(), 11); // through Deref<Target = str>
    assert_eq!(format!("{t}"), "192.168.0.1");
    assert_eq!(format!("{t:>13}"), "  192.168.0.1");
    assert_eq!(format!("{t:?}"), "\"192.168.0.1\"");
    assert_eq!(String::from(t), "192.168.0.1");
    assert!(t.starts_with("192."));
    let p = inet_pton(AF_INET6, "::1").unwrap();
    assert_eq!(p.len(), 16);
    assert_eq!(core::net::IpAddr::from(p), core::net::Ipv6Addr::LOCALHOST);
    assert_eq!(&*inet_pton(AF_INET, "1.2.3.4").unwrap(), &[1, 2, 3, 4]);
    assert_eq!(
        inet_aton("").unwrap_err().to_string(),
        "illegal IP address string passed to inet_aton"
    );
}

#[test]
fn byte_order() {
    assert_eq!(htonl(1), u32::from_ne_bytes([0, 0, 0, 1]));
    assert_eq!(htons(1), u16::from_ne_bytes([0, 1]));
    assert_eq!(ntohl(htonl(0x1234_5678)), 0x1234_5678);
    assert_eq!(ntohs(htons(0xabcd)), 0xabcd);
    assert_eq!(htonl(0x0102_0304).to_ne_bytes(), [1, 2, 3, 4]);
    assert_eq!(ntohs(u16::from_ne_bytes([0x12, 0x34])), 0x1234);
    const C: u32 = htonl(7); // usable in const context
    assert_eq!(C.to_ne_bytes(), [0, 0, 0, 7]);
}
