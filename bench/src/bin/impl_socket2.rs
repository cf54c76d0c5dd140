//! socket2's implementation of every workload it has the operation for (contract:
//! src/common.rs). Both ends of a ping-pong use socket2; the echo side runs in a thread.

#[path = "../common.rs"]
mod common;

use common::*;
use socket2::{Domain, SockAddr, Socket, Type};
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

fn sendall(s: &Socket, mut d: &[u8]) {
    while !d.is_empty() {
        let k = s.send(d).unwrap();
        d = &d[k..];
    }
}

fn echo(s: Socket) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut buf = [0u8; 1];
        while let Ok(n) = (&s).read(&mut buf) {
            if n == 0 || (&s).write_all(&buf[..n]).is_err() {
                break;
            }
        }
    })
}

fn ping(a: Socket, b: Socket, n: u64) -> f64 {
    let server = echo(b);
    let mut buf = [0u8; 1];
    let ns = time(n, |_| {
        sendall(&a, b"x");
        assert_eq!((&a).read(&mut buf).unwrap(), 1);
    });
    a.send(b"").unwrap(); // ends the echo loop on UDP too (an empty datagram)
    drop(a);
    server.join().unwrap();
    ns
}

fn loopback() -> SockAddr {
    SockAddr::from("127.0.0.1:0".parse::<SocketAddr>().unwrap())
}

fn tcp_listener() -> (Socket, SockAddr) {
    let l = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    l.bind(&loopback()).unwrap();
    l.listen(4096).unwrap();
    let a = l.local_addr().unwrap();
    (l, a)
}

fn tcp_pair() -> (Socket, Socket) {
    let (l, addr) = tcp_listener();
    let c = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
    c.connect(&addr).unwrap();
    let (s, _) = l.accept().unwrap();
    c.set_nodelay(true).unwrap();
    s.set_nodelay(true).unwrap();
    (c, s)
}

fn udp_pair() -> (Socket, Socket) {
    let a = Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
    let b = Socket::new(Domain::IPV4, Type::DGRAM, None).unwrap();
    a.bind(&loopback()).unwrap();
    b.bind(&loopback()).unwrap();
    a.connect(&b.local_addr().unwrap()).unwrap();
    b.connect(&a.local_addr().unwrap()).unwrap();
    (a, b)
}

struct Buf {
    b: [u8; 64],
    n: usize,
}
impl std::fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.n + s.len();
        self.b.get_mut(self.n..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.n = end;
        Ok(())
    }
}

fn main() {
    let (w, n) = args();
    let ns = match w.as_str() {
        "unix_pingpong" => {
            let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None).unwrap();
            ping(a, b, n)
        }
        "tcp_pingpong" => {
            let (a, b) = tcp_pair();
            ping(a, b, n)
        }
        "udp_pingpong" => {
            let (a, b) = udp_pair();
            ping(a, b, n)
        }
        "timeout_pingpong" => {
            let (a, b) = Socket::pair(Domain::UNIX, Type::STREAM, None).unwrap();
            for s in [&a, &b] {
                s.set_read_timeout(Some(Duration::from_secs(TIMEOUT_S))).unwrap();
                s.set_write_timeout(Some(Duration::from_secs(TIMEOUT_S))).unwrap();
            }
            ping(a, b, n)
        }
        "tcp_bulk" => {
            let (c, s) = tcp_pair();
            let total = (n + (n / 10).max(1)) as usize * BULK;
            let sink = thread::spawn(move || {
                let mut buf = vec![0u8; BULK];
                let mut got = 0;
                while got < total {
                    let k = (&s).read(&mut buf).unwrap();
                    assert!(k > 0);
                    got += k;
                }
                sendall(&s, b"k");
            });
            let data = vec![7u8; BULK];
            let ns = time(n, |_| sendall(&c, &data));
            let mut ack = [0u8; 1];
            (&c).read_exact(&mut ack).unwrap();
            sink.join().unwrap();
            ns
        }
        "inet_pton4" | "inet_pton6" | "inet_ntop6" | "inet_aton" => {
            na("socket2 has no address text functions")
        }
        "sockaddr_text" => {
            let (l, _) = tcp_listener();
            let mut port_sum = 0u64;
            let ns = time(n, |_| {
                let a = l.local_addr().unwrap().as_socket_ipv4().unwrap();
                let mut b = Buf { b: [0; 64], n: 0 };
                write!(b, "{}", a.ip()).unwrap();
                port_sum += a.port() as u64;
                black_box(&b.b[..b.n]);
            });
            black_box(port_sum);
            ns
        }
        "getaddrinfo" => na("socket2 has no resolver"),
        "create_connection" => {
            let (l, addr) = tcp_listener();
            let total = n + (n / 10).max(1);
            let acceptor = thread::spawn(move || {
                for _ in 0..total {
                    drop(l.accept().unwrap());
                }
            });
            let mut b = [0u8; 1];
            let ns = time(n, |_| {
                let c = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
                c.connect(&addr).unwrap();
                assert_eq!((&c).read(&mut b).unwrap(), 0);
            });
            acceptor.join().unwrap();
            ns
        }
        "udp_burst" => {
            let (a, b) = udp_pair();
            let data = [7u8; DGRAM];
            let mut buf = [0u8; DGRAM];
            time(n, |_| {
                for _ in 0..BURST {
                    a.send(&data).unwrap();
                }
                for _ in 0..BURST {
                    assert_eq!((&b).read(&mut buf).unwrap(), DGRAM);
                }
            })
        }
        "udp_burst_batched" => na("socket2 0.5 has no sendmmsg/recvmmsg"),
        w => unknown(w),
    };
    report(ns, n);
}
