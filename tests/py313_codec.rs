//! The codec for Python 3.13's Linux address families: each family's bytes against the
//! kernel ABI's layout written out by hand (which the probed struct layouts must match on
//! every target, big-endian and 32-bit included), round trips, Python's tuple text, the
//! `ToSockAddr` inputs and their bad-input errors. Pure: no socket of these families is
//! needed, so this runs where the kernel has none of them.
#![cfg(target_os = "linux")]

use bsdsock::{Error, SockAddr, ToSockAddr};

/// The encoding of `a` (public API: `SockAddr::encode_bytes`).
fn enc(a: &SockAddr) -> Vec<u8> {
    let mut buf = [0u8; 256];
    let n = a.encode_bytes(&mut buf).expect("encode");
    buf[..n].to_vec()
}

/// The family field as Linux stores it: a host-order u16.
fn fam(f: i32) -> [u8; 2] {
    (f as u16).to_ne_bytes()
}

/// Encode, compare with `want`, decode back to `a`, and check that every shorter prefix
/// decodes without panicking to the same family.
fn check_bytes(a: SockAddr, want: &[u8]) {
    let b = enc(&a);
    assert_eq!(b, want, "bytes of {a:?}");
    assert_eq!(SockAddr::decode(&b), Some(a), "round trip of {a:?}");
    for n in 2..b.len() {
        let d = SockAddr::decode(&b[..n]).expect("non-empty decodes");
        assert_eq!(d.family(), a.family());
        let _ = d.to_string();
    }
}

#[test]
fn encode_bytes_refuses_a_short_buffer() {
    let a = SockAddr::from(std::net::SocketAddr::from(([127, 0, 0, 1], 80)));
    let mut small = [0u8; 8];
    assert_eq!(a.encode_bytes(&mut small), Err(Error::Value("buffer too small for the address")));
}

#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
mod packet {
    use super::*;
    use bsdsock::consts::errno::ENODEV;
    use bsdsock::{AF_INET, AF_PACKET, ETH_P_ALL, ETH_P_IP, IfName, PacketAddr};

    #[test]
    fn sockaddr_ll_bytes() {
        let a = PacketAddr::new(7, ETH_P_IP as u16)
            .with_pkttype(4)
            .with_hatype(1)
            .with_addr(&[0x02, 0, 0, 0, 0, 0x01])
            .unwrap();
        let mut want = Vec::new();
        want.extend_from_slice(&fam(AF_PACKET));
        want.extend_from_slice(&[0x08, 0x00]); // sll_protocol, network order
        want.extend_from_slice(&7i32.to_ne_bytes()); // sll_ifindex
        want.extend_from_slice(&1u16.to_ne_bytes()); // sll_hatype
        want.extend_from_slice(&[4, 6]); // sll_pkttype, sll_halen
        want.extend_from_slice(&[0x02, 0, 0, 0, 0, 0x01, 0, 0]); // sll_addr[8]
        assert_eq!(want.len(), 20);
        check_bytes(SockAddr::Packet(a), &want);
        // Python's tuple, with the name the socket calls fill in.
        assert_eq!(a.to_string(), "('', 2048, 4, 1, b'\\x02\\x00\\x00\\x00\\x00\\x01')");
        let named = a.with_ifname(IfName::new(b"eth0").unwrap());
        assert_eq!(named.to_string(), "('eth0', 2048, 4, 1, b'\\x02\\x00\\x00\\x00\\x00\\x01')");
        // The name is a label: equality is the kernel's view.
        assert_eq!(named, a);
    }

    #[test]
    fn hardware_addresses_longer_than_sll_addr_round_trip_when_decoded() {
        // InfiniBand-style 20-byte address as the kernel may return it past sll_addr.
        let mut b = vec![0u8; 32];
        b[..2].copy_from_slice(&fam(AF_PACKET));
        b[11] = 20;
        for (i, x) in b[12..32].iter_mut().enumerate() {
            *x = i as u8 + 1;
        }
        let Some(SockAddr::Packet(a)) = SockAddr::decode(&b) else { panic!() };
        assert_eq!(a.addr(), &b[12..32]);
        assert_eq!(enc(&SockAddr::Packet(a)), b);
        // A halen the buffer does not hold reads as zero-filled, never past the buffer.
        let Some(SockAddr::Packet(s)) = SockAddr::decode(&b[..14]) else { panic!() };
        assert_eq!(s.addr().len(), 20);
        assert_eq!(&s.addr()[..2], &[1, 2]);
        assert!(s.addr()[2..].iter().all(|&x| x == 0));
        // halen 255: kept to the 32 bytes a PacketAddr holds.
        b[11] = 255;
        let Some(SockAddr::Packet(m)) = SockAddr::decode(&b) else { panic!() };
        assert_eq!(m.addr().len(), bsdsock::addr::packet::PACKET_ADDR_MAX);
    }

    #[test]
    fn bad_inputs_have_pythons_errors() {
        // Python: ValueError('Hardware address must be 8 bytes or less').
        assert_eq!(
            PacketAddr::new(1, 0).with_addr(&[0; 9]),
            Err(Error::Value("Hardware address must be 8 bytes or less"))
        );
        // An interface that does not exist: [Errno 19] No such device, as Python's ioctl.
        let e = ("nosuchif0", 0u16).to_sockaddr(AF_PACKET).unwrap_err();
        assert_eq!(e, Error::Os(ENODEV));
        assert_eq!(e.to_string(), format!("[Errno {ENODEV}] No such device"));
        // 16 bytes or more cannot name an interface: the same error, nothing cut.
        let e = ("a".repeat(20).as_str(), 0u16).to_sockaddr(AF_PACKET).unwrap_err();
        assert_eq!(e.to_string(), format!("[Errno {ENODEV}] No such device"));
        assert_eq!(
            ("l\0o", 0u16).to_sockaddr(AF_PACKET),
            Err(Error::Value("embedded null character"))
        );
        // Shapes: Python's TypeError texts without the method name.
        assert_eq!(
            "lo".to_sockaddr(AF_PACKET),
            Err(Error::Type("AF_PACKET address must be tuple, not str"))
        );
        assert_eq!(
            (1u32, 2u32).to_sockaddr(AF_PACKET),
            Err(Error::Type("AF_PACKET address must be a tuple of two to five elements"))
        );
        assert!(matches!(PacketAddr::new(1, 0).to_sockaddr(AF_INET), Err(Error::Type(_))));
    }

    #[test]
    fn names_resolve_to_the_kernels_index() {
        let lo = bsdsock::if_nametoindex("lo").unwrap();
        let a = ("lo", ETH_P_ALL as u16).to_sockaddr(AF_PACKET).unwrap();
        let SockAddr::Packet(p) = a else { panic!("{a:?}") };
        assert_eq!((p.ifindex as u32, p.protocol), (lo, ETH_P_ALL as u16));
        assert_eq!(p.ifname().as_str(), Some("lo"));
        assert_eq!(a.to_string(), "('lo', 3, 0, 0, b'')");
        assert_eq!(PacketAddr::from_name("lo", 3).unwrap(), p);
    }
}

#[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
mod vsock {
    use super::*;
    use bsdsock::{AF_INET, AF_VSOCK, VMADDR_CID_ANY, VMADDR_PORT_ANY, VsockAddr};

    #[test]
    fn sockaddr_vm_bytes() {
        let a = VsockAddr::new(3, 0x1234_5678);
        let mut want = Vec::new();
        want.extend_from_slice(&fam(AF_VSOCK));
        want.extend_from_slice(&[0, 0]); // svm_reserved1
        want.extend_from_slice(&0x1234_5678u32.to_ne_bytes()); // svm_port
        want.extend_from_slice(&3u32.to_ne_bytes()); // svm_cid
        want.extend_from_slice(&[0, 0, 0, 0]); // svm_flags, svm_zero
        check_bytes(SockAddr::Vsock(a), &want);
        assert_eq!(a.to_string(), "(3, 305419896)");
        // svm_flags (VMADDR_FLAG_TO_HOST) survives a round trip.
        let f = VsockAddr { flags: 1, ..a };
        want[12] = 1;
        check_bytes(SockAddr::Vsock(f), &want);
        assert_eq!(f.to_string(), "(3, 305419896)"); // Python shows no flags
    }

    #[test]
    fn pairs_and_pythons_errors() {
        let any = (VMADDR_CID_ANY, VMADDR_PORT_ANY).to_sockaddr(AF_VSOCK).unwrap();
        assert_eq!(any, SockAddr::Vsock(VsockAddr::new(u32::MAX, u32::MAX)));
        assert_eq!(any.to_string(), "(4294967295, 4294967295)");
        assert_eq!(
            "x".to_sockaddr(AF_VSOCK),
            Err(Error::Type("getsockaddrarg: AF_VSOCK address must be tuple, not str"))
        );
        assert_eq!(
            ("host", 5u16).to_sockaddr(AF_VSOCK),
            Err(Error::Type("'str' object cannot be interpreted as an integer"))
        );
        assert!(matches!(VsockAddr::new(1, 2).to_sockaddr(AF_INET), Err(Error::Type(_))));
    }
}

#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
mod can {
    use super::*;
    use bsdsock::consts::errno::ENODEV;
    use bsdsock::{AF_CAN, CanAddr, CanForm, IfName};

    fn head(ifindex: i32) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&fam(AF_CAN));
        v.extend_from_slice(&[0, 0]); // padding before the int
        v.extend_from_slice(&ifindex.to_ne_bytes());
        v
    }

    /// sizeof(struct sockaddr_can): 24 with the J1939 member, 16 in older headers.
    fn size() -> usize {
        if cfg!(bsdsock_const = "CAN_J1939") { 24 } else { 16 }
    }

    #[test]
    fn raw_and_isotp_bytes() {
        let mut want = head(5);
        want.resize(size(), 0);
        check_bytes(SockAddr::Can(CanAddr::new(5)), &want);
        assert_eq!(CanAddr::new(5).to_string(), "('',)");

        let a = CanAddr::isotp(5, 0x123, 0x456);
        let mut want = head(5);
        want.extend_from_slice(&0x123u32.to_ne_bytes());
        want.extend_from_slice(&0x456u32.to_ne_bytes());
        want.resize(size(), 0);
        check_bytes(SockAddr::Can(a), &want);
        let named = a.with_ifname(IfName::new(b"vcan0").unwrap());
        assert_eq!(named.to_string(), "('vcan0', 291, 1110)");
        assert_eq!(named.with_form(CanForm::Raw).to_string(), "('vcan0',)");
    }

    #[test]
    #[cfg(bsdsock_const = "CAN_J1939")]
    fn j1939_bytes() {
        let a = CanAddr::j1939(2, 0x0123_4567_89ab_cdef, 0x1_2345, 0x80);
        let mut want = head(2);
        want.extend_from_slice(&0x0123_4567_89ab_cdefu64.to_ne_bytes());
        want.extend_from_slice(&0x1_2345u32.to_ne_bytes());
        want.push(0x80);
        want.resize(24, 0);
        check_bytes(SockAddr::Can(a), &want);
        assert_eq!(
            (a.j1939_name(), a.j1939_pgn(), a.j1939_addr()),
            (0x0123_4567_89ab_cdef, 0x1_2345, 0x80)
        );
        assert_eq!(a.to_string(), "('', 81985529216486895, 74565, 128)");
    }

    #[test]
    fn interface_names_follow_pythons_rules() {
        // "" is every CAN interface (index 0), without a lookup.
        assert_eq!(("",).to_sockaddr(AF_CAN), Ok(SockAddr::Can(CanAddr::new(0))));
        // Python: OSError('AF_CAN interface name too long').
        assert_eq!(
            ("x".repeat(16).as_str(),).to_sockaddr(AF_CAN),
            Err(Error::Socket("AF_CAN interface name too long"))
        );
        assert_eq!(("nosuchcan0",).to_sockaddr(AF_CAN), Err(Error::Os(ENODEV)));
        assert_eq!(("a\0b",).to_sockaddr(AF_CAN), Err(Error::Value("embedded null byte")));
        // A name is looked up like any interface (lo stands in for a vcan here).
        let lo = bsdsock::if_nametoindex("lo").unwrap() as i32;
        let Ok(SockAddr::Can(c)) = ("lo", 1u32, 2u32).to_sockaddr(AF_CAN) else { panic!() };
        assert_eq!((c.ifindex, c.rx_id(), c.tx_id()), (lo, 1, 2));
        assert_eq!(c.to_string(), "('lo', 1, 2)");
        assert_eq!(
            "vcan0".to_sockaddr(AF_CAN),
            Err(Error::Type("AF_CAN address must be tuple, not str"))
        );
    }
}

#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
mod alg {
    use super::*;
    use bsdsock::{AF_ALG, AlgAddr};

    #[test]
    fn sockaddr_alg_bytes() {
        let a = AlgAddr::new("skcipher", "cbc(aes)").unwrap().with_feat(1).with_mask(2);
        let mut want = vec![0u8; 88];
        want[..2].copy_from_slice(&fam(AF_ALG));
        want[2..10].copy_from_slice(b"skcipher"); // salg_type[14]
        want[16..20].copy_from_slice(&1u32.to_ne_bytes()); // salg_feat
        want[20..24].copy_from_slice(&2u32.to_ne_bytes()); // salg_mask
        want[24..32].copy_from_slice(b"cbc(aes)"); // salg_name[64]
        check_bytes(SockAddr::Alg(a), &want);
        assert_eq!(a.to_string(), "('skcipher', 'cbc(aes)', 1, 2)");
        // Full arrays without a NUL decode to all their bytes (strnlen), as Python.
        let mut full = want.clone();
        full[2..16].fill(b't');
        full[24..88].fill(b'n');
        let Some(SockAddr::Alg(f)) = SockAddr::decode(&full) else { panic!() };
        assert_eq!((f.alg_type().len(), f.name().len()), (14, 64));
        assert_eq!(enc(&SockAddr::Alg(f)), full);
    }

    #[test]
    fn pythons_value_errors() {
        let longest_type = "t".repeat(13);
        let longest_name = "n".repeat(63);
        assert!(AlgAddr::new(&longest_type, &longest_name).is_ok());
        // Python: ValueError('AF_ALG type too long.') / ('AF_ALG name too long.').
        assert_eq!(
            ("t".repeat(14).as_str(), "sha256").to_sockaddr(AF_ALG),
            Err(Error::Value("AF_ALG type too long."))
        );
        assert_eq!(
            ("hash", "n".repeat(64).as_str()).to_sockaddr(AF_ALG),
            Err(Error::Value("AF_ALG name too long."))
        );
        assert_eq!(AlgAddr::new("ha\0sh", "x"), Err(Error::Value("embedded null character")));
        assert_eq!(
            "hash".to_sockaddr(AF_ALG),
            Err(Error::Type("AF_ALG address must be tuple, not str"))
        );
        let a = ("aead", "gcm(aes)", 0u32, 0u32).to_sockaddr(AF_ALG).unwrap();
        assert_eq!(a.to_string(), "('aead', 'gcm(aes)', 0, 0)");
    }
}

#[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
mod qipcrtr {
    use super::*;
    use bsdsock::{AF_QIPCRTR, QRTR_NODE_BCAST, QRTR_PORT_CTRL, QipcrtrAddr};

    #[test]
    fn sockaddr_qrtr_bytes() {
        let a = QipcrtrAddr { node: 1, port: 0x4000 };
        let mut want = Vec::new();
        want.extend_from_slice(&fam(AF_QIPCRTR));
        want.extend_from_slice(&[0, 0]);
        want.extend_from_slice(&1u32.to_ne_bytes());
        want.extend_from_slice(&0x4000u32.to_ne_bytes());
        check_bytes(SockAddr::Qipcrtr(a), &want);
        assert_eq!(a.to_string(), "(1, 16384)");
        let ctl = (QRTR_NODE_BCAST, QRTR_PORT_CTRL).to_sockaddr(AF_QIPCRTR).unwrap();
        assert_eq!(ctl.to_string(), "(4294967295, 4294967294)");
        assert_eq!(
            "x".to_sockaddr(AF_QIPCRTR),
            Err(Error::Type("getsockaddrarg: AF_QIPCRTR address must be tuple, not str"))
        );
    }
}

#[cfg(bsdsock_const = "AF_RDS")]
mod rds {
    use super::*;
    use bsdsock::AF_RDS;
    use std::net::{Ipv4Addr, SocketAddrV4};

    #[test]
    fn rds_takes_the_inet_form() {
        // CPython: "RDS sockets use sockaddr_in" (getsockaddrarg falls through to AF_INET).
        let a = ("127.0.0.1", 4000u16).to_sockaddr(AF_RDS).unwrap();
        assert_eq!(a, SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 4000)));
        assert_eq!(a.to_string(), "('127.0.0.1', 4000)");
        assert_eq!(
            "x".to_sockaddr(AF_RDS),
            Err(Error::Type("AF_INET address must be tuple, not str"))
        );
        assert_eq!(
            ("::1", 1u16, 0u32, 0u32).to_sockaddr(AF_RDS),
            Err(Error::Type("AF_INET address must be a pair (host, port)"))
        );
    }
}

#[test]
fn decode_of_every_new_family_never_panics_on_any_length() {
    // Every prefix of several fills, for each family value this target knows.
    let mut families = Vec::new();
    for name in ["AF_PACKET", "AF_VSOCK", "AF_CAN", "AF_ALG", "AF_QIPCRTR", "AF_RDS"] {
        if let Some(v) = bsdsock::constant(name) {
            families.push(v as i32);
        }
    }
    let mut x: u32 = 0x9e37_79b9;
    for f in families {
        for fill in 0..16 {
            let mut b = [0u8; 140];
            for byte in b.iter_mut() {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                *byte = if fill == 0 { 0xff } else { x as u8 };
            }
            b[..2].copy_from_slice(&fam(f));
            for n in 0..b.len() {
                if let Some(a) = SockAddr::decode(&b[..n]) {
                    let _ = format!("{a} {a:?}");
                    let mut out = [0u8; 256];
                    if let Ok(k) = a.encode_bytes(&mut out) {
                        assert_eq!(SockAddr::decode(&out[..k]), Some(a), "{a:?}");
                    }
                }
            }
        }
    }
}
