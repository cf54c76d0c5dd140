//! Python 3.13's module functions: if_nameindex / if_nametoindex / if_indextoname,
//! sethostname, close / dup, CMSG_LEN / CMSG_SPACE, send_fds / recv_fds, create_server /
//! has_dualstack_ipv6 and create_connection's all_errors — each with its bad inputs and
//! CPython 3.13's error texts.

mod py313_common;
use py313_common::*;

use std::os::fd::OwnedFd;

use bsdsock::consts::errno::{EADDRINUSE, EINVAL, ENXIO, EPERM};
use bsdsock::{
    AF_INET, AF_INET6, AF_UNIX, CMSG_LEN, CMSG_SPACE, Error, Fd, SOCK_DGRAM, SOCK_STREAM, SockAddr,
    Socket, cmsg::cmsg_len, cmsg::cmsg_space,
};

// ---- interfaces -------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn if_nameindex_lists_lo_and_agrees_with_both_lookups() {
    let all: Vec<_> = bsdsock::if_nameindex().unwrap().collect();
    assert!(all.iter().any(|(_, n)| n.as_str() == Some("lo")), "{all:?}");
    for (i, name) in &all {
        assert_eq!(bsdsock::if_nametoindex(name.as_str().unwrap()).unwrap(), *i);
        assert_eq!(bsdsock::if_indextoname(*i).unwrap(), *name);
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn if_nametoindex_bad_inputs_have_pythons_errors() {
    let none = Error::Socket("no interface with this name");
    // Python: OSError('no interface with this name') for each of these.
    assert_eq!(bsdsock::if_nametoindex("nosuchif0"), Err(none));
    assert_eq!(bsdsock::if_nametoindex(""), Err(none));
    assert_eq!(bsdsock::if_nametoindex(&"a".repeat(15)), Err(none));
    assert_eq!(bsdsock::if_nametoindex(&"a".repeat(16)), Err(none));
    assert_eq!(bsdsock::if_nametoindex(&"l".repeat(300)), Err(none));
    assert_eq!(none.to_string(), "no interface with this name");
    // Python: ValueError('embedded null byte').
    assert_eq!(bsdsock::if_nametoindex("lo\0x"), Err(Error::Value("embedded null byte")));
}

#[test]
#[cfg_attr(miri, ignore)]
fn if_indextoname_of_0_is_enxio() {
    // Python: OSError: [Errno 6] No such device or address.
    let e = bsdsock::if_indextoname(0).unwrap_err();
    assert_eq!(e, Error::Os(ENXIO));
    if cfg!(target_os = "linux") {
        assert_eq!(e.to_string(), format!("[Errno {ENXIO}] No such device or address"));
    }
    assert_eq!(bsdsock::if_indextoname(u32::MAX), Err(Error::Os(ENXIO)));
}

// ---- sethostname ------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn sethostname_checks_and_kernel_errors() {
    assert_eq!(bsdsock::sethostname("a\0b"), Err(Error::Value("embedded null byte")));
    // Too long for the kernel (64 bytes on Linux): Python's [Errno 22] Invalid argument
    // (EPERM first where the caller may not set it at all).
    let e = bsdsock::sethostname(&"h".repeat(65)).unwrap_err();
    assert!(e == Error::Os(EINVAL) || e == Error::Os(EPERM), "{e:?}");
    // Setting the name it already has changes nothing for anyone else.
    let current = bsdsock::gethostname().unwrap();
    match bsdsock::sethostname(current.as_str()) {
        Ok(()) => assert_eq!(bsdsock::gethostname().unwrap().as_str(), current.as_str()),
        Err(e) => assert_eq!(e, Error::Os(EPERM)),
    }
}

// ---- close / dup ------------------------------------------------------------------------

#[test]
#[cfg_attr(miri, ignore)]
fn dup_and_close_own_their_descriptors() {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    // dup of a Socket, of an Fd, of a std file (AsFd): each a new close-on-exec descriptor.
    let d = bsdsock::dup(&a).unwrap();
    assert_ne!(d.raw(), a.fileno());
    let d2 = bsdsock::dup(&d).unwrap();
    let f = std::fs::File::open("/dev/null").unwrap();
    let d3 = bsdsock::dup(&f).unwrap();
    // Each is its own close-on-exec descriptor (the flag belongs to the descriptor).
    let as_socket = |fd: Fd| Socket::from(OwnedFd::from(fd));
    let (d, d3) = {
        let (s1, s3) = (as_socket(d), as_socket(d3));
        assert!(!s1.get_inheritable().unwrap() && !s3.get_inheritable().unwrap());
        (s1.detach(), s3.detach())
    };
    // The dup speaks for the same socket.
    let s = as_socket(d2);
    s.sendall(b"via dup").unwrap();
    assert_eq!(b.recv(16).unwrap(), b"via dup");
    assert!(!s.get_inheritable().unwrap());
    // close() reports close(2)'s result and consumes the descriptor.
    assert_eq!(same_file_fds(a.fileno()), 3); // a, d, and s
    bsdsock::close(d).unwrap();
    bsdsock::close(d3).unwrap();
    assert_eq!(same_file_fds(a.fileno()), 2);
    // detach() + close(): the socket's own descriptor, closed once; with the last dup gone
    // the peer sees end of file.
    bsdsock::close(a.detach()).unwrap();
    drop(s);
    assert_eq!(b.recv(1).unwrap(), b"");
}

// ---- CMSG_LEN / CMSG_SPACE --------------------------------------------------------------

#[test]
fn cmsg_len_and_space_fail_as_python_instead_of_saturating() {
    for n in [0, 1, 4, 7, 8, 12, 100, 1000] {
        assert_eq!(CMSG_LEN(n), Ok(cmsg_len(n)));
        assert_eq!(CMSG_SPACE(n), Ok(cmsg_space(n)));
    }
    let max = i32::MAX as usize;
    let len_err = Err(Error::Overflow("CMSG_LEN() argument out of range"));
    let space_err = Err(Error::Overflow("CMSG_SPACE() argument out of range"));
    // The largest lengths Python accepts, and one more.
    let top = max - cmsg_len(0);
    assert_eq!(CMSG_LEN(top), Ok(max));
    assert_eq!(CMSG_LEN(top + 1), len_err);
    assert_eq!(CMSG_LEN(usize::MAX), len_err);
    let top = max - cmsg_space(1);
    assert!(CMSG_SPACE(top).is_ok_and(|n| n <= max));
    assert_eq!(CMSG_SPACE(top + 1), space_err);
    assert_eq!(CMSG_SPACE(usize::MAX), space_err);
    assert_eq!(CMSG_LEN(usize::MAX).unwrap_err().to_string(), "CMSG_LEN() argument out of range");
    // CPython 3.13 on x86_64 Linux, measured: CMSG_LEN(2147483631) == 2147483647,
    // CMSG_SPACE(2147483623) == 2147483640, one more of either is OverflowError.
    if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        assert_eq!(CMSG_LEN(2_147_483_631), Ok(2_147_483_647));
        assert_eq!(CMSG_LEN(2_147_483_632), len_err);
        assert_eq!(CMSG_SPACE(2_147_483_623), Ok(2_147_483_640));
        assert_eq!(CMSG_SPACE(2_147_483_624), space_err);
    }
}

// ---- send_fds / recv_fds ----------------------------------------------------------------

#[cfg(bsdsock_const = "SCM_RIGHTS")]
mod fd_passing {
    use super::*;
    use bsdsock::{MSG_CTRUNC, recv_fds, recv_fds_into, send_fds, send_fds_to};

    #[test]
    #[cfg_attr(miri, ignore)]
    fn descriptors_arrive_owned_usable_and_close_on_exec() {
        let (a, b) = bsdsock::socketpair_default().unwrap();
        let (x, y) = bsdsock::socketpair_default().unwrap();
        {
            let file = std::fs::File::open("/dev/null").unwrap();
            assert_eq!(
                send_fds(&a, &[b"three ", b"fds"], &[x.as_fd(), y.as_fd(), file.as_fd()], 0)
                    .unwrap(),
                9
            );
            let (data, fds, flags, addr) = recv_fds(&b, 64, 8, 0).unwrap();
            assert_eq!(data, b"three fds");
            assert_eq!((fds.len(), flags & MSG_CTRUNC, addr), (3, 0, None));
            // The received sockets work: write on one end, read it through the original.
            let mut fds = fds.into_iter();
            let rx = Socket::from(OwnedFd::from(fds.next().unwrap()));
            let ry = Socket::from(OwnedFd::from(fds.next().unwrap()));
            assert!(!rx.get_inheritable().unwrap() && !ry.get_inheritable().unwrap());
            rx.sendall(b"x->y").unwrap();
            assert_eq!(y.recv(8).unwrap(), b"x->y");
            ry.sendall(b"y->x").unwrap();
            assert_eq!(x.recv(8).unwrap(), b"y->x");
            assert_eq!((same_file_fds(x.fileno()), same_file_fds(y.fileno())), (2, 2));
        }
        assert_eq!((same_file_fds(x.fileno()), same_file_fds(y.fileno())), (1, 1), "closed");
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn more_than_scm_max_fd_is_einval() {
        let (a, _b) = bsdsock::socketpair_default().unwrap();
        let fds = vec![a.as_fd(); 254];
        // Python: OSError: [Errno 22] Invalid argument (the kernel's answer).
        let e = send_fds(&a, &[b"x"], &fds, 0).unwrap_err();
        assert_eq!(e, Error::Os(EINVAL));
        if cfg!(target_os = "linux") {
            assert_eq!(e.to_string(), format!("[Errno {EINVAL}] Invalid argument"));
        }
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn the_most_one_message_carries_arrive() {
        let (a, b) = bsdsock::socketpair_default().unwrap();
        {
            let fds = vec![a.as_fd(); bsdsock::fds::MAX_FDS];
            send_fds(&a, &[b"max"], &fds, 0).unwrap();
            // maxfds above 253 is the same as 253: one message never carries more.
            let (data, got, flags, _) = recv_fds(&b, 8, 1000, 0).unwrap();
            assert_eq!((data.len(), got.len(), flags & MSG_CTRUNC), (3, 253, 0));
            assert_eq!(same_file_fds(a.fileno()), 254);
        }
        assert_eq!(same_file_fds(a.fileno()), 1);
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn maxfds_0_receives_the_data_and_the_kernel_closes_the_descriptors() {
        // CPython 3.13: recv_fds(b, 10, 0) after send_fds(a, [b"x"], [0]) gives
        // (b'...', [], 8 (MSG_CTRUNC), None).
        let (a, b) = bsdsock::socketpair_default().unwrap();
        let (x, _y) = bsdsock::socketpair_default().unwrap();
        send_fds(&a, &[b"data"], &[x.as_fd()], 0).unwrap();
        let (data, fds, flags, addr) = recv_fds(&b, 10, 0, 0).unwrap();
        assert_eq!((&data[..], fds.len(), addr), (&b"data"[..], 0, None));
        if let Some(q) = qemu_user() {
            return skip_note("maxfds_0 (MSG_CTRUNC part)", &qemu_ctrunc(&q));
        }
        assert_eq!(flags, MSG_CTRUNC);
        assert_eq!(same_file_fds(x.fileno()), 1, "the truncated descriptor was closed, not leaked");
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn fewer_slots_than_descriptors_truncates_without_leaking() {
        let (a, b) = bsdsock::socketpair_default().unwrap();
        {
            send_fds(&a, &[b"3"], &[a.as_fd(), a.as_fd(), a.as_fd()], 0).unwrap();
            let mut buf = [0u8; 4];
            let mut slots: [Option<Fd>; 2] = [None, None];
            let r = recv_fds_into(&b, &mut buf, &mut slots, 0).unwrap();
            assert_eq!((r.nbytes, r.nfds), (1, 2));
            if let Some(q) = qemu_user() {
                return skip_note("fewer_slots (MSG_CTRUNC part)", &qemu_ctrunc(&q));
            }
            assert_eq!(r.flags, MSG_CTRUNC);
            assert!(slots.iter().all(Option::is_some));
            assert_eq!(same_file_fds(a.fileno()), 3); // a and the two slots; the third closed
        }
        assert_eq!(same_file_fds(a.fileno()), 1);
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn send_fds_to_an_unconnected_datagram_socket() {
        let path = temp_path("fds-dgram");
        let rx = bsdsock::socket(AF_UNIX, SOCK_DGRAM, 0).unwrap();
        rx.bind(path.as_path()).unwrap();
        let tx = bsdsock::socket(AF_UNIX, SOCK_DGRAM, 0).unwrap();
        let (x, y) = bsdsock::socketpair_default().unwrap();
        assert_eq!(send_fds_to(&tx, &[b"to"], &[x.as_fd()], 0, path.as_path()).unwrap(), 2);
        let (data, fds, _, _) = recv_fds(&rx, 8, 1, 0).unwrap();
        assert_eq!((&data[..], fds.len()), (&b"to"[..], 1));
        let s = Socket::from(OwnedFd::from(fds.into_iter().next().unwrap()));
        s.sendall(b"!").unwrap();
        assert_eq!(y.recv(1).unwrap(), b"!");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    #[cfg_attr(miri, ignore)]
    fn no_descriptors_is_a_plain_message() {
        let (a, b) = bsdsock::socketpair_default().unwrap();
        let none: [&Socket; 0] = [];
        send_fds(&a, &[b"plain"], &none, 0).unwrap();
        let (data, fds, flags, _) = recv_fds(&b, 8, 4, 0).unwrap();
        assert_eq!((&data[..], fds.len(), flags), (&b"plain"[..], 0, 0));
    }

    use std::os::fd::AsFd as _;

    /// Why MSG_CTRUNC cannot be seen under qemu-user.
    fn qemu_ctrunc(q: &str) -> String {
        format!(
            "{q} gives the kernel a control buffer of its own, twice as large, and copies back \
             what fits: no MSG_CTRUNC, and the emulator decides the extra descriptors' fate"
        )
    }
}

// ---- create_server / has_dualstack_ipv6 --------------------------------------------------

fn port_of(s: &Socket) -> u16 {
    s.getsockname().unwrap().as_socket_addr().unwrap().port()
}

fn v6() -> bool {
    let ok = bsdsock::socket(AF_INET6, SOCK_STREAM, 0).and_then(|s| s.bind(("::1", 0))).is_ok();
    if !ok {
        skip_note("py313_module (IPv6 parts)", "this kernel cannot bind ::1");
    }
    ok
}

#[test]
#[cfg_attr(miri, ignore)]
fn create_server_dualstack_on_af_inet_is_pythons_value_error() {
    let e = bsdsock::create_server(("127.0.0.1", 0), AF_INET, None, false, true).unwrap_err();
    if bsdsock::has_dualstack_ipv6() {
        // Python: ValueError('dualstack_ipv6 requires AF_INET6 family').
        assert_eq!(e, Error::Value("dualstack_ipv6 requires AF_INET6 family"));
        assert_eq!(e.to_string(), "dualstack_ipv6 requires AF_INET6 family");
    } else {
        assert_eq!(e, Error::Value("dualstack_ipv6 not supported on this platform"));
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn create_server_listens_with_reuseaddr() {
    let s = bsdsock::create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
    assert_eq!(s.getsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_REUSEADDR).unwrap(), 1);
    assert_eq!((s.family(), s.type_()), (AF_INET, SOCK_STREAM));
    let c = bsdsock::create_connection(
        ("127.0.0.1", port_of(&s)),
        bsdsock::Timeout::Seconds(5.0),
        None,
    )
    .unwrap();
    let (conn, peer) = s.accept().unwrap();
    assert_eq!(peer, c.getsockname().unwrap());
    conn.sendall(b"hi").unwrap();
    assert_eq!(c.recv(2).unwrap(), b"hi");
    // A second server on the same port without reuse_port: [Errno 98] Address already in use.
    let e = bsdsock::create_server(("127.0.0.1", port_of(&s)), AF_INET, Some(5), false, false)
        .unwrap_err();
    assert_eq!(e, Error::Os(EADDRINUSE));
}

#[test]
#[cfg(bsdsock_const = "SO_REUSEPORT")]
#[cfg_attr(miri, ignore)]
fn create_server_reuse_port_shares_the_port() {
    let a = bsdsock::create_server(("127.0.0.1", 0), AF_INET, None, true, false).unwrap();
    assert_eq!(a.getsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_REUSEPORT).unwrap(), 1);
    let b = bsdsock::create_server(("127.0.0.1", port_of(&a)), AF_INET, None, true, false).unwrap();
    assert_eq!(port_of(&a), port_of(&b));
}

#[test]
#[cfg_attr(miri, ignore)]
fn create_server_ipv6_only_unless_dualstack() {
    if !v6() {
        return;
    }
    use bsdsock::{IPPROTO_IPV6, IPV6_V6ONLY};
    let only = bsdsock::create_server(("::1", 0), AF_INET6, None, false, false).unwrap();
    assert_eq!(only.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY).unwrap(), 1);
    assert!(bsdsock::has_dualstack_ipv6());
    let dual = bsdsock::create_server(("::", 0), AF_INET6, Some(4), false, true).unwrap();
    assert_eq!(dual.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY).unwrap(), 0);
    // An IPv4 client reaches the IPv6 socket; it shows as an IPv4-mapped address.
    let c = bsdsock::create_connection(
        ("127.0.0.1", port_of(&dual)),
        bsdsock::Timeout::Seconds(5.0),
        None,
    )
    .unwrap();
    let (_conn, peer) = dual.accept().unwrap();
    let SockAddr::Inet6(p) = peer else { panic!("{peer:?}") };
    assert_eq!(p.ip().to_ipv4_mapped(), Some(std::net::Ipv4Addr::LOCALHOST));
    assert_eq!(p.port(), port_of(&c));
}

#[test]
#[cfg_attr(miri, ignore)]
fn create_server_on_a_unix_path() {
    let path = temp_path("server");
    let s = bsdsock::create_server(path.as_path(), AF_UNIX, Some(1), false, false).unwrap();
    let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    c.connect(path.as_path()).unwrap();
    let _ = s.accept().unwrap();
    let _ = std::fs::remove_file(&path);
}

// ---- create_connection(..., all_errors=True) ---------------------------------------------

fn closed_port() -> u16 {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    port_of(&l) // closed when l drops: nothing listens there
}

#[test]
#[cfg_attr(miri, ignore)]
fn all_errors_groups_every_attempts_error() {
    use bsdsock::connect::ConnectErrors;
    use bsdsock::consts::errno::ECONNREFUSED;
    if let Some(why) = py313_common::so_error_untranslated() {
        return py313_common::skip_note("all_errors_groups_every_attempts_error", &why);
    }
    let port = closed_port();
    let r = bsdsock::create_connection_all_errors(
        ("127.0.0.1", port),
        bsdsock::Timeout::Seconds(5.0),
        None,
    );
    let Err(ConnectErrors::Group(g)) = r else { panic!("{r:?}") };
    assert_eq!((g.len(), g.total()), (1, 1));
    assert_eq!(g.last(), Some(&Error::Os(ECONNREFUSED)));
    // Python: str(ExceptionGroup('create_connection failed', [e])).
    assert_eq!(g.to_string(), "create_connection failed (1 sub-exception)");
    // "localhost" may have one address or two (127.0.0.1 and ::1): one error each.
    let n = bsdsock::getaddrinfo(Some("localhost"), port, 0, SOCK_STREAM, 0, 0).unwrap().count();
    let r = bsdsock::create_connection_all_errors(
        ("localhost", port),
        bsdsock::Timeout::Seconds(5.0),
        None,
    );
    let Err(ConnectErrors::Group(g)) = r else { panic!("{r:?}") };
    assert_eq!(g.len(), n);
    assert!(g.errors().all(|e| matches!(e, Error::Os(_))), "{g:?}");
    let s = if n == 1 { "" } else { "s" };
    assert_eq!(g.to_string(), format!("create_connection failed ({n} sub-exception{s})"));
}

#[test]
#[cfg_attr(miri, ignore)]
fn all_errors_leaves_what_python_raises_outside_the_loop_alone() {
    use bsdsock::connect::ConnectErrors;
    // A lookup error (an unknown service, no DNS involved) is raised as it is.
    let r = bsdsock::create_connection_all_errors(
        ("127.0.0.1", "no-such-service-bsdsock"),
        bsdsock::Timeout::Seconds(1.0),
        None,
    );
    assert!(matches!(r, Err(ConnectErrors::One(Error::AddrLookup(_)))), "{r:?}");
    // So is a bad timeout value (ValueError).
    let r = bsdsock::create_connection_all_errors(
        ("127.0.0.1", 9u16),
        bsdsock::Timeout::Seconds(-1.0),
        None,
    );
    assert_eq!(r.unwrap_err(), ConnectErrors::One(Error::Value("Timeout value out of range")));
    // And a success is a socket.
    let l = bsdsock::create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
    let c = bsdsock::create_connection_all_errors(
        ("127.0.0.1", port_of(&l)),
        bsdsock::Timeout::Seconds(5.0),
        None,
    )
    .unwrap();
    assert_eq!(c.getpeername().unwrap(), l.getsockname().unwrap());
}
