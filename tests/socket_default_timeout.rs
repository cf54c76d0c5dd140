//! The module default timeout (C3): applies to socket, socketpair, accept, fromfd and dup.
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
        assert_eq!(
            bsdsock::sys::fd::is_nonblocking(conn.fileno()).unwrap(),
            t == Some(0.0) || (t.is_some() && !cfg!(target_os = "linux")),
        );
        let (a, b) = bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
        assert_eq!((a.gettimeout(), b.gettimeout()), (t, t), "socketpair()");
        let f = bsdsock::fromfd(a.fileno(), AF_UNIX, SOCK_STREAM, 0).unwrap();
        assert_eq!(f.gettimeout(), t, "fromfd()");
        let d = c.dup().unwrap();
        assert_eq!(d.gettimeout(), t, "dup()");
    }
    assert_eq!(bsdsock::getdefaulttimeout(), None);
}
