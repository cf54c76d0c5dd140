//! A file server that sends with `Socket::sendfile` (Python 3.5's `socket.sendfile(file)`):
//! zero copy with sendfile(2) on Linux, read + send elsewhere; each client gets the whole
//! file, with a 30 s timeout on the whole transfer.
//!
//! `cargo run --example sendfile_server [-- FILE [PORT]]`: with a port it serves every client
//! that connects (`nc 127.0.0.1 PORT > copy`); without one it serves one client of its own
//! and checks that the bytes arrived intact. FILE defaults to this example's source.

use bsdsock::{AF_INET, Timeout, create_connection, create_server};

fn main() -> bsdsock::Result<()> {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sendfile_server.rs").to_string();
    let path = std::env::args().nth(1).unwrap_or(default);
    let port: Option<u16> = std::env::args().nth(2).and_then(|p| p.parse().ok());
    let file = std::fs::File::open(&path).map_err(|e| {
        eprintln!("{path}: {e}");
        bsdsock::Error::Os(e.raw_os_error().unwrap_or(0))
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let server = create_server(("127.0.0.1", port.unwrap_or(0)), AF_INET, None, false, false)?;
    println!("serving {path} ({size} bytes) on {}", server.getsockname()?);

    let client = if port.is_none() {
        let addr = server.getsockname()?;
        Some(std::thread::spawn(move || -> bsdsock::Result<Vec<u8>> {
            let (host, port) = match addr.as_socket_addr() {
                Some(a) => (a.ip().to_string(), a.port()),
                None => return Ok(Vec::new()),
            };
            let c = create_connection((host.as_str(), port), Timeout::Seconds(5.0), None)?;
            let mut got = Vec::new();
            loop {
                let d = c.recv(65536)?;
                if d.is_empty() {
                    return Ok(got);
                }
                got.extend_from_slice(&d);
            }
        }))
    } else {
        None
    };

    loop {
        let (conn, peer) = server.accept()?;
        conn.settimeout(Some(30.0))?; // a cap on the whole transfer, not on each write
        let sent = conn.sendfile(&file, 0, None)?;
        println!("sent {sent} bytes to {peer}");
        drop(conn);
        if let Some(client) = client {
            let got = client.join().expect("client thread")?;
            let want = std::fs::read(&path).unwrap_or_default();
            println!("client received {} bytes, identical to the file: {}", got.len(), got == want);
            return Ok(());
        }
    }
}
