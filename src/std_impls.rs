//! std interop (feature `std`): `std::io::Read`/`Write` for [`Socket`] and `&Socket`, the
//! `std::os::fd` traits, and conversions to and from the std socket types.
//!
//! Conversions move the descriptor, no system call (adopting a descriptor asks the kernel
//! for its family, type and protocol and reads its O_NONBLOCK flag). A socket made from a
//! std type is blocking, or non-blocking if its descriptor is O_NONBLOCK, so its mode and
//! the descriptor agree. Kernel timeouts set through std (`set_read_timeout`: SO_RCVTIMEO)
//! stay in the descriptor but do not change the socket's behaviour: a blocking call that
//! outlasts them keeps waiting instead of failing with EAGAIN (see [`crate::timeout`]).
//! Going the other way, the std type gets the descriptor as the socket's mode left it:
//! O_NONBLOCK in non-blocking and timeout mode (as CPython's `detach()` leaves it; call
//! `set_nonblocking(false)` on the std type, or `settimeout(None)` first, for a blocking
//! one), no kernel timeouts.
//!
//! `FromRawFd for Socket` lives in `sys::std_fd` (its body needs `unsafe`).

use std::io;
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};
use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};

use crate::socket::Socket;
use crate::sys::fd::Fd;

impl io::Read for Socket {
    /// [`Socket::recv_into`] (recv(2)).
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.recv_into(buf, 0)?)
    }
}

impl io::Read for &Socket {
    /// [`Socket::recv_into`] (recv(2)).
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.recv_into(buf, 0)?)
    }
}

impl io::Write for Socket {
    /// [`Socket::send`] (send(2)).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(Socket::send(self, buf)?)
    }

    /// Nothing to flush: a socket has no user-space buffer.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl io::Write for &Socket {
    /// [`Socket::send`] (send(2)).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(Socket::send(self, buf)?)
    }

    /// Nothing to flush: a socket has no user-space buffer.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd().as_fd()
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fileno()
    }
}

impl IntoRawFd for Socket {
    fn into_raw_fd(self) -> RawFd {
        self.into_fd().into_raw()
    }
}

impl From<OwnedFd> for Socket {
    /// Adopt a socket descriptor: family (getsockname), type (SO_TYPE) and protocol
    /// (SO_PROTOCOL where the target has it) come from the kernel; the mode is blocking, or
    /// non-blocking if the descriptor is O_NONBLOCK (kernel timeouts the descriptor carries
    /// are left in place and ignored: blocking calls keep waiting past them).
    fn from(fd: OwnedFd) -> Socket {
        Socket::adopt(Fd::from(fd))
    }
}

impl From<Socket> for OwnedFd {
    fn from(s: Socket) -> OwnedFd {
        OwnedFd::from(s.into_fd())
    }
}

macro_rules! std_conversions {
    ($($t:ty),*) => {$(
        impl From<$t> for Socket {
            #[doc = concat!("Take over a `", stringify!($t), "`'s descriptor.")]
            fn from(s: $t) -> Socket {
                Socket::from(OwnedFd::from(s))
            }
        }

        impl From<Socket> for $t {
            #[doc = concat!("Hand the descriptor to a `", stringify!($t), "` (the caller makes sure the family and type fit).")]
            fn from(s: Socket) -> $t {
                <$t>::from(OwnedFd::from(s))
            }
        }
    )*};
}

std_conversions!(TcpStream, TcpListener, UdpSocket, UnixStream, UnixListener, UnixDatagram);
