//! Address text: inet_aton, inet_ntoa, inet_pton, inet_ntop, and the byte-order helpers.
//!
//! PLACEHOLDER (issue 4 replaces it with glibc-exact pure-Rust parsers): the strict numeric
//! parsers below are what the socket layer's numeric fast path calls.

/// Strict dotted-quad parse as glibc's inet_pton(AF_INET): exactly four decimal parts 0..=255,
/// no leading zeros, nothing else. `None` when the text is not one.
pub fn pton4(text: &[u8]) -> Option<[u8; 4]> {
    let s = core::str::from_utf8(text).ok()?;
    s.parse::<core::net::Ipv4Addr>().ok().map(|a| a.octets())
}

/// Strict IPv6 text parse as glibc's inet_pton(AF_INET6). `None` when the text is not one.
pub fn pton6(text: &[u8]) -> Option<[u8; 16]> {
    let s = core::str::from_utf8(text).ok()?;
    s.parse::<core::net::Ipv6Addr>().ok().map(|a| a.octets())
}
