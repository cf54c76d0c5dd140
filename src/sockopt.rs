//! Decoders for getsockopt(2) buffers: the bytes that [`Socket::getsockopt_into`] and
//! [`Socket::getsockopt_bytes`] return, read as the C type the option has (`int`,
//! `struct linger`, `struct timeval`), with the sizes and offsets the build-time probe read
//! from the target's headers.
//!
//! Pure code: no unsafe, no allocation, no system call. The bytes come from the kernel, or
//! from anywhere: every function takes a slice of any length, checks it once, and never
//! panics; a buffer too short for the type is `None` (fuzzed by `fuzz/fuzz_targets/
//! getsockopt_decode.rs`).
//!
//! [`Socket::getsockopt_into`]: crate::Socket::getsockopt_into
//! [`Socket::getsockopt_bytes`]: crate::Socket::getsockopt_bytes

use core::time::Duration;

use crate::ne::read_ne_signed;
use crate::sys::layout::{
    FSIZE_LINGER__L_LINGER, FSIZE_LINGER__L_ONOFF, FSIZE_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_USEC,
    OFFSET_LINGER__L_LINGER, OFFSET_LINGER__L_ONOFF, OFFSET_TIMEVAL__TV_SEC,
    OFFSET_TIMEVAL__TV_USEC, SIZE_LINGER, SIZE_TIMEVAL,
};

/// An `int` option as the kernel wrote it: one byte is an unsigned char option (some BSD
/// IP options, e.g. IP_MULTICAST_TTL), otherwise up to `sizeof(int)` native-endian bytes,
/// zero-filled if fewer were written (what a zeroed C `int` would hold); bytes past
/// `sizeof(int)` are ignored. Never fails: getsockopt's int form always gives a number.
pub fn decode_int(bytes: &[u8]) -> i32 {
    if let [one] = bytes {
        return *one as i32;
    }
    let mut b = [0u8; 4];
    let n = bytes.len().min(4);
    b[..n].copy_from_slice(&bytes[..n]);
    i32::from_ne_bytes(b)
}

/// A `struct linger` (SO_LINGER) as `(l_onoff, l_linger)`; `None` if `bytes` is shorter
/// than the struct.
pub fn decode_linger(bytes: &[u8]) -> Option<(i32, i32)> {
    if bytes.len() < SIZE_LINGER {
        return None;
    }
    let on = read_ne_signed(bytes, OFFSET_LINGER__L_ONOFF, FSIZE_LINGER__L_ONOFF)?;
    let secs = read_ne_signed(bytes, OFFSET_LINGER__L_LINGER, FSIZE_LINGER__L_LINGER)?;
    Some((i32::try_from(on).ok()?, i32::try_from(secs).ok()?))
}

/// A `struct timeval` (SO_RCVTIMEO, SO_SNDTIMEO) as a duration; `None` if `bytes` is shorter
/// than the struct, or it holds a negative time or microseconds outside `0..1_000_000`
/// (the kernel never writes one).
pub fn decode_timeval(bytes: &[u8]) -> Option<Duration> {
    if bytes.len() < SIZE_TIMEVAL {
        return None;
    }
    let sec = read_ne_signed(bytes, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC)?;
    let usec = read_ne_signed(bytes, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC)?;
    if sec < 0 || !(0..1_000_000).contains(&usec) {
        return None;
    }
    Some(Duration::new(sec as u64, usec as u32 * 1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(decode_int(&[]), 0);
        assert_eq!(decode_int(&[200]), 200);
        assert_eq!(decode_int(&7i32.to_ne_bytes()), 7);
        assert_eq!(decode_int(&(-1i32).to_ne_bytes()), -1);
        let mut long = [0u8; 9];
        long[..4].copy_from_slice(&5i32.to_ne_bytes());
        assert_eq!(decode_int(&long), 5);
    }

    #[test]
    fn linger_and_timeval_need_the_whole_struct() {
        let mut l = [0u8; SIZE_LINGER];
        l[OFFSET_LINGER__L_ONOFF..][..4].copy_from_slice(&1i32.to_ne_bytes());
        l[OFFSET_LINGER__L_LINGER..][..4].copy_from_slice(&30i32.to_ne_bytes());
        assert_eq!(decode_linger(&l), Some((1, 30)));
        assert_eq!(decode_linger(&l[..SIZE_LINGER - 1]), None);
        assert_eq!(decode_linger(&[]), None);

        let mut t = [0u8; SIZE_TIMEVAL];
        let put = |t: &mut [u8], off: usize, size: usize, v: i64| {
            t[off..off + size].copy_from_slice(&v.to_ne_bytes()[..size]);
            if cfg!(target_endian = "big") {
                t[off..off + size].copy_from_slice(&v.to_be_bytes()[8 - size..]);
            }
        };
        put(&mut t, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC, 2);
        put(&mut t, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, 500_000);
        assert_eq!(decode_timeval(&t), Some(Duration::from_millis(2500)));
        assert_eq!(decode_timeval(&t[..SIZE_TIMEVAL - 1]), None);
        put(&mut t, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, 1_000_000);
        assert_eq!(decode_timeval(&t), None);
        put(&mut t, OFFSET_TIMEVAL__TV_USEC, FSIZE_TIMEVAL__TV_USEC, 0);
        put(&mut t, OFFSET_TIMEVAL__TV_SEC, FSIZE_TIMEVAL__TV_SEC, -1);
        assert_eq!(decode_timeval(&t), None);
    }

    #[test]
    fn any_length_any_bytes() {
        for len in 0..40 {
            for fill in [0u8, 0x7f, 0x80, 0xff] {
                let b = [fill; 40];
                let _ = decode_int(&b[..len]);
                let _ = decode_linger(&b[..len]);
                let _ = decode_timeval(&b[..len]);
            }
        }
    }
}
