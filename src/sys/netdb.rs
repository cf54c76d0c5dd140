//! Resolver calls: getaddrinfo(3), getnameinfo(3), the reentrant `*_r` lookups where the
//! platform has them, gethostname(2), gai_strerror(3), hstrerror(3).

use super::{addrinfo, c_char, c_int, c_void, hostent, protoent, servent, sockaddr, socklen_t};

/// The C type of getnameinfo's host and service buffer lengths.
#[cfg(any(target_os = "freebsd", target_os = "openbsd", target_os = "dragonfly"))]
pub type NameLen = usize;
/// The C type of getnameinfo's host and service buffer lengths.
#[cfg(not(any(target_os = "freebsd", target_os = "openbsd", target_os = "dragonfly")))]
pub type NameLen = socklen_t;

unsafe extern "C" {
    /// getaddrinfo(3)
    pub fn getaddrinfo(
        node: *const c_char,
        service: *const c_char,
        hints: *const addrinfo,
        res: *mut *mut addrinfo,
    ) -> c_int;
    /// freeaddrinfo(3)
    pub fn freeaddrinfo(res: *mut addrinfo);
    /// gai_strerror(3)
    pub fn gai_strerror(code: c_int) -> *const c_char;
    /// getnameinfo(3)
    pub fn getnameinfo(
        sa: *const sockaddr,
        salen: socklen_t,
        host: *mut c_char,
        hostlen: NameLen,
        serv: *mut c_char,
        servlen: NameLen,
        flags: c_int,
    ) -> c_int;
    /// gethostbyname_r(3) (glibc, musl, FreeBSD)
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    pub fn gethostbyname_r(
        name: *const c_char,
        ret: *mut hostent,
        buf: *mut c_char,
        buflen: usize,
        result: *mut *mut hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    /// gethostbyaddr_r(3) (glibc, musl, FreeBSD)
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    pub fn gethostbyaddr_r(
        addr: *const c_void,
        len: socklen_t,
        ty: c_int,
        ret: *mut hostent,
        buf: *mut c_char,
        buflen: usize,
        result: *mut *mut hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    /// getservbyname_r(3) (glibc, musl, FreeBSD)
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    pub fn getservbyname_r(
        name: *const c_char,
        proto: *const c_char,
        ret: *mut servent,
        buf: *mut c_char,
        buflen: usize,
        result: *mut *mut servent,
    ) -> c_int;
    /// getservbyport_r(3) (glibc, musl, FreeBSD)
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    pub fn getservbyport_r(
        port: c_int,
        proto: *const c_char,
        ret: *mut servent,
        buf: *mut c_char,
        buflen: usize,
        result: *mut *mut servent,
    ) -> c_int;
    /// getprotobyname_r(3) (glibc, FreeBSD; musl has none)
    #[cfg(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd"))]
    pub fn getprotobyname_r(
        name: *const c_char,
        ret: *mut protoent,
        buf: *mut c_char,
        buflen: usize,
        result: *mut *mut protoent,
    ) -> c_int;
    /// gethostbyname(3), for platforms without the `_r` form (serialised by the caller)
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    pub fn gethostbyname(name: *const c_char) -> *mut hostent;
    /// gethostbyaddr(3), for platforms without the `_r` form (serialised by the caller)
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    pub fn gethostbyaddr(addr: *const c_void, len: socklen_t, ty: c_int) -> *mut hostent;
    /// getservbyname(3), for platforms without the `_r` form (serialised by the caller)
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    pub fn getservbyname(name: *const c_char, proto: *const c_char) -> *mut servent;
    /// getservbyport(3), for platforms without the `_r` form (serialised by the caller)
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    pub fn getservbyport(port: c_int, proto: *const c_char) -> *mut servent;
    /// getprotobyname(3), for platforms without the `_r` form, musl included (serialised by
    /// the caller)
    #[cfg(not(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd")))]
    pub fn getprotobyname(name: *const c_char) -> *mut protoent;
    /// gethostname(2)
    pub fn gethostname(name: *mut c_char, len: usize) -> c_int;
    /// hstrerror(3)
    pub fn hstrerror(err: c_int) -> *const c_char;
}

/// Text of a static C string as `&'static str` (invalid UTF-8 gives `None`).
///
/// # Safety
/// `p` is null or points to a NUL-terminated string that lives for the whole program.
pub unsafe fn static_text(p: *const c_char) -> Option<&'static str> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller guarantees a NUL-terminated string with static lifetime.
    unsafe { core::ffi::CStr::from_ptr(p) }.to_str().ok()
}

/// gai_strerror(3) as text.
pub fn gai_message(code: i32) -> Option<&'static str> {
    // SAFETY: gai_strerror returns a pointer to a static string (or to a static "Unknown
    // error" text) for any code.
    unsafe { static_text(gai_strerror(code)) }
}

/// hstrerror(3) as text.
pub fn h_message(code: i32) -> Option<&'static str> {
    // SAFETY: hstrerror returns a pointer to a static string for any code.
    unsafe { static_text(hstrerror(code)) }
}
