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

// ---------------------------------------------------------------------------------------
// Safe wrappers. Everything above sys/ goes through these; every C result list and every
// pointer into a caller's buffer is handled here.
// ---------------------------------------------------------------------------------------

use core::ffi::CStr;
use core::marker::PhantomData;

use super::errno::Errno;
use super::net::SockaddrBuf;
use crate::error::Error;

/// One unit of scratch space for the reentrant `*_r` lookups: 16 bytes, aligned as
/// malloc(3) aligns (`max_align_t`). The C library stores `struct` data and the
/// `h_aliases` / `h_addr_list` pointer arrays in the buffer as it is (glibc's numeric-host
/// path does not align it), so a byte buffer, which an allocator may place at any address,
/// would leave those pointers misaligned.
#[derive(Clone, Copy)]
#[repr(C, align(16))]
pub struct ScratchUnit(pub [u8; 16]);

impl ScratchUnit {
    /// A zeroed unit, to build arrays: `[ScratchUnit::ZERO; 256]` is 4 KiB.
    pub const ZERO: ScratchUnit = ScratchUnit([0; 16]);
}

/// The C view of a scratch buffer: its address and its length in bytes.
#[cfg(any(target_os = "linux", target_os = "freebsd"))]
fn scratch_c(buf: &mut [ScratchUnit]) -> (*mut c_char, usize) {
    (buf.as_mut_ptr().cast(), core::mem::size_of_val(buf))
}

/// The `hints` argument of getaddrinfo(3).
#[derive(Clone, Copy, Debug, Default)]
pub struct Hints {
    /// `ai_flags` (AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, …).
    pub flags: c_int,
    /// `ai_family`.
    pub family: c_int,
    /// `ai_socktype`.
    pub socktype: c_int,
    /// `ai_protocol`.
    pub protocol: c_int,
}

/// The result list of getaddrinfo(3), owned: freeaddrinfo(3) runs exactly once, when it is
/// dropped (after full iteration, after an early drop, or without any iteration).
pub struct AddrInfoList {
    head: *mut addrinfo,
    cursor: *const addrinfo,
}

// SAFETY: the list is heap memory owned by this value alone; nothing in it refers to
// thread-local state, and freeaddrinfo may run on any thread.
unsafe impl Send for AddrInfoList {}
// SAFETY: shared access only reads the list.
unsafe impl Sync for AddrInfoList {}

impl Drop for AddrInfoList {
    fn drop(&mut self) {
        if !self.head.is_null() {
            // SAFETY: head came from a successful getaddrinfo and is freed only here, once.
            unsafe { freeaddrinfo(self.head) };
        }
    }
}

/// One entry of an [`AddrInfoList`], borrowed from it.
#[derive(Clone, Copy, Debug)]
pub struct AddrInfoEntry<'a> {
    /// `ai_family`.
    pub family: c_int,
    /// `ai_socktype`.
    pub socktype: c_int,
    /// `ai_protocol`.
    pub protocol: c_int,
    /// The `ai_addrlen` bytes at `ai_addr` (empty when the library gave none).
    pub addr: &'a [u8],
    /// `ai_canonname`, when the library filled it.
    pub canonname: Option<&'a CStr>,
}

/// Read one entry.
///
/// # Safety
/// `p` points to a live entry of a list returned by getaddrinfo, which outlives `'a`.
unsafe fn entry<'a>(p: *const addrinfo) -> AddrInfoEntry<'a> {
    // SAFETY: the caller guarantees p is a live addrinfo.
    let ai = unsafe { &*p };
    let addr: &[u8] = if ai.ai_addr.is_null() {
        &[]
    } else {
        // SAFETY: getaddrinfo sets ai_addr to ai_addrlen readable bytes that live as long
        // as the list.
        unsafe { core::slice::from_raw_parts(ai.ai_addr as *const u8, ai.ai_addrlen as usize) }
    };
    let canonname = if ai.ai_canonname.is_null() {
        None
    } else {
        // SAFETY: a non-null ai_canonname is a NUL-terminated string owned by the list.
        Some(unsafe { CStr::from_ptr(ai.ai_canonname) })
    };
    AddrInfoEntry {
        family: ai.ai_family,
        socktype: ai.ai_socktype,
        protocol: ai.ai_protocol,
        addr,
        canonname,
    }
}

impl AddrInfoList {
    /// The entries, from the first, without consuming the list.
    pub fn iter(&self) -> AddrInfoIter<'_> {
        AddrInfoIter { cur: self.head, _list: PhantomData }
    }

    /// The entry at the cursor, advancing it (the owning iteration of the safe API).
    pub fn next_entry(&mut self) -> Option<AddrInfoEntry<'_>> {
        if self.cursor.is_null() {
            return None;
        }
        let p = self.cursor;
        // SAFETY: cursor is null or a live entry of our own list; ai_next is null or the
        // next live entry.
        self.cursor = unsafe { (*p).ai_next };
        // SAFETY: p is a live entry of self, which outlives the returned borrow.
        Some(unsafe { entry(p) })
    }
}

/// Iterator over the entries of an [`AddrInfoList`].
pub struct AddrInfoIter<'a> {
    cur: *const addrinfo,
    _list: PhantomData<&'a AddrInfoList>,
}

impl<'a> Iterator for AddrInfoIter<'a> {
    type Item = AddrInfoEntry<'a>;
    fn next(&mut self) -> Option<AddrInfoEntry<'a>> {
        if self.cur.is_null() {
            return None;
        }
        let p = self.cur;
        // SAFETY: cur is a live entry of the borrowed list; ai_next is null or the next.
        self.cur = unsafe { (*p).ai_next };
        // SAFETY: p is a live entry of the list borrowed for 'a.
        Some(unsafe { entry(p) })
    }
}

/// getaddrinfo(3). A failure is the EAI code as [`Error::AddrLookup`], or the errno for
/// EAI_SYSTEM (read at once, before anything else can change it).
pub fn get_addr_info(
    node: Option<&CStr>,
    service: Option<&CStr>,
    hints: &Hints,
) -> Result<AddrInfoList, Error> {
    // SAFETY: addrinfo is integers and pointers; all-zero (null pointers) is the required
    // state for hints.
    let mut h: addrinfo = unsafe { core::mem::zeroed() };
    h.ai_flags = hints.flags;
    h.ai_family = hints.family;
    h.ai_socktype = hints.socktype;
    h.ai_protocol = hints.protocol;
    let mut res: *mut addrinfo = core::ptr::null_mut();
    // SAFETY: node and service are null or NUL-terminated; h is a valid hints struct; res
    // is a valid out-pointer.
    let rc = unsafe {
        getaddrinfo(
            node.map_or(core::ptr::null(), CStr::as_ptr),
            service.map_or(core::ptr::null(), CStr::as_ptr),
            &h,
            &mut res,
        )
    };
    if rc != 0 {
        return Err(Error::from_gai(rc));
    }
    Ok(AddrInfoList { head: res, cursor: res })
}

/// getnameinfo(3) of `addr` into `host` and `serv` (NUL-terminated on success).
///
/// Only a whole `sockaddr_in` or `sockaddr_in6` reaches the C library; any other family or
/// a shorter length is `EAI_FAMILY` without a call. The C library reads other families'
/// addresses as they are: glibc strlen()s an AF_UNIX `sun_path`, which need not be
/// NUL-terminated within the address, and so reads past it.
pub fn get_name_info(
    addr: &SockaddrBuf,
    host: &mut [u8],
    serv: &mut [u8],
    flags: c_int,
) -> Result<(), Error> {
    use crate::consts::{AF_INET, AF_INET6, EAI_FAMILY};
    let need = match c_int::from(addr.storage.ss_family) {
        AF_INET => core::mem::size_of::<super::sockaddr_in>(),
        AF_INET6 => core::mem::size_of::<super::sockaddr_in6>(),
        _ => return Err(Error::AddrLookup(EAI_FAMILY)),
    };
    if (addr.len as usize) < need {
        return Err(Error::AddrLookup(EAI_FAMILY));
    }
    let len = need as socklen_t;
    // SAFETY: addr.storage is readable for len bytes; host and serv are writable for their
    // lengths (clamped to the C type), and getnameinfo NUL-terminates within them.
    let rc = unsafe {
        getnameinfo(
            addr.storage.as_ptr(),
            len,
            host.as_mut_ptr().cast(),
            clamp_len(host.len()),
            serv.as_mut_ptr().cast(),
            clamp_len(serv.len()),
            flags,
        )
    };
    if rc != 0 {
        return Err(Error::from_gai(rc));
    }
    Ok(())
}

fn clamp_len(n: usize) -> NameLen {
    n.min(u32::MAX as usize) as NameLen
}

/// gethostname(2) into `buf`; the name's length (the buffer is NUL-terminated at its end
/// whatever the call did, as Python does).
pub fn host_name(buf: &mut [u8]) -> Result<usize, Errno> {
    if buf.is_empty() {
        return Ok(0);
    }
    let n = buf.len();
    // SAFETY: buf is writable for n - 1 bytes.
    let rc = unsafe { gethostname(buf.as_mut_ptr().cast(), n - 1) };
    if rc != 0 {
        return Err(super::errno::get());
    }
    buf[n - 1] = 0;
    Ok(buf.iter().position(|&b| b == 0).unwrap_or(n - 1))
}

/// Why a host-database lookup failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostError {
    /// The caller's buffer was too small (ERANGE): retry with a bigger one.
    Range,
    /// The lookup failed with this `h_errno`.
    Herrno(c_int),
}

/// A `struct hostent` whose strings live in a caller's buffer (or, on platforms without the
/// `_r` calls, in the C library's static storage while its lock is held).
pub struct HostEnt<'a> {
    ent: &'a hostent,
}

impl<'a> HostEnt<'a> {
    /// `h_name` (empty if null).
    pub fn name(&self) -> &'a CStr {
        if self.ent.h_name.is_null() {
            return c"";
        }
        // SAFETY: a non-null h_name is a NUL-terminated string in the entry's storage.
        unsafe { CStr::from_ptr(self.ent.h_name) }
    }

    /// `h_addrtype`.
    pub fn addrtype(&self) -> c_int {
        self.ent.h_addrtype
    }

    /// `h_aliases`.
    pub fn aliases(&self) -> StrList<'a> {
        StrList { p: self.ent.h_aliases as *const *const c_char, _l: PhantomData }
    }

    /// `h_addr_list`, each `h_length` bytes.
    pub fn addrs(&self) -> AddrList<'a> {
        AddrList {
            p: self.ent.h_addr_list as *const *const c_char,
            len: self.ent.h_length.max(0) as usize,
            _l: PhantomData,
        }
    }
}

/// A NULL-terminated `char **` list of strings.
pub struct StrList<'a> {
    p: *const *const c_char,
    _l: PhantomData<&'a CStr>,
}

impl<'a> Iterator for StrList<'a> {
    type Item = &'a CStr;
    fn next(&mut self) -> Option<&'a CStr> {
        if self.p.is_null() {
            return None;
        }
        // SAFETY: p points into a NULL-terminated pointer array of the entry; the read
        // tolerates any alignment (the array lives wherever the C library put it).
        let s = unsafe { self.p.read_unaligned() };
        if s.is_null() {
            self.p = core::ptr::null();
            return None;
        }
        // SAFETY: not past the terminating NULL, so the next slot exists.
        self.p = unsafe { self.p.add(1) };
        // SAFETY: each non-null item is a NUL-terminated string of the entry.
        Some(unsafe { CStr::from_ptr(s) })
    }
}

/// A NULL-terminated `char **` list of addresses of a fixed length.
pub struct AddrList<'a> {
    p: *const *const c_char,
    len: usize,
    _l: PhantomData<&'a [u8]>,
}

impl<'a> Iterator for AddrList<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        if self.p.is_null() {
            return None;
        }
        // SAFETY: p points into a NULL-terminated pointer array of the entry; the read
        // tolerates any alignment (the array lives wherever the C library put it).
        let s = unsafe { self.p.read_unaligned() };
        if s.is_null() {
            self.p = core::ptr::null();
            return None;
        }
        // SAFETY: not past the terminating NULL, so the next slot exists.
        self.p = unsafe { self.p.add(1) };
        // SAFETY: each address is h_length readable bytes of the entry.
        Some(unsafe { core::slice::from_raw_parts(s as *const u8, self.len) })
    }
}

/// A spin lock serialising the non-reentrant lookups on platforms without the `_r` calls
/// (and musl's getprotobyname).
#[cfg(not(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd")))]
mod lock {
    use core::sync::atomic::{AtomicBool, Ordering};
    static LOCKED: AtomicBool = AtomicBool::new(false);
    pub struct Guard;
    pub fn lock() -> Guard {
        while LOCKED
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            core::hint::spin_loop();
        }
        Guard
    }
    impl Drop for Guard {
        fn drop(&mut self) {
            LOCKED.store(false, Ordering::Release);
        }
    }
}

/// gethostbyname_r(3) with `buf` as its scratch space; `f` sees the entry.
pub fn host_by_name<R>(
    name: &CStr,
    buf: &mut [ScratchUnit],
    f: impl FnOnce(Result<HostEnt<'_>, HostError>) -> R,
) -> R {
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    {
        let (sbuf, slen) = scratch_c(buf);
        // SAFETY: hostent is pointers and integers; zeroed is a valid starting value.
        let mut ret: hostent = unsafe { core::mem::zeroed() };
        let mut result: *mut hostent = core::ptr::null_mut();
        let mut herr: c_int = 0;
        // SAFETY: name is NUL-terminated, ret/result/herr are valid out-pointers and buf is
        // writable for its length.
        let rc =
            unsafe { gethostbyname_r(name.as_ptr(), &mut ret, sbuf, slen, &mut result, &mut herr) };
        host_result(rc, result, herr, &ret, f)
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    {
        let _ = buf;
        let _g = lock::lock();
        // SAFETY: name is NUL-terminated; the static result is read only under the lock.
        let p = unsafe { gethostbyname(name.as_ptr()) };
        static_host_result(p, f)
    }
}

/// gethostbyaddr_r(3) of the raw address `addr` of `family`, with `buf` as scratch space.
pub fn host_by_addr<R>(
    addr: &[u8],
    family: c_int,
    buf: &mut [ScratchUnit],
    f: impl FnOnce(Result<HostEnt<'_>, HostError>) -> R,
) -> R {
    let alen = addr.len().min(u32::MAX as usize) as socklen_t;
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    {
        let (sbuf, slen) = scratch_c(buf);
        // SAFETY: hostent is pointers and integers; zeroed is a valid starting value.
        let mut ret: hostent = unsafe { core::mem::zeroed() };
        let mut result: *mut hostent = core::ptr::null_mut();
        let mut herr: c_int = 0;
        // SAFETY: addr is readable for alen bytes; out-pointers are valid; buf is writable
        // for its length.
        let rc = unsafe {
            gethostbyaddr_r(
                addr.as_ptr().cast(),
                alen,
                family,
                &mut ret,
                sbuf,
                slen,
                &mut result,
                &mut herr,
            )
        };
        host_result(rc, result, herr, &ret, f)
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    {
        let _ = buf;
        let _g = lock::lock();
        // SAFETY: addr is readable for alen bytes; the static result is read under the lock.
        let p = unsafe { gethostbyaddr(addr.as_ptr().cast(), alen, family) };
        static_host_result(p, f)
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd"))]
fn host_result<R>(
    rc: c_int,
    result: *mut hostent,
    herr: c_int,
    ret: &hostent,
    f: impl FnOnce(Result<HostEnt<'_>, HostError>) -> R,
) -> R {
    if result.is_null() {
        if rc == crate::consts::errno::ERANGE {
            return f(Err(HostError::Range));
        }
        return f(Err(HostError::Herrno(herr)));
    }
    f(Ok(HostEnt { ent: ret }))
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
fn static_host_result<R>(
    p: *mut hostent,
    f: impl FnOnce(Result<HostEnt<'_>, HostError>) -> R,
) -> R {
    if p.is_null() {
        return f(Err(HostError::Herrno(h_errno())));
    }
    // SAFETY: p is the library's static entry, valid until the next call, which the held
    // lock excludes.
    f(Ok(HostEnt { ent: unsafe { &*p } }))
}

/// The h_errno of the last gethostbyname(3) / gethostbyaddr(3): NetBSD exports it through
/// `__h_errno()` (its <netdb.h> has `#define h_errno (*__h_errno())`, per thread).
#[cfg(target_os = "netbsd")]
fn h_errno() -> c_int {
    unsafe extern "C" {
        /// The calling thread's h_errno location (NetBSD <netdb.h>).
        fn __h_errno() -> *mut c_int;
    }
    // SAFETY: __h_errno returns a valid pointer to this thread's h_errno.
    unsafe { *__h_errno() }
}

/// The h_errno of the last gethostbyname(3) / gethostbyaddr(3): a plain `extern int h_errno`
/// variable in macOS's and OpenBSD's <netdb.h>, read under the lookup lock the caller holds.
#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "netbsd")))]
fn h_errno() -> c_int {
    unsafe extern "C" {
        /// `extern int h_errno` (macOS, OpenBSD <netdb.h>).
        static h_errno: c_int;
    }
    // SAFETY: h_errno is the C library's int variable; the lookup lock the caller holds
    // keeps other lookups from writing it while it is read (a volatile read, since C code
    // writes it behind Rust's back).
    unsafe { core::ptr::read_volatile(&raw const h_errno) }
}

/// getservbyname_r(3): the port in host byte order, `None` when not found.
pub fn serv_by_name(name: &CStr, proto: Option<&CStr>, buf: &mut [ScratchUnit]) -> Option<u16> {
    let proto = proto.map_or(core::ptr::null(), CStr::as_ptr);
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    {
        let (sbuf, slen) = scratch_c(buf);
        // SAFETY: servent is pointers and integers; zeroed is valid.
        let mut ret: servent = unsafe { core::mem::zeroed() };
        let mut result: *mut servent = core::ptr::null_mut();
        // SAFETY: strings are NUL-terminated (proto may be null); buf is writable.
        unsafe { getservbyname_r(name.as_ptr(), proto, &mut ret, sbuf, slen, &mut result) };
        // s_port holds the port in network order in its low 16 bits.
        (!result.is_null()).then(|| u16::from_be(ret.s_port as u16))
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    {
        let _ = buf;
        let _g = lock::lock();
        // SAFETY: as above; the static result is read under the lock.
        let p = unsafe { getservbyname(name.as_ptr(), proto) };
        // SAFETY: a non-null p is the library's static entry, valid under the lock.
        (!p.is_null()).then(|| u16::from_be(unsafe { (*p).s_port } as u16))
    }
}

/// getservbyport_r(3) of `port` (host order): the service name copied into `out` (its
/// length), `None` when not found or when the name does not fit `out`.
pub fn serv_by_port(
    port: u16,
    proto: Option<&CStr>,
    buf: &mut [ScratchUnit],
    out: &mut [u8],
) -> Option<usize> {
    let proto = proto.map_or(core::ptr::null(), CStr::as_ptr);
    let nport = port.to_be() as c_int;
    let copy = |name: *const c_char, out: &mut [u8]| -> Option<usize> {
        if name.is_null() {
            return None;
        }
        // SAFETY: s_name is a NUL-terminated string of the entry.
        let s = unsafe { CStr::from_ptr(name) }.to_bytes();
        out.get_mut(..s.len())?.copy_from_slice(s);
        Some(s.len())
    };
    #[cfg(any(target_os = "linux", target_os = "freebsd"))]
    {
        let (sbuf, slen) = scratch_c(buf);
        // SAFETY: servent is pointers and integers; zeroed is valid.
        let mut ret: servent = unsafe { core::mem::zeroed() };
        let mut result: *mut servent = core::ptr::null_mut();
        // SAFETY: proto is null or NUL-terminated; buf is writable for its length.
        unsafe { getservbyport_r(nport, proto, &mut ret, sbuf, slen, &mut result) };
        if result.is_null() {
            return None;
        }
        copy(ret.s_name, out)
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    {
        let _ = buf;
        let _g = lock::lock();
        // SAFETY: as above; the static result is read under the lock.
        let p = unsafe { getservbyport(nport, proto) };
        if p.is_null() {
            return None;
        }
        // SAFETY: p is the library's static entry, valid under the lock.
        copy(unsafe { (*p).s_name }, out)
    }
}

/// getprotobyname_r(3): the protocol number, `None` when not found.
pub fn proto_by_name(name: &CStr, buf: &mut [ScratchUnit]) -> Option<c_int> {
    #[cfg(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd"))]
    {
        let (sbuf, slen) = scratch_c(buf);
        // SAFETY: protoent is pointers and integers; zeroed is valid.
        let mut ret: protoent = unsafe { core::mem::zeroed() };
        let mut result: *mut protoent = core::ptr::null_mut();
        // SAFETY: name is NUL-terminated; buf is writable for its length.
        unsafe { getprotobyname_r(name.as_ptr(), &mut ret, sbuf, slen, &mut result) };
        (!result.is_null()).then_some(ret.p_proto)
    }
    #[cfg(not(any(all(target_os = "linux", not(target_env = "musl")), target_os = "freebsd")))]
    {
        let _ = buf;
        let _g = lock::lock();
        // SAFETY: name is NUL-terminated; the static result is read under the lock.
        let p = unsafe { getprotobyname(name.as_ptr()) };
        // SAFETY: a non-null p is the library's static entry, valid under the lock.
        (!p.is_null()).then(|| unsafe { (*p).p_proto })
    }
}
