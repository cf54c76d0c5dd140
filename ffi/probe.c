/*
 * The build-time probe. build.rs fills in the two @...@ lines from ffi/names.txt, compiles
 * this file with the target's C compiler to assembly only (-S -w -fno-lto), and reads one
 * "@@K:NAME=VALUE@@" marker per value out of the .s file. Nothing here is ever assembled,
 * linked or run, so cross-compiling needs only the target's headers and compiler.
 *
 * Kinds: C constant, S sizeof, A _Alignof, O offsetof, F sizeof a field, T sizeof a type,
 * U "the type is unsigned", M the value of a function-like macro.
 * L is the symbol a C function links to: "@@L:NAME=SYMBOL@@" (see SYM below).
 *
 * The value goes through an "i" operand as long long and is printed with %0, which prints
 * "$5" on x86 and "#5" on arm (build.rs strips one $ or #); %c0 is not portable with gcc.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stddef.h>
#include <sys/types.h>
/* musl's <netinet/if_ether.h> and the kernel's <linux/if_ether.h> both define struct ethhdr
 * (zig's musl ships both); the kernel's libc-compat.h steps aside for glibc only. */
#if defined(__linux__) && !defined(__GLIBC__) && !defined(__UAPI_DEF_ETHHDR)
#define __UAPI_DEF_ETHHDR 0
#endif
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netdb.h>
#include <sys/un.h>
#include <poll.h>
#include <fcntl.h>
#include <errno.h>
#include <arpa/inet.h>
#include <time.h>
#include <signal.h>
#include <sys/resource.h>
#if __has_include(<sys/ioctl.h>)
#include <sys/ioctl.h>
#endif
/* Declarations of the C functions sys/ calls, for their symbols (SYM). */
#include <string.h>
#include <unistd.h>
#if __has_include(<sys/sendfile.h>)
#include <sys/sendfile.h>
#endif

/* @INCLUDES@ */

/* Linux 6.5's pidfd passing (SO_PASSPIDFD, SO_PEERPIDFD, SCM_PIDFD) with headers older than
 * that (glibc < 2.39, uapi < 6.5): the kernel ABI values, so that a program built against
 * old headers still owns and closes the SCM_PIDFD descriptors a newer kernel delivers.
 * SCM_PIDFD is include/linux/socket.h's; the SO_ values are asm/socket.h's per arch. */
#if defined(__linux__)
#ifndef SCM_PIDFD
#define SCM_PIDFD 0x04
#endif
#if !defined(SO_PASSPIDFD) && !defined(SO_PEERPIDFD)
#if defined(__hppa__)
#define SO_PASSPIDFD 0x404A
#define SO_PEERPIDFD 0x404B
#elif defined(__sparc__)
#define SO_PASSPIDFD 0x0055
#define SO_PEERPIDFD 0x0056
#else
#define SO_PASSPIDFD 76
#define SO_PEERPIDFD 77
#endif
#endif
#endif

#define P(tag, val) __asm__ volatile(".ascii \"@@" tag "=%0@@\"" :: "i"((long long)(val)))
#define SIZE(s) P("S:" #s, sizeof(struct s)); P("A:" #s, _Alignof(struct s))
#define FIELD(s, f) P("O:" #s "." #f, offsetof(struct s, f)); \
                    P("F:" #s "." #f, sizeof(((struct s *)0)->f))
#define TYPE(t) P("T:" #t, sizeof(t)); P("U:" #t, ((t)-1) > (t)0)
/* The symbol the headers bind function (or variable) f to: an "i" operand holding its address
 * prints the assembler-level name, after any asm label a header put on the declaration
 * (`__REDIRECT`, `__asm__("__clock_gettime64")`, NetBSD's `__RENAME(__socket30)`). build.rs
 * compiles without PIC so that the address is a constant the operand accepts. */
#define SYM(f) __asm__ volatile(".ascii \"@@L:" #f "=%0@@\"" :: "i"(&f))

void bsdsock_probe(void) {
    /* Facts about the compiler's target, checked against Rust's cfg in the tests. */
    P("M:pointer_width", sizeof(void *) * 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    P("M:big_endian", 1);
#else
    P("M:big_endian", 0);
#endif
#if defined(__GLIBC__)
    P("M:glibc", __GLIBC__ * 1000 + __GLIBC_MINOR__);
#endif
    /* Which CPU and OS the compiler targets, named as Rust's target_arch / target_os: build.rs
     * stops if they are not the target's (cc falls back to the host's `cc` for a target it
     * does not know; a saved marker file may come from another target). */
#if defined(__x86_64__)
    P("M:arch_x86_64", 1);
#elif defined(__i386__)
    P("M:arch_x86", 1);
#elif defined(__aarch64__)
    P("M:arch_aarch64", 1);
#elif defined(__arm__)
    P("M:arch_arm", 1);
#elif defined(__riscv) && __riscv_xlen == 64
    P("M:arch_riscv64", 1);
#elif defined(__riscv)
    P("M:arch_riscv32", 1);
#elif defined(__powerpc64__)
    P("M:arch_powerpc64", 1);
#elif defined(__powerpc__)
    P("M:arch_powerpc", 1);
#elif defined(__s390x__)
    P("M:arch_s390x", 1);
#elif defined(__mips64)
    P("M:arch_mips64", 1);
#elif defined(__mips__)
    P("M:arch_mips", 1);
#elif defined(__loongarch64)
    P("M:arch_loongarch64", 1);
#elif defined(__sparc__) && defined(__arch64__)
    P("M:arch_sparc64", 1);
#endif
#if defined(__ANDROID__)
    P("M:os_android", 1);
#elif defined(__linux__)
    P("M:os_linux", 1);
#elif defined(__FreeBSD__)
    P("M:os_freebsd", 1);
#elif defined(__NetBSD__)
    P("M:os_netbsd", 1);
#elif defined(__OpenBSD__)
    P("M:os_openbsd", 1);
#elif defined(__DragonFly__)
    P("M:os_dragonfly", 1);
#elif defined(__APPLE__)
    P("M:os_apple", 1);
#endif

    TYPE(socklen_t);
    TYPE(sa_family_t);
    TYPE(in_port_t);
    TYPE(in_addr_t);
    TYPE(time_t);
    TYPE(suseconds_t);
    TYPE(nfds_t);
    TYPE(size_t);
    TYPE(long);
    TYPE(int);
    TYPE(pid_t);
    TYPE(uid_t);
    TYPE(gid_t);

    SIZE(sockaddr);
    FIELD(sockaddr, sa_family);
    FIELD(sockaddr, sa_data);
    SIZE(sockaddr_storage);
    FIELD(sockaddr_storage, ss_family);

    SIZE(in_addr);
    FIELD(in_addr, s_addr);
    SIZE(sockaddr_in);
    FIELD(sockaddr_in, sin_family);
    FIELD(sockaddr_in, sin_port);
    FIELD(sockaddr_in, sin_addr);
    FIELD(sockaddr_in, sin_zero);

    SIZE(in6_addr);
    SIZE(sockaddr_in6);
    FIELD(sockaddr_in6, sin6_family);
    FIELD(sockaddr_in6, sin6_port);
    FIELD(sockaddr_in6, sin6_flowinfo);
    FIELD(sockaddr_in6, sin6_addr);
    FIELD(sockaddr_in6, sin6_scope_id);

    SIZE(sockaddr_un);
    FIELD(sockaddr_un, sun_family);
    FIELD(sockaddr_un, sun_path);

    SIZE(addrinfo);
    FIELD(addrinfo, ai_flags);
    FIELD(addrinfo, ai_family);
    FIELD(addrinfo, ai_socktype);
    FIELD(addrinfo, ai_protocol);
    FIELD(addrinfo, ai_addrlen);
    FIELD(addrinfo, ai_addr);
    FIELD(addrinfo, ai_canonname);
    FIELD(addrinfo, ai_next);

    SIZE(hostent);
    FIELD(hostent, h_name);
    FIELD(hostent, h_aliases);
    FIELD(hostent, h_addrtype);
    FIELD(hostent, h_length);
    FIELD(hostent, h_addr_list);

    SIZE(servent);
    FIELD(servent, s_name);
    FIELD(servent, s_aliases);
    FIELD(servent, s_port);
    FIELD(servent, s_proto);

    SIZE(protoent);
    FIELD(protoent, p_name);
    FIELD(protoent, p_aliases);
    FIELD(protoent, p_proto);

    SIZE(pollfd);
    FIELD(pollfd, fd);
    FIELD(pollfd, events);
    FIELD(pollfd, revents);

    SIZE(timeval);
    FIELD(timeval, tv_sec);
    FIELD(timeval, tv_usec);

    SIZE(timespec);
    FIELD(timespec, tv_sec);
    FIELD(timespec, tv_nsec);

    SIZE(linger);
    FIELD(linger, l_onoff);
    FIELD(linger, l_linger);

    SIZE(iovec);
    FIELD(iovec, iov_base);
    FIELD(iovec, iov_len);

    SIZE(msghdr);
    FIELD(msghdr, msg_name);
    FIELD(msghdr, msg_namelen);
    FIELD(msghdr, msg_iov);
    FIELD(msghdr, msg_iovlen);
    FIELD(msghdr, msg_control);
    FIELD(msghdr, msg_controllen);
    FIELD(msghdr, msg_flags);

    SIZE(cmsghdr);
    FIELD(cmsghdr, cmsg_len);
    FIELD(cmsghdr, cmsg_level);
    FIELD(cmsghdr, cmsg_type);
    /* CMSG_LEN(0) is where the data starts; CMSG_SPACE(1) - CMSG_LEN(0) is the alignment. */
    P("M:CMSG_LEN_0", CMSG_LEN(0));
    P("M:CMSG_SPACE_1", CMSG_SPACE(1));
    P("M:CMSG_SPACE_0", CMSG_SPACE(0));

    SIZE(ip_mreq);
    FIELD(ip_mreq, imr_multiaddr);
    FIELD(ip_mreq, imr_interface);
    SIZE(ipv6_mreq);
    FIELD(ipv6_mreq, ipv6mr_multiaddr);
    FIELD(ipv6_mreq, ipv6mr_interface);
    /* Structs only some targets have, measured without a Rust declaration (the sockopt
     * encoders write them as bytes at these offsets). */
#if defined(__linux__) || defined(__FreeBSD__)
    P("M:ip_mreqn_size", sizeof(struct ip_mreqn));
    P("M:ip_mreqn_multiaddr", offsetof(struct ip_mreqn, imr_multiaddr));
    P("M:ip_mreqn_address", offsetof(struct ip_mreqn, imr_address));
    P("M:ip_mreqn_ifindex", offsetof(struct ip_mreqn, imr_ifindex));
    P("M:ip_mreqn_ifindex_size", sizeof(((struct ip_mreqn *)0)->imr_ifindex));
#endif
#ifdef MCAST_JOIN_GROUP
    P("M:group_req_size", sizeof(struct group_req));
    P("M:group_req_interface", offsetof(struct group_req, gr_interface));
    P("M:group_req_interface_size", sizeof(((struct group_req *)0)->gr_interface));
    P("M:group_req_group", offsetof(struct group_req, gr_group));
#endif

#if defined(__linux__)
    SIZE(mmsghdr);
    FIELD(mmsghdr, msg_hdr);
    FIELD(mmsghdr, msg_len);
    SIZE(ucred);
    FIELD(ucred, pid);
    FIELD(ucred, uid);
    FIELD(ucred, gid);
#endif

    TYPE(rlim_t);
    SIZE(rlimit);
    FIELD(rlimit, rlim_cur);
    FIELD(rlimit, rlim_max);
    SIZE(itimerval);
    FIELD(itimerval, it_interval);
    FIELD(itimerval, it_value);
#if defined(__linux__)
    /* sigset_t is a typedef, not a struct: measured by hand under the struct markers. */
    P("S:sigset_t", sizeof(sigset_t));
    P("A:sigset_t", _Alignof(sigset_t));
    SIZE(sigaction);
    FIELD(sigaction, sa_handler);
    FIELD(sigaction, sa_mask);
    FIELD(sigaction, sa_flags);
    FIELD(sigaction, sa_restorer);
#endif

#ifdef BSDSOCK_HAVE_LINUX_NETLINK_H
    SIZE(sockaddr_nl);
    FIELD(sockaddr_nl, nl_family);
    FIELD(sockaddr_nl, nl_pad);
    FIELD(sockaddr_nl, nl_pid);
    FIELD(sockaddr_nl, nl_groups);
    SIZE(nlmsghdr);
    FIELD(nlmsghdr, nlmsg_len);
    FIELD(nlmsghdr, nlmsg_type);
    FIELD(nlmsghdr, nlmsg_flags);
    FIELD(nlmsghdr, nlmsg_seq);
    FIELD(nlmsghdr, nlmsg_pid);
    SIZE(nlmsgerr);
    FIELD(nlmsgerr, error);
    FIELD(nlmsgerr, msg);
#endif
#ifdef BSDSOCK_HAVE_LINUX_RTNETLINK_H
    SIZE(rtgenmsg);
    FIELD(rtgenmsg, rtgen_family);
    SIZE(ifinfomsg);
    FIELD(ifinfomsg, ifi_family);
    FIELD(ifinfomsg, ifi_type);
    FIELD(ifinfomsg, ifi_index);
    FIELD(ifinfomsg, ifi_flags);
    FIELD(ifinfomsg, ifi_change);
    SIZE(rtattr);
    FIELD(rtattr, rta_len);
    FIELD(rtattr, rta_type);
#endif
#ifdef BSDSOCK_HAVE_LINUX_TIPC_H
    SIZE(sockaddr_tipc);
    FIELD(sockaddr_tipc, family);
    FIELD(sockaddr_tipc, addrtype);
    FIELD(sockaddr_tipc, scope);
    FIELD(sockaddr_tipc, addr);
    FIELD(sockaddr_tipc, addr.nameseq.type);
    FIELD(sockaddr_tipc, addr.nameseq.lower);
    FIELD(sockaddr_tipc, addr.nameseq.upper);
    FIELD(sockaddr_tipc, addr.name.name.type);
    FIELD(sockaddr_tipc, addr.name.name.instance);
    FIELD(sockaddr_tipc, addr.name.domain);
    FIELD(sockaddr_tipc, addr.id.ref);
    FIELD(sockaddr_tipc, addr.id.node);
#endif

    /* Python 3.13's Linux families and interface calls (src/sys/families.rs, src/sys/iface.rs):
     * the address structs the codec reads and writes (src/addr/{packet,vsock,can,alg,
     * qipcrtr}.rs), struct if_nameindex, struct ifreq (SIOCGIFNAME), and off_t (sendfile). */
    TYPE(off_t);
#ifdef BSDSOCK_HAVE_NET_IF_H
    SIZE(if_nameindex);
    FIELD(if_nameindex, if_index);
    FIELD(if_nameindex, if_name);
#if defined(__linux__)
    SIZE(ifreq);
    FIELD(ifreq, ifr_name);
    FIELD(ifreq, ifr_ifru);
    P("O:ifreq.ifr_ifru.ifru_ivalue", offsetof(struct ifreq, ifr_ifindex));
#endif
#endif
#ifdef BSDSOCK_HAVE_LINUX_IF_PACKET_H
    SIZE(sockaddr_ll);
    FIELD(sockaddr_ll, sll_family);
    FIELD(sockaddr_ll, sll_protocol);
    FIELD(sockaddr_ll, sll_ifindex);
    FIELD(sockaddr_ll, sll_hatype);
    FIELD(sockaddr_ll, sll_pkttype);
    FIELD(sockaddr_ll, sll_halen);
    FIELD(sockaddr_ll, sll_addr);
#endif
#ifdef BSDSOCK_HAVE_LINUX_VM_SOCKETS_H
    SIZE(sockaddr_vm);
    FIELD(sockaddr_vm, svm_family);
    FIELD(sockaddr_vm, svm_reserved1);
    FIELD(sockaddr_vm, svm_port);
    FIELD(sockaddr_vm, svm_cid);
#ifdef VMADDR_FLAG_TO_HOST
    FIELD(sockaddr_vm, svm_flags);
#endif
    FIELD(sockaddr_vm, svm_zero);
#endif
#ifdef BSDSOCK_HAVE_LINUX_CAN_H
    SIZE(sockaddr_can);
    FIELD(sockaddr_can, can_family);
    FIELD(sockaddr_can, can_ifindex);
    FIELD(sockaddr_can, can_addr);
    FIELD(sockaddr_can, can_addr.tp.rx_id);
    FIELD(sockaddr_can, can_addr.tp.tx_id);
#ifdef CAN_J1939
    FIELD(sockaddr_can, can_addr.j1939.name);
    FIELD(sockaddr_can, can_addr.j1939.pgn);
    FIELD(sockaddr_can, can_addr.j1939.addr);
#endif
#endif
#ifdef BSDSOCK_HAVE_LINUX_IF_ALG_H
    SIZE(sockaddr_alg);
    FIELD(sockaddr_alg, salg_family);
    FIELD(sockaddr_alg, salg_type);
    FIELD(sockaddr_alg, salg_feat);
    FIELD(sockaddr_alg, salg_mask);
    FIELD(sockaddr_alg, salg_name);
#endif
#ifdef BSDSOCK_HAVE_LINUX_QRTR_H
    SIZE(sockaddr_qrtr);
    FIELD(sockaddr_qrtr, sq_family);
    FIELD(sockaddr_qrtr, sq_node);
    FIELD(sockaddr_qrtr, sq_port);
#endif

    /* select module: select(2)'s fd_set (a typedef, measured by hand), the bits per word of
     * its array, epoll(7)'s epoll_event (packed on x86_64 only), kqueue(2)'s struct kevent
     * (its field types and ext[] differ per BSD; the sizes and offsets say which). */
    P("S:fd_set", sizeof(fd_set));
    P("A:fd_set", _Alignof(fd_set));
#ifdef NFDBITS
    P("M:NFDBITS", NFDBITS);
#endif
    /* Packed structs get offsets and field sizes as plain values (M:), not O:/F: markers:
     * the generated assertions take references to fields, which Rust refuses for packed
     * ones; sys/select.rs asserts these by hand. */
#define PACKED_FIELD(s, f) P("M:" #s "_" #f "_offset", offsetof(struct s, f)); \
                           P("M:" #s "_" #f "_size", sizeof(((struct s *)0)->f))
#ifdef BSDSOCK_HAVE_SYS_EPOLL_H
    SIZE(epoll_event);
    PACKED_FIELD(epoll_event, events);
    PACKED_FIELD(epoll_event, data);
#endif
#if defined(BSDSOCK_HAVE_SYS_EVENT_H) && !defined(__linux__)
    SIZE(kevent);
    PACKED_FIELD(kevent, ident);
    PACKED_FIELD(kevent, filter);
    PACKED_FIELD(kevent, flags);
    PACKED_FIELD(kevent, fflags);
    PACKED_FIELD(kevent, data);
    PACKED_FIELD(kevent, udata);
#endif

    /* @CONSTANTS@ */
}
