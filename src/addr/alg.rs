//! AF_ALG addresses (`struct sockaddr_alg`, the kernel crypto API): [`AlgAddr`], Python's
//! `(type, name[, feat[, mask]])`.

use core::fmt;
use core::hash::{Hash, Hasher};
use core::mem::{offset_of, size_of};

use super::sockaddr::{Shape, put, put_family, py_repr_bytes, rd, shape_error};
use super::{SockAddr, ToSockAddr};
use crate::consts::AF_ALG;
use crate::error::{Error, Result};
use crate::sys::sockaddr_alg;

const TYPE_SIZE: usize = 14;
const NAME_SIZE: usize = 64;

/// An AF_ALG address: the algorithm type (`"hash"`, `"skcipher"`, `"aead"`, `"rng"`), its
/// name (`"sha256"`, `"cbc(aes)"`, `"gcm(aes)"`), and the feature and mask bits. Python's
/// `(type, name, feat, mask)`; `Display` writes that tuple, e.g. `('hash', 'sha256', 0, 0)`.
///
/// Both strings live in fixed C arrays with their NUL: a type has at most 13 bytes, a name at
/// most 63 (the kernel's `struct sockaddr_alg`).
///
/// ```
/// use bsdsock::{AlgAddr, Error, SockAddr, ToSockAddr, AF_ALG};
/// let a = ("hash", "sha256").to_sockaddr(AF_ALG).unwrap();
/// assert_eq!(a, SockAddr::Alg(AlgAddr::new("hash", "sha256").unwrap()));
/// assert_eq!(a.to_string(), "('hash', 'sha256', 0, 0)");
/// assert_eq!(AlgAddr::new("skcipher-too-long", "x"), Err(Error::Value("AF_ALG type too long.")));
/// ```
///
/// # References
/// [User space interface of the kernel crypto API](https://docs.kernel.org/crypto/userspace-if.html)
/// (`struct sockaddr_alg`)
#[derive(Clone, Copy)]
pub struct AlgAddr {
    ty: [u8; TYPE_SIZE],
    ty_len: u8,
    name: [u8; NAME_SIZE],
    name_len: u8,
    /// `salg_feat`: required feature bits (`CRYPTO_ALG_*`).
    pub feat: u32,
    /// `salg_mask`: which feature bits count.
    pub mask: u32,
}

impl AlgAddr {
    /// `(type, name)` with `feat` and `mask` 0, as Python's `(type, name)`.
    ///
    /// # Errors
    /// A NUL in either string: `Error::Value("embedded null character")`; a type of 14 bytes
    /// or more: `Error::Value("AF_ALG type too long.")`; a name of 64 bytes or more:
    /// `Error::Value("AF_ALG name too long.")` (Python's ValueError texts).
    ///
    /// # Examples
    ///
    /// ```
    /// use bsdsock::AlgAddr;
    /// let a = AlgAddr::new("hash", "sha256")?;
    /// assert_eq!((a.alg_type(), a.name()), (&b"hash"[..], &b"sha256"[..]));
    /// assert!(AlgAddr::new("a-type-that-is-too-long", "x").is_err());  // "AF_ALG type too long."
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn new(alg_type: &str, name: &str) -> Result<Self> {
        let (t, n) = (alg_type.as_bytes(), name.as_bytes());
        if t.contains(&0) || n.contains(&0) {
            return Err(Error::Value("embedded null character"));
        }
        if t.len() >= TYPE_SIZE {
            return Err(Error::Value("AF_ALG type too long."));
        }
        if n.len() >= NAME_SIZE {
            return Err(Error::Value("AF_ALG name too long."));
        }
        let mut a = AlgAddr::empty();
        a.ty[..t.len()].copy_from_slice(t);
        a.ty_len = t.len() as u8;
        a.name[..n.len()].copy_from_slice(n);
        a.name_len = n.len() as u8;
        Ok(a)
    }

    /// With these feature bits (`salg_feat`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::AlgAddr::new("skcipher", "cbc(aes)")?.with_feat(1);
    /// assert_eq!(a.feat, 1);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub const fn with_feat(mut self, feat: u32) -> Self {
        self.feat = feat;
        self
    }

    /// With this mask (`salg_mask`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::AlgAddr::new("skcipher", "cbc(aes)")?.with_mask(1);
    /// assert_eq!(a.mask, 1);
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub const fn with_mask(mut self, mask: u32) -> Self {
        self.mask = mask;
        self
    }

    /// The algorithm type (`salg_type` up to its NUL).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::AlgAddr::new("aead", "gcm(aes)")?.alg_type(), b"aead");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn alg_type(&self) -> &[u8] {
        &self.ty[..(self.ty_len as usize).min(TYPE_SIZE)]
    }

    /// The algorithm name (`salg_name` up to its NUL).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(bsdsock::AlgAddr::new("aead", "gcm(aes)")?.name(), b"gcm(aes)");
    /// # Ok::<(), bsdsock::Error>(())
    /// ```
    pub fn name(&self) -> &[u8] {
        &self.name[..(self.name_len as usize).min(NAME_SIZE)]
    }

    const fn empty() -> Self {
        AlgAddr {
            ty: [0; TYPE_SIZE],
            ty_len: 0,
            name: [0; NAME_SIZE],
            name_len: 0,
            feat: 0,
            mask: 0,
        }
    }

    /// Decode the bytes of a `sockaddr_alg`: each string up to its NUL or the end of its
    /// array (`strnlen`, as Python).
    pub(crate) fn decode(b: &[u8]) -> Self {
        let ty: [u8; TYPE_SIZE] = rd(b, offset_of!(sockaddr_alg, salg_type));
        let name: [u8; NAME_SIZE] = rd(b, offset_of!(sockaddr_alg, salg_name));
        let strnlen = |s: &[u8]| s.iter().position(|&c| c == 0).unwrap_or(s.len());
        let mut a = AlgAddr::empty();
        let (tn, nn) = (strnlen(&ty), strnlen(&name));
        a.ty[..tn].copy_from_slice(&ty[..tn]);
        a.ty_len = tn as u8;
        a.name[..nn].copy_from_slice(&name[..nn]);
        a.name_len = nn as u8;
        a.feat = u32::from_ne_bytes(rd(b, offset_of!(sockaddr_alg, salg_feat)));
        a.mask = u32::from_ne_bytes(rd(b, offset_of!(sockaddr_alg, salg_mask)));
        a
    }

    pub(crate) fn encode(&self, b: &mut [u8]) -> usize {
        put_family(b, AF_ALG);
        put(b, offset_of!(sockaddr_alg, salg_type), self.alg_type());
        put(b, offset_of!(sockaddr_alg, salg_feat), &self.feat.to_ne_bytes());
        put(b, offset_of!(sockaddr_alg, salg_mask), &self.mask.to_ne_bytes());
        put(b, offset_of!(sockaddr_alg, salg_name), self.name());
        size_of::<sockaddr_alg>()
    }

    fn key(&self) -> (&[u8], &[u8], u32, u32) {
        (self.alg_type(), self.name(), self.feat, self.mask)
    }
}

impl PartialEq for AlgAddr {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for AlgAddr {}

impl Hash for AlgAddr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Debug for AlgAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AlgAddr {{ type: \"{}\", name: \"{}\", feat: {}, mask: {} }}",
            self.alg_type().escape_ascii(),
            self.name().escape_ascii(),
            self.feat,
            self.mask
        )
    }
}

impl fmt::Display for AlgAddr {
    /// Python's `(type, name, feat, mask)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        py_repr_bytes(f, self.alg_type())?;
        f.write_str(", ")?;
        py_repr_bytes(f, self.name())?;
        write!(f, ", {}, {})", self.feat, self.mask)
    }
}

impl From<AlgAddr> for SockAddr {
    fn from(a: AlgAddr) -> Self {
        SockAddr::Alg(a)
    }
}

impl ToSockAddr for AlgAddr {
    /// An AF_ALG address, for an AF_ALG socket.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_ALG {
            return Err(shape_error(family, Shape::Struct));
        }
        Ok(SockAddr::Alg(*self))
    }
}

impl ToSockAddr for (&str, &str) {
    /// AF_ALG `(type, name)` ([`AlgAddr::new`]).
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_ALG {
            return Err(shape_error(family, Shape::Struct));
        }
        AlgAddr::new(self.0, self.1).map(SockAddr::Alg)
    }
}

impl ToSockAddr for (&str, &str, u32, u32) {
    /// AF_ALG `(type, name, feat, mask)`.
    fn to_sockaddr(&self, family: i32) -> Result<SockAddr> {
        if family != AF_ALG {
            return Err(shape_error(family, Shape::Struct));
        }
        AlgAddr::new(self.0, self.1).map(|a| SockAddr::Alg(a.with_feat(self.2).with_mask(self.3)))
    }
}
