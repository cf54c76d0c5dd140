//! The C library's own address-text functions, inet_aton(3), inet_pton(3), inet_ntop(3):
//! bsdsock's parsers are pure Rust, and these are here for the differential tests, the fuzz
//! targets and the benchmarks that compare against them.

use super::{c_char, c_int, c_void, socklen_t};

unsafe extern "C" {
    /// inet_aton(3)
    #[link_name = sym!("inet_aton")]
    fn inet_aton(cp: *const c_char, inp: *mut c_void) -> c_int;
    /// inet_pton(3)
    #[link_name = sym!("inet_pton")]
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    /// inet_ntop(3)
    #[link_name = sym!("inet_ntop")]
    fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: socklen_t)
    -> *const c_char;
}

/// The C library's inet_aton on a NUL-terminated string: the 4 bytes, or `None` if it
/// rejects the text. Returns `None` if `text` has no NUL.
pub fn c_inet_aton(text: &[u8]) -> Option<[u8; 4]> {
    text.iter().position(|&b| b == 0)?;
    let mut out = [0u8; 4];
    // SAFETY: text is NUL-terminated (checked), out is writable for 4 bytes (struct in_addr).
    let rc = unsafe { inet_aton(text.as_ptr().cast(), out.as_mut_ptr().cast()) };
    (rc != 0).then_some(out)
}

/// The C library's inet_pton for AF_INET (4 bytes used) or AF_INET6 (16) on a NUL-terminated
/// string: Ok(Some(bytes)), Ok(None) if it rejects the text, Err(errno) for a bad family.
pub fn c_inet_pton(af: c_int, text: &[u8]) -> Result<Option<[u8; 16]>, super::errno::Errno> {
    if !text.contains(&0) {
        return Ok(None);
    }
    let mut out = [0u8; 16];
    // SAFETY: text is NUL-terminated, out holds 16 bytes (enough for in6_addr).
    let rc = unsafe { inet_pton(af, text.as_ptr().cast(), out.as_mut_ptr().cast()) };
    match rc {
        1 => Ok(Some(out)),
        0 => Ok(None),
        _ => Err(super::errno::get()),
    }
}

/// The C library's inet_ntop: writes the text into `buf` and returns its length.
pub fn c_inet_ntop(
    af: c_int,
    packed: &[u8],
    buf: &mut [u8; 64],
) -> Result<usize, super::errno::Errno> {
    let need = if af == crate::consts::AF_INET { 4 } else { 16 };
    if packed.len() < need {
        return Err(super::errno::Errno(crate::consts::errno::EINVAL));
    }
    // SAFETY: packed holds at least the bytes the family reads; buf is writable for 64 bytes.
    let p = unsafe {
        inet_ntop(af, packed.as_ptr().cast(), buf.as_mut_ptr().cast(), buf.len() as socklen_t)
    };
    if p.is_null() {
        return Err(super::errno::get());
    }
    Ok(buf.iter().position(|&b| b == 0).unwrap_or(buf.len()))
}
