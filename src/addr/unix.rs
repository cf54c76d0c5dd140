//! AF_UNIX addresses: [`UnixAddr`].

use crate::error::{Error, Result};
use crate::sys;

/// Maximum bytes of a Unix socket path (`sizeof(sun_path)`: 108 on Linux, 104 on BSD).
pub const UNIX_PATH_MAX: usize = sys::SUN_PATH_LEN;

/// An AF_UNIX address: a filesystem path (any bytes, not necessarily UTF-8), a Linux
/// abstract name (first byte NUL, used byte for byte), or unnamed (empty).
///
/// Fixed size (`sizeof(sun_path)` bytes plus a length), no allocation.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnixAddr {
    bytes: [u8; UNIX_PATH_MAX],
    len: u8,
}

impl UnixAddr {
    /// An unnamed address (socketpair ends, unbound sockets; Python's `''`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::UnixAddr::unnamed().is_unnamed());
    /// ```
    pub const fn unnamed() -> Self {
        UnixAddr { bytes: [0; UNIX_PATH_MAX], len: 0 }
    }

    /// A path or abstract name from raw bytes, as Python's AF_UNIX argument ([A26](crate::conformance#A26)–[A31](crate::conformance#A31)).
    ///
    /// # Errors
    /// A regular path may have at most `UNIX_PATH_MAX - 1` bytes (107 on Linux: a trailing
    /// NUL must fit), an abstract name (leading NUL) `UNIX_PATH_MAX` (108). Longer:
    /// `Error::Socket("AF_UNIX path too long")`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::UnixAddr;
    /// let a = UnixAddr::new(b"/run/app.sock")?;
    /// assert_eq!(a.as_bytes(), b"/run/app.sock");
    /// assert!(UnixAddr::new(&[b'x'; 200]).is_err());   // "AF_UNIX path too long"
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn new(path: &[u8]) -> Result<Self> {
        let max = if path.first() == Some(&0) { UNIX_PATH_MAX } else { UNIX_PATH_MAX - 1 };
        if path.len() > max {
            return Err(Error::Socket("AF_UNIX path too long"));
        }
        Ok(Self::from_raw(path))
    }

    /// What the kernel returned: up to `UNIX_PATH_MAX` bytes, regular paths included (Linux
    /// accepts a path that fills sun_path with no trailing NUL). Longer input is cut at
    /// `UNIX_PATH_MAX`, which the kernel never exceeds.
    pub(crate) fn from_raw(path: &[u8]) -> Self {
        let n = path.len().min(UNIX_PATH_MAX);
        let mut bytes = [0; UNIX_PATH_MAX];
        bytes[..n].copy_from_slice(&path[..n]);
        UnixAddr { bytes, len: n as u8 }
    }

    /// The address bytes: the path, or the abstract name with its leading NUL, or empty.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::UnixAddr::new(b"sock")?.as_bytes(), b"sock");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..(self.len as usize).min(UNIX_PATH_MAX)]
    }

    /// Is this a Linux abstract-namespace name (leading NUL)?
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(bsdsock::UnixAddr::new(b"\0name")?.is_abstract());   // Linux's abstract namespace
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn is_abstract(&self) -> bool {
        self.len > 0 && self.bytes[0] == 0
    }

    /// Is this unnamed?
    ///
    /// # Examples
    ///
    /// ```
    /// let (a, _b) = bsdsock::socketpair_default()?;
    /// assert!(a.getsockname()?.as_unix().unwrap().is_unnamed());
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn is_unnamed(&self) -> bool {
        self.len == 0
    }

    /// The abstract name without its leading NUL, if this is one.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::UnixAddr::new(b"\0name")?;
    /// assert_eq!(a.abstract_name(), Some(&b"name"[..]));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn abstract_name(&self) -> Option<&[u8]> {
        if self.is_abstract() { self.as_bytes().get(1..) } else { None }
    }

    /// The filesystem path, if this is a regular (non-abstract, named) address.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::UnixAddr::new(b"/tmp/x.sock")?;
    /// assert_eq!(a.as_path(), Some(std::path::Path::new("/tmp/x.sock")));
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn as_path(&self) -> Option<&std::path::Path> {
        use std::os::unix::ffi::OsStrExt;
        if self.is_unnamed() || self.is_abstract() {
            return None;
        }
        Some(std::path::Path::new(std::ffi::OsStr::from_bytes(self.as_bytes())))
    }

    /// A filesystem path (its bytes, via `OsStrExt`), as [`UnixAddr::new`].
    ///
    /// # Errors
    /// `AF_UNIX path too long` as for [`UnixAddr::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::UnixAddr::from_path(std::path::Path::new("/tmp/x.sock"))?;
    /// assert_eq!(a.as_bytes(), b"/tmp/x.sock");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    #[cfg(feature = "std")]
    pub fn from_path(path: &std::path::Path) -> Result<Self> {
        use std::os::unix::ffi::OsStrExt;
        Self::new(path.as_os_str().as_bytes())
    }

    /// A Linux abstract name: `name` with a NUL put in front.
    ///
    /// # Errors
    /// `AF_UNIX path too long` when `name` is longer than `UNIX_PATH_MAX - 1` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::UnixAddr::from_abstract_name(b"my-service")?;
    /// assert_eq!(a.as_bytes(), b"\0my-service");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn from_abstract_name(name: &[u8]) -> Result<Self> {
        if name.len() >= UNIX_PATH_MAX {
            return Err(Error::Socket("AF_UNIX path too long"));
        }
        let mut bytes = [0; UNIX_PATH_MAX];
        bytes[1..=name.len()].copy_from_slice(name);
        Ok(UnixAddr { bytes, len: (name.len() + 1) as u8 })
    }
}

impl Default for UnixAddr {
    fn default() -> Self {
        Self::unnamed()
    }
}

impl core::fmt::Debug for UnixAddr {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "UnixAddr({:?})", self.as_bytes().escape_ascii())
    }
}

impl core::fmt::Display for UnixAddr {
    /// Python's repr of the address string: `'/tmp/sock'`, `'\x00name'`, `''`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        super::sockaddr::py_repr_bytes(f, self.as_bytes())
    }
}

#[cfg(feature = "std")]
impl TryFrom<&std::path::Path> for UnixAddr {
    type Error = Error;
    fn try_from(p: &std::path::Path) -> Result<Self> {
        Self::from_path(p)
    }
}

#[cfg(feature = "std")]
impl TryFrom<&std::os::unix::net::SocketAddr> for UnixAddr {
    type Error = Error;
    /// A std unix address: its path, its abstract name (Linux, Android) or unnamed.
    fn try_from(a: &std::os::unix::net::SocketAddr) -> Result<Self> {
        if let Some(p) = a.as_pathname() {
            return Self::from_path(p);
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            #[cfg(target_os = "android")]
            use std::os::android::net::SocketAddrExt;
            #[cfg(target_os = "linux")]
            use std::os::linux::net::SocketAddrExt;
            if let Some(name) = a.as_abstract_name() {
                return Self::from_abstract_name(name);
            }
        }
        Ok(Self::unnamed())
    }
}
