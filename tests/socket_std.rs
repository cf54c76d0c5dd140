//! std interop: io traits, fd traits, conversions to and from std's socket types.

use std::io::{Read, Write};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, IntoRawFd, OwnedFd};

use bsdsock::{AF_INET, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, Socket};

#[test]
#[cfg_attr(miri, ignore)]
fn read_write_for_socket_and_ref() {
    let (mut a, b) = bsdsock::socketpair_default().unwrap();
    a.write_all(b"one").unwrap();
    a.flush().unwrap();
    let mut buf = [0u8; 3];
    (&b).read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"one");
    (&b).write_all(b"two").unwrap();
    a.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"two");
    // Errors keep their kind.
    a.settimeout(Some(0.01)).unwrap();
    assert_eq!(a.read(&mut buf).unwrap_err().kind(), std::io::ErrorKind::TimedOut);
}

#[test]
#[cfg_attr(miri, ignore)]
fn fd_traits() {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    assert_eq!(a.as_fd().as_raw_fd(), a.fileno());
    assert_eq!(a.as_raw_fd(), a.fileno());
    let raw = a.into_raw_fd();
    // SAFETY: raw was just released by into_raw_fd and nothing else owns it.
    let a = unsafe { Socket::from_raw_fd(raw) };
    assert_eq!((a.family(), a.type_()), (AF_UNIX, SOCK_STREAM));
    let owned: OwnedFd = a.into();
    let a = Socket::from(owned);
    a.sendall(b"k").unwrap();
    assert_eq!(b.recv(1).unwrap(), b"k");
}

#[test]
#[cfg_attr(miri, ignore)]
fn std_net_round_trips() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let ls = Socket::from(l);
    assert_eq!((ls.family(), ls.type_()), (AF_INET, SOCK_STREAM));
    assert_eq!(ls.gettimeout(), None);
    let c = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (conn, _) = ls.accept().unwrap();
    let mut c = Socket::from(c);
    c.write_all(b"std").unwrap();
    let mut conn = std::net::TcpStream::from(conn);
    let mut buf = [0u8; 3];
    conn.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"std");
    let _l = std::net::TcpListener::from(ls);
    c.flush().unwrap();

    let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    u.set_nonblocking(true).unwrap();
    let us = Socket::from(u);
    assert_eq!((us.family(), us.type_()), (AF_INET, SOCK_DGRAM));
    assert_eq!(us.gettimeout(), Some(0.0)); // O_NONBLOCK means non-blocking mode
    let _u = std::net::UdpSocket::from(us);

    let (x, y) = std::os::unix::net::UnixStream::pair().unwrap();
    let xs = Socket::from(x);
    assert_eq!(xs.family(), AF_UNIX);
    let mut y = Socket::from(y);
    xs.sendall(b"u").unwrap();
    let mut one = [0u8; 1];
    y.read_exact(&mut one).unwrap();
    let _x = std::os::unix::net::UnixStream::from(xs);
    let (d, _e) = std::os::unix::net::UnixDatagram::pair().unwrap();
    let ds = Socket::from(d);
    assert_eq!(ds.type_(), SOCK_DGRAM);
    let _d = std::os::unix::net::UnixDatagram::from(ds);
    let path = std::env::temp_dir().join(format!("bsdsock-{}-std.sock", std::process::id()));
    let ul = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let uls = Socket::from(ul);
    assert_eq!(uls.family(), AF_UNIX);
    let _ul = std::os::unix::net::UnixListener::from(uls);
    std::fs::remove_file(&path).unwrap();
}
