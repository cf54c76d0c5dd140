//! Portability tests of the FFI layer itself, run on every Linux target in CI (natively, through
//! the cross loader, or under qemu-user) and linked for the BSDs and macOS: each C call sys/
//! declares is called at least once, so a wrong declaration, a missing or renamed symbol
//! (NetBSD's `__socket30`), or a wrong struct layout (msghdr on musl, timeval on 32-bit,
//! addrinfo's field order) shows up as a link error or a failed test on that target.
//!
//! A test that cannot run somewhere says so on stderr as `SKIP <test>: <reason>` (written
//! past the test harness's capture, so it appears in the log) and passes.

// The C integer types behind these casts differ per target (size_t, socklen_t, long).
#![allow(clippy::unnecessary_cast)]

use std::io::Write as _;
use std::string::String;
use std::vec::Vec;

use super::errno::{self, Errno};
use super::net::{self, SockaddrBuf};
use super::*;
use crate::addr::SockAddr;
use crate::consts::errno as e;
use crate::consts::os;
use crate::consts::{
    AF_INET, AF_INET6, AF_UNIX, AI_NUMERICHOST, AI_NUMERICSERV, IPPROTO_TCP, MSG_DONTWAIT,
    NI_NUMERICHOST, NI_NUMERICSERV, SCM_RIGHTS, SHUT_WR, SO_RCVTIMEO, SO_TYPE, SOCK_DGRAM,
    SOCK_STREAM, SOL_SOCKET,
};
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

/// Report a skipped check on stderr, bypassing libtest's capture.
fn skip(test: &str, reason: &str) {
    let _ = std::io::stderr().write_all(std::format!("SKIP {test}: {reason}\n").as_bytes());
}

/// Closes the descriptors it holds when dropped, so a failed assertion leaks nothing.
struct Fds(Vec<c_int>);

impl Drop for Fds {
    fn drop(&mut self) {
        for &fd in &self.0 {
            let _ = fd::close_fd(fd);
        }
    }
}

fn encode(a: SockAddr) -> SockaddrBuf {
    let mut b = SockaddrBuf::new();
    a.encode(&mut b).expect("encodable");
    b
}

fn local_name(fd: c_int) -> SockAddr {
    let mut b = SockaddrBuf::new();
    net::sockname(fd, &mut b).expect("getsockname");
    SockAddr::decode(b.bytes()).expect("decodable")
}

#[test]
#[cfg_attr(miri, ignore)]
fn socketpair_roundtrip_cloexec_nonblocking() {
    let sv = net::new_socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    let fds = Fds(sv.to_vec());
    for &fd in &fds.0 {
        assert!(fd::is_cloexec(fd).unwrap(), "socketpair end without FD_CLOEXEC");
        assert!(!fd::is_nonblocking(fd).unwrap());
    }
    assert_eq!(net::send_buf(sv[0], b"ping", 0), Ok(4));
    let mut buf = [0u8; 16];
    assert_eq!(net::recv_buf(sv[1], &mut buf, 0), Ok(4));
    assert_eq!(&buf[..4], b"ping");
    // Nothing left: non-blocking recv fails with EAGAIN, both ways of asking for it.
    assert_eq!(net::recv_buf(sv[1], &mut buf, MSG_DONTWAIT), Err(Errno(e::EAGAIN)));
    fd::set_nonblocking(sv[1], true).unwrap();
    assert!(fd::is_nonblocking(sv[1]).unwrap());
    assert_eq!(net::recv_buf(sv[1], &mut buf, 0), Err(Errno(e::EWOULDBLOCK)));
    fd::set_nonblocking(sv[1], false).unwrap();
    assert!(!fd::is_nonblocking(sv[1]).unwrap());
    // dup keeps the socket and sets close-on-exec on the copy.
    let d = fd::dup_cloexec(sv[0]).unwrap();
    let _dup = Fds(std::vec![d]);
    assert!(fd::is_cloexec(d).unwrap());
    let mut ty = [0u8; 4];
    assert_eq!(net::getsockopt_buf(d, SOL_SOCKET, SO_TYPE, &mut ty), Ok(4));
    assert_eq!(i32::from_ne_bytes(ty), SOCK_STREAM);
}

#[test]
#[cfg_attr(miri, ignore)]
fn errno_and_strerror() {
    assert_eq!(fd::close_fd(-1), Err(Errno(e::EBADF)));
    assert_eq!(errno::get(), Errno(e::EBADF));
    errno::set(0);
    assert_eq!(errno::get(), Errno(0));
    let mut buf = [0u8; 256];
    let text = errno::strerror(e::ECONNREFUSED, &mut buf).expect("a message");
    assert!(text.to_ascii_lowercase().contains("refused"), "{text}");
}

/// TCP over 127.0.0.1: the sockaddr_in codec (sin_len on BSD, big-endian port), accept4 or
/// accept + fcntl, close-on-exec on every descriptor, and no SIGPIPE on a dead peer.
#[test]
#[cfg_attr(miri, ignore)]
fn tcp_loopback_v4() {
    let l = net::new_socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    let mut fds = Fds(std::vec![l]);
    let any = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    net::bind_addr(l, &encode(any)).expect("bind");
    net::listen_fd(l, 4).expect("listen");
    let SockAddr::Inet(bound) = local_name(l) else { panic!("not AF_INET") };
    assert_eq!(*bound.ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(bound.port(), 0);

    let c = net::new_socket(AF_INET, SOCK_STREAM, IPPROTO_TCP).expect("socket");
    fds.0.push(c);
    net::connect_addr(c, &encode(SockAddr::Inet(bound))).expect("connect");
    let mut peer = SockaddrBuf::new();
    let a = net::accept_fd(l, Some(&mut peer), false).expect("accept");
    fds.0.push(a);
    assert!(fd::is_cloexec(a).unwrap(), "accepted socket without FD_CLOEXEC");
    assert_eq!(SockAddr::decode(peer.bytes()), Some(local_name(c)));
    let mut pn = SockaddrBuf::new();
    net::peername(c, &mut pn).unwrap();
    assert_eq!(SockAddr::decode(pn.bytes()), Some(SockAddr::Inet(bound)));

    assert_eq!(net::send_buf(c, b"hello", 0), Ok(5));
    let mut buf = [0u8; 8];
    assert_eq!(net::recv_buf(a, &mut buf, 0), Ok(5));
    net::shutdown_fd(c, SHUT_WR).unwrap();
    assert_eq!(net::recv_buf(a, &mut buf, 0), Ok(0));

    // The peer is gone: sends fail with EPIPE (or ECONNRESET) instead of killing the process
    // with SIGPIPE. Bounded: at most 50 sends.
    let _ = fd::close_fd(a);
    fds.0.retain(|&x| x != a);
    let _ = fd::close_fd(c);
    fds.0.retain(|&x| x != c);
    let c = net::new_socket(AF_INET, SOCK_STREAM, 0).unwrap();
    fds.0.push(c);
    net::connect_addr(c, &encode(SockAddr::Inet(bound))).unwrap();
    let a = net::accept_fd(l, Some(&mut peer), false).unwrap();
    let _ = fd::close_fd(a);
    let mut got = None;
    for _ in 0..50 {
        if let Err(err) = net::send_buf(c, &[0u8; 1024], 0) {
            got = Some(err);
            break;
        }
    }
    let err = got.expect("sends to a closed peer kept succeeding");
    assert!(err == Errno(e::EPIPE) || err == Errno(e::ECONNRESET), "{err:?}");
}

#[test]
#[cfg_attr(miri, ignore)]
fn tcp_loopback_v6() {
    let l = match net::new_socket(AF_INET6, SOCK_STREAM, 0) {
        Ok(fd) => fd,
        Err(err) => return skip("tcp_loopback_v6", &std::format!("no IPv6 sockets: {err:?}")),
    };
    let _fds = Fds(std::vec![l]);
    let lo = SockAddr::Inet6(SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0));
    if let Err(err) = net::bind_addr(l, &encode(lo)) {
        return skip("tcp_loopback_v6", &std::format!("::1 is not configured: {err:?}"));
    }
    net::listen_fd(l, 1).unwrap();
    let SockAddr::Inet6(bound) = local_name(l) else { panic!("not AF_INET6") };
    assert_eq!(*bound.ip(), Ipv6Addr::LOCALHOST);
    assert_ne!(bound.port(), 0);
}

#[test]
#[cfg_attr(miri, ignore)]
fn udp_sendto_recvfrom() {
    let a = net::new_socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    let b = net::new_socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    let _fds = Fds(std::vec![a, b]);
    let lo = SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0));
    net::bind_addr(a, &encode(lo)).unwrap();
    net::bind_addr(b, &encode(lo)).unwrap();
    let to = local_name(b);
    assert_eq!(net::sendto_buf(a, b"dgram", 0, &encode(to)), Ok(5));
    let mut from = SockaddrBuf::new();
    let mut buf = [0u8; 16];
    assert_eq!(net::recvfrom_buf(b, &mut buf, 0, &mut from), Ok(5));
    assert_eq!(&buf[..5], b"dgram");
    assert_eq!(SockAddr::decode(from.bytes()), Some(local_name(a)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn unix_path_bind_and_name() {
    let path = std::env::temp_dir().join(std::format!("bsdsock-port-{}.sock", std::process::id()));
    let bytes = path.to_str().unwrap().as_bytes();
    if bytes.len() >= SUN_PATH_LEN {
        return skip("unix_path_bind_and_name", "temp dir path too long for sun_path");
    }
    let _ = std::fs::remove_file(&path);
    let s = net::new_socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let _fds = Fds(std::vec![s]);
    let addr = SockAddr::Unix(crate::UnixAddr::new(bytes).unwrap());
    net::bind_addr(s, &encode(addr)).unwrap();
    let got = local_name(s);
    let _ = std::fs::remove_file(&path);
    assert_eq!(got, addr);
}

/// sendmsg/recvmsg with SCM_RIGHTS: msghdr and cmsghdr layouts (glibc size_t lengths, musl's
/// int + padding, 32-bit, big-endian) and the CMSG_* arithmetic the probe measured.
#[test]
#[cfg_attr(miri, ignore)]
fn scm_rights_through_msghdr() {
    let sv = net::new_socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let extra = net::new_socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let mut fds = Fds(std::vec![sv[0], sv[1], extra[0], extra[1]]);
    let space = CMSG_HDR_LEN + 4usize.next_multiple_of(CMSG_ALIGN_TO);
    assert_eq!(space as i64, layout::CMSG_SPACE_1 - layout::CMSG_SPACE_0 + layout::CMSG_LEN_0);

    // The control buffer, built as a cmsghdr followed by one int; u64 words keep it aligned.
    let mut ctl = [0u64; 8];
    let mut hdr = zeroed_cmsghdr();
    hdr.cmsg_len = (CMSG_HDR_LEN + 4) as CtlLen;
    hdr.cmsg_level = SOL_SOCKET;
    hdr.cmsg_type = SCM_RIGHTS;
    // SAFETY: ctl is 64 bytes, 8-aligned, so a cmsghdr fits at its start, and the int after
    // the header at CMSG_HDR_LEN (at most 16) is in bounds too.
    unsafe {
        ctl.as_mut_ptr().cast::<cmsghdr>().write(hdr);
        ctl.as_mut_ptr().cast::<u8>().add(CMSG_HDR_LEN).cast::<c_int>().write_unaligned(extra[0]);
    }
    let data = *b"x";
    let mut iov = [net::iovec_ref(&data)];
    let mut msg = msghdr::zeroed();
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = 1;
    msg.msg_control = ctl.as_mut_ptr().cast();
    msg.msg_controllen = space as CtlLen;
    // SAFETY: msg points at iov (one valid buffer) and ctl (space <= 64 bytes), all alive.
    assert_eq!(unsafe { net::sendmsg_raw(sv[0], &msg, 0) }, Ok(1));

    let mut rctl = [0u64; 8];
    let mut rdata = [0u8; 4];
    let mut riov = [net::iovec_mut(&mut rdata)];
    let mut rmsg = msghdr::zeroed();
    rmsg.msg_iov = riov.as_mut_ptr();
    rmsg.msg_iovlen = 1;
    rmsg.msg_control = rctl.as_mut_ptr().cast();
    rmsg.msg_controllen = core::mem::size_of_val(&rctl) as CtlLen;
    // SAFETY: rmsg points at riov (4 writable bytes) and rctl (64 writable bytes).
    assert_eq!(unsafe { net::recvmsg_raw(sv[1], &mut rmsg, 0) }, Ok(1));
    assert_eq!(rdata[0], b'x');
    assert_eq!(rmsg.msg_controllen as usize, space);
    // SAFETY: the kernel wrote one cmsghdr at the start of rctl (controllen checked above).
    let got = unsafe { rctl.as_ptr().cast::<cmsghdr>().read() };
    assert_eq!((got.cmsg_level, got.cmsg_type), (SOL_SOCKET, SCM_RIGHTS));
    assert_eq!(got.cmsg_len as usize, CMSG_HDR_LEN + 4);
    // SAFETY: the passed descriptor is the int right after the header, inside rctl.
    let passed =
        unsafe { rctl.as_ptr().cast::<u8>().add(CMSG_HDR_LEN).cast::<c_int>().read_unaligned() };
    fds.0.push(passed);
    // The received descriptor is the other socketpair's end: data written there arrives.
    assert_eq!(net::send_buf(passed, b"z", 0), Ok(1));
    let mut b = [0u8; 1];
    assert_eq!(net::recv_buf(extra[1], &mut b, 0), Ok(1));
}

fn zeroed_cmsghdr() -> cmsghdr {
    // SAFETY: cmsghdr is integers only (plus padding fields); all-zero is valid.
    unsafe { core::mem::zeroed() }
}

/// SO_RCVTIMEO carries a struct timeval (time_t and suseconds_t differ per target).
#[test]
#[cfg_attr(miri, ignore)]
fn rcvtimeo_timeval_and_poll() {
    let sv = net::new_socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let _fds = Fds(sv.to_vec());
    let tv = timeval::new(0, 20_000);
    // SAFETY: reading the bytes of a repr(C) struct of two integers without padding
    // (timeval sizes are asserted against the probe; no padding on any target here).
    let raw = unsafe {
        core::slice::from_raw_parts(
            (&tv as *const timeval).cast::<u8>(),
            core::mem::size_of::<timeval>(),
        )
    };
    net::setsockopt_buf(sv[0], SOL_SOCKET, SO_RCVTIMEO, raw).unwrap();
    let mut back = [0u8; 32];
    let n = net::getsockopt_buf(sv[0], SOL_SOCKET, SO_RCVTIMEO, &mut back).unwrap();
    if n == 4 && core::mem::size_of::<timeval>() == 16 && cfg!(target_pointer_width = "32") {
        // A C program gets the same: qemu-user (7.2) passes the 64-bit-time option number
        // (SO_RCVTIMEO_NEW, which 32-bit musl 1.2 and glibc's _TIME_BITS=64 use) through as
        // an int option.
        std::println!(
            "SKIP rcvtimeo_timeval_and_poll: getsockopt(SO_RCVTIMEO) wrote 4 bytes (qemu-user)"
        );
        return;
    }
    assert_eq!(n, core::mem::size_of::<timeval>());
    // SAFETY: n bytes of a timeval were written; read_unaligned copes with the byte buffer.
    let got = unsafe { back.as_ptr().cast::<timeval>().read_unaligned() };
    assert_eq!(got.tv_sec, 0);
    assert!(got.tv_usec > 0 && got.tv_usec < 1_000_000, "tv_usec {}", got.tv_usec as i64);
    let mut buf = [0u8; 4];
    let err = net::recv_buf(sv[0], &mut buf, 0).unwrap_err();
    assert!(err == Errno(e::EAGAIN) || err == Errno(e::EWOULDBLOCK), "{err:?}");

    let (pollin, pollout) = (os::POLLIN as i16, os::POLLOUT as i16);
    // poll: writable at once, not readable within 0 ms; readable after a send.
    assert_eq!(time::poll_one(sv[0], pollout, 0).unwrap() & pollout, pollout);
    assert_eq!(time::poll_one(sv[1], pollin, 0).unwrap(), 0);
    net::send_buf(sv[0], b"!", 0).unwrap();
    assert_eq!(time::poll_one(sv[1], pollin, 1000).unwrap() & pollin, pollin);
    let t0 = time::monotonic_ns();
    assert_ne!(t0, 0, "clock_gettime(CLOCK_MONOTONIC) failed");
    assert!(time::monotonic_ns() >= t0);
}

/// getaddrinfo / getnameinfo on numeric input only (no DNS): the addrinfo field order
/// (ai_addr before or after ai_canonname) and getnameinfo's length types.
#[test]
#[cfg_attr(miri, ignore)]
fn resolver_numeric() {
    let mut hints: addrinfo = zeroed_addrinfo();
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    let mut res: *mut addrinfo = core::ptr::null_mut();
    // SAFETY: NUL-terminated strings, valid hints, res is written on success.
    let rc =
        unsafe { netdb::getaddrinfo(c"127.0.0.1".as_ptr(), c"8080".as_ptr(), &hints, &mut res) };
    assert_eq!(rc, 0, "getaddrinfo: {:?}", netdb::gai_message(rc));
    // SAFETY: on success res is a valid list head until freeaddrinfo.
    let first = unsafe { &*res };
    assert_eq!(first.ai_family, AF_INET);
    assert_eq!(first.ai_socktype, SOCK_STREAM);
    assert_eq!(first.ai_addrlen as usize, core::mem::size_of::<sockaddr_in>());
    // SAFETY: ai_addr points at ai_addrlen bytes of address.
    let bytes = unsafe {
        core::slice::from_raw_parts(first.ai_addr.cast::<u8>(), first.ai_addrlen as usize)
    };
    let got = SockAddr::decode(bytes);
    let mut sa = SockaddrBuf::new();
    sa.storage.as_bytes_mut()[..bytes.len()].copy_from_slice(bytes);
    sa.len = first.ai_addrlen;
    // SAFETY: res came from getaddrinfo and is freed once.
    unsafe { netdb::freeaddrinfo(res) };
    assert_eq!(got, Some(SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080))));

    let mut host = [0u8; 64];
    let mut serv = [0u8; 16];
    // SAFETY: sa holds sa.len bytes of address; host and serv are writable for their lengths.
    let rc = unsafe {
        netdb::getnameinfo(
            sa.storage.as_ptr(),
            sa.len,
            host.as_mut_ptr().cast(),
            host.len() as netdb::NameLen,
            serv.as_mut_ptr().cast(),
            serv.len() as netdb::NameLen,
            NI_NUMERICHOST | NI_NUMERICSERV,
        )
    };
    assert_eq!(rc, 0, "getnameinfo: {:?}", netdb::gai_message(rc));
    assert_eq!(cstr(&host), "127.0.0.1");
    assert_eq!(cstr(&serv), "8080");

    // A name that is not numeric, with AI_NUMERICHOST: EAI_NONAME, and its message.
    // SAFETY: as above.
    let rc = unsafe {
        netdb::getaddrinfo(c"not a number".as_ptr(), core::ptr::null(), &hints, &mut res)
    };
    assert_eq!(rc, crate::consts::EAI_NONAME);
    assert!(netdb::gai_message(rc).is_some_and(|m| !m.is_empty()));
    assert!(netdb::h_message(1).is_some_and(|m| !m.is_empty()));
}

fn zeroed_addrinfo() -> addrinfo {
    // SAFETY: addrinfo is integers and nullable pointers; all-zero is valid.
    unsafe { core::mem::zeroed() }
}

fn cstr(b: &[u8]) -> String {
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..n]).into_owned()
}

/// gethostname, and the services/protocols databases through the `_r` calls where the
/// platform has them (glibc, musl, FreeBSD), the plain ones elsewhere.
#[test]
#[cfg_attr(miri, ignore)]
fn host_service_protocol_databases() {
    let mut name = [0u8; 256];
    // SAFETY: name is writable for its length.
    assert_eq!(unsafe { netdb::gethostname(name.as_mut_ptr().cast(), name.len()) }, 0);
    assert!(!cstr(&name).is_empty());

    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    let mut buf = [0u8; 1024];
    #[cfg(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd"))]
    {
        let mut pe: protoent = zeroed_any();
        let mut out: *mut protoent = core::ptr::null_mut();
        // SAFETY: every pointer is valid for the call; buf for buf.len() bytes.
        let rc = unsafe {
            netdb::getprotobyname_r(
                c"tcp".as_ptr(),
                &mut pe,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut out,
            )
        };
        if rc != 0 || out.is_null() {
            skip("host_service_protocol_databases", "no 'tcp' in the protocols database");
        } else {
            assert_eq!(pe.p_proto, IPPROTO_TCP);
        }
    }
    #[cfg(not(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd")))]
    {
        // SAFETY: a NUL-terminated name; the result points into static storage, read at once.
        let pe = unsafe { netdb::getprotobyname(c"tcp".as_ptr()) };
        if pe.is_null() {
            skip("host_service_protocol_databases", "no 'tcp' in the protocols database");
        } else {
            // SAFETY: non-null: a valid protoent until the next call on this thread.
            assert_eq!(unsafe { (*pe).p_proto }, IPPROTO_TCP);
        }
    }
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    {
        let mut se: servent = zeroed_any();
        let mut sout: *mut servent = core::ptr::null_mut();
        // SAFETY: as above.
        let rc = unsafe {
            netdb::getservbyport_r(
                (80u16.to_be()) as c_int,
                c"tcp".as_ptr(),
                &mut se,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut sout,
            )
        };
        if rc != 0 || sout.is_null() {
            skip("host_service_protocol_databases", "no port 80/tcp in /etc/services");
        } else {
            assert_eq!(u16::from_be(se.s_port as u16), 80);
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
fn zeroed_any<T>() -> T {
    // SAFETY: only used for protoent/servent: pointers and integers, all-zero is valid.
    unsafe { core::mem::zeroed() }
}

/// The C library's own inet_pton/inet_ntop/inet_aton (used by differential tests).
#[test]
#[cfg_attr(miri, ignore)]
fn c_inet_functions() {
    assert_eq!(inet::c_inet_aton(b"127.1\0"), Some([127, 0, 0, 1]));
    let v6 = inet::c_inet_pton(AF_INET6, b"::1\0").unwrap().unwrap();
    assert_eq!(v6, Ipv6Addr::LOCALHOST.octets());
    let mut buf = [0u8; 64];
    let n = inet::c_inet_ntop(AF_INET6, &v6, &mut buf).unwrap();
    assert_eq!(&buf[..n], b"::1");
}

/// recvmmsg/sendmmsg (Linux): mmsghdr layout.
#[test]
#[cfg(target_os = "linux")]
#[cfg_attr(miri, ignore)]
fn mmsg_batch() {
    let sv = net::new_socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
    let _fds = Fds(sv.to_vec());
    let (a, b) = (*b"one", *b"second");
    let mut iovs = [net::iovec_ref(&a), net::iovec_ref(&b)];
    let mut msgs = [mmsghdr { msg_hdr: msghdr::zeroed(), msg_len: 0 }; 2];
    for (m, iov) in msgs.iter_mut().zip(iovs.iter_mut()) {
        m.msg_hdr.msg_iov = iov;
        m.msg_hdr.msg_iovlen = 1;
    }
    // SAFETY: each header points at one iovec over a live buffer.
    match unsafe { net::sendmmsg_raw(sv[0], &mut msgs, 0) } {
        Ok(n) => assert_eq!(n, 2),
        Err(Errno(x)) if x == e::ENOSYS => {
            return skip("mmsg_batch", "sendmmsg: ENOSYS (emulator without the syscall)");
        }
        Err(err) => panic!("sendmmsg: {err:?}"),
    }
    assert_eq!((msgs[0].msg_len, msgs[1].msg_len), (3, 6));
    let mut r0 = [0u8; 8];
    let mut r1 = [0u8; 8];
    let mut riovs = [net::iovec_mut(&mut r0), net::iovec_mut(&mut r1)];
    let mut rmsgs = [mmsghdr { msg_hdr: msghdr::zeroed(), msg_len: 0 }; 2];
    for (m, iov) in rmsgs.iter_mut().zip(riovs.iter_mut()) {
        m.msg_hdr.msg_iov = iov;
        m.msg_hdr.msg_iovlen = 1;
    }
    // SAFETY: each header points at one iovec over a live, writable buffer.
    assert_eq!(unsafe { net::recvmmsg_raw(sv[1], &mut rmsgs, 0) }, Ok(2));
    assert_eq!((rmsgs[0].msg_len, rmsgs[1].msg_len), (3, 6));
    assert_eq!(&r0[..3], b"one");
    assert_eq!(&r1[..6], b"second");
}

/// AF_NETLINK: NETLINK_ROUTE works under qemu-user; other protocols are refused there.
#[test]
#[cfg(bsdsock_have = "linux_netlink_h")]
#[cfg_attr(miri, ignore)]
fn netlink_sockets() {
    use crate::consts::{AF_NETLINK, NETLINK_GENERIC, NETLINK_ROUTE, SOCK_RAW};
    let s = net::new_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE).expect("NETLINK_ROUTE");
    let _fds = Fds(std::vec![s]);
    let nl =
        sockaddr_nl { nl_family: AF_NETLINK as sa_family_t, nl_pad: 0, nl_pid: 0, nl_groups: 0 };
    let mut b = SockaddrBuf::new();
    // SAFETY: sockaddr_nl is 12 bytes of integers without padding.
    let raw = unsafe {
        core::slice::from_raw_parts((&nl as *const sockaddr_nl).cast::<u8>(), size_of_nl())
    };
    b.storage.as_bytes_mut()[..raw.len()].copy_from_slice(raw);
    b.len = raw.len() as socklen_t;
    net::bind_addr(s, &b).expect("bind netlink");
    let mut name = SockaddrBuf::new();
    net::sockname(s, &mut name).unwrap();
    assert_eq!(name.len as usize, size_of_nl());
    match net::new_socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC) {
        Ok(g) => drop(Fds(std::vec![g])),
        Err(Errno(x)) if x == e::EPROTONOSUPPORT => skip(
            "netlink_sockets",
            "NETLINK_GENERIC: EPROTONOSUPPORT (qemu-user only emulates NETLINK_ROUTE)",
        ),
        Err(err) => panic!("NETLINK_GENERIC: {err:?}"),
    }
}

#[cfg(bsdsock_have = "linux_netlink_h")]
const fn size_of_nl() -> usize {
    core::mem::size_of::<sockaddr_nl>()
}

/// AF_TIPC needs the kernel module, which this VM's kernel lacks.
#[test]
#[cfg(bsdsock_const = "AF_TIPC")]
#[cfg_attr(miri, ignore)]
fn tipc_socket_or_skip() {
    use crate::consts::{AF_TIPC, SOCK_RDM};
    match net::new_socket(AF_TIPC, SOCK_RDM, 0) {
        Ok(s) => drop(Fds(std::vec![s])),
        Err(Errno(x)) if x == e::EAFNOSUPPORT => {
            skip("tipc_socket_or_skip", "AF_TIPC: EAFNOSUPPORT (kernel without the tipc module)")
        }
        Err(err) => panic!("AF_TIPC: {err:?}"),
    }
}

/// The SIGPIPE strategy the target uses (informational; the dead-peer send in
/// `tcp_loopback_v4` checks it works).
#[test]
fn sigpipe_strategy_is_defined() {
    const { assert!(net::SEND_FLAGS != 0 || net::USES_SO_NOSIGPIPE, "no way to suppress SIGPIPE") };
}
