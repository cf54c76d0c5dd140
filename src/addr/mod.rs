//! The pure core for addresses: text parsers and formatters (`inet`), and the socket-address
//! codec per family (`sockaddr`, with `unix` and `tipc`). No system calls, no allocation, no
//! `unsafe`: this is the surface users fuzz.
//!
//! Panic contract: every function here takes arbitrary bytes and lengths and returns a value
//! or an error; none panics, whatever the input (smoltcp's rule: check the length once,
//! then index only within it).

pub mod inet;
pub mod sockaddr;
#[cfg(bsdsock_have = "linux_tipc_h")]
pub mod tipc;
pub mod unix;

#[cfg(bsdsock_have = "linux_tipc_h")]
pub use sockaddr::TipcAddr;
pub use sockaddr::{SockAddr, ToSockAddr, UnixAddr};
