//! Print every constant the build-time probe generated for this target, as `NAME<TAB>VALUE`,
//! one per line, sorted by name.
//!
//! `cargo run --example constants` (add `--target T` to see another target's values).

fn main() {
    let mut out = String::new();
    for c in bsdsock::CONSTANTS {
        out.push_str(c.name);
        out.push('\t');
        out.push_str(&c.value.to_string());
        out.push('\n');
    }
    print!("{out}");
}
