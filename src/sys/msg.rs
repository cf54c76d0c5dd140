//! Safe wrappers for sendmsg(2) / recvmsg(2) and, on Linux, sendmmsg(2) / recvmmsg(2) over
//! slices: every `msghdr`, `mmsghdr`, `iovec` array lives on the stack, in fixed arrays of
//! [`MAX_IOV`] / [`MMSG_CHUNK`] entries, so nothing allocates. Also getpid(2) / getuid(2) /
//! getgid(2), the values an `SCM_CREDENTIALS` message carries, and the adoption of the
//! descriptors an `SCM_RIGHTS` message delivered.

use super::errno::Errno;
use super::fd::Fd;
use super::net::{SockaddrBuf, iovec_mut, iovec_ref, recvmsg_raw, sendmsg_raw};
use super::{CtlLen, MsgLen, c_int, c_void, gid_t, iovec, msghdr, pid_t, uid_t};
use crate::consts::errno::EINVAL;

/// The most buffers one sendmsg / recvmsg takes here (the iovec array is on the stack;
/// the kernel's own limit, UIO_MAXIOV, is 1024).
pub const MAX_IOV: usize = 64;

/// How many datagrams one sendmmsg / recvmmsg system call carries here.
pub const MMSG_CHUNK: usize = 64;

unsafe extern "C" {
    /// getpid(2)
    fn getpid() -> pid_t;
    /// getuid(2)
    fn getuid() -> uid_t;
    /// getgid(2)
    fn getgid() -> gid_t;
}

/// getpid(2). Never fails.
pub fn pid() -> i32 {
    // SAFETY: getpid takes nothing and cannot fail.
    unsafe { getpid() }
}

/// getuid(2). Never fails.
pub fn uid() -> u32 {
    // SAFETY: getuid takes nothing and cannot fail.
    unsafe { getuid() }
}

/// getgid(2). Never fails.
pub fn gid() -> u32 {
    // SAFETY: getgid takes nothing and cannot fail.
    unsafe { getgid() }
}

/// Take ownership of a descriptor that recvmsg(2) just installed in this process through an
/// `SCM_RIGHTS` or `SCM_PIDFD` message. Only the message layer calls this, once per descriptor it read
/// from a control buffer the kernel filled, and it marks the slot as taken (-1) at once, so
/// nothing else owns the descriptor.
pub(crate) fn adopt_received(fd: c_int) -> Fd {
    Fd::adopt(fd)
}

/// The largest control length `CtlLen` holds, as usize (it is usize itself on glibc).
#[allow(clippy::unnecessary_cast)]
const CTL_MAX: usize =
    if (CtlLen::MAX as u128) < usize::MAX as u128 { CtlLen::MAX as usize } else { usize::MAX };

/// `n` as a control length, saturating where `CtlLen` is narrower than usize (musl, BSD).
#[allow(clippy::unnecessary_min_or_max)]
fn ctl_cap(n: usize) -> usize {
    n.min(CTL_MAX)
}

const IOV0: iovec = iovec { iov_base: core::ptr::null_mut(), iov_len: 0 };

/// What recvmsg(2) reported besides the data.
#[derive(Clone, Copy, Debug)]
pub struct RecvmsgOut {
    /// Bytes received.
    pub nbytes: usize,
    /// Bytes of the control buffer the kernel filled (clamped to the buffer).
    pub controllen: usize,
    /// `msg_flags` (MSG_TRUNC, MSG_CTRUNC, …).
    pub flags: c_int,
}

/// sendmsg(2) of `bufs` (at most [`MAX_IOV`]; more is EINVAL) with control bytes `control`,
/// to `addr` if given; MSG_NOSIGNAL is added.
pub fn sendmsg_slices(
    fd: c_int,
    bufs: &[&[u8]],
    control: &[u8],
    addr: Option<&SockaddrBuf>,
    flags: c_int,
) -> Result<usize, Errno> {
    if bufs.len() > MAX_IOV {
        return Err(Errno(EINVAL));
    }
    let mut iov = [IOV0; MAX_IOV];
    for (v, b) in iov.iter_mut().zip(bufs) {
        *v = iovec_ref(b);
    }
    let mut msg = msghdr::zeroed();
    if let Some(a) = addr {
        msg.msg_name = a.storage.as_ptr() as *mut c_void;
        msg.msg_namelen = a.len.min(super::SOCKADDR_STORAGE_SIZE as super::socklen_t);
    }
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = bufs.len() as MsgLen;
    if !control.is_empty() {
        msg.msg_control = control.as_ptr() as *mut _;
        msg.msg_controllen = ctl_cap(control.len()) as CtlLen;
    }
    // SAFETY: msg_name points at addr's storage (valid for msg_namelen bytes), msg_iov at
    // `bufs.len()` iovecs each covering a live shared slice the kernel only reads, and
    // msg_control at `control` for msg_controllen bytes; all outlive the call.
    unsafe { sendmsg_raw(fd, &msg, flags) }
}

/// recvmsg(2) into `bufs` (at most [`MAX_IOV`]; more is EINVAL) and `control`; the sender's
/// address goes to `from` (length 0 if none).
pub fn recvmsg_slices(
    fd: c_int,
    bufs: &mut [&mut [u8]],
    control: &mut [u8],
    from: &mut SockaddrBuf,
    flags: c_int,
) -> Result<RecvmsgOut, Errno> {
    if bufs.len() > MAX_IOV {
        return Err(Errno(EINVAL));
    }
    let mut iov = [IOV0; MAX_IOV];
    for (v, b) in iov.iter_mut().zip(bufs.iter_mut()) {
        *v = iovec_mut(b);
    }
    let n = bufs.len();
    let mut msg = msghdr::zeroed();
    msg.msg_name = from.storage.as_mut_ptr().cast();
    msg.msg_namelen = super::SOCKADDR_STORAGE_SIZE as super::socklen_t;
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = n as MsgLen;
    let cap = ctl_cap(control.len());
    if cap > 0 {
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = cap as CtlLen;
    }
    // SAFETY: msg_name points at from's storage (writable, msg_namelen bytes), msg_iov at n
    // iovecs each covering a live exclusive slice, msg_control at `control` for
    // msg_controllen bytes; the kernel writes within those lengths.
    let r = unsafe { recvmsg_raw(fd, &mut msg, flags) };
    match r {
        Ok(nbytes) => {
            from.len = msg.msg_namelen.min(super::SOCKADDR_STORAGE_SIZE as super::socklen_t);
            #[allow(clippy::unnecessary_cast)] // CtlLen is usize on glibc
            let controllen = (msg.msg_controllen as usize).min(cap);
            Ok(RecvmsgOut { nbytes, controllen, flags: msg.msg_flags })
        }
        Err(e) => {
            from.len = 0;
            Err(e)
        }
    }
}

/// sendmmsg(2) of up to [`MMSG_CHUNK`] datagrams: `datas[i]` to `addrs[i]` (an address of
/// length 0 means none, for a connected socket). Uses `min(datas.len(), addrs.len(),
/// MMSG_CHUNK)` entries and returns how many datagrams were sent.
#[cfg(target_os = "linux")]
pub fn sendmmsg_slices(
    fd: c_int,
    datas: &[&[u8]],
    addrs: &[SockaddrBuf],
    flags: c_int,
) -> Result<usize, Errno> {
    let n = datas.len().min(addrs.len()).min(MMSG_CHUNK);
    let mut iov = [IOV0; MMSG_CHUNK];
    let mut hdrs = [super::mmsghdr { msg_hdr: msghdr::zeroed(), msg_len: 0 }; MMSG_CHUNK];
    for i in 0..n {
        iov[i] = iovec_ref(datas[i]);
    }
    for (i, (h, a)) in hdrs.iter_mut().zip(addrs).take(n).enumerate() {
        if a.len > 0 {
            h.msg_hdr.msg_name = a.storage.as_ptr() as *mut c_void;
            h.msg_hdr.msg_namelen = a.len.min(super::SOCKADDR_STORAGE_SIZE as super::socklen_t);
        }
        h.msg_hdr.msg_iov = iov.as_mut_ptr().wrapping_add(i);
        h.msg_hdr.msg_iovlen = 1;
    }
    // SAFETY: each of the n headers points at one iovec over a live shared slice (only
    // read) and, if set, at a live address storage for msg_namelen bytes; the arrays
    // outlive the call.
    unsafe { super::net::sendmmsg_raw(fd, &mut hdrs[..n], flags) }
}

/// recvmmsg(2) of up to [`MMSG_CHUNK`] datagrams, datagram `i` into `bufs[i]`, its sender
/// into `names[i]`, its length and `msg_flags` into `out[i]`. Uses `min` of the lengths
/// and [`MMSG_CHUNK`] entries; returns how many datagrams arrived.
#[cfg(target_os = "linux")]
pub fn recvmmsg_slices(
    fd: c_int,
    bufs: &mut [&mut [u8]],
    names: &mut [SockaddrBuf],
    out: &mut [(usize, c_int)],
    flags: c_int,
) -> Result<usize, Errno> {
    let n = bufs.len().min(names.len()).min(out.len()).min(MMSG_CHUNK);
    let mut iov = [IOV0; MMSG_CHUNK];
    let mut hdrs = [super::mmsghdr { msg_hdr: msghdr::zeroed(), msg_len: 0 }; MMSG_CHUNK];
    for (v, b) in iov.iter_mut().zip(bufs.iter_mut()).take(n) {
        *v = iovec_mut(b);
    }
    for (i, (h, a)) in hdrs.iter_mut().zip(names.iter_mut()).take(n).enumerate() {
        h.msg_hdr.msg_name = a.storage.as_mut_ptr().cast();
        h.msg_hdr.msg_namelen = super::SOCKADDR_STORAGE_SIZE as super::socklen_t;
        h.msg_hdr.msg_iov = iov.as_mut_ptr().wrapping_add(i);
        h.msg_hdr.msg_iovlen = 1;
    }
    // SAFETY: each of the n headers points at one iovec over a live exclusive slice and at
    // a writable address storage of msg_namelen bytes; no control buffer; the arrays
    // outlive the call.
    let got = unsafe { super::net::recvmmsg_raw(fd, &mut hdrs[..n], flags) }?;
    let got = got.min(n);
    for i in 0..got {
        let h = &hdrs[i];
        names[i].len = h.msg_hdr.msg_namelen.min(super::SOCKADDR_STORAGE_SIZE as super::socklen_t);
        out[i] = (h.msg_len as usize, h.msg_hdr.msg_flags);
    }
    Ok(got)
}

/// recvmsg(2) of one buffer, the spare capacity of `v` (at most `max` bytes), and `control`;
/// `v` grows by what arrived and nothing else of it is touched (no zero-filling of the space
/// asked for). The sender's address goes to `from` (length 0 if none).
#[cfg(feature = "alloc")]
pub fn recvmsg_spare(
    fd: c_int,
    v: &mut alloc::vec::Vec<u8>,
    max: usize,
    control: &mut [u8],
    from: &mut SockaddrBuf,
    flags: c_int,
) -> Result<RecvmsgOut, Errno> {
    let spare = v.spare_capacity_mut();
    let len = spare.len().min(max);
    let mut iov = [iovec { iov_base: spare.as_mut_ptr().cast(), iov_len: len }];
    let mut msg = msghdr::zeroed();
    msg.msg_name = from.storage.as_mut_ptr().cast();
    msg.msg_namelen = super::SOCKADDR_STORAGE_SIZE as super::socklen_t;
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = 1;
    let cap = ctl_cap(control.len());
    if cap > 0 {
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = cap as CtlLen;
    }
    // SAFETY: msg_name points at from's storage (writable, msg_namelen bytes), msg_iov at one
    // iovec over `len` bytes of v's spare capacity (uninitialised memory may be written),
    // msg_control at `control` for msg_controllen bytes; the kernel writes within those.
    let r = unsafe { recvmsg_raw(fd, &mut msg, flags) };
    match r {
        Ok(nbytes) => {
            // SAFETY: recvmsg stored min(nbytes, len) bytes at the start of the spare capacity.
            unsafe { v.set_len(v.len() + nbytes.min(len)) };
            from.len = msg.msg_namelen.min(super::SOCKADDR_STORAGE_SIZE as super::socklen_t);
            #[allow(clippy::unnecessary_cast)] // CtlLen is usize on glibc
            let controllen = (msg.msg_controllen as usize).min(cap);
            Ok(RecvmsgOut { nbytes, controllen, flags: msg.msg_flags })
        }
        Err(e) => {
            from.len = 0;
            Err(e)
        }
    }
}
