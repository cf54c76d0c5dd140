//! AF_TIPC on the socket object (A35–A42, B10). Byte-level round trips are in
//! tests/addr_codec.rs. Live RDM tests run where the kernel has TIPC; elsewhere (as on the
//! machines this was written on, A42) they print the kernel's EAFNOSUPPORT and skip.
#![cfg(bsdsock_have = "linux_tipc_h")]

use bsdsock::addr::tipc::{ADDR_ID, CLUSTER_SCOPE};
use bsdsock::consts::errno::EAFNOSUPPORT;
use bsdsock::{AF_INET, AF_TIPC, Error, SOCK_DGRAM, SOCK_RDM, SockAddr, TipcAddr};

/// A TIPC RDM socket, or None (printing why) when the kernel has no TIPC.
fn tipc_socket() -> Option<bsdsock::Socket> {
    match bsdsock::socket(AF_TIPC, SOCK_RDM, 0) {
        Ok(s) => Some(s),
        Err(e @ Error::Os(EAFNOSUPPORT)) => {
            eprintln!("skipping live TIPC test: socket(AF_TIPC, SOCK_RDM): {e}");
            None
        }
        Err(e) => panic!("socket(AF_TIPC, SOCK_RDM): unexpected {e:?}"),
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn without_kernel_support_the_error_is_eafnosupport() {
    // A42: Python raises err(97, 'Address family not supported by protocol').
    match bsdsock::socket(AF_TIPC, SOCK_RDM, 0) {
        Ok(_) => eprintln!("this kernel has TIPC; the EAFNOSUPPORT case cannot be seen here"),
        Err(e) => {
            assert_eq!(e, Error::Os(EAFNOSUPPORT));
            assert_eq!(
                e.to_string(),
                format!("[Errno {EAFNOSUPPORT}] Address family not supported by protocol")
            );
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn rdm_send_recv_on_the_node() {
    let (Some(srv), Some(cli)) = (tipc_socket(), tipc_socket()) else { return };
    srv.settimeout(Some(5.0)).unwrap();
    // As CPython's TIPCTest: bind a name sequence, send to a name inside it.
    let (stype, lower, upper) = (18_888, 200, 210);
    srv.bind(TipcAddr::name_seq(stype, lower, upper, CLUSTER_SCOPE)).unwrap();
    let to = TipcAddr::name(stype, lower + (upper - lower) / 2, 0);
    assert_eq!(cli.sendto(b"tipc hello", to).unwrap(), 10);
    let mut buf = [0u8; 64];
    let (n, from) = srv.recvfrom_into(&mut buf, 0).unwrap();
    assert_eq!(&buf[..n], b"tipc hello");
    // B10: the sender comes back as a port identity (3, node, ref, 0, scope).
    let Some(SockAddr::Tipc(t)) = from else { panic!("not a TIPC address: {from:?}") };
    assert_eq!(t.addr_type, ADDR_ID);
    assert_eq!(t.v3, 0);
    assert_eq!(from, Some(cli.getsockname().unwrap()));
    // Also through recvmsg.
    cli.sendto(b"again", to).unwrap();
    let r = srv.recvmsg_into(&mut [&mut buf], &mut [], 0).unwrap();
    assert_eq!((r.nbytes(), r.address().copied()), (5, from));
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_bad_address_type_is_invalid_address_type_at_the_socket() {
    // A41. The check happens before any system call, so it is seen without kernel TIPC:
    // a socket object whose family is AF_TIPC (fromfd takes the family as given) over a
    // UDP descriptor, and a real TIPC socket where there is one.
    let udp = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    let s = bsdsock::fromfd(&udp, AF_TIPC, SOCK_RDM, 0).unwrap();
    let real = tipc_socket();
    let sockets = [Some(&s), real.as_ref()];
    for sock in sockets.into_iter().flatten() {
        for ty in [0u8, 4, 9, 255] {
            let bad = TipcAddr { addr_type: ty, v1: 1, v2: 2, v3: 3, scope: CLUSTER_SCOPE };
            let want = Err(Error::Type("Invalid address type"));
            assert_eq!(sock.bind(bad), want, "bind type {ty}");
            assert_eq!(sock.sendto(b"x", bad).map(drop), want, "sendto type {ty}");
            assert_eq!(sock.connect(bad), want, "connect type {ty}");
            assert_eq!(sock.sendmsg_to(&[b"x"], &[], 0, bad).map(drop), want);
            // As a SockAddr too (the encoder checks it).
            assert_eq!(sock.sendto(b"x", SockAddr::Tipc(bad)).map(drop), want);
        }
    }
    // A TIPC address on a socket of another family: the shape error.
    let good = TipcAddr::name(1, 2, CLUSTER_SCOPE);
    assert_eq!(udp.bind(good), Err(Error::Type("AF_INET address must be a pair (host, port)")));
}
