//! Network interface names and indexes: if_nametoindex(3), if_indextoname(3),
//! if_nameindex(3) / if_freenameindex(3), and on Linux `ioctl(SIOCGIFNAME)` on a socket;
//! sethostname(2).

use super::errno::{self, Errno};
use super::fd::cvt;
use super::{IFNAMSIZ, c_char, c_int, c_uint, if_nameindex};
use crate::addr::IfName;

unsafe extern "C" {
    /// if_nametoindex(3)
    #[link_name = sym!("if_nametoindex")]
    fn if_nametoindex(name: *const c_char) -> c_uint;
    /// if_indextoname(3)
    #[link_name = sym!("if_indextoname")]
    fn if_indextoname(index: c_uint, name: *mut c_char) -> *mut c_char;
    /// if_nameindex(3)
    #[link_name = sym!("if_nameindex")]
    fn if_nameindex_c() -> *mut if_nameindex;
    /// if_freenameindex(3)
    #[link_name = sym!("if_freenameindex")]
    fn if_freenameindex(ptr: *mut if_nameindex);
    /// sethostname(2): the length is a `size_t` on Linux, NetBSD and OpenBSD, an `int` on
    /// FreeBSD, DragonFly and macOS.
    #[link_name = sym!("sethostname")]
    fn sethostname(name: *const c_char, len: HostLen) -> c_int;
}

#[cfg(any(target_os = "freebsd", target_os = "dragonfly", target_vendor = "apple"))]
type HostLen = c_int;
#[cfg(not(any(target_os = "freebsd", target_os = "dragonfly", target_vendor = "apple")))]
type HostLen = usize;

/// `if_nametoindex(name)`: the index, or `Err` with errno (ENODEV for an unknown name on
/// glibc and musl; a C library may leave errno 0, which becomes ENODEV here).
pub fn name_to_index(name: &IfName) -> Result<u32, Errno> {
    let c = name.as_c_bytes();
    // SAFETY: `c` is IFNAMSIZ bytes holding the name and at least one NUL after it
    // (IfName keeps at most IFNAMSIZ - 1 bytes, zero-padded).
    let i = unsafe { if_nametoindex(c.as_ptr().cast()) };
    if i == 0 {
        let e = errno::get();
        return Err(if e.0 == 0 { Errno(crate::consts::errno::ENODEV) } else { e });
    }
    Ok(i)
}

/// `if_indextoname(index)`: the name, or `Err` with errno (ENXIO for an unknown index).
pub fn index_to_name(index: u32) -> Result<IfName, Errno> {
    let mut buf = [0u8; IFNAMSIZ];
    // SAFETY: buf has the IF_NAMESIZE (= IFNAMSIZ) bytes if_indextoname may write.
    let p = unsafe { if_indextoname(index, buf.as_mut_ptr().cast()) };
    if p.is_null() {
        let e = errno::get();
        return Err(if e.0 == 0 { Errno(crate::consts::errno::ENXIO) } else { e });
    }
    Ok(IfName::from_c(&buf))
}

/// The array if_nameindex(3) returned, owned: freed with if_freenameindex(3) on drop.
/// Yields `(index, name)` up to the terminating `{0, NULL}` entry.
#[derive(Debug)]
pub struct NameIndexList {
    head: *mut if_nameindex,
    pos: usize,
}

// SAFETY: the array is owned by this value alone (nothing else holds the pointer), it is
// only read, and if_freenameindex may be called from any thread.
unsafe impl Send for NameIndexList {}

impl NameIndexList {
    /// Call if_nameindex(3).
    pub fn new() -> Result<NameIndexList, Errno> {
        // SAFETY: if_nameindex takes no argument; it returns NULL (errno set) or an array
        // the caller frees with if_freenameindex.
        let head = unsafe { if_nameindex_c() };
        if head.is_null() {
            return Err(errno::get());
        }
        Ok(NameIndexList { head, pos: 0 })
    }
}

impl Iterator for NameIndexList {
    type Item = (u32, IfName);

    fn next(&mut self) -> Option<(u32, IfName)> {
        // SAFETY: `head` points at an array ending with an entry whose if_index is 0 and
        // if_name NULL; `pos` only moves past entries that are not that terminator, so
        // `head + pos` stays inside the array.
        let e = unsafe { *self.head.add(self.pos) };
        if e.if_index == 0 && e.if_name.is_null() {
            return None;
        }
        self.pos += 1;
        let name = if e.if_name.is_null() {
            IfName::empty()
        } else {
            // SAFETY: if_name is a NUL-terminated string inside the array's allocation,
            // alive until if_freenameindex (in Drop).
            let c = unsafe { core::ffi::CStr::from_ptr(e.if_name) };
            IfName::from_c(c.to_bytes())
        };
        Some((e.if_index, name))
    }
}

impl Drop for NameIndexList {
    fn drop(&mut self) {
        // SAFETY: head came from if_nameindex and is freed exactly once, here.
        unsafe { if_freenameindex(self.head) }
    }
}

/// sethostname(2) with the bytes of `name` (no NUL needed: the call takes a length).
pub fn set_hostname(name: &[u8]) -> Result<(), Errno> {
    let len = HostLen::try_from(name.len()).map_err(|_| Errno(crate::consts::errno::EINVAL))?;
    // SAFETY: name is readable for len bytes; the kernel copies at most that many.
    cvt(unsafe { sethostname(name.as_ptr().cast(), len) }).map(drop)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod linux {
    use super::super::{c_int, ifreq, ifreq_ifru};
    use super::{Errno, IfName, cvt};

    unsafe extern "C" {
        /// ioctl(2): `unsigned long` request on glibc, `int` on musl.
        #[link_name = sym!("ioctl")]
        fn ioctl(fd: c_int, request: Request, ...) -> c_int;
    }

    #[cfg(target_env = "musl")]
    type Request = c_int;
    #[cfg(not(target_env = "musl"))]
    type Request = core::ffi::c_ulong;

    /// `ioctl(fd, SIOCGIFNAME)`: the name of interface `index`, asked of socket `fd` (what
    /// Python does for AF_PACKET and AF_CAN addresses). `None` for index 0 or an index the
    /// kernel does not know.
    pub fn socket_ifname(fd: c_int, index: i32) -> Option<IfName> {
        if index == 0 {
            return None;
        }
        let mut req = ifreq { ifr_name: [0; 16], ifr_ifru: ifreq_ifru { ifru_bytes: [0; 16] } };
        req.ifr_ifru.ifru_ivalue = index;
        // SAFETY: req is a valid, writable struct ifreq (layout asserted against the
        // probe); SIOCGIFNAME reads ifr_ifindex and writes at most IFNAMSIZ name bytes.
        let rc =
            unsafe { ioctl(fd, crate::consts::os::SIOCGIFNAME as Request, &mut req as *mut ifreq) };
        let rc: Result<c_int, Errno> = cvt(rc);
        rc.ok()?;
        let bytes = req.ifr_name.map(|c| c as u8);
        Some(IfName::from_c(&bytes))
    }
}

#[cfg(any(target_os = "linux", target_os = "android"))]
pub use linux::socket_ifname;
