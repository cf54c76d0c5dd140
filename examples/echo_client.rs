//! The reference's IPv4 echo client (section 17.2.2): sends `Hello, world` to port 50007
//! and prints the reply. Run `cargo run --example echo_server` first.
//!
//! Python connects to `'daring.cwi.nl'`; the host name here is `localhost` (or the first
//! argument), resolved by getaddrinfo(3) as Python's connect does.

use bsdsock::{AF_INET, SOCK_STREAM};

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
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    s.connect((host.as_str(), PORT))?;
    s.sendall(b"Hello, world")?;
    let data = s.recv(1024)?;
    s.close()?;
    println!("Received {}", repr(&data));
    Ok(())
}
