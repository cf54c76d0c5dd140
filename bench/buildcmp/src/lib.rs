//! A socket through socket2 and a libc call, so both crates are really compiled and used.

/// A TCP socket through socket2, its descriptor's flags through libc.
pub fn flags() -> std::io::Result<i32> {
    let s = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    let fd = std::os::fd::AsRawFd::as_raw_fd(&s);
    // SAFETY: fd is an open descriptor owned by `s` for the duration of the call.
    Ok(unsafe { libc::fcntl(fd, libc::F_GETFL) })
}
