//! Numeric hosts never reach the resolver: run under strace to see no socket to port 53 and
//! no open of /etc/hosts.
//!
//! `strace -f -e trace=openat,socket,connect,bind cargo run -q --example numeric_hosts`
//! (or strace the built binary in target/debug/examples/).

use bsdsock::sys::net::{SockaddrBuf, bind_addr, connect_addr, listen_fd, new_socket};
use bsdsock::{AF_INET, AF_INET6, AF_UNSPEC, AI_NUMERICHOST, SOCK_STREAM, ToSockAddr, getaddrinfo};

fn main() {
    // 1. getaddrinfo of numeric hosts.
    for host in ["127.0.0.1", "::1"] {
        let r = getaddrinfo(Some(host), 80u16, AF_UNSPEC, SOCK_STREAM, 0, AI_NUMERICHOST);
        let n = r.map(|r| r.count()).unwrap_or(0);
        println!("getaddrinfo({host:?}, 80, AI_NUMERICHOST): {n} result(s)");
    }
    let r = getaddrinfo(Some("127.0.0.1"), 80u16, AF_INET, SOCK_STREAM, 0, 0);
    println!(
        "getaddrinfo(\"127.0.0.1\", 80) without flags: {} result(s)",
        r.map(|r| r.count()).unwrap_or(0)
    );

    // 2. bind + connect with a numeric (host, port) argument: the fast path.
    let addr = ("127.0.0.1", 0).to_sockaddr(AF_INET).expect("numeric");
    let mut buf = SockaddrBuf::new();
    addr.encode(&mut buf).expect("encode");
    let l = new_socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    bind_addr(l, &buf).expect("bind");
    listen_fd(l, 1).expect("listen");
    let mut name = SockaddrBuf::new();
    bsdsock::sys::net::sockname(l, &mut name).expect("getsockname");
    let port = match bsdsock::SockAddr::decode(name.bytes()) {
        Some(bsdsock::SockAddr::Inet(a)) => a.port(),
        _ => 0,
    };
    let target = ("127.0.0.1", port).to_sockaddr(AF_INET).expect("numeric");
    target.encode(&mut buf).expect("encode");
    let c = new_socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    println!("connect to {target}: {:?}", connect_addr(c, &buf));
    let six = ("::1", 9, 0, 0).to_sockaddr(AF_INET6).expect("numeric");
    println!("('::1', 9, 0, 0) -> {six}");
    let _ = bsdsock::sys::fd::close_fd(c);
    let _ = bsdsock::sys::fd::close_fd(l);
}
