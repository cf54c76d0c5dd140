//! What the build-time probe measured in the target's C headers: the size (`SIZE_*`),
//! alignment (`ALIGN_*`) and field offsets (`OFFSET_<STRUCT>__<FIELD>`) and field sizes
//! (`FSIZE_*`) of the C structs bsdsock uses, the sizes of C types (`TSIZE_*`), values of
//! function-like macros (`CMSG_LEN_0`, …), and the C integer types themselves (`socklen_t`,
//! `time_t`, `rlim_t`, …) as Rust aliases.
//!
//! For code that builds or parses C structures as bytes (netlink messages, control
//! messages, option buffers) without declaring them: the values are those of the target the
//! crate was built for, so the same code is right on every target. bsdsock's own struct
//! declarations are checked against these values at compile time.
//!
//! ```
//! use bsdsock::layout;
//! // struct sockaddr_in is 16 bytes everywhere; its port is at offset 2.
//! assert_eq!(layout::SIZE_SOCKADDR_IN, 16);
//! assert_eq!(layout::OFFSET_SOCKADDR_IN__SIN_PORT, 2);
//! assert_eq!(core::mem::size_of::<layout::socklen_t>(), layout::TSIZE_SOCKLEN_T);
//! ```

include!(concat!(env!("OUT_DIR"), "/layout.rs"));
