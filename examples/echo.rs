//! The reference's echo server and client (section 17.2.2), run together on loopback in one
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

/// Python's repr of an address tuple.
fn addr_repr(a: &SockAddr) -> String {
    match a {
        SockAddr::Inet(a) => format!("('{}', {})", a.ip(), a.port()),
        SockAddr::Inet6(a) => {
            format!("('{}', {}, {}, {})", a.ip(), a.port(), a.flowinfo(), a.scope_id())
        }
        other => format!("{other:?}"),
    }
}

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
    // Echo server program (on an ephemeral loopback port, so the demo never collides).
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    s.bind(("127.0.0.1", 0))?;
    s.listen(1)?;
    let server_addr = s.getsockname()?;

    let server = std::thread::spawn(move || -> bsdsock::Result<()> {
        let (conn, addr) = s.accept()?;
        println!("Connected by {}", addr_repr(&addr));
        loop {
            let data = conn.recv(1024)?;
            if data.is_empty() {
                break;
            }
            conn.sendall(&data)?;
        }
        conn.close()
    });

    // Echo client program.
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    c.connect(server_addr)?;
    c.sendall(b"Hello, world")?;
    let data = c.recv(1024)?;
    c.close()?;
    server.join().expect("server thread")?;
    println!("Received {}", bytes_repr(&data));
    Ok(())
}
