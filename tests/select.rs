//! bsdsock::select: every bad input of the select module with Python's exact error, and
//! readiness on socketpairs and TCP loopback for select, poll and epoll (readable after a
//! send, writable, hang-up after the peer closed, POLLNVAL / EBADF for a closed descriptor,
//! edge-triggered and one-shot epoll), timeouts that do not fire early, and waits that a
//! signal interrupts (EINTR retried with the time left).
//!
//! Only lower bounds on time are asserted (a timeout must not fire early); a wait that
//! should end is bounded by a watchdog thread so a bug fails the test instead of hanging it.

use std::sync::mpsc::{RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use bsdsock::consts::errno::{EBADF, ENOENT};
use bsdsock::select::{
    self, AsFileno, EMPTY, FD_SETSIZE, FdSet, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, PollFd,
    poll_fds, select_fds,
};
use bsdsock::{AF_INET, AF_UNIX, Error, PyClass, SOCK_STREAM, Socket};

const NAN: &str = "Invalid value NaN (not a number)";
const TIME_T: &str = "timestamp out of range for platform time_t";
const TOO_LARGE: &str = "timeout is too large";

fn text(e: Error) -> String {
    e.to_string()
}

fn pair() -> (Socket, Socket) {
    bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap()
}

/// A connected TCP pair over 127.0.0.1 (server side, client side) and the listener.
fn tcp_pair() -> (Socket, Socket) {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(4).unwrap();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    (s, c)
}

/// A descriptor number that is not open but lies inside the process's descriptor table
/// (Linux's select(2) ignores numbers above the table): the highest closed one below 64, the
/// table's smallest size. Checked with poll (POLLNVAL); the tests of this file open far
/// fewer descriptors than that at once.
fn closed_fd() -> i32 {
    for fd in (3..64).rev() {
        let mut p = [PollFd::new(fd, POLLIN)];
        poll_fds(&mut p, Some(0.0)).unwrap();
        if p[0].revents() == POLLNVAL {
            return fd;
        }
    }
    panic!("every descriptor below 64 is open");
}

/// Run `f` on a thread; fail (instead of hanging) if it has not returned in 60 s.
fn bounded<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = channel();
    thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(v) => v,
        Err(RecvTimeoutError::Timeout) => panic!("{what}: still waiting after 60 s"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

// ---------------------------------------------------------------------------------------
// Bad inputs: select

#[test]
fn select_negative_timeout() {
    let (a, _b) = pair();
    for t in [-1.0, -0.0001, -1e-12] {
        let e = select::select([&a], EMPTY, EMPTY, Some(t)).unwrap_err();
        assert_eq!(e, Error::Value("timeout must be non-negative"));
        assert_eq!(text(e), "timeout must be non-negative");
        assert_eq!(e.class(), PyClass::ValueError);
        let (mut r, mut w, mut x) = (FdSet::new(), FdSet::new(), FdSet::new());
        assert_eq!(select_fds(&mut r, &mut w, &mut x, Some(t)), Err(e));
    }
    // -0.0 is not negative.
    assert!(select::select([&a], EMPTY, EMPTY, Some(-0.0)).is_ok());
}

#[test]
fn select_nan_timeout() {
    let (a, _b) = pair();
    let e = select::select([&a], EMPTY, EMPTY, Some(f64::NAN)).unwrap_err();
    assert_eq!((text(e), e.class()), (NAN.to_string(), PyClass::ValueError));
}

#[test]
fn select_timeout_overflow() {
    let (a, _b) = pair();
    for t in [f64::INFINITY, f64::NEG_INFINITY, 1e10, -1e300] {
        let e = select::select([&a], EMPTY, EMPTY, Some(t)).unwrap_err();
        assert_eq!((text(e), e.class()), (TIME_T.to_string(), PyClass::OverflowError), "{t}");
    }
}

#[test]
fn select_fd_out_of_range() {
    for fd in [FD_SETSIZE, FD_SETSIZE + 1, i32::MAX] {
        let e = select::select([fd], EMPTY, EMPTY, Some(0.0)).unwrap_err();
        assert_eq!(e, Error::Value("filedescriptor out of range in select()"));
        assert_eq!(text(e), "filedescriptor out of range in select()");
        let e = select::select(EMPTY, [fd], EMPTY, Some(0.0)).unwrap_err();
        assert_eq!(text(e), "filedescriptor out of range in select()");
        let e = select::select(EMPTY, EMPTY, [fd], Some(0.0)).unwrap_err();
        assert_eq!(text(e), "filedescriptor out of range in select()");
        assert_eq!(FdSet::new().insert(&fd), Err(e));
    }
    // FD_SETSIZE - 1 is in range: checked, then (not open) EBADF or, above the process's
    // descriptor table, nothing ready.
    let r = select::select([FD_SETSIZE - 1], EMPTY, EMPTY, Some(0.0));
    assert!(matches!(r, Ok(_) | Err(Error::Os(EBADF))), "{r:?}");
}

#[test]
fn select_negative_fd() {
    let e = select::select([-1], EMPTY, EMPTY, Some(0.0)).unwrap_err();
    assert_eq!(e, Error::ValueNum("file descriptor cannot be a negative integer (", -1, ")"));
    assert_eq!(text(e), "file descriptor cannot be a negative integer (-1)");
    assert_eq!(e.class(), PyClass::ValueError);
    let e = select::select(EMPTY, [i32::MIN], EMPTY, None).unwrap_err();
    assert_eq!(text(e), "file descriptor cannot be a negative integer (-2147483648)");
}

#[test]
fn select_timeout_checked_before_descriptors() {
    // Python converts the timeout first.
    let e = select::select([-1], EMPTY, EMPTY, Some(-1.0)).unwrap_err();
    assert_eq!(text(e), "timeout must be non-negative");
}

#[test]
fn select_closed_fd_is_ebadf() {
    let fd = closed_fd();
    let e = select::select([fd], EMPTY, EMPTY, Some(0.0)).unwrap_err();
    assert_eq!(e, Error::Os(EBADF));
    assert_eq!(text(e), format!("[Errno {EBADF}] Bad file descriptor"));
    let mut r = FdSet::new();
    r.insert(&fd).unwrap();
    let (mut w, mut x) = (FdSet::new(), FdSet::new());
    assert_eq!(select_fds(&mut r, &mut w, &mut x, Some(0.0)), Err(Error::Os(EBADF)));
}

// ---------------------------------------------------------------------------------------
// Bad inputs: poll

#[test]
fn poll_timeout_errors() {
    let (a, _b) = pair();
    let mut p = select::poll();
    p.register(&a, POLLOUT).unwrap();
    let cases: [(f64, &str, PyClass); 7] = [
        (f64::NAN, NAN, PyClass::ValueError),
        (f64::INFINITY, TIME_T, PyClass::OverflowError),
        (f64::NEG_INFINITY, TIME_T, PyClass::OverflowError),
        (9.3e12, TIME_T, PyClass::OverflowError),
        (2147483648.0, TOO_LARGE, PyClass::OverflowError),
        (2147483647.5, TOO_LARGE, PyClass::OverflowError),
        (-2147483649.0, TOO_LARGE, PyClass::OverflowError),
    ];
    for (t, want, class) in cases {
        let e = p.poll(Some(t)).unwrap_err();
        assert_eq!((text(e).as_str(), e.class()), (want, class), "{t}");
        let mut fds = [PollFd::of(&a, POLLOUT)];
        assert_eq!(poll_fds(&mut fds, Some(t)), Err(e));
    }
    // The largest that fits: C's INT_MAX milliseconds (a is writable: returns at once).
    assert_eq!(p.poll(Some(2147483647.0)).unwrap(), [(a.fileno(), POLLOUT)]);
}

#[test]
fn poll_negative_timeout_waits_for_ever() {
    let (a, b) = pair();
    let mut p = select::poll();
    p.register(&a, POLLIN).unwrap();
    let fd = a.fileno();
    let waiter = thread::spawn(move || {
        let r = p.poll(Some(-1.0));
        (r, a)
    });
    thread::sleep(Duration::from_millis(100));
    b.sendall(b"x").unwrap();
    let (r, _a) = bounded("poll(-1)", move || waiter.join().unwrap());
    assert_eq!(r.unwrap(), [(fd, POLLIN)]);
}

#[test]
fn poll_modify_unknown_is_enoent() {
    let (a, _b) = pair();
    let mut p = select::poll();
    let e = p.modify(&a, POLLIN).unwrap_err();
    assert_eq!(e, Error::Os(ENOENT));
    assert_eq!(text(e), format!("[Errno {ENOENT}] No such file or directory"));
}

#[test]
fn poll_unregister_unknown_is_key_error() {
    let (a, _b) = pair();
    let mut p = select::poll();
    let e = p.unregister(&a).unwrap_err();
    assert_eq!(e, Error::Key(a.fileno() as i64));
    assert_eq!(text(e), a.fileno().to_string());
    assert_eq!(e.class(), PyClass::KeyError);
    p.register(&a, POLLIN).unwrap();
    p.unregister(&a).unwrap();
    assert_eq!(p.unregister(&a), Err(e));
}

#[test]
fn poll_negative_fd() {
    let mut p = select::poll();
    let want = "file descriptor cannot be a negative integer (-3)";
    assert_eq!(text(p.register(&-3, POLLIN).unwrap_err()), want);
    assert_eq!(text(p.modify(&-3, POLLIN).unwrap_err()), want);
    assert_eq!(text(p.unregister(&-3).unwrap_err()), want);
}

#[test]
fn poll_closed_fd_is_pollnval() {
    let fd = closed_fd();
    let mut p = select::poll();
    p.register(&fd, POLLIN).unwrap();
    assert_eq!(p.poll(Some(0.0)).unwrap(), [(fd, POLLNVAL)]);
    let mut fds = [PollFd::new(fd, POLLIN | POLLOUT)];
    assert_eq!(poll_fds(&mut fds, None).unwrap(), 1);
    assert_eq!(fds[0].revents(), POLLNVAL);
}

// ---------------------------------------------------------------------------------------
// Bad inputs: epoll

#[cfg(target_os = "linux")]
mod epoll_errors {
    use super::*;
    use bsdsock::consts::errno::{EEXIST, EINVAL, EPERM};
    use bsdsock::select::{EPOLL_CLOEXEC, EPOLLIN, EPOLLOUT, Epoll, EpollEvent};

    #[test]
    fn register_twice_is_eexist() {
        let (a, _b) = pair();
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLIN).unwrap();
        let e = ep.register(&a, EPOLLIN).unwrap_err();
        assert_eq!(e, Error::Os(EEXIST));
        assert_eq!(text(e), format!("[Errno {EEXIST}] File exists"));
    }

    #[test]
    fn modify_unknown_is_enoent() {
        let (a, _b) = pair();
        let ep = Epoll::new().unwrap();
        let e = ep.modify(&a, EPOLLIN).unwrap_err();
        assert_eq!(e, Error::Os(ENOENT));
        assert_eq!(text(e), format!("[Errno {ENOENT}] No such file or directory"));
    }

    #[test]
    fn unregister_unknown_is_enoent() {
        let (a, _b) = pair();
        let ep = Epoll::new().unwrap();
        let e = ep.unregister(&a).unwrap_err();
        assert_eq!(e, Error::Os(ENOENT));
        assert_eq!(text(e), format!("[Errno {ENOENT}] No such file or directory"));
        ep.register(&a, EPOLLIN).unwrap();
        ep.unregister(&a).unwrap();
        assert_eq!(ep.unregister(&a), Err(Error::Os(ENOENT)));
    }

    #[test]
    fn register_closed_fd_is_ebadf() {
        let ep = Epoll::new().unwrap();
        let fd = closed_fd();
        let e = ep.register(&fd, EPOLLIN).unwrap_err();
        assert_eq!(text(e), format!("[Errno {EBADF}] Bad file descriptor"));
        assert_eq!(ep.unregister(&fd), Err(Error::Os(EBADF)));
    }

    #[test]
    fn negative_fd() {
        let ep = Epoll::new().unwrap();
        let want = "file descriptor cannot be a negative integer (-1)";
        assert_eq!(text(ep.register(&-1, EPOLLIN).unwrap_err()), want);
        assert_eq!(text(ep.modify(&-1, EPOLLIN).unwrap_err()), want);
        assert_eq!(text(ep.unregister(&-1).unwrap_err()), want);
    }

    #[test]
    fn register_itself_or_a_regular_file() {
        let ep = Epoll::new().unwrap();
        assert_eq!(ep.register(&ep, EPOLLIN), Err(Error::Os(EINVAL)));
        let f = std::fs::File::open("/proc/self/exe").unwrap();
        let e = ep.register(&f, EPOLLIN).unwrap_err();
        assert_eq!(
            (e, text(e)),
            (Error::Os(EPERM), format!("[Errno {EPERM}] Operation not permitted"))
        );
    }

    #[test]
    fn maxevents_zero_or_negative() {
        let (a, _b) = pair();
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLOUT).unwrap();
        for m in [0, -2, i32::MIN] {
            let e = ep.poll(Some(0.0), m).unwrap_err();
            assert_eq!(e, Error::ValueNum("maxevents must be greater than 0, got ", m as i64, ""));
            assert_eq!(text(e), format!("maxevents must be greater than 0, got {m}"));
            assert_eq!(e.class(), PyClass::ValueError);
        }
        let e = ep.poll_into(Some(0.0), &mut []).unwrap_err();
        assert_eq!(text(e), "maxevents must be greater than 0, got 0");
        // -1 is Python's default (FD_SETSIZE - 1); 1 is the smallest.
        assert_eq!(ep.poll(Some(0.0), -1).unwrap(), [(a.fileno(), EPOLLOUT)]);
        assert_eq!(ep.poll(Some(0.0), 1).unwrap(), [(a.fileno(), EPOLLOUT)]);
    }

    #[test]
    fn timeout_errors() {
        let ep = Epoll::new().unwrap();
        let mut ev = [EpollEvent::default(); 4];
        let cases: [(f64, &str); 6] = [
            (f64::NAN, NAN),
            (f64::INFINITY, TIME_T),
            (f64::NEG_INFINITY, TIME_T),
            (1e10, TIME_T),
            (2147483.648, TOO_LARGE),
            (-2147483.649, TOO_LARGE),
        ];
        for (t, want) in cases {
            assert_eq!(text(ep.poll_into(Some(t), &mut ev).unwrap_err()), want, "{t}");
            assert_eq!(text(ep.poll(Some(t), -1).unwrap_err()), want, "{t}");
        }
    }

    #[test]
    fn negative_timeout_waits_for_ever() {
        let (a, b) = pair();
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLIN).unwrap();
        let fd = a.fileno();
        let waiter = thread::spawn(move || (ep.poll(Some(-5.0), -1), a));
        thread::sleep(Duration::from_millis(100));
        b.sendall(b"x").unwrap();
        let (r, _a) = bounded("epoll.poll(-5)", move || waiter.join().unwrap());
        assert_eq!(r.unwrap(), [(fd, EPOLLIN)]);
    }

    #[test]
    fn constructor_arguments() {
        assert!(select::epoll(-1, 0).is_ok());
        assert!(select::epoll(1, EPOLL_CLOEXEC).is_ok());
        for hint in [0, -2] {
            let e = select::epoll(hint, 0).unwrap_err();
            assert_eq!(
                (e, text(e).as_str()),
                (Error::Value("negative sizehint"), "negative sizehint")
            );
        }
        let e = select::epoll(-1, 5).unwrap_err();
        assert_eq!(
            (e, text(e).as_str(), e.class()),
            (Error::Socket("invalid flags"), "invalid flags", PyClass::Error)
        );
    }

    #[test]
    fn fromfd_of_a_socket_is_einval() {
        let (a, _b) = pair();
        let fd = bsdsock::Fd::from(std::os::fd::OwnedFd::from(a));
        let ep = Epoll::fromfd(fd);
        let e = ep.poll(Some(0.0), -1).unwrap_err();
        assert_eq!((e, text(e)), (Error::Os(EINVAL), format!("[Errno {EINVAL}] Invalid argument")));
    }

    /// Using an epoll object after `close` is Python's `ValueError: I/O operation on closed
    /// epoll object`; here `close` consumes the object, so that use does not compile (the
    /// compile_fail doctest on `Epoll::close` checks it). Dropping closes too.
    #[test]
    fn close_consumes() {
        let ep = Epoll::new().unwrap();
        assert!(ep.fileno() >= 0);
        assert_eq!(ep.close(), Ok(()));
        drop(Epoll::new().unwrap());
    }
}

// ---------------------------------------------------------------------------------------
// Readiness: select

#[test]
fn select_readable_after_send_socketpair_and_tcp() {
    for (a, b) in [pair(), tcp_pair()] {
        let (r, w, x) = select::select([&a], EMPTY, EMPTY, Some(0.0)).unwrap();
        assert!(r.is_empty() && w.is_empty() && x.is_empty());
        b.sendall(b"ping").unwrap();
        let fd = a.fileno();
        let r = bounded("select readable", move || select::select([fd], EMPTY, EMPTY, Some(10.0)));
        assert_eq!(r.unwrap().0, [fd]);
        let (r, _, _) = select::select([&a, &b], [&a], EMPTY, Some(0.0)).unwrap();
        // The items themselves come back.
        assert_eq!(r.len(), 1);
        assert!(std::ptr::eq(r[0], &a));
        assert_eq!(a.recv(4).unwrap(), b"ping");
    }
}

#[test]
fn select_writable_and_mixed_item_types() {
    let (a, b) = tcp_pair();
    let (c, _d) = pair();
    let raw = c.fileno();
    let items: [&dyn AsFileno; 3] = [&a, &raw, &b];
    let (_, w, _) = select::select(EMPTY, items, EMPTY, Some(0.0)).unwrap();
    assert_eq!(w.iter().map(|f| f.fileno()).collect::<Vec<_>>(), [a.fileno(), raw, b.fileno()]);
    let (_, w, _) = select::select(EMPTY, &items[..2], EMPTY, Some(0.0)).unwrap();
    assert_eq!(w.len(), 2);
    let (_, w, _) = select::select(EMPTY, [a.fileno(), b.fileno()], EMPTY, None).unwrap();
    assert_eq!(w, [a.fileno(), b.fileno()]);
    // A collection's iterator: the ready sockets, borrowed from it, in its order.
    let socks = [a, b];
    let (_, w, _) = select::select(EMPTY, socks.iter(), EMPTY, None).unwrap();
    assert!(std::ptr::eq(w[0], &socks[0]) && std::ptr::eq(w[1], &socks[1]));
}

#[test]
fn select_fds_without_allocation() {
    let (a, b) = pair();
    let (mut r, mut w, mut x) = (FdSet::new(), FdSet::new(), FdSet::new());
    r.insert(&a).unwrap();
    w.insert(&b).unwrap();
    x.insert(&a).unwrap();
    assert_eq!(select_fds(&mut r, &mut w, &mut x, Some(0.0)).unwrap(), 1);
    assert!(r.is_empty() && x.is_empty());
    assert!(w.contains(b.fileno()));
    // Timed out: the sets come back empty.
    let (mut r, mut w, mut x) = (FdSet::new(), FdSet::new(), FdSet::new());
    r.insert(&a).unwrap();
    assert_eq!(select_fds(&mut r, &mut w, &mut x, Some(0.001)).unwrap(), 0);
    assert!(r.is_empty());
}

#[test]
fn select_listener_readable_and_nonblocking_connect_writable() {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(4).unwrap();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.setblocking(false).unwrap();
    let _ = c.connect_ex(l.getsockname().unwrap()).unwrap();
    // The connect completes: c becomes writable, the listener readable.
    let (r, w, _) = select::select([&l], [&c], EMPTY, Some(10.0)).unwrap();
    assert!(!w.is_empty() || !r.is_empty());
    let (_, w, _) = select::select(EMPTY, [&c], EMPTY, Some(10.0)).unwrap();
    assert_eq!(w.len(), 1);
    assert_eq!(c.getsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_ERROR).unwrap(), 0);
    let (r, _, _) = select::select([&l], EMPTY, EMPTY, Some(10.0)).unwrap();
    assert_eq!(r.len(), 1);
    l.accept().unwrap();
}

// ---------------------------------------------------------------------------------------
// Readiness: poll

#[test]
fn poll_readable_writable_hangup() {
    for (a, b) in [pair(), tcp_pair()] {
        let mut p = select::poll();
        p.register(&a, POLLIN | POLLOUT).unwrap();
        assert_eq!(p.poll(Some(0.0)).unwrap(), [(a.fileno(), POLLOUT)]);
        b.sendall(b"x").unwrap();
        let got = p.poll(Some(10_000.0)).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1 & (POLLIN | POLLOUT), POLLIN | POLLOUT);
        drop(b);
        p.modify(&a, POLLIN).unwrap();
        // Peer closed: POLLIN (EOF to read), and POLLHUP once both directions are down.
        let got = p.poll(Some(10_000.0)).unwrap();
        assert!(got[0].1 & POLLIN != 0, "{got:?}");
        a.shutdown(bsdsock::SHUT_WR).unwrap();
        let got = p.poll(Some(10_000.0)).unwrap();
        assert!(got[0].1 & POLLHUP != 0, "{got:?}");
        assert_eq!(got[0].1 & POLLERR, 0);
    }
}

#[test]
fn poll_hangup_socketpair() {
    let (a, b) = pair();
    drop(b);
    let mut fds = [PollFd::of(&a, POLLIN)];
    assert_eq!(poll_fds(&mut fds, Some(10_000.0)).unwrap(), 1);
    assert!(fds[0].revents() & POLLHUP != 0, "{:?}", fds[0]);
}

#[test]
fn poll_fds_skips_negative_entries() {
    let (a, _b) = pair();
    let mut fds = [PollFd::new(-1, POLLIN | POLLOUT), PollFd::of(&a, POLLOUT), PollFd::default()];
    assert_eq!(poll_fds(&mut fds, Some(0.0)).unwrap(), 1);
    assert_eq!([fds[0].revents(), fds[1].revents(), fds[2].revents()], [0, POLLOUT, 0]);
}

#[test]
fn poll_object_zero_copy_iteration() {
    let (a, b) = pair();
    let mut p = select::poll();
    p.register(&a, POLLIN).unwrap();
    p.register(&b, POLLOUT).unwrap();
    let got: Vec<_> = p.poll_ready(Some(0.0)).unwrap().collect();
    assert_eq!(got, [(b.fileno(), POLLOUT)]);
    assert_eq!(p.entries().len(), 2);
}

// ---------------------------------------------------------------------------------------
// Readiness: epoll

#[cfg(target_os = "linux")]
mod epoll_readiness {
    use super::*;
    use bsdsock::select::{
        EPOLLERR, EPOLLET, EPOLLHUP, EPOLLIN, EPOLLONESHOT, EPOLLOUT, EPOLLRDHUP, Epoll, EpollEvent,
    };

    fn events(ep: &Epoll, timeout: f64) -> Vec<(i32, u32)> {
        ep.poll(Some(timeout), -1).unwrap()
    }

    #[test]
    fn level_triggered_readable_writable_hangup() {
        for (a, b) in [pair(), tcp_pair()] {
            let ep = Epoll::new().unwrap();
            ep.register(&a, EPOLLIN | EPOLLOUT | EPOLLRDHUP).unwrap();
            assert_eq!(events(&ep, 0.0), [(a.fileno(), EPOLLOUT)]);
            b.sendall(b"abc").unwrap();
            assert_eq!(events(&ep, 10.0), [(a.fileno(), EPOLLIN | EPOLLOUT)]);
            // Level-triggered: reported again while the data is unread.
            assert_eq!(events(&ep, 0.0), [(a.fileno(), EPOLLIN | EPOLLOUT)]);
            assert_eq!(a.recv(3).unwrap(), b"abc");
            drop(b);
            let got = events(&ep, 10.0);
            assert_eq!(got.len(), 1);
            assert!(got[0].1 & EPOLLRDHUP != 0 && got[0].1 & EPOLLIN != 0, "{got:?}");
            a.shutdown(bsdsock::SHUT_WR).unwrap();
            let got = events(&ep, 10.0);
            assert!(got[0].1 & EPOLLHUP != 0, "{got:?}");
            assert_eq!(got[0].1 & EPOLLERR, 0);
        }
    }

    #[test]
    fn edge_triggered() {
        let (a, b) = pair();
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLIN | EPOLLET).unwrap();
        let mut ev = [EpollEvent::default(); 4];
        assert_eq!(ep.poll_into(Some(0.0), &mut ev).unwrap(), 0);
        b.sendall(b"1").unwrap();
        assert_eq!(ep.poll_into(Some(10.0), &mut ev).unwrap(), 1);
        assert_eq!((ev[0].fd(), ev[0].events()), (a.fileno(), EPOLLIN));
        // Still unread, but no new edge.
        assert_eq!(ep.poll_into(Some(0.0), &mut ev).unwrap(), 0);
        b.sendall(b"2").unwrap();
        assert_eq!(ep.poll_into(Some(10.0), &mut ev).unwrap(), 1);
        assert_eq!(a.recv(16).unwrap(), b"12");
    }

    #[test]
    fn oneshot() {
        let (a, b) = pair();
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLIN | EPOLLONESHOT).unwrap();
        b.sendall(b"1").unwrap();
        assert_eq!(events(&ep, 10.0), [(a.fileno(), EPOLLIN)]);
        // Disarmed: level-triggered data still there, but nothing is reported.
        assert_eq!(events(&ep, 0.0), []);
        ep.modify(&a, EPOLLIN | EPOLLONESHOT).unwrap();
        assert_eq!(events(&ep, 0.0), [(a.fileno(), EPOLLIN)]);
        assert_eq!(events(&ep, 0.0), []);
    }

    #[test]
    fn many_descriptors_and_maxevents() {
        let pairs: Vec<_> = (0..20).map(|_| pair()).collect();
        let ep = Epoll::new().unwrap();
        for (a, _) in &pairs {
            ep.register(a, EPOLLOUT).unwrap();
        }
        let mut ev = [EpollEvent::default(); 7];
        assert_eq!(ep.poll_into(Some(0.0), &mut ev).unwrap(), 7);
        assert_eq!(ep.poll(Some(0.0), 5).unwrap().len(), 5);
        let mut all: Vec<i32> = ep.poll(Some(0.0), -1).unwrap().iter().map(|e| e.0).collect();
        all.sort();
        let mut want: Vec<i32> = pairs.iter().map(|(a, _)| a.fileno()).collect();
        want.sort();
        assert_eq!(all, want);
    }

    #[test]
    fn listener_and_nonblocking_connect() {
        let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        l.bind(("127.0.0.1", 0)).unwrap();
        l.listen(4).unwrap();
        let ep = Epoll::new().unwrap();
        ep.register(&l, EPOLLIN).unwrap();
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.setblocking(false).unwrap();
        let _ = c.connect_ex(l.getsockname().unwrap()).unwrap();
        ep.register(&c, EPOLLOUT).unwrap();
        let mut seen = (false, false);
        for _ in 0..10 {
            for (fd, e) in events(&ep, 10.0) {
                if fd == l.fileno() && e & EPOLLIN != 0 {
                    seen.0 = true;
                }
                if fd == c.fileno() && e & EPOLLOUT != 0 {
                    seen.1 = true;
                }
            }
            if seen == (true, true) {
                break;
            }
        }
        assert_eq!(seen, (true, true));
        assert_eq!(c.getsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_ERROR).unwrap(), 0);
    }

    #[test]
    fn closing_a_registered_descriptor_removes_it() {
        let (a, b) = pair();
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLOUT).unwrap();
        assert_eq!(events(&ep, 0.0).len(), 1);
        drop(a);
        assert_eq!(events(&ep, 0.0), []);
        drop(b);
    }

    #[test]
    fn shared_between_threads() {
        let (a, b) = pair();
        let ep = std::sync::Arc::new(Epoll::new().unwrap());
        ep.register(&a, EPOLLIN).unwrap();
        let ep2 = ep.clone();
        let waiter = thread::spawn(move || ep2.poll(None, -1));
        thread::sleep(Duration::from_millis(50));
        b.sendall(b"x").unwrap();
        let r = bounded("epoll wait in another thread", move || waiter.join().unwrap());
        assert_eq!(r.unwrap(), [(a.fileno(), EPOLLIN)]);
    }

    #[test]
    fn std_conversions() {
        use std::os::fd::{AsFd, AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
        let ep = Epoll::new().unwrap();
        let fd = ep.as_raw_fd();
        assert_eq!(ep.as_fd().as_raw_fd(), fd);
        let owned = OwnedFd::from(ep);
        let ep = Epoll::from(owned);
        assert_eq!(ep.fileno(), fd);
        let raw = ep.into_raw_fd();
        // SAFETY: `raw` came from into_raw_fd just above, so nothing else owns it.
        let ep = unsafe { Epoll::from_raw_fd(raw) };
        let (a, _b) = pair();
        ep.register(&a, EPOLLOUT).unwrap();
        assert_eq!(events(&ep, 0.0), [(a.fileno(), EPOLLOUT)]);
    }
}

// ---------------------------------------------------------------------------------------
// kqueue (FreeBSD, NetBSD, OpenBSD, macOS: built and linked by .ci/bsd-build.sh, run there)

#[cfg(any(
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_vendor = "apple"
))]
mod kqueue {
    use super::*;
    use bsdsock::select::{
        KQ_EV_ADD, KQ_EV_DELETE, KQ_EV_EOF, KQ_FILTER_READ, KQ_FILTER_WRITE, Kevent, Kqueue,
    };

    #[test]
    fn readable_after_send_and_eof() {
        let (a, b) = pair();
        let kq = Kqueue::new().unwrap();
        let add = [Kevent::fd(&a, KQ_FILTER_READ, KQ_EV_ADD)];
        assert_eq!(kq.control(&add, 0, None).unwrap(), []);
        assert_eq!(kq.control(&[], 4, Some(0.0)).unwrap(), []);
        b.sendall(b"abc").unwrap();
        let got = kq.control(&[], 4, Some(10.0)).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].ident(), got[0].filter(), got[0].data()),
            (a.fileno() as usize, KQ_FILTER_READ, 3)
        );
        drop(b);
        let mut ev = [Kevent::default(); 4];
        assert_eq!(kq.control_into(&[], &mut ev, Some(10.0)).unwrap(), 1);
        assert!(ev[0].flags() & KQ_EV_EOF != 0);
    }

    #[test]
    fn writable_and_delete() {
        let (a, _b) = pair();
        let kq = bsdsock::select::kqueue().unwrap();
        let mut ev = [Kevent::default(); 2];
        let add = [Kevent::new(a.fileno() as usize, KQ_FILTER_WRITE, KQ_EV_ADD, 0, 0, 7)];
        assert_eq!(kq.control_into(&add, &mut ev, Some(10.0)).unwrap(), 1);
        assert_eq!((ev[0].filter(), ev[0].udata()), (KQ_FILTER_WRITE, 7));
        let del = [Kevent::fd(&a, KQ_FILTER_WRITE, KQ_EV_DELETE)];
        kq.control(&del, 0, None).unwrap();
        assert_eq!(kq.control(&del, 0, None), Err(Error::Os(ENOENT)));
        assert_eq!(kq.control(&[], 2, Some(0.0)).unwrap(), []);
    }

    #[test]
    fn bad_inputs() {
        let kq = Kqueue::new().unwrap();
        let e = kq.control(&[], -1, None).unwrap_err();
        assert_eq!(text(e), "Length of eventlist must be 0 or positive, got -1");
        let e = kq.control(&[], 1, Some(-1.0)).unwrap_err();
        assert_eq!(text(e), "timeout must be positive or None");
        assert_eq!(text(kq.control(&[], 1, Some(f64::NAN)).unwrap_err()), NAN);
        assert_eq!(text(kq.control(&[], 1, Some(f64::INFINITY)).unwrap_err()), TIME_T);
        let fd = kq.fileno();
        let kq = Kqueue::from(std::os::fd::OwnedFd::from(kq));
        assert_eq!(kq.fileno(), fd);
        kq.close().unwrap();
    }

    #[test]
    fn timeout_does_not_fire_early() {
        let (a, _b) = pair();
        let kq = Kqueue::new().unwrap();
        kq.control(&[Kevent::fd(&a, KQ_FILTER_READ, KQ_EV_ADD)], 0, None).unwrap();
        let t = Instant::now();
        assert_eq!(kq.control(&[], 1, Some(0.15)).unwrap(), []);
        assert!(t.elapsed() >= Duration::from_millis(150));
    }
}

// ---------------------------------------------------------------------------------------
// Timeouts do not fire early

#[test]
fn timeouts_do_not_fire_early() {
    let (a, _b) = pair();
    let t = Instant::now();
    let (r, _, _) = select::select([&a], EMPTY, EMPTY, Some(0.15)).unwrap();
    assert!(r.is_empty());
    assert!(t.elapsed() >= Duration::from_millis(150), "select: {:?}", t.elapsed());

    let mut p = select::poll();
    p.register(&a, POLLIN).unwrap();
    let t = Instant::now();
    assert_eq!(p.poll(Some(150.0)).unwrap(), []);
    assert!(t.elapsed() >= Duration::from_millis(150), "poll: {:?}", t.elapsed());

    // A fraction of a millisecond rounds up, not down to a non-blocking poll.
    let t = Instant::now();
    assert_eq!(p.poll(Some(0.4)).unwrap(), []);
    assert!(t.elapsed() >= Duration::from_micros(400), "poll 0.4 ms: {:?}", t.elapsed());

    #[cfg(target_os = "linux")]
    {
        use bsdsock::select::{EPOLLIN, Epoll};
        let ep = Epoll::new().unwrap();
        ep.register(&a, EPOLLIN).unwrap();
        for secs in [0.15, 0.0015, 1e-6] {
            let t = Instant::now();
            assert_eq!(ep.poll(Some(secs), -1).unwrap(), []);
            assert!(
                t.elapsed() >= Duration::from_secs_f64(secs),
                "epoll {secs}: {:?}",
                t.elapsed()
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// EINTR: a signal during a wait

/// Test-side signal FFI (plain C calls, no struct layouts): signal(3), siginterrupt(3),
/// pthread_kill(3), pthread_self(3).
mod signals {
    use std::os::raw::c_int;
    use std::os::unix::thread::RawPthread;
    use std::sync::Once;
    use std::sync::atomic::{AtomicUsize, Ordering};

    unsafe extern "C" {
        fn signal(sig: c_int, handler: usize) -> usize;
        fn siginterrupt(sig: c_int, flag: c_int) -> c_int;
        fn pthread_kill(thread: RawPthread, sig: c_int) -> c_int;
        fn pthread_self() -> RawPthread;
    }

    /// Signals the counting handler has seen.
    pub static HANDLED: AtomicUsize = AtomicUsize::new(0);
    const SIG: c_int = bsdsock::consts::os::SIGALRM;

    extern "C" fn count(_sig: c_int) {
        HANDLED.fetch_add(1, Ordering::Relaxed);
    }

    /// Install the counting SIGALRM handler without SA_RESTART (once).
    pub fn install() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            // SAFETY: `count` is an extern "C" fn(c_int) that lives for the whole program and
            // only does an atomic add (async-signal-safe); SIGALRM is a valid signal number.
            unsafe {
                assert_ne!(signal(SIG, count as extern "C" fn(c_int) as usize), usize::MAX);
                assert_eq!(siginterrupt(SIG, 1), 0);
            }
        });
    }

    /// This thread, for [`kill`].
    pub fn me() -> RawPthread {
        // SAFETY: pthread_self has no preconditions.
        unsafe { pthread_self() }
    }

    /// Send SIGALRM to thread `t`, which the caller keeps alive (it joins it afterwards).
    pub fn kill(t: RawPthread) {
        // SAFETY: the caller guarantees `t` is a thread of this process not yet joined.
        let rc = unsafe { pthread_kill(t, SIG) };
        assert!(rc == 0 || rc == 3, "pthread_kill: {rc}"); // 3: ESRCH, the thread has ended
    }
}

/// Run `wait` on a thread and send it SIGALRM every 50 ms until it returns; the result, how
/// long it took, and how many signals its handler saw.
fn interrupted<T: Send + 'static>(
    wait: impl FnOnce() -> T + Send + 'static,
    also: impl FnOnce(),
) -> (T, Duration, usize) {
    use std::sync::atomic::Ordering;
    signals::install();
    let (tx, rx) = channel();
    let before = signals::HANDLED.load(Ordering::Relaxed);
    let t = thread::spawn(move || {
        tx.send(signals::me()).unwrap();
        let start = Instant::now();
        let r = wait();
        (r, start.elapsed())
    });
    let tid = rx.recv().unwrap();
    let mut also = Some(also);
    let start = Instant::now();
    while !t.is_finished() {
        thread::sleep(Duration::from_millis(50));
        signals::kill(tid);
        if start.elapsed() > Duration::from_millis(400) {
            if let Some(f) = also.take() {
                f();
            }
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the wait never ended");
    }
    let (r, took) = t.join().unwrap();
    (r, took, signals::HANDLED.load(Ordering::Relaxed) - before)
}

#[test]
fn eintr_retried_with_the_time_left() {
    // Timed waits: signals every 50 ms do not end them early, and they do end.
    let (a, _b) = pair();
    let fd = a.fileno();
    let (r, took, n) = interrupted(move || select::select([fd], EMPTY, EMPTY, Some(0.5)), || {});
    assert_eq!(r.unwrap(), (vec![], vec![], vec![]));
    assert!(took >= Duration::from_millis(500), "select: {took:?}");
    assert!(n >= 2, "signals delivered: {n}");

    let (r, took, n) = interrupted(
        move || {
            let mut p = select::poll();
            p.register(&fd, POLLIN).unwrap();
            p.poll(Some(500.0))
        },
        || {},
    );
    assert_eq!(r.unwrap(), []);
    assert!(took >= Duration::from_millis(500), "poll: {took:?}");
    assert!(n >= 2, "signals delivered: {n}");

    #[cfg(target_os = "linux")]
    {
        use bsdsock::select::{EPOLLIN, Epoll};
        let ep = Epoll::new().unwrap();
        ep.register(&fd, EPOLLIN).unwrap();
        let (r, took, n) = interrupted(move || ep.poll(Some(0.5), -1), || {});
        assert_eq!(r.unwrap(), []);
        assert!(took >= Duration::from_millis(500), "epoll: {took:?}");
        assert!(n >= 2, "signals delivered: {n}");
    }
    drop(a);
}

#[test]
fn eintr_retried_without_timeout() {
    // Waits for ever: signals do not end them, data does.
    for which in 0..3 {
        if which == 2 && !cfg!(target_os = "linux") {
            continue;
        }
        let (a, b) = pair();
        let fd = a.fileno();
        let (r, _, n) = interrupted(
            move || match which {
                0 => select::select([fd], EMPTY, EMPTY, None).map(|(r, _, _)| r.len()),
                1 => {
                    let mut p = select::poll();
                    p.register(&fd, POLLIN).unwrap();
                    p.poll(None).map(|v| v.len())
                }
                _ => {
                    #[cfg(target_os = "linux")]
                    {
                        let ep = bsdsock::select::Epoll::new().unwrap();
                        ep.register(&fd, bsdsock::select::EPOLLIN).unwrap();
                        ep.poll(None, -1).map(|v| v.len())
                    }
                    #[cfg(not(target_os = "linux"))]
                    unreachable!()
                }
            },
            move || b.sendall(b"x").unwrap(),
        );
        assert_eq!(r, Ok(1), "wait {which}");
        assert!(n >= 2, "wait {which}: signals delivered: {n}");
        drop(a);
    }
}

// ---------------------------------------------------------------------------------------
// RLIMIT_NOFILE

#[test]
fn rlimit_nofile() {
    use bsdsock::resource::{RLIM_INFINITY, getrlimit_nofile, setrlimit_nofile};
    let (soft, hard) = getrlimit_nofile().unwrap();
    assert!(soft <= hard);
    if hard != RLIM_INFINITY {
        // Without privilege EPERM; with it (root with CAP_SYS_RESOURCE) the raise may work,
        // and a raise past fs.nr_open is EINVAL.
        match setrlimit_nofile(hard, hard + 1) {
            Ok(()) => setrlimit_nofile(soft, hard).unwrap(),
            Err(e) => assert!(
                e == Error::Value("not allowed to raise maximum limit")
                    || e == Error::Value("current limit exceeds maximum limit"),
                "{e}"
            ),
        }
    }
    let e = setrlimit_nofile(soft.saturating_add(1).max(2), 1).unwrap_err();
    assert_eq!(text(e), "current limit exceeds maximum limit");
    setrlimit_nofile(soft, hard).unwrap();
    assert_eq!(getrlimit_nofile().unwrap(), (soft, hard));
}
