//! A `#![no_std]`, `#![no_main]` TCP echo server on bsdsock's core tier: no allocator, no std,
//! `panic = "abort"`. Listens on 127.0.0.1, port from argv[1]; serves clients one after
//! another, echoing what each sends until it closes; a client whose first bytes are `stop`
//! ends the server (exit status 0). The same program in C is `echo.c`;
//! `.ci/minimal-size.sh` builds both and compares their sizes.

#![no_std]
#![no_main]

use core::ffi::{c_char, c_int};
use core::net::{Ipv4Addr, SocketAddrV4};

use bsdsock::{AF_INET, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

// A no_std binary links the C library itself (std would otherwise pull it in); bsdsock's
// declarations and `write`/`abort` below resolve against it.
#[link(name = "c")]
unsafe extern "C" {
    /// write(2), for the usage message.
    fn write(fd: c_int, buf: *const u8, n: usize) -> isize;
    /// abort(3), for the panic handler.
    fn abort() -> !;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: abort takes no arguments and never returns.
    unsafe { abort() }
}

/// The C entry point: `int main(int argc, char **argv)`.
#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    let arg = if argc > 1 {
        // SAFETY: the C runtime passes argc valid pointers in argv; argv[1] exists since
        // argc > 1 and is a NUL-terminated string that lives for the whole program.
        Some(unsafe { core::ffi::CStr::from_ptr(*argv.add(1)) })
    } else {
        None
    };
    let Some(port) = arg.and_then(|a| parse_port(a.to_bytes())) else {
        let usage = b"usage: echo-minimal PORT\n";
        // SAFETY: usage is valid for reads of its length.
        unsafe { write(2, usage.as_ptr(), usage.len()) };
        return 2;
    };
    match serve(port) {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

fn serve(port: u16) -> bsdsock::Result<()> {
    let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0)?;
    listener.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    // A typed address: ("127.0.0.1", port) works too, but pulls in the host-text parser and
    // the resolver fallback, which this program does not need.
    listener.bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, port))?;
    listener.listen(8)?;
    loop {
        // accept4(fd, NULL, NULL, ...), as the C program: no peer address asked for.
        let Ok(conn) = listener.accept_conn() else { continue };
        if echo(&conn) {
            return Ok(());
        }
    }
}

/// Echo until the client closes (or fails); `true` if the client asked the server to stop.
fn echo(conn: &Socket) -> bool {
    let mut buf = [0u8; 4096];
    let mut first = true;
    while let Ok(n) = conn.recv_into(&mut buf, 0) {
        if n == 0 {
            break;
        }
        if first && buf[..n].starts_with(b"stop") {
            return true;
        }
        first = false;
        if conn.sendall(&buf[..n]).is_err() {
            break;
        }
    }
    false
}

/// Decimal 0..=65535, digits only.
fn parse_port(s: &[u8]) -> Option<u16> {
    if s.is_empty() || s.len() > 5 {
        return None;
    }
    let mut v: u32 = 0;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    u16::try_from(v).ok()
}
