//! The socket-address codec: byte-level encodings against hand-computed bytes (both byte
//! orders), round trips for every family, Python-repr Display, and a bounded deterministic
//! property test that decode never panics.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use bsdsock::addr::sockaddr::{RAW_DATA_MAX, RAW_DATA_OFF};
use bsdsock::{AF_INET, AF_INET6, AF_UNIX, Error, SockAddr, UnixAddr};

/// The C sockaddr bytes `SockAddr::encode_bytes` wrote (256 bytes: enough on every target).
struct Enc {
    buf: [u8; 256],
    len: usize,
}

impl Enc {
    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

fn try_enc(a: &SockAddr) -> Result<Enc, Error> {
    let mut buf = [0u8; 256];
    let len = a.encode_bytes(&mut buf)?;
    Ok(Enc { buf, len })
}

fn enc(a: &SockAddr) -> Enc {
    try_enc(a).expect("encode")
}

/// The family field as the target stores it (Linux: host-order u16).
#[cfg(target_os = "linux")]
fn fam(f: i32) -> [u8; 2] {
    (f as u16).to_ne_bytes()
}

fn roundtrip(a: SockAddr) {
    let b = enc(&a);
    assert_eq!(SockAddr::decode(b.bytes()), Some(a), "round trip of {a:?}");
}

#[test]
#[cfg(target_os = "linux")]
fn inet_bytes() {
    let a = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 1), 0x1f90));
    let b = enc(&a);
    let f = fam(AF_INET);
    let want = [f[0], f[1], 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    assert_eq!(b.bytes(), &want);
    if cfg!(target_endian = "big") {
        assert_eq!(&b.bytes()[..2], &[0, 2]);
    } else {
        assert_eq!(&b.bytes()[..2], &[2, 0]);
    }
}

#[test]
#[cfg(target_os = "linux")]
fn inet6_bytes() {
    let ip: Ipv6Addr = "2001:db8::1".parse().unwrap();
    let a = SockAddr::Inet6(SocketAddrV6::new(ip, 443, 0x12345, 0x0102_0304));
    let b = enc(&a);
    let mut want = Vec::new();
    want.extend_from_slice(&fam(AF_INET6));
    want.extend_from_slice(&[0x01, 0xbb]); // port, network order
    want.extend_from_slice(&[0x00, 0x01, 0x23, 0x45]); // flowinfo, network order
    want.extend_from_slice(&ip.octets());
    want.extend_from_slice(&0x0102_0304u32.to_ne_bytes()); // scope_id, host order (A24)
    assert_eq!(b.bytes(), &want[..]);
    assert_eq!(b.bytes().len(), 28);
}

#[test]
#[cfg(target_os = "linux")]
fn unix_bytes_and_length() {
    let a = SockAddr::Unix(UnixAddr::new(b"/tmp/x").unwrap());
    let b = enc(&a);
    let mut want = fam(AF_UNIX).to_vec();
    want.extend_from_slice(b"/tmp/x");
    // A29: family plus the path, no trailing NUL.
    assert_eq!(b.bytes(), &want[..]);
    // A30: unnamed is the family alone.
    assert_eq!(enc(&SockAddr::Unix(UnixAddr::unnamed())).bytes(), &fam(AF_UNIX));
}

#[test]
#[cfg(all(target_os = "linux", not(target_env = "musl")))] // musl: no <linux/netlink.h>
fn netlink_bytes() {
    let a = SockAddr::Netlink { pid: 0x0102_0304, groups: 5 };
    let b = enc(&a);
    let mut want = fam(bsdsock::AF_NETLINK).to_vec();
    want.extend_from_slice(&[0, 0]);
    want.extend_from_slice(&0x0102_0304u32.to_ne_bytes());
    want.extend_from_slice(&5u32.to_ne_bytes());
    assert_eq!(b.bytes(), &want[..]);
    roundtrip(a);
    assert_eq!(a.to_string(), "(16909060, 5)");
    assert_eq!(a.family(), bsdsock::AF_NETLINK);
}

#[test]
#[cfg(all(target_os = "linux", not(target_env = "musl")))] // musl: no <linux/tipc.h>
fn tipc_bytes_and_python_shapes() {
    use bsdsock::TipcAddr;
    // NAMESEQ (A38): type, lower, upper in memory order.
    let a = SockAddr::Tipc(TipcAddr::name_seq(18888, 17, 42, 2));
    let b = enc(&a);
    let mut want = fam(bsdsock::AF_TIPC).to_vec();
    want.extend_from_slice(&[1, 2]);
    for w in [18888u32, 17, 42] {
        want.extend_from_slice(&w.to_ne_bytes());
    }
    assert_eq!(b.bytes(), &want[..]);
    roundtrip(a);
    assert_eq!(a.to_string(), "(1, 18888, 17, 42, 2)");

    // NAME (A39, B10): v3 ignored on encode (domain zero), instance repeated on decode.
    let n = TipcAddr { addr_type: 2, v1: 7, v2: 9, v3: 1234, scope: 3 };
    let b = enc(&SockAddr::Tipc(n));
    let mut want = fam(bsdsock::AF_TIPC).to_vec();
    want.extend_from_slice(&[2, 3]);
    for w in [7u32, 9, 0] {
        want.extend_from_slice(&w.to_ne_bytes());
    }
    assert_eq!(b.bytes(), &want[..]);
    assert_eq!(SockAddr::decode(b.bytes()).unwrap().to_string(), "(2, 7, 9, 9, 3)");

    // ID (A40, B10): memory order ref, node; decoded as (3, node, ref, 0, scope).
    let i = TipcAddr { addr_type: 3, v1: 0x1001, v2: 77, v3: 5, scope: 2 };
    let b = enc(&SockAddr::Tipc(i));
    let mut want = fam(bsdsock::AF_TIPC).to_vec();
    want.extend_from_slice(&[3, 2]);
    for w in [77u32, 0x1001, 0] {
        want.extend_from_slice(&w.to_ne_bytes());
    }
    assert_eq!(b.bytes(), &want[..]);
    assert_eq!(SockAddr::decode(b.bytes()).unwrap().to_string(), "(3, 4097, 77, 0, 2)");

    // A41: another type fails to encode; decoding such bytes keeps the raw type (B10 is a
    // ValueError in Python; decode never fails here).
    let bad = TipcAddr { addr_type: 9, v1: 1, v2: 2, v3: 3, scope: 2 };
    assert_eq!(try_enc(&SockAddr::Tipc(bad)).err(), Some(Error::Type("Invalid address type")));
    let mut raw = want.clone();
    raw[2] = 9;
    assert_eq!(
        SockAddr::decode(&raw),
        Some(SockAddr::Tipc(TipcAddr { addr_type: 9, v1: 77, v2: 0x1001, v3: 0, scope: 2 }))
    );
}

#[test]
fn inet_roundtrips_and_display() {
    let a = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::new(127, 0, 0, 1), 80));
    roundtrip(a);
    assert_eq!(a.to_string(), "('127.0.0.1', 80)");
    let z = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0));
    assert_eq!(z.to_string(), "('0.0.0.0', 0)"); // B2
    let six = SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 80, 0, 0));
    roundtrip(six);
    assert_eq!(six.to_string(), "('::1', 80, 0, 0)");
    // B4 (3.7+): no %zone in the text, the scope is the 4th item.
    let ll = SockAddr::Inet6(SocketAddrV6::new("fe80::1".parse().unwrap(), 80, 0, 1));
    roundtrip(ll);
    assert_eq!(ll.to_string(), "('fe80::1', 80, 0, 1)");
    let any6 = SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0));
    assert_eq!(any6.to_string(), "('::', 0, 0, 0)"); // B3
    // Max flowinfo and scope survive.
    roundtrip(SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 65535, 0xFFFFF, u32::MAX)));
}

#[test]
fn unix_roundtrips_and_display() {
    let p = SockAddr::Unix(UnixAddr::new(b"/tmp/sock").unwrap());
    roundtrip(p);
    assert_eq!(p.to_string(), "'/tmp/sock'");
    // A27: abstract, embedded NULs and high bytes, byte for byte.
    let abs = UnixAddr::new(b"\0python-test-hello\0\xff").unwrap();
    assert!(abs.is_abstract());
    assert_eq!(abs.abstract_name(), Some(&b"python-test-hello\0\xff"[..]));
    roundtrip(SockAddr::Unix(abs));
    assert_eq!(SockAddr::Unix(abs).to_string(), "'\\x00python-test-hello\\x00\\xff'");
    // B6: unnamed.
    let un = SockAddr::Unix(UnixAddr::unnamed());
    roundtrip(un);
    assert_eq!(un.to_string(), "''");
    assert!(UnixAddr::unnamed().is_unnamed());
    // Non-UTF-8 regular path.
    let nu = SockAddr::Unix(UnixAddr::new(b"/tmp/\xff\xfe").unwrap());
    roundtrip(nu);
    assert_eq!(nu.to_string(), "'/tmp/\\xff\\xfe'");
    // Longest regular path and abstract name.
    let max = bsdsock::addr::sockaddr::UNIX_PATH_MAX;
    roundtrip(SockAddr::Unix(UnixAddr::new(&vec![b'a'; max - 1]).unwrap()));
    let mut a = vec![b'z'; max];
    a[0] = 0;
    roundtrip(SockAddr::Unix(UnixAddr::new(&a).unwrap()));
}

#[test]
fn unix_path_limits() {
    let max = bsdsock::addr::sockaddr::UNIX_PATH_MAX;
    if cfg!(target_os = "linux") {
        assert_eq!(max, 108);
    }
    // A28: a regular path of 108 bytes (sizeof sun_path) is too long.
    assert_eq!(UnixAddr::new(&vec![b'a'; max]), Err(Error::Socket("AF_UNIX path too long")));
    assert!(UnixAddr::new(&vec![b'a'; max - 1]).is_ok());
    // A26: an abstract name of 109 bytes is too long, 108 fits.
    let mut a = vec![b'z'; max + 1];
    a[0] = 0;
    assert_eq!(UnixAddr::new(&a), Err(Error::Socket("AF_UNIX path too long")));
    assert!(UnixAddr::new(&a[..max]).is_ok());
    assert_eq!(
        UnixAddr::from_abstract_name(&vec![b'q'; max]),
        Err(Error::Socket("AF_UNIX path too long"))
    );
    assert_eq!(UnixAddr::from_abstract_name(b"x").unwrap().as_bytes(), b"\0x");
}

#[test]
fn unix_path_stops_at_nul_when_decoded() {
    // A31/B7: a regular path with an embedded NUL reads as the part before it.
    let b = enc(&SockAddr::Unix(UnixAddr::new(b"abc\0def").unwrap()));
    assert_eq!(SockAddr::decode(b.bytes()), Some(SockAddr::Unix(UnixAddr::new(b"abc").unwrap())));
}

#[test]
#[cfg(target_os = "linux")]
fn unix_full_sun_path_without_nul_decodes() {
    // Linux can report a regular path filling all 108 bytes with no NUL (length 110).
    let mut raw = fam(AF_UNIX).to_vec();
    raw.extend_from_slice(&[b'p'; 108]);
    let a = SockAddr::decode(&raw).unwrap();
    assert_eq!(a.as_unix().unwrap().as_bytes(), &[b'p'; 108][..]);
    assert!(!a.as_unix().unwrap().is_abstract());
}

#[test]
fn decode_of_nothing_is_none() {
    assert_eq!(SockAddr::decode(&[]), None); // B1
}

#[test]
fn unknown_family_keeps_raw_bytes() {
    // B12: an unknown family does not fail.
    let fam = 250i32;
    let a = SockAddr::from_raw(fam, b"\x01\x02\x03 raw").unwrap();
    let b = enc(&a);
    assert_eq!(b.bytes().len(), RAW_DATA_OFF + 7);
    let d = SockAddr::decode(b.bytes()).unwrap();
    assert_eq!(d, a);
    assert_eq!(d.family(), fam);
    assert_eq!(d.raw_data(), Some(&b"\x01\x02\x03 raw"[..]));
    assert_eq!(d.to_string(), "(250, '\\x01\\x02\\x03 raw')");
    assert_eq!(
        SockAddr::from_raw(1, &[0; RAW_DATA_MAX + 1]),
        Err(Error::Value("sockaddr data too long"))
    );
    assert!(SockAddr::from_raw(1, &[7; RAW_DATA_MAX]).is_ok());
    // A family that does not fit sa_family_t cannot be encoded.
    let big = SockAddr::from_raw(1 << 20, b"").unwrap();
    assert_eq!(try_enc(&big).err(), Some(Error::Socket("getsockaddrarg: bad family")));
}

#[test]
fn std_conversions() {
    let v4: SocketAddr = "127.0.0.1:80".parse().unwrap();
    let v6: SocketAddr = "[::1]:81".parse().unwrap();
    assert_eq!(SocketAddr::try_from(SockAddr::from(v4)), Ok(v4));
    assert_eq!(SocketAddr::try_from(SockAddr::from(v6)), Ok(v6));
    let u = SockAddr::Unix(UnixAddr::unnamed());
    assert_eq!(SocketAddr::try_from(u), Err(Error::Socket("unsupported address family")));
    assert!(SocketAddrV4::try_from(SockAddr::from(v6)).is_err());
    assert!(SocketAddrV6::try_from(SockAddr::from(v6)).is_ok());

    let p = std::path::Path::new("/tmp/some.sock");
    let ua = UnixAddr::try_from(p).unwrap();
    assert_eq!(ua.as_bytes(), b"/tmp/some.sock");
    assert_eq!(ua.as_path(), Some(p));
    assert_eq!(UnixAddr::unnamed().as_path(), None);
}

#[test]
#[cfg_attr(miri, ignore)]
fn from_std_unix_socket_addr() {
    use std::os::unix::net::UnixDatagram;
    let path = std::env::temp_dir().join(format!("bsdsock-addr-{}.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let s = UnixDatagram::bind(&path).unwrap();
    let a = SockAddr::try_from(&s.local_addr().unwrap()).unwrap();
    assert_eq!(a.as_unix().unwrap().as_path(), Some(path.as_path()));
    drop(s);
    std::fs::remove_file(&path).unwrap();
    let (x, _y) = UnixDatagram::pair().unwrap();
    let a = SockAddr::try_from(&x.local_addr().unwrap()).unwrap();
    assert!(a.as_unix().unwrap().is_unnamed());
    #[cfg(target_os = "linux")]
    {
        use std::os::linux::net::SocketAddrExt;
        let name = format!("bsdsock-abs-{}", std::process::id());
        let sa = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
        let a = SockAddr::try_from(&sa).unwrap();
        let mut want = vec![0u8];
        want.extend_from_slice(name.as_bytes());
        assert_eq!(a.as_unix().unwrap().as_bytes(), &want[..]);
    }
}

/// xorshift32: a fixed sequence, so the property test is deterministic.
struct Rng(u32);
impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

#[test]
fn decode_never_panics_property() {
    // 20 000 random byte strings of random length 0..=300, with the family field biased to
    // the families the codec knows; every decoded value must re-encode without panic, and
    // re-decoding the encoding of a decoded known address gives the same value.
    let mut rng = Rng(0xdead_beef);
    let known = [AF_INET, AF_INET6, AF_UNIX, bsdsock::AF_UNSPEC, 16, 30, 250];
    let mut buf = [0u8; 300];
    for _ in 0..20_000 {
        let len = (rng.next() % 301) as usize;
        for b in buf.iter_mut() {
            *b = rng.next() as u8;
        }
        if rng.next() % 4 != 0 {
            let f = known[(rng.next() as usize) % known.len()] as u16;
            let off = RAW_DATA_OFF - std::mem::size_of::<bsdsock::layout::sa_family_t>();
            let n = RAW_DATA_OFF - off;
            buf[off..RAW_DATA_OFF].copy_from_slice(&f.to_ne_bytes()[..n]);
        }
        let Some(a) = SockAddr::decode(&buf[..len]) else {
            assert_eq!(len, 0);
            continue;
        };
        let _ = a.to_string();
        if let Ok(out) = try_enc(&a) {
            let again = SockAddr::decode(out.bytes()).expect("non-empty");
            assert_eq!(again, a, "re-decode of {a:?}");
        }
    }
}

#[test]
fn inet6_text_is_glibcs_form() {
    // CPython formats with getnameinfo(NI_NUMERICHOST), i.e. glibc's inet_ntop: the
    // IPv4-compatible form keeps its dotted tail (core::net would write ::102:304).
    let a: bsdsock::SockAddr =
        core::net::SocketAddrV6::new("::1.2.3.4".parse().unwrap(), 80, 0, 0).into();
    assert_eq!(a.to_string(), "('::1.2.3.4', 80, 0, 0)");
    let m: bsdsock::SockAddr =
        core::net::SocketAddrV6::new("::ffff:1.2.3.4".parse().unwrap(), 1, 2, 3).into();
    assert_eq!(m.to_string(), "('::ffff:1.2.3.4', 1, 2, 3)");
}
