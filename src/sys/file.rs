//! File calls for `Socket::sendfile`: sendfile(2) (Linux), and read(2) / lseek(2) for its
//! fallback loop.

use super::errno::Errno;
use super::fd::cvt_size;
use super::layout::off_t;
use super::{c_int, c_void};
use crate::consts::errno::EINVAL;

unsafe extern "C" {
    /// read(2)
    #[link_name = sym!("read")]
    fn read(fd: c_int, buf: *mut c_void, count: usize) -> isize;
    /// lseek(2)
    #[link_name = sym!("lseek")]
    fn lseek(fd: c_int, offset: off_t, whence: c_int) -> off_t;
    /// sendfile(2) (Linux)
    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[link_name = sym!("sendfile")]
    fn sendfile(out_fd: c_int, in_fd: c_int, offset: *mut off_t, count: usize) -> isize;
}

/// `offset` as this target's `off_t`; EINVAL when it does not fit (as the kernel says for a
/// negative offset).
fn to_off(offset: u64) -> Result<off_t, Errno> {
    off_t::try_from(offset).map_err(|_| Errno(EINVAL))
}

/// `sendfile(out_fd, in_fd, &offset, count)`: sends from `in_fd` at `*offset` without moving
/// its file position, and advances `*offset` by what was sent.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn sendfile_at(
    out_fd: c_int,
    in_fd: c_int,
    offset: &mut u64,
    count: usize,
) -> Result<usize, Errno> {
    let mut off = to_off(*offset)?;
    // SAFETY: off is a valid off_t the kernel reads and updates; the descriptors are
    // integers (an invalid one is EBADF).
    let n = cvt_size(unsafe { sendfile(out_fd, in_fd, &mut off, count) })?;
    *offset += n as u64;
    Ok(n)
}

/// read(2) into `buf`.
pub fn read_buf(fd: c_int, buf: &mut [u8]) -> Result<usize, Errno> {
    // SAFETY: buf is writable for buf.len() bytes.
    cvt_size(unsafe { read(fd, buf.as_mut_ptr().cast(), buf.len()) })
}

/// `lseek(fd, offset, SEEK_SET)`.
pub fn seek_to(fd: c_int, offset: u64) -> Result<(), Errno> {
    let off = to_off(offset)?;
    // SAFETY: plain integers.
    let r = unsafe { lseek(fd, off, crate::consts::os::SEEK_SET) };
    if r < 0 { Err(super::errno::get()) } else { Ok(()) }
}
