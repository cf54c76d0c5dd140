//! The build-time probe: what it generated, and that it ran for the target being built.

use bsdsock::layout;
use bsdsock::{CONSTANTS, constant};

#[test]
fn table_is_sorted_unique_and_large() {
    assert!(CONSTANTS.windows(2).all(|w| w[0].name < w[1].name), "table not sorted/unique");
    // x86_64 Linux with glibc headers: well over 700 (see README); musl, lacking the
    // kernel's uapi headers, has fewer.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    assert!(CONSTANTS.len() >= 700, "only {} constants", CONSTANTS.len());
    assert!(CONSTANTS.len() >= 250, "only {} constants", CONSTANTS.len());
    for c in CONSTANTS {
        assert!(!c.header.is_empty() && !c.module.is_empty(), "{c:?}");
        assert_eq!(constant(c.name), Some(c.value));
    }
    assert_eq!(constant("NOT_A_CONSTANT"), None);
}

#[test]
fn typed_constants_match_table() {
    assert_eq!(constant("AF_INET"), Some(bsdsock::AF_INET as i64));
    assert_eq!(constant("SOCK_STREAM"), Some(bsdsock::SOCK_STREAM as i64));
    assert_eq!(constant("SOL_SOCKET"), Some(bsdsock::SOL_SOCKET as i64));
    assert_eq!(constant("INADDR_BROADCAST"), Some(bsdsock::INADDR_BROADCAST as i64));
    assert_eq!(bsdsock::INADDR_BROADCAST, u32::MAX);
    assert_eq!(constant("EAI_NONAME"), Some(bsdsock::EAI_NONAME as i64));
    assert_eq!(constant("ECONNREFUSED"), Some(bsdsock::errno::ECONNREFUSED as i64));
}

#[test]
#[cfg(target_os = "linux")]
fn linux_values() {
    assert_eq!(bsdsock::AF_INET, 2);
    assert_eq!(bsdsock::AF_INET6, 10);
    assert_eq!(bsdsock::AF_UNIX, 1);
    assert_eq!(bsdsock::SOL_SOCKET, 1);
    assert_eq!(bsdsock::SHUT_RDWR, 2);
    assert_eq!(bsdsock::errno::ECONNREFUSED, 111);
    assert_eq!(bsdsock::EAI_NONAME, -2);
    assert_eq!(bsdsock::INADDR_LOOPBACK, 0x7f00_0001);
    // sockaddr_un.sun_path is 108 bytes on Linux.
    assert_eq!(layout::FSIZE_SOCKADDR_UN__SUN_PATH, 108);
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn enum_only_names_are_probed() {
    // These are enum members without a #define in glibc / the kernel's uapi headers.
    assert_eq!(bsdsock::IPPORT_USERRESERVED, 5000);
    assert_eq!(bsdsock::TCP_ESTABLISHED, 1);
    assert_eq!(bsdsock::TIPC_CLUSTER_SCOPE, 2);
    assert_eq!(bsdsock::TIPC_NODE_SCOPE, 3);
    assert_eq!(bsdsock::CAN_BCM_TX_SETUP, 1);
    assert_eq!(bsdsock::rtnetlink::IFLA_IFNAME, 3);
}

#[test]
fn layout_facts_match_rust() {
    assert_eq!(layout::POINTER_WIDTH as u32, usize::BITS);
    assert_eq!(layout::BIG_ENDIAN != 0, cfg!(target_endian = "big"));
    assert_eq!(layout::SIZE_SOCKADDR_IN, 16);
    assert_eq!(layout::SIZE_SOCKADDR_IN6, 28);
    // OpenBSD's is 256 bytes.
    let storage = if cfg!(target_os = "openbsd") { 256 } else { 128 };
    assert_eq!(layout::SIZE_SOCKADDR_STORAGE, storage);
    assert_eq!(layout::TSIZE_SOCKLEN_T, 4);
    const { assert!(layout::PROBE_MARKERS > 300) };
}

/// The probe used the cross compiler cc picked for the target (not the host's cc), and its
/// pointer-size-dependent layouts are the target's.
#[test]
fn probe_ran_with_the_targets_compiler() {
    let src = layout::PROBE_SOURCE;
    std::println!("probe source: {src}");
    if src.starts_with("saved marker file") {
        return;
    }
    #[cfg(all(target_arch = "aarch64", target_os = "linux"))]
    assert!(src.contains("aarch64-linux-gnu-gcc"), "{src}");
    #[cfg(all(target_arch = "s390x", target_os = "linux"))]
    assert!(src.contains("s390x-linux-gnu-gcc"), "{src}");
    #[cfg(all(target_arch = "arm", target_os = "linux"))]
    assert!(src.contains("arm-linux-gnueabihf-gcc"), "{src}");
    #[cfg(all(target_arch = "riscv64", target_os = "linux"))]
    assert!(src.contains("riscv64-linux-gnu-gcc"), "{src}");
    #[cfg(all(target_arch = "powerpc64", target_os = "linux"))]
    assert!(src.contains("powerpc64le-linux-gnu-gcc"), "{src}");
    #[cfg(all(target_arch = "x86", target_os = "linux"))]
    assert!(src.contains("i686-linux-gnu-gcc"), "{src}");
    #[cfg(target_env = "musl")]
    assert!(src.contains("musl-gcc"), "{src}");
    // addrinfo is 48 bytes with 64-bit pointers, 32 with 32-bit ones.
    let want = if usize::BITS == 64 { 48 } else { 32 };
    assert_eq!(layout::SIZE_ADDRINFO, want);
}
