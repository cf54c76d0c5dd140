//! The command-line contract shared by every Rust implementation (see bench/README in
//! BENCHMARKS.md): `<binary> <workload> <N>` prints one line `ns_per_op=<float> ops=<n>`,
//! or `n/a <reason>` with exit status 2 when the implementation lacks the operation.
//!
//! Each workload first runs N/10 (at least 1) untimed warm-up operations, then times N.
#![allow(dead_code)]

use std::hint::black_box;
use std::time::Instant;

/// The workloads every implementation is asked for, in the order of BENCHMARKS.md.
pub const WORKLOADS: &[&str] = &[
    "unix_pingpong",
    "tcp_pingpong",
    "udp_pingpong",
    "tcp_bulk",
    "timeout_pingpong",
    "inet_pton4",
    "inet_pton6",
    "inet_ntop6",
    "inet_aton",
    "sockaddr_text",
    "getaddrinfo",
    "create_connection",
    "udp_burst",
    "udp_burst_batched",
];

/// Bytes per tcp_bulk operation (one sendall on the sender, recv_into until it is in).
pub const BULK: usize = 64 * 1024;
/// Datagrams per udp_burst operation (sent one after the other, then received).
pub const BURST: usize = 32;
/// Bytes per datagram in udp_burst.
pub const DGRAM: usize = 64;
/// Timeout (seconds) set on both ends in timeout_pingpong.
pub const TIMEOUT_S: u64 = 5;

/// Inputs of the parser workloads: every implementation cycles through the same texts.
pub const PTON4: &[&str] = &["127.0.0.1", "192.168.100.200", "10.0.0.1", "255.255.255.255"];
pub const PTON6: &[&str] = &[
    "::1",
    "2001:db8::8a2e:370:7334",
    "fe80::1ff:fe23:4567:890a",
    "2001:db8:85a3:0:0:8a2e:370:7334",
];
pub const NTOP6: &[[u8; 16]] = &[
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34],
    [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0xfe, 0x23, 0x45, 0x67, 0x89, 0x0a],
    [0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34],
];
pub const ATON: &[&str] = &["127.0.0.1", "192.168.100.200", "10.1", "0x7f.1"];

/// `(workload, N)` from the command line; exits with a usage message otherwise.
pub fn args() -> (String, u64) {
    let a: Vec<String> = std::env::args().collect();
    if a.len() != 3 {
        eprintln!("usage: {} <workload> <N>\nworkloads: {}", a[0], WORKLOADS.join(" "));
        std::process::exit(64);
    }
    let n = a[2].parse().unwrap_or_else(|_| {
        eprintln!("N must be a positive integer");
        std::process::exit(64)
    });
    (a[1].clone(), n)
}

/// Runs `op(i)` N/10 times untimed, then N times timed; returns ns per operation.
pub fn time(n: u64, mut op: impl FnMut(u64)) -> f64 {
    for i in 0..(n / 10).max(1) {
        op(i);
    }
    let t = Instant::now();
    for i in 0..n {
        op(black_box(i));
    }
    t.elapsed().as_nanos() as f64 / n as f64
}

/// Prints the contract's result line.
pub fn report(ns_per_op: f64, ops: u64) {
    println!("ns_per_op={ns_per_op:.3} ops={ops}");
}

/// Prints `n/a <why>` and exits with status 2.
pub fn na(why: &str) -> ! {
    println!("n/a {why}");
    std::process::exit(2)
}

/// Unknown workload: usage error.
pub fn unknown(w: &str) -> ! {
    eprintln!("unknown workload {w}; workloads: {}", WORKLOADS.join(" "));
    std::process::exit(64)
}
