//! The socket methods Python 3 added: `sendfile`, `getblocking`, `get_inheritable` /
//! `set_inheritable`, `detach`, and (Linux) `sendmsg_afalg`.

use crate::consts::SOCK_STREAM;
use crate::consts::errno::{EINTR, ESPIPE};
use crate::error::{Error, Result};
use crate::fds::AsDescriptor;
use crate::msg::Fd;
use crate::socket::Socket;
use crate::sys;
use crate::sys::errno::Errno;
use crate::timeout::{self, Deadline, Dir, Mode, Plan};

/// The most one sendfile(2) call is asked to send: 1 GiB, as Python (bpo-38319).
#[cfg(any(target_os = "linux", target_os = "android"))]
const SENDFILE_BLOCK: usize = 1 << 30;
/// The read size of the fallback loop (Python's 8192).
const FALLBACK_BLOCK: usize = 8192;

impl Socket {
    /// Send a file's contents: Python 3.5's `sendfile(file, offset=0, count=None)`. Returns
    /// the bytes sent.
    ///
    /// Sends from `offset` (from the start of the file, whatever its current position, as
    /// Python) until end of file, or `count` bytes if given. Zero copy where the kernel can:
    /// `sendfile(2)` (Linux), at most 1 GiB per call. Where sendfile(2) is missing (not
    /// Linux) or refuses the descriptor before anything was sent (a pipe or another file it
    /// cannot map, a directory, an offset out of range), it falls back to a loop of
    /// `read(2)` and `send(2)` with an 8 KiB stack buffer, as Python does; that loop first
    /// moves the file position to `offset` (`lseek(2)`) when `offset` is not 0.
    ///
    /// On return — and on error — the file position is `offset` plus the bytes sent, as in
    /// Python, so that after an error `lseek(fd, 0, SEEK_CUR)` tells how much went out (not
    /// moved when nothing was sent, and left alone for a file that cannot seek, such as a
    /// pipe).
    ///
    /// Modes: blocking mode blocks (and waits with poll(2) if another holder of the
    /// descriptor made it non-blocking); in timeout mode the timeout caps the whole call, as
    /// for [`sendall`](Socket::sendall), and expiry is [`Error::Timeout`]; non-blocking
    /// sockets are refused, as in Python. EINTR is retried. sendfile(2) takes no
    /// MSG_DONTWAIT, so in timeout mode the call first makes sure the descriptor is still
    /// O_NONBLOCK (one fcntl(2), as `connect` does) and then relies on it (the
    /// [`timeout`] module docs say what another holder can still do). `file`
    /// is borrowed for the call ([`AsDescriptor`]: `&File`, `BorrowedFd`, an [`Fd`], …).
    ///
    /// ```
    /// # #[cfg(feature = "std")] {
    /// use std::io::Write;
    /// let path = std::env::temp_dir().join(format!("bsdsock-sendfile-doc-{}", std::process::id()));
    /// std::fs::File::create(&path)?.write_all(b"hello, file")?;
    /// let file = std::fs::File::open(&path)?;
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// assert_eq!(a.sendfile(&file, 7, None)?, 4);
    /// assert_eq!(b.recv(16)?, b"file");
    /// # std::fs::remove_file(&path)?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// Differences from Python 3.13, on purpose: Python returns 0 at once for any file whose
    /// `fstat` size is 0, a pipe or a character device included; bsdsock sends what such a
    /// file gives until its end (or `count`), which is what Python's documentation
    /// promises. An `offset` is a `u64`; one beyond the largest `off_t` fails as Python's
    /// negative offsets do. The socket must be of a type Python accepts: `type & SOCK_STREAM`
    /// non-zero.
    ///
    /// # Errors
    /// `Error::Value("only SOCK_STREAM type sockets are supported")`;
    /// `Error::Value("count must be a positive integer (got 0)")` for `Some(0)`;
    /// `Error::Value("non-blocking sockets are not supported")`; an offset past `off_t`:
    /// `Error::Os(EINVAL)`; [`Error::Timeout`]; the errno of sendfile(2), read(2) (EISDIR for
    /// a directory) or send(2) (EPIPE after the peer closed).
    ///
    /// # References
    /// [sendfile(2)](https://man7.org/linux/man-pages/man2/sendfile.2.html),
    /// [read(2)](https://man7.org/linux/man-pages/man2/read.2.html),
    /// [lseek(2)](https://man7.org/linux/man-pages/man2/lseek.2.html)
    #[doc(alias = "copy")]
    pub fn sendfile(
        &self,
        file: impl AsDescriptor,
        offset: u64,
        count: Option<usize>,
    ) -> Result<usize> {
        if self.type_() & SOCK_STREAM == 0 {
            return Err(Error::Value("only SOCK_STREAM type sockets are supported"));
        }
        if count == Some(0) {
            return Err(Error::Value("count must be a positive integer (got 0)"));
        }
        let deadline = match self.mode() {
            Mode::NonBlocking => {
                return Err(Error::Value("non-blocking sockets are not supported"));
            }
            Mode::Blocking => None,
            Mode::Timeout(ns) => {
                let d = Deadline::after(ns);
                // sendfile(2) takes no MSG_DONTWAIT: like connect, make sure the description
                // is still O_NONBLOCK (another holder may have cleared it), so no call sleeps
                // in the kernel past the deadline.
                sys::fd::set_nonblocking(self.raw(), true)?;
                Some(d)
            }
        };
        let in_fd = file.as_descriptor();
        let mut sent = 0usize;
        let r = match self.sendfile_zero_copy(in_fd, offset, count, deadline, &mut sent) {
            Some(r) => r,
            None => self.sendfile_fallback(in_fd, offset, count, deadline, &mut sent),
        };
        if sent > 0 {
            match sys::file::seek_to(in_fd, offset.saturating_add(sent as u64)) {
                Err(e) if e.0 != ESPIPE && r.is_ok() => return Err(e.into()),
                _ => {}
            }
        }
        r.map(|()| sent)
    }

    /// sendfile(2) until `count` or end of file, adding what goes out to `sent`. `None`
    /// (fall back to read and send) when the call is missing, or refused before a byte was
    /// sent.
    #[allow(unused_variables)]
    fn sendfile_zero_copy(
        &self,
        in_fd: i32,
        offset: u64,
        count: Option<usize>,
        deadline: Option<Deadline>,
        sent: &mut usize,
    ) -> Option<Result<()>> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            let out = self.raw();
            let mut off = offset;
            loop {
                let want = match count {
                    Some(c) if *sent >= c => return Some(Ok(())),
                    Some(c) => (c - *sent).min(SENDFILE_BLOCK),
                    None => SENDFILE_BLOCK,
                };
                match sys::file::sendfile_at(out, in_fd, &mut off, want) {
                    Ok(0) => return Some(Ok(())),
                    Ok(n) => *sent += n,
                    Err(e) if e.0 == EINTR => timeout::note_interrupted(),
                    // Full: wait for room, until the deadline in timeout mode, without a limit
                    // in blocking mode (where another holder made the descriptor
                    // non-blocking).
                    Err(e) if timeout::would_block(e) => {
                        if let Err(e) = timeout::wait(out, Dir::Write, deadline) {
                            return Some(Err(e));
                        }
                        continue;
                    }
                    // Python falls back on any error of the first call.
                    Err(_) if *sent == 0 => return None,
                    Err(e) => return Some(Err(e.into())),
                }
                if expired(deadline) && count.is_none_or(|c| *sent < c) {
                    return Some(Err(Error::Timeout));
                }
            }
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        None
    }

    /// Python's `_sendfile_use_send`: read 8 KiB, send it all, until `count` or end of file.
    fn sendfile_fallback(
        &self,
        in_fd: i32,
        offset: u64,
        count: Option<usize>,
        deadline: Option<Deadline>,
        sent: &mut usize,
    ) -> Result<()> {
        if offset != 0 {
            sys::file::seek_to(in_fd, offset)?;
        }
        let out = self.raw();
        let plan = match deadline {
            Some(d) => Plan::Until(d),
            None => Plan::Blocking,
        };
        let mut buf = [0u8; FALLBACK_BLOCK];
        loop {
            let want = match count {
                Some(c) if *sent >= c => return Ok(()),
                Some(c) => (c - *sent).min(FALLBACK_BLOCK),
                None => FALLBACK_BLOCK,
            };
            let n = loop {
                match sys::file::read_buf(in_fd, &mut buf[..want]) {
                    Err(e) if e.0 == EINTR => timeout::note_interrupted(),
                    r => break r?,
                }
            };
            if n == 0 {
                return Ok(());
            }
            let mut done = 0;
            while done < n {
                if *sent > 0 && expired(deadline) {
                    return Err(Error::Timeout);
                }
                // One plan for the whole call: in timeout mode one deadline caps it all.
                let op = |fl| sys::net::send_buf(out, &buf[done..n], fl);
                let k = timeout::run(out, self.cell(), Dir::Write, 0, plan, op)?;
                done += k;
                *sent += k;
            }
        }
    }

    /// Is the socket in blocking or timeout mode (not non-blocking)? Python 3.7's
    /// `getblocking()`, which is `gettimeout() != 0.0`: `true` for blocking mode *and* for
    /// timeout mode, as in Python.
    ///
    /// ```
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// assert!(a.getblocking());
    /// a.settimeout(Some(1.5))?;
    /// assert!(a.getblocking());
    /// a.setblocking(false)?;
    /// assert!(!a.getblocking());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "nonblocking")]
    #[doc(alias = "is_nonblocking")]
    pub fn getblocking(&self) -> bool {
        self.gettimeout() != Some(0.0)
    }

    /// Is the descriptor inherited by programs this process executes (FD_CLOEXEC clear)?
    /// Python 3.4's `get_inheritable()`. Every socket bsdsock creates is *not* inheritable
    /// (close-on-exec, PEP 446) until [`set_inheritable`](Socket::set_inheritable) says so.
    ///
    /// Corresponds to `fcntl(fd, F_GETFD)`.
    ///
    /// # Errors
    /// The errno of fcntl(2): EBADF if another holder closed the descriptor.
    ///
    /// # References
    /// [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html)
    ///
    /// # Examples
    ///
    /// ```
    /// let s = bsdsock::socket(bsdsock::AF_INET, bsdsock::SOCK_STREAM, 0)?;
    /// assert!(!s.get_inheritable()?);              // close-on-exec (PEP 446)
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "FD_CLOEXEC")]
    #[doc(alias = "is_cloexec")]
    pub fn get_inheritable(&self) -> Result<bool> {
        Ok(!sys::fd::is_cloexec(self.raw())?)
    }

    /// Let programs this process executes inherit the descriptor (`true`: clear
    /// FD_CLOEXEC) or not (`false`: set it): Python 3.4's `set_inheritable(inheritable)`.
    ///
    /// The flag belongs to this descriptor only: a [`dup`](Socket::dup) or
    /// [`fromfd`](crate::fromfd) copy of the socket keeps its own (close-on-exec) flag.
    ///
    /// ```
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// assert!(!a.get_inheritable()?);
    /// a.set_inheritable(true)?;
    /// assert!(a.get_inheritable()?);
    /// assert!(!a.dup()?.get_inheritable()?);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    ///
    /// Corresponds to `fcntl(fd, F_GETFD)` and, when the flag changes, `fcntl(fd, F_SETFD)`.
    ///
    /// # Errors
    /// The errno of fcntl(2): EBADF if another holder closed the descriptor.
    ///
    /// # References
    /// [fcntl(2)](https://man7.org/linux/man-pages/man2/fcntl.2.html)
    #[doc(alias = "FD_CLOEXEC")]
    #[doc(alias = "set_cloexec")]
    #[doc(alias = "fcntl")]
    pub fn set_inheritable(&self, inheritable: bool) -> Result<()> {
        Ok(sys::fd::set_cloexec_flag(self.raw(), !inheritable)?)
    }

    /// Give up the socket object and keep its descriptor open: Python 3.2's `detach()`.
    ///
    /// Returns the descriptor as an owned [`Fd`] (Python returns the number and the caller
    /// must remember to close it; here dropping the `Fd` closes it). No system call.
    ///
    /// ```
    /// let (a, b) = bsdsock::socketpair_default()?;
    /// let fd = a.detach();
    /// let again = bsdsock::fromfd(fd.raw(), bsdsock::AF_UNIX, bsdsock::SOCK_STREAM, 0)?;
    /// again.sendall(b"still open")?;
    /// let mut buf = [0u8; 32];
    /// let n = b.recv_into(&mut buf, 0)?;
    /// assert_eq!(&buf[..n], b"still open");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "into_raw_fd")]
    #[doc(alias = "IntoRawFd")]
    pub fn detach(self) -> Fd {
        self.into_fd()
    }

    /// Send data to an AF_ALG operation socket with its operation, IV and associated-data
    /// length: Python 3.6's `sendmsg_afalg(msg, *, op, iv, assoclen, flags)` (Linux).
    ///
    /// One `sendmsg(2)` of `msg` with control messages at level SOL_ALG: `ALG_SET_OP`
    /// (`op`: `ALG_OP_ENCRYPT`, `ALG_OP_DECRYPT`, …), `ALG_SET_IV` (a `struct af_alg_iv`)
    /// if `iv` is given, and `ALG_SET_AEAD_ASSOCLEN` if `assoclen` is given. Pass
    /// `MSG_MORE` in `flags` when more data follows. Built on the stack; allocates nothing.
    ///
    /// Python's `Invalid or missing argument 'op'` and `assoclen must be positive` cannot
    /// happen: both are `u32`.
    ///
    /// ```no_run
    /// use bsdsock::{AF_ALG, ALG_OP_ENCRYPT, ALG_SET_KEY, SOCK_SEQPACKET, SOL_ALG};
    /// let alg = bsdsock::socket(AF_ALG, SOCK_SEQPACKET, 0)?;
    /// alg.bind(("skcipher", "cbc(aes)"))?;
    /// alg.setsockopt_bytes(SOL_ALG, ALG_SET_KEY, &[0x2b; 16])?;
    /// let (op, _) = alg.accept()?;
    /// op.sendmsg_afalg(&[&[0u8; 16]], ALG_OP_ENCRYPT as u32, Some(&[0; 16]), None, 0)?;
    /// let mut ciphertext = [0u8; 16];
    /// op.recv_into(&mut ciphertext, 0)?;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    ///
    /// # Errors
    /// On a socket of another family: `Error::Socket("algset is only supported for
    /// AF_ALG")` (Python's OSError); an `iv` longer than 512 bytes:
    /// `Error::Value("iv too long for sendmsg_afalg")`; otherwise as
    /// [`sendmsg`](Socket::sendmsg).
    ///
    /// # References
    /// [Linux kernel crypto API, user space interface](https://docs.kernel.org/crypto/userspace-if.html)
    #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "SOL_ALG"))]
    pub fn sendmsg_afalg(
        &self,
        msg: &[&[u8]],
        op: u32,
        iv: Option<&[u8]>,
        assoclen: Option<u32>,
        flags: i32,
    ) -> Result<usize> {
        if self.family() != crate::consts::AF_ALG {
            return Err(Error::Socket("algset is only supported for AF_ALG"));
        }
        let mut buf = [0u8; AFALG_CONTROL_MAX];
        let n = afalg_control(&mut buf, op, iv, assoclen)?;
        self.sendmsg(msg, &buf[..n], flags)
    }
}

/// The longest IV [`Socket::sendmsg_afalg`] sends (its control buffer is on the stack;
/// real ciphers use at most 32 bytes).
#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "SOL_ALG"))]
pub(crate) const AFALG_IV_MAX: usize = 512;

#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "SOL_ALG"))]
const AFALG_CONTROL_MAX: usize =
    2 * crate::cmsg::cmsg_space(4) + crate::cmsg::cmsg_space(4 + AFALG_IV_MAX);

/// The control messages of `sendmsg_afalg`, in Python's order (op, iv, assoclen).
#[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "SOL_ALG"))]
fn afalg_control(
    buf: &mut [u8],
    op: u32,
    iv: Option<&[u8]>,
    assoclen: Option<u32>,
) -> Result<usize> {
    use crate::consts::{ALG_SET_AEAD_ASSOCLEN, ALG_SET_IV, ALG_SET_OP, SOL_ALG};
    let mut b = crate::cmsg::CmsgBuilder::new(buf);
    b.push(SOL_ALG, ALG_SET_OP, &op.to_ne_bytes())?;
    if let Some(iv) = iv {
        if iv.len() > AFALG_IV_MAX {
            return Err(Error::Value("iv too long for sendmsg_afalg"));
        }
        // struct af_alg_iv { __u32 ivlen; __u8 iv[]; }
        let mut data = [0u8; 4 + AFALG_IV_MAX];
        data[..4].copy_from_slice(&(iv.len() as u32).to_ne_bytes());
        data[4..4 + iv.len()].copy_from_slice(iv);
        b.push(SOL_ALG, ALG_SET_IV, &data[..4 + iv.len()])?;
    }
    if let Some(n) = assoclen {
        b.push(SOL_ALG, ALG_SET_AEAD_ASSOCLEN, &n.to_ne_bytes())?;
    }
    Ok(b.len())
}

/// accept(2) for [`Socket::accept`]: without an address on AF_ALG sockets (see
/// `accept_owned_unnamed`), with one on every other family.
#[inline]
pub(crate) fn accept_fd(
    fd: &Fd,
    family: i32,
    peer: &mut crate::sys::net::SockaddrBuf,
    nonblock: bool,
) -> core::result::Result<Fd, Errno> {
    // AF_ALG's accepted sockets have no name, and the kernel fails an accept that asks for
    // one with ECONNABORTED (CPython passes NULL there too): peer stays empty.
    #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "AF_ALG"))]
    if family == crate::consts::AF_ALG {
        peer.len = 0;
        return sys::net::accept_owned(fd, None, nonblock);
    }
    let _ = family;
    sys::net::accept_owned(fd, Some(peer), nonblock)
}

/// Has the whole-call deadline passed (timeout mode)?
fn expired(deadline: Option<Deadline>) -> bool {
    deadline.is_some_and(|d| d.left().is_none())
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(all(bsdsock_have = "linux_if_alg_h", bsdsock_const = "SOL_ALG"))]
    fn afalg_control_messages_in_pythons_order() {
        use super::*;
        use crate::cmsg::CmsgIter;
        use crate::consts::{ALG_SET_AEAD_ASSOCLEN, ALG_SET_IV, ALG_SET_OP, SOL_ALG};
        let mut buf = [0u8; AFALG_CONTROL_MAX];
        let n = afalg_control(&mut buf, 1, Some(&[9; 16]), Some(20)).unwrap();
        let v: std::vec::Vec<_> = CmsgIter::new(&buf[..n]).collect();
        assert_eq!(v.len(), 3);
        assert_eq!(
            (v[0].level, v[0].kind, v[0].data),
            (SOL_ALG, ALG_SET_OP, &1u32.to_ne_bytes()[..])
        );
        assert_eq!((v[1].level, v[1].kind), (SOL_ALG, ALG_SET_IV));
        assert_eq!(&v[1].data[..4], &16u32.to_ne_bytes());
        assert_eq!(&v[1].data[4..], &[9; 16]);
        assert_eq!((v[2].kind, v[2].data), (ALG_SET_AEAD_ASSOCLEN, &20u32.to_ne_bytes()[..]));
        let n = afalg_control(&mut buf, 0, None, None).unwrap();
        assert_eq!(CmsgIter::new(&buf[..n]).count(), 1);
        assert_eq!(
            afalg_control(&mut buf, 0, Some(&[0; AFALG_IV_MAX + 1]), None),
            Err(Error::Value("iv too long for sendmsg_afalg"))
        );
    }
}
