//! Signal storm: while SIGALRM fires every millisecond (setitimer, handler installed without
//! SA_RESTART, so every blocking call of every thread can fail with EINTR), blocking and
//! timeout-mode accept, connect, recv, recv_into, send, sendall and makefile reads complete
//! correctly: no EINTR leaks out, no byte is lost or duplicated, and timeouts still fire.
//!
//! One #[test] runs the cases in sequence: the storm is process-wide and there is one.
//! A watchdog ends the process if the whole run takes more than 10 minutes, so the test
//! fails rather than hangs.
#![cfg(target_os = "linux")]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use bsdsock::sys::signal::start_alarm_storm;
use bsdsock::{AF_INET, AF_UNIX, Error, SOCK_STREAM, Socket};

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
fn stream(tx: Socket, rx: &Socket, total: u64, chunk: usize) -> u64 {
    let sender = thread::spawn(move || {
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
        let t = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
            c.settimeout(timeout).unwrap();
            c.connect(addr).expect("connect under the storm");
            c.sendall(b"hello").unwrap();
        });
        let (a, _) = l.accept().expect("accept under the storm");
        let mut b = [0u8; 5];
        let mut got = 0;
        while got < 5 {
            let n = a.recv_into(&mut b[got..], 0).unwrap();
            assert!(n > 0);
            got += n;
        }
        assert_eq!(&b, b"hello");
        t.join().unwrap();
    }
    // Timeout mode with nobody connecting: the timeout fires despite the signals.
    let l = tcp_listener();
    l.settimeout(Some(0.2)).unwrap();
    assert_eq!(l.accept().err(), Some(Error::Timeout));
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
        let t = thread::spawn(move || {
            thread::sleep(Duration::from_millis(30));
            let n = b2.send(b"0123456789").expect("send under the storm");
            b2.sendall(&b"0123456789"[n..]).unwrap();
            thread::sleep(Duration::from_millis(30));
            b2.sendall(b"abc").unwrap();
        });
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
        t.join().unwrap();
        // Timeouts still fire: nothing more is coming.
        a.settimeout(Some(0.1)).unwrap();
        assert_eq!(a.recv(1).err(), Some(Error::Timeout));
        assert_eq!(a.recv_into(&mut buf, 0).err(), Some(Error::Timeout));
        // sendall with nobody reading fills the buffers and times out.
        b.settimeout(Some(0.1)).unwrap();
        let big = vec![7u8; 16 << 20];
        assert_eq!(b.sendall(&big).err(), Some(Error::Timeout));
    }
}

/// connect in timeout mode and blocking mode, many times, while signals arrive.
fn connect_cases() {
    let l = tcp_listener();
    let addr = l.getsockname().unwrap();
    for i in 0..200 {
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        if i % 2 == 1 {
            c.settimeout(Some(30.0)).unwrap();
        }
        c.connect(addr).expect("connect under the storm");
        let (_a, peer) = l.accept().expect("accept under the storm");
        assert_eq!(peer, c.getsockname().unwrap());
    }
}

/// makefile reads: read(n), readline and read-to-EOF while the writer dribbles.
fn makefile_cases() {
    for timeout in [None, Some(30.0)] {
        let (a, b) = tcp_pair();
        a.settimeout(timeout).unwrap();
        let t = thread::spawn(move || {
            for i in 0..20u8 {
                thread::sleep(Duration::from_millis(5));
                b.sendall(&[b'a' + i, b'\n']).unwrap();
            }
            b.sendall(b"tail").unwrap();
        });
        let mut f = a.makefile("rb", -1).unwrap();
        assert_eq!(f.read(Some(4)).expect("makefile read under the storm"), b"a\nb\n");
        for i in 2..20u8 {
            assert_eq!(f.readline(None).expect("readline under the storm"), [b'a' + i, b'\n']);
        }
        assert_eq!(f.read(None).expect("read to EOF under the storm"), b"tail");
        t.join().unwrap();
        // In timeout mode an empty wait still times out through the file.
        if timeout.is_some() {
            let (c, _d) = tcp_pair();
            c.settimeout(Some(0.1)).unwrap();
            let mut f = c.makefile("rb", -1).unwrap();
            assert_eq!(f.read(Some(1)).err(), Some(Error::Timeout));
        }
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

    let storm = start_alarm_storm(1000).expect("setitimer/sigaction");
    // A second storm is refused while one runs.
    assert_eq!(start_alarm_storm(1000).err(), Some(bsdsock::sys::errno::Errno(libc_ebusy())));
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
        verified += stream(b, &a, volume(), 1 << 20);
    }
    let signals = storm.stop();
    done.store(true, Ordering::Relaxed);
    println!(
        "signal storm: {signals} SIGALRM delivered; {verified} bytes verified through \
         sendall/recv_into ({} MiB per mode)",
        volume() >> 20
    );
    assert!(signals > 0, "no signal was delivered: the storm did not run");
}

fn libc_ebusy() -> i32 {
    bsdsock::consts::errno::EBUSY
}
