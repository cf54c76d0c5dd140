//! The contract of the epoll echo servers (bench/run.py, "epoll_echo"): `<server> <N>` binds
//! 127.0.0.1 on a free port, prints `port=<p>` and flushes, echoes every byte on every
//! connection (level-triggered where the API allows, TCP_NODELAY on each connection, one
//! read and one write per readable event, EPOLLOUT only while output is pending), and exits
//! with status 0 once N connections have been accepted and closed, printing
//! `cpu_ns=<t>`: the CPU time (user + system, /proc/self/schedstat) it used from the moment
//! the N-th connection was accepted to the end — the echo phase, which the load generator
//! times. bench/c/echo_load.c drives them; bench/c/echo_epoll.c is the same server in C.
#![allow(dead_code)]

/// Events per epoll_wait, the same in every server.
pub const EVENTS: usize = 1024;
/// Read buffer, the same in every server.
pub const BUF: usize = 64 * 1024;

/// `N` from the command line.
pub fn args() -> usize {
    let a: Vec<String> = std::env::args().collect();
    match a.get(1).and_then(|n| n.parse().ok()) {
        Some(n) if a.len() == 2 => n,
        _ => {
            eprintln!("usage: {} <connections>", a[0]);
            std::process::exit(64);
        }
    }
}

pub fn announce(port: u16) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "port={port}").unwrap();
    out.flush().unwrap();
}

/// This (single-threaded) process's CPU time so far, in nanoseconds: the first field of
/// /proc/self/schedstat.
pub fn cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/self/schedstat").unwrap_or_default();
    s.split_whitespace().next().and_then(|t| t.parse().ok()).unwrap_or(0)
}

/// The last line of a server: the CPU time of the echo phase.
pub fn report(since: u64) {
    println!("cpu_ns={}", cpu_ns().saturating_sub(since));
}
