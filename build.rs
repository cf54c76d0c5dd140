//! The build-time probe: takes every constant and struct layout bsdsock uses from the
//! target's own C headers, without running any code built for the target.
//!
//! 1. Read `ffi/names.txt` (the constants) and `ffi/probe.c` (includes, layout markers).
//! 2. Generate `$OUT_DIR/probe.c` and compile it once with the target's C compiler to
//!    assembly only (`-S -w -fno-lto`). Each value leaves the compiler as a marker string.
//!    If the compiler rejects a constant line (a broken or enum-only macro on this target),
//!    that name is dropped with a warning and the file is compiled again.
//! 3. Or, with `BSDSOCK_MARKERS_<target>` / `BSDSOCK_MARKERS` set, read a saved marker file
//!    instead (the escape hatch for a target without a C compiler).
//! 4. Write Rust: constants per module, the (name, value) table, layout constants and C type
//!    aliases, and one `bsdsock_have` cfg per optional header found.

#[path = "ffi/markers.rs"]
mod markers;

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::exit;

/// Rust modules the constants go to (`socket` is the crate root).
const MODULES: [&str; 5] = ["socket", "errno", "os", "rtnetlink", "select"];

fn main() {
    let started = std::time::Instant::now();
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets this"));
    let target = env::var("TARGET").unwrap_or_default();
    let names_path = manifest.join("ffi/names.txt");
    let probe_path = manifest.join("ffi/probe.c");
    println!("cargo::rerun-if-changed=ffi/names.txt");
    println!("cargo::rerun-if-changed=ffi/probe.c");
    println!("cargo::rerun-if-changed=ffi/markers.rs");
    let target_var = format!("BSDSOCK_MARKERS_{}", target.replace(['-', '.'], "_"));
    println!("cargo::rerun-if-env-changed={target_var}");
    println!("cargo::rerun-if-env-changed=BSDSOCK_MARKERS");

    // BSD-style sockaddrs start with a length byte (sin_len, sun_len, sa_len); the layout
    // assertions confirm the choice against the headers.
    println!("cargo::rustc-check-cfg=cfg(bsdsock_sa_len)");
    // The test suite's minimally aligned global allocator (.ci/soundness.sh odd-alloc).
    println!("cargo::rustc-check-cfg=cfg(bsdsock_odd_alloc)");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if ["freebsd", "netbsd", "openbsd", "dragonfly", "macos", "ios", "tvos", "watchos", "visionos"]
        .contains(&os.as_str())
    {
        println!("cargo::rustc-cfg=bsdsock_sa_len");
    }
    let names_text = read(&names_path);
    let spec = parse_names(&names_text)
        .unwrap_or_else(|(line, msg)| fail(&format!("{}:{line}: {msg}", names_path.display())));

    let saved = env::var_os(&target_var).or_else(|| env::var_os("BSDSOCK_MARKERS"));
    let (values, source) = match saved {
        Some(path) => {
            let path = PathBuf::from(path);
            println!("cargo::rerun-if-changed={}", path.display());
            let text = read(&path);
            let list = markers::scan_saved(&text).unwrap_or_else(|(line, e)| {
                fail(&format!(
                    "{}:{line}: malformed marker: {} (escape hatch file named by {})",
                    path.display(),
                    e.message(),
                    if env::var_os(&target_var).is_some() {
                        &target_var
                    } else {
                        "BSDSOCK_MARKERS"
                    }
                ))
            });
            let mut map = BTreeMap::new();
            for m in list {
                map.insert((m.kind, m.name.to_string()), m.value);
            }
            (map, format!("saved marker file {}", path.display()))
        }
        None => {
            let template = read(&probe_path);
            probe(&spec, &template, &out, &target)
        }
    };
    if values.is_empty() {
        fail(
            "the probe produced zero markers; the compiler wrote no assembly (LTO flags in CFLAGS?)",
        );
    }

    check_identity(&values, &target, &source, &target_var);

    // The marker file for the escape hatch: copy it from here to build elsewhere.
    let mut saved = String::from("# bsdsock probe markers; use with BSDSOCK_MARKERS=<this file>\n");
    let _ = writeln!(saved, "# target {target}, from {source}");
    for ((kind, name), value) in &values {
        let _ = writeln!(saved, "{}:{name}={value}", *kind as char);
    }
    write(&out.join("markers.txt"), &saved);

    generate(&spec, &values, &out, &source);
    // Not a cargo instruction: cargo keeps it in the build script's `output` file.
    println!(
        "bsdsock: probe took {} ms ({} markers, {source})",
        started.elapsed().as_millis(),
        values.len()
    );
}

/// One line of names.txt.
struct Item {
    name: String,
    /// C expression to probe (the name itself unless `NAME = EXPR`).
    expr: String,
    /// Emit even if not a macro, when the group's enum condition holds.
    enumish: bool,
    /// `NAME ?= N`: CPython's fallback value when the header lacks the name.
    fallback: Option<String>,
}

struct Group {
    header: String,
    module: String,
    enum_cond: String,
    items: Vec<Item>,
}

struct Spec {
    groups: Vec<Group>,
    /// (prefix, Rust type), longest prefix wins.
    types: Vec<(String, String)>,
}

fn parse_names(text: &str) -> Result<Spec, (usize, String)> {
    let mut spec = Spec { groups: Vec::new(), types: Vec::new() };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let n = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if words[0] == "@" {
            if words.len() != 4 || !MODULES.contains(&words[2]) {
                return Err((
                    n,
                    format!("expected '@ <header> <{}> <enum-cond>'", MODULES.join("|")),
                ));
            }
            spec.groups.push(Group {
                header: words[1].to_string(),
                module: words[2].to_string(),
                enum_cond: words[3].to_string(),
                items: Vec::new(),
            });
        } else if words[0] == "%" {
            let ok = ["i32", "u32", "i16", "u16", "i64", "u64"];
            if words.len() != 3 || !ok.contains(&words[2]) {
                return Err((n, "expected '% PREFIX <i32|u32|i16|u16|i64|u64>'".into()));
            }
            spec.types.push((words[1].to_string(), words[2].to_string()));
        } else {
            let Some(group) = spec.groups.last_mut() else {
                return Err((n, "a name before the first '@ header' line".into()));
            };
            let name = words[0];
            if !ident(name) {
                return Err((n, format!("not a C identifier: {name}")));
            }
            let mut item =
                Item { name: name.into(), expr: name.into(), enumish: false, fallback: None };
            let mut rest = &words[1..];
            if rest.first() == Some(&"=") && rest.len() >= 2 {
                item.expr = rest[1].into();
                item.enumish = true;
                rest = &rest[2..];
            } else if rest.first() == Some(&"?=") && rest.len() == 2 {
                if markers::parse_value(rest[1]).is_none() {
                    return Err((n, format!("fallback is not an integer: {}", rest[1])));
                }
                item.fallback = Some(rest[1].into());
                rest = &[];
            }
            match rest {
                [] => {}
                ["!"] => item.enumish = true,
                _ => return Err((n, format!("cannot read '{line}'"))),
            }
            group.items.push(item);
        }
    }
    Ok(spec)
}

fn header_macro(header: &str) -> String {
    let mut s = String::from("BSDSOCK_HAVE_");
    s.extend(
        header
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }),
    );
    s
}

fn header_cfg(header: &str) -> String {
    header.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// Generate the C file, compile it, return the values. Names the compiler rejects are dropped.
fn probe(
    spec: &Spec,
    template: &str,
    out: &Path,
    target: &str,
) -> (BTreeMap<(u8, String), i128>, String) {
    let mut build = cc::Build::new();
    build.cargo_metadata(false).cargo_warnings(false).warnings(false);
    let compiler = match build.try_get_compiler() {
        Ok(c) => c,
        Err(e) => no_compiler(target, &e.to_string()),
    };
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    let src = out.join("probe.c");
    let asm = out.join("probe.s");
    for _round in 0..6 {
        let (c_text, line_names) = render(spec, template, &dropped);
        write(&src, &c_text);
        let mut cmd = compiler.to_command();
        cmd.args(["-w", "-fno-lto", "-S", "-o"]).arg(&asm).arg(&src);
        let shown = std::iter::once(cmd.get_program())
            .chain(cmd.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let output = match cmd.output() {
            Ok(o) => o,
            Err(e) => no_compiler(target, &format!("{shown}: {e}")),
        };
        if output.status.success() {
            let text = read(&asm);
            let list = markers::scan_asm(&text).unwrap_or_else(|(line, e)| {
                fail(&format!("{}:{line}: unreadable marker: {}", asm.display(), e.message()))
            });
            let mut map = BTreeMap::new();
            for m in list {
                map.insert((m.kind, m.name.to_string()), m.value);
            }
            if !dropped.is_empty() {
                println!(
                    "cargo::warning=bsdsock probe: the C compiler rejected {} name(s), left out: {}",
                    dropped.len(),
                    dropped.iter().cloned().collect::<Vec<_>>().join(" ")
                );
            }
            return (map, format!("{} ({})", compiler.path().display(), src.display()));
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Every probe.c:LINE the diagnostics mention; drop the constants on those lines.
        let mut bad = BTreeSet::new();
        for l in stderr.lines() {
            let mut rest = l;
            while let Some(p) = rest.find("probe.c:") {
                rest = &rest[p + 8..];
                let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                if let Some(name) = digits.parse::<usize>().ok().and_then(|n| line_names.get(&n)) {
                    bad.insert(name.clone());
                }
            }
        }
        if bad.is_empty() {
            fail(&format!(
                "the probe did not compile.\ncommand: {shown}\ncompiler said:\n{stderr}\n\
                 Install the target's C compiler or headers ({}), set CC_{} to one, or set \
                 BSDSOCK_MARKERS_{1} to a saved marker file (README, 'Escape hatch').",
                install_hint(target),
                target.replace(['-', '.'], "_")
            ));
        }
        dropped.extend(bad);
    }
    fail("the probe still did not compile after dropping the rejected names 6 times")
}

/// The C text, and which generated line probes which constant.
fn render(
    spec: &Spec,
    template: &str,
    dropped: &BTreeSet<String>,
) -> (String, BTreeMap<usize, String>) {
    let mut includes = String::new();
    for g in &spec.groups {
        let m = header_macro(&g.header);
        if includes.contains(&format!("#define {m} ")) {
            continue;
        }
        let _ = write!(
            includes,
            "#if __has_include(<{h}>)\n#include <{h}>\n#define {m} 1\n#endif\n",
            h = g.header
        );
    }
    let (head, tail) = template
        .split_once("/* @INCLUDES@ */")
        .unwrap_or_else(|| fail("ffi/probe.c lacks /* @INCLUDES@ */"));
    let (body, end) = tail
        .split_once("/* @CONSTANTS@ */")
        .unwrap_or_else(|| fail("ffi/probe.c lacks /* @CONSTANTS@ */"));
    let mut text = String::new();
    text.push_str(head);
    text.push_str(&includes);
    text.push_str(body);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut lines = BTreeMap::new();
    let mut line_no = text.lines().count() + 1;
    let mut push = |text: &mut String, s: &str, name: Option<&str>, line_no: &mut usize| {
        text.push_str(s);
        text.push('\n');
        if let Some(n) = name {
            lines.insert(*line_no, n.to_string());
        }
        *line_no += 1;
    };
    let mut seen_headers = BTreeSet::new();
    for g in &spec.groups {
        let m = header_macro(&g.header);
        push(&mut text, &format!("#ifdef {m}"), None, &mut line_no);
        if seen_headers.insert(g.header.clone()) {
            push(
                &mut text,
                &format!("P(\"M:have_{}\", 1);", header_cfg(&g.header)),
                None,
                &mut line_no,
            );
        }
        for it in g.items.iter().filter(|it| !dropped.contains(&it.name)) {
            let marker = |expr: &str| format!("P(\"C:{}\", {expr});", it.name);
            if let Some(fb) = &it.fallback {
                push(&mut text, &format!("#ifdef {}", it.name), None, &mut line_no);
                push(&mut text, &marker(&it.name), Some(&it.name), &mut line_no);
                push(&mut text, "#else", None, &mut line_no);
                push(&mut text, &marker(fb), Some(&it.name), &mut line_no);
                push(&mut text, "#endif", None, &mut line_no);
            } else if it.expr != it.name {
                let cond =
                    if it.enumish { g.enum_cond.clone() } else { format!("defined({})", it.expr) };
                push(&mut text, &format!("#if {cond}"), None, &mut line_no);
                push(&mut text, &marker(&it.expr), Some(&it.name), &mut line_no);
                push(&mut text, "#endif", None, &mut line_no);
            } else if it.enumish {
                push(
                    &mut text,
                    &format!("#if defined({}) || {}", it.name, g.enum_cond),
                    None,
                    &mut line_no,
                );
                push(&mut text, &marker(&it.name), Some(&it.name), &mut line_no);
                push(&mut text, "#endif", None, &mut line_no);
            } else {
                push(&mut text, &format!("#ifdef {}", it.name), None, &mut line_no);
                push(&mut text, &marker(&it.name), Some(&it.name), &mut line_no);
                push(&mut text, "#endif", None, &mut line_no);
            }
        }
        push(&mut text, "#endif", None, &mut line_no);
    }
    text.push_str(end);
    (text, lines)
}

fn rust_type(spec: &Spec, name: &str) -> &'static str {
    let best = spec
        .types
        .iter()
        .filter(|(p, _)| name.starts_with(p.as_str()))
        .max_by_key(|(p, _)| p.len());
    match best.map(|(_, t)| t.as_str()) {
        Some("u32") => "u32",
        Some("i16") => "i16",
        Some("u16") => "u16",
        Some("i64") => "i64",
        Some("u64") => "u64",
        _ => "i32",
    }
}

fn fits(ty: &str, v: i128) -> bool {
    let (lo, hi): (i128, i128) = match ty {
        "u32" => (0, u32::MAX as i128),
        "i16" => (i16::MIN as i128, i16::MAX as i128),
        "u16" => (0, u16::MAX as i128),
        "i64" => (i64::MIN as i128, i64::MAX as i128),
        "u64" => (0, u64::MAX as i128),
        _ => (i32::MIN as i128, i32::MAX as i128),
    };
    (lo..=hi).contains(&v)
}

fn rust_int(bytes: i128, unsigned: bool) -> Option<&'static str> {
    Some(match (bytes, unsigned) {
        (1, false) => "i8",
        (1, true) => "u8",
        (2, false) => "i16",
        (2, true) => "u16",
        (4, false) => "i32",
        (4, true) => "u32",
        (8, false) => "i64",
        (8, true) => "u64",
        _ => return None,
    })
}

fn generate(spec: &Spec, values: &BTreeMap<(u8, String), i128>, out: &Path, source: &str) {
    let mut per_module: BTreeMap<&str, String> =
        MODULES.iter().map(|m| (*m, String::new())).collect();
    let mut table: Vec<(String, i128, String, String)> = Vec::new();
    let mut emitted = BTreeSet::new();
    let mut misfits = Vec::new();
    for g in &spec.groups {
        for it in &g.items {
            let Some(&v) = values.get(&(b'C', it.name.clone())) else { continue };
            if !emitted.insert(it.name.clone()) {
                continue;
            }
            let ty = rust_type(spec, &it.name);
            if !fits(ty, v) {
                misfits.push(format!("{} = {v} from <{}> does not fit {ty}", it.name, g.header));
                continue;
            }
            let how = if it.fallback.is_some() {
                format!(
                    ", or CPython's fallback {} where the header lacks it",
                    it.fallback.as_deref().unwrap_or("")
                )
            } else if it.expr != it.name {
                format!(" (C name `{}`)", it.expr)
            } else {
                String::new()
            };
            let code = per_module.get_mut(g.module.as_str()).expect("module checked when parsed");
            if it.name.bytes().any(|c| c.is_ascii_lowercase()) {
                code.push_str("#[allow(non_upper_case_globals)]\n");
            }
            let _ = writeln!(
                code,
                "#[doc = \"`{n}` from `<{h}>`{how}.\"]\npub const {n}: {ty} = {v};",
                n = it.name,
                h = g.header
            );
            table.push((it.name.clone(), v, g.module.clone(), g.header.clone()));
        }
    }
    if !misfits.is_empty() {
        fail(&format!("add a '% PREFIX type' rule to ffi/names.txt for:\n{}", misfits.join("\n")));
    }
    for (m, code) in &per_module {
        write(&out.join(format!("consts_{m}.rs")), code);
    }
    table.sort();
    let mut t = String::from("&[\n");
    for (name, v, module, header) in &table {
        if *v > i64::MAX as i128 {
            fail(&format!("constant {name} = {v} is above i64::MAX and cannot go in the table"));
        }
        let _ = writeln!(
            t,
            "    Constant {{ name: \"{name}\", value: {v}, module: \"{module}\", header: \"{header}\" }},"
        );
    }
    t.push_str("]\n");
    write(&out.join("table.rs"), &t);

    // Layout: sizes, alignments, offsets, field sizes, type aliases, macro values.
    let mut l = String::new();
    let ident = |s: &str| s.replace('.', "__").to_ascii_uppercase();
    for ((kind, name), v) in values {
        let prefix = match kind {
            b'S' => "SIZE_",
            b'A' => "ALIGN_",
            b'O' => "OFFSET_",
            b'F' => "FSIZE_",
            b'T' => "TSIZE_",
            b'M' => "",
            _ => continue,
        };
        if *kind == b'M' && name.starts_with("have_") {
            continue;
        }
        let ty = if *kind == b'M' { "i64" } else { "usize" };
        let _ = writeln!(
            l,
            "#[doc = \"Probed: {}:{name}.\"]\npub const {prefix}{}: {ty} = {v};",
            *kind as char,
            ident(name)
        );
    }
    let mut asserts = String::from(
        "// Generated by build.rs: every probed struct, field and C type against sys/.\n",
    );
    for ((kind, name), v) in values {
        match *kind {
            b'T' => {
                let unsigned = values.get(&(b'U', name.clone())).copied().unwrap_or(0) != 0;
                let rust_std = match name.as_str() {
                    "long" => Some("core::ffi::c_long"),
                    "int" => Some("core::ffi::c_int"),
                    "size_t" => Some("usize"),
                    _ => None,
                };
                if let Some(r) = rust_std {
                    let _ = writeln!(
                        asserts,
                        "const _: () = assert!(core::mem::size_of::<{r}>() == {v}, \"C {name} size differs from Rust's {r}\");"
                    );
                    continue;
                }
                let Some(rt) = rust_int(*v, unsigned) else {
                    fail(&format!("C type {name} has size {v}, which has no Rust integer type"));
                };
                let _ = writeln!(
                    l,
                    "#[doc = \"C `{name}`: {v} bytes, {}.\"]\n#[allow(non_camel_case_types)]\npub type {name} = {rt};",
                    if unsigned { "unsigned" } else { "signed" }
                );
            }
            b'S' => {
                let _ = writeln!(
                    asserts,
                    "const _: () = assert!(core::mem::size_of::<{name}>() == {v}, \"sizeof(struct {name}) differs from sys/\");"
                );
            }
            b'A' => {
                let _ = writeln!(
                    asserts,
                    "const _: () = assert!(core::mem::align_of::<{name}>() == {v}, \"_Alignof(struct {name}) differs from sys/\");"
                );
            }
            b'O' | b'F' if name.matches('.').count() == 1 => {
                let (s, f) = name.split_once('.').unwrap_or((name, ""));
                if *kind == b'O' {
                    let _ = writeln!(
                        asserts,
                        "const _: () = assert!(core::mem::offset_of!({s}, {f}) == {v}, \"offsetof({s}, {f}) differs from sys/\");"
                    );
                } else {
                    let _ = writeln!(
                        asserts,
                        "const _: () = assert!(field_size(|x: &{s}| &x.{f}) == {v}, \"sizeof {s}.{f} differs from sys/\");"
                    );
                }
            }
            _ => {}
        }
    }
    write(&out.join("layout_asserts.rs"), &asserts);
    let _ = writeln!(
        l,
        "/// Where the probe's values came from (compiler and file, or a saved marker file)."
    );
    let _ = writeln!(l, "pub const PROBE_SOURCE: &str = {source:?};");
    let _ = writeln!(l, "/// How many markers the probe read.");
    let _ = writeln!(l, "pub const PROBE_MARKERS: usize = {};", values.len());
    write(&out.join("layout.rs"), &l);

    // One cfg per constant the target defines, for code that branches on one (MSG_NOSIGNAL,
    // SOCK_CLOEXEC, SO_NOSIGPIPE, ...).
    println!("cargo::rustc-check-cfg=cfg(bsdsock_const, values(any()))");
    for (name, ..) in &table {
        println!("cargo::rustc-cfg=bsdsock_const=\"{name}\"");
    }
    // One cfg per optional header the target has.
    let headers: BTreeSet<String> = spec.groups.iter().map(|g| header_cfg(&g.header)).collect();
    let list: Vec<String> = headers.iter().map(|h| format!("\"{h}\"")).collect();
    println!("cargo::rustc-check-cfg=cfg(bsdsock_have, values({}))", list.join(", "));
    for h in &headers {
        if values.contains_key(&(b'M', format!("have_{h}"))) {
            println!("cargo::rustc-cfg=bsdsock_have=\"{h}\"");
        }
    }
}

/// The probe's `M:arch_*` / `M:os_*` markers must name the target's CPU and OS: cc falls back
/// to the host's `cc` for a target it does not know, and a saved marker file may come from
/// another target. (Files without these markers are taken as they are; the layout asserts
/// still check them.)
fn check_identity(values: &BTreeMap<(u8, String), i128>, target: &str, source: &str, var: &str) {
    let find = |prefix: &str| {
        values.keys().find_map(|(k, n)| (*k == b'M').then(|| n.strip_prefix(prefix)).flatten())
    };
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let vendor = env::var("CARGO_CFG_TARGET_VENDOR").unwrap_or_default();
    let want_os = if vendor == "apple" { "apple" } else { os.as_str() };
    let got_arch = find("arch_");
    let got_os = find("os_");
    let arch_ok = got_arch.is_none_or(|a| a == arch);
    let os_ok = got_os.is_none_or(|o| o == want_os);
    if arch_ok && os_ok {
        return;
    }
    let u = target.replace(['-', '.'], "_");
    fail(&format!(
        "the probe's values are for {}-{}, but the target {target} is {arch}-{want_os}.\n\
         source: {source}\n\
         Set CC_{u} to a C compiler for {target} (for another OS: pip install ziglang and use \
         a `python3 -m ziglang cc -target <arch>-<os>` wrapper, see .ci/zig/), or set {var} \
         to a marker file saved by a build for {target}.",
        got_arch.unwrap_or("?"),
        got_os.unwrap_or("?"),
    ))
}

fn no_compiler(target: &str, detail: &str) -> ! {
    fail(&format!(
        "no C compiler for target {target}: {detail}\n\
         bsdsock reads constants and struct layouts from the target's C headers at build time. Either\n\
         - install a C compiler for {target}: {hint}, or\n\
         - set CC_{u} to a C compiler for it, or\n\
         - set BSDSOCK_MARKERS_{u} (or BSDSOCK_MARKERS) to a marker file saved by a build for the \
         same target on a machine that has its compiler: {saved}.",
        u = target.replace(['-', '.'], "_"),
        hint = install_hint(target),
        saved = saved_markers_path(target),
    ))
}

/// Where a build for `target` saves its markers: cargo puts the build directory under
/// `target/<triple>/` only when `--target` is given.
fn saved_markers_path(target: &str) -> String {
    let tail = "<profile>/build/bsdsock-*/out/markers.txt";
    let with = format!("target/{target}/{tail} after `cargo build --target {target}`");
    if env::var("HOST").is_ok_and(|h| h == target) {
        format!("{with}, target/{tail} after a plain `cargo build` on {target} itself")
    } else {
        with
    }
}

/// What to install for a target's C compiler: Debian's package for Linux (plain `gcc` for the
/// host itself, the cross gcc named after the GNU triple otherwise), zig cc for other OSes.
fn install_hint(target: &str) -> String {
    let mut parts = target.split('-');
    let arch = parts.next().unwrap_or("");
    let os_env: Vec<&str> = parts.skip(1).collect();
    let os = os_env.first().copied().unwrap_or("");
    let env = os_env.get(1).copied().unwrap_or("");
    let host = env::var("HOST").unwrap_or_default();
    if os == "linux" && target == host {
        return "apt-get install gcc (Debian; cc-rs then uses `cc`)".into();
    }
    if os == "linux" && env.starts_with("musl") && arch == "x86_64" && host.starts_with("x86_64-") {
        return "apt-get install musl-tools (Debian; cc-rs then uses `musl-gcc`)".into();
    }
    if os == "linux" && env.starts_with("gnu") {
        // Debian's cross gcc packages are named after the GNU triple, `_` spelt `-`:
        // gcc-x86-64-linux-gnu, gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf, ...
        let gnu = match arch {
            "armv7" | "arm" | "armv5te" | "armv7a" => "arm",
            "riscv64gc" => "riscv64",
            "x86" | "i586" | "i686" => "i686",
            "x86_64" => "x86-64",
            a => a,
        };
        let abi = if gnu.starts_with("mips64") && env == "gnu" { "gnuabi64" } else { env };
        return format!("apt-get install gcc-{gnu}-linux-{abi} (Debian)");
    }
    let zos = match os {
        "darwin" => "macos",
        o => o,
    };
    let zarch = match arch {
        "i686" | "i586" => "x86",
        "armv7" => "arm",
        a => a,
    };
    let zenv = if os == "linux" && !env.is_empty() { format!("-{env}") } else { String::new() };
    format!(
        "pip install ziglang, then point CC_{} at `python3 -m ziglang cc -target \
         {zarch}-{zos}{zenv}` (a wrapper script such as the repository's .ci/zig/zcc also serves \
         as the linker)",
        target.replace(['-', '.'], "_")
    )
}

fn read(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())))
}

fn write(path: &Path, text: &str) {
    if let Err(e) = fs::write(path, text) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

/// Stop the build with a message, not a panic backtrace.
fn fail(msg: &str) -> ! {
    eprintln!("error: bsdsock build script: {msg}");
    exit(1)
}
