//! Bad inputs of docs/BAD_INPUTS.md that no other test file checked: each asserts the exact
//! error (or the exact harmless result) the caller gets.

#[path = "../ffi/markers.rs"]
mod markers;

use std::time::Duration;

use bsdsock::consts::errno::*;
use bsdsock::{
    AF_INET, AF_UNIX, Error, SO_LINGER, SO_RCVTIMEO, SO_REUSEADDR, SOCK_DGRAM, SOCK_STREAM,
    SOL_SOCKET, Socket,
};

fn tcp_pair() -> (Socket, Socket) {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(4).unwrap();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    (l.accept().unwrap().0, c)
}

#[test]
#[cfg_attr(miri, ignore)]
fn send_on_an_unconnected_socket() {
    let u = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    assert_eq!(u.send(b"x"), Err(Error::Os(EDESTADDRREQ)));
    let t = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert_eq!(t.send(b"x"), Err(Error::Os(EPIPE)));
    assert_eq!(t.recv(1), Err(Error::Os(ENOTCONN)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn listen_on_a_datagram_socket_and_bind_twice() {
    let u = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    assert_eq!(u.listen(1), Err(Error::Os(EOPNOTSUPP)));
    let t = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    t.bind(("127.0.0.1", 0)).unwrap();
    assert_eq!(t.bind(("127.0.0.1", 0)), Err(Error::Os(EINVAL)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn bind_to_an_address_not_on_this_host() {
    let t = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    // 192.0.2.1 (TEST-NET-1) is on no interface; bind only checks, it sends nothing.
    assert_eq!(t.bind(("192.0.2.1", 0)), Err(Error::Os(EADDRNOTAVAIL)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn connect_a_unix_socket_to_a_file_that_is_not_a_socket() {
    let path = std::env::temp_dir().join(format!("bsdsock-{}-notsock", std::process::id()));
    std::fs::write(&path, b"x").unwrap();
    let s = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let r = s.connect(path.as_path());
    std::fs::remove_file(&path).unwrap();
    assert_eq!(r, Err(Error::Os(ECONNREFUSED)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn setsockopt_bad_option_and_short_value() {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert_eq!(s.setsockopt(SOL_SOCKET, 12345, 1), Err(Error::Os(ENOPROTOOPT)));
    assert_eq!(s.setsockopt_bytes(SOL_SOCKET, SO_REUSEADDR, &[]), Err(Error::Os(EINVAL)));
    assert_eq!(s.setsockopt(12345, SO_REUSEADDR, 1), Err(Error::Os(ENOPROTOOPT)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn recv_sizes_that_cannot_be_allocated() {
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    // No panic, no abort: the allocation is tried and refused.
    assert_eq!(a.recv(usize::MAX), Err(Error::Os(ENOMEM)));
    assert_eq!(a.recvfrom(usize::MAX).map(|_| ()), Err(Error::Os(ENOMEM)));
    // Zero bytes return at once (3.x), even with nothing to read.
    assert_eq!(a.recv(0), Ok(vec![]));
}

#[test]
#[cfg_attr(miri, ignore)]
fn huge_duration_timeout() {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert_eq!(
        s.settimeout_duration(Some(Duration::MAX)),
        Err(Error::Overflow("timestamp out of range for platform time_t"))
    );
    assert_eq!(s.gettimeout(), None);
}

#[test]
#[cfg_attr(miri, ignore)]
fn peer_reset_is_econnreset_and_peer_close_is_eof() {
    let (a, b) = tcp_pair();
    // SO_LINGER {on, 0}: close sends RST.
    let mut linger = [0u8; 8];
    linger[..4].copy_from_slice(&1i32.to_ne_bytes());
    b.setsockopt_bytes(SOL_SOCKET, SO_LINGER, &linger).unwrap();
    drop(b);
    let mut p = [bsdsock::select::PollFd::of(&a, bsdsock::select::POLLIN)];
    let r = bsdsock::select::poll_fds(&mut p, Some(5000.0));
    assert!(matches!(r, Ok(n) if n != 0));
    assert_eq!(a.recv(10), Err(Error::Os(ECONNRESET)));
    let (c, d) = tcp_pair();
    drop(d);
    assert_eq!(c.recv(10), Ok(vec![]));
}

#[test]
#[cfg_attr(miri, ignore)]
fn getsockopt_bytes_decode_through_sockopt() {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    s.settimeout(Some(2.5)).unwrap();
    // settimeout keeps the timeout in the object: the kernel's stays zero.
    let tv = s.getsockopt_bytes(SOL_SOCKET, SO_RCVTIMEO, 64).unwrap();
    assert_eq!(bsdsock::sockopt::decode_timeval(&tv), Some(Duration::ZERO));
    // A kernel timeout that std set comes back decoded.
    let u = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    u.set_read_timeout(Some(Duration::from_millis(2500))).unwrap();
    let s = bsdsock::Socket::from(u);
    let tv = s.getsockopt_bytes(SOL_SOCKET, SO_RCVTIMEO, 64).unwrap();
    assert_eq!(bsdsock::sockopt::decode_timeval(&tv), Some(Duration::from_millis(2500)));
    // Cut short: no value, no panic.
    assert_eq!(bsdsock::sockopt::decode_timeval(&tv[..tv.len() - 1]), None);
    let l = s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 64).unwrap();
    assert_eq!(bsdsock::sockopt::decode_linger(&l), Some((0, 0)));
    assert_eq!(bsdsock::sockopt::decode_linger(&l[..3]), None);
}

#[test]
#[cfg_attr(miri, ignore)]
fn fromfd_of_a_huge_descriptor_number() {
    // SAFETY: neither number can be an open descriptor (above any limit; negative).
    let (hi, lo) = unsafe {
        (
            bsdsock::fromfd_raw(i32::MAX, AF_INET, SOCK_STREAM, 0),
            bsdsock::fromfd_raw(i32::MIN, AF_INET, SOCK_STREAM, 0),
        )
    };
    assert_eq!(hi.err(), Some(Error::Os(EBADF)));
    assert_eq!(lo.err(), Some(Error::Os(EBADF)));
}

#[test]
fn cmsg_builder_limits() {
    let mut small = [0u8; 8];
    let mut b = bsdsock::cmsg::CmsgBuilder::new(&mut small);
    assert_eq!(b.rights(&[0]), Err(Error::Value("control message buffer too small")));
    let mut big = [0u8; 65536];
    let mut b = bsdsock::cmsg::CmsgBuilder::new(&mut big);
    let fds = vec![0i32; 4096];
    assert_eq!(
        b.rights(&fds),
        Err(Error::Value("too many descriptors for one SCM_RIGHTS message"))
    );
}

#[test]
fn probe_marker_parser_rejects_bad_markers() {
    use markers::{MarkerError, parse_marker, parse_value, scan_asm, scan_saved};
    assert_eq!(parse_marker(""), Err(MarkerError::BadKind));
    assert_eq!(parse_marker("X:AF_INET=2"), Err(MarkerError::BadKind));
    assert_eq!(parse_marker("C-AF_INET=2"), Err(MarkerError::BadKind));
    assert_eq!(parse_marker("C:=2"), Err(MarkerError::BadName));
    assert_eq!(parse_marker("C:AF INET=2"), Err(MarkerError::BadName));
    assert_eq!(parse_marker("C:AF_INET"), Err(MarkerError::MissingValue));
    assert_eq!(parse_marker("C:AF_INET="), Err(MarkerError::BadValue));
    assert_eq!(parse_marker("C:AF_INET=0xg"), Err(MarkerError::BadValue));
    assert_eq!(parse_value("18446744073709551616"), None); // u64::MAX + 1
    assert_eq!(parse_value("-9223372036854775809"), None); // i64::MIN - 1
    assert_eq!(parse_value(&"9".repeat(41)), None);
    assert_eq!(parse_value("$-2"), Some(-2));
    assert_eq!(scan_asm(".ascii \"@@Q:X=1@@\"").unwrap_err(), (1, MarkerError::BadKind));
    assert_eq!(scan_saved("# c\n\nC:A=1\nC:B\n").unwrap_err(), (4, MarkerError::MissingValue));
    // An unterminated fence is not a marker.
    assert_eq!(scan_asm("@@C:A=1").unwrap(), vec![]);
}
