//! Deadlines: sendall capped as a whole on every family, MSG_WAITALL in timeout mode, a
//! timeout changed while a call blocks, extreme timeout values, connect in timeout mode.
//! Calls are bounded with `within`; the only time checks are "did not fire early" and, for
//! a signal near the deadline, "did not start over".

mod socket_common;
use socket_common::*;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use bsdsock::consts::errno::{EAGAIN, EINPROGRESS};
use bsdsock::{AF_INET, AF_UNIX, Error, MSG_WAITALL, SOCK_STREAM};

const KINDS2: [Kind; 2] = [Kind::UnixStream, Kind::Tcp4];

#[test]
#[cfg_attr(miri, ignore)]
fn sendall_to_a_peer_draining_one_byte_a_second_times_out_at_its_deadline() {
    // CPython raises `timed out` at 1.0 s; a per-buffer kernel timeout made this 12-17 s on
    // AF_UNIX. The call must return (bounded) with Error::Timeout.
    // Two slow readers: one byte a second, and 64 KiB every 300 ms (which frees buffer
    // space again and again, so a per-buffer timeout would never expire).
    for kind in KINDS2 {
        for (every_ms, take) in [(1000u64, 1usize), (300, 64 << 10)] {
            let (a, b) = pair(kind).unwrap();
            a.settimeout(Some(1.0)).unwrap();
            let stop = Arc::new(AtomicBool::new(false));
            let stop2 = Arc::clone(&stop);
            let reader = thread::spawn(move || {
                let mut got = 0;
                'outer: for _ in 0..200 {
                    for _ in 0..every_ms / 50 {
                        if stop2.load(Ordering::Relaxed) {
                            break 'outer;
                        }
                        thread::sleep(Duration::from_millis(50));
                    }
                    if let Ok(v) = b.recv(take) {
                        got += v.len();
                    }
                }
                got
            });
            let big = vec![5u8; 64 << 20];
            let start = Instant::now();
            let what = format!("{kind:?} sendall, reader taking {take} every {every_ms} ms");
            let r = within(bound(6), &what, move || a.sendall(&big));
            assert_eq!(r, Err(Error::Timeout), "{what}");
            assert!(start.elapsed() >= Duration::from_secs(1), "{what}: fired early");
            stop.store(true, Ordering::Relaxed);
            reader.join().unwrap();
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn waitall_in_timeout_mode_returns_what_has_arrived() {
    // recv(10, MSG_WAITALL) with 5 bytes waiting: CPython (O_NONBLOCK descriptor) returns
    // the 5 bytes at once; it must not wait out the 30 s timeout.
    for kind in KINDS2 {
        let (a, b) = pair(kind).unwrap();
        a.settimeout(Some(30.0)).unwrap();
        b.sendall(b"12345").unwrap();
        let a = Arc::new(a);
        let a2 = Arc::clone(&a);
        let r = within(bound(10), "recv MSG_WAITALL", move || a2.recv_flags(10, MSG_WAITALL));
        assert_eq!(r, Ok(b"12345".to_vec()), "{kind:?}");
        b.sendall(b"678").unwrap();
        let a2 = Arc::clone(&a);
        let r = within(bound(10), "recv_into MSG_WAITALL", move || {
            let mut buf = [0u8; 10];
            a2.recv_into_flags(&mut buf, 0, MSG_WAITALL).map(|n| buf[..n].to_vec())
        });
        assert_eq!(r, Ok(b"678".to_vec()), "{kind:?}");
        // Blocking mode keeps MSG_WAITALL's meaning: all 4 bytes, sent in two parts.
        a.settimeout(None).unwrap();
        let t = thread::spawn(move || {
            b.sendall(b"ab").unwrap();
            thread::sleep(Duration::from_millis(100));
            b.sendall(b"cd").unwrap();
            b
        });
        let a2 = Arc::clone(&a);
        let r = within(bound(10), "blocking MSG_WAITALL", move || a2.recv_flags(4, MSG_WAITALL));
        assert_eq!(r, Ok(b"abcd".to_vec()), "{kind:?}");
        drop(t.join().unwrap());
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn timeouts_never_fire_early_and_do_fire() {
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    for t in [1e-9, 5e-324, 1e-6, 0.001, 0.0015, 0.003, 0.02] {
        a.settimeout(Some(t)).unwrap();
        for _ in 0..5 {
            let start = Instant::now();
            assert_eq!(a.recv(1), Err(Error::Timeout), "timeout {t}");
            assert!(start.elapsed() >= Duration::from_secs_f64(t), "timeout {t}: fired early");
        }
    }
    let l = listener(AF_INET);
    l.settimeout(Some(0.003)).unwrap();
    let start = Instant::now();
    assert_eq!(l.accept().err(), Some(Error::Timeout));
    assert!(start.elapsed() >= Duration::from_millis(3), "accept fired early");
}

#[test]
#[cfg_attr(miri, ignore)]
fn extreme_timeout_values() {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    // Every value reads back exactly as set, on every target (no f32 where 64-bit atomics
    // are missing).
    for t in [0.1, 1e-50, 0.3, 2.5, 1e-9, 5e-324, 1e9, 9e9, 0.0] {
        a.settimeout(Some(t)).unwrap();
        assert_eq!(a.gettimeout().map(f64::to_bits), Some(t.to_bits()), "{t}");
    }
    // Tiny: still timeout mode (not non-blocking, not "no timeout"); exact values kept.
    for t in [1e-9, 5e-324, 1e-50] {
        a.settimeout(Some(t)).unwrap();
        assert_eq!(a.gettimeout().map(f64::to_bits), Some(t.to_bits()));
        assert_eq!(a.recv(1), Err(Error::Timeout), "{t}");
        assert_eq!(a.send(b"x"), Ok(1), "{t}: room in the buffer, no wait");
        assert_eq!(b.recv(1).unwrap(), b"x");
        b.sendall(b"w").unwrap();
        assert_eq!(a.recv(1).unwrap(), b"w", "{t}: data waiting");
        assert!(a.fd_nonblocking().unwrap(), "{t}: timeout mode runs on O_NONBLOCK");
    }
    // Huge: waits, gets the data.
    a.settimeout(Some(1e9)).unwrap();
    assert_eq!(a.gettimeout(), Some(1e9));
    let t = thread::spawn(move || {
        thread::sleep(Duration::from_millis(200));
        b.sendall(b"late").unwrap();
        b
    });
    let r = within(bound(10), "recv with 1e9 s", move || {
        let mut got = Vec::new();
        while got.len() < 4 {
            got.extend(a.recv(4 - got.len()).unwrap());
        }
        got
    });
    assert_eq!(r, b"late");
    drop(t.join().unwrap());
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_timeout_changed_while_a_call_blocks_applies_from_the_next_call() {
    for kind in KINDS2 {
        for new in [Some(1e6), None, Some(0.0)] {
            let (a, b) = pair(kind).unwrap();
            let a = Arc::new(a);
            a.settimeout(Some(0.4)).unwrap();
            let a2 = Arc::clone(&a);
            let running = thread::spawn(move || a2.recv(1));
            thread::sleep(Duration::from_millis(100));
            a.settimeout(new).unwrap();
            // The running call keeps its deadline.
            let r = within(bound(10), "running recv", move || running.join().unwrap());
            assert_eq!(r, Err(Error::Timeout), "{kind:?} -> {new:?}");
            // The next call uses the new value.
            let t = thread::spawn(move || {
                thread::sleep(Duration::from_millis(600));
                b.sendall(b"z").unwrap();
                b
            });
            let a2 = Arc::clone(&a);
            let r = within(bound(10), "next recv", move || a2.recv(1));
            if new == Some(0.0) {
                assert_eq!(r, Err(Error::Os(EAGAIN)));
            } else {
                assert_eq!(r, Ok(b"z".to_vec()), "{kind:?} -> {new:?}");
            }
            drop(t.join().unwrap());
        }
        // And a blocking call keeps blocking when timeout mode is set meanwhile.
        let (a, b) = pair(kind).unwrap();
        let a = Arc::new(a);
        let a2 = Arc::clone(&a);
        let running = thread::spawn(move || a2.recv(1));
        thread::sleep(Duration::from_millis(100));
        a.settimeout(Some(0.05)).unwrap();
        thread::sleep(Duration::from_millis(300));
        b.sendall(b"q").unwrap();
        let r = within(bound(10), "running blocking recv", move || running.join().unwrap());
        assert_eq!(r, Ok(b"q".to_vec()), "{kind:?}");
    }
}

/// A unix listener at a fresh path whose backlog is full (bounded non-blocking connects
/// until EAGAIN). Returns the listener, its path and the queued clients.
fn full_unix_listener() -> (bsdsock::Socket, String, Vec<bsdsock::Socket>) {
    let path = temp_path("full").to_str().unwrap().to_string();
    let l = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    l.bind(path.as_str()).unwrap();
    l.listen(0).unwrap();
    let mut queued = Vec::new();
    for _ in 0..64 {
        let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
        c.setblocking(false).unwrap();
        match c.connect(path.as_str()) {
            Ok(()) => queued.push(c),
            Err(Error::Os(e)) if e == EAGAIN => return (l, path, queued),
            Err(e) => panic!("filling the backlog: {e}"),
        }
    }
    panic!("the backlog never filled");
}

#[test]
#[cfg_attr(miri, ignore)]
fn unix_connect_to_a_full_backlog_in_timeout_mode_is_eagain_at_once() {
    // CPython: `[Errno 11] Resource temporarily unavailable` at once, not after the timeout.
    let (l, path, queued) = full_unix_listener();
    let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    c.settimeout(Some(30.0)).unwrap();
    let p = path.clone();
    let r = within(bound(10), "unix connect", move || (c.connect(p.as_str()), c));
    assert_eq!(r.0, Err(Error::Os(EAGAIN)));
    let c = r.1;
    let p = path.clone();
    assert_eq!(within(bound(10), "unix connect_ex", move || c.connect_ex(p.as_str())), Ok(EAGAIN));
    // Blocking: waits until the listener takes one, then is connected.
    let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let p = path.clone();
    let t = thread::spawn(move || c.connect(p.as_str()).map(|()| c.getpeername().is_ok()));
    thread::sleep(Duration::from_millis(200));
    let (_conn, _) = l.accept().unwrap();
    let r = within(bound(10), "blocking unix connect", move || t.join().unwrap());
    assert_eq!(r, Ok(true));
    drop(queued);
    std::fs::remove_file(&path).unwrap();
}

#[test]
#[cfg_attr(miri, ignore)]
fn connect_in_timeout_mode_repairs_a_cleared_flag_and_confirms() {
    // Another holder cleared O_NONBLOCK on a socket in timeout mode: connect must still
    // answer within its deadline (the flag is set again first), and success means connected.
    let l = listener(AF_INET);
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.settimeout(Some(5.0)).unwrap();
    let d = c.dup().unwrap();
    d.settimeout(None).unwrap();
    assert!(!c.fd_nonblocking().unwrap());
    let addr = l.getsockname().unwrap();
    let r = within(bound(10), "connect", move || c.connect(addr).map(|()| c.getpeername().is_ok()));
    assert_eq!(r, Ok(true));
    // Non-blocking connect: EINPROGRESS or (loopback) at once; never a blocking wait.
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.setblocking(false).unwrap();
    c.dup().unwrap().settimeout(None).unwrap();
    let r = within(bound(10), "non-blocking connect", move || c.connect(addr));
    assert!(r.is_ok() || r == Err(Error::Os(EINPROGRESS)), "{r:?}");
}
