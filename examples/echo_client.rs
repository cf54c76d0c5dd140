//! The reference's IPv4 echo client (section 17.2.2): sends `Hello, world` to port 50007
//! and prints the reply. Run `cargo run --example echo_server` first.
//!
//! Python connects to `'daring.cwi.nl'`; the example uses the loopback address so it never
//! needs DNS (host names resolve once the resolver branch of the address codec is merged).

use bsdsock::{AF_INET, SOCK_STREAM};

const HOST: &str = "127.0.0.1"; // The remote host
const PORT: u16 = 50007; // The same port as used by the server

fn main() -> bsdsock::Result<()> {
    let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    s.connect((HOST, PORT))?;
    s.sendall(b"Hello, world")?;
    let data = s.recv(1024)?;
    s.close()?;
    println!("Received '{}'", String::from_utf8_lossy(&data));
    Ok(())
}
