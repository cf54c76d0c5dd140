//! Readiness: select(2) and its `fd_set`, epoll(7) (Linux), kqueue(2) (FreeBSD, NetBSD,
//! OpenBSD, macOS). poll(2) itself is in [`super::time`].
//!
//! The structs are checked against the probe like every other: `fd_set`'s size and its bits
//! per word (`NFDBITS`), `epoll_event` (12 bytes and packed on x86_64 and glibc's i386, 16
//! bytes elsewhere; 12 on musl's i386, whose u64 is 4-aligned), and `struct kevent`
//! (FreeBSD 12+ and NetBSD 11 append `ext[4]`, whose length comes from the probe; NetBSD's
//! `filter` and `flags` are 32-bit; macOS packs it to 4 bytes).

#![allow(clippy::unnecessary_cast)]

use super::errno::Errno;
use super::fd::cvt;
use super::{c_int, layout, timeval};
use crate::consts::select::FD_SETSIZE;

unsafe extern "C" {
    /// select(2)
    #[link_name = sym!("select")]
    fn select(
        nfds: c_int,
        readfds: *mut fd_set,
        writefds: *mut fd_set,
        exceptfds: *mut fd_set,
        timeout: *mut timeval,
    ) -> c_int;
}

/// One word of `fd_set`'s bit array: `long` on glibc, musl and FreeBSD, 32 bits on macOS,
/// NetBSD and OpenBSD (the probe's `NFDBITS` confirms it).
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
pub type FdMask = core::ffi::c_ulong;
/// One word of `fd_set`'s bit array: `long` on glibc, musl and FreeBSD, 32 bits on macOS,
/// NetBSD and OpenBSD (the probe's `NFDBITS` confirms it).
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "freebsd")))]
pub type FdMask = u32;

/// Bits per [`FdMask`] word.
pub const NFDBITS: usize = 8 * core::mem::size_of::<FdMask>();
const _: () = assert!(layout::NFDBITS as usize == NFDBITS, "NFDBITS differs from sys/");

/// `fd_set`: FD_SETSIZE bits, descriptor `n` at bit `n % NFDBITS` of word `n / NFDBITS`
/// (FD_SET(3) on every target).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct fd_set {
    pub fds_bits: [FdMask; FD_SETSIZE as usize / NFDBITS],
}

impl Default for fd_set {
    fn default() -> fd_set {
        fd_set::new()
    }
}

impl fd_set {
    /// FD_ZERO.
    pub const fn new() -> fd_set {
        fd_set { fds_bits: [0; FD_SETSIZE as usize / NFDBITS] }
    }
}

/// select(2) with the sets as given (null for `None`) and a timeout of `tv` (`None`: block).
pub fn select_sets(
    nfds: c_int,
    r: Option<&mut fd_set>,
    w: Option<&mut fd_set>,
    x: Option<&mut fd_set>,
    tv: Option<(i64, i64)>,
) -> Result<usize, Errno> {
    let ptr = |s: Option<&mut fd_set>| s.map_or(core::ptr::null_mut(), |s| s as *mut fd_set);
    let mut t = tv.map(|(sec, usec)| {
        timeval::new(super::time_t::try_from(sec).unwrap_or(super::time_t::MAX), usec as _)
    });
    let tp = t.as_mut().map_or(core::ptr::null_mut(), |t| t as *mut timeval);
    // SAFETY: each set pointer is null or a valid, writable fd_set of FD_SETSIZE bits, and
    // nfds never exceeds FD_SETSIZE (callers only set bits below it), so the kernel reads and
    // writes within them; tp is null or a valid timeval with 0 <= tv_usec < 1e6.
    cvt(unsafe { select(nfds, ptr(r), ptr(w), ptr(x), tp) }).map(|n| n as usize)
}

/// One entry of a poll(2) array: `struct pollfd` (the public methods are in
/// `crate::select`).
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct PollFd(pub(crate) super::pollfd);

/// poll(2) over `fds` with a timeout in milliseconds (-1: block).
pub fn poll_entries(fds: &mut [PollFd], timeout_ms: c_int) -> Result<usize, Errno> {
    // SAFETY: PollFd is repr(transparent) over pollfd, so the slice is a valid, writable
    // array of fds.len() pollfd structs for as long as the borrow lasts.
    let raw = unsafe {
        core::slice::from_raw_parts_mut(fds.as_mut_ptr().cast::<super::pollfd>(), fds.len())
    };
    super::time::poll_fds(raw, timeout_ms)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use self::epoll::*;

/// epoll(7): epoll_create1(2), epoll_ctl(2), epoll_wait(2), and epoll_pwait2(2) through
/// syscall(2) for nanosecond timeouts (Linux 5.11; there is no wrapper on musl or on glibc
/// before 2.35, and qemu-user or a seccomp filter may refuse it: ENOSYS or EPERM sends every
/// later wait of the process to epoll_wait with milliseconds).
#[cfg(any(target_os = "linux", target_os = "android"))]
mod epoll {
    use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

    use super::super::errno::Errno;
    use super::super::fd::{Fd, cvt};
    use super::super::{c_int, c_long};
    #[cfg(bsdsock_const = "SYS_epoll_pwait2")]
    use crate::consts::errno::{ENOSYS, EPERM};
    use crate::consts::select::{EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD};

    /// `struct epoll_event`: `__attribute__((packed))` on x86_64, and on i386 with glibc
    /// (12 bytes, alignment 1); on i386 with musl or bionic 12 bytes aligned to 4 (a u64
    /// is 4-aligned there); 16 bytes with the data 8-aligned elsewhere.
    #[cfg_attr(
        any(target_arch = "x86_64", all(target_arch = "x86", target_env = "gnu")),
        repr(C, packed)
    )]
    #[cfg_attr(
        not(any(target_arch = "x86_64", all(target_arch = "x86", target_env = "gnu"))),
        repr(C)
    )]
    #[derive(Clone, Copy)]
    pub struct epoll_event {
        pub events: u32,
        /// `epoll_data_t`, a union of `void *ptr`, `int fd`, `uint32_t u32`, `uint64_t u64`.
        pub data: u64,
    }

    // The layout against the probe (by hand: the generated assertions take references to
    // fields, which a packed struct does not allow).
    const _: () = {
        use super::super::layout as l;
        use core::mem::{offset_of, size_of};
        assert!(l::EPOLL_EVENT_EVENTS_OFFSET as usize == offset_of!(epoll_event, events));
        assert!(l::EPOLL_EVENT_EVENTS_SIZE as usize == size_of::<u32>());
        assert!(l::EPOLL_EVENT_DATA_OFFSET as usize == offset_of!(epoll_event, data));
        assert!(l::EPOLL_EVENT_DATA_SIZE as usize == size_of::<u64>());
    };

    /// One event of an epoll set: `struct epoll_event` (the public methods are in
    /// `crate::select`).
    #[repr(transparent)]
    #[derive(Clone, Copy)]
    pub struct EpollEvent(pub(crate) epoll_event);

    /// The `data` a C program gets from `ev.data.fd = fd` on a zeroed event: the int in the
    /// union's first four bytes (the high half of the u64 on big-endian targets).
    pub const fn data_of_fd(fd: c_int) -> u64 {
        let b = fd.to_ne_bytes();
        u64::from_ne_bytes([b[0], b[1], b[2], b[3], 0, 0, 0, 0])
    }

    /// `ev.data.fd`: the int in the union's first four bytes.
    pub const fn fd_of_data(data: u64) -> c_int {
        let b = data.to_ne_bytes();
        c_int::from_ne_bytes([b[0], b[1], b[2], b[3]])
    }

    unsafe extern "C" {
        /// epoll_create1(2)
        #[link_name = sym!("epoll_create1")]
        fn epoll_create1(flags: c_int) -> c_int;
        /// epoll_ctl(2)
        #[link_name = sym!("epoll_ctl")]
        fn epoll_ctl(epfd: c_int, op: c_int, fd: c_int, event: *mut epoll_event) -> c_int;
        /// epoll_wait(2)
        #[link_name = sym!("epoll_wait")]
        fn epoll_wait(
            epfd: c_int,
            events: *mut epoll_event,
            maxevents: c_int,
            timeout: c_int,
        ) -> c_int;
        /// syscall(2)
        #[cfg(bsdsock_const = "SYS_epoll_pwait2")]
        #[link_name = sym!("syscall")]
        fn syscall(number: c_long, ...) -> c_long;
    }

    /// `epoll_create1(EPOLL_CLOEXEC)`: a new epoll instance that this value owns.
    pub fn create() -> Result<Fd, Errno> {
        // SAFETY: epoll_create1 takes a flags int and returns a new descriptor or -1.
        cvt(unsafe { epoll_create1(EPOLL_CLOEXEC) }).map(Fd::adopt)
    }

    /// epoll_ctl(2) with `op` ADD / MOD (`Some(events, data)`) or DEL (`None`, passing a
    /// zeroed event for kernels before 2.6.9, which wanted a non-null pointer).
    fn ctl(ep: &Fd, op: c_int, fd: c_int, ev: epoll_event) -> Result<(), Errno> {
        let mut ev = ev;
        // SAFETY: ev is a valid epoll_event that the kernel only reads during the call; fd
        // is any integer (a bad one is EBADF); ep is an open descriptor owned by the caller.
        cvt(unsafe { epoll_ctl(ep.raw(), op, fd, &mut ev) }).map(drop)
    }

    /// EPOLL_CTL_ADD.
    pub fn add(ep: &Fd, fd: c_int, events: u32, data: u64) -> Result<(), Errno> {
        ctl(ep, EPOLL_CTL_ADD, fd, epoll_event { events, data })
    }

    /// EPOLL_CTL_MOD.
    pub fn modify(ep: &Fd, fd: c_int, events: u32, data: u64) -> Result<(), Errno> {
        ctl(ep, EPOLL_CTL_MOD, fd, epoll_event { events, data })
    }

    /// EPOLL_CTL_DEL.
    pub fn delete(ep: &Fd, fd: c_int) -> Result<(), Errno> {
        ctl(ep, EPOLL_CTL_DEL, fd, epoll_event { events: 0, data: 0 })
    }

    /// The most events one call may ask for: the kernel's EP_MAX_EVENTS.
    pub const MAX_EVENTS: usize = c_int::MAX as usize / core::mem::size_of::<epoll_event>();

    /// epoll_wait(2) into `events` (at most [`MAX_EVENTS`] of them) with a timeout in
    /// milliseconds (-1: block). Returns how many were filled in.
    pub fn wait_ms(ep: &Fd, events: &mut [EpollEvent], timeout_ms: c_int) -> Result<usize, Errno> {
        let n = events.len().min(MAX_EVENTS) as c_int;
        let p = events.as_mut_ptr().cast::<epoll_event>();
        // SAFETY: EpollEvent is repr(transparent) over epoll_event, so p is valid for writes
        // of n <= events.len() epoll_event structs; ep is an open descriptor owned by the
        // caller.
        cvt(unsafe { epoll_wait(ep.raw(), p, n, timeout_ms) }).map(|n| n as usize)
    }

    /// The kernel's `struct __kernel_timespec`: 64-bit seconds and nanoseconds on every
    /// architecture (the C library's `timespec` has a 32-bit `tv_sec` on 32-bit targets).
    #[repr(C)]
    struct kernel_timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }

    /// Set once epoll_pwait2 is known to be missing (ENOSYS) or refused (EPERM).
    static NO_PWAIT2: AtomicBool = AtomicBool::new(false);

    /// Wait `ns` nanoseconds at most: epoll_pwait2(2) with the exact time, or `None` when the
    /// system call is unavailable (the caller falls back to [`wait_ms`]).
    pub fn wait_ns(ep: &Fd, events: &mut [EpollEvent], ns: u64) -> Option<Result<usize, Errno>> {
        #[cfg(bsdsock_const = "SYS_epoll_pwait2")]
        {
            if NO_PWAIT2.load(Relaxed) {
                return None;
            }
            let n = events.len().min(MAX_EVENTS) as c_int;
            let ts = kernel_timespec {
                tv_sec: (ns / 1_000_000_000) as i64,
                tv_nsec: (ns % 1_000_000_000) as i64,
            };
            let nr = crate::consts::os::SYS_epoll_pwait2 as c_long;
            // SAFETY: epoll_pwait2(epfd, events, maxevents, timeout, sigmask, sigsetsize):
            // events (repr(transparent) EpollEvents) is valid for writes of n <=
            // events.len() epoll_event structs, ts is a
            // valid __kernel_timespec (tv_nsec < 1e9) that outlives the call, a null sigmask
            // leaves the thread's mask alone. Every argument is passed as a long, the width
            // syscall(2) reads.
            let rc = unsafe {
                syscall(
                    nr,
                    ep.raw() as c_long,
                    events.as_mut_ptr() as c_long,
                    n as c_long,
                    &ts as *const kernel_timespec as c_long,
                    0 as c_long,
                    0 as c_long,
                )
            };
            if rc >= 0 {
                return Some(Ok(rc as usize));
            }
            let e = super::super::errno::get();
            if e.0 == ENOSYS || e.0 == EPERM {
                NO_PWAIT2.store(true, Relaxed);
                return None;
            }
            Some(Err(e))
        }
        #[cfg(not(bsdsock_const = "SYS_epoll_pwait2"))]
        {
            let _ = (ep, events, ns, &NO_PWAIT2, core::mem::size_of::<kernel_timespec>());
            None
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn data_holds_the_fd_where_c_puts_it() {
            for fd in [0, 1, 7, 1023, c_int::MAX, -1] {
                assert_eq!(fd_of_data(data_of_fd(fd)), fd);
            }
            // ev.data.fd = 5 writes the first four bytes of the union.
            let d = data_of_fd(5);
            assert_eq!(&d.to_ne_bytes()[..4], &5i32.to_ne_bytes());
            assert_eq!(&d.to_ne_bytes()[4..], &[0; 4]);
        }
    }
}

#[cfg(any(
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_vendor = "apple"
))]
pub use self::kq::*;

/// kqueue(2) and kevent(2) (FreeBSD, NetBSD, OpenBSD, macOS).
#[cfg(any(
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_vendor = "apple"
))]
mod kq {
    use super::super::errno::Errno;
    use super::super::fd::{Fd, cvt, set_cloexec};
    use super::super::{c_int, timespec};

    /// The C type of `kevent.filter`: `short`, but `uint32_t` on NetBSD.
    #[cfg(target_os = "netbsd")]
    pub type KFilter = u32;
    /// The C type of `kevent.filter`: `short`, but `uint32_t` on NetBSD.
    #[cfg(not(target_os = "netbsd"))]
    pub type KFilter = i16;
    /// The C type of `kevent.flags`: `unsigned short`, but `uint32_t` on NetBSD.
    #[cfg(target_os = "netbsd")]
    pub type KFlags = u32;
    /// The C type of `kevent.flags`: `unsigned short`, but `uint32_t` on NetBSD.
    #[cfg(not(target_os = "netbsd"))]
    pub type KFlags = u16;
    /// The C type of `kevent.data`: `intptr_t` on macOS, `int64_t` elsewhere.
    #[cfg(target_vendor = "apple")]
    pub type KData = isize;
    /// The C type of `kevent.data`: `intptr_t` on macOS, `int64_t` elsewhere.
    #[cfg(not(target_vendor = "apple"))]
    pub type KData = i64;
    /// The C type of kevent(2)'s `nchanges` / `nevents`: `size_t` on NetBSD, `int` elsewhere.
    #[cfg(target_os = "netbsd")]
    pub type KCount = usize;
    /// The C type of kevent(2)'s `nchanges` / `nevents`: `size_t` on NetBSD, `int` elsewhere.
    #[cfg(not(target_os = "netbsd"))]
    pub type KCount = c_int;

    /// Words of `uint64_t ext[]` after `udata`, from the probe: 4 on FreeBSD 12+ and NetBSD
    /// 11 (NetBSD-current), 0 on OpenBSD, macOS and NetBSD 10 and older.
    pub const KEVENT_EXT: usize = {
        use super::super::layout as l;
        let end = (l::KEVENT_UDATA_OFFSET + l::KEVENT_UDATA_SIZE) as usize;
        assert!((l::SIZE_KEVENT - end) % 8 == 0, "struct kevent: a tail that is not ext[]");
        (l::SIZE_KEVENT - end) / 8
    };

    /// `struct kevent`. `udata` is `void *` (`intptr_t` on older NetBSD), kept as an integer
    /// of the same size; `ext` is as long as the headers make it ([`KEVENT_EXT`]); macOS
    /// declares it under `#pragma pack(4)`.
    #[cfg_attr(target_vendor = "apple", repr(C, packed(4)))]
    #[cfg_attr(not(target_vendor = "apple"), repr(C))]
    #[derive(Clone, Copy)]
    pub struct kevent {
        pub ident: usize,
        pub filter: KFilter,
        pub flags: KFlags,
        pub fflags: u32,
        pub data: KData,
        pub udata: usize,
        pub ext: [u64; KEVENT_EXT],
    }

    // The layout against the probe (by hand: macOS packs the struct).
    const _: () = {
        use super::super::layout as l;
        use core::mem::{offset_of, size_of};
        assert!(l::KEVENT_IDENT_OFFSET as usize == offset_of!(kevent, ident));
        assert!(l::KEVENT_IDENT_SIZE as usize == size_of::<usize>());
        assert!(l::KEVENT_FILTER_OFFSET as usize == offset_of!(kevent, filter));
        assert!(l::KEVENT_FILTER_SIZE as usize == size_of::<KFilter>());
        assert!(l::KEVENT_FLAGS_OFFSET as usize == offset_of!(kevent, flags));
        assert!(l::KEVENT_FLAGS_SIZE as usize == size_of::<KFlags>());
        assert!(l::KEVENT_FFLAGS_OFFSET as usize == offset_of!(kevent, fflags));
        assert!(l::KEVENT_FFLAGS_SIZE as usize == size_of::<u32>());
        assert!(l::KEVENT_DATA_OFFSET as usize == offset_of!(kevent, data));
        assert!(l::KEVENT_DATA_SIZE as usize == size_of::<KData>());
        assert!(l::KEVENT_UDATA_OFFSET as usize == offset_of!(kevent, udata));
        assert!(l::KEVENT_UDATA_SIZE as usize == size_of::<usize>());
    };

    impl kevent {
        /// An all-zero event.
        pub const fn zeroed() -> kevent {
            kevent {
                ident: 0,
                filter: 0,
                flags: 0,
                fflags: 0,
                data: 0,
                udata: 0,
                ext: [0; KEVENT_EXT],
            }
        }
    }

    /// One kevent: `struct kevent` (the public methods are in `crate::select`).
    #[repr(transparent)]
    #[derive(Clone, Copy)]
    pub struct Kevent(pub(crate) kevent);

    unsafe extern "C" {
        /// kqueue(2)
        #[link_name = sym!("kqueue")]
        fn kqueue() -> c_int;
        /// kevent(2). NetBSD's headers rename it: `__kevent50` up to NetBSD 10, `__kevent100`
        /// (with `ext[4]`) from NetBSD 11, which zig's headers are; the header-probed link
        /// names will choose by the headers, as KEVENT_EXT already does for the layout.
        #[link_name = sym!("kevent")]
        fn kevent(
            kq: c_int,
            changelist: *const kevent,
            nchanges: KCount,
            eventlist: *mut kevent,
            nevents: KCount,
            timeout: *const timespec,
        ) -> c_int;
    }

    /// kqueue(2), then FD_CLOEXEC (kqueue1 / kqueuex are not on every supported release).
    pub fn create() -> Result<Fd, Errno> {
        // SAFETY: kqueue takes no arguments and returns a new descriptor or -1.
        let fd = Fd::adopt(cvt(unsafe { kqueue() })?);
        set_cloexec(fd.raw())?;
        Ok(fd)
    }

    /// The most changes or events one call takes: what fits the C count type.
    pub const MAX_COUNT: usize = c_int::MAX as usize;

    /// kevent(2): apply `changes`, then wait up to `ns` nanoseconds (`None`: block) for
    /// events into `events`. Returns how many were filled in.
    pub fn control(
        kq: &Fd,
        changes: &[Kevent],
        events: &mut [Kevent],
        ns: Option<u64>,
    ) -> Result<usize, Errno> {
        let ts = ns.map(|ns| {
            timespec::new(
                super::super::time_t::try_from(ns / 1_000_000_000)
                    .unwrap_or(super::super::time_t::MAX),
                (ns % 1_000_000_000) as _,
            )
        });
        let tp = ts.as_ref().map_or(core::ptr::null(), |t| t as *const timespec);
        let nc = changes.len().min(MAX_COUNT) as KCount;
        let ne = events.len().min(MAX_COUNT) as KCount;
        let cp = changes.as_ptr().cast::<kevent>();
        let ep = events.as_mut_ptr().cast::<kevent>();
        // SAFETY: Kevent is repr(transparent) over kevent, so cp is valid for reads of nc <=
        // changes.len() kevents and ep for writes of ne <= events.len(); tp is null or a
        // valid timespec with tv_nsec < 1e9 that outlives the call; kq is an open descriptor
        // owned by the caller.
        let rc = unsafe { kevent(kq.raw(), cp, nc, ep, ne, tp) };
        cvt(rc).map(|n| n as usize)
    }
}

/// A `Fd` for a descriptor the caller hands over (epoll.fromfd / kqueue.fromfd under std).
#[cfg(feature = "std")]
mod std_glue {
    use std::os::fd::{FromRawFd, RawFd};

    use super::super::fd::Fd;

    #[cfg(any(target_os = "linux", target_os = "android"))]
    impl FromRawFd for crate::select::Epoll {
        /// Take ownership of `fd`, an epoll descriptor (Python's `epoll.fromfd`).
        ///
        /// # Safety
        /// `fd` must be an open descriptor that nothing else owns or will close.
        unsafe fn from_raw_fd(fd: RawFd) -> Self {
            // SAFETY: the caller guarantees fd is open and owned by nobody else.
            crate::select::Epoll::fromfd(unsafe { Fd::from_raw(fd) })
        }
    }

    #[cfg(any(
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_vendor = "apple"
    ))]
    impl FromRawFd for crate::select::Kqueue {
        /// Take ownership of `fd`, a kqueue descriptor (Python's `kqueue.fromfd`).
        ///
        /// # Safety
        /// `fd` must be an open descriptor that nothing else owns or will close.
        unsafe fn from_raw_fd(fd: RawFd) -> Self {
            // SAFETY: the caller guarantees fd is open and owned by nobody else.
            crate::select::Kqueue::fromfd(unsafe { Fd::from_raw(fd) })
        }
    }
}
