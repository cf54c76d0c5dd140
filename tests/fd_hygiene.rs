//! Descriptor hygiene: every group of operations — the normal paths of each area and every
//! error path — leaves the process with exactly the descriptors it had (counted in
//! /proc/self/fd before and after); every descriptor bsdsock creates is close-on-exec; and
//! descriptor exhaustion (EMFILE) is reported as an error from which the process recovers.
//!
//! One #[test] runs the groups in sequence so that no other test opens or closes
//! descriptors while one is counted (this binary has no other test).
//!
//! Not covered here: control-message descriptors dropped unread (SCM_RIGHTS through
//! recvmsg) — sendmsg/recvmsg are not in this branch yet.
#![cfg(target_os = "linux")]

mod socket_common;

use std::thread;

use bsdsock::consts::errno::*;
use bsdsock::{
    AF_INET, AF_INET6, AF_UNIX, AI_NUMERICHOST, Error, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_STREAM,
    Socket,
};

/// Open descriptors of this process (the directory listing's own descriptor included, the
/// same on every count).
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").expect("/proc/self/fd").count()
}

/// Run `case` once to warm up (the C library may open and keep descriptors on first use,
/// e.g. for nsswitch), then three more times between two counts.
fn group(name: &str, mut case: impl FnMut()) {
    case();
    let before = open_fds();
    for _ in 0..3 {
        case();
    }
    let after = open_fds();
    assert_eq!(
        after,
        before,
        "group {name}: {} descriptor(s) leaked",
        after as isize - before as isize
    );
    println!("fd hygiene: {name}: {before} before, {after} after, 0 leaked");
}

fn listener() -> Socket {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(16).unwrap();
    l
}

/// A loopback port with nobody listening (bound, then closed).
fn dead_port() -> bsdsock::SockAddr {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    s.bind(("127.0.0.1", 0)).unwrap();
    s.getsockname().unwrap()
}

fn cloexec(fd: impl bsdsock::fds::AsDescriptor, what: &str) {
    let n = fd.as_descriptor();
    assert_eq!(
        bsdsock::fds::get_inheritable(fd),
        Ok(false),
        "{what}: descriptor {n} is not close-on-exec"
    );
}

/// What a refused connect in timeout mode reads back: ECONNREFUSED, or under a qemu-user
/// that passes SO_ERROR's value through untranslated, the host's number for it (noted once).
fn refused_in_timeout_mode() -> i32 {
    static SEEN: std::sync::OnceLock<i32> = std::sync::OnceLock::new();
    *SEEN.get_or_init(|| match socket_common::so_error_untranslated() {
        Some((seen, why)) => {
            socket_common::skip_note("descriptor_hygiene (ECONNREFUSED in timeout mode)", &why);
            seen
        }
        None => ECONNREFUSED,
    })
}

fn connect_refused() {
    let refused = refused_in_timeout_mode();
    for timeout in [None, Some(5.0), Some(0.0)] {
        let addr = dead_port();
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.settimeout(timeout).unwrap();
        match c.connect(addr) {
            Err(Error::Os(e)) if e == ECONNREFUSED => {}
            Err(Error::Os(e)) if timeout == Some(5.0) && e == refused => {}
            // Non-blocking: in progress, then refused through SO_ERROR.
            Err(Error::Os(e)) if timeout == Some(0.0) && e == EINPROGRESS => {}
            r => panic!("connect to a dead port ({timeout:?}): {r:?}"),
        }
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.settimeout(timeout).unwrap();
        let r = c.connect_ex(addr).unwrap();
        let ok = r == ECONNREFUSED
            || (timeout == Some(5.0) && r == refused)
            || (timeout == Some(0.0) && r == EINPROGRESS);
        assert!(ok, "{r}");
    }
    // Unix path that does not exist.
    let c = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let path = std::env::temp_dir().join(format!("bsdsock-{}-none.sock", std::process::id()));
    assert_eq!(c.connect(path.as_path()), Err(Error::Os(ENOENT)));
}

fn accept_not_listening() {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert_eq!(s.accept().err(), Some(Error::Os(EINVAL)));
    s.bind(("127.0.0.1", 0)).unwrap();
    assert_eq!(s.accept().err(), Some(Error::Os(EINVAL)));
    let u = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    assert_eq!(u.accept().err(), Some(Error::Os(EOPNOTSUPP)));
    // Timeout mode: the timeout, no descriptor.
    let l = listener();
    l.settimeout(Some(0.01)).unwrap();
    assert_eq!(l.accept().err(), Some(Error::Timeout));
    l.settimeout(Some(0.0)).unwrap();
    assert_eq!(l.accept().err(), Some(Error::Os(EAGAIN)));
}

fn resolver_errors() {
    use bsdsock::netdb::getaddrinfo;
    let r = getaddrinfo(Some("not a number"), 80u16, AF_INET, 0, 0, AI_NUMERICHOST);
    assert_eq!(r.err(), Some(Error::AddrLookup(bsdsock::EAI_NONAME)));
    let r = getaddrinfo(Some("127.0.0.1"), "no-such-service-x", AF_INET, SOCK_STREAM, 0, 0);
    assert_eq!(r.err(), Some(Error::AddrLookup(bsdsock::EAI_SERVICE)));
    let r = getaddrinfo(None, None, AF_INET, 0, 0, 0);
    assert_eq!(r.err(), Some(Error::AddrLookup(bsdsock::EAI_NONAME)));
    // A good lookup whose iterator is dropped half-way frees the C list.
    let mut it = getaddrinfo(Some("127.0.0.1"), 80u16, AF_INET, 0, 0, AI_NUMERICHOST).unwrap();
    let _ = it.next();
    drop(it);
    assert!(bsdsock::netdb::getservbyname("no-such-service-x", Some("tcp")).is_err());
    assert!(bsdsock::netdb::getprotobyname("no-such-protocol-x").is_err());
    // A bad host in an address argument fails before any socket call.
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    assert!(s.connect(("1.2.3.4\0", 80)).is_err());
}

fn makefile_close() {
    let l = listener();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    let (a, _) = l.accept().unwrap();
    let mut w = c.makefile("wb", 4096).unwrap();
    cloexec(w.socket().unwrap(), "makefile");
    w.write(b"line one\nline two\n").unwrap();
    w.close().unwrap(); // flushes, closes the file's own descriptor
    drop(c);
    let mut r = a.makefile("rb", -1).unwrap();
    assert_eq!(r.readline(None).unwrap(), b"line one\n");
    drop(r); // dropped with unread data buffered (the second line went with it)
    let mut r = a.makefile("r", 0).unwrap();
    let rest = r.read(None).unwrap();
    assert!(rest.is_empty() || rest == b"line two\n", "{rest:?}");
    r.close().unwrap();
}

fn fromfd_errors() {
    // SAFETY: neither -1 nor 1 << 20 (above any descriptor limit here) is an open descriptor.
    let (a, b) = unsafe {
        (
            bsdsock::fromfd_raw(-1, AF_INET, SOCK_STREAM, 0),
            bsdsock::fromfd_raw(1 << 20, AF_INET, SOCK_STREAM, 0),
        )
    };
    assert_eq!(a.err(), Some(Error::Os(EBADF)));
    assert_eq!(b.err(), Some(Error::Os(EBADF)));
    // A file that is not a socket.
    let f = std::fs::File::open("/proc/self/stat").unwrap();
    let r = bsdsock::fromfd(&f, AF_INET, SOCK_STREAM, 0);
    assert_eq!(r.err(), Some(Error::Os(ENOTSOCK)));
    // And a good one: the duplicate is close-on-exec and closed on drop.
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    let d = bsdsock::fromfd(&s, AF_INET, SOCK_STREAM, 0).unwrap();
    cloexec(&d, "fromfd");
}

fn socket_and_socketpair_errors() {
    assert_eq!(bsdsock::socketpair(AF_INET, SOCK_STREAM, 0).err(), Some(Error::Os(EOPNOTSUPP)));
    // Linux says EINVAL for an unknown type; qemu-user, which translates types between
    // architectures, says ESOCKTNOSUPPORT before the kernel sees it.
    let r = bsdsock::socketpair(AF_UNIX, 12345, 0).err();
    assert!(r == Some(Error::Os(EINVAL)) || r == Some(Error::Os(ESOCKTNOSUPPORT)), "{r:?}");
    assert_eq!(bsdsock::socketpair(-1, SOCK_STREAM, 0).err(), Some(Error::Os(EAFNOSUPPORT)));
    assert_eq!(bsdsock::socket(-1, SOCK_STREAM, 0).err(), Some(Error::Os(EAFNOSUPPORT)));
    assert_eq!(bsdsock::socket(AF_INET, SOCK_STREAM, 12345).err(), Some(Error::Os(EINVAL)));
    let udp = bsdsock::IPPROTO_UDP;
    assert_eq!(bsdsock::socket(AF_INET, SOCK_STREAM, udp).err(), Some(Error::Os(EPROTONOSUPPORT)));
}

fn normal_paths() {
    // TCP echo with a thread, UDP, unix paths, dup, std interop.
    let l = listener();
    let addr = l.getsockname().unwrap();
    let t = thread::spawn(move || {
        let (a, _) = l.accept().unwrap();
        let v = a.recv(100).unwrap();
        a.sendall(&v).unwrap();
    });
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(addr).unwrap();
    c.sendall(b"ping").unwrap();
    assert_eq!(c.recv(100).unwrap(), b"ping");
    t.join().unwrap();
    let u = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    u.bind(("127.0.0.1", 0)).unwrap();
    u.sendto(b"x", u.getsockname().unwrap()).unwrap();
    assert_eq!(u.recvfrom(10).unwrap().0, b"x");
    let path = std::env::temp_dir().join(format!("bsdsock-{}-hyg.sock", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let ul = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    ul.bind(path.as_path()).unwrap();
    ul.listen(1).unwrap();
    let uc = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    uc.connect(path.as_path()).unwrap();
    let _ = ul.accept().unwrap();
    std::fs::remove_file(&path).unwrap();
    let d = uc.dup().unwrap();
    let owned: std::os::fd::OwnedFd = d.into();
    let back: Socket = owned.into();
    drop(back);
    let (p, q) = bsdsock::socketpair_default().unwrap();
    drop((p, q));
}

fn every_descriptor_is_cloexec() {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    cloexec(&s, "socket");
    let n = bsdsock::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0).unwrap();
    cloexec(&n, "socket(SOCK_NONBLOCK)");
    let (a, b) = bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    cloexec(&a, "socketpair");
    cloexec(&b, "socketpair");
    let (a, b) = bsdsock::socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    cloexec(&a, "socketpair dgram");
    cloexec(&b, "socketpair dgram");
    cloexec(a.dup().unwrap(), "dup");
    cloexec(bsdsock::fromfd(&b, AF_UNIX, SOCK_DGRAM, 0).unwrap(), "fromfd");
    for timeout in [None, Some(5.0), Some(0.0)] {
        let l = listener();
        l.settimeout(timeout).unwrap();
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.connect(l.getsockname().unwrap()).unwrap();
        if timeout == Some(0.0) {
            let mut p = [bsdsock::select::PollFd::of(&l, bsdsock::select::POLLIN)];
            assert!(matches!(bsdsock::select::poll_fds(&mut p, Some(5000.0)), Ok(n) if n != 0));
        }
        let (conn, _) = l.accept().unwrap();
        cloexec(&conn, "accept");
        cloexec(conn.makefile("rb", -1).unwrap().socket().unwrap(), "makefile");
    }
    if let Ok(s6) = bsdsock::socket(AF_INET6, SOCK_DGRAM, 0) {
        cloexec(&s6, "socket(AF_INET6)");
    }
}

/// Lower the soft descriptor limit, create sockets until EMFILE, check every creating call
/// reports `Error::Os(EMFILE)` (accept without losing the listener or the queued
/// connection), free descriptors, and check the process serves again.
fn emfile() {
    let (soft, hard) = bsdsock::resource::getrlimit_nofile().unwrap();
    let l = listener();
    let addr = l.getsockname().unwrap();
    let pending = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    pending.connect(addr).unwrap(); // queued on the listener, not yet accepted
    let limit = (open_fds() + 16) as u64;
    bsdsock::resource::setrlimit_nofile(limit, hard).unwrap();
    let mut hog = Vec::new();
    let err = loop {
        assert!(hog.len() < 64, "no EMFILE after 64 sockets under a limit of {limit}");
        match bsdsock::socket(AF_INET, SOCK_DGRAM, 0) {
            Ok(s) => hog.push(s),
            Err(e) => break e,
        }
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert_eq!(err, Error::Os(EMFILE));
        assert_eq!(bsdsock::socket(AF_INET, SOCK_STREAM, 0).err(), Some(Error::Os(EMFILE)));
        assert_eq!(bsdsock::socketpair_default().err(), Some(Error::Os(EMFILE)));
        assert_eq!(l.accept().err(), Some(Error::Os(EMFILE)));
        assert_eq!(l.dup().err(), Some(Error::Os(EMFILE)));
        assert_eq!(l.makefile("rb", -1).err(), Some(Error::Os(EMFILE)));
        assert_eq!(bsdsock::fromfd(&l, AF_INET, SOCK_STREAM, 0).err(), Some(Error::Os(EMFILE)));
        // Free descriptors: the listener and its queued connection survived.
        hog.truncate(hog.len().saturating_sub(4));
        let (conn, peer) = l.accept().expect("accept after EMFILE");
        assert_eq!(peer, pending.getsockname().unwrap());
        pending.sendall(b"still here").unwrap();
        assert_eq!(conn.recv(64).unwrap(), b"still here");
        // And a new connection works.
        let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        c.connect(addr).unwrap();
        let (d, _) = l.accept().unwrap();
        c.sendall(b"new").unwrap();
        assert_eq!(d.recv(8).unwrap(), b"new");
    }));
    drop(hog);
    bsdsock::resource::setrlimit_nofile(soft, hard).unwrap();
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn descriptor_hygiene() {
    group("normal paths (tcp, udp, unix, dup, std interop)", normal_paths);
    group("connect refused", connect_refused);
    group("accept on a non-listening socket", accept_not_listening);
    group("resolver errors", resolver_errors);
    group("makefile close", makefile_close);
    group("fromfd errors", fromfd_errors);
    group("socket/socketpair errors", socket_and_socketpair_errors);
    group("close-on-exec", every_descriptor_is_cloexec);
    if std::env::var_os("BSDSOCK_ASAN").is_some() {
        println!(
            "fd hygiene: EMFILE group skipped under AddressSanitizer (it needs descriptors of its own to report)"
        );
    } else {
        group("EMFILE", emfile);
    }
    println!("fd hygiene: 0 descriptors leaked");
}
