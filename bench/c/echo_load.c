/* The load generator of the epoll_echo benchmark (bench/run.py): opens N connections to
 * 127.0.0.1:PORT (at most 256 connects in flight), then keeps one MSG-byte request in
 * flight on every connection: send, wait for the whole echo, check it byte for byte, send
 * the next. The first request of every connection is warm-up; the next R echoes are timed.
 * Prints `rps=<requests per second> ns_per_op=<ns per request> ops=R`, closes everything
 * (the server exits when all N are closed). Single-threaded, level-triggered epoll.
 *   echo_load PORT N R [MSG]      Built by bench/run.py with `cc -O2`. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHECK(x) do { if (!(x)) { perror(#x); exit(1); } } while (0)
#define MAXMSG 1024

struct conn { uint32_t id, seq; int sent, got, up; };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int msg_len = 64;

static void fill(unsigned char *m, uint32_t id, uint32_t seq) {
    for (int k = 0; k < msg_len; k++) m[k] = (unsigned char)(id * 131u ^ seq * 31u ^ k * 7u);
    memcpy(m, &id, 4);
    memcpy(m + 4, &seq, 4);
}

/* Send the connection's current request. With one small request in flight per
 * connection the socket buffer always has room; a send that would block stops the run. */
static void push(int fd, struct conn *c) {
    unsigned char m[MAXMSG];
    fill(m, c->id, c->seq);
    while (c->sent < msg_len) {
        ssize_t w = send(fd, m + c->sent, msg_len - c->sent, MSG_NOSIGNAL);
        CHECK(w > 0);
        c->sent += w;
    }
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s PORT N R [MSG]\n", argv[0]); return 64; }
    int port = atoi(argv[1]);
    long n = atol(argv[2]), r = atol(argv[3]);
    if (argc > 4) msg_len = atoi(argv[4]);
    CHECK(msg_len >= 8 && msg_len <= MAXMSG);
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    rl.rlim_cur = rl.rlim_max;
    CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
    CHECK((rlim_t)n + 16 <= rl.rlim_cur);
    size_t cap = n + 64 > 1024 ? (size_t)rl.rlim_cur : 1024;
    struct conn *cs = calloc(cap, sizeof *cs);
    int *fds = malloc(n * sizeof *fds);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(cs && fds && ep >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct epoll_event evs[1024];
    int one = 1;
    long started = 0, up = 0, in_flight = 0;
    while (up < n) {
        while (started < n && in_flight < 256) {
            int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            CHECK(fd >= 0 && (size_t)fd < cap);
            CHECK(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
            if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) CHECK(errno == EINPROGRESS);
            struct epoll_event e = {.events = EPOLLOUT, .data.fd = fd};
            CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) == 0);
            cs[fd] = (struct conn){.id = (uint32_t)started};
            fds[started++] = fd;
            in_flight++;
        }
        int k = epoll_wait(ep, evs, 1024, 1000);
        if (k < 0 && errno == EINTR) continue;
        CHECK(k >= 0);
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            if (cs[fd].up) continue;
            int err = 0;
            socklen_t el = sizeof err;
            CHECK(getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0);
            if (err) { errno = err; perror("connect"); exit(1); }
            cs[fd].up = 1;
            struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
            CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e) == 0);
            up++;
            in_flight--;
        }
    }
    for (long i = 0; i < n; i++) push(fds[i], &cs[fds[i]]);
    long done = 0, target = n + r, outstanding = n;
    double t0 = 0, t1 = 0;
    unsigned char want[MAXMSG];
    unsigned char (*inbuf)[MAXMSG] = calloc(cap, MAXMSG);
    CHECK(inbuf);
    /* Until R echoes after the warm-up are in; then no new requests, and the ones still in
     * flight are read, so every connection closes with nothing unread (no reset). */
    while (outstanding > 0) {
        int k = epoll_wait(ep, evs, 1024, -1);
        if (k < 0 && errno == EINTR) continue;
        CHECK(k >= 0);
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            struct conn *c = &cs[fd];
            ssize_t g = recv(fd, inbuf[fd] + c->got, msg_len - c->got, 0);
            if (g < 0) { CHECK(errno == EAGAIN || errno == EWOULDBLOCK); continue; }
            CHECK(g > 0);
            c->got += g;
            if (c->got < msg_len) continue;
            fill(want, c->id, c->seq);
            CHECK(memcmp(inbuf[fd], want, msg_len) == 0);
            outstanding--;
            if (++done == n) t0 = now();
            if (done == target) t1 = now();
            c->seq++;
            c->got = 0;
            c->sent = 0;
            if (done < target) {
                push(fd, c);
                outstanding++;
            }
        }
    }
    double ns = t1 - t0;
    printf("rps=%.1f ns_per_op=%.1f ops=%ld\n", r / (ns / 1e9), ns / r, r);
    fflush(stdout);
    for (long i = 0; i < n; i++) close(fds[i]);
    return 0;
}
