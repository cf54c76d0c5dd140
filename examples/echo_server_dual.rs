//! The reference's dual-stack echo server (section 17.2.2): listens on the first address
//! family that works, IPv6 first, serving one client on port 50007.
//!
//! NOTE: Python walks `getaddrinfo(None, PORT, AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE)`.
//! `bsdsock::getaddrinfo` is being written in another branch; until it is merged, this
//! walks the list that call returns on Linux (`::`, then `0.0.0.0`) with the same loop:
//! try socket(), then bind() + listen(), skip to the next candidate on error.

use bsdsock::{AF_INET, AF_INET6, SOCK_STREAM, SockAddr};

const PORT: u16 = 50007; // Arbitrary non-privileged port

fn main() {
    let candidates = [(AF_INET6, "::"), (AF_INET, "0.0.0.0")];
    let mut s = None;
    for (af, host) in candidates {
        let Ok(sock) = bsdsock::socket(af, SOCK_STREAM, 0) else { continue };
        if sock.bind((host, PORT)).and_then(|()| sock.listen(1)).is_err() {
            continue; // sock is closed on drop
        }
        s = Some(sock);
        break;
    }
    let Some(s) = s else {
        println!("could not open socket");
        std::process::exit(1);
    };
    let (conn, addr) = s.accept().expect("accept");
    match addr {
        SockAddr::Inet(a) => println!("Connected by ('{}', {})", a.ip(), a.port()),
        SockAddr::Inet6(a) => println!(
            "Connected by ('{}', {}, {}, {})",
            a.ip(),
            a.port(),
            a.flowinfo(),
            a.scope_id()
        ),
        other => println!("Connected by {other:?}"),
    }
    loop {
        let data = conn.recv(1024).expect("recv");
        if data.is_empty() {
            break;
        }
        conn.send(&data).expect("send");
    }
}
