//! The reference's dual-stack echo client (section 17.2.2): tries every address getaddrinfo
//! returns for the server, in order, and talks to the first that connects.
//!
//! Python resolves `'daring.cwi.nl'`; the host here is `localhost` (or the first argument).
//! `bsdsock::create_connection` does the same walk in one call (and races the attempts,
//! RFC 8305); this is the reference's loop, written out.

use bsdsock::{AF_UNSPEC, SOCK_STREAM, getaddrinfo};

const PORT: u16 = 50007; // The same port as used by the server

/// Python 2's repr of a byte string (`'Hello, world'`).
fn repr(b: &[u8]) -> String {
    let mut s = String::from("'");
    for &c in b {
        match c {
            b'\'' | b'\\' => s.extend(['\\', c as char]),
            b'\n' => s.push_str("\\n"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s + "'"
}

fn main() -> bsdsock::Result<()> {
    let host = std::env::args().nth(1).unwrap_or_else(|| "localhost".into()); // The remote host
    let mut s = None;
    for res in getaddrinfo(Some(&host), PORT, AF_UNSPEC, SOCK_STREAM, 0, 0)? {
        let Ok(sock) = bsdsock::socket(res.family, res.socktype, res.proto) else {
            continue;
        };
        if sock.connect(res.sockaddr).is_err() {
            continue; // sock is closed on drop
        }
        s = Some(sock);
        break;
    }
    let Some(s) = s else {
        println!("could not open socket");
        std::process::exit(1);
    };
    s.sendall(b"Hello, world")?;
    let data = s.recv(1024)?;
    s.close()?;
    println!("Received {}", repr(&data));
    Ok(())
}
