//! Address text and byte order: [`inet_aton`], [`inet_ntoa`], [`inet_pton`], [`inet_ntop`],
//! [`htonl`], [`htons`], [`ntohl`], [`ntohs`] — in pure Rust, with no allocation, no `unsafe`
//! and no system call, available without any feature.
//!
//! Every parser accepts exactly the texts glibc's (2.36) accepts and gives the same bytes, and
//! every formatter writes glibc's text byte for byte; `tests/inet_diff.rs` checks this
//! against the C library on millions of generated inputs, and cargo-fuzz targets in the
//! source repository keep checking it.
//! This is where they differ from `core::net`: [`inet_aton`] takes `127.1`, `0x7f.1` and
//! `0177.0.0.1` (and text after a space), [`inet_ntop`] writes `::1.2.3.4` and
//! `::ffff:1.2.3.4` where `Ipv6Addr`'s Display writes `::102:304` for the first.
//!
//! The functions named as in Python take `&str`, `&[u8]` or anything else that is
//! `AsRef<[u8]>`, and return Python's errors. Below them sit the plain parsers
//! [`aton`], [`pton4`], [`pton6`] (returning `Option`) and the formatters [`ntop4`], [`ntop6`],
//! for callers that do not need Python's error values.
//!
//! Text results are an [`AddrText`], a 47-byte stack value that derefs to `&str`; binary
//! results are arrays, or a [`Packed`] for [`inet_pton`] whose result is 4 or 16 bytes.
//!
//! **NUL bytes.** The C functions stop at the first NUL, so no NUL can be part of an
//! address text: every parser here rejects input that contains one, and the Python-named
//! functions report it as Python 2.7 does, with a `TypeError` ([`Error::Type`]).
//!
//! Panic contract: no function here panics, whatever the input.

use core::fmt;
use core::ops::Deref;

use crate::error::{Error, Result};

const ATON_ILLEGAL: &str = "illegal IP address string passed to inet_aton";
const PTON_ILLEGAL: &str = "illegal IP address string passed to inet_pton";
const NTOA_LENGTH: &str = "packed IP wrong length for inet_ntoa";
const NTOP_LENGTH: &str = "invalid length of packed IP address string";
const ATON_NUL: &str = "inet_aton() argument 1 must be string without null bytes, not str";
const PTON_NUL: &str = "inet_pton() argument 2 must be string without null bytes, not str";

// ---------------------------------------------------------------------------------------------
// Byte order

/// Converts a 32-bit integer from host to network (big-endian) byte order. Corresponds to
/// `htonl(3)`.
///
/// Python's `htonl` takes any int and raises `OverflowError` for negative values or (for a
/// long) values of 2**32 and up; a `u32` cannot hold those, so this cannot fail.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::htonl(0x7f00_0001).to_ne_bytes(), [127, 0, 0, 1]);
/// ```
#[doc(alias = "to_be")]
#[inline]
pub const fn htonl(x: u32) -> u32 {
    x.to_be()
}

/// Converts a 16-bit integer from host to network (big-endian) byte order. Corresponds to
/// `htons(3)`.
///
/// Python 2.7's `htons` silently cuts values above 0xffff to 16 bits and raises
/// `OverflowError` for negative ones; with a `u16` argument neither can happen.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::htons(80).to_ne_bytes(), [0, 80]);
/// ```
#[doc(alias = "to_be")]
#[inline]
pub const fn htons(x: u16) -> u16 {
    x.to_be()
}

/// Converts a 32-bit integer from network (big-endian) to host byte order. Corresponds to
/// `ntohl(3)`. See [`htonl`] on Python's overflow errors.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::ntohl(u32::from_ne_bytes([127, 0, 0, 1])), 0x7f00_0001);
/// ```
#[doc(alias = "from_be")]
#[inline]
pub const fn ntohl(x: u32) -> u32 {
    u32::from_be(x)
}

/// Converts a 16-bit integer from network (big-endian) to host byte order. Corresponds to
/// `ntohs(3)`. See [`htons`] on Python's overflow errors.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::ntohs(u16::from_ne_bytes([0x1f, 0x90])), 8080);
/// ```
#[doc(alias = "from_be")]
#[inline]
pub const fn ntohs(x: u16) -> u16 {
    u16::from_be(x)
}

// ---------------------------------------------------------------------------------------------
// Result types

/// The text of an address, as written by [`inet_ntop`] or [`inet_ntoa`]: a stack buffer that
/// derefs to `&str` and implements `Display`. The longest text glibc writes,
/// `ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff`, is 39 bytes; the buffer holds
/// `INET6_ADDRSTRLEN` (46).
#[derive(Clone, Copy)]
pub struct AddrText {
    buf: [u8; 46],
    len: u8,
}

impl AddrText {
    const EMPTY: AddrText = AddrText { buf: [0; 46], len: 0 };

    /// The text as a string slice.
    ///
    /// # Examples
    ///
    /// ```
    /// let text = bsdsock::inet_ntoa([192, 168, 0, 1])?;
    /// assert_eq!(text.as_str(), "192.168.0.1");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[inline]
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever written, so this never falls back to "".
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    /// The text as bytes (ASCII; no terminating NUL).
    ///
    /// # Examples
    ///
    /// ```
    /// let text = bsdsock::inet_ntop(bsdsock::AF_INET6, [0u8; 16])?;
    /// assert_eq!(text.as_bytes(), b"::");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len as usize).unwrap_or(&[])
    }
}

impl Deref for AddrText {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for AddrText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<[u8]> for AddrText {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl fmt::Display for AddrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for AddrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for AddrText {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}
impl Eq for AddrText {}

impl core::hash::Hash for AddrText {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialEq<str> for AddrText {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for AddrText {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

#[cfg(feature = "alloc")]
impl From<AddrText> for alloc::string::String {
    fn from(t: AddrText) -> Self {
        alloc::string::String::from(t.as_str())
    }
}

/// The binary address [`inet_pton`] returns: 4 bytes for AF_INET, 16 for AF_INET6 (network
/// byte order). Derefs to `&[u8]`, as Python's result is a byte string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Packed {
    /// An IPv4 address (`struct in_addr`).
    V4([u8; 4]),
    /// An IPv6 address (`struct in6_addr`).
    V6([u8; 16]),
}

impl Deref for Packed {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            Packed::V4(b) => b,
            Packed::V6(b) => b,
        }
    }
}

impl AsRef<[u8]> for Packed {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl From<Packed> for core::net::IpAddr {
    fn from(p: Packed) -> Self {
        match p {
            Packed::V4(b) => core::net::IpAddr::from(b),
            Packed::V6(b) => core::net::IpAddr::from(b),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Python-named functions

/// Parses an IPv4 address in any of the classic forms into its 4 bytes (network order), as
/// Python's `socket.inet_aton`. Corresponds to `inet_aton(3)` (glibc's rules exactly).
///
/// One to four parts separated by `.`, each decimal, `0x` hexadecimal or `0` octal: `a.b.c.d`;
/// `a.b.c` (c fills 16 bits); `a.b` (b fills 24 bits); `a` (32 bits). `127.1` is 127.0.0.1,
/// `0x7f.1` too, `127.0.0.010` is 127.0.0.8, `4294967295` is 255.255.255.255. As glibc, text
/// after an ASCII whitespace character (space, `\t`, `\n`, `\v`, `\f`, `\r`) is ignored:
/// `1.2.3.4 trailing` is 1.2.3.4.
///
/// # Errors
/// [`Error::Socket`]`("illegal IP address string passed to inet_aton")` for anything else
/// (`""`, `1.2.3.4.5`, `256.1.1.1`, `0x100000000`, …); [`Error::Type`]`("inet_aton() argument 1
/// must be string without null bytes, not str")` if the text contains a NUL byte (Python 2.7's
/// `TypeError`).
///
/// # Examples
///
/// ```
/// use bsdsock::inet_aton;
///
/// assert_eq!(inet_aton("127.0.0.1")?, [127, 0, 0, 1]);
/// assert_eq!(inet_aton("127.1")?, [127, 0, 0, 1]);          // the classic short forms, as glibc
/// assert_eq!(inet_aton("0x7f.1")?, [127, 0, 0, 1]);
/// assert!(inet_aton("256.0.0.1").is_err());  // "illegal IP address string passed to inet_aton"
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[inline]
pub fn inet_aton(text: impl AsRef<[u8]>) -> Result<[u8; 4]> {
    let text = text.as_ref();
    match aton(text) {
        Some(a) => Ok(a),
        None if text.contains(&0) => Err(Error::Type(ATON_NUL)),
        None => Err(Error::Socket(ATON_ILLEGAL)),
    }
}

/// Formats 4 bytes (network order) as a dotted quad, as Python's `socket.inet_ntoa`.
/// Corresponds to `inet_ntoa(3)`.
///
/// # Errors
/// [`Error::Socket`]`("packed IP wrong length for inet_ntoa")` unless `packed` is 4 bytes long.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::inet_ntoa([10, 0, 0, 1])?.as_str(), "10.0.0.1");
/// assert!(bsdsock::inet_ntoa([1, 2, 3]).is_err());   // "packed IP wrong length for inet_ntoa"
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[inline]
pub fn inet_ntoa(packed: impl AsRef<[u8]>) -> Result<AddrText> {
    match <[u8; 4]>::try_from(packed.as_ref()) {
        Ok(a) => Ok(ntop4(&a)),
        Err(_) => Err(Error::Socket(NTOA_LENGTH)),
    }
}

/// Parses the text of an address of family `af` (AF_INET or AF_INET6) strictly, as Python's
/// `socket.inet_pton`. Corresponds to `inet_pton(3)` (glibc's rules exactly, see [`pton4`]
/// and [`pton6`]).
///
/// # Errors
/// [`Error::Socket`]`("illegal IP address string passed to inet_pton")` for text that is not an
/// address of the family; [`Error::Os`]`(EAFNOSUPPORT)` for another family (what the C function
/// sets); [`Error::Type`]`("inet_pton() argument 2 must be string without null bytes, not
/// str")` if the text contains a NUL byte (Python 2.7's `TypeError`, checked first).
///
/// # Examples
///
/// ```
/// use bsdsock::{AF_INET, AF_INET6, inet_pton};
///
/// assert_eq!(&inet_pton(AF_INET, "10.0.0.1")?[..], [10, 0, 0, 1]);
/// let v6 = inet_pton(AF_INET6, "::1")?;
/// assert_eq!(v6.len(), 16);
/// assert!(inet_pton(AF_INET, "127.1").is_err());   // strict: four parts, decimal
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "Ipv4Addr::from_str")]
#[doc(alias = "parse")]
#[inline]
pub fn inet_pton(af: i32, text: impl AsRef<[u8]>) -> Result<Packed> {
    let text = text.as_ref();
    let r = if af == crate::consts::AF_INET {
        pton4(text).map(Packed::V4)
    } else if af == crate::consts::AF_INET6 {
        pton6(text).map(Packed::V6)
    } else if text.contains(&0) {
        return Err(Error::Type(PTON_NUL));
    } else {
        return Err(Error::Os(crate::consts::errno::EAFNOSUPPORT));
    };
    match r {
        Some(p) => Ok(p),
        None if text.contains(&0) => Err(Error::Type(PTON_NUL)),
        None => Err(Error::Socket(PTON_ILLEGAL)),
    }
}

/// Formats a binary address of family `af` (4 bytes for AF_INET, 16 for AF_INET6) as text,
/// as Python's `socket.inet_ntop`. Corresponds to `inet_ntop(3)`; the text is glibc's byte for
/// byte (see [`ntop6`]).
///
/// # Errors
/// [`Error::Value`]`("invalid length of packed IP address string")` if `packed` has the wrong
/// length for the family; [`Error::UnknownFamily`]`(af)` for another family (Python's
/// `ValueError('unknown address family N')`).
///
/// # Examples
///
/// ```
/// use bsdsock::{AF_INET, AF_INET6, inet_ntop, inet_pton};
///
/// assert_eq!(inet_ntop(AF_INET, [127, 0, 0, 1])?.as_str(), "127.0.0.1");
/// let packed = inet_pton(AF_INET6, "2001:db8:0:0:0:0:0:1")?;
/// assert_eq!(inet_ntop(AF_INET6, &packed)?.as_str(), "2001:db8::1");   // RFC 5952 form
/// # Ok::<(), bsdsock::Error>(())
/// ```
#[doc(alias = "Display")]
#[inline]
pub fn inet_ntop(af: i32, packed: impl AsRef<[u8]>) -> Result<AddrText> {
    let packed = packed.as_ref();
    if af == crate::consts::AF_INET {
        match <[u8; 4]>::try_from(packed) {
            Ok(a) => Ok(ntop4(&a)),
            Err(_) => Err(Error::Value(NTOP_LENGTH)),
        }
    } else if af == crate::consts::AF_INET6 {
        match <[u8; 16]>::try_from(packed) {
            Ok(a) => Ok(ntop6(&a)),
            Err(_) => Err(Error::Value(NTOP_LENGTH)),
        }
    } else {
        Err(Error::UnknownFamily(af))
    }
}

// ---------------------------------------------------------------------------------------------
// Parsers

/// Value of each byte as a hex digit, or 0xff.
static HEX: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// C's `isspace` in the C locale.
#[inline]
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// glibc's inet_aton(3) as an `Option`: the 4 bytes (network order), or `None` if glibc would
/// reject the text or it contains a NUL byte. See [`inet_aton`] for the forms.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::addr::inet::aton(b"10.1"), Some([10, 0, 0, 1]));
/// assert_eq!(bsdsock::addr::inet::aton(b"10..1"), None);
/// ```
pub fn aton(s: &[u8]) -> Option<[u8; 4]> {
    let mut res: u32 = 0;
    let mut parts = 0u32; // parts stored before the current one
    let mut i = 0usize;
    let last = loop {
        // Each part starts with a decimal digit (glibc checks isdigit before strtoul(.., 0)),
        // then is read as strtoul(.., 0) does: 0x hex, 0 octal, else decimal. A value above
        // 0xffffffff fails the whole text whatever follows.
        let c = *s.get(i)?;
        let mut val: u64;
        if c == b'0' {
            i += 1;
            val = 0;
            if matches!(s.get(i), Some(b'x' | b'X')) {
                // "0x" must be followed by a hex digit, or strtoul stops after the "0" and the
                // 'x' is junk.
                if HEX[*s.get(i + 1)? as usize] == 0xff {
                    return None;
                }
                i += 1;
                while let Some(&b) = s.get(i) {
                    let d = HEX[b as usize];
                    if d == 0xff {
                        break;
                    }
                    val = (val << 4) | d as u64;
                    if val > 0xffff_ffff {
                        return None;
                    }
                    i += 1;
                }
            } else {
                while let Some(&b) = s.get(i) {
                    let d = b.wrapping_sub(b'0');
                    if d > 7 {
                        break;
                    }
                    val = (val << 3) | d as u64;
                    if val > 0xffff_ffff {
                        return None;
                    }
                    i += 1;
                }
            }
        } else {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            val = d as u64;
            i += 1;
            while let Some(&b) = s.get(i) {
                let d = b.wrapping_sub(b'0');
                if d > 9 {
                    break;
                }
                val = val * 10 + d as u64;
                if val > 0xffff_ffff {
                    return None;
                }
                i += 1;
            }
        }
        match s.get(i) {
            Some(b'.') => {
                if parts > 2 || val > 0xff {
                    return None;
                }
                res |= (val as u32) << (24 - 8 * parts);
                parts += 1;
                i += 1;
            }
            Some(&c) => {
                // glibc accepts anything after an ASCII space character; NUL is still refused.
                if !is_c_space(c) || s.get(i..).is_some_and(|rest| rest.contains(&0)) {
                    return None;
                }
                break val;
            }
            None => break val,
        }
    };
    // The last part fills the bytes the earlier ones left: 32, 24, 16 or 8 bits.
    if last > (0xffff_ffffu64 >> (8 * parts)) {
        return None;
    }
    Some((res | last as u32).to_be_bytes())
}

/// glibc's inet_pton(3) for AF_INET as an `Option`: exactly four decimal parts, each 0..=255
/// and without leading zeros (`0` itself is fine, `01` is not), separated by single dots,
/// nothing before or after. `None` otherwise.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::addr::inet::pton4(b"192.0.2.1"), Some([192, 0, 2, 1]));
/// assert_eq!(bsdsock::addr::inet::pton4(b"192.0.2"), None);
/// ```
#[inline]
pub fn pton4(s: &[u8]) -> Option<[u8; 4]> {
    // "0.0.0.0" .. "255.255.255.255"
    if s.len() < 7 || s.len() > 15 {
        return None;
    }
    let mut out = [0u8; 4];
    let mut rest = s;
    let mut k = 0;
    loop {
        // One part: 1-3 digits, no leading zero, at most 255.
        let (v, used) = match *rest {
            [a @ b'1'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9', ..] => {
                let v = (a - b'0') as u32 * 100 + (b - b'0') as u32 * 10 + (c - b'0') as u32;
                if v > 255 {
                    return None;
                }
                (v as u8, 3)
            }
            [a @ b'1'..=b'9', b @ b'0'..=b'9', ..] => ((a - b'0') * 10 + (b - b'0'), 2),
            [a @ b'0'..=b'9', ..] => (a - b'0', 1),
            _ => return None,
        };
        *out.get_mut(k)? = v;
        k += 1;
        rest = rest.get(used..)?;
        if k == 4 {
            return if rest.is_empty() { Some(out) } else { None };
        }
        // A dot, then the next part (a fourth digit ends here too: it is no dot).
        match rest {
            [b'.', tail @ ..] => rest = tail,
            _ => return None,
        }
    }
}

/// glibc's inet_pton(3) for AF_INET6 as an `Option` (its `inet_pton6` rules exactly):
/// up to eight groups of 1 to 4 hex digits separated by `:`; one `::` standing for at least
/// one zero group; optionally a dotted quad (strict, as [`pton4`]) in place of the last two
/// groups. `None` otherwise.
///
/// The corner cases follow glibc: a leading `:` must be part of `::`; a trailing single `:`
/// is refused; `::` may not stand for zero groups (`1:2:3:4:5:6:7::8` and
/// `1:2:3:4:5:6:7:8::` fail, `1:2:3:4:5:6:7::` is fine); the dotted quad must end the text
/// and begin right after a `:` (or at the start, which then fails for want of groups).
///
/// # Examples
///
/// ```
/// let a = bsdsock::addr::inet::pton6(b"::ffff:1.2.3.4").unwrap();
/// assert_eq!(&a[10..], [0xff, 0xff, 1, 2, 3, 4]);
/// ```
pub fn pton6(s: &[u8]) -> Option<[u8; 16]> {
    // glibc's state machine runs character by character; this runs group by group and takes
    // the same decisions (tests/inet_diff.rs and fuzz/ check it against the C function).
    let len = s.len();
    let mut out = [0u8; 16];
    let mut n = 0usize; // groups written
    let mut gap = usize::MAX; // number of groups before "::"
    let mut i = 0usize;
    if *s.first()? == b':' {
        // A leading ':' only as part of "::".
        if s.get(1) != Some(&b':') {
            return None;
        }
        gap = 0;
        i = 2;
    }
    while i < len {
        // A group: 1 to 4 hex digits.
        let start = i;
        let mut v = 0u32;
        while i < len && i - start < 4 {
            let d = HEX[s[i] as usize];
            if d == 0xff {
                break;
            }
            v = (v << 4) | d as u32;
            i += 1;
        }
        match s.get(i) {
            None if i > start => {
                out.get_mut(2 * n..2 * n + 2)?.copy_from_slice(&(v as u16).to_be_bytes());
                n += 1;
            }
            Some(b':') if i > start => {
                out.get_mut(2 * n..2 * n + 2)?.copy_from_slice(&(v as u16).to_be_bytes());
                n += 1;
                i += 1;
                match s.get(i) {
                    // "1:" at the end
                    None => return None,
                    Some(b':') => {
                        if gap != usize::MAX {
                            return None;
                        }
                        gap = n;
                        i += 1;
                    }
                    Some(_) => {}
                }
            }
            // A dotted quad (strict) from the start of this group to the end, if two groups
            // fit; glibc takes nothing after it.
            Some(b'.') if i > start && n <= 6 => {
                let q = pton4(s.get(start..)?)?;
                out.get_mut(2 * n..2 * n + 4)?.copy_from_slice(&q);
                n += 2;
                break;
            }
            // No digit where a group must start (":::", "1:::"), a fifth hex digit, or any
            // other character.
            _ => return None,
        }
    }
    if gap != usize::MAX {
        // "::" stands for at least one zero group: move the groups after it to the end.
        if n >= 8 {
            return None;
        }
        let tail = 2 * (n - gap);
        let to = 16 - tail;
        out.copy_within(2 * gap..2 * n, to);
        out.get_mut(2 * gap..to)?.fill(0);
    } else if n != 8 {
        return None;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Formatters

/// Writes the decimal digits of `b` at `buf[p..]`, returns the new position.
#[inline(always)]
fn put_dec(buf: &mut [u8; 46], p: usize, b: u8) -> usize {
    let mut p = p;
    if b >= 100 {
        let h = b / 100;
        let r = b - h * 100;
        if let Some(x) = buf.get_mut(p..p + 3) {
            x[0] = b'0' + h;
            x[1] = b'0' + r / 10;
            x[2] = b'0' + r % 10;
        }
        p += 3;
    } else if b >= 10 {
        if let Some(x) = buf.get_mut(p..p + 2) {
            x[0] = b'0' + b / 10;
            x[1] = b'0' + b % 10;
        }
        p += 2;
    } else {
        if let Some(x) = buf.get_mut(p) {
            *x = b'0' + b;
        }
        p += 1;
    }
    p
}

/// Writes a dotted quad at `buf[p..]` (at most 15 bytes), returns the new position.
#[inline(always)]
fn put_quad(buf: &mut [u8; 46], p: usize, a: &[u8; 4]) -> usize {
    let mut p = put_dec(buf, p, a[0]);
    for &b in &a[1..] {
        if let Some(x) = buf.get_mut(p) {
            *x = b'.';
        }
        p = put_dec(buf, p + 1, b);
    }
    p
}

/// Formats an IPv4 address as glibc's inet_ntop(3) / inet_ntoa(3) do: `a.b.c.d`, decimal.
///
/// # Examples
///
/// ```
/// assert_eq!(bsdsock::addr::inet::ntop4(&[192, 0, 2, 1]).as_str(), "192.0.2.1");
/// ```
#[inline]
pub fn ntop4(a: &[u8; 4]) -> AddrText {
    let mut t = AddrText::EMPTY;
    let p = put_quad(&mut t.buf, 0, a);
    t.len = p as u8;
    t
}

const HEXDIGITS: &[u8; 16] = b"0123456789abcdef";

/// Formats an IPv6 address as glibc's inet_ntop(3) does, byte for byte: lowercase hex groups
/// without leading zeros; the longest run of two or more zero groups (the first of equally
/// long ones) written as `::` (a single zero group stays `0`); and the last 32 bits as a dotted
/// quad for the IPv4-compatible form `::a.b.c.d` (exactly six leading zero groups, so `::1`
/// and `::` stay hex) and the mapped form `::ffff:a.b.c.d`.
///
/// # Examples
///
/// ```
/// let mut a = [0u8; 16];
/// a[15] = 1;
/// assert_eq!(bsdsock::addr::inet::ntop6(&a).as_str(), "::1");
/// ```
pub fn ntop6(a: &[u8; 16]) -> AddrText {
    let mut w = [0u16; 8];
    for (j, x) in w.iter_mut().enumerate() {
        *x = u16::from_be_bytes([a[2 * j], a[2 * j + 1]]);
    }
    // Longest zero run, first of equals.
    let (mut best, mut best_len) = (8usize, 0usize);
    let (mut cur, mut cur_len) = (8usize, 0usize);
    for (j, &x) in w.iter().enumerate() {
        if x == 0 {
            if cur_len == 0 {
                cur = j;
            }
            cur_len += 1;
            if cur_len > best_len {
                best = cur;
                best_len = cur_len;
            }
        } else {
            cur_len = 0;
        }
    }
    if best_len < 2 {
        best = 8;
        best_len = 0;
    }
    let mut t = AddrText::EMPTY;
    let buf = &mut t.buf;
    let mut p = 0usize;
    let mut j = 0usize;
    while j < 8 {
        if j == best {
            if let Some(x) = buf.get_mut(p) {
                *x = b':';
            }
            p += 1;
            j += best_len;
            if j == 8 {
                // A trailing run: "::" closes the text.
                if let Some(x) = buf.get_mut(p) {
                    *x = b':';
                }
                p += 1;
            }
            continue;
        }
        if j != 0 {
            if let Some(x) = buf.get_mut(p) {
                *x = b':';
            }
            p += 1;
        }
        if j == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff)) {
            p = put_quad(buf, p, &[a[12], a[13], a[14], a[15]]);
            break;
        }
        let x = w[j];
        let nd = if x >= 0x1000 {
            4
        } else if x >= 0x100 {
            3
        } else if x >= 0x10 {
            2
        } else {
            1
        };
        if let Some(o) = buf.get_mut(p..p + nd) {
            let mut k = nd;
            let mut v = x;
            while k > 0 {
                k -= 1;
                o[k] = HEXDIGITS[(v & 0xf) as usize];
                v >>= 4;
            }
        }
        p += nd;
        j += 1;
    }
    t.len = p.min(46) as u8;
    t
}
