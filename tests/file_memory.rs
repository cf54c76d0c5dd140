//! Memory: receives that ask for far more than arrives cost what arrives (no zero-filling of
//! the requested size), and makefile's readline needs at most the longest line plus one read
//! chunk. Peak resident memory is read from /proc/self/status (VmHWM, reset through
//! /proc/self/clear_refs), so the tests take turns and run in their own binary.
#![cfg(target_os = "linux")]

mod socket_common;
use socket_common::*;

use std::sync::Mutex;
use std::thread;

use bsdsock::Error;
use bsdsock::consts::errno::ENOMEM;

static TURN: Mutex<()> = Mutex::new(());

fn status_kib(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = s.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Reset the peak (VmHWM) to the current resident size; false where the kernel cannot.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// How much the peak resident size grew over `f`, in MiB (None if it cannot be measured:
/// under qemu-user, and under AddressSanitizer, whose quarantine keeps freed memory resident
/// on purpose; `.ci/rel.sh asan` sets BSDSOCK_ASAN).
fn peak_growth_mib<T>(f: impl FnOnce() -> T) -> (T, Option<u64>) {
    let ok = reset_peak() && qemu_user().is_none() && std::env::var_os("BSDSOCK_ASAN").is_none();
    let base = status_kib("VmRSS:");
    let r = f();
    let peak = status_kib("VmHWM:");
    (r, ok.then(|| peak.saturating_sub(base) >> 10))
}

/// `r` is the 5 bytes, or (where the allocator cannot reserve that much) an honest ENOMEM.
fn five_bytes_or_enomem(r: Result<Vec<u8>, Error>, what: &str) {
    match r {
        Ok(v) => assert_eq!(v, b"12345", "{what}"),
        Err(Error::Os(e)) if e == ENOMEM => {
            skip_note(what, "the allocator refused the reservation (ENOMEM)");
        }
        Err(e) => panic!("{what}: {e}"),
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn huge_receives_with_five_bytes_waiting_cost_five_bytes() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    const HUGE: usize = if cfg!(target_pointer_width = "64") { 2 << 30 } else { 1 << 30 };
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let ((), grew) = peak_growth_mib(|| {
        for what in ["recv", "recvfrom", "recvmsg"] {
            b.sendall(b"12345").unwrap();
            let a = a.dup().unwrap();
            let r = within(bound(5), what, move || match what {
                "recv" => a.recv(HUGE),
                "recvfrom" => a.recvfrom(HUGE).map(|(v, _)| v),
                _ => a.recvmsg(HUGE, &mut [], 0).map(|(v, _)| v),
            });
            five_bytes_or_enomem(r, what);
        }
        // makefile().read(3 GiB) with 5 bytes and then EOF.
        b.sendall(b"12345").unwrap();
        b.shutdown(bsdsock::SHUT_WR).unwrap();
        let mut f = a.makefile("rb", -1).unwrap();
        let n = if cfg!(target_pointer_width = "64") { 3 << 30 } else { 1 << 30 };
        let r = within(bound(5), "makefile read", move || f.read(Some(n)));
        five_bytes_or_enomem(r, "makefile read");
    });
    if let Some(mib) = grew {
        println!("peak resident growth: {mib} MiB");
        assert!(mib < 64, "the requested size was touched: +{mib} MiB");
    }
}

#[test]
#[cfg_attr(miri, ignore)]
fn readline_memory_is_bounded_by_the_longest_line_plus_a_chunk() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // 64 MiB of 64-byte lines (8 MiB under qemu), written in 60,000-byte pieces so that
    // receives rarely end on a line boundary.
    let total: usize = if qemu_user().is_some() { 8 << 20 } else { 64 << 20 };
    let lines = total / 64;
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let writer = thread::spawn(move || {
        let mut line = [b'x'; 64];
        line[63] = b'\n';
        let mut piece = Vec::with_capacity(60_000 + 64);
        for _ in 0..lines {
            piece.extend_from_slice(&line);
            if piece.len() >= 60_000 {
                a.sendall(&piece[..60_000]).unwrap();
                piece.drain(..60_000);
            }
        }
        a.sendall(&piece).unwrap();
        drop(a);
    });
    let (count, grew) = peak_growth_mib(|| {
        let mut f = b.makefile("rb", -1).unwrap();
        let mut n = 0;
        loop {
            let l = f.readline(None).unwrap();
            if l.is_empty() {
                break n;
            }
            assert_eq!(l.len(), 64);
            n += 1;
        }
    });
    writer.join().unwrap();
    assert_eq!(count, lines);
    if let Some(mib) = grew {
        println!("readline of {} MiB: peak resident growth {mib} MiB", total >> 20);
        assert!(mib < 8, "readline kept consumed bytes: +{mib} MiB");
    }
}
