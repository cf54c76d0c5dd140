//! The reference's IPv4 echo server (section 17.2.2): serves one client on port 50007.
//!
//! `cargo run --example echo_server`, then `cargo run --example echo_client`.
//!
//! `HOST = ''` is Python's symbolic name for all interfaces: `("", PORT)` resolves to
//! `0.0.0.0` through the same host resolution as Python's (A11).

use bsdsock::{AF_INET, SOCK_STREAM};

const HOST: &str = ""; // Symbolic name meaning all available interfaces
const PORT: u16 = 50007; // Arbitrary non-privileged port

fn main() -> bsdsock::Result<()> {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    s.bind((HOST, PORT))?;
    s.listen(1)?;
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
}
