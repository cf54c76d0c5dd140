//! Looks at the bsdsock source beside this crate to see which optional API it has yet (the
//! branches inet and msg add functions the workloads call), so the harness compiles against
//! every stage of the crate.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(bsdsock_inet)");
    println!("cargo::rerun-if-changed=../src/lib.rs");
    let lib = std::fs::read_to_string("../src/lib.rs").unwrap_or_default();
    if lib.contains("inet_pton") && lib.contains("inet_aton") && lib.contains("inet_ntop") {
        println!("cargo::rustc-cfg=bsdsock_inet");
    }
}
