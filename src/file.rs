//! `makefile`: a buffered file object over a socket, with Python 2.7's `socket._fileobject`
//! buffering (section (e)).
//!
//! [`SocketFile`] works on its own duplicate of the socket's descriptor, in the socket's
//! mode, so closing (or dropping) the file leaves the socket open and the other way round;
//! the peer sees EOF once both are closed (E19). Its methods keep Python's names and
//! results: [`read`](SocketFile::read), [`readline`](SocketFile::readline),
//! [`readlines`](SocketFile::readlines), iteration, [`write`](SocketFile::write),
//! [`writelines`](SocketFile::writelines), [`flush`](SocketFile::flush),
//! [`close`](SocketFile::close). Under `std` it also implements `std::io::Read`, `BufRead`
//! and `Write` (call them as `io::Read::read(&mut f, buf)` where an inherent method of the
//! same name takes precedence).
//!
//! Buffering (`bufsize`): below 0 → 8192 (E3); 0 → unbuffered: reads receive one byte at a
//! time, so nothing past a line is consumed, and every write is sent at once (E4); 1 →
//! reads in 8192-byte chunks, writes line-buffered: a write containing `\n` sends the whole
//! buffer, text after the newline included (E5, E9); n > 1 → n is the read chunk and the
//! write threshold (E6). A timeout or any other error from the socket passes straight
//! through (C28); EINTR is retried (E16). Requires the `alloc` feature.

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

    /// `"<socket>"`, Python's `.name` (E2).
    pub fn name(&self) -> &'static str {
        "<socket>"
    }

    /// The mode given to `makefile` (stored, not enforced, E1).
    pub fn mode(&self) -> &str {
        &self.mode
    }

    /// The file's own descriptor (a duplicate of the socket's).
    pub fn fileno(&self) -> i32 {
        self.sock.as_ref().map_or(-1, Socket::fileno)
    }

    /// The socket the file works on (its own duplicate).
    ///
    /// # Errors
    /// `Error::Os(EBADF)` never in practice (the socket is gone only inside `close`).
    pub fn socket(&self) -> Result<&Socket> {
        self.sock.as_ref().ok_or(Error::Os(crate::consts::errno::EBADF))
    }

    fn buffered(&self) -> &[u8] {
        &self.rbuf[self.rpos.min(self.rbuf.len())..]
    }

    fn take_buffered(&mut self, n: usize, out: &mut Vec<u8>) {
        let n = n.min(self.buffered().len());
        out.extend_from_slice(&self.rbuf[self.rpos..self.rpos + n]);
        self.rpos += n;
        if self.rpos >= self.rbuf.len() {
            self.rbuf.clear();
            self.rpos = 0;
        }
    }

    /// Receive up to `n` bytes at the end of the read buffer; returns the count (0 = EOF).
    fn fill(&mut self, n: usize) -> Result<usize> {
        if self.rpos >= self.rbuf.len() {
            self.rbuf.clear();
            self.rpos = 0;
        }
        let start = self.rbuf.len();
        self.rbuf.try_reserve(n).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        self.rbuf.resize(start + n, 0);
        let got = match &self.sock {
            Some(s) => s.recv_into(&mut self.rbuf[start..], 0),
            None => Err(Error::Os(crate::consts::errno::EBADF)),
        };
        let got_n = *got.as_ref().unwrap_or(&0);
        self.rbuf.truncate(start + got_n);
        got
    }

    /// Python's `read(size)`: `None` reads to EOF in chunks of max(bufsize, 8192) (E12);
    /// `Some(n)` serves the buffer first, then receives the rest with `recv(n - have)` until
    /// n bytes or EOF (E13). An empty result means EOF.
    ///
    /// # Errors
    /// The socket's errors ([`Error::Timeout`] included, C28). Data already read stays in
    /// the buffer for the next call.
    pub fn read(&mut self, size: Option<usize>) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        match size {
            None => {
                let chunk = self.rbufsize.max(DEFAULT_BUFSIZE);
                while self.fill(chunk)? > 0 {}
                self.take_buffered(usize::MAX, &mut out);
            }
            Some(n) => {
                self.take_buffered(n, &mut out);
                while out.len() < n {
                    let left = n - out.len();
                    if self.fill(left)? == 0 {
                        break;
                    }
                    self.take_buffered(left, &mut out);
                }
            }
        }
        Ok(out)
    }

    /// Python's `readline(size)`: up to and including `\n`, or `size` bytes, or what is left
    /// at EOF; data past the line stays buffered (E14). Empty means EOF.
    ///
    /// # Errors
    /// The socket's errors; bytes gathered so far stay in the buffer.
    pub fn readline(&mut self, size: Option<usize>) -> Result<Vec<u8>> {
        let limit = size.unwrap_or(usize::MAX);
        // Scan without consuming until a line, the limit or EOF, so an error loses nothing.
        let mut scanned = 0;
        loop {
            let avail = self.buffered();
            let want = limit.min(avail.len());
            if let Some(i) = avail[scanned..want].iter().position(|&b| b == b'\n') {
                let mut out = Vec::new();
                self.take_buffered(scanned + i + 1, &mut out);
                return Ok(out);
            }
            if avail.len() >= limit {
                let mut out = Vec::new();
                self.take_buffered(limit, &mut out);
                return Ok(out);
            }
            scanned = avail.len();
            // The partial line stays in the buffer: fill appends.
            let chunk = self.rbufsize;
            if self.fill(chunk)? == 0 {
                let mut out = Vec::new();
                self.take_buffered(usize::MAX, &mut out);
                return Ok(out);
            }
        }
    }

    /// Python's `readlines(sizehint)`: lines until EOF, or until their total reaches
    /// `sizehint` (if given and not 0) (E15).
    ///
    /// # Errors
    /// The socket's errors.
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
    /// (E7, E8); an empty write does nothing.
    ///
    /// # Errors
    /// The errors of [`flush`](SocketFile::flush).
    pub fn write(&mut self, data: &[u8]) -> Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        self.wbuf.try_reserve(data.len()).map_err(|_| Error::Os(crate::consts::errno::ENOMEM))?;
        self.wbuf.extend_from_slice(data);
        let flush = match self.wbufsize {
            0 => true,
            1 => data.contains(&b'\n'),
            n => self.wbuf.len() >= n,
        };
        if flush { self.flush() } else { Ok(()) }
    }

    /// Python's `writelines(seq)`: append every non-empty item, then flush if unbuffered or
    /// line-buffered, or if the threshold is reached (E10).
    ///
    /// # Errors
    /// The errors of [`flush`](SocketFile::flush).
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
    /// max(read chunk, 8192) bytes; on error the unsent rest stays buffered (E11).
    ///
    /// # Errors
    /// The socket's errors.
    pub fn flush(&mut self) -> Result<()> {
        let slice = self.rbufsize.max(DEFAULT_BUFSIZE);
        let mut off = 0;
        let mut result = Ok(());
        while off < self.wbuf.len() {
            let end = (off + slice).min(self.wbuf.len());
            let sent = match &self.sock {
                Some(s) => s.sendall(&self.wbuf[off..end]),
                None => Err(Error::Os(crate::consts::errno::EBADF)),
            };
            if let Err(e) = sent {
                result = Err(e);
                break;
            }
            off = end;
        }
        self.wbuf.drain(..off);
        result
    }

    /// Python's `close()`: flush, then close the file's own descriptor. The socket stays
    /// open (E17). Dropping the file does the same, ignoring errors.
    ///
    /// # Errors
    /// The flush error (the descriptor is closed anyway), else close(2)'s.
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

/// Python iteration (E15): lines until EOF. An error is yielded once, then iteration ends.
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

        fn consume(&mut self, amt: usize) {
            self.rpos = (self.rpos + amt).min(self.rbuf.len());
        }
    }

    impl io::Write for SocketFile {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            SocketFile::write(self, buf)?;
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(SocketFile::flush(self)?)
        }
    }
}
