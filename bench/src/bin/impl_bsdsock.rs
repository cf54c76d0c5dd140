//! bsdsock's implementation of every workload (contract: src/common.rs). Both ends of a
//! ping-pong use bsdsock; the echo side runs in a thread.

#[path = "../common.rs"]
mod common;

use bsdsock::{
    AF_INET, AF_UNIX, IPPROTO_TCP, SOCK_DGRAM, SOCK_STREAM, SockAddr, Socket, TCP_NODELAY,
};
use common::*;
use std::hint::black_box;
use std::thread;

fn echo(s: Socket, buf_len: usize) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let mut buf = vec![0u8; buf_len];
        while let Ok(n) = s.recv_into(&mut buf, 0) {
            if n == 0 || s.sendall(&buf[..n]).is_err() {
                break;
            }
        }
    })
}

fn pingpong(a: &Socket, n: u64) -> f64 {
    let mut buf = [0u8; 1];
    time(n, |_| {
        a.sendall(b"x").unwrap();
        assert_eq!(a.recv_into(&mut buf, 0).unwrap(), 1);
    })
}

fn port(a: &SockAddr) -> u16 {
    match a {
        SockAddr::Inet(a) => a.port(),
        _ => panic!("not AF_INET"),
    }
}

fn tcp_listener() -> (Socket, u16) {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(4096).unwrap();
    let p = port(&l.getsockname().unwrap());
    (l, p)
}

fn tcp_pair() -> (Socket, Socket) {
    let (l, p) = tcp_listener();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(("127.0.0.1", p)).unwrap();
    let (s, _) = l.accept().unwrap();
    c.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1).unwrap();
    s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1).unwrap();
    (c, s)
}

fn udp_pair() -> (Socket, Socket) {
    let a = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    let b = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    a.bind(("127.0.0.1", 0)).unwrap();
    b.bind(("127.0.0.1", 0)).unwrap();
    a.connect(b.getsockname().unwrap()).unwrap();
    b.connect(a.getsockname().unwrap()).unwrap();
    (a, b)
}

fn ping(pair: (Socket, Socket), timeout: Option<f64>, n: u64) -> f64 {
    let (a, b) = pair;
    a.settimeout(timeout).unwrap();
    b.settimeout(timeout).unwrap();
    let server = echo(b, 1);
    let ns = pingpong(&a, n);
    a.send(b"").unwrap(); // ends the echo loop on UDP too (an empty datagram)
    drop(a);
    server.join().unwrap();
    ns
}

fn main() {
    let (w, n) = args();
    let ns = match w.as_str() {
        "unix_pingpong" => ping(bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap(), None, n),
        "tcp_pingpong" => ping(tcp_pair(), None, n),
        "udp_pingpong" => ping(udp_pair(), None, n),
        "timeout_pingpong" => {
            ping(bsdsock::socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap(), Some(TIMEOUT_S as f64), n)
        }
        "tcp_bulk" => {
            let (c, s) = tcp_pair();
            let total = (n + (n / 10).max(1)) as usize * BULK;
            let sink = thread::spawn(move || {
                let mut buf = vec![0u8; BULK];
                let mut got = 0;
                while got < total {
                    let k = s.recv_into(&mut buf, 0).unwrap();
                    assert!(k > 0);
                    got += k;
                }
                s.sendall(b"k").unwrap();
            });
            let data = vec![7u8; BULK];
            let ns = time(n, |_| c.sendall(&data).unwrap());
            let mut ack = [0u8; 1];
            c.recv_into(&mut ack, 0).unwrap();
            sink.join().unwrap();
            ns
        }
        "inet_pton4" => inet::pton4(n),
        "inet_pton6" => inet::pton6(n),
        "inet_ntop6" => inet::ntop6(n),
        "inet_aton" => inet::aton(n),
        "sockaddr_text" => {
            let (l, _) = tcp_listener();
            let mut port_sum = 0u64;
            let ns = time(n, |_| {
                // Like the others (C's inet_ntop, std's Display, CPython's tuple): the host as
                // text and the port as a number. The full Python repr `('127.0.0.1', 40000)`
                // is `format!("{addr}")`.
                let a = l.getsockname().unwrap();
                if let SockAddr::Inet(a) = &a {
                    let t = bsdsock::addr::inet::ntop4(&a.ip().octets());
                    port_sum += a.port() as u64;
                    black_box(t.as_bytes());
                }
            });
            black_box(port_sum);
            ns
        }
        "getaddrinfo" => time(n, |_| {
            let it = bsdsock::netdb::getaddrinfo(
                Some("127.0.0.1"),
                80u16,
                AF_INET,
                SOCK_STREAM,
                0,
                bsdsock::AI_NUMERICHOST,
            )
            .unwrap();
            for e in it {
                black_box(e);
            }
        }),
        "create_connection" => {
            // The server accepts and closes; the client connects and reads the EOF, so the
            // accept queue never overflows and TIME_WAIT stays on the server's side.
            let (l, p) = tcp_listener();
            let total = n + (n / 10).max(1);
            let acceptor = thread::spawn(move || {
                for _ in 0..total {
                    drop(l.accept().unwrap());
                }
            });
            let mut b = [0u8; 1];
            let ns = time(n, |_| {
                let c = connect(p);
                assert_eq!(c.recv_into(&mut b, 0).unwrap(), 0);
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
                    assert_eq!(b.recv_into(&mut buf, 0).unwrap(), DGRAM);
                }
            })
        }
        "udp_burst_batched" => {
            // The same burst as udp_burst, one sendmmsg and one recvmmsg per burst.
            let (a, b) = udp_pair();
            let data = [7u8; DGRAM];
            let msgs = [(&data[..], None); BURST];
            let mut store = [[0u8; DGRAM]; BURST];
            let mut meta = [bsdsock::RecvMeta::EMPTY; BURST];
            time(n, |_| {
                assert_eq!(a.sendmmsg(&msgs, 0).unwrap(), BURST);
                let mut got = 0;
                while got < BURST {
                    let mut bufs: [&mut [u8]; BURST] = store.each_mut().map(|b| &mut b[..]);
                    got += b.recvmmsg(&mut bufs[got..], &mut meta[got..], 0).unwrap();
                }
            })
        }
        w => unknown(w),
    };
    report(ns, n);
}

fn connect(p: u16) -> Socket {
    bsdsock::create_connection(("127.0.0.1", p), bsdsock::Timeout::Blocking, None).unwrap()
}

/// The parsers through the Python-named root functions.
mod inet {
    use super::*;
    use bsdsock::AF_INET6;
    pub fn pton4(n: u64) -> f64 {
        time(n, |i| {
            black_box(bsdsock::inet_pton(AF_INET, black_box(PTON4[i as usize % 4])).unwrap());
        })
    }
    pub fn pton6(n: u64) -> f64 {
        time(n, |i| {
            black_box(bsdsock::inet_pton(AF_INET6, black_box(PTON6[i as usize % 4])).unwrap());
        })
    }
    pub fn ntop6(n: u64) -> f64 {
        time(n, |i| {
            black_box(bsdsock::inet_ntop(AF_INET6, black_box(&NTOP6[i as usize % 4])).unwrap());
        })
    }
    pub fn aton(n: u64) -> f64 {
        time(n, |i| {
            black_box(bsdsock::inet_aton(black_box(ATON[i as usize % 4])).unwrap());
        })
    }
}
