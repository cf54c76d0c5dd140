//! A dual-stack echo server made with `create_server` (Python 3.8's
//! `socket.create_server(("", port), family=AF_INET6, dualstack_ipv6=True)`): one AF_INET6
//! socket with IPV6_V6ONLY off takes IPv4 and IPv6 clients; IPv4 peers show as
//! `::ffff:a.b.c.d`. The example connects one client of each family to itself and prints
//! what the server saw.
//!
//! `cargo run --example create_server_echo` (add a port number to serve it for others:
//! `cargo run --example create_server_echo -- 50007`, then e.g. `nc 127.0.0.1 50007`).

use bsdsock::{AF_INET, AF_INET6, Socket, Timeout, create_connection, create_server};

fn serve(conn: Socket) -> bsdsock::Result<()> {
    loop {
        let data = conn.recv(1024)?;
        if data.is_empty() {
            return Ok(());
        }
        conn.sendall(&data)?;
    }
}

fn main() -> bsdsock::Result<()> {
    let fixed: Option<u16> = std::env::args().nth(1).and_then(|p| p.parse().ok());
    let dual = bsdsock::has_dualstack_ipv6();
    let server = if dual {
        create_server(("", fixed.unwrap_or(0)), AF_INET6, None, false, true)?
    } else {
        println!("no dual-stack IPv6 here: serving IPv4 only");
        create_server(("", fixed.unwrap_or(0)), AF_INET, None, false, false)?
    };
    let port = server.getsockname()?.as_socket_addr().map_or(0, |a| a.port());
    println!("listening on {} (dual stack: {dual})", server.getsockname()?);
    if fixed.is_some() {
        loop {
            let (conn, peer) = server.accept()?;
            println!("connected by {peer}");
            std::thread::spawn(move || serve(conn));
        }
    }
    let clients: &[&str] = if dual { &["127.0.0.1", "::1"] } else { &["127.0.0.1"] };
    let acceptor = std::thread::spawn(move || -> bsdsock::Result<Vec<String>> {
        let mut seen = Vec::new();
        for _ in 0..clients.len() {
            let (conn, peer) = server.accept()?;
            seen.push(peer.to_string());
            serve(conn)?;
        }
        Ok(seen)
    });
    for host in clients {
        let c = create_connection((*host, port), Timeout::Seconds(5.0), None)?;
        c.sendall(format!("hello from {host}").as_bytes())?;
        println!("{host:>9} -> echo {:?}", String::from_utf8_lossy(&c.recv(64)?));
    }
    for peer in acceptor.join().expect("server thread")? {
        println!("server saw a client at {peer}");
    }
    Ok(())
}
