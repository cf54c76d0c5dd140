//! Numeric hosts never reach the resolver: run under strace to see no socket to port 53 and
//! no open of /etc/hosts.
//!
//! `strace -f -e trace=openat,socket,connect,bind cargo run -q --example numeric_hosts`
//! (or strace the built binary in target/debug/examples/).

use bsdsock::{
    AF_INET, AF_INET6, AF_UNSPEC, AI_NUMERICHOST, SOCK_STREAM, SockAddr, ToSockAddr, getaddrinfo,
    socket,
};

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
    let l = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    l.bind(("127.0.0.1", 0)).expect("bind");
    l.listen(1).expect("listen");
    let port = match l.getsockname().expect("getsockname") {
        SockAddr::Inet(a) => a.port(),
        _ => 0,
    };
    let target = ("127.0.0.1", port).to_sockaddr(AF_INET).expect("numeric");
    let c = socket(AF_INET, SOCK_STREAM, 0).expect("socket");
    println!("connect to {target}: {:?}", c.connect(("127.0.0.1", port)));
    let six = ("::1", 9, 0, 0).to_sockaddr(AF_INET6).expect("numeric");
    println!("('::1', 9, 0, 0) -> {six}");
}
