//! The pure functions alone, K calls each, for instruction counts under callgrind:
//!
//!     valgrind --tool=callgrind pure <bsdsock|std> <function> <K>
//!
//! bench/run.py runs K1 and K2 calls and divides the difference of the totals by K2 - K1,
//! so start-up cost cancels. Functions: pton4 pton6 ntop4 ntop6 aton sockaddr_text (decode a
//! sockaddr_in's bytes and write its host text; the port is read too). Prints the result's
//! checksum so nothing is optimised away; exit status 2 with `n/a` when the implementation
//! lacks the function.

#[path = "../common.rs"]
mod common;

use common::*;
use std::fmt::Write as _;
use std::hint::black_box;
use std::net::{Ipv4Addr, Ipv6Addr};

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
fn buf() -> Buf {
    Buf { b: [0; 64], n: 0 }
}

const NTOP4: [[u8; 4]; 4] = [[127, 0, 0, 1], [192, 168, 100, 200], [10, 0, 0, 1], [255; 4]];

/// sockaddr_in bytes for 127.0.0.1:port (family in native order, as the kernel writes it).
fn sockaddr_in(i: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..2].copy_from_slice(&(bsdsock::AF_INET as u16).to_ne_bytes());
    b[2..4].copy_from_slice(&(40000 + (i % 4) as u16).to_be_bytes());
    b[4..8].copy_from_slice(&NTOP4[i as usize % 4]);
    b
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    if a.len() != 4 {
        eprintln!("usage: pure <bsdsock|std> <function> <K>");
        std::process::exit(64);
    }
    let k: u64 = a[3].parse().expect("K");
    let mut sum = 0u64;
    let f: Box<dyn FnMut(u64) -> u64> = match (a[1].as_str(), a[2].as_str()) {
        ("std", "pton4") => Box::new(|i| {
            u32::from(black_box(PTON4[i as usize % 4]).parse::<Ipv4Addr>().unwrap()) as u64
        }),
        ("std", "pton6") => Box::new(|i| {
            black_box(PTON6[i as usize % 4]).parse::<Ipv6Addr>().unwrap().octets()[15] as u64
        }),
        ("std", "ntop4") => Box::new(|i| {
            let mut b = buf();
            write!(b, "{}", Ipv4Addr::from(*black_box(&NTOP4[i as usize % 4]))).unwrap();
            b.n as u64
        }),
        ("std", "ntop6") => Box::new(|i| {
            let mut b = buf();
            write!(b, "{}", Ipv6Addr::from(*black_box(&NTOP6[i as usize % 4]))).unwrap();
            b.n as u64
        }),
        ("std", "sockaddr_text") => Box::new(|i| {
            let s = black_box(sockaddr_in(i));
            let ip = Ipv4Addr::new(s[4], s[5], s[6], s[7]);
            let port = u16::from_be_bytes([s[2], s[3]]);
            let mut b = buf();
            write!(b, "{ip}").unwrap();
            b.n as u64 + port as u64
        }),
        ("bsdsock", "sockaddr_text") => Box::new(|i| {
            let s = black_box(sockaddr_in(i));
            match bsdsock::SockAddr::decode(&s) {
                Some(a @ bsdsock::SockAddr::Inet(_)) => {
                    // The whole Python repr, `('127.0.0.1', 40000)`: more text than the others.
                    let mut b = buf();
                    write!(b, "{a}").unwrap();
                    b.n as u64
                }
                _ => unreachable!(),
            }
        }),
        ("bsdsock", f) => bsd::get(f).unwrap_or_else(|| na("not in this tree")),
        ("std", _) => na("std has no such function"),
        _ => {
            eprintln!("unknown implementation {}", a[1]);
            std::process::exit(64)
        }
    };
    let mut f = f;
    for i in 0..k {
        sum = sum.wrapping_add(f(black_box(i)));
    }
    println!("checksum={sum}");
}

mod bsd {
    use super::*;
    use bsdsock::{AF_INET, AF_INET6};
    pub fn get(f: &str) -> Option<Box<dyn FnMut(u64) -> u64>> {
        Some(match f {
            "pton4" => Box::new(|i| {
                bsdsock::inet_pton(AF_INET, black_box(PTON4[i as usize % 4])).unwrap()[3] as u64
            }),
            "pton6" => Box::new(|i| {
                bsdsock::inet_pton(AF_INET6, black_box(PTON6[i as usize % 4])).unwrap()[15] as u64
            }),
            "ntop4" => Box::new(|i| {
                bsdsock::inet_ntop(AF_INET, black_box(&NTOP4[i as usize % 4])).unwrap().len() as u64
            }),
            "ntop6" => Box::new(|i| {
                bsdsock::inet_ntop(AF_INET6, black_box(&NTOP6[i as usize % 4])).unwrap().len()
                    as u64
            }),
            "aton" => {
                Box::new(|i| bsdsock::inet_aton(black_box(ATON[i as usize % 4])).unwrap()[3] as u64)
            }
            _ => return None,
        })
    }
}
