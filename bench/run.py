#!/usr/bin/env python3
"""bsdsock's side-by-side benchmark driver.

    python3 bench/run.py            # full run: builds everything, writes BENCHMARKS.md
    python3 bench/run.py --quick    # CI: N/50, one repetition, writes bench/target/bench-quick.md

The epoll echo server section (`--only epoll_echo`) runs servers instead: each is
`<server> <N>` (bench/src/echo.rs), driven by one load generator (bench/c/echo_load.c) that
holds N connections and keeps one 64-byte request in flight on each; requests/s, the
server's CPU time per request and its peak RSS, interleaved the same way.

Every implementation is a program obeying one contract, `<program> <workload> <N>`, which
prints `ns_per_op=<float> ops=<n>` (or `n/a <why>`, exit status 2). The driver builds them
(cargo for the Rust ones, `cc -O2` for C), then per workload runs the implementations
interleaved A B C ... A B C ... for R repetitions, each process pinned with `taskset -c CORE`
(client and echo thread/child on the SAME core: a round trip is two context switches on one
CPU, with no cross-core wake-up latency, and the other core's load does not migrate into the
measurement). Peak RSS is the child's ru_maxrss from wait4(2). Ratios to C are paired: the
ratio within each repetition, then the median (min-max) over repetitions.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
TARGET = os.path.join(BENCH, "target")
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None

# workload -> (N for the full run, what one operation is)
WORKLOADS = [
    ("unix_pingpong", 20000, "1-byte round trip, AF_UNIX stream socketpair"),
    ("tcp_pingpong", 20000, "1-byte round trip, TCP loopback, TCP_NODELAY"),
    ("udp_pingpong", 20000, "1-byte round trip, connected UDP loopback"),
    ("tcp_bulk", 5000, "sendall of 64 KiB, receiver recv_into a 64 KiB buffer"),
    ("timeout_pingpong", 20000, "1-byte round trip, socketpair, timeout 5 s on both ends"),
    ("inet_pton4", 2000000, "inet_pton(AF_INET) of 4 texts in turn"),
    ("inet_pton6", 2000000, "inet_pton(AF_INET6) of 4 texts in turn"),
    ("inet_ntop6", 2000000, "inet_ntop(AF_INET6) of 4 addresses in turn"),
    ("inet_aton", 2000000, "inet_aton of 4 texts (classic forms) in turn"),
    ("sockaddr_text", 300000, "getsockname of a 127.0.0.1 socket + its host text and port"),
    ("getaddrinfo", 100000, "getaddrinfo('127.0.0.1', 80, AF_INET, SOCK_STREAM, AI_NUMERICHOST)"),
    ("create_connection", 3000, "connect to a loopback listener, read the EOF, close"),
    ("udp_burst", 3000, "32 datagrams of 64 bytes sent one call each, then received"),
    ("udp_burst_batched", 3000, "32 datagrams of 64 bytes: one sendmmsg, one recvmmsg"),
]


# C variants that only run timeout_pingpong (and are its extra ratio columns).
TIMEOUT_ONLY = ("C try first", "C blocking")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def out(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True).stdout.strip()
    except OSError:
        return "n/a"


def python2():
    """The real CPython 2.7 interpreter (not the pyenv shim, so RSS and start-up are its own)."""
    cands = []
    if shutil.which("pyenv"):
        env = dict(os.environ, PYENV_VERSION="2.7.18")
        cands.append(subprocess.run(["pyenv", "which", "python2"], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, universal_newlines=True,
                                    env=env).stdout.strip())
    cands += [shutil.which("python2.7") or "", shutil.which("python2") or ""]
    for p in cands:
        if p and os.path.isfile(p) and "2.7" in out([p, "-V"]):
            return p
    return None


def build(args):
    print("building (cargo build --release in bench/, cc -O2 for C) ...", flush=True)
    cmd = ["cargo", "build", "--release", "-q", "--bins"]
    if args.features:
        cmd += ["--features", args.features]
    sh(cmd, cwd=BENCH)
    cdir = os.path.join(TARGET, "c")
    os.makedirs(cdir, exist_ok=True)
    cc = os.environ.get("CC", "cc")
    sh([cc, "-O2", "-pthread", "-o", os.path.join(cdir, "impl_c"), os.path.join(BENCH, "c/impl.c")])
    sh([cc, "-O2", "-pthread", "-DTIMEOUT_BLOCKING", "-o", os.path.join(cdir, "impl_c_blocking"),
        os.path.join(BENCH, "c/impl.c")])
    sh([cc, "-O2", "-pthread", "-DTIMEOUT_TRYFIRST", "-o", os.path.join(cdir, "impl_c_tryfirst"),
        os.path.join(BENCH, "c/impl.c")])
    sh([cc, "-O2", "-o", os.path.join(cdir, "pure_c"), os.path.join(BENCH, "c/pure.c")])
    sh([cc, "-O2", "-o", os.path.join(cdir, "echo_epoll"), os.path.join(BENCH, "c/echo_epoll.c")])
    sh([cc, "-O2", "-o", os.path.join(cdir, "echo_load"), os.path.join(BENCH, "c/echo_load.c")])


def implementations():
    rel = os.path.join(TARGET, "release")
    py = os.path.join(BENCH, "py/impl.py")
    impls = [
        ("bsdsock", [os.path.join(rel, "impl_bsdsock")]),
        ("C", [os.path.join(TARGET, "c/impl_c")]),
        ("C try first", [os.path.join(TARGET, "c/impl_c_tryfirst")]),
        ("C blocking", [os.path.join(TARGET, "c/impl_c_blocking")]),
        ("std", [os.path.join(rel, "impl_std")]),
        ("socket2", [os.path.join(rel, "impl_socket2")]),
        ("CPython 3", [sys.executable, py]),
    ]
    p2 = python2()
    if p2:
        impls.append(("CPython 2.7", [p2, py]))
    else:
        print("CPython 2.7 not found (PYENV_VERSION=2.7.18 pyenv which python2): skipped")
    return impls


# The epoll echo servers: (name, program), all driven by bench/c/echo_load.c.
ECHO_CONNS = [100, 1000, 10000]
ECHO_REQUESTS = 200000
ECHO_MSG = 64


def echo_servers():
    rel = os.path.join(TARGET, "release")
    return [("bsdsock (select.epoll)", [os.path.join(rel, "echo_bsdsock")]),
            ("mio", [os.path.join(rel, "echo_mio")]),
            ("C (epoll)", [os.path.join(TARGET, "c/echo_epoll")])]


def run_echo(server, n, requests, core, timeout=300):
    """One server run with N connections: (requests/s, server CPU ns per request, RSS KiB)."""
    pin = ["taskset", "-c", str(core)] if core is not None else []
    argv = pin + server + [str(n)]
    if TIME:
        argv = [TIME, "-f", "@@maxrss=%M"] + argv
    srv = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
    line = srv.stdout.readline()
    m = re.match(r"port=(\d+)", line)
    if not m:
        srv.kill()
        raise RuntimeError("%s: no port line: %r %s" % (argv, line, srv.stderr.read()[-2000:]))
    load = pin + [os.path.join(TARGET, "c/echo_load"), m.group(1), str(n), str(requests),
                  str(ECHO_MSG)]
    try:
        out = subprocess.run(load, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, timeout=timeout).stdout
        rest, err = srv.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        srv.kill()
        raise
    rps = re.search(r"rps=([0-9.]+)", out)
    cpu = re.search(r"cpu_ns=(\d+)", rest)
    rss = re.search(r"@@maxrss=(\d+)", err)
    if srv.returncode != 0 or not rps or not cpu:
        raise RuntimeError("%s (status %s) with %s: %s %s %s" % (
            " ".join(argv), srv.returncode, " ".join(load), out, rest, err[-2000:]))
    return float(rps.group(1)), int(cpu.group(1)) / requests, int(rss.group(1)) if rss else 0


def echo_instructions(server, n, r1, r2):
    """User-space instructions per request of a server (callgrind): the server run with r1
    and with r2 timed requests, (Ir(r2) - Ir(r1)) / (r2 - r1), so set-up cancels out."""
    irs = []
    for r in (r1, r2):
        srv = subprocess.Popen(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                               + server + [str(n)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True)
        m = re.match(r"port=(\d+)", srv.stdout.readline())
        if not m:
            srv.kill()
            return None
        subprocess.run([os.path.join(TARGET, "c/echo_load"), m.group(1), str(n), str(r),
                        str(ECHO_MSG)], stdout=subprocess.PIPE, timeout=600)
        _, err = srv.communicate(timeout=600)
        c = re.search(r"Collected : (\d+)", err)
        if srv.returncode != 0 or not c:
            return None
        irs.append(int(c.group(1)))
    return (irs[1] - irs[0]) / (r2 - r1)


def echo_section(reps, scale, core, quick, callgrind_ok=True):
    """Runs the epoll echo servers interleaved; returns the markdown lines of the section."""
    servers = echo_servers()
    conns = [c for c in ECHO_CONNS if not quick or c <= 1000]
    requests = max(int(ECHO_REQUESTS * scale), 1000)
    res = {}  # (n, name) -> {"rps": [], "cpu": [], "rss": []}
    for n in conns:
        for rep in range(reps):
            for name, cmd in servers:
                rps, cpu, rss = run_echo(cmd, n, requests, core)
                e = res.setdefault((n, name), {"rps": [], "cpu": [], "rss": []})
                e["rps"].append(rps)
                e["cpu"].append(cpu)
                e["rss"].append(rss)
        print("epoll_echo N=%-6d %s" % (n, "  ".join(
            "%s=%.0f/s %.0f ns" % (name.split()[0], statistics.median(res[(n, name)]["rps"]),
                                   statistics.median(res[(n, name)]["cpu"]))
            for name, _ in servers)), flush=True)
    md = ["## epoll_echo\n",
          "An echo server on epoll: N concurrent loopback TCP connections, each with one %d-byte "
          "request in flight (send, wait for the whole echo, check it, send the next), from one "
          "load generator (bench/c/echo_load.c, single-threaded C on epoll); %d requests timed "
          "after one warm-up request per connection, per repetition. The servers "
          "(bench/src/bin/echo_bsdsock.rs, bench/src/bin/echo_mio.rs, bench/c/echo_epoll.c) do "
          "the same work: level-triggered where the API allows (mio is edge-triggered only: "
          "it reads until a short read, as tokio does), one read and one write per readable "
          "event, 1,024 events per wait. Server and load generator are pinned to the same "
          "core. **requests/s** is the load generator's; **server CPU** is the server's own "
          "CPU time (user + system, /proc/self/schedstat) from its N-th accept to its exit, "
          "per timed request — the measure that the other processes on the machine disturb "
          "least. Ratios are paired per repetition: median (min–max); above 1 for requests/s "
          "and below 1 for CPU favour the row's server.\n" % (ECHO_MSG, requests),
          "| connections | server | requests/s (median) | vs C (min–max) | vs mio | "
          "server CPU ns/request | vs C (min–max) | vs mio | peak RSS KiB |",
          "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]

    def ratio(a, b, key, inverse=False):
        if not a or not b or len(a[key]) != len(b[key]):
            return None
        rs = [x / y for x, y in zip(a[key], b[key])]
        return statistics.median(rs), min(rs), max(rs)

    for n in conns:
        c = res.get((n, "C (epoll)"))
        mio = res.get((n, "mio"))
        for name, _ in servers:
            e = res[(n, name)]
            cells = []
            for key in ("rps", "cpu"):
                r = ratio(e, c, key)
                cells.append("%s (%.2f–%.2f)" % ("%.3f" % r[0], r[1], r[2]) if r else "n/a")
                r = ratio(e, mio, key)
                cells.append("%.3f" % r[0] if r else "n/a")
            md.append("| %d | %s | %.0f | %s | %s | %.0f | %s | %s | %d |" % (
                n, name, statistics.median(e["rps"]), cells[0], cells[1],
                statistics.median(e["cpu"]), cells[2], cells[3], statistics.median(e["rss"])))
    md.append("")
    if callgrind_ok and shutil.which("valgrind"):
        r1, r2 = (200, 1200) if quick else (2000, 22000)
        md.append("User-space instructions per request (callgrind on the server: the same run "
                  "with %d and with %d timed requests, (Ir(%d) − Ir(%d)) / %d, so start-up and "
                  "connection set-up cancel; system calls are the same for all three, see the "
                  "notes):\n" % (r1, r2, r2, r1, r2 - r1))
        md.append("| connections | " + " | ".join(name for name, _ in servers) + " |")
        md.append("|---:|" + "---:|" * len(servers))
        for n in conns:
            row = [echo_instructions(cmd, n, r1, r2) for _, cmd in servers]
            md.append("| %d | %s |" % (n, " | ".join("n/a" if x is None else "%.0f" % x
                                                      for x in row)))
            print("epoll_echo N=%-6d instructions/request %s" % (n, row), flush=True)
        md.append("")
    return md


def run_measured(cmd, workload, n, core, timeout):
    """Runs one program; returns (ns_per_op or None, note, peak RSS KiB)."""
    argv = (["taskset", "-c", str(core)] if core is not None else []) + cmd + [workload, str(n)]
    # ru_maxrss of a forked child includes the address space it had before exec (this
    # driver's); GNU time is a small process, so its child's peak is the program's own.
    if TIME:
        argv = [TIME, "-f", "@@maxrss=%M"] + argv
    r, w = os.pipe()
    e_r, e_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(w, 1)
        os.dup2(e_w, 2)
        os.close(r)
        os.close(e_r)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    os.close(w)
    os.close(e_w)
    deadline = time.time() + timeout
    data, err = b"", b""
    import select
    fds = [r, e_r]
    while fds:
        left = deadline - time.time()
        if left <= 0:
            os.kill(pid, 9)
            break
        ready, _, _ = select.select(fds, [], [], left)
        for fd in ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                fds.remove(fd)
                os.close(fd)
            elif fd == r:
                data += chunk
            else:
                err += chunk
    for fd in fds:
        os.close(fd)
    _, status, ru = os.wait4(pid, 0)
    text = data.decode(errors="replace").strip()
    mr = re.search(r"@@maxrss=(\d+)", err.decode(errors="replace"))
    rss = int(mr.group(1)) if mr else ru.ru_maxrss
    m = re.search(r"ns_per_op=([0-9.eE+-]+) ops=(\d+)", text)
    code = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status
    if code == 0 and m:
        return float(m.group(1)), "", rss
    if TIME and code == 1 and "@@maxrss" not in err.decode(errors="replace"):
        code = 1
    if code == 2 or text.startswith("n/a"):
        return None, text[4:] if text.startswith("n/a") else text, None
    raise RuntimeError("%s failed (status %s): %s %s" % (" ".join(argv), code, text,
                                                         err.decode(errors="replace")[-2000:]))


def callgrind(args):
    """Instructions per call of the pure functions: (Ir(K2) - Ir(K1)) / (K2 - K1)."""
    if not shutil.which("valgrind"):
        return None
    k1, k2 = (100, 1100) if args.quick else (1000, 21000)
    rel = os.path.join(TARGET, "release", "pure")
    progs = [("bsdsock", [rel, "bsdsock"]), ("std (core::net)", [rel, "std"]),
             ("glibc", [os.path.join(TARGET, "c/pure_c")])]
    rows = []
    for f in ["pton4", "pton6", "ntop4", "ntop6", "aton", "sockaddr_text"]:
        row = [f]
        for _, cmd in progs:
            irs = []
            for k in (k1, k2):
                p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
                                   + cmd + [f, str(k)], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, universal_newlines=True)
                m = re.search(r"Collected : (\d+)", p.stderr)
                if p.returncode != 0 or not m:
                    irs = None
                    break
                irs.append(int(m.group(1)))
            row.append(None if irs is None else (irs[1] - irs[0]) / (k2 - k1))
        rows.append(row)
    return [name for name, _ in progs], rows


def build_times():
    """Clean debug and release builds: bsdsock (lib) against bench/buildcmp (libc + socket2)."""
    rows = []
    sh(["cargo", "fetch", "-q"], cwd=os.path.join(BENCH, "buildcmp"))
    for name, cwd in (("bsdsock (zero deps, build.rs probe)", ROOT),
                      ("libc + socket2 (bench/buildcmp)", os.path.join(BENCH, "buildcmp"))):
        row = [name]
        for prof in ([], ["--release"]):
            d = tempfile.mkdtemp(prefix="bsdsock-buildcmp-")
            t = time.time()
            sh(["cargo", "build", "-q", "--lib", "--offline", "--target-dir", d] + prof, cwd=cwd)
            row.append(time.time() - t)
            rel = os.path.join(d, "release" if prof else "debug")
            rlibs = [f for f in os.listdir(rel) if f.endswith(".rlib")]
            deps = os.path.join(rel, "deps")
            size = sum(os.path.getsize(os.path.join(deps, f)) for f in os.listdir(deps)
                       if f.endswith(".rlib"))
            row.append(size)
            shutil.rmtree(d, ignore_errors=True)
        rows.append(row)
    return rows


def fmt_ns(x):
    if x is None:
        return "n/a"
    return "%.1f" % x if x < 100 else "%.0f" % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="N/50, 1 repetition, no BENCHMARKS.md")
    ap.add_argument("--reps", type=int, default=None, help="repetitions (default 7; quick 1)")
    ap.add_argument("--scale", type=float, default=None, help="multiply every N (quick: 0.02)")
    ap.add_argument("--core", default=None, help="CPU for taskset -c (default 1, or 0 on 1 CPU)")
    ap.add_argument("--only", default=None, help="comma-separated workloads")
    ap.add_argument("--out", default=None, help="output file (default BENCHMARKS.md; quick: "
                    "bench/target/bench-quick.md)")
    ap.add_argument("--features", default=None, help="cargo features of the bench crate")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-build-times", action="store_true")
    ap.add_argument("--no-callgrind", action="store_true")
    args = ap.parse_args()
    reps = args.reps or (1 if args.quick else 7)
    scale = args.scale or (0.02 if args.quick else 1.0)
    out_path = args.out or (os.path.join(TARGET, "bench-quick.md") if args.quick
                            else os.path.join(ROOT, "BENCHMARKS.md"))
    core = args.core
    if core is None and shutil.which("taskset"):
        core = "1" if (os.cpu_count() or 1) > 1 else "0"
    started = time.time()
    load_before = open("/proc/loadavg").read().split()[:3]
    if not args.no_build:
        build(args)
    impls = implementations()
    workloads = [w for w in WORKLOADS if not args.only or w[0] in args.only.split(",")]
    echo_md = None
    if not args.only or "epoll_echo" in args.only.split(","):
        echo_md = echo_section(reps, scale, core, args.quick,
                               not (args.no_callgrind
                                    or (args.quick and os.environ.get("BENCH_NO_CALLGRIND"))))

    results = {}  # (workload, impl) -> list of ns per rep (None if n/a), rss list, note
    for w, n_full, _ in workloads:
        n = max(int(n_full * scale), 10)
        names = [nm for nm, _ in impls
                 if nm not in TIMEOUT_ONLY or w == "timeout_pingpong"]
        for rep in range(reps):
            for nm, cmd in impls:
                if nm not in names:
                    continue
                key = (w, nm)
                ent = results.setdefault(key, {"ns": [], "rss": [], "note": ""})
                if ent["note"]:
                    continue  # n/a once is n/a always
                ns, note, rss = run_measured(cmd, w, n, core, timeout=300)
                if ns is None:
                    ent["note"] = note or "n/a"
                else:
                    ent["ns"].append(ns)
                    ent["rss"].append(rss)
        line = "  ".join("%s=%s" % (nm, fmt_ns(statistics.median(results[(w, nm)]["ns"]))
                                    if results[(w, nm)]["ns"] else "n/a")
                         for nm in names)
        print("%-18s N=%-8d %s" % (w, n, line), flush=True)

    cg = (None if args.no_callgrind or (args.quick and os.environ.get("BENCH_NO_CALLGRIND"))
          or args.only == "epoll_echo" else callgrind(args))
    bt = None if (args.quick or args.no_build_times) else build_times()
    load_after = open("/proc/loadavg").read().split()[:3]

    cmdline = "python3 bench/run.py" + ("" if len(sys.argv) == 1 else " " + " ".join(sys.argv[1:]))
    md = []
    md.append("# Benchmarks\n")
    md.append("Made by `%s` (from the repository root; it builds everything it runs)." % cmdline)
    md.append("Regenerate with the same command; `--quick` is what CI runs (`.ci/bench.sh`).\n")
    cpu = "?"
    for ln in open("/proc/cpuinfo"):
        if ln.startswith("model name"):
            cpu = ln.split(":", 1)[1].strip()
            break
    py2 = [c for nm, c in impls if nm == "CPython 2.7"]
    socket2_v = "?"
    try:
        lock = open(os.path.join(BENCH, "Cargo.lock")).read()
        m = re.search(r'name = "socket2"\nversion = "([^"]+)"', lock)
        socket2_v = m.group(1) if m else "?"
    except OSError:
        pass
    md.append("| | |\n|---|---|")
    md.append("| date | %s |" % datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip())
    md.append("| machine | %s CPUs, %s, kernel %s |" % (os.cpu_count(), cpu, platform.release()))
    md.append("| load average (1/5/15 min) | before: %s; after: %s |" % (" ".join(load_before),
                                                                        " ".join(load_after)))
    md.append("| rustc | %s |" % out(["rustc", "-V"]))
    md.append("| C compiler | %s |" % out([os.environ.get("CC", "cc"), "--version"]).splitlines()[0])
    md.append("| glibc | %s |" % out(["ldd", "--version"]).splitlines()[0])
    md.append("| CPython | %s; %s |" % (out([sys.executable, "-V"]),
                                         out([py2[0][0], "-V"]) if py2 else "2.7 not found"))
    md.append("| socket2 | %s |" % socket2_v)
    md.append("| repetitions | %d, interleaved per workload (A B C ... A B C ...) |" % reps)
    md.append("| pinning | %s |" % ("`taskset -c %s` for the whole process: client and echo side "
                                     "on one core" % core if core is not None else "none"))
    md.append("| wall time | %.0f s |\n" % (time.time() - started))
    md.append("Per workload: median ns per operation over the repetitions; **vs C** is the "
              "paired ratio (each repetition's time over C's in the same repetition), median "
              "and min–max; peak RSS is the program's own maximum resident set (GNU time %M), median. n/a: the "
              "implementation has no such operation (reason given).\n")
    names_all = [nm for nm, _ in impls]
    for w, n_full, what in workloads:
        n = max(int(n_full * scale), 10)
        md.append("## %s\n\n%s; N = %d per repetition.\n" % (w, what, n))
        base = ["C"] + (list(TIMEOUT_ONLY) if w == "timeout_pingpong" else [])
        hdr = "| implementation | ns/op (median) |" + "".join(" vs %s (min–max) |" % b for b in base)
        md.append(hdr + " peak RSS KiB |")
        md.append("|---|---:|" + "---:|" * len(base) + "---:|")
        for nm in names_all:
            ent = results.get((w, nm))
            if ent is None:
                continue
            if not ent["ns"]:
                md.append("| %s | n/a |%s %s |" % (nm, " |" * len(base), ent["note"]))
                continue
            cells = []
            for b in base:
                be = results.get((w, b))
                if be and len(be["ns"]) == len(ent["ns"]) and be["ns"]:
                    rs = [x / y for x, y in zip(ent["ns"], be["ns"])]
                    cells.append(" %.3f (%.2f–%.2f) |" % (statistics.median(rs), min(rs), max(rs)))
                else:
                    cells.append(" n/a |")
            md.append("| %s | %s |%s %d |" % (nm, fmt_ns(statistics.median(ent["ns"])),
                                             "".join(cells), statistics.median(ent["rss"])))
        if w == "udp_burst_batched":
            pc = {nm: results.get(("udp_burst", nm)) for nm in names_all}
            for nm in names_all:
                b = results.get((w, nm))
                p = pc.get(nm)
                if b and b["ns"] and p and p["ns"] and len(b["ns"]) == len(p["ns"]):
                    rs = [x / y for x, y in zip(p["ns"], b["ns"])]
                    md.append("\n%s: batched is %.2f× faster than per-call (median of paired "
                              "ratios, %.2f–%.2f)." % (nm, statistics.median(rs), min(rs), max(rs)))
        md.append("")
    if echo_md:
        md.extend(echo_md)
    if cg:
        progs, rows = cg
        md.append("## Instructions per call (callgrind)\n")
        md.append("`valgrind --tool=callgrind` on `bench/target/release/pure <impl> <function> K` "
                  "and `bench/target/c/pure_c <function> K` (bench/src/bin/pure.rs, bench/c/pure.c): "
                  "(Ir(K2) − Ir(K1)) / (K2 − K1), so start-up cancels; the 4 inputs of the "
                  "workload in turn. Stable on a noisy machine.\n")
        md.append("| function | " + " | ".join(progs) + " | bsdsock / glibc |")
        md.append("|---|" + "---:|" * (len(progs) + 1))
        for row in rows:
            cells = ["n/a" if x is None else "%.0f" % x for x in row[1:]]
            ratio = ("%.2f" % (row[1] / row[3])) if row[1] is not None and row[3] else "n/a"
            md.append("| %s | %s | %s |" % (row[0], " | ".join(cells), ratio))
        md.append("")
    if bt:
        md.append("## Build time and size\n")
        md.append("Clean `cargo build --lib` (debug, then `--release`) into an empty target "
                  "directory, crates already fetched; size is the sum of the .rlib files "
                  "(the crate and its dependencies).\n")
        md.append("| crate | debug s | debug rlibs KiB | release s | release rlibs KiB |")
        md.append("|---|---:|---:|---:|---:|")
        for r in bt:
            md.append("| %s | %.1f | %d | %.1f | %d |" % (r[0], r[1], r[2] / 1024, r[3],
                                                          r[4] / 1024))
        md.append("")
    text = "\n".join(md) + "\n"
    if os.path.dirname(out_path):
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        f.write(text)
    print("wrote %s (%.0f s)" % (out_path, time.time() - started))


if __name__ == "__main__":
    main()
