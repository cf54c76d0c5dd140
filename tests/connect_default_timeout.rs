//! create_connection and the module default timeout (F4: testTimeoutDefault,
//! testTimeoutNone). One test in its own binary, since the default is process-wide.

use bsdsock::{AF_INET, SOCK_STREAM, Timeout, create_connection};

#[test]
#[cfg_attr(miri, ignore)]
fn timeout_none_forces_blocking_default_keeps_the_default() {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(8).unwrap();
    let bsdsock::SockAddr::Inet(a) = l.getsockname().unwrap() else { unreachable!() };
    let addr = ("127.0.0.1", a.port());

    bsdsock::setdefaulttimeout(Some(42.0)).unwrap();
    // Left out: the default (testTimeoutDefault gets 42).
    let s = create_connection(addr, Timeout::Default, None).unwrap();
    assert_eq!(s.gettimeout(), Some(42.0));
    // None: blocking although a default is set (testTimeoutNone).
    let s = create_connection(addr, Timeout::Blocking, None).unwrap();
    assert_eq!(s.gettimeout(), None);
    assert!(!s.fd_nonblocking().unwrap());
    // The socket really blocks: no kernel receive timeout left over from the default.
    let tv = s.getsockopt_bytes(bsdsock::SOL_SOCKET, bsdsock::SO_RCVTIMEO, 16).unwrap();
    assert!(tv.iter().all(|&b| b == 0), "SO_RCVTIMEO set on a blocking socket: {tv:?}");
    // A value: that value (testTimeoutValueNamed / testTimeoutValueNonamed).
    let s = create_connection(addr, Timeout::Seconds(30.0), None).unwrap();
    assert_eq!(s.gettimeout(), Some(30.0));
    // A default of 0.0 (non-blocking): Python's connect raises EINPROGRESS (C19).
    bsdsock::setdefaulttimeout(Some(0.0)).unwrap();
    let r = create_connection(addr, Timeout::Default, None);
    if let Err(e) = r.as_ref() {
        assert_eq!(*e, bsdsock::Error::Os(bsdsock::consts::errno::EINPROGRESS));
    }
    bsdsock::setdefaulttimeout(None).unwrap();
    let s = create_connection(addr, Timeout::Default, None).unwrap();
    assert_eq!(s.gettimeout(), None);
}
