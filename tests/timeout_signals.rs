//! Signals aimed at the threads making socket calls (pthread_kill): an AF_UNIX connect
//! interrupted while it waits for a full backlog must not report success; SIGALRM at 90 % of
//! a deadline, with and without SA_RESTART, ends the call at its deadline (not earlier, and
//! without starting the wait over). The tests share the process-wide SIGALRM disposition, so
//! they take turns.
#![cfg(target_os = "linux")]

mod socket_common;
use socket_common::signals::{self, install, kill, me};
use socket_common::*;

use std::sync::mpsc::channel;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use bsdsock::consts::errno::EAGAIN;
use bsdsock::timeout::interrupted_calls;
use bsdsock::{AF_INET, AF_UNIX, Error, SOCK_STREAM, Socket};

static TURN: Mutex<()> = Mutex::new(());

#[test]
#[cfg_attr(miri, ignore)]
fn unix_connect_interrupted_by_a_signal_is_not_success() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    install(false); // no SA_RESTART: the blocked connect fails with EINTR inside
    let path = temp_path("sigconn").to_str().unwrap().to_string();
    let l = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    l.bind(path.as_str()).unwrap();
    l.listen(0).unwrap();
    let mut queued = Vec::new();
    loop {
        let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
        c.setblocking(false).unwrap();
        match c.connect(path.as_str()) {
            Ok(()) => queued.push(c),
            Err(Error::Os(e)) if e == EAGAIN => break,
            Err(e) => panic!("{e}"),
        }
        assert!(queued.len() < 64, "the backlog never filled");
    }
    let before = interrupted_calls();
    let handled = signals::HANDLED.load(std::sync::atomic::Ordering::Relaxed);
    let (tx, rx) = channel();
    let p = path.clone();
    let t = thread::spawn(move || {
        tx.send(me()).unwrap();
        let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
        let r = c.connect(p.as_str());
        (r, c.getpeername().is_ok())
    });
    let tid = rx.recv().unwrap();
    thread::sleep(Duration::from_millis(200));
    for _ in 0..5 {
        if t.is_finished() {
            break; // (the broken behaviour: it gave up after a signal)
        }
        kill(tid);
        thread::sleep(Duration::from_millis(50));
    }
    thread::sleep(Duration::from_millis(100));
    // Make room: the connect can now complete.
    let (_conn, _) = l.accept().unwrap();
    let (r, connected) = within(bound(10), "interrupted unix connect", move || t.join().unwrap());
    assert!(signals::HANDLED.load(std::sync::atomic::Ordering::Relaxed) > handled, "no signal");
    assert_eq!(r, Ok(()));
    assert!(connected, "connect reported success on a socket that is not connected");
    assert!(interrupted_calls() > before, "the signals did not reach the connect");
    drop(queued);
    std::fs::remove_file(&path).unwrap();
}

/// What a call thread reports: its result and how long it took.
type Report = (Result<(), Error>, Duration);

/// Start `f` on a thread that announces itself (for pthread_kill) and times the call.
fn aimed(
    f: impl FnOnce() -> Result<(), Error> + Send + 'static,
) -> (std::os::unix::thread::RawPthread, thread::JoinHandle<Report>) {
    let (tx, rx) = channel();
    let t = thread::spawn(move || {
        tx.send(me()).unwrap();
        let start = Instant::now();
        let r = f();
        (r, start.elapsed())
    });
    (rx.recv().unwrap(), t)
}

#[test]
#[cfg_attr(miri, ignore)]
fn sigalrm_at_90_percent_of_the_deadline_ends_the_call_at_its_deadline() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    const T: f64 = 2.0;
    for restart in [false, true] {
        install(restart);
        let before = interrupted_calls();
        let mut keep: Vec<Socket> = Vec::new();
        let mut calls = Vec::new();
        // recv on TCP and AF_UNIX, accept, sendall with nobody reading: all in timeout mode.
        for kind in [Kind::Tcp4, Kind::UnixStream] {
            let (a, b) = pair(kind).unwrap();
            a.settimeout(Some(T)).unwrap();
            keep.push(b);
            calls.push((format!("{kind:?} recv"), aimed(move || a.recv(1).map(drop))));
        }
        let l = listener(AF_INET);
        l.settimeout(Some(T)).unwrap();
        calls.push(("accept".into(), aimed(move || l.accept().map(drop))));
        let (a, b) = bsdsock::socketpair_default().unwrap();
        a.settimeout(Some(T)).unwrap();
        keep.push(b);
        calls.push(("unix sendall".into(), aimed(move || a.sendall(&vec![0u8; 32 << 20]))));
        // A blocking recv, interrupted too, answered after the others' deadline.
        let (a, b) = bsdsock::socketpair_default().unwrap();
        let b = Arc::new(b);
        let blocking = aimed(move || {
            let v = a.recv(1)?;
            assert_eq!(v, b"B");
            Ok(())
        });

        thread::sleep(Duration::from_secs_f64(T * 0.9));
        for (_, (tid, t)) in &calls {
            assert!(!t.is_finished(), "a call ended before its deadline");
            kill(*tid);
        }
        kill(blocking.0);
        thread::sleep(Duration::from_secs_f64(T * 0.3));
        b.sendall(b"B").unwrap();
        for (what, (_, t)) in calls {
            let (r, took) = within(bound(20), &what, move || t.join().unwrap());
            assert_eq!(r, Err(Error::Timeout), "{what} (SA_RESTART {restart})");
            assert!(took >= Duration::from_secs_f64(T), "{what}: fired early ({took:?})");
            if qemu_user().is_none() {
                // A wait started over after the signal would end near 1.9 T.
                assert!(took < Duration::from_secs_f64(T * 1.6), "{what}: {took:?}");
            }
        }
        let (r, _) = within(bound(20), "blocking recv", move || blocking.1.join().unwrap());
        assert_eq!(r, Ok(()), "blocking recv under a signal (SA_RESTART {restart})");
        // Every timeout-mode wait was in poll, which a signal always interrupts.
        assert!(interrupted_calls() >= before + 4, "SA_RESTART {restart}: signals not seen");
        drop(keep);
    }
}
