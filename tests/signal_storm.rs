//! Signal storm: SIGALRM is sent with pthread_kill to every thread that is making socket
//! calls, about every 300 µs each, with a handler installed without SA_RESTART, so every
//! blocking system call and every wait can fail with EINTR. Blocking and timeout-mode
//! accept, connect, recv, recv_into, send, sendall and makefile reads must complete
//! correctly: no EINTR leaks out, no byte is lost or duplicated, timeouts still fire. The
//! test counts the signals delivered and the EINTRs bsdsock's calls saw and resumed
//! (`bsdsock::timeout::interrupted_calls`), and requires both to be non-zero, so the signals
//! demonstrably reached the calls instead of an idle thread.
//!
//! One #[test] runs the cases in sequence. A watchdog ends the process if the whole run
//! takes more than 10 minutes, so the test fails rather than hangs.
#![cfg(target_os = "linux")]

mod socket_common;
use socket_common::signals::{self, install, kill, me};

use std::os::unix::thread::RawPthread;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use bsdsock::timeout::interrupted_calls;
use bsdsock::{AF_INET, AF_UNIX, Error, SOCK_STREAM, Socket};

/// The threads the storm aims at. A thread is removed (under the lock) before it ends, so
/// the signaller never signals a thread that has gone.
static TARGETS: Mutex<Vec<RawPthread>> = Mutex::new(Vec::new());

/// Registers the current thread as a target until dropped.
struct Aim(RawPthread);

fn aim() -> Aim {
    let t = me();
    TARGETS.lock().unwrap().push(t);
    Aim(t)
}

impl Drop for Aim {
    fn drop(&mut self) {
        let mut v = TARGETS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = v.iter().position(|&t| t == self.0) {
            v.swap_remove(i);
        }
    }
}

/// A thread that makes socket calls: a target of the storm for its whole life.
fn spawn_aimed<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> thread::JoinHandle<T> {
    thread::spawn(move || {
        let _aim = aim();
        f()
    })
}

/// The byte at stream offset `i`: position-dependent, so a lost or duplicated chunk shows.
fn pattern(i: u64) -> u8 {
    let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    ((x >> 56) as u8) ^ ((i >> 16) as u8)
}

fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}
const FNV0: u64 = 0xcbf2_9ce4_8422_2325;

/// Bytes through sendall / recv_into: 64 MiB natively, less under qemu-user (emulated
/// pattern checks are ~20x slower).
fn volume() -> u64 {
    if cfg!(target_arch = "x86_64") { 64 << 20 } else { 8 << 20 }
}

fn tcp_listener() -> Socket {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(16).unwrap();
    l
}

fn tcp_pair() -> (Socket, Socket) {
    let l = tcp_listener();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    let (a, _) = l.accept().unwrap();
    (a, c)
}

/// Stream `total` bytes from `tx` (sendall in `chunk`-byte pieces) to `rx` (recv_into);
/// check every byte in place and the checksums on both sides. Returns the bytes verified.
fn stream(tx: Socket, rx: Socket, total: u64, chunk: usize) -> u64 {
    let sender = spawn_aimed(move || {
        let mut buf = vec![0u8; chunk];
        let mut off = 0u64;
        let mut h = FNV0;
        while off < total {
            let n = chunk.min((total - off) as usize);
            for (k, b) in buf[..n].iter_mut().enumerate() {
                *b = pattern(off + k as u64);
            }
            tx.sendall(&buf[..n]).expect("sendall under the storm");
            h = fnv(h, &buf[..n]);
            off += n as u64;
        }
        tx.shutdown(bsdsock::SHUT_WR).unwrap();
        h
    });
    let receiver = spawn_aimed(move || {
        let mut buf = vec![0u8; 65536];
        let mut off = 0u64;
        let mut h = FNV0;
        loop {
            let n = rx.recv_into(&mut buf, 0).expect("recv_into under the storm");
            if n == 0 {
                break;
            }
            for (k, &b) in buf[..n].iter().enumerate() {
                assert_eq!(b, pattern(off + k as u64), "byte {} wrong", off + k as u64);
            }
            h = fnv(h, &buf[..n]);
            off += n as u64;
            assert!(off <= total, "received more than was sent");
        }
        (off, h)
    });
    let (off, h) = receiver.join().unwrap();
    assert_eq!(off, total, "bytes lost");
    assert_eq!(sender.join().unwrap(), h, "checksums differ");
    off
}

/// Accept, blocking then timeout mode: the accept waits through many signals.
fn accept_cases() {
    for timeout in [None, Some(30.0)] {
        let l = tcp_listener();
        l.settimeout(timeout).unwrap();
        let addr = l.getsockname().unwrap();
        let t = spawn_aimed(move || {
            thread::sleep(Duration::from_millis(50));
            let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
            c.settimeout(timeout).unwrap();
            c.connect(addr).expect("connect under the storm");
            c.sendall(b"hello").unwrap();
        });
        spawn_aimed(move || {
            let (a, _) = l.accept().expect("accept under the storm");
            let mut b = [0u8; 5];
            let mut got = 0;
            while got < 5 {
                let n = a.recv_into(&mut b[got..], 0).unwrap();
                assert!(n > 0);
                got += n;
            }
            assert_eq!(&b, b"hello");
            // Timeout mode with nobody connecting: the timeout fires despite the signals.
            l.settimeout(Some(0.2)).unwrap();
            assert_eq!(l.accept().err(), Some(Error::Timeout));
        })
        .join()
        .unwrap();
        t.join().unwrap();
    }
}

/// recv / recv_into / send in both modes: the reader blocks through signals until the peer
/// writes; in timeout mode, with no writer, the timeout fires.
fn recv_send_cases() {
    for (family, timeout) in
        [(AF_INET, None), (AF_INET, Some(30.0)), (AF_UNIX, None), (AF_UNIX, Some(30.0))]
    {
        let (a, b) = if family == AF_INET {
            tcp_pair()
        } else {
            bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap()
        };
        a.settimeout(timeout).unwrap();
        b.settimeout(timeout).unwrap();
        let b = Arc::new(b);
        let b2 = Arc::clone(&b);
        let t = spawn_aimed(move || {
            thread::sleep(Duration::from_millis(30));
            let n = b2.send(b"0123456789").expect("send under the storm");
            b2.sendall(&b"0123456789"[n..]).unwrap();
            thread::sleep(Duration::from_millis(30));
            b2.sendall(b"abc").unwrap();
        });
        let a = spawn_aimed(move || {
            let mut got = Vec::new();
            while got.len() < 10 {
                let v = a.recv(10 - got.len()).expect("recv under the storm");
                assert!(!v.is_empty());
                got.extend_from_slice(&v);
            }
            assert_eq!(got, b"0123456789");
            let mut buf = [0u8; 3];
            let mut n = 0;
            while n < 3 {
                n += a.recv_into(&mut buf[n..], 0).expect("recv_into under the storm");
            }
            assert_eq!(&buf, b"abc");
            // Timeouts still fire: nothing more is coming.
            a.settimeout(Some(0.1)).unwrap();
            assert_eq!(a.recv(1).err(), Some(Error::Timeout));
            assert_eq!(a.recv_into(&mut buf, 0).err(), Some(Error::Timeout));
            a
        })
        .join()
        .unwrap();
        t.join().unwrap();
        // sendall with nobody reading fills the buffers and times out.
        spawn_aimed(move || {
            b.settimeout(Some(0.1)).unwrap();
            let big = vec![7u8; 16 << 20];
            assert_eq!(b.sendall(&big).err(), Some(Error::Timeout));
        })
        .join()
        .unwrap();
        drop(a);
    }
}

/// connect in timeout mode and blocking mode, many times, while signals arrive.
fn connect_cases() {
    let l = tcp_listener();
    let addr = l.getsockname().unwrap();
    spawn_aimed(move || {
        for i in 0..200 {
            let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
            if i % 2 == 1 {
                c.settimeout(Some(30.0)).unwrap();
            }
            c.connect(addr).expect("connect under the storm");
            let (_a, peer) = l.accept().expect("accept under the storm");
            assert_eq!(peer, c.getsockname().unwrap());
        }
    })
    .join()
    .unwrap();
}

/// makefile reads: read(n), readline and read-to-EOF while the writer dribbles.
fn makefile_cases() {
    for timeout in [None, Some(30.0)] {
        let (a, b) = tcp_pair();
        a.settimeout(timeout).unwrap();
        let t = spawn_aimed(move || {
            for i in 0..20u8 {
                thread::sleep(Duration::from_millis(5));
                b.sendall(&[b'a' + i, b'\n']).unwrap();
            }
            b.sendall(b"tail").unwrap();
        });
        spawn_aimed(move || {
            let mut f = a.makefile("rb", -1).unwrap();
            assert_eq!(f.read(Some(4)).expect("makefile read under the storm"), b"a\nb\n");
            for i in 2..20u8 {
                assert_eq!(f.readline(None).expect("readline under the storm"), [b'a' + i, b'\n']);
            }
            assert_eq!(f.read(None).expect("read to EOF under the storm"), b"tail");
            // In timeout mode an empty wait still times out through the file.
            if timeout.is_some() {
                let (c, _d) = tcp_pair();
                c.settimeout(Some(0.1)).unwrap();
                let mut f = c.makefile("rb", -1).unwrap();
                assert_eq!(f.read(Some(1)).err(), Some(Error::Timeout));
            }
        })
        .join()
        .unwrap();
        t.join().unwrap();
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn signal_storm() {
    let done = Arc::new(AtomicBool::new(false));
    let d = Arc::clone(&done);
    thread::spawn(move || {
        for _ in 0..600 {
            thread::sleep(Duration::from_secs(1));
            if d.load(Ordering::Relaxed) {
                return;
            }
        }
        eprintln!("signal_storm: watchdog: not done after 10 minutes");
        std::process::exit(1);
    });

    install(false); // no SA_RESTART
    let handled0 = signals::HANDLED.load(Ordering::Relaxed);
    let eintr0 = interrupted_calls();
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = Arc::clone(&stop);
    let signaller = thread::spawn(move || {
        let mut sent = 0u64;
        while !stop2.load(Ordering::Relaxed) {
            {
                let targets = TARGETS.lock().unwrap();
                for &t in targets.iter() {
                    kill(t);
                    sent += 1;
                }
            }
            thread::sleep(Duration::from_micros(300));
        }
        sent
    });

    accept_cases();
    connect_cases();
    recv_send_cases();
    makefile_cases();
    let mut verified = 0;
    for (family, timeout) in [(AF_INET, None), (AF_UNIX, Some(60.0))] {
        let (a, b) = if family == AF_INET {
            tcp_pair()
        } else {
            bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap()
        };
        a.settimeout(timeout).unwrap();
        b.settimeout(timeout).unwrap();
        verified += stream(b, a, volume(), 1 << 20);
    }
    stop.store(true, Ordering::Relaxed);
    let sent = signaller.join().unwrap();
    done.store(true, Ordering::Relaxed);
    let handled = signals::HANDLED.load(Ordering::Relaxed) - handled0;
    let eintr = interrupted_calls() - eintr0;
    println!(
        "signal storm: {sent} SIGALRM sent to socket threads, {handled} handled; {eintr} \
         system calls saw EINTR and were resumed; {verified} bytes verified through \
         sendall/recv_into ({} MiB per mode)",
        volume() >> 20
    );
    assert!(handled > 0, "no signal was delivered: the storm did not run");
    assert!(eintr > 0, "no socket call saw EINTR: the signals did not reach them");
}
