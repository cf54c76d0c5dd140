//! errno access and message texts: `__errno_location` (Linux, glibc and musl), `__error`
//! (FreeBSD, DragonFly, macOS), `__errno` (OpenBSD, NetBSD, Android).

use super::{c_char, c_int};

/// An errno value returned by a failed C call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Errno(pub i32);

unsafe extern "C" {
    /// errno(3): the calling thread's errno (glibc, musl).
    #[cfg(all(target_os = "linux", not(target_os = "android")))]
    #[link_name = sym!("__errno_location")]
    fn errno_ptr() -> *mut c_int;
    /// errno(3) (FreeBSD, DragonFly, macOS).
    #[cfg(any(target_os = "freebsd", target_os = "dragonfly", target_vendor = "apple"))]
    #[link_name = sym!("__error")]
    fn errno_ptr() -> *mut c_int;
    /// errno(3) (OpenBSD, NetBSD, Android).
    #[cfg(any(target_os = "openbsd", target_os = "netbsd", target_os = "android"))]
    #[link_name = sym!("__errno")]
    fn errno_ptr() -> *mut c_int;

    /// strerror_r(3), the XSI version (musl, the BSDs, macOS).
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    #[link_name = sym!("strerror_r")]
    fn strerror_r(errnum: c_int, buf: *mut c_char, buflen: usize) -> c_int;
    /// strerror_r(3), the GNU version that glibc's <string.h> declares under _GNU_SOURCE (as
    /// the probe compiles): it returns the message, in `buf` or in static storage.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[link_name = sym!("strerror_r")]
    fn strerror_r(errnum: c_int, buf: *mut c_char, buflen: usize) -> *mut c_char;
}

/// The calling thread's errno now.
pub fn get() -> Errno {
    // SAFETY: errno_ptr returns a valid pointer to this thread's errno for its lifetime.
    Errno(unsafe { *errno_ptr() })
}

/// Set the calling thread's errno (used before calls that report errors only through it).
#[cfg(test)]
pub fn set(value: i32) {
    // SAFETY: as in `get`; writing errno is what C code does.
    unsafe { *errno_ptr() = value }
}

/// The C library's message for `errnum` (strerror_r(3)) in `buf`, as UTF-8 text; `None` when
/// the library has none or it is not UTF-8.
pub fn strerror(errnum: i32, buf: &mut [u8; 256]) -> Option<&str> {
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        // SAFETY: buf is valid for writes of its length; XSI strerror_r writes at most
        // buflen bytes including the terminating NUL.
        let rc = unsafe { strerror_r(errnum, buf.as_mut_ptr().cast(), buf.len()) };
        if rc != 0 {
            return None;
        }
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: buf is valid for writes of its length; GNU strerror_r writes at most
        // buflen bytes there, or returns a NUL-terminated string in static storage.
        let p = unsafe { strerror_r(errnum, buf.as_mut_ptr().cast(), buf.len()) };
        if p.is_null() {
            return None;
        }
        if p.cast::<u8>() != buf.as_mut_ptr() {
            // Static text: copy up to the NUL (at most 255 bytes, then a NUL).
            let mut n = 0;
            while n < buf.len() - 1 {
                // SAFETY: p is a NUL-terminated string; reading stops at its NUL.
                let c = unsafe { *p.cast::<u8>().add(n) };
                if c == 0 {
                    break;
                }
                buf[n] = c;
                n += 1;
            }
            buf[n] = 0;
        }
    }
    let len = buf.iter().position(|&b| b == 0)?;
    core::str::from_utf8(&buf[..len]).ok()
}
