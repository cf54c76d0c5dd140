//! The platform C library's inet_aton(3), inet_pton(3) and inet_ntop(3), declared here for
//! the differential tests and the fuzz targets that compare bsdsock's pure-Rust parsers and
//! formatter against them (bsdsock's own FFI is private).
#![allow(dead_code)]

use std::ffi::{c_char, c_int, c_void};

unsafe extern "C" {
    fn inet_aton(cp: *const c_char, inp: *mut c_void) -> c_int;
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_ntop(af: c_int, src: *const c_void, dst: *mut c_char, size: u32) -> *const c_char;
}

/// inet_aton on a NUL-terminated string: the 4 bytes, or `None` if C rejects the text (or
/// `text` has no NUL).
pub fn c_inet_aton(text: &[u8]) -> Option<[u8; 4]> {
    text.iter().position(|&b| b == 0)?;
    let mut out = [0u8; 4];
    // SAFETY: text is NUL-terminated (checked); out is writable for 4 bytes (struct in_addr).
    let rc = unsafe { inet_aton(text.as_ptr().cast(), out.as_mut_ptr().cast()) };
    (rc != 0).then_some(out)
}

/// inet_pton for AF_INET (4 bytes used) or AF_INET6 (16) on a NUL-terminated string:
/// Ok(Some(bytes)), Ok(None) if C rejects the text (or it has no NUL), Err(errno) when C
/// fails (a bad family).
pub fn c_inet_pton(af: i32, text: &[u8]) -> Result<Option<[u8; 16]>, i32> {
    if !text.contains(&0) {
        return Ok(None);
    }
    let mut out = [0u8; 16];
    // SAFETY: text is NUL-terminated; out holds 16 bytes (enough for struct in6_addr).
    let rc = unsafe { inet_pton(af, text.as_ptr().cast(), out.as_mut_ptr().cast()) };
    match rc {
        1 => Ok(Some(out)),
        0 => Ok(None),
        _ => Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0)),
    }
}

/// inet_ntop: writes the text into `buf` and returns its length; Err(errno) when C fails.
pub fn c_inet_ntop(af: i32, packed: &[u8], buf: &mut [u8; 64]) -> Result<usize, i32> {
    let need = if af == bsdsock::AF_INET { 4 } else { 16 };
    if packed.len() < need {
        return Err(bsdsock::consts::errno::EINVAL);
    }
    // SAFETY: packed holds at least the bytes the family reads; buf is writable for 64 bytes.
    let p =
        unsafe { inet_ntop(af, packed.as_ptr().cast(), buf.as_mut_ptr().cast(), buf.len() as u32) };
    if p.is_null() {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    Ok(buf.iter().position(|&b| b == 0).unwrap_or(buf.len()))
}
