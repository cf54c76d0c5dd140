//! std's implementation of every workload it has the operation for (contract:
//! src/common.rs). Both ends of a ping-pong use std; the echo side runs in a thread.

#[path = "../common.rs"]
mod common;

use common::*;
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, TcpListener, TcpStream, ToSocketAddrs, UdpSocket};
use std::os::unix::net::UnixStream;
use std::thread;
use std::time::Duration;

fn echo<S: Read + Write + Send + 'static>(mut s: S) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut buf = [0u8; 1];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 || s.write_all(&buf[..n]).is_err() {
                break;
            }
        }
    })
}

fn ping<S: Read + Write + Send + 'static>(mut a: S, b: S, n: u64) -> f64 {
    let server = echo(b);
    let mut buf = [0u8; 1];
    let ns = time(n, |_| {
        a.write_all(b"x").unwrap();
        assert_eq!(a.read(&mut buf).unwrap(), 1);
    });
    a.write(b"").unwrap(); // ends the echo loop on UDP too (an empty datagram)
    drop(a);
    server.join().unwrap();
    ns
}

fn tcp_pair() -> (TcpStream, TcpStream) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let c = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (s, _) = l.accept().unwrap();
    c.set_nodelay(true).unwrap();
    s.set_nodelay(true).unwrap();
    (c, s)
}

/// A connected UDP socket as Read + Write (send/recv), so `ping` can drive it.
struct Udp(UdpSocket);
impl Read for Udp {
    fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> {
        self.0.recv(b)
    }
}
impl Write for Udp {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.send(b)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn udp_pair() -> (UdpSocket, UdpSocket) {
    let a = UdpSocket::bind("127.0.0.1:0").unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    a.connect(b.local_addr().unwrap()).unwrap();
    b.connect(a.local_addr().unwrap()).unwrap();
    (a, b)
}

/// Fixed-capacity text buffer for Display (no allocation in the timed loop).
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
            let (a, b) = UnixStream::pair().unwrap();
            ping(a, b, n)
        }
        "tcp_pingpong" => {
            let (a, b) = tcp_pair();
            ping(a, b, n)
        }
        "udp_pingpong" => {
            let (a, b) = udp_pair();
            ping(Udp(a), Udp(b), n)
        }
        "timeout_pingpong" => {
            let (a, b) = UnixStream::pair().unwrap();
            for s in [&a, &b] {
                s.set_read_timeout(Some(Duration::from_secs(TIMEOUT_S))).unwrap();
                s.set_write_timeout(Some(Duration::from_secs(TIMEOUT_S))).unwrap();
            }
            ping(a, b, n)
        }
        "tcp_bulk" => {
            let (mut c, mut s) = tcp_pair();
            let total = (n + (n / 10).max(1)) as usize * BULK;
            let sink = thread::spawn(move || {
                let mut buf = vec![0u8; BULK];
                let mut got = 0;
                while got < total {
                    let k = s.read(&mut buf).unwrap();
                    assert!(k > 0);
                    got += k;
                }
                s.write_all(b"k").unwrap();
            });
            let data = vec![7u8; BULK];
            let ns = time(n, |_| c.write_all(&data).unwrap());
            let mut ack = [0u8; 1];
            c.read_exact(&mut ack).unwrap();
            sink.join().unwrap();
            ns
        }
        "inet_pton4" => time(n, |i| {
            black_box(black_box(PTON4[i as usize % 4]).parse::<Ipv4Addr>().unwrap());
        }),
        "inet_pton6" => time(n, |i| {
            black_box(black_box(PTON6[i as usize % 4]).parse::<Ipv6Addr>().unwrap());
        }),
        "inet_ntop6" => time(n, |i| {
            let mut b = Buf { b: [0; 64], n: 0 };
            write!(b, "{}", Ipv6Addr::from(*black_box(&NTOP6[i as usize % 4]))).unwrap();
            black_box(&b.b[..b.n]);
        }),
        "inet_aton" => na("std has no inet_aton (classic forms)"),
        "sockaddr_text" => {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            let mut port_sum = 0u64;
            let ns = time(n, |_| {
                let a = l.local_addr().unwrap();
                let mut b = Buf { b: [0; 64], n: 0 };
                write!(b, "{}", a.ip()).unwrap();
                port_sum += a.port() as u64;
                black_box(&b.b[..b.n]);
            });
            black_box(port_sum);
            ns
        }
        // std parses a numeric host itself and never calls getaddrinfo(3) for it.
        "getaddrinfo" => time(n, |_| {
            for a in ("127.0.0.1", 80u16).to_socket_addrs().unwrap() {
                black_box(a);
            }
        }),
        "create_connection" => {
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            let p = l.local_addr().unwrap().port();
            let total = n + (n / 10).max(1);
            let acceptor = thread::spawn(move || {
                for _ in 0..total {
                    drop(l.accept().unwrap());
                }
            });
            let mut b = [0u8; 1];
            let ns = time(n, |_| {
                let mut c = TcpStream::connect(("127.0.0.1", p)).unwrap();
                assert_eq!(c.read(&mut b).unwrap(), 0);
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
                    assert_eq!(b.recv(&mut buf).unwrap(), DGRAM);
                }
            })
        }
        "udp_burst_batched" => na("std has no sendmmsg/recvmmsg"),
        w => unknown(w),
    };
    report(ns, n);
}
