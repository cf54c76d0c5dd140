//! The C structs of Python 3.13's Linux address families (`sockaddr_ll`, `sockaddr_vm`,
//! `sockaddr_can`, `sockaddr_alg`, `sockaddr_qrtr`) and of the interface-name calls
//! (`if_nameindex`, `ifreq`). The codec (src/addr/) reads and writes at their field offsets;
//! every size, alignment and offset is asserted against the probe (`layout_check`).

#[allow(unused_imports)]
use super::{c_char, c_int, c_uint, c_ulong, c_void, sa_family_t};

/// `struct if_nameindex` (`<net/if.h>`): one entry of if_nameindex(3)'s array.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct if_nameindex {
    pub if_index: c_uint,
    pub if_name: *mut c_char,
}

/// `IFNAMSIZ`: the bytes of an interface name, its NUL included (16 on every supported
/// target; asserted against the probe's `sizeof(ifreq.ifr_name)` on Linux).
pub const IFNAMSIZ: usize = 16;

/// `struct ifreq` (`<net/if.h>`, Linux): the name and the union of SIOCGIF* results. Only the
/// name and `ifr_ifindex` (`ifr_ifru.ifru_ivalue`) are used; the union's other members only
/// give it its size and alignment (`struct ifmap`: three longs' worth on 64-bit targets,
/// 16 bytes on 32-bit ones).
#[cfg(any(target_os = "linux", target_os = "android"))]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct ifreq {
    pub ifr_name: [c_char; IFNAMSIZ],
    pub ifr_ifru: ifreq_ifru,
}

/// The union in `struct ifreq`.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[repr(C)]
#[derive(Clone, Copy)]
pub union ifreq_ifru {
    pub ifru_ivalue: c_int,
    pub ifru_data: *mut c_void,
    pub ifru_map: [c_ulong; 3],
    pub ifru_bytes: [u8; 16],
}

/// `struct sockaddr_ll` (`<linux/if_packet.h>`): an AF_PACKET address.
#[cfg(bsdsock_have = "linux_if_packet_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_ll {
    pub sll_family: sa_family_t,
    /// Network byte order.
    pub sll_protocol: u16,
    pub sll_ifindex: c_int,
    pub sll_hatype: u16,
    pub sll_pkttype: u8,
    pub sll_halen: u8,
    pub sll_addr: [u8; 8],
}

/// `struct sockaddr_vm` (`<linux/vm_sockets.h>`): an AF_VSOCK address. `svm_flags` is the
/// first byte of what older headers call `svm_zero`.
#[cfg(bsdsock_have = "linux_vm_sockets_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_vm {
    pub svm_family: sa_family_t,
    pub svm_reserved1: u16,
    pub svm_port: c_uint,
    pub svm_cid: c_uint,
    pub svm_flags: u8,
    pub svm_zero: [u8; 3],
}

/// `struct sockaddr_can` (`<linux/can.h>`): an AF_CAN address.
#[cfg(bsdsock_have = "linux_can_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_can {
    pub can_family: sa_family_t,
    pub can_ifindex: c_int,
    pub can_addr: can_addr,
}

/// The union `can_addr` of `struct sockaddr_can`: ISO-TP's `tp { rx_id, tx_id }` and (in
/// headers with CAN_J1939) `j1939 { name, pgn, addr }`.
#[cfg(bsdsock_have = "linux_can_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub union can_addr {
    pub tp: can_addr_tp,
    #[cfg(bsdsock_const = "CAN_J1939")]
    pub j1939: can_addr_j1939,
}

/// `can_addr.tp`.
#[cfg(bsdsock_have = "linux_can_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct can_addr_tp {
    pub rx_id: u32,
    pub tx_id: u32,
}

/// `can_addr.j1939`.
#[cfg(all(bsdsock_have = "linux_can_h", bsdsock_const = "CAN_J1939"))]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct can_addr_j1939 {
    pub name: u64,
    pub pgn: u32,
    pub addr: u8,
}

/// `struct sockaddr_alg` (`<linux/if_alg.h>`): an AF_ALG address.
#[cfg(bsdsock_have = "linux_if_alg_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_alg {
    pub salg_family: u16,
    pub salg_type: [u8; 14],
    pub salg_feat: u32,
    pub salg_mask: u32,
    pub salg_name: [u8; 64],
}

/// `struct sockaddr_qrtr` (`<linux/qrtr.h>`): an AF_QIPCRTR address.
#[cfg(bsdsock_have = "linux_qrtr_h")]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct sockaddr_qrtr {
    pub sq_family: sa_family_t,
    pub sq_node: u32,
    pub sq_port: u32,
}
