//! Section (c): the three modes, settimeout/gettimeout (C1-C8), connect with a timeout
//! (C16-C18), sendall's timeout capping the whole call (C21). No timed assertions: a
//! timeout test checks for Error::Timeout, not for elapsed time.

mod socket_common;
use socket_common::*;

use bsdsock::consts::errno::*;
use bsdsock::{AF_INET, Error, SOCK_STREAM};

#[test]
#[cfg_attr(miri, ignore)]
fn settimeout_gettimeout_and_the_descriptor() {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert_eq!(s.gettimeout(), None); // C1: blocking at first
    assert!(!s.fd_nonblocking().unwrap());
    s.settimeout(Some(0.0)).unwrap();
    assert_eq!(s.gettimeout(), Some(0.0));
    assert!(s.fd_nonblocking().unwrap()); // C5
    s.settimeout(Some(2.5)).unwrap();
    assert_eq!(s.gettimeout(), Some(2.5)); // exactly the value set
    // C5: timeout mode runs on an O_NONBLOCK descriptor, as in Python; the timeout stays
    // in the object, never in the kernel (SO_RCVTIMEO / SO_SNDTIMEO untouched).
    assert!(s.fd_nonblocking().unwrap());
    assert!(no_kernel_timeouts(&s));
    s.settimeout(None).unwrap();
    assert_eq!(s.gettimeout(), None);
    assert!(!s.fd_nonblocking().unwrap()); // C5
    assert!(no_kernel_timeouts(&s));
    // C6: setblocking is settimeout(None) / settimeout(0.0).
    s.setblocking(false).unwrap();
    assert_eq!(s.gettimeout(), Some(0.0));
    s.setblocking(true).unwrap();
    assert_eq!(s.gettimeout(), None);
    s.settimeout_duration(Some(std::time::Duration::from_millis(1500))).unwrap();
    assert_eq!(s.gettimeout(), Some(1.5));
    s.settimeout_duration(None).unwrap();
    assert_eq!(s.gettimeout(), None);
    // A tiny timeout is still timeout mode (never "no timeout" in the kernel).
    s.settimeout(Some(1e-9)).unwrap();
    let (a, b) = bsdsock::socketpair_default().unwrap();
    a.settimeout(Some(1e-9)).unwrap();
    assert_eq!(a.recv(1), Err(Error::Timeout));
    drop(b);
}

#[test]
#[cfg_attr(miri, ignore)]
fn nonblocking_calls_give_eagain() {
    // C10: recv, accept and send all raise EAGAIN in non-blocking mode.
    let (a, b) = bsdsock::socketpair_default().unwrap();
    a.setblocking(false).unwrap();
    assert_eq!(a.recv(1), Err(Error::Os(EAGAIN)));
    let big = vec![0u8; 1 << 16];
    let mut err = None;
    for _ in 0..10_000 {
        if let Err(e) = a.send(&big) {
            err = Some(e);
            break;
        }
    }
    assert_eq!(err, Some(Error::Os(EAGAIN)));
    // Timeout mode with a full buffer: send and sendall time out.
    a.settimeout(Some(0.01)).unwrap();
    assert_eq!(a.send(&big), Err(Error::Timeout));
    assert_eq!(a.sendall(&big), Err(Error::Timeout));
    let l = listener(AF_INET);
    l.setblocking(false).unwrap();
    assert_eq!(l.accept().unwrap_err(), Error::Os(EAGAIN));
    drop(b);
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendall_timeout_caps_the_whole_call() {
    // A reader that takes a little at a time keeps each send progressing; 2.7 would never
    // time out (C20), 3.x and bsdsock do (C21). The reader stops after a bounded count.
    let (a, b) = bsdsock::socketpair_default().unwrap();
    a.settimeout(Some(0.2)).unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        for _ in 0..2000 {
            match b.recv_into(&mut buf, 0) {
                Ok(0) | Err(_) => break,
                Ok(_) => std::thread::sleep(std::time::Duration::from_millis(1)),
            }
        }
    });
    let big = vec![7u8; 64 << 20]; // far more than a slow reader takes in 0.2 s
    assert_eq!(a.sendall(&big), Err(Error::Timeout));
    a.shutdown(bsdsock::SHUT_RDWR).unwrap();
    reader.join().unwrap();
}

#[test]
#[cfg_attr(miri, ignore)]
fn connect_timeout_against_a_full_backlog() {
    // C17: a listener whose queue is full drops SYNs; connect times out and connect_ex
    // returns EWOULDBLOCK. Fill the queue with bounded non-blocking connects first.
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(0).unwrap();
    let addr = l.getsockname().unwrap();
    let mut keep = Vec::new();
    let mut timed_out = false;
    for _ in 0..16 {
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.settimeout(Some(0.05)).unwrap();
        match c.connect_ex(addr).unwrap() {
            0 => keep.push(c),
            e if e == EWOULDBLOCK => {
                timed_out = true;
                let c2 = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
                c2.settimeout(Some(0.05)).unwrap();
                assert_eq!(c2.connect(addr), Err(Error::Timeout));
                break;
            }
            e => panic!("connect_ex gave {e}"),
        }
    }
    assert!(timed_out, "the backlog never filled");
}

#[test]
#[cfg_attr(miri, ignore)]
fn nonblocking_connect_is_einprogress() {
    let l = listener(AF_INET);
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.setblocking(false).unwrap();
    // C19: EINPROGRESS (115) or, on loopback, sometimes an immediate success.
    match c.connect(l.getsockname().unwrap()) {
        Ok(()) => {}
        Err(e) => assert_eq!(e, Error::Os(EINPROGRESS)),
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn timeout_mode_connect_then_io() {
    for kind in [Kind::Tcp4, Kind::Tcp6] {
        let fam = if kind == Kind::Tcp4 { AF_INET } else { bsdsock::AF_INET6 };
        if fam == bsdsock::AF_INET6 && !have_ipv6() {
            continue;
        }
        let l = listener(fam);
        let c = bsdsock::socket(fam, SOCK_STREAM, 0).unwrap();
        c.settimeout(Some(5.0)).unwrap();
        c.connect(l.getsockname().unwrap()).unwrap();
        l.settimeout(Some(5.0)).unwrap();
        let (conn, _) = l.accept().unwrap();
        conn.settimeout(Some(5.0)).unwrap();
        c.sendall(b"q").unwrap();
        assert_eq!(conn.recv(1).unwrap(), b"q");
        // connecting again: EISCONN
        assert_eq!(c.connect(l.getsockname().unwrap()), Err(Error::Os(EISCONN)));
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn accept_conn_follows_the_listeners_mode() {
    // accept_conn is accept without the address: the same modes and errors (C10, C3).
    let l = listener(AF_INET);
    l.setblocking(false).unwrap();
    assert_eq!(l.accept_conn().unwrap_err(), Error::Os(EAGAIN));
    l.settimeout(Some(0.01)).unwrap();
    assert_eq!(l.accept_conn().unwrap_err(), Error::Timeout);
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    let conn = l.accept_conn().unwrap();
    // C3: the accepted socket takes the default timeout (None), not the listener's.
    assert_eq!(conn.gettimeout(), None);
    assert!(!conn.fd_nonblocking().unwrap());
    assert_eq!(conn.getpeername().unwrap(), c.getsockname().unwrap());
    assert_eq!((conn.family(), conn.type_()), (AF_INET, SOCK_STREAM));
    c.sendall(b"ok").unwrap();
    assert_eq!(conn.recv(2).unwrap(), b"ok");
}
