//! C symbols from the headers: every C function bsdsock calls links to the symbol the
//! target's headers bind its name to. Where they rename one (64-bit `time_t` on 32-bit
//! targets: musl 1.2, glibc with `-D_TIME_BITS=64`; 64-bit `off_t`/`rlim_t` with
//! `-D_FILE_OFFSET_BITS=64`; NetBSD's versioned symbols), linking the plain name gets the
//! old ABI: on armv7 musl the monotonic clock read 18446744073709551615 and every timeout
//! expired at once; on 32-bit glibc with `_FILE_OFFSET_BITS=64` the descriptor limit read
//! (85899345940000, 0). These checks fail in exactly those builds.

use std::time::Duration;

use bsdsock::{SO_RCVTIMEO, SOL_SOCKET, layout, sockopt};

fn symbol(name: &str) -> Option<&'static str> {
    layout::SYMBOLS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The probe found a symbol for the functions every target uses.
#[test]
fn every_common_function_has_a_symbol() {
    for f in ["socket", "connect", "recv", "send", "close", "fcntl", "getaddrinfo", "poll"] {
        let s = symbol(f).unwrap_or_else(|| panic!("no symbol for {f}"));
        assert!(!s.is_empty() && s.contains(f.trim_start_matches('_')), "{f} -> {s}");
    }
}

/// 64-bit time_t on a 32-bit Linux target: the time functions are the *64 / *_time64 ones.
#[test]
fn time64_functions_are_the_64_bit_ones() {
    if cfg!(target_os = "linux") && usize::BITS == 32 && layout::TSIZE_TIME_T == 8 {
        assert_eq!(symbol("clock_gettime"), Some("__clock_gettime64"));
        assert_ne!(symbol("ppoll"), Some("ppoll"));
    } else {
        println!("SKIP time64_functions_are_the_64_bit_ones: time_t is the native width here");
    }
    if cfg!(target_os = "netbsd") {
        assert_eq!(symbol("socket"), Some("__socket30"));
    }
}

/// The descriptor limit reads back sanely (a getrlimit of the wrong width gave
/// (85899345940000, 0): a hard limit of 0 below the soft one).
#[test]
#[cfg_attr(miri, ignore)]
fn getrlimit_nofile_is_consistent() {
    let (soft, hard) = bsdsock::resource::getrlimit_nofile().unwrap();
    assert!(soft >= 3 && soft <= hard, "getrlimit(RLIMIT_NOFILE) = ({soft}, {hard})");
    bsdsock::resource::setrlimit_nofile(soft, hard).unwrap();
    assert_eq!(bsdsock::resource::getrlimit_nofile().unwrap(), (soft, hard));
}

/// A wait with a long timeout sees data that arrives later (with the clock broken, every
/// deadline had passed at once and this recv timed out immediately).
#[test]
#[cfg_attr(miri, ignore)]
fn a_timeout_wait_gets_data_that_arrives_later() {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    b.settimeout(Some(60.0)).unwrap();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        a.sendall(b"late").unwrap();
        a
    });
    assert_eq!(b.recv(16).unwrap(), b"late");
    drop(t.join().unwrap());
}

/// SO_RCVTIMEO round-trips through the probed struct timeval (set and read back by the
/// setsockopt/getsockopt the headers name: `__setsockopt64` with glibc's 64-bit time).
#[test]
#[cfg_attr(miri, ignore)]
fn so_rcvtimeo_round_trips_through_the_probed_timeval() {
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    let want = Duration::from_millis(1500);
    a.setsockopt_bytes(SOL_SOCKET, SO_RCVTIMEO, &sockopt::timeval(want).unwrap()).unwrap();
    let mut buf = [0u8; 64];
    let n = a.getsockopt_into(SOL_SOCKET, SO_RCVTIMEO, &mut buf).unwrap();
    if n == 4 && layout::SIZE_TIMEVAL == 16 && usize::BITS == 32 {
        // The same C program gets 4 bytes too: qemu-user (7.2) passes the 64-bit-time
        // option number SO_RCVTIMEO_NEW through as an int option.
        println!(
            "SKIP so_rcvtimeo_round_trips_through_the_probed_timeval: getsockopt(SO_RCVTIMEO = \
             {SO_RCVTIMEO}) wrote 4 bytes (qemu-user treats the 64-bit-time option as an int)"
        );
        return;
    }
    assert_eq!(n, layout::SIZE_TIMEVAL);
    assert_eq!(sockopt::decode_timeval(&buf[..n]), Some(want));
}
