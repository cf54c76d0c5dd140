/* The epoll echo server in C (contract: bench/src/echo.rs): level-triggered epoll, one
 * recv and one send per readable event, EPOLLOUT only while output is pending.
 * Built by bench/run.py with `cc -O2`. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define EVENTS 1024
#define BUF (64 * 1024)
#define CHECK(x) do { if (!(x)) { perror(#x); exit(1); } } while (0)

struct conn { char *out; size_t len; };

/* CPU time so far (user + system), ns: the first field of /proc/self/schedstat. */
static unsigned long long cpu_ns(void) {
    unsigned long long t = 0;
    FILE *f = fopen("/proc/self/schedstat", "r");
    if (f) { if (fscanf(f, "%llu", &t) != 1) t = 0; fclose(f); }
    return t;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s <connections>\n", argv[0]); return 64; }
    long n = atol(argv[1]);
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
    rl.rlim_cur = rl.rlim_max;
    CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    CHECK(l >= 0);
    int one = 1;
    CHECK(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    CHECK(bind(l, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(listen(l, 4096) == 0);
    CHECK(getsockname(l, (struct sockaddr *)&a, &alen) == 0);
    printf("port=%d\n", ntohs(a.sin_port));
    fflush(stdout);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = l};
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0);
    size_t nconns = rl.rlim_max > 1048576 ? 1048576 : rl.rlim_max;
    struct conn *conns = calloc(nconns, sizeof *conns);
    struct epoll_event *evs = malloc(EVENTS * sizeof *evs);
    char *buf = malloc(BUF);
    CHECK(conns && evs && buf);
    long accepted = 0, closed = 0;
    unsigned long long since = 0;
    while (closed < n) {
        int k = epoll_wait(ep, evs, EVENTS, -1);
        if (k < 0 && errno == EINTR) continue;
        CHECK(k >= 0);
        for (int i = 0; i < k; i++) {
            int fd = evs[i].data.fd;
            if (fd == l) {
                for (;;) {
                    int c = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (c < 0) {
                        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
                        CHECK(c >= 0);
                    }
                    CHECK((size_t)c < nconns);
                    CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == 0);
                    struct epoll_event e = {.events = EPOLLIN, .data.fd = c};
                    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, c, &e) == 0);
                    if (++accepted == n) since = cpu_ns();
                }
                continue;
            }
            struct conn *c = &conns[fd];
            if (c->len) {
                ssize_t w = send(fd, c->out, c->len, MSG_NOSIGNAL);
                if (w < 0) { CHECK(errno == EAGAIN || errno == EWOULDBLOCK); w = 0; }
                memmove(c->out, c->out + w, c->len - w);
                c->len -= w;
                if (!c->len) {
                    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
                    CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e) == 0);
                }
                continue;
            }
            ssize_t r = recv(fd, buf, BUF, 0);
            if (r == 0) {
                free(c->out);
                c->out = NULL;
                close(fd);
                closed++;
                continue;
            }
            if (r < 0) { CHECK(errno == EAGAIN || errno == EWOULDBLOCK); continue; }
            ssize_t w = send(fd, buf, r, MSG_NOSIGNAL);
            if (w < 0) { CHECK(errno == EAGAIN || errno == EWOULDBLOCK); w = 0; }
            if (w < r) {
                c->out = realloc(c->out, r - w);
                CHECK(c->out);
                memcpy(c->out, buf + w, r - w);
                c->len = r - w;
                struct epoll_event e = {.events = EPOLLOUT, .data.fd = fd};
                CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e) == 0);
            }
        }
    }
    printf("cpu_ns=%llu\n", cpu_ns() - since);
    return 0;
}
