//! Python 3.13's Linux address families on live sockets, where this kernel has them:
//! AF_PACKET sends and receives a raw frame on `lo` (root or CAP_NET_RAW), AF_VSOCK makes,
//! binds and names sockets; AF_ALG, AF_CAN, AF_QIPCRTR and AF_RDS run their exchange where
//! the family exists and print `SKIP <test>: <reason>` where it does not (the byte-level
//! codec tests for all of them are in tests/py313_codec.rs).
#![cfg(target_os = "linux")]

mod py313_common;
use py313_common::*;

use bsdsock::consts::errno::{EAFNOSUPPORT, EPERM, EPROTONOSUPPORT};
use bsdsock::{Error, SockAddr, Socket};

/// A socket of a family this kernel may lack: `None` (printing a SKIP line) on
/// EAFNOSUPPORT / EPROTONOSUPPORT, or EPERM without the capability.
fn try_socket(test: &str, family: i32, ty: i32, proto: i32) -> Option<Socket> {
    match bsdsock::socket(family, ty, proto) {
        Ok(s) => Some(s),
        Err(e @ Error::Os(c)) if c == EAFNOSUPPORT || c == EPROTONOSUPPORT || c == EPERM => {
            let why = if c == EPERM { "needs CAP_NET_RAW" } else { "not in this kernel" };
            let emu = qemu_user().map(|q| format!(" (under {q})")).unwrap_or_default();
            skip_note(test, &format!("socket({family}, {ty}, {proto}): {e}: {why}{emu}"));
            None
        }
        Err(e) => panic!("{test}: socket({family}, {ty}, {proto}): {e:?}"),
    }
}

#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
mod packet {
    use super::*;
    use bsdsock::{AF_PACKET, ETH_P_ALL, PACKET_HOST, PacketAddr, SOCK_DGRAM, SOCK_RAW, htons};

    /// IEEE 802 "local experimental" EtherType 1: nothing else on `lo` uses it.
    const ETHERTYPE: u16 = 0x88b5;
    /// ARPHRD_LOOPBACK, `lo`'s hardware type.
    const ARPHRD_LOOPBACK: u16 = 772;
    const SRC_MAC: [u8; 6] = [0x02, 0, 0, 0, 0, 0x01];

    #[test]
    #[cfg_attr(miri, ignore)]
    fn raw_frame_round_trip_on_lo() {
        let test = "packet::raw_frame_round_trip_on_lo";
        let Some(rx) = try_socket(test, AF_PACKET, SOCK_RAW, htons(ETHERTYPE) as i32) else {
            return;
        };
        let Some(rx_dgram) = try_socket(test, AF_PACKET, SOCK_DGRAM, htons(ETHERTYPE) as i32)
        else {
            return;
        };
        let tx = try_socket(test, AF_PACKET, SOCK_RAW, 0).expect("a second AF_PACKET socket");
        for s in [&rx, &rx_dgram] {
            s.bind(("lo", ETHERTYPE)).unwrap();
            s.settimeout(Some(5.0)).unwrap();
        }
        tx.bind(PacketAddr::from_name("lo", 0).unwrap()).unwrap();

        // getsockname: Python's ('lo', 0, 0, 772, b'\x00\x00\x00\x00\x00\x00').
        let name = tx.getsockname().unwrap();
        let SockAddr::Packet(p) = name else { panic!("{name:?}") };
        assert_eq!(p.ifname().as_str(), Some("lo"));
        assert_eq!((p.protocol, p.hatype), (0, ARPHRD_LOOPBACK));
        assert_eq!(name.to_string(), "('lo', 0, 0, 772, b'\\x00\\x00\\x00\\x00\\x00\\x00')");
        let rx_name = rx.getsockname().unwrap();
        assert_eq!(rx_name.to_string(), "('lo', 34997, 0, 772, b'\\x00\\x00\\x00\\x00\\x00\\x00')");

        // An Ethernet frame: destination, source, EtherType, a payload unique to this run.
        let payload = format!(
            "bsdsock AF_PACKET test {} {:?}",
            std::process::id(),
            std::time::SystemTime::now()
        );
        let mut frame = vec![0u8; 6];
        frame.extend_from_slice(&SRC_MAC);
        frame.extend_from_slice(&ETHERTYPE.to_be_bytes());
        frame.extend_from_slice(payload.as_bytes());
        assert_eq!(tx.send(&frame).unwrap(), frame.len());

        // Other runs may share lo: skip frames that are not ours (bounded).
        let mut buf = [0u8; 2048];
        let from = (0..64)
            .find_map(|_| {
                let (n, from) = rx.recvfrom_into(&mut buf, 0).unwrap();
                (buf[..n] == frame[..]).then_some(from)
            })
            .expect("our frame on the SOCK_RAW socket");
        let Some(SockAddr::Packet(f)) = from else { panic!("{from:?}") };
        assert_eq!(f.ifname().as_str(), Some("lo"));
        assert_eq!(
            (f.protocol, f.pkttype as i32, f.hatype),
            (ETHERTYPE, PACKET_HOST, ARPHRD_LOOPBACK)
        );
        assert_eq!(f.addr(), &SRC_MAC);
        assert_eq!(
            from.unwrap().to_string(),
            "('lo', 34997, 0, 772, b'\\x02\\x00\\x00\\x00\\x00\\x01')"
        );
        // SOCK_DGRAM sockets get the payload without the link header, same sender.
        let got = (0..64)
            .find_map(|_| {
                let (n, from) = rx_dgram.recvfrom_into(&mut buf, 0).unwrap();
                (buf[..n] == *payload.as_bytes()).then_some(from)
            })
            .expect("our payload on the SOCK_DGRAM socket");
        assert_eq!(got, from);

        // sendto with Python's (ifname, proto) tuple on an unbound socket.
        let tx2 = try_socket(test, AF_PACKET, SOCK_RAW, 0).unwrap();
        assert_eq!(tx2.sendto(&frame, ("lo", ETHERTYPE)).unwrap(), frame.len());
        assert!(
            (0..64).any(|_| {
                let (n, _) = rx.recvfrom_into(&mut buf, 0).unwrap();
                buf[..n] == frame[..]
            }),
            "the frame sent with sendto"
        );
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn unknown_interface_is_enodev_at_bind() {
        let test = "packet::unknown_interface_is_enodev_at_bind";
        let Some(s) = try_socket(test, AF_PACKET, SOCK_RAW, htons(ETH_P_ALL as u16) as i32) else {
            return;
        };
        // Python: OSError: [Errno 19] No such device.
        let e = s.bind(("nosuchif0", 0)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("[Errno {}] No such device", bsdsock::consts::errno::ENODEV)
        );
    }
}

#[cfg(all(bsdsock_have = "linux_vm_sockets_h", bsdsock_const = "AF_VSOCK"))]
mod vsock {
    use super::*;
    use bsdsock::{AF_VSOCK, SOCK_STREAM, VMADDR_CID_ANY, VMADDR_PORT_ANY, VsockAddr};

    #[test]
    #[cfg_attr(miri, ignore)]
    fn socket_bind_listen_and_names() {
        let test = "vsock::socket_bind_listen_and_names";
        let Some(s) = try_socket(test, AF_VSOCK, SOCK_STREAM, 0) else { return };
        // Unbound: Python's (4294967295, 4294967295).
        let name = s.getsockname().unwrap();
        assert_eq!(name, SockAddr::Vsock(VsockAddr::new(VMADDR_CID_ANY, VMADDR_PORT_ANY)));
        assert_eq!(name.to_string(), "(4294967295, 4294967295)");
        // bind((VMADDR_CID_ANY, VMADDR_PORT_ANY)) picks a port.
        s.bind((VMADDR_CID_ANY, VMADDR_PORT_ANY)).unwrap();
        let SockAddr::Vsock(a) = s.getsockname().unwrap() else { panic!() };
        assert_eq!(a.cid, VMADDR_CID_ANY);
        assert_ne!(a.port, VMADDR_PORT_ANY);
        s.listen(1).unwrap();
        // A second socket on the port the first one got is EADDRINUSE; on a free one it binds.
        let t = bsdsock::socket(AF_VSOCK, SOCK_STREAM, 0).unwrap();
        let e = t.bind(VsockAddr::new(VMADDR_CID_ANY, a.port)).unwrap_err();
        assert!(e.is_errno(bsdsock::consts::errno::EADDRINUSE), "{e:?}");
        let port = if a.port == 40_000 { 40_001 } else { 40_000 };
        match t.bind(VsockAddr::new(VMADDR_CID_ANY, port)) {
            Ok(()) => {
                assert_eq!(t.getsockname().unwrap().to_string(), format!("(4294967295, {port})"))
            }
            Err(e) => assert!(e.is_errno(bsdsock::consts::errno::EADDRINUSE), "{e:?}"),
        }
    }
}

#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
mod alg {
    use super::*;
    use bsdsock::{AF_ALG, AF_UNIX, ALG_OP_ENCRYPT, ALG_SET_KEY, SOCK_SEQPACKET, SOL_ALG};

    #[test]
    #[cfg_attr(miri, ignore)]
    fn sha256_hash_where_the_kernel_has_af_alg() {
        let test = "alg::sha256_hash_where_the_kernel_has_af_alg";
        let Some(s) = try_socket(test, AF_ALG, SOCK_SEQPACKET, 0) else { return };
        s.bind(("hash", "sha256")).unwrap();
        let (op, _) = s.accept().unwrap();
        op.sendall(b"abc").unwrap();
        let digest = op.recv(32).unwrap();
        let want = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let got: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, want);
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn aes_cbc_with_sendmsg_afalg_where_the_kernel_has_af_alg() {
        let test = "alg::aes_cbc_with_sendmsg_afalg_where_the_kernel_has_af_alg";
        let Some(s) = try_socket(test, AF_ALG, SOCK_SEQPACKET, 0) else { return };
        // NIST SP 800-38A F.2.1, CBC-AES128.Encrypt, first block.
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let iv = hex("000102030405060708090a0b0c0d0e0f");
        let plain = hex("6bc1bee22e409f96e93d7e117393172a");
        s.bind(("skcipher", "cbc(aes)")).unwrap();
        s.setsockopt_bytes(SOL_ALG, ALG_SET_KEY, &key).unwrap();
        let (op, _) = s.accept().unwrap();
        op.sendmsg_afalg(&[&plain], ALG_OP_ENCRYPT as u32, Some(&iv), None, 0).unwrap();
        assert_eq!(op.recv(16).unwrap(), hex("7649abac8119b246cee98e9b12e9197d"));
    }

    #[test]
    fn sendmsg_afalg_on_another_family_is_pythons_oserror() {
        let (a, _b) = bsdsock::socketpair(AF_UNIX, SOCK_SEQPACKET, 0).unwrap();
        let e = a.sendmsg_afalg(&[b"x"], 0, None, None, 0).unwrap_err();
        assert_eq!(e, Error::Socket("algset is only supported for AF_ALG"));
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }
}

#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "AF_CAN"))]
mod can {
    use super::*;
    use bsdsock::{AF_CAN, CAN_ISOTP, CAN_RAW, CanAddr, SOCK_DGRAM, SOCK_RAW};

    #[test]
    #[cfg_attr(miri, ignore)]
    fn raw_socket_where_the_kernel_has_af_can() {
        let test = "can::raw_socket_where_the_kernel_has_af_can";
        let Some(s) = try_socket(test, AF_CAN, SOCK_RAW, CAN_RAW) else { return };
        // (interface,) with "" binds every CAN interface.
        s.bind(("",)).unwrap();
        let name = s.getsockname().unwrap();
        assert_eq!(name, SockAddr::Can(CanAddr::new(0)));
        assert_eq!(name.to_string(), "('',)");
        let Ok(vcan) = bsdsock::if_nametoindex("vcan0") else {
            skip_note(test, "no vcan0 interface for a frame exchange");
            return;
        };
        let r = bsdsock::socket(AF_CAN, SOCK_RAW, CAN_RAW).unwrap();
        r.bind(("vcan0",)).unwrap();
        r.settimeout(Some(5.0)).unwrap();
        assert_eq!(r.getsockname().unwrap().to_string(), "('vcan0',)");
        // struct can_frame: id, dlc, padding, 8 data bytes.
        let mut frame = [0u8; 16];
        frame[..4].copy_from_slice(&0x123u32.to_ne_bytes());
        frame[4] = 3;
        frame[8..11].copy_from_slice(b"bsd");
        s.sendto(&frame, CanAddr::new(vcan as i32)).unwrap();
        let mut buf = [0u8; 16];
        let (n, from) = r.recvfrom_into(&mut buf, 0).unwrap();
        assert_eq!((n, &buf[8..11]), (16, &b"bsd"[..]));
        assert_eq!(from.unwrap().to_string(), "('vcan0',)");
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn isotp_socket_where_the_kernel_has_it() {
        let test = "can::isotp_socket_where_the_kernel_has_it";
        let Some(s) = try_socket(test, AF_CAN, SOCK_DGRAM, CAN_ISOTP) else { return };
        if bsdsock::if_nametoindex("vcan0").is_err() {
            skip_note(test, "no vcan0 interface to bind");
            return;
        }
        s.bind(("vcan0", 0x123u32, 0x456u32)).unwrap();
        // The ISO-TP socket shows Python's 3-tuple.
        assert_eq!(s.getsockname().unwrap().to_string(), "('vcan0', 291, 1110)");
    }
}

#[cfg(all(bsdsock_have = "linux_qrtr_h", bsdsock_const = "AF_QIPCRTR"))]
mod qipcrtr {
    use super::*;
    use bsdsock::{AF_QIPCRTR, SOCK_DGRAM};

    #[test]
    #[cfg_attr(miri, ignore)]
    fn socket_name_where_the_kernel_has_qipcrtr() {
        let test = "qipcrtr::socket_name_where_the_kernel_has_qipcrtr";
        let Some(s) = try_socket(test, AF_QIPCRTR, SOCK_DGRAM, 0) else { return };
        // The kernel binds a port at creation; getsockname is Python's (node, port).
        let SockAddr::Qipcrtr(a) = s.getsockname().unwrap() else { panic!() };
        assert_ne!(a.port, 0);
        assert_eq!(s.getsockname().unwrap().to_string(), format!("({}, {})", a.node, a.port));
    }
}

#[cfg(bsdsock_const = "AF_RDS")]
mod rds {
    use super::*;
    use bsdsock::{AF_RDS, SOCK_SEQPACKET};

    #[test]
    #[cfg_attr(miri, ignore)]
    fn datagram_to_itself_where_the_kernel_has_rds() {
        let test = "rds::datagram_to_itself_where_the_kernel_has_rds";
        let Some(s) = try_socket(test, AF_RDS, SOCK_SEQPACKET, 0) else { return };
        // RDS addresses are AF_INET's (host, port).
        if let Err(e) = s.bind(("127.0.0.1", 0)) {
            skip_note(test, &format!("bind(('127.0.0.1', 0)): {e}: no RDS transport for loopback"));
            return;
        }
        let me = s.getsockname().unwrap();
        assert!(matches!(me, SockAddr::Inet(_)), "{me:?}");
        s.settimeout(Some(5.0)).unwrap();
        s.sendto(b"rds hello", me).unwrap();
        let mut buf = [0u8; 32];
        let (n, from) = s.recvfrom_into(&mut buf, 0).unwrap();
        assert_eq!((&buf[..n], from), (&b"rds hello"[..], Some(me)));
    }
}
