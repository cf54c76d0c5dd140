//! The reference's IPv4 echo server (section 17.2.2): serves one client on port 50007.
//!
//! `cargo run --example echo_server`, then `cargo run --example echo_client`.
//!
//! Python binds `HOST = ''` (all interfaces). NOTE: `""` as the wildcard arrives with the
//! resolver branch of the address codec; until then this binds `0.0.0.0`, which is the
//! same address.

use bsdsock::{AF_INET, SOCK_STREAM, SockAddr};

const HOST: &str = "0.0.0.0"; // Python: '' (symbolic name meaning all available interfaces)
const PORT: u16 = 50007; // Arbitrary non-privileged port

fn main() -> bsdsock::Result<()> {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    s.bind((HOST, PORT))?;
    s.listen(1)?;
    let (conn, addr) = s.accept()?;
    match addr {
        SockAddr::Inet(a) => println!("Connected by ('{}', {})", a.ip(), a.port()),
        other => println!("Connected by {other:?}"),
    }
    loop {
        let data = conn.recv(1024)?;
        if data.is_empty() {
            break;
        }
        conn.sendall(&data)?;
    }
    conn.close()
}
