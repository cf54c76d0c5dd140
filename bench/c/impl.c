/* C calling libc directly: every workload of the harness (contract: src/common.rs).
 * Built by bench/run.py with `cc -O2 -pthread`, three times: impl_c (timeout_pingpong as
 * CPython does it: O_NONBLOCK descriptor, poll() before every send/recv), impl_c_tryfirst
 * (-DTIMEOUT_TRYFIRST: O_NONBLOCK descriptor, the call first, poll() only after EAGAIN) and
 * impl_c_blocking (-DTIMEOUT_BLOCKING: timeout_pingpong on plain blocking descriptors, no
 * timeout). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BULK (64 * 1024)
#define BURST 32
#define DGRAM 64
#define TIMEOUT_MS 5000

static const char *PTON4[] = {"127.0.0.1", "192.168.100.200", "10.0.0.1", "255.255.255.255"};
static const char *PTON6[] = {"::1", "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
                              "2001:db8:85a3:0:0:8a2e:370:7334"};
static const unsigned char NTOP6[4][16] = {
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34},
    {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0xfe, 0x23, 0x45, 0x67, 0x89, 0x0a},
    {0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34}};
static const char *ATON[] = {"127.0.0.1", "192.168.100.200", "10.1", "0x7f.1"};

#define CHECK(x) do { if (!(x)) { perror(#x); exit(1); } } while (0)
static volatile uint64_t sink;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

/* CPython's timeout mode (sock_call_ex): poll for readiness, then the call. */
static int timeout_mode;
static void wait_fd(int fd, short ev) {
    if (!timeout_mode) return;
    struct pollfd p = {fd, ev, 0};
    int r;
    do r = poll(&p, 1, TIMEOUT_MS); while (r < 0 && errno == EINTR);
    CHECK(r == 1);
}
#ifdef TIMEOUT_TRYFIRST
/* "Try first, poll on EAGAIN": the call at once, a poll only when it would block. */
static ssize_t rcv(int fd, void *b, size_t n) {
    for (;;) {
        ssize_t k = recv(fd, b, n, 0);
        if (k >= 0 || (errno != EAGAIN && errno != EINTR)) return k;
        if (errno == EAGAIN) wait_fd(fd, POLLIN);
    }
}
static void sendall(int fd, const void *b, size_t n) {
    const char *p = b;
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EAGAIN) { wait_fd(fd, POLLOUT); continue; }
        if (k < 0 && errno == EINTR) continue;
        CHECK(k >= 0);
        p += k; n -= (size_t)k;
    }
}
#else
static ssize_t rcv(int fd, void *b, size_t n) {
    ssize_t k;
    do { wait_fd(fd, POLLIN); k = recv(fd, b, n, 0); } while (k < 0 && errno == EINTR);
    return k;
}
static void sendall(int fd, const void *b, size_t n) {
    const char *p = b;
    while (n > 0) {
        wait_fd(fd, POLLOUT);
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        CHECK(k >= 0);
        p += k; n -= (size_t)k;
    }
}
#endif

static void *echo(void *arg) {
    int fd = (int)(intptr_t)arg;
    char b[1];
    ssize_t k;
    while ((k = rcv(fd, b, 1)) > 0) sendall(fd, b, (size_t)k);
    return NULL;
}

static uint64_t warm(uint64_t n) { return n / 10 ? n / 10 : 1; }

static double pingpong(int a, int b, uint64_t n) {
    pthread_t t;
    CHECK(pthread_create(&t, NULL, echo, (void *)(intptr_t)b) == 0);
    char c[1];
    uint64_t w = warm(n);
    double t0 = 0;
    for (uint64_t i = 0; i < w + n; i++) {
        if (i == w) t0 = now();
        sendall(a, "x", 1);
        CHECK(rcv(a, c, 1) == 1);
    }
    double ns = (now() - t0) / n;
    CHECK(send(a, "", 0, 0) == 0); /* an empty datagram ends the UDP echo too */
    close(a);
    pthread_join(t, NULL);
    close(b);
    return ns;
}

static struct sockaddr_in loopback(uint16_t port) {
    struct sockaddr_in s;
    memset(&s, 0, sizeof s);
    s.sin_family = AF_INET;
    s.sin_port = htons(port);
    s.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return s;
}

static int tcp_listener(struct sockaddr_in *addr) {
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    *addr = loopback(0);
    CHECK(bind(l, (struct sockaddr *)addr, sizeof *addr) == 0);
    CHECK(listen(l, 4096) == 0);
    socklen_t len = sizeof *addr;
    CHECK(getsockname(l, (struct sockaddr *)addr, &len) == 0);
    return l;
}

static void tcp_pair(int *c, int *s) {
    struct sockaddr_in a;
    int l = tcp_listener(&a), one = 1;
    *c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(connect(*c, (struct sockaddr *)&a, sizeof a) == 0);
    *s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    CHECK(*s >= 0);
    close(l);
    CHECK(setsockopt(*c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
    CHECK(setsockopt(*s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
}

static void udp_pair(int *a, int *b) {
    struct sockaddr_in x = loopback(0), y = loopback(0);
    socklen_t len = sizeof x;
    *a = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    *b = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    CHECK(bind(*a, (struct sockaddr *)&x, sizeof x) == 0);
    CHECK(bind(*b, (struct sockaddr *)&y, sizeof y) == 0);
    CHECK(getsockname(*a, (struct sockaddr *)&x, &len) == 0);
    CHECK(getsockname(*b, (struct sockaddr *)&y, &len) == 0);
    CHECK(connect(*a, (struct sockaddr *)&y, sizeof y) == 0);
    CHECK(connect(*b, (struct sockaddr *)&x, sizeof x) == 0);
}

struct bulk { int fd; uint64_t total; };
static void *bulk_sink(void *arg) {
    struct bulk *b = arg;
    static char buf[BULK];
    uint64_t got = 0;
    while (got < b->total) {
        ssize_t k = recv(b->fd, buf, BULK, 0);
        CHECK(k > 0);
        got += (uint64_t)k;
    }
    sendall(b->fd, "k", 1);
    return NULL;
}

struct acc { int l; uint64_t total; };
static void *acceptor(void *arg) {
    struct acc *a = arg;
    for (uint64_t i = 0; i < a->total; i++) {
        int s = accept4(a->l, NULL, NULL, SOCK_CLOEXEC);
        CHECK(s >= 0);
        close(s);
    }
    return NULL;
}

/* Times `body` (a statement using i) over N after N/10 warm-up iterations. */
#define TIME(n, body) ({ \
    uint64_t w_ = warm(n); double t0_ = 0; \
    for (uint64_t i = 0; i < w_ + (n); i++) { if (i == w_) t0_ = now(); body; } \
    (now() - t0_) / (n); })

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s <workload> <N>\n", argv[0]); return 64; }
    const char *w = argv[1];
    uint64_t n = strtoull(argv[2], NULL, 10);
    if (n == 0) { fprintf(stderr, "N must be a positive integer\n"); return 64; }
    double ns;
    int a, b;
    if (!strcmp(w, "unix_pingpong")) {
        int sv[2];
        CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
        ns = pingpong(sv[0], sv[1], n);
    } else if (!strcmp(w, "tcp_pingpong")) {
        tcp_pair(&a, &b);
        ns = pingpong(a, b, n);
    } else if (!strcmp(w, "udp_pingpong")) {
        udp_pair(&a, &b);
        ns = pingpong(a, b, n);
    } else if (!strcmp(w, "timeout_pingpong")) {
        int sv[2];
        CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
#ifndef TIMEOUT_BLOCKING
        timeout_mode = 1;
        for (int i = 0; i < 2; i++)
            CHECK(fcntl(sv[i], F_SETFL, fcntl(sv[i], F_GETFL) | O_NONBLOCK) == 0);
#endif
        ns = pingpong(sv[0], sv[1], n);
    } else if (!strcmp(w, "tcp_bulk")) {
        tcp_pair(&a, &b);
        struct bulk bk = {b, (n + warm(n)) * BULK};
        pthread_t t;
        CHECK(pthread_create(&t, NULL, bulk_sink, &bk) == 0);
        static char data[BULK];
        memset(data, 7, BULK);
        ns = TIME(n, sendall(a, data, BULK));
        char k;
        CHECK(recv(a, &k, 1, 0) == 1);
        pthread_join(t, NULL);
    } else if (!strcmp(w, "inet_pton4")) {
        struct in_addr x;
        ns = TIME(n, { CHECK(inet_pton(AF_INET, PTON4[i % 4], &x) == 1); sink += x.s_addr; });
    } else if (!strcmp(w, "inet_pton6")) {
        struct in6_addr x;
        ns = TIME(n, { CHECK(inet_pton(AF_INET6, PTON6[i % 4], &x) == 1); sink += x.s6_addr[15]; });
    } else if (!strcmp(w, "inet_ntop6")) {
        char t[INET6_ADDRSTRLEN];
        ns = TIME(n, { CHECK(inet_ntop(AF_INET6, NTOP6[i % 4], t, sizeof t)); sink += t[1]; });
    } else if (!strcmp(w, "inet_aton")) {
        struct in_addr x;
        ns = TIME(n, { CHECK(inet_aton(ATON[i % 4], &x) == 1); sink += x.s_addr; });
    } else if (!strcmp(w, "sockaddr_text")) {
        struct sockaddr_in addr;
        int l = tcp_listener(&addr);
        char t[INET6_ADDRSTRLEN];
        ns = TIME(n, {
            struct sockaddr_storage ss;
            socklen_t len = sizeof ss;
            CHECK(getsockname(l, (struct sockaddr *)&ss, &len) == 0);
            struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
            CHECK(inet_ntop(AF_INET, &s4->sin_addr, t, sizeof t));
            sink += ntohs(s4->sin_port) + t[0];
        });
    } else if (!strcmp(w, "getaddrinfo")) {
        struct addrinfo h, *r;
        memset(&h, 0, sizeof h);
        h.ai_family = AF_INET;
        h.ai_socktype = SOCK_STREAM;
        h.ai_flags = AI_NUMERICHOST;
        ns = TIME(n, {
            CHECK(getaddrinfo("127.0.0.1", "80", &h, &r) == 0);
            for (struct addrinfo *e = r; e; e = e->ai_next) sink += e->ai_addrlen;
            freeaddrinfo(r);
        });
    } else if (!strcmp(w, "create_connection")) {
        struct sockaddr_in addr;
        struct acc ac = {tcp_listener(&addr), n + warm(n)};
        pthread_t t;
        CHECK(pthread_create(&t, NULL, acceptor, &ac) == 0);
        char c;
        ns = TIME(n, {
            int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            CHECK(connect(s, (struct sockaddr *)&addr, sizeof addr) == 0);
            CHECK(recv(s, &c, 1, 0) == 0);
            close(s);
        });
        pthread_join(t, NULL);
    } else if (!strcmp(w, "udp_burst")) {
        udp_pair(&a, &b);
        char data[DGRAM], buf[DGRAM];
        memset(data, 7, DGRAM);
        ns = TIME(n, {
            for (int j = 0; j < BURST; j++) CHECK(send(a, data, DGRAM, 0) == DGRAM);
            for (int j = 0; j < BURST; j++) CHECK(recv(b, buf, DGRAM, 0) == DGRAM);
        });
    } else if (!strcmp(w, "udp_burst_batched")) {
        udp_pair(&a, &b);
        static char data[DGRAM], bufs[BURST][DGRAM];
        struct mmsghdr sm[BURST], rm[BURST];
        struct iovec siov[BURST], riov[BURST];
        memset(sm, 0, sizeof sm);
        memset(rm, 0, sizeof rm);
        for (int j = 0; j < BURST; j++) {
            siov[j] = (struct iovec){data, DGRAM};
            riov[j] = (struct iovec){bufs[j], DGRAM};
            sm[j].msg_hdr.msg_iov = &siov[j];
            sm[j].msg_hdr.msg_iovlen = 1;
            rm[j].msg_hdr.msg_iov = &riov[j];
            rm[j].msg_hdr.msg_iovlen = 1;
        }
        ns = TIME(n, {
            CHECK(sendmmsg(a, sm, BURST, 0) == BURST);
            CHECK(recvmmsg(b, rm, BURST, 0, NULL) == BURST);
        });
    } else {
        fprintf(stderr, "unknown workload %s\n", w);
        return 64;
    }
    printf("ns_per_op=%.3f ops=%llu\n", ns, (unsigned long long)n);
    return 0;
}
