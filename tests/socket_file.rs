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
