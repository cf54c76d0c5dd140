//! UDP datagrams per second on loopback: one sendto + one recvfrom per datagram against
//! sendmmsg + recvmmsg in batches (8, 32, 64 per call), same process, same run, variants
//! interleaved per round; medians and the ratio to the per-call rate.
//!
//!     cargo run --release --bin udp_burst             # the table
//!     cargo run --release --bin udp_burst -- ROUNDS N # other round / datagram counts
//!     cargo run --release --bin udp_burst -- 9 100000 connected  # send/recv, no addresses
//!
//! One thread sends a burst of B datagrams (64 bytes, each with its destination address)
//! from one bound UDP socket to another, then receives them (with their sender addresses),
//! so every variant moves the same datagrams through the same sockets; the per-call
//! variant does it with B sendto + B recvfrom, the batched one with one sendmmsg + one
//! recvmmsg per B. A datagram counts once (sent and received).

use std::time::Instant;

use bsdsock::{AF_INET, RecvMeta, SOCK_DGRAM, SockAddr, Socket};

const PAYLOAD: usize = 64;
const BURST: usize = 32;

fn udp() -> Socket {
    let s = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    s.bind(("127.0.0.1", 0)).unwrap();
    s.settimeout(Some(5.0)).unwrap(); // a lost datagram fails the run instead of hanging
    s
}

/// Per call: `n` datagrams in bursts of BURST, one sendto and one recvfrom each.
fn per_call(tx: &Socket, rx: &Socket, to: Option<&SockAddr>, n: usize) {
    let data = [7u8; PAYLOAD];
    let mut buf = [0u8; 2048];
    let mut left = n;
    while left > 0 {
        let b = left.min(BURST);
        for _ in 0..b {
            let k = match to {
                Some(to) => tx.sendto(&data, *to).unwrap(),
                None => tx.send(&data).unwrap(),
            };
            assert_eq!(k, PAYLOAD);
        }
        for _ in 0..b {
            let (k, from) = rx.recvfrom_into(&mut buf, 0).unwrap();
            assert!(k == PAYLOAD && from.is_some());
        }
        left -= b;
    }
}

/// Batched: `n` datagrams, `batch` per sendmmsg / recvmmsg.
fn batched(tx: &Socket, rx: &Socket, to: Option<&SockAddr>, n: usize, batch: usize) {
    let data = [7u8; PAYLOAD];
    let msgs: Vec<(&[u8], Option<&SockAddr>)> = vec![(&data[..], to); batch];
    let mut store = vec![[0u8; 2048]; batch];
    let mut views: Vec<&mut [u8]> = store.iter_mut().map(|x| &mut x[..]).collect();
    let mut meta = vec![RecvMeta::EMPTY; batch];
    let mut left = n;
    while left > 0 {
        let b = left.min(batch);
        assert_eq!(tx.sendmmsg(&msgs[..b], 0).unwrap(), b);
        let mut got = 0;
        while got < b {
            got += rx.recvmmsg(&mut views[got..b], &mut meta[got..b], 0).unwrap();
        }
        assert!(meta[..b].iter().all(|m| m.len == PAYLOAD && m.addr.is_some()));
        left -= b;
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(9);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let (tx, rx) = (udp(), udp());
    let to = rx.getsockname().unwrap();
    // "connected": tx is connected and sends without per-datagram addresses.
    let connected = args.get(3).is_some_and(|a| a == "connected");
    if connected {
        tx.connect(to).unwrap();
    }
    let to = if connected { None } else { Some(&to) };
    // Variants: 0 = per call, else batch size.
    let variants = [0usize, 8, 32, 64];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for &v in &variants {
        // warm-up
        if v == 0 { per_call(&tx, &rx, to, 2_000) } else { batched(&tx, &rx, to, 2_000, v) }
    }
    for _ in 0..rounds {
        for (i, &v) in variants.iter().enumerate() {
            let t = Instant::now();
            if v == 0 {
                per_call(&tx, &rx, to, n);
            } else {
                batched(&tx, &rx, to, n, v);
            }
            rates[i].push(n as f64 / t.elapsed().as_secs_f64());
        }
    }
    // The floor: one trivial system call (getpid(2)), to read the table against.
    let t = Instant::now();
    for _ in 0..1_000_000 {
        std::hint::black_box(std::process::id());
    }
    let null_ns = t.elapsed().as_nanos() as f64 / 1e6;
    let base = median(&mut rates[0].clone());
    let how = if connected { "connected, no addresses sent" } else { "an address per datagram" };
    println!("{rounds} rounds x {n} datagrams of {PAYLOAD} bytes, loopback UDP, {how}, medians");
    let mut lines = Vec::new();
    for (i, &v) in variants.iter().enumerate() {
        let m = median(&mut rates[i]);
        let name = if v == 0 {
            if connected { "send + recv, 1 per call" } else { "sendto + recvfrom, 1 per call" }
                .to_string()
        } else {
            format!("sendmmsg + recvmmsg, {v} per call")
        };
        lines.push(format!("| {name} | {m:.0} | {:.2} | {:.0} |", m / base, 1e9 / m));
    }
    println!("| variant | datagrams/s | vs per-call | ns per datagram |");
    println!("|---|---:|---:|---:|");
    for l in lines {
        println!("{l}");
    }
    println!("getpid(2), the cost of entering the kernel once: {null_ns:.0} ns");
}
