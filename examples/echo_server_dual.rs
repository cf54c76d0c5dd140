//! The reference's dual-stack echo server (section 17.2.2): listens on the first address
//! getaddrinfo offers for all interfaces, serving one client on port 50007. Which family
//! that is depends on the resolver's sorting: glibc puts `0.0.0.0` first on a host without
//! a global IPv6 address (as Python shows there too); where `::` comes first, it takes IPv4
//! as well unless `net.ipv6.bindv6only` is set.
//!
//! `cargo run --example echo_server_dual`, then `cargo run --example echo_client_dual`.

use bsdsock::{AF_UNSPEC, AI_PASSIVE, SOCK_STREAM, getaddrinfo};

const HOST: Option<&str> = None; // Symbolic name meaning all available interfaces
const PORT: u16 = 50007; // Arbitrary non-privileged port

fn main() -> bsdsock::Result<()> {
    let mut s = None;
    for res in getaddrinfo(HOST, PORT, AF_UNSPEC, SOCK_STREAM, 0, AI_PASSIVE)? {
        let Ok(sock) = bsdsock::socket(res.family, res.socktype, res.proto) else {
            continue;
        };
        if sock.bind(res.sockaddr).and_then(|()| sock.listen(1)).is_err() {
            continue; // sock is closed on drop
        }
        s = Some(sock);
        break;
    }
    let Some(s) = s else {
        println!("could not open socket");
        std::process::exit(1);
    };
    let (conn, addr) = s.accept()?;
    println!("Connected by {addr}");
    loop {
        let data = conn.recv(1024)?;
        if data.is_empty() {
            break;
        }
        conn.send(&data)?;
    }
    conn.close()
}
