//! [`IfName`]: a network interface name (`"lo"`, `"eth0"`, `"vcan0"`) in a fixed buffer.

use core::fmt;

use crate::sys::IFNAMSIZ;

/// A network interface name: at most [`IfName::MAX_LEN`] (15) bytes, no NUL — what fits
/// in the kernel's `IFNAMSIZ` (16) bytes with the terminating NUL. Fixed size, no allocation.
///
/// Names are bytes, as the kernel keeps them; [`as_str`](IfName::as_str) gives them as text
/// when they are UTF-8 (every name `ip link` lets you create is printable ASCII). `Display`
/// writes the name (bytes that are not printable ASCII as `\xNN`).
///
/// ```
/// use bsdsock::IfName;
/// let lo = IfName::new(b"lo").unwrap();
/// assert_eq!(lo.as_str(), Some("lo"));
/// assert_eq!(lo.to_string(), "lo");
/// assert!(IfName::new(b"sixteen-bytes-xx").is_none()); // no room for the NUL
/// assert!(IfName::new(b"l\0o").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IfName {
    bytes: [u8; IFNAMSIZ],
    len: u8,
}

impl IfName {
    /// The longest name: `IFNAMSIZ - 1` = 15 bytes.
    pub const MAX_LEN: usize = IFNAMSIZ - 1;

    /// The empty name (Python's `''` for an address with no interface, index 0).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::IfName::empty().is_empty());
    /// ```
    pub const fn empty() -> Self {
        IfName { bytes: [0; IFNAMSIZ], len: 0 }
    }

    /// A name from its bytes, or `None` when it is longer than [`MAX_LEN`](IfName::MAX_LEN)
    /// or contains a NUL (neither can name an interface).
    ///
    /// # Examples
    ///
    /// ```
    /// let n = bsdsock::IfName::new(b"lo").unwrap();
    /// assert_eq!(n.as_bytes(), b"lo");
    /// assert!(bsdsock::IfName::new(b"a-name-longer-than-IFNAMSIZ").is_none());
    /// ```
    pub fn new(name: &[u8]) -> Option<Self> {
        if name.len() > Self::MAX_LEN || name.contains(&0) {
            return None;
        }
        let mut bytes = [0; IFNAMSIZ];
        bytes[..name.len()].copy_from_slice(name);
        Some(IfName { bytes, len: name.len() as u8 })
    }

    /// The name in a C buffer the kernel or the C library filled: the bytes before the
    /// first NUL, at most [`MAX_LEN`](IfName::MAX_LEN). Never fails.
    pub(crate) fn from_c(buf: &[u8]) -> Self {
        let n = buf.iter().position(|&c| c == 0).unwrap_or(buf.len()).min(Self::MAX_LEN);
        let mut bytes = [0; IFNAMSIZ];
        bytes[..n].copy_from_slice(&buf[..n]);
        IfName { bytes, len: n as u8 }
    }

    /// The name's bytes (no NUL).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::IfName::new(b"eth0").unwrap().as_bytes(), b"eth0");
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..(self.len as usize).min(Self::MAX_LEN)]
    }

    /// The name as text, if it is UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::IfName::new(b"eth0").unwrap().as_str(), Some("eth0"));
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        core::str::from_utf8(self.as_bytes()).ok()
    }

    /// The name followed by its NUL, for C calls (`IFNAMSIZ` bytes, zero-padded).
    pub(crate) fn as_c_bytes(&self) -> &[u8; IFNAMSIZ] {
        &self.bytes
    }

    /// Is this the empty name?
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::IfName::new(b"").unwrap().is_empty());   // AF_CAN: every interface
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Default for IfName {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Display for IfName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_str() {
            Some(s) if s.bytes().all(|c| (0x20..0x7f).contains(&c)) => f.write_str(s),
            _ => write!(f, "{}", self.as_bytes().escape_ascii()),
        }
    }
}

impl fmt::Debug for IfName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IfName(\"{}\")", self.as_bytes().escape_ascii())
    }
}

/// Python's repr of an interface name as it appears in an address tuple: `'lo'`.
#[allow(dead_code)] // used by the Linux families only
pub(crate) fn py_repr(f: &mut fmt::Formatter<'_>, name: &IfName) -> fmt::Result {
    super::sockaddr::py_repr_bytes(f, name.as_bytes())
}
