//! Address arguments (`ToSockAddr`): host resolution against the socket's family (A11–A24,
//! 3.x), unix paths (A25–A31), netlink and TIPC forms, wrong shapes, and issue 3's bad
//! inputs, each with its exact error.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};

use bsdsock::{AF_INET, AF_INET6, AF_UNIX, EAI_ADDRFAMILY, Error, SockAddr, ToSockAddr, UnixAddr};
#[cfg(all(target_os = "linux", not(target_env = "musl")))]
use bsdsock::{AF_NETLINK, AF_TIPC};

fn v4(a: [u8; 4], port: u16) -> SockAddr {
    SockAddr::Inet(SocketAddrV4::new(Ipv4Addr::from(a), port))
}

fn v6(a: Ipv6Addr, port: u16, flow: u32, scope: u32) -> SockAddr {
    SockAddr::Inet6(SocketAddrV6::new(a, port, flow, scope))
}

#[test]
fn numeric_hosts_fast_path() {
    assert_eq!(("127.0.0.1", 80).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 80)));
    assert_eq!(("::1", 80).to_sockaddr(AF_INET6), Ok(v6(Ipv6Addr::LOCALHOST, 80, 0, 0)));
    assert_eq!(("::1", 80, 5, 7).to_sockaddr(AF_INET6), Ok(v6(Ipv6Addr::LOCALHOST, 80, 5, 7)));
}

#[test]
fn wildcard() {
    // A11 / A21: '' is 0.0.0.0 or ::.
    assert_eq!(("", 0).to_sockaddr(AF_INET), Ok(v4([0, 0, 0, 0], 0)));
    assert_eq!(("", 9).to_sockaddr(AF_INET6), Ok(v6(Ipv6Addr::UNSPECIFIED, 9, 0, 0)));
}

#[test]
fn broadcast() {
    // A13: '<broadcast>' (and 3.x's '255.255.255.255') on AF_INET, mismatch on AF_INET6.
    assert_eq!(("<broadcast>", 5).to_sockaddr(AF_INET), Ok(v4([255; 4], 5)));
    assert_eq!(("255.255.255.255", 5).to_sockaddr(AF_INET), Ok(v4([255; 4], 5)));
    assert_eq!(
        ("<broadcast>", 5).to_sockaddr(AF_INET6),
        Err(Error::Socket("address family mismatched"))
    );
    assert_eq!(
        ("<broadcast>", 5, 0, 0).to_sockaddr(AF_INET6),
        Err(Error::Socket("address family mismatched"))
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn dotted_quad_on_inet6_is_the_resolver_error() {
    // A16 as 3.x: the strict fast path does not take it; getaddrinfo answers, and we return
    // exactly what the C library says (glibc: EAI_ADDRFAMILY, -9).
    let got = ("127.0.0.1", 80).to_sockaddr(AF_INET6);
    let c =
        bsdsock::getaddrinfo(Some("127.0.0.1"), bsdsock::Port::None, AF_INET6, 0, 0, 0).map(|_| ());
    assert_eq!(got.map(|_| ()), c);
    if cfg!(all(target_os = "linux", target_env = "gnu")) {
        assert_eq!(got, Err(Error::AddrLookup(EAI_ADDRFAMILY)));
        assert_eq!(
            got.unwrap_err().to_string(),
            format!("[Errno {EAI_ADDRFAMILY}] Address family for hostname not supported")
        );
        // A17: '::1' on AF_INET, the same error.
        assert_eq!(("::1", 80).to_sockaddr(AF_INET), Err(Error::AddrLookup(EAI_ADDRFAMILY)));
    }
}

#[test]
fn nul_in_host() {
    let e = Err(Error::Type("host name must not contain null character"));
    assert_eq!(("local\0host", 80).to_sockaddr(AF_INET), e);
    assert_eq!(("::1\0", 80).to_sockaddr(AF_INET6), e);
    assert_eq!(("a\0", 80, 0, 0).to_sockaddr(AF_INET6), e);
}

#[test]
fn overlong_host_is_an_error_not_a_truncation() {
    let long = "a".repeat(1025);
    assert_eq!((&*long, 80).to_sockaddr(AF_INET), Err(Error::Value("host name too long")));
}

#[test]
fn flowinfo_range() {
    // A23: above 0xFFFFF.
    assert_eq!(
        ("::1", 80, 0x10_0000, 0).to_sockaddr(AF_INET6),
        Err(Error::Overflow("getsockaddrarg: flowinfo must be 0-1048575."))
    );
    // A negative Python flowinfo (-1) wraps to u32::MAX: the same error.
    assert_eq!(
        ("::1", 80, u32::MAX, 0).to_sockaddr(AF_INET6),
        Err(Error::Overflow("getsockaddrarg: flowinfo must be 0-1048575."))
    );
    assert_eq!(
        ("::1", 80, 0xF_FFFF, u32::MAX).to_sockaddr(AF_INET6),
        Ok(v6(Ipv6Addr::LOCALHOST, 80, 0xF_FFFF, u32::MAX))
    );
}

#[test]
#[cfg_attr(miri, ignore)]
fn names_go_through_getaddrinfo() {
    // localhost is in /etc/hosts as 127.0.0.1 (no DNS).
    assert_eq!(("localhost", 8080).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 8080)));
    // 3.x: '127.0.0.010' is not strict inet_pton text, so the resolver reads it (octal).
    if cfg!(all(target_os = "linux", target_env = "gnu")) {
        assert_eq!(("127.0.0.010", 1).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 8], 1)));
        assert_eq!(("127.1", 1).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 1)));
    }
}

#[test]
fn unix_paths() {
    let max = bsdsock::addr::sockaddr::UNIX_PATH_MAX;
    let ok = "p".repeat(max - 1);
    assert!(ok.to_sockaddr(AF_UNIX).is_ok());
    // A28: 108 bytes regular.
    let long = "p".repeat(max);
    assert_eq!(long.as_str().to_sockaddr(AF_UNIX), Err(Error::Socket("AF_UNIX path too long")));
    assert_eq!(long.as_bytes().to_sockaddr(AF_UNIX), Err(Error::Socket("AF_UNIX path too long")));
    // A26: 109 bytes abstract.
    let mut abs = vec![b'a'; max + 1];
    abs[0] = 0;
    assert_eq!(abs[..].to_sockaddr(AF_UNIX), Err(Error::Socket("AF_UNIX path too long")));
    assert!(abs[..max].to_sockaddr(AF_UNIX).unwrap().as_unix().unwrap().is_abstract());
    // Byte arrays, Path, OsStr, non-UTF-8.
    assert_eq!(b"\0abc".to_sockaddr(AF_UNIX), Ok(SockAddr::Unix(UnixAddr::new(b"\0abc").unwrap())));
    use std::os::unix::ffi::OsStrExt;
    let os = std::ffi::OsStr::from_bytes(b"/tmp/\xff");
    assert_eq!(os.to_sockaddr(AF_UNIX), Ok(SockAddr::Unix(UnixAddr::new(b"/tmp/\xff").unwrap())));
    assert!(std::path::Path::new("/tmp/x").to_sockaddr(AF_UNIX).is_ok());
    // A30: '' is unnamed (autobind on Linux).
    assert!("".to_sockaddr(AF_UNIX).unwrap().as_unix().unwrap().is_unnamed());
}

#[test]
#[cfg(all(target_os = "linux", not(target_env = "musl")))] // musl: no linux/ uapi headers
fn netlink_and_tipc_forms() {
    assert_eq!((0u32, 0u32).to_sockaddr(AF_NETLINK), Ok(SockAddr::Netlink { pid: 0, groups: 0 }));
    // A34: any values, no range check.
    assert_eq!(
        (u32::MAX, 1u32).to_sockaddr(AF_NETLINK),
        Ok(SockAddr::Netlink { pid: u32::MAX, groups: 1 })
    );
    let t = bsdsock::TipcAddr::name(1000, 1, bsdsock::addr::tipc::CLUSTER_SCOPE);
    assert_eq!(t.to_sockaddr(AF_TIPC), Ok(SockAddr::Tipc(t)));
    let bad = bsdsock::TipcAddr { addr_type: 0, v1: 0, v2: 0, v3: 0, scope: 2 };
    assert_eq!(bad.to_sockaddr(AF_TIPC), Err(Error::Type("Invalid address type")));
}

#[test]
fn wrong_shapes() {
    let t = |m| Err(Error::Type(m));
    assert_eq!("/tmp/x".to_sockaddr(AF_INET), t("AF_INET address must be tuple, not str"));
    assert_eq!(b"x".to_sockaddr(AF_INET6), t("AF_INET6 address must be tuple, not bytes"));
    assert_eq!(("h", 1).to_sockaddr(AF_UNIX), t("a bytes-like object is required, not 'tuple'"));
    assert_eq!(
        ("::1", 1, 0, 0).to_sockaddr(AF_INET),
        t("AF_INET address must be a pair (host, port)")
    );
    assert_eq!((1u32, 2u32).to_sockaddr(AF_INET), t("str, bytes or bytearray expected, not int"));
    #[cfg(all(target_os = "linux", not(target_env = "musl")))]
    {
        let n = AF_NETLINK;
        assert_eq!(("h", 1).to_sockaddr(n), t("AF_NETLINK address must be a pair (pid, groups)"));
        assert_eq!("x".to_sockaddr(n), t("AF_NETLINK address must be tuple, not str"));
        assert_eq!(("h", 1).to_sockaddr(AF_TIPC), t("Invalid TIPC address format"));
    }
    // A2: a family without an address format.
    assert_eq!(("h", 1).to_sockaddr(12345), Err(Error::Socket("getsockaddrarg: bad family")));
    assert_eq!("x".to_sockaddr(12345), Err(Error::Socket("getsockaddrarg: bad family")));
}

#[test]
fn ready_made_addresses_pass_through() {
    let a: std::net::SocketAddr = "127.0.0.1:1".parse().unwrap();
    assert_eq!(a.to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 1)));
    let s = v6(Ipv6Addr::LOCALHOST, 2, 0, 0);
    assert_eq!(s.to_sockaddr(AF_INET6), Ok(s));
    let r = &s;
    assert_eq!(ToSockAddr::to_sockaddr(&r, AF_INET6), Ok(s));
}

#[test]
fn owned_and_std_address_forms() {
    use std::net::IpAddr;
    use std::path::PathBuf;
    let host = String::from("127.0.0.1");
    assert_eq!((host.clone(), 80).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 80)));
    assert_eq!((&host, 81).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 81)));
    assert_eq!(
        (String::from("::1"), 80, 5, 7).to_sockaddr(AF_INET6),
        Ok(v6(Ipv6Addr::LOCALHOST, 80, 5, 7))
    );
    assert_eq!((Ipv4Addr::LOCALHOST, 9).to_sockaddr(AF_INET), Ok(v4([127, 0, 0, 1], 9)));
    assert_eq!(
        (Ipv6Addr::LOCALHOST, 9).to_sockaddr(AF_INET6),
        Ok(v6(Ipv6Addr::LOCALHOST, 9, 0, 0))
    );
    assert_eq!((IpAddr::from([10, 1, 2, 3]), 7).to_sockaddr(AF_INET), Ok(v4([10, 1, 2, 3], 7)));
    let path = UnixAddr::new(b"/tmp/x.sock").map(SockAddr::Unix);
    assert_eq!(String::from("/tmp/x.sock").to_sockaddr(AF_UNIX), path);
    assert_eq!(PathBuf::from("/tmp/x.sock").to_sockaddr(AF_UNIX), path);
    assert_eq!(b"/tmp/x.sock".to_vec().to_sockaddr(AF_UNIX), path);
    // The owned forms keep the borrowed forms' errors.
    assert_eq!(
        String::from("/tmp/x.sock").to_sockaddr(AF_INET),
        "/tmp/x.sock".to_sockaddr(AF_INET)
    );
    assert_eq!((String::from("::1"), 80).to_sockaddr(AF_INET), ("::1", 80).to_sockaddr(AF_INET));
}

#[test]
fn bare_none_port() {
    // Python's getaddrinfo(host, None): no service; it compiles without a type annotation.
    let r = bsdsock::getaddrinfo(Some("127.0.0.1"), None, AF_INET, bsdsock::SOCK_STREAM, 0, 0);
    let first = r.unwrap().next().unwrap();
    assert_eq!(first.sockaddr, v4([127, 0, 0, 1], 0));
    let r =
        bsdsock::getaddrinfo(Some("127.0.0.1"), Some(8080), AF_INET, bsdsock::SOCK_STREAM, 0, 0);
    assert_eq!(r.unwrap().next().unwrap().sockaddr, v4([127, 0, 0, 1], 8080));
    let service = String::from("8081");
    let r = bsdsock::getaddrinfo(Some("127.0.0.1"), &service, AF_INET, bsdsock::SOCK_STREAM, 0, 0);
    assert_eq!(r.unwrap().next().unwrap().sockaddr, v4([127, 0, 0, 1], 8081));
}
