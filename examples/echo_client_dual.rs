//! The reference's dual-stack echo client (section 17.2.2): tries every address of the
//! server in turn and talks to the first that connects.
//!
//! NOTE: Python walks `getaddrinfo(HOST, PORT, AF_UNSPEC, SOCK_STREAM)` for
//! `'daring.cwi.nl'`. `bsdsock::getaddrinfo` is being written in another branch; until it
//! is merged, this walks what that call returns for `localhost` (`::1`, then `127.0.0.1`)
//! with the same loop.

use bsdsock::{AF_INET, AF_INET6, SOCK_STREAM};

const PORT: u16 = 50007; // The same port as used by the server

fn main() {
    let candidates = [(AF_INET6, "::1"), (AF_INET, "127.0.0.1")];
    let mut s = None;
    for (af, host) in candidates {
        let Ok(sock) = bsdsock::socket(af, SOCK_STREAM, 0) else { continue };
        if sock.connect((host, PORT)).is_err() {
            continue;
        }
        s = Some(sock);
        break;
    }
    let Some(s) = s else {
        println!("could not open socket");
        std::process::exit(1);
    };
    s.sendall(b"Hello, world").expect("sendall");
    let data = s.recv(1024).expect("recv");
    drop(s);
    println!("Received '{}'", String::from_utf8_lossy(&data));
}
