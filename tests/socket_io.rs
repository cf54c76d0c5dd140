//! Every I/O method in every mode (blocking, non-blocking, timeout) over TCP, UDP, unix
//! stream and unix datagram sockets, IPv4 and IPv6.

mod socket_common;
use socket_common::*;

use bsdsock::{Error, MSG_PEEK, SockAddr, Socket};

#[derive(Clone, Copy, Debug)]
enum M {
    Blocking,
    NonBlocking,
    Timeout,
}

fn set_mode(s: &Socket, m: M) {
    match m {
        M::Blocking => s.setblocking(true).unwrap(),
        M::NonBlocking => s.setblocking(false).unwrap(),
        M::Timeout => s.settimeout(Some(5.0)).unwrap(),
    }
}

fn exercise(kind: Kind, m: M) {
    let Some((a, b)) = pair(kind) else { return };
    set_mode(&a, m);
    set_mode(&b, m);
    let ctx = format!("{kind:?} {m:?}");

    // send / recv
    assert_eq!(a.send(b"ping").unwrap(), 4, "{ctx}");
    wait_readable(&b);
    assert_eq!(b.recv(1024).unwrap(), b"ping", "{ctx}");

    // sendall / recv_into (nbytes 0 = whole buffer)
    a.sendall(b"hello").unwrap();
    wait_readable(&b);
    let mut buf = [0u8; 16];
    assert_eq!(b.recv_into(&mut buf, 0).unwrap(), 5, "{ctx}");
    assert_eq!(&buf[..5], b"hello");

    // send_flags / recv_flags with MSG_PEEK, then recv_into with nbytes
    a.send_flags(b"abc", 0).unwrap();
    wait_readable(&b);
    assert_eq!(b.recv_flags(3, MSG_PEEK).unwrap(), b"abc", "{ctx}");
    assert_eq!(b.recv_into(&mut buf, 3).unwrap(), 3, "{ctx}");
    assert_eq!(&buf[..3], b"abc");

    // sendall_flags / recv_into_flags
    a.sendall_flags(b"xyz", 0).unwrap();
    wait_readable(&b);
    assert_eq!(b.recv_into_flags(&mut buf, 0, 0).unwrap(), 3, "{ctx}");

    // recvfrom / recvfrom_into (+ flags forms)
    a.send(b"from").unwrap();
    wait_readable(&b);
    let (data, addr) = b.recvfrom(64).unwrap();
    assert_eq!(data, b"from", "{ctx}");
    check_from(kind, &a, addr, &ctx);
    a.send(b"into").unwrap();
    wait_readable(&b);
    let (n, addr) = b.recvfrom_into(&mut buf, 0).unwrap();
    assert_eq!(&buf[..n], b"into", "{ctx}");
    check_from(kind, &a, addr, &ctx);
    a.send(b"f").unwrap();
    wait_readable(&b);
    let (d, _) = b.recvfrom_flags(8, 0).unwrap();
    assert_eq!(d, b"f");
    a.send(b"g").unwrap();
    wait_readable(&b);
    let (n, _) = b.recvfrom_into_flags(&mut buf, 8, 0).unwrap();
    assert_eq!(&buf[..n], b"g");

    // sendto / sendto_flags on datagram sockets (to the peer's address)
    if !kind.is_stream() {
        let to = b.getsockname().unwrap();
        if !matches!(to, SockAddr::Unix(u) if u.is_unnamed()) {
            assert_eq!(a.sendto(b"dg", to).unwrap(), 2);
            wait_readable(&b);
            assert_eq!(b.recv(8).unwrap(), b"dg");
            assert_eq!(a.sendto_flags(b"dg2", 0, to).unwrap(), 3);
            wait_readable(&b);
            assert_eq!(b.recv(8).unwrap(), b"dg2");
        }
    }

    // recv of 0 bytes returns at once, even with nothing to read (3.x, I19)
    assert_eq!(b.recv(0).unwrap(), b"", "{ctx}");
    assert_eq!(b.recv_into(&mut [], 0).unwrap(), 0, "{ctx}");

    // nothing to read: non-blocking gives EAGAIN, timeout mode gives Error::Timeout
    match m {
        M::NonBlocking => assert!(b.recv(8).unwrap_err().is_would_block(), "{ctx}"),
        M::Timeout => {
            b.settimeout(Some(0.01)).unwrap();
            assert_eq!(b.recv(8), Err(Error::Timeout), "{ctx}");
            let mut one = [0u8; 1];
            assert_eq!(b.recv_into(&mut one, 0), Err(Error::Timeout), "{ctx}");
            assert_eq!(b.recvfrom(8), Err(Error::Timeout), "{ctx}");
            assert_eq!(b.recvfrom_into(&mut one, 0), Err(Error::Timeout), "{ctx}");
            assert_eq!(b.gettimeout(), Some(0.01));
        }
        M::Blocking => {}
    }

    // Stream EOF: recv returns empty after the peer shuts down writing.
    if kind.is_stream() {
        a.shutdown(bsdsock::SHUT_WR).unwrap();
        wait_readable(&b);
        assert_eq!(b.recv(8).unwrap(), b"", "{ctx}");
    }
    a.close().unwrap();
    b.close().unwrap();
}

fn check_from(kind: Kind, a: &Socket, addr: Option<SockAddr>, ctx: &str) {
    match kind {
        // TCP recvfrom reports no address (B1: Python's None).
        Kind::Tcp4 | Kind::Tcp6 => assert_eq!(addr, None, "{ctx}"),
        Kind::Udp4 | Kind::Udp6 => assert_eq!(addr, Some(a.getsockname().unwrap()), "{ctx}"),
        // socketpair ends are unnamed: no address or an unnamed one.
        Kind::UnixStream | Kind::UnixDgram => {
            assert!(
                addr.is_none() || matches!(addr, Some(SockAddr::Unix(u)) if u.is_unnamed()),
                "{ctx}: {addr:?}"
            );
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn every_method_every_mode_every_kind() {
    for kind in KINDS {
        for m in [M::Blocking, M::NonBlocking, M::Timeout] {
            exercise(kind, m);
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn large_sendall_in_each_mode_over_tcp_and_unix() {
    // 4 MiB through a reader thread: sendall loops over partial sends.
    for kind in [Kind::Tcp4, Kind::UnixStream] {
        for m in [M::Blocking, M::Timeout] {
            let (a, b) = pair(kind).unwrap();
            set_mode(&a, m);
            let data: Vec<u8> = (0..4u32 << 20).map(|i| (i % 251) as u8).collect();
            let want = data.clone();
            let reader = std::thread::spawn(move || {
                let mut got = Vec::new();
                let mut buf = vec![0u8; 65536];
                loop {
                    let n = b.recv_into(&mut buf, 0).unwrap();
                    if n == 0 {
                        break;
                    }
                    got.extend_from_slice(&buf[..n]);
                }
                got
            });
            a.sendall(&data).unwrap();
            a.shutdown(bsdsock::SHUT_WR).unwrap();
            assert_eq!(reader.join().unwrap(), want, "{kind:?} {m:?}");
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn accept_connect_in_each_mode() {
    for fam in [bsdsock::AF_INET, bsdsock::AF_INET6] {
        if fam == bsdsock::AF_INET6 && !have_ipv6() {
            continue;
        }
        for m in [M::Blocking, M::NonBlocking, M::Timeout] {
            let l = listener(fam);
            set_mode(&l, m);
            let c = bsdsock::socket(fam, bsdsock::SOCK_STREAM, 0).unwrap();
            let addr = l.getsockname().unwrap();
            match m {
                M::NonBlocking => {
                    // Nothing waiting: EAGAIN. A non-blocking connect: 0 or EINPROGRESS.
                    assert!(l.accept().unwrap_err().is_would_block());
                    c.setblocking(false).unwrap();
                    let e = c.connect_ex(addr).unwrap();
                    assert!(e == 0 || e == bsdsock::consts::errno::EINPROGRESS, "{e}");
                    wait_readable(&l);
                }
                M::Timeout => {
                    l.settimeout(Some(0.01)).unwrap();
                    assert_eq!(l.accept().unwrap_err(), Error::Timeout);
                    l.settimeout(Some(5.0)).unwrap();
                    c.settimeout(Some(5.0)).unwrap();
                    c.connect(addr).unwrap();
                }
                M::Blocking => assert_eq!(c.connect_ex(addr).unwrap(), 0),
            }
            let (conn, peer) = l.accept().unwrap();
            // C3/C4: the connection takes the default timeout (None), not the listener's.
            assert_eq!(conn.gettimeout(), None, "{m:?}");
            assert!(!conn.fd_nonblocking().unwrap());
            assert!(no_kernel_timeouts(&conn), "no kernel timeouts, inherited or set");
            assert!(no_kernel_timeouts(&l) && no_kernel_timeouts(&c));
            assert_eq!(inet_port(&peer), inet_port(&c.getsockname().unwrap()));
            assert_eq!(conn.family(), fam);
            assert_eq!(conn.type_(), bsdsock::SOCK_STREAM);
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn unix_path_listener_and_accept() {
    let path = temp_path("listen");
    let l = bsdsock::socket(bsdsock::AF_UNIX, bsdsock::SOCK_STREAM, 0).unwrap();
    l.bind(path.to_str().unwrap()).unwrap();
    l.listen(1).unwrap();
    let c = bsdsock::socket(bsdsock::AF_UNIX, bsdsock::SOCK_STREAM, 0).unwrap();
    c.connect(path.to_str().unwrap()).unwrap();
    let (conn, peer) = l.accept().unwrap();
    assert!(matches!(peer, SockAddr::Unix(u) if u.is_unnamed()), "{peer:?}");
    match c.getpeername().unwrap() {
        SockAddr::Unix(u) => assert_eq!(u.as_bytes(), path.to_str().unwrap().as_bytes()),
        other => panic!("{other:?}"),
    }
    c.sendall(b"u").unwrap();
    assert_eq!(conn.recv(1).unwrap(), b"u");
    std::fs::remove_file(&path).unwrap();
}

#[test]
#[cfg_attr(miri, ignore)]
fn unix_dgram_sendto_bound_path() {
    let path = temp_path("dgram");
    let r = bsdsock::socket(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0).unwrap();
    r.bind(path.to_str().unwrap()).unwrap();
    let s = bsdsock::socket(bsdsock::AF_UNIX, bsdsock::SOCK_DGRAM, 0).unwrap();
    for m in [M::Blocking, M::NonBlocking, M::Timeout] {
        set_mode(&s, m);
        set_mode(&r, m);
        assert_eq!(s.sendto(b"hi", path.to_str().unwrap()).unwrap(), 2);
        wait_readable(&r);
        let (d, from) = r.recvfrom(8).unwrap();
        assert_eq!(d, b"hi");
        // An unbound sender: no address (Python's None) or an unnamed one.
        assert!(matches!(from, None | Some(SockAddr::Unix(_))), "{from:?}");
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
#[cfg_attr(miri, ignore)]
fn sockopts_and_accessors() {
    let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0).unwrap();
    use bsdsock::{SO_REUSEADDR, SO_TYPE, SOL_SOCKET};
    assert_eq!(s.getsockopt(SOL_SOCKET, SO_REUSEADDR).unwrap(), 0); // I5
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1).unwrap();
    assert_eq!(s.getsockopt(SOL_SOCKET, SO_REUSEADDR).unwrap(), 1);
    s.setsockopt_bytes(SOL_SOCKET, SO_REUSEADDR, &0i32.to_ne_bytes()).unwrap();
    assert_eq!(s.getsockopt(SOL_SOCKET, SO_REUSEADDR).unwrap(), 0);
    s.setsockopt_bytes(SOL_SOCKET, SO_REUSEADDR, &5i32.to_ne_bytes()).unwrap();
    assert_eq!(s.getsockopt(SOL_SOCKET, SO_REUSEADDR).unwrap(), 1); // I5: reads back as 1
    let mut b = [0u8; 4];
    assert_eq!(s.getsockopt_into(SOL_SOCKET, SO_TYPE, &mut b).unwrap(), 4);
    assert_eq!(i32::from_ne_bytes(b), bsdsock::SOCK_STREAM);
    let v = s.getsockopt_bytes(SOL_SOCKET, SO_TYPE, 1024).unwrap();
    assert_eq!(v, bsdsock::SOCK_STREAM.to_ne_bytes()); // cut to the kernel's length
    assert_eq!(s.family(), bsdsock::AF_INET);
    assert_eq!(s.type_(), bsdsock::SOCK_STREAM);
    assert_eq!(s.proto(), 0);
    assert!(s.fileno() >= 0);
    let dbg = format!("{s:?}");
    assert_eq!(
        dbg,
        format!(
            "<socket object, fd={}, family={}, type={}, protocol=0>",
            s.fileno(),
            bsdsock::AF_INET,
            bsdsock::SOCK_STREAM
        )
    );
    s.listen(-5).unwrap(); // I10: negative backlog is raised to 0
    const { assert!(bsdsock::has_ipv6) };
    let _: &bsdsock::SocketType = &s;
}

#[test]
#[cfg_attr(miri, ignore)]
#[cfg(bsdsock_const = "SOCK_NONBLOCK")]
fn sock_nonblock_in_type_means_timeout_zero() {
    let s = bsdsock::socket(
        bsdsock::AF_INET,
        bsdsock::SOCK_STREAM | bsdsock::SOCK_NONBLOCK | bsdsock::SOCK_CLOEXEC,
        0,
    )
    .unwrap();
    assert_eq!(s.type_(), bsdsock::SOCK_STREAM); // I2 (3.x): flags cleared
    assert_eq!(s.gettimeout(), Some(0.0));
    assert!(s.fd_nonblocking().unwrap());
}

#[test]
#[cfg_attr(miri, ignore)]
fn dup_and_fromfd_share_the_socket() {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let a2 = a.dup().unwrap();
    assert_ne!(a2.fileno(), a.fileno());
    assert_eq!((a2.family(), a2.type_(), a2.proto()), (a.family(), a.type_(), a.proto()));
    let a3 = bsdsock::fromfd(&a, bsdsock::AF_UNIX, bsdsock::SOCK_STREAM, 0).unwrap();
    assert_ne!(a3.fileno(), a.fileno());
    a.close().unwrap();
    a2.sendall(b"1").unwrap();
    a3.sendall(b"2").unwrap();
    let mut got = Vec::new();
    while got.len() < 2 {
        got.extend(b.recv(2).unwrap());
    }
    assert_eq!(got, b"12");
}

#[test]
#[cfg_attr(miri, ignore)]
fn every_descriptor_is_close_on_exec() {
    let is_cloexec = |s: &bsdsock::Socket| s.get_inheritable().map(|i| !i);
    let l = listener(bsdsock::AF_INET);
    assert!(is_cloexec(&l).unwrap());
    let c = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    let (conn, _) = l.accept().unwrap();
    assert!(is_cloexec(&conn).unwrap());
    let (p, q) = bsdsock::socketpair_default().unwrap();
    assert!(is_cloexec(&p).unwrap() && is_cloexec(&q).unwrap());
    assert!(is_cloexec(&p.dup().unwrap()).unwrap());
    let f = bsdsock::fromfd(&p, bsdsock::AF_UNIX, bsdsock::SOCK_STREAM, 0).unwrap();
    assert!(is_cloexec(&f).unwrap());
    let file = p.makefile("rb", -1).unwrap();
    assert!(is_cloexec(file.socket().unwrap()).unwrap());
}

#[test]
#[cfg_attr(miri, ignore)]
fn send_after_peer_closed_is_epipe_not_sigpipe() {
    for kind in [Kind::Tcp4, Kind::UnixStream] {
        let (a, b) = pair(kind).unwrap();
        drop(b);
        // TCP: the first send may succeed (the RST comes back after it); bounded retries.
        let mut err = None;
        for _ in 0..100 {
            match a.send(b"x") {
                Ok(_) => std::thread::yield_now(),
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        let e = err.expect("send kept succeeding");
        assert!(
            e == Error::Os(bsdsock::consts::errno::EPIPE)
                || e == Error::Os(bsdsock::consts::errno::ECONNRESET),
            "{kind:?}: {e}"
        );
        // We are still alive: SIGPIPE was not raised. And once more with sendall.
        let e = a.sendall(b"again").unwrap_err();
        assert_eq!(e, Error::Os(bsdsock::consts::errno::EPIPE), "{kind:?}");
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn close_reports_and_drop_closes() {
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    let fd = a.fileno();
    a.close().unwrap();
    let _ = fd;
    let (c, _d) = bsdsock::socketpair_default().unwrap();
    drop(c);
}
