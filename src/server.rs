//! Python 3.8's `socket.create_server(address, *, family, backlog, reuse_port,
//! dualstack_ipv6)` and `socket.has_dualstack_ipv6()`.

use crate::addr::ToSockAddr;
use crate::consts::{AF_INET6, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET};
use crate::error::{Error, Result};
use crate::socket::{Socket, socket};

/// Can this machine make a TCP socket that accepts both IPv4 and IPv6 connections (an
/// AF_INET6 socket with `IPV6_V6ONLY` off)? Python's `socket.has_dualstack_ipv6()`.
///
/// Corresponds to `socket(AF_INET6, SOCK_STREAM)` and `setsockopt(IPPROTO_IPV6,
/// IPV6_V6ONLY, 0)`, as Python does; any failure (no IPv6 in the kernel, no such option)
/// is `false`.
///
/// # References
/// [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html) (IPV6_V6ONLY)
///
/// # Examples
///
/// ```
/// if bsdsock::has_dualstack_ipv6() {
///     let s = bsdsock::create_server(("", 0), bsdsock::AF_INET6, None, false, true)?;
///     # let _ = s;
/// }
/// # Ok::<(), bsdsock::Error>(())
/// ```
pub fn has_dualstack_ipv6() -> bool {
    #[cfg(all(bsdsock_const = "IPV6_V6ONLY", bsdsock_const = "IPPROTO_IPV6"))]
    {
        use crate::consts::{IPPROTO_IPV6, IPV6_V6ONLY};
        match socket(AF_INET6, SOCK_STREAM, 0) {
            Ok(s) => s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 0).is_ok(),
            Err(_) => false,
        }
    }
    #[cfg(not(all(bsdsock_const = "IPV6_V6ONLY", bsdsock_const = "IPPROTO_IPV6")))]
    {
        false
    }
}

/// Is SO_REUSEPORT defined on this target?
const HAVE_REUSEPORT: bool = cfg!(bsdsock_const = "SO_REUSEPORT");

/// Python's argument checks, in Python's order.
fn check_args(
    family: i32,
    reuse_port: bool,
    dualstack_ipv6: bool,
    have_reuseport: bool,
    have_dualstack: impl FnOnce() -> bool,
) -> Result<()> {
    if reuse_port && !have_reuseport {
        return Err(Error::Value("SO_REUSEPORT not supported on this platform"));
    }
    if dualstack_ipv6 {
        if !have_dualstack() {
            return Err(Error::Value("dualstack_ipv6 not supported on this platform"));
        }
        if family != AF_INET6 {
            return Err(Error::Value("dualstack_ipv6 requires AF_INET6 family"));
        }
    }
    Ok(())
}

/// The backlog of Python's `listen()` without an argument: `min(SOMAXCONN, 128)`.
pub const DEFAULT_BACKLOG: i32 = {
    #[cfg(bsdsock_const = "SOMAXCONN")]
    let n = if crate::consts::SOMAXCONN < 128 { crate::consts::SOMAXCONN } else { 128 };
    #[cfg(not(bsdsock_const = "SOMAXCONN"))]
    let n = 128;
    n
};

/// A listening TCP socket bound to `address`: Python's `socket.create_server(address, *,
/// family=AF_INET, backlog=None, reuse_port=False, dualstack_ipv6=False)`.
///
/// What it does, as Python 3.13 does it: `socket(family, SOCK_STREAM)`; SO_REUSEADDR on
/// (a failure is ignored, so that bind reports the problem); SO_REUSEPORT on if
/// `reuse_port`; on AF_INET6, `IPV6_V6ONLY` off if `dualstack_ipv6` (one socket for IPv4
/// and IPv6 clients, IPv4 peers appearing as `::ffff:a.b.c.d`) and on otherwise (Linux
/// would accept IPv4 by default); `bind(address)` (resolved against `family`, as
/// [`Socket::bind`]); `listen(backlog)`, `None` meaning Python's default
/// `min(SOMAXCONN, 128)`. The socket is closed if any step fails. `family` may also be
/// AF_UNIX (`address` a path).
///
/// ```
/// use bsdsock::{create_server, create_connection, Timeout, AF_INET6, has_dualstack_ipv6};
/// # if !has_dualstack_ipv6() { return Ok(()); }
/// let srv = create_server(("::", 0), AF_INET6, None, false, true)?;
/// let port = match srv.getsockname()? {
///     bsdsock::SockAddr::Inet6(a) => a.port(),
///     _ => unreachable!(),
/// };
/// let c = create_connection(("127.0.0.1", port), Timeout::Seconds(5.0), None)?;
/// let (_conn, peer) = srv.accept()?;
/// assert!(peer.to_string().starts_with("('::ffff:127.0.0.1', "));
/// # drop(c);
/// # Ok::<(), bsdsock::Error>(())
/// ```
///
/// # Errors
/// Python's ValueErrors, checked first and in its order:
/// `Error::Value("SO_REUSEPORT not supported on this platform")`,
/// `Error::Value("dualstack_ipv6 not supported on this platform")`,
/// `Error::Value("dualstack_ipv6 requires AF_INET6 family")`; then the errno of each call,
/// e.g. `Error::Os(EADDRINUSE)` from bind. (Python adds `(while attempting to bind on
/// address ...)` to a bind error's text; bsdsock keeps the error a plain errno.)
///
/// # References
/// [socket(7)](https://man7.org/linux/man-pages/man7/socket.7.html) (SO_REUSEADDR,
/// SO_REUSEPORT), [ipv6(7)](https://man7.org/linux/man-pages/man7/ipv6.7.html)
/// (IPV6_V6ONLY), [listen(2)](https://man7.org/linux/man-pages/man2/listen.2.html)
#[doc(alias = "TcpListener::bind")]
pub fn create_server<A: ToSockAddr>(
    address: A,
    family: i32,
    backlog: Option<i32>,
    reuse_port: bool,
    dualstack_ipv6: bool,
) -> Result<Socket> {
    check_args(family, reuse_port, dualstack_ipv6, HAVE_REUSEPORT, has_dualstack_ipv6)?;
    let sock = socket(family, SOCK_STREAM, 0)?;
    let _ = sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    #[cfg(bsdsock_const = "SO_REUSEPORT")]
    if reuse_port {
        sock.setsockopt(SOL_SOCKET, crate::consts::SO_REUSEPORT, 1)?;
    }
    #[cfg(all(bsdsock_const = "IPV6_V6ONLY", bsdsock_const = "IPPROTO_IPV6"))]
    if family == AF_INET6 {
        let v6only = if dualstack_ipv6 { 0 } else { 1 };
        sock.setsockopt(crate::consts::IPPROTO_IPV6, crate::consts::IPV6_V6ONLY, v6only)?;
    }
    sock.bind(address)?;
    sock.listen(backlog.unwrap_or(DEFAULT_BACKLOG))?;
    Ok(sock)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consts::AF_INET;

    #[test]
    fn argument_checks_in_pythons_order_and_texts() {
        let yes = || true;
        let no = || false;
        assert_eq!(
            check_args(AF_INET6, true, true, false, yes),
            Err(Error::Value("SO_REUSEPORT not supported on this platform"))
        );
        assert_eq!(
            check_args(AF_INET, false, true, true, no),
            Err(Error::Value("dualstack_ipv6 not supported on this platform"))
        );
        assert_eq!(
            check_args(AF_INET, false, true, true, yes),
            Err(Error::Value("dualstack_ipv6 requires AF_INET6 family"))
        );
        assert_eq!(check_args(AF_INET6, true, true, true, yes), Ok(()));
        // The dual-stack probe only runs when dualstack_ipv6 is asked for.
        assert_eq!(check_args(AF_INET, false, false, false, || panic!("probed")), Ok(()));
    }

    const _: () = assert!(DEFAULT_BACKLOG > 0 && DEFAULT_BACKLOG <= 128);
}
