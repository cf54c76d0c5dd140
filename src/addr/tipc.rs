//! AF_TIPC addresses: [`TipcAddr`], Python's `(addr_type, v1, v2, v3[, scope])` ([A35](crate::conformance#A35)–[A41](crate::conformance#A41),
//! [B10](crate::conformance#B10)).

use crate::error::{Error, Result};

/// `TIPC_ADDR_NAMESEQ` (= the kernel's TIPC_ADDR_MCAST): v1, v2, v3 are type, lower, upper.
pub const ADDR_NAMESEQ: u8 = 1;
/// `TIPC_ADDR_NAME`: v1, v2 are type and instance.
pub const ADDR_NAME: u8 = 2;
/// `TIPC_ADDR_ID`: v1, v2 are node and ref.
pub const ADDR_ID: u8 = 3;
/// `TIPC_CLUSTER_SCOPE`, Python's default scope ([A37](crate::conformance#A37)).
pub const CLUSTER_SCOPE: u8 = 2;

/// A TIPC address as Python spells it: `(addr_type, v1, v2, v3, scope)`.
///
/// The address type is kept raw, so that [`SockAddr::decode`](super::SockAddr::decode)
/// never fails: the kernel's bytes with an address type other than 1, 2 or 3 decode to a
/// `TipcAddr` holding that type and the three raw words of the address union (where Python
/// raises `ValueError('Invalid address type')`, [B10](crate::conformance#B10)), and encoding such a value is
/// `Error::Type("Invalid address type")` ([A41](crate::conformance#A41)).
///
/// Decoding follows [B10](crate::conformance#B10): NAME gives `(2, type, instance, instance, scope)` (the instance
/// repeated; the C `domain` word is not reported) and ID gives `(3, node, ref, 0, scope)`.
/// Encoding follows [A38](crate::conformance#A38)–[A40](crate::conformance#A40): v3 is ignored for NAME and ID, and the address is zeroed
/// before it is filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TipcAddr {
    /// `addrtype`: [`ADDR_NAMESEQ`], [`ADDR_NAME`] or [`ADDR_ID`].
    pub addr_type: u8,
    /// type (NAMESEQ, NAME) or node (ID).
    pub v1: u32,
    /// lower (NAMESEQ), instance (NAME) or ref (ID).
    pub v2: u32,
    /// upper (NAMESEQ); ignored when encoding NAME and ID.
    pub v3: u32,
    /// `scope`: TIPC_ZONE_SCOPE 1, TIPC_CLUSTER_SCOPE 2 (the default), TIPC_NODE_SCOPE 3.
    /// Passed through unchecked, as in Python ([A37](crate::conformance#A37)).
    pub scope: u8,
}

impl TipcAddr {
    /// A name sequence `(1, type, lower, upper, scope)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::TipcAddr::name_seq(1000, 1, 10, 2);
    /// assert_eq!(a.addr_type, 1);
    /// ```
    pub const fn name_seq(ty: u32, lower: u32, upper: u32, scope: u8) -> Self {
        TipcAddr { addr_type: ADDR_NAMESEQ, v1: ty, v2: lower, v3: upper, scope }
    }

    /// A name `(2, type, instance, _, scope)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::TipcAddr::name(1000, 5, 2);
    /// assert_eq!((a.addr_type, a.v1, a.v2), (2, 1000, 5));
    /// ```
    pub const fn name(ty: u32, instance: u32, scope: u8) -> Self {
        TipcAddr { addr_type: ADDR_NAME, v1: ty, v2: instance, v3: instance, scope }
    }

    /// A port identity `(3, node, ref, _, scope)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = bsdsock::TipcAddr::id(0x0100_0001, 42, 2);
    /// assert_eq!((a.addr_type, a.v1, a.v2), (3, 0x0100_0001, 42));
    /// ```
    pub const fn id(node: u32, reference: u32, scope: u8) -> Self {
        TipcAddr { addr_type: ADDR_ID, v1: node, v2: reference, v3: 0, scope }
    }

    /// The three words of the C address union, in memory order, for encoding.
    ///
    /// # Errors
    /// `Error::Type("Invalid address type")` for an address type other than 1, 2, 3.
    pub(crate) fn words(&self) -> Result<[u32; 3]> {
        match self.addr_type {
            // nameseq: type, lower, upper
            ADDR_NAMESEQ => Ok([self.v1, self.v2, self.v3]),
            // name: {type, instance}, domain (zero)
            ADDR_NAME => Ok([self.v1, self.v2, 0]),
            // id: ref, node
            ADDR_ID => Ok([self.v2, self.v1, 0]),
            _ => Err(Error::Type("Invalid address type")),
        }
    }

    /// Build from the kernel's address type, scope and union words ([B10](crate::conformance#B10)).
    pub(crate) fn from_words(addr_type: u8, scope: u8, w: [u32; 3]) -> Self {
        match addr_type {
            ADDR_NAMESEQ => Self::name_seq(w[0], w[1], w[2], scope),
            ADDR_NAME => Self::name(w[0], w[1], scope),
            ADDR_ID => Self::id(w[1], w[0], scope),
            _ => TipcAddr { addr_type, v1: w[0], v2: w[1], v3: w[2], scope },
        }
    }
}

impl core::fmt::Display for TipcAddr {
    /// Python's 5-tuple: `(1, 18888, 17, 17, 2)`.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "({}, {}, {}, {}, {})", self.addr_type, self.v1, self.v2, self.v3, self.scope)
    }
}
