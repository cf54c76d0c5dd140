/* glibc's pure functions alone, K calls each, for instruction counts under callgrind
 * (see src/bin/pure.rs):  pure_c <function> <K>. Built by bench/run.py with cc -O2. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char *PTON4[] = {"127.0.0.1", "192.168.100.200", "10.0.0.1", "255.255.255.255"};
static const char *PTON6[] = {"::1", "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
                              "2001:db8:85a3:0:0:8a2e:370:7334"};
static const unsigned char NTOP6[4][16] = {
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34},
    {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0xfe, 0x23, 0x45, 0x67, 0x89, 0x0a},
    {0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34}};
static const unsigned char NTOP4[4][4] = {{127, 0, 0, 1}, {192, 168, 100, 200}, {10, 0, 0, 1},
                                          {255, 255, 255, 255}};
static const char *ATON[] = {"127.0.0.1", "192.168.100.200", "10.1", "0x7f.1"};

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: pure_c <function> <K>\n"); return 64; }
    const char *f = argv[1];
    uint64_t k = strtoull(argv[2], NULL, 10), sum = 0;
    char t[INET6_ADDRSTRLEN];
    for (uint64_t i = 0; i < k; i++) {
        if (!strcmp(f, "pton4")) {
            struct in_addr x;
            if (inet_pton(AF_INET, PTON4[i % 4], &x) != 1) return 1;
            sum += x.s_addr;
        } else if (!strcmp(f, "pton6")) {
            struct in6_addr x;
            if (inet_pton(AF_INET6, PTON6[i % 4], &x) != 1) return 1;
            sum += x.s6_addr[15];
        } else if (!strcmp(f, "ntop4")) {
            if (!inet_ntop(AF_INET, NTOP4[i % 4], t, sizeof t)) return 1;
            sum += (unsigned char)t[1];
        } else if (!strcmp(f, "ntop6")) {
            if (!inet_ntop(AF_INET6, NTOP6[i % 4], t, sizeof t)) return 1;
            sum += (unsigned char)t[1];
        } else if (!strcmp(f, "aton")) {
            struct in_addr x;
            if (!inet_aton(ATON[i % 4], &x)) return 1;
            sum += x.s_addr;
        } else if (!strcmp(f, "sockaddr_text")) {
            struct sockaddr_in s;
            memset(&s, 0, sizeof s);
            s.sin_family = AF_INET;
            s.sin_port = htons((uint16_t)(40000 + i % 4));
            memcpy(&s.sin_addr, NTOP4[i % 4], 4);
            __asm__ volatile("" : : "r"(&s) : "memory");
            if (!inet_ntop(AF_INET, &s.sin_addr, t, sizeof t)) return 1;
            sum += ntohs(s.sin_port) + (unsigned char)t[1];
        } else {
            fprintf(stderr, "unknown function %s\n", f);
            return 64;
        }
    }
    printf("checksum=%llu\n", (unsigned long long)sum);
    return 0;
}
