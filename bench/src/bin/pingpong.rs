//! Ping-pong over a unix stream socketpair: ns per round trip (1-byte request, 1-byte
//! response), bsdsock in blocking and timeout mode against std's UnixStream (blocking, and
//! with a read timeout), interleaved A B C D per round; medians and ratios to std.
//!
//!     cargo run --release --bin pingpong                 # the table
//!     cargo run --release --bin pingpong -- strace MODE N  # only MODE (blocking|timeout|
//!                                                           # std|std-timeout|waiting),
//!                                                           # N trips
//!
//! `waiting` is the data-waiting case: N one-byte messages are queued first, then received
//! one recv each in timeout mode (so every recv finds data waiting).
//!
//! Both ends of every variant use the same API, so a round trip is: client send, server
//! recv, server send, client recv.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::thread;
use std::time::{Duration, Instant};

const ROUNDS: usize = 9;
const TRIPS: usize = 20_000;

fn bsd_pair(timeout: Option<f64>) -> (bsdsock::Socket, thread::JoinHandle<()>) {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    a.settimeout(timeout).unwrap();
    b.settimeout(timeout).unwrap();
    let server = thread::spawn(move || {
        let mut buf = [0u8; 1];
        loop {
            match b.recv_into(&mut buf, 0) {
                Ok(1) => b.sendall(&buf).unwrap(),
                _ => break,
            }
        }
    });
    (a, server)
}

fn bsd_trips(a: &bsdsock::Socket, n: usize) {
    let mut buf = [0u8; 1];
    for _ in 0..n {
        a.sendall(b"x").unwrap();
        assert_eq!(a.recv_into(&mut buf, 0).unwrap(), 1);
    }
}

fn std_pair(timeout: Option<Duration>) -> (UnixStream, thread::JoinHandle<()>) {
    let (a, mut b) = UnixStream::pair().unwrap();
    a.set_read_timeout(timeout).unwrap();
    a.set_write_timeout(timeout).unwrap();
    b.set_read_timeout(timeout).unwrap();
    b.set_write_timeout(timeout).unwrap();
    let server = thread::spawn(move || {
        let mut buf = [0u8; 1];
        loop {
            match b.read(&mut buf) {
                Ok(1) => b.write_all(&buf).unwrap(),
                _ => break,
            }
        }
    });
    (a, server)
}

fn std_trips(a: &mut UnixStream, n: usize) {
    let mut buf = [0u8; 1];
    for _ in 0..n {
        a.write_all(b"x").unwrap();
        assert_eq!(a.read(&mut buf).unwrap(), 1);
    }
}

#[derive(Clone, Copy)]
enum Variant {
    Blocking,
    Timeout,
    Std,
    StdTimeout,
}

const VARIANTS: [(Variant, &str); 4] = [
    (Variant::Blocking, "bsdsock blocking"),
    (Variant::Timeout, "bsdsock timeout 5s"),
    (Variant::Std, "std UnixStream"),
    (Variant::StdTimeout, "std UnixStream, read/write timeout 5s"),
];

/// Run `n` trips of `v` on a fresh pair (after a warm-up), return ns per trip.
fn run(v: Variant, n: usize) -> f64 {
    match v {
        Variant::Blocking | Variant::Timeout => {
            let t = if matches!(v, Variant::Timeout) { Some(5.0) } else { None };
            let (a, server) = bsd_pair(t);
            bsd_trips(&a, 1000);
            let start = Instant::now();
            bsd_trips(&a, n);
            let ns = start.elapsed().as_nanos() as f64 / n as f64;
            drop(a);
            server.join().unwrap();
            ns
        }
        Variant::Std | Variant::StdTimeout => {
            let t =
                if matches!(v, Variant::StdTimeout) { Some(Duration::from_secs(5)) } else { None };
            let (mut a, server) = std_pair(t);
            std_trips(&mut a, 1000);
            let start = Instant::now();
            std_trips(&mut a, n);
            let ns = start.elapsed().as_nanos() as f64 / n as f64;
            drop(a);
            server.join().unwrap();
            ns
        }
    }
}

/// The data-waiting case: `n` one-byte messages queued (one sendall), then `n` recvs of
/// one byte in timeout mode, each finding data waiting.
fn waiting(n: usize) {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    a.settimeout(Some(5.0)).unwrap();
    b.sendall(&vec![b'w'; n]).unwrap();
    let mut buf = [0u8; 1];
    for _ in 0..n {
        assert_eq!(a.recv_into(&mut buf, 0).unwrap(), 1);
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("strace") {
        let v = match args.get(2).map(String::as_str) {
            Some("blocking") => Variant::Blocking,
            Some("timeout") => Variant::Timeout,
            Some("std") => Variant::Std,
            Some("std-timeout") => Variant::StdTimeout,
            Some("waiting") => {
                let n = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10_000);
                waiting(n);
                return;
            }
            _ => panic!("strace blocking|timeout|std|std-timeout|waiting N"),
        };
        let n = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10_000);
        run(v, n);
        return;
    }
    let mut samples = vec![Vec::new(); VARIANTS.len()];
    for _ in 0..ROUNDS {
        for (i, (v, _)) in VARIANTS.iter().enumerate() {
            samples[i].push(run(*v, TRIPS));
        }
    }
    let medians: Vec<f64> = samples.iter_mut().map(|s| median(s)).collect();
    let std_ns = medians[2];
    println!("| variant | ns per round trip (median of {ROUNDS} x {TRIPS}) | vs std UnixStream |");
    println!("|---|---:|---:|");
    for (i, (_, name)) in VARIANTS.iter().enumerate() {
        println!("| {name} | {:.0} | {:.2} |", medians[i], medians[i] / std_ns);
    }
}
