//! Control messages (ancillary data) for `sendmsg` / `recvmsg`: an allocation-free builder
//! over a caller's buffer and a parser that never reads past the buffer.
//!
//! The layout comes from the probe: where a message's data starts (`CMSG_LEN(0)`), the
//! alignment the `CMSG_*` macros round to, and the offsets and widths of `cmsghdr`'s fields
//! (`cmsg_len` is a `size_t` on glibc, a `socklen_t` on musl and the BSDs). Pure core: no
//! `unsafe`, no system calls.
//!
//! Panic contract: [`CmsgIter`] takes any bytes — from the kernel, a peer, or a fuzzer — and
//! yields only messages whose header lies wholly inside the buffer; a data length that
//! claims more than the buffer holds is cut to what is there and ends the iteration.

use core::mem::{offset_of, size_of};

use crate::error::{Error, Result};
use crate::ne::{read_ne, write_ne};
use crate::sys::{self, CMSG_ALIGN_TO, CMSG_HDR_LEN, CtlLen, cmsghdr};

/// `CMSG_ALIGN(n)`: `n` rounded up to the control-message alignment. Saturates instead of
/// overflowing.
///
/// # Examples
///
/// ```
/// use bsdsock::cmsg::cmsg_align;
/// assert_eq!(cmsg_align(1) % core::mem::size_of::<usize>(), 0);
/// ```
pub const fn cmsg_align(n: usize) -> usize {
    let a = CMSG_ALIGN_TO;
    match n.checked_add(a - 1) {
        Some(v) => v & !(a - 1),
        None => usize::MAX & !(a - 1),
    }
}

/// `CMSG_SPACE(n)`: buffer bytes one message with `n` data bytes takes, padding included.
///
/// # Examples
///
/// ```
/// use bsdsock::cmsg::{cmsg_len, cmsg_space};
/// let anc = [0u8; cmsg_space(2 * 4)];       // room for one message carrying two descriptors
/// assert!(anc.len() >= cmsg_len(8));
/// ```
pub const fn cmsg_space(n: usize) -> usize {
    cmsg_align(CMSG_HDR_LEN).saturating_add(cmsg_align(n))
}

/// `CMSG_LEN(n)`: the `cmsg_len` value of a message with `n` data bytes.
///
/// # Examples
///
/// ```
/// use bsdsock::cmsg::{cmsg_len, cmsg_space};
/// assert!(cmsg_len(4) <= cmsg_space(4));    // the header plus 4 data bytes, unpadded
/// ```
pub const fn cmsg_len(n: usize) -> usize {
    CMSG_HDR_LEN.saturating_add(n)
}

const LEN_OFF: usize = offset_of!(cmsghdr, cmsg_len);
const LEVEL_OFF: usize = offset_of!(cmsghdr, cmsg_level);
const TYPE_OFF: usize = offset_of!(cmsghdr, cmsg_type);
const LEN_SIZE: usize = size_of::<CtlLen>();
const INT: usize = size_of::<sys::c_int>();

/// One control message seen by [`CmsgIter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cmsg<'a> {
    /// `cmsg_level`, e.g. SOL_SOCKET.
    pub level: i32,
    /// `cmsg_type`, e.g. SCM_RIGHTS.
    pub kind: i32,
    /// The data bytes (cut to the buffer if the header claimed more).
    pub data: &'a [u8],
    /// True when `cmsg_len` claimed more bytes than the buffer holds.
    pub truncated: bool,
}

impl<'a> Cmsg<'a> {
    /// The descriptors of an `SCM_RIGHTS` message, as raw integers (whole ints only).
    /// Empty for any other message.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, CmsgIter, cmsg_space};
    ///
    /// let mut anc = [0u8; cmsg_space(8)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.rights(&[3, 4])?;
    /// let n = cb.len();
    /// let m = CmsgIter::new(&anc[..n]).next().unwrap();
    /// assert_eq!(m.rights().collect::<Vec<_>>(), [3, 4]);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn rights(&self) -> impl Iterator<Item = i32> + 'a {
        let data = if self.level == crate::consts::SOL_SOCKET && is_rights(self.kind) {
            self.data
        } else {
            &[]
        };
        data.chunks_exact(INT).map(|c| {
            let mut b = [0u8; INT];
            b.copy_from_slice(c);
            i32::from_ne_bytes(b)
        })
    }

    /// `(pid, uid, gid)` of an `SCM_CREDENTIALS` message (Linux), if this is one and it is
    /// whole.
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use bsdsock::cmsg::{CmsgBuilder, CmsgIter, cmsg_space};
    ///
    /// let mut anc = [0u8; cmsg_space(12)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.credentials(1, 2, 3)?;
    /// let n = cb.len();
    /// assert_eq!(CmsgIter::new(&anc[..n]).next().unwrap().credentials(), Some((1, 2, 3)));
    /// # }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(bsdsock_const = "SCM_CREDENTIALS")]
    pub fn credentials(&self) -> Option<(i32, u32, u32)> {
        if self.level != crate::consts::SOL_SOCKET || self.kind != crate::consts::SCM_CREDENTIALS {
            return None;
        }
        let d = self.data;
        let pid = read_ne(d, offset_of!(sys::ucred, pid), size_of::<sys::pid_t>())?;
        let uid = read_ne(d, offset_of!(sys::ucred, uid), size_of::<sys::uid_t>())?;
        let gid = read_ne(d, offset_of!(sys::ucred, gid), size_of::<sys::gid_t>())?;
        Some((pid as i32, uid as u32, gid as u32))
    }
}

fn is_rights(kind: i32) -> bool {
    #[cfg(bsdsock_const = "SCM_RIGHTS")]
    {
        kind == crate::consts::SCM_RIGHTS
    }
    #[cfg(not(bsdsock_const = "SCM_RIGHTS"))]
    {
        let _ = kind;
        false
    }
}

/// Walks the control messages in a buffer (what `recvmsg` filled, or any bytes).
/// `CMSG_FIRSTHDR` / `CMSG_NXTHDR` in safe Rust.
#[derive(Clone, Debug)]
pub struct CmsgIter<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> CmsgIter<'a> {
    /// Iterate over the messages in `buf` (only the bytes the kernel reported:
    /// `msg_controllen`).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::CmsgIter;
    ///
    /// // Hand-made or received bytes: the iterator never reads past the buffer.
    /// assert_eq!(CmsgIter::new(&[]).count(), 0);
    /// assert_eq!(CmsgIter::new(&[0xff; 7]).count(), 0);   // shorter than a header
    /// ```
    pub fn new(buf: &'a [u8]) -> Self {
        CmsgIter { buf, pos: 0 }
    }
}

impl<'a> Iterator for CmsgIter<'a> {
    type Item = Cmsg<'a>;

    fn next(&mut self) -> Option<Cmsg<'a>> {
        let rest = self.buf.get(self.pos..)?;
        // The whole header must be inside the buffer.
        if rest.len() < CMSG_HDR_LEN {
            self.pos = self.buf.len();
            return None;
        }
        let claimed = read_ne(rest, LEN_OFF, LEN_SIZE)?;
        let level = read_ne(rest, LEVEL_OFF, INT)? as u32 as i32;
        let kind = read_ne(rest, TYPE_OFF, INT)? as u32 as i32;
        // A length shorter than the header is malformed: stop (as CMSG_NXTHDR would loop).
        if claimed < CMSG_HDR_LEN as u64 {
            self.pos = self.buf.len();
            return None;
        }
        let claimed = usize::try_from(claimed).unwrap_or(usize::MAX);
        let end = claimed.min(rest.len());
        let truncated = claimed > rest.len();
        let data = &rest[CMSG_HDR_LEN..end];
        // Next header at the aligned end; past the buffer (or truncated) ends the walk.
        self.pos = if truncated {
            self.buf.len()
        } else {
            self.pos.saturating_add(cmsg_align(claimed)).min(self.buf.len())
        };
        Some(Cmsg { level, kind, data, truncated })
    }
}

/// Builds control messages into a caller's buffer, without allocating. Size the buffer with
/// [`cmsg_space`] per message.
#[derive(Debug)]
pub struct CmsgBuilder<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> CmsgBuilder<'a> {
    /// Start building in `buf`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let mut anc = [0u8; cmsg_space(4)];
    /// let cb = CmsgBuilder::new(&mut anc);
    /// assert!(cb.is_empty());
    /// ```
    pub fn new(buf: &'a mut [u8]) -> Self {
        CmsgBuilder { buf, len: 0 }
    }

    /// Append one message (`level`, `kind`, `data`).
    ///
    /// # Errors
    /// `Error::Value("control message buffer too small")` when it does not fit; the buffer
    /// is left as it was.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, CmsgIter, cmsg_space};
    /// use bsdsock::{SCM_RIGHTS, SOL_SOCKET};
    ///
    /// let mut anc = [0u8; cmsg_space(4)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.push(SOL_SOCKET, SCM_RIGHTS, &5i32.to_ne_bytes())?;   // any level/type, raw data
    /// assert!(cb.push(SOL_SOCKET, SCM_RIGHTS, &[0; 4]).is_err()); // no room left
    /// let n = cb.len();
    /// let m = CmsgIter::new(&anc[..n]).next().unwrap();
    /// assert_eq!((m.level, m.kind, m.data), (SOL_SOCKET, SCM_RIGHTS, &5i32.to_ne_bytes()[..]));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn push(&mut self, level: i32, kind: i32, data: &[u8]) -> Result<()> {
        let space = cmsg_space(data.len());
        let end = self.len.checked_add(space).filter(|&e| e <= self.buf.len());
        let Some(end) = end else {
            return Err(Error::Value("control message buffer too small"));
        };
        let msg = &mut self.buf[self.len..end];
        msg.fill(0);
        write_ne(msg, LEN_OFF, LEN_SIZE, cmsg_len(data.len()) as u64);
        write_ne(msg, LEVEL_OFF, INT, level as u32 as u64);
        write_ne(msg, TYPE_OFF, INT, kind as u32 as u64);
        msg[CMSG_HDR_LEN..CMSG_HDR_LEN + data.len()].copy_from_slice(data);
        self.len = end;
        Ok(())
    }

    /// Append an `SCM_RIGHTS` message passing `fds` (the descriptors stay open here; the
    /// receiver gets duplicates).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let mut anc = [0u8; cmsg_space(4)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.rights(&[b.fileno()])?;                // SCM_RIGHTS
    /// let n = cb.len();
    /// a.sendmsg(&[b"x"], &anc[..n], 0)?;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(bsdsock_const = "SCM_RIGHTS")]
    pub fn rights(&mut self, fds: &[i32]) -> Result<()> {
        let mut tmp = [0u8; 253 * 4];
        let n = fds.len().checked_mul(INT).filter(|&n| n <= tmp.len());
        let Some(n) = n else {
            // The kernel's limit is SCM_MAX_FD = 253 descriptors per message.
            return Err(Error::Value("too many descriptors for one SCM_RIGHTS message"));
        };
        for (chunk, fd) in tmp.chunks_exact_mut(INT).zip(fds) {
            chunk.copy_from_slice(&fd.to_ne_bytes());
        }
        self.push(crate::consts::SOL_SOCKET, crate::consts::SCM_RIGHTS, &tmp[..n])
    }

    /// Append an `SCM_CREDENTIALS` message (Linux; the kernel checks the values).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(target_os = "linux")] {
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// let mut anc = [0u8; cmsg_space(12)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// // Our own pid, uid and gid: the kernel accepts these without privilege.
    /// # let (pid, (uid, gid)) = (std::process::id() as i32, ids());
    /// # fn ids() -> (u32, u32) {
    /// #     let s = std::fs::read_to_string("/proc/self/status").unwrap();
    /// #     let f = |k: &str| s.lines().find(|l| l.starts_with(k)).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    /// #     (f("Uid:"), f("Gid:"))
    /// # }
    /// cb.credentials(pid, uid, gid)?;           // SCM_CREDENTIALS
    /// let n = cb.len();
    /// a.sendmsg(&[b"x"], &anc[..n], 0)?;
    /// # }
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(bsdsock_const = "SCM_CREDENTIALS")]
    pub fn credentials(&mut self, pid: i32, uid: u32, gid: u32) -> Result<()> {
        let mut d = [0u8; size_of::<sys::ucred>()];
        write_ne(&mut d, offset_of!(sys::ucred, pid), size_of::<sys::pid_t>(), pid as u32 as u64);
        write_ne(&mut d, offset_of!(sys::ucred, uid), size_of::<sys::uid_t>(), uid as u64);
        write_ne(&mut d, offset_of!(sys::ucred, gid), size_of::<sys::gid_t>(), gid as u64);
        self.push(crate::consts::SOL_SOCKET, crate::consts::SCM_CREDENTIALS, &d)
    }

    /// The bytes built so far (pass as `msg_control`).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let mut anc = [0u8; cmsg_space(4)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.rights(&[0])?;
    /// assert_eq!(cb.as_bytes().len(), cb.len());   // what to pass to sendmsg
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// How many bytes are in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
    ///
    /// let mut anc = [0u8; 2 * cmsg_space(4)];
    /// let mut cb = CmsgBuilder::new(&mut anc);
    /// cb.rights(&[0])?;
    /// assert_eq!(cb.len(), cmsg_space(4));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// Nothing built yet?
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::cmsg::CmsgBuilder;
    ///
    /// let mut anc = [0u8; 64];
    /// assert!(CmsgBuilder::new(&mut anc).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_and_len_match_the_probe() {
        assert_eq!(cmsg_len(0), sys::layout::CMSG_LEN_0 as usize);
        assert_eq!(cmsg_space(1), sys::layout::CMSG_SPACE_1 as usize);
        assert_eq!(cmsg_space(0), sys::layout::CMSG_SPACE_0 as usize);
        assert!(CMSG_ALIGN_TO.is_power_of_two());
        assert_eq!(cmsg_align(usize::MAX) % CMSG_ALIGN_TO, 0);
    }

    #[test]
    #[cfg(bsdsock_const = "SCM_RIGHTS")]
    fn build_then_parse_rights() {
        let mut buf = [0u8; 128];
        let mut b = CmsgBuilder::new(&mut buf);
        b.rights(&[3, 4, 5]).unwrap();
        b.push(1, 2, b"xyz").unwrap();
        let n = b.len();
        assert_eq!(n, cmsg_space(12) + cmsg_space(3));
        let msgs: std::vec::Vec<_> = CmsgIter::new(&buf[..n]).collect();
        assert_eq!(msgs.len(), 2);
        assert_eq!(msgs[0].rights().collect::<std::vec::Vec<_>>(), [3, 4, 5]);
        assert_eq!((msgs[1].level, msgs[1].kind, msgs[1].data), (1, 2, &b"xyz"[..]));
        assert!(!msgs[1].truncated);
    }

    #[test]
    fn builder_refuses_what_does_not_fit() {
        let mut buf = [0u8; 8];
        let mut b = CmsgBuilder::new(&mut buf);
        assert_eq!(b.push(1, 1, b"a"), Err(Error::Value("control message buffer too small")));
        assert!(b.is_empty());
    }

    #[test]
    fn lying_lengths_never_read_past_the_buffer() {
        // A header claiming 1000 bytes in a 40-byte buffer: data cut, flagged, walk ends.
        let mut buf = [0u8; 40];
        write_ne(&mut buf, LEN_OFF, LEN_SIZE, 1000);
        let v: std::vec::Vec<_> = CmsgIter::new(&buf).collect();
        assert_eq!(v.len(), 1);
        assert!(v[0].truncated);
        assert_eq!(v[0].data.len(), 40 - CMSG_HDR_LEN);
        // A length shorter than the header: nothing.
        write_ne(&mut buf, LEN_OFF, LEN_SIZE, 1);
        assert_eq!(CmsgIter::new(&buf).count(), 0);
        // A buffer shorter than a header: nothing.
        assert_eq!(CmsgIter::new(&buf[..CMSG_HDR_LEN - 1]).count(), 0);
        // usize::MAX length.
        write_ne(&mut buf, LEN_OFF, LEN_SIZE, u64::MAX);
        assert_eq!(CmsgIter::new(&buf).count(), 1);
    }

    #[test]
    fn every_prefix_of_every_small_buffer_is_safe() {
        // Bounded exhaustive-ish walk: lengths 0..64 with a pseudo-random fill (8 fills per
        // length under Miri, 64 otherwise).
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..64usize {
            for _ in 0..if cfg!(miri) { 8 } else { 64 } {
                let mut buf = [0u8; 64];
                for b in buf.iter_mut() {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    *b = (x % 7) as u8 * 4;
                }
                let mut total = 0;
                for m in CmsgIter::new(&buf[..len]) {
                    total += m.data.len();
                    assert!(m.data.len() <= len);
                    let _ = m.rights().count();
                }
                assert!(total <= len);
            }
        }
    }
}
