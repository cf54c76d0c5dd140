//! `makefile`: a buffered file object over a socket, with Python 2.7's `socket._fileobject`
//! buffering ([section (e)](crate::conformance#section-e)).
//!
//! [`SocketFile`] works on its own duplicate of the socket's descriptor, so closing (or
//! dropping) the file leaves the socket open and the other way round; the peer sees EOF once
//! both are closed ([E19](crate::conformance#E19)). It reads and writes in the socket's *current* mode, as both
//! Pythons' files do (they call the socket's own recv/send): a later
//! [`settimeout`](crate::Socket::settimeout) on the socket — or on
//! [`SocketFile::socket`] — applies to the file, also after the socket was dropped. A
//! timeout is [`Error::Timeout`] (`io::ErrorKind::TimedOut` through the std traits). Its methods keep Python's names and
//! results: [`read`](SocketFile::read), [`readline`](SocketFile::readline),
//! [`readlines`](SocketFile::readlines), iteration, [`write`](SocketFile::write),
//! [`writelines`](SocketFile::writelines), [`flush`](SocketFile::flush),
//! [`close`](SocketFile::close). Under `std` it also implements `std::io::Read`, `BufRead`
//! and `Write` (call them as `io::Read::read(&mut f, buf)` where an inherent method of the
//! same name takes precedence).
//!
//! Buffering (`bufsize`): below 0 → 8192 ([E3](crate::conformance#E3)); 0 → unbuffered: reads receive one byte at a
//! time, so nothing past a line is consumed, and every write is sent at once ([E4](crate::conformance#E4)); 1 →
//! reads in 8192-byte chunks, writes line-buffered: a write containing `\n` sends the whole
//! buffer, text after the newline included ([E5](crate::conformance#E5), [E9](crate::conformance#E9)); n > 1 → n is the read chunk and the
//! write threshold ([E6](crate::conformance#E6)). A timeout or any other error from the socket passes straight
//! through ([C28](crate::conformance#C28)); EINTR is retried ([E16](crate::conformance#E16)). Requires the `alloc` feature.
//!
//! Nothing is lost or repeated when a call fails: a read that fails keeps every byte it had
//! received in the buffer, for the next call; a write or flush that fails part way keeps
//! exactly the bytes not yet sent, so retrying [`flush`](SocketFile::flush) sends each byte
//! once. The read buffer holds only unread bytes (the consumed front is dropped before each
//! receive), so reading lines needs at most the longest line plus one read chunk; space a
//! large `read(Some(n))` reserved is given back when it returns.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::socket::Socket;

/// Python 2.7's `_fileobject.default_bufsize`.
pub const DEFAULT_BUFSIZE: usize = 8192;

/// A buffered file object over a socket: what [`Socket::makefile`] returns.
pub struct SocketFile {
    /// `None` only inside `close`.
    sock: Option<Socket>,
    mode: String,
    /// Read chunk size (1 when unbuffered).
    rbufsize: usize,
    /// 0 unbuffered, 1 line-buffered, n: flush threshold.
    wbufsize: usize,
    rbuf: Vec<u8>,
    rpos: usize,
    wbuf: Vec<u8>,
    iter_done: bool,
}

impl SocketFile {
    pub(crate) fn new(sock: Socket, mode: &str, bufsize: isize) -> SocketFile {
        let bufsize = if bufsize < 0 { DEFAULT_BUFSIZE } else { bufsize as usize };
        let rbufsize = match bufsize {
            0 => 1,
            1 => DEFAULT_BUFSIZE,
            n => n,
        };
        SocketFile {
            sock: Some(sock),
            mode: String::from(mode),
            rbufsize,
            wbufsize: bufsize,
            rbuf: Vec::new(),
            rpos: 0,
            wbuf: Vec::new(),
            iter_done: false,
        }
    }

    /// `"<socket>"`, Python's `.name` ([E2](crate::conformance#E2)).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let f = server.makefile("rb", -1)?;
    /// assert_eq!(f.name(), "<socket>");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn name(&self) -> &'static str {
        "<socket>"
    }

    /// The mode given to `makefile` (stored, not enforced, [E1](crate::conformance#E1)).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let f = server.makefile("rb", -1)?;
    /// assert_eq!(f.mode(), "rb");        // stored, not enforced, as in Python 2.7
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn mode(&self) -> &str {
        &self.mode
    }

    /// The file's own descriptor (a duplicate of the socket's).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let f = server.makefile("rb", -1)?;
    /// assert_ne!(f.fileno(), server.fileno());   // its own duplicate of the socket's descriptor
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn fileno(&self) -> i32 {
        self.sock.as_ref().map_or(-1, Socket::fileno)
    }

    /// The socket the file works on (its own duplicate).
    ///
    /// # Errors
    /// `Error::Os(EBADF)` never in practice (the socket is gone only inside `close`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let f = server.makefile("rb", -1)?;
    /// assert_eq!(f.socket()?.getpeername()?, client.getsockname()?);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn socket(&self) -> Result<&Socket> {
        self.sock.as_ref().ok_or(Error::Os(crate::consts::errno::EBADF))
    }

    fn buffered(&self) -> &[u8] {
        &self.rbuf[self.rpos.min(self.rbuf.len())..]
    }

    /// Move up to `n` unread bytes to `out`.
    fn take_buffered(&mut self, n: usize, out: &mut Vec<u8>) -> Result<()> {
        let n = n.min(self.buffered().len());
        out.try_reserve(n).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        out.extend_from_slice(&self.rbuf[self.rpos..self.rpos + n]);
        self.rpos += n;
        if self.rpos >= self.rbuf.len() {
            self.rbuf.clear();
            self.rpos = 0;
        }
        Ok(())
    }

    /// Up to `n` unread bytes as a new vector: the buffer itself when it is all of them and
    /// fills at least half its room (a large read: no copy), else a copy (the buffer's room
    /// is kept for the next receive, or given back if far larger than the buffering needs).
    fn take_out(&mut self, n: usize) -> Result<Vec<u8>> {
        if self.rpos == 0 && n >= self.rbuf.len() && self.rbuf.len() >= self.rbuf.capacity() / 2 {
            return Ok(core::mem::take(&mut self.rbuf));
        }
        let mut out = Vec::new();
        self.take_buffered(n, &mut out)?;
        self.trim();
        Ok(out)
    }

    /// Give back read-buffer room far beyond what the buffering needs (after a large read).
    fn trim(&mut self) {
        let keep = self.rbufsize.max(DEFAULT_BUFSIZE);
        if self.rbuf.capacity() > 2 * keep.max(self.rbuf.len()) {
            self.compact();
            self.rbuf.shrink_to(keep.max(self.rbuf.len()));
        }
    }

    /// Drop the consumed front of the read buffer.
    fn compact(&mut self) {
        if self.rpos > 0 {
            let rpos = self.rpos.min(self.rbuf.len());
            self.rbuf.drain(..rpos);
            self.rpos = 0;
        }
    }

    /// Receive up to `n` more bytes at the end of the read buffer (reserved, not
    /// zero-filled); returns the count (0 = EOF). On error the buffer is unchanged.
    fn fill(&mut self, n: usize) -> Result<usize> {
        self.compact();
        match &self.sock {
            Some(s) => s.recv_append(&mut self.rbuf, n, 0),
            None => Err(Error::Os(crate::consts::errno::EBADF)),
        }
    }

    /// Python's `read(size)`: `None` reads to EOF in chunks of max(bufsize, 8192) ([E12](crate::conformance#E12));
    /// `Some(n)` serves the buffer first, then receives the rest with `recv(n - have)` until
    /// n bytes or EOF ([E13](crate::conformance#E13)). An empty result means EOF. Asking for far more than arrives
    /// costs only what arrives (the space is reserved, not filled).
    ///
    /// # Errors
    /// The socket's errors ([`Error::Timeout`] included, [C28](crate::conformance#C28)). Every byte received before
    /// the error stays in the buffer for the next call.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("rb", -1)?;
    /// client.sendall(b"abcdef")?;
    /// assert_eq!(f.read(Some(4))?, b"abcd");     // exactly 4 bytes, or fewer at end of file
    /// drop(client);
    /// assert_eq!(f.read(None)?, b"ef");          // None: to end of file
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "read_to_end")]
    pub fn read(&mut self, size: Option<usize>) -> Result<Vec<u8>> {
        match size {
            None => {
                let chunk = self.rbufsize.max(DEFAULT_BUFSIZE);
                while self.fill(chunk)? > 0 {}
                self.take_out(usize::MAX)
            }
            Some(n) => {
                // Gather in the buffer and take out only on success, so an error loses
                // nothing.
                while self.buffered().len() < n {
                    let left = n - self.buffered().len();
                    if self.fill(left)? == 0 {
                        break;
                    }
                }
                self.take_out(n)
            }
        }
    }

    /// Python's `readline(size)`: up to and including `\n`, or `size` bytes, or what is left
    /// at EOF; data past the line stays buffered ([E14](crate::conformance#E14)). Empty means EOF.
    ///
    /// # Errors
    /// The socket's errors; bytes gathered so far stay in the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("rb", -1)?;
    /// client.sendall(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")?;
    /// assert_eq!(f.readline(None)?, b"GET / HTTP/1.0\r\n");
    /// assert_eq!(f.readline(Some(2))?, b"Ho");     // at most 2 bytes
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "read_line")]
    #[doc(alias = "BufRead")]
    pub fn readline(&mut self, size: Option<usize>) -> Result<Vec<u8>> {
        let limit = size.unwrap_or(usize::MAX);
        // Scan without consuming until a line, the limit or EOF, so an error loses nothing.
        let mut scanned = 0;
        loop {
            let avail = self.buffered();
            let want = limit.min(avail.len());
            if let Some(i) = avail[scanned.min(want)..want].iter().position(|&b| b == b'\n') {
                return self.take_out(scanned + i + 1);
            }
            if avail.len() >= limit {
                return self.take_out(limit);
            }
            scanned = avail.len();
            // The partial line stays in the buffer: fill drops only the consumed front.
            let chunk = self.rbufsize;
            if self.fill(chunk)? == 0 {
                return self.take_out(usize::MAX);
            }
        }
    }

    /// Python's `readlines(sizehint)`: lines until EOF, or until their total reaches
    /// `sizehint` (if given and not 0) ([E15](crate::conformance#E15)).
    ///
    /// # Errors
    /// The socket's errors.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("rb", -1)?;
    /// client.sendall(b"one\ntwo\n")?;
    /// drop(client);
    /// assert_eq!(f.readlines(None)?, [b"one\n".to_vec(), b"two\n".to_vec()]);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "lines")]
    pub fn readlines(&mut self, sizehint: Option<usize>) -> Result<Vec<Vec<u8>>> {
        let mut lines = Vec::new();
        let mut total = 0;
        loop {
            let line = self.readline(None)?;
            if line.is_empty() {
                return Ok(lines);
            }
            total += line.len();
            lines.push(line);
            if matches!(sizehint, Some(h) if h != 0 && total >= h) {
                return Ok(lines);
            }
        }
    }

    /// Python's `write(data)`: append to the write buffer and flush as the buffering says
    /// ([E7](crate::conformance#E7), [E8](crate::conformance#E8)); an empty write does nothing.
    ///
    /// # Errors
    /// The errors of [`flush`](SocketFile::flush). `data` has been taken into the buffer
    /// even then (as in Python): retry with `flush`, not with another `write` of the same
    /// data. (The `std::io::Write` implementation reports instead how much of `data` was
    /// taken, as that trait requires.)
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("wb", 0)?;     // bufsize 0: every write is sent at once
    /// f.write(b"hello")?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(client.recv_into(&mut buf, 0)?, 5);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "write_all")]
    pub fn write(&mut self, data: &[u8]) -> Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        self.wbuf.try_reserve(data.len()).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        self.wbuf.extend_from_slice(data);
        if self.wants_flush(data) { self.flush() } else { Ok(()) }
    }

    /// Whether a write of `data` (already appended) flushes.
    fn wants_flush(&self, data: &[u8]) -> bool {
        match self.wbufsize {
            0 => true,
            1 => data.contains(&b'\n'),
            n => self.wbuf.len() >= n,
        }
    }

    /// Python's `writelines(seq)`: append every non-empty item, then flush if unbuffered or
    /// line-buffered, or if the threshold is reached ([E10](crate::conformance#E10)).
    ///
    /// # Errors
    /// The errors of [`flush`](SocketFile::flush).
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("wb", -1)?;
    /// f.writelines([&b"a\n"[..], b"b\n"])?;
    /// f.flush()?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(client.recv_into(&mut buf, 0)?, 4);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[doc(alias = "write_all")]
    pub fn writelines<I>(&mut self, lines: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        for line in lines {
            let line = line.as_ref();
            self.wbuf
                .try_reserve(line.len())
                .map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
            self.wbuf.extend_from_slice(line);
        }
        if self.wbufsize <= 1 || self.wbuf.len() >= self.wbufsize { self.flush() } else { Ok(()) }
    }

    /// Python's `flush()`: send the write buffer with `sendall` in slices of
    /// max(read chunk, 8192) bytes (each slice's `sendall` with its own deadline in timeout
    /// mode, [E11](crate::conformance#E11)).
    ///
    /// # Errors
    /// The socket's errors. Exactly the bytes not sent stay buffered, counted to the byte
    /// (also inside a slice that went out in part), so calling `flush` again sends each
    /// byte once.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("wb", -1)?;    // buffered: 8192 bytes
    /// f.write(b"queued")?;
    /// f.flush()?;                                // now sent
    /// let mut buf = [0u8; 8];
    /// assert_eq!(client.recv_into(&mut buf, 0)?, 6);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn flush(&mut self) -> Result<()> {
        let slice = self.rbufsize.max(DEFAULT_BUFSIZE);
        let mut off = 0;
        let mut result = Ok(());
        while off < self.wbuf.len() {
            let end = off.saturating_add(slice).min(self.wbuf.len());
            let mut sent = 0;
            let r = match &self.sock {
                Some(s) => s.sendall_progress(&self.wbuf[off..end], 0, &mut sent),
                None => Err(Error::Os(crate::consts::errno::EBADF)),
            };
            off += sent.min(end - off);
            if let Err(e) = r {
                result = Err(e);
                break;
            }
        }
        self.wbuf.drain(..off);
        result
    }

    /// Python's `close()`: flush, then close the file's own descriptor. The socket stays
    /// open ([E17](crate::conformance#E17)). Dropping the file does the same, ignoring errors.
    ///
    /// # Errors
    /// The flush error (the descriptor is closed anyway), else close(2)'s.
    ///
    /// # Examples
    ///
    /// ```
    /// # use bsdsock::{AF_INET, SOCK_STREAM};
    /// # let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # listener.bind(("127.0.0.1", 0))?;
    /// # listener.listen(1)?;
    /// # let client = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    /// # client.connect(listener.getsockname()?)?;
    /// # let (server, _) = listener.accept()?;
    /// let mut f = server.makefile("wb", -1)?;
    /// f.write(b"bye")?;
    /// f.close()?;                                // flushes; the socket stays open
    /// server.sendall(b"!")?;
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn close(mut self) -> Result<()> {
        let flushed = self.flush();
        self.wbuf.clear();
        let closed = match self.sock.take() {
            Some(s) => s.close(),
            None => Ok(()),
        };
        flushed.and(closed)
    }
}

/// Python iteration ([E15](crate::conformance#E15)): lines until EOF. An error is yielded once, then iteration ends.
impl Iterator for SocketFile {
    type Item = Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.iter_done {
            return None;
        }
        match self.readline(None) {
            Ok(line) if line.is_empty() => {
                self.iter_done = true;
                None
            }
            Ok(line) => Some(Ok(line)),
            Err(e) => {
                self.iter_done = true;
                Some(Err(e))
            }
        }
    }
}

impl Drop for SocketFile {
    fn drop(&mut self) {
        if !self.wbuf.is_empty() {
            let _ = self.flush();
        }
    }
}

impl core::fmt::Debug for SocketFile {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "<socket._fileobject mode={:?} fd={}>", self.mode, self.fileno())
    }
}

#[cfg(feature = "std")]
mod std_io {
    use super::SocketFile;
    use std::io;

    impl io::Read for SocketFile {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.buffered().is_empty() && buf.len() >= self.rbufsize {
                return Ok(self.socket()?.recv_into(buf, 0)?);
            }
            let avail = io::BufRead::fill_buf(self)?;
            let n = avail.len().min(buf.len());
            buf[..n].copy_from_slice(&avail[..n]);
            io::BufRead::consume(self, n);
            Ok(n)
        }
    }

    impl io::BufRead for SocketFile {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            if self.buffered().is_empty() {
                let chunk = self.rbufsize;
                self.fill(chunk)?;
            }
            Ok(self.buffered())
        }

        /// Marks `amt` bytes read; more than are buffered consumes what is buffered.
        fn consume(&mut self, amt: usize) {
            self.rpos = self.rpos.saturating_add(amt).min(self.rbuf.len());
        }
    }

    impl io::Write for SocketFile {
        /// Buffer `buf` and flush as the buffering says. Returns how many bytes of `buf`
        /// the file took: all of them when no flush was needed or the flush succeeded; when
        /// the flush fails, the bytes of `buf` that went out (the error itself if none did),
        /// and the unsent rest of `buf` is not kept. Bytes buffered by earlier writes stay
        /// buffered until sent.
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if buf.is_empty() {
                return Ok(0);
            }
            self.wbuf
                .try_reserve(buf.len())
                .map_err(|_| crate::Error::Os(crate::consts::errno::ENOMEM))?;
            self.wbuf.extend_from_slice(buf);
            if !self.wants_flush(buf) {
                return Ok(buf.len());
            }
            match SocketFile::flush(self) {
                Ok(()) => Ok(buf.len()),
                Err(e) => {
                    // What is left is the unsent end of the buffer; the part of it that is
                    // `buf`'s is given back to the caller.
                    let unsent = self.wbuf.len().min(buf.len());
                    self.wbuf.truncate(self.wbuf.len() - unsent);
                    match buf.len() - unsent {
                        0 => Err(e.into()),
                        n => Ok(n),
                    }
                }
            }
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(SocketFile::flush(self)?)
        }
    }
}
