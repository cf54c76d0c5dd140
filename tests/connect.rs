//! create_connection (section (f)) and its Happy Eyeballs racing, on loopback only.
//!
//! A "blackhole" is a loopback listener with backlog 0 whose accept queue is filled: the
//! kernel then drops further SYNs, so a connect to it never answers (verified by
//! `blackhole_times_out_and_a_timeout_stays_a_timeout`). Every connect here has a
//! per-attempt timeout, so no test can hang.

mod socket_common;

use std::time::Instant;

use bsdsock::consts::errno::{ECONNREFUSED, EINPROGRESS};
use bsdsock::{
    AF_INET, AF_INET6, AF_UNIX, EAI_SERVICE, Error, SOCK_STREAM, SockAddr, Socket, Timeout,
    create_connection, create_connection_addrs,
};
use socket_common::{have_ipv6, inet_port, listener, skip_note, so_error_untranslated, temp_path};

/// A per-attempt timeout long enough never to fire on a working loopback connect.
const LONG: Timeout = Timeout::Seconds(10.0);

/// A bound, non-listening TCP socket: connecting to its address is refused (RST). Kept
/// alive so nothing else takes the port.
fn refusing(family: i32) -> (Socket, SockAddr) {
    let s = bsdsock::socket(family, SOCK_STREAM, 0).unwrap();
    s.bind((if family == AF_INET { "127.0.0.1" } else { "::1" }, 0)).unwrap();
    let a = s.getsockname().unwrap();
    (s, a)
}

/// A listener that never answers: backlog 0 and a full accept queue, so SYNs are dropped.
struct Blackhole {
    _listener: Socket,
    _fillers: Vec<Socket>,
    addr: SockAddr,
}

fn blackhole(family: i32) -> Blackhole {
    let l = bsdsock::socket(family, SOCK_STREAM, 0).unwrap();
    l.bind((if family == AF_INET { "127.0.0.1" } else { "::1" }, 0)).unwrap();
    l.listen(0).unwrap();
    let addr = l.getsockname().unwrap();
    // Fill the queue until a connect times out (Linux queues backlog + 1); at most 8 tries.
    let mut fillers = Vec::new();
    for _ in 0..8 {
        let c = bsdsock::socket(family, SOCK_STREAM, 0).unwrap();
        c.settimeout(Some(0.2)).unwrap();
        match c.connect(addr) {
            Ok(()) => fillers.push(c),
            Err(Error::Timeout) => return Blackhole { _listener: l, _fillers: fillers, addr },
            Err(e) => panic!("filling the accept queue: {e}"),
        }
    }
    panic!("the accept queue of a backlog-0 listener never filled (8 connects accepted)");
}

/// The peer `s` is connected to, and the listener's address it must be.
fn assert_connected_to(s: &Socket, l: &Socket) {
    assert_eq!(s.getpeername().unwrap(), l.getsockname().unwrap());
    let (conn, peer) = l.accept().unwrap();
    assert_eq!(peer, s.getsockname().unwrap());
    s.sendall(b"ping").unwrap();
    assert_eq!(conn.recv(16).unwrap(), b"ping");
}

// F1, F2, F3, F6: resolve (host, port) with a number or a service text, connect to the first.
#[test]
#[cfg_attr(miri, ignore)]
fn connects_by_host_and_port() {
    let l = listener(AF_INET);
    let port = inet_port(&l.getsockname().unwrap());
    let s = create_connection(("127.0.0.1", port), LONG, None).unwrap();
    assert_eq!((s.family(), s.type_(), s.proto()), (AF_INET, SOCK_STREAM, 6));
    assert_connected_to(&s, &l);
    // The port as text goes through getaddrinfo (numeric host: no lookup).
    let text = port.to_string();
    let s = create_connection(("127.0.0.1", text.as_str()), LONG, None).unwrap();
    assert_connected_to(&s, &l);
    // A name: localhost (127.0.0.1 in every /etc/hosts; ::1 maybe, tried in turn).
    let s = create_connection(("localhost", port), LONG, None).unwrap();
    assert_connected_to(&s, &l);
}

// F2: a lookup error comes back at once, as it is.
#[test]
#[cfg_attr(miri, ignore)]
fn lookup_error_propagates() {
    let r = create_connection(("127.0.0.1", "no-such-service-bsdsock"), LONG, None);
    assert_eq!(r.map(|_| ()), Err(Error::AddrLookup(EAI_SERVICE)));
}

// F8: a refused connect is ECONNREFUSED (`[Errno 111]` on most Linux), as it is.
#[test]
#[cfg_attr(miri, ignore)]
fn refused() {
    // Both forms connect without blocking (the racing needs it) and read SO_ERROR.
    if let Some((_, why)) = so_error_untranslated() {
        return skip_note("refused", &why);
    }
    let (_keep, a) = refusing(AF_INET);
    let r = create_connection(("127.0.0.1", inet_port(&a)), LONG, None);
    assert_eq!(r.map(|_| ()), Err(Error::Os(ECONNREFUSED)));
    let r = create_connection(("127.0.0.1", inet_port(&a)), Timeout::Blocking, None);
    assert_eq!(r.map(|_| ()), Err(Error::Os(ECONNREFUSED)));
}

// F9: nothing to try.
#[test]
#[cfg_attr(miri, ignore)]
fn empty_list() {
    let r = create_connection_addrs(&[], LONG, None);
    assert_eq!(r.map(|_| ()), Err(Error::Socket("getaddrinfo returns an empty list")));
    assert_eq!(
        Error::Socket("getaddrinfo returns an empty list").to_string(),
        "getaddrinfo returns an empty list"
    );
}

// F3, F7: a failing address is closed and the next one tried, in order.
#[test]
#[cfg_attr(miri, ignore)]
fn tries_each_address_in_order() {
    let (_k1, r1) = refusing(AF_INET);
    let (_k2, r2) = refusing(AF_INET);
    let l = listener(AF_INET);
    let s = create_connection_addrs(&[r1, r2, l.getsockname().unwrap()], LONG, None).unwrap();
    assert_connected_to(&s, &l);
}

// F8: after the last, the last error as it is — the last in order, whichever ended last.
#[test]
#[cfg_attr(miri, ignore)]
fn last_error_is_the_last_address_tried() {
    if let Some((_, why)) = so_error_untranslated() {
        return skip_note("last_error_is_the_last_address_tried", &why);
    }
    let (_k1, r1) = refusing(AF_INET);
    let (_k2, r2) = refusing(AF_INET);
    let r = create_connection_addrs(&[r1, r2], LONG, None);
    assert_eq!(r.map(|_| ()), Err(Error::Os(ECONNREFUSED)));
    let b = blackhole(AF_INET);
    let t = Timeout::Seconds(0.5);
    // Python: timeout, then refused -> refused. (Here the refusal comes first in time.)
    let r = create_connection_addrs(&[b.addr, r1], t, None);
    assert_eq!(r.map(|_| ()), Err(Error::Os(ECONNREFUSED)));
    // Python: refused, then timeout -> timeout.
    let r = create_connection_addrs(&[r1, b.addr], t, None);
    assert_eq!(r.map(|_| ()), Err(Error::Timeout));
}

// F7, F8 (test_create_connection_timeout): a timed-out attempt is a timeout, not recast.
// Also the check that a blackhole really drops SYNs on this kernel.
#[test]
#[cfg_attr(miri, ignore)]
fn blackhole_times_out_and_a_timeout_stays_a_timeout() {
    let b = blackhole(AF_INET);
    let t0 = Instant::now();
    let r = create_connection_addrs(&[b.addr], Timeout::Seconds(0.3), None);
    println!("blackhole alone, timeout 0.3 s: {:?} after {:?}", r.as_ref().err(), t0.elapsed());
    assert_eq!(r.map(|_| ()), Err(Error::Timeout));
    let SockAddr::Inet(a) = b.addr else { unreachable!() };
    let r = create_connection(("127.0.0.1", a.port()), Timeout::Seconds(0.2), None);
    assert_eq!(r.map(|_| ()), Err(Error::Timeout));
}

// Beyond 2.7: Happy Eyeballs. The first address never answers; the second, started 250 ms
// later, wins long before the 10 s per-attempt timeout. Asserts which peer, not how fast.
#[test]
#[cfg_attr(miri, ignore)]
fn happy_eyeballs_blackholed_first_ipv4() {
    let b = blackhole(AF_INET);
    let l = listener(AF_INET);
    let t0 = Instant::now();
    let s = create_connection_addrs(&[b.addr, l.getsockname().unwrap()], LONG, None).unwrap();
    println!("happy eyeballs, 127.0.0.1 blackhole then 127.0.0.1 listener: {:?}", t0.elapsed());
    assert_connected_to(&s, &l);
    assert_eq!(s.gettimeout(), Some(10.0));
}

#[test]
#[cfg_attr(miri, ignore)]
fn happy_eyeballs_blackholed_ipv6_then_ipv4() {
    if !have_ipv6() {
        println!("skipping: no ::1 on this host");
        return;
    }
    let b = blackhole(AF_INET6);
    let l = listener(AF_INET);
    let t0 = Instant::now();
    let r = create_connection_addrs(&[b.addr, l.getsockname().unwrap()], LONG, None);
    let s = r.unwrap();
    println!("happy eyeballs, ::1 blackhole then 127.0.0.1 listener: {:?}", t0.elapsed());
    assert_eq!(s.family(), AF_INET);
    assert_connected_to(&s, &l);
}

// Interleaving: 6 6 4 with both IPv6 addresses blackholed: the IPv4 address is the second
// attempt (started at 250 ms), not the third.
#[test]
#[cfg_attr(miri, ignore)]
fn happy_eyeballs_interleaves_families() {
    if !have_ipv6() {
        println!("skipping: no ::1 on this host");
        return;
    }
    let b1 = blackhole(AF_INET6);
    let b2 = blackhole(AF_INET6);
    let l = listener(AF_INET);
    let t0 = Instant::now();
    let s =
        create_connection_addrs(&[b1.addr, b2.addr, l.getsockname().unwrap()], LONG, None).unwrap();
    println!("happy eyeballs, ::1 ::1 blackholes then 127.0.0.1: {:?}", t0.elapsed());
    assert_connected_to(&s, &l);
}

// More blackholes than MAX_IN_FLIGHT before a working address: with a 2.5 s per-attempt
// timeout all 8 slots are pending by 1.75 s; the 9th blackhole and then the listener wait
// for slots to free up as attempts time out, and the listener still wins.
#[test]
#[cfg_attr(miri, ignore)]
fn more_pending_attempts_than_slots() {
    let n = bsdsock::connect::MAX_IN_FLIGHT + 1;
    let holes: Vec<Blackhole> = (0..n).map(|_| blackhole(AF_INET)).collect();
    let l = listener(AF_INET);
    let mut addrs: Vec<SockAddr> = holes.iter().map(|b| b.addr).collect();
    addrs.push(l.getsockname().unwrap());
    let t0 = Instant::now();
    let s = create_connection_addrs(&addrs, Timeout::Seconds(2.5), None).unwrap();
    println!("{n} blackholes (8 slots, 2.5 s per attempt) then a listener: {:?}", t0.elapsed());
    assert_connected_to(&s, &l);
}

// F4: the returned socket is in the mode the timeout asks for.
#[test]
#[cfg_attr(miri, ignore)]
fn returned_socket_mode() {
    let l = listener(AF_INET);
    let a = l.getsockname().unwrap();
    let s = create_connection_addrs(&[a], Timeout::Seconds(2.5), None).unwrap();
    assert_eq!(s.gettimeout(), Some(2.5));
    let s = create_connection_addrs(&[a], Timeout::Blocking, None).unwrap();
    assert_eq!(s.gettimeout(), None);
    assert!(!s.fd_nonblocking().unwrap());
    let s = create_connection_addrs(&[a], Timeout::from(Some(1.5)), None).unwrap();
    assert_eq!(s.gettimeout(), Some(1.5));
    let s =
        create_connection_addrs(&[a], Timeout::from(std::time::Duration::from_millis(750)), None)
            .unwrap();
    assert_eq!(s.gettimeout(), Some(0.75));
}

// F4 with 0.0: Python's connect on a non-blocking socket raises EINPROGRESS (C19).
#[test]
#[cfg_attr(miri, ignore)]
fn zero_timeout_is_a_non_blocking_connect() {
    let l = listener(AF_INET);
    let r = create_connection_addrs(&[l.getsockname().unwrap()], Timeout::Seconds(0.0), None);
    match r {
        Err(e) => assert_eq!(e, Error::Os(EINPROGRESS)),
        // A kernel may complete a loopback connect at once; then it is a non-blocking socket.
        Ok(s) => assert_eq!(s.gettimeout(), Some(0.0)),
    }
}

// F7: errors Python does not catch (ValueError, TypeError) come back at once.
#[test]
#[cfg_attr(miri, ignore)]
fn bad_arguments_propagate() {
    let l = listener(AF_INET);
    let a = l.getsockname().unwrap();
    let r = create_connection_addrs(&[a], Timeout::Seconds(-1.0), None);
    assert_eq!(r.map(|_| ()), Err(Error::Value("Timeout value out of range")));
    let r = create_connection_addrs(&[a], Timeout::Seconds(f64::NAN), None);
    assert_eq!(r.map(|_| ()), Err(Error::Value("Invalid value NaN (not a number)")));
    let r = create_connection_addrs(&[a], LONG, Some(("127.0.0\0.1", 0)));
    assert_eq!(r.map(|_| ()), Err(Error::Type("host name must not contain null character")));
}

/// A free loopback port: bind port 0, read it, close (never connected: no TIME_WAIT).
fn free_port(family: i32) -> u16 {
    let s = bsdsock::socket(family, SOCK_STREAM, 0).unwrap();
    s.bind((if family == AF_INET { "127.0.0.1" } else { "::1" }, 0)).unwrap();
    inet_port(&s.getsockname().unwrap())
}

// F5: source_address is bound before connecting; ("", port) chooses the source port only.
#[test]
#[cfg_attr(miri, ignore)]
fn source_address_binds_the_source_port() {
    let l = listener(AF_INET);
    let a = l.getsockname().unwrap();
    for host in ["127.0.0.1", ""] {
        // Another test may take the free port between the two calls: try a few ports.
        let mut done = false;
        for _ in 0..5 {
            let port = free_port(AF_INET);
            let s = match create_connection_addrs(&[a], LONG, Some((host, port))) {
                Ok(s) => s,
                Err(Error::Os(e)) if e == bsdsock::consts::errno::EADDRINUSE => continue,
                Err(e) => panic!("create_connection with source ({host:?}, {port}): {e}"),
            };
            assert_eq!(inet_port(&s.getsockname().unwrap()), port);
            let (_conn, peer) = l.accept().unwrap();
            assert_eq!(inet_port(&peer), port);
            done = true;
            break;
        }
        assert!(done, "no free source port in 5 tries");
    }
    // A source the family cannot bind: that attempt fails, the error is the bind's.
    let r = create_connection_addrs(&[a], LONG, Some(("192.0.2.1", 0)));
    assert_eq!(r.map(|_| ()), Err(Error::Os(bsdsock::consts::errno::EADDRNOTAVAIL)));
}

// Any family the list holds: an AF_UNIX address works too (socket(AF_UNIX, SOCK_STREAM)).
#[test]
#[cfg_attr(miri, ignore)]
fn unix_address() {
    let path = temp_path("connect");
    let l = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    l.bind(path.as_path()).unwrap();
    l.listen(1).unwrap();
    let s = create_connection_addrs(&[l.getsockname().unwrap()], LONG, None).unwrap();
    assert_eq!(s.family(), AF_UNIX);
    let (conn, _) = l.accept().unwrap();
    s.sendall(b"x").unwrap();
    assert_eq!(conn.recv(1).unwrap(), b"x");
    std::fs::remove_file(&path).unwrap();
}
