//! The reference's echo server and client (section 17.2.2), run together in one
//! process: the server thread accepts one client and echoes what it receives; the client
//! sends `Hello, world` and prints the reply. Prints what the Python programs print:
//!
//! ```text
//! Connected by ('127.0.0.1', 45678)
//! Received 'Hello, world'
//! ```
//!
//! `cargo run --example echo`

use bsdsock::{AF_INET, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, SockAddr};

/// Python 2's repr of a byte string (`'Hello, world'`).
fn bytes_repr(b: &[u8]) -> String {
    let mut s = String::from("'");
    for &c in b {
        match c {
            b'\'' => s.push_str("\\'"),
            b'\\' => s.push_str("\\\\"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('\'');
    s
}

fn main() -> bsdsock::Result<()> {
    // Echo server program. HOST = '' (all interfaces); an ephemeral port instead of 50007,
    // so the demo never collides with anything.
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    s.bind(("", 0))?;
    s.listen(1)?;
    let SockAddr::Inet(bound) = s.getsockname()? else { unreachable!("an AF_INET socket") };
    let port = bound.port();

    let server = std::thread::spawn(move || -> bsdsock::Result<()> {
        let (conn, addr) = s.accept()?;
        println!("Connected by {addr}");
        loop {
            let data = conn.recv(1024)?;
            if data.is_empty() {
                break;
            }
            conn.sendall(&data)?;
        }
        conn.close()
    });

    // Echo client program: the host name goes through the resolver (Python's setipaddr).
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    c.connect(("localhost", port))?;
    c.sendall(b"Hello, world")?;
    let data = c.recv(1024)?;
    c.close()?;
    server.join().expect("server thread")?;
    println!("Received {}", bytes_repr(&data));
    Ok(())
}
