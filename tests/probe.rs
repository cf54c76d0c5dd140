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

/// Values every Linux architecture shares, each with the header line that fixes it: a
/// probe that read the wrong headers (or none) fails here. Values that differ per
/// architecture are in `per_architecture_values_follow_the_headers`.
#[test]
#[cfg(target_os = "linux")]
fn linux_values() {
    assert_eq!(bsdsock::AF_INET, 2); // bits/socket.h: #define PF_INET 2
    assert_eq!(bsdsock::AF_INET6, 10); // bits/socket.h: #define PF_INET6 10
    assert_eq!(bsdsock::AF_UNIX, 1); // bits/socket.h: #define PF_LOCAL 1
    assert_eq!(bsdsock::SHUT_RDWR, 2); // sys/socket.h: SHUT_RD = 0, SHUT_WR, SHUT_RDWR
    assert_eq!(bsdsock::EAI_NONAME, -2); // netdb.h: # define EAI_NONAME -2
    assert_eq!(bsdsock::INADDR_LOOPBACK, 0x7f00_0001); // netinet/in.h: 0x7f000001
    // sys/un.h: char sun_path[108];
    assert_eq!(layout::FSIZE_SOCKADDR_UN__SUN_PATH, 108);
}

/// The values MIPS and SPARC (and Alpha, PA-RISC) define apart from every other Linux
/// architecture, each as the target's own header line gives it. A hand-typed table gets
/// these wrong first (the libc crate's mips64 SOL_SOCKET and SOCK_STREAM, see
/// docs/TARGETS.md); the probe reads them.
#[test]
#[cfg(target_os = "linux")]
fn per_architecture_values_follow_the_headers() {
    use bsdsock::errno::{ECONNREFUSED, EPROTONOSUPPORT};
    use bsdsock::{SO_REUSEADDR, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET};
    let mips = cfg!(any(target_arch = "mips", target_arch = "mips64"));
    let sparc = cfg!(any(target_arch = "sparc", target_arch = "sparc64"));
    if mips {
        // asm/socket.h (mips): #define SOL_SOCKET 0xffff, #define SO_REUSEADDR 0x0004
        assert_eq!((SOL_SOCKET, SO_REUSEADDR), (0xffff, 0x0004));
        // bits/socket_type.h (mips): SOCK_DGRAM = 1, SOCK_STREAM = 2
        assert_eq!((SOCK_STREAM, SOCK_DGRAM), (2, 1));
        // asm/errno.h (mips): #define ECONNREFUSED 146, #define EPROTONOSUPPORT 120
        assert_eq!((ECONNREFUSED, EPROTONOSUPPORT), (146, 120));
    } else if sparc {
        // asm/socket.h (sparc): #define SOL_SOCKET 0xffff, #define SO_REUSEADDR 0x0004
        assert_eq!((SOL_SOCKET, SO_REUSEADDR), (0xffff, 0x0004));
        // bits/socket_type.h: SOCK_STREAM = 1, SOCK_DGRAM = 2
        assert_eq!((SOCK_STREAM, SOCK_DGRAM), (1, 2));
        // asm/errno.h (sparc): #define ECONNREFUSED 61, #define EPROTONOSUPPORT 43
        assert_eq!((ECONNREFUSED, EPROTONOSUPPORT), (61, 43));
    } else {
        // asm-generic/socket.h: #define SOL_SOCKET 1, #define SO_REUSEADDR 2
        assert_eq!((SOL_SOCKET, SO_REUSEADDR), (1, 2));
        // bits/socket_type.h: SOCK_STREAM = 1, SOCK_DGRAM = 2
        assert_eq!((SOCK_STREAM, SOCK_DGRAM), (1, 2));
        // asm-generic/errno.h: #define ECONNREFUSED 111, #define EPROTONOSUPPORT 93
        assert_eq!((ECONNREFUSED, EPROTONOSUPPORT), (111, 93));
    }
}

#[test]
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn enum_only_names_are_probed() {
    // These are enum members without a #define in glibc / the kernel's uapi headers.
    assert_eq!(bsdsock::IPPORT_USERRESERVED, 5000);
    assert_eq!(bsdsock::TCP_ESTABLISHED, 1); // netinet/tcp.h: TCP_ESTABLISHED = 1,
    assert_eq!(bsdsock::TIPC_CLUSTER_SCOPE, 2); // linux/tipc.h: TIPC_CLUSTER_SCOPE = 2,
    assert_eq!(bsdsock::TIPC_NODE_SCOPE, 3); // linux/tipc.h: TIPC_NODE_SCOPE = 3
    assert_eq!(bsdsock::CAN_BCM_TX_SETUP, 1); // linux/can/bcm.h: TX_SETUP = 1,
    // linux/if_link.h: IFLA_UNSPEC, IFLA_ADDRESS, IFLA_BROADCAST, IFLA_IFNAME,
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

/// The probe used a compiler for the target (cc picked the cross compiler, or CC_<target>
/// named one), not the host's `cc`, and its pointer-size-dependent layouts are the target's.
/// Every naming is accepted: Debian's gcc triples (`powerpc64-linux-gnu-gcc`,
/// `mips64el-linux-gnuabi64-gcc`, `arm-linux-gnueabihf-gcc`), `musl-gcc` and
/// `x86_64-linux-musl-gcc`, clang with `--target=`, and zig wrappers (`zcc-aarch64-linux-musl`,
/// `zig cc -target ...`).
#[test]
fn probe_ran_with_the_targets_compiler() {
    let src = layout::PROBE_SOURCE;
    std::println!("probe source: {src}");
    if src.starts_with("saved marker file") {
        return;
    }
    // "<compiler path> (<probe.c path>)": only the compiler's file name counts (the probe.c
    // path names the target triple whatever compiler ran).
    let path = src.rsplit_once(" (").map_or(src, |(c, _)| c);
    let name = path.rsplit('/').next().unwrap_or(path);
    // The architecture as compiler names spell it (gcc triples, zig targets).
    let arch: &[&str] = match std::env::consts::ARCH {
        "x86_64" => &["x86_64", "amd64"],
        "x86" => &["i386", "i486", "i586", "i686", "x86-"],
        "aarch64" => &["aarch64", "arm64"],
        "arm" => &["arm"],
        "powerpc" => &["powerpc-", "ppc-"],
        "powerpc64" if cfg!(target_endian = "little") => &["powerpc64le", "ppc64le"],
        "powerpc64" => &["powerpc64-", "ppc64-"],
        "mips" if cfg!(target_endian = "little") => &["mipsel"],
        "mips" => &["mips-"],
        "mips64" if cfg!(target_endian = "little") => &["mips64el"],
        "mips64" => &["mips64-"],
        "sparc64" => &["sparc64"],
        "riscv64" => &["riscv64"],
        "s390x" => &["s390x"],
        "loongarch64" => &["loongarch64"],
        other => panic!("no compiler naming known for {other}: add it here"),
    };
    // Drivers that take the target as a flag (cc-rs passes --target=): the name says
    // nothing, layout_facts_match_rust checks pointer width and byte order.
    let generic_driver = name.starts_with("clang") || name == "zig";
    // The host's own compiler, for the host's architecture (CI's host is x86_64; musl-gcc
    // is Debian's x86_64 musl wrapper). A cross build would name a triple.
    let host_compiler =
        std::env::consts::ARCH == "x86_64" && ["cc", "gcc", "musl-gcc"].contains(&name);
    if !generic_driver && !host_compiler {
        assert!(arch.iter().any(|a| name.contains(a)), "{name} is no compiler for {arch:?}: {src}");
    }
    // The C library the compiler targets is the one Rust links.
    if !generic_driver {
        let musl = name.contains("musl");
        assert_eq!(musl, cfg!(target_env = "musl"), "{name}: the wrong C library: {src}");
    }
    // addrinfo is 48 bytes with 64-bit pointers, 32 with 32-bit ones.
    let want = if usize::BITS == 64 { 48 } else { 32 };
    assert_eq!(layout::SIZE_ADDRINFO, want);
}
