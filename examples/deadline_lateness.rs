//! How late timeouts fire: for timeouts of 1 ms, 100 ms, 5 s and 20 s, a `recv` on a socket
//! nobody writes to, timed from the call to its `timed out`; prints the median and worst
//! lateness (time past the timeout) and checks that none fired early.
//!
//!     cargo run --release --example deadline_lateness            # all four
//!     cargo run --release --example deadline_lateness -- quick   # 1 ms and 100 ms only
//!
//! The long timeouts run their samples in parallel threads (one socket pair each), so the
//! whole run takes about 30 s.

use std::thread;
use std::time::{Duration, Instant};

/// One sample: the lateness of a recv timeout of `t` seconds, in nanoseconds.
fn sample(t: f64) -> i128 {
    let (a, _b) = bsdsock::socketpair_default().expect("socketpair");
    a.settimeout(Some(t)).expect("settimeout");
    let start = Instant::now();
    let r = a.recv(1);
    let took = start.elapsed();
    assert_eq!(r, Err(bsdsock::Error::Timeout));
    took.as_nanos() as i128 - Duration::from_secs_f64(t).as_nanos() as i128
}

fn main() {
    let quick = std::env::args().nth(1).as_deref() == Some("quick");
    let plan: &[(f64, usize, bool)] = if quick {
        &[(0.001, 200, false), (0.1, 20, false)]
    } else {
        // (timeout, samples, in parallel)
        &[(0.001, 500, false), (0.1, 50, false), (5.0, 8, true), (20.0, 6, true)]
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average before: {}",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    println!("| timeout | samples | median late | worst late | fired early |");
    println!("|---:|---:|---:|---:|---:|");
    for &(t, n, parallel) in plan {
        let mut late: Vec<i128> = if parallel {
            let hs: Vec<_> = (0..n).map(|_| thread::spawn(move || sample(t))).collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        } else {
            (0..n).map(|_| sample(t)).collect()
        };
        late.sort();
        let early = late.iter().filter(|&&l| l < 0).count();
        let us = |ns: i128| ns as f64 / 1000.0;
        println!(
            "| {} | {n} | {:.0} µs | {:.0} µs | {early} |",
            if t < 1.0 { format!("{} ms", t * 1000.0) } else { format!("{t} s") },
            us(late[late.len() / 2]),
            us(late[late.len() - 1]),
        );
        assert_eq!(early, 0, "a timeout fired early");
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average after: {}",
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
}
