//! Address-text benchmark: ns per address for bsdsock's inet_aton / inet_pton / inet_ntop
//! against glibc's functions and core::net's parser / Display on the same fixed address sets.
//!
//! Every (function, implementation) pair makes one timed pass over its set per round; the
//! rounds interleave the implementations (A B C A B C …), and the table shows the median over
//! the rounds and the ratio of bsdsock's median to the C library's.
//!
//! The bsdsock rows call the Python-named functions (`bsdsock::inet_pton(AF_INET, text)`, …),
//! Result and all; glibc's are called directly through FFI on NUL-terminated copies.
//!
//! Run: cargo run --release --manifest-path bench/Cargo.toml --bin inet [-- ROUNDS]

use std::ffi::{c_char, c_int, c_void};
use std::fmt::Write as _;
use std::hint::black_box;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;
use std::time::Instant;

use bsdsock::addr::inet::ntop6;
use bsdsock::{AF_INET, AF_INET6};

unsafe extern "C" {
    fn inet_aton(cp: *const c_char, inp: *mut c_void) -> c_int;
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: u32) -> *const c_char;
}

const SET: usize = 1024;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// IPv6 addresses as they occur: a third full (8 groups), a third with a zero run, some
/// v4-mapped, some short (::1, fe80::x).
fn addrs6(r: &mut Rng) -> Vec<[u8; 16]> {
    (0..SET)
        .map(|i| {
            let mut a = [0u8; 16];
            for b in a.iter_mut() {
                *b = r.next() as u8;
            }
            match i % 6 {
                0 | 1 => {}
                2 => a[4..12].fill(0),
                3 => {
                    a[..10].fill(0);
                    a[10] = 0xff;
                    a[11] = 0xff;
                }
                4 => {
                    a[..2].copy_from_slice(&[0xfe, 0x80]);
                    a[2..14].fill(0);
                }
                _ => {
                    a[..4].copy_from_slice(&[0x20, 0x01, 0x0d, 0xb8]);
                    a[6..14].fill(0);
                }
            }
            a
        })
        .collect()
}

/// A text and its NUL-terminated copy for C.
struct Text {
    s: String,
    c: Vec<u8>,
}

fn texts(v: impl Iterator<Item = String>) -> Vec<Text> {
    v.map(|s| {
        let mut c = s.clone().into_bytes();
        c.push(0);
        Text { s, c }
    })
    .collect()
}

/// A stack buffer for core::net's Display.
struct StackBuf {
    b: [u8; 64],
    n: usize,
}
impl std::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.n + s.len();
        self.b.get_mut(self.n..end).ok_or(std::fmt::Error)?.copy_from_slice(s.as_bytes());
        self.n = end;
        Ok(())
    }
}

type Pass<'a> = Box<dyn Fn() -> u64 + 'a>;

struct Group<'a> {
    name: &'static str,
    target: f64,
    impls: Vec<(&'static str, Pass<'a>)>,
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(9);
    let mut r = Rng(0x5eed);
    let a4: Vec<[u8; 4]> = (0..SET).map(|_| (r.next() as u32).to_be_bytes()).collect();
    let a6 = addrs6(&mut r);
    let t4 = texts(a4.iter().map(|a| Ipv4Addr::from(*a).to_string()));
    let t6 = texts(a6.iter().map(|a| ntop6(a).to_string()));
    // Passes repeat the set so one timed pass takes a few ms.
    let reps = 20;

    let groups: Vec<Group> = vec![
        Group {
            name: "inet_pton(AF_INET)",
            target: 0.6,
            impls: vec![
                (
                    "bsdsock",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t4 {
                                x += bsdsock::inet_pton(AF_INET, black_box(t.s.as_bytes()))
                                    .map_or(0, |a| a[3] as u64);
                            }
                        }
                        x
                    }),
                ),
                (
                    "glibc",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t4 {
                                let mut o = [0u8; 4];
                                // SAFETY: NUL-terminated text, 4-byte output.
                                let rc = unsafe {
                                    inet_pton(
                                        AF_INET,
                                        black_box(t.c.as_ptr()).cast(),
                                        o.as_mut_ptr().cast(),
                                    )
                                };
                                x += rc as u64 + o[3] as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "core::net",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t4 {
                                x += Ipv4Addr::from_str(black_box(&t.s))
                                    .map_or(0, |a| a.octets()[3] as u64);
                            }
                        }
                        x
                    }),
                ),
            ],
        },
        Group {
            name: "inet_pton(AF_INET6)",
            target: 0.7,
            impls: vec![
                (
                    "bsdsock",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t6 {
                                x += bsdsock::inet_pton(AF_INET6, black_box(t.s.as_bytes()))
                                    .map_or(0, |a| a[15] as u64);
                            }
                        }
                        x
                    }),
                ),
                (
                    "glibc",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t6 {
                                let mut o = [0u8; 16];
                                // SAFETY: NUL-terminated text, 16-byte output.
                                let rc = unsafe {
                                    inet_pton(
                                        AF_INET6,
                                        black_box(t.c.as_ptr()).cast(),
                                        o.as_mut_ptr().cast(),
                                    )
                                };
                                x += rc as u64 + o[15] as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "core::net",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t6 {
                                x += Ipv6Addr::from_str(black_box(&t.s))
                                    .map_or(0, |a| a.octets()[15] as u64);
                            }
                        }
                        x
                    }),
                ),
            ],
        },
        Group {
            name: "inet_aton",
            target: 0.5,
            impls: vec![
                (
                    "bsdsock",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t4 {
                                x += bsdsock::inet_aton(black_box(t.s.as_bytes()))
                                    .map_or(0, |a| a[3] as u64);
                            }
                        }
                        x
                    }),
                ),
                (
                    "glibc",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t4 {
                                let mut o = [0u8; 4];
                                // SAFETY: NUL-terminated text, 4-byte output (struct in_addr).
                                let rc = unsafe {
                                    inet_aton(black_box(t.c.as_ptr()).cast(), o.as_mut_ptr().cast())
                                };
                                x += rc as u64 + o[3] as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "core::net",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for t in &t4 {
                                x += Ipv4Addr::from_str(black_box(&t.s))
                                    .map_or(0, |a| a.octets()[3] as u64);
                            }
                        }
                        x
                    }),
                ),
            ],
        },
        Group {
            name: "inet_ntop(AF_INET6)",
            target: 0.3,
            impls: vec![
                (
                    "bsdsock",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for a in &a6 {
                                let t = bsdsock::inet_ntop(AF_INET6, black_box(a)).unwrap();
                                x += black_box(t.as_bytes()).len() as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "glibc",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for a in &a6 {
                                let mut b = [0u8; 46];
                                // SAFETY: 16-byte input, 46-byte output (INET6_ADDRSTRLEN).
                                let p = unsafe {
                                    inet_ntop(
                                        AF_INET6,
                                        black_box(a).as_ptr().cast(),
                                        b.as_mut_ptr().cast(),
                                        46,
                                    )
                                };
                                x += !p.is_null() as u64 + black_box(&b)[0] as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "core::net",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for a in &a6 {
                                let mut b = StackBuf { b: [0; 64], n: 0 };
                                let _ = write!(b, "{}", Ipv6Addr::from(*black_box(a)));
                                x += black_box(&b.b[..b.n]).len() as u64;
                            }
                        }
                        x
                    }),
                ),
            ],
        },
        Group {
            name: "inet_ntop(AF_INET)",
            target: f64::NAN,
            impls: vec![
                (
                    "bsdsock",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for a in &a4 {
                                let t = bsdsock::inet_ntop(AF_INET, black_box(a)).unwrap();
                                x += black_box(t.as_bytes()).len() as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "glibc",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for a in &a4 {
                                let mut b = [0u8; 16];
                                // SAFETY: 4-byte input, 16-byte output (INET_ADDRSTRLEN).
                                let p = unsafe {
                                    inet_ntop(
                                        AF_INET,
                                        black_box(a).as_ptr().cast(),
                                        b.as_mut_ptr().cast(),
                                        16,
                                    )
                                };
                                x += !p.is_null() as u64 + black_box(&b)[0] as u64;
                            }
                        }
                        x
                    }),
                ),
                (
                    "core::net",
                    Box::new(|| {
                        let mut x = 0u64;
                        for _ in 0..reps {
                            for a in &a4 {
                                let mut b = StackBuf { b: [0; 64], n: 0 };
                                let _ = write!(b, "{}", Ipv4Addr::from(*black_box(a)));
                                x += black_box(&b.b[..b.n]).len() as u64;
                            }
                        }
                        x
                    }),
                ),
            ],
        },
    ];

    // Warm up, then interleaved rounds.
    for g in &groups {
        for (_, f) in &g.impls {
            black_box(f());
        }
    }
    let per = (SET * reps) as f64;
    let mut samples: Vec<Vec<Vec<f64>>> =
        groups.iter().map(|g| vec![Vec::new(); g.impls.len()]).collect();
    for _ in 0..rounds {
        for (gi, g) in groups.iter().enumerate() {
            for (ii, (_, f)) in g.impls.iter().enumerate() {
                let t = Instant::now();
                black_box(f());
                samples[gi][ii].push(t.elapsed().as_nanos() as f64 / per);
            }
        }
    }
    println!(
        "{} addresses per set, {} passes per sample, {rounds} interleaved rounds; ns per address (median)\n",
        SET, reps
    );
    println!("| function | bsdsock | glibc | core::net | bsdsock / glibc | target |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (gi, g) in groups.iter().enumerate() {
        let med: Vec<f64> = samples[gi]
            .iter_mut()
            .map(|v| {
                v.sort_by(|a, b| a.partial_cmp(b).unwrap());
                v[v.len() / 2]
            })
            .collect();
        let ratio = med[0] / med[1];
        let target = if g.target.is_nan() {
            "—".to_string()
        } else {
            format!("≤ {:.1} {}", g.target, if ratio <= g.target { "met" } else { "MISSED" })
        };
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.2} | {} |",
            g.name, med[0], med[1], med[2], ratio, target
        );
    }
}
