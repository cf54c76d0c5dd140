//! Socket system calls: socket(2), bind(2), connect(2), accept4(2), send(2), recv(2), …,
//! declared by hand with safe wrappers that take slices and a [`SockaddrBuf`].
//!
//! Every descriptor is created close-on-exec (SOCK_CLOEXEC, or fcntl where the flag does not
//! exist), and sends pass MSG_NOSIGNAL where the target has it; where it does not, sockets
//! get SO_NOSIGPIPE at creation (see `no_sigpipe`).

use super::errno::Errno;
use super::fd::{Fd, cvt, cvt_size};
use super::{c_int, c_void, iovec, msghdr, sockaddr, sockaddr_storage, socklen_t};
#[allow(unused_imports)]
use crate::consts;

unsafe extern "C" {
    /// socket(2). NetBSD's <sys/socket.h> renames it to `__socket30` (the 3.0 ABI); plain
    /// `socket` there is the compatibility symbol for old binaries.
    #[link_name = sym!("socket")]
    fn socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int;
    /// socketpair(2)
    #[link_name = sym!("socketpair")]
    fn socketpair(domain: c_int, ty: c_int, protocol: c_int, sv: *mut c_int) -> c_int;
    /// bind(2)
    #[link_name = sym!("bind")]
    fn bind(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int;
    /// listen(2)
    #[link_name = sym!("listen")]
    fn listen(fd: c_int, backlog: c_int) -> c_int;
    /// accept(2)
    #[allow(dead_code)]
    #[link_name = sym!("accept")]
    fn accept(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// accept4(2) (Linux, FreeBSD, NetBSD, OpenBSD, DragonFly; not macOS)
    #[cfg(not(target_vendor = "apple"))]
    #[link_name = sym!("accept4")]
    fn accept4(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t, flags: c_int) -> c_int;
    /// connect(2)
    #[link_name = sym!("connect")]
    fn connect(fd: c_int, addr: *const sockaddr, len: socklen_t) -> c_int;
    /// send(2)
    #[link_name = sym!("send")]
    fn send(fd: c_int, buf: *const c_void, len: usize, flags: c_int) -> isize;
    /// sendto(2)
    #[link_name = sym!("sendto")]
    fn sendto(
        fd: c_int,
        buf: *const c_void,
        len: usize,
        flags: c_int,
        addr: *const sockaddr,
        alen: socklen_t,
    ) -> isize;
    /// sendmsg(2)
    #[link_name = sym!("sendmsg")]
    fn sendmsg(fd: c_int, msg: *const msghdr, flags: c_int) -> isize;
    /// recv(2)
    #[link_name = sym!("recv")]
    fn recv(fd: c_int, buf: *mut c_void, len: usize, flags: c_int) -> isize;
    /// recvfrom(2)
    #[link_name = sym!("recvfrom")]
    fn recvfrom(
        fd: c_int,
        buf: *mut c_void,
        len: usize,
        flags: c_int,
        addr: *mut sockaddr,
        alen: *mut socklen_t,
    ) -> isize;
    /// recvmsg(2)
    #[link_name = sym!("recvmsg")]
    fn recvmsg(fd: c_int, msg: *mut msghdr, flags: c_int) -> isize;
    /// sendmmsg(2) (Linux)
    #[cfg(target_os = "linux")]
    #[link_name = sym!("sendmmsg")]
    fn sendmmsg(fd: c_int, msgvec: *mut super::mmsghdr, vlen: super::c_uint, flags: c_int)
    -> c_int;
    /// recvmmsg(2) (Linux)
    #[cfg(target_os = "linux")]
    #[link_name = sym!("recvmmsg")]
    fn recvmmsg(
        fd: c_int,
        msgvec: *mut super::mmsghdr,
        vlen: super::c_uint,
        flags: c_int,
        timeout: *mut super::timespec,
    ) -> c_int;
    /// shutdown(2)
    #[link_name = sym!("shutdown")]
    fn shutdown(fd: c_int, how: c_int) -> c_int;
    /// getsockopt(2)
    #[link_name = sym!("getsockopt")]
    fn getsockopt(
        fd: c_int,
        level: c_int,
        name: c_int,
        val: *mut c_void,
        len: *mut socklen_t,
    ) -> c_int;
    /// setsockopt(2)
    #[link_name = sym!("setsockopt")]
    fn setsockopt(
        fd: c_int,
        level: c_int,
        name: c_int,
        val: *const c_void,
        len: socklen_t,
    ) -> c_int;
    /// getsockname(2)
    #[link_name = sym!("getsockname")]
    fn getsockname(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
    /// getpeername(2)
    #[link_name = sym!("getpeername")]
    fn getpeername(fd: c_int, addr: *mut sockaddr, len: *mut socklen_t) -> c_int;
}

/// A socket address in C form: a `sockaddr_storage` and the length that is in use.
#[derive(Clone, Copy)]
pub struct SockaddrBuf {
    /// The address bytes.
    pub storage: sockaddr_storage,
    /// How many bytes of `storage` are the address.
    pub len: socklen_t,
}

impl SockaddrBuf {
    /// An empty (zeroed, length 0) buffer.
    pub const fn new() -> Self {
        SockaddrBuf { storage: sockaddr_storage::zeroed(), len: 0 }
    }

    /// The bytes in use (`len` clamped to the storage size, whatever the kernel reported).
    pub fn bytes(&self) -> &[u8] {
        let b = self.storage.as_bytes();
        &b[..(self.len as usize).min(b.len())]
    }

    fn cap() -> socklen_t {
        core::mem::size_of::<sockaddr_storage>() as socklen_t
    }
}

impl Default for SockaddrBuf {
    fn default() -> Self {
        Self::new()
    }
}

/// MSG_NOSIGNAL where the target has it (Linux, FreeBSD, NetBSD, OpenBSD), else 0 and
/// the socket carries SO_NOSIGPIPE instead.
#[cfg(bsdsock_const = "MSG_NOSIGNAL")]
pub const SEND_FLAGS: c_int = consts::MSG_NOSIGNAL;
/// MSG_NOSIGNAL where the target has it, else 0 and the socket carries SO_NOSIGPIPE instead.
#[cfg(not(bsdsock_const = "MSG_NOSIGNAL"))]
pub const SEND_FLAGS: c_int = 0;

/// Turn off SIGPIPE for a socket we created (socket, socketpair) with SO_NOSIGPIPE where the
/// target needs it: where the headers lack MSG_NOSIGNAL, and on Apple targets always, since
/// only newer SDKs and kernels know MSG_NOSIGNAL while SO_NOSIGPIPE works on every macOS
/// release. Never called on accepted sockets: on macOS, setting it on an accepted unix socket
/// whose peer has already gone fails and would make accept fail (accepted TCP sockets
/// inherit the listener's flag). Elsewhere a no-op.
pub fn no_sigpipe(fd: c_int) -> Result<(), Errno> {
    #[cfg(all(
        any(not(bsdsock_const = "MSG_NOSIGNAL"), target_vendor = "apple"),
        bsdsock_const = "SO_NOSIGPIPE"
    ))]
    {
        set_int_opt(fd, consts::SOL_SOCKET, consts::SO_NOSIGPIPE, 1)?;
    }
    let _ = fd;
    Ok(())
}

/// Whether sockets made here carry SO_NOSIGPIPE (see [`no_sigpipe`]).
#[cfg(test)]
pub const USES_SO_NOSIGPIPE: bool = cfg!(all(
    any(not(bsdsock_const = "MSG_NOSIGNAL"), target_vendor = "apple"),
    bsdsock_const = "SO_NOSIGPIPE"
));

/// socket(2), close-on-exec. `ty` may carry SOCK_NONBLOCK where the target has it.
pub fn new_socket(family: c_int, ty: c_int, proto: c_int) -> Result<c_int, Errno> {
    #[cfg(bsdsock_const = "SOCK_CLOEXEC")]
    {
        // SAFETY: socket takes plain integers.
        let fd = cvt(unsafe { socket(family, ty | consts::SOCK_CLOEXEC, proto) })?;
        no_sigpipe(fd).inspect_err(|_| {
            let _ = super::fd::close_fd(fd);
        })?;
        Ok(fd)
    }
    #[cfg(not(bsdsock_const = "SOCK_CLOEXEC"))]
    {
        // SAFETY: socket takes plain integers.
        let fd = cvt(unsafe { socket(family, ty, proto) })?;
        super::fd::set_cloexec(fd).and_then(|()| no_sigpipe(fd)).inspect_err(|_| {
            let _ = super::fd::close_fd(fd);
        })?;
        Ok(fd)
    }
}

/// socketpair(2), both ends close-on-exec.
pub fn new_socketpair(family: c_int, ty: c_int, proto: c_int) -> Result<[c_int; 2], Errno> {
    let mut sv = [-1 as c_int; 2];
    #[cfg(bsdsock_const = "SOCK_CLOEXEC")]
    let ty = ty | consts::SOCK_CLOEXEC;
    // SAFETY: sv is a valid array of two ints for the kernel to fill.
    cvt(unsafe { socketpair(family, ty, proto, sv.as_mut_ptr()) })?;
    #[cfg(not(bsdsock_const = "SOCK_CLOEXEC"))]
    for fd in sv {
        if let Err(e) = super::fd::set_cloexec(fd) {
            let _ = super::fd::close_fd(sv[0]);
            let _ = super::fd::close_fd(sv[1]);
            return Err(e);
        }
    }
    for fd in sv {
        if let Err(e) = no_sigpipe(fd) {
            let _ = super::fd::close_fd(sv[0]);
            let _ = super::fd::close_fd(sv[1]);
            return Err(e);
        }
    }
    Ok(sv)
}

/// bind(2).
pub fn bind_addr(fd: c_int, addr: &SockaddrBuf) -> Result<(), Errno> {
    // SAFETY: addr.storage is valid for addr.len bytes (len never exceeds the storage).
    cvt(unsafe { bind(fd, addr.storage.as_ptr(), addr.len.min(SockaddrBuf::cap())) }).map(drop)
}

/// listen(2).
pub fn listen_fd(fd: c_int, backlog: c_int) -> Result<(), Errno> {
    // SAFETY: plain integers.
    cvt(unsafe { listen(fd, backlog) }).map(drop)
}

/// accept4(2) with SOCK_CLOEXEC, and SOCK_NONBLOCK if `nonblock` (accept(2) + fcntl on
/// macOS). The peer address goes to `peer`; with `None` the kernel is asked for no address
/// (NULL address and length, as `accept(fd, NULL, NULL)` in C). The new descriptor is
/// O_NONBLOCK exactly when `nonblock` says, whatever the listener is (accept4 sets it from
/// the flags; macOS's accept would inherit the listener's, so it is set explicitly there).
pub fn accept_fd(
    fd: c_int,
    peer: Option<&mut SockaddrBuf>,
    nonblock: bool,
) -> Result<c_int, Errno> {
    let (addr, len): (*mut sockaddr, *mut socklen_t) = match peer {
        Some(p) => {
            p.len = SockaddrBuf::cap();
            (p.storage.as_mut_ptr(), &mut p.len)
        }
        None => (core::ptr::null_mut(), core::ptr::null_mut()),
    };
    #[cfg(not(target_vendor = "apple"))]
    {
        let flags = consts::SOCK_CLOEXEC | if nonblock { consts::SOCK_NONBLOCK } else { 0 };
        // SAFETY: addr/len are both NULL (nothing is written) or point into the caller's
        // SockaddrBuf, whose storage is writable for the len bytes len says; the kernel
        // updates len.
        cvt(unsafe { accept4(fd, addr, len, flags) })
    }
    #[cfg(target_vendor = "apple")]
    {
        // SAFETY: as above.
        let new = cvt(unsafe { accept(fd, addr, len) })?;
        // macOS: the accepted socket inherits the listener's O_NONBLOCK; set it as asked.
        super::fd::set_cloexec(new)
            .and_then(|()| super::fd::set_nonblocking(new, nonblock))
            .inspect_err(|_| {
                let _ = super::fd::close_fd(new);
            })?;
        Ok(new)
    }
}

/// connect(2).
pub fn connect_addr(fd: c_int, addr: &SockaddrBuf) -> Result<(), Errno> {
    // SAFETY: addr.storage is valid for addr.len bytes.
    cvt(unsafe { connect(fd, addr.storage.as_ptr(), addr.len.min(SockaddrBuf::cap())) }).map(drop)
}

/// send(2) with MSG_NOSIGNAL added.
#[inline]
pub fn send_buf(fd: c_int, buf: &[u8], flags: c_int) -> Result<usize, Errno> {
    // SAFETY: buf is valid for reads of buf.len() bytes.
    cvt_size(unsafe { send(fd, buf.as_ptr().cast(), buf.len(), flags | SEND_FLAGS) })
}

/// sendto(2) with MSG_NOSIGNAL added.
pub fn sendto_buf(fd: c_int, buf: &[u8], flags: c_int, addr: &SockaddrBuf) -> Result<usize, Errno> {
    // SAFETY: buf is valid for buf.len() bytes, addr.storage for addr.len bytes.
    cvt_size(unsafe {
        sendto(
            fd,
            buf.as_ptr().cast(),
            buf.len(),
            flags | SEND_FLAGS,
            addr.storage.as_ptr(),
            addr.len.min(SockaddrBuf::cap()),
        )
    })
}

/// recv(2) into `buf`.
#[inline]
pub fn recv_buf(fd: c_int, buf: &mut [u8], flags: c_int) -> Result<usize, Errno> {
    // SAFETY: buf is valid for writes of buf.len() bytes.
    cvt_size(unsafe { recv(fd, buf.as_mut_ptr().cast(), buf.len(), flags) })
}

/// recvfrom(2) into `buf`; the sender's address goes to `from` (length 0 if none).
pub fn recvfrom_buf(
    fd: c_int,
    buf: &mut [u8],
    flags: c_int,
    from: &mut SockaddrBuf,
) -> Result<usize, Errno> {
    from.len = SockaddrBuf::cap();
    // SAFETY: buf is writable for its length; from.storage for from.len bytes.
    let n = cvt_size(unsafe {
        recvfrom(
            fd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            flags,
            from.storage.as_mut_ptr(),
            &mut from.len,
        )
    });
    if n.is_err() {
        from.len = 0;
    }
    n
}

/// sendmsg(2) with MSG_NOSIGNAL added.
///
/// # Safety
/// Every pointer in `msg` (name, iov array and each iov buffer, control) must be valid for
/// the lengths it gives.
pub unsafe fn sendmsg_raw(fd: c_int, msg: &msghdr, flags: c_int) -> Result<usize, Errno> {
    // SAFETY: the caller guarantees msg's pointers are valid.
    cvt_size(unsafe { sendmsg(fd, msg, flags | SEND_FLAGS) })
}

/// recvmsg(2).
///
/// # Safety
/// Every pointer in `msg` must be valid for writes of the lengths it gives.
pub unsafe fn recvmsg_raw(fd: c_int, msg: &mut msghdr, flags: c_int) -> Result<usize, Errno> {
    // SAFETY: the caller guarantees msg's pointers are valid.
    cvt_size(unsafe { recvmsg(fd, msg, flags) })
}

/// sendmmsg(2).
///
/// # Safety
/// Every header's pointers must be valid as for `sendmsg_raw`.
#[cfg(target_os = "linux")]
pub unsafe fn sendmmsg_raw(
    fd: c_int,
    msgs: &mut [super::mmsghdr],
    flags: c_int,
) -> Result<usize, Errno> {
    let n = msgs.len().min(super::c_uint::MAX as usize) as super::c_uint;
    // SAFETY: the caller guarantees each header's pointers; msgs is writable for n entries.
    cvt(unsafe { sendmmsg(fd, msgs.as_mut_ptr(), n, flags | SEND_FLAGS) }).map(|n| n as usize)
}

/// recvmmsg(2) without a timeout.
///
/// # Safety
/// Every header's pointers must be valid for writes as for `recvmsg_raw`.
#[cfg(target_os = "linux")]
pub unsafe fn recvmmsg_raw(
    fd: c_int,
    msgs: &mut [super::mmsghdr],
    flags: c_int,
) -> Result<usize, Errno> {
    let n = msgs.len().min(super::c_uint::MAX as usize) as super::c_uint;
    // SAFETY: the caller guarantees each header's pointers; msgs is writable for n entries.
    cvt(unsafe { recvmmsg(fd, msgs.as_mut_ptr(), n, flags, core::ptr::null_mut()) })
        .map(|n| n as usize)
}

/// Build an iovec over a shared buffer (the kernel only reads it in sendmsg).
pub fn iovec_ref(buf: &[u8]) -> iovec {
    iovec { iov_base: buf.as_ptr() as *mut c_void, iov_len: buf.len() }
}

/// Build an iovec over a writable buffer.
pub fn iovec_mut(buf: &mut [u8]) -> iovec {
    iovec { iov_base: buf.as_mut_ptr().cast(), iov_len: buf.len() }
}

/// shutdown(2).
pub fn shutdown_fd(fd: c_int, how: c_int) -> Result<(), Errno> {
    // SAFETY: plain integers.
    cvt(unsafe { shutdown(fd, how) }).map(drop)
}

/// getsockopt(2) into `buf`; returns the length the kernel reported (clamped to `buf`).
pub fn getsockopt_buf(
    fd: c_int,
    level: c_int,
    name: c_int,
    buf: &mut [u8],
) -> Result<usize, Errno> {
    let mut len = buf.len().min(socklen_t::MAX as usize) as socklen_t;
    // SAFETY: buf is writable for len bytes; the kernel writes at most len and updates it.
    cvt(unsafe { getsockopt(fd, level, name, buf.as_mut_ptr().cast(), &mut len) })?;
    Ok((len as usize).min(buf.len()))
}

/// setsockopt(2) with raw bytes.
pub fn setsockopt_buf(fd: c_int, level: c_int, name: c_int, val: &[u8]) -> Result<(), Errno> {
    let len = val.len().min(socklen_t::MAX as usize) as socklen_t;
    // SAFETY: val is readable for len bytes.
    cvt(unsafe { setsockopt(fd, level, name, val.as_ptr().cast(), len) }).map(drop)
}

/// setsockopt(2) of an int option.
pub fn set_int_opt(fd: c_int, level: c_int, name: c_int, val: c_int) -> Result<(), Errno> {
    setsockopt_buf(fd, level, name, &val.to_ne_bytes())
}

/// getsockname(2).
pub fn sockname(fd: c_int, out: &mut SockaddrBuf) -> Result<(), Errno> {
    out.len = SockaddrBuf::cap();
    // SAFETY: out.storage is writable for out.len bytes.
    cvt(unsafe { getsockname(fd, out.storage.as_mut_ptr(), &mut out.len) }).map(drop)
}

/// getpeername(2).
pub fn peername(fd: c_int, out: &mut SockaddrBuf) -> Result<(), Errno> {
    out.len = SockaddrBuf::cap();
    // SAFETY: out.storage is writable for out.len bytes.
    cvt(unsafe { getpeername(fd, out.storage.as_mut_ptr(), &mut out.len) }).map(drop)
}

/// [`new_socket`] as an owned descriptor.
pub fn socket_owned(family: c_int, ty: c_int, proto: c_int) -> Result<Fd, Errno> {
    new_socket(family, ty, proto).map(Fd::adopt)
}

/// [`new_socketpair`] as owned descriptors.
pub fn socketpair_owned(family: c_int, ty: c_int, proto: c_int) -> Result<[Fd; 2], Errno> {
    new_socketpair(family, ty, proto).map(|[a, b]| [Fd::adopt(a), Fd::adopt(b)])
}

/// [`accept_fd`] as an owned descriptor.
pub fn accept_owned(fd: &Fd, peer: Option<&mut SockaddrBuf>, nonblock: bool) -> Result<Fd, Errno> {
    accept_fd(fd.raw(), peer, nonblock).map(Fd::adopt)
}

/// recv(2) into the spare capacity of `v`, at most `max` bytes; `v` grows by what arrived,
/// and nothing else of it is touched (no zero-filling of the space asked for). Returns the
/// count the kernel reported, which MSG_TRUNC may make larger than what was stored.
#[cfg(feature = "alloc")]
pub fn recv_spare(
    fd: c_int,
    v: &mut alloc::vec::Vec<u8>,
    max: usize,
    flags: c_int,
) -> Result<usize, Errno> {
    let spare = v.spare_capacity_mut();
    let len = spare.len().min(max);
    // SAFETY: the spare capacity is valid for writes of `len` bytes (uninitialised memory
    // may be written); the kernel writes at most `len` bytes.
    let n = cvt_size(unsafe { recv(fd, spare.as_mut_ptr().cast(), len, flags) })?;
    // SAFETY: recv stored min(n, len) bytes at the start of the spare capacity, so those are
    // initialised and within the capacity.
    unsafe { v.set_len(v.len() + n.min(len)) };
    Ok(n)
}

/// recvfrom(2) into the spare capacity of `v` (as [`recv_spare`]); the sender's address goes
/// to `from` (length 0 if none).
#[cfg(feature = "alloc")]
pub fn recvfrom_spare(
    fd: c_int,
    v: &mut alloc::vec::Vec<u8>,
    max: usize,
    flags: c_int,
    from: &mut SockaddrBuf,
) -> Result<usize, Errno> {
    from.len = SockaddrBuf::cap();
    let spare = v.spare_capacity_mut();
    let len = spare.len().min(max);
    // SAFETY: the spare capacity is writable for `len` bytes, from.storage for from.len
    // bytes; the kernel writes within both and updates from.len.
    let r = cvt_size(unsafe {
        recvfrom(
            fd,
            spare.as_mut_ptr().cast(),
            len,
            flags,
            from.storage.as_mut_ptr(),
            &mut from.len,
        )
    });
    match r {
        Ok(n) => {
            // SAFETY: recvfrom stored min(n, len) bytes at the start of the spare capacity.
            unsafe { v.set_len(v.len() + n.min(len)) };
            Ok(n)
        }
        Err(e) => {
            from.len = 0;
            Err(e)
        }
    }
}
