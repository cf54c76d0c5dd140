//! The module default timeout (C3): applies to socket, socketpair, accept and fromfd; dup
//! copies the original's timeout (Python 3).
//! One test in its own binary, since the default is process-wide.

use bsdsock::{AF_INET, AF_UNIX, SOCK_STREAM};

#[test]
#[cfg_attr(miri, ignore)]
fn default_timeout_applies_to_every_new_socket() {
    assert_eq!(bsdsock::getdefaulttimeout(), None);
    for t in [Some(0.0), Some(3.0), None] {
        bsdsock::setdefaulttimeout(t).unwrap();
        assert_eq!(bsdsock::getdefaulttimeout(), t);
        let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        assert_eq!(l.gettimeout(), t, "socket()");
        l.bind(("127.0.0.1", 0)).unwrap();
        l.listen(1).unwrap();
        l.settimeout(Some(5.0)).unwrap(); // the listener's own mode must not matter (C4)
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.settimeout(Some(5.0)).unwrap();
        c.connect(l.getsockname().unwrap()).unwrap();
        let (conn, _) = l.accept().unwrap();
        assert_eq!(conn.gettimeout(), t, "accept()");
        // The descriptor matches the mode: O_NONBLOCK unless blocking (C5).
        assert_eq!(conn.fd_nonblocking().unwrap(), t.is_some(), "accept()");
        assert!(l.fd_nonblocking().unwrap(), "the listener's own mode");
        assert!(c.fd_nonblocking().unwrap());
        let (a, b) = bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
        assert_eq!((a.gettimeout(), b.gettimeout()), (t, t), "socketpair()");
        assert_eq!(a.fd_nonblocking().unwrap(), t.is_some(), "socketpair()");
        assert_eq!(b.fd_nonblocking().unwrap(), t.is_some(), "socketpair()");
        assert!(l.fd_nonblocking().unwrap());
        // fromfd takes the default and sets the shared flag to match it.
        let f = bsdsock::fromfd(&a, AF_UNIX, SOCK_STREAM, 0).unwrap();
        assert_eq!(f.gettimeout(), t, "fromfd()");
        assert_eq!(f.fd_nonblocking().unwrap(), t.is_some(), "fromfd()");
        // Python 3's dup copies the timeout (here 5.0, not the default).
        let d = c.dup().unwrap();
        assert_eq!(d.gettimeout(), Some(5.0), "dup() copies the timeout");
        assert!(d.fd_nonblocking().unwrap(), "dup()");
        let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        assert_eq!(s.fd_nonblocking().unwrap(), t.is_some(), "socket()");
    }
    // Exact values, on every target (no f32 where 64-bit atomics are missing).
    for t in [0.1, 1e-50, 5e-324, 1e9] {
        bsdsock::setdefaulttimeout(Some(t)).unwrap();
        assert_eq!(bsdsock::getdefaulttimeout().map(f64::to_bits), Some(t.to_bits()), "{t}");
        let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        assert_eq!(s.gettimeout().map(f64::to_bits), Some(t.to_bits()), "{t}");
        assert!(s.fd_nonblocking().unwrap(), "{t}: timeout mode, not blocking");
    }
    bsdsock::setdefaulttimeout(None).unwrap();
    assert_eq!(bsdsock::getdefaulttimeout(), None);
}
