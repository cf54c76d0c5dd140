#!/usr/bin/env python3
"""Compare every constant bsdsock's probe generates for a target with the libc crate's value.

Usage: compare.py <rust-triple> <C compiler> [--nightly] [--reuse] [--target-dir DIR]
                  [--md FILE] [--json FILE]

1. Runs bsdsock's probe for the target (`cargo check --lib` in the repository; with
   --reuse, the table a test build already made: OUT_DIR/table.rs), then builds this crate
   for the target in the repository's target directory (`cargo build --lib`; nightly with
   -Zbuild-std when asked, which reuses the std the tests built): its statics carry libc's
   values as `@@NAME=VALUE@@`.
   A name the libc crate lacks for that target (or defines as something other than an
   integer) is a compile error on its own line: it is dropped and the build repeated.
2. Reads both sets of values (nothing runs on the target) and lists, for every name both
   define, the ones that disagree, with the header line that decides them: the C
   preprocessor's `-dD` output of bsdsock's own probe.c, following macro chains
   (`#define SO_RCVTIMEO SO_RCVTIMEO_OLD`, then `#define SO_RCVTIMEO_OLD 0x1006`) and
   enum members (`SOCK_STREAM = 2,`).
3. Exits 1 if bsdsock disagrees with a header line that is a plain number: that is a bug of
   ours, not of the libc crate.
"""
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def log(*a):
    print(*a, file=sys.stderr)


def build(target, nightly, names_file, target_dir):
    cmd = ["cargo"]
    if nightly:
        # The flags of .ci/cross-test.sh, so the std the tests built is reused.
        cmd += ["+nightly", "-Zbuild-std", "--config", 'profile.dev.package."*".opt-level=2']
    cmd += ["build", "--lib", "--target", target, "--message-format=json", "--target-dir", target_dir]
    env = dict(os.environ, LIBC_COMPARE_NAMES=names_file)
    # Only the C compiler matters (the probe); never link.
    p = subprocess.run(cmd, cwd=HERE, env=env, capture_output=True, text=True)
    errors, rlib = [], None
    for line in p.stdout.splitlines():
        try:
            m = json.loads(line)
        except ValueError:
            continue
        if m.get("reason") == "compiler-message":
            msg = m["message"]
            if msg.get("level") == "error":
                errors.append(msg)
        if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "libc_compare":
            rlib = next((f for f in m.get("filenames", []) if f.endswith(".rlib")), None)
    return p.returncode, errors, rlib, p.stderr


def bsdsock_table(target_dir, target):
    outs = glob.glob(os.path.join(target_dir, target, "debug/build/bsdsock-*/out/table.rs"))
    if not outs:
        sys.exit(f"no bsdsock table.rs for {target} under {target_dir}")
    path = max(outs, key=os.path.getmtime)
    table = {}
    pat = re.compile(r'name: "([^"]+)", value: (-?\d+), module: "([^"]+)", header: "([^"]+)"')
    for m in pat.finditer(open(path).read()):
        table[m.group(1)] = (int(m.group(2)), m.group(3), m.group(4))
    return table, os.path.dirname(path)


def rlib_markers(rlib):
    data = open(rlib, "rb").read()
    return {m.group(1).decode(): int(m.group(2)) for m in re.finditer(rb"@@([A-Za-z0-9_]+)=(-?\d+)@@", data)}


def defines(cc, probe_c):
    """Every #define and enum member of the preprocessed probe.c, with file:line."""
    cmd = cc.split() + ["-E", "-dD", "-w", probe_c]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        log(f"  {cc} -E failed: {p.stderr[:300]}")
        return {}, {}
    macros, enums = {}, {}
    fname, line = "?", 0
    marker = re.compile(r'^# (\d+) "([^"]+)"')
    define = re.compile(r"^#define ([A-Za-z_][A-Za-z0-9_]*)(?:\s+(.*))?$")
    enum_member = re.compile(r"\b([A-Z][A-Z0-9_]*)\s*=\s*([^,}=][^,}]*)")
    for text in p.stdout.splitlines():
        m = marker.match(text)
        if m:
            line, fname = int(m.group(1)), m.group(2)
            continue
        d = define.match(text)
        if d:
            macros[d.group(1)] = (short(fname), line, (d.group(2) or "").strip())
        elif "=" in text and not text.startswith("#"):
            for e in enum_member.finditer(text):
                enums.setdefault(e.group(1), (short(fname), line, e.group(2).strip()))
        line += 1
    return macros, enums


def short(path):
    """The header as an #include names it: .../include/asm/socket.h -> asm/socket.h."""
    for key in ("/include/", "/usr/include/"):
        if key in path:
            path = path.rsplit(key, 1)[1]
    # Debian's multiarch and zig's per-target directories.
    path = re.sub(r"^[a-z0-9_]+-linux-[a-z0-9_]+/", "", path)
    path = re.sub(r"^(generic|any)-[a-z0-9_.-]+/|^[a-z0-9_]+-[a-z0-9_.-]+/", "", path)
    return path


def decide(name, macros, enums, depth=0):
    """The chain of header lines that gives `name` its value: [(file, line, text)]."""
    if depth > 8:
        return []
    if name in macros:
        f, l, body = macros[name]
        step = [(f, l, f"#define {name} {body}")]
        ident = re.fullmatch(r"\(?\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)?", body)
        if ident and ident.group(1) != name:
            return step + decide(ident.group(1), macros, enums, depth + 1)
        if ident and ident.group(1) == name and name in enums:
            f, l, v = enums[name]
            return step + [(f, l, f"{name} = {v}")]
        return step
    if name in enums:
        f, l, v = enums[name]
        return [(f, l, f"{name} = {v}")]
    return []


def plain_int(text):
    t = text.strip().strip("()").strip()
    t = re.sub(r"[uUlL]+$", "", t)
    if re.fullmatch(r"0[0-7]+", t):
        return int(t, 8)  # C octal (SOCK_NONBLOCK = 00000200 on MIPS)
    try:
        return int(t, 0)
    except ValueError:
        return None


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    target, cc = args[0], args[1]
    nightly = "--nightly" in args
    md = args[args.index("--md") + 1] if "--md" in args else None
    js = args[args.index("--json") + 1] if "--json" in args else None
    repo = os.path.dirname(os.path.dirname(HERE))
    # The repository's target directory (to reuse the tests' builds), or another one (a
    # cargo running there holds its lock for as long as its tests run).
    target_dir = args[args.index("--target-dir") + 1] if "--target-dir" in args else os.path.join(repo, "target")
    os.makedirs(target_dir, exist_ok=True)
    names_file = os.path.join(target_dir, f"names-{target}.txt")

    # bsdsock's probe for the target, in the repository's own target directory.
    have = glob.glob(os.path.join(target_dir, target, "debug/build/bsdsock-*/out/table.rs"))
    if not ("--reuse" in args and have):
        cmd = ["cargo"] + (["+nightly", "-Zbuild-std"] if nightly else [])
        cmd += ["check", "--lib", "--target", target, "--target-dir", target_dir]
        p = subprocess.run(cmd, cwd=repo, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"{target}: cargo check of bsdsock failed:\n{p.stderr[-3000:]}")
    table, out_dir = bsdsock_table(target_dir, target)
    names = sorted(table)
    dropped = set()
    rlib = None
    for _ in range(6):
        with open(names_file, "w") as f:
            f.write("".join(n + "\n" for n in names if n not in dropped))
        kept = [n for n in names if n not in dropped]
        rc, errors, rlib, stderr = build(target, nightly, names_file, target_dir)
        if rc == 0:
            break
        new = set()
        for e in errors:
            for s in e.get("spans", []):
                if s.get("file_name", "").endswith("markers.rs") and 1 <= s["line_start"] <= len(kept):
                    new.add(kept[s["line_start"] - 1])
                    break
        if not new:
            sys.exit(f"{target}: build failed and no name to drop:\n{stderr[-3000:]}")
        dropped |= new
    else:
        sys.exit(f"{target}: still failing after 6 rounds")
    libc = rlib_markers(rlib)
    macros, enums = defines(cc, os.path.join(out_dir, "probe.c"))

    both = sorted(n for n in table if n in libc)
    rows, ours = [], []
    for n in both:
        v, module, header = table[n]
        if v == libc[n]:
            continue
        # The same bits in a type of the other signedness (EPOLLET: u32 here, c_int in libc).
        if all(-(1 << 31) <= x < (1 << 32) for x in (v, libc[n])) and (v - libc[n]) % (1 << 32) == 0:
            continue
        chain = decide(n, macros, enums)
        final = plain_int(chain[-1][2].split(" ", 2)[-1] if chain and chain[-1][2].startswith("#define") else (chain[-1][2].split("=", 1)[1] if chain else ""))
        verdict = "bsdsock" if final == v else ("libc" if final == libc[n] else "?")
        if final is not None and final != v:
            ours.append(n)
        rows.append({"name": n, "bsdsock": v, "libc": libc[n], "header": header,
                     "decides": [f"{f}:{l}: {t}" for f, l, t in chain], "matches": verdict})
    summary = {"target": target, "compared": len(both), "bsdsock_only": len(table) - len(both),
               "disagree": len(rows), "bsdsock_wrong": ours, "rows": rows}
    print(f"{target}: {len(both)} constants both define, {len(rows)} disagree"
          + (f"; bsdsock differs from the header on {', '.join(ours)}" if ours else ""))
    for r in rows:
        print(f"  {r['name']}: bsdsock {r['bsdsock']}, libc {r['libc']} — " + " → ".join(r["decides"]) + f" [{r['matches']} matches the header]")
    if js:
        with open(js, "w") as f:
            json.dump(summary, f, indent=1)
    if md:
        with open(md, "w") as f:
            for r in rows:
                f.write(f"| {target} | `{r['name']}` | {r['bsdsock']} | {r['libc']} | "
                        + "<br>".join(f"`{d}`" for d in r["decides"]) + f" | {r['matches']} |\n")
    sys.exit(1 if ours else 0)


if __name__ == "__main__":
    main()
