//! Parser for the probe's markers. Shared by build.rs, the escape-hatch loader and the fuzz
//! target `markers`, so it depends on nothing but `std` and never panics.
//!
//! A marker is `@@K:NAME=VALUE@@` in the compiler's assembly output, where `K` is one letter
//! (C constant, S sizeof, A alignof, O offsetof, F field size, T type size, U type is
//! unsigned, M macro value) and VALUE is what the assembler operand `%0` printed: a decimal or
//! `0x` hexadecimal integer, optionally negative, with one leading `$` (x86) or `#` (arm).
//!
//! A saved marker file (the escape hatch) holds one `K:NAME=VALUE` per line; blank lines and
//! lines starting with `#` are ignored.
//!
//! Symbol markers, `@@L:NAME=SYMBOL@@`, carry the assembler-level symbol the target's headers
//! bind C function NAME to (an `"i"` operand holding the function's address prints it:
//! `$__clock_gettime64` on x86, `#socket` on arm, `_socket` on Mach-O). [`scan_asm`] and
//! [`scan_saved`] skip them; [`scan_asm_symbols`] and [`scan_saved_symbols`] read them.

#![allow(dead_code)]

/// One probed value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker<'a> {
    /// The kind letter: C, S, A, O, F, T, U or M.
    pub kind: u8,
    /// The name after `K:`, e.g. `AF_INET` or `sockaddr_in.sin_port`.
    pub name: &'a str,
    /// The value as the compiler computed it.
    pub value: i128,
}

/// Why a marker could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkerError {
    /// `K:` prefix missing or the kind letter is not one of CSAOFTUM.
    BadKind,
    /// The name is empty or has a byte outside `[A-Za-z0-9_.]`.
    BadName,
    /// No `=` between name and value.
    MissingValue,
    /// The value is not a (possibly negative, decimal or 0x) integer, or overflows.
    BadValue,
}

impl MarkerError {
    /// A short English description.
    pub fn message(&self) -> &'static str {
        match self {
            MarkerError::BadKind => "expected K:NAME=VALUE with K one of C S A O F T U M",
            MarkerError::BadName => "the name must be non-empty [A-Za-z0-9_.]",
            MarkerError::MissingValue => "missing '=' between name and value",
            MarkerError::BadValue => "the value is not an integer that fits 64 bits",
        }
    }
}

/// One probed symbol: C function `name` links to `symbol` (as the assembler names it, with
/// the operand's `$` / `#` removed; a Mach-O leading `_` is kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol<'a> {
    /// The C name, e.g. `clock_gettime`.
    pub name: &'a str,
    /// The symbol, e.g. `__clock_gettime64`.
    pub symbol: &'a str,
}

/// Parse one `L:NAME=SYMBOL` (without the `@@` fences). The symbol may start with one `$`
/// or `#` (stripped) and then holds `[A-Za-z0-9_.$]` only.
pub fn parse_symbol(text: &str) -> Result<Symbol<'_>, MarkerError> {
    let rest = text.strip_prefix("L:").ok_or(MarkerError::BadKind)?;
    let eq = rest.find('=').ok_or(MarkerError::MissingValue)?;
    let name = &rest[..eq];
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
        return Err(MarkerError::BadName);
    }
    let v = &rest[eq + 1..];
    let v = v.strip_prefix('$').or_else(|| v.strip_prefix('#')).unwrap_or(v);
    if v.is_empty()
        || v.as_bytes()[0].is_ascii_digit()
        || !v.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$')
    {
        return Err(MarkerError::BadValue);
    }
    Ok(Symbol { name, symbol: v })
}

/// Parse one `K:NAME=VALUE` (without the `@@` fences).
pub fn parse_marker(text: &str) -> Result<Marker<'_>, MarkerError> {
    let b = text.as_bytes();
    if b.len() < 2 || b[1] != b':' || !b"CSAOFTUM".contains(&b[0]) {
        return Err(MarkerError::BadKind);
    }
    let rest = &text[2..];
    let eq = rest.find('=').ok_or(MarkerError::MissingValue)?;
    let name = &rest[..eq];
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
    {
        return Err(MarkerError::BadName);
    }
    let value = parse_value(&rest[eq + 1..]).ok_or(MarkerError::BadValue)?;
    Ok(Marker { kind: b[0], name, value })
}

/// Parse an operand as printed by `%0`: optional `$`/`#`, optional `-`, decimal or `0x` hex.
/// Values outside `i64::MIN..=u64::MAX` are rejected.
pub fn parse_value(s: &str) -> Option<i128> {
    let s = s.strip_prefix('$').or_else(|| s.strip_prefix('#')).unwrap_or(s);
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (radix, digits) = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => (16, h),
        None => (10, s),
    };
    if digits.is_empty() || digits.len() > 40 {
        return None;
    }
    let mut v: i128 = 0;
    for c in digits.bytes() {
        let d = (c as char).to_digit(radix)? as i128;
        v = v.checked_mul(radix as i128)?.checked_add(d)?;
    }
    let v = if neg { -v } else { v };
    if v < i64::MIN as i128 || v > u64::MAX as i128 {
        return None;
    }
    Some(v)
}

/// Every `@@...@@` marker in compiler assembly output, in order. A fenced text that is not a
/// valid marker is reported with its 1-based line.
pub fn scan_asm(asm: &str) -> Result<Vec<Marker<'_>>, (usize, MarkerError)> {
    let mut out = Vec::new();
    for (i, line) in asm.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("@@") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("@@") else { break };
            if !after.starts_with("L:") {
                out.push(parse_marker(&after[..end]).map_err(|e| (i + 1, e))?);
            }
            rest = &after[end + 2..];
        }
    }
    Ok(out)
}

/// Every `@@L:NAME=SYMBOL@@` symbol marker in compiler assembly output, in order.
pub fn scan_asm_symbols(asm: &str) -> Result<Vec<Symbol<'_>>, (usize, MarkerError)> {
    let mut out = Vec::new();
    for (i, line) in asm.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("@@") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("@@") else { break };
            if after.starts_with("L:") {
                out.push(parse_symbol(&after[..end]).map_err(|e| (i + 1, e))?);
            }
            rest = &after[end + 2..];
        }
    }
    Ok(out)
}

/// Every `L:NAME=SYMBOL` line of a saved marker file.
pub fn scan_saved_symbols(text: &str) -> Result<Vec<Symbol<'_>>, (usize, MarkerError)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with("L:") {
            out.push(parse_symbol(line).map_err(|e| (i + 1, e))?);
        }
    }
    Ok(out)
}

/// Every marker of a saved marker file: one `K:NAME=VALUE` per line, `#` comments.
pub fn scan_saved(text: &str) -> Result<Vec<Marker<'_>>, (usize, MarkerError)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("L:") {
            continue;
        }
        out.push(parse_marker(line).map_err(|e| (i + 1, e))?);
    }
    Ok(out)
}
