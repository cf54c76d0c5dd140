//! Writes one marker static per name in the file `LIBC_COMPARE_NAMES` names (one per line;
//! compare.py writes it and removes the names the libc crate lacks for the target).
use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-env-changed=LIBC_COMPARE_NAMES");
    let mut out = String::new();
    if let Some(path) = std::env::var_os("LIBC_COMPARE_NAMES") {
        println!("cargo::rerun-if-changed={}", path.to_string_lossy());
        let names = std::fs::read_to_string(&path).expect("LIBC_COMPARE_NAMES file");
        // One line per name: compare.py maps a compile error's line back to its name.
        for name in names.lines().map(str::trim).filter(|n| !n.is_empty()) {
            let _ = writeln!(out, "m!({name});");
        }
    }
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("markers.rs"), out).expect("write markers.rs");
}
