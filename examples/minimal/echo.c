/*
 * The C twin of src/main.rs, for the size comparison in .ci/minimal-size.sh: a TCP echo
 * server on 127.0.0.1, port from argv[1]. Serves clients one after another, echoing until the
 * client closes; a client whose first bytes are "stop" ends the server (exit 0). Same calls
 * as the Rust one: socket, setsockopt(SO_REUSEADDR), bind, listen, accept4, recv, send with
 * MSG_NOSIGNAL, close.
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int parse_port(const char *s) {
    long v = 0;
    if (!s || !*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (*s - '0');
        if (v > 65535) return -1;
    }
    return (int)v;
}

int main(int argc, char **argv) {
    int port = parse_port(argc > 1 ? argv[1] : 0);
    if (port < 0) {
        static const char usage[] = "usage: echo-minimal PORT\n";
        write(2, usage, sizeof usage - 1);
        return 2;
    }
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return 1;
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) < 0 || listen(s, 8) < 0) return 1;
    for (;;) {
        int c = accept4(s, 0, 0, SOCK_CLOEXEC);
        if (c < 0) continue;
        char buf[4096];
        ssize_t n;
        int first = 1, stop = 0;
        while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
            if (first && n >= 4 && memcmp(buf, "stop", 4) == 0) { stop = 1; break; }
            first = 0;
            for (ssize_t off = 0; off < n;) {
                ssize_t w = send(c, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
                if (w <= 0) { n = -1; break; }
                off += w;
            }
            if (n < 0) break;
        }
        close(c);
        if (stop) break;
    }
    close(s);
    return 0;
}
