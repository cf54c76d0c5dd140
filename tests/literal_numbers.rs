//! No typed-in errno or socket-constant numbers, in the crate or in its tests: every such
//! value comes from the probe (`bsdsock::errno::ECONNREFUSED`, `bsdsock::SOL_SOCKET`), and an
//! expected error text is built from the probed number (`format!("[Errno {EINVAL}] ...")`).
//! The numbers differ per architecture (ECONNREFUSED is 111 on x86_64, 146 on MIPS, 61 on
//! SPARC; SOL_SOCKET 1 or 0xffff; SOCK_STREAM 1 or 2), so a literal is right on some
//! targets only, and the suite then fails on the others for its own reasons, or a `match`
//! in the crate takes the wrong arm there.
//!
//! The scan reads src/ and tests/ (comments skipped) and fails on:
//! 1. an error text with a literal number: `"[Errno 111] ..."`;
//! 2. an error value with a literal number: `Error::Os(111)`, `Errno(4)`, `Error::Host(1)`,
//!    `Error::AddrLookup(-2)` (numbers of 4096 and up are no errno anywhere and pass);
//! 3. a probed constant compared with a literal: `SOL_SOCKET == 1`,
//!    `assert_eq!(ECONNREFUSED, 111)`, `assert_eq!((SOCK_STREAM, SOCK_DGRAM), (1, 2))`;
//! 4. a `match` that has an arm naming a probed constant and an arm that is a bare number
//!    (or an arm mixing both: `EAGAIN | 11 =>`).
//!
//! A line passes when it, or the comment right above it, cites the header line that fixes
//! the value (`// asm/socket.h (mips): #define SOL_SOCKET 0xffff`): that is how the probe's
//! own tests check it against the headers per architecture.
#![cfg(not(miri))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One source file, split into lines of code with comments removed (`code`), the same with
/// string and char literals blanked too (`bare`), and each line's comment text (`comment`).
struct Source {
    code: Vec<String>,
    bare: Vec<String>,
    comment: Vec<String>,
}

fn split(text: &str) -> Source {
    #[derive(PartialEq)]
    enum St {
        Code,
        Str,
        RawStr(usize),
        Line,
        Block(usize),
    }
    let (mut code, mut bare, mut comment) = (vec![], vec![], vec![]);
    let (mut c_line, mut b_line, mut m_line) = (String::new(), String::new(), String::new());
    let chars: Vec<char> = text.chars().collect();
    let mut st = St::Code;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or('\0');
        if c == '\n' {
            if st == St::Line {
                st = St::Code;
            }
            code.push(std::mem::take(&mut c_line));
            bare.push(std::mem::take(&mut b_line));
            comment.push(std::mem::take(&mut m_line));
            i += 1;
            continue;
        }
        match st {
            St::Code => {
                if c == '/' && next == '/' {
                    st = St::Line;
                    i += 2;
                    continue;
                }
                if c == '/' && next == '*' {
                    st = St::Block(1);
                    i += 2;
                    continue;
                }
                if c == 'r' && (next == '"' || next == '#') {
                    let prev = if i > 0 { chars[i - 1] } else { ' ' };
                    let mut j = i + 1;
                    while chars.get(j) == Some(&'#') {
                        j += 1;
                    }
                    if !(prev.is_alphanumeric() || prev == '_') && chars.get(j) == Some(&'"') {
                        let hashes = j - i - 1;
                        for &k in &chars[i..=j] {
                            c_line.push(k);
                            b_line.push(k);
                        }
                        st = St::RawStr(hashes);
                        i = j + 1;
                        continue;
                    }
                }
                if c == '"' {
                    st = St::Str;
                    c_line.push(c);
                    b_line.push(c);
                    i += 1;
                    continue;
                }
                if c == '\'' {
                    // A char literal ('x', '\n', '\'', '\u{..}'), else a lifetime.
                    let end = if next == '\\' {
                        (i + 3..chars.len().min(i + 12)).find(|&j| chars[j] == '\'')
                    } else if chars.get(i + 2) == Some(&'\'') {
                        Some(i + 2)
                    } else {
                        None
                    };
                    if let Some(e) = end {
                        for &k in &chars[i..=e] {
                            c_line.push(k);
                        }
                        b_line.push_str("' '");
                        i = e + 1;
                        continue;
                    }
                }
                c_line.push(c);
                b_line.push(c);
            }
            St::Str => {
                c_line.push(c);
                if c == '\\' {
                    if next != '\n' {
                        c_line.push(next);
                        b_line.push_str("  ");
                        i += 2;
                        continue;
                    }
                } else if c == '"' {
                    st = St::Code;
                    b_line.push(c);
                    i += 1;
                    continue;
                }
                b_line.push(' ');
            }
            St::RawStr(h) => {
                c_line.push(c);
                if c == '"' && (1..=h).all(|k| chars.get(i + k) == Some(&'#')) {
                    b_line.push(c);
                    for _ in 0..h {
                        c_line.push('#');
                        b_line.push('#');
                    }
                    st = St::Code;
                    i += 1 + h;
                    continue;
                }
                b_line.push(' ');
            }
            St::Line => m_line.push(c),
            St::Block(d) => {
                if c == '*' && next == '/' {
                    st = if d == 1 { St::Code } else { St::Block(d - 1) };
                    i += 2;
                    continue;
                }
                if c == '/' && next == '*' {
                    st = St::Block(d + 1);
                    i += 2;
                    continue;
                }
                m_line.push(c);
            }
        }
        i += 1;
    }
    code.push(c_line);
    bare.push(b_line);
    comment.push(m_line);
    Source { code, bare, comment }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Identifier and integer-literal tokens of a line, with their byte offsets.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let b = line.as_bytes();
    let mut v = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphanumeric() || b[i] == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            v.push((s, &line[s..i]));
        } else {
            i += 1;
        }
    }
    v
}

/// An integer literal (decimal, hex, with `_` and a type suffix), negative allowed.
fn int_value(tok: &str) -> Option<i128> {
    let t = tok.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    if !t.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let t = t.replace('_', "");
    let t = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "usize", "isize"]
        .iter()
        .find_map(|s| t.strip_suffix(s).map(str::to_string))
        .unwrap_or(t);
    let v = if let Some(h) = t.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()?
    } else {
        t.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

/// A value that could be an errno or a constant on some target (errno values stop at 4095).
fn suspicious(v: i128) -> bool {
    v != 0 && v.abs() < 4096
}

/// Does the line or the comment block right above it cite a header (`name.h`)?
fn cites_header(src: &Source, line: usize) -> bool {
    let is_cite = |t: &str| {
        t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '/' || c == '.'))
            .any(|w| w.len() > 2 && w.ends_with(".h"))
    };
    if is_cite(&src.comment[line]) {
        return true;
    }
    let mut l = line;
    while l > 0 && src.code[l - 1].trim().is_empty() && !src.comment[l - 1].is_empty() {
        l -= 1;
        if is_cite(&src.comment[l]) {
            return true;
        }
    }
    false
}

/// The comma-separated items of a tuple's text (without its parentheses).
fn tuple_items(s: &str) -> Vec<&str> {
    s.split(',').map(str::trim).filter(|x| !x.is_empty()).collect()
}

fn last_ident(expr: &str) -> &str {
    let e = expr.trim();
    let e = e.split(" as ").next().unwrap_or(e).trim();
    e.rsplit("::").next().unwrap_or(e).trim()
}

fn check_line(names: &BTreeSet<&str>, src: &Source, n: usize, found: &mut Vec<(usize, String)>) {
    let code = &src.code[n];
    let bare = &src.bare[n];
    // 1. "[Errno 111] ..." in a string.
    let mut rest = code.as_str();
    while let Some(p) = rest.find("[Errno ") {
        let after = &rest[p + 7..];
        let end = after.find(']').unwrap_or(after.len());
        if int_value(&after[..end]).is_some_and(suspicious) {
            found.push((n, format!("error text with a literal number: [Errno {}]", &after[..end])));
        }
        rest = after;
    }
    // 1b. An address-info text as Python prints it, `(family, type, proto, canonname, ...)`,
    // with literal numbers: "[(2, 1, 6, '', ('127.0.0.1', 80))]".
    let mut rest = code.as_str();
    while let Some(p) = rest.find('(') {
        let after = &rest[p + 1..];
        let parts: Vec<&str> = after.splitn(4, ',').map(str::trim).collect();
        if parts.len() == 4
            && parts[..3].iter().all(|x| int_value(x).is_some_and(suspicious))
            && parts[3].starts_with('\'')
        {
            found.push((
                n,
                format!(
                    "address-info text with literal numbers: ({}, {}, {}, ...",
                    parts[0], parts[1], parts[2]
                ),
            ));
        }
        rest = after;
    }
    // 2. Error values built from a literal.
    for ctor in ["Error::Os(", "Errno(", "Error::Host(", "Error::AddrLookup(", "Os("] {
        let mut rest = bare.as_str();
        while let Some(p) = rest.find(ctor) {
            let before = rest[..p].chars().next_back().unwrap_or(' ');
            let after = &rest[p + ctor.len()..];
            let end = after.find(')').unwrap_or(after.len());
            if !(before.is_alphanumeric() || before == '_' || before == ':')
                && int_value(&after[..end]).is_some_and(suspicious)
            {
                found.push((n, format!("{ctor}{}) with a literal number", &after[..end])));
            }
            rest = after;
        }
    }
    // 3. A probed constant compared with a literal.
    let toks = tokens(bare);
    for &(off, t) in &toks {
        if !names.contains(t) {
            continue;
        }
        let after = bare[off + t.len()..].trim_start();
        let after = after.strip_prefix("as ").map_or(after, |a| {
            a.trim_start().trim_start_matches(|c: char| c.is_alphanumeric() || c == '_')
        });
        let after = after.trim_start();
        for op in ["==", "!="] {
            if let Some(r) = after.strip_prefix(op) {
                let lit =
                    r.trim_start().split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'));
                if lit.clone().next().and_then(int_value).is_some_and(suspicious) {
                    found.push((n, format!("{t} {op} a literal number")));
                }
            }
        }
        let before = bare[..off].trim_end();
        let before = before.trim_end_matches(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
        for op in ["==", "!="] {
            if let Some(l) = before.trim_end().strip_suffix(op) {
                let word = l.trim_end().rsplit(|c: char| !(c.is_alphanumeric() || c == '_')).next();
                if word.and_then(int_value).is_some_and(suspicious) {
                    found.push((n, format!("a literal number {op} {t}")));
                }
            }
        }
    }
    for mac in ["assert_eq!(", "assert_ne!("] {
        let Some(p) = bare.find(mac) else { continue };
        let args = &bare[p + mac.len()..];
        // Split the two arguments at the top-level comma.
        let (mut depth, mut cut) = (0i32, None);
        for (k, c) in args.char_indices() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                ',' if depth == 0 => {
                    cut = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let Some(k) = cut else { continue };
        let (a, b) = (args[..k].trim(), args[k + 1..].trim());
        let b = b.split(')').next().unwrap_or(b);
        let pairs: Vec<(&str, &str)> = match (a.strip_prefix('('), b.trim().strip_prefix('(')) {
            (Some(ta), Some(tb)) => {
                let ta = ta.trim_end_matches(')');
                tuple_items(ta).into_iter().zip(tuple_items(tb)).collect()
            }
            _ => vec![(a, b.trim_end_matches(',').trim()), (b.trim_end_matches(',').trim(), a)],
        };
        for (x, y) in pairs {
            let name = last_ident(x);
            if names.contains(name) && int_value(y.trim_end_matches(',')).is_some_and(suspicious) {
                found.push((
                    n,
                    format!("{mac}{name}, {y}) compares a probed constant with a number"),
                ));
            }
        }
    }
}

/// Rule 4: a `match` whose arms name a probed constant and also a bare number.
fn check_matches(names: &BTreeSet<&str>, src: &Source, found: &mut Vec<(usize, String)>) {
    // The whole file as one string (literals blanked), with each char's line.
    let mut text = String::new();
    let mut line_of = vec![];
    for (n, l) in src.bare.iter().enumerate() {
        for c in l.chars().chain(['\n']) {
            text.push(c);
            line_of.push(n);
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i + 5 < chars.len() {
        let at_match = chars[i..i + 5].iter().collect::<String>() == "match"
            && (i == 0 || !is_ident(chars[i - 1]))
            && !is_ident(chars[i + 5]);
        if !at_match {
            i += 1;
            continue;
        }
        // The body: the first `{` outside parentheses after the scrutinee.
        let mut j = i + 5;
        let mut par = 0i32;
        while j < chars.len() {
            match chars[j] {
                '(' | '[' => par += 1,
                ')' | ']' => par -= 1,
                '{' if par == 0 => break,
                ';' if par == 0 => break,
                _ => {}
            }
            j += 1;
        }
        if j >= chars.len() || chars[j] != '{' {
            i += 5;
            continue;
        }
        let mut arms: Vec<(usize, String)> = vec![];
        let mut depth = 0i32;
        let mut in_pattern = true;
        let mut pat = String::new();
        let mut pat_line = line_of[j];
        let mut k = j + 1;
        while k < chars.len() {
            let c = chars[k];
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    if depth == 0 && c == '}' && !in_pattern {
                        // A block-like arm expression ends here unless `else` follows.
                        let rest: String = chars[k + 1..].iter().take(12).collect();
                        let rest = rest.trim_start();
                        if !rest.starts_with("else")
                            && !rest.starts_with('.')
                            && !rest.starts_with('?')
                        {
                            in_pattern = true;
                            pat.clear();
                            k += 1;
                            continue;
                        }
                    }
                }
                _ => {}
            }
            if depth == 0 && in_pattern && c == '=' && chars.get(k + 1) == Some(&'>') {
                arms.push((pat_line, std::mem::take(&mut pat)));
                in_pattern = false;
                k += 2;
                continue;
            }
            if depth == 0 && !in_pattern && c == ',' {
                in_pattern = true;
                pat.clear();
                k += 1;
                continue;
            }
            if in_pattern {
                if pat.trim().is_empty() {
                    pat_line = line_of[k];
                }
                pat.push(c);
            }
            k += 1;
        }
        let class = |p: &str| {
            let p = p.split(" if ").next().unwrap_or(p);
            let named = tokens(p).iter().any(|(_, t)| names.contains(t));
            let literal = p
                .split('|')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .any(|x| x.split("..=").all(|y| int_value(y).is_some_and(suspicious)));
            (named, literal)
        };
        let any_named = arms.iter().any(|(_, p)| class(p).0);
        if any_named {
            for (l, p) in &arms {
                if class(p).1 && !cites_header(src, *l) {
                    found.push((
                        *l,
                        format!(
                            "match arm `{}` is a bare number beside probed constants",
                            p.trim()
                        ),
                    ));
                }
            }
        }
        i = j + 1;
    }
}

#[test]
fn no_literal_errno_or_constant_numbers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let names: BTreeSet<&str> = bsdsock::CONSTANTS
        .iter()
        .map(|c| c.name)
        // Names that are also ordinary words of the code (none are errno or socket values).
        .filter(|n| n.len() > 2)
        .collect();
    let mut files = vec![];
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    assert!(files.len() > 20, "found only {} files under {}", files.len(), root.display());
    let me = Path::new(file!()).file_name().unwrap();
    let mut report = vec![];
    for f in files.iter().filter(|f| f.file_name() != Some(me)) {
        let src = split(&std::fs::read_to_string(f).unwrap());
        let mut found = vec![];
        for n in 0..src.code.len() {
            check_line(&names, &src, n, &mut found);
        }
        check_matches(&names, &src, &mut found);
        found.retain(|(n, _)| !cites_header(&src, *n));
        found.sort();
        found.dedup();
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        for (n, why) in found {
            report.push(format!("{rel}:{}: {why}\n    {}", n + 1, src.code[n].trim()));
        }
    }
    assert!(
        report.is_empty(),
        "{} typed-in numbers (take them from the probe: bsdsock::errno::*, bsdsock::*, \
         format!(\"[Errno {{E...}}] ...\"); or cite the header line that fixes the value):\n{}",
        report.len(),
        report.join("\n")
    );
}

/// The scanner itself finds each kind of typed-in number (and passes the good forms).
#[test]
fn the_scan_finds_each_rule() {
    let names: BTreeSet<&str> = ["ECONNREFUSED", "SOL_SOCKET", "SOCK_STREAM", "EAGAIN"].into();
    let bad = [
        "assert_eq!(e.to_string(), \"[Errno 111] Connection refused\");",
        "assert_eq!(r, Err(Error::Os(111)));",
        "if bsdsock::SOL_SOCKET == 1 { }",
        "assert_eq!(bsdsock::errno::ECONNREFUSED, 111);",
        "assert_eq!((SOL_SOCKET, SOCK_STREAM), (1, 1));",
        "let x = match e { EAGAIN => 1, 11 => 2, _ => 3 };",
        "assert_eq!(py_list(r), \"[(2, 1, 6, '', ('127.0.0.1', 80))]\");",
    ];
    for b in bad {
        let src = split(b);
        let mut found = vec![];
        check_line(&names, &src, 0, &mut found);
        check_matches(&names, &src, &mut found);
        assert!(!found.is_empty(), "not caught: {b}");
    }
    let good = [
        "assert_eq!(e.to_string(), format!(\"[Errno {ECONNREFUSED}] Connection refused\"));",
        "assert_eq!(r, Err(Error::Os(ECONNREFUSED)));",
        "assert_eq!(t.to_string(), \"[Errno 99999] Unknown error 99999\");",
        "assert_eq!(SOL_SOCKET, 0xffff); // asm/socket.h (mips): #define SOL_SOCKET 0xffff",
        "let x = match e { EAGAIN => 1, _ => 3 }; // '\"' 'a",
        "// assert_eq!(ECONNREFUSED, 111);",
        "let n = match len { 0 => 1, 16 => 2, _ => 3 };",
        "let want = format!(\"[({AF_INET}, {SOCK_STREAM}, {IPPROTO_TCP}, '', ('127.0.0.1', 80))]\");",
    ];
    for g in good {
        let src = split(g);
        let mut found = vec![];
        check_line(&names, &src, 0, &mut found);
        check_matches(&names, &src, &mut found);
        found.retain(|(n, _)| !cites_header(&src, *n));
        assert!(found.is_empty(), "flagged: {g}: {found:?}");
    }
}
