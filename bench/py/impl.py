"""CPython's implementation of every workload (contract: bench/src/common.rs).

Runs unchanged on CPython 2.7 and 3.x:  python impl.py <workload> <N>  prints
`ns_per_op=<float> ops=<n>`, or `n/a <why>` with exit status 2. The echo side of a
ping-pong is a fork()ed child (a thread would add the GIL hand-off to every round trip).
"""
import os
import socket
import sys
import time

try:
    clock = time.perf_counter
except AttributeError:  # 2.7
    clock = time.time
try:
    rng = xrange
except NameError:
    rng = range

BULK = 64 * 1024
BURST = 32
DGRAM = 64
TIMEOUT_S = 5.0
PTON4 = ["127.0.0.1", "192.168.100.200", "10.0.0.1", "255.255.255.255"]
PTON6 = ["::1", "2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a",
         "2001:db8:85a3:0:0:8a2e:370:7334"]
NTOP6 = [bytes(bytearray(b)) for b in (
    [0] * 15 + [1],
    [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34],
    [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0xfe, 0x23, 0x45, 0x67, 0x89, 0x0a],
    [0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34])]
ATON = ["127.0.0.1", "192.168.100.200", "10.1", "0x7f.1"]


def timed(n, op):
    """op(k) runs k operations; N/10 warm-up, then N timed. Returns ns per operation."""
    op(max(n // 10, 1))
    t = clock()
    op(n)
    return (clock() - t) * 1e9 / n


def child(body):
    """Runs body() in a fork()ed child; returns its pid."""
    pid = os.fork()
    if pid == 0:
        try:
            body()
        finally:
            os._exit(0)
    return pid


def pingpong(a, b, n):
    def echo():
        a.close()
        while True:
            d = b.recv(1)
            if not d:
                break
            b.sendall(d)
    pid = child(echo)
    b.close()

    def op(k):
        send, recv = a.sendall, a.recv
        for _ in rng(k):
            send(b"x")
            if len(recv(1)) != 1:
                raise RuntimeError("short")
    ns = timed(n, op)
    a.send(b"")  # an empty datagram ends the UDP echo too
    a.close()
    os.waitpid(pid, 0)
    return ns


def tcp_listener():
    l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    l.bind(("127.0.0.1", 0))
    l.listen(4096)
    return l


def tcp_pair():
    l = tcp_listener()
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.connect(l.getsockname())
    s, _ = l.accept()
    l.close()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c, s


def udp_pair():
    a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    a.bind(("127.0.0.1", 0))
    b.bind(("127.0.0.1", 0))
    a.connect(b.getsockname())
    b.connect(a.getsockname())
    return a, b


def loop(fn, args_list):
    """An op(k) calling fn(*args) cycling through args_list."""
    m = len(args_list)

    def op(k):
        for i in rng(k):
            fn(*args_list[i % m])
    return op


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: impl.py <workload> <N>\n")
        sys.exit(64)
    w, n = sys.argv[1], int(sys.argv[2])
    if w == "unix_pingpong":
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        ns = pingpong(a, b, n)
    elif w == "tcp_pingpong":
        ns = pingpong(*tcp_pair() + (n,))
    elif w == "udp_pingpong":
        ns = pingpong(*udp_pair() + (n,))
    elif w == "timeout_pingpong":
        a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        a.settimeout(TIMEOUT_S)
        b.settimeout(TIMEOUT_S)
        ns = pingpong(a, b, n)
    elif w == "tcp_bulk":
        c, s = tcp_pair()
        total = (n + max(n // 10, 1)) * BULK

        def sink():
            c.close()
            buf = bytearray(BULK)
            got = 0
            while got < total:
                k = s.recv_into(buf)
                if k <= 0:
                    raise RuntimeError("eof")
                got += k
            s.sendall(b"k")
        pid = child(sink)
        s.close()
        data = b"\x07" * BULK

        def op(k):
            for _ in rng(k):
                c.sendall(data)
        ns = timed(n, op)
        c.recv(1)
        os.waitpid(pid, 0)
    elif w == "inet_pton4":
        ns = timed(n, loop(socket.inet_pton, [(socket.AF_INET, t) for t in PTON4]))
    elif w == "inet_pton6":
        ns = timed(n, loop(socket.inet_pton, [(socket.AF_INET6, t) for t in PTON6]))
    elif w == "inet_ntop6":
        ns = timed(n, loop(socket.inet_ntop, [(socket.AF_INET6, p) for p in NTOP6]))
    elif w == "inet_aton":
        ns = timed(n, loop(socket.inet_aton, [(t,) for t in ATON]))
    elif w == "sockaddr_text":
        l = tcp_listener()
        ns = timed(n, loop(l.getsockname, [()]))
    elif w == "getaddrinfo":
        args = ("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
        ns = timed(n, loop(socket.getaddrinfo, [args]))
    elif w == "create_connection":
        l = tcp_listener()
        addr = l.getsockname()
        total = n + max(n // 10, 1)

        def acceptor():
            for _ in rng(total):
                l.accept()[0].close()
        pid = child(acceptor)
        l.close()

        def op(k):
            for _ in rng(k):
                c = socket.create_connection(addr)
                if c.recv(1):
                    raise RuntimeError("data")
                c.close()
        ns = timed(n, op)
        os.waitpid(pid, 0)
    elif w == "udp_burst":
        a, b = udp_pair()
        data = b"\x07" * DGRAM

        def op(k):
            send, recv = a.send, b.recv
            for _ in rng(k):
                for _ in rng(BURST):
                    send(data)
                for _ in rng(BURST):
                    recv(DGRAM)
        ns = timed(n, op)
    elif w == "udp_burst_batched":
        print("n/a CPython's socket module has no sendmmsg/recvmmsg")
        sys.exit(2)
    else:
        sys.stderr.write("unknown workload %s\n" % w)
        sys.exit(64)
    print("ns_per_op=%.3f ops=%d" % (ns, n))


if __name__ == "__main__":
    main()
