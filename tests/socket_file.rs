//! Section (e): makefile buffering, reading, writing, closing.

use bsdsock::{Error, Socket};

fn pair() -> (Socket, Socket) {
    bsdsock::socketpair_default().unwrap()
}

#[test]
#[cfg_attr(miri, ignore)]
fn read_readline_readlines_iteration() {
    let (a, b) = pair();
    let mut f = b.makefile("rb", -1).unwrap();
    assert_eq!(f.name(), "<socket>"); // E2
    assert_eq!(f.mode(), "rb");
    a.sendall(b"abc\ndef").unwrap();
    assert_eq!(f.readline(Some(2)).unwrap(), b"ab"); // E14
    assert_eq!(f.readline(None).unwrap(), b"c\n");
    a.shutdown(bsdsock::SHUT_WR).unwrap();
    assert_eq!(f.readline(None).unwrap(), b"def");
    assert_eq!(f.readline(None).unwrap(), b"");

    let (a, b) = pair();
    let mut f = b.makefile("r", 8192).unwrap();
    a.sendall(b"0123456789").unwrap();
    assert_eq!(f.read(Some(3)).unwrap(), b"012"); // E13
    assert_eq!(f.read(Some(2)).unwrap(), b"34");
    a.sendall(b"\nx\ny\n").unwrap();
    a.shutdown(bsdsock::SHUT_WR).unwrap();
    assert_eq!(f.readlines(Some(1)).unwrap(), vec![b"56789\n".to_vec()]);
    let rest: Vec<_> = f.by_ref().map(Result::unwrap).collect(); // E15
    assert_eq!(rest, vec![b"x\n".to_vec(), b"y\n".to_vec()]);
    assert_eq!(f.read(None).unwrap(), b""); // E12 at EOF
    assert_eq!(f.read(Some(5)).unwrap(), b"");

    let (a, b) = pair();
    let mut f = b.makefile("r", -1).unwrap();
    a.sendall(b"all of it").unwrap();
    drop(a);
    assert_eq!(f.read(None).unwrap(), b"all of it");
}

#[test]
#[cfg_attr(miri, ignore)]
fn unbuffered_reads_leave_the_rest_on_the_socket() {
    // E4: bufsize 0 reads one byte per recv, so a second reader continues losslessly.
    let (a, b) = pair();
    let mut f = b.makefile("r", 0).unwrap();
    a.sendall(b"line1\nline2\n").unwrap();
    assert_eq!(f.readline(None).unwrap(), b"line1\n");
    let mut g = b.makefile("r", 0).unwrap();
    assert_eq!(g.readline(None).unwrap(), b"line2\n");
}

#[test]
#[cfg_attr(miri, ignore)]
fn write_buffering() {
    let (a, b) = pair();
    a.setblocking(false).unwrap();
    // bufsize 1: line-buffered; the whole buffer goes, text after the newline too (E9).
    let mut f = b.makefile("w", 1).unwrap();
    f.write(b"ab").unwrap();
    assert_eq!(a.recv(16), Err(Error::Os(bsdsock::EAGAIN)));
    f.write(b"c\nd").unwrap();
    assert_eq!(a.recv(16).unwrap(), b"abc\nd");
    // bufsize 0: unbuffered.
    let mut f = b.makefile("w", 0).unwrap();
    f.write(b"now").unwrap();
    assert_eq!(a.recv(16).unwrap(), b"now");
    f.write(b"").unwrap(); // E7: empty write does nothing
    // bufsize n: flush at the threshold; flush() and close() send the rest.
    let mut f = b.makefile("w", 4).unwrap();
    f.write(b"abc").unwrap();
    assert_eq!(a.recv(16), Err(Error::Os(bsdsock::EAGAIN)));
    f.write(b"d").unwrap();
    assert_eq!(a.recv(16).unwrap(), b"abcd");
    f.writelines([&b"x"[..], b"", b"y"]).unwrap(); // E10
    assert_eq!(a.recv(16), Err(Error::Os(bsdsock::EAGAIN)));
    f.flush().unwrap();
    assert_eq!(a.recv(16).unwrap(), b"xy");
    f.write(b"z").unwrap();
    f.close().unwrap(); // E17: flushes
    assert_eq!(a.recv(16).unwrap(), b"z");
    // default: 8192 threshold; writelines with bufsize <= 1 flushes.
    let mut f = b.makefile("w", 1).unwrap();
    f.writelines(["p", "q"]).unwrap();
    assert_eq!(a.recv(16).unwrap(), b"pq");
}

#[test]
#[cfg_attr(miri, ignore)]
fn closing_one_leaves_the_other_open() {
    let (a, b) = pair();
    let f = b.makefile("rw", -1).unwrap();
    assert_ne!(f.fileno(), b.fileno());
    f.close().unwrap();
    a.sendall(b"still").unwrap();
    assert_eq!(b.recv(16).unwrap(), b"still"); // the socket is open
    let mut f = b.makefile("rw", -1).unwrap();
    b.close().unwrap();
    a.sendall(b"file").unwrap();
    assert_eq!(f.read(Some(4)).unwrap(), b"file"); // the file is open
    // E19: the peer sees EOF only once both are closed.
    drop(f);
    a.settimeout(Some(5.0)).unwrap();
    assert_eq!(a.recv(4).unwrap(), b"");
}

#[test]
#[cfg_attr(miri, ignore)]
fn timeout_passes_through() {
    // C28: the socket's timeout reaches the file's caller unchanged.
    let (_a, b) = pair();
    b.settimeout(Some(0.01)).unwrap();
    let mut f = b.makefile("r", -1).unwrap();
    assert_eq!(f.readline(None), Err(Error::Timeout));
    assert_eq!(f.read(Some(1)), Err(Error::Timeout));
}

#[test]
#[cfg_attr(miri, ignore)]
fn std_io_traits() {
    use std::io::{BufRead, Read, Write};
    let (a, b) = pair();
    let mut w = a.makefile("w", -1).unwrap();
    writeln!(w, "hello {}", 42).unwrap();
    Write::flush(&mut w).unwrap();
    let mut r = b.makefile("r", -1).unwrap();
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert_eq!(line, "hello 42\n");
    Write::write_all(&mut w, b"tail").unwrap();
    drop(w);
    drop(a);
    let mut rest = Vec::new();
    Read::read_to_end(&mut r, &mut rest).unwrap();
    assert_eq!(rest, b"tail");
}

mod socket_common;
use socket_common::{bound, within};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

#[test]
#[cfg_attr(miri, ignore)]
fn the_file_follows_the_sockets_current_mode() {
    // f = s.makefile(); s.settimeout(0.5); f.read(1) is `timed out` (not [Errno 11]); later
    // settimeout calls on the socket apply to the file too, also once the socket is gone.
    for kind in [socket_common::Kind::Tcp4, socket_common::Kind::UnixStream] {
        let (a, s) = socket_common::pair(kind).unwrap();
        let mut f = s.makefile("rwb", -1).unwrap();
        s.settimeout(Some(0.3)).unwrap();
        let (r, mut f) =
            within(bound(10), "file read in timeout mode", move || (f.read(Some(1)), f));
        assert_eq!(r, Err(Error::Timeout), "{kind:?}");
        {
            use std::io::Read;
            let e = Read::read(&mut f, &mut [0u8; 1]).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
            let e = Read::read(&mut f, &mut [0u8; 65536]).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
        }
        // Non-blocking through the socket: EAGAIN from the file.
        s.settimeout(Some(0.0)).unwrap();
        assert_eq!(f.read(Some(1)), Err(Error::Os(bsdsock::EAGAIN)));
        // Blocking again: the file waits for the data.
        s.settimeout(None).unwrap();
        let a = Arc::new(a);
        let a2 = Arc::clone(&a);
        let t = thread::spawn(move || {
            thread::sleep(Duration::from_millis(300));
            a2.sendall(b"late\n").unwrap();
        });
        let (r, mut f) = within(bound(10), "blocking file readline", move || (f.readline(None), f));
        assert_eq!(r, Ok(b"late\n".to_vec()));
        t.join().unwrap();
        // The socket goes away; the file keeps the connection and the shared mode, which its
        // own socket() handle still sets.
        s.settimeout(Some(0.2)).unwrap();
        drop(s);
        assert_eq!(f.socket().unwrap().gettimeout(), Some(0.2));
        assert_eq!(f.read(Some(1)), Err(Error::Timeout));
        f.socket().unwrap().settimeout(None).unwrap();
        a.sendall(b"after").unwrap();
        assert_eq!(f.read(Some(5)).unwrap(), b"after");
        f.write(b"back").unwrap();
        f.flush().unwrap();
        assert_eq!(a.recv(4).unwrap(), b"back");
    }
    // A socket made after the file's first use: dup copies, makefile shares.
    let (_a, s) = pair();
    let f = s.makefile("r", -1).unwrap();
    let d = s.dup().unwrap();
    s.settimeout(Some(1.5)).unwrap();
    assert_eq!(f.socket().unwrap().gettimeout(), Some(1.5));
    assert_eq!(d.gettimeout(), None);
    let g = s.makefile("r", -1).unwrap();
    g.socket().unwrap().settimeout(Some(2.5)).unwrap();
    assert_eq!((s.gettimeout(), f.socket().unwrap().gettimeout()), (Some(2.5), Some(2.5)));
}

/// The byte at offset `i` of the flush test's stream: a lost or repeated piece shows.
fn pattern(i: usize) -> u8 {
    (i.wrapping_mul(2_654_435_761) >> 13) as u8
}

#[test]
#[cfg_attr(miri, ignore)]
fn flush_retried_after_a_timeout_sends_each_byte_once() {
    for kind in [socket_common::Kind::UnixStream, socket_common::Kind::Tcp4] {
        for bufsize in [-1isize, 0, 100_000] {
            let (a, b) = socket_common::pair(kind).unwrap();
            b.settimeout(Some(0.2)).unwrap();
            let mut f = b.makefile("wb", bufsize).unwrap();
            const TOTAL: usize = 16 << 20;
            let data: Vec<u8> = (0..TOTAL).map(pattern).collect();
            // Nobody reads: the write (or a flush) times out part way.
            let r = f.write(&data);
            let r = if r.is_ok() { f.flush() } else { r };
            assert_eq!(r, Err(Error::Timeout), "{kind:?} {bufsize}");
            // Now read everything while the flush is retried.
            let reader = thread::spawn(move || {
                a.settimeout(Some(10.0)).unwrap();
                let mut got = Vec::with_capacity(TOTAL);
                let mut buf = vec![0u8; 1 << 16];
                loop {
                    match a.recv_into(&mut buf, 0) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                got
            });
            b.settimeout(Some(10.0)).unwrap();
            let mut tries = 0;
            while let Err(e) = f.flush() {
                assert_eq!(e, Error::Timeout);
                tries += 1;
                assert!(tries < 100);
            }
            drop(f);
            b.shutdown(bsdsock::SHUT_WR).unwrap();
            let got = reader.join().unwrap();
            assert_eq!(got.len(), TOTAL, "{kind:?} {bufsize}: bytes lost or repeated");
            assert!(got == data, "{kind:?} {bufsize}: wrong bytes");
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn io_write_reports_what_it_took() {
    use std::io::Write;
    let (a, b) = pair();
    b.settimeout(Some(0.1)).unwrap();
    let mut f = b.makefile("wb", 0).unwrap(); // unbuffered: every write flushes
    let chunk = vec![3u8; 1 << 20];
    let mut taken = 0usize;
    let e = loop {
        match Write::write(&mut f, &chunk) {
            Ok(n) => {
                assert!(n > 0 && n <= chunk.len());
                taken += n;
            }
            Err(e) => break e,
        }
        assert!(taken < 1 << 30);
    };
    assert_eq!(e.kind(), std::io::ErrorKind::TimedOut);
    // Exactly `taken` bytes reach the peer (nothing of a failed write is kept).
    drop(f);
    b.shutdown(bsdsock::SHUT_WR).unwrap();
    a.settimeout(Some(10.0)).unwrap();
    let mut got = 0;
    loop {
        match a.recv(1 << 16).unwrap() {
            v if v.is_empty() => break,
            v => got += v.len(),
        }
    }
    assert_eq!(got, taken);
}

#[test]
#[cfg_attr(miri, ignore)]
fn a_failed_read_keeps_what_it_had_buffered() {
    let (a, b) = pair();
    b.settimeout(Some(0.1)).unwrap();
    let mut f = b.makefile("rb", -1).unwrap();
    a.sendall(b"12345").unwrap();
    assert_eq!(f.read(Some(10)), Err(Error::Timeout)); // 5 bytes in, then the timeout
    assert_eq!(f.read(Some(5)).unwrap(), b"12345"); // nothing lost
    a.sendall(b"ab").unwrap();
    assert_eq!(f.readline(None), Err(Error::Timeout));
    a.sendall(b"c\n").unwrap();
    assert_eq!(f.readline(None).unwrap(), b"abc\n");
    a.sendall(b"xyz").unwrap();
    assert_eq!(f.read(Some(4)), Err(Error::Timeout));
    {
        use std::io::BufRead;
        assert_eq!(f.fill_buf().unwrap(), b"xyz");
        // consume more than is buffered: saturates, no overflow, no re-read.
        f.consume(usize::MAX);
        f.consume(usize::MAX);
        a.sendall(b"next").unwrap();
        assert_eq!(f.fill_buf().unwrap(), b"next");
        f.consume(2);
        f.consume(usize::MAX);
    }
    a.sendall(b"!").unwrap();
    assert_eq!(f.read(Some(1)).unwrap(), b"!");
}
