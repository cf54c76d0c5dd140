//! I/O safety: bsdsock's safe API acts only on descriptors it owns or borrows. A descriptor
//! a std `File` or stream owns stays open and untouched whatever bsdsock does with a
//! duplicate or a borrow of it. (That a bare number is refused at compile time is checked by
//! the `compile_fail` examples in the `fds` module docs.)

use std::io::{Read, Write};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;

use bsdsock::{AF_UNIX, SOCK_STREAM};

/// close() takes an owned `Fd`: closing a dup of a std stream's descriptor leaves the
/// stream working, and its descriptor number still names it.
#[test]
#[cfg_attr(miri, ignore)]
fn close_of_a_dup_leaves_the_std_owner_open() {
    let (mut x, mut y) = UnixStream::pair().unwrap();
    let raw = x.as_raw_fd();
    let d = bsdsock::dup(&x).unwrap();
    assert_ne!(d.raw(), raw);
    bsdsock::close(d).unwrap();
    x.write_all(b"still open").unwrap();
    let mut buf = [0u8; 16];
    let n = y.read(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"still open");
    assert_eq!(x.as_raw_fd(), raw);
    assert!(!bsdsock::fds::get_inheritable(&x).unwrap());
}

/// fromfd() borrows: dropping the socket it made closes the duplicate, not the original.
#[test]
#[cfg_attr(miri, ignore)]
fn fromfd_of_a_borrowed_std_stream_closes_only_its_copy() {
    let (x, mut y) = UnixStream::pair().unwrap();
    let s = bsdsock::fromfd(&x, AF_UNIX, SOCK_STREAM, 0).unwrap();
    assert_ne!(s.fileno(), x.as_raw_fd());
    s.sendall(b"copy").unwrap();
    drop(s);
    let mut x = x;
    x.write_all(b"+orig").unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 16];
    while got.len() < 9 {
        let n = y.read(&mut buf).unwrap();
        assert_ne!(n, 0, "EOF: the original was closed");
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(got, b"copy+orig");
}

/// A socket given away as an `Fd` and closed through bsdsock::close is gone; a `File`
/// opened afterwards is not disturbed by anything bsdsock still holds.
#[test]
#[cfg_attr(miri, ignore)]
fn detach_then_close_closes_exactly_once() {
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    let fd = a.detach();
    bsdsock::close(fd).unwrap();
    let mut f = std::fs::File::open("/proc/self/stat").unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    assert!(!s.is_empty());
}
